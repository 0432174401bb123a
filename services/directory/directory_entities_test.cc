// services/directory/directory_entities_test.cc
//
// The demo directory as the charte reads it: entities built from the real
// demo territory, decided by the real charte.

#include "services/directory/directory_entities.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/enforcement/charte.h"
#include "policy/enforcement/charte_entities.h"
#include "policy/enforcement/enforcer.h"
#include "services/directory/directory_targets.h"
#include "services/directory/directory_test_fixture.h"

namespace suivi::directory {
namespace {

namespace charte = policy::charte;

class DirectoryEntitiesTest : public DirectoryTest {
 protected:
  void SetUp() override {
    DirectoryTest::SetUp();
    LoadAme();
    ASSERT_OK_AND_ASSIGN(std::shared_ptr<const policy::Charte> loaded,
                         policy::Charte::Load(policy::EmbeddedCharteFiles()));
    enforcer_ = std::make_unique<policy::Enforcer>(loaded, absl::flat_hash_set<std::string>{});
  }

  policy::AccessSubject SubjectOf(const std::string& user, const std::string& finalite) {
    policy::AccessSubject subject{charte::Uid("Utilisateur", user), {}, finalite,
                                  directory_->Today()};
    for (const auto& [id, a] : state()->assignments) {
      if (a.user_id() == user) subject.attributions.push_back(charte::Uid("Attribution", id));
    }
    return subject;
  }

  bool AllowedOn(const std::string& user, const std::string& action,
                 const absl::StatusOr<services::Target>& target) {
    EXPECT_TRUE(target.ok()) << target.status();
    return target.ok() && Allowed(user, "administration", action, target->resource,
                                  target->entities);
  }

  bool Allowed(const std::string& user, const std::string& finalite, const std::string& action,
               const policy::EntityUid& resource, std::vector<policy::Entity> extra = {}) {
    absl::StatusOr<policy::Entities> entities =
        enforcer_->RequestEntities(directory_->charte_entities(), std::move(extra));
    EXPECT_TRUE(entities.ok()) << entities.status();
    policy::AccessDecision d =
        enforcer_->Decide(*entities, SubjectOf(user, finalite), {{action, resource}})[0];
    EXPECT_THAT(d.errors, ::testing::IsEmpty());
    return d.allowed;
  }

