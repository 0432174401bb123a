#include "core/workflow/calendar.h"

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "core/common/day.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::workflow {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

// Dates in tests are written as ISO strings; the expected values were
// checked against Python's datetime, not against the code under test.
DayNumber Day(const char *iso) { return ParseDayNumber(iso).value(); }

Calendar MakeCalendar(const CalendarOptions &options = CalendarOptions()) {
  return Calendar::Create(options).value();
}

Calendar JoursOuvrables() {
  CalendarOptions options;
  options.non_working_weekdays =
      NonWorkingWeekdays(WorkingWeek::kJoursOuvrables);
  return MakeCalendar(options);
}

// Pairs (day, name) read back in ISO form, so failures print dates.
std::vector<std::pair<std::string, std::string>>
Listed(const std::vector<Holiday> &holidays) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Holiday &h : holidays) {
    out.emplace_back(FormatDayNumber(h.day), h.name);
  }
  return out;
}

TEST(EasterSunday, MatchesTheDatesKnownByHeart) {
  const std::vector<std::pair<int, const char *>> known = {
      {2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"},
      {2027, "2027-03-28"}, {2038, "2038-04-25"}, {2285, "2285-03-22"},
  };
  for (const auto &[year, iso] : known) {
    EXPECT_EQ(FormatDayNumber(EasterSunday(year)), iso) << year;
  }
}

TEST(Calendar, MoveableHolidaysOf2026FollowEaster) {
  const Calendar cal = MakeCalendar();
  EXPECT_THAT(cal.HolidayName(Day("2026-04-06")),
              Optional(std::string("Lundi de Pâques")));
  EXPECT_THAT(cal.HolidayName(Day("2026-05-14")),
              Optional(std::string("Ascension")));
  EXPECT_THAT(cal.HolidayName(Day("2026-05-25")),
              Optional(std::string("Lundi de Pentecôte")));
  EXPECT_FALSE(cal.IsHoliday(Day("2026-04-05"))); // Easter Sunday itself
}

TEST(Calendar, FourteenJulyIsTheFeteNationaleAndTheNextDayIsNot) {
  const Calendar cal = MakeCalendar();
  EXPECT_TRUE(cal.IsHoliday(Day("2026-07-14")));
  EXPECT_THAT(cal.HolidayName(Day("2026-07-14")),
              Optional(std::string("Fête nationale")));
  EXPECT_FALSE(cal.IsWorkingDay(Day("2026-07-14"))); // a Tuesday
  EXPECT_EQ(cal.HolidayName(Day("2026-07-15")), std::nullopt);
  EXPECT_TRUE(cal.IsWorkingDay(Day("2026-07-15")));
}

TEST(Calendar, ElevenNovemberOnAWeekdayClosesItAndOnAWeekendMovesNothing) {
  const Calendar cal = MakeCalendar();
  EXPECT_TRUE(cal.IsHoliday(Day("2026-11-11"))); // Wednesday
  EXPECT_FALSE(cal.IsWorkingDay(Day("2026-11-11")));
  EXPECT_TRUE(cal.IsHoliday(Day("2028-11-11"))); // Saturday
  // France has no "holiday in lieu": the Monday after stays worked.
  EXPECT_TRUE(cal.IsWorkingDay(Day("2028-11-13")));
  // Counted in jours ouvrables, that Saturday is lost to the holiday.
  const Calendar ouvrables = JoursOuvrables();
  EXPECT_FALSE(ouvrables.IsWorkingDay(Day("2028-11-11")));
  EXPECT_TRUE(ouvrables.IsWorkingDay(Day("2028-11-04")));
}

TEST(Calendar, ListsTheElevenHolidaysOf2026WithTheirNamesInDateOrder) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"2026-01-01", "Jour de l'an"},
      {"2026-04-06", "Lundi de Pâques"},
      {"2026-05-01", "Fête du Travail"},
      {"2026-05-08", "Victoire 1945"},
      {"2026-05-14", "Ascension"},
      {"2026-05-25", "Lundi de Pentecôte"},
      {"2026-07-14", "Fête nationale"},
      {"2026-08-15", "Assomption"},
      {"2026-11-01", "Toussaint"},
      {"2026-11-11", "Armistice 1918"},
      {"2026-12-25", "Noël"},
  };
  EXPECT_EQ(Listed(MakeCalendar().HolidaysOf(2026)), expected);
}

