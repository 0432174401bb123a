// Tests of `suivi personne` (client/cli_personne.h and the Persons
// printers of cli_print.h): the words, how a rectification is completed
// from the fiche read, the French fiche, and the command line.

#include "client/cli_personne.h"

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli_app.h"
#include "client/cli_print.h"
#include "client/cli_test_support.h"
#include "client/testing/recording_server.h"
#include "client/testing/test_pki.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client::cli {
namespace {

using ::suivi::client::testing::RecordedCall;
using ::suivi::client::testing::RecordingServer;
using ::suivi::client::testing::TestPki;
using ::suivi::client::testing::WriteConfigDir;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// ---------------------------------------------------------------- words

TEST(ParseMotif, AcceptsTheShortLabelsInAnyCase) {
  EXPECT_THAT(ParseMotif("demande"),
              IsOkAndHolds(v1::MOTIF_RECTIFICATION_DEMANDE_PERSONNE));
  EXPECT_THAT(ParseMotif("Erreur"),
              IsOkAndHolds(v1::MOTIF_RECTIFICATION_ERREUR_SAISIE));
  EXPECT_THAT(ParseMotif("etat-civil"),
              IsOkAndHolds(v1::MOTIF_RECTIFICATION_CHANGEMENT_ETAT_CIVIL));
  EXPECT_THAT(ParseMotif("DEMENAGEMENT"),
              IsOkAndHolds(v1::MOTIF_RECTIFICATION_DEMENAGEMENT));
}

TEST(ParseMotif, AnUnknownLabelListsTheAcceptedOnes) {
  for (const char* bad : {"", "unspecified", "erreur_saisie", "autre"}) {
    EXPECT_THAT(
        ParseMotif(bad),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 HasSubstr("demande, erreur, etat-civil, demenagement")))
        << bad;
  }
}

TEST(PersonneWords, EveryValueHasAFrenchWord) {
  EXPECT_EQ(LienText(v1::LIEN_REPRESENTANT_MERE), "mère");
  EXPECT_EQ(LienText(v1::LIEN_REPRESENTANT_PERE), "père");
  EXPECT_EQ(LienText(v1::LIEN_REPRESENTANT_TUTEUR), "tuteur");
  EXPECT_EQ(LienText(v1::LIEN_REPRESENTANT_AUTRE), "autre représentant légal");
  EXPECT_EQ(MotifText(v1::MOTIF_RECTIFICATION_DEMANDE_PERSONNE),
            "demande de la personne");
  EXPECT_EQ(MotifText(v1::MOTIF_RECTIFICATION_DEMENAGEMENT), "déménagement");
  EXPECT_EQ(EventTypeText(v1::TYPE_EVENEMENT_PERSONNE_CREATION), "création");
  EXPECT_EQ(EventTypeText(v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_RETIRE),
            "représentant retiré");
  // Every value of each enum, so a value added to the proto is noticed.
  for (int i = 1; i < v1::LienRepresentant_descriptor()->value_count(); ++i) {
    EXPECT_FALSE(LienText(static_cast<v1::LienRepresentant>(i)).empty()) << i;
  }
  for (int i = 1; i < v1::MotifRectification_descriptor()->value_count(); ++i) {
    EXPECT_FALSE(MotifText(static_cast<v1::MotifRectification>(i)).empty())
        << i;
  }
  for (int i = 1; i < v1::TypeEvenementPersonne_descriptor()->value_count();
       ++i) {
    EXPECT_FALSE(
        EventTypeText(static_cast<v1::TypeEvenementPersonne>(i)).empty())
        << i;
  }
}

TEST(PersonneWords, UnspecifiedIsEmptyAndUnknownIsTheNumber) {
  EXPECT_EQ(LienText(v1::LIEN_REPRESENTANT_UNSPECIFIED), "");
  EXPECT_EQ(MotifText(v1::MOTIF_RECTIFICATION_UNSPECIFIED), "");
  EXPECT_EQ(LienText(static_cast<v1::LienRepresentant>(42)), "42");
  EXPECT_EQ(EventTypeText(static_cast<v1::TypeEvenementPersonne>(42)), "42");
  EXPECT_EQ(MotifText(static_cast<v1::MotifRectification>(42)), "42");
}

