// policy/enforcement/enforcer.cc

#include "policy/enforcement/enforcer.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "policy/authorizer.h"
#include "policy/enforcement/batch_evaluation.h"
#include "policy/explain.h"
#include "policy/request.h"

namespace suivi::policy {
namespace {

// One evaluation of a query: without a role assignment (attribution null)
// or under one.
struct Evaluation {
  const EntityUid* attribution = nullptr;
  const Response* response = nullptr;
  // Where the request is, built only for an explanation.
  GroupEvaluation* group = nullptr;
  size_t slot = 0;
  size_t classe = 0;
};

// How good a refusal's reason is for the person shown it: lower is better.
enum class ReasonRank {
  kForbid = 0,           // a rule forbids it, and says why
  kNoPermit = 1,         // under a role assignment that applies, no rule allows it
  kAttributionOnly = 2,  // the role assignment evaluated does not apply here
  kNothing = 3,          // without any role assignment, no rule allows it
};

}  // namespace

Enforcer::Enforcer(std::shared_ptr<const Charte> charte,
                   absl::flat_hash_set<std::string> dischargeable)
    : charte_(std::move(charte)),
      dischargeable_(std::move(dischargeable)),
      plan_(std::make_shared<const BatchPlan>(charte_->policies(),
                                              charte_->EnumValues("Classe"))) {}

absl::StatusOr<Entities> Enforcer::RequestEntities(std::shared_ptr<const Entities> directory,
                                                   std::vector<Entity> resource_entities) const {
  // The directory first: its entities are looked up far more often.
  return Entities::BuildOver({std::move(directory), charte_->action_store()},
                             std::move(resource_entities));
}

namespace {

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
  const int forbid = MainForbid(charte, *e.response);
  if (forbid >= 0) {
    return charte.info(forbid).about_attribution ? ReasonRank::kAttributionOnly : ReasonRank::kForbid;
  }
  return e.attribution != nullptr ? ReasonRank::kNoPermit : ReasonRank::kNothing;
}

void FillDecision(const Charte& charte, const Evaluation& e, AccessDecision* decision) {
  decision->attribution_id = e.attribution != nullptr ? e.attribution->id : "";
  decision->policy_ids = PolicyIds(charte, e.response->reasons);
  decision->errors.clear();
  for (const PolicyError& error : e.response->errors) {
    const int index = charte.IndexOfCedarId(error.policy_id);
    decision->errors.push_back(index < 0 ? error.policy_id : charte.info(index).id);
  }
}

std::string ReasonFor(const Charte& charte, const Entities& entities, const Evaluation& e) {
  const int forbid = MainForbid(charte, *e.response);
  if (forbid >= 0) return charte.info(forbid).message;
  const Request& request = e.group->RequestFor(e.slot, e.classe);
  Explanation explanation = Explain(charte.policies(), entities, request);
  return UnmetPermitsInBrief(explanation, charte.files().policies);
}

BatchSubject BatchSubjectOf(const AccessSubject& subject) {
  BatchSubject batch{Value::Entity(subject.principal), Value::Long(subject.aujourdhui),
                     Value::Entity({"Finalite", subject.finalite}), {}};
  batch.attributions.reserve(subject.attributions.size());
  for (const EntityUid& a : subject.attributions) batch.attributions.push_back(Value::Entity(a));
  return batch;
}

// Where a query's evaluations are: its group, and its class in the group.
struct QueryPlace {
  int group = -1;  // -1: an action the charte does not declare
  size_t classe = 0;
};

// The queries on one action and resource share their evaluations: one
// group each, with the field classes asked of it. Fills `places`.
std::vector<std::unique_ptr<GroupEvaluation>> GroupQueries(
    const Charte& charte, const BatchPlan& plan, const Entities& entities,
    const BatchSubject& batch, absl::Span<const AccessQuery> queries,
    std::vector<QueryPlace>* places) {
  places->assign(queries.size(), QueryPlace{});
  std::vector<const AccessQuery*> firsts;  // the first query of each group
  std::vector<std::vector<BatchClass>> group_classes;
  // By action, resource type and id, once there are two groups: a query
  // usually follows one of its group.
  using GroupKey = std::tuple<absl::string_view, absl::string_view, absl::string_view>;
  auto key_of = [](const AccessQuery& query) {
    return GroupKey{query.action, query.resource.type, query.resource.id};
  };
  absl::flat_hash_map<GroupKey, int> index;
  std::vector<BatchClass> classes;  // of the batch, each built once
  int last = -1;
  for (size_t q = 0; q < queries.size(); ++q) {
    const AccessQuery& query = queries[q];
    if (!charte.HasAction(query.action)) continue;
    int g = last;
    if (g < 0 || firsts[g]->action != query.action || firsts[g]->resource != query.resource) {
      if (!firsts.empty() && index.empty()) index.emplace(key_of(*firsts[0]), 0);
      g = static_cast<int>(firsts.size());
      if (!firsts.empty()) g = index.try_emplace(key_of(query), g).first->second;
      if (g == static_cast<int>(firsts.size())) {
        firsts.push_back(&query);
        group_classes.emplace_back();
      }
    }
    last = g;
    auto same_class = [&](const BatchClass& c) {
      return c.value.entity_value().id == query.classe;
    };
    std::vector<BatchClass>& asked = group_classes[g];
    auto in_group = std::find_if(asked.begin(), asked.end(), same_class);
    if (in_group == asked.end()) {
      auto known = std::find_if(classes.begin(), classes.end(), same_class);
      if (known == classes.end()) {
        classes.push_back({Value::Entity({"Classe", query.classe}), plan.ClassIndex(query.classe)});
        known = classes.end() - 1;
      }
      asked.push_back(*known);
      in_group = asked.end() - 1;
    }
    (*places)[q] = QueryPlace{g, static_cast<size_t>(in_group - asked.begin())};
  }
  std::vector<std::unique_ptr<GroupEvaluation>> groups;
  groups.reserve(firsts.size());
  for (size_t g = 0; g < firsts.size(); ++g) {
    groups.push_back(std::make_unique<GroupEvaluation>(
        plan, entities, batch, Value::Entity({"Action", firsts[g]->action}),
        Value::Entity(firsts[g]->resource), std::move(group_classes[g])));
  }
  return groups;
}

}  // namespace

