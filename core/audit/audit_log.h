// core/audit/audit_log.h
//
// AuditLog is the tamper-evident audit log of DESIGN.md §8: a hash chain of
// v1::AuditRecord kept in the "audit" column family of an EncryptedStore.
// Record n is stored with its sequence n and the hash of record n-1, and
//
//   hash(n) = SHA-256(hash(n-1) || bytes(n)),  hash(0) = 32 zero bytes,
//
// where bytes(n) is the record's deterministic serialization as stored. A
// head record holds (sequence, hash) of the last record. Verify() walks the
// chain and names the first record that breaks it. The layout is described
// in docs/formats/audit-log.md.
//
// Records are appended on the store's writer thread, so the chain follows
// the commit order and a record can share the atomic batch of the change it
// audits:
//
//   store->Submit([&](const store::StoreView& view, store::WriteSet* writes) {
//     RETURN_IF_ERROR(ApplyTransition(view, writes));
//     return log->AppendTo(view, writes, std::move(record));
//   }, done);
//
// Reads append a record of their own with Append() (one command, synced and
// group-committed with the others) and answer once it is durable. Every
// failure to append is UNAVAILABLE ("journal d'audit indisponible : …"), so
// callers fail closed.
//
// The log knows nothing of gRPC nor of the charte: callers fill the record.
//
// Thread-safe: any number of threads may call any method. The log keeps no
// state of its own; the chain's state is the head record in the store.

#ifndef SUIVI_CORE_AUDIT_AUDIT_LOG_H_
#define SUIVI_CORE_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/audit/audit_chain.h"
#include "core/common/clock.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "suivi/v1/audit_record.pb.h"

namespace suivi::audit {

// What Verify() checked.
struct VerifyReport {
  // The head the chain was verified up to; head.sequence records checked.
  AuditHead head;
  // Times of the first and last records checked (InfinitePast and
  // InfiniteFuture when the log is empty).
  absl::Time first_recorded_at = absl::InfinitePast();
  absl::Time last_recorded_at = absl::InfiniteFuture();
};

struct AuditLogOptions {
  // The data key that seals new records: a server-level key, see
  // EnsureDataKey(). Required; it must exist in the store's key source, or
  // the store refuses every command that appends (FAILED_PRECONDITION).
  // Records already written keep the key they were sealed with.
  std::string data_key_id;
  // Source of recorded_at. Not owned; must outlive the log.
  const Clock* clock = Clock::Real();
};

class AuditLog {
 public:
  // The log's data key, created on first use: the id kept in the log's
  // "cle" record, or a new data key of the server controller ("_serveur"),
  // synced in `keys` before the record naming it is written. Neither
  // argument is owned. INVALID_ARGUMENT if the store has no audit family;
  // the key store's or store's errors otherwise.
  static absl::StatusOr<std::string> EnsureDataKey(store::EncryptedStore* store,
                                                   crypto::KeyStore* keys);

  // A log over `store` (not owned; must outlive the log). INVALID_ARGUMENT
  // for a missing store or key id, or a store opened without kAuditFamily.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      store::EncryptedStore* store, AuditLogOptions options);

  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends `record` to the chain inside a store command: reads the head
  // through `view` (so it follows the records of the earlier commands of
  // the group), sets sequence, previous_hash and recorded_at (any value
  // the caller put there is replaced), and adds the record and the new
  // head to `writes`. UNAVAILABLE, nothing added, if the head cannot be
  // read or the record cannot be serialized.
  // REQUIRES: called on the writer thread, from the command that owns
  // `view` and `writes`, at most once per command: a second call would
  // read the same head. Pass a batch call's records together (below).
  absl::Status AppendTo(const store::StoreView& view, store::WriteSet* writes,
                        v1::AuditRecord record) const;
  // The same for several records, chained in the order given.
  absl::Status AppendTo(const store::StoreView& view, store::WriteSet* writes,
                        std::vector<v1::AuditRecord> records) const;

  // Appends `record` in a command of its own, synced and group-committed
  // with the others, and calls `done` once it is durable (OK) or has
  // failed (UNAVAILABLE). `done` runs on the store's writer thread, or on
  // this thread when the store is closing: it must not block on the
  // store.
  void Append(v1::AuditRecord record,
              absl::AnyInvocable<void(absl::Status)> done) const;
  // Append() and wait. Must not be called from a command or a completion.
  absl::Status AppendAndWait(v1::AuditRecord record) const;

  // The committed head; head.sequence is the number of records. DATA_LOSS
  // if the head record cannot be read.
  absl::StatusOr<AuditHead> Head() const;

  // Calls `visit` with every record from `from_sequence` (0 and 1 both
  // mean the first) up to the head committed when the call starts, in
  // order, until it returns false. Does not check the chain (Verify does).
  // DATA_LOSS for an unreadable head, or naming the sequence
  // (FirstBadSequence) of a record missing or that cannot be decrypted or
  // parsed.
  using RecordVisitor = absl::FunctionRef<bool(const v1::AuditRecord&)>;
  absl::Status Scan(uint64_t from_sequence, RecordVisitor visit) const;

  // Walks the whole chain: every sequence from 1 present and in place,
  // every record decrypts and parses, its previous_hash is the hash of the
  // record before, and the head names the last record and its hash. With
  // `exported_head` (a head kept outside the data dir), also checks that
  // the chain reaches it and has its hash, so a truncated tail is caught
  // even when the head record was rolled back. Records appended while it
  // runs are not checked. DATA_LOSS on any failure, with a French message
  // naming the first bad sequence (FirstBadSequence() reads it back).
  absl::StatusOr<VerifyReport> Verify(
      const std::optional<AuditHead>& exported_head = std::nullopt) const;

 private:
  AuditLog(store::EncryptedStore* store, AuditLogOptions options);

  // Visits the sequence and stored bytes (or why they cannot be read) of
  // every record from `from_sequence` to `to_sequence`, in order, until
  // `visit` returns false. DATA_LOSS for a key that names no record.
  using RawVisitor =
      absl::FunctionRef<bool(uint64_t sequence, absl::StatusOr<std::string> bytes)>;
  absl::Status ScanRaw(uint64_t from_sequence, uint64_t to_sequence,
                       RawVisitor visit) const;

  store::EncryptedStore* const store_;
  const AuditLogOptions options_;
};

// The first bad sequence named by a Verify() or Scan() failure; nullopt
// for any other status.
std::optional<uint64_t> FirstBadSequence(const absl::Status& status);

}  // namespace suivi::audit

#endif  // SUIVI_CORE_AUDIT_AUDIT_LOG_H_
