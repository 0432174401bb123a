// core/store/store_test_fixture.h
//
// Test-only: TestStore, an EncryptedStore in a fresh temporary directory
// (data dir and key dir side by side) over a real key store with an
// in-memory root key and one data key; a test may close and reopen either
// and edit the raw RocksDB files. And the helpers of tests that work on
// those raw files or on the commit queue's groups.

#ifndef SUIVI_CORE_STORE_STORE_TEST_FIXTURE_H_
#define SUIVI_CORE_STORE_STORE_TEST_FIXTURE_H_

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "core/store/record_key.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"

namespace suivi::store {

// The column families of raw RocksDB files, by name.
using RawFamilies = std::map<std::string, rocksdb::ColumnFamilyHandle*>;

// Opens the RocksDB files of `data_dir` with every column family they
// hold, runs `edit` on them, and closes them: what an attacker with disk
// access but no keys can do.
// REQUIRES: no store has `data_dir` open.
inline void EditRawFiles(const std::filesystem::path& data_dir,
                         const std::function<void(rocksdb::DB*, RawFamilies&)>& edit) {
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), data_dir.string(), &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), data_dir.string(), descriptors,
                                &handles, &db).ok());
  RawFamilies families;
  for (auto* handle : handles) families[handle->GetName()] = handle;
  edit(db, families);
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  delete db;
}

inline std::string RawGet(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                          const RecordKey& key) {
  std::string value;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), family, key.Encode(), &value).ok());
  return value;
}

inline void RawDelete(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                      const RecordKey& key) {
  ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), family, key.Encode()).ok());
}

inline void RawPut(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                   const RecordKey& key, const std::string& value) {
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), family, key.Encode(), value).ok());
}

struct TestStoreOptions {
  // Prefix of the temporary directory's name.
  std::string temp_prefix = "suivi-store-";
  // The store's column families.
  std::vector<std::string> column_families = {"persons", "cases"};
  // The controller of the data key created with the store.
  std::string controller = "commune-montargis";
};

// Not thread-safe; the store it holds is.
class TestStore {
 public:
  // Opens the key store, creates the controller's data key, and opens the
  // store.
  explicit TestStore(TestStoreOptions options = {}) : options_(std::move(options)) {
    OpenKeys();
    EXPECT_OK(keys_->EnsureController(options_.controller));
    auto key = keys_->CreateDataKey(options_.controller);
    EXPECT_OK(key.status());
    key_id_ = *key;
    Open();
  }
  ~TestStore() {
    store_.reset();
    keys_.reset();
  }
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  EncryptedStore* operator->() { return store_.get(); }
  EncryptedStore* get() { return store_.get(); }
  // For a test that destroys the store while it is in use.
  std::unique_ptr<EncryptedStore>& store_ptr() { return store_; }
  crypto::KeyStore& keys() { return *keys_; }
  // The data key created with the store.
  const std::string& key_id() const { return key_id_; }
  std::filesystem::path data_dir() const { return dir_.path() / "data"; }
  std::filesystem::path key_dir() const { return dir_.path() / "keys"; }

  // Opens the store on `data_dir` (default: this one's) through `env`
  // (default: RocksDB's).
  void Open(std::filesystem::path data_dir = {}, rocksdb::Env* env = nullptr) {
    StoreOptions options;
    options.path = (data_dir.empty() ? this->data_dir() : data_dir).string();
    options.column_families = options_.column_families;
    options.env = env;
    auto store = EncryptedStore::Open(options, keys_.get());
    ASSERT_OK(store.status());
    store_ = std::move(*store);
  }
  void Close() { store_.reset(); }
  void OpenKeys() {
    crypto::KeyStoreOptions options;
    options.path = key_dir().string();
    auto keys = crypto::KeyStore::Open(options, &provider_);
    ASSERT_OK(keys.status());
    keys_ = std::move(*keys);
  }
  void CloseKeys() { keys_.reset(); }

  // Writes `plaintext` under `key`, sealed with `key_id` (default: the
  // store's data key), in one command.
  absl::Status Put(const RecordKey& key, std::string plaintext) {
    return Put(key, key_id_, std::move(plaintext));
  }
  absl::Status Put(const RecordKey& key, std::string key_id, std::string plaintext) {
    return store_->Execute([&](const StoreView&, WriteSet* writes) {
      writes->Put(key, key_id, plaintext);
      return absl::OkStatus();
    });
  }

  // Closes the store, runs `edit` on its raw files (EditRawFiles), and
  // reopens it.
  void EditRaw(const std::function<void(rocksdb::DB*, RawFamilies&)>& edit) {
    Close();
    ASSERT_NO_FATAL_FAILURE(EditRawFiles(data_dir(), edit));
    Open();
  }

 private:
  const TestStoreOptions options_;
  const TempDir dir_{options_.temp_prefix};
  crypto::InMemoryKeyProvider provider_;
  std::unique_ptr<crypto::KeyStore> keys_;
  std::unique_ptr<EncryptedStore> store_;
  std::string key_id_;
};

// Holds the writer inside a command until released, so that the commands
// submitted meanwhile are written together as the next group.
class WriterHold {
 public:
  explicit WriterHold(EncryptedStore* store) {
    store->Submit(
        [this](const StoreView&, WriteSet*) {
          entered_.Notify();
          release_.WaitForNotification();
          return absl::OkStatus();
        },
        [this](absl::Status) { done_.Notify(); });
    entered_.WaitForNotification();
  }
  ~WriterHold() { Release(); }
  void Release() {
    if (!release_.HasBeenNotified()) release_.Notify();
    done_.WaitForNotification();
  }

 private:
  absl::Notification entered_, release_, done_;
};

}  // namespace suivi::store

#endif  // SUIVI_CORE_STORE_STORE_TEST_FIXTURE_H_
