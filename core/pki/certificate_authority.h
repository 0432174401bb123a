// core/pki/certificate_authority.h
//
// CertificateAuthority signs the certificates of Suivi's mTLS: the
// server's (serverAuth, subjectAltName DNS/IP) and the users'
// (clientAuth), either for the public key of a CSR (enrolment: the user's
// private key never leaves their machine) or for a key it generates (the
// development PKI of `suivid --dev`, tests). Certificates are X.509 v3
// with a random positive 128-bit serial, subject and authority key
// identifiers and ECDSA-SHA256 signatures; they verify under OpenSSL 3's
// X509_verify_cert with X509_V_FLAG_X509_STRICT and under gRPC 1.51's SSL
// credentials.
//
// What a TLS client sees when the server rejects its certificate (OpenSSL
// 3.0; ERR_GET_REASON(ERR_peek_last_error()) after the failing call;
// checked by tls_handshake_test.cc for TLS 1.3 and 1.2):
//
//   client certificate from a foreign CA   SSL_R_TLSV1_ALERT_UNKNOWN_CA
//   client certificate expired, or its     SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED
//     CA (trusted by the server) expired
//   client certificate not yet valid       SSL_R_SSLV3_ALERT_BAD_CERTIFICATE
//   client certificate without clientAuth  SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE
//   no client certificate, TLS 1.3         SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED
//   no client certificate, TLS 1.2         SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE
//
// In TLS 1.3 the client finishes its handshake (SSL_connect returns 1)
// before the server has judged its certificate: the rejection arrives as
// an alert on the client's first SSL_read or SSL_peek after SSL_connect,
// which fails with SSL_ERROR_SSL. In TLS 1.2 SSL_connect itself fails.
//
// When the client rejects the server's certificate, SSL_connect fails with
// SSL_R_CERTIFICATE_VERIFY_FAILED in both versions, and
// SSL_get_verify_result says why:
//
//   server certificate from a foreign CA   X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
//   server certificate expired             X509_V_ERR_CERT_HAS_EXPIRED
//   host name not in its subjectAltName    X509_V_ERR_HOSTNAME_MISMATCH
//   server certificate without serverAuth  X509_V_ERR_INVALID_PURPOSE
//
// Thread safety: const methods may be called from any thread.

#ifndef SUIVI_CORE_PKI_CERTIFICATE_AUTHORITY_H_
#define SUIVI_CORE_PKI_CERTIFICATE_AUTHORITY_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/pki/certificate.h"
#include "core/pki/private_key.h"

namespace suivi::pki {

// How far back a default validity starts, so that a certificate issued now
// is valid on a peer whose clock is a little late.
inline constexpr absl::Duration kClockSkewAllowance = absl::Minutes(5);
// Default validity of a CA certificate.
inline constexpr absl::Duration kDefaultCaValidity = absl::Hours(24 * 3652);
// Default validity of an issued certificate (the CA/Browser Forum's 397
// days, which some TLS stacks enforce on server certificates).
inline constexpr absl::Duration kDefaultLeafValidity = absl::Hours(24 * 397);

// The role of an issued certificate, written as its extendedKeyUsage.
enum class Usage {
  kServer,  // serverAuth
  kClient,  // clientAuth
};

struct IssueOptions {
  // Subject commonName, at most 64 characters. Required by
  // IssueWithNewKey; IssueFromCsr takes the CSR's when this is empty.
  std::string common_name;
  Usage usage = Usage::kClient;
  // subjectAltName entries. A server certificate needs at least one; gRPC
  // clients check "localhost" and "127.0.0.1" against them.
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;  // IPv4 or IPv6, textual
  // Start of validity. InfinitePast means now - kClockSkewAllowance.
  absl::Time not_before = absl::InfinitePast();
  // End of validity. InfiniteFuture means not_before + validity. May be in
  // the past (tests of expired certificates).
  absl::Time not_after = absl::InfiniteFuture();
  absl::Duration validity = kDefaultLeafValidity;
};

class CertificateAuthority {
 public:
  // A new self-signed CA named `common_name` with a new key:
  // basicConstraints critical CA:TRUE, keyUsage critical keyCertSign and
  // cRLSign, key identifiers. Valid for `validity` from `not_before`
  // (InfinitePast means now - kClockSkewAllowance); both may put the CA in
  // the past for tests. INVALID_ARGUMENT on a bad name or a validity that
  // ends before it starts.
  static absl::StatusOr<std::unique_ptr<CertificateAuthority>> Create(
      absl::string_view common_name, absl::Duration validity = kDefaultCaValidity,
      absl::Time not_before = absl::InfinitePast());

  // Loads a CA saved as KeyPem() and certificate().ToPem(). INVALID_ARGUMENT
  // if either is unreadable, the key does not match the certificate, or the
  // certificate is not a CA's allowed to sign certificates.
  static absl::StatusOr<std::unique_ptr<CertificateAuthority>> FromPem(
      absl::string_view cert_pem, absl::string_view key_pem);

  CertificateAuthority(const CertificateAuthority&) = delete;
  CertificateAuthority& operator=(const CertificateAuthority&) = delete;

  // Signs a certificate for the public key of the CSR `csr_pem`, after
  // checking its self-signature (ParseCsr). `options.common_name`, when
  // not empty, replaces the CSR's. INVALID_ARGUMENT on a bad CSR or bad
  // options; the certificate is CA:FALSE, keyUsage digitalSignature, with
  // the extendedKeyUsage of `options.usage` and the subjectAltName given.
  absl::StatusOr<Certificate> IssueFromCsr(absl::string_view csr_pem,
                                           const IssueOptions& options) const;

  // Generates a key and signs a certificate for it, as IssueFromCsr.
  // INVALID_ARGUMENT if `options.common_name` is empty or on bad options.
  absl::StatusOr<std::pair<PrivateKey, Certificate>> IssueWithNewKey(
      const IssueOptions& options) const;

  const Certificate& certificate() const { return certificate_; }

  // The CA's private key, as PrivateKey::ToPem(). A secret: write it with
  // mode 0600.
  std::string KeyPem() const { return key_.ToPem(); }

 private:
  CertificateAuthority(Certificate certificate, PrivateKey key);

  absl::StatusOr<Certificate> Issue(EVP_PKEY* subject_key,
                                    absl::string_view common_name,
                                    const IssueOptions& options) const;

  const Certificate certificate_;
  const PrivateKey key_;
};

}  // namespace suivi::pki

#endif  // SUIVI_CORE_PKI_CERTIFICATE_AUTHORITY_H_
