// services/common/grpc_status.h
//
// The one place where an absl::Status becomes a grpc::Status (DESIGN.md §4).

#ifndef SUIVI_SERVICES_COMMON_GRPC_STATUS_H_
#define SUIVI_SERVICES_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace suivi::services {

// Same code (the two enums share their numbers) and message. An unknown
// code becomes UNKNOWN.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_GRPC_STATUS_H_
