// Tests of core/pki/certificate_authority.h: what the CA signs, and that
// OpenSSL's own chain verification accepts or refuses it as it should.

#include "core/pki/certificate_authority.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <set>
#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "core/pki/csr.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::pki {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;

struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};

constexpr absl::Duration kDay = absl::Hours(24);

absl::Time Now() { return absl::Now(); }

std::unique_ptr<CertificateAuthority> NewCa(
    absl::Duration validity = kDefaultCaValidity,
    absl::Time not_before = absl::InfinitePast()) {
  auto ca = CertificateAuthority::Create("Suivi test CA", validity, not_before);
  EXPECT_THAT(ca, IsOk());
  return ca.ok() ? std::move(ca).value() : nullptr;
}

IssueOptions ServerOptions() {
  IssueOptions options;
  options.common_name = "suivid";
  options.usage = Usage::kServer;
  options.dns_names = {"localhost"};
  options.ip_addresses = {"127.0.0.1", "::1"};
  return options;
}

IssueOptions ClientOptions(absl::Time not_before = absl::InfinitePast(),
                           absl::Time not_after = absl::InfiniteFuture()) {
  IssueOptions options;
  options.common_name = "cabinet-montargis";
  options.not_before = not_before;
  options.not_after = not_after;
  return options;
}

Certificate Issue(const CertificateAuthority& ca, const IssueOptions& options) {
  auto issued = ca.IssueWithNewKey(options);
  EXPECT_THAT(issued, IsOk());
  return std::move(issued->second);
}

// The X509_V_* result of OpenSSL's chain verification of `leaf`, now,
// against a store trusting `trusted` only, with strict X.509 checks and
// the TLS `purpose` (X509_PURPOSE_SSL_CLIENT or _SSL_SERVER).
int VerifyChain(const Certificate& leaf, const Certificate& trusted, int purpose) {
  std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
  std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
  EXPECT_EQ(X509_STORE_add_cert(store.get(), trusted.native()), 1);
  EXPECT_EQ(X509_STORE_CTX_init(ctx.get(), store.get(), leaf.native(), nullptr), 1);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
  X509_VERIFY_PARAM_set_purpose(param, purpose);
  const int verified = X509_verify_cert(ctx.get());
  const int error = X509_STORE_CTX_get_error(ctx.get());
  EXPECT_EQ(verified == 1, error == X509_V_OK);
  return error;
}

