// Persons on a real key store and encrypted store: records sealed per
// person, duplicates per controller, rectification history, versions,
// legal representatives, and the search index rebuilt on reopening.

#include "services/persons/persons.h"

#include <atomic>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/persons/person_layout.h"
#include "services/persons/persons_test_fixture.h"
#include "services/persons/person_validation.h"

namespace suivi::persons {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST_F(PersonsTest, APersonIsCreatedUnderTheControllerOfTheCallersCommune) {
  v1::CreatePersonRequest request;
  request.set_territory_id("ame");
  *request.mutable_identite() = Identite("Martin", {"Lucas"}, "2012-03-04");
  ASSERT_OK_AND_ASSIGN(NewPerson plan, persons_->PlanCreation(request, kCabinetMontargis));
  EXPECT_EQ(plan.meta.controller_id, "commune-montargis");
  EXPECT_EQ(plan.meta.controller_commune_id, "montargis");
  EXPECT_EQ(plan.meta.organisation_id, kCabinetMontargis);

  // The EPCI's staff belong to no commune: they must name the controller.
  EXPECT_THAT(persons_->PlanCreation(request, "ame"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("controller_id")));
  request.set_controller_id("commune-de-nulle-part");
  EXPECT_THAT(persons_->PlanCreation(request, kCabinetMontargis),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("inconnu")));
}

TEST_F(PersonsTest, EachClassIsReadBackAndNoNameAppearsInTheStoreKeys) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  ASSERT_OK_AND_ASSIGN(PersonMeta found, persons_->Find(lucas.id));
  EXPECT_EQ(found.controller_id, "commune-montargis");
  ASSERT_OK_AND_ASSIGN(PersonRecords records,
                       persons_->Read(lucas, {crypto::FieldClass::kIdentite,
                                              crypto::FieldClass::kCoordonnees,
                                              crypto::FieldClass::kAdministratif}));
  EXPECT_EQ(records.identite->nom(), "Martin");
  EXPECT_EQ(records.coordonnees->ville(), "Montargis");
  EXPECT_EQ(records.administratif->version(), 1);
  EXPECT_FALSE(records.administratif->data_key_id().empty());

  std::vector<std::string> entities;
  ASSERT_OK(store_->Scan(kPersonsFamily, "ame", "",
                         [&](const store::RecordKey& key, absl::StatusOr<std::string>) {
                           entities.push_back(key.entity);
                           return true;
                         }));
  ASSERT_THAT(entities, Not(IsEmpty()));
  for (const std::string& entity : entities) {
    EXPECT_THAT(absl::AsciiStrToLower(entity), Not(HasSubstr("martin"))) << entity;
    EXPECT_THAT(absl::AsciiStrToLower(entity), Not(HasSubstr("lucas"))) << entity;
  }
}

TEST_F(PersonsTest, ReadingOnlyTheClassesAskedLeavesTheOthersUnopened) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  ASSERT_OK_AND_ASSIGN(PersonRecords records,
                       persons_->Read(lucas, {crypto::FieldClass::kCoordonnees}));
  EXPECT_FALSE(records.identite.has_value());
  EXPECT_FALSE(records.administratif.has_value());
  EXPECT_TRUE(records.coordonnees.has_value());
}

TEST_F(PersonsTest, AnExactDuplicateInTheSameControllerIsRefusedUnlessConfirmed) {
  const PersonMeta first = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  // Case, accents, spacing and further prénoms do not make another person.
  ASSERT_OK_AND_ASSIGN(NewPerson again, Plan(Identite("MARTIN ", {"Lùcas", "Jean"}, "2012-03-04")));
  EXPECT_THAT(persons_->LikelyDuplicates(again.meta, again.identite),
              IsOkAndHolds(ElementsAre(first.id)));
  EXPECT_THAT(persons_->Create(again, kAuthor, /*allow_duplicate=*/false, nullptr),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("existe déjà")));
  EXPECT_THAT(persons_->Find(again.meta.id), StatusIs(absl::StatusCode::kNotFound));

  // A confirmed homonym is created, and both are then reported.
  ASSERT_OK(persons_->Create(again, kAuthor, /*allow_duplicate=*/true, nullptr));
  ASSERT_OK_AND_ASSIGN(NewPerson third, Plan(Identite("Martin", {"Lucas"}, "2012-03-04")));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> duplicates,
                       persons_->LikelyDuplicates(third.meta, third.identite));
  EXPECT_THAT(duplicates, ::testing::UnorderedElementsAre(first.id, again.meta.id));
}

