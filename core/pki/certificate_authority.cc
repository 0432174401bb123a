#include "core/pki/certificate_authority.h"

#include <openssl/asn1.h>
#include <openssl/rand.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/common/clock.h"
#include "core/common/status_macros.h"
#include "core/pki/csr.h"
#include "core/pki/x509_util.h"

namespace suivi::pki {
namespace {

// Size of a serial number: 128 bits whose top one, the DER sign bit, is
// clear, so the integer is positive and fits in 16 bytes (RFC 5280 allows
// 20); the other 127 are random.
constexpr int kSerialBits = 128;
// Longest DNS name (RFC 1035).
constexpr size_t kMaxDnsNameChars = 253;

absl::Status OpenSslFailure() {
  return absl::InternalError("échec de la signature du certificat (OpenSSL)");
}

struct Validity {
  absl::Time not_before;
  absl::Time not_after;
};

absl::StatusOr<Validity> ResolveValidity(absl::Time not_before, absl::Time not_after,
                                         absl::Duration validity) {
  Validity v;
  v.not_before = not_before == absl::InfinitePast()
                     ? Clock::Real()->Now() - kClockSkewAllowance
                     : not_before;
  v.not_after = not_after == absl::InfiniteFuture() ? v.not_before + validity
                                                    : not_after;
  if (v.not_after <= v.not_before || v.not_before == absl::InfinitePast() ||
      v.not_after == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError(
        "période de validité invalide : la fin doit suivre le début");
  }
  return v;
}

absl::Status SetValidity(X509* cert, const Validity& validity) {
  if (ASN1_TIME_set(X509_getm_notBefore(cert), absl::ToTimeT(validity.not_before)) ==
          nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert), absl::ToTimeT(validity.not_after)) ==
          nullptr) {
    return absl::InvalidArgumentError("période de validité hors des dates possibles");
  }
  return absl::OkStatus();
}

absl::Status SetRandomSerial(X509* cert) {
  BignumPtr serial(BN_new());
  if (serial == nullptr ||
      BN_rand(serial.get(), kSerialBits - 1, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      (BN_is_zero(serial.get()) && BN_one(serial.get()) != 1)) {
    return OpenSslFailure();
  }
  Asn1IntegerPtr integer(BN_to_ASN1_INTEGER(serial.get(), nullptr));
  if (integer == nullptr || X509_set_serialNumber(cert, integer.get()) != 1) {
    return OpenSslFailure();
  }
  return absl::OkStatus();
}

// An unsigned X.509 v3 certificate for `subject_key` named `common_name`,
// issued by `issuer` (nullptr: by itself).
absl::StatusOr<X509Ptr> NewCertificate(EVP_PKEY* subject_key,
                                       absl::string_view common_name,
                                       const X509* issuer, const Validity& validity) {
  X509Ptr cert(X509_new());
  if (cert == nullptr) return OpenSslFailure();
  RETURN_IF_ERROR(AddCommonName(X509_get_subject_name(cert.get()), common_name));
  const X509_NAME* issuer_name = X509_get_subject_name(
      issuer != nullptr ? issuer : cert.get());
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      X509_set_issuer_name(cert.get(), issuer_name) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return OpenSslFailure();
  }
  RETURN_IF_ERROR(SetRandomSerial(cert.get()));
  RETURN_IF_ERROR(SetValidity(cert.get(), validity));
  return cert;
}

// Adds an extension written in OpenSSL's configuration syntax. `value` is
// always a constant of this file, never user input.
absl::Status AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
  if (extension == nullptr || X509_add_ext(cert, extension.get(), -1) != 1) {
    return OpenSslFailure();
  }
  return absl::OkStatus();
}

// The key identifiers: the subject's (a hash of its key) first, as the
// authority's of a self-signed certificate is the same.
absl::Status AddKeyIdentifiers(X509* cert, X509V3_CTX* ctx) {
  RETURN_IF_ERROR(AddExtension(cert, ctx, NID_subject_key_identifier, "hash"));
  return AddExtension(cert, ctx, NID_authority_key_identifier, "keyid:always");
}

absl::Status AddCaExtensions(X509* cert) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE"));
  RETURN_IF_ERROR(
      AddExtension(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign"));
  return AddKeyIdentifiers(cert, &ctx);
}

bool IsDnsName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxDnsNameChars || name.front() == '.' ||
      name.back() == '.' || name.find("..") != absl::string_view::npos) {
    return false;
  }
  for (const char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

// Appends to `names` a GENERAL_NAME of `type` holding `value` (owned).
absl::Status PushName(GENERAL_NAMES* names, int type, ASN1_STRING* value) {
  GENERAL_NAME* name = GENERAL_NAME_new();
  if (name == nullptr) {
    ASN1_STRING_free(value);
    return OpenSslFailure();
  }
  GENERAL_NAME_set0_value(name, type, value);
  if (sk_GENERAL_NAME_push(names, name) <= 0) {
    GENERAL_NAME_free(name);
    return OpenSslFailure();
  }
  return absl::OkStatus();
}

absl::Status AddDnsName(GENERAL_NAMES* names, absl::string_view dns_name) {
  if (!IsDnsName(dns_name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("nom DNS invalide pour le certificat : « ", dns_name, " »"));
  }
  ASN1_IA5STRING* value = ASN1_IA5STRING_new();
  if (value == nullptr ||
      ASN1_STRING_set(value, dns_name.data(), static_cast<int>(dns_name.size())) != 1) {
    ASN1_IA5STRING_free(value);
    return OpenSslFailure();
  }
  return PushName(names, GEN_DNS, value);
}

absl::Status AddIpAddress(GENERAL_NAMES* names, const std::string& address) {
  ASN1_OCTET_STRING* value = a2i_IPADDRESS(address.c_str());
  if (value == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("adresse IP invalide pour le certificat : « ", address, " »"));
  }
  return PushName(names, GEN_IPADD, value);
}

