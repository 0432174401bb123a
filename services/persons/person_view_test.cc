// A person as each caller sees it through the real charte: the classes the
// charte denies are absent and named, a search keeps only the persons the
// caller may read, and the call's audit record lists every decision.

#include "services/persons/person_view.h"

#include <memory>
#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/enforcement/charte_entities.h"
#include "services/common/charte_holder.h"
#include "services/persons/persons_test_fixture.h"

namespace suivi::persons {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class PersonViewTest : public PersonsTest {
 protected:
  void SetUp() override {
    PersonsTest::SetUp();
    ASSERT_OK_AND_ASSIGN(charte_, services::CharteHolder::Load("", {}));
  }

  // A call of `user` (enrolled here) about `target`, for suivi_individuel.
  std::unique_ptr<services::Call> CallOf(const std::string& user, services::Target target,
                                         const std::string& action = "personne:lire") {
    const std::string fingerprint(64, static_cast<char>('a' + enrolled_++));
    Enrol(fingerprint, user);
    absl::StatusOr<services::Caller> caller = directory_->Authenticate(fingerprint);
    EXPECT_OK(caller.status());
    auto call = std::make_unique<services::Call>("suivi.v1.Persons.Test", action, nullptr,
                                                 charte_->current());
    call->SetCaller(*caller);
    call->SetFinalite("suivi_individuel");
    EXPECT_OK(call->SetTarget(directory_->charte_entities(), directory_->Today(),
                              std::move(target)));
    return call;
  }
  std::unique_ptr<services::Call> CallAbout(const std::string& user, const PersonMeta& meta,
                                            std::vector<std::string> intervenants = {}) {
    policy::charte::PersonneFacts facts;
    policy::Entity entity = Persons::EntityOf(meta);
    if (!intervenants.empty()) {
      facts.id = meta.id;
      facts.territoire = meta.territory_id;
      facts.controleur = absl::StrCat(meta.territory_id, "/", meta.controller_id);
      facts.organisation = meta.organisation_id;
      facts.intervenants = std::move(intervenants);
      entity = policy::charte::Personne(facts);  // an EPCI's record: no commune
    }
    return CallOf(user, {Persons::UidOf(meta.id), {std::move(entity)}, meta.territory_id});
  }

  std::unique_ptr<services::CharteHolder> charte_;
  int enrolled_ = 0;
};

TEST_F(PersonViewTest, TheCabinetDuMaireReadsEveryClassOfItsCommunesPerson) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  std::unique_ptr<services::Call> call = CallAbout("ame-cabinet-montargis", lucas);
  ASSERT_OK_AND_ASSIGN(v1::Person person,
                       ViewPerson(*call, *persons_, lucas, persons_->Today()));
  EXPECT_EQ(person.identite().nom(), "Martin");
  EXPECT_EQ(person.coordonnees().ville(), "Montargis");
  EXPECT_EQ(person.controller_id(), "commune-montargis");
  EXPECT_EQ(person.version(), 1);
  EXPECT_EQ(person.age().ans(), 14);
  EXPECT_TRUE(person.age().mineur());
  EXPECT_THAT(person.classes_masquees(), IsEmpty());

  const v1::AuditRecord record = call->Record(absl::OkStatus());
  EXPECT_EQ(record.decisions_size(), 3);  // one per class
  EXPECT_THAT(record.field_classes_returned(),
              UnorderedElementsAre("identite", "coordonnees", "administratif"));
}

TEST_F(PersonViewTest, ATuteurFollowingThePersonSeesTheIdentityButNotTheAddress) {
  const PersonMeta karim = Create(Identite("B.", {"Karim"}, "1998-07-14"), "ame", "ame");
  std::unique_ptr<services::Call> call =
      CallAbout("ame-tuteur-amilly", karim, {"ame-tuteur-amilly"});
  ASSERT_OK_AND_ASSIGN(v1::Person person,
                       ViewPerson(*call, *persons_, karim, persons_->Today()));
  EXPECT_EQ(person.identite().prenoms(0), "Karim");
  EXPECT_FALSE(person.has_coordonnees());
  EXPECT_THAT(person.classes_masquees(), ElementsAre(v1::FIELD_CLASS_COORDONNEES));
  EXPECT_FALSE(person.age().mineur());

  // The same holds for the history: the address written at creation stays hidden.
  ASSERT_OK_AND_ASSIGN(std::vector<v1::PersonEvent> history,
                       ViewHistory(*call, *persons_, karim));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_TRUE(history[0].has_identite());
  EXPECT_FALSE(history[0].has_coordonnees());
}

TEST_F(PersonViewTest, AMinorsRepresentativeIsShownWithTheirOwnRecord) {
  const PersonMeta lucas = Create(Identite("Martin", {"Lucas"}, "2012-03-04"));
  const PersonMeta sophie = Create(Identite("Martin", {"Sophie"}, "1985-06-01"));
  ASSERT_OK(persons_
                ->LinkRepresentative(lucas, 1, sophie, v1::LIEN_REPRESENTANT_MERE, false,
                                     kAuthor, nullptr)
                .status());
  std::unique_ptr<services::Call> call = CallAbout("ame-cabinet-montargis", lucas);
  ASSERT_OK_AND_ASSIGN(v1::Person person,
                       ViewPerson(*call, *persons_, lucas, persons_->Today()));
  ASSERT_EQ(person.representants_size(), 1);
  EXPECT_EQ(person.representants(0).person_id(), sophie.id);
  EXPECT_EQ(person.representants(0).lien(), v1::LIEN_REPRESENTANT_MERE);
  EXPECT_EQ(person.representants(0).identite().prenoms(0), "Sophie");
  EXPECT_EQ(person.representants(0).coordonnees().code_postal(), "45200");
}

TEST_F(PersonViewTest, ASearchKeepsOnlyThePersonsTheCallerMayRead) {
  const v1::Identite lucas = Identite("Martin", {"Lucas"}, "2012-03-04");
  const PersonMeta montargis = Create(lucas, "commune-montargis");
  const PersonMeta chalette = Create(lucas, "commune-chalette-sur-loing",
                                     "mairie-chalette-sur-loing");
  const services::Target territory{policy::charte::Uid("RepertoirePersonnes", "ame"),
                                   {policy::charte::RepertoirePersonnes("ame")}, "ame"};

  auto ids_of = [](const std::vector<PersonMeta>& metas) {
    std::vector<std::string> ids;
    for (const PersonMeta& m : metas) ids.push_back(m.id);
    return ids;
  };
  std::unique_ptr<services::Call> chalette_call =
      CallOf("ame-cabinet-chalette", territory, "personne:rechercher");
  EXPECT_THAT(ReadableIdentities(*chalette_call, *persons_, {montargis.id, chalette.id}),
              ::suivi::testing::IsOkAndHolds(::testing::ResultOf(ids_of, ElementsAre(chalette.id))));
  std::unique_ptr<services::Call> gendarme_call =
      CallOf("ame-gendarme", territory, "personne:rechercher");
  EXPECT_THAT(ReadableIdentities(*gendarme_call, *persons_, {montargis.id, chalette.id}),
              ::suivi::testing::IsOkAndHolds(IsEmpty()));
  // Unknown ids are dropped, not refused.
  std::unique_ptr<services::Call> montargis_call =
      CallOf("ame-cabinet-montargis", territory, "personne:rechercher");
  EXPECT_THAT(ReadableIdentities(*montargis_call, *persons_, {"inconnue", montargis.id}),
              ::suivi::testing::IsOkAndHolds(::testing::ResultOf(ids_of, ElementsAre(montargis.id))));
}

}  // namespace
}  // namespace suivi::persons
