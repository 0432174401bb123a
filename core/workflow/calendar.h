// core/workflow/calendar.h
//
// The working-day calendar that deadlines of the workflow engine are
// counted on. French procedure texts count délais in calendar days ("jours
// calendaires"), in "jours ouvrés" (Monday to Friday) or in "jours
// ouvrables" (Monday to Saturday), always minus the public holidays, and a
// délai that ends on a non-working day is extended to the next working day
// (the rule of article 642 of the code de procédure civile).
//
// The eleven national public holidays are computed from rules, never read
// from a table of dates, so the calendar is right for any year; Easter
// follows the anonymous Gregorian algorithm (Meeus/Jones/Butcher). Local
// holidays (Alsace-Moselle) and closed days (a mairie's "pont") come from
// CalendarOptions.
//
// Holidays are known for the years kFirstCalendarYear..kLastCalendarYear;
// outside them a day is working or not by its weekday alone.
//
// Thread-safe: a Calendar is an immutable value; any number of threads may
// call any method on it or on its copies (the copies share one cache of
// computed years, guarded by a mutex).

#ifndef SUIVI_CORE_WORKFLOW_CALENDAR_H_
#define SUIVI_CORE_WORKFLOW_CALENDAR_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "core/common/day.h"

namespace suivi::workflow {

// The first year of the Gregorian calendar, and the last four-digit year:
// the range in which Easter, hence the moveable holidays, is computed.
inline constexpr int kFirstCalendarYear = 1583;
inline constexpr int kLastCalendarYear = 9999;

// A public holiday ("jour férié") on a given day.
struct Holiday {
  // The day of the holiday.
  DayNumber day = 0;
  // Its French name, as shown to users ("Lundi de Pâques").
  std::string name;
};

// The two ways French texts count working days.
enum class WorkingWeek {
  // "Jours ouvrés": Monday to Friday; Saturday and Sunday are not worked.
  kJoursOuvres,
  // "Jours ouvrables": Monday to Saturday; only Sunday is not worked.
  kJoursOuvrables,
};

// The weekdays not worked in `week`, for CalendarOptions.
std::vector<absl::Weekday> NonWorkingWeekdays(WorkingWeek week);

struct CalendarOptions {
  // Weekdays on which no one works. Default: Saturday and Sunday (jours
  // ouvrés); NonWorkingWeekdays(WorkingWeek::kJoursOuvrables) gives jours
  // ouvrables. Duplicates are ignored; all seven is INVALID_ARGUMENT.
  std::vector<absl::Weekday> non_working_weekdays =
      NonWorkingWeekdays(WorkingWeek::kJoursOuvres);
  // Adds the two holidays of Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle),
  // computed for every year: Vendredi saint (Easter - 2) and Saint-Étienne
  // (26 December). Default: false.
  bool alsace_moselle = false;
  // Further holidays on given dates (a local fête). Each needs a name. On a
  // day that is already a holiday, the first name wins (national holidays
  // before these, then in the order given). Default: none.
  std::vector<Holiday> extra_holidays;
  // Days not worked that are not holidays (a mairie's "pont", a closure).
  // Duplicates are ignored. Default: none.
  std::vector<DayNumber> extra_closed_days;
};

// Easter Sunday of `year`, by the anonymous Gregorian algorithm.
// REQUIRES: kFirstCalendarYear <= year <= kLastCalendarYear.
DayNumber EasterSunday(int year);

class Calendar {
public:
  // A calendar with `options`. INVALID_ARGUMENT, with a French message, when
  // every weekday is non-working (no deadline could ever end), a weekday is
  // not one of the seven, an extra holiday has no name, or an extra day
  // lies outside kFirstCalendarYear..kLastCalendarYear.
  static absl::StatusOr<Calendar> Create(const CalendarOptions &options);

  // Copies share the computed years; they are cheap.
  Calendar(const Calendar &) = default;
  Calendar &operator=(const Calendar &) = default;
  Calendar(Calendar &&) = default;
  Calendar &operator=(Calendar &&) = default;
  ~Calendar();

  // The holidays of `year`, in date order: the eleven national ones, then
  // the options' ones merged in. Extra closed days are not holidays and are
  // not listed. Empty outside kFirstCalendarYear..kLastCalendarYear.
  std::vector<Holiday> HolidaysOf(int year) const;

  // Whether `day` is a holiday of this calendar (whatever its weekday).
  bool IsHoliday(DayNumber day) const;

  // The French name of the holiday on `day`; nullopt if it is none.
  std::optional<std::string> HolidayName(DayNumber day) const;

  // False on a non-working weekday, a holiday or an extra closed day.
  bool IsWorkingDay(DayNumber day) const;

  // `day` if it is a working day, else the first working day after it: where
  // a délai ending on `day` actually ends.
  DayNumber ExtendToWorkingDay(DayNumber day) const;

  // The `n`-th working day after `start`, `start` itself not counted, as
  // French procedure does not count the day of the act ("dies a quo"):
  // AddWorkingDays(friday, 1) is the next Monday, whether or not Friday is
  // worked. The result is always a working day, so the extension rule holds
  // by construction. n = 0 returns ExtendToWorkingDay(start): a délai of
  // zero days runs out on the act's day, or the next day one can act.
  // For a working `start`, WorkingDaysBetween(start, result) == n.
  // REQUIRES: n >= 0.
  DayNumber AddWorkingDays(DayNumber start, int n) const;

  // `start` + `n` calendar days (n may be negative). With
  // `extend_to_working_day`, a result that is not a working day moves to the
  // next working day, as a délai in jours calendaires does.
  DayNumber AddCalendarDays(DayNumber start, int n,
                            bool extend_to_working_day) const;

  // The number of working days in the half-open range [from, to): `from`
  // counts, `to` does not, so consecutive ranges add up and an empty range
  // (from == to) is 0. Negative, -WorkingDaysBetween(to, from), when
  // to < from.
  int WorkingDaysBetween(DayNumber from, DayNumber to) const;

private:
  class State;
  class YearCursor;

  explicit Calendar(std::shared_ptr<State> state);

  std::shared_ptr<State> state_; // never null
};

} // namespace suivi::workflow

#endif // SUIVI_CORE_WORKFLOW_CALENDAR_H_