TEST_F(PersonsTest, ATypoWithTheSameBirthDateIsALikelyDuplicate) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  ASSERT_OK_AND_ASSIGN(NewPerson typo, Plan(Identite("Martin", {"Lukas"}, "2012-03-04")));
  EXPECT_THAT(persons_->LikelyDuplicates(typo.meta, typo.identite),
              IsOkAndHolds(ElementsAre(lucas.id)));
  ASSERT_OK_AND_ASSIGN(NewPerson other_day, Plan(Identite("Martin", {"Lucas"}, "2012-03-05")));
  EXPECT_THAT(persons_->LikelyDuplicates(other_day.meta, other_day.identite),
              IsOkAndHolds(IsEmpty()));
}

TEST_F(PersonsTest, TheSameHumanKnownToTwoControllersIsTwoRecordsKeptApart) {
  const v1::Identite lucas = Identite("Martin", {"Lucas"}, "2012-03-04");
  const PersonMeta montargis = Create(lucas, "commune-montargis");
  const PersonMeta chalette = Create(lucas, "commune-chalette-sur-loing");
  EXPECT_NE(montargis.id, chalette.id);
  EXPECT_EQ(chalette.controller_commune_id, "chalette-sur-loing");

  ASSERT_OK_AND_ASSIGN(NewPerson third, Plan(lucas, "commune-chalette-sur-loing"));
  EXPECT_THAT(persons_->LikelyDuplicates(third.meta, third.identite),
              IsOkAndHolds(ElementsAre(chalette.id)));
  // Their search index is the territory's, but a controller may be asked alone.
  SearchQuery query;
  query.text = "lucas martin";
  query.controller_id = "commune-montargis";
  std::vector<SearchMatch> matches = persons_->Search("ame", query);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].person_id, montargis.id);
}

TEST_F(PersonsTest, ARectificationKeepsEveryPreviousValueInTheHistory) {
  const PersonMeta lucas = Create(Identite("Martn", {"Lucas"}, "2012-03-04"));
  Rectification change;
  change.motif = v1::MOTIF_RECTIFICATION_ERREUR_SAISIE;
  change.identite = Identite("Martin", {"Lucas"}, "2012-03-04");
  change.commune_id = "montargis";
  ASSERT_THAT(persons_->Rectify(lucas, 1, change, kAuthor, nullptr), IsOkAndHolds(2));
  EXPECT_EQ(IdentiteOf(lucas).nom(), "Martin");

  ASSERT_OK_AND_ASSIGN(std::vector<PersonHistoryEvent> history,
                       persons_->History(lucas, {crypto::FieldClass::kIdentite}));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].record.type(), v1::TYPE_EVENEMENT_PERSONNE_CREATION);
  EXPECT_EQ(history[0].identite->nom(), "Martn");
  EXPECT_EQ(history[1].record.type(), v1::TYPE_EVENEMENT_PERSONNE_RECTIFICATION);
  EXPECT_EQ(history[1].record.motif(), v1::MOTIF_RECTIFICATION_ERREUR_SAISIE);
  EXPECT_EQ(history[1].record.user_id(), "ame-cabinet-montargis");
  EXPECT_EQ(history[1].record.commune_id(), "montargis");
  EXPECT_EQ(history[1].identite->nom(), "Martin");
  EXPECT_FALSE(history[1].coordonnees.has_value());

  // The duplicate key and the search index follow the new name.
  ASSERT_OK_AND_ASSIGN(NewPerson again, Plan(Identite("Martin", {"Lucas"}, "2012-03-04")));
  EXPECT_THAT(persons_->Create(again, kAuthor, false, nullptr),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Search("lucas martin"), ElementsAre(lucas.id));
}

