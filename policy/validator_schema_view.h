// policy/validator_schema_view.h
//
// What Cedar's validator asks of a schema, computed once per Validate:
// attribute and context types as validator types, the actions an action
// group holds, and whether an entity may be `in` another through the
// entity or the action hierarchy. Internal to the validator.
//
// Thread-safe: immutable once built.

#ifndef SUIVI_POLICY_VALIDATOR_SCHEMA_VIEW_H_
#define SUIVI_POLICY_VALIDATOR_SCHEMA_VIEW_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "policy/schema.h"
#include "policy/validator_types.h"

namespace suivi::policy::validator_internal {

// Cedar's test for an action entity type: its basename is `Action`
// ("Action", "NS::Action"), whether or not the schema declares it.
bool IsActionType(absl::string_view type);

// What the validator needs from the schema, computed once per Validate.
class SchemaView {
 public:
  explicit SchemaView(const Schema& schema);

  const Schema& schema() const { return schema_; }
  // The attributes of an entity type (a record type); nullptr for a type the
  // schema does not declare, such as an action type.
  const Type* EntityAttributes(const std::string& entity_type) const;
  // The context of a declared action (a record type).
  const Type& Context(const ActionDef& action) const;
  // The actions `action in A` holds for: A itself and every action in A,
  // transitively; nullptr when the schema does not declare A (Cedar's
  // get_actions_in_set, for one uid).
  const std::vector<EntityUid>* ActionsIn(const EntityUid& action) const;
  // Whether `type` is among Cedar's get_entity_types_in(ancestor): it is
  // `ancestor`, or an entity of type `type` may be a descendant of one of
  // type `ancestor`.
  bool MayBeIn(const std::string& type, const std::string& ancestor) const;
  // Cedar's test "may an entity of type `lhs` be `in` one of type `rhs`",
  // through the entity hierarchy or the action hierarchy.
  bool MayBeDescendantOf(const std::string& lhs, const std::string& rhs) const;

 private:
  const Schema& schema_;
  absl::flat_hash_map<std::string, Type> entity_attributes_;
  std::vector<Type> contexts_;  // by index in schema.actions()
  absl::flat_hash_map<EntityUid, size_t> action_index_;
  absl::flat_hash_map<EntityUid, std::vector<EntityUid>> actions_in_;
  // Pairs (descendant action type, ancestor action type) of the action
  // hierarchy, such as ("Action", "NS::Action").
  std::set<std::pair<std::string, std::string>> action_type_edges_;
};

}  // namespace suivi::policy::validator_internal

#endif  // SUIVI_POLICY_VALIDATOR_SCHEMA_VIEW_H_
