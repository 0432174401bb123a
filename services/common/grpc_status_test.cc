// Tests of services/common/grpc_status.h.

#include "services/common/grpc_status.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "grpcpp/support/status.h"

namespace suivi::services {
namespace {

TEST(ToGrpcStatus, EveryAbslCodeBecomesTheGrpcCodeOfTheSameNameAndKeepsItsMessage) {
  const std::vector<std::pair<absl::StatusCode, grpc::StatusCode>> codes = {
      {absl::StatusCode::kCancelled, grpc::CANCELLED},
      {absl::StatusCode::kUnknown, grpc::UNKNOWN},
      {absl::StatusCode::kInvalidArgument, grpc::INVALID_ARGUMENT},
      {absl::StatusCode::kDeadlineExceeded, grpc::DEADLINE_EXCEEDED},
      {absl::StatusCode::kNotFound, grpc::NOT_FOUND},
      {absl::StatusCode::kAlreadyExists, grpc::ALREADY_EXISTS},
      {absl::StatusCode::kPermissionDenied, grpc::PERMISSION_DENIED},
      {absl::StatusCode::kResourceExhausted, grpc::RESOURCE_EXHAUSTED},
      {absl::StatusCode::kFailedPrecondition, grpc::FAILED_PRECONDITION},
      {absl::StatusCode::kAborted, grpc::ABORTED},
      {absl::StatusCode::kOutOfRange, grpc::OUT_OF_RANGE},
      {absl::StatusCode::kUnimplemented, grpc::UNIMPLEMENTED},
      {absl::StatusCode::kInternal, grpc::INTERNAL},
      {absl::StatusCode::kUnavailable, grpc::UNAVAILABLE},
      {absl::StatusCode::kDataLoss, grpc::DATA_LOSS},
      {absl::StatusCode::kUnauthenticated, grpc::UNAUTHENTICATED},
  };
  for (const auto& [absl_code, grpc_code] : codes) {
    SCOPED_TRACE(absl::StatusCodeToString(absl_code));
    const std::string message = absl::StrCat("champ user.id : obligatoire (",
                                             absl::StatusCodeToString(absl_code), ")");
    const grpc::Status status = ToGrpcStatus(absl::Status(absl_code, message));
    EXPECT_EQ(status.error_code(), grpc_code);
    EXPECT_EQ(status.error_message(), message);
    EXPECT_FALSE(status.ok());
  }
}

TEST(ToGrpcStatus, OkIsOk) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::OK);
  EXPECT_EQ(status.error_message(), "");
}

TEST(ToGrpcStatus, KeepsMessagesInFrenchByteForByte) {
  const std::string message = "certificat révoqué : demandez-en un nouveau à l’administrateur";
  EXPECT_EQ(ToGrpcStatus(absl::UnauthenticatedError(message)).error_message(), message);
}

TEST(ToGrpcStatus, ACodeNeitherKnowsBecomesUnknown) {
  const grpc::Status status =
      ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(42), "code inventé"));
  EXPECT_EQ(status.error_code(), grpc::UNKNOWN);
  EXPECT_EQ(status.error_message(), "code inventé");
}

}  // namespace
}  // namespace suivi::services
