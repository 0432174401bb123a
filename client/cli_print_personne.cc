// The French text of the Persons responses (cli_print.h).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "client/cli_format.h"
#include "client/cli_personne.h"
#include "client/cli_print.h"

namespace suivi::client::cli {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
using Rows = std::vector<std::vector<std::string>>;

std::string Prenoms(const v1::Identite& identite) {
  return absl::StrJoin(identite.prenoms(), ", ");
}

// "Lucas Martin": the usual first name, then the family name.
std::string UsualName(const v1::Identite& identite) {
  if (identite.prenoms().empty()) return identite.nom();
  return absl::StrCat(identite.prenoms(0), " ", identite.nom());
}

// "12 rue des Lilas, Bâtiment C, 45200 Montargis".
std::string Address(const v1::Coordonnees& c) {
  std::vector<std::string> parts(c.adresse().begin(), c.adresse().end());
  std::string town = c.code_postal();
  if (!c.ville().empty()) {
    town = town.empty() ? c.ville() : absl::StrCat(town, " ", c.ville());
  }
  if (!town.empty()) parts.push_back(std::move(town));
  return absl::StrJoin(parts, ", ");
}

// "13 ans", "1 an".
std::string Years(int32_t years) {
  return absl::StrCat(years, years > 1 ? " ans" : " an");
}

// "13 ans (mineur)".
std::string AgeText(const v1::AgeALaDate& age) {
  return absl::StrCat(Years(age.ans()),
                      age.mineur() ? " (mineur)" : " (majeur)");
}

std::string Classes(const google::protobuf::RepeatedField<int>& classes) {
  std::vector<std::string> labels;
  for (int c : classes)
    labels.push_back(EnumLabel(v1::FieldClass_descriptor(), c));
  return absl::StrJoin(labels, ", ");
}

// "mère : Sophie Martin (fiche p-2)", "mère : fiche p-2" when the charte
// hides the representative's identity.
std::string RepresentantText(const v1::Representant& r) {
  std::string who = absl::StrCat("fiche ", r.person_id());
  if (r.has_identite()) {
    who = absl::StrCat(UsualName(r.identite()), " (", who, ")");
  }
  const std::string lien = LienText(r.lien());
  return lien.empty() ? who : absl::StrCat(lien, " : ", who);
}

// "0,92".
std::string Score(double score) {
  return absl::StrReplaceAll(absl::StrFormat("%.2f", score), {{".", ","}});
}

// What an event wrote, as far as the caller may read it.
std::string EventValues(const v1::PersonEvent& e) {
  std::vector<std::string> values;
  if (e.has_identite()) {
    // Every first name: a rectification may change only the second one.
    values.push_back(absl::StrCat(e.identite().nom(), " (",
                                  Prenoms(e.identite()), "), né(e) le ",
                                  FrenchDate(e.identite().date_naissance())));
  }
  if (e.has_coordonnees()) values.push_back(Address(e.coordonnees()));
  if (!e.commune_id().empty()) {
    values.push_back(absl::StrCat("commune ", e.commune_id()));
  }
  if (!e.representative_id().empty()) {
    const std::string lien = LienText(e.lien());
    values.push_back(absl::StrCat(lien.empty() ? "" : lien + " : ", "fiche ",
                                  e.representative_id()));
  }
  return absl::StrJoin(values, " ; ");
}

}  // namespace

void Print(std::ostream& out, const v1::Person& person) {
  Fields fields = {{"Fiche", person.id()}};
  if (person.has_identite()) {
    const v1::Identite& identite = person.identite();
    fields.push_back({"Nom", identite.nom()});
    fields.push_back({"Prénoms", Prenoms(identite)});
    fields.push_back({"Né(e) le", FrenchDate(identite.date_naissance())});
  }
  if (person.has_age()) {
    fields.push_back({absl::StrCat("Âge au ", FrenchDate(person.age().date())),
                      AgeText(person.age())});
  }
  if (person.has_coordonnees()) {
    fields.push_back({"Adresse", Address(person.coordonnees())});
  }
  fields.push_back({"Commune", person.commune_id()});
  fields.push_back({"Territoire", person.territory_id()});
  fields.push_back({"Responsable de traitement", person.controller_id()});
  fields.push_back({"Organisation", person.organisation_id()});
  for (const v1::Representant& r : person.representants()) {
    fields.push_back({"Représentant légal", RepresentantText(r)});
  }
  if (person.representants().empty() && person.age().mineur()) {
    fields.push_back({"Représentant légal", "aucun enregistré"});
  }
  fields.push_back({"Version", absl::StrCat(person.version())});
  fields.push_back(
      {"Masqué par la charte", Classes(person.classes_masquees())});
  PrintFields(out, fields);
}

void Print(std::ostream& out, const v1::CreatePersonResponse& response) {
  out << "Fiche créée : " << response.person().id() << "\n\n";
  Print(out, response.person());
}

void Print(std::ostream& out, const v1::SearchPersonsResponse& response) {
  if (response.matches().empty()) {
    out << "Aucune personne trouvée.\n";
    return;
  }
  Rows rows;
  for (const v1::PersonMatch& m : response.matches()) {
    const v1::Person& p = m.person();
    rows.push_back({Score(m.score()), p.identite().nom(), Prenoms(p.identite()),
                    FrenchDate(p.identite().date_naissance()),
                    p.has_age() ? Years(p.age().ans()) : std::string(),
                    p.id()});
  }
  PrintTable(out,
             {"Score", "Nom", "Prénoms", "Date de naissance", "Âge", "Fiche"},
             rows);
}

void Print(std::ostream& out, const v1::GetPersonHistoryResponse& response) {
  Rows rows;
  for (const v1::PersonEvent& e : response.events()) {
    rows.push_back({absl::StrCat(e.version()), FrenchDateTime(e.horodatage()),
                    EventTypeText(e.type()), MotifText(e.motif()), e.user_id(),
                    Classes(e.classes_modifiees()), EventValues(e)});
  }
  PrintTable(out,
             {"Version", "Horodatage", "Événement", "Motif", "Utilisateur",
              "Classes", "Valeurs"},
             rows);
}

}  // namespace suivi::client::cli
