// policy/explain_test.cc
//
// Explanations agree with the decision, name the first clause a policy did
// not meet, and read as plain French.

#include "policy/explain.h"

#include <memory>
#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/test_util.h"

namespace suivi::policy {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCharte[] = R"(// Lecture des convocations.
@id("pm-convocation")
permit (principal in Group::"g1", action == Action::"view", resource)
when { context.n > 3 }
unless { context.s == "x" };

@id("lecture-age")
permit (principal, action == Action::"view", resource is Doc)
when {
  principal.age >= 40
};

@id("motif-interdit")
@message("Ce motif ne permet pas de consulter le dossier.")
forbid (principal, action, resource)
when { context has motif && context.motif == "curiosite" };

permit (principal, action, resource) when { principal.absent == 1 };

permit (principal, action == Action::"edit", resource);
)";

struct Fixture {
  std::shared_ptr<const PolicySet> policies;
  std::shared_ptr<const Entities> entities;
  Request request;
};

Fixture Load(const char* request_json = testing::kRequestJson) {
  Fixture f;
  f.policies = ParsePolicies(kCharte).value();
  f.entities = ParseEntitiesJson(testing::kEntitiesJson).value();
  f.request = ParseRequestJson(request_json).value();
  return f;
}

TEST(Explain, GivesEachPolicyItsOutcomeAndFirstUnmetClause) {
  Fixture f = Load();
  Explanation e = Explain(*f.policies, *f.entities, f.request);
  EXPECT_EQ(e.response.decision, Decision::kDeny);
  ASSERT_EQ(e.policies.size(), 5u);
  // context.n > 3 holds; the `unless` (context.s == "x") is what fails.
  EXPECT_EQ(e.policies[0].outcome, PolicyOutcome::kNotSatisfied);
  EXPECT_EQ(e.policies[0].clause->kind, ClauseKind::kUnless);
  EXPECT_EQ(e.policies[1].outcome, PolicyOutcome::kNotSatisfied);
  EXPECT_EQ(e.policies[1].clause->kind, ClauseKind::kWhen);
  EXPECT_EQ(e.policies[2].outcome, PolicyOutcome::kNotSatisfied);
  EXPECT_EQ(e.policies[3].outcome, PolicyOutcome::kError);
  EXPECT_THAT(e.policies[3].error, HasSubstr("absent"));
  EXPECT_EQ(e.policies[4].outcome, PolicyOutcome::kOtherAction);
}

TEST(Explain, SaysInFrenchWhatEachPermitLacked) {
  Fixture f = Load();
  std::string text =
      ExplanationToFrench(Explain(*f.policies, *f.entities, f.request), f.request, kCharte);
  EXPECT_THAT(text, HasSubstr("Décision : REFUSÉE : aucune règle n'autorise cette demande."));
  EXPECT_THAT(text, HasSubstr("« pm-convocation » (policy0, ligne 2) : l'exception s'applique : "
                              "« unless { context.s == \"x\" } » (ligne 5)."));
  // A condition over several lines is quoted on one.
  EXPECT_THAT(text, HasSubstr("« lecture-age » (policy1, ligne 7) : la condition n'est pas "
                              "remplie : « when { principal.age >= 40 } » (ligne 9)."));
  EXPECT_THAT(text, HasSubstr("policy3 (ligne 18) : attribut absent : « absent », dans « when { "
                              "principal.absent == 1 } »"));
  EXPECT_THAT(text, HasSubstr("1 autre règle porte sur d'autres actions."));
  // A forbid that did not apply is not a reason.
  EXPECT_THAT(text, Not(HasSubstr("motif-interdit")));
}

TEST(Explain, NamesTheScopeConstraintThatDidNotMatch) {
  Fixture f = Load(R"({"principal": {"type": "User", "id": "zoe"},
    "action": {"type": "Action", "id": "view"}, "resource": {"type": "Doc", "id": "d1"},
    "context": {"n": 5, "s": "y"}})");
  std::string text =
      ExplanationToFrench(Explain(*f.policies, *f.entities, f.request), f.request, kCharte);
  EXPECT_THAT(text, HasSubstr("« pm-convocation » (policy0, ligne 2) : le demandeur ne correspond "
                              "pas à « principal in Group::\"g1\" » (ligne 3)."));
}

TEST(Explain, SaysWhichPermitsAllowed) {
  Fixture f = Load(R"({"principal": {"type": "User", "id": "alice"},
    "action": {"type": "Action", "id": "view"}, "resource": {"type": "Doc", "id": "d1"},
    "context": {"n": 5, "s": "y"}})");
  Explanation e = Explain(*f.policies, *f.entities, f.request);
  ASSERT_EQ(e.response.decision, Decision::kAllow);
  std::string text = ExplanationToFrench(e, f.request, kCharte);
  EXPECT_THAT(text, HasSubstr("Décision : AUTORISÉE."));
  EXPECT_THAT(text, HasSubstr("« pm-convocation » (policy0, ligne 2) : toutes ses conditions "
                              "sont remplies."));
  EXPECT_THAT(text, Not(HasSubstr("lecture-age")));
}

TEST(Explain, GivesTheForbidsMessage) {
  Fixture f = Load(R"({"principal": {"type": "User", "id": "alice"},
    "action": {"type": "Action", "id": "view"}, "resource": {"type": "Doc", "id": "d1"},
    "context": {"n": 5, "s": "y", "motif": "curiosite"}})");
  Explanation e = Explain(*f.policies, *f.entities, f.request);
  ASSERT_EQ(e.response.decision, Decision::kDeny);
  std::string text = ExplanationToFrench(e, f.request, kCharte);
  EXPECT_THAT(text, HasSubstr("Décision : REFUSÉE.\n\nInterdite par"));
  EXPECT_THAT(text, HasSubstr("« motif-interdit » (policy2, ligne 13) : toutes ses conditions sont "
                              "remplies ; motif : « Ce motif ne permet pas de consulter le dossier. »"));
}

}  // namespace
}  // namespace suivi::policy
