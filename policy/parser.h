// policy/parser.h
//
// Parses policy text of the subset (docs/formats/policy-subset.md) with
// Cedar's grammar and precedence: Or < And < Relation (not chained) < Add <
// Mult < Unary (at most four `!` or `-`) < Member < Primary.

#ifndef SUIVI_POLICY_PARSER_H_
#define SUIVI_POLICY_PARSER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/ast.h"

namespace suivi::policy {

// The policies of `text`, with ids "policy0", "policy1", ... in order.
// INVALID_ARGUMENT "ligne L, colonne C : ..." on the first syntax error or
// construct outside the subset.
absl::StatusOr<std::vector<Policy>> ParsePolicyText(absl::string_view text);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_PARSER_H_
