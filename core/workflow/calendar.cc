#include "core/workflow/calendar.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cassert>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace suivi::workflow {
namespace {

constexpr int kDaysPerWeek = 7;
// 1970-01-01, day 0, was a Thursday; absl numbers weekdays from Monday = 0.
constexpr int kWeekdayOfDayZero = static_cast<int>(absl::Weekday::thursday);
// A leap year has 366 days.
constexpr int kMaxDaysPerYear = 366;

// A holiday on the same date every year.
struct FixedRule {
  int month;
  int day;
  const char *name;
};

// A holiday a number of days after Easter Sunday.
struct EasterRule {
  int days_after_easter;
  const char *name;
};

// The eleven national holidays (code du travail, article L3133-1).
constexpr FixedRule kNationalFixed[] = {
    {1, 1, "Jour de l'an"},     {5, 1, "Fête du Travail"},
    {5, 8, "Victoire 1945"},    {7, 14, "Fête nationale"},
    {8, 15, "Assomption"},      {11, 1, "Toussaint"},
    {11, 11, "Armistice 1918"}, {12, 25, "Noël"},
};
constexpr EasterRule kNationalMoveable[] = {
    {1, "Lundi de Pâques"},
    {39, "Ascension"},
    {50, "Lundi de Pentecôte"},
};

// The two further holidays of Alsace-Moselle (article L3134-13).
constexpr FixedRule kAlsaceMoselleFixed[] = {{12, 26, "Saint-Étienne"}};
constexpr EasterRule kAlsaceMoselleMoveable[] = {{-2, "Vendredi saint"}};

// Weekday index of `day`, Monday = 0, without a civil-date conversion.
int WeekdayIndex(DayNumber day) {
  const int64_t r = (day + kWeekdayOfDayZero) % kDaysPerWeek;
  return static_cast<int>(r < 0 ? r + kDaysPerWeek : r);
}

int64_t YearOf(DayNumber day) { return ToCivilDay(day).year(); }

bool InCalendarRange(int64_t year) {
  return year >= kFirstCalendarYear && year <= kLastCalendarYear;
}

DayNumber FirstDayOf(int64_t year) {
  return ToDayNumber(absl::CivilDay(year, 1, 1));
}

void AppendRules(int year, const FixedRule *fixed, size_t fixed_count,
                 const EasterRule *moveable, size_t moveable_count,
                 std::vector<Holiday> *out) {
  for (size_t i = 0; i < fixed_count; ++i) {
    out->push_back(
        {ToDayNumber(absl::CivilDay(year, fixed[i].month, fixed[i].day)),
         fixed[i].name});
  }
  const DayNumber easter = EasterSunday(year);
  for (size_t i = 0; i < moveable_count; ++i) {
    out->push_back({easter + moveable[i].days_after_easter, moveable[i].name});
  }
}

// The holidays and closed days of one civil year, computed once.
struct YearTable {
  DayNumber first_day = 0;              // 1 January
  DayNumber end_day = 0;                // 1 January of the next year
  std::vector<Holiday> holidays;        // date order, one per day
  std::bitset<kMaxDaysPerYear> holiday; // indexed by day - first_day
  std::bitset<kMaxDaysPerYear> closed;  // holidays and extra closed days
};

absl::Status CheckInRange(DayNumber day, absl::string_view what) {
  if (InCalendarRange(YearOf(day)))
    return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "options du calendrier invalides : ", what, " du ", FormatDayNumber(day),
      " hors des années ", kFirstCalendarYear, " à ", kLastCalendarYear));
}

} // namespace

// The validated options and the cache of computed years. Immutable but for
// the cache.
class Calendar::State {
public:
  State(std::array<bool, kDaysPerWeek> non_working_weekday, bool alsace_moselle,
        std::map<DayNumber, std::string> extra_holidays,
        std::set<DayNumber> extra_closed_days)
      : non_working_weekday_(non_working_weekday),
        alsace_moselle_(alsace_moselle),
        extra_holidays_(std::move(extra_holidays)),
        extra_closed_days_(std::move(extra_closed_days)) {}

  bool IsNonWorkingWeekday(DayNumber day) const {
    return non_working_weekday_[WeekdayIndex(day)];
  }

