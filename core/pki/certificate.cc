#include "core/pki/certificate.h"

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>

#include <ctime>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/pki/x509_util.h"

namespace suivi::pki {
namespace {

absl::Status UnreadablePem() {
  return absl::InvalidArgumentError("certificat illisible : PEM attendu");
}

std::string Hex(const unsigned char* bytes, unsigned int size) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), size));
}

absl::Time FromAsn1Time(const ASN1_TIME* time) {
  struct tm tm = {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return absl::InfinitePast();
  const absl::CivilSecond civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return absl::FromCivil(civil, absl::UTCTimeZone());
}

// Frees what PEM_read_bio allocates.
struct PemBlock {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long size = 0;
  ~PemBlock() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
};

// Reads the next PEM block of `bio` into `block`; true if it is a
// non-empty "CERTIFICATE".
bool ReadCertificateBlock(BIO* bio, PemBlock* block) {
  return PEM_read_bio(bio, &block->name, &block->header, &block->data,
                      &block->size) == 1 &&
         absl::string_view(block->name) == PEM_STRING_X509 && block->size > 0;
}

// True if `bio` holds one more PEM block after what was read from it.
bool HasAnotherPemBlock(BIO* bio) {
  PemBlock next;
  return PEM_read_bio(bio, &next.name, &next.header, &next.data, &next.size) == 1;
}

}  // namespace

Certificate::Certificate(X509Ptr cert) : cert_(std::move(cert)) {}

absl::StatusOr<Certificate> Certificate::FromPem(absl::string_view pem) {
  const ClearOpenSslErrorsOnExit clear_errors;
  BioPtr bio = ReadOnlyBio(pem);
  PemBlock block;
  if (bio == nullptr || !ReadCertificateBlock(bio.get(), &block)) {
    return UnreadablePem();
  }
  const unsigned char* der = block.data;
  X509Ptr cert(d2i_X509(nullptr, &der, block.size));
  if (cert == nullptr || der != block.data + block.size) {
    return absl::InvalidArgumentError("certificat illisible : contenu invalide");
  }
  if (HasAnotherPemBlock(bio.get())) {
    return absl::InvalidArgumentError(
        "certificat illisible : un seul certificat PEM attendu");
  }
  return Certificate(std::move(cert));
}

std::string Certificate::ToPem() const {
  const ClearOpenSslErrorsOnExit clear_errors;
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_X509(bio.get(), cert_.get()) != 1) return "";
  return BioContents(bio.get());
}

std::string Certificate::Fingerprint() const {
  const ClearOpenSslErrorsOnExit clear_errors;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(cert_.get(), Sha256(), digest, &size) != 1) return "";
  return Hex(digest, size);
}

std::string Certificate::CommonName() const {
  return CommonNameOf(X509_get_subject_name(cert_.get()));
}

absl::Time Certificate::NotBefore() const {
  return FromAsn1Time(X509_get0_notBefore(cert_.get()));
}

absl::Time Certificate::NotAfter() const {
  return FromAsn1Time(X509_get0_notAfter(cert_.get()));
}

bool Certificate::IsCa() const {
  return (X509_get_extension_flags(cert_.get()) & EXFLAG_CA) != 0;
}

absl::Status Certificate::VerifySignedBy(const Certificate& issuer) const {
  const ClearOpenSslErrorsOnExit clear_errors;
  const int issued = X509_check_issued(issuer.native(), cert_.get());
  if (issued != X509_V_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificat non émis par cette autorité : ",
                     X509_verify_cert_error_string(issued)));
  }
  EVP_PKEY* issuer_key = X509_get0_pubkey(issuer.native());
  if (issuer_key == nullptr || X509_verify(cert_.get(), issuer_key) != 1) {
    return absl::InvalidArgumentError(
        "certificat non émis par cette autorité : signature invalide");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FingerprintOfPem(absl::string_view pem) {
  const ClearOpenSslErrorsOnExit clear_errors;
  BioPtr bio = ReadOnlyBio(pem);
  PemBlock block;
  if (bio == nullptr || !ReadCertificateBlock(bio.get(), &block)) {
    return UnreadablePem();
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(block.data, static_cast<size_t>(block.size), digest, &size,
                 Sha256(), nullptr) != 1) {
    return absl::InternalError("échec du calcul d'empreinte (OpenSSL)");
  }
  return Hex(digest, size);
}

}  // namespace suivi::pki
