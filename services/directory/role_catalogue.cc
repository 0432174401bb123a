#include "services/directory/role_catalogue.h"

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "embedded/suivi_directory_data.h"
#include "google/protobuf/text_format.h"
#include "services/directory/validation.h"

namespace suivi::directory {

absl::StatusOr<RoleCatalogue> RoleCatalogue::Parse(absl::string_view textproto) {
  RoleCatalogue catalogue;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(textproto),
                                                     &catalogue.proto_)) {
    return absl::InvalidArgumentError(
        "catalogue des rôles illisible (textproto suivi.v1.RoleCatalogue attendu)");
  }
  for (int i = 0; i < catalogue.proto_.roles_size(); ++i) {
    const v1::Role& role = catalogue.proto_.roles(i);
    RETURN_IF_ERROR(CheckId(role.id(), "role.id"));
    RETURN_IF_ERROR(CheckName(role.label(), "role.label"));
    if (role.scope() == v1::ROLE_SCOPE_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("catalogue des rôles : le rôle ", role.id(),
                       " n'a pas de portée (scope)"));
    }
    if (!catalogue.index_.emplace(role.id(), i).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "catalogue des rôles : le rôle ", role.id(), " est déclaré deux fois"));
    }
  }
  return catalogue;
}

absl::StatusOr<RoleCatalogue> RoleCatalogue::Default() {
  return Parse(embedded::DefaultRoleCatalogue());
}

const v1::Role* RoleCatalogue::Find(absl::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &proto_.roles(it->second);
}

}  // namespace suivi::directory