TEST(DuplicateWarning, NamesTheLikelyDuplicatesOrIsEmpty) {
  v1::CreatePersonResponse response;
  EXPECT_EQ(DuplicateWarning(response), "");
  response.add_doublons_probables("p-1");
  response.add_doublons_probables("p-2");
  EXPECT_THAT(DuplicateWarning(response), HasSubstr("attention"));
  EXPECT_THAT(DuplicateWarning(response), HasSubstr("p-1, p-2"));
}

// -------------------------------------------------------- rectification

// Lucas Martin, version 3, as a reader of both classes sees him.
v1::Person Lucas() {
  v1::Person p;
  p.set_id("p-1");
  p.set_version(3);
  p.mutable_identite()->set_nom("Martin");
  p.mutable_identite()->add_prenoms("Lucas");
  p.mutable_identite()->add_prenoms("Pierre");
  p.mutable_identite()->set_date_naissance("2012-03-04");
  p.mutable_coordonnees()->add_adresse("12 rue des Lilas");
  p.mutable_coordonnees()->set_code_postal("45200");
  p.mutable_coordonnees()->set_ville("Montargis");
  return p;
}

Rectification At(int64_t version) {
  Rectification r;
  r.person_id = "p-1";
  r.expected_version = version;
  r.motif = v1::MOTIF_RECTIFICATION_DEMENAGEMENT;
  return r;
}

TEST(BuildRectification, OnePartOfAClassSendsTheWholeClass) {
  Rectification r = At(3);
  r.adresse = {"3 place de la République"};
  const v1::Person current = Lucas();
  absl::StatusOr<v1::RectifyPersonRequest> request =
      BuildRectification(r, &current);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->person_id(), "p-1");
  EXPECT_EQ(request->expected_version(), 3);
  EXPECT_EQ(request->motif(), v1::MOTIF_RECTIFICATION_DEMENAGEMENT);
  EXPECT_FALSE(request->has_identite());
  EXPECT_THAT(request->coordonnees().adresse(),
              ElementsAre("3 place de la République"));
  EXPECT_EQ(request->coordonnees().code_postal(), "45200");
  EXPECT_EQ(request->coordonnees().ville(), "Montargis");
  EXPECT_FALSE(request->set_commune());
}

TEST(BuildRectification, GivenFirstNamesReplaceAllOfThemAndKeepTheRest) {
  Rectification r = At(3);
  r.prenoms = {"Luc"};
  const v1::Person current = Lucas();
  absl::StatusOr<v1::RectifyPersonRequest> request =
      BuildRectification(r, &current);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(request->identite().prenoms(), ElementsAre("Luc"));
  EXPECT_EQ(request->identite().nom(), "Martin");
  EXPECT_EQ(request->identite().date_naissance(), "2012-03-04");
  EXPECT_FALSE(request->has_coordonnees());
  EXPECT_FALSE(request->confirmer_homonyme());
}

TEST(BuildRectification, AConfirmedHomonymIsSentAsSuch) {
  Rectification r = At(3);
  r.nom = "Moreau";
  r.homonyme_confirme = true;
  const v1::Person current = Lucas();
  absl::StatusOr<v1::RectifyPersonRequest> request = BuildRectification(r, &current);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_TRUE(request->confirmer_homonyme());
  EXPECT_EQ(request->identite().nom(), "Moreau");
}

TEST(BuildRectification, TheCommuneAloneNeedsNoFiche) {
  Rectification r = At(3);
  r.commune_id = "amilly";
  absl::StatusOr<v1::RectifyPersonRequest> request =
      BuildRectification(r, nullptr);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_TRUE(request->set_commune());
  EXPECT_EQ(request->commune_id(), "amilly");
  EXPECT_FALSE(request->has_identite());
  EXPECT_FALSE(request->has_coordonnees());

  r.commune_id = "";  // --sans-commune
  request = BuildRectification(r, nullptr);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_TRUE(request->set_commune());
  EXPECT_EQ(request->commune_id(), "");
}

TEST(BuildRectification, NothingToChangeIsInvalid) {
  EXPECT_THAT(BuildRectification(At(3), nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("rien à rectifier")));
}

