// policy/enforcement/batch_evaluation_test.cc
//
// The shared evaluations of a batch give, for every request, exactly
// Authorize's Response: on policies that read the context in every way the
// subset allows (as a whole, by field, `has`, inside records, sets and
// conditionals), that err or are not boolean at every stage.

#include "policy/enforcement/batch_evaluation.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status_matchers.h"
#include "gtest/gtest.h"
#include "policy/authorizer.h"

namespace suivi::policy {
namespace {

constexpr char kPolicies[] = R"(
permit (principal, action, resource) when { context == context };
permit (principal, action == Action::"a", resource) when { context["classe"] == Classe::"x" };
forbid (principal, action in Action::"grp", resource)
when { context has classe && context.classe == Classe::"y" && context has attribution };
permit (principal, action, resource) when { principal.nope };
permit (principal, action, resource is Doc)
when { context has attribution && context.attribution.role == "r" && resource.owner == principal };
forbid (principal, action, resource) when { context.classe == Classe::"z" && resource.missing };
forbid (principal, action, resource) when { context.attribution };
permit (principal, action, resource) when { 1 };
permit (principal, action, resource)
when { if context has attribution then context.classe == Classe::"x" else true };
forbid (principal, action, resource)
unless { context.finalite == Finalite::"f" && context.aujourdhui > 3 };
permit (principal, action, resource) when { {c: context.classe}.c == Classe::"x" };
forbid (principal, action, resource)
when { [context.classe].contains(Classe::"y") || context.attribution has role };
permit (principal, action, resource)
when { context has attribution }
when { context.attribution.titulaire == principal }
unless { context.classe == Classe::"y" && principal.ok };
permit (principal, action, resource)
when { principal.n + 1 > 0 && context.attribution.role like "r*" && principal.n };
forbid (principal in Group::"g", action, resource)
when { context has attribution && context.attribution.role == "s" && context.nope };
permit (principal, action, resource)
when { context has nope || (context has attribution && context.classe == Classe::"x") };
permit (principal, action, resource) when { context has classe && principal.n > 0 };
permit (principal, action, resource) when { context.classe == Classe::"x" };
permit (principal, action, resource) when { context.classe < 3 };
permit (principal, action, resource) when { context.classe in Classe::"x" };
)";

constexpr char kEntities[] = R"([
  {"uid": {"type": "User", "id": "u"}, "attrs": {"ok": true, "n": 1},
   "parents": [{"type": "Group", "id": "g"}]},
  {"uid": {"type": "Group", "id": "g"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Attribution", "id": "a1"},
   "attrs": {"role": "r", "titulaire": {"__entity": {"type": "User", "id": "u"}}}, "parents": []},
  {"uid": {"type": "Attribution", "id": "a2"}, "attrs": {"role": "s"}, "parents": []},
  {"uid": {"type": "Action", "id": "a"}, "attrs": {},
   "parents": [{"type": "Action", "id": "grp"}]},
  {"uid": {"type": "Action", "id": "grp"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Classe", "id": "y"}, "attrs": {},
   "parents": [{"type": "Classe", "id": "x"}]},
  {"uid": {"type": "Doc", "id": "d"},
   "attrs": {"owner": {"__entity": {"type": "User", "id": "u"}}}, "parents": []}
])";

class BatchEvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(policies_, ParsePolicies(kPolicies));
    ASSERT_OK_AND_ASSIGN(entities_, ParseEntitiesJson(kEntities));
    plan_ = std::make_unique<BatchPlan>(*policies_, std::vector<std::string>{"x", "y"});
  }

  std::shared_ptr<const PolicySet> policies_;
  std::shared_ptr<const Entities> entities_;
  std::unique_ptr<BatchPlan> plan_;
};

