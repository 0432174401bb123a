// policy/validator_typecheck.h
//
// Cedar's typechecker (strict mode) for one request environment: the types
// of principal, action (one action of the schema), resource and context are
// known, and a policy's condition must be a Bool. As Cedar's, it gives
// singleton types True and False to what it can decide (literal equality,
// `is`, `in` against the schema's hierarchy, `has` of an undeclared
// attribute), short-circuits `&&`, `||` and `if` on them (what lies behind
// `false &&` is not typechecked), and tracks which attributes `has` has
// proved present ("capabilities") so that optional attributes are read
// only behind a guard. Internal to the validator.
//
// Thread-compatible: one Typechecker per thread.

#ifndef SUIVI_POLICY_VALIDATOR_TYPECHECK_H_
#define SUIVI_POLICY_VALIDATOR_TYPECHECK_H_

#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/functional/function_ref.h"
#include "policy/ast.h"
#include "policy/schema.h"
#include "policy/validator_schema_view.h"
#include "policy/validator_types.h"

namespace suivi::policy::validator_internal {

// One request environment: a declared action and one principal type and one
// resource type from its `appliesTo`.
struct RequestEnv {
  const ActionDef* action;
  const std::string* principal;
  const std::string* resource;
};

// Issues found, deduplicated: (line, column, message in French).
using IssueSet = std::set<std::tuple<int, int, std::string>>;

// Attributes known present: (shape of the expression, attribute name).
using Capabilities = std::set<std::string>;

// The result of typechecking an expression, as Cedar's TypecheckAnswer: an
// expression may fail and still have a type (`x.unknown == 1` is a Bool),
// which matters for what follows (`false` still short-circuits).
struct Answer {
  bool ok = true;
  std::optional<Type> type;
  Capabilities capabilities;  // empty when !ok
};

// What an operand is expected to be (Cedar's expect_type, with the
// permissive subtyping Cedar uses there: any set, any entity, any record).
enum class Expected { kBool, kLong, kString, kSet, kEntity, kEntityOrRecord, kEntityOrEntitySet };

class Typechecker {
 public:
  // `view` and `errors` must outlive the typechecker.
  Typechecker(const SchemaView& view, const RequestEnv& env, IssueSet* errors);

  // The condition of `policy` shaped as Cedar builds it (principal &&
  // (action && (resource && (when/unless clauses, right-nested)))), with an
  // unconstrained scope as `true`, expected to be a Bool.
  Answer TypecheckPolicy(const Policy& policy);

 private:
  using Typer = absl::FunctionRef<Answer(const Capabilities& prior)>;

  Answer Typecheck(const Capabilities& prior, const Expr& e);
  Answer TypecheckNode(const Capabilities& prior, const Expr& e);
  Answer Expect(const Capabilities& prior, const Expr& e, Expected expected);
  Answer ExpectAnswer(Answer a, const Expr& e, Expected expected);
  Answer TypeClauses(const Capabilities& prior, const std::vector<const Expr*>& parts, size_t i);

  Answer TypeLiteral(const Value& v, const Expr& at);
  Answer TypeEntityLiteral(const EntityUid& uid);
  Answer TypeVar(Var v);
  Answer TypeAnd(const Capabilities& prior, Typer left, Typer right);
  Answer TypeOr(const Capabilities& prior, const Expr& e);
  Answer TypeIf(const Capabilities& prior, const Expr& e);
  Answer TypeNot(const Capabilities& prior, const Expr& e);
  Answer TypeEq(const Capabilities& prior, const Expr& e);
  Answer TypeCompare(const Capabilities& prior, const Expr& e);
  Answer TypeArithmetic(const Capabilities& prior, const Expr& e);
  Answer TypeIn(const Capabilities& prior, const Expr& e);
  Answer TypeContains(const Capabilities& prior, const Expr& e);
  Answer TypeContainsAllAny(const Capabilities& prior, const Expr& e);
  Answer TypeGetAttr(const Capabilities& prior, const Expr& e);
  Answer TypeHas(const Capabilities& prior, const Expr& e);
  Answer TypeIs(const Capabilities& prior, const Expr& e);
  Answer TypeSet(std::vector<Answer> elements, const Expr& at);
  Answer TypeRecord(const std::vector<std::string>& keys, std::vector<Answer> values);

  // `in` with an action (or action literal) on the left and entity literals
  // on the right, decided on the action hierarchy.
  Answer TypeActionIn(const EntityUid& lhs, const std::vector<EntityUid>& rhs);
  // The entity uid `e` stands for: an entity literal, or `action` (this
  // environment's action).
  std::optional<EntityUid> UidOf(const Expr& e) const;
  // The uids of `e` when it is one (UidOf) or a set literal of them.
  std::optional<std::vector<EntityUid>> UidsOf(const Expr& e) const;
  // Literal values for Cedar's literal equality (Bool, Long, String, entity
  // uid; not sets nor records), with `action` replaced by its uid.
  std::optional<Value> LiteralOf(const Expr& e) const;
  Type TypeOfEquality(const Expr& a, const std::optional<Type>& ta, const Expr& b,
                      const std::optional<Type>& tb) const;

  void Error(const Expr& at, std::string message);
  void Incompatible(const Expr& at, const std::vector<Type>& types, const char* context);

  const SchemaView& view_;
  RequestEnv env_;
  IssueSet* errors_;
  // The expression whose operands are being typechecked, for the hints of
  // type errors (Cedar's UnexpectedTypeHelp).
  const Expr* parent_ = nullptr;
};

}  // namespace suivi::policy::validator_internal

#endif  // SUIVI_POLICY_VALIDATOR_TYPECHECK_H_
