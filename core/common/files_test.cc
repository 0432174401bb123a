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

}  // namespace
}  // namespace suivi
