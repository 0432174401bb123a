#include "services/directory/validation.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/ids.h"
#include "core/common/status_macros.h"
#include "core/common/text.h"
#include "core/store/record_key.h"

namespace suivi::directory {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("champ ", field, " : ", what));
}

absl::Status Unknown(absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(what, " introuvable dans l'annuaire"));
}

absl::Status CheckSha256(absl::string_view hex, absl::string_view field) {
  const bool ok = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
    return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
  });
  return ok ? absl::OkStatus()
            : Invalid(field, "empreinte SHA-256 attendue (64 caractères hexadécimaux minuscules)");
}

absl::Status CheckDateOrder(absl::string_view start, absl::string_view end,
                            absl::string_view end_field) {
  if (end.empty()) return absl::OkStatus();
  // Both already checked: ISO dates compare as strings.
  return end < start ? Invalid(end_field, "la date de fin précède la date de début")
                     : absl::OkStatus();
}

bool HasCommune(const v1::Territory& territory, absl::string_view commune) {
  return std::any_of(territory.communes().begin(), territory.communes().end(),
                     [&](const v1::Commune& c) { return c.id() == commune; });
}

absl::Status CheckCommuneOf(const DirectoryState& state, absl::string_view territory,
                            absl::string_view commune, absl::string_view field) {
  const v1::Territory* t = state.FindTerritory(territory);
  if (t == nullptr) return Unknown("territoire");
  return HasCommune(*t, commune)
             ? absl::OkStatus()
             : Invalid(field, "cette commune n'appartient pas au territoire");
}

absl::Status CheckRoleFitsUser(const DirectoryState& state, const v1::Role& role,
                               const v1::User& user) {
  if (role.organisation_types().empty()) return absl::OkStatus();
  const v1::Organisation* organisation = state.FindOrganisation(user.organisation_id());
  const bool fits =
      organisation != nullptr &&
      std::find(role.organisation_types().begin(), role.organisation_types().end(),
                organisation->type()) != role.organisation_types().end();
  return fits ? absl::OkStatus()
              : absl::FailedPreconditionError(absl::StrCat(
                    "le rôle ", role.id(),
                    " ne peut pas être tenu par un membre de ce type d'organisation"));
}

absl::Status CheckBasis(const v1::Role& role, const v1::RoleBasis& basis) {
  if (!role.requires_basis() && basis.kind() == v1::BASIS_KIND_UNSPECIFIED) {
    return absl::OkStatus();
  }
  if (basis.kind() == v1::BASIS_KIND_UNSPECIFIED || !v1::BasisKind_IsValid(basis.kind())) {
    return Invalid("basis.kind", absl::StrCat("le rôle ", role.id(),
                                              " exige son fondement (ex. arrêté de délégation)"));
  }
  RETURN_IF_ERROR(CheckName(basis.reference(), "basis.reference"));
  return CheckDate(basis.date(), "basis.date");
}

}  // namespace

absl::Status CheckId(absl::string_view id, absl::string_view field) {
  if (id.empty()) return Invalid(field, "obligatoire");
  // "/" separates the ids that make up a record's path (directory_records.h).
  if (!IsValidId(id) || absl::StartsWith(id, "_") || absl::StrContains(id, '/')) {
    return Invalid(field, "identifiant invalide (lettres et chiffres ASCII, - _ . :, "
                          "128 caractères au plus, sans _ initial)");
  }
  return absl::OkStatus();
}

absl::Status CheckName(absl::string_view name, absl::string_view field) {
  if (name.empty()) return Invalid(field, "obligatoire");
  if (name.size() > kMaxNameBytes) {
    return Invalid(field, absl::StrCat("trop long (", kMaxNameBytes, " octets au plus)"));
  }
  if (!IsPrintableUtf8(name)) {
    return Invalid(field, "texte UTF-8 sans caractère de contrôle attendu");
  }
  return absl::OkStatus();
}

absl::Status CheckDate(absl::string_view date, absl::string_view field, bool optional) {
  if (date.empty()) return optional ? absl::OkStatus() : Invalid(field, "date obligatoire");
  if (!ParseDayNumber(date).ok()) return Invalid(field, "date AAAA-MM-JJ attendue");
  return absl::OkStatus();
}

std::string ControllerKeyName(absl::string_view territory, absl::string_view controller) {
  return absl::StrCat(territory, "/", controller);
}

