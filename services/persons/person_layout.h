// services/persons/person_layout.h
//
// Where the persons service keeps a person in the store (column family
// "persons", store territory = the person's territory). Keys hold ids
// only; every value is sealed with the person's own data key.
//
//   personne/<id>                      identite (suivi.v1.Identite),
//                                      coordonnees (suivi.v1.Coordonnees),
//                                      administratif (PersonAdministratif)
//   historique/<id>/<version, 8 digits> administratif (PersonEventRecord),
//                                      and the values the change wrote in
//                                      their own classes
//   doublon/<controller>/<token>/<id>  administratif: the person id, under
//                                      the blind index of nom, first
//                                      prénom and birth date
//
// docs/formats/persons.md says the same for readers of the files.

#ifndef SUIVI_SERVICES_PERSONS_PERSON_LAYOUT_H_
#define SUIVI_SERVICES_PERSONS_PERSON_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace suivi::persons {

inline constexpr char kPersonsFamily[] = "persons";
inline constexpr char kPersonPrefix[] = "personne/";
// The blind-index domain of the duplicate key (core/crypto/blind_index.h).
inline constexpr char kDoublonDomain[] = "nom_prenom_naissance";

std::string PersonEntity(absl::string_view person_id);
// The person id of a "personne/<id>" entity; empty for any other entity.
std::string PersonIdOf(absl::string_view entity);
std::string HistoryPrefix(absl::string_view person_id);
std::string HistoryEntity(absl::string_view person_id, int64_t version);
std::string DoublonPrefix(absl::string_view controller_id, absl::string_view token);
std::string DoublonEntity(absl::string_view controller_id, absl::string_view token,
                          absl::string_view person_id);

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_PERSON_LAYOUT_H_
