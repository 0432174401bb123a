#include "core/audit/audit_log.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/audit/audit_log_test_fixture.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::audit {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AuditLog, AnEmptyLogHasAnEmptyHeadAndVerifies) {
  TestLog log;
  EXPECT_THAT(log->Head(), IsOkAndHolds(AuditHead{}));
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log->Verify());
  EXPECT_EQ(report.head, AuditHead{});
  EXPECT_TRUE(log.Records().empty());
}

TEST(AuditLog, RecordsAreNumberedTimedAndChained) {
  TestLog log;
  log.AppendReads(4);
  const std::vector<v1::AuditRecord> records = log.Records();
  ASSERT_EQ(records.size(), 4u);
  std::string previous(kHashBytes, '\0');
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].sequence(), i + 1);
    EXPECT_EQ(records[i].request_id(), absl::StrCat("r", i + 1));
    EXPECT_EQ(records[i].recorded_at_unix_micros(),
              absl::ToUnixMicros(kStart + absl::Seconds(i + 1)));
    EXPECT_EQ(records[i].previous_hash(), previous) << "record " << i + 1;
    previous = Sha256(previous + records[i].SerializeAsString());
  }
  EXPECT_THAT(log->Head(), IsOkAndHolds(AuditHead{4, previous}));
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log->Verify());
  EXPECT_EQ(report.head, (AuditHead{4, previous}));
  EXPECT_EQ(report.first_recorded_at, kStart + absl::Seconds(1));
  EXPECT_EQ(report.last_recorded_at, kStart + absl::Seconds(4));
}

TEST(AuditLog, WhatTheCallerPutInTheLogsFieldsIsReplaced) {
  TestLog log;
  v1::AuditRecord record = ReadRecord("r1");
  record.set_sequence(99);
  record.set_previous_hash("forged");
  record.set_recorded_at_unix_micros(1);
  ASSERT_OK(log->AppendAndWait(record));
  const std::vector<v1::AuditRecord> records = log.Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sequence(), 1u);
  EXPECT_EQ(records[0].previous_hash(), std::string(kHashBytes, '\0'));
  EXPECT_EQ(records[0].recorded_at_unix_micros(), absl::ToUnixMicros(kStart));
  EXPECT_OK(log->Verify());
}

TEST(AuditLog, ScanStartsAtTheSequenceAskedForAndStopsWhenTold) {
  TestLog log;
  log.AppendReads(123);  // crosses one- and two-digit boundaries
  for (uint64_t from : {0, 1, 9, 10, 11, 99, 100, 120, 123, 124, 1000}) {
    const std::vector<v1::AuditRecord> records = log.Records(from);
    const uint64_t first = std::max<uint64_t>(from, 1);
    ASSERT_EQ(records.size(), first > 123 ? 0 : 124 - first) << "from " << from;
    for (size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].sequence(), first + i) << "from " << from;
    }
  }
  std::vector<uint64_t> seen;
  ASSERT_OK(log->Scan(98, [&](const v1::AuditRecord& record) {
    seen.push_back(record.sequence());
    return seen.size() < 3;
  }));
  EXPECT_THAT(seen, ElementsAre(98, 99, 100));
}

TEST(AuditLog, ARecordAppendedInACommandIsWrittenWithItsChangeOrNotAtAll) {
  TestLog log;
  const auto transition = [&](absl::string_view id, absl::Status outcome) {
    return [&log, id, outcome](const store::StoreView& view,
                               store::WriteSet* writes) -> absl::Status {
      writes->Put(CaseKey(id), log.case_key(), "état: convoqué");
      RETURN_IF_ERROR(log->AppendTo(view, writes, ReadRecord(id)));
      return outcome;
    };
  };
  ASSERT_OK(log.store().Execute(transition("c1", absl::OkStatus())));
  EXPECT_THAT(log.store().Execute(transition("c2", absl::AbortedError("version périmée"))),
              StatusIs(absl::StatusCode::kAborted));
  // The record is appended, then a later write of the command is refused.
  EXPECT_THAT(log.store().Execute([&](const store::StoreView& view, store::WriteSet* writes) {
    RETURN_IF_ERROR(log->AppendTo(view, writes, ReadRecord("c3")));
    writes->Put(CaseKey("c3"), "nokey000000000000000000000", "x");
    return absl::OkStatus();
  }), StatusIs(absl::StatusCode::kFailedPrecondition));

  EXPECT_THAT(log.store().Get(CaseKey("c1")), IsOkAndHolds("état: convoqué"));
  EXPECT_THAT(log.store().Get(CaseKey("c2")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(log.store().Get(CaseKey("c3")), StatusIs(absl::StatusCode::kNotFound));
  const std::vector<v1::AuditRecord> records = log.Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].request_id(), "c1");
  EXPECT_OK(log->Verify());
}