absl::Status ValidateTerritory(const v1::Territory& territory) {
  RETURN_IF_ERROR(CheckId(territory.id(), "territory.id"));
  if (territory.id().size() > store::kMaxTerritoryBytes) {
    return Invalid("territory.id", absl::StrCat("identifiant trop long (",
                                                store::kMaxTerritoryBytes, " caractères au plus)"));
  }
  RETURN_IF_ERROR(CheckName(territory.name(), "territory.name"));
  if (territory.kind() == v1::TERRITORY_KIND_UNSPECIFIED ||
      !v1::TerritoryKind_IsValid(territory.kind())) {
    return Invalid("territory.kind", "CLSPD ou CISPD attendu");
  }
  if (territory.communes().empty()) return Invalid("territory.communes", "au moins une commune");
  if (territory.kind() == v1::TERRITORY_KIND_CLSPD && territory.communes_size() != 1) {
    return Invalid("territory.communes", "un CLSPD couvre une seule commune");
  }
  for (const v1::Commune& commune : territory.communes()) {
    RETURN_IF_ERROR(CheckId(commune.id(), "commune.id"));
    RETURN_IF_ERROR(CheckName(commune.name(), "commune.name"));
  }
  if (territory.controllers().empty()) {
    return Invalid("territory.controllers", "au moins un responsable de traitement");
  }
  for (const v1::Controller& controller : territory.controllers()) {
    RETURN_IF_ERROR(CheckId(controller.id(), "controller.id"));
    RETURN_IF_ERROR(CheckName(controller.name(), "controller.name"));
    if (!IsValidId(ControllerKeyName(territory.id(), controller.id()))) {
      return Invalid("controller.id", "identifiant trop long pour ce territoire");
    }
    if (controller.kind() == v1::CONTROLLER_KIND_COMMUNE &&
        !HasCommune(territory, controller.commune_id())) {
      return Invalid("controller.commune_id", "commune du territoire attendue");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOrganisation(const DirectoryState& state,
                                  const v1::Organisation& o) {
  RETURN_IF_ERROR(CheckId(o.id(), "organisation.id"));
  RETURN_IF_ERROR(CheckName(o.name(), "organisation.name"));
  if (o.type() == v1::ORGANISATION_TYPE_UNSPECIFIED || !v1::OrganisationType_IsValid(o.type())) {
    return Invalid("organisation.type", "type d'organisation attendu (mairie, spip, ...)");
  }
  if (o.territory_ids().empty()) {
    return Invalid("organisation.territory_ids", "au moins un territoire");
  }
  for (const std::string& territory : o.territory_ids()) {
    if (state.FindTerritory(territory) == nullptr) return Unknown("territoire");
  }
  if (!o.commune_id().empty()) {
    const bool found = std::any_of(o.territory_ids().begin(), o.territory_ids().end(),
                                   [&](const std::string& t) {
                                     return CheckCommuneOf(state, t, o.commune_id(), "").ok();
                                   });
    if (!found) return Invalid("organisation.commune_id", "commune d'un de ses territoires attendue");
  }
  RETURN_IF_ERROR(CheckDate(o.valid_from(), "organisation.valid_from", /*optional=*/true));
  RETURN_IF_ERROR(CheckDate(o.valid_until(), "organisation.valid_until", /*optional=*/true));
  return CheckDateOrder(o.valid_from(), o.valid_until(), "organisation.valid_until");
}

absl::Status ValidateUser(const DirectoryState& state, const v1::User& user) {
  RETURN_IF_ERROR(CheckId(user.id(), "user.id"));
  RETURN_IF_ERROR(CheckName(user.display_name(), "user.display_name"));
  if (state.FindOrganisation(user.organisation_id()) == nullptr) return Unknown("organisation");
  if (user.email().empty()) return absl::OkStatus();
  if (user.email().size() > kMaxEmailBytes || !absl::StrContains(user.email(), '@') ||
      !IsPrintableUtf8(user.email())) {
    return Invalid("user.email", "adresse électronique invalide");
  }
  return absl::OkStatus();
}

absl::Status ValidateAssignment(const DirectoryState& state, const RoleCatalogue& roles,
                                const v1::RoleAssignment& a) {
  const v1::User* user = state.FindUser(a.user_id());
  if (user == nullptr) return Unknown("utilisateur");
  const v1::Role* role = roles.Find(a.role_id());
  if (role == nullptr) return Invalid("assignment.role_id", "rôle absent du catalogue");
  if (state.FindTerritory(a.territory_id()) == nullptr) return Unknown("territoire");
  if (role->scope() == v1::ROLE_SCOPE_COMMUNE) {
    if (a.commune_id().empty()) {
      return Invalid("assignment.commune_id", "ce rôle s'exerce dans une commune : indiquez-la");
    }
    RETURN_IF_ERROR(CheckCommuneOf(state, a.territory_id(), a.commune_id(),
                                   "assignment.commune_id"));
  } else if (!a.commune_id().empty()) {
    return Invalid("assignment.commune_id", "ce rôle s'exerce sur tout le territoire");
  }
  RETURN_IF_ERROR(CheckDate(a.start_date(), "assignment.start_date"));
  RETURN_IF_ERROR(CheckDate(a.end_date(), "assignment.end_date", /*optional=*/true));
  RETURN_IF_ERROR(CheckDateOrder(a.start_date(), a.end_date(), "assignment.end_date"));
  RETURN_IF_ERROR(CheckBasis(*role, a.basis()));
  return CheckRoleFitsUser(state, *role, *user);
}

absl::Status ValidateCharteVersion(const DirectoryState& state, const v1::CharteVersion& v) {
  if (state.FindTerritory(v.territory_id()) == nullptr) return Unknown("territoire");
  if (v.number() < 1) return Invalid("charte_version.number", "numéro à partir de 1");
  RETURN_IF_ERROR(CheckDate(v.adopted_on(), "charte_version.adopted_on"));
  RETURN_IF_ERROR(CheckSha256(v.text_sha256(), "charte_version.text_sha256"));
  return CheckSha256(v.policies_sha256(), "charte_version.policies_sha256");
}

absl::Status ValidateGroup(const DirectoryState& state, const v1::Group& g) {
  if (state.FindTerritory(g.territory_id()) == nullptr) return Unknown("territoire");
  RETURN_IF_ERROR(CheckId(g.id(), "group.id"));
  RETURN_IF_ERROR(CheckName(g.name(), "group.name"));
  if (g.type() == v1::GROUP_TYPE_UNSPECIFIED || !v1::GroupType_IsValid(g.type())) {
    return Invalid("group.type", "type de groupe attendu");
  }
  if (g.cadence_days() < 0) return Invalid("group.cadence_days", "nombre de jours positif");
  return absl::OkStatus();
}

absl::Status ValidateMember(const DirectoryState& state, const v1::GroupMember& m) {
  if (state.FindGroup(m.territory_id(), m.group_id()) == nullptr) return Unknown("groupe");
  if (state.FindUser(m.user_id()) == nullptr) return Unknown("utilisateur");
  return CheckDate(m.since(), "member.since");
}

absl::Status ValidateSignature(const DirectoryState& state, const v1::Signature& s) {
  if (state.FindUser(s.user_id()) == nullptr) return Unknown("utilisateur");
  const v1::CharteVersion* version =
      state.FindCharteVersion(s.territory_id(), s.charte_version());
  if (version == nullptr) return Unknown("version de la charte");
  RETURN_IF_ERROR(CheckDate(s.signed_on(), "signature.signed_on"));
  if (s.signed_on() < version->adopted_on()) {
    return Invalid("signature.signed_on", "antérieure à l'adoption de cette version");
  }
  return absl::OkStatus();
}

absl::Status ValidateExclusion(const DirectoryState& state, const v1::Exclusion& e) {
  if (state.FindGroup(e.territory_id(), e.group_id()) == nullptr) return Unknown("groupe");
  if (state.FindUser(e.user_id()) == nullptr) return Unknown("utilisateur");
  if (!state.members.count({e.territory_id(), e.group_id(), e.user_id()})) {
    return absl::FailedPreconditionError("cet utilisateur n'est pas membre du groupe");
  }
  RETURN_IF_ERROR(CheckDate(e.excluded_on(), "exclusion.excluded_on"));
  if (e.reason() == v1::EXCLUSION_REASON_UNSPECIFIED || !v1::ExclusionReason_IsValid(e.reason())) {
    return Invalid("exclusion.reason", "motif attendu");
  }
  if (e.note().size() > kMaxNoteBytes) {
    return Invalid("exclusion.note", absl::StrCat("trop longue (", kMaxNoteBytes, " octets au plus)"));
  }
  return e.note().empty() || IsPrintableUtf8(e.note())
             ? absl::OkStatus()
             : Invalid("exclusion.note", "texte UTF-8 sans caractère de contrôle attendu");
}

}  // namespace suivi::directory
