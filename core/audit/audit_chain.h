// core/audit/audit_chain.h
//
// The on-disk pieces of the audit log (docs/formats/audit-log.md): the
// store keys of chain records, of the head and of the key record, the head
// encoding, the record serialization and the chain hash. AuditLog is built
// on them; tests and tools use them to look at a log from outside.
//
// Thread-safe: every function may be called from any thread.

#ifndef SUIVI_CORE_AUDIT_AUDIT_CHAIN_H_
#define SUIVI_CORE_AUDIT_AUDIT_CHAIN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/store/record_key.h"
#include "suivi/v1/audit_record.pb.h"

namespace suivi::audit {

// The column family the store must be opened with (StoreOptions).
inline constexpr char kAuditFamily[] = "audit";
// The territory of every audit store key: the log is server-wide.
inline constexpr char kAuditTerritory[] = "_audit";
// Entities: "chaine/<sequence on 20 digits>", the head, the key record.
inline constexpr char kChainPrefix[] = "chaine/";
inline constexpr size_t kSequenceDigits = 20;  // every uint64_t fits
inline constexpr char kHeadEntity[] = "tete";
inline constexpr char kKeyEntity[] = "cle";
// Size of a chain hash (SHA-256).
inline constexpr size_t kHashBytes = 32;

// The end of the chain.
struct AuditHead {
  // Sequence of the last record, which is also the number of records;
  // 0 for an empty log.
  uint64_t sequence = 0;
  // Hash of the last record; 32 zero bytes for an empty log.
  std::string hash = std::string(kHashBytes, '\0');

  friend bool operator==(const AuditHead& a, const AuditHead& b) {
    return a.sequence == b.sequence && a.hash == b.hash;
  }
  friend bool operator!=(const AuditHead& a, const AuditHead& b) {
    return !(a == b);
  }
};

// "chaine/00000000000000000042" for 42.
std::string ChainEntity(uint64_t sequence);
// The sequence of a chain entity; nullopt if `entity` is not one.
std::optional<uint64_t> ParseChainEntity(absl::string_view entity);

store::RecordKey ChainKey(uint64_t sequence);
store::RecordKey HeadKey();
store::RecordKey KeyRecordKey();

// u8 format (=1) || u64 sequence || hash (32 bytes): 41 bytes.
std::string EncodeHead(const AuditHead& head);
// DATA_LOSS if `encoded` is not a head of the format above.
absl::StatusOr<AuditHead> DecodeHead(absl::string_view encoded);

// The record's deterministic serialization: the bytes stored and hashed.
// INTERNAL if protobuf fails.
absl::StatusOr<std::string> SerializeRecord(const v1::AuditRecord& record);

// SHA-256(previous_hash || bytes). INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> ChainHash(absl::string_view previous_hash,
                                      absl::string_view bytes);

}  // namespace suivi::audit

#endif  // SUIVI_CORE_AUDIT_AUDIT_CHAIN_H_
