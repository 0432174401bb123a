// core/store/encrypted_store.h
//
// EncryptedStore keeps sealed values in RocksDB column families. Keys are
// ids only (RecordKey) and never hold personal data; every value is sealed
// (core/crypto/sealed_record.h) with the data key of its owner — a person,
// a case, or a controller-level key — looked up in a DataKeySource that
// lives apart from the data dir.
//
// All writes go through the store's commit queue (DESIGN.md §7): a Command
// runs on the single writer thread against the current state (committed
// data plus the writes of the commands before it in the same group) and
// returns the writes of its batch, or an error. The writer gathers every
// waiting command into one synced WriteBatch, then runs each command's
// completion. A command's writes are applied all together or not at all.
// There is no other way to write.
//
// Thread-safe: any number of threads may call any method.

#ifndef SUIVI_CORE_STORE_ENCRYPTED_STORE_H_
#define SUIVI_CORE_STORE_ENCRYPTED_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/crypto/key_store.h"
#include "core/store/commit_queue.h"
#include "core/store/record_key.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Env;
class WriteBatch;
}  // namespace rocksdb

namespace suivi::store {

struct StoreOptions {
  // Directory of the RocksDB files; created if missing. Required.
  std::string path;
  // Column families the store's users write to. Created when missing;
  // families found on disk but not listed are opened too (never dropped).
  std::vector<std::string> column_families;
  // Sync every group's batch to disk before completing its commands.
  // Default: true. Only benchmarks and throw-away stores turn it off.
  bool sync = true;
  // Maximum number of commands written in one group. Default: 512.
  size_t max_group_size = 512;
  // The environment RocksDB reads and writes files through. Not owned; must
  // outlive the store. Default (nullptr): the real file system. Tests pass
  // in-memory or fault-injecting ones.
  rocksdb::Env* env = nullptr;
};

// Read access to the store. Get and Scan decrypt, so a caller reads only
// the field classes it asked for.
class StoreView {
 public:
  virtual ~StoreView() = default;

  // The plaintext stored under `key`. NOT_FOUND if absent;
  // INVALID_ARGUMENT for an invalid key or unknown family; DATA_LOSS if
  // the value fails authentication (tampered, moved, wrong or unknown key)
  // or its data key was destroyed (crypto::IsKeyDestroyed tells).
  virtual absl::StatusOr<std::string> Get(const RecordKey& key) const = 0;

  // Calls `visit` with every record of `family` whose encoded key starts
  // with EncodeScanPrefix(territory, entity_prefix), in key order, each
  // with its own value or error (as Get). `visit` returns false to stop.
  // Returns an error only when the scan itself fails.
  using Visitor = absl::FunctionRef<bool(const RecordKey& key,
                                         absl::StatusOr<std::string> value)>;
  virtual absl::Status Scan(absl::string_view family,
                            absl::string_view territory,
                            absl::string_view entity_prefix,
                            Visitor visit) const = 0;
};

// The writes a command returns. Values are sealed by the writer.
class WriteSet {
 public:
  // Writes `plaintext` under `key`, sealed with data key `data_key_id`.
  void Put(RecordKey key, std::string data_key_id, std::string plaintext) {
    ops_.push_back({std::move(key), std::move(data_key_id), std::move(plaintext),
                    /*is_delete=*/false});
  }
  void Delete(RecordKey key) {
    ops_.push_back({std::move(key), {}, {}, /*is_delete=*/true});
  }
  bool empty() const { return ops_.empty(); }
  size_t size() const { return ops_.size(); }

 private:
  friend class EncryptedStore;
  struct Op {
    RecordKey key;
    std::string data_key_id;
    std::string plaintext;
    bool is_delete;
  };
  std::vector<Op> ops_;
};

// A command reads through `view` and adds its writes to `writes`. An error
// discards its writes and becomes its completion's status. Runs on the
// writer thread: it must not block on the store's queue.
using Command = absl::AnyInvocable<absl::Status(const StoreView& view,
                                                WriteSet* writes)>;
// Receives the command's outcome once its writes are durable (OK), or why
// nothing was written. Runs on the writer thread: keep it short.
using Completion = absl::AnyInvocable<void(absl::Status status)>;

class EncryptedStore final : public StoreView {
 public:
  // Opens or creates the store. `keys` is not owned and must outlive the
  // store. INVALID_ARGUMENT on bad options; UNAVAILABLE or DATA_LOSS when
  // RocksDB cannot open the files.
  static absl::StatusOr<std::unique_ptr<EncryptedStore>> Open(
      const StoreOptions& options, crypto::DataKeySource* keys);

  // Completes every command already submitted, then closes the files.
  ~EncryptedStore() override;
  EncryptedStore(const EncryptedStore&) = delete;
  EncryptedStore& operator=(const EncryptedStore&) = delete;

  // Committed state only (not the writes of a group being written).
  absl::StatusOr<std::string> Get(const RecordKey& key) const override;
  absl::Status Scan(absl::string_view family, absl::string_view territory,
                    absl::string_view entity_prefix,
                    Visitor visit) const override;

  // Queues `command`; `done` runs once it is durable or has failed:
  // the command's own error; INVALID_ARGUMENT for a write with an invalid
  // key or unknown family; FAILED_PRECONDITION for a write under a data
  // key that is unknown or destroyed; UNAVAILABLE when the batch could not
  // be written (nothing of the group is then applied) or the store is
  // closing.
  void Submit(Command command, Completion done);

  // Submit() and wait for the outcome. Must not be called from a command
  // or a completion.
  absl::Status Execute(Command command);

  CommitQueueStats queue_stats() const { return queue_->stats(); }

 private:
  class GroupView;
  struct Pending {
    Command command;
    Completion done;
  };

  EncryptedStore(const StoreOptions& options, crypto::DataKeySource* keys);

  absl::Status OpenDb();
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> Family(
      absl::string_view name) const;
  // Get of a key already validated and encoded.
  absl::StatusOr<std::string> GetEncoded(const RecordKey& key,
                                         absl::string_view encoded) const;
  absl::StatusOr<std::string> OpenSealed(const RecordKey& key,
                                         absl::string_view encoded,
                                         absl::string_view sealed) const;
  absl::StatusOr<std::string> Seal(const RecordKey& key,
                                   absl::string_view encoded,
                                   absl::string_view data_key_id,
                                   absl::string_view plaintext) const;
  void WriteGroup(std::vector<Pending>& group);
  absl::Status ApplyCommand(Pending& pending, GroupView& view,
                            rocksdb::WriteBatch* batch);

  const StoreOptions options_;
  crypto::DataKeySource* const keys_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned; closed first
  absl::flat_hash_map<std::string, rocksdb::ColumnFamilyHandle*> families_;
  std::unique_ptr<CommitQueue<Pending>> queue_;
};

}  // namespace suivi::store

#endif  // SUIVI_CORE_STORE_ENCRYPTED_STORE_H_
