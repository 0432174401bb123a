// services/directory/directory_test_fixture.h
//
// DirectoryTest: a Directory on a real key store (in-memory root key) and
// encrypted store in a fresh temporary directory, with the default role
// catalogue and a FakeClock on 24 November 2026, noon in Paris; a test may
// close and reopen all three. And small builders of directory entries.
// The demo territories are read from the source tree (SUIVI_SOURCE_DIR).
//
// Test-only.

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_TEST_FIXTURE_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_TEST_FIXTURE_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/common/clock.h"
#include "core/common/day.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"
#include "core/common/status_matchers.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/directory/directory.h"
#include "services/directory/role_catalogue.h"

#ifndef SUIVI_SOURCE_DIR
#error "SUIVI_SOURCE_DIR must name the source tree (see CMakeLists.txt)"
#endif

namespace suivi::directory {

inline constexpr char kAme[] = "agglomeration-montargoise.textproto";
inline constexpr char kBelfort[] = "grand-belfort.textproto";
// 64-hex-digit fingerprints; only their being distinct matters here.
inline const std::string kFingerprint(64, 'a');
inline const std::string kOtherFingerprint(64, 'b');

inline absl::Time ParisTime(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute),
                         ParisTimeZone());
}

// A demo bootstrap file of deploy/demo/territoires/, parsed.
inline v1::DirectoryBootstrap Demo(absl::string_view file) {
  const std::filesystem::path path = std::filesystem::path(SUIVI_SOURCE_DIR) /
                                     "deploy/demo/territoires" / std::string(file);
  v1::DirectoryBootstrap bootstrap;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(ReadFileBytes(path), &bootstrap))
      << path;
  return bootstrap;
}

inline v1::EnrolledCertificate Certificate(const std::string& fingerprint,
                                           const std::string& user) {
  v1::EnrolledCertificate c;
  c.set_fingerprint(fingerprint);
  c.set_user_id(user);
  c.set_common_name(user);
  c.set_enrolled_at("2026-11-24T11:00:00Z");
  c.set_enrolled_by("ame-admin");
  return c;
}

inline v1::User User(const std::string& id, const std::string& organisation = "ame") {
  v1::User user;
  user.set_id(id);
  user.set_display_name("Mme Odile Nouvelle");
  user.set_organisation_id(organisation);
  return user;
}

// An assignment in the AME.
inline v1::RoleAssignment Assignment(const std::string& user, const std::string& role,
                                     const std::string& start, const std::string& end = "") {
  v1::RoleAssignment a;
  a.set_user_id(user);
  a.set_role_id(role);
  a.set_territory_id("ame");
  a.set_start_date(start);
  a.set_end_date(end);
  return a;
}

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override { Close(); }

  absl::Status TryOpen() {
    crypto::KeyStoreOptions key_options;
    key_options.path = (dir_.path() / "keys").string();
    ASSIGN_OR_RETURN(keys_, crypto::KeyStore::Open(key_options, &provider_));
    store::StoreOptions store_options;
    store_options.path = data_dir().string();
    store_options.column_families = {kDirectoryFamily};
    store_options.column_families.insert(store_options.column_families.end(),
                                         extra_families_.begin(), extra_families_.end());
    store_options.sync = false;
    ASSIGN_OR_RETURN(store_, store::EncryptedStore::Open(store_options, keys_.get()));
    ASSIGN_OR_RETURN(RoleCatalogue roles, RoleCatalogue::Default());
    ASSIGN_OR_RETURN(directory_,
                     Directory::Open(store_.get(), keys_.get(), std::move(roles), &clock_));
    return absl::OkStatus();
  }
  void Open() { ASSERT_OK(TryOpen()); }
  void Close() {
    directory_.reset();
    store_.reset();
    keys_.reset();
  }
  void Reopen() {
    Close();
    Open();
  }

  std::filesystem::path data_dir() const { return dir_.path() / "data"; }
  // Commands the store has taken so far: each change that writes is one.
  uint64_t Writes() const { return store_->queue_stats().items; }
  std::shared_ptr<const DirectoryState> state() const { return directory_->state(); }

  void LoadAme() {
    ASSERT_THAT(directory_->LoadBootstrap(Demo(kAme)), ::suivi::testing::IsOkAndHolds(true));
  }
  void Enrol(const std::string& fingerprint, const std::string& user) {
    ASSERT_OK(directory_->RecordCertificate(Certificate(fingerprint, user)).status());
  }

  // Column families a derived fixture's services write to.
  std::vector<std::string> extra_families_;
  const TempDir dir_{"suivi-directory-"};
  crypto::InMemoryKeyProvider provider_;
  FakeClock clock_{ParisTime(2026, 11, 24, 12, 0)};
  std::unique_ptr<crypto::KeyStore> keys_;
  std::unique_ptr<store::EncryptedStore> store_;
  std::unique_ptr<Directory> directory_;
};

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_TEST_FIXTURE_H_
