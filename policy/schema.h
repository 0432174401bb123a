// policy/schema.h
//
// A schema in Cedar's schema format (the human-readable `.cedarschema`
// syntax), restricted to the subset: namespaces, entity types (with `in`,
// attributes, optional attributes, enumerated ids), common types (`type`),
// actions (with `in` and `appliesTo { principal, resource, context }`),
// annotations on declarations. Types are Bool, Long, String, entity types,
// Set<T> and records. Extension types (decimal, ipaddr, datetime,
// duration) and entity tags are outside the subset and refused with the
// line and column, never silently misread.
//
// Names are resolved as Cedar resolves them when the schema is parsed:
// every name held here is fully qualified ("Suivi::User"), common types
// are inlined, `Bool`, `Long`, `String` may be written `__cedar::Long`.
//
// Thread-safe: immutable once parsed.

#ifndef SUIVI_POLICY_SCHEMA_H_
#define SUIVI_POLICY_SCHEMA_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/value.h"

namespace suivi::policy {

struct SchemaAttribute;

// A type written in a schema, with common types already inlined.
struct SchemaType {
  enum class Kind { kBool, kLong, kString, kEntity, kSet, kRecord };
  Kind kind = Kind::kBool;
  // kEntity: the fully qualified entity type.
  std::string entity_type;
  // kSet: exactly one element, the element type.
  std::vector<SchemaType> element;
  // kRecord: the attributes, sorted by name. Records are closed: no
  // attribute beyond these may appear.
  std::vector<SchemaAttribute> attributes;

  // kRecord: the attribute `name`, or nullptr.
  const SchemaAttribute* FindAttribute(absl::string_view name) const;

  // Cedar's notation, for messages: Long, Set<NS::User>, {a: Long, b?: String}.
  std::string ToString() const;
};

struct SchemaAttribute {
  std::string name;
  SchemaType type;
  bool required = true;  // false when declared `name?: T`
};

struct EntityTypeDef {
  std::string name;  // fully qualified
  // The entity types an entity of this type may have as parents
  // (`entity User in [Group]`), fully qualified.
  std::vector<std::string> member_of_types;
  // The attributes: a kRecord type (empty when none are declared).
  SchemaType shape;
  // Enumerated entity type (`entity Etat enum ["ouvert", "clos"]`): the only
  // ids its entities may have. Empty for an ordinary entity type.
  std::vector<std::string> enum_ids;
};

struct ActionDef {
  EntityUid uid;  // type "Action" or "NS::Action"
  // The action groups it is declared `in`, fully qualified.
  std::vector<EntityUid> member_of;
  // From `appliesTo`, fully qualified. Both empty when the action has no
  // `appliesTo` (it then applies to no request).
  std::vector<std::string> principal_types;
  std::vector<std::string> resource_types;
  // The context: a kRecord type (empty when none is declared).
  SchemaType context;
};

class Schema {
 public:
  // Definitions in the order they appear in the text.
  const std::vector<EntityTypeDef>& entity_types() const { return entity_types_; }
  const std::vector<ActionDef>& actions() const { return actions_; }

  // nullptr when the schema declares no such entity type / action.
  const EntityTypeDef* FindEntityType(absl::string_view name) const;
  const ActionDef* FindAction(const EntityUid& uid) const;

  // True when `type` is the type of the schema's actions ("Action" or
  // "NS::Action" for a namespace that declares actions).
  bool IsActionType(absl::string_view type) const;

  // True when an entity of type `descendant` may have an entity of type
  // `ancestor` among its ancestors: `ancestor` is reachable from
  // `descendant` through member_of_types, one step or more (Cedar's
  // "descendants" relation of the schema).
  bool MayBeDescendant(absl::string_view descendant, absl::string_view ancestor) const;

  // Every action `action` is in, transitively (not including itself), or
  // an empty list for an unknown action.
  const std::vector<EntityUid>& ActionAncestors(const EntityUid& action) const;

 private:
  friend class SchemaBuilder;  // schema.cc

  std::vector<EntityTypeDef> entity_types_;
  std::vector<ActionDef> actions_;
  absl::flat_hash_map<std::string, size_t> entity_type_index_;
  absl::flat_hash_map<EntityUid, size_t> action_index_;
  absl::flat_hash_set<std::string> action_types_;
  // descendant type -> its possible ancestor types (transitive).
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> ancestor_types_;
  absl::flat_hash_map<EntityUid, std::vector<EntityUid>> action_ancestors_;
};

// Parses a schema in Cedar's schema format. INVALID_ARGUMENT "ligne L,
// colonne C : ..." (in French) on a syntax error, a construct outside the
// subset, a name that resolves to nothing, a duplicate declaration, or a
// cycle in the action hierarchy — the schemas Cedar refuses.
absl::StatusOr<std::shared_ptr<const Schema>> ParseSchema(absl::string_view text);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_SCHEMA_H_
