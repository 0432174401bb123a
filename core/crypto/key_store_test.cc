// Tests of core/crypto/key_store.h on a real RocksDB in a temporary
// directory, with an in-memory root key.

#include "core/crypto/key_store.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "core/common/clock.h"
#include "core/common/coding.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "core/crypto/aead.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace suivi::crypto {
namespace {

namespace fs = std::filesystem;
using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kController[] = "commune-montargis";
constexpr char kOtherController[] = "ccas-orleans";

// Size of the AEAD blob at the end of a stored data key record: nonce,
// wrapped 32-byte key, tag (docs/formats/record-encryption.md).
constexpr size_t kWrappedKeyBytes = kNonceBytes + kKeyBytes + kTagBytes;


// A key store in its own temporary directory, which a test may close and
// reopen (with the same or another root key).
class TestKeyStore {
 public:
  explicit TestKeyStore(Clock* clock = Clock::Real()) : clock_(clock) { Open(); }
  ~TestKeyStore() { Close(); }

  KeyStore* operator->() { return store_.get(); }
  fs::path dir() const { return dir_.path() / "keys"; }
  const SecretKey& root() const { return root_; }

  void Open() { ASSERT_OK(TryOpen(root_)); }
  absl::Status TryOpen(const SecretKey& root, size_t cache_capacity = 1'000'000) {
    KeyStoreOptions options;
    options.path = dir().string();
    options.cache_capacity = cache_capacity;
    options.clock = clock_;
    provider_ = std::make_unique<InMemoryKeyProvider>(root);
    absl::StatusOr<std::unique_ptr<KeyStore>> store =
        KeyStore::Open(options, provider_.get());
    if (!store.ok()) return store.status();
    store_ = std::move(*store);
    return absl::OkStatus();
  }
  void Close() { store_.reset(); }
  void Reopen() {
    Close();
    Open();
  }

 private:
  TempDir dir_{"suivi-key-store-"};
  Clock* const clock_;
  const SecretKey root_ = SecretKey::Generate();
  std::unique_ptr<InMemoryKeyProvider> provider_;
  std::unique_ptr<KeyStore> store_;
};

std::string Material(const DataKey& key) { return std::string(key.key.view()); }

TEST(KeyStore, EnsureControllerIsIdempotentAndStartsAtVersionOne) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(1u));
  ASSERT_OK_AND_ASSIGN(SecretKey blind, store->BlindIndexKey(kController));
  ASSERT_OK(store->EnsureController(kController));
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(1u));
  // The second call did not replace the controller's keys.
  ASSERT_OK_AND_ASSIGN(SecretKey blind_again, store->BlindIndexKey(kController));
  EXPECT_EQ(blind.view(), blind_again.view());
}

TEST(KeyStore, EnsureControllerRejectsAnInvalidId) {
  TestKeyStore store;
  for (const char* controller : {"", "commune montargis", "mairie#1", "clé"}) {
    EXPECT_THAT(store->EnsureController(controller),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << "« " << controller << " »";
  }
}

TEST(KeyStore, UnknownControllerHasNoKeys) {
  TestKeyStore store;
  EXPECT_THAT(store->ControllerKeyVersion(kController),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store->BlindIndexKey(kController), StatusIs(absl::StatusCode::kNotFound));
}

TEST(KeyStore, CreateDataKeyForUnknownControllerIsFailedPrecondition) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  EXPECT_THAT(store->CreateDataKey(kOtherController),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(KeyStore, FindDataKeyReturnsIdControllerAndVersionOne) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  EXPECT_EQ(id.size(), 26u);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const DataKey> key, store->FindDataKey(id));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->id, id);
  EXPECT_EQ(key->controller, kController);
  EXPECT_EQ(key->version, 1u);
  EXPECT_NE(Material(*key), std::string(kKeyBytes, '\0'));
}

TEST(KeyStore, DataKeysAreDistinct) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string a, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string b, store->CreateDataKey(kController));
  EXPECT_NE(a, b);
  ASSERT_OK_AND_ASSIGN(auto key_a, store->FindDataKey(a));
  ASSERT_OK_AND_ASSIGN(auto key_b, store->FindDataKey(b));
  EXPECT_NE(Material(*key_a), Material(*key_b));
}

