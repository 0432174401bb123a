// policy/parser_expr.cc: expressions, with Cedar's grammar and precedence.

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/parser_internal.h"

namespace suivi::policy::internal {
namespace {

constexpr char kExtensionMessage[] = "les fonctions d'extension ne font pas partie du sous-ensemble";
constexpr char kTagMessage[] = "les étiquettes d'entité (tags) ne font pas partie du sous-ensemble";
constexpr char kTemplateMessage[] =
    "les modèles (?principal, ?resource) ne font pas partie du sous-ensemble";
constexpr int kMaxUnaryOperators = 4;  // Cedar's grammar allows at most four

bool IsExtensionMethod(absl::string_view name) {
  for (const char* m : {"lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
                        "isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange", "toDate",
                        "toTime", "toDays", "toHours", "toMinutes", "toSeconds",
                        "toMilliseconds", "offset", "durationSince"}) {
    if (name == m) return true;
  }
  return false;
}

ExprPtr CloneExpr(const Expr& e) {
  auto copy = std::make_unique<Expr>();
  copy->kind = e.kind;
  copy->var = e.var;
  copy->literal = e.literal;
  copy->name = e.name;
  copy->pattern = e.pattern;
  copy->keys = e.keys;
  copy->line = e.line;
  copy->column = e.column;
  for (const ExprPtr& arg : e.args) copy->args.push_back(CloneExpr(*arg));
  return copy;
}

bool AllLiterals(const std::vector<ExprPtr>& args) {
  for (const ExprPtr& arg : args) {
    if (arg->kind != ExprKind::kLiteral) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<ExprPtr> Parser::ParseExpr() {
  // Bounds the recursion of this parser, and with CheckDepth that of every
  // pass over the tree (evaluation, validation), whatever the text.
  if (nesting_ >= kMaxNesting) {
    return ErrorAt(Peek(), absl::StrCat("expression imbriquée sur plus de ", kMaxNesting,
                                        " niveaux : hors du sous-ensemble"));
  }
  ++nesting_;
  absl::StatusOr<ExprPtr> e = ParseIfOrOr();
  --nesting_;
  return e;
}

absl::Status Parser::CountLink() {
  if (++links_ <= kMaxLinks) return absl::OkStatus();
  return ErrorAt(Peek(), absl::StrCat("règle de plus de ", kMaxLinks,
                                      " opérations enchaînées : hors du sous-ensemble ; scindez-la"));
}

absl::StatusOr<ExprPtr> Parser::ParseIfOrOr() {
  if (!IsIdent("if")) return ParseOr();
  const Token& if_token = Take();
  ASSIGN_OR_RETURN(ExprPtr cond, ParseExpr());
  if (!IsIdent("then")) return ErrorAt(Peek(), "« then » attendu");
  Take();
  ASSIGN_OR_RETURN(ExprPtr then_expr, ParseExpr());
  if (!IsIdent("else")) return ErrorAt(Peek(), "« else » attendu");
  Take();
  ASSIGN_OR_RETURN(ExprPtr else_expr, ParseExpr());
  ExprPtr e = MakeExpr(ExprKind::kIf, std::move(cond), std::move(then_expr));
  e->args.push_back(std::move(else_expr));
  return At(if_token, std::move(e));
}

absl::StatusOr<ExprPtr> Parser::ParseOr() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(ExprPtr e, ParseAnd());
  while (TryPunct("||")) {
    RETURN_IF_ERROR(CountLink());
    ASSIGN_OR_RETURN(ExprPtr rhs, ParseAnd());
    e = At(start, MakeExpr(ExprKind::kOr, std::move(e), std::move(rhs)));
  }
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseAnd() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(ExprPtr e, ParseRelation());
  while (TryPunct("&&")) {
    RETURN_IF_ERROR(CountLink());
    ASSIGN_OR_RETURN(ExprPtr rhs, ParseRelation());
    e = At(start, MakeExpr(ExprKind::kAnd, std::move(e), std::move(rhs)));
  }
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseRelation() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(ExprPtr lhs, ParseAdd());
  ExprPtr e;
  if (IsIdent("has")) {
    ASSIGN_OR_RETURN(e, ParseHas(std::move(lhs), start));
  } else if (IsIdent("like")) {
    ASSIGN_OR_RETURN(e, ParseLike(std::move(lhs), start));
  } else if (IsIdent("is")) {
    ASSIGN_OR_RETURN(e, ParseIs(std::move(lhs), start));
  } else {
    const Token& op = Peek();
    bool relop = op.kind == TokenKind::kPunct &&
                 (op.text == "==" || op.text == "!=" || op.text == "<" || op.text == "<=" ||
                  op.text == ">" || op.text == ">=");
    if (op.kind == TokenKind::kPunct && op.text == "=") return ErrorAt(op, "« = » : utilisez « == »");
    if (!relop && !IsIdent("in")) return lhs;
    Take();
    ASSIGN_OR_RETURN(ExprPtr rhs, ParseAdd());
    if (op.text == "==" || op.text == "!=") {
      e = At(start, MakeExpr(ExprKind::kEq, std::move(lhs), std::move(rhs)));
      if (op.text == "!=") e = MakeExpr(ExprKind::kNot, std::move(e));
    } else if (op.text == "<" || op.text == "<=") {
      e = MakeExpr(op.text == "<" ? ExprKind::kLess : ExprKind::kLessEq, std::move(lhs), std::move(rhs));
    } else if (op.text == ">" || op.text == ">=") {
      // a > b is b < a: the node still starts where `a` does.
      e = MakeExpr(op.text == ">" ? ExprKind::kLess : ExprKind::kLessEq, std::move(rhs), std::move(lhs));
    } else {
      e = MakeExpr(ExprKind::kIn, std::move(lhs), std::move(rhs));
    }
    e = At(start, std::move(e));
  }
  const Token& next = Peek();
  bool chained = (next.kind == TokenKind::kPunct &&
                  (next.text == "==" || next.text == "!=" || next.text == "<" || next.text == "<=" ||
                   next.text == ">" || next.text == ">=" || next.text == "=")) ||
                 IsIdent("in") || IsIdent("has") || IsIdent("like") || IsIdent("is");
  if (chained) return ErrorAt(next, "les comparaisons ne s'enchaînent pas : ajoutez des parenthèses");
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseHas(ExprPtr target, const Token& start) {
  Take();  // has
  const Token& field = Peek();
  ExprPtr e = At(start, MakeExpr(ExprKind::kHas, std::move(target)));
  if (field.kind == TokenKind::kString) {
    ASSIGN_OR_RETURN(e->name, StringValue(field));
  } else if (field.kind == TokenKind::kIdent) {
    ASSIGN_OR_RETURN(e->name, AttributeName(field));
  } else {
    return ErrorAt(field, "nom d'attribut attendu après « has »");
  }
  Take();
  if (IsPunct(".") || IsPunct("[")) {
    return ErrorAt(Peek(), "« has » sur un chemin d'attributs ne fait pas partie du sous-ensemble");
  }
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseLike(ExprPtr target, const Token& start) {
  Take();  // like
  const Token& pattern = Peek();
  if (pattern.kind != TokenKind::kString) return ErrorAt(pattern, "motif (chaîne littérale) attendu après « like »");
  Take();
  ExprPtr e = At(start, MakeExpr(ExprKind::kLike, std::move(target)));
  if (std::string error = UnescapePattern(pattern.text, &e->pattern); !error.empty()) {
    return ErrorAt(pattern, error);
  }
  return e;
}

// `e is T in E` is `e is T && e in E`, as Cedar desugars it.
absl::StatusOr<ExprPtr> Parser::ParseIs(ExprPtr target, const Token& start) {
  Take();  // is
  const Token& first = Peek();
  if (first.kind != TokenKind::kIdent) return ErrorAt(first, "type d'entité attendu après « is »");
  Take();
  ASSIGN_OR_RETURN(std::string type, ParsePathRest(first));
  if (IsPunct("::")) return ErrorAt(Peek(), "« is » attend un type d'entité, pas une entité");
  if (!IsIdent("in")) {
    ExprPtr e = At(start, MakeExpr(ExprKind::kIs, std::move(target)));
    e->name = std::move(type);
    return e;
  }
  Take();
  ASSIGN_OR_RETURN(ExprPtr container, ParseAdd());
  ExprPtr is = At(start, MakeExpr(ExprKind::kIs, CloneExpr(*target)));
  is->name = std::move(type);
  return At(start, MakeExpr(ExprKind::kAnd, std::move(is),
                            At(start, MakeExpr(ExprKind::kIn, std::move(target), std::move(container)))));
}

absl::StatusOr<ExprPtr> Parser::ParseAdd() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(ExprPtr e, ParseMult());
  while (IsPunct("+") || IsPunct("-")) {
    RETURN_IF_ERROR(CountLink());
    ExprKind kind = Take().text == "+" ? ExprKind::kAdd : ExprKind::kSub;
    ASSIGN_OR_RETURN(ExprPtr rhs, ParseMult());
    e = At(start, MakeExpr(kind, std::move(e), std::move(rhs)));
  }
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseMult() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(ExprPtr e, ParseUnary());
  while (IsPunct("*") || IsPunct("/") || IsPunct("%")) {
    RETURN_IF_ERROR(CountLink());
    const Token& op = Take();
    if (op.text != "*") return ErrorAt(op, "Cedar n'a ni division ni reste (« / », « % »)");
    ASSIGN_OR_RETURN(ExprPtr rhs, ParseUnary());
    e = At(start, MakeExpr(ExprKind::kMul, std::move(e), std::move(rhs)));
  }
  return e;
}

// ['!'{1,4} | '-'{1,4}] Member. A '-' directly before an integer literal
// makes a negative literal (so -9223372036854775808 is a Long), as in Cedar.
absl::StatusOr<ExprPtr> Parser::ParseUnary() {
  if (!IsPunct("!") && !IsPunct("-")) return ParseMember();
  const Token& first = Peek();
  std::string op = first.text;
  int count = 0;
  while (IsPunct(op)) {
    Take();
    if (++count > kMaxUnaryOperators) return ErrorAt(first, absl::StrCat("au plus quatre « ", op, " » à la suite"));
  }
  if (IsPunct("!") || IsPunct("-")) return ErrorAt(Peek(), "« ! » et « - » ne se mélangent pas sans parenthèses");
  ExprKind kind = op == "!" ? ExprKind::kNot : ExprKind::kNeg;
  ExprPtr e;
  bool bare_number = Peek().kind == TokenKind::kNumber && !IsPunct(".", 1) && !IsPunct("[", 1) &&
                     !IsPunct("(", 1);
  if (kind == ExprKind::kNeg && bare_number) {
    const Token& number = Take();
    uint64_t n = 0;
    constexpr uint64_t kMinMagnitude = uint64_t{1} << 63;
    if (!absl::SimpleAtoi(number.text, &n) || n > kMinMagnitude) return ErrorAt(number, "entier trop grand");
    // Cedar places a negative literal at its digits.
    e = At(number, MakeLiteral(Value::Long(n == kMinMagnitude ? std::numeric_limits<int64_t>::min()
                                                              : -static_cast<int64_t>(n))));
    --count;
  } else {
    ASSIGN_OR_RETURN(e, ParseMember());
  }
  for (int i = 0; i < count; ++i) e = At(first, MakeExpr(kind, std::move(e)));
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseMember() {
  const Token& start = Peek();
  ASSIGN_OR_RETURN(ExprPtr e, ParsePrimary());
  while (IsPunct(".") || IsPunct("[") || IsPunct("(")) {
    RETURN_IF_ERROR(CountLink());
    ASSIGN_OR_RETURN(e, ParseAccess(std::move(e), start));
  }
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseAccess(ExprPtr target, const Token& start) {
  const Token& op = Take();
  if (op.text == "(") return ErrorAt(op, "appel de fonction non reconnu");
  if (op.text == "[") {
    const Token& key = Peek();
    if (key.kind != TokenKind::kString) return ErrorAt(key, "indice : chaîne littérale attendue");
    Take();
    ExprPtr e = At(start, MakeExpr(ExprKind::kGetAttr, std::move(target)));
    ASSIGN_OR_RETURN(e->name, StringValue(key));
    RETURN_IF_ERROR(ExpectPunct("]"));
    return e;
  }
  const Token& name = Peek();
  if (name.kind != TokenKind::kIdent) return ErrorAt(name, "nom d'attribut attendu après « . »");
  ASSIGN_OR_RETURN(std::string attribute, AttributeName(name));
  Take();
  if (IsPunct("(")) return ParseMethod(std::move(target), name, start);
  ExprPtr e = At(start, MakeExpr(ExprKind::kGetAttr, std::move(target)));
  e->name = std::move(attribute);
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParseMethod(ExprPtr target, const Token& name,
                                            const Token& start) {
  ExprKind kind;
  size_t arity = 1;
  if (name.text == "contains") {
    kind = ExprKind::kContains;
  } else if (name.text == "containsAll") {
    kind = ExprKind::kContainsAll;
  } else if (name.text == "containsAny") {
    kind = ExprKind::kContainsAny;
  } else if (name.text == "isEmpty") {
    kind = ExprKind::kIsEmpty;
    arity = 0;
  } else if (name.text == "hasTag" || name.text == "getTag") {
    return ErrorAt(name, kTagMessage);
  } else if (IsExtensionMethod(name.text)) {
    return ErrorAt(name, kExtensionMessage);
  } else {
    return ErrorAt(name, absl::StrCat("méthode inconnue « ", name.text, " »"));
  }
  Take();  // (
  ExprPtr e = At(start, MakeExpr(kind, std::move(target)));
  while (!TryPunct(")")) {
    ASSIGN_OR_RETURN(e->args.emplace_back(), ParseExpr());
    if (!IsPunct(")")) RETURN_IF_ERROR(ExpectPunct(","));
  }
  if (e->args.size() != arity + 1) {
    return ErrorAt(name, absl::StrCat("« ", name.text, " » prend ", arity, " argument(s)"));
  }
  return e;
}

absl::StatusOr<ExprPtr> Parser::ParsePrimary() {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kNumber: {
      Take();
      int64_t n = 0;
      if (!absl::SimpleAtoi(t.text, &n)) return ErrorAt(t, "entier trop grand");
      return At(t, MakeLiteral(Value::Long(n)));
    }
    case TokenKind::kString: {
      Take();
      ASSIGN_OR_RETURN(std::string s, StringValue(t));
      return At(t, MakeLiteral(Value::String(std::move(s))));
    }
    case TokenKind::kSlot:
      return ErrorAt(t, kTemplateMessage);
    case TokenKind::kIdent:
      if ((t.text == "true" || t.text == "false") && !IsPunct("::", 1)) {
        Take();
        return At(t, MakeLiteral(Value::Bool(t.text == "true")));
      }
      return ParseNamePrimary();
    case TokenKind::kEnd:
      return ErrorAt(t, "fin du texte inattendue");
    case TokenKind::kPunct:
      break;
  }
  if (TryPunct("(")) {
    ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    RETURN_IF_ERROR(ExpectPunct(")"));
    return e;
  }
  if (IsPunct("[")) return ParseSetLiteral();
  if (IsPunct("{")) return ParseRecordLiteral();
  return ErrorAt(t, absl::StrCat("« ", t.text, " » inattendu"));
}

// A variable, an entity uid, or (refused) an extension function call.
absl::StatusOr<ExprPtr> Parser::ParseNamePrimary() {
  const Token& first = Take();
  if (IsPunct("(")) return ErrorAt(first, kExtensionMessage);
  ASSIGN_OR_RETURN(std::string path, ParsePathRest(first));
  if (IsPunct("::") && Peek(1).kind == TokenKind::kString) {
    Take();
    const Token& id = Take();
    ASSIGN_OR_RETURN(std::string decoded, StringValue(id));
    return At(first, MakeLiteral(Value::Entity(EntityUid{std::move(path), std::move(decoded)})));
  }
  if (IsPunct("::")) return ErrorAt(Peek(), "identifiant d'entité (chaîne) attendu après « :: »");
  if (IsPunct("(")) return ErrorAt(first, kExtensionMessage);
  if (path == "principal") return At(first, MakeVar(Var::kPrincipal));
  if (path == "action") return At(first, MakeVar(Var::kAction));
  if (path == "resource") return At(first, MakeVar(Var::kResource));
  if (path == "context") return At(first, MakeVar(Var::kContext));
  return ErrorAt(first, absl::StrCat("identifiant inconnu « ", path, " »"));
}

absl::StatusOr<ExprPtr> Parser::ParseSetLiteral() {
  const Token& open = Take();  // [
  ExprPtr e = At(open, MakeExpr(ExprKind::kSet));
  while (!TryPunct("]")) {
    ASSIGN_OR_RETURN(e->args.emplace_back(), ParseExpr());
    if (!IsPunct("]")) RETURN_IF_ERROR(ExpectPunct(","));
  }
  if (!AllLiterals(e->args)) return e;
  SetElements elements;
  for (const ExprPtr& arg : e->args) elements.push_back(arg->literal);
  return At(open, MakeLiteral(Value::Set(std::move(elements))));
}

absl::StatusOr<std::string> Parser::ParseRecordKey() {
  const Token& key = Peek();
  if (key.kind == TokenKind::kString) {
    Take();
    return StringValue(key);
  }
  if (key.kind != TokenKind::kIdent) {
    return ErrorAt(key, "clé d'enregistrement attendue (identifiant ou chaîne)");
  }
  ASSIGN_OR_RETURN(std::string name, AttributeName(key));
  Take();
  return name;
}

absl::StatusOr<ExprPtr> Parser::ParseRecordLiteral() {
  const Token& open = Take();  // {
  ExprPtr e = At(open, MakeExpr(ExprKind::kRecord));
  while (!TryPunct("}")) {
    const Token& key_token = Peek();
    ASSIGN_OR_RETURN(std::string key, ParseRecordKey());
    for (const std::string& k : e->keys) {
      if (k == key) return ErrorAt(key_token, absl::StrCat("clé « ", key, " » en double"));
    }
    RETURN_IF_ERROR(ExpectPunct(":"));
    ASSIGN_OR_RETURN(e->args.emplace_back(), ParseExpr());
    e->keys.push_back(std::move(key));
    if (!IsPunct("}")) RETURN_IF_ERROR(ExpectPunct(","));
  }
  if (!AllLiterals(e->args)) return e;
  RecordFields fields;
  for (size_t i = 0; i < e->keys.size(); ++i) fields.emplace_back(e->keys[i], e->args[i]->literal);
  return At(open, MakeLiteral(Value::Record(std::move(fields))));
}

}  // namespace suivi::policy::internal
