// core/pki/certificate.h
//
// Certificate is a parsed X.509 certificate of Suivi's PKI: the server's,
// a user's (enrolled through a CSR) or a certificate authority's. A user
// is identified by the SHA-256 fingerprint of their enrolled certificate;
// FingerprintOfPem computes it from the PEM that gRPC gives for the TLS
// peer, without building a Certificate.
//
// Thread safety: a Certificate is immutable once built; any number of
// threads may call its const methods.

#ifndef SUIVI_CORE_PKI_CERTIFICATE_H_
#define SUIVI_CORE_PKI_CERTIFICATE_H_

#include <openssl/types.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/pki/openssl_handles.h"

namespace suivi::pki {

// Length of a fingerprint: SHA-256 in lowercase hexadecimal.
inline constexpr size_t kFingerprintChars = 64;

class Certificate {
 public:
  // Parses exactly one PEM block "CERTIFICATE" holding one DER
  // certificate. Text around the block is ignored (as `openssl x509`
  // does); any other PEM block (a chain, a key) is INVALID_ARGUMENT, as is
  // anything unreadable.
  static absl::StatusOr<Certificate> FromPem(absl::string_view pem);

  // Takes ownership of `cert`. REQUIRES: cert != nullptr.
  explicit Certificate(X509Ptr cert);

  Certificate(Certificate&&) = default;
  Certificate& operator=(Certificate&&) = default;
  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  // The PEM encoding, one "CERTIFICATE" block ending with a newline. Write
  // it to disk with WriteFileAtomically (core/common/files.h), mode 0644.
  std::string ToPem() const;

  // SHA-256 of the DER encoding, kFingerprintChars lowercase hex digits:
  // the identity of a user in Suivi. Equals FingerprintOfPem(ToPem()).
  std::string Fingerprint() const;

  // The first commonName of the subject, UTF-8; "" if there is none.
  std::string CommonName() const;

  // Validity period, to the second.
  absl::Time NotBefore() const;
  absl::Time NotAfter() const;

  // True when basicConstraints says CA:TRUE.
  bool IsCa() const;

  // OK if `issuer`'s subject is this certificate's issuer, `issuer` may
  // sign certificates (keyUsage), its key identifier matches this
  // certificate's authority key identifier, and its key verifies this
  // certificate's signature. Dates are not checked. INVALID_ARGUMENT
  // otherwise.
  absl::Status VerifySignedBy(const Certificate& issuer) const;

  // The OpenSSL object, for OpenSSL calls (SSL_CTX_use_certificate,
  // X509_STORE_add_cert...). Ownership stays here; never null.
  X509* native() const { return cert_.get(); }

 private:
  X509Ptr cert_;
};

// The fingerprint (as Certificate::Fingerprint()) of the certificate in
// the first PEM block of `pem`, hashed from the block's DER bytes without
// parsing them: the server calls it on every RPC with the peer's PEM,
// which gRPC writes from a certificate the TLS handshake has already
// parsed and verified. What follows the first block is not read.
// INVALID_ARGUMENT if the first PEM block is not a "CERTIFICATE".
absl::StatusOr<std::string> FingerprintOfPem(absl::string_view pem);

}  // namespace suivi::pki

#endif  // SUIVI_CORE_PKI_CERTIFICATE_H_
