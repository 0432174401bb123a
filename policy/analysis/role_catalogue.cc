// policy/analysis/role_catalogue.cc

#include "policy/analysis/role_catalogue.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::policy::analysis {
namespace {

constexpr absl::string_view kTypePrefix = "ORGANISATION_TYPE_";

// Keeps the first syntax error, with its line and column (1-based).
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (message_.empty()) {
      message_ = absl::StrCat("ligne ", line + 1, ", colonne ", column + 1, " : ", message);
    }
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

absl::StatusOr<std::string> TypeId(v1::OrganisationType type,
                                   const std::vector<std::string>& schema_types) {
  std::string name = v1::OrganisationType_Name(type);
  if (!absl::StartsWith(name, kTypePrefix) || type == v1::ORGANISATION_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat("type d'organisation non précisé (", name, ")"));
  }
  std::string id = absl::AsciiStrToLower(name.substr(kTypePrefix.size()));
  if (std::find(schema_types.begin(), schema_types.end(), id) == schema_types.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("le type d'organisation « ", id, " » n'est pas déclaré dans le schéma"));
  }
  return id;
}

absl::StatusOr<CatalogueRole> FromProto(const v1::Role& role,
                                        const std::vector<std::string>& schema_types) {
  CatalogueRole out;
  out.id = role.id();
  if (role.scope() == v1::ROLE_SCOPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat("rôle « ", role.id(), " » : portée non précisée"));
  }
  out.commune_scoped = role.scope() == v1::ROLE_SCOPE_COMMUNE;
  out.requires_basis = role.requires_basis();
  for (int type : role.organisation_types()) {
    absl::StatusOr<std::string> id = TypeId(static_cast<v1::OrganisationType>(type), schema_types);
    if (!id.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("rôle « ", role.id(), " » : ", id.status().message()));
    }
    out.organisation_types.push_back(*std::move(id));
  }
  if (out.organisation_types.empty()) out.organisation_types = schema_types;
  return out;
}

// The ids in `a` that are not in `b`, quoted and joined.
std::string Missing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& id : a) {
    if (std::find(b.begin(), b.end(), id) == b.end()) out.push_back(absl::StrCat("« ", id, " »"));
  }
  return out.empty() ? "aucun" : absl::StrJoin(out, ", ");
}

absl::Status SameRoles(const std::vector<CatalogueRole>& roles,
                       const std::vector<std::string>& schema_roles) {
  std::vector<std::string> ids;
  absl::flat_hash_set<std::string> seen;
  for (const CatalogueRole& role : roles) {
    if (!seen.insert(role.id).second) {
      return absl::InvalidArgumentError(absl::StrCat("rôle « ", role.id, " » donné deux fois"));
    }
    ids.push_back(role.id);
  }
  absl::flat_hash_set<std::string> declared(schema_roles.begin(), schema_roles.end());
  if (seen == declared) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "le catalogue des rôles et l'énumération Role du schéma diffèrent : absents du schéma : ",
      Missing(ids, schema_roles), " ; absents du catalogue : ", Missing(schema_roles, ids)));
}

}  // namespace

absl::StatusOr<std::vector<CatalogueRole>> ParseRoleCatalogue(
    absl::string_view text, const std::vector<std::string>& schema_roles,
    const std::vector<std::string>& schema_organisation_types) {
  v1::RoleCatalogue catalogue;
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &catalogue)) {
    return absl::InvalidArgumentError(absl::StrCat("catalogue des rôles illisible : ", errors.message()));
  }
  std::vector<CatalogueRole> roles;
  for (const v1::Role& role : catalogue.roles()) {
    ASSIGN_OR_RETURN(roles.emplace_back(), FromProto(role, schema_organisation_types));
  }
  RETURN_IF_ERROR(SameRoles(roles, schema_roles));
  return roles;
}

}  // namespace suivi::policy::analysis
