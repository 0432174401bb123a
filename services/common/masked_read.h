// services/common/masked_read.h
//
// The read half of the enforcement point (DESIGN.md §5, §6): a record is
// stored as one sealed value per field class, so a read asks the charte
// one decision per (record, field class) in one batch and decrypts only
// the classes it allows. A denied class is never decrypted; a class the
// record does not have is simply absent.

#ifndef SUIVI_SERVICES_COMMON_MASKED_READ_H_
#define SUIVI_SERVICES_COMMON_MASKED_READ_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/crypto/field_class.h"
#include "core/store/encrypted_store.h"
#include "policy/entities.h"
#include "services/common/call.h"

namespace suivi::services {

// Where a record's sealed values live: RecordKey without its class.
struct RecordLocation {
  std::string family;
  std::string territory;
  std::string entity;
};

// The plaintext of each class of `classes` the caller may read with
// `action` on `resource` (decisions recorded in `call`, and the classes
// returned too). DATA_LOSS when an allowed value cannot be opened.
absl::StatusOr<std::map<crypto::FieldClass, std::string>> ReadPermittedClasses(
    const store::StoreView& view, Call& call, const std::string& action,
    const policy::EntityUid& resource, const RecordLocation& where,
    absl::Span<const crypto::FieldClass> classes, std::vector<policy::Entity> extra = {});

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_MASKED_READ_H_
