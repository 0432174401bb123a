// services/directory/directory_service.h
//
// The Directory gRPC service: thin handlers over Directory. Every call
// goes through the RpcGate, which decides it with the charte on the target
// directory_targets.h names; changes carry their audit record in their
// batch.

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_SERVICE_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_SERVICE_H_

#include "services/common/rpc_gate.h"
#include "services/directory/directory.h"
#include "suivi/v1/directory.grpc.pb.h"

namespace suivi::directory {

class DirectoryServiceImpl final : public v1::Directory::CallbackService {
 public:
  // Neither is owned; both must outlive the service.
  DirectoryServiceImpl(Directory* directory, const services::RpcGate* gate)
      : directory_(directory), gate_(gate) {}

  grpc::ServerUnaryReactor* ListTerritories(grpc::CallbackServerContext* ctx,
                                            const v1::ListTerritoriesRequest* req,
                                            v1::ListTerritoriesResponse* resp) override;
  grpc::ServerUnaryReactor* GetTerritory(grpc::CallbackServerContext* ctx,
                                         const v1::GetTerritoryRequest* req,
                                         v1::Territory* resp) override;
  grpc::ServerUnaryReactor* ListRoles(grpc::CallbackServerContext* ctx,
                                      const v1::ListRolesRequest* req,
                                      v1::RoleCatalogue* resp) override;
  grpc::ServerUnaryReactor* ListOrganisations(grpc::CallbackServerContext* ctx,
                                              const v1::ListOrganisationsRequest* req,
                                              v1::ListOrganisationsResponse* resp) override;
  grpc::ServerUnaryReactor* AddOrganisation(grpc::CallbackServerContext* ctx,
                                            const v1::AddOrganisationRequest* req,
                                            v1::Organisation* resp) override;
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* ctx,
                                      const v1::ListUsersRequest* req,
                                      v1::ListUsersResponse* resp) override;
  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* ctx,
                                    const v1::GetUserRequest* req,
                                    v1::UserRecord* resp) override;
  grpc::ServerUnaryReactor* AddUser(grpc::CallbackServerContext* ctx,
                                    const v1::AddUserRequest* req, v1::User* resp) override;
  grpc::ServerUnaryReactor* AssignRole(grpc::CallbackServerContext* ctx,
                                       const v1::AssignRoleRequest* req,
                                       v1::RoleAssignment* resp) override;
  grpc::ServerUnaryReactor* EndRoleAssignment(grpc::CallbackServerContext* ctx,
                                              const v1::EndRoleAssignmentRequest* req,
                                              v1::RoleAssignment* resp) override;
  grpc::ServerUnaryReactor* ListRoleAssignments(
      grpc::CallbackServerContext* ctx, const v1::ListRoleAssignmentsRequest* req,
      v1::ListRoleAssignmentsResponse* resp) override;
  grpc::ServerUnaryReactor* ListCharteVersions(
      grpc::CallbackServerContext* ctx, const v1::ListCharteVersionsRequest* req,
      v1::ListCharteVersionsResponse* resp) override;
  grpc::ServerUnaryReactor* ListGroups(grpc::CallbackServerContext* ctx,
                                       const v1::ListGroupsRequest* req,
                                       v1::ListGroupsResponse* resp) override;
  grpc::ServerUnaryReactor* GetGroup(grpc::CallbackServerContext* ctx,
                                     const v1::GetGroupRequest* req,
                                     v1::GroupRecord* resp) override;
  grpc::ServerUnaryReactor* AddGroupMember(grpc::CallbackServerContext* ctx,
                                           const v1::AddGroupMemberRequest* req,
                                           v1::GroupMember* resp) override;
  grpc::ServerUnaryReactor* RecordSignature(grpc::CallbackServerContext* ctx,
                                            const v1::RecordSignatureRequest* req,
                                            v1::Signature* resp) override;
  grpc::ServerUnaryReactor* RecordExclusion(grpc::CallbackServerContext* ctx,
                                            const v1::RecordExclusionRequest* req,
                                            v1::Exclusion* resp) override;

 private:
  Directory* const directory_;
  const services::RpcGate* const gate_;
};

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_SERVICE_H_