TEST(BuildRectification, AFicheChangedSinceTheVersionReadIsAborted) {
  Rectification r = At(2);
  r.ville = "Amilly";
  const v1::Person current = Lucas();
  EXPECT_THAT(BuildRectification(r, &current),
              StatusIs(absl::StatusCode::kAborted,
                       HasSubstr("elle est à la version 3")));
}

TEST(BuildRectification, AHiddenClassMustBeGivenWhole) {
  v1::Person current = Lucas();
  current.clear_identite();
  current.clear_coordonnees();
  current.add_classes_masquees(v1::FIELD_CLASS_IDENTITE);
  current.add_classes_masquees(v1::FIELD_CLASS_COORDONNEES);

  Rectification partial = At(3);
  partial.nom = "Martin-Durand";
  EXPECT_THAT(BuildRectification(partial, &current),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("--nom, --prenom et --naissance")));
  Rectification town = At(3);
  town.ville = "Amilly";
  EXPECT_THAT(BuildRectification(town, &current),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("--adresse, --code-postal et --ville")));

  Rectification whole = At(3);
  whole.nom = "Martin-Durand";
  whole.prenoms = {"Lucas"};
  whole.date_naissance = "2012-03-04";
  absl::StatusOr<v1::RectifyPersonRequest> request =
      BuildRectification(whole, &current);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->identite().nom(), "Martin-Durand");
}

// ------------------------------------------------------------- printing

template <typename Message>
std::string Printed(const Message& message) {
  std::ostringstream out;
  Print(out, message);
  return out.str();
}

TEST(PrintPerson, ShowsTheFicheWithFrenchLabels) {
  v1::Person p = Lucas();
  p.set_territory_id("ame");
  p.set_controller_id("rt-montargis");
  p.set_commune_id("montargis");
  p.mutable_age()->set_date("2026-11-24");
  p.mutable_age()->set_ans(14);
  p.mutable_age()->set_mineur(true);
  v1::Representant* mere = p.add_representants();
  mere->set_person_id("p-2");
  mere->set_lien(v1::LIEN_REPRESENTANT_MERE);
  mere->mutable_identite()->set_nom("Martin");
  mere->mutable_identite()->add_prenoms("Sophie");
  v1::Representant* tuteur = p.add_representants();
  tuteur->set_person_id("p-9");
  tuteur->set_lien(v1::LIEN_REPRESENTANT_TUTEUR);

  const std::string text = Printed(p);
  EXPECT_THAT(text, HasSubstr("Fiche                     : p-1\n"));
  EXPECT_THAT(text, HasSubstr("Nom                       : Martin\n"));
  EXPECT_THAT(text, HasSubstr("Prénoms                   : Lucas, Pierre\n"));
  EXPECT_THAT(text, HasSubstr("Né(e) le                  : 04/03/2012\n"));
  EXPECT_THAT(text, HasSubstr("Âge au 24/11/2026         : 14 ans (mineur)\n"));
  EXPECT_THAT(text,
              HasSubstr("Adresse                   : 12 rue des Lilas, 45200 "
                        "Montargis\n"));
  EXPECT_THAT(text, HasSubstr("Commune                   : montargis\n"));
  EXPECT_THAT(text, HasSubstr("Responsable de traitement : rt-montargis\n"));
  EXPECT_THAT(text, HasSubstr("Représentant légal        : mère : Sophie "
                              "Martin (fiche p-2)\n"));
  EXPECT_THAT(text,
              HasSubstr("Représentant légal        : tuteur : fiche p-9\n"));
  EXPECT_THAT(text, HasSubstr("Version                   : 3\n"));
  EXPECT_THAT(text, Not(HasSubstr("Masqué")));
}

TEST(PrintPerson, NamesTheClassesTheCharteHides) {
  v1::Person p;
  p.set_id("p-1");
  p.set_version(1);
  p.add_classes_masquees(v1::FIELD_CLASS_IDENTITE);
  p.add_classes_masquees(v1::FIELD_CLASS_COORDONNEES);
  const std::string text = Printed(p);
  EXPECT_THAT(text, HasSubstr("Masqué par la charte : identite, coordonnees"));
  EXPECT_THAT(text, Not(HasSubstr("Nom")));
  EXPECT_THAT(text, Not(HasSubstr("Âge")));
}

