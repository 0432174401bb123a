// policy/schema_parser.cc: the syntax of Cedar's schema format (Cedar's
// grammar.lalrpop for `.cedarschema`), into the RawSchema of
// schema_internal.h. Names are resolved later, by schema.cc.

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "policy/lexer.h"
#include "policy/schema_internal.h"

namespace suivi::policy::schema_internal {

std::string RawName::Joined() const { return absl::StrJoin(parts, "::"); }

namespace {

// Cedar's reserved identifiers: never a name, even in a schema (an
// attribute may still be called so when written as a string, "if").
bool IsReservedIdent(absl::string_view word) {
  for (const char* r : {"true", "false", "if", "then", "else", "in", "is", "like", "has"}) {
    if (word == r) return true;
  }
  return false;
}

Pos PosOf(const Token& token) { return Pos{token.line, token.column}; }

class SchemaParser : public TokenCursor {
 public:
  explicit SchemaParser(std::vector<Token> tokens) : TokenCursor(std::move(tokens)) {}

  absl::StatusOr<RawSchema> ParseAll();

 private:
  // Declarations.
  absl::StatusOr<RawNamespace> ParseNamespace();
  // `expected`: what the error says is expected when no declaration starts.
  absl::StatusOr<RawDecl> ParseDecl(absl::string_view expected);
  absl::Status ParseEntity(RawEntityDecl* entity);
  absl::Status ParseAction(RawActionDecl* action);
  absl::Status ParseAppliesTo(RawActionDecl* action);
  absl::Status ParseCommonType(RawCommonTypeDecl* common);
  // Annotations are checked (grammar, escapes, duplicates) and dropped:
  // they mean nothing to Cedar's checks.
  absl::Status SkipAnnotations();

  // Types and names.
  absl::StatusOr<RawType> ParseType();
  absl::StatusOr<RawType> ParseTypeBody();
  // After `{`, up to and including `}`.
  absl::StatusOr<std::vector<RawAttribute>> ParseRecordBody();
  absl::StatusOr<std::vector<RawName>> ParseEntityTypes();
  absl::StatusOr<RawName> ParsePath();
  absl::StatusOr<RawIdent> ParseIdent();
  absl::StatusOr<RawIdent> ParseName();  // an identifier or a string
  absl::StatusOr<RawActionRef> ParseActionRef();
  absl::StatusOr<std::string> ParseString();

  // Tokens.
  absl::Status ExpectPunct(absl::string_view p);
  absl::Status Unexpected(absl::string_view expected) const;
  absl::Status ErrorAt(const Token& token, absl::string_view message) const;

