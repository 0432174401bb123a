#include "client/testing/test_pki.h"

#include <fstream>

#include "gtest/gtest.h"

namespace suivi::client::testing {
namespace {

std::unique_ptr<pki::CertificateAuthority> NewCa(const std::string& name) {
  auto ca = pki::CertificateAuthority::Create(name);
  if (!ca.ok()) {
    ADD_FAILURE() << ca.status();
    std::abort();
  }
  return std::move(ca).value();
}

KeyPair Issue(const pki::CertificateAuthority& ca,
              const pki::IssueOptions& options) {
  auto issued = ca.IssueWithNewKey(options);
  if (!issued.ok()) {
    ADD_FAILURE() << issued.status();
    std::abort();
  }
  return KeyPair{issued->second.ToPem(), issued->first.ToPem()};
}

}  // namespace

TestPki::TestPki() : ca_(NewCa("Suivi test CA")) {
  pki::IssueOptions options;
  options.common_name = "suivid";
  options.usage = pki::Usage::kServer;
  options.dns_names = {"localhost"};
  options.ip_addresses = {"127.0.0.1", "::1"};
  server_ = Issue(*ca_, options);
}

KeyPair TestPki::Client(const std::string& user, absl::Time not_before,
                        absl::Time not_after) const {
  pki::IssueOptions options;
  options.common_name = user;
  options.usage = pki::Usage::kClient;
  options.not_before = not_before;
  options.not_after = not_after;
  return Issue(*ca_, options);
}

KeyPair TestPki::Foreign(const std::string& user, std::string* foreign_ca_pem) {
  std::unique_ptr<pki::CertificateAuthority> foreign = NewCa("Foreign CA");
  if (foreign_ca_pem != nullptr) {
    *foreign_ca_pem = foreign->certificate().ToPem();
  }
  pki::IssueOptions options;
  options.common_name = user;
  options.usage = pki::Usage::kClient;
  return Issue(*foreign, options);
}

void WriteTestFile(const std::filesystem::path& path,
                   const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (!out) {
    ADD_FAILURE() << "cannot write " << path;
    std::abort();
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

ClientConfig WriteConfigDir(const std::filesystem::path& dir,
                            const std::string& server, const KeyPair& client,
                            const std::string& ca_pem) {
  std::filesystem::create_directories(dir);
  WriteTestFile(dir / kCertificateFile, client.certificate_pem);
  WriteTestFile(dir / kKeyFile, client.key_pem);
  WriteTestFile(dir / kCaFile, ca_pem);
  WriteTestFile(dir / kServerFile, server + "\n");
  ClientConfig config;
  config.server = server;
  config.certificate_path = (dir / kCertificateFile).string();
  config.key_path = (dir / kKeyFile).string();
  config.ca_path = (dir / kCaFile).string();
  return config;
}

}  // namespace suivi::client::testing
