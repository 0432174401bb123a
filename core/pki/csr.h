// core/pki/csr.h
//
// Certificate signing requests (PKCS#10), the enrolment path: `suivi
// admin` generates a key, sends MakeCsrPem's output, and the server's
// CertificateAuthority::IssueFromCsr signs its public key. The private
// key never leaves the user's machine.

#ifndef SUIVI_CORE_PKI_CSR_H_
#define SUIVI_CORE_PKI_CSR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/pki/private_key.h"

namespace suivi::pki {

// A CSR whose self-signature has been checked.
struct CsrInfo {
  // The subject's commonName, UTF-8; "" if it has none.
  std::string common_name;
  // The requested public key, DER SubjectPublicKeyInfo; always EC P-256.
  std::string public_key_der;
};

// A PEM "CERTIFICATE REQUEST" for `key`, with subject CN=`common_name`,
// signed with `key` (ECDSA SHA-256). INVALID_ARGUMENT if `common_name` is
// empty or longer than 64 characters.
absl::StatusOr<std::string> MakeCsrPem(const PrivateKey& key,
                                       absl::string_view common_name);

// Parses one PEM "CERTIFICATE REQUEST" and checks its self-signature.
// INVALID_ARGUMENT if it is malformed, its signature fails, or its key is
// not EC P-256. Messages are in French and never quote the request.
absl::StatusOr<CsrInfo> ParseCsr(absl::string_view csr_pem);

}  // namespace suivi::pki

#endif  // SUIVI_CORE_PKI_CSR_H_
