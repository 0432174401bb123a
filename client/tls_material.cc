#include "client/tls_material.h"

#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/pki/certificate.h"
#include "core/pki/openssl_handles.h"
#include "core/pki/private_key.h"

namespace suivi::client {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (!in || !(content << in.rdbuf())) {
    return absl::FailedPreconditionError(
        absl::StrCat("lecture impossible du fichier ", path,
                     " : vérifiez qu'il existe et que vous pouvez le lire"));
  }
  return content.str();
}

absl::Status NotA(const std::string& path, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("le fichier ", path, " n'est pas ", what));
}

// At least one PEM certificate, and nothing unreadable among them.
absl::Status CheckCaPem(const std::string& path, const std::string& pem) {
  pki::ClearOpenSslErrorsOnExit clear_errors;
  pki::BioPtr bio = pki::ReadOnlyBio(pem);
  int count = 0;
  while (pki::X509Ptr cert{
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    ++count;
  }
  if (count == 0) {
    return NotA(path, "un certificat d'autorité au format PEM");
  }
  return absl::OkStatus();
}

absl::Status CheckClientPair(const ClientConfig& config,
                             const TlsMaterial& material) {
  absl::StatusOr<pki::Certificate> certificate =
      pki::Certificate::FromPem(material.certificate_pem);
  if (!certificate.ok()) {
    return NotA(config.certificate_path, "un certificat au format PEM");
  }
  absl::StatusOr<pki::PrivateKey> key =
      pki::PrivateKey::FromPem(material.key_pem);
  if (!key.ok()) {
    return NotA(config.key_path,
                "une clé privée EC P-256 au format PEM (non chiffrée)");
  }
  if (!key->Matches(*certificate)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "la clé ", config.key_path, " ne correspond pas au certificat ",
        config.certificate_path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TlsMaterial> ReadTlsMaterial(const ClientConfig& config) {
  if (config.certificate_path.empty() != config.key_path.empty()) {
    return absl::InvalidArgumentError(
        "indiquez à la fois le certificat client et sa clé privée");
  }
  if (config.ca_path.empty()) {
    return absl::InvalidArgumentError(
        "aucun certificat d'autorité (ca.pem) : indiquez-le avec --ca");
  }
  TlsMaterial material;
  ASSIGN_OR_RETURN(material.ca_pem, ReadFile(config.ca_path));
  RETURN_IF_ERROR(CheckCaPem(config.ca_path, material.ca_pem));
  if (config.certificate_path.empty()) return material;
  ASSIGN_OR_RETURN(material.certificate_pem, ReadFile(config.certificate_path));
  ASSIGN_OR_RETURN(material.key_pem, ReadFile(config.key_path));
  RETURN_IF_ERROR(CheckClientPair(config, material));
  return material;
}

}  // namespace suivi::client
