// core/crypto/field_class.h
//
// Every stored field of Suivi belongs to one field class (DESIGN.md §5).
// The charte decides per (record, field class); a record holds one sealed
// value per (entity, field class), and the class is bound into the sealed
// value's associated data, so a value cannot be read as another class.
//
// The numeric codes are written to disk (record keys, associated data):
// never renumber them.

#ifndef SUIVI_CORE_CRYPTO_FIELD_CLASS_H_
#define SUIVI_CORE_CRYPTO_FIELD_CLASS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::crypto {

enum class FieldClass : uint8_t {
  kIdentite = 1,
  kCoordonnees = 2,
  kFaits = 3,
  kJudiciaireStatut = 4,
  kJudiciaireParquet = 5,
  kScolaire = 6,
  kSituationSociale = 7,
  kDecision = 8,
  kAdministratif = 9,
};

inline constexpr FieldClass kAllFieldClasses[] = {
    FieldClass::kIdentite,          FieldClass::kCoordonnees,
    FieldClass::kFaits,             FieldClass::kJudiciaireStatut,
    FieldClass::kJudiciaireParquet, FieldClass::kScolaire,
    FieldClass::kSituationSociale,  FieldClass::kDecision,
    FieldClass::kAdministratif,
};

// The charte's name of the class: "identite", "judiciaire_parquet", …
absl::string_view FieldClassName(FieldClass field_class);

// INVALID_ARGUMENT for an unknown name.
absl::StatusOr<FieldClass> ParseFieldClass(absl::string_view name);

// INVALID_ARGUMENT for a code that names no class (e.g. read from disk).
absl::StatusOr<FieldClass> FieldClassFromCode(uint8_t code);

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_FIELD_CLASS_H_
