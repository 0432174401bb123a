// policy/enforcement/enforcer.h
//
// The decision half of the policy enforcement point (DESIGN.md §5): given
// who asks (a user, their role assignments, the declared finalité, today),
// the entities of the directory and of the resource, and a batch of
// queries (action, resource, field class), it says for each query whether
// the charte allows it, under which role assignment, by which policies, and
// — when it refuses — why, in French.
//
// A query is evaluated once without a role assignment and once under each
// of the caller's assignments (context.attribution); it is allowed when one
// evaluation allows it and every obligation of the permits that allowed it
// can be carried out (deny-biased: an obligation the server cannot
// discharge turns the permit into a deny). The queries of a batch share
// the work that provably gives the same result (batch_evaluation.h): the
// decisions are exactly those of evaluating each query alone with
// policy::Authorize.
//
// The reason of a refusal, in order of preference: the @message of a
// forbid that applied (forbids marked @portee("attribution") — "your role
// does not apply here" — come last); otherwise which condition no permit
// met, quoted from the charte.
//
// No gRPC here: services/common wraps it for every RPC.
//
// Thread-safe: immutable.

#ifndef SUIVI_POLICY_ENFORCEMENT_ENFORCER_H_
#define SUIVI_POLICY_ENFORCEMENT_ENFORCER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "policy/enforcement/charte.h"
#include "policy/entities.h"

namespace suivi::policy {

class BatchPlan;  // policy/enforcement/batch_evaluation.h

// Who asks, and why.
struct AccessSubject {
  EntityUid principal;                  // Utilisateur::"id"
  std::vector<EntityUid> attributions;  // every role assignment they hold
  std::string finalite;                 // a Finalite value, e.g. "suivi_individuel"
  int64_t aujourdhui = 0;               // today, as a day number
};

// One decision asked.
struct AccessQuery {
  std::string action;  // e.g. "dossier:lire"
  EntityUid resource;
  std::string classe = kDefaultFieldClass;
};

struct AccessDecision {
  bool allowed = false;
  // The role assignment of the evaluation that decided; empty for the
  // evaluation without one (or when nothing allowed).
  std::string attribution_id;
  // @ids of the determining policies of that evaluation: the permits that
  // allowed, or the forbids that refused (none for a default deny).
  std::vector<std::string> policy_ids;
  // Obligations of the permits that allowed (carried out by the caller).
  std::vector<std::string> obligations;
  // @ids of policies whose evaluation failed (they did not apply).
  std::vector<std::string> errors;
  // French, on a refusal when reasons were asked for.
  std::string reason;
};

class Enforcer {
 public:
  // `dischargeable` names the obligations the server can carry out.
  Enforcer(std::shared_ptr<const Charte> charte, absl::flat_hash_set<std::string> dischargeable);

  const Charte& charte() const { return *charte_; }
  const std::shared_ptr<const Charte>& charte_ptr() const { return charte_; }

  // The entity store of one request: `resource_entities` over `directory`
  // and the charte's actions. INVALID_ARGUMENT on a duplicate or a cycle.
  absl::StatusOr<Entities> RequestEntities(std::shared_ptr<const Entities> directory,
                                           std::vector<Entity> resource_entities) const;

  // One decision per query, in order. An action the charte does not
  // declare is refused. `explain` fills `reason` on refusals (it costs an
  // explanation: ask for it only for the decisions a user is shown).
  std::vector<AccessDecision> Decide(const Entities& entities, const AccessSubject& subject,
                                     absl::Span<const AccessQuery> queries,
                                     bool explain = false) const;

  // Whether the subject may see `resource` at all. A resource of a type
  // holding nominative data (Charte::IsNominative) is seen when some read
  // of it is allowed for some field class; any other resource is seen.
  bool MaySee(const Entities& entities, const AccessSubject& subject,
              const EntityUid& resource) const;

 private:
  std::shared_ptr<const Charte> charte_;
  absl::flat_hash_set<std::string> dischargeable_;
  // The charte's policies split for sharing work within a batch.
  std::shared_ptr<const BatchPlan> plan_;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_ENFORCEMENT_ENFORCER_H_
