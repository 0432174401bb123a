// client/grpc_errors.h
//
// The one place where a failed gRPC call becomes an absl::Status a person
// understands: a French message (without the "suivi: " prefix the CLI
// adds) that passes on what the server said and, for a connection that
// could not be made, the cause found by connection_diagnosis.h. The code
// stays the gRPC code, except for connection failures, whose code is the
// diagnosis's (UNAUTHENTICATED for a problem with the client certificate,
// UNAVAILABLE for the rest).

#ifndef SUIVI_CLIENT_GRPC_ERRORS_H_
#define SUIVI_CLIENT_GRPC_ERRORS_H_

#include <grpcpp/support/status.h>

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace suivi::client {

// Finds why a connection failed; receives what gRPC said. Called only for
// UNAVAILABLE, and for DEADLINE_EXCEEDED before any connection was made.
using ConnectionDiagnoser =
    std::function<absl::Status(absl::string_view transport_message)>;

// What the call knew when it failed.
struct CallFailure {
  // The deadline the call had, quoted for DEADLINE_EXCEEDED.
  absl::Duration deadline = absl::Seconds(10);
  // Whether the channel had a connection when the call failed.
  bool connected = true;
};

// OK for an OK `status`; else the translated status.
absl::Status TranslateGrpcStatus(const grpc::Status& status,
                                 const CallFailure& failure,
                                 const ConnectionDiagnoser& diagnose);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_GRPC_ERRORS_H_
