// services/directory/directory_entities.h
//
// The directory as the charte sees it: every territory, charte version,
// commune, controller, organisation, group, user and role assignment as
// entities of the charte's schema (policy/charte/schema.cedarschema). The
// Directory rebuilds this store each time it publishes a new state, so a
// call's decision costs no directory look-up.
//
// Ids: users, organisations and role assignments keep their directory ids
// (unique server-wide); communes, controllers, groups and charte versions
// are territory-scoped in the directory, so their entity ids are
// "<territory>/<id>" (charte versions "<territory>/v<number>"). A territory
// that adopted no charte version points at "<territory>/v0", which nobody
// signed: its groups share nothing nominative until a version is adopted.

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_ENTITIES_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_ENTITIES_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/entities.h"
#include "services/directory/directory_state.h"

namespace suivi::directory {

// The TypeOrganisation value of `type`, e.g. "police_municipale".
std::string OrganisationTypeId(v1::OrganisationType type);

// Entity ids of territory-scoped entries.
std::string ScopedEntityId(absl::string_view territory, absl::string_view id);
std::string CharteVersionEntityId(absl::string_view territory, int number);

// INTERNAL if the state cannot be expressed (a duplicate entity): a
// directory the charte cannot read must not serve calls.
absl::StatusOr<std::shared_ptr<const policy::Entities>> BuildDirectoryEntities(
    const DirectoryState& state);

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_ENTITIES_H_
