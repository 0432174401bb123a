// services/persons/persons_service.h
//
// The Persons gRPC service (proto/suivi/v1/persons.proto): thin handlers
// over Persons, each behind the RpcGate. A person the caller may not see
// and one that does not exist answer the same PERMISSION_DENIED; reads
// return only the field classes the charte allows (one decision per
// class), and a search only the persons whose identity the caller may
// read.

#ifndef SUIVI_SERVICES_PERSONS_PERSONS_SERVICE_H_
#define SUIVI_SERVICES_PERSONS_PERSONS_SERVICE_H_

#include "services/common/rpc_gate.h"
#include "services/persons/persons.h"
#include "suivi/v1/persons.grpc.pb.h"

namespace suivi::persons {

class PersonsServiceImpl final : public v1::Persons::CallbackService {
 public:
  // Neither is owned; both must outlive the service.
  PersonsServiceImpl(Persons* persons, const services::RpcGate* gate)
      : persons_(persons), gate_(gate) {}

  grpc::ServerUnaryReactor* CreatePerson(grpc::CallbackServerContext* ctx,
                                         const v1::CreatePersonRequest* req,
                                         v1::CreatePersonResponse* resp) override;
  grpc::ServerUnaryReactor* GetPerson(grpc::CallbackServerContext* ctx,
                                      const v1::GetPersonRequest* req,
                                      v1::Person* resp) override;
  grpc::ServerUnaryReactor* SearchPersons(grpc::CallbackServerContext* ctx,
                                          const v1::SearchPersonsRequest* req,
                                          v1::SearchPersonsResponse* resp) override;
  grpc::ServerUnaryReactor* RectifyPerson(grpc::CallbackServerContext* ctx,
                                          const v1::RectifyPersonRequest* req,
                                          v1::Person* resp) override;
  grpc::ServerUnaryReactor* LinkRepresentative(grpc::CallbackServerContext* ctx,
                                               const v1::LinkRepresentativeRequest* req,
                                               v1::Person* resp) override;
  grpc::ServerUnaryReactor* GetPersonHistory(grpc::CallbackServerContext* ctx,
                                             const v1::GetPersonHistoryRequest* req,
                                             v1::GetPersonHistoryResponse* resp) override;

 private:
  Persons* const persons_;
  const services::RpcGate* const gate_;
};

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_PERSONS_SERVICE_H_
