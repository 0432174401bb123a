// Tests of core/pki/private_key.h: EC P-256 keys and their PEM form.

#include "core/pki/private_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstring>
#include <string>

#include "core/common/status_matchers.h"
#include "core/pki/certificate_authority.h"
#include "core/pki/x509_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::pki {
namespace {

using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The PEM of a key made by OpenSSL directly; `traditional` writes the
// legacy per-algorithm form ("EC PRIVATE KEY") instead of PKCS#8, and
// `passphrase` encrypts it.
std::string ForeignKeyPem(EVP_PKEY* key, bool traditional = false,
                          const char* passphrase = nullptr) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  const EVP_CIPHER* cipher = passphrase != nullptr ? EVP_aes_256_cbc() : nullptr;
  const int passphrase_size =
      passphrase != nullptr ? static_cast<int>(std::strlen(passphrase)) : 0;
  const int written =
      traditional
          ? PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0,
                                                 nullptr, nullptr)
          : PEM_write_bio_PKCS8PrivateKey(bio.get(), key, cipher, passphrase,
                                          passphrase_size, nullptr, nullptr);
  EXPECT_EQ(written, 1);
  return BioContents(bio.get());
}

std::string GeneratedPem(EVP_PKEY* key) {
  EXPECT_NE(key, nullptr);
  const std::string pem = key != nullptr ? ForeignKeyPem(key) : "";
  EVP_PKEY_free(key);
  return pem;
}

TEST(PrivateKey, PemIsUnencryptedPkcs8AndRoundTrips) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  const std::string pem = key.ToPem();
  EXPECT_THAT(pem, StartsWith("-----BEGIN PRIVATE KEY-----\n"));
  ASSERT_OK_AND_ASSIGN(const PrivateKey parsed, PrivateKey::FromPem(pem));
  EXPECT_EQ(parsed.ToPem(), pem);
  EXPECT_EQ(EVP_PKEY_eq(parsed.native(), key.native()), 1);
  EXPECT_TRUE(IsP256(parsed.native()));
}

TEST(PrivateKey, TwoGeneratedKeysDiffer) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey a, PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(const PrivateKey b, PrivateKey::Generate());
  EXPECT_NE(a.ToPem(), b.ToPem());
}

TEST(PrivateKey, Sec1EcPrivateKeyPemIsAccepted) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  const std::string sec1 = ForeignKeyPem(key.native(), /*traditional=*/true);
  ASSERT_THAT(sec1, StartsWith("-----BEGIN EC PRIVATE KEY-----"));
  ASSERT_OK_AND_ASSIGN(const PrivateKey parsed, PrivateKey::FromPem(sec1));
  EXPECT_EQ(parsed.ToPem(), key.ToPem());
}

TEST(PrivateKey, OtherKeysAndEncryptedKeysAreInvalidArgument) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  const struct {
    const char* what;
    std::string pem;
  } cases[] = {
      {"empty", ""},
      {"not PEM", "-----BEGIN PRIVATE KEY-----\nbonjour\n-----END PRIVATE KEY-----\n"},
      {"EC P-384", GeneratedPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"))},
      {"Ed25519", GeneratedPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"))},
      {"RSA", GeneratedPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}))},
      // Must fail at once: OpenSSL's default would prompt on the terminal.
      {"encrypted", ForeignKeyPem(key.native(), false, "secret")},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(PrivateKey::FromPem(c.pem),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("clé privée")))
        << c.what;
  }
}

TEST(PrivateKey, MatchesOnlyTheCertificateOfItsPublicKey) {
  ASSERT_OK_AND_ASSIGN(auto ca, CertificateAuthority::Create("CA"));
  IssueOptions options;
  options.common_name = "utilisateur";
  ASSERT_OK_AND_ASSIGN(auto issued, ca->IssueWithNewKey(options));
  EXPECT_TRUE(issued.first.Matches(issued.second));
  EXPECT_FALSE(issued.first.Matches(ca->certificate()));
}

TEST(PrivateKey, FailuresLeaveNoErrorOnOpenSslsQueue) {
  EXPECT_THAT(PrivateKey::FromPem("bonjour"), Not(::suivi::testing::IsOk()));
  EXPECT_EQ(ERR_peek_error(), 0u);
}

}  // namespace
}  // namespace suivi::pki
