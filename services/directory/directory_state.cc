#include "services/directory/directory_state.h"

#include <algorithm>
#include <set>
#include <string>

namespace suivi::directory {
namespace {

template <typename Map>
const typename Map::mapped_type* FindIn(const Map& map, absl::string_view id) {
  auto it = map.find(std::string(id));
  return it == map.end() ? nullptr : &it->second;
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& ids,
              absl::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

bool InForceOn(const v1::RoleAssignment& assignment, DayNumber day) {
  absl::StatusOr<DayNumber> start = ParseDayNumber(assignment.start_date());
  if (!start.ok() || day < *start) return false;
  if (assignment.end_date().empty()) return true;
  absl::StatusOr<DayNumber> end = ParseDayNumber(assignment.end_date());
  return end.ok() && day <= *end;
}

const v1::Territory* DirectoryState::FindTerritory(absl::string_view id) const {
  return FindIn(territories, id);
}

const v1::Organisation* DirectoryState::FindOrganisation(
    absl::string_view id) const {
  return FindIn(organisations, id);
}

const v1::User* DirectoryState::FindUser(absl::string_view id) const {
  return FindIn(users, id);
}

const v1::Group* DirectoryState::FindGroup(absl::string_view territory,
                                           absl::string_view group) const {
  auto it = groups.find({std::string(territory), std::string(group)});
  return it == groups.end() ? nullptr : &it->second;
}

const v1::CharteVersion* DirectoryState::FindCharteVersion(
    absl::string_view territory, int number) const {
  auto it = charte_versions.find({std::string(territory), number});
  return it == charte_versions.end() ? nullptr : &it->second;
}

bool DirectoryState::UserIsIn(const v1::User& user,
                              absl::string_view territory) const {
  const v1::Organisation* organisation = FindOrganisation(user.organisation_id());
  if (organisation != nullptr && Contains(organisation->territory_ids(), territory)) {
    return true;
  }
  return std::any_of(assignments.begin(), assignments.end(), [&](const auto& a) {
    return a.second.user_id() == user.id() && a.second.territory_id() == territory;
  });
}

std::vector<std::string> DirectoryState::TerritoriesOf(const v1::User& user) const {
  std::set<std::string> found;
  if (const v1::Organisation* o = FindOrganisation(user.organisation_id())) {
    found.insert(o->territory_ids().begin(), o->territory_ids().end());
  }
  for (const auto& [id, a] : assignments) {
    if (a.user_id() == user.id()) found.insert(a.territory_id());
  }
  return {found.begin(), found.end()};
}

std::vector<v1::Organisation> DirectoryState::OrganisationsIn(
    absl::string_view territory) const {
  std::vector<v1::Organisation> out;
  for (const auto& [id, o] : organisations) {
    if (Contains(o.territory_ids(), territory)) out.push_back(o);
  }
  return out;
}

std::vector<v1::User> DirectoryState::UsersIn(
    absl::string_view territory, absl::string_view organisation) const {
  std::vector<v1::User> out;
  for (const auto& [id, u] : users) {
    if (!organisation.empty() && u.organisation_id() != organisation) continue;
    if (UserIsIn(u, territory)) out.push_back(u);
  }
  return out;
}

std::vector<v1::RoleAssignment> DirectoryState::AssignmentsIn(
    absl::string_view territory, absl::string_view user) const {
  std::vector<v1::RoleAssignment> out;
  for (const auto& [id, a] : assignments) {
    if (a.territory_id() != territory) continue;
    if (!user.empty() && a.user_id() != user) continue;
    out.push_back(a);
  }
  return out;
}

std::vector<v1::RoleAssignment> DirectoryState::AssignmentsInForce(
    absl::string_view user, DayNumber day) const {
  std::vector<v1::RoleAssignment> out;
  for (const auto& [id, a] : assignments) {
    if (a.user_id() == user && InForceOn(a, day)) out.push_back(a);
  }
  return out;
}

std::vector<v1::CharteVersion> DirectoryState::CharteVersionsOf(
    absl::string_view territory) const {
  std::vector<v1::CharteVersion> out;
  for (const auto& [key, v] : charte_versions) {
    if (key.first == territory) out.push_back(v);
  }
  return out;
}

std::vector<v1::Group> DirectoryState::GroupsOf(absl::string_view territory) const {
  std::vector<v1::Group> out;
  for (const auto& [key, g] : groups) {
    if (key.first == territory) out.push_back(g);
  }
  return out;
}

std::vector<v1::GroupMember> DirectoryState::MembersOf(
    absl::string_view territory, absl::string_view group) const {
  std::vector<v1::GroupMember> out;
  for (const auto& [key, m] : members) {
    if (std::get<0>(key) == territory && std::get<1>(key) == group) out.push_back(m);
  }
  return out;
}

std::vector<v1::Exclusion> DirectoryState::ExclusionsOf(
    absl::string_view territory, absl::string_view group) const {
  std::vector<v1::Exclusion> out;
  for (const auto& [key, e] : exclusions) {
    if (std::get<0>(key) == territory && std::get<1>(key) == group) out.push_back(e);
  }
  return out;
}

std::vector<v1::EnrolledCertificate> DirectoryState::CertificatesOf(
    absl::string_view user) const {
  std::vector<v1::EnrolledCertificate> out;
  for (const auto& [fp, c] : certificates) {
    if (c.user_id() == user) out.push_back(c);
  }
  return out;
}

v1::UserRecord DirectoryState::RecordOf(const v1::User& user) const {
  v1::UserRecord record;
  *record.mutable_user() = user;
  if (const v1::Organisation* o = FindOrganisation(user.organisation_id())) {
    *record.mutable_organisation() = *o;
  }
  for (const auto& [id, a] : assignments) {
    if (a.user_id() == user.id()) *record.add_role_assignments() = a;
  }
  for (const auto& [key, m] : members) {
    if (std::get<2>(key) == user.id()) *record.add_memberships() = m;
  }
  for (const auto& [key, s] : signatures) {
    if (std::get<1>(key) == user.id()) *record.add_signatures() = s;
  }
  for (const auto& [key, e] : exclusions) {
    if (std::get<2>(key) == user.id()) *record.add_exclusions() = e;
  }
  return record;
}

void DirectoryState::Apply(const v1::CharteVersion& v) {
  charte_versions[{v.territory_id(), v.number()}] = v;
}

void DirectoryState::Apply(const v1::GroupMember& m) {
  members[{m.territory_id(), m.group_id(), m.user_id()}] = m;
}

void DirectoryState::Apply(const v1::Signature& s) {
  signatures[{s.territory_id(), s.user_id(), s.charte_version()}] = s;
}

void DirectoryState::Apply(const v1::Exclusion& e) {
  exclusions[{e.territory_id(), e.group_id(), e.user_id(), e.excluded_on()}] = e;
}

}  // namespace suivi::directory
