// policy/enforcement/enforcer_test.cc
//
// The demo charte decided through the Enforcer, on the test world: the
// rules of the issue as the people of DOMAIN.md would meet them.

#include "policy/enforcement/enforcer.h"

#include <memory>
#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/enforcement/charte_entities.h"
#include "policy/enforcement/test_world.h"

namespace suivi::policy {
namespace {

using ::suivi::policy::testing::Subject;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class EnforcerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(charte_, Charte::Load(EmbeddedCharteFiles()));
    ASSERT_OK_AND_ASSIGN(Entities directory, Entities::Build(testing::DirectoryEntities()));
    directory_ = std::make_shared<const Entities>(std::move(directory));
    UseObligations({});
  }

  void UseObligations(absl::flat_hash_set<std::string> dischargeable) {
    enforcer_ = std::make_unique<Enforcer>(charte_, std::move(dischargeable));
    ASSERT_OK_AND_ASSIGN(entities_,
                         enforcer_->RequestEntities(directory_, testing::ResourceEntities()));
  }

  // One decision, explained; no policy may err in the demo world.
  AccessDecision Ask(const std::string& user, const std::string& finalite,
                     const std::string& action, const EntityUid& resource,
                     const std::string& classe = "administratif") {
    std::vector<AccessDecision> d = enforcer_->Decide(entities_, Subject(user, finalite),
                                                      {{action, resource, classe}},
                                                      /*explain=*/true);
    EXPECT_THAT(d[0].errors, IsEmpty()) << user << " " << action << " " << classe;
    return d[0];
  }

  bool Sees(const std::string& user, const EntityUid& resource) {
    return enforcer_->MaySee(entities_, Subject(user, "suivi_individuel"), resource);
  }

  const EntityUid rappel_ = charte::Uid("Dossier", "rappel-1");
  const EntityUid archive_ = charte::Uid("Dossier", "rappel-archive");
  const EntityUid convocation_ = charte::Uid("Tache", "convocation-1");
  std::shared_ptr<const Charte> charte_;
  std::shared_ptr<const Entities> directory_;
  std::unique_ptr<Enforcer> enforcer_;
  Entities entities_;
};

TEST_F(EnforcerTest, MaireReadsHisRappelButNotTheSecretPartage) {
  for (const std::string& classe : charte_->EnumValues("Classe")) {
    AccessDecision d = Ask("maire-chalette", "suivi_individuel", "dossier:lire", rappel_, classe);
    EXPECT_EQ(d.allowed, classe != "situation_sociale") << classe;
  }
  AccessDecision d = Ask("maire-chalette", "suivi_individuel", "dossier:lire", rappel_, "faits");
  EXPECT_EQ(d.attribution_id, "maire-chalette-1");
  EXPECT_THAT(d.policy_ids, ElementsAre("mairie-dossiers-de-la-commune"));
}

TEST_F(EnforcerTest, ParquetInformationReachesOnlyMaireDelegateAndNamedCoordonnateur) {
  const std::string c = "judiciaire_parquet";
  EXPECT_TRUE(Ask("adjointe-chalette", "suivi_individuel", "dossier:lire", rappel_, c).allowed);
  EXPECT_TRUE(Ask("coordonnateur", "suivi_individuel", "dossier:lire", rappel_, c).allowed);
  AccessDecision cabinet = Ask("cabinet-chalette", "suivi_individuel", "dossier:lire", rappel_, c);
  EXPECT_FALSE(cabinet.allowed);
  EXPECT_THAT(cabinet.policy_ids, ElementsAre("parquet-destinataires"));
  EXPECT_THAT(cabinet.reason, HasSubstr("au maire, à son délégué et au coordonnateur"));
}

TEST_F(EnforcerTest, ADelegationWithoutArreteGrantsNothing) {
  AccessDecision d = Ask("adjoint-sans-arrete", "suivi_individuel", "dossier:lire", rappel_);
  EXPECT_FALSE(d.allowed);
  EXPECT_THAT(d.reason, HasSubstr("arrêté"));
}

TEST_F(EnforcerTest, PoliceNeverReadsFaitsNorSeesTheCase) {
  AccessDecision d = Ask("gendarme", "suivi_individuel", "dossier:lire", rappel_, "faits");
  EXPECT_FALSE(d.allowed);
  EXPECT_FALSE(Sees("gendarme", rappel_));
}

TEST_F(EnforcerTest, PoliceMunicipaleSeesOnlyTheConvocationItHandsOver) {
  for (const std::string& classe : charte_->EnumValues("Classe")) {
    const bool expected = classe == "identite" || classe == "coordonnees" || classe == "administratif";
    EXPECT_EQ(Ask("pm-chalette", "suivi_individuel", "tache:lire", convocation_, classe).allowed,
              expected)
        << classe;
  }
  EXPECT_FALSE(Ask("pm-chalette", "suivi_individuel", "dossier:lire", rappel_, "identite").allowed);
  EXPECT_FALSE(Sees("pm-chalette", rappel_));
  EXPECT_TRUE(Sees("pm-chalette", convocation_));
}

TEST_F(EnforcerTest, AnotherCommunesRappelIsInvisible) {
  EXPECT_FALSE(Ask("cabinet-montargis", "suivi_individuel", "dossier:lire", rappel_).allowed);
  EXPECT_FALSE(Sees("cabinet-montargis", rappel_));
  EXPECT_TRUE(Sees("cabinet-chalette", rappel_));
}