TEST(Calendar, AlsaceMoselleAddsVendrediSaintAndSaintEtienne) {
  CalendarOptions options;
  options.alsace_moselle = true;
  const Calendar alsace = MakeCalendar(options);
  EXPECT_THAT(alsace.HolidayName(Day("2026-04-03")),
              Optional(std::string("Vendredi saint")));
  EXPECT_THAT(alsace.HolidayName(Day("2026-12-26")),
              Optional(std::string("Saint-Étienne")));
  EXPECT_FALSE(alsace.IsWorkingDay(Day("2026-04-03")));
  EXPECT_EQ(alsace.HolidaysOf(2026).size(), 13u);
  EXPECT_EQ(FormatDayNumber(alsace.HolidaysOf(2027)[1].day), "2027-03-26");

  const Calendar national = MakeCalendar();
  EXPECT_FALSE(national.IsHoliday(Day("2026-04-03")));
  EXPECT_TRUE(national.IsWorkingDay(Day("2026-04-03")));
}

struct WorkingDaysCase {
  const char *start;
  int n;
  const char *expected;
};

TEST(Calendar, AddWorkingDaysSkipsWeekendsAndHolidays) {
  const Calendar cal = MakeCalendar();
  const std::vector<WorkingDaysCase> cases = {
      {"2026-01-09", 1, "2026-01-12"}, // Friday + 1 is Monday
      {"2026-01-08", 3, "2026-01-13"}, // across the weekend
      {"2026-01-10", 1, "2026-01-12"}, // from a Saturday
      {"2026-05-11", 5, "2026-05-19"}, // Ascension week: Thursday skipped
      {"2026-04-30", 1, "2026-05-04"}, // 1er mai on a Friday
      {"2026-01-02", 250, "2026-12-30"},
      {"2026-01-09", 0, "2026-01-09"}, // a working start is its own deadline
      {"2026-01-10", 0, "2026-01-12"}, // a Saturday extends to Monday
      {"2026-05-01", 0, "2026-05-04"}, // so does 1er mai
  };
  for (const WorkingDaysCase &c : cases) {
    EXPECT_EQ(FormatDayNumber(cal.AddWorkingDays(Day(c.start), c.n)),
              c.expected)
        << c.start << " + " << c.n;
  }
}

TEST(Calendar, ExtraClosedDayOnTheAscensionBridgeIsSkipped) {
  CalendarOptions options;
  options.extra_closed_days = {Day("2026-05-15"), Day("2026-05-15")};
  const Calendar mairie = MakeCalendar(options);
  EXPECT_FALSE(mairie.IsWorkingDay(Day("2026-05-15")));
  EXPECT_FALSE(mairie.IsHoliday(Day("2026-05-15"))); // closed, not férié
  EXPECT_EQ(FormatDayNumber(mairie.AddWorkingDays(Day("2026-05-11"), 5)),
            "2026-05-20");
  EXPECT_EQ(mairie.WorkingDaysBetween(Day("2026-05-11"), Day("2026-05-18")), 3);
  EXPECT_EQ(mairie.HolidaysOf(2026).size(), 11u);
}

TEST(Calendar, DeadlineEndingOnASundayIsExtendedToMonday) {
  const Calendar cal = MakeCalendar();
  // 2026-02-20 + 9 days is Sunday 2026-03-01.
  EXPECT_EQ(FormatDayNumber(cal.AddCalendarDays(Day("2026-02-20"), 9, false)),
            "2026-03-01");
  EXPECT_EQ(FormatDayNumber(cal.AddCalendarDays(Day("2026-02-20"), 9, true)),
            "2026-03-02");
}

TEST(Calendar, DeadlineEndingOnPremierMaiIsExtendedPastTheWeekend) {
  const Calendar cal = MakeCalendar();
  EXPECT_EQ(FormatDayNumber(cal.AddCalendarDays(Day("2026-04-16"), 15, false)),
            "2026-05-01");
  EXPECT_EQ(FormatDayNumber(cal.AddCalendarDays(Day("2026-04-16"), 15, true)),
            "2026-05-04");
  // A deadline ending on a working day does not move.
  EXPECT_EQ(FormatDayNumber(cal.AddCalendarDays(Day("2026-04-16"), 14, true)),
            "2026-04-30");
}

TEST(Calendar, JoursOuvrablesCountSaturdayButNotSundayNorHolidays) {
  const Calendar cal = JoursOuvrables();
  EXPECT_TRUE(cal.IsWorkingDay(Day("2026-01-10")));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(Day("2026-01-11"))); // Sunday
  EXPECT_EQ(FormatDayNumber(cal.AddWorkingDays(Day("2026-01-09"), 1)),
            "2026-01-10");
  EXPECT_EQ(FormatDayNumber(cal.AddWorkingDays(Day("2026-01-09"), 2)),
            "2026-01-12");
  // Saturday 15 August 2026 is the Assomption.
  EXPECT_EQ(FormatDayNumber(cal.AddWorkingDays(Day("2026-08-14"), 1)),
            "2026-08-17");
  // A délai in jours calendaires ending on a Saturday stands.
  EXPECT_EQ(FormatDayNumber(cal.AddCalendarDays(Day("2026-01-03"), 7, true)),
            "2026-01-10");
}

