// policy/parser.cc: policies, annotations, scope and conditions.

#include "policy/parser.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/parser_internal.h"

namespace suivi::policy {
namespace internal {

void RecordActionScope(const Expr* scope, Policy* policy);

ExprPtr MakeExpr(ExprKind kind, ExprPtr a, ExprPtr b) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  if (a) {
    e->line = a->line;
    e->column = a->column;
    e->args.push_back(std::move(a));
  }
  if (b) e->args.push_back(std::move(b));
  return e;
}

ExprPtr MakeLiteral(Value v) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kLiteral;
  e->literal = std::move(v);
  return e;
}

ExprPtr MakeVar(Var v) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kVar;
  e->var = v;
  return e;
}

ExprPtr At(int line, int column, ExprPtr e) {
  e->line = line;
  e->column = column;
  return e;
}

ExprPtr At(const Token& token, ExprPtr e) { return At(token.line, token.column, std::move(e)); }

bool IsReserved(absl::string_view word) {
  for (const char* r : {"true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"}) {
    if (word == r) return true;
  }
  return false;
}

absl::Status Parser::ExpectPunct(absl::string_view p) {
  if (TryPunct(p)) return absl::OkStatus();
  return ErrorAt(Peek(), absl::StrCat("« ", p, " » attendu"));
}

absl::Status Parser::ErrorAt(const Token& token, absl::string_view message) const {
  return SyntaxError(token.line, token.column, message);
}

absl::StatusOr<std::string> Parser::StringValue(const Token& token) const {
  std::string out;
  if (std::string error = Unescape(token.text, &out); !error.empty()) return ErrorAt(token, error);
  return out;
}

absl::StatusOr<std::string> Parser::ParsePathRest(const Token& first) {
  if (IsReserved(first.text)) {
    return ErrorAt(first, absl::StrCat("« ", first.text, " » est un identifiant réservé"));
  }
  std::string path = first.text;
  while (IsPunct("::") && Peek(1).kind == TokenKind::kIdent) {
    Take();
    const Token& next = Take();
    if (IsReserved(next.text)) {
      return ErrorAt(next, absl::StrCat("« ", next.text, " » est un identifiant réservé"));
    }
    absl::StrAppend(&path, "::", next.text);
  }
  return path;
}

absl::StatusOr<std::string> Parser::AttributeName(const Token& ident) const {
  if (IsReserved(ident.text)) {
    return ErrorAt(ident, absl::StrCat("« ", ident.text, " » est un identifiant réservé ; écrivez [\"",
                                       ident.text, "\"]"));
  }
  return ident.text;
}

absl::StatusOr<EntityUid> Parser::ParseEntityUid() {
  const Token& first = Peek();
  if (first.kind == TokenKind::kSlot) {
    return ErrorAt(first, "les modèles (?principal, ?resource) ne font pas partie du sous-ensemble");
  }
  if (first.kind != TokenKind::kIdent) return ErrorAt(first, "entité attendue (Type::\"id\")");
  Take();
  ASSIGN_OR_RETURN(std::string type, ParsePathRest(first));
  RETURN_IF_ERROR(ExpectPunct("::"));
  const Token& id = Peek();
  if (id.kind != TokenKind::kString) return ErrorAt(id, "identifiant d'entité (chaîne) attendu");
  Take();
  ASSIGN_OR_RETURN(std::string decoded, StringValue(id));
  return EntityUid{std::move(type), std::move(decoded)};
}

absl::StatusOr<std::vector<Policy>> Parser::ParseAll() {
  std::vector<Policy> policies;
  while (Peek().kind != TokenKind::kEnd) {
    ASSIGN_OR_RETURN(Policy policy, ParsePolicy(static_cast<int>(policies.size())));
    policies.push_back(std::move(policy));
  }
  return policies;
}

absl::Status Parser::ParseAnnotation(Policy* policy) {
  Take();  // '@'
  const Token& key = Peek();
  if (key.kind != TokenKind::kIdent) return ErrorAt(key, "nom d'annotation attendu");
  Take();
  std::string decoded;  // `@name` alone has the empty value, as in Cedar
  if (TryPunct("(")) {
    const Token& value = Peek();
    if (value.kind != TokenKind::kString) return ErrorAt(value, "valeur d'annotation (chaîne) attendue");
    Take();
    ASSIGN_OR_RETURN(decoded, StringValue(value));
    RETURN_IF_ERROR(ExpectPunct(")"));
  }
  for (const auto& [k, v] : policy->annotations) {
    if (k == key.text) return ErrorAt(key, absl::StrCat("annotation « ", k, " » en double"));
  }
  policy->annotations.emplace_back(key.text, std::move(decoded));
  return absl::OkStatus();
}

