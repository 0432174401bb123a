#include "services/admin/admin_service.h"

#include "core/common/status_macros.h"
#include "services/directory/interim_access.h"

namespace suivi::admin {

using services::Caller;

grpc::ServerUnaryReactor* AdminServiceImpl::EnrolCertificate(
    grpc::CallbackServerContext* ctx, const v1::EnrolCertificateRequest* req,
    v1::EnrolCertificateResponse* resp) {
  return gate_->HandleNow(ctx, "suivi.v1.Admin.EnrolCertificate", [&](const Caller& caller) {
    RETURN_IF_ERROR(directory::RequireAdminOfUser(caller, *directory_->state(), req->user_id()));
    absl::StatusOr<v1::EnrolCertificateResponse> enrolled;
    switch (req->source_case()) {
      case v1::EnrolCertificateRequest::kCsrPem:
        enrolled = enrolment_->EnrolFromCsr(req->user_id(), req->csr_pem(), caller.user_id);
        break;
      case v1::EnrolCertificateRequest::kCertificatePem:
        enrolled = enrolment_->EnrolIssued(req->user_id(), req->certificate_pem(),
                                           caller.user_id);
        break;
      case v1::EnrolCertificateRequest::SOURCE_NOT_SET:
        return absl::InvalidArgumentError(
            "joignez une demande de certificat (csr_pem) ou un certificat (certificate_pem)");
    }
    ASSIGN_OR_RETURN(*resp, std::move(enrolled));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::RevokeCertificate(
    grpc::CallbackServerContext* ctx, const v1::RevokeCertificateRequest* req,
    v1::EnrolledCertificate* resp) {
  return gate_->HandleNow(ctx, "suivi.v1.Admin.RevokeCertificate", [&](const Caller& caller) {
    std::shared_ptr<const directory::DirectoryState> state = directory_->state();
    auto it = state->certificates.find(req->fingerprint());
    // An unknown fingerprint and one out of reach answer alike.
    const std::string owner = it == state->certificates.end() ? "" : it->second.user_id();
    RETURN_IF_ERROR(directory::RequireAdminOfUser(caller, *state, owner));
    if (!v1::RevocationReason_IsValid(req->reason())) {
      return absl::InvalidArgumentError("champ reason : motif de révocation inconnu");
    }
    ASSIGN_OR_RETURN(*resp, directory_->RevokeCertificate(req->fingerprint(), req->reason(),
                                                          caller.user_id));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListCertificates(
    grpc::CallbackServerContext* ctx, const v1::ListCertificatesRequest* req,
    v1::ListCertificatesResponse* resp) {
  return gate_->HandleNow(ctx, "suivi.v1.Admin.ListCertificates", [&](const Caller& caller) {
    std::shared_ptr<const directory::DirectoryState> state = directory_->state();
    RETURN_IF_ERROR(directory::RequireAdminOfUser(caller, *state, req->user_id()));
    for (const v1::EnrolledCertificate& c : state->CertificatesOf(req->user_id())) {
      *resp->add_certificates() = c;
    }
    return absl::OkStatus();
  });
}

}  // namespace suivi::admin
