// core/store/record_key.h
//
// RecordKey names one sealed value in the store: the column family, the
// territory (tenant), the entity (an opaque path of ids such as
// "case/01hx…/event/00000003") and the field class. Keys hold ids only,
// never personal data: every component must be a valid id
// (suivi::IsValidId), which rules out spaces, accents and free text.
//
// The encoded RocksDB key is `territory NUL entity NUL class-code`; see
// docs/formats/record-encryption.md. Encoded keys of one territory sort
// together, and within it by entity, so a prefix scan lists an entity's
// records or a family of entities. End an entity prefix with "/" to
// avoid matching "case/12" when scanning "case/1".

#ifndef SUIVI_CORE_STORE_RECORD_KEY_H_
#define SUIVI_CORE_STORE_RECORD_KEY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/crypto/field_class.h"

namespace suivi::store {

inline constexpr size_t kMaxTerritoryBytes = 64;
inline constexpr size_t kMaxEntityBytes = 512;

struct RecordKey {
  std::string family;
  std::string territory;
  std::string entity;
  crypto::FieldClass field_class = crypto::FieldClass::kAdministratif;

  // INVALID_ARGUMENT naming the faulty component (never its value, which
  // could be personal data passed by mistake).
  absl::Status Validate() const;

  // The RocksDB key. REQUIRES: Validate() is OK.
  std::string Encode() const;

  // Parses an encoded key of column family `family`. DATA_LOSS if
  // malformed.
  static absl::StatusOr<RecordKey> Decode(absl::string_view family,
                                          absl::string_view encoded);

  friend bool operator==(const RecordKey& a, const RecordKey& b) {
    return a.family == b.family && a.territory == b.territory &&
           a.entity == b.entity && a.field_class == b.field_class;
  }
};

// The encoded prefix of every key of `territory` whose entity starts with
// `entity_prefix` (which may be empty: the whole territory).
std::string EncodeScanPrefix(absl::string_view territory,
                             absl::string_view entity_prefix);

}  // namespace suivi::store

#endif  // SUIVI_CORE_STORE_RECORD_KEY_H_
