#include "core/common/day.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;

// Day numbers computed independently (Python's datetime.date difference
// from 1970-01-01), not with the code under test.
struct KnownDate {
  absl::CivilDay civil;
  const char* iso;
  DayNumber number;
};

const std::vector<KnownDate>& KnownDates() {
  static const auto* const dates = new std::vector<KnownDate>{
      {absl::CivilDay(1970, 1, 1), "1970-01-01", 0},
      {absl::CivilDay(1970, 1, 2), "1970-01-02", 1},
      {absl::CivilDay(1969, 12, 31), "1969-12-31", -1},
      {absl::CivilDay(1900, 1, 1), "1900-01-01", -25567},
      {absl::CivilDay(2000, 2, 29), "2000-02-29", 11016},
      {absl::CivilDay(2024, 2, 29), "2024-02-29", 19782},
      {absl::CivilDay(2025, 11, 24), "2025-11-24", 20416},
      {absl::CivilDay(2026, 7, 1), "2026-07-01", 20635},
      {absl::CivilDay(2026, 11, 24), "2026-11-24", 20781},
      {absl::CivilDay(9999, 12, 31), "9999-12-31", 2932896},
  };
  return *dates;
}

TEST(Day, EpochIsDayZero) {
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1970, 1, 1)), 0);
  EXPECT_EQ(ToCivilDay(0), absl::CivilDay(1970, 1, 1));
}

TEST(Day, KnownDatesHaveTheirDayNumbers) {
  for (const KnownDate& date : KnownDates()) {
    SCOPED_TRACE(date.iso);
    EXPECT_EQ(ToDayNumber(date.civil), date.number);
    EXPECT_EQ(ToCivilDay(date.number), date.civil);
  }
}

TEST(Day, KnownDatesFormatAsIso) {
  for (const KnownDate& date : KnownDates()) {
    EXPECT_EQ(FormatDayNumber(date.number), date.iso);
  }
}

TEST(Day, KnownDatesParseFromIso) {
  for (const KnownDate& date : KnownDates()) {
    SCOPED_TRACE(date.iso);
    EXPECT_THAT(ParseDayNumber(date.iso), IsOkAndHolds(date.number));
  }
}

TEST(Day, DaysBefore1970AreNegative) {
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1969, 12, 31)), -1);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1969, 1, 1)), -365);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1968, 12, 31)), -366);  // 1968 leap
  EXPECT_EQ(ToCivilDay(-366), absl::CivilDay(1968, 12, 31));
}

TEST(Day, ConsecutiveNumbersAreConsecutiveCivilDays) {
  // Covers month ends, leap and common Februaries and the 1900/2000/2100
  // century rules.
  const DayNumber first = ToDayNumber(absl::CivilDay(1899, 12, 1));
  const DayNumber last = ToDayNumber(absl::CivilDay(2101, 3, 31));
  absl::CivilDay expected(1899, 12, 1);
  for (DayNumber n = first; n <= last; ++n, ++expected) {
    ASSERT_EQ(ToCivilDay(n), expected) << n;
    ASSERT_EQ(ToDayNumber(expected), n) << n;
  }
}

TEST(Day, CenturyLeapRules) {
  // 1900 and 2100 are common years, 2000 is a leap year.
  EXPECT_EQ(ToDayNumber(absl::CivilDay(1900, 3, 1)) -
                ToDayNumber(absl::CivilDay(1900, 2, 28)),
            1);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(2000, 3, 1)) -
                ToDayNumber(absl::CivilDay(2000, 2, 28)),
            2);
  EXPECT_EQ(ToDayNumber(absl::CivilDay(2100, 3, 1)) -
                ToDayNumber(absl::CivilDay(2100, 2, 28)),
            1);
}

TEST(Day, FormatThenParseRoundTrips) {
  // Every 7th day from 1000-01-01 to 9999-12-31 (four-digit years).
  const DayNumber first = ToDayNumber(absl::CivilDay(1000, 1, 1));
  const DayNumber last = ToDayNumber(absl::CivilDay(9999, 12, 31));
  for (DayNumber n = first; n <= last; n += 7) {
    const std::string iso = FormatDayNumber(n);
    ASSERT_EQ(iso.size(), 10u) << n;
    ASSERT_THAT(ParseDayNumber(iso), IsOkAndHolds(n)) << iso;
  }
}