TEST(KeyStore, UnknownIdIsNotFound) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK(store->CreateDataKey(kController).status());
  for (const char* id : {"01hx7q3m9k2v8c4n6p0r5t1w3y", "", "dk/x", kController}) {
    EXPECT_THAT(store->FindDataKey(id), StatusIs(absl::StatusCode::kNotFound))
        << "« " << id << " »";
  }
}

TEST(KeyStore, KeysAndControllersSurviveReopening) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK(store->EnsureController(kOtherController));
  ASSERT_OK_AND_ASSIGN(std::string a, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string b, store->CreateDataKey(kOtherController));
  ASSERT_OK_AND_ASSIGN(auto key_a, store->FindDataKey(a));
  ASSERT_OK_AND_ASSIGN(auto key_b, store->FindDataKey(b));
  const std::string material_a = Material(*key_a);
  const std::string material_b = Material(*key_b);

  store.Reopen();
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(1u));
  EXPECT_THAT(store->ControllerKeyVersion(kOtherController), IsOkAndHolds(1u));
  ASSERT_OK_AND_ASSIGN(auto reopened_a, store->FindDataKey(a));
  ASSERT_OK_AND_ASSIGN(auto reopened_b, store->FindDataKey(b));
  EXPECT_EQ(Material(*reopened_a), material_a);
  EXPECT_EQ(reopened_a->controller, kController);
  EXPECT_EQ(Material(*reopened_b), material_b);
  EXPECT_EQ(reopened_b->controller, kOtherController);
  // Creating a controller again after reopening keeps its keys.
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(auto again_a, store->FindDataKey(a));
  EXPECT_EQ(Material(*again_a), material_a);
}

TEST(KeyStore, ReopeningWithAnotherRootKeyIsFailedPrecondition) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  store.Close();
  EXPECT_THAT(store.TryOpen(SecretKey::Generate()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // The refused attempt changed nothing: the right key still opens it.
  ASSERT_OK(store.TryOpen(store.root()));
  EXPECT_THAT(store->FindDataKey(id), IsOk());
}

TEST(KeyStore, SecondOpenOfAnOpenStoreIsRefused) {
  TestKeyStore store;
  InMemoryKeyProvider provider(store.root());
  KeyStoreOptions options;
  options.path = store.dir().string();
  EXPECT_THAT(KeyStore::Open(options, &provider), Not(IsOk()));
}

TEST(KeyStore, BadOptionsAreInvalidArgument) {
  InMemoryKeyProvider provider;
  KeyStoreOptions no_path;
  EXPECT_THAT(KeyStore::Open(no_path, &provider),
              StatusIs(absl::StatusCode::kInvalidArgument));
  TempDir dir("suivi-key-store-");
  KeyStoreOptions options;
  options.path = (dir.path() / "keys").string();
  EXPECT_THAT(KeyStore::Open(options, nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument));
  KeyStoreOptions no_clock = options;
  no_clock.clock = nullptr;
  EXPECT_THAT(KeyStore::Open(no_clock, &provider),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(KeyStore, DestroyedKeyIsDataLossAndSaysDestroyed) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string kept, store->CreateDataKey(kController));
  ASSERT_OK(store->FindDataKey(id).status());  // now cached
  ASSERT_OK(store->DestroyDataKey(id));

  absl::StatusOr<std::shared_ptr<const DataKey>> found = store->FindDataKey(id);
  EXPECT_THAT(found, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_TRUE(IsKeyDestroyed(found.status()));
  EXPECT_THAT(store->FindDataKey(kept), IsOk());

  store.Reopen();
  found = store->FindDataKey(id);
  EXPECT_THAT(found, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_TRUE(IsKeyDestroyed(found.status()));
  EXPECT_THAT(store->FindDataKey(kept), IsOk());
}

TEST(KeyStore, IsKeyDestroyedIsFalseForOtherErrors) {
  TestKeyStore store;
  EXPECT_FALSE(IsKeyDestroyed(absl::OkStatus()));
  EXPECT_FALSE(IsKeyDestroyed(absl::DataLossError("tampered")));
  EXPECT_FALSE(IsKeyDestroyed(store->FindDataKey("01hx7q3m9k2v8c4n6p0r5t1w3y").status()));
}

TEST(KeyStore, DestroyingTwiceIsOk) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  ASSERT_OK(store->DestroyDataKey(id));
  EXPECT_OK(store->DestroyDataKey(id));
  store.Reopen();
  EXPECT_OK(store->DestroyDataKey(id));
  EXPECT_TRUE(IsKeyDestroyed(store->FindDataKey(id).status()));
}

TEST(KeyStore, DestroyingAnUnknownIdIsNotFound) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  EXPECT_THAT(store->DestroyDataKey("01hx7q3m9k2v8c4n6p0r5t1w3y"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store->DestroyDataKey(""), StatusIs(absl::StatusCode::kNotFound));
}

TEST(KeyStore, DestroyedKeyIsInNoFileOfTheKeyStore) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string kept, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string record, store->StoredDataKeyRecordForTesting(id));
  ASSERT_GT(record.size(), kWrappedKeyBytes);
  const std::string wrapped = record.substr(record.size() - kWrappedKeyBytes);
  ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(id));
  const std::string material = Material(*key);

  // Control: the scan finds the wrapped key where RocksDB keeps it, first
  // in the write-ahead log, then (after reopening) in a table file.
  store.Close();
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), Not(IsEmpty()));
  store.Reopen();
  store.Close();
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), Not(IsEmpty()));
  EXPECT_THAT(FilesContaining(store.dir(), material), IsEmpty())
      << "key material written in clear";

  store.Open();
  ASSERT_OK(store->DestroyDataKey(id));
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), IsEmpty())
      << "still on disk when DestroyDataKey returned";
  store.Close();
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), IsEmpty());
  EXPECT_THAT(FilesContaining(store.dir(), record), IsEmpty());
  EXPECT_THAT(FilesContaining(store.dir(), material), IsEmpty());

  // The other key of the controller is untouched.
  store.Open();
  EXPECT_THAT(store->FindDataKey(kept), IsOk());
}

