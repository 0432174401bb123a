// policy/validator_text.h
//
// Expressions as text: Cedar-like, for validation messages, and by shape
// (structure without positions), for the validator's capabilities; and
// suggestions for misspelt names.
// Internal to the validator.

#ifndef SUIVI_POLICY_VALIDATOR_TEXT_H_
#define SUIVI_POLICY_VALIDATOR_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "policy/ast.h"

namespace suivi::policy::validator_internal {

// Cedar-like text of `e` for messages, shortened when long.
std::string ExprText(const Expr& e);

// The shape of `e` (its structure without positions), the key of a
// capability.
std::string ShapeOf(const Expr& e);

// The index in `candidates` of the one closest to `word` when it is close
// enough to be a likely typo, else -1.
int Closest(absl::string_view word, const std::vector<std::string>& candidates);

// " ; vouliez-vous dire « X » ?" with X the closest candidate, or "".
std::string Suggestion(absl::string_view word, const std::vector<std::string>& candidates);

}  // namespace suivi::policy::validator_internal

#endif  // SUIVI_POLICY_VALIDATOR_TEXT_H_