TEST_F(PersonsTest, ARectificationIntoAnotherRecordsExactIdentityIsRefusedUnlessConfirmed) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  const PersonMeta lukas = Create(Identite("Martin", {"Lukas"}, "2011-01-01"));
  Rectification change;
  change.motif = v1::MOTIF_RECTIFICATION_ERREUR_SAISIE;
  change.identite = Identite("MARTIN", {"Lucas"}, "2012-03-04");
  EXPECT_THAT(persons_->Rectify(lukas, 1, change, kAuthor, nullptr),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("existe déjà")));
  EXPECT_EQ(IdentiteOf(lukas).prenoms(0), "Lukas");
  EXPECT_EQ(VersionOf(lukas), 1);

  change.allow_duplicate = true;
  ASSERT_THAT(persons_->Rectify(lukas, 1, change, kAuthor, nullptr), IsOkAndHolds(2));
  // Its own identity, unchanged, never counts as a duplicate of itself.
  change.allow_duplicate = false;
  change.identite->add_prenoms("Jean");
  EXPECT_THAT(persons_->Rectify(lucas, 1, change, kAuthor, nullptr), IsOkAndHolds(2));
}

TEST_F(PersonsTest, TheHistoryOpensOnlyTheClassesAsked) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  ASSERT_OK_AND_ASSIGN(std::vector<PersonHistoryEvent> history,
                       persons_->History(lucas, {crypto::FieldClass::kAdministratif}));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_FALSE(history[0].identite.has_value());
  EXPECT_FALSE(history[0].coordonnees.has_value());
  EXPECT_EQ(history[0].record.classes_size(), 3);  // identite, coordonnees, administratif
}

TEST_F(PersonsTest, AStaleVersionIsAbortedAndChangesNothing) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  Rectification change;
  change.motif = v1::MOTIF_RECTIFICATION_DEMENAGEMENT;
  change.coordonnees = v1::Coordonnees();
  change.coordonnees->set_ville("Amilly");
  ASSERT_THAT(persons_->Rectify(lucas, 1, change, kAuthor, nullptr), IsOkAndHolds(2));
  change.coordonnees->set_ville("Pannes");
  EXPECT_THAT(persons_->Rectify(lucas, 1, change, kAuthor, nullptr),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("version 2")));
  ASSERT_OK_AND_ASSIGN(PersonRecords records,
                       persons_->Read(lucas, {crypto::FieldClass::kCoordonnees}));
  EXPECT_EQ(records.coordonnees->ville(), "Amilly");
  EXPECT_EQ(VersionOf(lucas), 2);
}

TEST_F(PersonsTest, OfConcurrentRectificationsOfOneVersionExactlyOneWins) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  constexpr int kWriters = 8;
  std::atomic<int> won{0}, aborted{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      Rectification change;
      change.motif = v1::MOTIF_RECTIFICATION_DEMENAGEMENT;
      change.coordonnees = v1::Coordonnees();
      change.coordonnees->set_ville(absl::StrCat("Ville ", i));
      absl::StatusOr<int64_t> v = persons_->Rectify(lucas, 1, change, kAuthor, nullptr);
      if (v.ok()) ++won;
      if (absl::IsAborted(v.status())) ++aborted;
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
  EXPECT_EQ(VersionOf(lucas), 2);
}

