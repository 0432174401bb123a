#include "policy/policy_set.h"

#include <algorithm>
#include <utility>

namespace suivi::policy {
namespace {

void AppendIndexed(const absl::flat_hash_map<EntityUid, std::vector<uint32_t>>& index,
                   const EntityUid& key, std::vector<uint32_t>* out) {
  auto it = index.find(key);
  if (it != index.end()) out->insert(out->end(), it->second.begin(), it->second.end());
}

}  // namespace

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {
  for (uint32_t i = 0; i < policies_.size(); ++i) {
    const Policy& p = policies_[i];
    if (p.action_scope.empty()) {
      any_action_.push_back(i);
      continue;
    }
    auto& index = p.action_scope_in ? by_action_in_ : by_action_eq_;
    for (const EntityUid& target : p.action_scope) {
      std::vector<uint32_t>& list = index[target];
      if (list.empty() || list.back() != i) list.push_back(i);  // `in [A, A]`
    }
  }
}

void PolicySet::CandidatesFor(const EntityUid& action, const Entity* action_entity,
                              std::vector<uint32_t>* out) const {
  out->assign(any_action_.begin(), any_action_.end());
  AppendIndexed(by_action_eq_, action, out);
  AppendIndexed(by_action_in_, action, out);
  if (action_entity != nullptr) {
    for (const EntityUid& ancestor : action_entity->ancestors) {
      AppendIndexed(by_action_in_, ancestor, out);
    }
  }
  // In text order, each once (a policy may name several of the ancestors).
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace suivi::policy
