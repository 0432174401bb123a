// Real TLS handshakes, in memory, between a server that requires and
// verifies a client certificate (as suivid's gRPC server does) and a
// client that verifies the server's "localhost" certificate (as `suivi`
// does). They check that the certificates this PKI issues work for mTLS,
// and record which alert the CLIENT sees for each rejection: gRPC only
// says "failed to connect to all addresses", so these reasons are what a
// client can turn into a message. The table is copied in
// certificate_authority.h.
//
// How to provoke them: under TLS 1.3 SSL_connect (SSL_do_handshake in
// connect state, as here) succeeds before the server has judged the
// client's certificate; the server's alert is read by the client's first
// SSL_read or SSL_peek after SSL_connect, which fails with SSL_ERROR_SSL
// and ERR_GET_REASON(ERR_peek_last_error()) == the reason below. Under
// TLS 1.2 SSL_connect itself fails with that reason (only "no
// certificate" differs between versions, see the tables).
//
// With gRPC 1.51 itself (checked by hand, not here) a rejected client gets
// UNAVAILABLE "failed to connect to all addresses; last error:
// UNAVAILABLE: ipv4:127.0.0.1:PORT: Socket closed": the alert is not in
// the status, so a client that wants to say why must probe the server
// with OpenSSL as these tests do.

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>

#include "core/common/status_matchers.h"
#include "core/pki/certificate_authority.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::pki {
namespace {

constexpr absl::Duration kDay = absl::Hours(24);
constexpr int kMaxHandshakeRounds = 20;
constexpr char kHost[] = "localhost";

struct SslCtxDeleter {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslDeleter {
  void operator()(SSL* s) const { SSL_free(s); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;
using SslPtr = std::unique_ptr<SSL, SslDeleter>;

// A certificate and its key.
struct Credentials {
  PrivateKey key;
  Certificate cert;
};

// One side of a connection: what it presents and what it trusts.
struct Endpoint {
  const Credentials* credentials;  // nullptr: presents no certificate
  const Certificate* trusted;      // the only CA it trusts
};

// Context for one side, pinned to TLS `version`.
SslCtxPtr NewContext(bool server, const Endpoint& endpoint, int version) {
  SslCtxPtr ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
  EXPECT_EQ(SSL_CTX_set_min_proto_version(ctx.get(), version), 1);
  EXPECT_EQ(SSL_CTX_set_max_proto_version(ctx.get(), version), 1);
  if (endpoint.credentials != nullptr) {
    EXPECT_EQ(SSL_CTX_use_certificate(ctx.get(), endpoint.credentials->cert.native()), 1);
    EXPECT_EQ(SSL_CTX_use_PrivateKey(ctx.get(), endpoint.credentials->key.native()), 1);
  }
  EXPECT_EQ(X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()),
                                endpoint.trusted->native()), 1);
  SSL_CTX_set_verify(ctx.get(),
                     server ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                            : SSL_VERIFY_PEER,
                     nullptr);
  return ctx;
}

// The text of an SSL library reason code, for failure messages.
std::string ReasonName(int reason) {
  const char* text = ERR_reason_error_string(ERR_PACK(ERR_LIB_SSL, 0, reason));
  return text != nullptr ? text : std::to_string(reason);
}

// One side's progress through the handshake.
struct Side {
  SSL* ssl;
  bool done = false;
  int reason = 0;  // ERR_GET_REASON of its failure; 0 while it has none
  bool Pending() const { return !done && reason == 0; }
};

// Runs one step of `op` on `side`. A failure's reason is recorded and this
// thread's error queue emptied, as both sides share it. False on failure.
template <typename Op>
bool Step(Side* side, Op op) {
  const int result = op(side->ssl);
  if (result > 0) return true;
  const int error = SSL_get_error(side->ssl, result);
  if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
    side->reason = ERR_GET_REASON(ERR_peek_last_error());
    if (side->reason == 0) side->reason = -1;  // failed without a reason
  }
  ERR_clear_error();
  return false;
}

void DriveHandshake(Side* client, Side* server) {
  for (int round = 0; round < kMaxHandshakeRounds; ++round) {
    if (!client->Pending() && !server->Pending()) return;
    if (client->Pending()) client->done = Step(client, SSL_do_handshake);
    if (server->Pending()) server->done = Step(server, SSL_do_handshake);
  }
}

// What the client observed.
struct Outcome {
  int connect_reason = 0;  // SSL_connect failed with this reason
  int read_reason = 0;     // its first SSL_peek after SSL_connect did
  long verify_result = X509_V_OK;  // its verdict on the server's certificate
  std::string reply;       // what the server answered
};

// After the handshake: the client says "ping", the server answers "pong".
// The client peeks before reading: SSL_peek, like SSL_read, is where a
// TLS 1.3 client learns that the server rejected it.
void Exchange(Side* client, Side* server, Outcome* outcome) {
  char buffer[16] = {};
  Step(client, [](SSL* ssl) { return SSL_write(ssl, "ping", 4); });
  if (server->done && Step(server, [&buffer](SSL* ssl) {
        return SSL_read(ssl, buffer, sizeof(buffer));
      })) {
    Step(server, [](SSL* ssl) { return SSL_write(ssl, "pong", 4); });
  }
  int size = 0;
  const auto read = [&](auto op) {
    return Step(client, [&](SSL* ssl) { return size = op(ssl, buffer, sizeof(buffer)); });
  };
  if (read(SSL_peek) && read(SSL_read)) {
    outcome->reply.assign(buffer, static_cast<size_t>(size));
  }
  outcome->read_reason = client->reason;
}

Outcome Connect(const Endpoint& server_end, const Endpoint& client_end, int version) {
  SslCtxPtr server_ctx = NewContext(/*server=*/true, server_end, version);
  SslCtxPtr client_ctx = NewContext(/*server=*/false, client_end, version);
  SslPtr server_ssl(SSL_new(server_ctx.get()));
  SslPtr client_ssl(SSL_new(client_ctx.get()));
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  EXPECT_EQ(BIO_new_bio_pair(&client_bio, 0, &server_bio, 0), 1);
  SSL_set_bio(client_ssl.get(), client_bio, client_bio);  // owned by the SSLs
  SSL_set_bio(server_ssl.get(), server_bio, server_bio);
  SSL_set_connect_state(client_ssl.get());
  SSL_set_accept_state(server_ssl.get());
  EXPECT_EQ(SSL_set1_host(client_ssl.get(), kHost), 1);

  Side client{client_ssl.get()};
  Side server{server_ssl.get()};
  DriveHandshake(&client, &server);
  Outcome outcome;
  outcome.connect_reason = client.reason;
  outcome.verify_result = SSL_get_verify_result(client_ssl.get());
  if (client.done) Exchange(&client, &server, &outcome);
  return outcome;
}

// The PKI of every test: the CA both sides trust, a foreign one, an
// expired one, and good server and client credentials. Tests issue the
// bad credentials they need.
class TlsHandshake : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { pki_ = new Pki(); }
  static void TearDownTestSuite() { delete pki_; }

