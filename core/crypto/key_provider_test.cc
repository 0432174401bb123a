// Tests of core/crypto/key_provider.h: the root key file and its checks.

#include "core/crypto/key_provider.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::crypto {
namespace {

namespace fs = std::filesystem;
using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;


void WriteFile(const fs::path& path, const std::string& bytes, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  ASSERT_EQ(chmod(path.c_str(), mode), 0) << path;
}

mode_t ModeOf(const fs::path& path) {
  struct stat st;
  EXPECT_EQ(lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::string KeyBytes(char fill) { return std::string(kKeyBytes, fill); }

TEST(LocalFileKeyProvider, CreatesA32ByteFileWithMode0600OnFirstOpen) {
  TempDir dir("suivi-key-provider-");
  const fs::path path = dir.path() / "root.key";
  ASSERT_FALSE(fs::exists(path));
  ASSERT_OK_AND_ASSIGN(auto provider, LocalFileKeyProvider::Open(path.string()));
  ASSERT_TRUE(fs::is_regular_file(fs::symlink_status(path)));
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(fs::file_size(path), 32u);
  ASSERT_OK_AND_ASSIGN(SecretKey key, provider->RootKey());
  EXPECT_EQ(std::string(key.view()), ReadFileBytes(path));
}

TEST(LocalFileKeyProvider, SecondOpenReturnsTheSameKey) {
  TempDir dir("suivi-key-provider-");
  const std::string path = (dir.path() / "root.key").string();
  ASSERT_OK_AND_ASSIGN(auto first, LocalFileKeyProvider::Open(path));
  ASSERT_OK_AND_ASSIGN(SecretKey first_key, first->RootKey());
  ASSERT_OK_AND_ASSIGN(auto second, LocalFileKeyProvider::Open(path));
  ASSERT_OK_AND_ASSIGN(SecretKey second_key, second->RootKey());
  EXPECT_EQ(first_key.view(), second_key.view());
  EXPECT_EQ(ModeOf(path), 0600u);
}

TEST(LocalFileKeyProvider, NewFilesGetDifferentRandomKeys) {
  TempDir dir("suivi-key-provider-");
  ASSERT_OK_AND_ASSIGN(auto a, LocalFileKeyProvider::Open((dir.path() / "a.key").string()));
  ASSERT_OK_AND_ASSIGN(auto b, LocalFileKeyProvider::Open((dir.path() / "b.key").string()));
  ASSERT_OK_AND_ASSIGN(SecretKey key_a, a->RootKey());
  ASSERT_OK_AND_ASSIGN(SecretKey key_b, b->RootKey());
  EXPECT_NE(key_a.view(), key_b.view());
  EXPECT_NE(key_a.view(), SecretKey().view());  // not all zeros
}

TEST(LocalFileKeyProvider, ReadsAnExistingKeyFile) {
  TempDir dir("suivi-key-provider-");
  const fs::path path = dir.path() / "root.key";
  ASSERT_NO_FATAL_FAILURE(WriteFile(path, KeyBytes('\x5a'), 0600));
  ASSERT_OK_AND_ASSIGN(auto provider, LocalFileKeyProvider::Open(path.string()));
  ASSERT_OK_AND_ASSIGN(SecretKey key, provider->RootKey());
  EXPECT_EQ(std::string(key.view()), KeyBytes('\x5a'));
}

TEST(LocalFileKeyProvider, AcceptsOwnerOnlyModes) {
  for (mode_t mode : {0600, 0400}) {
    TempDir dir("suivi-key-provider-");
    const fs::path path = dir.path() / "root.key";
    ASSERT_NO_FATAL_FAILURE(WriteFile(path, KeyBytes('k'), mode));
    absl::StatusOr<std::unique_ptr<LocalFileKeyProvider>> provider =
        LocalFileKeyProvider::Open(path.string());
    ASSERT_THAT(provider, IsOk()) << std::oct << mode;
    ASSERT_OK_AND_ASSIGN(SecretKey key, (*provider)->RootKey());
    EXPECT_EQ(std::string(key.view()), KeyBytes('k')) << std::oct << mode;
    EXPECT_EQ(ModeOf(path), mode) << "the provider must not change the mode";
  }
}

TEST(LocalFileKeyProvider, RefusesAFileOthersMayReadOrWrite) {
  for (mode_t mode : {0640, 0604, 0644, 0660, 0606, 0666, 0620, 0602, 0610,
                      0601, 0440, 0404}) {
    TempDir dir("suivi-key-provider-");
    const fs::path path = dir.path() / "root.key";
    ASSERT_NO_FATAL_FAILURE(WriteFile(path, KeyBytes('k'), mode));
    EXPECT_THAT(LocalFileKeyProvider::Open(path.string()),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("chmod")))
        << std::oct << mode;
    // Refusing does not repair: the operator decides.
    EXPECT_EQ(ModeOf(path), mode);
    EXPECT_EQ(ReadFileBytes(path), KeyBytes('k'));
  }
}

TEST(LocalFileKeyProvider, RefusesAFileOfTheWrongSize) {
  for (size_t size : {0u, 1u, 16u, 31u, 33u, 64u}) {
    TempDir dir("suivi-key-provider-");
    const fs::path path = dir.path() / "root.key";
    ASSERT_NO_FATAL_FAILURE(WriteFile(path, std::string(size, 'k'), 0600));
    EXPECT_THAT(LocalFileKeyProvider::Open(path.string()),
                StatusIs(absl::StatusCode::kFailedPrecondition))
        << size << " bytes";
    EXPECT_EQ(fs::file_size(path), size) << "the file must be left alone";
  }
}

TEST(LocalFileKeyProvider, RefusesADirectory) {
  TempDir dir("suivi-key-provider-");
  const fs::path path = dir.path() / "root.key";
  ASSERT_TRUE(fs::create_directory(path));
  ASSERT_EQ(chmod(path.c_str(), 0700), 0);
  EXPECT_THAT(LocalFileKeyProvider::Open(path.string()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(LocalFileKeyProvider, RefusesASymlinkToAValidKeyFile) {
  TempDir dir("suivi-key-provider-");
  const fs::path target = dir.path() / "real.key";
  ASSERT_NO_FATAL_FAILURE(WriteFile(target, KeyBytes('k'), 0600));
  ASSERT_OK(LocalFileKeyProvider::Open(target.string()).status());
  const fs::path link = dir.path() / "root.key";
  fs::create_symlink(target, link);
  EXPECT_THAT(LocalFileKeyProvider::Open(link.string()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(LocalFileKeyProvider, RefusesADanglingSymlinkAndCreatesNothing) {
  TempDir dir("suivi-key-provider-");
  const fs::path target = dir.path() / "elsewhere.key";
  const fs::path link = dir.path() / "root.key";
  fs::create_symlink(target, link);
  EXPECT_THAT(LocalFileKeyProvider::Open(link.string()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_FALSE(fs::exists(fs::symlink_status(target)));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
}

TEST(LocalFileKeyProvider, RefusesAPathInAMissingDirectory) {
  TempDir dir("suivi-key-provider-");
  const fs::path path = dir.path() / "missing" / "root.key";
  EXPECT_THAT(LocalFileKeyProvider::Open(path.string()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_FALSE(fs::exists(dir.path() / "missing"));
}

TEST(InMemoryKeyProvider, ReturnsTheKeyItWasGiven) {
  const SecretKey key = SecretKey::Generate();
  InMemoryKeyProvider provider(key);
  ASSERT_OK_AND_ASSIGN(SecretKey root, provider.RootKey());
  EXPECT_EQ(root.view(), key.view());
  ASSERT_OK_AND_ASSIGN(SecretKey again, provider.RootKey());
  EXPECT_EQ(again.view(), key.view());
}

TEST(InMemoryKeyProvider, DefaultKeysAreRandom) {
  InMemoryKeyProvider a;
  InMemoryKeyProvider b;
  ASSERT_OK_AND_ASSIGN(SecretKey key_a, a.RootKey());
  ASSERT_OK_AND_ASSIGN(SecretKey key_b, b.RootKey());
  EXPECT_NE(key_a.view(), key_b.view());
}

}  // namespace
}  // namespace suivi::crypto
