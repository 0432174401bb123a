#include "core/common/day.h"

#include <iostream>

#include "absl/strings/str_format.h"

namespace suivi {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

}  // namespace

DayNumber ToDayNumber(absl::CivilDay day) { return day - kEpoch; }

absl::CivilDay ToCivilDay(DayNumber day) { return kEpoch + day; }

DayNumber DayNumberAt(absl::Time t, absl::TimeZone zone) {
  return ToDayNumber(absl::ToCivilDay(t, zone));
}

absl::TimeZone ParisTimeZone() {
  static const absl::TimeZone zone = [] {
    absl::TimeZone tz;
    if (absl::LoadTimeZone("Europe/Paris", &tz)) return tz;
    std::cerr << "suivi: no time zone database; using UTC+1 for Europe/Paris\n";
    return absl::FixedTimeZone(3600);
  }();
  return zone;
}

absl::StatusOr<DayNumber> ParseDayNumber(absl::string_view iso_date) {
  absl::CivilDay day;
  // ParseCivilTime normalises out-of-range fields; a round trip refuses them.
  if (iso_date.size() != 10 || !absl::ParseCivilTime(iso_date, &day) ||
      absl::FormatCivilTime(day) != iso_date) {
    return absl::InvalidArgumentError(
        "date invalide : format attendu AAAA-MM-JJ (par exemple 2026-11-24)");
  }
  return ToDayNumber(day);
}

std::string FormatDayNumber(DayNumber day) {
  return absl::FormatCivilTime(ToCivilDay(day));
}

int AgeOn(DayNumber birth, DayNumber on) {
  const absl::CivilDay b = ToCivilDay(birth);
  const absl::CivilDay d = ToCivilDay(on);
  int age = static_cast<int>(d.year() - b.year());
  if (d.month() < b.month() || (d.month() == b.month() && d.day() < b.day())) {
    --age;
  }
  return age;
}

std::string FormatUtcTimestamp(absl::Time t) {
  return absl::FormatTime(kUtcTimestampFormat, t, absl::UTCTimeZone());
}

}  // namespace suivi
