// client/cli_print.h
//
// The French text the `suivi` tool prints for each response (without
// --json): one Print overload per message type, so a command can show any
// response the same way (cli_command.h's Show). The Persons messages are
// printed by cli_print_personne.cc.

#ifndef SUIVI_CLIENT_CLI_PRINT_H_
#define SUIVI_CLIENT_CLI_PRINT_H_

#include <ostream>

#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"
#include "suivi/v1/persons.pb.h"
#include "suivi/v1/session.pb.h"

namespace suivi::client::cli {

// Directory.
void Print(std::ostream& out, const v1::ListTerritoriesResponse& response);
void Print(std::ostream& out, const v1::Territory& territory);
void Print(std::ostream& out, const v1::RoleCatalogue& catalogue);
void Print(std::ostream& out, const v1::ListOrganisationsResponse& response);
void Print(std::ostream& out, const v1::Organisation& organisation);
void Print(std::ostream& out, const v1::ListUsersResponse& response);
void Print(std::ostream& out, const v1::User& user);
void Print(std::ostream& out, const v1::UserRecord& record);
void Print(std::ostream& out, const v1::RoleAssignment& assignment);
void Print(std::ostream& out, const v1::ListRoleAssignmentsResponse& response);
void Print(std::ostream& out, const v1::ListCharteVersionsResponse& response);
void Print(std::ostream& out, const v1::ListGroupsResponse& response);
void Print(std::ostream& out, const v1::GroupRecord& record);
void Print(std::ostream& out, const v1::GroupMember& member);
void Print(std::ostream& out, const v1::Signature& signature);
void Print(std::ostream& out, const v1::Exclusion& exclusion);

// Session.
void Print(std::ostream& out, const v1::WhoAmIResponse& response);

// Admin.
void Print(std::ostream& out, const v1::EnrolledCertificate& certificate);
void Print(std::ostream& out, const v1::EnrolCertificateResponse& response);
void Print(std::ostream& out, const v1::ListCertificatesResponse& response);
void Print(std::ostream& out, const v1::CharteStatus& status);

// Persons. A fiche shows only the classes the charte let through, and
// names the others.
void Print(std::ostream& out, const v1::Person& person);
void Print(std::ostream& out, const v1::CreatePersonResponse& response);
// A table best first; "Aucune personne trouvée." when empty.
void Print(std::ostream& out, const v1::SearchPersonsResponse& response);
// One line per change, oldest first.
void Print(std::ostream& out, const v1::GetPersonHistoryResponse& response);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_PRINT_H_
