// Tampering with the audit log's files or records, and stores that fail
// under it: Verify names the first bad record, appends fail closed.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/audit/audit_log.h"
#include "core/audit/audit_log_test_fixture.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"

namespace suivi::audit {
namespace {

using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

// A log of 10 records, the head exported when it had 10 and the sealed
// head record as it was at 7, kept aside by whoever tampers.
struct Tampered {
  TestLog log;
  AuditHead exported;
  std::string sealed_head_at_7;
};

struct Tampering {
  const char* name;
  std::function<void(Tampered&)> edit;
  uint64_t first_bad;
  // Undetectable without a head kept outside the data dir.
  bool needs_exported_head = false;
};

void DeleteTail(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
  for (uint64_t s = 8; s <= 10; ++s) RawDelete(db, audit, ChainKey(s));
}

const Tampering kTamperings[] = {
    {"record replaced by another record sealed validly under its key",
     [](Tampered& t) {
       t.log.RewriteSealed(ChainKey(5), t.log.Records(3)[0].SerializeAsString());
     }, 5},
    {"record rewritten consistently with the one before it",
     [](Tampered& t) {
       v1::AuditRecord forged = t.log.Records(5)[0];
       forged.mutable_decisions(0)->set_allowed(false);
       t.log.RewriteSealed(ChainKey(5), forged.SerializeAsString());
     }, 6},
    {"last record rewritten consistently",
     [](Tampered& t) {
       v1::AuditRecord forged = t.log.Records(10)[0];
       forged.set_user_id("u-autre");
       t.log.RewriteSealed(ChainKey(10), forged.SerializeAsString());
     }, 10},
    {"sealed value of another record copied over a record",
     [](Tampered& t) {
       t.log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
         RawPut(db, audit, ChainKey(5), RawGet(db, audit, ChainKey(3)));
       });
     }, 5},
    {"record 0 slipped in before the first",
     [](Tampered& t) {
       t.log.RewriteSealed(ChainKey(0), t.log.Records(1)[0].SerializeAsString());
     }, 1},
    {"first record deleted",
     [](Tampered& t) {
       t.log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
         RawDelete(db, audit, ChainKey(1));
       });
     }, 1},
    {"record deleted in the middle",
     [](Tampered& t) {
       t.log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
         RawDelete(db, audit, ChainKey(5));
       });
     }, 5},
    {"tail truncated, head kept",
     [](Tampered& t) { t.log.EditRaw(DeleteTail); }, 8},
    {"tail and head truncated",
     [](Tampered& t) {
       t.log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
         DeleteTail(db, audit);
         RawDelete(db, audit, HeadKey());
       });
     }, 8},
    {"head replaced by another sealed value",
     [](Tampered& t) {
       t.log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
         RawPut(db, audit, HeadKey(), RawGet(db, audit, ChainKey(10)));
       });
     }, 11},
    {"tail truncated and head rolled back to an older copy",
     [](Tampered& t) {
       t.log.EditRaw([&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
         DeleteTail(db, audit);
         RawPut(db, audit, HeadKey(), t.sealed_head_at_7);
       });
     }, 8, /*needs_exported_head=*/true},
    {"exported head from another history",
     [](Tampered& t) {
       t.exported = AuditHead{9, std::string(kHashBytes, 'x')};
     }, 9, /*needs_exported_head=*/true},
};

TEST(AuditLog, TamperingIsDetectedAndTheFirstBadRecordNamed) {
  for (const Tampering& tampering : kTamperings) {
    SCOPED_TRACE(tampering.name);
    Tampered t;
    t.log.AppendReads(7);
    t.log.EditRaw([&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
      t.sealed_head_at_7 = RawGet(db, audit, HeadKey());
    });
    t.log.AppendReads(3);
    ASSERT_OK_AND_ASSIGN(t.exported, t.log->Head());
    ASSERT_OK(t.log->Verify(t.exported));
    tampering.edit(t);

    const absl::StatusOr<VerifyReport> plain = t.log->Verify();
    const absl::StatusOr<VerifyReport> anchored = t.log->Verify(t.exported);
    const auto names_first_bad = StatusIs(
        absl::StatusCode::kDataLoss,
        HasSubstr(absl::StrCat("enregistrement ", tampering.first_bad, " ")));
    if (tampering.needs_exported_head) {
      EXPECT_OK(plain);
    } else {
      EXPECT_THAT(plain, names_first_bad);
      EXPECT_THAT(FirstBadSequence(plain.status()), Optional(tampering.first_bad));
    }
    EXPECT_THAT(anchored, names_first_bad);
    EXPECT_THAT(FirstBadSequence(anchored.status()), Optional(tampering.first_bad));
  }
}

TEST(AuditLog, ScanReportsAMissingRecord) {
  TestLog log;
  log.AppendReads(6);
  log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    RawDelete(db, audit, ChainKey(4));
  });
  std::vector<uint64_t> seen;
  const absl::Status status = log->Scan(2, [&](const v1::AuditRecord& record) {
    seen.push_back(record.sequence());
    return true;
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(FirstBadSequence(status), Optional(4u));
  EXPECT_THAT(seen, ElementsAre(2, 3));
}

TEST(AuditLog, AnUnreadableHeadFailsAppendsClosedAndWritesNothing) {
  TestLog log;
  log.AppendReads(2);
  log.EditRaw([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    RawPut(db, audit, HeadKey(), "pas une valeur scellée");
  });
  EXPECT_THAT(log->AppendAndWait(ReadRecord("r3")),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("journal d'audit indisponible")));
  EXPECT_THAT(log.store().Execute([&](const store::StoreView& view, store::WriteSet* writes) {
    writes->Put(CaseKey("c1"), log.case_key(), "état: clos");
    return log->AppendTo(view, writes, ReadRecord("c1"));
  }), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(log.store().Get(CaseKey("c1")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(log->Scan(1, [](const v1::AuditRecord&) { return true; }),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(log->Head(), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(AuditLog, AFailingDiskMakesAppendUnavailable) {
  TestLog log;
  auto file_system = std::make_shared<FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(file_system);
  log.Close();
  log.Open(env.get());
  log.AppendReads(2);
  file_system->FailWrites();
  absl::Status async;
  absl::Notification done;
  log->Append(ReadRecord("r3"), [&](absl::Status status) {
    async = status;
    done.Notify();
  });
  done.WaitForNotification();
  EXPECT_THAT(async, StatusIs(absl::StatusCode::kUnavailable,
                              HasSubstr("journal d'audit indisponible : ")));
  EXPECT_THAT(log->AppendAndWait(ReadRecord("r4")),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("journal d'audit indisponible : ")));
  log.Close();
  log.Open();  // the disk is repaired
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log->Verify());
  EXPECT_EQ(report.head.sequence, 2u);
}

}  // namespace
}  // namespace suivi::audit