TEST(KeyStore, KeyCreatedAndDestroyedInOneSessionIsInNoFile) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string record, store->StoredDataKeyRecordForTesting(id));
  const std::string wrapped = record.substr(record.size() - kWrappedKeyBytes);
  // Control: CreateDataKey synced it to the write-ahead log.
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), Not(IsEmpty()));

  ASSERT_OK(store->DestroyDataKey(id));
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), IsEmpty());
  store.Close();
  EXPECT_THAT(FilesContaining(store.dir(), wrapped), IsEmpty());
}

TEST(KeyStore, DestructionDateComesFromTheClock) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  FakeClock clock(now);
  TestKeyStore store(&clock);
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  ASSERT_OK(store->DestroyDataKey(id));
  store.Close();

  // docs/formats/record-encryption.md: gone/<id> = u64 Unix seconds.
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), store.dir().string(), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), "gone/" + id, &value).ok());
  std::string expected;
  PutFixed64(&expected, 1'700'000'000);
  EXPECT_EQ(value, expected);
}

TEST(KeyStore, RotationKeepsEveryDataKeyAndRewrapsIt) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK(store->EnsureController(kOtherController));
  constexpr int kKeys = 5;
  std::vector<std::string> ids, materials, records;
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
    ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(id));
    ASSERT_OK_AND_ASSIGN(std::string record, store->StoredDataKeyRecordForTesting(id));
    ids.push_back(id);
    materials.push_back(Material(*key));
    records.push_back(record);
  }
  ASSERT_OK_AND_ASSIGN(std::string other, store->CreateDataKey(kOtherController));
  ASSERT_OK_AND_ASSIGN(std::string other_record,
                       store->StoredDataKeyRecordForTesting(other));
  ASSERT_OK_AND_ASSIGN(SecretKey blind, store->BlindIndexKey(kController));

  EXPECT_THAT(store->RotateControllerKey(kController), IsOkAndHolds(2u));
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(2u));
  EXPECT_THAT(store->ControllerKeyVersion(kOtherController), IsOkAndHolds(1u));
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string record,
                         store->StoredDataKeyRecordForTesting(ids[i]));
    EXPECT_NE(record, records[i]) << "key " << i << " not rewrapped";
    EXPECT_NE(record.substr(record.size() - kWrappedKeyBytes),
              records[i].substr(records[i].size() - kWrappedKeyBytes));
  }
  EXPECT_THAT(store->StoredDataKeyRecordForTesting(other),
              IsOkAndHolds(other_record));

  // From disk, not from the cache.
  store.Reopen();
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(2u));
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(ids[i]));
    EXPECT_EQ(Material(*key), materials[i]) << "key " << i;
    EXPECT_EQ(key->version, 1u);
    EXPECT_EQ(key->controller, kController);
  }
  EXPECT_THAT(store->FindDataKey(other), IsOk());
  ASSERT_OK_AND_ASSIGN(SecretKey blind_after, store->BlindIndexKey(kController));
  EXPECT_EQ(blind_after.view(), blind.view());
}

