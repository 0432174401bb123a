// policy/enforcement/enforcer_equivalence_test.cc
//
// Enforcer::Decide shares work between the evaluations of a batch
// (batch_evaluation.h). These tests hold it to the straightforward
// enforcement it replaced, kept below verbatim as ReferenceDecide: each
// query evaluated by policy::Authorize once without a role assignment and
// once under each of the caller's. Every field of every decision must be
// the same, on every user, action, resource, field class and purpose of
// the test world.

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "core/common/status_matchers.h"
#include "gtest/gtest.h"
#include "policy/authorizer.h"
#include "policy/enforcement/charte.h"
#include "policy/enforcement/charte_entities.h"
#include "policy/enforcement/enforcer.h"
#include "policy/enforcement/test_world.h"
#include "policy/explain.h"
#include "policy/request.h"

namespace suivi::policy {
namespace {

// ============ The straightforward enforcement: Enforcer::Decide as it was
// before evaluations were shared, kept as the specification.

// How good a refusal's reason is for the person shown it: lower is better.
enum class ReasonRank {
  kForbid = 0,           // a rule forbids it, and says why
  kNoPermit = 1,         // under a role assignment that applies, no rule allows it
  kAttributionOnly = 2,  // the role assignment evaluated does not apply here
  kNothing = 3,          // without any role assignment, no rule allows it
};

Value ContextFor(const AccessSubject& subject, const AccessQuery& query,
                 const EntityUid* attribution) {
  RecordFields fields = {
      {"aujourdhui", Value::Long(subject.aujourdhui)},
      {"classe", Value::Entity({"Classe", query.classe})},
      {"finalite", Value::Entity({"Finalite", subject.finalite})},
  };
  if (attribution != nullptr) fields.push_back({"attribution", Value::Entity(*attribution)});
  return Value::Record(std::move(fields));
}

// One evaluation of a query: without a role assignment (attribution null)
// or under one.
struct Evaluation {
  const EntityUid* attribution = nullptr;
  Request request;
  Response response;
};

// The evaluations of one query: without a role assignment, then under each.
std::vector<Evaluation> EvaluateAll(const Charte& charte, const Entities& entities,
                                    const AccessSubject& subject, const AccessQuery& query) {
  std::vector<Evaluation> evaluations(subject.attributions.size() + 1);
  const Value principal = Value::Entity(subject.principal);
  const Value action = Value::Entity({"Action", query.action});
  const Value resource = Value::Entity(query.resource);
  for (size_t i = 0; i < evaluations.size(); ++i) {
    Evaluation& e = evaluations[i];
    e.attribution = i == 0 ? nullptr : &subject.attributions[i - 1];
    e.request = {principal, action, resource, ContextFor(subject, query, e.attribution)};
    e.response = Authorize(charte.policies(), entities, e.request);
  }
  return evaluations;
}

std::vector<std::string> PolicyIds(const Charte& charte, const std::vector<std::string>& cedar_ids) {
  std::vector<std::pair<int, std::string>> ordered;
  for (const std::string& cedar_id : cedar_ids) {
    const int index = charte.IndexOfCedarId(cedar_id);
    ordered.push_back({index, index < 0 ? cedar_id : charte.info(index).id});
  }
  std::sort(ordered.begin(), ordered.end());  // text order
  std::vector<std::string> ids;
  for (auto& [index, id] : ordered) ids.push_back(std::move(id));
  return ids;
}

std::vector<std::string> ObligationsOf(const Charte& charte, const Response& response) {
  std::vector<std::string> obligations;
  for (const std::string& cedar_id : response.reasons) {
    const int index = charte.IndexOfCedarId(cedar_id);
    if (index < 0) continue;
    for (const std::string& o : charte.info(index).obligations) {
      if (std::find(obligations.begin(), obligations.end(), o) == obligations.end()) {
        obligations.push_back(o);
      }
    }
  }
  return obligations;
}

// The first forbid of the response, in text order, preferring those that
// are not about the role assignment; -1 if none.
int MainForbid(const Charte& charte, const Response& response) {
  int best = -1;
  for (const std::string& cedar_id : response.reasons) {
    const int index = charte.IndexOfCedarId(cedar_id);
    if (index < 0 || !charte.info(index).forbid) continue;
    const bool better = best < 0 ||
                        (charte.info(best).about_attribution && !charte.info(index).about_attribution) ||
                        (charte.info(best).about_attribution == charte.info(index).about_attribution &&
                         index < best);
    if (better) best = index;
  }
  return best;
}

ReasonRank RankOf(const Charte& charte, const Evaluation& e) {
  const int forbid = MainForbid(charte, e.response);
  if (forbid >= 0) {
    return charte.info(forbid).about_attribution ? ReasonRank::kAttributionOnly : ReasonRank::kForbid;
  }
  return e.attribution != nullptr ? ReasonRank::kNoPermit : ReasonRank::kNothing;
}

void FillDecision(const Charte& charte, const Evaluation& e, AccessDecision* decision) {
  decision->attribution_id = e.attribution != nullptr ? e.attribution->id : "";
  decision->policy_ids = PolicyIds(charte, e.response.reasons);
  decision->errors.clear();
  for (const PolicyError& error : e.response.errors) {
    const int index = charte.IndexOfCedarId(error.policy_id);
    decision->errors.push_back(index < 0 ? error.policy_id : charte.info(index).id);
  }
}

std::string ReasonFor(const Charte& charte, const Entities& entities, const Evaluation& e) {
  const int forbid = MainForbid(charte, e.response);
  if (forbid >= 0) return charte.info(forbid).message;
  Explanation explanation = Explain(charte.policies(), entities, e.request);
  return UnmetPermitsInBrief(explanation, charte.files().policies);
}

std::vector<AccessDecision> ReferenceDecide(const Charte& charte,
                                           const absl::flat_hash_set<std::string>& dischargeable,
                                           const Entities& entities, const AccessSubject& subject,
                                           absl::Span<const AccessQuery> queries, bool explain) {
  const Charte* const charte_ = &charte;
  const absl::flat_hash_set<std::string>& dischargeable_ = dischargeable;
  std::vector<AccessDecision> decisions(queries.size());
  for (size_t q = 0; q < queries.size(); ++q) {
    AccessDecision& decision = decisions[q];
    if (!charte_->HasAction(queries[q].action)) {
      decision.reason = "action inconnue de la charte : refusée";
      continue;
    }
    std::vector<Evaluation> evaluations = EvaluateAll(*charte_, entities, subject, queries[q]);
    const Evaluation* refused = nullptr;
    std::string undischargeable;
    for (const Evaluation& e : evaluations) {
      if (e.response.decision == Decision::kAllow) {
        std::vector<std::string> obligations = ObligationsOf(*charte_, e.response);
        auto missing = std::find_if(obligations.begin(), obligations.end(), [&](const auto& o) {
          return !dischargeable_.contains(o);
        });
        if (missing == obligations.end()) {
          decision.allowed = true;
          decision.obligations = std::move(obligations);
          FillDecision(*charte_, e, &decision);
          break;
        }
        if (undischargeable.empty()) {
          undischargeable = *missing;
          FillDecision(*charte_, e, &decision);
        }
        continue;
      }
      if (refused == nullptr || RankOf(*charte_, e) < RankOf(*charte_, *refused)) refused = &e;
    }
    if (decision.allowed) continue;
    if (!undischargeable.empty()) {
      decision.reason = absl::StrCat("cet accès exige « ", undischargeable,
                                     " », que le serveur ne sait pas exécuter : il est refusé");
      continue;
    }
    FillDecision(*charte_, *refused, &decision);
    if (explain) decision.reason = ReasonFor(*charte_, entities, *refused);
  }
  return decisions;
}


// ===================================================== the cross-checks

std::string Describe(const AccessDecision& d) {
  return absl::StrCat(d.allowed ? "allowed" : "refused", " attribution=", d.attribution_id,
                      " policies=[", absl::StrJoin(d.policy_ids, ","), "] obligations=[",
                      absl::StrJoin(d.obligations, ","), "] errors=[",
                      absl::StrJoin(d.errors, ","), "] reason=", d.reason);
}

bool Same(const AccessDecision& a, const AccessDecision& b) {
  return a.allowed == b.allowed && a.attribution_id == b.attribution_id &&
         a.policy_ids == b.policy_ids && a.obligations == b.obligations && a.errors == b.errors &&
         a.reason == b.reason;
}

// What the cross-checks met, so that they cannot pass by missing the cases
// that matter.
struct Coverage {
  int allowed = 0;
  int with_errors = 0;
  int undischargeable = 0;
  int forbidden = 0;
  int default_deny = 0;
  // A refusal decided by the evaluation without a role assignment, for a
  // subject who holds one.
  int refused_without_attribution = 0;
  int refused_under_attribution = 0;
};

class EnforcerEquivalenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(charte_, Charte::Load(EmbeddedCharteFiles()));
    ASSERT_OK_AND_ASSIGN(Entities directory, Entities::Build(testing::DirectoryEntities()));
    directory_ = std::make_shared<const Entities>(std::move(directory));
    Enforcer enforcer(charte_, {});
    ASSERT_OK_AND_ASSIGN(entities_,
                         enforcer.RequestEntities(directory_, testing::ResourceEntities()));
    for (const Entity& e : testing::DirectoryEntities()) {
      if (e.uid.type == "Utilisateur") users_.push_back(e.uid.id);
    }
  }

