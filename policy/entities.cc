// policy/entities.cc

#include "policy/entities.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace suivi::policy {

absl::StatusOr<Entities> Entities::Build(std::vector<Entity> entities) {
  return BuildOver({}, std::move(entities));
}

absl::StatusOr<Entities> Entities::BuildOver(std::vector<std::shared_ptr<const Entities>> bases,
                                             std::vector<Entity> entities) {
  Entities store;
  store.bases_ = std::move(bases);
  for (Entity& entity : entities) {
    EntityUid uid = entity.uid;
    if (!store.entities_.emplace(uid, std::move(entity)).second) {
      return absl::InvalidArgumentError(absl::StrCat("entité en double : ", uid.ToString()));
    }
  }
  for (auto& [uid, entity] : store.entities_) {
    std::vector<EntityUid> pending = entity.parents;
    while (!pending.empty()) {
      EntityUid next = std::move(pending.back());
      pending.pop_back();
      if (!entity.ancestors.insert(next).second) continue;
      const Entity* parent = store.Find(next);
      if (parent == nullptr) continue;
      if (!store.entities_.contains(next)) {
        // A base entity: its ancestors are already closed.
        entity.ancestors.insert(parent->ancestors.begin(), parent->ancestors.end());
      } else {
        pending.insert(pending.end(), parent->parents.begin(), parent->parents.end());
      }
    }
    if (entity.ancestors.contains(uid)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cycle dans la hiérarchie des entités : ", uid.ToString()));
    }
  }
  return store;
}

const Entity* Entities::Find(const EntityUid& uid) const {
  auto it = entities_.find(uid);
  if (it != entities_.end()) return &it->second;
  for (const auto& base : bases_) {
    if (const Entity* entity = base->Find(uid)) return entity;
  }
  return nullptr;
}

bool Entities::IsIn(const EntityUid& a, const EntityUid& b) const {
  if (a == b) return true;
  const Entity* entity = Find(a);
  return entity != nullptr && entity->ancestors.contains(b);
}

}  // namespace suivi::policy
