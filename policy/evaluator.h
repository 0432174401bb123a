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

#include "absl/status/statusor.h"
#include "policy/ast.h"
#include "policy/entities.h"
#include "policy/request.h"
#include "policy/value.h"

namespace suivi::policy {

// Evaluates expressions for one request; the principal and resource are
// looked up in the store once. Not thread-safe; cheap to build.
class Evaluator {
 public:
  // `entities` and `request` must outlive the evaluator.
  Evaluator(const Entities& entities, const Request& request);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // The value of `expr`, or INVALID_ARGUMENT with the evaluation error.
  absl::StatusOr<Value> Eval(const Expr& expr);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The value of `expr`, or INVALID_ARGUMENT with the evaluation error.
absl::StatusOr<Value> Evaluate(const Expr& expr, const Entities& entities, const Request& request);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_EVALUATOR_H_
