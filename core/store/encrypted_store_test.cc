#include "core/store/encrypted_store.h"
#include "core/store/failing_file_system.h"
#include "core/store/store_test_fixture.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/common/files.h"
#include "core/common/ids.h"
#include "core/common/rocksdb_util.h"
#include "core/common/status_matchers.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace suivi::store {
namespace {

namespace fs = std::filesystem;
using crypto::FieldClass;
using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr char kTerritory[] = "ame";
// The controller of TestStore's data key.
constexpr char kController[] = "commune-montargis";

RecordKey PersonKey(std::string entity, FieldClass field_class = FieldClass::kIdentite,
                    std::string territory = kTerritory) {
  return RecordKey{"persons", std::move(territory), std::move(entity), field_class};
}

// True if any file under `dir` contains `needle`.
bool AnyFileContains(const fs::path& dir, absl::string_view needle) {
  return !FilesContaining(dir, needle).empty();
}

TEST(EncryptedStore, ReturnsWhatWasPut) {
  TestStore store;
  ASSERT_OK(store.Put(PersonKey("person/p1"), "Lucas M."));
  EXPECT_THAT(store->Get(PersonKey("person/p1")), IsOkAndHolds("Lucas M."));
}

TEST(EncryptedStore, DataDirAndKeyDirAreCreatedForTheirOwnerOnly) {
  TestStore store;
  for (const fs::path& dir : {store.data_dir(), store.key_dir()}) {
    EXPECT_EQ(fs::status(dir).permissions(), fs::perms::owner_all) << dir;
  }
}

TEST(EncryptedStore, AbsentRecordIsNotFound) {
  TestStore store;
  EXPECT_THAT(store->Get(PersonKey("person/none")),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(EncryptedStore, InvalidKeyOrUnknownFamilyIsInvalidArgument) {
  TestStore store;
  EXPECT_THAT(store->Get(PersonKey("Lucas Martin")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store->Get(RecordKey{"inconnue", kTerritory, "p1", FieldClass::kIdentite}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store.Put(PersonKey("Lucas Martin"), "x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(EncryptedStore, EachFieldClassIsItsOwnRecord) {
  TestStore store;
  ASSERT_OK(store.Put(PersonKey("person/p1", FieldClass::kIdentite), "Lucas M."));
  ASSERT_OK(store.Put(PersonKey("person/p1", FieldClass::kCoordonnees), "12 rue"));
  EXPECT_THAT(store->Get(PersonKey("person/p1", FieldClass::kIdentite)),
              IsOkAndHolds("Lucas M."));
  EXPECT_THAT(store->Get(PersonKey("person/p1", FieldClass::kCoordonnees)),
              IsOkAndHolds("12 rue"));
  EXPECT_THAT(store->Get(PersonKey("person/p1", FieldClass::kFaits)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(EncryptedStore, AFlippedByteAnywhereIsDataLoss) {
  TestStore store;
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(key, "Lucas M., né le 2012-03-04"));
  std::string sealed;
  store.EditRaw([&](rocksdb::DB* db, auto& families) {
    sealed = RawGet(db, families["persons"], key);
  });
  ASSERT_GT(sealed.size(), 40u);
  for (size_t position = 0; position < sealed.size(); ++position) {
    store.EditRaw([&](rocksdb::DB* db, auto& families) {
      std::string tampered = sealed;
      tampered[position] ^= 0x01;
      ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), families["persons"],
                          key.Encode(), tampered).ok());
    });
    EXPECT_THAT(store->Get(key), StatusIs(absl::StatusCode::kDataLoss))
        << "byte " << position;
  }
}

TEST(EncryptedStore, ATruncatedValueIsDataLoss) {
  TestStore store;
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(key, "Lucas M."));
  store.EditRaw([&](rocksdb::DB* db, auto& families) {
    std::string sealed = RawGet(db, families["persons"], key);
    for (size_t length : {size_t{0}, size_t{1}, size_t{10}, sealed.size() - 1}) {
      ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), families["persons"],
                          PersonKey(absl::StrCat("person/t", length)).Encode(),
                          sealed.substr(0, length)).ok());
    }
  });
  for (int length : {0, 1, 10}) {
    EXPECT_THAT(store->Get(PersonKey(absl::StrCat("person/t", length))),
                StatusIs(absl::StatusCode::kDataLoss));
  }
}

// Copies the sealed value of `from` under `to` in the raw files.
void MoveRaw(TestStore& store, const RecordKey& from, const RecordKey& to) {
  store.EditRaw([&](rocksdb::DB* db, auto& families) {
    const std::string sealed = RawGet(db, families[from.family], from);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), families[to.family],
                        to.Encode(), sealed).ok());
  });
}

