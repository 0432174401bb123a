// policy/analysis/diff_test.cc: `suivi-policy diff` on two versions of the
// small charte whose differences are known.

#include "policy/analysis/diff.h"

#include <set>
#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::policy::analysis {
namespace {

using ::suivi::testing::IsOk;
using ::testing::HasSubstr;

const std::string kPetite = std::string(SUIVI_SOURCE_DIR) + "/policy/analysis/testdata/petite/";

DiffOptions Options(const std::string& before, const std::string& after) {
  DiffOptions options;
  options.schema = kPetite + "schema.cedarschema";
  options.roles = kPetite + "roles.textproto";
  options.old_policies = kPetite + before;
  options.new_policies = kPetite + after;
  return options;
}

// The (action, role, resource type) of the groups, and the number of
// (classe, finalité) pairs seen.
std::set<std::string> Keys(const std::vector<DiffGroup>& groups, size_t* pairs) {
  std::set<std::string> keys;
  std::set<std::pair<std::string, std::string>> contexts;
  for (const DiffGroup& g : groups) {
    keys.insert(g.action + " " + g.role + " " + g.resource_type);
    contexts.insert({g.classe, g.finalite});
  }
  *pairs = contexts.size();
  return keys;
}

TEST(Diff, ReportsTheKnownWideningAndRestrictionAndNothingElse) {
  DiffOptions options = Options("charte.cedar", "charte_v2.cedar");
  absl::StatusOr<DiffResult> result = Diff(options);
  ASSERT_THAT(result, IsOk());
  size_t pairs = 0;
  EXPECT_EQ(Keys(result->widened, &pairs),
            (std::set<std::string>{"annuaire:lire_territoire dpo Territoire"}));
  EXPECT_EQ(pairs, 6u);  // every classe × finalité
  EXPECT_EQ(Keys(result->restricted, &pairs),
            (std::set<std::string>{"annuaire:lire_utilisateur dpo Utilisateur"}));
  EXPECT_EQ(pairs, 6u);
  const DiffGroup& widened = result->widened.front();
  EXPECT_FALSE(widened.before.allowed);
  EXPECT_TRUE(widened.after.allowed);
  EXPECT_THAT(widened.after.reasons, ::testing::ElementsAre("territoire"));
  const DiffGroup& restricted = result->restricted.front();
  EXPECT_THAT(restricted.before.reasons, ::testing::ElementsAre("sa-fiche"));
  EXPECT_THAT(restricted.description, HasSubstr("un collègue"));
  EXPECT_EQ(DiffExitStatus(*result, options), 1);
  std::string text = FormatDiff(*result, options);
  EXPECT_THAT(text, HasSubstr("+ « annuaire:lire_territoire », rôle « dpo », Territoire, classe « "));
  EXPECT_THAT(text, HasSubstr("- « annuaire:lire_utilisateur », rôle « dpo », Utilisateur"));
  EXPECT_THAT(text, HasSubstr("Résumé : la nouvelle version élargit l'accès sur "));
}

TEST(Diff, IdenticalVersionsAgreeOnEveryRequest) {
  DiffOptions options = Options("charte.cedar", "charte.cedar");
  absl::StatusOr<DiffResult> result = Diff(options);
  ASSERT_THAT(result, IsOk());
  EXPECT_TRUE(result->identical());
  EXPECT_EQ(DiffExitStatus(*result, options), 0);
  EXPECT_THAT(FormatDiff(*result, options), HasSubstr("Aucune différence : les deux versions"));
}

TEST(Diff, WideningOnlyFailsOnlyOnWidening) {
  DiffOptions both = Options("charte_v2.cedar", "charte.cedar");
  both.widening_only = true;
  absl::StatusOr<DiffResult> result = Diff(both);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(DiffExitStatus(*result, both), 1);  // version 1 lets the DPO read others' records
  // Version 3 back to version 1 only takes « statistiques:exporter » away.
  DiffOptions restriction = Options("charte_v3.cedar", "charte.cedar");
  restriction.schema = kPetite + "schema_v3.cedarschema";
  restriction.new_schema = kPetite + "schema.cedarschema";
  absl::StatusOr<DiffResult> restricted = Diff(restriction);
  ASSERT_THAT(restricted, IsOk());
  EXPECT_EQ(DiffExitStatus(*restricted, restriction), 1);
  restriction.widening_only = true;
  EXPECT_EQ(DiffExitStatus(*restricted, restriction), 0);
}

TEST(Diff, AnActionAbsentFromTheOldSchemaCountsAsDeniedThere) {
  DiffOptions options = Options("charte.cedar", "charte_v3.cedar");
  options.new_schema = kPetite + "schema_v3.cedarschema";
  absl::StatusOr<DiffResult> result = Diff(options);
  ASSERT_THAT(result, IsOk());
  size_t pairs = 0;
  EXPECT_EQ(Keys(result->widened, &pairs),
            (std::set<std::string>{"statistiques:exporter membre_groupe Statistiques"}));
  EXPECT_TRUE(result->restricted.empty());
  EXPECT_TRUE(result->widened.front().before.undeclared);
  EXPECT_THAT(FormatDiff(*result, options), HasSubstr("ne déclare pas cette requête"));
  // Read the other way, the new action is a restriction.
  DiffOptions reverse = Options("charte_v3.cedar", "charte.cedar");
  reverse.schema = kPetite + "schema_v3.cedarschema";
  reverse.new_schema = kPetite + "schema.cedarschema";
  absl::StatusOr<DiffResult> back = Diff(reverse);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->restricted_requests, result->widened_requests);
  EXPECT_TRUE(back->widened.empty());
}

}  // namespace
}  // namespace suivi::policy::analysis