TEST_F(BatchEvaluationTest, ConjunctsAreSplitByWhatTheyReadOfTheContext) {
  constexpr ContextReads kNeither = ContextReads::kNeither;
  constexpr ContextReads kAttribution = ContextReads::kAttribution;
  constexpr ContextReads kClasse = ContextReads::kClasse;
  constexpr ContextReads kBoth = ContextReads::kBoth;
  struct Want {
    size_t policy;
    std::vector<ContextReads> reads;
    bool requires_attribution;
    uint32_t class_free_end;
  };
  for (const Want& want : {
           Want{0, {kBoth}, false, 0},  // the context as a whole
           Want{1, {kNeither, kClasse}, false, 1},  // context["classe"]
           // `context has classe` holds everywhere.
           Want{2, {kNeither, kNeither, kClasse, kAttribution}, true, 2},
           Want{3, {kNeither}, false, 1},
           Want{4, {kNeither, kAttribution, kAttribution, kNeither}, true, 4},
           Want{6, {kAttribution}, false, 1},
           Want{8, {kBoth}, false, 0},     // one conjunct reading both
           Want{9, {kNeither}, false, 1},  // finalité and today are the batch's
           Want{12, {kAttribution, kAttribution, kClasse}, true, 2},
           Want{13, {kNeither, kAttribution, kNeither}, false, 3},
           Want{15, {kBoth}, false, 0},  // `context has nope` is the same everywhere
           Want{16, {kNeither, kNeither}, false, 2},
       }) {
    const BatchPlan::PolicyPlan& plan = plan_->plan(want.policy);
    EXPECT_EQ(plan.conjuncts.size(), want.reads.size()) << want.policy;
    EXPECT_EQ(plan.reads, want.reads) << want.policy;
    EXPECT_EQ(plan.requires_attribution, want.requires_attribution) << want.policy;
    EXPECT_EQ(plan.class_free_end, want.class_free_end) << want.policy;
  }
}

TEST_F(BatchEvaluationTest, EqualConjunctsShareTheirOutcome) {
  // `context has attribution`, in three policies; `principal.n` is not
  // `principal.n + 1 > 0`.
  EXPECT_EQ(plan_->plan(4).memo[1], plan_->plan(12).memo[0]);
  EXPECT_EQ(plan_->plan(4).memo[1], plan_->plan(14).memo[1]);
  EXPECT_NE(plan_->plan(13).memo[0], plan_->plan(13).memo[2]);
  // `context.classe == Classe::"x"` and `context["classe"] == Classe::"x"`.
  EXPECT_EQ(plan_->plan(1).memo[1], plan_->plan(17).memo[0]);
  EXPECT_NE(plan_->plan(1).memo[1], plan_->plan(5).memo[0]);
}

TEST_F(BatchEvaluationTest, ConjunctsOnTheClassAloneAreDecidedOnceForEachClass) {
  auto outcome = [&](size_t policy, size_t conjunct, const char* classe) {
    const BatchPlan::PolicyPlan& plan = plan_->plan(policy);
    EXPECT_EQ(plan.reads[conjunct], ContextReads::kClasse);
    return plan_->OutcomeForClass(plan.memo[conjunct], plan_->ClassIndex(classe));
  };
  ASSERT_NE(outcome(1, 1, "x"), nullptr);
  EXPECT_TRUE(outcome(1, 1, "x")->holds);
  EXPECT_FALSE(outcome(1, 1, "y")->holds);
  EXPECT_FALSE(outcome(1, 1, "y")->error);
  ASSERT_NE(outcome(18, 0, "x"), nullptr);
  EXPECT_TRUE(outcome(18, 0, "x")->error);
  EXPECT_FALSE(outcome(18, 0, "x")->message.empty());
  // `principal.ok` is not the class's; `in` looks in the store (y is in x).
  EXPECT_EQ(outcome(12, 2, "y"), nullptr);
  EXPECT_EQ(outcome(19, 0, "y"), nullptr);
  EXPECT_EQ(plan_->ClassIndex("z"), -1);
}

std::string Describe(const Response& r) {
  std::string out = r.decision == Decision::kAllow ? "allow [" : "deny [";
  for (const std::string& id : r.reasons) out += id + " ";
  out += "] errors [";
  for (const PolicyError& e : r.errors) out += e.policy_id + ": " + e.message + "; ";
  return out + "]";
}

bool Same(const Response& a, const Response& b) {
  if (a.decision != b.decision || a.reasons != b.reasons || a.errors.size() != b.errors.size()) {
    return false;
  }
  for (size_t i = 0; i < a.errors.size(); ++i) {
    if (a.errors[i].policy_id != b.errors[i].policy_id ||
        a.errors[i].message != b.errors[i].message) {
      return false;
    }
  }
  return true;
}

