#include "client/testing/mtls_test_server.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace suivi::client::testing {

MtlsTestServer::MtlsTestServer(
    const TestPki& pki, bool health,
    const std::function<void(grpc::ServerBuilder&)>& add_services,
    const std::string& name) {
  grpc::EnableDefaultHealthCheckService(health);
  grpc::SslServerCredentialsOptions ssl(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = pki.CaPem();
  ssl.pem_key_cert_pairs.push_back(
      {pki.server().key_pem, pki.server().certificate_pem});
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(ssl),
                           &port_);
  add_services(builder);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr) {
    ADD_FAILURE() << "the " << name << " did not start";
    std::abort();
  }
}

MtlsTestServer::~MtlsTestServer() {
  server_->Shutdown(absl::ToChronoTime(absl::Now()));
}

std::string MtlsTestServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

}  // namespace suivi::client::testing
