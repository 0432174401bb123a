// core/common/files.h
//
// Small file helpers: private directories and atomic file writes for the
// server and tools; scratch directories and raw scans of what a store left
// on disk (the "nothing readable in the files" checks) for tests,
// benchmarks and the demonstration.

#ifndef SUIVI_CORE_COMMON_FILES_H_
#define SUIVI_CORE_COMMON_FILES_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace suivi {

// A new directory `<base>/<prefix>XXXXXX`, removed with everything in it
// on destruction. `base` defaults to $TEST_TMPDIR, else the system's
// temporary directory. For tests, benchmarks and tools: the process
// aborts, saying why, if the directory cannot be created.
class TempDir {
 public:
  explicit TempDir(absl::string_view prefix = "suivi-",
                   const std::filesystem::path& base = {});
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Creates `dir` with mode 0700 (owner only) if it does not exist, and its
// missing parents with the default mode. An existing directory is left as
// it is. FAILED_PRECONDITION, naming the directory, when it cannot be
// created or exists as something else than a directory.
absl::Status CreatePrivateDirectory(const std::filesystem::path& dir);

// Replaces `path` with a file holding `contents` and permissions `mode`
// (e.g. 0600 for a private key, 0644 for a certificate; the umask does not
// apply), atomically: readers see the old file or the new one, never a
// part, and after a crash the path holds one of them. Writes a temporary
// file in the same directory, syncs it, renames it over `path` and syncs
// the directory. FAILED_PRECONDITION, naming the file, if a step fails:
// no temporary file is left, and `path` is unchanged unless only the
// final directory sync failed (the new file is then in place, but may not
// survive a crash).
//
// kAtomicOnly skips both syncs: readers still never see a partial file, but
// after a crash the path may hold the old file (or none, if it is new).
// Only for files that are re-created when missing (development PKI).
enum class FileDurability { kSynced, kAtomicOnly };
absl::Status WriteFileAtomically(const std::filesystem::path& path,
                                 absl::string_view contents, mode_t mode,
                                 FileDurability durability = FileDurability::kSynced);

// The whole content of `path`; empty if it cannot be read.
std::string ReadFileBytes(const std::filesystem::path& path);

// Paths of the regular files under `dir` (recursively) whose raw bytes
// contain `needle`.
std::vector<std::filesystem::path> FilesContaining(
    const std::filesystem::path& dir, absl::string_view needle);

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_FILES_H_
