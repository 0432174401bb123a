// services/common/masked_read.cc

#include "services/common/masked_read.h"

#include <utility>

#include "core/common/status_macros.h"

namespace suivi::services {

absl::StatusOr<std::map<crypto::FieldClass, std::string>> ReadPermittedClasses(
    const store::StoreView& view, Call& call, const std::string& action,
    const policy::EntityUid& resource, const RecordLocation& where,
    absl::Span<const crypto::FieldClass> classes, std::vector<policy::Entity> extra) {
  std::vector<std::string> names;
  for (crypto::FieldClass c : classes) names.emplace_back(crypto::FieldClassName(c));
  ASSIGN_OR_RETURN(std::vector<std::string> readable,
                   call.ReadableClasses(action, resource, names, std::move(extra)));
  std::map<crypto::FieldClass, std::string> fields;
  for (const std::string& name : readable) {
    ASSIGN_OR_RETURN(crypto::FieldClass c, crypto::ParseFieldClass(name));
    absl::StatusOr<std::string> value =
        view.Get(store::RecordKey{where.family, where.territory, where.entity, c});
    if (absl::IsNotFound(value.status())) continue;
    RETURN_IF_ERROR(value.status());
    fields.emplace(c, *std::move(value));
  }
  return fields;
}

}  // namespace suivi::services