TEST_F(PersonsTest, OnlyAMinorHasLegalRepresentativesOfTheSameController) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  const PersonMeta sophie = Create(Identite("Martin", {"Sophie"}, "1985-06-01"));
  const PersonMeta elsewhere =
      Create(Identite("Martin", {"Paul"}, "1983-01-01"), "commune-chalette-sur-loing");

  EXPECT_THAT(persons_->LinkRepresentative(lucas, 1, elsewhere, v1::LIEN_REPRESENTANT_PERE, false,
                                           kAuthor, nullptr),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("même responsable")));
  EXPECT_THAT(persons_->LinkRepresentative(sophie, 1, lucas, v1::LIEN_REPRESENTANT_AUTRE, false,
                                           kAuthor, nullptr),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("majeure")));
  EXPECT_THAT(persons_->LinkRepresentative(lucas, 1, lucas, v1::LIEN_REPRESENTANT_MERE, false,
                                           kAuthor, nullptr),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  ASSERT_THAT(persons_->LinkRepresentative(lucas, 1, sophie, v1::LIEN_REPRESENTANT_MERE, false,
                                           kAuthor, nullptr),
              IsOkAndHolds(2));
  ASSERT_OK_AND_ASSIGN(PersonRecords records,
                       persons_->Read(lucas, {crypto::FieldClass::kAdministratif}));
  ASSERT_EQ(records.administratif->representants_size(), 1);
  EXPECT_EQ(records.administratif->representants(0).person_id(), sophie.id);
  EXPECT_EQ(records.administratif->representants(0).lien(), v1::LIEN_REPRESENTANT_MERE);

  ASSERT_THAT(persons_->LinkRepresentative(lucas, 2, sophie, v1::LIEN_REPRESENTANT_MERE, true,
                                           kAuthor, nullptr),
              IsOkAndHolds(3));
  EXPECT_THAT(persons_->LinkRepresentative(lucas, 3, sophie, v1::LIEN_REPRESENTANT_MERE, true,
                                           kAuthor, nullptr),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(std::vector<PersonHistoryEvent> history,
                       persons_->History(lucas, {crypto::FieldClass::kAdministratif}));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].record.type(), v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_AJOUTE);
  EXPECT_EQ(history[2].record.type(), v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_RETIRE);
  EXPECT_EQ(history[2].record.representative_id(), sophie.id);
  EXPECT_EQ(history[2].record.lien(), v1::LIEN_REPRESENTANT_MERE);
}

TEST_F(PersonsTest, ReopeningRebuildsTheSearchIndexFromTheStore) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  const PersonMeta helene = Create(Identite("Lefèvre", {"Hélène"}, "2009-11-30"));
  const PersonMeta jp = Create(Identite("Le Goff", {"Jean-Pierre"}, "1990-05-05"));
  ReopenAll();
  EXPECT_EQ(persons_->IndexedCount("ame"), 3u);
  EXPECT_GT(persons_->IndexMemoryBytes(), 0u);
  EXPECT_THAT(Search("lukas martin"), ElementsAre(lucas.id));
  EXPECT_THAT(Search("helene lefevre"), ElementsAre(helene.id));
  EXPECT_THAT(Search("legoff jean pierre"), ElementsAre(jp.id));
  EXPECT_THAT(persons_->Find(lucas.id), IsOkAndHolds(::testing::Field(
                                            &PersonMeta::controller_id, "commune-montargis")));
}

TEST_F(PersonsTest, APersonWhoseKeyWasDestroyedIsGoneAfterReopening) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  const PersonMeta sophie = Create(Identite("Martin", {"Sophie"}, "1985-06-01"));
  ASSERT_OK_AND_ASSIGN(PersonRecords records,
                       persons_->Read(lucas, {crypto::FieldClass::kAdministratif}));
  ASSERT_OK(keys_->DestroyDataKey(records.administratif->data_key_id()));
  ReopenAll();
  EXPECT_THAT(persons_->Find(lucas.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(persons_->Find(sophie.id).status());
  EXPECT_THAT(Search("martin"), ElementsAre(sophie.id));
}

TEST_F(PersonsTest, TheCharteSeesThePersonWithItsControllersCommune) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  const policy::Entity entity = Persons::EntityOf(lucas);
  EXPECT_EQ(entity.uid, Persons::UidOf(lucas.id));
  const policy::Value* commune = entity.attrs.FindField("commune");
  ASSERT_NE(commune, nullptr);
  EXPECT_EQ(commune->ToString(), "Commune::\"ame/montargis\"");
}

}  // namespace
}  // namespace suivi::persons
