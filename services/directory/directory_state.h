// services/directory/directory_state.h
//
// DirectoryState is the whole directory in memory: every territory,
// organisation, user, certificate, role assignment, charte version, group,
// member, signature and exclusion. The directory is small (hundreds to a
// few thousand entries per territory), read on every call and changed by
// rare administrative acts, so the Directory keeps one immutable state and
// replaces it on each change (copy on write).
//
// Not thread-safe by itself; a published state is never modified.

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_STATE_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_STATE_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/common/day.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::directory {

struct DirectoryState {
  // Territory-scoped entries are keyed by (territory id, ...).
  using GroupKey = std::pair<std::string, std::string>;
  using MemberKey = std::tuple<std::string, std::string, std::string>;
  using SignatureKey = std::tuple<std::string, std::string, int>;
  using ExclusionKey =
      std::tuple<std::string, std::string, std::string, std::string>;

  std::map<std::string, v1::Territory> territories;
  std::map<std::string, v1::Organisation> organisations;
  std::map<std::string, v1::User> users;
  // By fingerprint.
  std::map<std::string, v1::EnrolledCertificate> certificates;
  // By assignment id.
  std::map<std::string, v1::RoleAssignment> assignments;
  std::map<std::pair<std::string, int>, v1::CharteVersion> charte_versions;
  std::map<GroupKey, v1::Group> groups;
  // (territory, group, user).
  std::map<MemberKey, v1::GroupMember> members;
  // (territory, user, version).
  std::map<SignatureKey, v1::Signature> signatures;
  // (territory, group, user, date).
  std::map<ExclusionKey, v1::Exclusion> exclusions;

  // Lookups: nullptr when absent.
  const v1::Territory* FindTerritory(absl::string_view id) const;
  const v1::Organisation* FindOrganisation(absl::string_view id) const;
  const v1::User* FindUser(absl::string_view id) const;
  const v1::Group* FindGroup(absl::string_view territory,
                             absl::string_view group) const;
  const v1::CharteVersion* FindCharteVersion(absl::string_view territory,
                                             int number) const;

  // Whether `user` belongs to an organisation working in `territory` or
  // holds a role assignment there.
  bool UserIsIn(const v1::User& user, absl::string_view territory) const;
  // The territories where `user` is known, in id order.
  std::vector<std::string> TerritoriesOf(const v1::User& user) const;

  // Listings, in id order.
  std::vector<v1::Organisation> OrganisationsIn(absl::string_view territory) const;
  std::vector<v1::User> UsersIn(absl::string_view territory,
                                absl::string_view organisation) const;
  std::vector<v1::RoleAssignment> AssignmentsIn(absl::string_view territory,
                                                absl::string_view user) const;
  // Assignments of `user` in force on `day`, every territory.
  std::vector<v1::RoleAssignment> AssignmentsInForce(absl::string_view user,
                                                     DayNumber day) const;
  std::vector<v1::CharteVersion> CharteVersionsOf(absl::string_view territory) const;
  std::vector<v1::Group> GroupsOf(absl::string_view territory) const;
  std::vector<v1::GroupMember> MembersOf(absl::string_view territory,
                                         absl::string_view group) const;
  std::vector<v1::Exclusion> ExclusionsOf(absl::string_view territory,
                                          absl::string_view group) const;
  std::vector<v1::EnrolledCertificate> CertificatesOf(absl::string_view user) const;
  // Everything about one user, for GetUser.
  v1::UserRecord RecordOf(const v1::User& user) const;

  // Adds or replaces an entry. Assignments must carry their id.
  void Apply(const v1::Territory& t) { territories[t.id()] = t; }
  void Apply(const v1::Organisation& o) { organisations[o.id()] = o; }
  void Apply(const v1::User& u) { users[u.id()] = u; }
  void Apply(const v1::EnrolledCertificate& c) { certificates[c.fingerprint()] = c; }
  void Apply(const v1::RoleAssignment& a) { assignments[a.id()] = a; }
  void Apply(const v1::CharteVersion& v);
  void Apply(const v1::Group& g) { groups[{g.territory_id(), g.id()}] = g; }
  void Apply(const v1::GroupMember& m);
  void Apply(const v1::Signature& s);
  void Apply(const v1::Exclusion& e);
};

// Whether an assignment is in force on `day` (start <= day <= end; an
// empty end never ends). Unparsable dates are never in force.
bool InForceOn(const v1::RoleAssignment& assignment, DayNumber day);

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_STATE_H_