TEST(AuditLog, RecordsOfOneGroupAreChainedInCommitOrder) {
  TestLog log;
  log.AppendReads(1);
  const uint64_t groups_before = log.store().queue_stats().groups;
  std::vector<absl::Status> outcomes(4);
  absl::Notification last_done;
  {
    WriterHold hold(&log.store());
    const char* ids[] = {"g1", "g2", "g3", "g4"};
    for (int i = 0; i < 4; ++i) {
      log.store().Submit(
          [&log, id = ids[i], fail = i == 1](const store::StoreView& view,
                                             store::WriteSet* writes) -> absl::Status {
            RETURN_IF_ERROR(log->AppendTo(view, writes, ReadRecord(id)));
            if (fail) return absl::FailedPreconditionError("garde non satisfaite");
            return absl::OkStatus();
          },
          [&, i](absl::Status status) {
            outcomes[i] = status;
            if (i == 3) last_done.Notify();
          });
    }
  }
  last_done.WaitForNotification();
  EXPECT_EQ(log.store().queue_stats().groups - groups_before, 2u);  // hold, then one group
  EXPECT_THAT(outcomes[1], StatusIs(absl::StatusCode::kFailedPrecondition));
  std::vector<std::string> request_ids;
  for (const v1::AuditRecord& record : log.Records()) {
    request_ids.push_back(record.request_id());
  }
  EXPECT_THAT(request_ids, ElementsAre("r1", "g1", "g3", "g4"));
  EXPECT_THAT(log->Head(), IsOkAndHolds(::testing::Field(&AuditHead::sequence, 4u)));
  EXPECT_OK(log->Verify());
}

TEST(AuditLog, TheItemsOfABatchAreChainedInOrderInOneCommand) {
  TestLog log;
  std::vector<v1::AuditRecord> items;
  for (int i = 0; i < 3; ++i) {
    items.push_back(ReadRecord(absl::StrCat("lot-", i)));
    items.back().set_batch_item(i);
  }
  ASSERT_OK(log.store().Execute([&](const store::StoreView& view, store::WriteSet* writes) {
    return log->AppendTo(view, writes, std::move(items));
  }));
  const std::vector<v1::AuditRecord> records = log.Records();
  ASSERT_EQ(records.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(records[i].sequence(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(records[i].batch_item(), i);
  }
  EXPECT_OK(log->Verify());
}

TEST(AuditLog, ConcurrentAppendsMakeOneGapFreeChain) {
  TestLog log;
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!log->AppendAndWait(ReadRecord(absl::StrCat(t, "-", i))).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log->Verify());
  EXPECT_EQ(report.head.sequence, uint64_t{kThreads * kPerThread});
  // Each thread's records, in the order it appended them.
  std::map<std::string, std::vector<std::string>> by_thread;
  for (const v1::AuditRecord& record : log.Records()) {
    const std::string& id = record.request_id();
    by_thread[id.substr(0, id.find('-'))].push_back(id);
  }
  ASSERT_EQ(by_thread.size(), size_t{kThreads});
  for (const auto& [thread, ids] : by_thread) {
    ASSERT_EQ(ids.size(), size_t{kPerThread});
    for (int i = 0; i < kPerThread; ++i) EXPECT_EQ(ids[i], absl::StrCat(thread, "-", i));
  }
}

TEST(AuditLog, TheChainContinuesAfterARestart) {
  TestLog log;
  log.AppendReads(3);
  const std::string key_before = log.log_key();
  ASSERT_OK_AND_ASSIGN(AuditHead head_before, log->Head());
  log.Close();
  log.Open();
  EXPECT_EQ(log.log_key(), key_before);  // found, not created again
  EXPECT_THAT(log->Head(), IsOkAndHolds(head_before));
  log.AppendReads(2);
  const std::vector<v1::AuditRecord> records = log.Records();
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[3].previous_hash(), head_before.hash);
  EXPECT_THAT(log->Verify(), IsOkAndHolds(::testing::Field(
                                 &VerifyReport::head,
                                 ::testing::Field(&AuditHead::sequence, 5u))));
}

TEST(AuditLog, OpenRefusesAStoreWithoutTheAuditFamilyOrAKey) {
  TestLog log;
  EXPECT_THAT(AuditLog::Open(&log.store(), AuditLogOptions{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AuditLog::Open(nullptr, AuditLogOptions{log.log_key()}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const TempDir other("suivi-audit-nofamily-");
  store::StoreOptions options;
  options.path = (other.path() / "data").string();
  options.column_families = {kCasesFamily};
  ASSERT_OK_AND_ASSIGN(auto bare, store::EncryptedStore::Open(options, &log.keys()));
  EXPECT_THAT(AuditLog::Open(bare.get(), AuditLogOptions{log.log_key()}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AuditLog::EnsureDataKey(bare.get(), &log.keys()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(AuditLog, AppendsBeforeTheStoreClosesAreKeptAndLaterOnesRefused) {
  TestLog log;
  log.AppendReads(1);
  AuditLog* const audit = log.operator->();
  struct Call {
    absl::Status status;
    std::atomic<bool> done{false};
  };
  std::vector<std::shared_ptr<Call>> accepted;
  absl::Status refused;
  {
    // While the writer is held, no accepted append can complete: a call
    // completed on return was refused by the closing store.
    WriterHold hold(&log.store());
    std::thread closer([&] { log.store_ptr().reset(); });
    while (refused.ok()) {
      auto call = std::make_shared<Call>();
      audit->Append(ReadRecord("pendant-la-fermeture"), [call](absl::Status status) {
        call->status = std::move(status);
        call->done = true;
      });
      if (call->done) {
        refused = call->status;
      } else {
        accepted.push_back(std::move(call));
      }
    }
    hold.Release();
    closer.join();
  }
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kUnavailable,
                                HasSubstr("journal d'audit indisponible : ")));
  for (const auto& call : accepted) {
    ASSERT_TRUE(call->done);
    EXPECT_OK(call->status);
  }
  log.Open();
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log->Verify());
  EXPECT_EQ(report.head.sequence, 1 + accepted.size());
}

}  // namespace
}  // namespace suivi::audit
