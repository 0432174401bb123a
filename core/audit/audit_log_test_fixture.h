// core/audit/audit_log_test_fixture.h
//
// TestLog: an AuditLog on a real encrypted store (families "audit" and
// "cases") and key store (in-memory root key) in a fresh temporary
// directory, with a FakeClock; a test may close, reopen and edit the raw
// files. And the helpers the audit tests share: a record builder, and,
// from core/store/store_test_fixture.h, raw RocksDB edits, a writer hold
// and a failing file system.
//
// Test-only.

#ifndef SUIVI_CORE_AUDIT_AUDIT_LOG_TEST_FIXTURE_H_
#define SUIVI_CORE_AUDIT_AUDIT_LOG_TEST_FIXTURE_H_

#include <openssl/evp.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/audit/audit_log.h"
#include "core/common/clock.h"
#include "core/common/status_matchers.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "core/store/failing_file_system.h"
#include "core/store/store_test_fixture.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace suivi::audit {

inline constexpr char kCasesFamily[] = "cases";
inline constexpr char kController[] = "commune-montargis";
inline const absl::Time kStart = absl::FromUnixSeconds(1'750'000'000);

// A read of one case, as a service would record it. Ids are pseudonymous.
inline v1::AuditRecord ReadRecord(absl::string_view request_id) {
  v1::AuditRecord record;
  record.set_user_id("u-0001");
  record.set_organisation_id("org-cabinet-montargis");
  record.set_certificate_fingerprint("9f2c");
  record.set_territory_id("ame");
  record.set_purpose("suivi_individuel");
  record.set_method("/suivi.v1.Dossiers/Lire");
  record.set_request_id(std::string(request_id));
  record.add_field_classes_returned("faits");
  record.set_charte_version(3);
  record.set_charte_sha256("5e0f");
  record.set_batch_item(-1);
  v1::AuditDecision* decision = record.add_decisions();
  decision->set_action("dossier:lire");
  decision->set_resource_type("dossier");
  decision->set_resource_id("d-7hq2");
  decision->set_field_class("faits");
  decision->set_allowed(true);
  decision->add_determining_policies("lecture-referent");
  decision->set_attribution_id("att-12");
  return record;
}

inline store::RecordKey CaseKey(absl::string_view id) {
  return store::RecordKey{kCasesFamily, "ame", absl::StrCat("case/", id),
                          crypto::FieldClass::kFaits};
}

// SHA-256, computed apart from the code under test.
inline std::string Sha256(absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EXPECT_EQ(EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr), 1);
  return std::string(reinterpret_cast<char*>(out), length);
}

// A store with the audit family and a domain family in a fresh temporary
// directory, a real key store, the log's key and a fake clock.
class TestLog {
 public:
  TestLog() : store_(LogStoreOptions()) {
    if (!::testing::Test::HasFatalFailure()) OpenLog();
  }
  ~TestLog() { Close(); }

  void Open(rocksdb::Env* env = nullptr) {
    ASSERT_NO_FATAL_FAILURE(store_.Open(store_.data_dir(), env));
    OpenLog();
  }
  void Close() {
    log_.reset();
    store_.Close();
  }

  AuditLog* operator->() { return log_.get(); }
  store::EncryptedStore& store() { return *store_.get(); }
  // For a test that destroys the store on another thread while the log
  // is in use.
  std::unique_ptr<store::EncryptedStore>& store_ptr() { return store_.store_ptr(); }
  crypto::KeyStore& keys() { return store_.keys(); }
  FakeClock& clock() { return clock_; }
  const std::string& log_key() const { return log_key_; }
  const std::string& case_key() const { return store_.key_id(); }
  std::filesystem::path data_dir() const { return store_.data_dir(); }

  // Appends records "r1" … "rN" (continuing the numbering), one second apart.
  void AppendReads(int n) {
    for (int i = 0; i < n; ++i) {
      clock_.Advance(absl::Seconds(1));
      ASSERT_OK(log_->AppendAndWait(ReadRecord(absl::StrCat("r", ++appended_))));
    }
  }

  // The records from `from` on, as Scan() gives them.
  std::vector<v1::AuditRecord> Records(uint64_t from = 1) {
    std::vector<v1::AuditRecord> records;
    EXPECT_OK(log_->Scan(from, [&](const v1::AuditRecord& record) {
      records.push_back(record);
      return true;
    }));
    return records;
  }

  // Runs `edit` on the audit family of the raw RocksDB files while the
  // store is closed: what an attacker with disk access but no keys can do.
  // Reopens after.
  void EditRaw(const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& edit) {
    Close();
    ASSERT_NO_FATAL_FAILURE(
        store::EditRawFiles(data_dir(), [&](rocksdb::DB* db, store::RawFamilies& families) {
          const auto audit = families.find(kAuditFamily);
          if (audit != families.end()) edit(db, audit->second);
        }));
    Open();
  }

  // Writes `plaintext` under `key` through the store, sealed with the log's
  // key: what someone holding the keys can do.
  void RewriteSealed(const store::RecordKey& key, std::string plaintext) {
    ASSERT_OK(store_.Put(key, log_key_, std::move(plaintext)));
  }

 private:
  static store::TestStoreOptions LogStoreOptions() {
    store::TestStoreOptions options;
    options.temp_prefix = "suivi-audit-";
    options.column_families = {kAuditFamily, kCasesFamily};
    options.controller = kController;
    return options;
  }

  void OpenLog() {
    ASSERT_OK_AND_ASSIGN(log_key_, AuditLog::EnsureDataKey(store_.get(), &store_.keys()));
    auto log = AuditLog::Open(store_.get(), AuditLogOptions{log_key_, &clock_});
    ASSERT_OK(log.status());
    log_ = std::move(*log);
  }

  store::TestStore store_;  // holds the key store; the case key is its data key
  std::unique_ptr<AuditLog> log_;
  FakeClock clock_{kStart};
  std::string log_key_;
  int appended_ = 0;
};

using store::FailingFileSystem;
using store::RawDelete;
using store::RawGet;
using store::RawPut;
using store::WriterHold;

// Readable failures.
inline void PrintTo(const AuditHead& head, std::ostream* os) {
  *os << "{sequence " << head.sequence << ", hash "
      << absl::BytesToHexString(head.hash) << "}";
}
inline void PrintTo(const VerifyReport& report, std::ostream* os) {
  *os << "{head ";
  PrintTo(report.head, os);
  *os << "}";
}

}  // namespace suivi::audit

#endif  // SUIVI_CORE_AUDIT_AUDIT_LOG_TEST_FIXTURE_H_