TEST(CertificateAuthority, ChainVerificationGivesOpenSslsErrorForEachCase) {
  auto ca = NewCa();
  auto foreign = NewCa();  // same name, another key
  auto expired_ca = NewCa(kDay, Now() - 3 * kDay);
  const struct {
    const char* what;
    Certificate leaf;
    int purpose;
    int expected;
  } cases[] = {
      {"client", Issue(*ca, ClientOptions()), X509_PURPOSE_SSL_CLIENT, X509_V_OK},
      {"server", Issue(*ca, ServerOptions()), X509_PURPOSE_SSL_SERVER, X509_V_OK},
      {"server certificate used by a client", Issue(*ca, ServerOptions()),
       X509_PURPOSE_SSL_CLIENT, X509_V_ERR_INVALID_PURPOSE},
      {"client certificate used by a server", Issue(*ca, ClientOptions()),
       X509_PURPOSE_SSL_SERVER, X509_V_ERR_INVALID_PURPOSE},
      {"expired", Issue(*ca, ClientOptions(Now() - 2 * kDay, Now() - kDay)),
       X509_PURPOSE_SSL_CLIENT, X509_V_ERR_CERT_HAS_EXPIRED},
      {"not yet valid", Issue(*ca, ClientOptions(Now() + kDay, Now() + 2 * kDay)),
       X509_PURPOSE_SSL_CLIENT, X509_V_ERR_CERT_NOT_YET_VALID},
      {"foreign CA", Issue(*foreign, ClientOptions()), X509_PURPOSE_SSL_CLIENT,
       X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(VerifyChain(c.leaf, ca->certificate(), c.purpose), c.expected)
        << c.what << ": " << X509_verify_cert_error_string(c.expected);
  }
  EXPECT_EQ(VerifyChain(Issue(*expired_ca, ClientOptions()), expired_ca->certificate(),
                        X509_PURPOSE_SSL_CLIENT),
            X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST(CertificateAuthority, CaCertificateIsAStrictV3Authority) {
  auto ca = NewCa();
  X509* cert = ca->certificate().native();
  EXPECT_EQ(X509_get_version(cert), X509_VERSION_3);
  EXPECT_EQ(X509_check_ca(cert), 1);
  EXPECT_EQ(X509_get_key_usage(cert), uint32_t{KU_KEY_CERT_SIGN | KU_CRL_SIGN});
  ASSERT_NE(X509_get0_subject_key_id(cert), nullptr);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(cert),
                                  X509_get0_subject_key_id(cert)), 0);
  EXPECT_EQ(X509_EXTENSION_get_critical(
                X509_get_ext(cert, X509_get_ext_by_NID(cert, NID_basic_constraints, -1))),
            1);
  EXPECT_EQ(VerifyChain(ca->certificate(), ca->certificate(), X509_PURPOSE_ANY),
            X509_V_OK);
}

TEST(CertificateAuthority, LeafCertificatesCarryTheirRoleAndTheCasKeyId) {
  auto ca = NewCa();
  const Certificate server = Issue(*ca, ServerOptions());
  const Certificate client = Issue(*ca, ClientOptions());
  for (const Certificate* leaf : {&server, &client}) {
    X509* cert = leaf->native();
    EXPECT_EQ(X509_get_version(cert), X509_VERSION_3);
    EXPECT_EQ(X509_check_ca(cert), 0);
    EXPECT_EQ(X509_get_key_usage(cert), uint32_t{KU_DIGITAL_SIGNATURE});
    EXPECT_NE(X509_get0_subject_key_id(cert), nullptr);
    EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(cert),
                                    X509_get0_subject_key_id(ca->certificate().native())),
              0);
  }
  EXPECT_EQ(X509_get_extended_key_usage(server.native()), uint32_t{XKU_SSL_SERVER});
  EXPECT_EQ(X509_get_extended_key_usage(client.native()), uint32_t{XKU_SSL_CLIENT});
  EXPECT_EQ(X509_check_host(server.native(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(server.native(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.native(), "::1", 0), 1);
  EXPECT_EQ(X509_check_host(server.native(), "example.org", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_get_ext_by_NID(client.native(), NID_subject_alt_name, -1), -1);
}

TEST(CertificateAuthority, SerialsAreRandomPositiveAndWithinRfc5280sLimit) {
  auto ca = NewCa();
  std::set<std::string> serials;
  for (int i = 0; i < 20; ++i) {
    const Certificate cert = Issue(*ca, ClientOptions());
    BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.native()), nullptr));
    EXPECT_FALSE(BN_is_negative(serial.get()));
    EXPECT_FALSE(BN_is_zero(serial.get()));
    EXPECT_LE(BN_num_bits(serial.get()), 127);  // DER: 16 bytes, RFC 5280 allows 20
    char* hex = BN_bn2hex(serial.get());
    serials.insert(hex);
    OPENSSL_free(hex);
  }
  EXPECT_EQ(serials.size(), 20u);
}

TEST(CertificateAuthority, DefaultValidityStartsFiveMinutesAgo) {
  const absl::Time before = Now();
  auto ca = NewCa();
  const Certificate leaf = Issue(*ca, ClientOptions());
  const absl::Time after = Now();
  const absl::Time before_second = absl::FromUnixSeconds(absl::ToUnixSeconds(before));
  for (const Certificate* cert : {&ca->certificate(), &leaf}) {
    EXPECT_GE(cert->NotBefore(), before_second - kClockSkewAllowance);
    EXPECT_LE(cert->NotBefore(), after - kClockSkewAllowance);
  }
  EXPECT_EQ(ca->certificate().NotAfter() - ca->certificate().NotBefore(),
            kDefaultCaValidity);
  EXPECT_EQ(leaf.NotAfter() - leaf.NotBefore(), kDefaultLeafValidity);
}

