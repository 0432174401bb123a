// policy/entities.h
//
// An entity store: each entity's attributes and the transitive closure of
// its parents, computed once when the store is built. As in Cedar, a store
// whose parent relation has a cycle is refused.
//
// A store may be layered over a base store: the server keeps the
// directory's entities and the charte's actions in long-lived bases and
// adds, per request, the few entities of the resource in a small store
// over them. A uid of the layer hides the same uid of a base.
//
// Thread-safe: immutable once built.

#ifndef SUIVI_POLICY_ENTITIES_H_
#define SUIVI_POLICY_ENTITIES_H_

#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "policy/value.h"

namespace suivi::policy {

struct Entity {
  EntityUid uid;
  Value attrs = Value::Record({});
  std::vector<EntityUid> parents;
  // Every ancestor (parents, their parents, ...), filled by Entities::Build.
  absl::flat_hash_set<EntityUid> ancestors;
};

class Entities {
 public:
  // INVALID_ARGUMENT on a duplicate uid or a cycle in the parent relation.
  static absl::StatusOr<Entities> Build(std::vector<Entity> entities);
  // A store of `entities` over `bases` (none null): lookups fall through to
  // the bases in order, and the layer's ancestors include those of parents
  // found in a base.
  static absl::StatusOr<Entities> BuildOver(
      std::vector<std::shared_ptr<const Entities>> bases, std::vector<Entity> entities);

  // The entity `uid`, or nullptr if the store does not hold it.
  const Entity* Find(const EntityUid& uid) const;

  // Cedar's `in` on entities: a == b, or b is an ancestor of a. An entity
  // absent from the store has no ancestors.
  bool IsIn(const EntityUid& a, const EntityUid& b) const;

 private:
  absl::flat_hash_map<EntityUid, Entity> entities_;
  std::vector<std::shared_ptr<const Entities>> bases_;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_ENTITIES_H_