TEST(PrintPerson, AnAdultIsMajeur) {
  v1::Person p = Lucas();
  p.mutable_age()->set_date("2026-11-24");
  p.mutable_age()->set_ans(41);
  EXPECT_THAT(Printed(p), HasSubstr(": 41 ans (majeur)\n"));
  EXPECT_THAT(Printed(p), Not(HasSubstr("Représentant")));
}

TEST(PrintSearch, ATableBestFirstOrASentenceWhenEmpty) {
  EXPECT_EQ(Printed(v1::SearchPersonsResponse()), "Aucune personne trouvée.\n");
  v1::SearchPersonsResponse response;
  v1::PersonMatch* m = response.add_matches();
  m->set_score(0.876);
  *m->mutable_person() = Lucas();
  m->mutable_person()->mutable_age()->set_ans(14);
  const std::string text = Printed(response);
  EXPECT_THAT(text, HasSubstr("Score  Nom     Prénoms        Date de naissance"
                              "  Âge     Fiche\n"));
  EXPECT_THAT(text, HasSubstr("0,88   Martin  Lucas, Pierre  04/03/2012"
                              "         14 ans  p-1\n"));
}

TEST(PrintHistory, OneLinePerChangeWithItsValues) {
  v1::GetPersonHistoryResponse response;
  v1::PersonEvent* created = response.add_events();
  created->set_version(1);
  created->set_type(v1::TYPE_EVENEMENT_PERSONNE_CREATION);
  created->set_horodatage("2026-11-24T13:05:00Z");
  created->set_user_id("ame-cabinet-montargis");
  created->add_classes_modifiees(v1::FIELD_CLASS_IDENTITE);
  *created->mutable_identite() = Lucas().identite();
  v1::PersonEvent* moved = response.add_events();
  moved->set_version(2);
  moved->set_type(v1::TYPE_EVENEMENT_PERSONNE_RECTIFICATION);
  moved->set_motif(v1::MOTIF_RECTIFICATION_DEMENAGEMENT);
  moved->add_classes_modifiees(v1::FIELD_CLASS_COORDONNEES);
  *moved->mutable_coordonnees() = Lucas().coordonnees();
  v1::PersonEvent* linked = response.add_events();
  linked->set_version(3);
  linked->set_type(v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_AJOUTE);
  linked->set_representative_id("p-2");
  linked->set_lien(v1::LIEN_REPRESENTANT_MERE);

  const std::string text = Printed(response);
  const std::vector<std::string> lines = absl::StrSplit(text, '\n');
  ASSERT_EQ(lines.size(), 5u) << text;  // header, 3 events, ""
  EXPECT_THAT(lines[1], HasSubstr("24/11/2026 14:05"));
  EXPECT_THAT(lines[1], HasSubstr("création"));
  EXPECT_THAT(lines[1], HasSubstr("ame-cabinet-montargis"));
  EXPECT_THAT(lines[1],
              HasSubstr("Martin (Lucas, Pierre), né(e) le 04/03/2012"));
  EXPECT_THAT(lines[2], HasSubstr("rectification"));
  EXPECT_THAT(lines[2], HasSubstr("déménagement"));
  EXPECT_THAT(lines[2], HasSubstr("coordonnees"));
  EXPECT_THAT(lines[2], HasSubstr("12 rue des Lilas, 45200 Montargis"));
  EXPECT_THAT(lines[3], HasSubstr("représentant ajouté"));
  EXPECT_THAT(lines[3], HasSubstr("mère : fiche p-2"));
}

// ---------------------------------------------------------- command line

const std::vector<std::vector<std::string>>& PersonneCommands() {
  static const auto* commands = new std::vector<std::vector<std::string>>{
      {"personne", "creer", "--territoire", "ame", "--nom", "Martin",
       "--prenom", "Lucas", "--naissance", "2012-03-04"},
      {"personne", "voir", "p-1"},
      {"personne", "chercher", "--territoire", "ame", "lukas", "martin"},
      {"personne", "rectifier", "p-1", "--version", "1", "--motif", "erreur",
       "--nom", "Martin"},
      {"personne", "lier", "p-1", "--representant", "p-2", "--lien", "mere",
       "--version", "1"},
      {"personne", "delier", "p-1", "--representant", "p-2", "--version", "1"},
      {"personne", "historique", "p-1"},
  };
  return *commands;
}

