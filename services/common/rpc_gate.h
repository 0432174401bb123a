// services/common/rpc_gate.h
//
// RpcGate is the generic handler wrapper every RPC goes through
// (DESIGN.md §5 "Where it runs"): it authenticates the caller from their
// TLS certificate, decides whether they may take the method's charte
// action, and only then runs the handler's body. C++ server interceptors
// cannot end a call with a status, hence a wrapper.
//
// Until the charte is in force, the decision is a closed interim rule:
// actions of the "session:" family are open to every enrolled user;
// everything else needs the admin role in some territory (services narrow
// that to the territory concerned). Nothing is permitted by default.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_COMMON_RPC_GATE_H_
#define SUIVI_SERVICES_COMMON_RPC_GATE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "services/common/caller.h"

namespace suivi::services {

// Finishes a call with the handler's outcome. Call exactly once.
using Done = absl::AnyInvocable<void(absl::Status)>;

class RpcGate {
 public:
  // Reads the charte action of every method of `services` (full names,
  // e.g. "suivi.v1.Directory") from the descriptor pool. INTERNAL if a
  // service is unknown or a method declares no action: such a server must
  // not start. `authenticator` is not owned and must outlive the gate.
  static absl::StatusOr<std::unique_ptr<RpcGate>> Create(
      const Authenticator* authenticator,
      const std::vector<std::string>& services);

  RpcGate(const RpcGate&) = delete;
  RpcGate& operator=(const RpcGate&) = delete;

  // Admits the caller of `ctx` to `method` (full name,
  // "suivi.v1.Directory.AddUser"), then runs `body` with them; the call
  // ends when `body` calls its Done. A refused call ends with
  // UNAUTHENTICATED or PERMISSION_DENIED and `body` never runs.
  grpc::ServerUnaryReactor* Handle(
      grpc::CallbackServerContext* ctx, absl::string_view method,
      absl::FunctionRef<void(const Caller&, Done)> body) const;

  // Handle for a body that has its outcome when it returns.
  grpc::ServerUnaryReactor* HandleNow(
      grpc::CallbackServerContext* ctx, absl::string_view method,
      absl::FunctionRef<absl::Status(const Caller&)> body) const;

  // What Handle decides, without gRPC: the caller presenting
  // `peer_certificate_pem` if they may call `method`.
  absl::StatusOr<Caller> Admit(absl::string_view peer_certificate_pem,
                               absl::string_view method) const;

  // The charte action `method` declares, or nullptr.
  const std::string* ActionOf(absl::string_view method) const;

 private:
  RpcGate(const Authenticator* authenticator,
          absl::flat_hash_map<std::string, std::string> actions);

  const Authenticator* const authenticator_;
  // Method full name -> charte action; fixed at creation.
  const absl::flat_hash_map<std::string, std::string> actions_;
};

// The interim decision (see the file comment): OK or PERMISSION_DENIED.
absl::Status InterimDecision(const Caller& caller, absl::string_view action);

// PERMISSION_DENIED unless `caller` administers `territory_id`.
absl::Status RequireAdminOf(const Caller& caller,
                            absl::string_view territory_id);

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_RPC_GATE_H_