  static Credentials Issue(const CertificateAuthority& ca, IssueOptions options) {
    auto issued = ca.IssueWithNewKey(options);
    EXPECT_THAT(issued, ::suivi::testing::IsOk());
    return Credentials{std::move(issued->first), std::move(issued->second)};
  }
  static IssueOptions Server(absl::Duration from = -kDay, absl::Duration to = kDay,
                             std::string dns_name = kHost) {
    IssueOptions options = Client(from, to);
    options.common_name = "suivid";
    options.usage = Usage::kServer;
    options.dns_names = {std::move(dns_name)};
    options.ip_addresses = {"127.0.0.1"};
    return options;
  }
  static IssueOptions Client(absl::Duration from = -kDay, absl::Duration to = kDay) {
    IssueOptions options;
    options.common_name = "cabinet-montargis";
    options.not_before = absl::Now() + from;
    options.not_after = absl::Now() + to;
    return options;
  }
  static std::unique_ptr<CertificateAuthority> NewCa(absl::Duration from = -kDay,
                                                     absl::Duration to = 365 * kDay) {
    auto ca = CertificateAuthority::Create("Suivi test CA", to - from, absl::Now() + from);
    EXPECT_THAT(ca, ::suivi::testing::IsOk());
    return std::move(ca).value();
  }

  struct Pki {
    std::unique_ptr<CertificateAuthority> ca = NewCa();
    std::unique_ptr<CertificateAuthority> foreign_ca = NewCa();
    std::unique_ptr<CertificateAuthority> expired_ca = NewCa(-3 * kDay, -kDay);
    Credentials server = Issue(*ca, Server());
    Credentials client = Issue(*ca, Client());
  };
  static Pki* pki_;

  Endpoint ServerWith(const Credentials& credentials,
                      const CertificateAuthority* trusted = pki_->ca.get()) const {
    return Endpoint{&credentials, &trusted->certificate()};
  }
  Endpoint ClientWith(const Credentials* credentials) const {
    return Endpoint{credentials, &pki_->ca->certificate()};
  }
  int Version() const { return GetParam(); }
};

TlsHandshake::Pki* TlsHandshake::pki_ = nullptr;

