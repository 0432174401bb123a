// client/testing/tls_test_server.h
//
// A bare OpenSSL TLS server for tests of the connection diagnosis: it
// listens on 127.0.0.1 (port chosen by the system), accepts one
// connection, requires and verifies a client certificate against its CA
// (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT), answers with ALPN
// "h2", writes one byte when the handshake succeeds and reads until the
// client closes. What OpenSSL does on a failed verification (send the
// alert) is what a gRPC server built on OpenSSL does.

#ifndef SUIVI_CLIENT_TESTING_TLS_TEST_SERVER_H_
#define SUIVI_CLIENT_TESTING_TLS_TEST_SERVER_H_

#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "client/testing/test_pki.h"

namespace suivi::client::testing {

class TlsTestServer {
 public:
  // Serves `server` (certificate and key) and trusts client certificates
  // signed by `client_ca_pem`. `max_version` is TLS1_3_VERSION or
  // TLS1_2_VERSION. Aborts the test if the socket cannot be set up.
  TlsTestServer(const KeyPair& server, const std::string& client_ca_pem,
                int max_version);
  // Stops accepting and joins the server thread.
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  uint16_t port() const { return port_; }
  // "127.0.0.1:<port>".
  std::string address() const;

  // Whether the handshake of the connection accepted so far succeeded.
  // Meaningful once the client has closed its connection.
  bool handshake_succeeded() const { return handshake_succeeded_; }

 private:
  void Serve();

  SSL_CTX* ctx_ = nullptr;  // Owned.
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> handshake_succeeded_{false};
  std::thread thread_;
};

// A TCP port on 127.0.0.1 where nothing listens: the socket is bound (so
// no one else gets the port) but not listening, so a connection is
// refused.
class ClosedPort {
 public:
  ClosedPort();
  ~ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;

  uint16_t port() const { return port_; }
  std::string address() const;

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace suivi::client::testing

#endif  // SUIVI_CLIENT_TESTING_TLS_TEST_SERVER_H_
