#include "core/crypto/field_class.h"

#include "absl/strings/str_cat.h"

namespace suivi::crypto {

absl::string_view FieldClassName(FieldClass field_class) {
  switch (field_class) {
    case FieldClass::kIdentite: return "identite";
    case FieldClass::kCoordonnees: return "coordonnees";
    case FieldClass::kFaits: return "faits";
    case FieldClass::kJudiciaireStatut: return "judiciaire_statut";
    case FieldClass::kJudiciaireParquet: return "judiciaire_parquet";
    case FieldClass::kScolaire: return "scolaire";
    case FieldClass::kSituationSociale: return "situation_sociale";
    case FieldClass::kDecision: return "decision";
    case FieldClass::kAdministratif: return "administratif";
  }
  return "inconnue";
}

absl::StatusOr<FieldClass> ParseFieldClass(absl::string_view name) {
  for (FieldClass field_class : kAllFieldClasses) {
    if (FieldClassName(field_class) == name) return field_class;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("classe de données inconnue : « ", name, " »"));
}

absl::StatusOr<FieldClass> FieldClassFromCode(uint8_t code) {
  for (FieldClass field_class : kAllFieldClasses) {
    if (static_cast<uint8_t>(field_class) == code) return field_class;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("code de classe de données inconnu : ", code));
}

}  // namespace suivi::crypto
