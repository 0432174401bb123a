// policy/validator.h
//
// Cedar's policy validator (strict mode, as in cedar-wasm 4.13) for the
// subset: checks policies against a schema before they are put in force.
// Like Cedar's, it refuses unknown entity types, unknown actions and ids
// an enumerated type does not list, attributes the schema does not declare
// (or declares optional, without a `has` guard), and type errors, checked
// for every principal × action × resource type the scope allows. A policy
// whose scope no action of the schema applies to, or whose condition is
// false for every request the schema permits, is a warning (Cedar 4.13
// made the first a warning too). cedar-wasm's `validate` (strict) is the
// oracle: the differential test compares which policies each side finds in
// error and in warning.
//
// Thread-safe: Validate only reads its arguments.

#ifndef SUIVI_POLICY_VALIDATOR_H_
#define SUIVI_POLICY_VALIDATOR_H_

#include <string>
#include <vector>

#include "policy/policy_set.h"
#include "policy/schema.h"

namespace suivi::policy {

struct ValidationIssue {
  std::string policy_id;  // "policy0", ...
  int line = 0;           // of the offending expression, 1-based
  int column = 0;
  std::string message;    // French, e.g. "l'attribut « age » n'est pas déclaré pour User"
};

struct ValidationResult {
  // Sorted by (policy_id in policy order, line, column).
  std::vector<ValidationIssue> errors;
  std::vector<ValidationIssue> warnings;

  bool ok() const { return errors.empty(); }
};

ValidationResult Validate(const Schema& schema, const PolicySet& policies);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_VALIDATOR_H_
