// Tests of client/tls_probe.h and client/connection_diagnosis.h against a
// real OpenSSL TLS server on 127.0.0.1: each way a connection can fail
// gives its probe outcome and its French message.

#include <openssl/ssl.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "client/connection_diagnosis.h"
#include "client/testing/test_pki.h"
#include "client/testing/tls_test_server.h"
#include "client/tls_probe.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client {
namespace {

using ::suivi::client::testing::ClosedPort;
using ::suivi::client::testing::KeyPair;
using ::suivi::client::testing::TestPki;
using ::suivi::client::testing::TlsTestServer;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;

constexpr absl::Duration kDay = absl::Hours(24);

TlsProbeOptions ProbeOptions(const KeyPair& client, const std::string& ca_pem) {
  TlsProbeOptions options;
  options.certificate_pem = client.certificate_pem;
  options.key_pem = client.key_pem;
  options.ca_pem = ca_pem;
  return options;
}

TlsMaterial Material(const KeyPair& client, const std::string& ca_pem) {
  return TlsMaterial{client.certificate_pem, client.key_pem, ca_pem};
}

HostPort Loopback(uint16_t port) { return HostPort{"127.0.0.1", port}; }

auto OutcomeIs(ProbeOutcome outcome) {
  return IsOkAndHolds(Field(&ProbeResult::outcome, outcome));
}

// The TLS versions gRPC may negotiate: under 1.3 the rejection of the
// client certificate comes after the client's handshake, under 1.2 within.
class TlsDiagnosis : public ::testing::TestWithParam<int> {
 protected:
  int version() const { return GetParam(); }
  TestPki pki_;
};

INSTANTIATE_TEST_SUITE_P(Versions, TlsDiagnosis,
                         ::testing::Values(TLS1_3_VERSION, TLS1_2_VERSION),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return param.param == TLS1_3_VERSION ? "Tls13"
                                                                : "Tls12";
                         });

TEST_P(TlsDiagnosis, EnrolledCertificateIsAccepted) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  EXPECT_THAT(ProbeTls(Loopback(server.port()),
                       ProbeOptions(pki_.Client("agent-1"), pki_.CaPem())),
              OutcomeIs(ProbeOutcome::kAccepted));
}

TEST_P(TlsDiagnosis, AcceptedConnectionQuotesWhatGrpcSaid) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  EXPECT_THAT(
      DiagnoseConnectionFailure(server.address(),
                                Material(pki_.Client("agent-1"), pki_.CaPem()),
                                "Socket closed"),
      StatusIs(absl::StatusCode::kUnavailable,
               AllOf(HasSubstr("serveur indisponible à l'adresse " +
                               server.address()),
                     HasSubstr("Socket closed"))));
}

TEST_P(TlsDiagnosis, CertificateFromForeignCaIsUnknownCa) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  const KeyPair foreign = TestPki::Foreign("agent-1");
  EXPECT_THAT(
      ProbeTls(Loopback(server.port()), ProbeOptions(foreign, pki_.CaPem())),
      OutcomeIs(ProbeOutcome::kClientCertificateUnknownCa));
}

TEST_P(TlsDiagnosis, CertificateFromForeignCaSaysSoInFrench) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  EXPECT_THAT(
      DiagnoseConnectionFailure(
          server.address(), Material(TestPki::Foreign("agent-1"), pki_.CaPem()),
          "failed to connect to all addresses"),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr("certificat non reconnu par le serveur (autorité de "
                         "certification inconnue)")));
}

TEST_P(TlsDiagnosis, ServerSaysExpiredCertificateIsExpired) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  const absl::Time now = absl::Now();
  const KeyPair expired = pki_.Client("agent-1", now - 30 * kDay, now - kDay);
  EXPECT_THAT(
      ProbeTls(Loopback(server.port()), ProbeOptions(expired, pki_.CaPem())),
      OutcomeIs(ProbeOutcome::kClientCertificateExpired));
}

TEST_P(TlsDiagnosis, ServerVerdictOnExpiryIsExplainedWhenOurClockDisagrees) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  const absl::Time now = absl::Now();
  const KeyPair expired = pki_.Client("agent-1", now - 30 * kDay, now - kDay);
  DiagnosisOptions options;
  options.now = now - 2 * kDay;  // A client whose clock is late.
  EXPECT_THAT(
      DiagnoseConnectionFailure(server.address(),
                                Material(expired, pki_.CaPem()),
                                "failed to connect to all addresses", options),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr("votre certificat a expiré selon le serveur")));
}

TEST_P(TlsDiagnosis, NoCertificateIsCertificateRequired) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  TlsProbeOptions options;
  options.ca_pem = pki_.CaPem();
  EXPECT_THAT(ProbeTls(Loopback(server.port()), options),
              OutcomeIs(ProbeOutcome::kClientCertificateRequired));
}

TEST_P(TlsDiagnosis, NoCertificateSaysSoInFrench) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  TlsMaterial material;
  material.ca_pem = pki_.CaPem();
  EXPECT_THAT(DiagnoseConnectionFailure(server.address(), material,
                                        "failed to connect to all addresses"),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("aucun certificat client")));
}

TEST_P(TlsDiagnosis, ServerCertificateFromAnotherCaIsNotRecognised) {
  TlsTestServer server(pki_.server(), pki_.CaPem(), version());
  std::string other_ca;
  TestPki::Foreign("unused", &other_ca);
  const TlsMaterial material = Material(pki_.Client("agent-1"), other_ca);
  EXPECT_THAT(
      DiagnoseConnectionFailure(server.address(), material,
                                "failed to connect to all addresses"),
      StatusIs(absl::StatusCode::kUnavailable,
               AllOf(HasSubstr("le certificat du serveur n'est pas reconnu"),
                     HasSubstr("vérifiez le fichier ca.pem"))));
}

