// services/persons/person_view.h
//
// A person as one caller may see it: the read half of the persons service.
// Each function asks the charte through the call (so the audit lists every
// decision and the classes returned) and opens only the classes allowed.

#ifndef SUIVI_SERVICES_PERSONS_PERSON_VIEW_H_
#define SUIVI_SERVICES_PERSONS_PERSON_VIEW_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/common/day.h"
#include "services/common/call.h"
#include "services/persons/persons.h"
#include "suivi/v1/persons.pb.h"

namespace suivi::persons {

// The classes a person record has.
inline constexpr crypto::FieldClass kPersonClasses[] = {
    crypto::FieldClass::kIdentite, crypto::FieldClass::kCoordonnees,
    crypto::FieldClass::kAdministratif};

// The person with the classes the caller may read with personne:lire, its
// age on `on` when the identite is readable, and its representatives as
// far as the caller may read them.
absl::StatusOr<v1::Person> ViewPerson(services::Call& call, const Persons& persons,
                                      const PersonMeta& meta, DayNumber on);

// The person's history with the values of the classes the caller may read.
absl::StatusOr<std::vector<v1::PersonEvent>> ViewHistory(services::Call& call,
                                                         const Persons& persons,
                                                         const PersonMeta& meta);

// Of `ids`, those whose identite the caller may read, in order; ids of no
// person are dropped.
absl::StatusOr<std::vector<PersonMeta>> ReadableIdentities(services::Call& call,
                                                           const Persons& persons,
                                                           const std::vector<std::string>& ids);

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_PERSON_VIEW_H_
