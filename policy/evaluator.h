// policy/evaluator.h
//
// Evaluates a compiled expression with Cedar's semantics: `&&`, `||` and
// `if` short-circuit; every operator checks its operands' types and a wrong
// type is an error (except `==`, which is `false` across types); Long
// arithmetic overflow is an error; attributes of entities absent from the
// store, and missing attributes, are errors.

#ifndef SUIVI_POLICY_EVALUATOR_H_
#define SUIVI_POLICY_EVALUATOR_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/ast.h"
#include "policy/entities.h"
#include "policy/request.h"
#include "policy/value.h"

namespace suivi::policy {

// Evaluates expressions for one request; the principal and resource are
// looked up in the store once, and the entities met lately are remembered.
// Not thread-safe; cheap to build.
class Evaluator {
 public:
  // `entities` and `request` must outlive the evaluator.
  Evaluator(const Entities& entities, const Request& request);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // The value of `expr`, or INVALID_ARGUMENT with the evaluation error.
  absl::StatusOr<Value> Eval(const Expr& expr);

  // Evaluates what follows with `context` in place of the request's
  // context: the request (principal, action, resource) with another
  // context, without looking up its entities again. `context` must outlive
  // its use.
  void SetContext(const Value& context);

  // `expr` as a policy condition: its boolean value, or INVALID_ARGUMENT
  // with the evaluation error or, for a value that is not a boolean,
  // Cedar's type error (the message `&&` gives for a non-boolean operand).
  absl::StatusOr<bool> EvalCondition(const Expr& expr);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The operands of the `&&` chain at the top of `condition`, in evaluation
// order (an expression that is not an `&&` is its only conjunct). Calling
// EvalCondition on each in turn and stopping at the first that is not
// `true` gives the outcome EvalCondition gives on `condition`, message
// included: Cedar's `&&` short-circuits left to right and type-checks each
// operand alike wherever it sits in the chain.
std::vector<const Expr*> Conjuncts(const Expr& condition);

// The value of `expr`, or INVALID_ARGUMENT with the evaluation error.
absl::StatusOr<Value> Evaluate(const Expr& expr, const Entities& entities, const Request& request);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_EVALUATOR_H_