TEST_P(TlsDiagnosis, ServerCertificateForAnotherNameIsAMismatch) {
  pki::IssueOptions options;
  options.common_name = "elsewhere";
  options.usage = pki::Usage::kServer;
  options.dns_names = {"elsewhere.example"};
  auto issued = pki_.ca().IssueWithNewKey(options);
  ASSERT_TRUE(issued.ok()) << issued.status();
  const KeyPair elsewhere{issued->second.ToPem(), issued->first.ToPem()};
  TlsTestServer server(elsewhere, pki_.CaPem(), version());
  EXPECT_THAT(ProbeTls(Loopback(server.port()),
                       ProbeOptions(pki_.Client("agent-1"), pki_.CaPem())),
              OutcomeIs(ProbeOutcome::kServerNameMismatch));
}

TEST(TlsDiagnosisWithoutServer, NothingListeningIsUnreachable) {
  TestPki pki;
  ClosedPort closed;
  EXPECT_THAT(ProbeTls(Loopback(closed.port()),
                       ProbeOptions(pki.Client("agent-1"), pki.CaPem())),
              OutcomeIs(ProbeOutcome::kConnectFailed));
  EXPECT_THAT(
      DiagnoseConnectionFailure(closed.address(),
                                Material(pki.Client("agent-1"), pki.CaPem()),
                                "failed to connect to all addresses"),
      StatusIs(absl::StatusCode::kUnavailable,
               HasSubstr(absl::StrCat(
                   "serveur injoignable à l'adresse ", closed.address(),
                   " : vérifiez l'adresse et que le serveur est démarré"))));
}

TEST(TlsDiagnosisWithoutServer, ExpiredCertificateIsFoundBeforeTheNetwork) {
  TestPki pki;
  ClosedPort closed;  // Would say "injoignable" if it were asked.
  const absl::Time not_after = absl::FromCivil(
      absl::CivilSecond(2024, 3, 15, 12, 0, 0), absl::UTCTimeZone());
  const KeyPair expired =
      pki.Client("agent-1", not_after - 30 * kDay, not_after);
  EXPECT_THAT(
      DiagnoseConnectionFailure(closed.address(),
                                Material(expired, pki.CaPem()),
                                "failed to connect to all addresses"),
      StatusIs(
          absl::StatusCode::kUnauthenticated,
          HasSubstr("votre certificat a expiré le 15/03/2024 : demandez-en "
                    "un nouveau à l'administrateur de votre territoire")));
}

TEST(TlsDiagnosisWithoutServer, CertificateNotYetValidSaysFromWhen) {
  TestPki pki;
  const absl::Time now = absl::Now();
  const KeyPair future =
      pki.Client("agent-1", now + 10 * kDay, now + 20 * kDay);
  EXPECT_THAT(
      CheckCertificateDates(future.certificate_pem, now),
      ::testing::Optional(StatusIs(absl::StatusCode::kUnauthenticated,
                                   HasSubstr("n'est valable qu'à partir du"))));
}

TEST(TlsDiagnosisWithoutServer, CertificateInForceHasNoDateProblem) {
  TestPki pki;
  EXPECT_EQ(
      CheckCertificateDates(pki.Client("agent-1").certificate_pem, absl::Now()),
      std::nullopt);
}

TEST(TlsDiagnosisWithoutServer, KeyOfAnotherCertificateIsRefusedLocally) {
  TestPki pki;
  TlsProbeOptions options = ProbeOptions(pki.Client("agent-1"), pki.CaPem());
  options.key_pem = pki.Client("agent-2").key_pem;
  ClosedPort closed;
  EXPECT_THAT(ProbeTls(Loopback(closed.port()), options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ne correspond pas")));
}

TEST(IssuedByOneOf, FindsTheIssuerAmongSeveralCas) {
  TestPki pki;
  std::string foreign_ca;
  const KeyPair foreign = TestPki::Foreign("agent-1", &foreign_ca);
  const KeyPair ours = pki.Client("agent-1");
  EXPECT_TRUE(IssuedByOneOf(ours.certificate_pem, pki.CaPem()));
  EXPECT_TRUE(IssuedByOneOf(ours.certificate_pem, foreign_ca + pki.CaPem()));
  EXPECT_FALSE(IssuedByOneOf(foreign.certificate_pem, pki.CaPem()));
  EXPECT_FALSE(IssuedByOneOf("", pki.CaPem()));
}

TEST(ExplainProbe, SilentRefusalOfACertificateFromAnotherCaIsUnknownCa) {
  TestPki pki;
  const ProbeResult dropped{ProbeOutcome::kClientCertificateDropped, ""};
  EXPECT_THAT(
      ExplainProbe(dropped, "h:1",
                   Material(TestPki::Foreign("agent-1"), pki.CaPem()), ""),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr("autorité de certification inconnue")));
  EXPECT_THAT(ExplainProbe(dropped, "h:1",
                           Material(pki.Client("agent-1"), pki.CaPem()), ""),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("certificat refusé par le serveur")));
}

// Every outcome has a message, and none is empty.
TEST(ExplainProbe, EveryOutcomeHasAFrenchMessage) {
  for (int i = 0; i <= static_cast<int>(ProbeOutcome::kTlsFailure); ++i) {
    const ProbeResult probe{static_cast<ProbeOutcome>(i), "detail"};
    const absl::Status status = ExplainProbe(probe, "suivi.example.fr:8443",
                                             TlsMaterial(), "transport");
    EXPECT_FALSE(status.ok()) << ProbeOutcomeName(probe.outcome);
    EXPECT_FALSE(status.message().empty()) << ProbeOutcomeName(probe.outcome);
  }
}

}  // namespace
}  // namespace suivi::client