TEST(KeyStore, OldWrappingsLeaveTheFilesOnRotation) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string record, store->StoredDataKeyRecordForTesting(id));
  const std::string old_wrapping = record.substr(record.size() - kWrappedKeyBytes);
  store.Reopen();
  store.Close();
  ASSERT_THAT(FilesContaining(store.dir(), old_wrapping), Not(IsEmpty()));  // control

  store.Open();
  ASSERT_OK(store->RotateControllerKey(kController).status());
  store.Close();
  EXPECT_THAT(FilesContaining(store.dir(), old_wrapping), IsEmpty());
}

TEST(KeyStore, KeysCreatedAfterRotationUseTheNewVersion) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string before, store->CreateDataKey(kController));
  ASSERT_OK(store->RotateControllerKey(kController).status());
  ASSERT_OK_AND_ASSIGN(std::string after, store->CreateDataKey(kController));
  EXPECT_THAT(store->RotateControllerKey(kController), IsOkAndHolds(3u));
  store.Reopen();
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(3u));
  EXPECT_THAT(store->FindDataKey(before), IsOk());
  EXPECT_THAT(store->FindDataKey(after), IsOk());
}

TEST(KeyStore, RotationSkipsDestroyedKeys) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(std::string destroyed, store->CreateDataKey(kController));
  ASSERT_OK_AND_ASSIGN(std::string kept, store->CreateDataKey(kController));
  ASSERT_OK(store->DestroyDataKey(destroyed));
  EXPECT_THAT(store->RotateControllerKey(kController), IsOkAndHolds(2u));
  store.Reopen();
  EXPECT_TRUE(IsKeyDestroyed(store->FindDataKey(destroyed).status()));
  EXPECT_THAT(store->FindDataKey(kept), IsOk());
}

TEST(KeyStore, RotatingAControllerLeavesAControllerWhoseIdExtendsItAlone) {
  // Ids may contain '/', so one controller's id can be a path prefix of
  // another's.
  TestKeyStore store;
  ASSERT_OK(store->EnsureController("commune"));
  ASSERT_OK(store->EnsureController("commune/ccas"));
  ASSERT_OK_AND_ASSIGN(std::string parent_key, store->CreateDataKey("commune"));
  ASSERT_OK_AND_ASSIGN(std::string child_key, store->CreateDataKey("commune/ccas"));
  ASSERT_OK_AND_ASSIGN(std::string child_record,
                       store->StoredDataKeyRecordForTesting(child_key));

  EXPECT_THAT(store->RotateControllerKey("commune"), IsOkAndHolds(2u));
  EXPECT_THAT(store->ControllerKeyVersion("commune/ccas"), IsOkAndHolds(1u));
  EXPECT_THAT(store->StoredDataKeyRecordForTesting(child_key),
              IsOkAndHolds(child_record));
  store.Reopen();
  EXPECT_THAT(store->FindDataKey(parent_key), IsOk());
  EXPECT_THAT(store->FindDataKey(child_key), IsOk());
}

