// core/crypto/key_store.h
//
// KeyStore keeps the key hierarchy of DESIGN.md §6 in its own small RocksDB
// (the --key_dir), apart from the data:
//
//   root key (KeyProvider)
//     └ controller key, one per controller (responsable de traitement),
//       wrapped by the root key
//         └ data keys, one per person and per case, wrapped by their
//           controller's key
//   blind-index key, one per controller, wrapped by the root key
//
// Ordering rules: a new data key is synced here before CreateDataKey
// returns, so no record sealed with it can be written first; DestroyDataKey
// deletes the key and compacts it out of the key store's files before it
// returns, so every copy of the data dir, backups included, becomes
// unreadable for that key's records (crypto-shredding). The caller deletes
// the records themselves afterwards. docs/formats/record-encryption.md
// describes the key store's records.
//
// Thread-safe: any number of threads may call any method. Lookups of data
// keys are served from an in-memory cache of unwrapped keys.

#ifndef SUIVI_CORE_CRYPTO_KEY_STORE_H_
#define SUIVI_CORE_CRYPTO_KEY_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "core/common/clock.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/sealed_record.h"

namespace rocksdb {
class DB;
}

namespace suivi::crypto {

// The controller of server-level keys (the directory's server-wide
// entries, the audit log): not a responsable de traitement of any
// territory; its name is not a valid directory id, so no territory can
// take it.
inline constexpr char kServerController[] = "_serveur";

// What the encrypted store needs from a key store.
class DataKeySource {
 public:
  virtual ~DataKeySource() = default;
  // The unwrapped data key `id`. NOT_FOUND for an id never created;
  // DATA_LOSS, with IsKeyDestroyed(status) true, for a destroyed key.
  virtual absl::StatusOr<std::shared_ptr<const DataKey>> FindDataKey(
      absl::string_view id) = 0;
};

// True when `status` says the data key was destroyed on purpose
// (crypto-shredding), as opposed to damaged or missing.
bool IsKeyDestroyed(const absl::Status& status);

struct KeyStoreOptions {
  // Directory of the key store's RocksDB; created if missing. Required.
  // Must not be inside the data dir (the server checks it).
  std::string path;
  // Sync every change to disk before returning. Default: true. The
  // ordering rules above rely on it; only benchmarks turn it off.
  bool sync = true;
  // Maximum number of unwrapped data keys kept in memory; the cache is
  // emptied when it is full. Default: 1,000,000 keys (about 100 MiB).
  size_t cache_capacity = 1'000'000;
  // Source of the destruction dates recorded for destroyed keys.
  // Default: the wall clock. Not owned.
  Clock* clock = Clock::Real();
};

class KeyStore final : public DataKeySource {
 public:
  // Opens or creates the key store at options.path with the root key of
  // `provider` (not owned; must outlive the store). INVALID_ARGUMENT on
  // bad options; FAILED_PRECONDITION when the root key is not the one the
  // store was created with; UNAVAILABLE or DATA_LOSS when RocksDB cannot
  // open the files.
  static absl::StatusOr<std::unique_ptr<KeyStore>> Open(
      const KeyStoreOptions& options, KeyProvider* provider);

  ~KeyStore() override;
  KeyStore(const KeyStore&) = delete;
  KeyStore& operator=(const KeyStore&) = delete;

  // Creates the key of `controller` if it has none. OK if it exists.
  // INVALID_ARGUMENT if `controller` is not a valid id.
  absl::Status EnsureController(absl::string_view controller);

  // Current version of the controller's key (1 after creation, +1 per
  // rotation). NOT_FOUND for an unknown controller.
  absl::StatusOr<uint32_t> ControllerKeyVersion(absl::string_view controller);

  // Creates a data key wrapped by the controller's key and returns its id,
  // once synced. FAILED_PRECONDITION for an unknown controller.
  absl::StatusOr<std::string> CreateDataKey(absl::string_view controller);

  absl::StatusOr<std::shared_ptr<const DataKey>> FindDataKey(
      absl::string_view id) override;

  // Destroys a data key for good: removed from the store, the cache and
  // the key store's files (flush and full compaction) before returning.
  // OK if already destroyed; NOT_FOUND for an id never created.
  absl::Status DestroyDataKey(absl::string_view id);

  // Replaces the controller's key by a new version and rewraps every data
  // key of the controller with it, in one synced batch; records sealed
  // with those data keys are not touched. Then compacts the old wrappings
  // out of the files. NOT_FOUND for an unknown controller.
  absl::StatusOr<uint32_t> RotateControllerKey(absl::string_view controller);

  // The controller's blind-index key (HMAC-SHA256), created with the
  // controller's key. NOT_FOUND for an unknown controller.
  absl::StatusOr<SecretKey> BlindIndexKey(absl::string_view controller);

  // Test hook: the bytes stored for data key `id` (its wrapped form), to
  // check that destruction removes them from every file.
  absl::StatusOr<std::string> StoredDataKeyRecordForTesting(
      absl::string_view id);

 private:
  struct ControllerKey {
    uint32_t version = 0;
    SecretKey key;
  };

  KeyStore(const KeyStoreOptions& options, const SecretKey& root,
           std::unique_ptr<rocksdb::DB> db);

  absl::Status CheckRootKey();
  absl::StatusOr<ControllerKey> ControllerKeyLocked(
      absl::string_view controller) ABSL_EXCLUSIVE_LOCKS_REQUIRED(cache_mu_);
  absl::StatusOr<std::shared_ptr<const DataKey>> LoadDataKey(
      absl::string_view id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(cache_mu_);
  absl::StatusOr<std::string> ReadRecord(absl::string_view name) const;
  absl::Status CompactEverything();

  const KeyStoreOptions options_;
  const SecretKey root_;
  std::unique_ptr<rocksdb::DB> db_;

  // Serialises every change to the key store.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(cache_mu_);
  // Guards the caches; also held across a cache miss's read, so that a key
  // destroyed concurrently can never be re-inserted.
  absl::Mutex cache_mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const DataKey>> data_keys_
      ABSL_GUARDED_BY(cache_mu_);
  absl::flat_hash_map<std::string, ControllerKey> controller_keys_
      ABSL_GUARDED_BY(cache_mu_);
};

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_KEY_STORE_H_
