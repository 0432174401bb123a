// policy/test_util.h
//
// Helpers shared by the policy tests: a small entity store and request,
// and the evaluation of one expression written in Cedar.

#ifndef SUIVI_POLICY_TEST_UTIL_H_
#define SUIVI_POLICY_TEST_UTIL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/authorizer.h"
#include "policy/entities.h"
#include "policy/evaluator.h"
#include "policy/parser.h"
#include "policy/policy_set.h"
#include "policy/request.h"

namespace suivi::policy::testing {

// alice (User) in Group g1, g1 in g2; Doc d1 is not in the store.
inline constexpr char kEntitiesJson[] = R"([
  {"uid": {"type": "User", "id": "alice"},
   "attrs": {"name": "alice", "age": 30, "tags": ["a", "b"], "rec": {"x": 1},
             "boss": {"__entity": {"type": "User", "id": "bob"}}},
   "parents": [{"type": "Group", "id": "g1"}]},
  {"uid": {"type": "Group", "id": "g1"}, "attrs": {},
   "parents": [{"type": "Group", "id": "g2"}]},
  {"uid": {"type": "Group", "id": "g2"}, "attrs": {}, "parents": []}
])";

inline constexpr char kRequestJson[] = R"({
  "principal": {"type": "User", "id": "alice"},
  "action": {"type": "Action", "id": "view"},
  "resource": {"type": "Doc", "id": "d1"},
  "context": {"n": 5, "s": "x"}
})";

// Evaluates `expr` (Cedar text) against kEntitiesJson and kRequestJson.
// Returns the value's text (Value::ToString), or "ERROR" for an evaluation
// error; a parse error is returned as a status.
inline absl::StatusOr<std::string> EvalText(const std::string& expr) {
  ASSIGN_OR_RETURN(std::vector<Policy> policies,
                   ParsePolicyText(absl::StrCat("permit(principal, action, resource) when { ",
                                                expr, " };")));
  ASSIGN_OR_RETURN(std::shared_ptr<const Entities> entities, ParseEntitiesJson(kEntitiesJson));
  ASSIGN_OR_RETURN(Request request, ParseRequestJson(kRequestJson));
  absl::StatusOr<Value> v = Evaluate(*policies.at(0).condition, *entities, request);
  if (!v.ok()) return std::string("ERROR");
  return v->ToString();
}

}  // namespace suivi::policy::testing

#endif  // SUIVI_POLICY_TEST_UTIL_H_
