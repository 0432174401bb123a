#include "services/persons/person_validation.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/common/text.h"

namespace suivi::persons {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("champ ", field, " : ", what));
}

bool IsBlank(absl::string_view text) { return absl::StripAsciiWhitespace(text).empty(); }

absl::Status CheckText(absl::string_view text, absl::string_view field, size_t max_chars,
                       bool required) {
  if (IsBlank(text)) {
    return required || !text.empty() ? Invalid(field, "obligatoire") : absl::OkStatus();
  }
  if (!IsPrintableUtf8(text)) {
    return Invalid(field, "texte UTF-8 sans caractère de contrôle attendu");
  }
  if (CharCount(text) > max_chars) {
    return Invalid(field, absl::StrCat(max_chars, " caractères au plus"));
  }
  // A name must hold at least one letter or digit once normalised.
  if (NormalizeForMatch(text).empty()) return Invalid(field, "au moins une lettre");
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateIdentite(const v1::Identite& identite, DayNumber today) {
  RETURN_IF_ERROR(CheckText(identite.nom(), "identite.nom", kMaxNomChars, /*required=*/true));
  if (identite.prenoms().empty()) return Invalid("identite.prenoms", "au moins un prénom");
  if (identite.prenoms_size() > kMaxPrenoms) {
    return Invalid("identite.prenoms", absl::StrCat(kMaxPrenoms, " prénoms au plus"));
  }
  for (const std::string& prenom : identite.prenoms()) {
    RETURN_IF_ERROR(CheckText(prenom, "identite.prenoms", kMaxPrenomChars, /*required=*/true));
  }
  if (identite.date_naissance().empty()) return Invalid("identite.date_naissance", "obligatoire");
  absl::StatusOr<DayNumber> birth = ParseDayNumber(identite.date_naissance());
  if (!birth.ok()) return Invalid("identite.date_naissance", "date AAAA-MM-JJ attendue");
  if (*birth > today) return Invalid("identite.date_naissance", "date dans le futur");
  if (*birth < ToDayNumber(absl::CivilDay(1900, 1, 1))) {
    return Invalid("identite.date_naissance", "date antérieure à 1900");
  }
  return absl::OkStatus();
}

absl::Status ValidateCoordonnees(const v1::Coordonnees& c) {
  if (c.adresse_size() > kMaxAdresseLignes) {
    return Invalid("coordonnees.adresse", absl::StrCat(kMaxAdresseLignes, " lignes au plus"));
  }
  for (const std::string& line : c.adresse()) {
    RETURN_IF_ERROR(
        CheckText(line, "coordonnees.adresse", kMaxAdresseLigneChars, /*required=*/true));
  }
  const std::string& cp = c.code_postal();
  if (!cp.empty() && (cp.size() != 5 || !std::all_of(cp.begin(), cp.end(), absl::ascii_isdigit))) {
    return Invalid("coordonnees.code_postal", "5 chiffres attendus");
  }
  return CheckText(c.ville(), "coordonnees.ville", kMaxVilleChars, /*required=*/false);
}

size_t CharCount(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

DayNumber BirthDay(const v1::Identite& identite) {
  absl::StatusOr<DayNumber> birth = ParseDayNumber(identite.date_naissance());
  return birth.ok() ? *birth : 0;
}

absl::StatusOr<DayNumber> OptionalDay(absl::string_view text, absl::string_view field,
                                      DayNumber fallback) {
  if (text.empty()) return fallback;
  absl::StatusOr<DayNumber> day = ParseDayNumber(text);
  if (!day.ok()) return Invalid(field, "date AAAA-MM-JJ attendue");
  return *day;
}

v1::AgeALaDate AgeAt(const v1::Identite& identite, DayNumber on) {
  const DayNumber birth = BirthDay(identite);
  v1::AgeALaDate age;
  age.set_date(FormatDayNumber(on));
  age.set_ans(on < birth ? 0 : AgeOn(birth, on));
  age.set_mineur(age.ans() < kAgeMajorite);
  return age;
}

}  // namespace suivi::persons