TEST(EncryptedStore, AValueMovedElsewhereIsDataLoss) {
  const RecordKey from = PersonKey("person/p1", FieldClass::kIdentite);
  const RecordKey destinations[] = {
      PersonKey("person/p2", FieldClass::kIdentite),            // another key
      PersonKey("person/p1", FieldClass::kIdentite, "belfort"),  // territory
      PersonKey("person/p1", FieldClass::kScolaire),             // field class
      RecordKey{"cases", kTerritory, "person/p1", FieldClass::kIdentite},  // family
  };
  for (const RecordKey& to : destinations) {
    TestStore store;
    ASSERT_OK(store.Put(from, "Lucas M."));
    MoveRaw(store, from, to);
    EXPECT_THAT(store->Get(to), StatusIs(absl::StatusCode::kDataLoss))
        << to.family << " " << to.territory << " " << to.entity;
    EXPECT_THAT(store->Get(from), IsOkAndHolds("Lucas M."));
  }
}

TEST(EncryptedStore, AValueSealedUnderAnotherOwnersKeyIsDataLoss) {
  TestStore store;
  ASSERT_OK_AND_ASSIGN(std::string other_key, store.keys().CreateDataKey(kController));
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(key, "Lucas M."));
  std::string sealed;
  store.EditRaw([&](rocksdb::DB* db, auto& families) {
    sealed = RawGet(db, families["persons"], key);
    // Relabel the header with the other key's id (same length).
    ASSERT_EQ(other_key.size(), store.key_id().size());
    std::string relabelled = sealed;
    relabelled.replace(2, other_key.size(), other_key);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), families["persons"],
                        key.Encode(), relabelled).ok());
  });
  EXPECT_THAT(store->Get(key), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(EncryptedStore, DataOpenedWithAnotherKeyStoreIsDataLoss) {
  TestStore store;
  TestStore stranger;  // its own key store, root key and data keys
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(key, "Lucas M."));
  store.Close();
  stranger.Close();
  stranger.Open(store.data_dir());
  EXPECT_THAT(stranger->Get(key), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(EncryptedStore, DataAndKeysSurviveARestart) {
  const TempDir dir("suivi-restart-");
  const fs::path root = dir.path();
  fs::create_directories(root / "keys");
  const RecordKey key = PersonKey("person/p1");
  for (int run = 0; run < 2; ++run) {
    ASSERT_OK_AND_ASSIGN(auto provider, crypto::LocalFileKeyProvider::Open(
                                            (root / "keys" / "root.key").string()));
    crypto::KeyStoreOptions key_options;
    key_options.path = (root / "keys" / "store").string();
    ASSERT_OK_AND_ASSIGN(auto keys, crypto::KeyStore::Open(key_options, provider.get()));
    StoreOptions options;
    options.path = (root / "data").string();
    options.column_families = {"persons"};
    ASSERT_OK_AND_ASSIGN(auto store, EncryptedStore::Open(options, keys.get()));
    if (run == 0) {
      ASSERT_OK(keys->EnsureController(kController));
      ASSERT_OK_AND_ASSIGN(std::string key_id, keys->CreateDataKey(kController));
      ASSERT_OK(store->Execute([&](const StoreView&, WriteSet* writes) {
        writes->Put(key, key_id, "Lucas M.");
        return absl::OkStatus();
      }));
    } else {
      EXPECT_THAT(store->Get(key), IsOkAndHolds("Lucas M."));
    }
  }
}

TEST(EncryptedStore, ConcurrentCommandsOnOneKeyLoseNoUpdate) {
  TestStore store;
  const RecordKey counter = PersonKey("counter", FieldClass::kAdministratif);
  ASSERT_OK(store.Put(counter, "0"));
  constexpr int kThreads = 16;
  constexpr int kIncrements = 200;
  const auto increment = [&](const StoreView& view, WriteSet* writes) -> absl::Status {
    ASSIGN_OR_RETURN(std::string value, view.Get(counter));
    int n = 0;
    if (!absl::SimpleAtoi(value, &n)) return absl::InternalError("not a number");
    writes->Put(counter, store.key_id(), absl::StrCat(n + 1));
    return absl::OkStatus();
  };
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        if (!store->Execute(increment).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_THAT(store->Get(counter), IsOkAndHolds(absl::StrCat(kThreads * kIncrements)));
}

TEST(EncryptedStore, ACommandSeesTheWritesOfEarlierCommandsOfItsGroup) {
  TestStore store;
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(PersonKey("person/p0"), "gone soon"));
  const uint64_t groups_before = store->queue_stats().groups;
  absl::StatusOr<std::string> seen_by_second;
  std::vector<std::string> scanned;
  absl::Notification first_done, second_done;
  {
    WriterHold hold(store.get());
    store->Submit([&](const StoreView&, WriteSet* writes) {
      writes->Put(key, store.key_id(), "Lucas M.");
      writes->Delete(PersonKey("person/p0"));
      return absl::OkStatus();
    }, [&](absl::Status s) { EXPECT_OK(s); first_done.Notify(); });
    store->Submit([&](const StoreView& view, WriteSet*) {
      seen_by_second = view.Get(key);
      return view.Scan("persons", kTerritory, "person/",
                       [&](const RecordKey& k, absl::StatusOr<std::string> v) {
                         scanned.push_back(k.entity + "=" + v.value_or("?"));
                         return true;
                       });
    }, [&](absl::Status s) { EXPECT_OK(s); second_done.Notify(); });
  }
  first_done.WaitForNotification();
  second_done.WaitForNotification();
  EXPECT_THAT(seen_by_second, IsOkAndHolds("Lucas M."));
  EXPECT_THAT(scanned, ElementsAre("person/p1=Lucas M."));
  // The hold, then both commands in one group.
  EXPECT_EQ(store->queue_stats().groups - groups_before, 2u);
}

TEST(EncryptedStore, AFailedCommandWritesNothingAndSparesItsGroup) {
  TestStore store;
  absl::Status failed, invalid, good;
  absl::Notification all_done;
  {
    WriterHold hold(store.get());
    store->Submit([&](const StoreView&, WriteSet* writes) {
      writes->Put(PersonKey("person/a"), store.key_id(), "a");
      return absl::FailedPreconditionError("règle métier");
    }, [&](absl::Status s) { failed = s; });
    store->Submit([&](const StoreView&, WriteSet* writes) {
      writes->Put(PersonKey("person/b"), store.key_id(), "b");
      writes->Put(PersonKey("pas valide"), store.key_id(), "b2");
      return absl::OkStatus();
    }, [&](absl::Status s) { invalid = s; });
    store->Submit([&](const StoreView&, WriteSet* writes) {
      writes->Put(PersonKey("person/c"), store.key_id(), "c");
      return absl::OkStatus();
    }, [&](absl::Status s) { good = s; all_done.Notify(); });
  }
  all_done.WaitForNotification();
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kFailedPrecondition, "règle métier"));
  EXPECT_THAT(invalid, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_OK(good);
  EXPECT_THAT(store->Get(PersonKey("person/a")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store->Get(PersonKey("person/b")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store->Get(PersonKey("person/c")), IsOkAndHolds("c"));
}

TEST(EncryptedStore, AFailedDiskWriteFailsTheWholeGroupAndLosesNothingWritten) {
  auto file_system = std::make_shared<FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(file_system);
  TestStore store;  // destroyed before `env`
  const auto put = [&](const RecordKey& key, std::string value) -> Command {
    return [&store, key, value](const StoreView&, WriteSet* writes) {
      writes->Put(key, store.key_id(), value);
      return absl::OkStatus();
    };
  };

  store.Close();
  store.Open(store.data_dir(), env.get());
  ASSERT_OK(store->Execute(put(PersonKey("person/a"), "avant la panne")));
  absl::Status b, c;
  absl::Notification c_done;
  {
    WriterHold hold(store.get());
    file_system->FailWrites();
    store->Submit(put(PersonKey("person/b"), "b"), [&](absl::Status s) { b = s; });
    store->Submit(put(PersonKey("person/c"), "c"), [&](absl::Status s) {
      c = s;
      c_done.Notify();
    });
  }
  c_done.WaitForNotification();
  EXPECT_THAT(b, StatusIs(absl::StatusCode::kUnavailable, ::testing::HasSubstr("rien")));
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kUnavailable));
  // Fail closed: the store refuses later writes rather than guess.
  EXPECT_THAT(store->Execute(put(PersonKey("person/d"), "d")),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(store->Get(PersonKey("person/a")), IsOkAndHolds("avant la panne"));
  EXPECT_THAT(store->Get(PersonKey("person/b")), StatusIs(absl::StatusCode::kNotFound));
  store.Close();
  store.Open();  // the disk is repaired
  EXPECT_THAT(store->Get(PersonKey("person/a")), IsOkAndHolds("avant la panne"));
  for (const char* lost : {"person/b", "person/c", "person/d"}) {
    EXPECT_THAT(store->Get(PersonKey(lost)), StatusIs(absl::StatusCode::kNotFound))
        << lost;
  }
}

TEST(EncryptedStore, AWriteUnderAnUnknownKeyIsRefused) {
  TestStore store;
  EXPECT_THAT(store.Put(PersonKey("person/p1"), "nokey000000000000000000000", "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(store->Get(PersonKey("person/p1")), StatusIs(absl::StatusCode::kNotFound));
}

TEST(EncryptedStore, ScanListsAPrefixInKeyOrderWithEachValue) {
  TestStore store;
  for (const char* entity : {"case/2/event/1", "case/1/event/2", "case/1/event/1",
                             "case/12/event/1"}) {
    ASSERT_OK(store.Put(RecordKey{"cases", kTerritory, entity, FieldClass::kFaits},
                        entity));
  }
  ASSERT_OK(store.Put(RecordKey{"cases", "belfort", "case/1/event/9", FieldClass::kFaits},
                      "ailleurs"));
  std::vector<std::pair<std::string, std::string>> seen;
  ASSERT_OK(store->Scan("cases", kTerritory, "case/1/",
                        [&](const RecordKey& key, absl::StatusOr<std::string> value) {
                          seen.emplace_back(key.entity, value.value_or("?"));
                          return true;
                        }));
  EXPECT_THAT(seen, ElementsAre(Pair("case/1/event/1", "case/1/event/1"),
                                Pair("case/1/event/2", "case/1/event/2")));
}

TEST(EncryptedStore, ScanStopsWhenTheVisitorSaysSo) {
  TestStore store;
  for (int i = 0; i < 5; ++i) ASSERT_OK(store.Put(PersonKey(absl::StrCat("person/", i)), "x"));
  int visited = 0;
  ASSERT_OK(store->Scan("persons", kTerritory, "",
                        [&](const RecordKey&, absl::StatusOr<std::string>) {
                          return ++visited < 2;
                        }));
  EXPECT_EQ(visited, 2);
}

TEST(EncryptedStore, ADestroyedKeyLeavesEveryCopyOfTheDataDirUnreadable) {
  TestStore store;
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(key, "Lucas M."));
  ASSERT_OK_AND_ASSIGN(std::string survivor_key, store.keys().CreateDataKey(kController));
  ASSERT_OK(store.Put(PersonKey("person/p2"), survivor_key, "Inès T."));
  store.Close();
  const fs::path backup = store.data_dir().string() + "-backup";
  fs::copy(store.data_dir(), backup, fs::copy_options::recursive);
  store.Open();

  ASSERT_OK(store.keys().DestroyDataKey(store.key_id()));
  absl::Status status = store->Get(key).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_TRUE(crypto::IsKeyDestroyed(status)) << status;
  EXPECT_THAT(store.Put(key, "réécriture"), StatusIs(absl::StatusCode::kFailedPrecondition));

  store.Close();
  store.CloseKeys();
  store.OpenKeys();  // the destruction is durable
  store.Open(backup);
  status = store->Get(key).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_TRUE(crypto::IsKeyDestroyed(status)) << status;
  EXPECT_THAT(store->Get(PersonKey("person/p2")), IsOkAndHolds("Inès T."));
}

TEST(EncryptedStore, RotatingTheControllerKeyRewritesNoRecord) {
  TestStore store;
  const RecordKey key = PersonKey("person/p1");
  ASSERT_OK(store.Put(key, "Lucas M."));
  std::string sealed_before, sealed_after;
  store.EditRaw([&](rocksdb::DB* db, auto& families) {
    sealed_before = RawGet(db, families["persons"], key);
  });
  ASSERT_THAT(store.keys().RotateControllerKey(kController), IsOkAndHolds(2u));
  store.Close();
  store.CloseKeys();
  store.OpenKeys();  // nothing cached: the rewrapped data key is read from disk
  store.Open();
  EXPECT_THAT(store->Get(key), IsOkAndHolds("Lucas M."));
  store.EditRaw([&](rocksdb::DB* db, auto& families) {
    sealed_after = RawGet(db, families["persons"], key);
  });
  EXPECT_EQ(sealed_after, sealed_before);
  ASSERT_OK(store.Put(PersonKey("person/p2"), "Inès T."));
  EXPECT_THAT(store->Get(PersonKey("person/p2")), IsOkAndHolds("Inès T."));
}

TEST(EncryptedStore, NothingReadableIsLeftInTheDataDir) {
  TestStore store;
  const std::string name = "Zébulon Quintavalle-Ardouin";
  ASSERT_OK(store.Put(PersonKey("person/p1"), name));
  ASSERT_OK(store.Put(PersonKey("person/p1", FieldClass::kCoordonnees),
                      "7 impasse des Quintavalle"));
  ASSERT_OK_AND_ASSIGN(auto data_key, store.keys().FindDataKey(store.key_id()));
  const std::string key_material(data_key->key.view());
  // Once in the WAL and memtable, once flushed to a table file.
  for (int pass = 0; pass < 2; ++pass) {
    store.Close();
    EXPECT_TRUE(AnyFileContains(store.data_dir(), "person/p1"))
        << "control: the scan must see the store's keys";
    EXPECT_FALSE(AnyFileContains(store.data_dir(), "Zébulon"));
    EXPECT_FALSE(AnyFileContains(store.data_dir(), "Quintavalle"));
    EXPECT_FALSE(AnyFileContains(store.data_dir(), key_material));
    store.Open();
    store.EditRaw([](rocksdb::DB* db, auto& families) {
      ASSERT_TRUE(db->Flush(rocksdb::FlushOptions(), families["persons"]).ok());
    });
  }
}

}  // namespace
}  // namespace suivi::store
