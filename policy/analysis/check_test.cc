// policy/analysis/check_test.cc: `suivi-policy check` on the real charte
// (reduced bound; the CLI test suivi_policy_check_charte_ci_gate runs the
// complete one) and on charters that break an invariant.

#include "policy/analysis/check.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::policy::analysis {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;

const std::string kSource = SUIVI_SOURCE_DIR;
const std::string kTestdata = kSource + "/policy/analysis/testdata/";
const std::string kPetite = kTestdata + "petite/";

CheckOptions RealCharte() {
  CheckOptions options;
  options.schema = kSource + "/policy/charte/schema.cedarschema";
  options.policies = kSource + "/policy/charte/charte.cedar";
  options.invariants = kSource + "/policy/charte/invariants.cedar";
  options.roles = kSource + "/services/directory/data/roles.textproto";
  options.bound = Bound::kReduced;
  return options;
}

CheckOptions SmallCharte(const std::string& invariants) {
  CheckOptions options;
  options.schema = kPetite + "schema.cedarschema";
  options.policies = kPetite + "charte.cedar";
  options.invariants = kPetite + invariants;
  options.roles = kPetite + "roles.textproto";
  return options;
}

// The invariants of policy/charte/invariants.cedar: one @id each.
size_t CountInvariants() {
  std::ifstream in(kSource + "/policy/charte/invariants.cedar");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  size_t count = 0;
  for (size_t at = s.find("\n@id("); at != std::string::npos; at = s.find("\n@id(", at + 1)) ++count;
  return count;
}

const InvariantResult& Find(const CheckResult& result, const std::string& id) {
  for (const InvariantResult& r : result.invariants) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "pas d'invariant " << id;
  return result.invariants.front();
}

TEST(Check, TheCharteKeepsEveryInvariantWithinTheReducedBound) {
  absl::StatusOr<CheckResult> result = Check(RealCharte());
  ASSERT_THAT(result, IsOk());
  for (const InvariantResult& r : result->invariants) {
    EXPECT_TRUE(r.holds()) << r.id << " : " << r.matched << " requêtes, " << r.violations
                           << " contre, " << r.errors << " en erreur";
  }
  EXPECT_TRUE(result->ok());
  EXPECT_EQ(result->invariants.size(), CountInvariants());
  EXPECT_TRUE(result->charte_errors.empty());
  EXPECT_THAT(FormatCheck(*result, RealCharte()),
              HasSubstr("Vérifié dans la borne (checked within the bound) : "));
}

TEST(Check, ACharteWithoutOneForbidFailsWithACounterexampleNamingThePermit) {
  CheckOptions options = RealCharte();
  options.policies = SUIVI_BROKEN_CHARTE;
  absl::StatusOr<CheckResult> result = Check(options);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->ok());
  for (const InvariantResult& r : result->invariants) {
    EXPECT_EQ(r.holds(), r.id != "dpo-pas-de-dossiers") << r.id;
  }
  const InvariantResult& broken = Find(*result, "dpo-pas-de-dossiers");
  ASSERT_FALSE(broken.counterexamples.empty());
  const Example& e = broken.counterexamples.front();
  EXPECT_TRUE(e.verdict.allowed);
  // The first request found: a DPO in the case's circle reads its secret
  // partagé, which only « dpo-pas-les-dossiers » forbade.
  EXPECT_THAT(e.verdict.reasons, ::testing::ElementsAre("secret-partage-intervenants"));
  EXPECT_THAT(e.description, HasSubstr("rôle « dpo »"));
  EXPECT_THAT(e.description, HasSubstr("membre du cercle social"));
  EXPECT_THAT(e.description, HasSubstr("classe « situation_sociale »"));
  std::string text = FormatCheck(*result, options);
  EXPECT_THAT(text, HasSubstr("ÉCHEC — dpo-pas-de-dossiers"));
  EXPECT_THAT(text, HasSubstr("Contre-exemple : "));
  EXPECT_THAT(text, HasSubstr("→ AUTORISÉ par : "));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("Non vérifié : 1 invariant(s) sur ", CountInvariants())));
}

TEST(Check, APermitInvariantFailsWhereTheCharteDenies) {
  absl::StatusOr<CheckResult> result = Check(SmallCharte("invariants.cedar"));
  ASSERT_THAT(result, IsOk());
  const InvariantResult& r = Find(*result, "sa-fiche");
  EXPECT_FALSE(r.forbid);
  EXPECT_GT(r.violations, 0u);
  ASSERT_FALSE(r.counterexamples.empty());
  EXPECT_FALSE(r.counterexamples.front().verdict.allowed);
  EXPECT_THAT(r.counterexamples.front().verdict.reasons, Contains("attribution-hors-periode"));
  EXPECT_THAT(FormatCheck(*result, SmallCharte("invariants.cedar")),
              HasSubstr("→ REFUSÉ par : attribution-hors-periode"));
}

TEST(Check, AnInvariantThatFailsToEvaluateIsAFailure) {
  absl::StatusOr<CheckResult> result = Check(SmallCharte("invariants.cedar"));
  ASSERT_THAT(result, IsOk());
  const InvariantResult& r = Find(*result, "calcul-g1");
  EXPECT_GT(r.errors, 0u);
  EXPECT_FALSE(r.holds());
  ASSERT_FALSE(r.error_examples.empty());
  EXPECT_THAT(r.error_examples.front().error, HasSubstr("dépassement de capacité"));
  EXPECT_THAT(r.error_examples.front().description, HasSubstr("membre de g1"));
  EXPECT_TRUE(Find(*result, "maire-lit-ses-rappels").holds());
  ASSERT_EQ(result->charte_errors.size(), 1u);
  EXPECT_EQ(result->charte_errors.front().policy, "groupe-situation");
}

TEST(Check, AnInvariantThatMatchesNothingProvesNothing) {
  absl::StatusOr<CheckResult> result = Check(SmallCharte("invariant_vide.cedar"));
  ASSERT_THAT(result, IsOk());
  ASSERT_EQ(result->invariants.size(), 1u);
  EXPECT_EQ(result->invariants.front().matched, 0u);
  EXPECT_FALSE(result->ok());
  EXPECT_THAT(FormatCheck(*result, SmallCharte("invariant_vide.cedar")),
              HasSubstr("VIDE — jamais : "));
}

TEST(Check, RefusesBadInput) {
  EXPECT_THAT(Check(SmallCharte("invariant_sans_description.cedar")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("@description")));
  EXPECT_THAT(Check(SmallCharte("invariant_non_valide.cedar")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("« non-valide »")));
  EXPECT_THAT(Check(SmallCharte("absent.cedar")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("impossible de lire")));
  CheckOptions wrong_roles = SmallCharte("invariants.cedar");
  wrong_roles.roles = kSource + "/services/directory/data/roles.textproto";
  EXPECT_THAT(Check(wrong_roles), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("n'est pas déclaré dans le schéma")));
}

}  // namespace
}  // namespace suivi::policy::analysis
