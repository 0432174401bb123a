// client/cli_credentials.h
//
// Key material the `suivi` tool makes on the user's machine: an EC P-256
// key and its certificate signing request (the key never leaves the
// machine; only the request goes to the administrator or the server), and
// the files of a configuration directory.

#ifndef SUIVI_CLIENT_CLI_CREDENTIALS_H_
#define SUIVI_CLIENT_CLI_CREDENTIALS_H_

#include <filesystem>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace suivi::client::cli {

// Name of the request file `suivi demande-certificat` writes.
inline constexpr char kCsrFile[] = "demande.csr";

struct KeyAndCsr {
  // Unencrypted PKCS#8 PEM. A secret: never print it.
  std::string key_pem;
  // PEM "CERTIFICATE REQUEST" with subject CN=<user>.
  std::string csr_pem;
};

// A new key and a CSR naming `user`. INVALID_ARGUMENT if `user` cannot be a
// common name (empty, more than 64 characters).
absl::StatusOr<KeyAndCsr> NewKeyAndCsr(const std::string& user);

// Creates `dir` for its owner only (0700) if needed and checks that it
// holds no private key yet: a key is never overwritten.
// FAILED_PRECONDITION, naming the path, otherwise.
absl::Status PrepareKeyDirectory(const std::filesystem::path& dir);

// Writes `contents` to `path` atomically, mode 0600 when `secret` (a
// key), else 0644.
absl::Status WriteFile(const std::filesystem::path& path,
                       const std::string& contents, bool secret);

// The content of `path`. FAILED_PRECONDITION, naming it, when unreadable.
absl::StatusOr<std::string> ReadInputFile(const std::filesystem::path& path);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_CREDENTIALS_H_
