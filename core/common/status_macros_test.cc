// Tests of core/common/status_macros.h (RETURN_IF_ERROR, ASSIGN_OR_RETURN)
// and of the test helpers in core/common/status_matchers.h.

#include "core/common/status_macros.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

namespace suivi {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pointee;

// Records how far a function got, so a test can tell that an early return
// skipped the rest.
struct Trace {
  int steps = 0;
};

absl::Status Step(Trace* trace, absl::Status result) {
  ++trace->steps;
  return result;
}

absl::StatusOr<int> StepValue(Trace* trace, absl::StatusOr<int> result) {
  ++trace->steps;
  return result;
}

absl::Status TwoSteps(Trace* trace, absl::Status first, absl::Status second) {
  RETURN_IF_ERROR(Step(trace, std::move(first)));
  RETURN_IF_ERROR(Step(trace, std::move(second)));
  return absl::OkStatus();
}

// --- RETURN_IF_ERROR -------------------------------------------------------

TEST(ReturnIfError, ReturnsTheErrorAndSkipsTheRestOfTheFunction) {
  Trace trace;
  absl::Status status = TwoSteps(&trace, absl::NotFoundError("absent"),
                                 absl::InternalError("never evaluated"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, "absent"));
  EXPECT_EQ(trace.steps, 1);
}

TEST(ReturnIfError, ContinuesPastAnOkStatus) {
  Trace trace;
  absl::Status status = TwoSteps(&trace, absl::OkStatus(),
                                 absl::DataLossError("second step"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDataLoss, "second step"));
  EXPECT_EQ(trace.steps, 2);
}

TEST(ReturnIfError, FunctionRunsToTheEndWhenEveryStatusIsOk) {
  Trace trace;
  EXPECT_THAT(TwoSteps(&trace, absl::OkStatus(), absl::OkStatus()), IsOk());
  EXPECT_EQ(trace.steps, 2);
}

TEST(ReturnIfError, ConvertsTheErrorToTheStatusOrOfTheEnclosingFunction) {
  Trace trace;
  auto function = [&trace]() -> absl::StatusOr<std::string> {
    RETURN_IF_ERROR(Step(&trace, absl::PermissionDeniedError("refused")));
    return std::string("unreachable");
  };
  EXPECT_THAT(function(),
              StatusIs(absl::StatusCode::kPermissionDenied, "refused"));
}

TEST(ReturnIfError, EvaluatesItsExpressionExactlyOnce) {
  Trace trace;
  auto function = [&trace]() -> absl::Status {
    RETURN_IF_ERROR(Step(&trace, absl::AbortedError("once")));
    return absl::OkStatus();
  };
  EXPECT_THAT(function(), StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(trace.steps, 1);
}

TEST(ReturnIfError, ActsAsOneStatementUnderAnIfWithoutBraces) {
  auto function = [](bool check) -> absl::Status {
    if (check)
      RETURN_IF_ERROR(absl::CancelledError("checked"));
    else
      return absl::OkStatus();
    return absl::InternalError("not reached");
  };
  EXPECT_THAT(function(true), StatusIs(absl::StatusCode::kCancelled));
  EXPECT_THAT(function(false), IsOk());
}

// --- ASSIGN_OR_RETURN ------------------------------------------------------

absl::StatusOr<int> DoubledWithDeclaration(Trace* trace,
                                           absl::StatusOr<int> input) {
  ASSIGN_OR_RETURN(int value, StepValue(trace, std::move(input)));
  ++trace->steps;  // Only reached when the value was assigned.
  return 2 * value;
}

TEST(AssignOrReturn, DeclaresTheVariableWithTheValue) {
  Trace trace;
  EXPECT_THAT(DoubledWithDeclaration(&trace, 21), IsOkAndHolds(42));
  EXPECT_EQ(trace.steps, 2);
}

TEST(AssignOrReturn, ReturnsTheErrorAndSkipsTheRestOfTheFunction) {
  Trace trace;
  EXPECT_THAT(
      DoubledWithDeclaration(&trace, absl::OutOfRangeError("too far")),
      StatusIs(absl::StatusCode::kOutOfRange, "too far"));
  EXPECT_EQ(trace.steps, 1);
}

TEST(AssignOrReturn, AssignsAnExistingVariable) {
  auto function = [](absl::StatusOr<std::string> input,
                     std::string* out) -> absl::Status {
    ASSIGN_OR_RETURN(*out, std::move(input));
    return absl::OkStatus();
  };
  std::string value = "before";
  ASSERT_THAT(function(std::string("after"), &value), IsOk());
  EXPECT_EQ(value, "after");
}

TEST(AssignOrReturn, LeavesTheExistingVariableUntouchedOnError) {
  auto function = [](absl::StatusOr<std::string> input,
                     std::string* out) -> absl::Status {
    ASSIGN_OR_RETURN(*out, std::move(input));
    return absl::OkStatus();
  };
  std::string value = "before";
  EXPECT_THAT(function(absl::UnavailableError("down"), &value),
              StatusIs(absl::StatusCode::kUnavailable, "down"));
  EXPECT_EQ(value, "before");
}

TEST(AssignOrReturn, WorksWithAutoDeclarations) {
  auto function = []() -> absl::StatusOr<size_t> {
    ASSIGN_OR_RETURN(auto text, absl::StatusOr<std::string>("Lucas M."));
    return text.size();
  };
  EXPECT_THAT(function(), IsOkAndHolds(8u));
}

TEST(AssignOrReturn, MovesAMoveOnlyValueIntoADeclaration) {
  auto function = []() -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(std::unique_ptr<int> owned,
                     absl::StatusOr<std::unique_ptr<int>>(
                         std::make_unique<int>(7)));
    return *owned + 1;
  };
  EXPECT_THAT(function(), IsOkAndHolds(8));
}

TEST(AssignOrReturn, MovesAMoveOnlyValueIntoAnExistingVariable) {
  auto function = [](std::unique_ptr<int>* out) -> absl::Status {
    ASSIGN_OR_RETURN(*out, absl::StatusOr<std::unique_ptr<int>>(
                               std::make_unique<int>(9)));
    return absl::OkStatus();
  };
  std::unique_ptr<int> owned;
  ASSERT_THAT(function(&owned), IsOk());
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 9);
}

