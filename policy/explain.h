// policy/explain.h
//
// Why a request is allowed or denied, policy by policy and clause by
// clause, for people who answer for the charte (a DPO, a coordonnateur):
// which policies decided, and for each policy on the action that did not
// apply, the first scope constraint or condition it did not meet.
//
// The decision is Authorize's; the explanation only adds detail. A policy's
// clauses are evaluated in text order and the first one not `true` is the
// one reported — the same left-to-right short-circuit as the policy's
// condition, so the outcomes agree with the decision.

#ifndef SUIVI_POLICY_EXPLAIN_H_
#define SUIVI_POLICY_EXPLAIN_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "policy/ast.h"
#include "policy/authorizer.h"
#include "policy/entities.h"
#include "policy/policy_set.h"
#include "policy/request.h"

namespace suivi::policy {

enum class PolicyOutcome {
  kSatisfied,     // every clause holds
  kNotSatisfied,  // `clause` is the first that does not hold
  kError,         // evaluating `clause` failed with `error`
  kOtherAction,   // its action scope excludes the request's action
};

struct PolicyExplanation {
  const Policy* policy = nullptr;
  PolicyOutcome outcome = PolicyOutcome::kSatisfied;
  const Clause* clause = nullptr;  // kNotSatisfied, kError
  std::string error;               // kError
};

struct Explanation {
  Response response;
  // Every policy of the set, in text order.
  std::vector<PolicyExplanation> policies;
};

// `policies`, `entities` and `request` must outlive the explanation.
Explanation Explain(const PolicySet& policies, const Entities& entities, const Request& request);

// The explanation in French, in plain words. `policy_text` is the text the
// policies were parsed from: clauses are quoted as written.
std::string ExplanationToFrench(const Explanation& explanation, const Request& request,
                                absl::string_view policy_text);

// For a default deny, in one paragraph a refused user can read: each
// permit on the action that concerns this principal and resource, by its
// @id, with the condition it did not meet, quoted from `policy_text`.
std::string UnmetPermitsInBrief(const Explanation& explanation, absl::string_view policy_text);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_EXPLAIN_H_
