// policy/validator.cc: Cedar's validation passes, as Cedar's validator.rs
// and rbac.rs run them on each policy: entity types, actions and enumerated
// ids that the schema does not declare (anywhere in the policy, reachable or
// not), the typechecker in every request environment of the schema, then
// the two warnings: a scope no action applies to, and a policy whose
// condition is False in every environment.
//
// Since Cedar 4.13, a scope that no action of the schema applies to is a
// warning ("unable to find an applicable action"), not an error.

#include "policy/validator.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/validator_schema_view.h"
#include "policy/validator_text.h"
#include "policy/validator_typecheck.h"

namespace suivi::policy {
namespace {

using validator_internal::Answer;
using validator_internal::IsActionType;
using validator_internal::IssueSet;
using validator_internal::RequestEnv;
using validator_internal::SchemaView;
using validator_internal::Closest;
using validator_internal::Suggestion;
using validator_internal::Type;
using validator_internal::Typechecker;

constexpr char kImpossible[] =
    "cette règle ne s'applique à aucune requête : sa condition est fausse pour toute requête que "
    "le schéma permet";

// ---------------------------------------------------------------- literals

void CheckEntityType(const Schema& schema, const std::string& type, const Expr& at, IssueSet* errors) {
  if (IsActionType(type) || schema.FindEntityType(type) != nullptr) return;
  std::vector<std::string> declared;
  for (const EntityTypeDef& def : schema.entity_types()) declared.push_back(def.name);
  errors->emplace(at.line, at.column,
                  absl::StrCat("le type d'entité « ", type, " » n'est pas déclaré dans le schéma",
                               Suggestion(type, declared)));
}

void CheckUid(const Schema& schema, const EntityUid& uid, const Expr& at, IssueSet* errors) {
  CheckEntityType(schema, uid.type, at, errors);
  if (IsActionType(uid.type)) {
    if (schema.FindAction(uid) != nullptr) return;
    // Compared on ids: a misspelt id, or a namespace forgotten.
    std::vector<std::string> ids;
    for (const ActionDef& action : schema.actions()) ids.push_back(action.uid.id);
    int near = Closest(uid.id, ids);
    std::string suggestion;
    if (near >= 0) {
      suggestion = absl::StrCat(" ; vouliez-vous dire « ", schema.actions()[near].uid.ToString(), " » ?");
    }
    errors->emplace(at.line, at.column, absl::StrCat("action inconnue : ", uid.ToString(), suggestion));
    return;
  }
  const EntityTypeDef* def = schema.FindEntityType(uid.type);
  if (def == nullptr || def->enum_ids.empty()) return;
  if (std::find(def->enum_ids.begin(), def->enum_ids.end(), uid.id) != def->enum_ids.end()) return;
  errors->emplace(at.line, at.column,
                  absl::StrCat(uid.ToString(), " n'existe pas : le type ", uid.type, " n'admet que ",
                               absl::StrJoin(def->enum_ids, ", ", [](std::string* out, const std::string& id) {
                                 out->append(Value::String(id).ToString());
                               })));
}

void CheckValue(const Schema& schema, const Value& v, const Expr& at, IssueSet* errors) {
  switch (v.kind()) {
    case Value::Kind::kEntity:
      CheckUid(schema, v.entity_value(), at, errors);
      return;
    case Value::Kind::kSet:
      for (const Value& element : v.set_value()) CheckValue(schema, element, at, errors);
      return;
    case Value::Kind::kRecord:
      for (const auto& field : v.record_value()) CheckValue(schema, field.second, at, errors);
      return;
    default:
      return;
  }
}

// Every entity literal and `is` type of `e`, reachable or not.
void CheckLiterals(const Schema& schema, const Expr& e, IssueSet* errors) {
  if (e.kind == ExprKind::kLiteral) CheckValue(schema, e.literal, e, errors);
  if (e.kind == ExprKind::kIs) CheckEntityType(schema, e.name, e, errors);
  for (const auto& arg : e.args) CheckLiterals(schema, *arg, errors);
}

// ---------------------------------------------------------------- scope

// A principal or resource scope constraint, read back from its clause.
struct Scope {
  enum class Kind { kAny, kEq, kIn, kIs, kIsIn };
  Kind kind = Kind::kAny;
  const EntityUid* uid = nullptr;  // kEq, kIn, kIsIn
  std::string type;                // kIs, kIsIn
};

Scope ReadScope(const Expr* clause) {
  Scope scope;
  if (clause == nullptr) return scope;
  switch (clause->kind) {
    case ExprKind::kEq:
    case ExprKind::kIn:
      scope.kind = clause->kind == ExprKind::kEq ? Scope::Kind::kEq : Scope::Kind::kIn;
      scope.uid = &clause->args[1]->literal.entity_value();
      break;
    case ExprKind::kIs:
      scope.kind = Scope::Kind::kIs;
      scope.type = clause->name;
      break;
    default:  // kAnd: is T in E
      scope.kind = Scope::Kind::kIsIn;
      scope.type = clause->args[0]->name;
      scope.uid = &clause->args[1]->args[1]->literal.entity_value();
      break;
  }
  return scope;
}

// Whether an entity of type `type` can satisfy `scope` (Cedar's
// get_entity_types_satisfying_constraint).
bool Satisfies(const SchemaView& view, const Scope& scope, const std::string& type) {
  switch (scope.kind) {
    case Scope::Kind::kAny:
      return view.schema().FindEntityType(type) != nullptr;
    case Scope::Kind::kEq:
      return type == scope.uid->type;
    case Scope::Kind::kIn:
      return view.MayBeIn(type, scope.uid->type);
    case Scope::Kind::kIs:
      return type == scope.type;
    case Scope::Kind::kIsIn:
      return type == scope.type && view.MayBeIn(type, scope.uid->type);
  }
  return false;
}

const Expr* ClauseOf(const Policy& policy, ClauseKind kind) {
  for (const Clause& clause : policy.clauses) {
    if (clause.kind == kind) return clause.expr;
  }
  return nullptr;
}

// The actions the action scope admits (Cedar's
// get_actions_satisfying_constraint, keeping declared actions only).
std::vector<const ActionDef*> ScopeActions(const SchemaView& view, const Policy& policy) {
  const Schema& schema = view.schema();
  std::vector<const ActionDef*> out;
  if (policy.action_scope.empty() && ClauseOf(policy, ClauseKind::kAction) == nullptr) {
    for (const ActionDef& action : schema.actions()) out.push_back(&action);
    return out;
  }
  if (!policy.action_scope_in) {
    if (const ActionDef* action = schema.FindAction(policy.action_scope.at(0))) out.push_back(action);
    return out;
  }
  absl::flat_hash_set<EntityUid> seen;
  for (const EntityUid& group : policy.action_scope) {
    const std::vector<EntityUid>* in = view.ActionsIn(group);
    if (in == nullptr) return {};  // one unknown action: Cedar keeps none
    for (const EntityUid& uid : *in) {
      if (seen.insert(uid).second) out.push_back(schema.FindAction(uid));
    }
  }
  return out;
}

// `principal == E` where E's type is no principal type of the actions, but
// some of the types that may be in E are: `in` was probably meant.
bool InWouldFix(const SchemaView& view, const Scope& scope,
                const std::vector<const ActionDef*>& actions, bool principal) {
  if (scope.kind != Scope::Kind::kEq || view.schema().FindEntityType(scope.uid->type) == nullptr) {
    return false;
  }
  bool equal = false;
  bool contained = false;
  for (const ActionDef* action : actions) {
    for (const std::string& type : principal ? action->principal_types : action->resource_types) {
      equal = equal || type == scope.uid->type;
      contained = contained || view.schema().MayBeDescendant(type, scope.uid->type);
    }
  }
  return !equal && contained;
}

void CheckActionApplication(const SchemaView& view, const Policy& policy, IssueSet* warnings) {
  Scope principal = ReadScope(ClauseOf(policy, ClauseKind::kPrincipal));
  Scope resource = ReadScope(ClauseOf(policy, ClauseKind::kResource));
  std::vector<const ActionDef*> actions = ScopeActions(view, policy);
  for (const ActionDef* action : actions) {
    bool p = std::any_of(action->principal_types.begin(), action->principal_types.end(),
                         [&](const std::string& t) { return Satisfies(view, principal, t); });
    bool r = std::any_of(action->resource_types.begin(), action->resource_types.end(),
                         [&](const std::string& t) { return Satisfies(view, resource, t); });
    if (p && r) return;
  }
  std::string message =
      "aucune action du schéma ne s'applique à cette portée : la règle ne s'appliquera jamais";
  if (InWouldFix(view, principal, actions, true)) {
    absl::StrAppend(&message, " ; écrivez « principal in ", principal.uid->ToString(),
                    " » plutôt que « principal == »");
  }
  if (InWouldFix(view, resource, actions, false)) {
    absl::StrAppend(&message, " ; écrivez « resource in ", resource.uid->ToString(),
                    " » plutôt que « resource == »");
  }
  warnings->emplace(policy.line, policy.column, std::move(message));
}

// ---------------------------------------------------------------- typecheck

// Every request environment of the schema: each action with each principal
// type and each resource type of its `appliesTo`.
std::vector<RequestEnv> RequestEnvs(const Schema& schema) {
  std::vector<RequestEnv> envs;
  for (const ActionDef& action : schema.actions()) {
    for (const std::string& principal : action.principal_types) {
      for (const std::string& resource : action.resource_types) {
        envs.push_back(RequestEnv{&action, &principal, &resource});
      }
    }
  }
  return envs;
}

// Typechecks `policy` in every environment; true when its condition is
// False in all of them (or there is none): it can never apply.
bool Typecheck(const SchemaView& view, const std::vector<RequestEnv>& envs, const Policy& policy,
               IssueSet* errors) {
  bool all_false = true;
  for (const RequestEnv& env : envs) {
    Answer a = Typechecker(view, env, errors).TypecheckPolicy(policy);
    if (!a.type || a.type->kind != Type::Kind::kFalse) all_false = false;
  }
  return all_false;
}

void Append(const std::string& policy_id, const IssueSet& issues, std::vector<ValidationIssue>* out) {
  for (const auto& [line, column, message] : issues) {
    out->push_back(ValidationIssue{policy_id, line, column, message});
  }
}

}  // namespace

ValidationResult Validate(const Schema& schema, const PolicySet& policies) {
  SchemaView view(schema);
  std::vector<RequestEnv> envs = RequestEnvs(schema);
  ValidationResult result;
  for (const Policy& policy : policies.policies()) {
    IssueSet errors;
    IssueSet warnings;
    CheckLiterals(schema, *policy.condition, &errors);
    CheckActionApplication(view, policy, &warnings);
    if (Typecheck(view, envs, policy, &errors)) {
      warnings.emplace(policy.line, policy.column, kImpossible);
    }
    Append(policy.id, errors, &result.errors);
    Append(policy.id, warnings, &result.warnings);
  }
  return result;
}

}  // namespace suivi::policy
