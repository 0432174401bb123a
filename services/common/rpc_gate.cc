#include "services/common/rpc_gate.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/pki/certificate.h"
#include "google/protobuf/descriptor.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"
#include "services/common/grpc_status.h"
#include "suivi/v1/options.pb.h"

namespace suivi::services {
namespace {

constexpr absl::string_view kOpenToEveryEnrolledUser = "session:";

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ReadActions(
    const std::vector<std::string>& services) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  absl::flat_hash_map<std::string, std::string> actions;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::InternalError(absl::StrCat("service inconnu : ", name));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      const std::string& action = method->options().GetExtension(v1::action);
      if (action.empty()) {
        return absl::InternalError(absl::StrCat(
            "la méthode ", method->full_name(), " ne déclare aucune action"));
      }
      actions.emplace(method->full_name(), action);
    }
  }
  return actions;
}

// The PEM certificate the peer presented in the TLS handshake.
std::string PeerCertificatePem(const grpc::CallbackServerContext& ctx) {
  std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr) return "";
  std::vector<grpc::string_ref> values =
      auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
  if (values.empty()) return "";
  return std::string(values.front().data(), values.front().size());
}

}  // namespace

absl::StatusOr<std::unique_ptr<RpcGate>> RpcGate::Create(
    const Authenticator* authenticator,
    const std::vector<std::string>& services) {
  ASSIGN_OR_RETURN(auto actions, ReadActions(services));
  return std::unique_ptr<RpcGate>(
      new RpcGate(authenticator, std::move(actions)));
}

RpcGate::RpcGate(const Authenticator* authenticator,
                 absl::flat_hash_map<std::string, std::string> actions)
    : authenticator_(authenticator), actions_(std::move(actions)) {}

const std::string* RpcGate::ActionOf(absl::string_view method) const {
  auto it = actions_.find(method);
  return it == actions_.end() ? nullptr : &it->second;
}

absl::StatusOr<Caller> RpcGate::Admit(absl::string_view peer_certificate_pem,
                                      absl::string_view method) const {
  const std::string* action = ActionOf(method);
  // A method the gate does not know has no decision: it never runs.
  if (action == nullptr) {
    return absl::InternalError("méthode sans action déclarée : appel refusé");
  }
  if (peer_certificate_pem.empty()) {
    return absl::UnauthenticatedError("aucun certificat client présenté");
  }
  absl::StatusOr<std::string> fingerprint =
      pki::FingerprintOfPem(peer_certificate_pem);
  if (!fingerprint.ok()) {
    return absl::UnauthenticatedError("certificat client illisible");
  }
  ASSIGN_OR_RETURN(Caller caller, authenticator_->Authenticate(*fingerprint));
  RETURN_IF_ERROR(InterimDecision(caller, *action));
  return caller;
}

grpc::ServerUnaryReactor* RpcGate::Handle(
    grpc::CallbackServerContext* ctx, absl::string_view method,
    absl::FunctionRef<void(const Caller&, Done)> body) const {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<Caller> caller = Admit(PeerCertificatePem(*ctx), method);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  body(*caller, [reactor](absl::Status status) {
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

grpc::ServerUnaryReactor* RpcGate::HandleNow(
    grpc::CallbackServerContext* ctx, absl::string_view method,
    absl::FunctionRef<absl::Status(const Caller&)> body) const {
  return Handle(ctx, method, [&](const Caller& caller, Done done) {
    done(body(caller));
  });
}

absl::Status InterimDecision(const Caller& caller, absl::string_view action) {
  if (absl::StartsWith(action, kOpenToEveryEnrolledUser)) {
    return absl::OkStatus();
  }
  if (caller.HasRoleAnywhere(kAdminRole)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "action réservée aux administrateurs tant que la charte n'est pas en "
      "vigueur");
}

absl::Status RequireAdminOf(const Caller& caller,
                            absl::string_view territory_id) {
  if (caller.HasRole(kAdminRole, territory_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "action réservée aux administrateurs de ce territoire");
}

}  // namespace suivi::services
