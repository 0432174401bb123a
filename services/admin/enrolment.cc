#include "services/admin/enrolment.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/day.h"
#include "core/common/status_macros.h"

namespace suivi::admin {

Enrolment::Enrolment(directory::Directory* directory,
                     const pki::CertificateAuthority* issuer,
                     std::vector<pki::Certificate> trusted, const Clock* clock,
                     EnrolmentOptions options)
    : directory_(directory),
      issuer_(issuer),
      trusted_(std::move(trusted)),
      clock_(clock),
      options_(options) {}

absl::StatusOr<v1::EnrolCertificateResponse> Enrolment::EnrolFromCsr(
    absl::string_view user_id, absl::string_view csr_pem,
    absl::string_view enrolled_by, services::BatchAudit* audit) const {
  if (issuer_ == nullptr) {
    return absl::FailedPreconditionError(
        "ce serveur n'émet pas de certificats (aucune autorité configurée) : "
        "enregistrez un certificat émis par votre autorité");
  }
  if (directory_->state()->FindUser(user_id) == nullptr) {
    return absl::NotFoundError("utilisateur introuvable dans l'annuaire");
  }
  pki::IssueOptions issue;
  issue.common_name = std::string(user_id);
  issue.usage = pki::Usage::kClient;
  issue.validity = options_.client_validity;
  ASSIGN_OR_RETURN(pki::Certificate certificate, issuer_->IssueFromCsr(csr_pem, issue));
  return Record(user_id, certificate, /*issued_by_server=*/true, enrolled_by, audit);
}

absl::StatusOr<v1::EnrolCertificateResponse> Enrolment::EnrolIssued(
    absl::string_view user_id, absl::string_view certificate_pem,
    absl::string_view enrolled_by, services::BatchAudit* audit) const {
  ASSIGN_OR_RETURN(pki::Certificate certificate, pki::Certificate::FromPem(certificate_pem));
  if (certificate.IsCa()) {
    return absl::InvalidArgumentError(
        "ceci est le certificat d'une autorité, pas celui d'un utilisateur");
  }
  const absl::Time now = clock_->Now();
  if (certificate.NotAfter() < now) {
    return absl::FailedPreconditionError("ce certificat a expiré");
  }
  if (now < certificate.NotBefore()) {
    return absl::FailedPreconditionError("ce certificat n'est pas encore valide");
  }
  RETURN_IF_ERROR(CheckTrusted(certificate));
  return Record(user_id, certificate, /*issued_by_server=*/false, enrolled_by, audit);
}

std::string Enrolment::TrustedPem() const {
  std::string pem;
  for (const pki::Certificate& ca : trusted_) absl::StrAppend(&pem, ca.ToPem());
  return pem;
}

absl::Status Enrolment::CheckTrusted(const pki::Certificate& certificate) const {
  for (const pki::Certificate& ca : trusted_) {
    if (certificate.VerifySignedBy(ca).ok()) return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      "ce certificat n'a pas été émis par une autorité reconnue par ce serveur");
}

absl::StatusOr<v1::EnrolCertificateResponse> Enrolment::Record(
    absl::string_view user_id, const pki::Certificate& certificate,
    bool issued_by_server, absl::string_view enrolled_by, services::BatchAudit* audit) const {
  v1::EnrolledCertificate record;
  record.set_fingerprint(certificate.Fingerprint());
  record.set_user_id(std::string(user_id));
  record.set_common_name(certificate.CommonName());
  record.set_not_before(FormatUtcTimestamp(certificate.NotBefore()));
  record.set_not_after(FormatUtcTimestamp(certificate.NotAfter()));
  record.set_issued_by_server(issued_by_server);
  record.set_enrolled_at(FormatUtcTimestamp(clock_->Now()));
  record.set_enrolled_by(std::string(enrolled_by));
  v1::EnrolCertificateResponse response;
  ASSIGN_OR_RETURN(*response.mutable_certificate(), directory_->RecordCertificate(record, audit));
  response.set_certificate_pem(certificate.ToPem());
  response.set_ca_pem(TrustedPem());
  return response;
}

}  // namespace suivi::admin
