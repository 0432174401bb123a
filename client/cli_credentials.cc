#include "client/cli_credentials.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "client/client_config.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"
#include "core/pki/csr.h"
#include "core/pki/private_key.h"

namespace suivi::client::cli {

constexpr mode_t kSecretMode = 0600;
constexpr mode_t kPublicMode = 0644;

absl::StatusOr<KeyAndCsr> NewKeyAndCsr(const std::string& user) {
  ASSIGN_OR_RETURN(pki::PrivateKey key, pki::PrivateKey::Generate());
  KeyAndCsr result;
  ASSIGN_OR_RETURN(result.csr_pem, pki::MakeCsrPem(key, user));
  result.key_pem = key.ToPem();
  return result;
}

absl::Status PrepareKeyDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  // An absolute path: CreatePrivateDirectory (core/common/files.cc) fails
  // on a relative path without a parent, such as "dossier".
  RETURN_IF_ERROR(
      CreatePrivateDirectory(std::filesystem::absolute(dir, error)));
  const std::filesystem::path key = dir / kKeyFile;
  if (std::filesystem::exists(key, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le fichier ", key.string(),
        " existe déjà : choisissez un autre dossier (une clé privée n'est "
        "jamais remplacée)"));
  }
  return absl::OkStatus();
}

absl::Status WriteFile(const std::filesystem::path& path,
                       const std::string& contents, bool secret) {
  return WriteFileAtomically(path, contents,
                             secret ? kSecretMode : kPublicMode);
}

absl::StatusOr<std::string> ReadInputFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (!in || !(content << in.rdbuf())) {
    return absl::FailedPreconditionError(
        absl::StrCat("lecture impossible du fichier ", path.string()));
  }
  return content.str();
}

}  // namespace suivi::client::cli
