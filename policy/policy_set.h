// policy/policy_set.h
//
// A parsed set of policies, in text order, indexed by action scope: a
// policy whose action scope cannot hold for a request is not satisfied and
// cannot err (scopes never err), so Authorize evaluates only the
// candidates CandidatesFor returns.
//
// Thread-safe: immutable once built.

#ifndef SUIVI_POLICY_POLICY_SET_H_
#define SUIVI_POLICY_POLICY_SET_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "policy/ast.h"
#include "policy/entities.h"

namespace suivi::policy {

class PolicySet {
 public:
  explicit PolicySet(std::vector<Policy> policies);

  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;

  const std::vector<Policy>& policies() const { return policies_; }

  // Indexes into policies(), ascending, of the policies whose action scope
  // may hold for `action` (`action_entity`: its entity in the store, for
  // its ancestors, or nullptr). Replaces the contents of `out`.
  void CandidatesFor(const EntityUid& action, const Entity* action_entity,
                     std::vector<uint32_t>* out) const;

 private:
  std::vector<Policy> policies_;
  // Policies without an action scope.
  std::vector<uint32_t> any_action_;
  // `action == A` (or one of `action in [..]`'s, with `in`) by A.
  absl::flat_hash_map<EntityUid, std::vector<uint32_t>> by_action_eq_;
  absl::flat_hash_map<EntityUid, std::vector<uint32_t>> by_action_in_;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_POLICY_SET_H_
