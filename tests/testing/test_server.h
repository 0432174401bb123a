// tests/testing/test_server.h
//
// TestServer runs a real suivid (services/server) in this process, in dev
// mode: a temporary directory holds its data, keys and development PKI,
// the demo territories are loaded, every demo user has an enrolled
// certificate, and it listens on 127.0.0.1:0 over mTLS. Clients reach it
// through the real client library with those certificates.

#ifndef SUIVI_TESTS_TESTING_TEST_SERVER_H_
#define SUIVI_TESTS_TESTING_TEST_SERVER_H_

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/client_config.h"
#include "client/suivi_client.h"
#include "core/audit/audit_log.h"
#include "core/common/files.h"
#include "core/pki/certificate_authority.h"
#include "services/server/server.h"

namespace suivi::testing {

class TestServer {
 public:
  // Starts a server in a new temporary directory. `sync` as in
  // ServerOptions: tests that only read keep it off for speed.
  static absl::StatusOr<std::unique_ptr<TestServer>> Start(bool sync = false);

  // Stops the server (clean shutdown) and starts it again on the same
  // files; the port changes.
  absl::Status Restart();
  void Stop();

  std::string address() const { return server_->address(); }
  const audit::AuditLog& audit_log() const { return server_->audit_log(); }
  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path pki_dir() const { return dir_.path() / "pki"; }
  std::filesystem::path data_dir() const { return dir_.path() / "donnees"; }

  // The client configuration of demo user `user_id` (their enrolled
  // certificate), pointing at this server, declaring the finalité
  // "administration" (what the directory and certificate calls are for).
  client::ClientConfig ConfigFor(const std::string& user_id) const;
  // A connected client for demo user `user_id`. Aborts the test on error.
  std::unique_ptr<client::SuiviClient> ClientFor(const std::string& user_id) const;
  // The development CA, to issue certificates the tests need.
  absl::StatusOr<std::unique_ptr<pki::CertificateAuthority>> DevCa() const;

 private:
  TestServer(bool sync) : dir_("suivi-test-server"), sync_(sync) {}
  server::ServerOptions Options() const;

  TempDir dir_;
  const bool sync_;
  std::unique_ptr<server::Server> server_;
};

// Writes `files` (name -> contents) into a new directory under `parent`
// and returns a ClientConfig for it: a certificate and key a test made
// itself, e.g. from a foreign CA or expired.
client::ClientConfig WriteClientConfig(const std::filesystem::path& dir,
                                       const std::string& server,
                                       const std::string& certificate_pem,
                                       const std::string& key_pem,
                                       const std::string& ca_pem);

}  // namespace suivi::testing

#endif  // SUIVI_TESTS_TESTING_TEST_SERVER_H_
