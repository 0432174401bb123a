// services/directory/directory_entities.cc

#include "services/directory/directory_entities.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "core/common/day.h"
#include "policy/enforcement/charte_entities.h"

namespace suivi::directory {
namespace {

namespace charte = policy::charte;

// "ORGANISATION_TYPE_POLICE_MUNICIPALE" -> "police_municipale".
std::string EnumId(const std::string& name, absl::string_view prefix) {
  absl::string_view rest = name;
  absl::ConsumePrefix(&rest, prefix);
  return absl::AsciiStrToLower(rest);
}

std::string Scoped(absl::string_view territory, absl::string_view id) {
  return id.empty() ? "" : ScopedEntityId(territory, id);
}

// What the directory records of each user's place in the groups.
struct GroupFacts {
  std::vector<std::string> groupes;
  std::vector<std::string> exclu_de;
  std::vector<std::string> chartes;
};

std::map<std::string, GroupFacts> GroupFactsByUser(const DirectoryState& state) {
  std::map<std::string, GroupFacts> facts;
  for (const auto& [key, m] : state.members) {
    facts[m.user_id()].groupes.push_back(ScopedEntityId(m.territory_id(), m.group_id()));
  }
  for (const auto& [key, e] : state.exclusions) {
    facts[e.user_id()].exclu_de.push_back(ScopedEntityId(e.territory_id(), e.group_id()));
  }
  for (const auto& [key, s] : state.signatures) {
    facts[s.user_id()].chartes.push_back(
        CharteVersionEntityId(s.territory_id(), s.charte_version()));
  }
  return facts;
}

void AddTerritory(const DirectoryState& state, const v1::Territory& t,
                  std::vector<policy::Entity>* out) {
  int current = 0;
  for (const v1::CharteVersion& v : state.CharteVersionsOf(t.id())) {
    out->push_back(charte::VersionCharte(CharteVersionEntityId(t.id(), v.number()), t.id(),
                                         v.number()));
    current = std::max(current, v.number());
  }
  if (current == 0) out->push_back(charte::VersionCharte(CharteVersionEntityId(t.id(), 0), t.id(), 0));
  out->push_back(charte::Territoire(t.id(), CharteVersionEntityId(t.id(), current)));
  for (const v1::Commune& c : t.communes()) {
    out->push_back(charte::Commune(ScopedEntityId(t.id(), c.id()), t.id()));
  }
  for (const v1::Controller& c : t.controllers()) {
    out->push_back(charte::Controleur(ScopedEntityId(t.id(), c.id()), t.id(),
                                      Scoped(t.id(), c.commune_id())));
  }
  for (const v1::Group& g : state.GroupsOf(t.id())) {
    out->push_back(charte::Groupe(ScopedEntityId(t.id(), g.id()), t.id(),
                                  EnumId(v1::GroupType_Name(g.type()), "GROUP_TYPE_")));
  }
}

policy::Entity OrganisationEntity(const v1::Organisation& o) {
  charte::OrganisationFacts facts;
  facts.id = o.id();
  facts.type = OrganisationTypeId(o.type());
  facts.territoires.assign(o.territory_ids().begin(), o.territory_ids().end());
  if (!facts.territoires.empty()) facts.commune = Scoped(facts.territoires.front(), o.commune_id());
  return charte::Organisation(facts);
}

policy::Entity AttributionEntity(const v1::RoleAssignment& a) {
  charte::AttributionFacts facts;
  facts.id = a.id();
  facts.titulaire = a.user_id();
  facts.role = a.role_id();
  facts.territoire = a.territory_id();
  facts.commune = Scoped(a.territory_id(), a.commune_id());
  // Dates were validated when recorded; an unreadable start never begins.
  facts.debut = ParseDayNumber(a.start_date()).value_or(INT64_MAX);
  if (!a.end_date().empty()) facts.fin = ParseDayNumber(a.end_date()).value_or(INT64_MIN);
  facts.fondement = a.basis().reference();
  return charte::Attribution(facts);
}

}  // namespace

std::string OrganisationTypeId(v1::OrganisationType type) {
  return EnumId(v1::OrganisationType_Name(type), "ORGANISATION_TYPE_");
}

std::string ScopedEntityId(absl::string_view territory, absl::string_view id) {
  return absl::StrCat(territory, "/", id);
}

std::string CharteVersionEntityId(absl::string_view territory, int number) {
  return absl::StrCat(territory, "/v", number);
}

absl::StatusOr<std::shared_ptr<const policy::Entities>> BuildDirectoryEntities(
    const DirectoryState& state) {
  std::vector<policy::Entity> entities = {charte::Application()};
  for (const auto& [id, territory] : state.territories) AddTerritory(state, territory, &entities);
  for (const auto& [id, organisation] : state.organisations) {
    entities.push_back(OrganisationEntity(organisation));
  }
  std::map<std::string, GroupFacts> groups = GroupFactsByUser(state);
  for (const auto& [id, user] : state.users) {
    GroupFacts& g = groups[id];
    entities.push_back(charte::Utilisateur(
        {id, user.organisation_id(), std::move(g.groupes), std::move(g.exclu_de),
         std::move(g.chartes)}));
  }
  for (const auto& [id, assignment] : state.assignments) {
    entities.push_back(AttributionEntity(assignment));
  }
  absl::StatusOr<policy::Entities> store = policy::Entities::Build(std::move(entities));
  if (!store.ok()) {
    return absl::InternalError(
        absl::StrCat("annuaire illisible par la charte : ", store.status().message()));
  }
  return std::make_shared<const policy::Entities>(*std::move(store));
}

}  // namespace suivi::directory
