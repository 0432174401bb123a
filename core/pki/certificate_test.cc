// Tests of core/pki/certificate.h: parsing, fingerprints and accessors.

#include "core/pki/certificate.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <iostream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_matchers.h"
#include "core/pki/certificate_authority.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::pki {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

std::unique_ptr<CertificateAuthority> NewCa(absl::string_view name = "Suivi test CA") {
  auto ca = CertificateAuthority::Create(name);
  EXPECT_THAT(ca, IsOk());
  return ca.ok() ? std::move(ca).value() : nullptr;
}

Certificate NewClientCert(const CertificateAuthority& ca, absl::string_view cn) {
  IssueOptions options;
  options.common_name = std::string(cn);
  auto issued = ca.IssueWithNewKey(options);
  EXPECT_THAT(issued, IsOk());
  return std::move(issued->second);
}

// SHA-256 of the DER, computed independently of Certificate.
std::string ReferenceFingerprint(const Certificate& cert) {
  unsigned char* der = nullptr;
  const int size = i2d_X509(cert.native(), &der);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EXPECT_EQ(EVP_Digest(der, static_cast<size_t>(size), digest, &digest_size,
                       EVP_sha256(), nullptr), 1);
  OPENSSL_free(der);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_size));
}

TEST(Certificate, PemRoundTripKeepsEveryByte) {
  auto ca = NewCa();
  const std::string pem = ca->certificate().ToPem();
  EXPECT_THAT(pem, StartsWith("-----BEGIN CERTIFICATE-----\n"));
  ASSERT_OK_AND_ASSIGN(const Certificate parsed, Certificate::FromPem(pem));
  EXPECT_EQ(parsed.ToPem(), pem);
  EXPECT_EQ(parsed.Fingerprint(), ca->certificate().Fingerprint());
}

TEST(Certificate, FingerprintIsTheSha256OfTheDerInLowercaseHex) {
  auto ca = NewCa();
  const Certificate cert = NewClientCert(*ca, "Agnès Durand");
  EXPECT_THAT(cert.Fingerprint(), MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(cert.Fingerprint().size(), kFingerprintChars);
  EXPECT_EQ(cert.Fingerprint(), ReferenceFingerprint(cert));
}

TEST(Certificate, TwoCertificatesForOneNameHaveDistinctFingerprints) {
  auto ca = NewCa();
  EXPECT_NE(NewClientCert(*ca, "cabinet").Fingerprint(),
            NewClientCert(*ca, "cabinet").Fingerprint());
}

TEST(Certificate, CommonNameIsReadBackInUtf8) {
  auto ca = NewCa("Autorité de développement");
  EXPECT_EQ(ca->certificate().CommonName(), "Autorité de développement");
  EXPECT_EQ(NewClientCert(*ca, "Zoé Lefèvre").CommonName(), "Zoé Lefèvre");
}

TEST(Certificate, ValidityIsReadBackToTheSecond) {
  auto ca = NewCa();
  IssueOptions options;
  options.common_name = "périmé";
  options.not_before = absl::FromUnixSeconds(1700000000);
  options.not_after = absl::FromUnixSeconds(1700086400);
  ASSERT_OK_AND_ASSIGN(auto issued, ca->IssueWithNewKey(options));
  EXPECT_EQ(issued.second.NotBefore(), options.not_before);
  EXPECT_EQ(issued.second.NotAfter(), options.not_after);
}

TEST(Certificate, UnreadableInputsAreInvalidArgument) {
  auto ca = NewCa();
  const std::string pem = ca->certificate().ToPem();
  std::string corrupted = pem;
  corrupted[40] = corrupted[40] == 'A' ? 'B' : 'A';  // inside the DER
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  const struct {
    const char* what;
    std::string input;
  } cases[] = {
      {"empty", ""},
      {"not PEM", "bonjour"},
      {"truncated", pem.substr(0, pem.size() / 2)},
      {"corrupted DER", corrupted},
      {"a private key", key.ToPem()},
      {"a key before the certificate", key.ToPem() + pem},
      {"a chain of two", pem + NewClientCert(*ca, "x").ToPem()},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(Certificate::FromPem(c.input),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("certificat")))
        << c.what;
  }
}

TEST(Certificate, TextAroundTheOnePemBlockIsIgnored) {
  auto ca = NewCa();
  const std::string pem = ca->certificate().ToPem();
  ASSERT_OK_AND_ASSIGN(const Certificate cert,
                       Certificate::FromPem(absl::StrCat("Subject: x\n", pem, "\n\n")));
  EXPECT_EQ(cert.Fingerprint(), ca->certificate().Fingerprint());
}

TEST(Certificate, IsCaOnlyForAnAuthority) {
  auto ca = NewCa();
  EXPECT_TRUE(ca->certificate().IsCa());
  EXPECT_FALSE(NewClientCert(*ca, "utilisateur").IsCa());
}

TEST(Certificate, IssuedCertificateVerifiesAgainstItsCaOnly) {
  auto ca = NewCa();
  auto foreign = NewCa();  // same name, another key
  const Certificate cert = NewClientCert(*ca, "utilisateur");
  EXPECT_THAT(cert.VerifySignedBy(ca->certificate()), IsOk());
  EXPECT_THAT(ca->certificate().VerifySignedBy(ca->certificate()), IsOk());
  EXPECT_THAT(cert.VerifySignedBy(foreign->certificate()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("autorité")));
  EXPECT_THAT(cert.VerifySignedBy(cert), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(FingerprintOfPem, EqualsTheParsedCertificatesFingerprint) {
  auto ca = NewCa();
  const Certificate cert = NewClientCert(*ca, "utilisateur");
  EXPECT_THAT(FingerprintOfPem(cert.ToPem()), IsOkAndHolds(cert.Fingerprint()));
  EXPECT_THAT(FingerprintOfPem(cert.ToPem() + ca->certificate().ToPem()),
              IsOkAndHolds(cert.Fingerprint()));
}

TEST(FingerprintOfPem, AnythingButACertificateIsInvalidArgument) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  for (const std::string& input : {std::string(), std::string("bonjour"), key.ToPem()}) {
    EXPECT_THAT(FingerprintOfPem(input),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("PEM")));
  }
}

// Microseconds per call of `f`, over `calls` calls.
template <typename F>
double MicrosPerCall(int calls, F f) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) f();
  const std::chrono::duration<double, std::micro> elapsed =
      std::chrono::steady_clock::now() - start;
  return elapsed.count() / calls;
}

// Logs the costs: OpenSSL 3.0 decodes the public key of a certificate
// through its provider decoders, which makes a parse ~40 times dearer than
// hashing the PEM's DER bytes.
TEST(FingerprintOfPem, IsCheaperThanParsingTheCertificate) {
  auto ca = NewCa();
  const std::string pem = NewClientCert(*ca, "utilisateur").ToPem();
  const double fingerprint = MicrosPerCall(10000, [&pem] {
    ASSERT_THAT(FingerprintOfPem(pem), IsOk());
  });
  const double parse = MicrosPerCall(500, [&pem] {
    ASSERT_THAT(Certificate::FromPem(pem), IsOk());
  });
  std::cout << "FingerprintOfPem: " << fingerprint
            << " µs/call; Certificate::FromPem: " << parse << " µs/call\n";
  EXPECT_LT(fingerprint, parse);
}

}  // namespace
}  // namespace suivi::pki
