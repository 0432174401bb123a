// tests/cedar/schema_model.h
//
// A Cedar schema kept as a tree, for the validation differential test
// (validation_differential_test.cc): namespaces, entity types, common
// types and actions, printed in Cedar's schema syntax, resolved as Cedar
// resolves it (to type policies against it), and shrunk one declaration
// at a time when a case fails.
//
// Names held here are fully qualified ("Suivi::User"); the printer writes
// each one the way the declaration's namespace lets it (`User`,
// `Suivi::User`, `__cedar::Long`, `Action::"lire"`, ...).

#ifndef SUIVI_TESTS_CEDAR_SCHEMA_MODEL_H_
#define SUIVI_TESTS_CEDAR_SCHEMA_MODEL_H_

#include <string>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {

struct AttributeModel;

// A type as written in a schema (kCommon: a reference to a common type),
// or, once resolved, as the validator sees it (no kCommon).
struct TypeModel {
  enum class Kind { kBool, kLong, kString, kEntity, kSet, kRecord, kCommon };
  Kind kind = Kind::kLong;
  // kEntity, kCommon: the qualified name (or an undeclared one).
  std::string name;
  // kSet: exactly one, the element type.
  std::vector<TypeModel> element;
  // kRecord: the attributes, in declaration order.
  std::vector<AttributeModel> attributes;
  // Printed in full where it could be shortened (`Suivi::User` inside
  // Suivi, `__cedar::Long`).
  bool qualified = false;

  static TypeModel Bool() { return Of(Kind::kBool); }
  static TypeModel Long() { return Of(Kind::kLong); }
  static TypeModel String() { return Of(Kind::kString); }
  static TypeModel Entity(std::string name);
  static TypeModel Set(TypeModel element);
  static TypeModel Record(std::vector<AttributeModel> attributes);
  static TypeModel Of(Kind kind);

  // Structural equality, ignoring how the type is printed.
  bool SameAs(const TypeModel& other) const;
  // For people: Long, Suivi::User, Set<Long>, {a: Long, b?: String}.
  std::string Describe() const;
};

struct AttributeModel {
  std::string name;
  TypeModel type;
  bool required = true;
};

// An action as another declaration refers to it.
struct ActionRefModel {
  std::string ns;  // "" for the empty namespace
  std::string id;
  // Written `Action::"id"` rather than `id` where the namespace allows.
  bool as_uid = false;
};

struct EntityModel {
  std::string ns;
  std::string name;                  // unqualified
  std::vector<TypeModel> member_of;  // kEntity
  std::vector<AttributeModel> attributes;
  std::vector<std::string> enum_ids;  // non-empty: an enumerated type
  // `entity A = {...}` rather than `entity A {...}`; `in T` rather than
  // `in [T]` for one parent.
  bool equals_form = false;
  bool compact = false;
  bool empty_parents = false;  // `in []` when member_of is empty
  std::string annotation;      // printed before, e.g. @doc("x")
  int order = 0;               // place among the namespace's declarations
  // Non-zero: declared in one `entity A, B ...;` with the entities of the
  // same group, namespace and body.
  int group = 0;

  std::string Qualified() const;
};

struct CommonTypeModel {
  std::string ns;
  std::string name;
  TypeModel type;
  std::string annotation;
  int order = 0;

  std::string Qualified() const;
};

struct ActionModel {
  std::string ns;
  std::string id;
  std::vector<ActionRefModel> member_of;
  bool applies = false;               // has appliesTo
  std::vector<TypeModel> principals;  // kEntity
  std::vector<TypeModel> resources;
  bool has_context = false;
  TypeModel context;  // a record, or a common type naming one
  // A single principal or resource type written without brackets.
  bool compact = false;
  bool omit_principal = false;  // a mistake: appliesTo without principal
  std::string annotation;
  int order = 0;
  int group = 0;  // as EntityModel::group: `action a, b ...;`

  // "Action" or "NS::Action".
  std::string Type() const;
};

struct SchemaModel {
  std::vector<std::string> namespaces;  // in print order; "" is top level
  std::vector<EntityModel> entities;
  std::vector<CommonTypeModel> common_types;
  std::vector<ActionModel> actions;
  // A mistake of syntax: the last declaration loses its `;`.
  bool drop_last_semicolon = false;
  // `// ...` comments between declarations; `@doc` on namespaces.
  bool comments = false;
  bool annotate_namespaces = false;

  // Cedar's schema syntax.
  std::string ToText() const;
};

// Every schema one simplification away from `s`: a declaration, an
// attribute, a parent, an appliesTo type or the context dropped, a type
// replaced by Long, a name printed short. Used to shrink a failing case.
std::vector<SchemaModel> SchemaShrinks(const SchemaModel& s);

std::string Qualify(const std::string& ns, const std::string& name);

// Cedar's reserved identifiers, which attribute names and action ids
// cannot be written bare.
bool IsReservedWord(const std::string& s);

// An entity type as the validator knows it: common types inlined.
struct EntityInfo {
  std::string name;  // qualified
  std::vector<std::string> parents;
  std::vector<AttributeModel> attributes;
  std::vector<std::string> enum_ids;
};

struct ActionInfo {
  std::string type;  // "Action" or "NS::Action"
  std::string id;
  // Every action group it is in, transitively: (type, id).
  std::vector<std::pair<std::string, std::string>> ancestors;
  // The groups it is declared in: (type, id).
  std::vector<std::pair<std::string, std::string>> parents;
  bool applies = false;
  std::vector<std::string> principals;
  std::vector<std::string> resources;
  std::vector<AttributeModel> context;
};

// A valid schema as Cedar resolves it. An attribute declared twice in
// one record keeps its last declaration, as Cedar's.
class ResolvedSchema {
 public:
  // REQUIRES: `model` is a schema Cedar accepts.
  explicit ResolvedSchema(const SchemaModel& model);

  const std::vector<EntityInfo>& entities() const { return entities_; }
  const std::vector<ActionInfo>& actions() const { return actions_; }
  // nullptr when undeclared.
  const EntityInfo* FindEntity(const std::string& name) const;

  // `type` with every common type inlined.
  TypeModel Resolve(const TypeModel& type) const;

  // An entity of type `descendant` may have one of type `ancestor` among
  // its ancestors (one step or more through the declared parents).
  bool MayBeDescendant(const std::string& descendant, const std::string& ancestor) const;

 private:
  std::vector<CommonTypeModel> common_types_;
  std::vector<EntityInfo> entities_;
  std::vector<ActionInfo> actions_;
};

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_SCHEMA_MODEL_H_
