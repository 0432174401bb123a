// services/directory/interim_access.h
//
// Until the charte is in force (RpcGate's interim rule), directory and
// certificate calls need the admin role in the territory they concern.
// These checks say which territory that is.

#ifndef SUIVI_SERVICES_DIRECTORY_INTERIM_ACCESS_H_
#define SUIVI_SERVICES_DIRECTORY_INTERIM_ACCESS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/caller.h"
#include "services/directory/directory_state.h"

namespace suivi::directory {

// PERMISSION_DENIED unless `caller` administers `territory_id`;
// INVALID_ARGUMENT if the request named no territory.
absl::Status RequireAdminOfTerritory(const services::Caller& caller,
                                     absl::string_view territory_id);

// The users of an organisation are within reach of the administrators of
// the territories it works in. OK for an unknown organisation: the
// addition's own check then answers NOT_FOUND.
absl::Status RequireAdminOfOrganisation(const services::Caller& caller,
                                        const DirectoryState& state,
                                        absl::string_view organisation_id);

// A user is within reach of the administrators of every territory where
// they are known. An absent user and one out of reach answer alike:
// PERMISSION_DENIED.
absl::Status RequireAdminOfUser(const services::Caller& caller,
                                const DirectoryState& state,
                                absl::string_view user_id);

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_INTERIM_ACCESS_H_
