// policy/ast.h
//
// The compiled form of a policy: one expression tree per policy (scope and
// conditions joined by `&&` in Cedar's order), literals already built as
// Values, `like` patterns already split, `is T in E` and `!=` desugared as
// Cedar does.

#ifndef SUIVI_POLICY_AST_H_
#define SUIVI_POLICY_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "policy/value.h"

namespace suivi::policy {

enum class ExprKind : uint8_t {
  kLiteral,      // literal
  kVar,          // var
  kNot,          // !args[0]
  kNeg,          // -args[0]
  kAnd,          // args[0] && args[1]
  kOr,           // args[0] || args[1]
  kIf,           // if args[0] then args[1] else args[2]
  kEq,           // args[0] == args[1]
  kLess,         // args[0] < args[1]
  kLessEq,       // args[0] <= args[1]
  kIn,           // args[0] in args[1]
  kAdd,          // args[0] + args[1]
  kSub,          // args[0] - args[1]
  kMul,          // args[0] * args[1]
  kHas,          // args[0] has name
  kGetAttr,      // args[0].name, args[0]["name"]
  kLike,         // args[0] like pattern
  kIs,           // args[0] is name
  kContains,     // args[0].contains(args[1])
  kContainsAll,  // args[0].containsAll(args[1])
  kContainsAny,  // args[0].containsAny(args[1])
  kIsEmpty,      // args[0].isEmpty()
  kSet,          // [args...]
  kRecord,       // {keys[i]: args[i]...}
};

enum class Var : uint8_t { kPrincipal, kAction, kResource, kContext };

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Var var = Var::kPrincipal;
  Value literal;
  // Attribute name (kHas, kGetAttr) or entity type (kIs).
  std::string name;
  // kLike: literal chunks between the `*` wildcards.
  std::vector<std::string> pattern;
  // kRecord: the keys, in the order of args.
  std::vector<std::string> keys;
  std::vector<std::unique_ptr<Expr>> args;
  // Where the expression starts in the policy text (1-based; 0 when built
  // outside the parser), for validation messages. A prefix operator (`!`,
  // `-`, `if`, `[`, `{`) is the start; an infix or postfix one starts with
  // its first operand, as Cedar's source locations do.
  int line = 0;
  int column = 0;
};

enum class Effect : uint8_t { kPermit, kForbid };

// One part of a policy as written: a scope constraint or a condition.
enum class ClauseKind : uint8_t { kPrincipal, kAction, kResource, kWhen, kUnless };

struct Clause {
  ClauseKind kind;
  // Points into Policy::condition; the clause holds when it is `true`
  // (for `unless { e }`, the node `!e`).
  const Expr* expr;
  int line;    // where the clause starts in the text (1-based)
  int column;
};

struct Policy {
  std::string id;  // "policy0", ...
  Effect effect = Effect::kPermit;
  // In text order: @name("value").
  std::vector<std::pair<std::string, std::string>> annotations;
  // Where the policy starts (its first annotation, or its effect).
  int line = 0;
  int column = 0;
  // Scope and conditions; the policy is satisfied when this is `true`.
  std::unique_ptr<Expr> condition;
  // The same parts one by one, in text order, for explanations and
  // validation messages; unconstrained scopes are omitted.
  std::vector<Clause> clauses;
  // The action scope again, apart, so Authorize can pass over a policy whose
  // action cannot match without evaluating it: a scope never errs, so such
  // a policy is simply not satisfied. Empty: any action. The request's
  // action must equal one of `action_scope` (`action == A`), or be in one of
  // them (`action in A`, `action in [A, B]`) when `action_scope_in`.
  std::vector<EntityUid> action_scope;
  bool action_scope_in = false;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_AST_H_
