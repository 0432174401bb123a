// policy/validator_schema_view.cc

#include "policy/validator_schema_view.h"

namespace suivi::policy::validator_internal {

bool IsActionType(absl::string_view type) {
  size_t colon = type.rfind("::");
  return (colon == absl::string_view::npos ? type : type.substr(colon + 2)) == "Action";
}

SchemaView::SchemaView(const Schema& schema) : schema_(schema) {
  for (const EntityTypeDef& def : schema.entity_types()) {
    entity_attributes_.emplace(def.name, FromSchema(def.shape));
  }
  const std::vector<ActionDef>& actions = schema.actions();
  for (size_t i = 0; i < actions.size(); ++i) {
    contexts_.push_back(FromSchema(actions[i].context));
    action_index_.emplace(actions[i].uid, i);
    actions_in_[actions[i].uid].push_back(actions[i].uid);
  }
  for (const ActionDef& action : actions) {
    for (const EntityUid& ancestor : schema.ActionAncestors(action.uid)) {
      actions_in_[ancestor].push_back(action.uid);
      action_type_edges_.emplace(action.uid.type, ancestor.type);
    }
  }
}

const Type* SchemaView::EntityAttributes(const std::string& entity_type) const {
  auto it = entity_attributes_.find(entity_type);
  return it == entity_attributes_.end() ? nullptr : &it->second;
}

const Type& SchemaView::Context(const ActionDef& action) const {
  return contexts_[action_index_.at(action.uid)];
}

const std::vector<EntityUid>* SchemaView::ActionsIn(const EntityUid& action) const {
  if (schema_.FindAction(action) == nullptr) return nullptr;
  auto it = actions_in_.find(action);
  return it == actions_in_.end() ? nullptr : &it->second;
}

bool SchemaView::MayBeIn(const std::string& type, const std::string& ancestor) const {
  return type == ancestor || schema_.MayBeDescendant(type, ancestor);
}

bool SchemaView::MayBeDescendantOf(const std::string& lhs, const std::string& rhs) const {
  return MayBeIn(lhs, rhs) || action_type_edges_.count({lhs, rhs}) > 0;
}

}  // namespace suivi::policy::validator_internal
