// policy/analysis/reads_test.cc: what a rule can read, from its AST.

#include "policy/analysis/reads.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/parser.h"
#include "policy/schema.h"

namespace suivi::policy::analysis {
namespace {

using ::suivi::testing::IsOk;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr char kSchema[] = R"(
  entity Organisation { type: String, commune?: String };
  entity Attribution { role: String };
  entity Utilisateur { organisation: Organisation, groupes: Set<String> };
  entity Dossier { organisation: Organisation, mesure: String };
  entity Personne { groupes: Set<String> };
  action "groupe"; action "autre";
  action "lire" in ["groupe"] appliesTo {
    principal: Utilisateur, resource: [Dossier, Personne],
    context: { classe: String, attribution?: Attribution } };
)";

class ReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(kSchema);
    ASSERT_THAT(schema, IsOk());
    schema_ = *schema;
    facts_.schema = schema_.get();
    facts_.action = EntityUid{"Action", "lire"};
    facts_.action_ancestors = {EntityUid{"Action", "groupe"}};
    facts_.principal_type = "Utilisateur";
    facts_.resource_type = "Dossier";
  }

  ReadSet Reads(const std::string& text) {
    absl::StatusOr<std::vector<Policy>> policies = ParsePolicyText(text);
    EXPECT_THAT(policies, IsOk());
    policies_ = std::move(policies).value();
    return ReadsOf(policies_.front(), facts_);
  }

  std::shared_ptr<const Schema> schema_;
  SliceFacts facts_;
  std::vector<Policy> policies_;
};

TEST_F(ReadsTest, FollowsTheSchemaTypesAlongAccessPaths) {
  ReadSet r = Reads(R"(permit (principal, action, resource)
      when { principal.organisation.type == "x" && context has attribution &&
             context.attribution.role == "r" && resource.organisation has commune };)");
  EXPECT_THAT(r.attributes,
              UnorderedElementsAre(Pair("Utilisateur", "organisation"), Pair("Organisation", "type"),
                                   Pair("context", "attribution"), Pair("Attribution", "role"),
                                   Pair("Dossier", "organisation"), Pair("Organisation", "commune")));
  EXPECT_TRUE(r.resource);
  EXPECT_FALSE(r.whole_context);
}

TEST_F(ReadsTest, AReceiverOfUnknownTypeReadsOnEveryType) {
  ReadSet r = Reads(R"(permit (principal, action, resource)
      when { (if context.classe == "a" then principal else principal).organisation.type == "x" };)");
  EXPECT_TRUE(r.attributes.contains({kAnyOwner, "organisation"}));
  EXPECT_TRUE(r.attributes.contains({kAnyOwner, "type"}));
  EXPECT_TRUE(Touches(r, Footprint{{{"Dossier", "organisation"}}, false}));
  EXPECT_TRUE(ReadsContextField(r, "classe"));
}

TEST_F(ReadsTest, SkipsWhatTheSliceNeverEvaluates) {
  // Another resource type, another action: the rule reads nothing.
  EXPECT_TRUE(Reads("permit (principal, action, resource is Personne) when { resource.groupes.isEmpty() };").never);
  EXPECT_TRUE(Reads(R"(permit (principal, action == Action::"autre", resource) when { principal.groupes.isEmpty() };)").never);
  EXPECT_FALSE(Reads(R"(permit (principal, action in Action::"groupe", resource) when { true };)").never);
  // The right of `&&` after a test that is false in the slice, the branch
  // of an `if` not taken.
  ReadSet r = Reads(R"(permit (principal, action, resource)
      when { (resource is Personne && resource.groupes.isEmpty()) ||
             (if action == Action::"lire" then resource.mesure == "m" else principal.groupes.isEmpty()) };)");
  EXPECT_THAT(r.attributes, UnorderedElementsAre(Pair("Dossier", "mesure")));
}

TEST_F(ReadsTest, UnlessAndNotAreFollowed) {
  ReadSet r = Reads(R"(forbid (principal, action, resource)
      unless { !(action != Action::"lire") && resource.mesure == "m" };)");
  EXPECT_THAT(r.attributes, UnorderedElementsAre(Pair("Dossier", "mesure")));
  EXPECT_EQ(StaticValue(*policies_.front().condition, facts_), std::nullopt);
}

TEST_F(ReadsTest, FootprintsAreTouchedByTypeAndName) {
  ReadSet r = Reads(R"(permit (principal, action, resource) when { principal.organisation.type == "x" };)");
  EXPECT_TRUE(Touches(r, Footprint{{{"Organisation", "type"}}, false}));
  EXPECT_FALSE(Touches(r, Footprint{{{"Dossier", "type"}}, false}));
  EXPECT_FALSE(Touches(r, Footprint{{}, true}));  // no use of the resource
  EXPECT_FALSE(ReadsContextField(r, "classe"));
  ReadSet whole = Reads(R"(permit (principal, action, resource) when { context == {classe: "a"} };)");
  EXPECT_TRUE(whole.whole_context);
  EXPECT_TRUE(Touches(whole, Footprint{{{"context", "attribution"}}, false}));
}

}  // namespace
}  // namespace suivi::policy::analysis
