// policy/enforcement/enforcer.cc

#include "policy/enforcement/enforcer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "policy/authorizer.h"
#include "policy/explain.h"
#include "policy/request.h"

namespace suivi::policy {
namespace {

// One evaluation of a query: without a role assignment (attribution null)
// or under one.
struct Evaluation {
  const EntityUid* attribution = nullptr;
  Request request;
  Response response;
};

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

}  // namespace

Enforcer::Enforcer(std::shared_ptr<const Charte> charte,
                   absl::flat_hash_set<std::string> dischargeable)
    : charte_(std::move(charte)), dischargeable_(std::move(dischargeable)) {}

absl::StatusOr<Entities> Enforcer::RequestEntities(std::shared_ptr<const Entities> directory,
                                                   std::vector<Entity> resource_entities) const {
  // The directory first: its entities are looked up far more often.
  return Entities::BuildOver({std::move(directory), charte_->action_store()},
                             std::move(resource_entities));
}

namespace {

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
  return ExplanationToFrench(explanation, e.request, charte.files().policies);
}

}  // namespace

std::vector<AccessDecision> Enforcer::Decide(const Entities& entities,
                                             const AccessSubject& subject,
                                             absl::Span<const AccessQuery> queries,
                                             bool explain) const {
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
