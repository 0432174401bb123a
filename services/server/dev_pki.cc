#include "services/server/dev_pki.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"

namespace suivi::server {
namespace {

namespace fs = std::filesystem;

constexpr mode_t kPublicFile = 0644;
constexpr mode_t kSecretFile = 0600;
constexpr char kCaName[] = "Suivi - autorite de developpement";
constexpr char kServerName[] = "localhost";

absl::Status CreateCa(const DevPki& files) {
  ASSIGN_OR_RETURN(auto ca, pki::CertificateAuthority::Create(kCaName));
  RETURN_IF_ERROR(WriteFileAtomically(files.ca_key, ca->KeyPem(), kSecretFile));
  return WriteFileAtomically(files.ca_cert, ca->certificate().ToPem(), kPublicFile);
}

absl::Status CreateServerCertificate(const DevPki& files) {
  pki::IssueOptions options;
  options.common_name = kServerName;
  options.usage = pki::Usage::kServer;
  options.dns_names = {"localhost"};
  options.ip_addresses = {"127.0.0.1", "::1"};
  ASSIGN_OR_RETURN(auto issued, files.ca->IssueWithNewKey(options));
  RETURN_IF_ERROR(WriteFileAtomically(files.server_key, issued.first.ToPem(), kSecretFile));
  return WriteFileAtomically(files.server_cert, issued.second.ToPem(), kPublicFile);
}

}  // namespace

absl::StatusOr<DevPki> EnsureDevPki(const fs::path& dir) {
  RETURN_IF_ERROR(CreatePrivateDirectory(dir));
  DevPki files;
  files.ca_cert = dir / "ca.pem";
  files.ca_key = dir / "ca.cle";
  files.server_cert = dir / "serveur.pem";
  files.server_key = dir / "serveur.cle";
  if (!fs::exists(files.ca_cert) || !fs::exists(files.ca_key)) {
    RETURN_IF_ERROR(CreateCa(files));
    // A new CA invalidates every certificate issued by the old one.
    fs::remove(files.server_cert);
  }
  ASSIGN_OR_RETURN(files.ca, pki::CertificateAuthority::FromPem(
                                 ReadFileBytes(files.ca_cert), ReadFileBytes(files.ca_key)));
  if (!fs::exists(files.server_cert) || !fs::exists(files.server_key)) {
    RETURN_IF_ERROR(CreateServerCertificate(files));
  }
  return files;
}

fs::path DevUserDir(const fs::path& dir, absl::string_view user_id) {
  return dir / "utilisateurs" / std::string(user_id);
}

absl::StatusOr<std::string> EnsureDevUser(const fs::path& dir,
                                          const pki::CertificateAuthority& ca,
                                          absl::string_view user_id) {
  const fs::path user_dir = DevUserDir(dir, user_id);
  const fs::path cert_path = user_dir / "certificat.pem";
  RETURN_IF_ERROR(CreatePrivateDirectory(user_dir));
  std::string existing = ReadFileBytes(cert_path);
  if (!existing.empty() && fs::exists(user_dir / "cle.pem")) {
    // Kept only if it still comes from this CA.
    absl::StatusOr<pki::Certificate> cert = pki::Certificate::FromPem(existing);
    if (cert.ok() && cert->VerifySignedBy(ca.certificate()).ok()) return existing;
  }
  pki::IssueOptions options;
  options.common_name = std::string(user_id);
  ASSIGN_OR_RETURN(auto issued, ca.IssueWithNewKey(options));
  // A lost demo file is issued again at the next start: no fsync needed.
  constexpr FileDurability kDemo = FileDurability::kAtomicOnly;
  RETURN_IF_ERROR(
      WriteFileAtomically(user_dir / "cle.pem", issued.first.ToPem(), kSecretFile, kDemo));
  RETURN_IF_ERROR(WriteFileAtomically(user_dir / "ca.pem", ca.certificate().ToPem(),
                                      kPublicFile, kDemo));
  std::string pem = issued.second.ToPem();
  RETURN_IF_ERROR(WriteFileAtomically(cert_path, pem, kPublicFile, kDemo));
  return pem;
}

absl::Status WriteDevUserServer(const fs::path& dir, absl::string_view user_id,
                                absl::string_view address) {
  return WriteFileAtomically(DevUserDir(dir, user_id) / "serveur",
                             absl::StrCat(address, "\n"), kPublicFile,
                             FileDurability::kAtomicOnly);
}

}  // namespace suivi::server
