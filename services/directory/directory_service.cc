#include "services/directory/directory_service.h"

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "services/directory/directory_targets.h"

namespace suivi::directory {
namespace {

using services::Call;
using services::Caller;
using services::Target;

constexpr char kService[] = "suivi.v1.Directory.";

std::string Method(absl::string_view name) { return absl::StrCat(kService, name); }

template <typename Item, typename Field>
void CopyAll(const std::vector<Item>& items, Field* field) {
  for (const Item& item : items) *field->Add() = item;
}

absl::StatusOr<Target> Server(const Caller&) { return services::ServerTarget(); }

}  // namespace

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListTerritories(
    grpc::CallbackServerContext* ctx, const v1::ListTerritoriesRequest*,
    v1::ListTerritoriesResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListTerritories"), Server, [&](Call&) {
    for (const auto& [id, t] : directory_->state()->territories) *resp->add_territories() = t;
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::GetTerritory(
    grpc::CallbackServerContext* ctx, const v1::GetTerritoryRequest* req, v1::Territory* resp) {
  return gate_->HandleNow(
      ctx, Method("GetTerritory"),
      [&](const Caller&) { return TerritoryTarget(req->territory_id()); },
      [&](Call&) {
        const v1::Territory* t = directory_->state()->FindTerritory(req->territory_id());
        if (t == nullptr) return absl::NotFoundError("territoire introuvable");
        *resp = *t;
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListRoles(grpc::CallbackServerContext* ctx,
                                                          const v1::ListRolesRequest*,
                                                          v1::RoleCatalogue* resp) {
  return gate_->HandleNow(ctx, Method("ListRoles"), Server, [&](Call&) {
    *resp = directory_->roles().proto();
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListOrganisations(
    grpc::CallbackServerContext* ctx, const v1::ListOrganisationsRequest* req,
    v1::ListOrganisationsResponse* resp) {
  return gate_->HandleNow(
      ctx, Method("ListOrganisations"),
      [&](const Caller&) { return TerritoryTarget(req->territory_id()); },
      [&](Call&) {
        CopyAll(directory_->state()->OrganisationsIn(req->territory_id()),
                resp->mutable_organisations());
        return absl::OkStatus();
      });
}

// The charte decides on the organisation as seen from its first territory
// (the target); an organisation working in several territories also needs
// the say of each other one: the caller must be allowed there too.
grpc::ServerUnaryReactor* DirectoryServiceImpl::AddOrganisation(
    grpc::CallbackServerContext* ctx, const v1::AddOrganisationRequest* req,
    v1::Organisation* resp) {
  const v1::Organisation& o = req->organisation();
  const std::string first = o.territory_ids().empty() ? "" : o.territory_ids(0);
  return gate_->HandleNow(
      ctx, Method("AddOrganisation"),
      [&](const Caller&) { return NewOrganisationTarget(o, first); },
      [&](Call& call) -> absl::Status {
        for (int i = 1; i < o.territory_ids_size(); ++i) {
          ASSIGN_OR_RETURN(Target other, NewOrganisationTarget(o, o.territory_ids(i)));
          ASSIGN_OR_RETURN(std::vector<policy::AccessDecision> d,
                           call.Decide({{call.action(), other.resource}},
                                       std::move(other.entities), /*explain=*/true));
          if (!d[0].allowed) return absl::PermissionDeniedError(absl::StrCat(
              "accès refusé pour le territoire « ", o.territory_ids(i), " » : ", d[0].reason));
        }
        ASSIGN_OR_RETURN(*resp, directory_->AddOrganisation(o, &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListUsers(grpc::CallbackServerContext* ctx,
                                                          const v1::ListUsersRequest* req,
                                                          v1::ListUsersResponse* resp) {
  return gate_->HandleNow(
      ctx, Method("ListUsers"), [&](const Caller&) { return TerritoryTarget(req->territory_id()); },
      [&](Call&) {
        CopyAll(directory_->state()->UsersIn(req->territory_id(), req->organisation_id()),
                resp->mutable_users());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::GetUser(grpc::CallbackServerContext* ctx,
                                                        const v1::GetUserRequest* req,
                                                        v1::UserRecord* resp) {
  std::shared_ptr<const DirectoryState> state = directory_->state();
  return gate_->HandleNow(
      ctx, Method("GetUser"), [&](const Caller&) { return UserTarget(*state, req->user_id()); },
      [&](Call&) {
        *resp = state->RecordOf(*state->FindUser(req->user_id()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::AddUser(grpc::CallbackServerContext* ctx,
                                                        const v1::AddUserRequest* req,
                                                        v1::User* resp) {
  return gate_->HandleNow(
      ctx, Method("AddUser"),
      [&](const Caller&) { return NewUserTarget(*directory_->state(), req->user()); },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(*resp, directory_->AddUser(req->user(), &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::AssignRole(grpc::CallbackServerContext* ctx,
                                                           const v1::AssignRoleRequest* req,
                                                           v1::RoleAssignment* resp) {
  return gate_->HandleNow(
      ctx, Method("AssignRole"),
      [&](const Caller&) { return NewAssignmentTarget(req->assignment()); },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(*resp, directory_->AssignRole(req->assignment(), &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::EndRoleAssignment(
    grpc::CallbackServerContext* ctx, const v1::EndRoleAssignmentRequest* req,
    v1::RoleAssignment* resp) {
  return gate_->HandleNow(
      ctx, Method("EndRoleAssignment"),
      [&](const Caller&) {
        return AssignmentTarget(*directory_->state(), req->territory_id(), req->assignment_id());
      },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(*resp, directory_->EndRoleAssignment(
                                    req->territory_id(), req->assignment_id(), req->end_date(),
                                    &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListRoleAssignments(
    grpc::CallbackServerContext* ctx, const v1::ListRoleAssignmentsRequest* req,
    v1::ListRoleAssignmentsResponse* resp) {
  return gate_->HandleNow(
      ctx, Method("ListRoleAssignments"),
      [&](const Caller&) { return TerritoryTarget(req->territory_id()); },
      [&](Call&) {
        CopyAll(directory_->state()->AssignmentsIn(req->territory_id(), req->user_id()),
                resp->mutable_assignments());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListCharteVersions(
    grpc::CallbackServerContext* ctx, const v1::ListCharteVersionsRequest* req,
    v1::ListCharteVersionsResponse* resp) {
  return gate_->HandleNow(
      ctx, Method("ListCharteVersions"),
      [&](const Caller&) { return TerritoryTarget(req->territory_id()); },
      [&](Call&) {
        CopyAll(directory_->state()->CharteVersionsOf(req->territory_id()),
                resp->mutable_versions());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListGroups(grpc::CallbackServerContext* ctx,
                                                           const v1::ListGroupsRequest* req,
                                                           v1::ListGroupsResponse* resp) {
  return gate_->HandleNow(
      ctx, Method("ListGroups"), [&](const Caller&) { return TerritoryTarget(req->territory_id()); },
      [&](Call&) {
        CopyAll(directory_->state()->GroupsOf(req->territory_id()), resp->mutable_groups());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::GetGroup(grpc::CallbackServerContext* ctx,
                                                         const v1::GetGroupRequest* req,
                                                         v1::GroupRecord* resp) {
  std::shared_ptr<const DirectoryState> state = directory_->state();
  return gate_->HandleNow(
      ctx, Method("GetGroup"),
      [&](const Caller&) { return GroupTarget(*state, req->territory_id(), req->group_id()); },
      [&](Call&) {
        const v1::Group* group = state->FindGroup(req->territory_id(), req->group_id());
        if (group == nullptr) return absl::NotFoundError("groupe introuvable dans ce territoire");
        *resp->mutable_group() = *group;
        CopyAll(state->MembersOf(req->territory_id(), req->group_id()), resp->mutable_members());
        CopyAll(state->ExclusionsOf(req->territory_id(), req->group_id()),
                resp->mutable_exclusions());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::AddGroupMember(
    grpc::CallbackServerContext* ctx, const v1::AddGroupMemberRequest* req,
    v1::GroupMember* resp) {
  const v1::GroupMember& m = req->member();
  return gate_->HandleNow(
      ctx, Method("AddGroupMember"),
      [&](const Caller&) { return GroupTarget(*directory_->state(), m.territory_id(), m.group_id()); },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(*resp, directory_->AddGroupMember(m, &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::RecordSignature(
    grpc::CallbackServerContext* ctx, const v1::RecordSignatureRequest* req,
    v1::Signature* resp) {
  return gate_->HandleNow(
      ctx, Method("RecordSignature"),
      [&](const Caller&) { return TerritoryTarget(req->signature().territory_id()); },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(*resp,
                         directory_->RecordSignature(req->signature(), call.caller().user_id, &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::RecordExclusion(
    grpc::CallbackServerContext* ctx, const v1::RecordExclusionRequest* req,
    v1::Exclusion* resp) {
  const v1::Exclusion& e = req->exclusion();
  return gate_->HandleNow(
      ctx, Method("RecordExclusion"),
      [&](const Caller&) { return GroupTarget(*directory_->state(), e.territory_id(), e.group_id()); },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(*resp, directory_->RecordExclusion(e, call.caller().user_id, &call));
        return absl::OkStatus();
      });
}

}  // namespace suivi::directory