TEST_F(BatchEvaluationTest, EveryEvaluationGivesAuthorizesResponse) {
  // "z" is not among the plan's classes: its conjuncts are evaluated.
  const std::vector<std::string> classes = {"x", "y", "z"};
  std::vector<BatchClass> class_values;
  for (const std::string& c : classes) {
    class_values.push_back({Value::Entity({"Classe", c}), plan_->ClassIndex(c)});
  }
  for (const auto& [finalite, aujourdhui] :
       std::vector<std::pair<std::string, int64_t>>{{"f", 5}, {"f", 2}, {"g", 5}}) {
    BatchSubject subject{Value::Entity({"User", "u"}), Value::Long(aujourdhui),
                         Value::Entity({"Finalite", finalite}),
                         {Value::Entity({"Attribution", "a1"}),
                          Value::Entity({"Attribution", "a2"}),
                          Value::Entity({"Attribution", "absent"})}};
    // Every (slot, class), in several orders: the shared outcomes are
    // computed in whichever evaluation comes first.
    std::vector<std::pair<size_t, size_t>> cells;
    for (size_t slot = 0; slot < subject.slots(); ++slot) {
      for (size_t c = 0; c < classes.size(); ++c) cells.push_back({slot, c});
    }
    std::mt19937 random(7);
    for (int order = 0; order < 8; ++order) {
      std::shuffle(cells.begin(), cells.end(), random);
      for (const char* action : {"a", "b", "grp"}) {
        for (const char* resource : {"d", "absent"}) {
          GroupEvaluation group(*plan_, *entities_, subject, Value::Entity({"Action", action}),
                                Value::Entity({"Doc", resource}), class_values);
          for (const auto& [slot, c] : cells) {
            RecordFields fields = {{"aujourdhui", Value::Long(aujourdhui)},
                                   {"classe", class_values[c].value},
                                   {"finalite", Value::Entity({"Finalite", finalite})}};
            if (slot > 0) fields.push_back({"attribution", subject.attributions[slot - 1]});
            const Request request{Value::Entity({"User", "u"}), Value::Entity({"Action", action}),
                                  Value::Entity({"Doc", resource}),
                                  Value::Record(std::move(fields))};
            const Response want = Authorize(*policies_, *entities_, request);
            const Response& got = group.ResponseFor(slot, c);
            EXPECT_TRUE(Same(got, want))
                << finalite << aujourdhui << " " << action << " " << resource << " slot " << slot
                << " " << classes[c] << "\n  batch:     " << Describe(got)
                << "\n  Authorize: " << Describe(want);
            EXPECT_EQ(group.RequestFor(slot, c).context, request.context);
          }
        }
      }
    }
  }
}

TEST_F(BatchEvaluationTest, ASlotWithoutAssignmentMayAllowOnlyThroughAPermitNotRequiringOne) {
  auto parse = [](const char* text) {
    auto set = ParsePolicies(text);
    EXPECT_OK(set.status());
    return *set;
  };
  BatchSubject subject{Value::Entity({"User", "u"}), Value::Long(1), Value::Entity({"F", "f"}), {}};
  auto may_allow = [&](const std::shared_ptr<const PolicySet>& set, const char* action) {
    BatchPlan plan(*set, {"x"});
    GroupEvaluation group(plan, *entities_, subject, Value::Entity({"Action", action}),
                          Value::Entity({"Doc", "d"}), {{Value::Entity({"Classe", "x"}), 0}});
    return group.MayAllowWithoutAttribution();
  };
  auto requiring = parse(R"(
    permit (principal, action == Action::"a", resource) when { context has attribution };
    permit (principal, action == Action::"b", resource)
    when { true } when { context has attribution };
    permit (principal, action == Action::"b", resource) when { !(context has attribution) };
    forbid (principal, action, resource);)");
  EXPECT_FALSE(may_allow(requiring, "a"));  // candidate permits all require one
  EXPECT_TRUE(may_allow(requiring, "b"));   // `!(context has attribution)` does not
  EXPECT_FALSE(may_allow(requiring, "c"));  // no candidate permit at all
  auto through_group = parse(R"(
    permit (principal, action in Action::"grp", resource)
    when { context.classe == Classe::"x" };)");
  EXPECT_TRUE(may_allow(through_group, "a"));
  EXPECT_FALSE(may_allow(through_group, "b"));
}

}  // namespace
}  // namespace suivi::policy