TEST(CertificateAuthority, IssuesForTheCsrsKeyWithTheCsrsNameUnlessOverridden) {
  auto ca = NewCa();
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(const std::string csr, MakeCsrPem(key, "nom demandé"));
  ASSERT_OK_AND_ASSIGN(const Certificate as_asked, ca->IssueFromCsr(csr, IssueOptions()));
  EXPECT_TRUE(key.Matches(as_asked));
  EXPECT_EQ(as_asked.CommonName(), "nom demandé");
  EXPECT_THAT(as_asked.VerifySignedBy(ca->certificate()), IsOk());
  ASSERT_OK_AND_ASSIGN(const Certificate renamed, ca->IssueFromCsr(csr, ClientOptions()));
  EXPECT_TRUE(key.Matches(renamed));
  EXPECT_EQ(renamed.CommonName(), "cabinet-montargis");
  EXPECT_EQ(VerifyChain(renamed, ca->certificate(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST(CertificateAuthority, ABadCsrIsInvalidArgument) {
  auto ca = NewCa();
  EXPECT_THAT(ca->IssueFromCsr("bonjour", ClientOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("CSR")));
}

TEST(CertificateAuthority, BadOptionsAreInvalidArgument) {
  auto ca = NewCa();
  const auto with = [](auto change) {
    IssueOptions options = ServerOptions();
    change(options);
    return options;
  };
  const struct {
    const char* what;
    IssueOptions options;
  } cases[] = {
      {"no name", with([](IssueOptions& o) { o.common_name.clear(); })},
      {"name too long", with([](IssueOptions& o) { o.common_name.assign(65, 'a'); })},
      {"server without SAN", with([](IssueOptions& o) {
         o.dns_names.clear();
         o.ip_addresses.clear();
       })},
      {"DNS injection", with([](IssueOptions& o) { o.dns_names = {"a,IP:10.0.0.1"}; })},
      {"empty DNS name", with([](IssueOptions& o) { o.dns_names = {""}; })},
      {"DNS name with a space", with([](IssueOptions& o) { o.dns_names = {"a b"}; })},
      {"bad IPv4", with([](IssueOptions& o) { o.ip_addresses = {"999.0.0.1"}; })},
      {"host name as IP", with([](IssueOptions& o) { o.ip_addresses = {"localhost"}; })},
      {"ends before it starts", with([](IssueOptions& o) {
         o.not_before = Now();
         o.not_after = Now() - kDay;
       })},
      {"zero validity", with([](IssueOptions& o) { o.validity = absl::ZeroDuration(); })},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(ca->IssueWithNewKey(c.options),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << c.what;
  }
  EXPECT_THAT(CertificateAuthority::Create(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CertificateAuthority, SavedAndReloadedCaKeepsIssuingForTheSameChain) {
  auto ca = NewCa();
  ASSERT_OK_AND_ASSIGN(
      auto reloaded, CertificateAuthority::FromPem(ca->certificate().ToPem(), ca->KeyPem()));
  EXPECT_EQ(reloaded->certificate().Fingerprint(), ca->certificate().Fingerprint());
  EXPECT_EQ(VerifyChain(Issue(*reloaded, ClientOptions()), ca->certificate(),
                        X509_PURPOSE_SSL_CLIENT),
            X509_V_OK);
}

TEST(CertificateAuthority, LoadingRefusesAMismatchedKeyOrANonCaCertificate) {
  auto ca = NewCa();
  auto other = NewCa();
  ASSERT_OK_AND_ASSIGN(auto leaf, ca->IssueWithNewKey(ClientOptions()));
  const std::string ca_pem = ca->certificate().ToPem();
  EXPECT_THAT(CertificateAuthority::FromPem(ca_pem, other->KeyPem()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ne correspond pas")));
  EXPECT_THAT(CertificateAuthority::FromPem(leaf.second.ToPem(), leaf.first.ToPem()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("autorité")));
  EXPECT_THAT(CertificateAuthority::FromPem(ca_pem, "bonjour"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("clé privée")));
  EXPECT_THAT(CertificateAuthority::FromPem("bonjour", ca->KeyPem()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("certificat")));
}

}  // namespace
}  // namespace suivi::pki