absl::StatusOr<Policy> Parser::ParsePolicy(int index) {
  links_ = 0;
  Policy policy;
  policy.id = absl::StrCat("policy", index);
  policy.line = Peek().line;
  policy.column = Peek().column;
  while (IsPunct("@")) RETURN_IF_ERROR(ParseAnnotation(&policy));
  const Token& effect = Peek();
  if (IsIdent("permit")) {
    policy.effect = Effect::kPermit;
  } else if (IsIdent("forbid")) {
    policy.effect = Effect::kForbid;
  } else {
    return ErrorAt(effect, "« permit » ou « forbid » attendu");
  }
  Take();
  RETURN_IF_ERROR(ExpectPunct("("));
  std::vector<ExprPtr> parts;
  std::vector<Clause> clauses;
  auto add_part = [&](ClauseKind kind, const Token& start, ExprPtr part) {
    if (!part) return;
    clauses.push_back(Clause{kind, part.get(), start.line, start.column});
    parts.push_back(std::move(part));
  };
  const Token* start = &Peek();
  ASSIGN_OR_RETURN(ExprPtr principal, ParseScope("principal"));
  add_part(ClauseKind::kPrincipal, *start, std::move(principal));
  RETURN_IF_ERROR(ExpectPunct(","));
  start = &Peek();
  ASSIGN_OR_RETURN(ExprPtr action, ParseActionScope());
  RecordActionScope(action.get(), &policy);
  add_part(ClauseKind::kAction, *start, std::move(action));
  RETURN_IF_ERROR(ExpectPunct(","));
  start = &Peek();
  ASSIGN_OR_RETURN(ExprPtr resource, ParseScope("resource"));
  add_part(ClauseKind::kResource, *start, std::move(resource));
  TryPunct(",");  // Cedar's grammar allows a trailing comma
  RETURN_IF_ERROR(ExpectPunct(")"));
  while (!IsPunct(";")) {
    start = &Peek();
    ClauseKind kind = IsIdent("unless") ? ClauseKind::kUnless : ClauseKind::kWhen;
    ASSIGN_OR_RETURN(ExprPtr condition, ParseCondition());
    add_part(kind, *start, std::move(condition));
  }
  Take();
  ExprPtr condition;
  for (ExprPtr& part : parts) {
    condition = condition ? MakeExpr(ExprKind::kAnd, std::move(condition), std::move(part))
                          : std::move(part);
  }
  policy.clauses = std::move(clauses);
  policy.condition = condition ? std::move(condition)
                               : At(policy.line, policy.column, MakeLiteral(Value::Bool(true)));
  RETURN_IF_ERROR(CheckDepth(policy));
  return policy;
}

// Measured with an explicit stack: the tree may be deeper than this
// function could recurse.
absl::Status Parser::CheckDepth(const Policy& policy) const {
  std::vector<std::pair<const Expr*, int>> todo = {{policy.condition.get(), 1}};
  while (!todo.empty()) {
    auto [e, depth] = todo.back();
    todo.pop_back();
    if (depth > kMaxDepth) {
      return SyntaxError(e->line, e->column,
                         absl::StrCat("expression de plus de ", kMaxDepth,
                                      " niveaux : hors du sous-ensemble ; scindez la règle"));
    }
    for (const auto& arg : e->args) todo.emplace_back(arg.get(), depth + 1);
  }
  return absl::OkStatus();
}

// Copies the action scope `scope` (from ParseActionScope; null for any
// action) into the policy's index fields.
void RecordActionScope(const Expr* scope, Policy* policy) {
  if (scope == nullptr) return;
  policy->action_scope_in = scope->kind == ExprKind::kIn;
  const Value& target = scope->args[1]->literal;
  if (target.kind() == Value::Kind::kEntity) {
    policy->action_scope.push_back(target.entity_value());
    return;
  }
  for (const Value& uid : target.set_value()) policy->action_scope.push_back(uid.entity_value());
}

