// policy/validator_text.h
//
// Expressions as text: Cedar-like, for validation messages, and by shape
// (structure without positions), for the validator's capabilities.
// Internal to the validator.

#ifndef SUIVI_POLICY_VALIDATOR_TEXT_H_
#define SUIVI_POLICY_VALIDATOR_TEXT_H_

#include <string>

#include "policy/ast.h"

namespace suivi::policy::validator_internal {

// Cedar-like text of `e` for messages, shortened when long.
std::string ExprText(const Expr& e);

// The shape of `e` (its structure without positions), the key of a
// capability.
std::string ShapeOf(const Expr& e);

}  // namespace suivi::policy::validator_internal

#endif  // SUIVI_POLICY_VALIDATOR_TEXT_H_
