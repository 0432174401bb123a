// services/directory/directory_targets.h
//
// What each directory and certificate call is about, for the charte
// (services/common/call.h Target): the territory, group, user, role
// assignment or organisation its action applies to, with the entities the
// directory does not hold yet (what an addition would create).
//
// An entry that does not exist is given as a placeholder in the territory
// the request names, so the charte decides on that territory before the
// handler answers NOT_FOUND: nothing of another territory is revealed. A
// user or certificate that does not exist answers PERMISSION_DENIED, like
// one out of reach, as the directory always has.

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_TARGETS_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_TARGETS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/call.h"
#include "services/directory/directory_state.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::directory {

// INVALID_ARGUMENT when no territory is named.
absl::StatusOr<services::Target> TerritoryTarget(absl::string_view territory_id);
absl::StatusOr<services::Target> GroupTarget(const DirectoryState& state,
                                             absl::string_view territory_id,
                                             absl::string_view group_id);
// An existing user; PERMISSION_DENIED (uniform) otherwise.
absl::StatusOr<services::Target> UserTarget(const DirectoryState& state,
                                            absl::string_view user_id);
// The user an addition would create; NOT_FOUND for an unknown organisation.
absl::StatusOr<services::Target> NewUserTarget(const DirectoryState& state,
                                               const v1::User& user);
// The organisation an addition would create, seen from `territory_id`.
absl::StatusOr<services::Target> NewOrganisationTarget(const v1::Organisation& o,
                                                       absl::string_view territory_id);
absl::StatusOr<services::Target> NewAssignmentTarget(const v1::RoleAssignment& a);
absl::StatusOr<services::Target> AssignmentTarget(const DirectoryState& state,
                                                  absl::string_view territory_id,
                                                  absl::string_view assignment_id);

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_TARGETS_H_
