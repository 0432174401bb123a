#include "core/common/clock.h"

#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace suivi {
namespace {

// 2026-11-24T09:30:00Z, an arbitrary working-day morning.
const absl::Time kStart = absl::FromUnixSeconds(1795512600);

TEST(FakeClock, StartsAtTheGivenTimeAndStaysThere) {
  FakeClock clock(kStart);
  EXPECT_EQ(clock.Now(), kStart);
  EXPECT_EQ(clock.Now(), kStart);
}

TEST(FakeClock, StartTimeIsTheExpectedCivilTime) {
  // Guards the constant above, on which the other tests' readings rely.
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", kStart,
                             absl::UTCTimeZone()),
            "2026-11-24T09:30:00Z");
}

TEST(FakeClock, AdvanceMovesTheTimeByTheDelta) {
  FakeClock clock(kStart);
  clock.Advance(absl::Minutes(90));
  EXPECT_EQ(clock.Now(), kStart + absl::Minutes(90));
  clock.Advance(absl::Hours(24));
  EXPECT_EQ(clock.Now(), kStart + absl::Minutes(90) + absl::Hours(24));
}

TEST(FakeClock, AdvanceByZeroChangesNothing) {
  FakeClock clock(kStart);
  clock.Advance(absl::ZeroDuration());
  EXPECT_EQ(clock.Now(), kStart);
}

TEST(FakeClock, AdvanceByANegativeDeltaMovesBackwards) {
  FakeClock clock(kStart);
  clock.Advance(-absl::Seconds(30));
  EXPECT_EQ(clock.Now(), kStart - absl::Seconds(30));
}

TEST(FakeClock, SetJumpsToTheGivenTimeForwardOrBackward) {
  FakeClock clock(kStart);
  const absl::Time later = kStart + absl::Hours(24 * 365);
  clock.Set(later);
  EXPECT_EQ(clock.Now(), later);
  clock.Set(absl::UnixEpoch());
  EXPECT_EQ(clock.Now(), absl::UnixEpoch());
}

TEST(FakeClock, AdvanceAfterSetStartsFromTheSetTime) {
  FakeClock clock(kStart);
  clock.Set(absl::UnixEpoch());
  clock.Advance(absl::Seconds(1));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(1));
}

TEST(FakeClock, IsUsableThroughTheClockInterface) {
  FakeClock fake(kStart);
  Clock* clock = &fake;
  fake.Advance(absl::Seconds(5));
  EXPECT_EQ(clock->Now(), kStart + absl::Seconds(5));
}

TEST(FakeClock, ConcurrentAdvancesAreNotLost) {
  constexpr int kThreads = 8;
  constexpr int kAdvancesPerThread = 1000;
  FakeClock clock(kStart);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < kAdvancesPerThread; ++i) {
        clock.Advance(absl::Milliseconds(1));
        (void)clock.Now();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(),
            kStart + absl::Milliseconds(kThreads * kAdvancesPerThread));
}

TEST(RealClock, IsTheSameNonNullPointerOnEveryCall) {
  Clock* first = Clock::Real();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(Clock::Real(), first);
  EXPECT_EQ(Clock::Real(), first);
}

TEST(RealClock, ReadsTheWallClock) {
  const absl::Time before = absl::Now();
  const absl::Time now = Clock::Real()->Now();
  const absl::Time after = absl::Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST(RealClock, MovesForward) {
  const absl::Time first = Clock::Real()->Now();
  absl::SleepFor(absl::Milliseconds(5));
  const absl::Time second = Clock::Real()->Now();
  EXPECT_GT(second, first);
  EXPECT_GE(second - first, absl::Milliseconds(5));
}

}  // namespace
}  // namespace suivi
