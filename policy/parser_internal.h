// policy/parser_internal.h
//
// The recursive-descent parser behind ParsePolicyText, shared by
// parser.cc (policies, scope) and parser_expr.cc (expressions).

#ifndef SUIVI_POLICY_PARSER_INTERNAL_H_
#define SUIVI_POLICY_PARSER_INTERNAL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/ast.h"
#include "policy/lexer.h"

namespace suivi::policy::internal {

using ExprPtr = std::unique_ptr<Expr>;

class Parser : public TokenCursor {
 public:
  explicit Parser(std::vector<Token> tokens) : TokenCursor(std::move(tokens)) {}

  absl::StatusOr<std::vector<Policy>> ParseAll();

  // Expressions (parser_expr.cc).
  absl::StatusOr<ExprPtr> ParseExpr();

 private:
  // Policies and scope (parser.cc).
  absl::StatusOr<Policy> ParsePolicy(int index);
  absl::Status ParseAnnotation(Policy* policy);
  absl::StatusOr<ExprPtr> ParseScope(absl::string_view variable);
  absl::StatusOr<ExprPtr> ParseActionScope();
  absl::StatusOr<EntityUid> ParseActionUid();
  absl::StatusOr<ExprPtr> ParseCondition();
  // INVALID_ARGUMENT when `policy`'s tree is deeper than kMaxDepth.
  absl::Status CheckDepth(const Policy& policy) const;

  // Expressions (parser_expr.cc).
  absl::StatusOr<ExprPtr> ParseIfOrOr();
  absl::StatusOr<ExprPtr> ParseOr();
  absl::StatusOr<ExprPtr> ParseAnd();
  absl::StatusOr<ExprPtr> ParseRelation();
  absl::StatusOr<ExprPtr> ParseHas(ExprPtr target, const Token& start);
  absl::StatusOr<ExprPtr> ParseLike(ExprPtr target, const Token& start);
  absl::StatusOr<ExprPtr> ParseIs(ExprPtr target, const Token& start);
  absl::StatusOr<ExprPtr> ParseAdd();
  absl::StatusOr<ExprPtr> ParseMult();
  absl::StatusOr<ExprPtr> ParseUnary();
  absl::StatusOr<ExprPtr> ParseMember();
  absl::StatusOr<ExprPtr> ParseAccess(ExprPtr target, const Token& start);
  absl::StatusOr<ExprPtr> ParseMethod(ExprPtr target, const Token& name,
                                      const Token& start);
  absl::StatusOr<ExprPtr> ParsePrimary();
  absl::StatusOr<ExprPtr> ParseNamePrimary();
  absl::StatusOr<ExprPtr> ParseSetLiteral();
  absl::StatusOr<ExprPtr> ParseRecordLiteral();
  absl::StatusOr<std::string> ParseRecordKey();

 public:
  // Shared helpers.
  absl::Status ExpectPunct(absl::string_view p);
  absl::Status ErrorAt(const Token& token, absl::string_view message) const;
  // A path Name::Name... (entity type); `first` already taken.
  absl::StatusOr<std::string> ParsePathRest(const Token& first);
  // An attribute name or record key written as an identifier: Cedar
  // refuses its reserved words there (write `e["if"]` instead).
  absl::StatusOr<std::string> AttributeName(const Token& ident) const;
  // An entity uid literal Type::"id".
  absl::StatusOr<EntityUid> ParseEntityUid();
  // The decoded contents of a string token.
  absl::StatusOr<std::string> StringValue(const Token& token) const;

  // Limits no written charte comes near, which keep every recursive pass
  // over a policy (evaluation, validation, destruction) within the stack:
  // nesting of parentheses, brackets, braces and `if`; links of operator
  // and access chains in one policy (`a || b || ...` deepens the tree
  // without nesting); and depth of the finished tree.
  static constexpr int kMaxNesting = 64;
  static constexpr int kMaxLinks = 4096;
  static constexpr int kMaxDepth = 1000;

 private:
  // One more link of an operator or access chain in the current policy.
  absl::Status CountLink();

  int nesting_ = 0;
  int links_ = 0;
};

// The node starts where its first operand `a` starts; the parser moves it
// with At to the first token of its text (a parenthesis included, as in
// Cedar's source locations).
ExprPtr MakeExpr(ExprKind kind, ExprPtr a = nullptr, ExprPtr b = nullptr);
ExprPtr MakeLiteral(Value v);
ExprPtr MakeVar(Var v);
// Sets where `e` starts to `token` (or line/column) and returns it.
ExprPtr At(const Token& token, ExprPtr e);
ExprPtr At(int line, int column, ExprPtr e);
// Cedar's reserved identifiers, which name no entity type or variable.
bool IsReserved(absl::string_view word);

}  // namespace suivi::policy::internal

#endif  // SUIVI_POLICY_PARSER_INTERNAL_H_
