// core/crypto/sealed_record.h
//
// A sealed record is one stored value of one field class, encrypted with
// AES-256-GCM under the data key of its owner (a person or a case). Its
// small clear header names the key (id and version) so a reader knows which
// key to ask the key store for; its associated data binds the header and
// where the value lives (territory, column family, record key, field
// class), so a value copied to another key, another territory or another
// class fails authentication. docs/formats/record-encryption.md has the
// bytes.
//
// Thread-safe (pure functions).

#ifndef SUIVI_CORE_CRYPTO_SEALED_RECORD_H_
#define SUIVI_CORE_CRYPTO_SEALED_RECORD_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/crypto/field_class.h"
#include "core/crypto/secret_key.h"

namespace suivi::crypto {

inline constexpr uint8_t kSealedRecordFormat = 1;
inline constexpr size_t kMaxKeyIdBytes = 128;

// An unwrapped data key, as the key store hands it out.
struct DataKey {
  // Opaque id, written in clear in each record's header. A valid id
  // (suivi::IsValidId) of at most kMaxKeyIdBytes.
  std::string id;
  // Version of the key material under this id; starts at 1.
  uint32_t version = 1;
  // The controller (responsable de traitement) whose key wraps this one.
  std::string controller;
  SecretKey key;
};

// Where a sealed value lives. Every field is bound into the associated data.
struct RecordContext {
  absl::string_view territory;
  absl::string_view column_family;
  // The store key under which the value is written (encoded bytes).
  absl::string_view record_key;
  FieldClass field_class = FieldClass::kAdministratif;
};

// The clear header at the front of a sealed record. `key_id` points into
// the sealed bytes it was parsed from.
struct SealedHeader {
  uint8_t format = 0;
  absl::string_view key_id;
  uint32_t key_version = 0;
};

// Seals `plaintext` under `key` for the place `where`. INVALID_ARGUMENT if
// the key id is not a valid id; INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> SealRecord(const DataKey& key,
                                       const RecordContext& where,
                                       absl::string_view plaintext);

// Reads the header only (no authentication yet). DATA_LOSS if malformed or
// of an unknown format version.
absl::StatusOr<SealedHeader> ParseSealedHeader(absl::string_view sealed);

// Authenticates and decrypts a record sealed by SealRecord. DATA_LOSS if
// the header is malformed, names another key or version than `key`, or the
// value fails authentication for `where`.
absl::StatusOr<std::string> OpenRecord(const DataKey& key,
                                       const RecordContext& where,
                                       absl::string_view sealed);

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_SEALED_RECORD_H_