TEST_P(TlsHandshake, GoodCertificatesOnBothSidesConnect) {
  const Outcome outcome =
      Connect(ServerWith(pki_->server), ClientWith(&pki_->client), Version());
  EXPECT_EQ(outcome.connect_reason, 0) << ReasonName(outcome.connect_reason);
  EXPECT_EQ(outcome.read_reason, 0) << ReasonName(outcome.read_reason);
  EXPECT_EQ(outcome.verify_result, X509_V_OK);
  EXPECT_EQ(outcome.reply, "pong");
}

// Expected reasons, where `no certificate` differs between versions:
//
//   client certificate                  client sees (TLS 1.3: on SSL_read)
//   from a foreign CA                   SSL_R_TLSV1_ALERT_UNKNOWN_CA
//   expired                             SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED
//   issued by the server's expired CA   SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED
//   not yet valid                       SSL_R_SSLV3_ALERT_BAD_CERTIFICATE
//   a server certificate (no clientAuth) SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE
//   none, TLS 1.3                       SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED
//   none, TLS 1.2                       SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE
TEST_P(TlsHandshake, ServerRejectionOfTheClientCertificateReachesTheClientAsAnAlert) {
  const bool tls13 = Version() == TLS1_3_VERSION;
  const Credentials foreign = Issue(*pki_->foreign_ca, Client());
  const Credentials expired = Issue(*pki_->ca, Client(-2 * kDay, -kDay));
  const Credentials of_expired_ca = Issue(*pki_->expired_ca, Client(-2 * kDay, kDay));
  const Credentials not_yet_valid = Issue(*pki_->ca, Client(kDay, 2 * kDay));
  const Credentials server_cert = Issue(*pki_->ca, Server());
  const struct {
    const char* what;
    const Credentials* client;
    int reason;
    const CertificateAuthority* server_trusts = pki_->ca.get();
  } cases[] = {
      {"foreign CA", &foreign, SSL_R_TLSV1_ALERT_UNKNOWN_CA},
      {"expired", &expired, SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED},
      {"issued by the server's expired CA", &of_expired_ca,
       SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED, pki_->expired_ca.get()},
      {"not yet valid", &not_yet_valid, SSL_R_SSLV3_ALERT_BAD_CERTIFICATE},
      {"server certificate", &server_cert, SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE},
      {"none", nullptr,
       tls13 ? SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED : SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE},
  };
  for (const auto& c : cases) {
    const Outcome outcome = Connect(ServerWith(pki_->server, c.server_trusts),
                                    ClientWith(c.client), Version());
    const int seen = tls13 ? outcome.read_reason : outcome.connect_reason;
    EXPECT_EQ(seen, c.reason) << c.what << ": saw " << ReasonName(seen)
                              << ", expected " << ReasonName(c.reason);
    if (tls13) {
      EXPECT_EQ(outcome.connect_reason, 0) << c.what;  // SSL_connect succeeded
    }
    EXPECT_EQ(outcome.reply, "") << c.what;
  }
}

// The client rejects the server's certificate in SSL_connect, in both
// versions, with SSL_R_CERTIFICATE_VERIFY_FAILED; SSL_get_verify_result
// says why.
TEST_P(TlsHandshake, ClientRejectionOfTheServerCertificateFailsConnect) {
  const Credentials foreign = Issue(*pki_->foreign_ca, Server());
  const Credentials expired = Issue(*pki_->ca, Server(-2 * kDay, -kDay));
  const Credentials wrong_host = Issue(*pki_->ca, Server(-kDay, kDay, "suivi.example"));
  IssueOptions client_with_san = Client();
  client_with_san.dns_names = {kHost};
  const Credentials client_cert = Issue(*pki_->ca, client_with_san);
  const struct {
    const char* what;
    const Credentials* server;
    long verify_result;
  } cases[] = {
      {"foreign CA", &foreign, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY},
      {"expired", &expired, X509_V_ERR_CERT_HAS_EXPIRED},
      {"another host name", &wrong_host, X509_V_ERR_HOSTNAME_MISMATCH},
      {"client certificate (no serverAuth)", &client_cert, X509_V_ERR_INVALID_PURPOSE},
  };
  for (const auto& c : cases) {
    const Outcome outcome = Connect(ServerWith(*c.server), ClientWith(&pki_->client), Version());
    EXPECT_EQ(outcome.connect_reason, SSL_R_CERTIFICATE_VERIFY_FAILED)
        << c.what << ": " << ReasonName(outcome.connect_reason);
    EXPECT_EQ(outcome.verify_result, c.verify_result)
        << c.what << ": " << X509_verify_cert_error_string(outcome.verify_result);
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, TlsHandshake,
                         ::testing::Values(TLS1_3_VERSION, TLS1_2_VERSION),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return param.param == TLS1_3_VERSION ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace suivi::pki
