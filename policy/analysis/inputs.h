// policy/analysis/inputs.h
//
// The files `check` and `diff` read, loaded and checked before anything is
// enumerated: a schema, policies validated against it (a charte or
// invariants that do not validate are refused, with each error), and the
// role catalogue, which must name exactly the schemas' roles.

#ifndef SUIVI_POLICY_ANALYSIS_INPUTS_H_
#define SUIVI_POLICY_ANALYSIS_INPUTS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/analysis/role_catalogue.h"
#include "policy/ast.h"
#include "policy/policy_set.h"
#include "policy/schema.h"

namespace suivi::policy::analysis {

absl::StatusOr<std::shared_ptr<const Schema>> LoadSchema(const std::string& path);

// The policies of `path`, valid against `schema`. INVALID_ARGUMENT naming
// the file and, for validation, each error with its line, column and the
// rule's @id.
absl::StatusOr<std::shared_ptr<const PolicySet>> LoadValidPolicies(const std::string& path,
                                                                   const Schema& schema);

// The catalogue of `path`, checked against the union of the schemas' Role
// and TypeOrganisation enums.
absl::StatusOr<std::vector<CatalogueRole>> LoadRoles(const std::string& path,
                                                     const std::vector<const Schema*>& schemas);

// The value of annotation `key`, or empty.
std::string Annotation(const Policy& policy, const std::string& key);

// The policy's @id, or its Cedar id (policy0, …) when it has none.
std::string PolicyName(const Policy& policy);

// The @id of the policy `id` (a Cedar id) of `policies`, or `id`.
std::string PolicyName(const PolicySet& policies, const std::string& id);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_INPUTS_H_
