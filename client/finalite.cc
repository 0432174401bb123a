#include "client/finalite.h"

#include <cstddef>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace suivi::client {
namespace {

struct Entry {
  Finalite finalite;
  const char* id;
  const char* label;
};

// In the order of the enum: FinaliteId and FinaliteLabel index it.
constexpr Entry kEntries[] = {
    {Finalite::kSuiviIndividuel, "suivi_individuel", "suivi individuel"},
    {Finalite::kCoordination, "coordination", "coordination d'un groupe"},
    {Finalite::kStatistique, "statistique", "statistique"},
    {Finalite::kAdministration, "administration", "administration"},
    {Finalite::kControle, "controle", "contrôle (DPO)"},
    {Finalite::kExerciceDroits, "exercice_droits",
     "exercice des droits des personnes"},
};

constexpr Finalite kAll[] = {
    Finalite::kSuiviIndividuel, Finalite::kCoordination,
    Finalite::kStatistique,     Finalite::kAdministration,
    Finalite::kControle,        Finalite::kExerciceDroits,
};

constexpr bool InEnumOrder() {
  if (std::size(kEntries) != std::size(kAll)) return false;
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    if (static_cast<std::size_t>(kAll[i]) != i) return false;
    if (kEntries[i].finalite != kAll[i]) return false;
  }
  return true;
}
static_assert(InEnumOrder(), "kEntries and kAll follow the enum");

const Entry& EntryOf(Finalite finalite) {
  return kEntries[static_cast<std::size_t>(finalite)];
}

}  // namespace

absl::Span<const Finalite> AllFinalites() { return kAll; }

absl::string_view FinaliteId(Finalite finalite) { return EntryOf(finalite).id; }

absl::string_view FinaliteLabel(Finalite finalite) {
  return EntryOf(finalite).label;
}

std::string FinaliteIds() {
  return absl::StrJoin(kEntries, ", ", [](std::string* out, const Entry& e) {
    out->append(e.id);
  });
}

absl::StatusOr<Finalite> ParseFinalite(absl::string_view id) {
  for (const Entry& entry : kEntries) {
    if (id == entry.id) return entry.finalite;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("finalité inconnue : « ", id,
                   " » ; finalités valides : ", FinaliteIds()));
}

}  // namespace suivi::client