  std::unique_ptr<policy::Enforcer> enforcer_;
};

TEST_F(DirectoryEntitiesTest, TheAdministratorKeepsHisTerritorysDirectoryOnly) {
  const policy::EntityUid ame = charte::Uid("Territoire", "ame");
  EXPECT_TRUE(Allowed("ame-admin", "administration", "annuaire:lister_organisations", ame));
  EXPECT_FALSE(Allowed("ame-admin", "statistique", "annuaire:lister_organisations", ame));
  EXPECT_FALSE(Allowed("ame-maire-chalette", "administration", "annuaire:lister_organisations",
                       ame));
  EXPECT_TRUE(Allowed("ame-coordonnateur", "administration", "annuaire:lire_groupe",
                      charte::Uid("Groupe", ScopedEntityId("ame", "ame-go"))));
}

TEST_F(DirectoryEntitiesTest, TheDemoMaireReadsHerCommunesRappelAndThePoliceMunicipaleDoesNot) {
  const std::string chalette = ScopedEntityId("ame", "chalette-sur-loing");
  std::vector<policy::Entity> rappel = {charte::Dossier(
      {"rappel-demo", "ame", chalette, ScopedEntityId("ame", "commune-chalette-sur-loing"),
       "rappel_ordre", "mairie-chalette-sur-loing", {}, {}, "", "", "", false})};
  const policy::EntityUid dossier = charte::Uid("Dossier", "rappel-demo");
  EXPECT_TRUE(Allowed("ame-maire-chalette", "suivi_individuel", "dossier:lire", dossier, rappel));
  EXPECT_FALSE(Allowed("ame-pm-chalette", "suivi_individuel", "dossier:lire", dossier, rappel));
}

TEST_F(DirectoryEntitiesTest, EveryEnrolledUserSeesWhoTheyAre) {
  for (const auto& [id, user] : state()->users) {
    EXPECT_TRUE(Allowed(id, "administration", "session:qui_suis_je",
                        charte::Uid("Utilisateur", id)))
        << id;
  }
}

TEST_F(DirectoryEntitiesTest, ATerritoryPointsAtItsLastAdoptedCharteVersion) {
  const policy::Entity* ame =
      directory_->charte_entities()->Find(charte::Uid("Territoire", "ame"));
  ASSERT_NE(ame, nullptr);
  EXPECT_EQ(ame->attrs.FindField("charte_en_vigueur")->entity_value().id,
            CharteVersionEntityId("ame", 1));

  // Without an adopted version, a version nobody signed: no group shares.
  DirectoryState state;
  v1::Territory t;
  t.set_id("sans-charte");
  state.Apply(t);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const policy::Entities> entities,
                       BuildDirectoryEntities(state));
  const policy::Entity* territory = entities->Find(charte::Uid("Territoire", "sans-charte"));
  ASSERT_NE(territory, nullptr);
  EXPECT_EQ(territory->attrs.FindField("charte_en_vigueur")->entity_value().id,
            CharteVersionEntityId("sans-charte", 0));
}

TEST_F(DirectoryEntitiesTest, AdministratorsReachTheUsersOfTheirTerritoriesOnly) {
  ASSERT_THAT(directory_->LoadBootstrap(Demo(kBelfort)), ::suivi::testing::IsOkAndHolds(true));
  const auto s = state();
  const std::string read = "annuaire:lire_utilisateur";
  EXPECT_TRUE(AllowedOn("ame-admin", read, UserTarget(*s, "ame-cpip")));
  EXPECT_TRUE(AllowedOn("ame-admin", read, UserTarget(*s, "ame-admin")));
  EXPECT_FALSE(AllowedOn("ame-admin", read, UserTarget(*s, "gb-cpip")));
  EXPECT_FALSE(AllowedOn("ame-dpo", read, UserTarget(*s, "ame-cpip")));
  EXPECT_TRUE(AllowedOn("ame-dpo", read, UserTarget(*s, "ame-dpo")));  // one's own record
  EXPECT_EQ(UserTarget(*s, "personne").status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(TerritoryTarget("").status().code(), absl::StatusCode::kInvalidArgument);

  v1::User user;
  user.set_id("nouvelle-recrue");
  user.set_organisation_id("mairie-montargis");
  EXPECT_TRUE(AllowedOn("ame-admin", "annuaire:ajouter_utilisateur", NewUserTarget(*s, user)));
  user.set_organisation_id("territoire-habitat");  // a Belfort organisation
  EXPECT_FALSE(AllowedOn("ame-admin", "annuaire:ajouter_utilisateur", NewUserTarget(*s, user)));
  user.set_organisation_id("inconnue");
  EXPECT_EQ(NewUserTarget(*s, user).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(DirectoryEntitiesTest, AnEntryOfAnotherTerritoryIsDecidedOnTheTerritoryNamed) {
  const auto s = state();
  EXPECT_TRUE(AllowedOn("ame-admin", "annuaire:lire_groupe", GroupTarget(*s, "ame", "ame-go")));
  EXPECT_TRUE(AllowedOn("ame-admin", "annuaire:lire_groupe", GroupTarget(*s, "ame", "absent")));
  EXPECT_FALSE(AllowedOn("ame-admin", "annuaire:lire_groupe",
                         GroupTarget(*s, "grand-belfort", "absent")));
  EXPECT_FALSE(AllowedOn("ame-admin", "annuaire:terminer_attribution",
                         AssignmentTarget(*s, "grand-belfort", "inconnue")));
}

// The demo territories record the adoption of the charte suivid runs. A
// change to policy/charte/ is a new text for the committees: record its
// hashes in deploy/demo/territoires/ (suivid prints them at start).
TEST(DemoTerritories, AdoptedTheCharteInForce) {
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const policy::Charte> charte,
                       policy::Charte::Load(policy::EmbeddedCharteFiles()));
  for (const char* file : {kAme, kBelfort}) {
    v1::DirectoryBootstrap demo = Demo(file);
    ASSERT_GT(demo.charte_versions_size(), 0) << file;
    const v1::CharteVersion& last = *demo.charte_versions().rbegin();
    EXPECT_EQ(last.policies_sha256(), charte->policies_sha256()) << file;
    EXPECT_EQ(last.text_sha256(), charte->text_sha256()) << file;
  }
}

}  // namespace
}  // namespace suivi::directory
