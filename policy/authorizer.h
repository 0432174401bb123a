// policy/authorizer.h
//
// The public face of Suivi's policy engine: a subset of the Cedar policy
// language (DESIGN.md §5, issue 5), parsed, validated and evaluated in C++
// with Cedar's semantics exactly, and checked against the official Cedar
// implementation (cedar-wasm) by a differential test.
//
// Semantics (Cedar's): default deny; a satisfied forbid overrides every
// permit; a policy whose evaluation errors does not apply and is reported
// in `errors`; `reasons` lists the determining policies (the satisfied
// permits on allow, the satisfied forbids on deny — empty for a default
// deny). Policy ids are Cedar's for a policy set parsed from one text:
// "policy0", "policy1", ... in text order.
//
// Formats: entities and requests in Cedar's JSON formats (those of the
// Cedar CLI and cedar-wasm). Longs are 64-bit; arithmetic overflow is an
// evaluation error, as in Cedar.
//
// Thread-safe: a parsed PolicySet and Entities are immutable; Authorize may
// run on many threads at once.

#ifndef SUIVI_POLICY_AUTHORIZER_H_
#define SUIVI_POLICY_AUTHORIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::policy {

class PolicySet;  // parsed policies (policy/policy_set.h)
struct Policy;    // one parsed policy (policy/ast.h)
class Entities;   // an entity store (policy/entities.h)
struct Request;   // principal, action, resource, context (policy/request.h)

enum class Decision { kAllow, kDeny };

struct PolicyError {
  std::string policy_id;
  std::string message;
};

struct Response {
  Decision decision = Decision::kDeny;
  // Sorted.
  std::vector<std::string> reasons;
  // Sorted by policy id.
  std::vector<PolicyError> errors;
};

// Parses policy text in the subset. INVALID_ARGUMENT with "ligne L,
// colonne C : ..." for a syntax error or a construct outside the subset
// (named, never silently misread).
absl::StatusOr<std::shared_ptr<const PolicySet>> ParsePolicies(absl::string_view text);

// Cedar JSON entities: [{"uid": {"type": "T", "id": "i"}, "attrs": {...},
// "parents": [{"type":..., "id":...}]}, ...]. INVALID_ARGUMENT on malformed
// input.
absl::StatusOr<std::shared_ptr<const Entities>> ParseEntitiesJson(absl::string_view json);

// {"principal": {"type":..,"id":..}, "action": {...}, "resource": {...},
//  "context": {...}}.
absl::StatusOr<Request> ParseRequestJson(absl::string_view json);

Response Authorize(const PolicySet& policies, const Entities& entities,
                   const Request& request);

// Cedar's combination of the outcomes of one request's policies into a
// Response, for callers that evaluate the policies one by one (Authorize
// does): a satisfied forbid overrides every permit, satisfied permits
// allow, a policy that errs does not apply, and nothing else is a default
// deny. Record each satisfied or failed policy once; a policy not
// satisfied is not recorded. The policies must outlive the builder.
class ResponseBuilder {
 public:
  void AddSatisfied(const Policy& policy);
  void AddError(const Policy& policy, std::string message);

  Response Build() &&;

 private:
  std::vector<const Policy*> permits_;
  std::vector<const Policy*> forbids_;
  std::vector<PolicyError> errors_;
};

// {"decision":"allow"|"deny","reasons":[...],"errors":[{"policyId":..,
// "message":..}]}
std::string ResponseToJson(const Response& response);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_AUTHORIZER_H_