// principal / resource: none, == E, in E, is T, is T in E. Returns nullptr
// for an unconstrained variable.
absl::StatusOr<ExprPtr> Parser::ParseScope(absl::string_view variable) {
  if (!IsIdent(variable)) return ErrorAt(Peek(), absl::StrCat("« ", variable, " » attendu"));
  const Token& var_token = Take();
  Var var = variable == "principal" ? Var::kPrincipal : Var::kResource;
  ExprPtr type_test;
  if (IsIdent("is")) {
    Take();
    const Token& first = Peek();
    if (first.kind != TokenKind::kIdent) return ErrorAt(first, "type d'entité attendu après « is »");
    Take();
    type_test = MakeExpr(ExprKind::kIs, At(var_token, MakeVar(var)));
    ASSIGN_OR_RETURN(type_test->name, ParsePathRest(first));
  }
  ExprKind kind;
  if (IsPunct("==") && !type_test) {
    kind = ExprKind::kEq;
  } else if (IsIdent("in")) {
    kind = ExprKind::kIn;
  } else if (IsPunct(",") || IsPunct(")")) {
    return type_test;
  } else {
    return ErrorAt(Peek(), absl::StrCat("contrainte de « ", variable, " » non reconnue"));
  }
  Take();
  const Token& uid_token = Peek();
  ASSIGN_OR_RETURN(EntityUid uid, ParseEntityUid());
  ExprPtr test = MakeExpr(kind, At(var_token, MakeVar(var)),
                          At(uid_token, MakeLiteral(Value::Entity(std::move(uid)))));
  if (!type_test) return test;
  return MakeExpr(ExprKind::kAnd, std::move(type_test), std::move(test));
}

// action: none, == A, in A, in [A, ...].
absl::StatusOr<ExprPtr> Parser::ParseActionScope() {
  if (!IsIdent("action")) return ErrorAt(Peek(), "« action » attendu");
  const Token& var_token = Take();
  if (IsPunct(",") || IsPunct(")")) return ExprPtr();
  const Token& op = Peek();
  if (!IsPunct("==") && !IsIdent("in")) {
    return ErrorAt(op, "contrainte de « action » non reconnue (==, in)");
  }
  Take();
  ExprKind kind = op.text == "==" ? ExprKind::kEq : ExprKind::kIn;
  const Token& target = Peek();
  if (kind == ExprKind::kIn && TryPunct("[")) {
    SetElements uids;
    while (!TryPunct("]")) {
      ASSIGN_OR_RETURN(EntityUid uid, ParseActionUid());
      uids.push_back(Value::Entity(std::move(uid)));
      if (!IsPunct("]")) RETURN_IF_ERROR(ExpectPunct(","));
    }
    return MakeExpr(kind, At(var_token, MakeVar(Var::kAction)),
                    At(target, MakeLiteral(Value::Set(std::move(uids)))));
  }
  ASSIGN_OR_RETURN(EntityUid uid, ParseActionUid());
  return MakeExpr(kind, At(var_token, MakeVar(Var::kAction)),
                  At(target, MakeLiteral(Value::Entity(std::move(uid)))));
}

// An entity uid of an action type (`Action`, `NS::Action`): the only ones
// Cedar accepts in the action scope.
absl::StatusOr<EntityUid> Parser::ParseActionUid() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(EntityUid uid, ParseEntityUid());
  if (uid.type != "Action" && !absl::EndsWith(uid.type, "::Action")) {
    return ErrorAt(start, absl::StrCat("une action attendue (Action::\"…\"), pas une entité de type ",
                                       uid.type));
  }
  return uid;
}

// when { e } gives e; unless { e } gives !e.
absl::StatusOr<ExprPtr> Parser::ParseCondition() {
  const Token& keyword = Peek();
  bool when = IsIdent("when");
  if (!when && !IsIdent("unless")) return ErrorAt(keyword, "« when », « unless » ou « ; » attendu");
  Take();
  RETURN_IF_ERROR(ExpectPunct("{"));
  if (IsPunct("}")) return ErrorAt(Peek(), "condition vide");
  ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
  RETURN_IF_ERROR(ExpectPunct("}"));
  return when ? std::move(e) : At(keyword, MakeExpr(ExprKind::kNot, std::move(e)));
}

}  // namespace internal

absl::StatusOr<std::vector<Policy>> ParsePolicyText(absl::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
  return internal::Parser(std::move(tokens)).ParseAll();
}

}  // namespace suivi::policy
