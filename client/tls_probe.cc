#include "client/tls_probe.h"

#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/pki/openssl_handles.h"

namespace suivi::client {
namespace {

struct SslCtxDeleter {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslDeleter {
  void operator()(SSL* s) const { SSL_free(s); }
};
struct AddrinfoDeleter {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;
using SslPtr = std::unique_ptr<SSL, SslDeleter>;
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoDeleter>;

// A socket descriptor, closed on destruction.
class Socket {
 public:
  explicit Socket(int fd = -1) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// ALPN as gRPC offers it: the server rejects a connection without "h2"
// only after the handshake, which would hide its verdict.
constexpr unsigned char kAlpnH2[] = {2, 'h', '2'};

// Blocks SIGPIPE in this thread while it lives: OpenSSL writes to the
// socket with write(), and a server that has just sent its alert and
// closed would otherwise kill the process. A SIGPIPE raised meanwhile is
// consumed before the mask is restored.
class BlockSigpipe {
 public:
  BlockSigpipe() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  ~BlockSigpipe() {
    const timespec zero = {0, 0};
    while (sigtimedwait(&sigpipe_, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  BlockSigpipe(const BlockSigpipe&) = delete;
  BlockSigpipe& operator=(const BlockSigpipe&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t previous_;
};

ProbeResult Result(ProbeOutcome outcome, std::string detail) {
  return ProbeResult{outcome, std::move(detail)};
}

// Milliseconds left before `deadline`, at least 0, for poll().
int MillisecondsLeft(absl::Time deadline) {
  const int64_t left = absl::ToInt64Milliseconds(deadline - absl::Now());
  return left <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left, 1 << 30));
}

// Waits until `fd` is ready for `events`; false on timeout or error.
bool WaitFor(int fd, short events, absl::Time deadline) {
  pollfd p = {fd, events, 0};
  for (;;) {
    const int n = poll(&p, 1, MillisecondsLeft(deadline));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

// One non-blocking connect to `ai`; an empty Socket and `error` set when
// it fails.
Socket ConnectOne(const addrinfo* ai, absl::Time deadline, std::string* error) {
  Socket socket(::socket(ai->ai_family,
                         ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                         ai->ai_protocol));
  if (socket.fd() < 0) {
    *error = std::strerror(errno);
    return Socket();
  }
  if (connect(socket.fd(), ai->ai_addr, ai->ai_addrlen) == 0) return socket;
  if (errno != EINPROGRESS) {
    *error = std::strerror(errno);
    return Socket();
  }
  if (!WaitFor(socket.fd(), POLLOUT, deadline)) {
    *error = "no answer before the timeout";
    return Socket();
  }
  int so_error = 0;
  socklen_t len = sizeof(so_error);
  getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (so_error != 0) {
    *error = std::strerror(so_error);
    return Socket();
  }
  return socket;
}

// Connects to the first address of `address` that answers. On failure
// returns an empty Socket and sets `*failure`.
Socket ConnectTcp(const HostPort& address, absl::Time deadline,
                  ProbeResult* failure) {
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string port = std::to_string(address.port);
  const int rc = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &list);
  AddrinfoPtr owned(list);
  if (rc != 0) {
    *failure = Result(ProbeOutcome::kUnresolved, gai_strerror(rc));
    return Socket();
  }
  std::string error = "no address";
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    Socket socket = ConnectOne(ai, deadline, &error);
    if (socket.fd() >= 0) return socket;
  }
  *failure = Result(ProbeOutcome::kConnectFailed, error);
  return Socket();
}

absl::Status BadMaterial(absl::string_view what) {
  return absl::InvalidArgumentError(what);
}

// Adds every certificate of `ca_pem` to the context's trust store.
absl::Status LoadCa(SSL_CTX* ctx, const std::string& ca_pem) {
  pki::BioPtr bio = pki::ReadOnlyBio(ca_pem);
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int count = 0;
  while (pki::X509Ptr cert{
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    if (X509_STORE_add_cert(store, cert.get()) != 1) break;
    ++count;
  }
  if (count == 0) {
    return BadMaterial(
        "le fichier ca.pem ne contient aucun certificat lisible");
  }
  return absl::OkStatus();
}

absl::Status LoadClientCertificate(SSL_CTX* ctx,
                                   const TlsProbeOptions& options) {
  if (options.certificate_pem.empty() && options.key_pem.empty()) {
    return absl::OkStatus();
  }
  pki::BioPtr cert_bio = pki::ReadOnlyBio(options.certificate_pem);
  pki::X509Ptr cert{
      PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)};
  if (cert == nullptr || SSL_CTX_use_certificate(ctx, cert.get()) != 1) {
    return BadMaterial(
        "le certificat client n'est pas un certificat PEM lisible");
  }
  pki::BioPtr key_bio = pki::ReadOnlyBio(options.key_pem);
  pki::EvpPkeyPtr key{
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr)};
  if (key == nullptr) {
    return BadMaterial("la clé privée n'est pas une clé PEM lisible");
  }
  // SSL_CTX_use_PrivateKey refuses a key that does not match the
  // certificate already set.
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    return BadMaterial("la clé privée ne correspond pas au certificat client");
  }
  return absl::OkStatus();
}

// The SSL ex-data slot of the "ticket received" flag. A TLS 1.3 server
// sends its session tickets only once it has accepted the client's
// certificate.
int TicketIndex() {
  static const int index =
      SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

int OnNewSession(SSL* ssl, SSL_SESSION* /*session*/) {
  auto* received = static_cast<bool*>(SSL_get_ex_data(ssl, TicketIndex()));
  if (received != nullptr) *received = true;
  return 0;  // The session is not kept; OpenSSL frees it.
}

absl::StatusOr<SslCtxPtr> MakeContext(const TlsProbeOptions& options) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (ctx == nullptr) return absl::InternalError("SSL_CTX_new failed");
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  RETURN_IF_ERROR(LoadCa(ctx.get(), options.ca_pem));
  RETURN_IF_ERROR(LoadClientCertificate(ctx.get(), options));
  SSL_CTX_set_alpn_protos(ctx.get(), kAlpnH2, sizeof(kAlpnH2));
  SSL_CTX_set_session_cache_mode(
      ctx.get(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx.get(), OnNewSession);
  return ctx;
}

// Checks the server's name as gRPC does: its IP addresses for an IP
// literal, else its DNS names (with SNI).
void SetExpectedHost(SSL* ssl, const std::string& host) {
  if (IsIpLiteral(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  } else {
    // SSL_set_tlsext_host_name, without its C-style cast.
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(host.c_str()));
    SSL_set1_host(ssl, host.c_str());
  }
}

ProbeOutcome OutcomeOfAlert(int reason, bool sent_certificate) {
  switch (reason) {
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
      return ProbeOutcome::kClientCertificateUnknownCa;
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
      return ProbeOutcome::kClientCertificateExpired;
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
      return ProbeOutcome::kClientCertificateRequired;
    case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
      return sent_certificate ? ProbeOutcome::kTlsFailure
                              : ProbeOutcome::kClientCertificateRequired;
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
    case SSL_R_TLSV1_ALERT_DECRYPT_ERROR:
      return ProbeOutcome::kClientCertificateRejected;
    default:
      return ProbeOutcome::kTlsFailure;
  }
}

// Why the handshake or the read that followed it failed with `ssl_error`.
ProbeResult ClassifyFailure(SSL* ssl, int ssl_error, bool sent_certificate) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    ProbeOutcome outcome = ProbeOutcome::kServerCertificateUntrusted;
    if (verify == X509_V_ERR_HOSTNAME_MISMATCH ||
        verify == X509_V_ERR_IP_ADDRESS_MISMATCH) {
      outcome = ProbeOutcome::kServerNameMismatch;
    } else if (verify == X509_V_ERR_CERT_HAS_EXPIRED) {
      outcome = ProbeOutcome::kServerCertificateExpired;
    }
    return Result(outcome, X509_verify_cert_error_string(verify));
  }
  const unsigned long error = ERR_peek_last_error();
  // OpenSSL 3 reports a close without close_notify as an SSL error.
  const bool eof = ssl_error == SSL_ERROR_SYSCALL ||
                   ssl_error == SSL_ERROR_ZERO_RETURN ||
                   ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
  if (!eof && ssl_error == SSL_ERROR_SSL) {
    const char* reason = ERR_reason_error_string(error);
    return Result(OutcomeOfAlert(ERR_GET_REASON(error), sent_certificate),
                  reason != nullptr ? reason : "TLS error");
  }
  // The server closed the connection without an alert. Once its own
  // certificate has been received and verified, what it can still object
  // to is ours: gRPC's server drops the connection without sending the
  // alert OpenSSL prepared.
  if (eof && SSL_get0_peer_certificate(ssl) != nullptr) {
    return Result(sent_certificate ? ProbeOutcome::kClientCertificateDropped
                                   : ProbeOutcome::kClientCertificateRequired,
                  "connection closed by the server after its certificate");
  }
  if (ssl_error == SSL_ERROR_ZERO_RETURN) {
    return Result(ProbeOutcome::kTlsFailure, "closed by the server");
  }
  return Result(ProbeOutcome::kTlsFailure,
                errno != 0 ? std::strerror(errno)
                           : "connection closed during the handshake");
}

// Drives SSL_connect on the non-blocking socket until it ends or
// `deadline` passes. Returns true on success; else fills `*failure`.
bool Handshake(SSL* ssl, int fd, absl::Time deadline, bool sent_certificate,
               ProbeResult* failure) {
  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int rc = SSL_connect(ssl);
    if (rc == 1) return true;
    const int error = SSL_get_error(ssl, rc);
    const short events = error == SSL_ERROR_WANT_READ    ? POLLIN
                         : error == SSL_ERROR_WANT_WRITE ? POLLOUT
                                                         : 0;
    if (events == 0) {
      *failure = ClassifyFailure(ssl, error, sent_certificate);
      return false;
    }
    if (!WaitFor(fd, events, deadline)) {
      *failure =
          Result(ProbeOutcome::kTlsFailure, "no TLS answer before the timeout");
      return false;
    }
  }
}

// After a successful handshake: reads until the server shows its verdict
// on the client certificate (data or a session ticket: accepted; an
// alert: rejected) or `deadline` passes (taken as accepted).
ProbeResult AwaitVerdict(SSL* ssl, int fd, absl::Time deadline,
                         bool sent_certificate, const bool* ticket) {
  if (SSL_version(ssl) < TLS1_3_VERSION) {
    return Result(ProbeOutcome::kAccepted, "TLS 1.2 handshake completed");
  }
  for (;;) {
    ERR_clear_error();
    errno = 0;
    char byte;
    const int rc = SSL_peek(ssl, &byte, 1);
    if (rc > 0) return Result(ProbeOutcome::kAccepted, "data received");
    const int error = SSL_get_error(ssl, rc);
    if (*ticket)
      return Result(ProbeOutcome::kAccepted, "session ticket received");
    if (error != SSL_ERROR_WANT_READ) {
      return ClassifyFailure(ssl, error, sent_certificate);
    }
    if (!WaitFor(fd, POLLIN, deadline)) {
      return Result(ProbeOutcome::kAccepted, "no verdict before the timeout");
    }
  }
}

ProbeResult RunProbe(SSL_CTX* ctx, const HostPort& address,
                     const TlsProbeOptions& options) {
  const absl::Time deadline = absl::Now() + options.timeout;
  ProbeResult failure;
  Socket socket = ConnectTcp(address, deadline, &failure);
  if (socket.fd() < 0) return failure;
  SslPtr ssl(SSL_new(ctx));
  if (ssl == nullptr)
    return Result(ProbeOutcome::kTlsFailure, "SSL_new failed");
  bool ticket = false;
  SSL_set_ex_data(ssl.get(), TicketIndex(), &ticket);
  SSL_set_fd(ssl.get(), socket.fd());
  SetExpectedHost(ssl.get(), address.host);
  const bool sent_certificate = !options.certificate_pem.empty();
  if (!Handshake(ssl.get(), socket.fd(), deadline, sent_certificate,
                 &failure)) {
    return failure;
  }
  ProbeResult verdict = AwaitVerdict(ssl.get(), socket.fd(),
                                     absl::Now() + options.verdict_timeout,
                                     sent_certificate, &ticket);
  // Best effort: lets the peer see an orderly close.
  if (verdict.outcome == ProbeOutcome::kAccepted) SSL_shutdown(ssl.get());
  return verdict;
}

}  // namespace

const char* ProbeOutcomeName(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::kAccepted:
      return "accepted";
    case ProbeOutcome::kUnresolved:
      return "unresolved";
    case ProbeOutcome::kConnectFailed:
      return "connect_failed";
    case ProbeOutcome::kServerCertificateUntrusted:
      return "server_certificate_untrusted";
    case ProbeOutcome::kServerCertificateExpired:
      return "server_certificate_expired";
    case ProbeOutcome::kServerNameMismatch:
      return "server_name_mismatch";
    case ProbeOutcome::kClientCertificateUnknownCa:
      return "client_certificate_unknown_ca";
    case ProbeOutcome::kClientCertificateExpired:
      return "client_certificate_expired";
    case ProbeOutcome::kClientCertificateRequired:
      return "client_certificate_required";
    case ProbeOutcome::kClientCertificateRejected:
      return "client_certificate_rejected";
    case ProbeOutcome::kClientCertificateDropped:
      return "client_certificate_dropped";
    case ProbeOutcome::kTlsFailure:
      return "tls_failure";
  }
  return "unknown";
}

absl::StatusOr<ProbeResult> ProbeTls(const HostPort& address,
                                     const TlsProbeOptions& options) {
  pki::ClearOpenSslErrorsOnExit clear_errors;
  BlockSigpipe block_sigpipe;
  ASSIGN_OR_RETURN(SslCtxPtr ctx, MakeContext(options));
  return RunProbe(ctx.get(), address, options);
}

}  // namespace suivi::client
