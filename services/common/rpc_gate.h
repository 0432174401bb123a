// services/common/rpc_gate.h
//
// RpcGate is the generic handler wrapper every RPC goes through: the
// policy enforcement point of DESIGN.md §5. C++ server interceptors cannot
// end a call with a status, and decisions need the resource, which only the
// service knows, hence a wrapper. For each call it:
//
//   1. authenticates the caller from their TLS certificate (the directory
//      names the user and every role assignment they hold);
//   2. reads the declared finalité (metadata "suivi-finalite"), mandatory
//      and from the charte's closed list;
//   3. asks the service what the call is about (its Target);
//   4. decides the method's declared action on it with the charte in force
//      — a refusal is the uniform PERMISSION_DENIED when the caller may not
//      see the target at all, the charte's reason otherwise — and carries
//      out the obligations of the permit (one it cannot carry out refuses);
//   5. runs the handler, which asks any further decisions through its Call;
//   6. writes the call's one audit record before the answer leaves: in the
//      handler's own batch for a change, on its own (synced) otherwise. If
//      it cannot be written, the call fails with UNAVAILABLE.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_COMMON_RPC_GATE_H_
#define SUIVI_SERVICES_COMMON_RPC_GATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/audit/audit_log.h"
#include "grpcpp/server_context.h"
#include "policy/entities.h"
#include "services/common/call.h"
#include "services/common/caller.h"
#include "services/common/charte_holder.h"

namespace suivi::services {

// The metadata key of the declared finalité.
inline constexpr char kFinaliteHeader[] = "suivi-finalite";

// Finishes a call with the handler's outcome. Call exactly once.
using Done = absl::AnyInvocable<void(absl::Status)>;
// What the call is about. An error ends the call with it (INVALID_ARGUMENT
// for a request that names nothing; for persons and cases, a missing one
// must answer PERMISSION_DENIED, like a forbidden one).
using Resolve = absl::FunctionRef<absl::StatusOr<Target>(const Caller&)>;

struct GateOptions {
  // None owned; all required and must outlive the gate.
  const Authenticator* authenticator = nullptr;
  const CharteDirectory* directory = nullptr;
  CharteHolder* charte = nullptr;
  const audit::AuditLog* audit = nullptr;
  // Full names of the services served, e.g. "suivi.v1.Directory".
  std::vector<std::string> services;
  // Hides person and case ids in audit records. Optional: tests of the
  // gate alone may leave it null (ids in clear); suivid always sets it.
  const AuditPseudonyms* pseudonyms = nullptr;
};

class RpcGate {
 public:
  // Reads the charte action of every method of `options.services`.
  // INTERNAL if a service is unknown, a method declares no action, or the
  // charte in force does not declare one: such a server must not start.
  static absl::StatusOr<std::unique_ptr<RpcGate>> Create(GateOptions options);

  RpcGate(const RpcGate&) = delete;
  RpcGate& operator=(const RpcGate&) = delete;

  // Steps 1–6 above for `method` (full name, "suivi.v1.Directory.AddUser");
  // the call ends when `body` calls its Done.
  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* ctx, absl::string_view method,
                                   Resolve resolve,
                                   absl::FunctionRef<void(Call&, Done)> body) const;

  // Handle for a body that has its outcome when it returns.
  grpc::ServerUnaryReactor* HandleNow(grpc::CallbackServerContext* ctx, absl::string_view method,
                                      Resolve resolve,
                                      absl::FunctionRef<absl::Status(Call&)> body) const;

  // Steps 1–4 without gRPC: the Call, and OK when the handler may run.
  // Whatever the status, the call must then be ended with Conclude.
  std::shared_ptr<Call> Begin(absl::string_view peer_certificate_pem,
                              const std::string* finalite, absl::string_view method,
                              Resolve resolve, absl::Status* admitted) const;

  // Step 6: writes the call's audit record unless its handler's batch
  // holds it, then calls `finish` with `outcome`, or with UNAVAILABLE if
  // the record could not be written.
  void Conclude(std::shared_ptr<Call> call, absl::Status outcome,
                absl::AnyInvocable<void(absl::Status)> finish) const;

  // The charte action `method` declares, or nullptr.
  const std::string* ActionOf(absl::string_view method) const;

  // Reloads the charte (CharteHolder::Reload), accepting it only if it
  // declares every action of the served methods.
  absl::StatusOr<std::shared_ptr<const policy::Enforcer>> ReloadCharte() const;

  // Where the charte comes from (CharteHolder::source).
  std::string charte_source() const { return options_.charte->source(); }

  // OK if `charte` declares every action of the served methods.
  absl::Status CheckActions(const policy::Charte& charte) const;

 private:
  RpcGate(GateOptions options, absl::flat_hash_map<std::string, std::string> actions);

  absl::Status Admit(absl::string_view peer_certificate_pem, const std::string* finalite,
                     Resolve resolve, Call* call) const;

  const GateOptions options_;
  // Method full name -> charte action; fixed at creation.
  const absl::flat_hash_map<std::string, std::string> actions_;
};

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_RPC_GATE_H_
