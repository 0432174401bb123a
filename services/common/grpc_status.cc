#include "services/common/grpc_status.h"

#include <string>

namespace suivi::services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const int code = static_cast<int>(status.code());
  const bool known = code > 0 && code <= static_cast<int>(grpc::UNAUTHENTICATED);
  return grpc::Status(known ? static_cast<grpc::StatusCode>(code) : grpc::UNKNOWN,
                      std::string(status.message()));
}

}  // namespace suivi::services
