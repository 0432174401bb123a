// policy/evaluator.h
//
// Evaluates a compiled expression with Cedar's semantics: `&&`, `||` and
// `if` short-circuit; every operator checks its operands' types and a wrong
// type is an error (except `==`, which is `false` across types); Long
// arithmetic overflow is an error; attributes of entities absent from the
// store, and missing attributes, are errors.

#ifndef SUIVI_POLICY_EVALUATOR_H_
#define SUIVI_POLICY_EVALUATOR_H_

#include "absl/status/statusor.h"
#include "policy/ast.h"
#include "policy/entities.h"
#include "policy/request.h"
#include "policy/value.h"

namespace suivi::policy {

// The value of `expr`, or INVALID_ARGUMENT with the evaluation error.
absl::StatusOr<Value> Evaluate(const Expr& expr, const Entities& entities, const Request& request);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_EVALUATOR_H_