TEST(PersonneCommandLine, EveryCommandDeclaresSuiviIndividuel) {
  for (const std::vector<std::string>& args : PersonneCommands()) {
    CommandLine line;
    line.Parse(args);
    ASSERT_TRUE(line.chosen.action) << args[1];
    EXPECT_EQ(line.chosen.finalite, Finalite::kSuiviIndividuel) << args[1];
  }
}

TEST(PersonneCommandLine, TheFinaliteOptionStillWins) {
  CommandLine line;
  std::vector<std::string> args = PersonneCommands()[1];
  args.insert(args.begin(), {"--finalite", "exercice_droits"});
  line.Parse(args);
  EXPECT_EQ(line.options.finalite, Finalite::kExerciceDroits);
}

TEST(PersonneCommandLine, RepeatedOptionsTakeOneValueEach) {
  CommandLine line;
  line.Parse({"personne", "rectifier", "--prenom", "Lucas", "--prenom",
              "Pierre", "--adresse", "12 rue des Lilas", "p-1", "--version",
              "1", "--motif", "erreur"});
  ASSERT_TRUE(line.chosen.action);
  CommandLine two_values;
  EXPECT_THROW(two_values.Parse({"personne", "creer", "--territoire", "ame",
                                 "--nom", "Martin", "--prenom", "Lucas",
                                 "Pierre", "--naissance", "2012-03-04"}),
               CLI::ParseError);
}

TEST(PersonneCommandLine, BadValuesAreUsageErrors) {
  const std::vector<std::vector<std::string>> bad = {
      {"personne", "rectifier", "p-1", "--version", "1", "--motif", "autre",
       "--nom", "M"},
      {"personne", "rectifier", "p-1", "--version", "1", "--motif", "erreur",
       "--commune", "amilly", "--sans-commune"},
      {"personne", "lier", "p-1", "--representant", "p-2", "--lien", "oncle",
       "--version", "1"},
      {"personne", "creer", "--territoire", "ame", "--nom", "Martin",
       "--prenom", "Lucas", "--naissance", "04/03/2012"},
      {"personne", "chercher", "--territoire", "ame", "--limite", "0", "x"},
      {"personne", "voir"},
  };
  for (const std::vector<std::string>& args : bad) {
    CommandLine line;
    EXPECT_THROW(line.Parse(args), CLI::ParseError) << absl::StrJoin(args, " ");
  }
}

// A command run as main runs it, against a server recording its calls
// (and refusing them all).
using PersonneRunTest = CommandRunTest;

TEST_F(PersonneRunTest, EachCommandCallsItsMethodAsSuiviIndividuel) {
  const struct {
    size_t command;
    const char* method;
  } cases[] = {
      {0, "/suivi.v1.Persons/CreatePerson"},
      {1, "/suivi.v1.Persons/GetPerson"},
      {2, "/suivi.v1.Persons/SearchPersons"},
      // A change of the identite reads the fiche first.
      {3, "/suivi.v1.Persons/GetPerson"},
      {4, "/suivi.v1.Persons/LinkRepresentative"},
      {5, "/suivi.v1.Persons/LinkRepresentative"},
      {6, "/suivi.v1.Persons/GetPersonHistory"},
  };
  size_t seen = 0;
  for (const auto& c : cases) {
    const std::vector<RecordedCall> calls = Run(PersonneCommands()[c.command]);
    ASSERT_EQ(calls.size(), seen + 1) << c.method;
    EXPECT_EQ(calls.back().method, c.method);
    EXPECT_THAT(calls.back().finalites, ElementsAre("suivi_individuel"));
    seen = calls.size();
  }
}

TEST_F(PersonneRunTest, AChangeOfCommuneAloneIsSentWithoutReadingTheFiche) {
  const std::vector<RecordedCall> calls =
      Run({"personne", "rectifier", "p-1", "--version", "2", "--motif",
           "demenagement", "--sans-commune"});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "/suivi.v1.Persons/RectifyPerson");
}

}  // namespace
}  // namespace suivi::client::cli