  static constexpr int kMaxTypeNesting = 64;
  int nesting_ = 0;
};

absl::Status SchemaParser::ExpectPunct(absl::string_view p) {
  if (TryPunct(p)) return absl::OkStatus();
  return Unexpected(absl::StrCat("« ", p, " » attendu"));
}

// "« x » inattendu : <expected>" (or "fin du texte inattendue : ...").
absl::Status SchemaParser::Unexpected(absl::string_view expected) const {
  const Token& t = Peek();
  std::string found = t.kind == TokenKind::kEnd ? "fin du texte inattendue"
                      : t.kind == TokenKind::kString
                          ? "chaîne inattendue"
                          : absl::StrCat("« ", t.text, " » inattendu");
  return ErrorAt(t, absl::StrCat(found, " : ", expected));
}

absl::Status SchemaParser::ErrorAt(const Token& token, absl::string_view message) const {
  return SyntaxError(token.line, token.column, message);
}

absl::StatusOr<RawSchema> SchemaParser::ParseAll() {
  RawSchema schema;
  while (Peek().kind != TokenKind::kEnd) {
    RETURN_IF_ERROR(SkipAnnotations());
    if (IsIdent("namespace")) {
      ASSIGN_OR_RETURN(schema.namespaces.emplace_back(), ParseNamespace());
    } else {
      // A declaration outside any namespace is a namespace of its own
      // without a name, as in Cedar's grammar.
      ASSIGN_OR_RETURN(RawDecl decl, ParseDecl("« entity », « action », « type » ou « namespace » attendu"));
      schema.namespaces.emplace_back().decls.push_back(std::move(decl));
    }
  }
  return schema;
}

absl::StatusOr<RawNamespace> SchemaParser::ParseNamespace() {
  Take();  // namespace
  RawNamespace ns;
  ASSIGN_OR_RETURN(ns.name, ParsePath());
  RETURN_IF_ERROR(ExpectPunct("{"));
  while (!TryPunct("}")) {
    if (Peek().kind == TokenKind::kEnd) return Unexpected("« } » attendu");
    RETURN_IF_ERROR(SkipAnnotations());
    ASSIGN_OR_RETURN(ns.decls.emplace_back(), ParseDecl("« entity », « action », « type » ou « } » attendu"));
  }
  return ns;
}

absl::StatusOr<RawDecl> SchemaParser::ParseDecl(absl::string_view expected) {
  RawDecl decl;
  decl.pos = PosOf(Peek());
  if (IsIdent("entity")) {
    decl.kind = RawDecl::Kind::kEntity;
    RETURN_IF_ERROR(ParseEntity(&decl.entity));
  } else if (IsIdent("action")) {
    decl.kind = RawDecl::Kind::kAction;
    RETURN_IF_ERROR(ParseAction(&decl.action));
  } else if (IsIdent("type")) {
    decl.kind = RawDecl::Kind::kCommonType;
    RETURN_IF_ERROR(ParseCommonType(&decl.common));
  } else {
    return Unexpected(expected);
  }
  return decl;
}

// entity A, B [in Types] [[=] { attrs }] ;   or   entity A, B enum ["x", ...] ;
absl::Status SchemaParser::ParseEntity(RawEntityDecl* entity) {
  Take();  // entity
  do {
    ASSIGN_OR_RETURN(entity->names.emplace_back(), ParseIdent());
  } while (TryPunct(","));
  entity->shape.kind = RawType::Kind::kRecord;
  if (IsIdent("enum")) {
    Take();
    entity->is_enum = true;
    RETURN_IF_ERROR(ExpectPunct("["));
    do {
      ASSIGN_OR_RETURN(entity->enum_ids.emplace_back(), ParseString());
    } while (TryPunct(","));
    RETURN_IF_ERROR(ExpectPunct("]"));
    return ExpectPunct(";");
  }
  if (IsIdent("in")) {
    Take();
    ASSIGN_OR_RETURN(entity->member_of, ParseEntityTypes());
  }
  entity->shape.pos = PosOf(Peek());
  bool equals = TryPunct("=");
  if (equals || IsPunct("{")) {
    RETURN_IF_ERROR(ExpectPunct("{"));
    ASSIGN_OR_RETURN(entity->shape.attributes, ParseRecordBody());
  }
  if (IsIdent("tags")) {
    return ErrorAt(Peek(), "les étiquettes d'entité (tags) ne font pas partie du sous-ensemble");
  }
  return ExpectPunct(";");
}

// action "a", b [in Ref | in [Ref, ...]] [appliesTo { ... }] [attributes {}] ;
absl::Status SchemaParser::ParseAction(RawActionDecl* action) {
  Take();  // action
  do {
    ASSIGN_OR_RETURN(action->names.emplace_back(), ParseName());
  } while (TryPunct(","));
  if (IsIdent("in")) {
    Take();
    if (TryPunct("[")) {
      do {
        ASSIGN_OR_RETURN(action->parents.emplace_back(), ParseActionRef());
      } while (TryPunct(","));
      RETURN_IF_ERROR(ExpectPunct("]"));
    } else {
      ASSIGN_OR_RETURN(action->parents.emplace_back(), ParseActionRef());
    }
  }
  if (IsIdent("appliesTo")) {
    Take();
    RETURN_IF_ERROR(ExpectPunct("{"));
    RETURN_IF_ERROR(ParseAppliesTo(action));
    RETURN_IF_ERROR(ExpectPunct("}"));
  }
  // Cedar's grammar allows an empty `attributes {}` (and nothing else):
  // action attributes are not supported, so it means nothing.
  if (IsIdent("attributes")) {
    Take();
    RETURN_IF_ERROR(ExpectPunct("{"));
    RETURN_IF_ERROR(ExpectPunct("}"));
  }
  return ExpectPunct(";");
}

// principal: Types, resource: Types, context: {...} | Name — in any order,
// each at most once, principal and resource required and not `[]`.
absl::Status SchemaParser::ParseAppliesTo(RawActionDecl* action) {
  action->has_applies_to = true;
  const RawIdent& name = action->names.front();
  bool has_principal = false, has_resource = false;
  do {
    const Token& key = Peek();
    bool principal = IsIdent("principal"), resource = IsIdent("resource");
    if (!principal && !resource && !IsIdent("context")) {
      return Unexpected("« principal », « resource » ou « context » attendu");
    }
    Take();
    RETURN_IF_ERROR(ExpectPunct(":"));
    if (principal || resource) {
      bool& seen = principal ? has_principal : has_resource;
      if (seen) {
        return ErrorAt(key, absl::StrCat("« ", key.text, " » déclaré deux fois pour l'action « ", name.text, " »"));
      }
      seen = true;
      ASSIGN_OR_RETURN(std::vector<RawName> types, ParseEntityTypes());
      if (types.empty()) {
        return ErrorAt(key, absl::StrCat("« ", key.text, " » ne peut être la liste vide pour l'action « ",
                                         name.text, " »"));
      }
      (principal ? action->principals : action->resources) = std::move(types);
    } else {
      if (action->context) {
        return ErrorAt(key, absl::StrCat("« context » déclaré deux fois pour l'action « ", name.text, " »"));
      }
      if (IsPunct("{")) {
        ASSIGN_OR_RETURN(action->context, ParseType());
      } else {
        RawType context;
        ASSIGN_OR_RETURN(context.name, ParsePath());
        context.pos = context.name.pos;
        action->context = std::move(context);
      }
    }
  } while (TryPunct(",") && !IsPunct("}"));
  for (const char* missing : {has_principal ? nullptr : "principal", has_resource ? nullptr : "resource"}) {
    if (missing == nullptr) continue;
    return SyntaxError(name.pos.line, name.pos.column,
                       absl::StrCat("« ", missing, " » manque dans « appliesTo » pour l'action « ", name.text, " »"));
  }
  return absl::OkStatus();
}

// type Name = Type ;
absl::Status SchemaParser::ParseCommonType(RawCommonTypeDecl* common) {
  Take();  // type
  ASSIGN_OR_RETURN(common->name, ParseIdent());
  RETURN_IF_ERROR(ExpectPunct("="));
  ASSIGN_OR_RETURN(common->type, ParseType());
  return ExpectPunct(";");
}

// @name or @name("value"), any number; a name at most once.
absl::Status SchemaParser::SkipAnnotations() {
  absl::flat_hash_set<std::string> seen;
  while (IsPunct("@")) {
    Take();
    const Token& key = Peek();
    if (key.kind != TokenKind::kIdent) return Unexpected("nom d'annotation attendu");
    Take();
    if (!seen.insert(key.text).second) {
      return ErrorAt(key, absl::StrCat("annotation « ", key.text, " » en double"));
    }
    if (TryPunct("(")) {
      RETURN_IF_ERROR(ParseString().status());
      RETURN_IF_ERROR(ExpectPunct(")"));
    }
  }
  return absl::OkStatus();
}

// Name | Set<Type> | { attrs }. Nesting is bounded, as in policies
// (parser_internal.h): every pass over a type recurses.
absl::StatusOr<RawType> SchemaParser::ParseType() {
  if (nesting_ >= kMaxTypeNesting) {
    return ErrorAt(Peek(), absl::StrCat("type imbriqué sur plus de ", kMaxTypeNesting,
                                        " niveaux : hors du sous-ensemble"));
  }
  ++nesting_;
  absl::StatusOr<RawType> type = ParseTypeBody();
  --nesting_;
  return type;
}

absl::StatusOr<RawType> SchemaParser::ParseTypeBody() {
  RawType type;
  type.pos = PosOf(Peek());
  if (TryPunct("{")) {
    type.kind = RawType::Kind::kRecord;
    ASSIGN_OR_RETURN(type.attributes, ParseRecordBody());
  } else if (IsIdent("Set") && IsPunct("<", 1)) {
    Take();
    Take();
    type.kind = RawType::Kind::kSet;
    ASSIGN_OR_RETURN(type.element.emplace_back(), ParseType());
    RETURN_IF_ERROR(ExpectPunct(">"));
  } else if (Peek().kind == TokenKind::kIdent) {
    type.kind = RawType::Kind::kName;
    ASSIGN_OR_RETURN(type.name, ParsePath());
  } else {
    return Unexpected("type attendu");
  }
  return type;
}

// [@annotations] name[?]: Type, ... [,] }
absl::StatusOr<std::vector<RawAttribute>> SchemaParser::ParseRecordBody() {
  std::vector<RawAttribute> attributes;
  while (!TryPunct("}")) {
    RETURN_IF_ERROR(SkipAnnotations());
    RawAttribute& attribute = attributes.emplace_back();
    ASSIGN_OR_RETURN(RawIdent name, ParseName());
    attribute.name = std::move(name.text);
    attribute.pos = name.pos;
    attribute.required = !TryPunct("?");
    RETURN_IF_ERROR(ExpectPunct(":"));
    ASSIGN_OR_RETURN(attribute.type, ParseType());
    if (!TryPunct(",")) {
      RETURN_IF_ERROR(ExpectPunct("}"));
      break;
    }
  }
  return attributes;
}

// Path | [Path, ...] (possibly empty)
absl::StatusOr<std::vector<RawName>> SchemaParser::ParseEntityTypes() {
  std::vector<RawName> types;
  if (!TryPunct("[")) {
    ASSIGN_OR_RETURN(types.emplace_back(), ParsePath());
    return types;
  }
  if (TryPunct("]")) return types;
  do {
    ASSIGN_OR_RETURN(types.emplace_back(), ParsePath());
  } while (TryPunct(","));
  RETURN_IF_ERROR(ExpectPunct("]"));
  return types;
}

// Ident { :: Ident }
absl::StatusOr<RawName> SchemaParser::ParsePath() {
  RawName name;
  name.pos = PosOf(Peek());
  ASSIGN_OR_RETURN(RawIdent first, ParseIdent());
  name.parts.push_back(std::move(first.text));
  while (IsPunct("::") && Peek(1).kind == TokenKind::kIdent) {
    Take();
    ASSIGN_OR_RETURN(RawIdent next, ParseIdent());
    name.parts.push_back(std::move(next.text));
  }
  return name;
}

absl::StatusOr<RawIdent> SchemaParser::ParseIdent() {
  const Token& token = Peek();
  if (token.kind != TokenKind::kIdent) return Unexpected("identifiant attendu");
  if (IsReservedIdent(token.text)) {
    return ErrorAt(token, absl::StrCat("« ", token.text, " » est un identifiant réservé"));
  }
  Take();
  return RawIdent{token.text, PosOf(token)};
}

absl::StatusOr<RawIdent> SchemaParser::ParseName() {
  if (Peek().kind == TokenKind::kIdent) return ParseIdent();
  if (Peek().kind != TokenKind::kString) return Unexpected("nom (identifiant ou chaîne) attendu");
  Pos pos = PosOf(Peek());
  ASSIGN_OR_RETURN(std::string text, ParseString());
  return RawIdent{std::move(text), pos};
}

// "id" | id | Path::"id"
absl::StatusOr<RawActionRef> SchemaParser::ParseActionRef() {
  RawActionRef ref;
  ref.pos = PosOf(Peek());
  if (Peek().kind == TokenKind::kString) {
    ASSIGN_OR_RETURN(ref.id, ParseString());
    return ref;
  }
  ASSIGN_OR_RETURN(RawName path, ParsePath());
  if (!TryPunct("::")) {
    if (path.qualified()) return Unexpected("« :: » suivi de l'identifiant de l'action (chaîne) attendu");
    ref.id = std::move(path.parts.front());
    return ref;
  }
  if (Peek().kind != TokenKind::kString) return Unexpected("identifiant de l'action (chaîne) attendu");
  ASSIGN_OR_RETURN(ref.id, ParseString());
  ref.type = std::move(path);
  return ref;
}

absl::StatusOr<std::string> SchemaParser::ParseString() {
  const Token& token = Peek();
  if (token.kind != TokenKind::kString) return Unexpected("chaîne attendue");
  Take();
  std::string out;
  if (std::string error = Unescape(token.text, &out); !error.empty()) return ErrorAt(token, error);
  return out;
}

}  // namespace

absl::StatusOr<RawSchema> ParseSchemaSyntax(absl::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text, LexMode::kSchema));
  return SchemaParser(std::move(tokens)).ParseAll();
}

}  // namespace suivi::policy::schema_internal