// subjectAltName, built from structures rather than configuration text so
// that no name can inject other entries.
absl::Status AddSubjectAltName(X509* cert, const IssueOptions& options) {
  if (options.dns_names.empty() && options.ip_addresses.empty()) {
    if (options.usage != Usage::kServer) return absl::OkStatus();
    return absl::InvalidArgumentError(
        "un certificat de serveur doit indiquer au moins un nom DNS ou une adresse IP");
  }
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (names == nullptr) return OpenSslFailure();
  for (const std::string& dns_name : options.dns_names) {
    RETURN_IF_ERROR(AddDnsName(names.get(), dns_name));
  }
  for (const std::string& address : options.ip_addresses) {
    RETURN_IF_ERROR(AddIpAddress(names.get(), address));
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), /*crit=*/0,
                        X509V3_ADD_DEFAULT) != 1) {
    return OpenSslFailure();
  }
  return absl::OkStatus();
}

// digitalSignature only: ECDHE key exchange never encrypts with the
// certificate's key, so keyEncipherment would be meaningless for EC keys.
absl::Status AddLeafExtensions(X509* cert, X509* issuer, const IssueOptions& options) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE"));
  RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_key_usage, "critical,digitalSignature"));
  RETURN_IF_ERROR(AddExtension(
      cert, &ctx, NID_ext_key_usage,
      options.usage == Usage::kServer ? "serverAuth" : "clientAuth"));
  RETURN_IF_ERROR(AddKeyIdentifiers(cert, &ctx));
  return AddSubjectAltName(cert, options);
}

absl::Status Sign(X509* cert, EVP_PKEY* key) {
  if (X509_sign(cert, key, Sha256()) <= 0) return OpenSslFailure();
  return absl::OkStatus();
}

}  // namespace

CertificateAuthority::CertificateAuthority(Certificate certificate, PrivateKey key)
    : certificate_(std::move(certificate)), key_(std::move(key)) {}

absl::StatusOr<std::unique_ptr<CertificateAuthority>> CertificateAuthority::Create(
    absl::string_view common_name, absl::Duration validity, absl::Time not_before) {
  const ClearOpenSslErrorsOnExit clear_errors;
  ASSIGN_OR_RETURN(const Validity period,
                   ResolveValidity(not_before, absl::InfiniteFuture(), validity));
  ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::Generate());
  ASSIGN_OR_RETURN(X509Ptr cert,
                   NewCertificate(key.native(), common_name, nullptr, period));
  RETURN_IF_ERROR(AddCaExtensions(cert.get()));
  RETURN_IF_ERROR(Sign(cert.get(), key.native()));
  return std::unique_ptr<CertificateAuthority>(
      new CertificateAuthority(Certificate(std::move(cert)), std::move(key)));
}

absl::StatusOr<std::unique_ptr<CertificateAuthority>> CertificateAuthority::FromPem(
    absl::string_view cert_pem, absl::string_view key_pem) {
  ASSIGN_OR_RETURN(Certificate certificate, Certificate::FromPem(cert_pem));
  ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::FromPem(key_pem));
  const bool may_sign = (X509_get_key_usage(certificate.native()) & KU_KEY_CERT_SIGN) != 0;
  if (!certificate.IsCa() || !may_sign) {
    return absl::InvalidArgumentError(
        "ce certificat n'est pas celui d'une autorité de certification");
  }
  if (!key.Matches(certificate)) {
    return absl::InvalidArgumentError(
        "la clé privée ne correspond pas au certificat de l'autorité");
  }
  return std::unique_ptr<CertificateAuthority>(
      new CertificateAuthority(std::move(certificate), std::move(key)));
}

absl::StatusOr<Certificate> CertificateAuthority::IssueFromCsr(
    absl::string_view csr_pem, const IssueOptions& options) const {
  ASSIGN_OR_RETURN(const CsrInfo csr, ParseCsr(csr_pem));
  const unsigned char* der =
      reinterpret_cast<const unsigned char*>(csr.public_key_der.data());
  EvpPkeyPtr public_key(
      d2i_PUBKEY(nullptr, &der, static_cast<long>(csr.public_key_der.size())));
  if (public_key == nullptr) {
    ERR_clear_error();
    return OpenSslFailure();
  }
  return Issue(public_key.get(),
               options.common_name.empty() ? csr.common_name : options.common_name,
               options);
}

absl::StatusOr<std::pair<PrivateKey, Certificate>> CertificateAuthority::IssueWithNewKey(
    const IssueOptions& options) const {
  ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::Generate());
  ASSIGN_OR_RETURN(Certificate certificate,
                   Issue(key.native(), options.common_name, options));
  return std::make_pair(std::move(key), std::move(certificate));
}

absl::StatusOr<Certificate> CertificateAuthority::Issue(
    EVP_PKEY* subject_key, absl::string_view common_name,
    const IssueOptions& options) const {
  const ClearOpenSslErrorsOnExit clear_errors;
  ASSIGN_OR_RETURN(const Validity period,
                   ResolveValidity(options.not_before, options.not_after,
                                   options.validity));
  ASSIGN_OR_RETURN(X509Ptr cert, NewCertificate(subject_key, common_name,
                                                certificate_.native(), period));
  RETURN_IF_ERROR(AddLeafExtensions(cert.get(), certificate_.native(), options));
  RETURN_IF_ERROR(Sign(cert.get(), key_.native()));
  return Certificate(std::move(cert));
}

}  // namespace suivi::pki
