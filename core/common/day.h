// core/common/day.h
//
// Dates in Suivi are day numbers: days since 1970-01-01 (that day is 0).
// The charte's policy language has no datetime, so policies, guards and
// stored records all speak in day numbers; conversion to and from civil
// dates happens here and nowhere else. Days are civil days in the
// territory's time zone (Europe/Paris for metropolitan France).

#ifndef SUIVI_CORE_COMMON_DAY_H_
#define SUIVI_CORE_COMMON_DAY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace suivi {

using DayNumber = int64_t;

DayNumber ToDayNumber(absl::CivilDay day);
absl::CivilDay ToCivilDay(DayNumber day);

// The day number of `t` in `zone`.
DayNumber DayNumberAt(absl::Time t, absl::TimeZone zone);

// Europe/Paris, loaded once. Falls back to a fixed UTC+1 zone, with a
// warning on stderr, when the system has no time zone database.
absl::TimeZone ParisTimeZone();

// Parses an ISO date "YYYY-MM-DD". INVALID_ARGUMENT, with a message naming
// the expected format, on anything else (including "2026-02-30").
absl::StatusOr<DayNumber> ParseDayNumber(absl::string_view iso_date);

// "YYYY-MM-DD".
std::string FormatDayNumber(DayNumber day);

// Instants in records and logs: ISO 8601 in UTC, "2026-11-24T13:05:00Z".
inline constexpr char kUtcTimestampFormat[] = "%Y-%m-%dT%H:%M:%SZ";
std::string FormatUtcTimestamp(absl::Time t);

// Age in whole years on `on` of a person born on `birth`, as the civil code
// counts it: the birthday is reached on its anniversary date, and someone
// born on 29 February turns a year older on 1 March in common years.
// REQUIRES: birth <= on.
int AgeOn(DayNumber birth, DayNumber on);

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_DAY_H_
