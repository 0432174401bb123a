// client/health_codec.h
//
// The two messages of the standard gRPC health protocol
// (grpc/health/v1/health.proto), encoded by hand: Debian ships neither the
// proto nor generated code for it, and generating our own copy would
// register "grpc.health.v1" in the protobuf descriptor pool of every
// binary that links the client, where another copy may already be.
//
//   message HealthCheckRequest  { string service = 1; }
//   message HealthCheckResponse { ServingStatus status = 1; }
//
// No gRPC here.

#ifndef SUIVI_CLIENT_HEALTH_CODEC_H_
#define SUIVI_CLIENT_HEALTH_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::client {

// The full method name of the health check.
inline constexpr char kHealthCheckMethod[] = "/grpc.health.v1.Health/Check";

// HealthCheckResponse.ServingStatus; the numbers are the protocol's.
enum class ServingStatus {
  kUnknown = 0,
  kServing = 1,
  kNotServing = 2,
  kServiceUnknown = 3,
};

// "SERVING", "NOT_SERVING", "UNKNOWN", "SERVICE_UNKNOWN", as the health
// protocol spells them.
const char* ServingStatusName(ServingStatus status);

// The wire encoding of HealthCheckRequest{service}; "" asks about the
// whole server.
std::string EncodeHealthCheckRequest(absl::string_view service);

// Decodes a HealthCheckResponse. Unknown fields are skipped; a status
// number outside the enum reads as kUnknown. INTERNAL when the bytes are
// not a protobuf message.
absl::StatusOr<ServingStatus> DecodeHealthCheckResponse(
    absl::string_view bytes);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_HEALTH_CODEC_H_
