// tests/cedar/policy_text.h
//
// Policies of the Cedar subset kept as trees, for the random generators of
// the differential tests (case_generator.h, typed_policy_generator.h):
// printed as Cedar text, fully parenthesised or with only the parentheses
// the grammar needs, and shrunk one simplification at a time when a case
// fails.

#ifndef SUIVI_TESTS_CEDAR_POLICY_TEXT_H_
#define SUIVI_TESTS_CEDAR_POLICY_TEXT_H_

#include <string>
#include <vector>

namespace suivi::cedar_testing {

// An expression of the policy language, printed fully parenthesised, or
// with only the parentheses Cedar's grammar needs (to test precedence).
struct Expr {
  enum class Kind {
    kText,    // verbatim: literal or variable (`text`)
    kSet,     // [children...]
    kRecord,  // {names[i]: children[i], ...}
    kAttr,    // children[0].text
    kIndex,   // children[0]["text"]
    kHas,     // children[0] has text   (text is an identifier or a "string")
    kLike,    // children[0] like text  (text is the quoted pattern)
    kBinary,  // (children[0] text children[1])
    kUnary,   // text(children[0])
    kIs,      // children[0] is text
    kIsIn,    // children[0] is text in children[1]
    kIf,      // if c0 then c1 else c2
    kMethod,  // children[0].text(children[1..])
  };
  Kind kind = Kind::kText;
  std::string text;
  std::vector<std::string> names;
  std::vector<Expr> children;

  std::string ToString(bool minimal_parens = false) const;
};

struct Condition {
  bool when = true;  // false: unless
  Expr expr;
};

struct Policy {
  std::vector<std::string> annotations;  // printed verbatim, e.g. @id("x")
  bool permit = true;
  std::string principal_scope;  // "principal", "principal == User::\"a\"", ...
  std::string action_scope;
  std::string resource_scope;
  std::vector<Condition> conditions;
  // Conditions printed with only the parentheses precedence requires.
  bool minimal_parens = false;

  std::string ToString() const;
};

// Leaf and inner nodes.
Expr Text(std::string text);
Expr Node(Expr::Kind kind, std::string text, std::vector<Expr> children);

// Quotes `s` as a Cedar string literal.
std::string CedarQuote(const std::string& s);

// True when `s` is written as a bare identifier ([A-Za-z_][A-Za-z0-9_]*).
bool IsIdentifier(const std::string& s);

// Every expression one simplification away from `e`: a child in its
// place, a small literal (`true`, `false`, `0`) for an inner node, a
// child simplified, a set or record element dropped.
std::vector<Expr> ExprShrinks(const Expr& e);

// Every policy one simplification away from `p`: a condition dropped, the
// annotations dropped, a scope widened, a condition simplified.
std::vector<Policy> PolicyShrinks(const Policy& p);

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_POLICY_TEXT_H_