  // Every user with their role assignments; with `variants`, for the
  // purposes that open nominative data, also with none, and with theirs
  // followed by two others' (not theirs, or ended).
  std::vector<AccessSubject> Subjects(const std::string& finalite, bool variants) const {
    const bool nominative = finalite == "suivi_individuel" || finalite == "coordination";
    std::vector<AccessSubject> subjects;
    for (const std::string& user : users_) {
      AccessSubject own = testing::Subject(user, finalite);
      if (variants && nominative) {
        AccessSubject none = own;
        none.attributions.clear();
        AccessSubject many = own;
        many.attributions.push_back(charte::Uid("Attribution", "ancien-maire-1"));
        many.attributions.push_back(charte::Uid("Attribution", "maire-chalette-1"));
        subjects.push_back(std::move(none));
        subjects.push_back(std::move(many));
      }
      subjects.push_back(std::move(own));
    }
    return subjects;
  }

  // Every action of the schema (groups included) and one it does not
  // declare, on every resource of the world, a few directory entities and
  // one absent from the store, in every field class and one the schema
  // does not declare: one batch, shuffled.
  std::vector<AccessQuery> Queries(const AccessSubject& subject, uint32_t seed) const {
    std::vector<EntityUid> resources = {subject.principal,
                                        charte::Uid("Territoire", "ame"),
                                        charte::Uid("Groupe", "ame-go"),
                                        charte::Uid("Dossier", "absent")};
    for (const Entity& e : testing::ResourceEntities()) resources.push_back(e.uid);
    std::vector<std::string> actions = {"dossier:inconnue"};
    for (const ActionDef& action : charte_->schema().actions()) actions.push_back(action.uid.id);
    std::vector<std::string> classes = charte_->EnumValues("Classe");
    classes.push_back("inconnue");
    std::vector<AccessQuery> queries;
    for (const std::string& action : actions) {
      for (const EntityUid& resource : resources) {
        for (const std::string& classe : classes) {
          queries.push_back({action, resource, classe});
        }
      }
    }
    std::mt19937 random(seed);
    std::shuffle(queries.begin(), queries.end(), random);
    return queries;
  }

