// Tests of client/health_codec.h against the protocol's wire bytes.

#include "client/health_codec.h"

#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;

TEST(HealthCodec, WholeServerRequestIsEmpty) {
  EXPECT_EQ(EncodeHealthCheckRequest(""), "");
}

TEST(HealthCodec, NamedServiceIsFieldOne) {
  EXPECT_EQ(EncodeHealthCheckRequest("suivi.v1.Directory"),
            std::string("\x0a\x12suivi.v1.Directory"));
}

TEST(HealthCodec, DecodesEachStatus) {
  EXPECT_THAT(DecodeHealthCheckResponse(""),
              IsOkAndHolds(ServingStatus::kUnknown));
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x08\x01", 2)),
              IsOkAndHolds(ServingStatus::kServing));
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x08\x02", 2)),
              IsOkAndHolds(ServingStatus::kNotServing));
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x08\x03", 2)),
              IsOkAndHolds(ServingStatus::kServiceUnknown));
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x08\x09", 2)),
              IsOkAndHolds(ServingStatus::kUnknown));
}

TEST(HealthCodec, SkipsUnknownFields) {
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x12\x02hi\x08\x01", 6)),
              IsOkAndHolds(ServingStatus::kServing));
}

TEST(HealthCodec, TruncatedResponseIsAnError) {
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x08", 1)),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(DecodeHealthCheckResponse(std::string("\x12\x05hi", 4)),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(HealthCodec, NamesAreTheProtocols) {
  EXPECT_STREQ(ServingStatusName(ServingStatus::kServing), "SERVING");
  EXPECT_STREQ(ServingStatusName(ServingStatus::kNotServing), "NOT_SERVING");
}

}  // namespace
}  // namespace suivi::client
