#include "services/directory/interim_access.h"

#include "services/common/rpc_gate.h"

namespace suivi::directory {

absl::Status RequireAdminOfTerritory(const services::Caller& caller,
                                     absl::string_view territory_id) {
  if (territory_id.empty()) {
    return absl::InvalidArgumentError("champ territory_id : obligatoire");
  }
  return services::RequireAdminOf(caller, territory_id);
}

absl::Status RequireAdminOfOrganisation(const services::Caller& caller,
                                        const DirectoryState& state,
                                        absl::string_view organisation_id) {
  const v1::Organisation* organisation = state.FindOrganisation(organisation_id);
  if (organisation == nullptr) return absl::OkStatus();
  for (const std::string& territory : organisation->territory_ids()) {
    if (caller.HasRole(services::kAdminRole, territory)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "organisation hors des territoires que vous administrez");
}

absl::Status RequireAdminOfUser(const services::Caller& caller,
                                const DirectoryState& state,
                                absl::string_view user_id) {
  if (const v1::User* user = state.FindUser(user_id)) {
    for (const std::string& territory : state.TerritoriesOf(*user)) {
      if (caller.HasRole(services::kAdminRole, territory)) return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(
      "utilisateur introuvable ou hors des territoires que vous administrez");
}

}  // namespace suivi::directory
