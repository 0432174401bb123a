#include "services/common/rpc_gate.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "core/pki/certificate.h"
#include "google/protobuf/descriptor.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"
#include "services/common/grpc_status.h"
#include "suivi/v1/options.pb.h"

namespace suivi::services {
namespace {

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ReadActions(
    const std::vector<std::string>& services) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  absl::flat_hash_map<std::string, std::string> actions;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
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

// The declared finalité, or nullptr when the call carries none.
std::unique_ptr<std::string> FinaliteOf(const grpc::CallbackServerContext& ctx) {
  auto it = ctx.client_metadata().find(kFinaliteHeader);
  if (it == ctx.client_metadata().end()) return nullptr;
  return std::make_unique<std::string>(it->second.data(), it->second.size());
}

absl::Status CheckFinalite(const std::string* finalite, const policy::Charte& charte) {
  const std::vector<std::string>& valid = charte.EnumValues("Finalite");
  const std::string list = absl::StrJoin(valid, ", ");
  if (finalite == nullptr || finalite->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "finalité manquante : chaque appel déclare sa finalité (en-tête ", kFinaliteHeader,
        ") parmi : ", list));
  }
  if (std::find(valid.begin(), valid.end(), *finalite) != valid.end()) return absl::OkStatus();
  // Echoed only when it is a short plain word: never arbitrary text.
  const bool plain = finalite->size() <= 40 &&
                     std::all_of(finalite->begin(), finalite->end(), [](char c) {
                       return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
                     });
  return absl::InvalidArgumentError(absl::StrCat("finalité inconnue",
                                                 plain ? absl::StrCat(" : « ", *finalite, " »")
                                                       : std::string(),
                                                 " ; finalités valides : ", list));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RpcGate>> RpcGate::Create(GateOptions options) {
  if (options.authenticator == nullptr || options.directory == nullptr ||
      options.charte == nullptr || options.audit == nullptr) {
    return absl::InvalidArgumentError("RpcGate : option manquante");
  }
  ASSIGN_OR_RETURN(auto actions, ReadActions(options.services));
  std::unique_ptr<RpcGate> gate(new RpcGate(std::move(options), std::move(actions)));
  RETURN_IF_ERROR(gate->CheckActions(gate->options_.charte->current()->charte()));
  return gate;
}

RpcGate::RpcGate(GateOptions options, absl::flat_hash_map<std::string, std::string> actions)
    : options_(std::move(options)), actions_(std::move(actions)) {}

const std::string* RpcGate::ActionOf(absl::string_view method) const {
  auto it = actions_.find(method);
  return it == actions_.end() ? nullptr : &it->second;
}

absl::Status RpcGate::CheckActions(const policy::Charte& charte) const {
  for (const auto& [method, action] : actions_) {
    if (!charte.HasAction(action)) {
      return absl::InternalError(absl::StrCat("la charte ne déclare pas l'action « ", action,
                                              " » de la méthode ", method));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const policy::Enforcer>> RpcGate::ReloadCharte() const {
  return options_.charte->Reload(
      [this](const policy::Charte& charte) { return CheckActions(charte); });
}

absl::Status RpcGate::Admit(absl::string_view peer_certificate_pem, const std::string* finalite,
                            Resolve resolve, Call* call) const {
  // A method the gate does not know has no decision: it never runs.
  if (call->action().empty()) {
    return absl::InternalError("méthode sans action déclarée : appel refusé");
  }
  if (peer_certificate_pem.empty()) {
    return absl::UnauthenticatedError("aucun certificat client présenté");
  }
  absl::StatusOr<std::string> fingerprint = pki::FingerprintOfPem(peer_certificate_pem);
  if (!fingerprint.ok()) return absl::UnauthenticatedError("certificat client illisible");
  absl::StatusOr<Caller> caller = options_.authenticator->Authenticate(*fingerprint);
  if (!caller.ok()) {
    Caller unknown;
    unknown.certificate_fingerprint = *fingerprint;
    call->SetCaller(std::move(unknown));
    return caller.status();
  }
  call->SetCaller(*std::move(caller));
  RETURN_IF_ERROR(CheckFinalite(finalite, call->enforcer().charte()));
  call->SetFinalite(*finalite);
  ASSIGN_OR_RETURN(Target target, resolve(call->caller()));
  RETURN_IF_ERROR(call->SetTarget(options_.directory->charte_entities(),
                                  options_.directory->Today(), std::move(target)));
  return call->AuthorizeAction();
}

std::shared_ptr<Call> RpcGate::Begin(absl::string_view peer_certificate_pem,
                                     const std::string* finalite, absl::string_view method,
                                     Resolve resolve, absl::Status* admitted) const {
  const std::string* action = ActionOf(method);
  auto call = std::make_shared<Call>(std::string(method), action ? *action : std::string(),
                                     options_.audit, options_.charte->current(),
                                     options_.pseudonyms);
  *admitted = Admit(peer_certificate_pem, finalite, resolve, call.get());
  return call;
}

void RpcGate::Conclude(std::shared_ptr<Call> call, absl::Status outcome,
                       absl::AnyInvocable<void(absl::Status)> finish) const {
  if (outcome.ok() && call->audit_in_batch()) {
    finish(outcome);
    return;
  }
  v1::AuditRecord record = call->Record(outcome);
  options_.audit->Append(std::move(record),
                         [outcome, finish = std::move(finish)](absl::Status written) mutable {
                           finish(written.ok() ? outcome : written);
                         });
}

grpc::ServerUnaryReactor* RpcGate::Handle(grpc::CallbackServerContext* ctx,
                                          absl::string_view method, Resolve resolve,
                                          absl::FunctionRef<void(Call&, Done)> body) const {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  std::unique_ptr<std::string> finalite = FinaliteOf(*ctx);
  absl::Status admitted;
  std::shared_ptr<Call> call =
      Begin(PeerCertificatePem(*ctx), finalite.get(), method, resolve, &admitted);
  auto finish = [reactor](absl::Status status) { reactor->Finish(ToGrpcStatus(status)); };
  if (!admitted.ok()) {
    Conclude(std::move(call), admitted, finish);
    return reactor;
  }
  body(*call, [this, call, finish](absl::Status status) mutable {
    Conclude(std::move(call), std::move(status), std::move(finish));
  });
  return reactor;
}

grpc::ServerUnaryReactor* RpcGate::HandleNow(grpc::CallbackServerContext* ctx,
                                             absl::string_view method, Resolve resolve,
                                             absl::FunctionRef<absl::Status(Call&)> body) const {
  return Handle(ctx, method, resolve, [&](Call& call, Done done) { done(body(call)); });
}

}  // namespace suivi::services
