#include "services/common/caller.h"

#include <algorithm>

namespace suivi::services {

bool Caller::HasRole(absl::string_view role_id,
                     absl::string_view territory_id) const {
  return std::any_of(roles.begin(), roles.end(), [&](const ActiveRole& r) {
    return r.role_id == role_id && r.territory_id == territory_id;
  });
}

bool Caller::HasRoleAnywhere(absl::string_view role_id) const {
  return std::any_of(roles.begin(), roles.end(),
                     [&](const ActiveRole& r) { return r.role_id == role_id; });
}

}  // namespace suivi::services
