// core/common/status_matchers.h
//
// GoogleTest matchers for absl::Status and absl::StatusOr<T>:
//
//   EXPECT_THAT(store->Put(...), IsOk());
//   EXPECT_THAT(store->Get(key), StatusIs(absl::StatusCode::kDataLoss));
//   EXPECT_THAT(store->Get(key), StatusIs(kNotFound, HasSubstr("absent")));
//   EXPECT_THAT(store->Get(key), IsOkAndHolds("Lucas M."));
//   ASSERT_OK_AND_ASSIGN(auto value, store->Get(key));
//
// Test-only.

#ifndef SUIVI_CORE_COMMON_STATUS_MATCHERS_H_
#define SUIVI_CORE_COMMON_STATUS_MATCHERS_H_

#include <ostream>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/common/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = ::suivi::testing::GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(IsOkAndHolds, value_matcher,
          "is OK and holds a value that " +
              ::testing::DescribeMatcher<
                  const typename std::decay_t<arg_type>::value_type&>(
                  value_matcher)) {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

MATCHER_P(StatusIs, code,
          "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = ::suivi::testing::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code) +
               " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& status = ::suivi::testing::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

}  // namespace suivi::testing

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::suivi::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::suivi::testing::IsOk())

// Asserts that `rexpr` is OK and moves its value into `lhs`.
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                   \
  SUIVI_ASSERT_OK_AND_ASSIGN_IMPL_(                                        \
      SUIVI_STATUS_CONCAT_(suivi_assert_statusor_, __LINE__), lhs, rexpr)

#define SUIVI_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                     \
  ASSERT_TRUE(statusor.ok()) << statusor.status();             \
  lhs = std::move(statusor).value()

#endif  // SUIVI_CORE_COMMON_STATUS_MATCHERS_H_
