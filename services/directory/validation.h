// services/directory/validation.h
//
// Checks of what callers (and bootstrap files) ask the directory to
// record, against the current directory and the role catalogue. Each
// returns OK or INVALID_ARGUMENT / NOT_FOUND / FAILED_PRECONDITION with a
// French message naming the field at fault, never its value (a value
// typed in the wrong field could be personal data).

#ifndef SUIVI_SERVICES_DIRECTORY_VALIDATION_H_
#define SUIVI_SERVICES_DIRECTORY_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/directory/directory_state.h"
#include "services/directory/role_catalogue.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::directory {

// Limits on free text (CNIL: free text is bounded).
inline constexpr size_t kMaxNameBytes = 200;
inline constexpr size_t kMaxNoteBytes = 500;
inline constexpr size_t kMaxEmailBytes = 254;

// An id of the directory: a valid store id not starting with "_" (ids
// starting with "_" are reserved for the server's own records).
absl::Status CheckId(absl::string_view id, absl::string_view field);
// A non-empty name of at most kMaxNameBytes, valid UTF-8, no control
// characters.
absl::Status CheckName(absl::string_view name, absl::string_view field);
// An ISO date "YYYY-MM-DD"; empty allowed only when `optional`.
absl::Status CheckDate(absl::string_view date, absl::string_view field,
                       bool optional = false);

// The key store's name of a territory's controller: "<territory>/<controller>".
std::string ControllerKeyName(absl::string_view territory, absl::string_view controller);

absl::Status ValidateTerritory(const v1::Territory& territory);
absl::Status ValidateOrganisation(const DirectoryState& state,
                                  const v1::Organisation& organisation);
absl::Status ValidateUser(const DirectoryState& state, const v1::User& user);
absl::Status ValidateAssignment(const DirectoryState& state,
                                const RoleCatalogue& roles,
                                const v1::RoleAssignment& assignment);
absl::Status ValidateCharteVersion(const DirectoryState& state,
                                   const v1::CharteVersion& version);
absl::Status ValidateGroup(const DirectoryState& state, const v1::Group& group);
absl::Status ValidateMember(const DirectoryState& state,
                            const v1::GroupMember& member);
absl::Status ValidateSignature(const DirectoryState& state,
                               const v1::Signature& signature);
absl::Status ValidateExclusion(const DirectoryState& state,
                               const v1::Exclusion& exclusion);

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_VALIDATION_H_
