// client/suivi_client.h
//
// SuiviClient calls suivid over gRPC with mutual TLS: one method per RPC
// of the Directory, Admin, Session and Persons services, and the standard
// health check. Every call has the configuration's deadline; every call but the
// health check declares the configuration's purpose (config.finalite) in
// the `suivi-finalite` header, or none when it is unset. A failed call
// returns the status of grpc_errors.h: a French message for the person at
// the keyboard; a connection that cannot be made is diagnosed (expired
// certificate, unreachable server, certificate rejected by the server,
// server certificate not trusted...).
//
//   ASSIGN_OR_RETURN(ClientConfig config, LoadClientConfig(dir, overrides));
//   ASSIGN_OR_RETURN(std::unique_ptr<SuiviClient> client,
//                    SuiviClient::Connect(config));
//   ASSIGN_OR_RETURN(v1::WhoAmIResponse me, client->WhoAmI());
//
// Thread-safe: any number of threads may call any method.

#ifndef SUIVI_CLIENT_SUIVI_CLIENT_H_
#define SUIVI_CLIENT_SUIVI_CLIENT_H_

#include <memory>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/client_config.h"
#include "client/connection_diagnosis.h"
#include "client/finalite.h"
#include "client/health_codec.h"
#include "client/tls_material.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"
#include "suivi/v1/persons.pb.h"
#include "suivi/v1/session.pb.h"

namespace suivi::client {

class SuiviClient {
 public:
  // Reads and checks the certificate, key and CA files of `config`
  // (tls_material.h) and prepares a channel to `config.server`. Does not
  // connect: the first call does. FAILED_PRECONDITION or
  // INVALID_ARGUMENT, in French, naming the file at fault.
  static absl::StatusOr<std::unique_ptr<SuiviClient>> Connect(
      const ClientConfig& config);

  // As Connect, with the timeouts the connection diagnosis uses (tests).
  static absl::StatusOr<std::unique_ptr<SuiviClient>> Connect(
      const ClientConfig& config, const DiagnosisOptions& diagnosis);

  ~SuiviClient();
  SuiviClient(const SuiviClient&) = delete;
  SuiviClient& operator=(const SuiviClient&) = delete;

  const ClientConfig& config() const { return config_; }

  // grpc.health.v1.Health/Check for the whole server ("" service).
  absl::StatusOr<ServingStatus> Health();

  // Session.
  absl::StatusOr<v1::WhoAmIResponse> WhoAmI(
      const v1::WhoAmIRequest& request = {});

  // Directory.
  absl::StatusOr<v1::ListTerritoriesResponse> ListTerritories(
      const v1::ListTerritoriesRequest& request = {});
  absl::StatusOr<v1::Territory> GetTerritory(
      const v1::GetTerritoryRequest& request);
  absl::StatusOr<v1::RoleCatalogue> ListRoles(
      const v1::ListRolesRequest& request = {});
  absl::StatusOr<v1::ListOrganisationsResponse> ListOrganisations(
      const v1::ListOrganisationsRequest& request);
  absl::StatusOr<v1::Organisation> AddOrganisation(
      const v1::AddOrganisationRequest& request);
  absl::StatusOr<v1::ListUsersResponse> ListUsers(
      const v1::ListUsersRequest& request);
  absl::StatusOr<v1::UserRecord> GetUser(const v1::GetUserRequest& request);
  absl::StatusOr<v1::User> AddUser(const v1::AddUserRequest& request);
  absl::StatusOr<v1::RoleAssignment> AssignRole(
      const v1::AssignRoleRequest& request);
  absl::StatusOr<v1::RoleAssignment> EndRoleAssignment(
      const v1::EndRoleAssignmentRequest& request);
  absl::StatusOr<v1::ListRoleAssignmentsResponse> ListRoleAssignments(
      const v1::ListRoleAssignmentsRequest& request);
  absl::StatusOr<v1::ListCharteVersionsResponse> ListCharteVersions(
      const v1::ListCharteVersionsRequest& request);
  absl::StatusOr<v1::ListGroupsResponse> ListGroups(
      const v1::ListGroupsRequest& request);
  absl::StatusOr<v1::GroupRecord> GetGroup(const v1::GetGroupRequest& request);
  absl::StatusOr<v1::GroupMember> AddGroupMember(
      const v1::AddGroupMemberRequest& request);
  absl::StatusOr<v1::Signature> RecordSignature(
      const v1::RecordSignatureRequest& request);
  absl::StatusOr<v1::Exclusion> RecordExclusion(
      const v1::RecordExclusionRequest& request);

  // Admin.
  absl::StatusOr<v1::EnrolCertificateResponse> EnrolCertificate(
      const v1::EnrolCertificateRequest& request);
  absl::StatusOr<v1::EnrolledCertificate> RevokeCertificate(
      const v1::RevokeCertificateRequest& request);
  absl::StatusOr<v1::ListCertificatesResponse> ListCertificates(
      const v1::ListCertificatesRequest& request);
  absl::StatusOr<v1::CharteStatus> ReloadCharte(
      const v1::ReloadCharteRequest& request = {});

  // Persons.
  absl::StatusOr<v1::CreatePersonResponse> CreatePerson(
      const v1::CreatePersonRequest& request);
  absl::StatusOr<v1::Person> GetPerson(const v1::GetPersonRequest& request);
  absl::StatusOr<v1::SearchPersonsResponse> SearchPersons(
      const v1::SearchPersonsRequest& request);
  absl::StatusOr<v1::Person> RectifyPerson(
      const v1::RectifyPersonRequest& request);
  absl::StatusOr<v1::Person> LinkRepresentative(
      const v1::LinkRepresentativeRequest& request);
  absl::StatusOr<v1::GetPersonHistoryResponse> GetPersonHistory(
      const v1::GetPersonHistoryRequest& request);

 private:
  class Channel;  // gRPC channel and stubs; keeps gRPC out of this header.

  SuiviClient(ClientConfig config, TlsMaterial material,
              DiagnosisOptions diagnosis, std::unique_ptr<Channel> channel);

  // Runs `invoke(grpc::ClientContext*, Response*)`, a stub's blocking
  // call, with a fresh context carrying the deadline and `finalite` if
  // set, and translates a failure.
  template <typename Response, typename Invoke>
  absl::StatusOr<Response> Call(const std::optional<Finalite>& finalite,
                                Invoke invoke);

  // Call with the configuration's purpose: every Session, Directory,
  // Admin and Persons call.
  template <typename Response, typename Invoke>
  absl::StatusOr<Response> Call(Invoke invoke) {
    return Call<Response>(config_.finalite, std::move(invoke));
  }

  // The cause of a failure to connect (connection_diagnosis.h).
  absl::Status Diagnose(absl::string_view transport_message) const;

  const ClientConfig config_;
  const TlsMaterial material_;
  const DiagnosisOptions diagnosis_;
  const std::unique_ptr<Channel> channel_;
};

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_SUIVI_CLIENT_H_
