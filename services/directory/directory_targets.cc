// services/directory/directory_targets.cc

#include "services/directory/directory_targets.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/day.h"
#include "core/common/status_macros.h"
#include "policy/enforcement/charte_entities.h"
#include "services/directory/directory_entities.h"

namespace suivi::directory {
namespace {

namespace charte = policy::charte;

absl::Status NameMissing(absl::string_view field) {
  return absl::InvalidArgumentError(absl::StrCat("champ ", field, " : à renseigner"));
}

absl::Status Unseen() {
  return services::UnseenResource();
}

std::string Scoped(absl::string_view territory, absl::string_view id) {
  return id.empty() ? "" : ScopedEntityId(territory, id);
}

}  // namespace

absl::StatusOr<services::Target> TerritoryTarget(absl::string_view territory_id) {
  if (territory_id.empty()) return NameMissing("territory_id");
  return services::Target{charte::Uid("Territoire", territory_id), {}, std::string(territory_id)};
}

absl::StatusOr<services::Target> GroupTarget(const DirectoryState& state,
                                             absl::string_view territory_id,
                                             absl::string_view group_id) {
  if (territory_id.empty()) return NameMissing("territory_id");
  if (group_id.empty()) return NameMissing("group_id");
  services::Target target{charte::Uid("Groupe", ScopedEntityId(territory_id, group_id)), {},
                          std::string(territory_id)};
  if (state.FindGroup(territory_id, group_id) == nullptr) {
    // Placeholder: decided on the territory named; the handler says NOT_FOUND.
    target.entities.push_back(
        charte::Groupe(target.resource.id, territory_id, "groupe_thematique"));
  }
  return target;
}

absl::StatusOr<services::Target> UserTarget(const DirectoryState& state,
                                            absl::string_view user_id) {
  if (user_id.empty()) return NameMissing("user_id");
  if (state.FindUser(user_id) == nullptr) return Unseen();
  return services::Target{charte::Uid("Utilisateur", user_id), {}, ""};
}

absl::StatusOr<services::Target> NewUserTarget(const DirectoryState& state,
                                               const v1::User& user) {
  if (user.id().empty()) return NameMissing("user.id");
  const v1::Organisation* o = state.FindOrganisation(user.organisation_id());
  if (o == nullptr) return absl::NotFoundError("organisation introuvable dans l'annuaire");
  services::Target target{charte::Uid("Utilisateur", user.id()), {},
                          o->territory_ids().empty() ? "" : o->territory_ids(0)};
  if (state.FindUser(user.id()) == nullptr) {
    target.entities.push_back(charte::Utilisateur({user.id(), user.organisation_id(), {}, {}, {}}));
  }
  return target;
}

absl::StatusOr<services::Target> NewOrganisationTarget(const v1::Organisation& o,
                                                       absl::string_view territory_id) {
  if (o.id().empty()) return NameMissing("organisation.id");
  if (territory_id.empty()) return NameMissing("organisation.territory_ids");
  charte::OrganisationFacts facts;
  // One entity per territory the organisation binds, each seen from it.
  facts.id = absl::StrCat(o.id(), "@", territory_id);
  facts.type = OrganisationTypeId(o.type());
  facts.territoires = {std::string(territory_id)};
  facts.commune = Scoped(territory_id, o.commune_id());
  return services::Target{charte::Uid("Organisation", facts.id), {charte::Organisation(facts)},
                          std::string(territory_id)};
}

absl::StatusOr<services::Target> NewAssignmentTarget(const v1::RoleAssignment& a) {
  if (a.territory_id().empty()) return NameMissing("assignment.territory_id");
  charte::AttributionFacts facts;
  facts.id = "nouvelle-attribution";
  facts.titulaire = a.user_id();
  facts.role = a.role_id();
  facts.territoire = a.territory_id();
  facts.commune = Scoped(a.territory_id(), a.commune_id());
  facts.debut = ParseDayNumber(a.start_date()).value_or(0);
  facts.fondement = a.basis().reference();
  return services::Target{charte::Uid("Attribution", facts.id), {charte::Attribution(facts)},
                          a.territory_id()};
}

absl::StatusOr<services::Target> AssignmentTarget(const DirectoryState& state,
                                                  absl::string_view territory_id,
                                                  absl::string_view assignment_id) {
  if (territory_id.empty()) return NameMissing("territory_id");
  if (assignment_id.empty()) return NameMissing("assignment_id");
  auto it = state.assignments.find(std::string(assignment_id));
  if (it != state.assignments.end() && it->second.territory_id() == territory_id) {
    return services::Target{charte::Uid("Attribution", assignment_id), {},
                            std::string(territory_id)};
  }
  // Placeholder in the territory named; the handler says NOT_FOUND.
  charte::AttributionFacts facts;
  facts.id = "attribution-inconnue";
  facts.role = "admin";
  facts.territoire = std::string(territory_id);
  return services::Target{charte::Uid("Attribution", facts.id), {charte::Attribution(facts)},
                          std::string(territory_id)};
}

}  // namespace suivi::directory