  void CrossCheck(const absl::flat_hash_set<std::string>& dischargeable,
                  const std::vector<std::string>& finalites, bool variants, Coverage* coverage) {
    const Enforcer enforcer(charte_, dischargeable);
    uint32_t seed = 1;
    for (const std::string& finalite : finalites) {
      for (const AccessSubject& subject : Subjects(finalite, variants)) {
        const std::vector<AccessQuery> queries = Queries(subject, seed++);
        const std::vector<AccessDecision> got = enforcer.Decide(entities_, subject, queries);
        const std::vector<AccessDecision> want =
            ReferenceDecide(*charte_, dischargeable, entities_, subject, queries, false);
        ASSERT_EQ(got.size(), want.size());
        for (size_t i = 0; i < got.size(); ++i) {
          const AccessQuery& q = queries[i];
          ASSERT_TRUE(Same(got[i], want[i]))
              << subject.principal.id << " (" << subject.attributions.size()
              << " attributions) " << finalite << " " << q.action << " "
              << q.resource.ToString() << " " << q.classe << "\n  optimized: "
              << Describe(got[i]) << "\n  reference: " << Describe(want[i]);
          Count(subject, want[i], coverage);
        }
        // Explained (an explanation costs a lexing of the charte): the
        // field classes of one read, as services ask them.
        std::vector<AccessQuery> read;
        for (const std::string& classe : charte_->EnumValues("Classe")) {
          read.push_back({"dossier:lire", charte::Uid("Dossier", "rappel-1"), classe});
        }
        const std::vector<AccessDecision> got_read =
            enforcer.Decide(entities_, subject, read, /*explain=*/true);
        const std::vector<AccessDecision> want_read =
            ReferenceDecide(*charte_, dischargeable, entities_, subject, read, /*explain=*/true);
        for (size_t i = 0; i < read.size(); ++i) {
          ASSERT_TRUE(Same(got_read[i], want_read[i]))
              << subject.principal.id << " " << read[i].classe << "\n  optimized: "
              << Describe(got_read[i]) << "\n  reference: " << Describe(want_read[i]);
        }
      }
    }
  }

