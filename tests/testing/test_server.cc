#include "tests/testing/test_server.h"

#include <cstdlib>
#include <iostream>

#include "core/common/status_macros.h"

namespace suivi::testing {

namespace fs = std::filesystem;

absl::StatusOr<std::unique_ptr<TestServer>> TestServer::Start(bool sync) {
  std::unique_ptr<TestServer> test(new TestServer(sync));
  ASSIGN_OR_RETURN(test->server_, server::Server::Start(test->Options()));
  return test;
}

server::ServerOptions TestServer::Options() const {
  server::ServerOptions options;
  options.data_dir = (dir_.path() / "donnees").string();
  options.key_dir = (dir_.path() / "cles").string();
  options.pki_dir = pki_dir().string();
  options.listen = "127.0.0.1:0";
  options.dev = true;
  options.sync = sync_;
  return options;
}

absl::Status TestServer::Restart() {
  Stop();
  ASSIGN_OR_RETURN(server_, server::Server::Start(Options()));
  return absl::OkStatus();
}

void TestServer::Stop() {
  if (server_ != nullptr) server_->Shutdown();
  server_.reset();
}

client::ClientConfig TestServer::ConfigFor(const std::string& user_id) const {
  const fs::path dir = pki_dir() / "utilisateurs" / user_id;
  client::ClientConfig config;
  config.server = address();
  config.certificate_path = (dir / client::kCertificateFile).string();
  config.key_path = (dir / client::kKeyFile).string();
  config.ca_path = (dir / client::kCaFile).string();
  config.finalite = client::Finalite::kAdministration;
  return config;
}

std::unique_ptr<client::SuiviClient> TestServer::ClientFor(const std::string& user_id) const {
  absl::StatusOr<std::unique_ptr<client::SuiviClient>> c =
      client::SuiviClient::Connect(ConfigFor(user_id));
  if (!c.ok()) {
    std::cerr << "TestServer::ClientFor(" << user_id << "): " << c.status() << "\n";
    std::abort();
  }
  return *std::move(c);
}

absl::StatusOr<std::unique_ptr<pki::CertificateAuthority>> TestServer::DevCa() const {
  return pki::CertificateAuthority::FromPem(ReadFileBytes(pki_dir() / "ca.pem"),
                                            ReadFileBytes(pki_dir() / "ca.cle"));
}

client::ClientConfig WriteClientConfig(const fs::path& dir, const std::string& server,
                                       const std::string& certificate_pem,
                                       const std::string& key_pem, const std::string& ca_pem) {
  fs::create_directories(dir);
  client::ClientConfig config;
  config.server = server;
  config.certificate_path = (dir / client::kCertificateFile).string();
  config.key_path = (dir / client::kKeyFile).string();
  config.ca_path = (dir / client::kCaFile).string();
  config.finalite = client::Finalite::kAdministration;
  if (!WriteFileAtomically(config.certificate_path, certificate_pem, 0644).ok() ||
      !WriteFileAtomically(config.key_path, key_pem, 0600).ok() ||
      !WriteFileAtomically(config.ca_path, ca_pem, 0644).ok()) {
    std::cerr << "WriteClientConfig: cannot write " << dir << "\n";
    std::abort();
  }
  return config;
}

}  // namespace suivi::testing