TEST_F(EnforcerTest, AnEndedRoleGrantsNothingAndSaysSo) {
  AccessDecision d = Ask("ancien-maire", "suivi_individuel", "dossier:lire", rappel_, "faits");
  EXPECT_FALSE(d.allowed);
  EXPECT_THAT(d.policy_ids, ElementsAre("attribution-hors-periode"));
  EXPECT_EQ(d.reason, "Votre rôle n'est pas en vigueur à cette date.");
}

TEST_F(EnforcerTest, GroupMembersSeeTheSituationOnlySignedAndNotExcluded) {
  EXPECT_TRUE(Ask("educateur", "coordination", "groupe:lire_situation", rappel_, "identite").allowed);
  EXPECT_FALSE(Ask("educateur", "coordination", "groupe:lire_situation", rappel_, "faits").allowed);

  AccessDecision unsigned_member =
      Ask("bailleur-v1", "coordination", "groupe:lire_situation", rappel_, "identite");
  EXPECT_FALSE(unsigned_member.allowed);
  EXPECT_THAT(unsigned_member.reason, HasSubstr("pas signé la version en vigueur"));

  AccessDecision excluded =
      Ask("bailleur-exclu", "coordination", "groupe:lire_situation", rappel_, "identite");
  EXPECT_FALSE(excluded.allowed);
  EXPECT_THAT(excluded.policy_ids, ElementsAre("groupe-exclusion"));

  EXPECT_FALSE(Ask("pleniere", "coordination", "groupe:lire_situation", rappel_, "identite").allowed);
}

TEST_F(EnforcerTest, SecretPartageStaysInItsCircle) {
  EXPECT_TRUE(Ask("assistante-sociale", "suivi_individuel", "dossier:lire", rappel_,
                  "situation_sociale").allowed);
  EXPECT_FALSE(Ask("educateur", "suivi_individuel", "dossier:lire", rappel_,
                   "situation_sociale").allowed);
  EXPECT_FALSE(Ask("educateur", "coordination", "groupe:lire_situation", rappel_,
                   "situation_sociale").allowed);
}

TEST_F(EnforcerTest, DpoReadsTheAuditNotTheCases) {
  const EntityUid journal = charte::Uid("JournalAudit", "journal-ame");
  EXPECT_TRUE(Ask("dpo", "controle", "audit:lire", journal).allowed);
  AccessDecision d = Ask("dpo", "suivi_individuel", "dossier:lire", rappel_, "identite");
  EXPECT_FALSE(d.allowed);
  EXPECT_THAT(d.reason, HasSubstr("ne consulte pas les dossiers"));
  AccessDecision other = Ask("admin", "controle", "audit:lire", journal);
  EXPECT_FALSE(other.allowed);
  EXPECT_THAT(other.policy_ids, ElementsAre("controle-dpo-seul"));
}

TEST_F(EnforcerTest, APurposeOtherThanFollowUpOpensNoNominativeData) {
  AccessDecision d = Ask("maire-chalette", "statistique", "dossier:lire", rappel_, "identite");
  EXPECT_FALSE(d.allowed);
  EXPECT_THAT(d.policy_ids, ElementsAre("nominatif-finalite"));
  EXPECT_TRUE(Ask("maire-chalette", "statistique", "statistiques:lire",
                  charte::Uid("Statistiques", "bilan-ame")).allowed);
}

TEST_F(EnforcerTest, AnObligationTheServerCannotDischargeTurnsThePermitIntoADeny) {
  AccessDecision d = Ask("maire-chalette", "suivi_individuel", "dossier:lire", archive_, "faits");
  EXPECT_FALSE(d.allowed);
  EXPECT_THAT(d.reason, HasSubstr("alerter_dpo"));

  UseObligations({"alerter_dpo"});
  d = Ask("maire-chalette", "suivi_individuel", "dossier:lire", archive_, "faits");
  EXPECT_TRUE(d.allowed);
  EXPECT_THAT(d.obligations, ElementsAre("alerter_dpo"));
}

TEST_F(EnforcerTest, ADefaultDenyExplainsWhatNoRuleGranted) {
  AccessDecision d = Ask("educateur", "suivi_individuel", "dossier:clore", rappel_);
  EXPECT_FALSE(d.allowed);
  EXPECT_THAT(d.policy_ids, IsEmpty());
  EXPECT_THAT(d.reason, HasSubstr("mairie-dossiers-de-la-commune"));
}

TEST_F(EnforcerTest, AnUnknownActionIsRefused) {
  std::vector<AccessDecision> d =
      enforcer_->Decide(entities_, Subject("admin", "administration"),
                        {{"dossier:inconnue", rappel_, "administratif"}});
  EXPECT_FALSE(d[0].allowed);
}

TEST_F(EnforcerTest, EveryUserSeesWhoTheyAre) {
  for (const char* user : {"gendarme", "ancien-maire", "dpo"}) {
    EXPECT_TRUE(Ask(user, "administration", "session:qui_suis_je",
                    charte::Uid("Utilisateur", user)).allowed)
        << user;
  }
}

TEST_F(EnforcerTest, TheRequestStoreLayersResourcesOverTheDirectory) {
  ASSERT_OK_AND_ASSIGN(Entities entities,
                       enforcer_->RequestEntities(directory_, {charte::Commune("nouvelle", "ame")}));
  EXPECT_NE(entities.Find(charte::Uid("Utilisateur", "maire-chalette")), nullptr);
  EXPECT_NE(entities.Find(charte::Uid("Action", "dossier:lire")), nullptr);
  EXPECT_TRUE(entities.IsIn(charte::Uid("Commune", "nouvelle"), charte::Uid("Territoire", "ame")));
  EXPECT_TRUE(entities.IsIn(charte::Uid("Action", "dossier:lire"),
                            charte::Uid("Action", "lecture_nominative")));
}

}  // namespace
}  // namespace suivi::policy