TEST(AssignOrReturn, PropagatesTheErrorOfAMoveOnlyStatusOr) {
  auto function = []() -> absl::Status {
    ASSIGN_OR_RETURN(
        std::unique_ptr<int> owned,
        absl::StatusOr<std::unique_ptr<int>>(absl::NotFoundError("no key")));
    return owned == nullptr ? absl::InternalError("null") : absl::OkStatus();
  };
  EXPECT_THAT(function(), StatusIs(absl::StatusCode::kNotFound, "no key"));
}

TEST(AssignOrReturn, SeveralUsesInOneFunctionDoNotClash) {
  auto function = []() -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(int a, absl::StatusOr<int>(40));
    ASSIGN_OR_RETURN(int b, absl::StatusOr<int>(2));
    return a + b;
  };
  EXPECT_THAT(function(), IsOkAndHolds(42));
}

// --- Matchers --------------------------------------------------------------

// The explanation a matcher gives for `value`, or "" when it matches.
template <typename Matcher, typename T>
std::string Explain(const Matcher& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  if (::testing::ExplainMatchResult(matcher, value, &listener)) return "";
  return listener.str();
}

TEST(IsOk, MatchesAnOkStatusAndAnOkStatusOr) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
}

TEST(IsOk, RejectsAnErrorAndExplainsWhy) {
  EXPECT_THAT(absl::InternalError("boom"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(absl::InternalError("boom")), Not(IsOk()));
  EXPECT_THAT(Explain(IsOk(), absl::InternalError("boom")),
              HasSubstr("boom"));
}

TEST(StatusIs, ComparesTheCode) {
  EXPECT_THAT(absl::NotFoundError("x"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::NotFoundError("x"),
              Not(StatusIs(absl::StatusCode::kDataLoss)));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::OkStatus(), Not(StatusIs(absl::StatusCode::kUnknown)));
}

TEST(StatusIs, AppliesToTheStatusOfAStatusOr) {
  EXPECT_THAT(absl::StatusOr<int>(absl::DataLossError("tampered")),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(absl::StatusOr<int>(5), StatusIs(absl::StatusCode::kOk));
}

TEST(StatusIs, WithAMessageMatcherRequiresBothCodeAndMessage) {
  const absl::Status status = absl::NotFoundError("record absent");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, "record absent"));
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("absent")));
  EXPECT_THAT(status,
              Not(StatusIs(absl::StatusCode::kNotFound, HasSubstr("other"))));
  EXPECT_THAT(status,
              Not(StatusIs(absl::StatusCode::kInternal, HasSubstr("absent"))));
}