TEST(Calendar, WorkingDaysBetweenIsHalfOpen) {
  const Calendar cal = MakeCalendar();
  // May 2026: 21 weekdays, four of them holidays (1, 8, 14 and 25 May).
  EXPECT_EQ(cal.WorkingDaysBetween(Day("2026-05-01"), Day("2026-06-01")), 17);
  EXPECT_EQ(cal.WorkingDaysBetween(Day("2026-01-01"), Day("2027-01-01")), 252);
  EXPECT_EQ(cal.WorkingDaysBetween(Day("2026-01-12"), Day("2026-01-12")), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(Day("2026-01-12"), Day("2026-01-13")),
            1); // from counts
  EXPECT_EQ(cal.WorkingDaysBetween(Day("2026-01-09"), Day("2026-01-12")),
            1); // to does not
  EXPECT_EQ(cal.WorkingDaysBetween(Day("2026-06-01"), Day("2026-05-01")), -17);
}

TEST(Calendar, WorkingDaysBetweenUndoesAddWorkingDaysFromAWorkingStart) {
  const Calendar cal = MakeCalendar();
  const DayNumber start = Day("2026-12-21"); // across a year boundary
  for (int n = 0; n <= 400; ++n) {
    EXPECT_EQ(cal.WorkingDaysBetween(start, cal.AddWorkingDays(start, n)), n)
        << n;
  }
}

TEST(Calendar, ExtraHolidayHasItsNameAndDuplicatesKeepTheFirst) {
  CalendarOptions options;
  options.extra_holidays = {{Day("2026-06-19"), "Fête de la ville"},
                            {Day("2026-06-19"), "Autre nom"},
                            {Day("2026-07-14"), "Doublon du 14 juillet"}};
  const Calendar cal = MakeCalendar(options);
  EXPECT_THAT(cal.HolidayName(Day("2026-06-19")),
              Optional(std::string("Fête de la ville")));
  EXPECT_THAT(cal.HolidayName(Day("2026-07-14")),
              Optional(std::string("Fête nationale")));
  EXPECT_EQ(cal.HolidaysOf(2026).size(), 12u);
  EXPECT_THAT(cal.HolidaysOf(2027), ::testing::SizeIs(11));
}

TEST(Calendar, EveryWeekdayNonWorkingIsRefused) {
  CalendarOptions options;
  options.non_working_weekdays = {
      absl::Weekday::monday,   absl::Weekday::tuesday, absl::Weekday::wednesday,
      absl::Weekday::thursday, absl::Weekday::friday,  absl::Weekday::saturday,
      absl::Weekday::sunday};
  EXPECT_THAT(Calendar::Create(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("au moins un jour")));
}

TEST(Calendar, ExtraHolidayWithoutNameOrOutOfRangeIsRefused) {
  CalendarOptions unnamed;
  unnamed.extra_holidays = {{Day("2026-06-19"), ""}};
  EXPECT_THAT(
      Calendar::Create(unnamed),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2026-06-19")));
  CalendarOptions too_early;
  too_early.extra_closed_days = {ToDayNumber(absl::CivilDay(1500, 1, 2))};
  EXPECT_THAT(Calendar::Create(too_early),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1583")));
}

TEST(Calendar, DefaultAndDuplicatedOptionsAreAccepted) {
  EXPECT_THAT(Calendar::Create(CalendarOptions()), IsOk());
  CalendarOptions options;
  options.non_working_weekdays = {absl::Weekday::sunday, absl::Weekday::sunday};
  EXPECT_THAT(Calendar::Create(options), IsOk());
}

TEST(Calendar, YearsOutsideTheRangeHaveNoHolidays) {
  const Calendar cal = MakeCalendar();
  EXPECT_THAT(cal.HolidaysOf(1500), IsEmpty());
  EXPECT_FALSE(cal.IsHoliday(ToDayNumber(absl::CivilDay(1500, 1, 1))));
  EXPECT_TRUE(cal.IsHoliday(ToDayNumber(absl::CivilDay(1583, 1, 1))));
}

TEST(Calendar, CopiesUsedFromManyThreadsAgree) {
  const Calendar cal = MakeCalendar();
  const DayNumber start = Day("2026-01-02");
  std::vector<DayNumber> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([copy = cal, start, &results, i] {
      results[i] = copy.AddWorkingDays(start, 250 * 20);
    });
  }
  for (std::thread &t : threads)
    t.join();
  for (DayNumber r : results)
    EXPECT_EQ(r, cal.AddWorkingDays(start, 250 * 20));
}

} // namespace
} // namespace suivi::workflow