  // The table of `year`, computed on first use. Years outside the calendar
  // range have no holidays and are not cached.
  std::shared_ptr<const YearTable> Year(int64_t year) const {
    if (!InCalendarRange(year))
      return Build(year);
    {
      absl::MutexLock lock(&mu_);
      auto it = years_.find(year);
      if (it != years_.end())
        return it->second;
    }
    // Built outside the lock; a thread that raced keeps the first table.
    std::shared_ptr<const YearTable> table = Build(year);
    absl::MutexLock lock(&mu_);
    return years_.try_emplace(year, std::move(table)).first->second;
  }

private:
  std::shared_ptr<const YearTable> Build(int64_t year) const;
  std::vector<Holiday> HolidaysOf(int year, DayNumber first_day,
                                  DayNumber end_day) const;

  const std::array<bool, kDaysPerWeek> non_working_weekday_;
  const bool alsace_moselle_;
  const std::map<DayNumber, std::string> extra_holidays_;
  const std::set<DayNumber> extra_closed_days_;

  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<int64_t, std::shared_ptr<const YearTable>>
      years_ ABSL_GUARDED_BY(mu_);
};

std::vector<Holiday> Calendar::State::HolidaysOf(int year, DayNumber first_day,
                                                 DayNumber end_day) const {
  std::vector<Holiday> holidays;
  AppendRules(year, kNationalFixed, std::size(kNationalFixed),
              kNationalMoveable, std::size(kNationalMoveable), &holidays);
  if (alsace_moselle_) {
    AppendRules(year, kAlsaceMoselleFixed, std::size(kAlsaceMoselleFixed),
                kAlsaceMoselleMoveable, std::size(kAlsaceMoselleMoveable),
                &holidays);
  }
  for (auto it = extra_holidays_.lower_bound(first_day);
       it != extra_holidays_.end() && it->first < end_day; ++it) {
    holidays.push_back({it->first, it->second});
  }
  // Stable: on a shared day the first name pushed (national first) wins.
  std::stable_sort(
      holidays.begin(), holidays.end(),
      [](const Holiday &a, const Holiday &b) { return a.day < b.day; });
  holidays.erase(std::unique(holidays.begin(), holidays.end(),
                             [](const Holiday &a, const Holiday &b) {
                               return a.day == b.day;
                             }),
                 holidays.end());
  return holidays;
}

std::shared_ptr<const YearTable> Calendar::State::Build(int64_t year) const {
  auto table = std::make_shared<YearTable>();
  table->first_day = FirstDayOf(year);
  table->end_day = FirstDayOf(year + 1);
  if (!InCalendarRange(year))
    return table;
  table->holidays =
      HolidaysOf(static_cast<int>(year), table->first_day, table->end_day);
  for (const Holiday &h : table->holidays) {
    table->holiday.set(static_cast<size_t>(h.day - table->first_day));
  }
  table->closed = table->holiday;
  for (auto it = extra_closed_days_.lower_bound(table->first_day);
       it != extra_closed_days_.end() && *it < table->end_day; ++it) {
    table->closed.set(static_cast<size_t>(*it - table->first_day));
  }
  return table;
}

// Walks days in order, fetching a year's table only when the walk enters
// that year: a loop over hundreds of days takes the cache's lock a handful
// of times and never recomputes Easter.
class Calendar::YearCursor {
public:
  explicit YearCursor(const State &state) : state_(state) {}

  const YearTable &At(DayNumber day) {
    if (table_ == nullptr || day < table_->first_day ||
        day >= table_->end_day) {
      table_ = state_.Year(YearOf(day));
    }
    return *table_;
  }

  bool IsWorkingDay(DayNumber day) {
    if (state_.IsNonWorkingWeekday(day))
      return false;
    const YearTable &table = At(day);
    return !table.closed.test(static_cast<size_t>(day - table.first_day));
  }

private:
  const State &state_;
  std::shared_ptr<const YearTable> table_;
};

std::vector<absl::Weekday> NonWorkingWeekdays(WorkingWeek week) {
  switch (week) {
  case WorkingWeek::kJoursOuvres:
    return {absl::Weekday::saturday, absl::Weekday::sunday};
  case WorkingWeek::kJoursOuvrables:
    return {absl::Weekday::sunday};
  }
  return {absl::Weekday::saturday, absl::Weekday::sunday};
}

