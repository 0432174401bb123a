// policy/analysis/inputs.cc

#include "policy/analysis/inputs.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "policy/authorizer.h"
#include "policy/validator.h"

namespace suivi::policy::analysis {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("impossible de lire ", path));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

absl::Status InFile(const std::string& path, const absl::Status& status) {
  return absl::InvalidArgumentError(absl::StrCat(path, " : ", status.message()));
}

// The values of enum `type` in any of `schemas`, each once.
std::vector<std::string> EnumUnion(const std::vector<const Schema*>& schemas,
                                   const std::string& type) {
  std::vector<std::string> out;
  for (const Schema* schema : schemas) {
    const EntityTypeDef* def = schema->FindEntityType(type);
    if (def == nullptr) continue;
    for (const std::string& id : def->enum_ids) {
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Schema>> LoadSchema(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(text);
  if (!schema.ok()) return InFile(path, schema.status());
  return schema;
}

absl::StatusOr<std::shared_ptr<const PolicySet>> LoadValidPolicies(const std::string& path,
                                                                   const Schema& schema) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  absl::StatusOr<std::shared_ptr<const PolicySet>> policies = ParsePolicies(text);
  if (!policies.ok()) return InFile(path, policies.status());
  ValidationResult result = Validate(schema, **policies);
  if (result.ok()) return policies;
  std::vector<std::string> errors;
  for (const ValidationIssue& issue : result.errors) {
    errors.push_back(absl::StrCat(path, ", ligne ", issue.line, ", colonne ", issue.column, " : « ",
                                  PolicyName(**policies, issue.policy_id), " » : ", issue.message));
  }
  return absl::InvalidArgumentError(absl::StrCat("règles non valides au regard du schéma :\n",
                                                 absl::StrJoin(errors, "\n")));
}

absl::StatusOr<std::vector<CatalogueRole>> LoadRoles(const std::string& path,
                                                     const std::vector<const Schema*>& schemas) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  absl::StatusOr<std::vector<CatalogueRole>> roles = ParseRoleCatalogue(
      text, EnumUnion(schemas, "Role"), EnumUnion(schemas, "TypeOrganisation"));
  if (!roles.ok()) return InFile(path, roles.status());
  return roles;
}

std::string Annotation(const Policy& policy, const std::string& key) {
  for (const auto& [name, value] : policy.annotations) {
    if (name == key) return value;
  }
  return "";
}

std::string PolicyName(const Policy& policy) {
  std::string id = Annotation(policy, "id");
  return id.empty() ? policy.id : id;
}

std::string PolicyName(const PolicySet& policies, const std::string& id) {
  for (const Policy& policy : policies.policies()) {
    if (policy.id == id) return PolicyName(policy);
  }
  return id;
}

}  // namespace suivi::policy::analysis
