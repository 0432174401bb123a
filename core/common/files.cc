#include "core/common/files.h"

#include <stdlib.h>
#include <sys/stat.h>

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
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  if (!ec && mkdir(dir.c_str(), 0700) == 0) return absl::OkStatus();
  const std::string reason = ec ? ec.message() : std::strerror(errno);
  if (fs::is_directory(dir, ec)) return absl::OkStatus();  // created meanwhile
  return absl::FailedPreconditionError(
      absl::StrCat("impossible de créer le répertoire ", dir.string(), " : ", reason));
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
