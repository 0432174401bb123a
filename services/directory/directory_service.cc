#include "services/directory/directory_service.h"

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "services/directory/interim_access.h"

namespace suivi::directory {
namespace {

using services::Caller;

constexpr char kService[] = "suivi.v1.Directory.";

std::string Method(absl::string_view name) { return absl::StrCat(kService, name); }

template <typename Item, typename Field>
void CopyAll(const std::vector<Item>& items, Field* field) {
  for (const Item& item : items) *field->Add() = item;
}

}  // namespace

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListTerritories(
    grpc::CallbackServerContext* ctx, const v1::ListTerritoriesRequest*,
    v1::ListTerritoriesResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListTerritories"), [&](const Caller&) {
    for (const auto& [id, t] : directory_->state()->territories) {
      *resp->add_territories() = t;
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::GetTerritory(
    grpc::CallbackServerContext* ctx, const v1::GetTerritoryRequest* req,
    v1::Territory* resp) {
  return gate_->HandleNow(ctx, Method("GetTerritory"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    const v1::Territory* t = directory_->state()->FindTerritory(req->territory_id());
    if (t == nullptr) return absl::NotFoundError("territoire introuvable");
    *resp = *t;
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListRoles(
    grpc::CallbackServerContext* ctx, const v1::ListRolesRequest*,
    v1::RoleCatalogue* resp) {
  return gate_->HandleNow(ctx, Method("ListRoles"), [&](const Caller&) {
    *resp = directory_->roles().proto();
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListOrganisations(
    grpc::CallbackServerContext* ctx, const v1::ListOrganisationsRequest* req,
    v1::ListOrganisationsResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListOrganisations"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    CopyAll(directory_->state()->OrganisationsIn(req->territory_id()),
            resp->mutable_organisations());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::AddOrganisation(
    grpc::CallbackServerContext* ctx, const v1::AddOrganisationRequest* req,
    v1::Organisation* resp) {
  return gate_->HandleNow(ctx, Method("AddOrganisation"), [&](const Caller& caller) {
    const v1::Organisation& o = req->organisation();
    // An organisation working in several territories needs all their admins'
    // say: each admin may only bind their own territory.
    for (const std::string& territory : o.territory_ids()) {
      RETURN_IF_ERROR(RequireAdminOfTerritory(caller, territory));
    }
    ASSIGN_OR_RETURN(*resp, directory_->AddOrganisation(o));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListUsers(
    grpc::CallbackServerContext* ctx, const v1::ListUsersRequest* req,
    v1::ListUsersResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListUsers"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    CopyAll(directory_->state()->UsersIn(req->territory_id(), req->organisation_id()),
            resp->mutable_users());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::GetUser(
    grpc::CallbackServerContext* ctx, const v1::GetUserRequest* req,
    v1::UserRecord* resp) {
  return gate_->HandleNow(ctx, Method("GetUser"), [&](const Caller& caller) {
    std::shared_ptr<const DirectoryState> state = directory_->state();
    RETURN_IF_ERROR(RequireAdminOfUser(caller, *state, req->user_id()));
    *resp = state->RecordOf(*state->FindUser(req->user_id()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::AddUser(
    grpc::CallbackServerContext* ctx, const v1::AddUserRequest* req, v1::User* resp) {
  return gate_->HandleNow(ctx, Method("AddUser"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfOrganisation(caller, *directory_->state(),
                                               req->user().organisation_id()));
    ASSIGN_OR_RETURN(*resp, directory_->AddUser(req->user()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::AssignRole(
    grpc::CallbackServerContext* ctx, const v1::AssignRoleRequest* req,
    v1::RoleAssignment* resp) {
  return gate_->HandleNow(ctx, Method("AssignRole"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->assignment().territory_id()));
    ASSIGN_OR_RETURN(*resp, directory_->AssignRole(req->assignment()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::EndRoleAssignment(
    grpc::CallbackServerContext* ctx, const v1::EndRoleAssignmentRequest* req,
    v1::RoleAssignment* resp) {
  return gate_->HandleNow(ctx, Method("EndRoleAssignment"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    ASSIGN_OR_RETURN(*resp, directory_->EndRoleAssignment(req->territory_id(),
                                                          req->assignment_id(), req->end_date()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListRoleAssignments(
    grpc::CallbackServerContext* ctx, const v1::ListRoleAssignmentsRequest* req,
    v1::ListRoleAssignmentsResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListRoleAssignments"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    CopyAll(directory_->state()->AssignmentsIn(req->territory_id(), req->user_id()),
            resp->mutable_assignments());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListCharteVersions(
    grpc::CallbackServerContext* ctx, const v1::ListCharteVersionsRequest* req,
    v1::ListCharteVersionsResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListCharteVersions"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    CopyAll(directory_->state()->CharteVersionsOf(req->territory_id()),
            resp->mutable_versions());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::ListGroups(
    grpc::CallbackServerContext* ctx, const v1::ListGroupsRequest* req,
    v1::ListGroupsResponse* resp) {
  return gate_->HandleNow(ctx, Method("ListGroups"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    CopyAll(directory_->state()->GroupsOf(req->territory_id()), resp->mutable_groups());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::GetGroup(
    grpc::CallbackServerContext* ctx, const v1::GetGroupRequest* req,
    v1::GroupRecord* resp) {
  return gate_->HandleNow(ctx, Method("GetGroup"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->territory_id()));
    std::shared_ptr<const DirectoryState> state = directory_->state();
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
  return gate_->HandleNow(ctx, Method("AddGroupMember"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->member().territory_id()));
    ASSIGN_OR_RETURN(*resp, directory_->AddGroupMember(req->member()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::RecordSignature(
    grpc::CallbackServerContext* ctx, const v1::RecordSignatureRequest* req,
    v1::Signature* resp) {
  return gate_->HandleNow(ctx, Method("RecordSignature"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->signature().territory_id()));
    ASSIGN_OR_RETURN(*resp, directory_->RecordSignature(req->signature(), caller.user_id));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DirectoryServiceImpl::RecordExclusion(
    grpc::CallbackServerContext* ctx, const v1::RecordExclusionRequest* req,
    v1::Exclusion* resp) {
  return gate_->HandleNow(ctx, Method("RecordExclusion"), [&](const Caller& caller) {
    RETURN_IF_ERROR(RequireAdminOfTerritory(caller, req->exclusion().territory_id()));
    ASSIGN_OR_RETURN(*resp, directory_->RecordExclusion(req->exclusion(), caller.user_id));
    return absl::OkStatus();
  });
}

}  // namespace suivi::directory
