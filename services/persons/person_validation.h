// services/persons/person_validation.h
//
// What a person record may hold (CNIL: free text is bounded, enums
// preferred). Messages name the field and what is expected, never the
// value entered: it is personal data.

#ifndef SUIVI_SERVICES_PERSONS_PERSON_VALIDATION_H_
#define SUIVI_SERVICES_PERSONS_PERSON_VALIDATION_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/common/day.h"
#include "suivi/v1/persons.pb.h"

namespace suivi::persons {

// Majority (C. civ. 414): a statutory age, not a local setting.
inline constexpr int kAgeMajorite = 18;

inline constexpr size_t kMaxNomChars = 100;
inline constexpr size_t kMaxPrenomChars = 60;
inline constexpr int kMaxPrenoms = 6;
inline constexpr int kMaxAdresseLignes = 3;
inline constexpr size_t kMaxAdresseLigneChars = 120;
inline constexpr size_t kMaxVilleChars = 100;
inline constexpr int kMaxRepresentants = 4;

// INVALID_ARGUMENT naming the field: nom and at least one prénom present
// and bounded, a valid birth date between 1900-01-01 and `today`.
absl::Status ValidateIdentite(const v1::Identite& identite, DayNumber today);
// INVALID_ARGUMENT naming the field: bounded lines, a 5-digit code postal.
// An empty Coordonnees is valid (address unknown).
absl::Status ValidateCoordonnees(const v1::Coordonnees& coordonnees);

// Characters, not bytes, of UTF-8 `text`: "Hélène" is 6.
size_t CharCount(absl::string_view text);

// The birth date of an identite already validated.
DayNumber BirthDay(const v1::Identite& identite);

// An optional "YYYY-MM-DD" field: `fallback` when empty, INVALID_ARGUMENT
// naming `field` when malformed.
absl::StatusOr<DayNumber> OptionalDay(absl::string_view text, absl::string_view field,
                                      DayNumber fallback);

// Age in whole years and minority on `on` (the date of the facts for a
// measure). A date before the birth counts as age 0.
v1::AgeALaDate AgeAt(const v1::Identite& identite, DayNumber on);

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_PERSON_VALIDATION_H_
