// client/cli_personne.h
//
// The subcommands of `suivi personne` (fiches de personnes: création,
// consultation, recherche, rectification, représentants légaux,
// historique), and the pure pieces they are made of: the French words of
// the Persons enums, the --motif labels, and how `personne rectifier`
// turns partial options into whole field classes.

#ifndef SUIVI_CLIENT_CLI_PERSONNE_H_
#define SUIVI_CLIENT_CLI_PERSONNE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/cli_command.h"
#include "suivi/v1/persons.pb.h"

namespace suivi::client::cli {

// The purpose of every `personne` command: a fiche is read and written to
// follow one person.
inline constexpr Finalite kPersonneFinalite = Finalite::kSuiviIndividuel;

// The labels --motif accepts, in the order of the enum: "demande",
// "erreur", "etat-civil", "demenagement".
std::vector<std::string> MotifLabels();

// The motif labelled `label` (one of MotifLabels(), case-insensitive).
// INVALID_ARGUMENT, in French, listing the accepted labels.
absl::StatusOr<v1::MotifRectification> ParseMotif(absl::string_view label);

// French words for people: "demande de la personne", "mère",
// "représentant ajouté"… "" for the UNSPECIFIED value; the number for a
// value this client does not know.
std::string MotifText(v1::MotifRectification motif);
std::string LienText(v1::LienRepresentant lien);
std::string EventTypeText(v1::TypeEvenementPersonne type);

// The warning `personne creer` prints on stderr when the fiche was created
// over likely duplicates (a confirmed homonym); "" when there were none.
std::string DuplicateWarning(const v1::CreatePersonResponse& response);

// What `personne rectifier` was given. An unset optional (or an empty
// vector) is a part the command line left out.
struct Rectification {
  std::string person_id;
  int64_t expected_version = 0;
  v1::MotifRectification motif = v1::MOTIF_RECTIFICATION_UNSPECIFIED;
  std::optional<std::string> nom;
  std::vector<std::string> prenoms;
  std::optional<std::string> date_naissance;
  std::vector<std::string> adresse;
  std::optional<std::string> code_postal;
  std::optional<std::string> ville;
  // --commune X: X; --sans-commune: "". Unset: the commune is kept.
  std::optional<std::string> commune_id;
  // --homonyme-confirme: the new identity may be another fiche's.
  bool homonyme_confirme = false;

  bool ChangesIdentite() const;
  bool ChangesCoordonnees() const;
};

// The request for `r`. The server replaces a class as a whole, so a class
// with any part given is sent whole: the parts given over those of
// `current`, the fiche as the caller reads it (null: not read, as for a
// class the charte hides).
//   INVALID_ARGUMENT  nothing to change;
//   ABORTED           `current` is not at r.expected_version;
//   FAILED_PRECONDITION  a class the charte hides from the caller is only
//                     partly given (its other parts cannot be kept).
absl::StatusOr<v1::RectifyPersonRequest> BuildRectification(
    const Rectification& r, const v1::Person* current);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_PERSONNE_H_
