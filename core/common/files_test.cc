#include "core/common/files.h"

#include <sys/stat.h>

#include <fstream>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi {
namespace {

namespace fs = std::filesystem;
using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

mode_t ModeOf(const fs::path& path) {
  struct stat st;
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(TempDir, IsCreatedEmptyAndRemovedWithItsContent) {
  fs::path path;
  {
    const TempDir dir("suivi-files-");
    path = dir.path();
    ASSERT_TRUE(fs::is_directory(path));
    EXPECT_TRUE(fs::is_empty(path));
    fs::create_directories(path / "a" / "b");
    WriteFile(path / "a" / "b" / "f", "x");
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(TempDir, TwoDirectoriesWithOnePrefixAreDistinct) {
  const TempDir a("suivi-files-"), b("suivi-files-");
  EXPECT_NE(a.path(), b.path());
}

TEST(FilesContaining, FindsRawBytesInNestedFilesOnly) {
  const TempDir dir("suivi-files-");
  fs::create_directories(dir.path() / "sub");
  WriteFile(dir.path() / "sub" / "hit", std::string("\x01Zébulon\0\x02", 11));
  WriteFile(dir.path() / "miss", "Zebulon");
  EXPECT_THAT(FilesContaining(dir.path(), "Zébulon"),
              ElementsAre(dir.path() / "sub" / "hit"));
  EXPECT_THAT(FilesContaining(dir.path(), std::string("\0\x02", 2)),
              ElementsAre(dir.path() / "sub" / "hit"));
  EXPECT_THAT(FilesContaining(dir.path(), "absent"), IsEmpty());
}

TEST(CreatePrivateDirectory, CreatesTheLeafForItsOwnerOnly) {
  const TempDir dir("suivi-files-");
  const fs::path keys = dir.path() / "var" / "cles";
  ASSERT_THAT(CreatePrivateDirectory(keys), IsOk());
  EXPECT_TRUE(fs::is_directory(keys));
  EXPECT_EQ(ModeOf(keys), 0700u);
}

TEST(CreatePrivateDirectory, ARelativePathWithoutParentIsCreatedInTheWorkingDirectory) {
  const TempDir dir("suivi-files-");
  const fs::path previous = fs::current_path();
  fs::current_path(dir.path());
  const absl::Status created = CreatePrivateDirectory("pki");
  fs::current_path(previous);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(ModeOf(dir.path() / "pki"), 0700u);
}

TEST(WriteFileAtomically, AtomicOnlyWritesTheSameFileWithoutSyncing) {
  const TempDir dir("suivi-files-");
  ASSERT_THAT(WriteFileAtomically(dir.path() / "serveur", "127.0.0.1:7443\n", 0644,
                                  FileDurability::kAtomicOnly),
              IsOk());
  EXPECT_EQ(ReadFileBytes(dir.path() / "serveur"), "127.0.0.1:7443\n");
  EXPECT_EQ(ModeOf(dir.path() / "serveur"), 0644u);
}

TEST(CreatePrivateDirectory, LeavesAnExistingDirectoryAsItIs) {
  const TempDir dir("suivi-files-");
  const fs::path existing = dir.path() / "existing";
  fs::create_directory(existing);
  fs::permissions(existing, fs::perms(0750));
  ASSERT_THAT(CreatePrivateDirectory(existing), IsOk());
  EXPECT_EQ(ModeOf(existing), 0750u);
}

TEST(CreatePrivateDirectory, AFileInTheWayIsFailedPrecondition) {
  const TempDir dir("suivi-files-");
  WriteFile(dir.path() / "occupied", "x");
  EXPECT_THAT(CreatePrivateDirectory(dir.path() / "occupied"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(WriteFileAtomically, CreatesTheFileWithExactlyTheModeAsked) {
  const TempDir dir("suivi-files-");
  const mode_t old_umask = umask(077);  // the umask must not apply
  ASSERT_THAT(WriteFileAtomically(dir.path() / "ca.pem", "certificat\n", 0644), IsOk());
  ASSERT_THAT(WriteFileAtomically(dir.path() / "ca.key", "clé\n", 0600), IsOk());
  umask(old_umask);
  EXPECT_EQ(ReadFileBytes(dir.path() / "ca.pem"), "certificat\n");
  EXPECT_EQ(ModeOf(dir.path() / "ca.pem"), 0644u);
  EXPECT_EQ(ReadFileBytes(dir.path() / "ca.key"), "clé\n");
  EXPECT_EQ(ModeOf(dir.path() / "ca.key"), 0600u);
}

TEST(WriteFileAtomically, ReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  const TempDir dir("suivi-files-");
  const fs::path path = dir.path() / "server.pem";
  WriteFile(path, "ancien contenu, plus long que le nouveau");
  const std::string binary("\0\x01\xff", 3);
  ASSERT_THAT(WriteFileAtomically(path, binary, 0644), IsOk());
  EXPECT_EQ(ReadFileBytes(path), binary);
  EXPECT_THAT(FilesContaining(dir.path(), ""), ElementsAre(path));
}

TEST(WriteFileAtomically, AMissingDirectoryIsFailedPreconditionNamingTheFile) {
  const TempDir dir("suivi-files-");
  EXPECT_THAT(WriteFileAtomically(dir.path() / "absent" / "ca.key", "x", 0600),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("ca.key")));
}

TEST(WriteFileAtomically, AFailedRenameLeavesTheTargetAndNoTemporaryFile) {
  const TempDir dir("suivi-files-");
  const fs::path target = dir.path() / "occupied";
  fs::create_directory(target);
  WriteFile(target / "inside", "x");
  EXPECT_THAT(WriteFileAtomically(target, "y", 0644),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_THAT(FilesContaining(dir.path(), ""), ElementsAre(target / "inside"));
}

}  // namespace
}  // namespace suivi
