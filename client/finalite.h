// client/finalite.h
//
// The purposes (finalités) a caller declares to suivid, in one closed
// list: each has an id, sent on the wire, and a French label, shown to
// people. Every Session, Directory, Admin and Persons call carries the id of the
// caller's purpose in the gRPC metadata header `suivi-finalite`; the
// server refuses a call without it or with an id outside this list. The
// standard health check is exempt.

#ifndef SUIVI_CLIENT_FINALITE_H_
#define SUIVI_CLIENT_FINALITE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace suivi::client {

// The gRPC metadata key of the declared purpose.
inline constexpr char kFinaliteHeader[] = "suivi-finalite";

enum class Finalite {
  kSuiviIndividuel,  // suivi_individuel: « suivi individuel »
  kCoordination,     // coordination: « coordination d'un groupe »
  kStatistique,      // statistique: « statistique »
  kAdministration,   // administration: « administration »
  kControle,         // controle: « contrôle (DPO) »
  kExerciceDroits,   // exercice_droits: « exercice des droits des personnes »
};

// Every purpose, in the order above.
absl::Span<const Finalite> AllFinalites();

// The id sent on the wire: "suivi_individuel", "coordination"…
absl::string_view FinaliteId(Finalite finalite);

// The French label: "suivi individuel", "contrôle (DPO)"…
absl::string_view FinaliteLabel(Finalite finalite);

// The ids of every purpose, comma-separated, in the order above.
std::string FinaliteIds();

// The purpose whose id is exactly `id`. INVALID_ARGUMENT, in French,
// listing the valid ids.
absl::StatusOr<Finalite> ParseFinalite(absl::string_view id);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_FINALITE_H_
