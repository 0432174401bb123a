// services/session/session_service.h
//
// The Session gRPC service: who the caller is. Open to every enrolled user.

#ifndef SUIVI_SERVICES_SESSION_SESSION_SERVICE_H_
#define SUIVI_SERVICES_SESSION_SESSION_SERVICE_H_

#include "services/common/rpc_gate.h"
#include "services/directory/directory.h"
#include "suivi/v1/session.grpc.pb.h"

namespace suivi::session {

class SessionServiceImpl final : public v1::Session::CallbackService {
 public:
  // Neither is owned; both must outlive the service.
  SessionServiceImpl(const directory::Directory* directory,
                     const services::RpcGate* gate)
      : directory_(directory), gate_(gate) {}

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* ctx,
                                   const v1::WhoAmIRequest* req,
                                   v1::WhoAmIResponse* resp) override;

 private:
  const directory::Directory* const directory_;
  const services::RpcGate* const gate_;
};

}  // namespace suivi::session

#endif  // SUIVI_SERVICES_SESSION_SESSION_SERVICE_H_