std::vector<AccessDecision> Enforcer::Decide(const Entities& entities,
                                             const AccessSubject& subject,
                                             absl::Span<const AccessQuery> queries,
                                             bool explain) const {
  const BatchSubject batch = BatchSubjectOf(subject);
  std::vector<QueryPlace> places;
  std::vector<std::unique_ptr<GroupEvaluation>> groups =
      GroupQueries(*charte_, *plan_, entities, batch, queries, &places);

  std::vector<AccessDecision> decisions(queries.size());
  for (size_t q = 0; q < queries.size(); ++q) {
    AccessDecision& decision = decisions[q];
    if (places[q].group < 0) {
      decision.reason = "action inconnue de la charte : refusée";
      continue;
    }
    GroupEvaluation& group = *groups[places[q].group];
    const size_t classe = places[q].classe;
    auto evaluation = [&](size_t slot) {
      return Evaluation{slot == 0 ? nullptr : &subject.attributions[slot - 1],
                        &group.ResponseFor(slot, classe), &group, slot, classe};
    };
    // The evaluations in order: without a role assignment, then under
    // each. When no permit may hold without one, that evaluation cannot
    // allow: it only competes for the reason of a refusal, below.
    const size_t first = batch.slots() > 1 && !group.MayAllowWithoutAttribution() ? 1 : 0;
    std::optional<Evaluation> refused;
    std::string undischargeable;
    for (size_t slot = first; slot < batch.slots(); ++slot) {
      const Evaluation e = evaluation(slot);
      if (e.response->decision == Decision::kAllow) {
        std::vector<std::string> obligations = ObligationsOf(*charte_, *e.response);
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
      if (!refused.has_value() || RankOf(*charte_, e) < RankOf(*charte_, *refused)) refused = e;
    }
    if (decision.allowed) continue;
    if (!undischargeable.empty()) {
      decision.reason = absl::StrCat("cet accès exige « ", undischargeable,
                                     " », que le serveur ne sait pas exécuter : il est refusé");
      continue;
    }
    if (first == 1) {
      // It comes first: it is kept unless a later one ranks strictly better.
      const Evaluation e = evaluation(0);
      if (!refused.has_value() || RankOf(*charte_, e) <= RankOf(*charte_, *refused)) refused = e;
    }
    FillDecision(*charte_, *refused, &decision);
    if (explain) decision.reason = ReasonFor(*charte_, entities, *refused);
  }
  return decisions;
}

bool Enforcer::MaySee(const Entities& entities, const AccessSubject& subject,
                      const EntityUid& resource) const {
  if (!charte_->IsNominative(resource.type)) return true;
  std::vector<AccessQuery> reads;
  for (const std::string& action : charte_->NominativeReadsOf(resource.type)) {
    for (const std::string& classe : charte_->EnumValues("Classe")) {
      reads.push_back({action, resource, classe});
    }
  }
  for (const AccessDecision& decision : Decide(entities, subject, reads)) {
    if (decision.allowed) return true;
  }
  return false;
}

}  // namespace suivi::policy
