// client/testing/mtls_test_server.h
//
// A gRPC server for tests of the client: mutual TLS on 127.0.0.1 (port
// chosen by the system) with the server certificate of a TestPki,
// requiring and verifying client certificates signed by its CA, serving
// what the test registers. Shut down, without waiting for calls in
// flight, when destroyed.
//
// Thread-safe.

#ifndef SUIVI_CLIENT_TESTING_MTLS_TEST_SERVER_H_
#define SUIVI_CLIENT_TESTING_MTLS_TEST_SERVER_H_

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <functional>
#include <memory>
#include <string>

#include "client/testing/test_pki.h"

namespace suivi::client::testing {

class MtlsTestServer {
 public:
  // Builds and starts the server: `health` turns gRPC's default health
  // service on or off (a process-wide switch, read when a server is
  // built), `add_services` registers the test's services, which must
  // outlive this. Aborts the test, naming the server `name`, if it
  // cannot start.
  MtlsTestServer(const TestPki& pki, bool health,
                 const std::function<void(grpc::ServerBuilder&)>& add_services,
                 const std::string& name);
  ~MtlsTestServer();
  MtlsTestServer(const MtlsTestServer&) = delete;
  MtlsTestServer& operator=(const MtlsTestServer&) = delete;

  // "127.0.0.1:<port>".
  std::string address() const;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace suivi::client::testing

#endif  // SUIVI_CLIENT_TESTING_MTLS_TEST_SERVER_H_