TEST(KeyStore, RotatingAnUnknownControllerIsNotFound) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  EXPECT_THAT(store->RotateControllerKey(kOtherController),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store->ControllerKeyVersion(kController), IsOkAndHolds(1u));
}

TEST(KeyStore, BlindIndexKeySurvivesReopening) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(SecretKey before, store->BlindIndexKey(kController));
  store.Reopen();
  ASSERT_OK_AND_ASSIGN(SecretKey after, store->BlindIndexKey(kController));
  EXPECT_EQ(before.view(), after.view());
}

TEST(KeyStore, BlindIndexKeysDifferBetweenControllers) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK(store->EnsureController(kOtherController));
  ASSERT_OK_AND_ASSIGN(SecretKey a, store->BlindIndexKey(kController));
  ASSERT_OK_AND_ASSIGN(SecretKey b, store->BlindIndexKey(kOtherController));
  EXPECT_NE(a.view(), b.view());
}

TEST(KeyStore, BlindIndexKeyIsNoneOfTheDataKeys) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK_AND_ASSIGN(SecretKey blind, store->BlindIndexKey(kController));
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
    ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(id));
    EXPECT_NE(Material(*key), std::string(blind.view()));
  }
}

TEST(KeyStore, SmallCacheStillFindsEveryKey) {
  TestKeyStore store;
  store.Close();
  ASSERT_OK(store.TryOpen(store.root(), /*cache_capacity=*/2));
  ASSERT_OK(store->EnsureController(kController));
  std::vector<std::string> ids, materials;
  for (int i = 0; i < 7; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string id, store->CreateDataKey(kController));
    ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(id));
    ids.push_back(id);
    materials.push_back(Material(*key));
  }
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < ids.size(); ++i) {
      ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(ids[i]));
      EXPECT_EQ(key->id, ids[i]);
      EXPECT_EQ(Material(*key), materials[i]);
    }
  }
}

TEST(KeyStore, ConcurrentCreatesAndFindsGiveDistinctFindableKeys) {
  TestKeyStore store;
  ASSERT_OK(store->EnsureController(kController));
  ASSERT_OK(store->EnsureController(kOtherController));
  constexpr int kThreads = 8;
  constexpr int kKeysPerThread = 50;
  struct Created {
    std::string id;
    std::string controller;
    std::string material;
  };
  std::vector<std::vector<Created>> created(kThreads);
  std::vector<std::vector<std::string>> errors(kThreads);
  std::vector<std::thread> threads;
  KeyStore* keys = store.operator->();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([keys, t, &created, &errors] {
      const std::string controller = t % 2 == 0 ? kController : kOtherController;
      for (int i = 0; i < kKeysPerThread; ++i) {
        absl::StatusOr<std::string> id = keys->CreateDataKey(controller);
        if (!id.ok()) {
          errors[t].push_back(id.status().ToString());
          continue;
        }
        absl::StatusOr<std::shared_ptr<const DataKey>> key = keys->FindDataKey(*id);
        if (!key.ok()) {
          errors[t].push_back(key.status().ToString());
          continue;
        }
        if ((*key)->id != *id || (*key)->controller != controller) {
          errors[t].push_back(absl::StrCat("wrong key for ", *id));
        }
        created[t].push_back({*id, controller, Material(**key)});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<std::string> ids, materials;
  size_t total = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_THAT(errors[t], IsEmpty()) << "thread " << t;
    for (const Created& c : created[t]) {
      ids.insert(c.id);
      materials.insert(c.material);
      ++total;
    }
  }
  EXPECT_EQ(total, static_cast<size_t>(kThreads * kKeysPerThread));
  EXPECT_EQ(ids.size(), total);
  EXPECT_EQ(materials.size(), total);

  // Every key is on disk, not only in the cache.
  store.Reopen();
  for (int t = 0; t < kThreads; ++t) {
    for (const Created& c : created[t]) {
      ASSERT_OK_AND_ASSIGN(auto key, store->FindDataKey(c.id));
      EXPECT_EQ(key->controller, c.controller);
      EXPECT_EQ(Material(*key), c.material);
    }
  }
}

}  // namespace
}  // namespace suivi::crypto
