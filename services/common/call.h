// services/common/call.h
//
// Call is one RPC as the policy enforcement point sees it (DESIGN.md §5,
// §8): who calls, for which declared finalité, on what, every decision the
// charte took for it, and the one audit record that lists them. RpcGate
// creates it, decides the method's action on the call's target before the
// handler runs, and hands it to the handler, which asks any further
// decisions through it (one per record and field class of a read) so they
// are audited too.
//
// The audit record is written exactly once: a mutating handler puts it in
// the batch of its change (AppendAuditTo, from inside its store command);
// otherwise the gate appends it on its own, synced, before the answer.
// Contract for a handler that calls AppendAuditTo: it returns OK only if
// that batch committed.
//
// Thread-safety: one handler at a time uses a Call; AppendAuditTo may run
// on the store's writer thread while the handler waits for it.

#ifndef SUIVI_SERVICES_COMMON_CALL_H_
#define SUIVI_SERVICES_COMMON_CALL_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "core/audit/audit_log.h"
#include "core/store/encrypted_store.h"
#include "policy/enforcement/enforcer.h"
#include "policy/entities.h"
#include "services/common/caller.h"
#include "suivi/v1/audit_record.pb.h"

namespace suivi::services {

class AuditPseudonyms;  // services/common/audit_pseudonyms.h

// What a call is about: the resource its declared action applies to, and
// the entities describing it that the directory does not hold.
struct Target {
  policy::EntityUid resource;
  std::vector<policy::Entity> entities;
  // The territory concerned, for the audit; empty for a server-wide call.
  std::string territory_id;
};

// A target for calls that concern the whole server (catalogues).
Target ServerTarget();

// The uniform refusal (DESIGN.md §9): for a nominative resource the caller
// may not see, and for one that does not exist, alike.
absl::Status UnseenResource();

// Puts a call's audit record into a store command's batch.
class BatchAudit {
 public:
  virtual ~BatchAudit() = default;
  // From inside the command that writes the change; at most once.
  virtual absl::Status AppendAuditTo(const store::StoreView& view, store::WriteSet* writes) = 0;
};

class Call final : public BatchAudit {
 public:
  // `enforcer`: the charte in force when the call arrived; the whole call
  // is decided by it.
  // `pseudonyms` (may be null: ids in clear, for tests) hides person and
  // case ids in the audit record.
  Call(std::string method, std::string action, const audit::AuditLog* log,
       std::shared_ptr<const policy::Enforcer> enforcer,
       const AuditPseudonyms* pseudonyms = nullptr);

  const std::string& method() const { return method_; }
  const std::string& action() const { return action_; }
  const Caller& caller() const { return caller_; }
  const std::string& finalite() const { return finalite_; }
  const Target& target() const { return target_; }
  const policy::Enforcer& enforcer() const { return *enforcer_; }

  // Set by the gate, in this order.
  void SetCaller(Caller caller) { caller_ = std::move(caller); }
  void SetFinalite(std::string finalite) { finalite_ = std::move(finalite); }
  // The directory snapshot every decision of the call uses, today, and
  // the call's target. INTERNAL if the target's entities cannot be added.
  absl::Status SetTarget(std::shared_ptr<const policy::Entities> directory, int64_t today,
                         Target target);

  // Decides `queries` on the target's entities (plus `extra`, e.g. the
  // items of a list; one already in the target is skipped) and records the decisions for the audit. `explain`
  // fills the reasons of refusals.
  absl::StatusOr<std::vector<policy::AccessDecision>> Decide(
      absl::Span<const policy::AccessQuery> queries, std::vector<policy::Entity> extra = {},
      bool explain = false);

  // The method's own action on the target: OK, or PERMISSION_DENIED — the
  // uniform one when the caller may not see the target at all, the
  // charte's reason otherwise.
  absl::Status AuthorizeAction();

  // The field classes of `classes` the caller may read with `action` on
  // `resource` (one batch); they are recorded as returned. The caller
  // decrypts only those.
  absl::StatusOr<std::vector<std::string>> ReadableClasses(
      const std::string& action, const policy::EntityUid& resource,
      const std::vector<std::string>& classes, std::vector<policy::Entity> extra = {});

  // For each of `resources`, whether the caller may read its class
  // `classe` with `action` (one batch); the class is recorded as returned
  // when at least one may be read. For the items of a list or a search.
  absl::StatusOr<std::vector<bool>> MayReadEach(const std::string& action,
                                                const std::vector<policy::EntityUid>& resources,
                                                const std::string& classe,
                                                std::vector<policy::Entity> extra = {});

  // Obligations of the permits that allowed the method's action.
  const std::vector<std::string>& obligations() const { return obligations_; }

  // BatchAudit: the record, with outcome OK, into the mutation's batch.
  absl::Status AppendAuditTo(const store::StoreView& view, store::WriteSet* writes) override;
  bool audit_in_batch() const { return audit_in_batch_.load(); }

  // The record of the call ending with `outcome`.
  v1::AuditRecord Record(const absl::Status& outcome) const;

 private:
  void Log(const policy::AccessQuery& query, const policy::AccessDecision& decision);

  const std::string method_;
  const std::string action_;
  const audit::AuditLog* const log_;
  const AuditPseudonyms* const pseudonyms_;
  Caller caller_;
  std::string finalite_;
  Target target_;
  std::shared_ptr<const policy::Enforcer> enforcer_;
  std::shared_ptr<const policy::Entities> directory_;
  int64_t today_ = 0;
  std::unique_ptr<policy::Entities> entities_;  // the target's request store
  std::vector<std::string> obligations_;
  std::atomic<bool> audit_in_batch_{false};

  mutable absl::Mutex mu_;
  std::vector<v1::AuditDecision> decisions_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> classes_returned_ ABSL_GUARDED_BY(mu_);
};

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_CALL_H_