TEST(Day, ParseAcceptsLeapDayOnlyInLeapYears) {
  EXPECT_THAT(ParseDayNumber("2024-02-29"), IsOkAndHolds(19782));
  EXPECT_THAT(ParseDayNumber("2000-02-29"), IsOkAndHolds(11016));
  EXPECT_THAT(ParseDayNumber("2026-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDayNumber("1900-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Day, ParseRejectsEverythingButAValidIsoDate) {
  const std::vector<std::string> rejected = {
      "2026-02-30",        // day out of range for the month
      "2026-04-31",        // idem
      "2026-13-01",        // month out of range
      "2026-00-10",        // month zero
      "2026-01-00",        // day zero
      "2026-01-32",        // day out of range
      "2026-2-3",          // fields not padded
      "2026-02-3",         // idem
      "",                  // empty
      "abcd-ef-gh",        // not digits
      "2026/11/24",        // wrong separator
      "24-11-2026",        // French order
      "24/11/2026",        // French notation
      "20261124",          // no separators
      " 2026-11-24",       // surrounding space
      "2026-11-24 ",       // idem
      "2026-11-24\n",      // trailing newline
      "+2026-11-24",       // explicit sign
      "-026-11-24",        // negative year, ten characters
      "2026-11-24T00:00",  // a time, not a date
      "2026-11",           // month only
      "2026",              // year only
      std::string("2026-11-2\0", 10),  // embedded NUL
  };
  for (const std::string& input : rejected) {
    SCOPED_TRACE("input: \"" + input + "\"");
    EXPECT_THAT(ParseDayNumber(input),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("AAAA-MM-JJ")));
  }
}

// --- AgeOn -----------------------------------------------------------------

struct AgeCase {
  const char* birth;
  const char* on;
  int age;
};

// The day number of an ISO date; ParseDayNumber itself is checked above
// against independently computed numbers.
DayNumber DayOf(const char* iso) {
  absl::StatusOr<DayNumber> day = ParseDayNumber(iso);
  EXPECT_TRUE(day.ok()) << iso;
  return day.value_or(0);
}

TEST(Day, AgeCountsWholeYearsAsTheCivilCodeDoes) {
  const std::vector<AgeCase> cases = {
      // Same day: zero years.
      {"2026-11-24", "2026-11-24", 0},
      // The day before, on and after the first birthday.
      {"2025-11-24", "2026-11-23", 0},
      {"2025-11-24", "2026-11-24", 1},
      {"2025-11-24", "2026-11-25", 1},
      // Majority: the day before and the day of the 18th birthday.
      {"2008-11-24", "2026-11-23", 17},
      {"2008-11-24", "2026-11-24", 18},
      // Criminal majority thresholds of 13 and 16.
      {"2013-06-15", "2026-06-14", 12},
      {"2013-06-15", "2026-06-15", 13},
      {"2010-01-01", "2025-12-31", 15},
      {"2010-01-01", "2026-01-01", 16},
      // An earlier month in the year of the birthday.
      {"2000-12-31", "2026-01-01", 25},
      {"2000-12-31", "2026-12-30", 25},
      {"2000-12-31", "2026-12-31", 26},
      // Born before 1970 (negative day numbers).
      {"1960-03-15", "2026-03-14", 65},
      {"1960-03-15", "2026-03-15", 66},
      {"1900-01-01", "1969-12-31", 69},
  };
  for (const AgeCase& c : cases) {
    SCOPED_TRACE(std::string(c.birth) + " on " + c.on);
    EXPECT_EQ(AgeOn(DayOf(c.birth), DayOf(c.on)), c.age);
  }
}

TEST(Day, LeapDayBirthdayIsReachedOnFirstMarchInCommonYears) {
  const DayNumber birth = DayOf("2008-02-29");
  EXPECT_EQ(AgeOn(birth, DayOf("2026-02-28")), 17);
  EXPECT_EQ(AgeOn(birth, DayOf("2026-03-01")), 18);
  EXPECT_EQ(AgeOn(birth, DayOf("2009-02-28")), 0);
  EXPECT_EQ(AgeOn(birth, DayOf("2009-03-01")), 1);
}

TEST(Day, LeapDayBirthdayIsReachedOnTwentyNinthFebruaryInLeapYears) {
  const DayNumber birth = DayOf("2008-02-29");
  EXPECT_EQ(AgeOn(birth, DayOf("2028-02-28")), 19);
  EXPECT_EQ(AgeOn(birth, DayOf("2028-02-29")), 20);
  EXPECT_EQ(AgeOn(birth, DayOf("2028-03-01")), 20);
}

TEST(Day, FirstMarchBirthdayIsNotReachedOnTwentyNinthFebruary) {
  const DayNumber birth = DayOf("2008-03-01");
  EXPECT_EQ(AgeOn(birth, DayOf("2028-02-29")), 19);
  EXPECT_EQ(AgeOn(birth, DayOf("2028-03-01")), 20);
}

// --- DayNumberAt -----------------------------------------------------------

absl::Time Utc(int year, int month, int day, int hour, int minute,
               int second = 0) {
  return absl::FromCivil(
      absl::CivilSecond(year, month, day, hour, minute, second),
      absl::UTCTimeZone());
}

TEST(Day, ParisTimeZoneIsLoadedFromTheDatabase) {
  // The fixed UTC+1 fallback would get every summer evening wrong.
  EXPECT_EQ(ParisTimeZone().name(), "Europe/Paris");
}

struct InstantCase {
  const char* what;
  absl::Time t;
  const char* utc_day;
  const char* paris_day;
};

TEST(Day, DayNumberAtDependsOnTheZoneNearMidnight) {
  const std::vector<InstantCase> cases = {
      {"summer (UTC+2), half an hour after Paris midnight",
       Utc(2026, 6, 30, 22, 30), "2026-06-30", "2026-07-01"},
      {"summer, one second before Paris midnight",
       Utc(2026, 6, 30, 21, 59, 59), "2026-06-30", "2026-06-30"},
      {"summer, exactly Paris midnight", Utc(2026, 6, 30, 22, 0),
       "2026-06-30", "2026-07-01"},
      {"winter (UTC+1), half an hour after Paris midnight",
       Utc(2026, 1, 15, 23, 30), "2026-01-15", "2026-01-16"},
      {"winter, 22:30 UTC is still the same day in Paris",
       Utc(2026, 1, 15, 22, 30), "2026-01-15", "2026-01-15"},
      {"winter, one second before Paris midnight",
       Utc(2026, 1, 15, 22, 59, 59), "2026-01-15", "2026-01-15"},
      {"new year's eve", Utc(2026, 12, 31, 23, 15), "2026-12-31",
       "2027-01-01"},
      {"before 1970", Utc(1969, 12, 31, 23, 30), "1969-12-31", "1970-01-01"},
      {"midday, same day everywhere", Utc(2026, 11, 24, 12, 0), "2026-11-24",
       "2026-11-24"},
  };
  for (const InstantCase& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(DayNumberAt(c.t, absl::UTCTimeZone()), DayOf(c.utc_day));
    EXPECT_EQ(DayNumberAt(c.t, ParisTimeZone()), DayOf(c.paris_day));
  }
}

TEST(Day, DayNumberAtFollowsTheDaylightSavingChanges) {
  // 2026-03-29: clocks go from 02:00 to 03:00 in Paris, so the day ends at
  // 22:00 UTC. 2026-10-25: clocks go back, the day ends at 23:00 UTC.
  EXPECT_EQ(DayNumberAt(Utc(2026, 3, 28, 22, 59), ParisTimeZone()),
            DayOf("2026-03-28"));
  EXPECT_EQ(DayNumberAt(Utc(2026, 3, 29, 21, 59), ParisTimeZone()),
            DayOf("2026-03-29"));
  EXPECT_EQ(DayNumberAt(Utc(2026, 3, 29, 22, 0), ParisTimeZone()),
            DayOf("2026-03-30"));
  EXPECT_EQ(DayNumberAt(Utc(2026, 10, 24, 21, 59), ParisTimeZone()),
            DayOf("2026-10-24"));
  EXPECT_EQ(DayNumberAt(Utc(2026, 10, 24, 22, 0), ParisTimeZone()),
            DayOf("2026-10-25"));
  EXPECT_EQ(DayNumberAt(Utc(2026, 10, 25, 22, 59), ParisTimeZone()),
            DayOf("2026-10-25"));
  EXPECT_EQ(DayNumberAt(Utc(2026, 10, 25, 23, 0), ParisTimeZone()),
            DayOf("2026-10-26"));
}

TEST(Day, DayNumberAtTheEpochIsZeroInUtc) {
  EXPECT_EQ(DayNumberAt(absl::UnixEpoch(), absl::UTCTimeZone()), 0);
  EXPECT_EQ(DayNumberAt(absl::UnixEpoch() - absl::Seconds(1),
                        absl::UTCTimeZone()),
            -1);
}

TEST(FormatUtcTimestamp, IsIso8601InUtc) {
  EXPECT_EQ(FormatUtcTimestamp(absl::FromCivil(absl::CivilSecond(2026, 11, 24, 14, 5, 0),
                                               ParisTimeZone())),
            "2026-11-24T13:05:00Z");
}

}  // namespace
}  // namespace suivi
