// services/server/dev_pki.h
//
// The development PKI `suivid --dev` creates on first start, so that one
// command gives a working server that people reach with their own
// certificate. Never for production: the CA key sits on disk beside the
// certificates. Layout under the PKI directory (created 0700):
//
//   ca.pem, ca.cle            the development CA (key 0600)
//   serveur.pem, serveur.cle  the server's certificate: localhost, 127.0.0.1
//   utilisateurs/<user id>/   one client configuration per demo user, what
//                             `suivi --config <dir>` reads: certificat.pem,
//                             cle.pem (0600), ca.pem and serveur (address)
//
// Existing files are kept: a restart reuses the same CA and certificates.

#ifndef SUIVI_SERVICES_SERVER_DEV_PKI_H_
#define SUIVI_SERVICES_SERVER_DEV_PKI_H_

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/pki/certificate_authority.h"

namespace suivi::server {

struct DevPki {
  std::filesystem::path ca_cert;
  std::filesystem::path ca_key;
  std::filesystem::path server_cert;
  std::filesystem::path server_key;
  std::unique_ptr<pki::CertificateAuthority> ca;
};

// Creates the CA and the server certificate under `dir` if missing, and
// loads the CA. FAILED_PRECONDITION when files cannot be written.
absl::StatusOr<DevPki> EnsureDevPki(const std::filesystem::path& dir);

// The client configuration directory of `user_id` under `dir`.
std::filesystem::path DevUserDir(const std::filesystem::path& dir,
                                 absl::string_view user_id);

// Creates the user's key and certificate if missing and returns the
// certificate's PEM.
absl::StatusOr<std::string> EnsureDevUser(const std::filesystem::path& dir,
                                          const pki::CertificateAuthority& ca,
                                          absl::string_view user_id);

// Writes `address` in the user's "serveur" file.
absl::Status WriteDevUserServer(const std::filesystem::path& dir,
                                absl::string_view user_id,
                                absl::string_view address);

}  // namespace suivi::server

#endif  // SUIVI_SERVICES_SERVER_DEV_PKI_H_