// Meeus/Jones/Butcher; the letters are the algorithm's published names.
DayNumber EasterSunday(int year) {
  assert(InCalendarRange(year));
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return ToDayNumber(absl::CivilDay(year, month, day));
}

absl::StatusOr<Calendar> Calendar::Create(const CalendarOptions &options) {
  std::array<bool, kDaysPerWeek> non_working{};
  for (absl::Weekday w : options.non_working_weekdays) {
    const int index = static_cast<int>(w);
    if (index < 0 || index >= kDaysPerWeek) {
      return absl::InvalidArgumentError(absl::StrCat(
          "options du calendrier invalides : jour de la semaine inconnu (",
          index, ")"));
    }
    non_working[static_cast<size_t>(index)] = true;
  }
  if (std::all_of(non_working.begin(), non_working.end(),
                  [](bool b) { return b; })) {
    return absl::InvalidArgumentError(
        "options du calendrier invalides : au moins un jour de la semaine "
        "doit être travaillé");
  }
  std::map<DayNumber, std::string> extra_holidays;
  for (const Holiday &h : options.extra_holidays) {
    if (h.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "options du calendrier invalides : le jour férié supplémentaire du ",
          FormatDayNumber(h.day), " n'a pas de nom"));
    }
    absl::Status s = CheckInRange(h.day, "jour férié supplémentaire");
    if (!s.ok())
      return s;
    extra_holidays.emplace(h.day, h.name); // the first name given wins
  }
  std::set<DayNumber> extra_closed;
  for (DayNumber day : options.extra_closed_days) {
    absl::Status s = CheckInRange(day, "jour de fermeture");
    if (!s.ok())
      return s;
    extra_closed.insert(day);
  }
  return Calendar(std::make_shared<State>(non_working, options.alsace_moselle,
                                          std::move(extra_holidays),
                                          std::move(extra_closed)));
}

Calendar::Calendar(std::shared_ptr<State> state) : state_(std::move(state)) {}

Calendar::~Calendar() = default;

std::vector<Holiday> Calendar::HolidaysOf(int year) const {
  return state_->Year(year)->holidays;
}

bool Calendar::IsHoliday(DayNumber day) const {
  // Held, not dereferenced in place: a year outside the range is built
  // for this call only and is not cached.
  const std::shared_ptr<const YearTable> table = state_->Year(YearOf(day));
  return table->holiday.test(static_cast<size_t>(day - table->first_day));
}

std::optional<std::string> Calendar::HolidayName(DayNumber day) const {
  const std::shared_ptr<const YearTable> table = state_->Year(YearOf(day));
  for (const Holiday &h : table->holidays) {
    if (h.day == day)
      return h.name;
  }
  return std::nullopt;
}

bool Calendar::IsWorkingDay(DayNumber day) const {
  return YearCursor(*state_).IsWorkingDay(day);
}

DayNumber Calendar::ExtendToWorkingDay(DayNumber day) const {
  YearCursor cursor(*state_);
  // Ends: Create guarantees a working weekday, holidays are a dozen a year
  // and the extra closed days are finitely many.
  while (!cursor.IsWorkingDay(day))
    ++day;
  return day;
}

DayNumber Calendar::AddWorkingDays(DayNumber start, int n) const {
  assert(n >= 0);
  if (n <= 0)
    return ExtendToWorkingDay(start);
  YearCursor cursor(*state_);
  DayNumber day = start;
  for (int counted = 0; counted < n;) {
    ++day;
    if (cursor.IsWorkingDay(day))
      ++counted;
  }
  return day;
}

DayNumber Calendar::AddCalendarDays(DayNumber start, int n,
                                    bool extend_to_working_day) const {
  const DayNumber day = start + n;
  return extend_to_working_day ? ExtendToWorkingDay(day) : day;
}

int Calendar::WorkingDaysBetween(DayNumber from, DayNumber to) const {
  if (to < from)
    return -WorkingDaysBetween(to, from);
  YearCursor cursor(*state_);
  int count = 0;
  for (DayNumber day = from; day < to; ++day) {
    if (cursor.IsWorkingDay(day))
      ++count;
  }
  return count;
}

} // namespace suivi::workflow
