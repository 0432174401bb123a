// policy/analysis/role_catalogue.h
//
// The role catalogue (services/directory/data/roles.textproto, a
// suivi.v1.RoleCatalogue in protobuf text format) as the bounded universe
// needs it: which roles exist, whether each is held for a commune or a whole
// territory, whether its assignment cites a basis, and which organisation
// types may hold it. The catalogue and the charte's schema must name the
// same roles: a role the policies cannot name, or a role value no user can
// hold, is a mistake the check reports before enumerating anything.

#ifndef SUIVI_POLICY_ANALYSIS_ROLE_CATALOGUE_H_
#define SUIVI_POLICY_ANALYSIS_ROLE_CATALOGUE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::policy::analysis {

struct CatalogueRole {
  std::string id;  // a value of the schema's Role enum
  bool commune_scoped = false;
  bool requires_basis = false;
  // TypeOrganisation values ("mairie", …) whose users may hold the role, in
  // catalogue order: ORGANISATION_TYPE_X read as "x". Every value of the
  // schema's TypeOrganisation when the catalogue lists none.
  std::vector<std::string> organisation_types;
};

// Reads `text` (suivi.v1.RoleCatalogue, text format) against the schema's
// enums: `schema_roles` (Role) and `schema_organisation_types`
// (TypeOrganisation). INVALID_ARGUMENT, in French, on a syntax error, a
// role id given twice, a scope left unspecified, an organisation type the
// schema does not declare, or when the catalogue's role ids and
// `schema_roles` differ (naming the ids on each side).
absl::StatusOr<std::vector<CatalogueRole>> ParseRoleCatalogue(
    absl::string_view text, const std::vector<std::string>& schema_roles,
    const std::vector<std::string>& schema_organisation_types);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_ROLE_CATALOGUE_H_
