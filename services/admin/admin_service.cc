#include "services/admin/admin_service.h"

#include "core/common/status_macros.h"
#include "services/directory/directory_targets.h"

namespace suivi::admin {

using services::Call;
using services::Caller;

grpc::ServerUnaryReactor* AdminServiceImpl::EnrolCertificate(
    grpc::CallbackServerContext* ctx, const v1::EnrolCertificateRequest* req,
    v1::EnrolCertificateResponse* resp) {
  return gate_->HandleNow(
      ctx, "suivi.v1.Admin.EnrolCertificate",
      [&](const Caller&) { return directory::UserTarget(*directory_->state(), req->user_id()); },
      [&](Call& call) -> absl::Status {
        const std::string& by = call.caller().user_id;
        absl::StatusOr<v1::EnrolCertificateResponse> enrolled;
        switch (req->source_case()) {
          case v1::EnrolCertificateRequest::kCsrPem:
            enrolled = enrolment_->EnrolFromCsr(req->user_id(), req->csr_pem(), by, &call);
            break;
          case v1::EnrolCertificateRequest::kCertificatePem:
            enrolled = enrolment_->EnrolIssued(req->user_id(), req->certificate_pem(), by, &call);
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
  std::shared_ptr<const directory::DirectoryState> state = directory_->state();
  // An unknown fingerprint and one out of reach answer alike.
  auto it = state->certificates.find(req->fingerprint());
  const std::string owner = it == state->certificates.end() ? "" : it->second.user_id();
  return gate_->HandleNow(
      ctx, "suivi.v1.Admin.RevokeCertificate",
      [&](const Caller&) -> absl::StatusOr<services::Target> {
        if (owner.empty()) return services::UnseenResource();
        return directory::UserTarget(*state, owner);
      },
      [&](Call& call) -> absl::Status {
        if (!v1::RevocationReason_IsValid(req->reason())) {
          return absl::InvalidArgumentError("champ reason : motif de révocation inconnu");
        }
        ASSIGN_OR_RETURN(*resp, directory_->RevokeCertificate(req->fingerprint(), req->reason(),
                                                              call.caller().user_id, &call));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListCertificates(
    grpc::CallbackServerContext* ctx, const v1::ListCertificatesRequest* req,
    v1::ListCertificatesResponse* resp) {
  std::shared_ptr<const directory::DirectoryState> state = directory_->state();
  return gate_->HandleNow(
      ctx, "suivi.v1.Admin.ListCertificates",
      [&](const Caller&) { return directory::UserTarget(*state, req->user_id()); },
      [&](Call&) {
        for (const v1::EnrolledCertificate& c : state->CertificatesOf(req->user_id())) {
          *resp->add_certificates() = c;
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ReloadCharte(grpc::CallbackServerContext* ctx,
                                                         const v1::ReloadCharteRequest*,
                                                         v1::CharteStatus* resp) {
  return gate_->HandleNow(
      ctx, "suivi.v1.Admin.ReloadCharte",
      [&](const Caller&) { return services::ServerTarget(); },
      [&](Call&) -> absl::Status {
        ASSIGN_OR_RETURN(std::shared_ptr<const policy::Enforcer> enforcer, gate_->ReloadCharte());
        const policy::Charte& charte = enforcer->charte();
        resp->set_version(charte.version());
        resp->set_policies_sha256(charte.policies_sha256());
        resp->set_text_sha256(charte.text_sha256());
        resp->set_source(gate_->charte_source());
        resp->set_policy_count(static_cast<int32_t>(charte.policies().policies().size()));
        return absl::OkStatus();
      });
}

}  // namespace suivi::admin
