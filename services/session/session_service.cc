#include "services/session/session_service.h"

#include "policy/enforcement/charte_entities.h"

namespace suivi::session {

grpc::ServerUnaryReactor* SessionServiceImpl::WhoAmI(grpc::CallbackServerContext* ctx,
                                                     const v1::WhoAmIRequest*,
                                                     v1::WhoAmIResponse* resp) {
  return gate_->HandleNow(
      ctx, "suivi.v1.Session.WhoAmI",
      [](const services::Caller& caller) -> absl::StatusOr<services::Target> {
        return services::Target{policy::charte::Uid("Utilisateur", caller.user_id), {}, ""};
      },
      [&](services::Call& call) {
    const services::Caller& caller = call.caller();
    std::shared_ptr<const directory::DirectoryState> state = directory_->state();
    const v1::User* user = state->FindUser(caller.user_id);
    if (user == nullptr) return absl::UnauthenticatedError("utilisateur inconnu de l'annuaire");
    *resp->mutable_user() = *user;
    if (const v1::Organisation* o = state->FindOrganisation(user->organisation_id())) {
      *resp->mutable_organisation() = *o;
    }
    for (const v1::RoleAssignment& a :
         state->AssignmentsInForce(user->id(), directory_->Today())) {
      *resp->add_role_assignments() = a;
    }
    resp->set_certificate_fingerprint(caller.certificate_fingerprint);
    return absl::OkStatus();
  });
}

}  // namespace suivi::session
