// client/testing/test_pki.h
//
// Test-only helpers for the client: a small PKI (a CA, a server
// certificate for localhost and 127.0.0.1, client certificates valid,
// expired or from a foreign CA) and configuration directories written from
// it, so a test builds a ClientConfig pointing at temporary files.

#ifndef SUIVI_CLIENT_TESTING_TEST_PKI_H_
#define SUIVI_CLIENT_TESTING_TEST_PKI_H_

#include <filesystem>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "client/client_config.h"
#include "core/pki/certificate_authority.h"

namespace suivi::client::testing {

// A key and its certificate, as PEM.
struct KeyPair {
  std::string certificate_pem;
  std::string key_pem;
};

// A CA and the certificates a test needs. Aborts the test on failure.
class TestPki {
 public:
  TestPki();

  const pki::CertificateAuthority& ca() const { return *ca_; }
  std::string CaPem() const { return ca_->certificate().ToPem(); }

  // Server certificate for "localhost", 127.0.0.1 and ::1.
  const KeyPair& server() const { return server_; }

  // A client certificate for `user` signed by this CA, valid from
  // `not_before` to `not_after` (defaults: now, minus a margin, for the
  // default validity).
  KeyPair Client(const std::string& user,
                 absl::Time not_before = absl::InfinitePast(),
                 absl::Time not_after = absl::InfiniteFuture()) const;

  // A client certificate for `user` from another CA the server does not
  // trust; that CA's certificate is in `*foreign_ca_pem` if not null.
  static KeyPair Foreign(const std::string& user,
                         std::string* foreign_ca_pem = nullptr);

 private:
  std::unique_ptr<pki::CertificateAuthority> ca_;
  KeyPair server_;
};

// Writes `contents` to `path` (mode 0600), aborting the test on failure.
void WriteTestFile(const std::filesystem::path& path,
                   const std::string& contents);

// Writes certificat.pem, cle.pem, ca.pem and serveur into `dir` (created
// if needed) and returns the configuration LoadClientConfig reads from it.
ClientConfig WriteConfigDir(const std::filesystem::path& dir,
                            const std::string& server, const KeyPair& client,
                            const std::string& ca_pem);

}  // namespace suivi::client::testing

#endif  // SUIVI_CLIENT_TESTING_TEST_PKI_H_
