// policy/authorizer.cc

#include "policy/authorizer.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/entities.h"
#include "policy/evaluator.h"
#include "policy/json_value.h"
#include "policy/parser.h"
#include "policy/policy_set.h"
#include "policy/request.h"

namespace suivi::policy {
namespace {

absl::StatusOr<Entity> EntityFromJson(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("uid")) {
    return absl::InvalidArgumentError("entité sans « uid »");
  }
  // Cedar requires all three fields, even when empty.
  if (!json.contains("attrs") || !json.contains("parents")) {
    return absl::InvalidArgumentError("une entité porte « uid », « attrs » et « parents » (même vides)");
  }
  Entity entity;
  ASSIGN_OR_RETURN(entity.uid, EntityUidFromJson(json["uid"]));
  if (!json["attrs"].is_object()) return absl::InvalidArgumentError("« attrs » doit être un objet");
  ASSIGN_OR_RETURN(entity.attrs, ValueFromJson(json["attrs"]));
  if (entity.attrs.kind() != Value::Kind::kRecord) {
    return absl::InvalidArgumentError("« attrs » doit être un enregistrement");
  }
  if (!json["parents"].is_array()) return absl::InvalidArgumentError("« parents » doit être une liste");
  for (const auto& parent : json["parents"]) {
    ASSIGN_OR_RETURN(entity.parents.emplace_back(), EntityUidFromJson(parent));
  }
  return entity;
}

absl::StatusOr<Value> EntityValueFromJson(const nlohmann::json& json, const char* field) {
  if (!json.contains(field)) return absl::InvalidArgumentError(absl::StrCat("requête sans « ", field, " »"));
  ASSIGN_OR_RETURN(EntityUid uid, EntityUidFromJson(json[field]));
  return Value::Entity(std::move(uid));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const PolicySet>> ParsePolicies(absl::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Policy> policies, ParsePolicyText(text));
  return std::make_shared<const PolicySet>(std::move(policies));
}

absl::StatusOr<std::shared_ptr<const Entities>> ParseEntitiesJson(absl::string_view text) {
  ASSIGN_OR_RETURN(nlohmann::json json, ParseJsonText(text));
  if (!json.is_array()) return absl::InvalidArgumentError("les entités forment une liste JSON");
  std::vector<Entity> entities;
  for (const auto& item : json) {
    ASSIGN_OR_RETURN(entities.emplace_back(), EntityFromJson(item));
  }
  ASSIGN_OR_RETURN(Entities store, Entities::Build(std::move(entities)));
  return std::make_shared<const Entities>(std::move(store));
}

absl::StatusOr<Request> ParseRequestJson(absl::string_view text) {
  ASSIGN_OR_RETURN(nlohmann::json json, ParseJsonText(text));
  if (!json.is_object()) return absl::InvalidArgumentError("la requête est un objet JSON");
  Request request;
  ASSIGN_OR_RETURN(request.principal, EntityValueFromJson(json, "principal"));
  ASSIGN_OR_RETURN(request.action, EntityValueFromJson(json, "action"));
  ASSIGN_OR_RETURN(request.resource, EntityValueFromJson(json, "resource"));
  if (json.contains("context")) {
    if (!json["context"].is_object()) return absl::InvalidArgumentError("« context » doit être un objet");
    ASSIGN_OR_RETURN(request.context, ValueFromJson(json["context"]));
    if (request.context.kind() != Value::Kind::kRecord) {
      return absl::InvalidArgumentError("« context » doit être un enregistrement");
    }
  }
  return request;
}

Response Authorize(const PolicySet& policies, const Entities& entities, const Request& request) {
  ResponseBuilder response;
  Evaluator evaluator(entities, request);
  // Only the policies whose action scope may hold (see PolicySet).
  std::vector<uint32_t> candidates;
  if (request.action.kind() == Value::Kind::kEntity) {
    const EntityUid& action = request.action.entity_value();
    policies.CandidatesFor(action, entities.Find(action), &candidates);
  } else {
    candidates.resize(policies.policies().size());
    for (uint32_t i = 0; i < candidates.size(); ++i) candidates[i] = i;
  }
  for (uint32_t index : candidates) {
    const Policy& policy = policies.policies()[index];
    absl::StatusOr<bool> satisfied = evaluator.EvalCondition(*policy.condition);
    if (!satisfied.ok()) {
      response.AddError(policy, std::string(satisfied.status().message()));
    } else if (*satisfied) {
      response.AddSatisfied(policy);
    }
  }
  return std::move(response).Build();
}

void ResponseBuilder::AddSatisfied(const Policy& policy) {
  (policy.effect == Effect::kForbid ? forbids_ : permits_).push_back(&policy);
}

void ResponseBuilder::AddError(const Policy& policy, std::string message) {
  errors_.push_back(PolicyError{policy.id, std::move(message)});
}

Response ResponseBuilder::Build() && {
  Response response;
  if (forbids_.empty() && !permits_.empty()) response.decision = Decision::kAllow;
  const std::vector<const Policy*>& reasons = forbids_.empty() ? permits_ : forbids_;
  response.reasons.reserve(reasons.size());
  for (const Policy* policy : reasons) response.reasons.push_back(policy->id);
  response.errors = std::move(errors_);
  std::sort(response.reasons.begin(), response.reasons.end());
  std::sort(response.errors.begin(), response.errors.end(),
            [](const PolicyError& a, const PolicyError& b) { return a.policy_id < b.policy_id; });
  return response;
}

std::string ResponseToJson(const Response& response) {
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const PolicyError& e : response.errors) {
    errors.push_back({{"policyId", e.policy_id}, {"message", e.message}});
  }
  nlohmann::ordered_json json = {
      {"decision", response.decision == Decision::kAllow ? "allow" : "deny"},
      {"reasons", response.reasons},
      {"errors", std::move(errors)},
  };
  return json.dump();
}

}  // namespace suivi::policy
