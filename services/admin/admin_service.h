// services/admin/admin_service.h
//
// The Admin gRPC service: certificate enrolment and revocation, decided by
// the charte on the user concerned; and the reload of the charte itself.

#ifndef SUIVI_SERVICES_ADMIN_ADMIN_SERVICE_H_
#define SUIVI_SERVICES_ADMIN_ADMIN_SERVICE_H_

#include "services/admin/enrolment.h"
#include "services/common/rpc_gate.h"
#include "services/directory/directory.h"
#include "suivi/v1/admin.grpc.pb.h"

namespace suivi::admin {

class AdminServiceImpl final : public v1::Admin::CallbackService {
 public:
  // None is owned; all must outlive the service.
  AdminServiceImpl(directory::Directory* directory, const Enrolment* enrolment,
                   const services::RpcGate* gate)
      : directory_(directory), enrolment_(enrolment), gate_(gate) {}

  grpc::ServerUnaryReactor* EnrolCertificate(
      grpc::CallbackServerContext* ctx, const v1::EnrolCertificateRequest* req,
      v1::EnrolCertificateResponse* resp) override;
  grpc::ServerUnaryReactor* RevokeCertificate(
      grpc::CallbackServerContext* ctx, const v1::RevokeCertificateRequest* req,
      v1::EnrolledCertificate* resp) override;
  grpc::ServerUnaryReactor* ListCertificates(
      grpc::CallbackServerContext* ctx, const v1::ListCertificatesRequest* req,
      v1::ListCertificatesResponse* resp) override;
  grpc::ServerUnaryReactor* ReloadCharte(grpc::CallbackServerContext* ctx,
                                         const v1::ReloadCharteRequest* req,
                                         v1::CharteStatus* resp) override;

 private:
  directory::Directory* const directory_;
  const Enrolment* const enrolment_;
  const services::RpcGate* const gate_;
};

}  // namespace suivi::admin

#endif  // SUIVI_SERVICES_ADMIN_ADMIN_SERVICE_H_
