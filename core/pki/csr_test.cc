// Tests of core/pki/csr.h: making and checking certificate signing requests.

#include "core/pki/csr.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::pki {
namespace {

using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string PublicKeyDerOf(const PrivateKey& key) {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key.native(), &der);
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(size));
  OPENSSL_free(der);
  return out;
}

// A CSR whose subject says CN=`common_name` but signed with `signer`,
// while carrying the public key of `key`.
std::string CsrSignedByAnotherKey(const PrivateKey& key, const PrivateKey& signer,
                                  const std::string& common_name = "Lucas M.") {
  X509ReqPtr request(X509_REQ_new());
  X509_NAME_add_entry_by_NID(
      X509_REQ_get_subject_name(request.get()), NID_commonName, MBSTRING_UTF8,
      reinterpret_cast<const unsigned char*>(common_name.data()),
      static_cast<int>(common_name.size()), -1, 0);
  X509_REQ_set_pubkey(request.get(), key.native());
  EXPECT_GT(X509_REQ_sign(request.get(), signer.native(), EVP_sha256()), 0);
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), request.get());
  return BioContents(bio.get());
}

// `pem` with one bit flipped in the middle of its base64 body.
std::string FlipABit(const std::string& pem) {
  std::vector<std::string> lines = absl::StrSplit(pem, '\n');
  std::string der;
  EXPECT_TRUE(absl::Base64Unescape(
      absl::StrJoin(lines.begin() + 1, lines.end() - 2, ""), &der));
  der[der.size() / 2] ^= 0x01;
  std::string body = absl::Base64Escape(der);
  return absl::StrCat(lines.front(), "\n", body, "\n", lines[lines.size() - 2], "\n");
}

TEST(Csr, ParsedRequestGivesTheNameAndTheKeyOfItsMaker) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(const std::string pem, MakeCsrPem(key, "Hélène (greffe)"));
  EXPECT_THAT(pem, StartsWith("-----BEGIN CERTIFICATE REQUEST-----\n"));
  ASSERT_OK_AND_ASSIGN(const CsrInfo info, ParseCsr(pem));
  EXPECT_EQ(info.common_name, "Hélène (greffe)");
  EXPECT_EQ(info.public_key_der, PublicKeyDerOf(key));
}

TEST(Csr, ANameThatIsEmptyOrTooLongIsRefused) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  EXPECT_THAT(MakeCsrPem(key, ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeCsrPem(key, std::string(65, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("CN")));
  EXPECT_THAT(MakeCsrPem(key, std::string(64, 'a')), ::suivi::testing::IsOk());
  // 64 characters, 128 bytes: the limit counts characters.
  std::string accents;
  for (int i = 0; i < 64; ++i) accents += "é";
  EXPECT_THAT(MakeCsrPem(key, accents), ::suivi::testing::IsOk());
}

TEST(Csr, BadRequestsAreInvalidArgumentInFrench) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(const PrivateKey other, PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(const std::string pem, MakeCsrPem(key, "utilisateur"));
  const struct {
    const char* what;
    std::string pem;
  } cases[] = {
      {"empty", ""},
      {"not PEM", "bonjour"},
      {"a key", key.ToPem()},
      {"truncated", pem.substr(0, pem.size() - 40)},
      {"one bit flipped", FlipABit(pem)},
      {"signed by another key", CsrSignedByAnotherKey(key, other)},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(ParseCsr(c.pem),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("la demande de certificat (CSR) est invalide")))
        << c.what;
  }
}

TEST(Csr, ARequestForAnotherKindOfKeyIsRefused) {
  EvpPkeyPtr rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
  X509ReqPtr request(X509_REQ_new());
  X509_REQ_set_pubkey(request.get(), rsa.get());
  ASSERT_GT(X509_REQ_sign(request.get(), rsa.get(), EVP_sha256()), 0);
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), request.get());
  EXPECT_THAT(ParseCsr(BioContents(bio.get())),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("P-256")));
}

TEST(Csr, MessagesNeverQuoteTheRequest) {
  ASSERT_OK_AND_ASSIGN(const PrivateKey key, PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(const PrivateKey other, PrivateKey::Generate());
  const auto status = ParseCsr(CsrSignedByAnotherKey(key, other));
  EXPECT_THAT(status, Not(::suivi::testing::IsOk()));
  EXPECT_THAT(std::string(status.status().message()), Not(HasSubstr("Lucas")));
}

}  // namespace
}  // namespace suivi::pki
