// services/admin/enrolment.h
//
// Enrolment binds a certificate to a user of the directory. Either the
// server's certificate authority issues one for the public key of a
// certificate signing request (the user's private key never leaves their
// machine), or a certificate issued elsewhere, by a CA the server trusts,
// is recorded as it is. Either way the directory keeps its SHA-256
// fingerprint; the TLS handshake proves possession of the key.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_ADMIN_ENROLMENT_H_
#define SUIVI_SERVICES_ADMIN_ENROLMENT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/common/clock.h"
#include "core/pki/certificate.h"
#include "core/pki/certificate_authority.h"
#include "services/common/call.h"
#include "services/directory/directory.h"
#include "suivi/v1/admin.pb.h"

namespace suivi::admin {

struct EnrolmentOptions {
  // Validity of the client certificates the server issues. Default: 1 year.
  absl::Duration client_validity = absl::Hours(24 * 365);
};

class Enrolment {
 public:
  // `directory` is not owned and must outlive this. `issuer` may be null:
  // the server then only records certificates issued elsewhere. `trusted`
  // are the CAs whose client certificates the server's TLS accepts.
  Enrolment(directory::Directory* directory,
            const pki::CertificateAuthority* issuer,
            std::vector<pki::Certificate> trusted, const Clock* clock,
            EnrolmentOptions options = {});

  // Issues a client certificate named after `user_id` for the CSR's key
  // and enrols it. NOT_FOUND for an unknown user; INVALID_ARGUMENT for a
  // bad CSR; FAILED_PRECONDITION if this server has no issuing CA.
  absl::StatusOr<v1::EnrolCertificateResponse> EnrolFromCsr(
      absl::string_view user_id, absl::string_view csr_pem,
      absl::string_view enrolled_by, services::BatchAudit* audit = nullptr) const;

  // Enrols a certificate issued elsewhere. INVALID_ARGUMENT if unreadable
  // or a CA certificate; FAILED_PRECONDITION if expired, not yet valid, or
  // not signed by a trusted CA (the server's TLS would refuse it anyway).
  absl::StatusOr<v1::EnrolCertificateResponse> EnrolIssued(
      absl::string_view user_id, absl::string_view certificate_pem,
      absl::string_view enrolled_by, services::BatchAudit* audit = nullptr) const;

  // The PEM of the trusted CAs, concatenated.
  std::string TrustedPem() const;

 private:
  absl::Status CheckTrusted(const pki::Certificate& certificate) const;
  absl::StatusOr<v1::EnrolCertificateResponse> Record(
      absl::string_view user_id, const pki::Certificate& certificate,
      bool issued_by_server, absl::string_view enrolled_by,
      services::BatchAudit* audit) const;

  directory::Directory* const directory_;
  const pki::CertificateAuthority* const issuer_;
  const std::vector<pki::Certificate> trusted_;
  const Clock* const clock_;
  const EnrolmentOptions options_;
};

}  // namespace suivi::admin

#endif  // SUIVI_SERVICES_ADMIN_ENROLMENT_H_
