// services/directory/role_catalogue.h
//
// RoleCatalogue is the list of roles a territory can assign (maire,
// adjoint délégué, coordonnateur, CPIP, ...): configuration, not code. The
// default catalogue is services/directory/data/roles.textproto, built into
// the server; a deployment may load its own.
//
// Immutable after Parse; thread-safe.

#ifndef SUIVI_SERVICES_DIRECTORY_ROLE_CATALOGUE_H_
#define SUIVI_SERVICES_DIRECTORY_ROLE_CATALOGUE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::directory {

class RoleCatalogue {
 public:
  // Parses a textproto suivi.v1.RoleCatalogue and checks it: valid unique
  // ids, a label, a scope. INVALID_ARGUMENT naming the fault.
  static absl::StatusOr<RoleCatalogue> Parse(absl::string_view textproto);
  // The catalogue built into the server.
  static absl::StatusOr<RoleCatalogue> Default();

  // nullptr for an unknown role.
  const v1::Role* Find(absl::string_view id) const;
  const v1::RoleCatalogue& proto() const { return proto_; }

 private:
  v1::RoleCatalogue proto_;
  std::map<std::string, int, std::less<>> index_;
};

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_ROLE_CATALOGUE_H_
