#include "core/crypto/key_provider.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace suivi::crypto {
namespace {

// Closes a file descriptor when it goes out of scope.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { if (fd_ >= 0) close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::FailedPreconditionError(
      absl::StrCat(what, " ", path, " : ", std::strerror(errno)));
}

// Writes a fresh key to a new file created 0600; fails if it exists.
absl::Status CreateKeyFile(const std::string& path) {
  FdCloser fd(open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return ErrnoError("impossible de créer la clé racine", path);
  const SecretKey key = SecretKey::Generate();
  if (write(fd.get(), key.data(), kKeyBytes) != static_cast<ssize_t>(kKeyBytes) ||
      fsync(fd.get()) != 0) {
    return ErrnoError("impossible d'écrire la clé racine", path);
  }
  return absl::OkStatus();
}

absl::StatusOr<SecretKey> ReadKeyFile(const std::string& path) {
  FdCloser fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) return ErrnoError("impossible d'ouvrir la clé racine", path);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoError("clé racine illisible", path);
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("la clé racine ", path, " n'est pas un fichier ordinaire"));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "la clé racine %s est accessible à d'autres utilisateurs (droits %04o) ; "
        "restreignez-la avec « chmod 600 %s » avant de démarrer",
        path, st.st_mode & 07777, path));
  }
  if (st.st_size != static_cast<off_t>(kKeyBytes)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "la clé racine ", path, " doit faire ", kKeyBytes, " octets"));
  }
  std::string material(kKeyBytes, '\0');
  if (read(fd.get(), material.data(), kKeyBytes) != static_cast<ssize_t>(kKeyBytes)) {
    return ErrnoError("clé racine illisible", path);
  }
  SecretKey key(material);
  OPENSSL_cleanse(material.data(), material.size());
  return key;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LocalFileKeyProvider>> LocalFileKeyProvider::Open(
    const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return ErrnoError("clé racine inaccessible", path);
    absl::Status created = CreateKeyFile(path);
    if (!created.ok()) return created;
  }
  absl::StatusOr<SecretKey> key = ReadKeyFile(path);
  if (!key.ok()) return key.status();
  return std::unique_ptr<LocalFileKeyProvider>(new LocalFileKeyProvider(*key));
}

}  // namespace suivi::crypto
