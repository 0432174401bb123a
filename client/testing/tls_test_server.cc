#include "client/testing/tls_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/pki/openssl_handles.h"
#include "gtest/gtest.h"

namespace suivi::client::testing {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  ADD_FAILURE() << what << ": " << std::strerror(errno);
  std::abort();
}

// A socket bound to 127.0.0.1 on a port the system chooses.
int BindLoopback(uint16_t* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fail("socket");
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    Fail("bind");
  }
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

SSL_CTX* MakeServerContext(const KeyPair& server, const std::string& ca_pem,
                           int max_version) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_set_max_proto_version(ctx, max_version);
  pki::BioPtr cert_bio = pki::ReadOnlyBio(server.certificate_pem);
  pki::X509Ptr cert{
      PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)};
  pki::BioPtr key_bio = pki::ReadOnlyBio(server.key_pem);
  pki::EvpPkeyPtr key{
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr)};
  pki::BioPtr ca_bio = pki::ReadOnlyBio(ca_pem);
  pki::X509Ptr ca{PEM_read_bio_X509(ca_bio.get(), nullptr, nullptr, nullptr)};
  if (cert == nullptr || key == nullptr || ca == nullptr ||
      SSL_CTX_use_certificate(ctx, cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 ||
      X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca.get()) != 1) {
    Fail("server TLS context");
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     nullptr);
  SSL_CTX_set_alpn_select_cb(
      ctx,
      [](SSL*, const unsigned char** out, unsigned char* out_len,
         const unsigned char* in, unsigned int in_len, void*) {
        static const unsigned char kH2[] = {2, 'h', '2'};
        unsigned char* selected = nullptr;
        if (SSL_select_next_proto(&selected, out_len, kH2, sizeof(kH2), in,
                                  in_len) != OPENSSL_NPN_NEGOTIATED) {
          return SSL_TLSEXT_ERR_NOACK;
        }
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
      },
      nullptr);
  return ctx;
}

}  // namespace

TlsTestServer::TlsTestServer(const KeyPair& server,
                             const std::string& client_ca_pem,
                             int max_version) {
  listen_fd_ = BindLoopback(&port_);
  if (listen(listen_fd_, 1) != 0) Fail("listen");
  ctx_ = MakeServerContext(server, client_ca_pem, max_version);
  thread_ = std::thread([this] { Serve(); });
}

TlsTestServer::~TlsTestServer() {
  // Wakes a thread still blocked in accept() (the client never came).
  shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  close(listen_fd_);
  SSL_CTX_free(ctx_);
}

std::string TlsTestServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void TlsTestServer::Serve() {
  // A client that has already closed must not kill the test with SIGPIPE;
  // the signal stays pending on this thread and dies with it.
  sigset_t sigpipe;
  sigemptyset(&sigpipe);
  sigaddset(&sigpipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &sigpipe, nullptr);
  const int fd = accept(listen_fd_, nullptr, nullptr);
  if (fd >= 0) {
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
      handshake_succeeded_ = true;
      SSL_write(ssl, "x", 1);
      char buffer[64];
      while (SSL_read(ssl, buffer, sizeof(buffer)) > 0) {
      }
    }
    SSL_free(ssl);
    close(fd);
  }
  ERR_clear_error();
}

ClosedPort::ClosedPort() { fd_ = BindLoopback(&port_); }

ClosedPort::~ClosedPort() { close(fd_); }

std::string ClosedPort::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

}  // namespace suivi::client::testing
