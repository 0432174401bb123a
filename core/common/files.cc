#include "core/common/files.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace suivi {

namespace fs = std::filesystem;

namespace {

absl::Status WriteError(const fs::path& path, int error) {
  return absl::FailedPreconditionError(absl::StrCat(
      "impossible d'écrire le fichier ", path.string(), " : ", std::strerror(error)));
}

// Writes all of `contents` to `fd`; false with errno set on failure.
bool WriteAll(int fd, absl::string_view contents) {
  while (!contents.empty()) {
    const ssize_t written = write(fd, contents.data(), contents.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    contents.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

// Gives the open file `fd` its mode and contents, synced if `sync`.
// Returns 0 or an errno value.
int FillFile(int fd, absl::string_view contents, mode_t mode, bool sync) {
  if (fchmod(fd, mode) != 0 || !WriteAll(fd, contents) || (sync && fsync(fd) != 0)) {
    return errno;
  }
  return 0;
}

// Makes a rename in `dir` durable. Returns 0 or an errno value.
int SyncDirectory(const fs::path& dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = fsync(fd) == 0 ? 0 : errno;
  close(fd);
  return error;
}

}  // namespace

TempDir::TempDir(absl::string_view prefix, const fs::path& base) {
  fs::path parent = base;
  if (parent.empty()) {
    const char* test_tmpdir = std::getenv("TEST_TMPDIR");
    std::error_code ec;
    parent = test_tmpdir != nullptr ? fs::path(test_tmpdir) : fs::temp_directory_path(ec);
    if (ec) parent = "/tmp";
  }
  std::string pattern = (parent / absl::StrCat(prefix, "XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::cerr << "suivi: cannot create a temporary directory " << pattern << "\n";
    std::abort();
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

absl::Status CreatePrivateDirectory(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return absl::OkStatus();
  ec.clear();  // is_directory reports a missing path as an error
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  if (!ec && mkdir(dir.c_str(), 0700) == 0) return absl::OkStatus();
  const std::string reason = ec ? ec.message() : std::strerror(errno);
  if (fs::is_directory(dir, ec)) return absl::OkStatus();  // created meanwhile
  return absl::FailedPreconditionError(
      absl::StrCat("impossible de créer le répertoire ", dir.string(), " : ", reason));
}

absl::Status WriteFileAtomically(const fs::path& path, absl::string_view contents,
                                 mode_t mode, FileDurability durability) {
  const bool sync = durability == FileDurability::kSynced;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string temp =
      (dir / absl::StrCat(".", path.filename().string(), ".tmp-XXXXXX")).string();
  const int fd = mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return WriteError(path, errno);
  int error = FillFile(fd, contents, mode, sync);
  if (close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    unlink(temp.c_str());
    return WriteError(path, error);
  }
  if (!sync) return absl::OkStatus();
  error = SyncDirectory(dir);
  return error == 0 ? absl::OkStatus() : WriteError(path, error);
}

std::string ReadFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<fs::path> FilesContaining(const fs::path& dir, absl::string_view needle) {
  std::vector<fs::path> found;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = ReadFileBytes(entry.path());
    if (bytes.find(needle.data(), 0, needle.size()) != std::string::npos) {
      found.push_back(entry.path());
    }
  }
  return found;
}

}  // namespace suivi