TEST(StatusIs, DescribesTheExpectedCode) {
  EXPECT_THAT(
      ::testing::DescribeMatcher<absl::Status>(
          StatusIs(absl::StatusCode::kDataLoss)),
      HasSubstr("DATA_LOSS"));
  EXPECT_THAT(Explain(StatusIs(absl::StatusCode::kDataLoss),
                      absl::NotFoundError("absent")),
              HasSubstr("absent"));
}

TEST(IsOkAndHolds, MatchesTheValueOfAnOkStatusOr) {
  EXPECT_THAT(absl::StatusOr<std::string>("Lucas M."),
              IsOkAndHolds("Lucas M."));
  EXPECT_THAT(absl::StatusOr<std::string>("Lucas M."),
              IsOkAndHolds(HasSubstr("Lucas")));
  EXPECT_THAT(absl::StatusOr<std::string>("Lucas M."),
              Not(IsOkAndHolds("Lucas N.")));
}

TEST(IsOkAndHolds, RejectsAnErrorAndExplainsWhy) {
  const absl::StatusOr<int> error = absl::NotFoundError("absent");
  EXPECT_THAT(error, Not(IsOkAndHolds(0)));
  EXPECT_THAT(Explain(IsOkAndHolds(0), error), HasSubstr("absent"));
}

TEST(IsOkAndHolds, AppliesInnerMatchersToMoveOnlyValues) {
  absl::StatusOr<std::unique_ptr<int>> owned = std::make_unique<int>(11);
  EXPECT_THAT(owned, IsOkAndHolds(Pointee(11)));
  EXPECT_THAT(owned, Not(IsOkAndHolds(Pointee(12))));
}

TEST(IsOkAndHolds, DescribesTheValueMatcher) {
  EXPECT_THAT(::testing::DescribeMatcher<absl::StatusOr<int>>(
                  IsOkAndHolds(42)),
              HasSubstr("42"));
}

// --- ASSERT_OK_AND_ASSIGN, ASSERT_OK, EXPECT_OK -----------------------------

TEST(AssertOkAndAssign, DeclaresTheVariableWithTheValue) {
  ASSERT_OK_AND_ASSIGN(std::string value,
                       absl::StatusOr<std::string>("Hélène"));
  EXPECT_EQ(value, "Hélène");
}

TEST(AssertOkAndAssign, AssignsAnExistingVariable) {
  int value = 0;
  ASSERT_OK_AND_ASSIGN(value, absl::StatusOr<int>(17));
  EXPECT_EQ(value, 17);
}

TEST(AssertOkAndAssign, MovesAMoveOnlyValue) {
  ASSERT_OK_AND_ASSIGN(auto owned, absl::StatusOr<std::unique_ptr<int>>(
                                       std::make_unique<int>(5)));
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 5);
}

// Statements for EXPECT_FATAL_FAILURE, which cannot capture locals.
int g_reached_after_assert = 0;

void AssertOkAndAssignOnError() {
  ASSERT_OK_AND_ASSIGN(int value,
                       absl::StatusOr<int>(absl::NotFoundError("missing")));
  g_reached_after_assert = value + 1;
}

TEST(AssertOkAndAssign, FailsFatallyOnAnErrorAndStopsTheTest) {
  g_reached_after_assert = 0;
  EXPECT_FATAL_FAILURE(AssertOkAndAssignOnError(), "missing");
  EXPECT_EQ(g_reached_after_assert, 0);
}

TEST(AssertOk, FailsFatallyOnAnError) {
  EXPECT_FATAL_FAILURE(ASSERT_OK(absl::InternalError("broken")), "broken");
}

TEST(ExpectOk, FailsWithoutStoppingOnAnError) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(absl::InternalError("broken")), "broken");
}

TEST(ExpectOk, PassesOnOk) {
  EXPECT_OK(absl::OkStatus());
  EXPECT_OK(absl::StatusOr<int>(1));
}

}  // namespace
}  // namespace suivi