  static void Count(const AccessSubject& subject, const AccessDecision& d, Coverage* c) {
    if (d.allowed) ++c->allowed;
    if (!d.errors.empty()) ++c->with_errors;
    if (!d.allowed && d.reason.find("ne sait pas exécuter") != std::string::npos) {
      ++c->undischargeable;
    }
    if (!d.allowed && !d.policy_ids.empty()) ++c->forbidden;
    if (!d.allowed && d.policy_ids.empty()) ++c->default_deny;
    if (!d.allowed && !subject.attributions.empty()) {
      ++(d.attribution_id.empty() ? c->refused_without_attribution
                                  : c->refused_under_attribution);
    }
  }

  std::shared_ptr<const Charte> charte_;
  std::shared_ptr<const Entities> directory_;
  Entities entities_;
  std::vector<std::string> users_;
};

TEST_F(EnforcerEquivalenceTest, EveryQueryOfTheWorldDecidesAsTheStraightforwardEnforcement) {
  Coverage coverage;
  CrossCheck({}, charte_->EnumValues("Finalite"), /*variants=*/true, &coverage);
  EXPECT_GT(coverage.allowed, 0);
  EXPECT_GT(coverage.with_errors, 0);
  EXPECT_GT(coverage.undischargeable, 0);
  EXPECT_GT(coverage.forbidden, 0);
  EXPECT_GT(coverage.default_deny, 0);
  EXPECT_GT(coverage.refused_without_attribution, 0);
  EXPECT_GT(coverage.refused_under_attribution, 0);
}

TEST_F(EnforcerEquivalenceTest, DischargedObligationsDecideAsTheStraightforwardEnforcement) {
  Coverage coverage;
  CrossCheck({"alerter_dpo"}, {"suivi_individuel"}, /*variants=*/false, &coverage);
  EXPECT_GT(coverage.allowed, 0);
  EXPECT_EQ(coverage.undischargeable, 0);
}

}  // namespace
}  // namespace suivi::policy
