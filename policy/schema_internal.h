// policy/schema_internal.h
//
// The schema as written, before names are resolved: what the syntax pass
// (schema_parser.cc) hands to the builder (schema.cc). Names are kept as
// written, with the position of each, so the builder can refuse a name
// that resolves to nothing at the place it was written.

#ifndef SUIVI_POLICY_SCHEMA_INTERNAL_H_
#define SUIVI_POLICY_SCHEMA_INTERNAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::policy::schema_internal {

struct Pos {
  int line = 0;
  int column = 0;
};

// A path as written: `User`, `Suivi::User`, `__cedar::Long`.
struct RawName {
  std::vector<std::string> parts;
  Pos pos;

  std::string Joined() const;  // "Suivi::User"
  bool qualified() const { return parts.size() > 1; }
};

struct RawAttribute;

struct RawType {
  enum class Kind { kName, kSet, kRecord };
  Kind kind = Kind::kName;
  RawName name;                          // kName
  std::vector<RawType> element;          // kSet: one element
  std::vector<RawAttribute> attributes;  // kRecord, in text order
  Pos pos;
};

struct RawAttribute {
  std::string name;
  RawType type;
  bool required = true;
  Pos pos;
};

struct RawIdent {
  std::string text;
  Pos pos;
};

struct RawEntityDecl {
  std::vector<RawIdent> names;
  std::vector<RawName> member_of;
  RawType shape;  // kRecord
  bool is_enum = false;
  std::vector<std::string> enum_ids;
};

// `"read"`, `read`, `Action::"read"`, `NS::Action::"read"`.
struct RawActionRef {
  std::optional<RawName> type;  // absent: `Action`
  std::string id;
  Pos pos;
};

struct RawActionDecl {
  std::vector<RawIdent> names;
  std::vector<RawActionRef> parents;
  bool has_applies_to = false;
  std::vector<RawName> principals;
  std::vector<RawName> resources;
  // The context: a record written in place, or the name of a common type.
  std::optional<RawType> context;
};

struct RawCommonTypeDecl {
  RawIdent name;
  RawType type;
};

struct RawDecl {
  enum class Kind { kEntity, kAction, kCommonType };
  Kind kind = Kind::kEntity;
  RawEntityDecl entity;
  RawActionDecl action;
  RawCommonTypeDecl common;
  Pos pos;  // of the keyword
};

// `namespace N { ... }`, or one declaration outside any namespace (then
// `name` is empty), as in Cedar's grammar.
struct RawNamespace {
  std::optional<RawName> name;
  std::vector<RawDecl> decls;
};

struct RawSchema {
  std::vector<RawNamespace> namespaces;  // in text order
};

// The syntax pass: Cedar's schema grammar, reserved identifiers, string
// escapes, duplicate annotations, the shape of `appliesTo`, and the
// constructs outside the subset that the grammar alone tells apart (entity
// tags). INVALID_ARGUMENT "ligne L, colonne C : ...".
absl::StatusOr<RawSchema> ParseSchemaSyntax(absl::string_view text);

}  // namespace suivi::policy::schema_internal

#endif  // SUIVI_POLICY_SCHEMA_INTERNAL_H_
