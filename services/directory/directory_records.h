// services/directory/directory_records.h
//
// Where each directory entry is stored: the store territory ("scope") and
// entity path of its record, and how a record read back goes into a
// DirectoryState. One serialized proto per record.
//
//   scope "_annuaire": cle, territoire/<id>, organisation/<id>,
//                      utilisateur/<id>, certificat/<fingerprint>
//   scope <territory>: cle, attribution/<id>, charte/<000001>,
//                      groupe/<id>, membre/<group>/<user>,
//                      signature/<user>/<000001>,
//                      exclusion/<group>/<user>/<date>
//
// "cle" holds the id of the data key the scope's records are sealed with
// (itself sealed with that key, so it names its own key in its header).

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_RECORDS_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_RECORDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/directory/directory_state.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::directory {

// The store territory of server-wide entries. Directory ids never start
// with "_", so it cannot clash with a territory.
inline constexpr char kServerScope[] = "_annuaire";
// The entity of a scope's data key id.
inline constexpr char kKeyEntity[] = "cle";

std::string ScopeOf(const v1::Territory&);
std::string ScopeOf(const v1::Organisation&);
std::string ScopeOf(const v1::User&);
std::string ScopeOf(const v1::EnrolledCertificate&);
std::string ScopeOf(const v1::RoleAssignment& a);
std::string ScopeOf(const v1::CharteVersion& v);
std::string ScopeOf(const v1::Group& g);
std::string ScopeOf(const v1::GroupMember& m);
std::string ScopeOf(const v1::Signature& s);
std::string ScopeOf(const v1::Exclusion& e);

std::string EntityOf(const v1::Territory& t);
std::string EntityOf(const v1::Organisation& o);
std::string EntityOf(const v1::User& u);
std::string EntityOf(const v1::EnrolledCertificate& c);
std::string EntityOf(const v1::RoleAssignment& a);
std::string EntityOf(const v1::CharteVersion& v);
std::string EntityOf(const v1::Group& g);
std::string EntityOf(const v1::GroupMember& m);
std::string EntityOf(const v1::Signature& s);
std::string EntityOf(const v1::Exclusion& e);

// Parses the record stored under `entity` and adds it to `state`. The key
// record is not an entry: callers handle kKeyEntity themselves. DATA_LOSS
// for an unknown entity or an unparsable record.
absl::Status ApplyRecord(absl::string_view entity, absl::string_view bytes,
                         DirectoryState* state);

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_RECORDS_H_
