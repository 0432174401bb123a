#include "client/cli_print.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli_format.h"

namespace suivi::client::cli {
namespace {

using Rows = std::vector<std::vector<std::string>>;

template <typename Enum>
std::string Label(Enum value) {
  return EnumLabel(google::protobuf::GetEnumDescriptor<Enum>(),
                   static_cast<int>(value));
}

// A section title followed by its content.
void Section(std::ostream& out, absl::string_view title) {
  out << "\n" << title << " :\n";
}

std::string Basis(const v1::RoleBasis& basis) {
  if (basis.kind() == v1::BASIS_KIND_UNSPECIFIED) return "";
  std::string text = Label(basis.kind());
  if (!basis.reference().empty())
    absl::StrAppend(&text, " ", basis.reference());
  if (!basis.date().empty()) {
    absl::StrAppend(&text, " du ", FrenchDate(basis.date()));
  }
  return text;
}

void PrintAssignmentTable(
    std::ostream& out,
    const google::protobuf::RepeatedPtrField<v1::RoleAssignment>& assignments) {
  Rows rows;
  for (const v1::RoleAssignment& a : assignments) {
    rows.push_back({a.id(), a.user_id(), a.role_id(), a.territory_id(),
                    a.commune_id(), Period(a.start_date(), a.end_date()),
                    Basis(a.basis())});
  }
  PrintTable(out,
             {"Attribution", "Utilisateur", "Rôle", "Territoire", "Commune",
              "Période", "Fondement"},
             rows);
}

void PrintMemberTable(
    std::ostream& out,
    const google::protobuf::RepeatedPtrField<v1::GroupMember>& members) {
  Rows rows;
  for (const v1::GroupMember& m : members) {
    rows.push_back(
        {m.territory_id(), m.group_id(), m.user_id(), FrenchDate(m.since())});
  }
  PrintTable(out, {"Territoire", "Groupe", "Utilisateur", "Depuis le"}, rows);
}

void PrintSignatureTable(
    std::ostream& out,
    const google::protobuf::RepeatedPtrField<v1::Signature>& signatures) {
  Rows rows;
  for (const v1::Signature& s : signatures) {
    rows.push_back({s.territory_id(), s.user_id(),
                    absl::StrCat(s.charte_version()), FrenchDate(s.signed_on()),
                    s.recorded_by()});
  }
  PrintTable(out,
             {"Territoire", "Utilisateur", "Version de la charte", "Signée le",
              "Enregistrée par"},
             rows);
}

void PrintExclusionTable(
    std::ostream& out,
    const google::protobuf::RepeatedPtrField<v1::Exclusion>& exclusions) {
  Rows rows;
  for (const v1::Exclusion& e : exclusions) {
    rows.push_back({e.territory_id(), e.group_id(), e.user_id(),
                    FrenchDate(e.excluded_on()), Label(e.reason()), e.note()});
  }
  PrintTable(
      out, {"Territoire", "Groupe", "Utilisateur", "Exclu le", "Motif", "Note"},
      rows);
}

}  // namespace

// ----------------------------------------------------------- territories

void Print(std::ostream& out, const v1::ListTerritoriesResponse& response) {
  Rows rows;
  for (const v1::Territory& t : response.territories()) {
    rows.push_back(
        {t.id(), t.name(), Label(t.kind()), absl::StrCat(t.communes_size())});
  }
  PrintTable(out, {"Territoire", "Nom", "Type", "Communes"}, rows);
}

void Print(std::ostream& out, const v1::Territory& territory) {
  PrintFields(out, {{"Territoire", territory.id()},
                    {"Nom", territory.name()},
                    {"Type", Label(territory.kind())},
                    {"EPCI", territory.epci_name()}});
  Section(out, "Communes");
  Rows communes;
  for (const v1::Commune& c : territory.communes()) {
    communes.push_back(
        {c.id(), c.name(), c.insee_code(), Label(c.security_zone()),
         YesNo(c.has_qpv()),
         c.population() > 0 ? absl::StrCat(c.population()) : std::string()});
  }
  PrintTable(out, {"Commune", "Nom", "INSEE", "Zone", "QPV", "Population"},
             communes);
  Section(out, "Responsables de traitement");
  Rows controllers;
  for (const v1::Controller& c : territory.controllers()) {
    controllers.push_back({c.id(), c.name(), Label(c.kind()), c.commune_id()});
  }
  PrintTable(out, {"Responsable", "Nom", "Type", "Commune"}, controllers);
}

void Print(std::ostream& out, const v1::RoleCatalogue& catalogue) {
  Rows rows;
  for (const v1::Role& r : catalogue.roles()) {
    rows.push_back(
        {r.id(), r.label(), Label(r.scope()), YesNo(r.requires_basis())});
  }
  PrintTable(out, {"Rôle", "Libellé", "Portée", "Fondement requis"}, rows);
}

// --------------------------------------------------- organisations, users

void Print(std::ostream& out, const v1::ListOrganisationsResponse& response) {
  Rows rows;
  for (const v1::Organisation& o : response.organisations()) {
    rows.push_back({o.id(), o.name(), Label(o.type()), o.commune_id(),
                    absl::StrJoin(o.territory_ids(), ", "),
                    Period(o.valid_from(), o.valid_until())});
  }
  PrintTable(
      out, {"Organisation", "Nom", "Type", "Commune", "Territoires", "Période"},
      rows);
}

void Print(std::ostream& out, const v1::Organisation& organisation) {
  PrintFields(
      out, {{"Organisation", organisation.id()},
            {"Nom", organisation.name()},
            {"Type", Label(organisation.type())},
            {"Territoires", absl::StrJoin(organisation.territory_ids(), ", ")},
            {"Commune", organisation.commune_id()},
            {"Période",
             Period(organisation.valid_from(), organisation.valid_until())}});
}

void Print(std::ostream& out, const v1::ListUsersResponse& response) {
  Rows rows;
  for (const v1::User& u : response.users()) {
    rows.push_back({u.id(), u.display_name(), u.organisation_id(), u.email()});
  }
  PrintTable(out, {"Utilisateur", "Nom", "Organisation", "Courriel"}, rows);
}

void Print(std::ostream& out, const v1::User& user) {
  PrintFields(out, {{"Utilisateur", user.id()},
                    {"Nom", user.display_name()},
                    {"Organisation", user.organisation_id()},
                    {"Courriel", user.email()}});
}

void Print(std::ostream& out, const v1::UserRecord& record) {
  Print(out, record.user());
  if (record.has_organisation()) {
    PrintFields(out,
                {{"Type d'organisation", Label(record.organisation().type())}});
  }
  Section(out, "Rôles");
  PrintAssignmentTable(out, record.role_assignments());
  Section(out, "Groupes");
  PrintMemberTable(out, record.memberships());
  Section(out, "Signatures de la charte");
  PrintSignatureTable(out, record.signatures());
  if (record.exclusions_size() > 0) {
    Section(out, "Exclusions");
    PrintExclusionTable(out, record.exclusions());
  }
}

// ----------------------------------------------------------------- roles

void Print(std::ostream& out, const v1::RoleAssignment& assignment) {
  PrintFields(
      out, {{"Attribution", assignment.id()},
            {"Utilisateur", assignment.user_id()},
            {"Rôle", assignment.role_id()},
            {"Territoire", assignment.territory_id()},
            {"Commune", assignment.commune_id()},
            {"Période", Period(assignment.start_date(), assignment.end_date())},
            {"Fondement", Basis(assignment.basis())}});
}

void Print(std::ostream& out, const v1::ListRoleAssignmentsResponse& response) {
  PrintAssignmentTable(out, response.assignments());
}

// -------------------------------------------------------- charte, groups

void Print(std::ostream& out, const v1::ListCharteVersionsResponse& response) {
  Rows rows;
  for (const v1::CharteVersion& v : response.versions()) {
    rows.push_back({absl::StrCat(v.number()), FrenchDate(v.adopted_on()),
                    v.text_sha256(), v.policies_sha256()});
  }
  PrintTable(
      out,
      {"Version", "Adoptée le", "SHA-256 du texte", "SHA-256 des politiques"},
      rows);
}

void Print(std::ostream& out, const v1::ListGroupsResponse& response) {
  Rows rows;
  for (const v1::Group& g : response.groups()) {
    rows.push_back({g.id(), g.name(), Label(g.type()),
                    g.cadence_days() > 0
                        ? absl::StrCat(g.cadence_days(), " jours")
                        : std::string()});
  }
  PrintTable(out, {"Groupe", "Nom", "Type", "Cadence"}, rows);
}

void Print(std::ostream& out, const v1::GroupRecord& record) {
  const v1::Group& g = record.group();
  PrintFields(out, {{"Groupe", g.id()},
                    {"Territoire", g.territory_id()},
                    {"Nom", g.name()},
                    {"Type", Label(g.type())},
                    {"Cadence", g.cadence_days() > 0
                                    ? absl::StrCat(g.cadence_days(), " jours")
                                    : std::string()}});
  Section(out, "Membres");
  PrintMemberTable(out, record.members());
  if (record.exclusions_size() > 0) {
    Section(out, "Exclusions");
    PrintExclusionTable(out, record.exclusions());
  }
}

void Print(std::ostream& out, const v1::GroupMember& member) {
  PrintFields(out, {{"Territoire", member.territory_id()},
                    {"Groupe", member.group_id()},
                    {"Utilisateur", member.user_id()},
                    {"Depuis le", FrenchDate(member.since())}});
}

void Print(std::ostream& out, const v1::Signature& signature) {
  PrintFields(
      out, {{"Territoire", signature.territory_id()},
            {"Utilisateur", signature.user_id()},
            {"Version de la charte", absl::StrCat(signature.charte_version())},
            {"Signée le", FrenchDate(signature.signed_on())},
            {"Enregistrée par", signature.recorded_by()}});
}

void Print(std::ostream& out, const v1::Exclusion& exclusion) {
  PrintFields(out, {{"Territoire", exclusion.territory_id()},
                    {"Groupe", exclusion.group_id()},
                    {"Utilisateur", exclusion.user_id()},
                    {"Exclu le", FrenchDate(exclusion.excluded_on())},
                    {"Motif", Label(exclusion.reason())},
                    {"Note", exclusion.note()},
                    {"Enregistrée par", exclusion.recorded_by()}});
}

// --------------------------------------------------------------- session

void Print(std::ostream& out, const v1::WhoAmIResponse& response) {
  PrintFields(out,
              {{"Utilisateur", response.user().id()},
               {"Nom", response.user().display_name()},
               {"Organisation", response.organisation().id()},
               {"Nom de l'organisation", response.organisation().name()},
               {"Type d'organisation", Label(response.organisation().type())},
               {"Certificat", response.certificate_fingerprint()}});
  Section(out, "Rôles en vigueur");
  Rows rows;
  for (const v1::RoleAssignment& a : response.role_assignments()) {
    rows.push_back({a.role_id(), a.territory_id(), a.commune_id(),
                    Period(a.start_date(), a.end_date()), Basis(a.basis())});
  }
  PrintTable(out, {"Rôle", "Territoire", "Commune", "Période", "Fondement"},
             rows);
}

// ----------------------------------------------------------------- admin

void Print(std::ostream& out, const v1::EnrolledCertificate& c) {
  PrintFields(out, {{"Empreinte", c.fingerprint()},
                    {"Utilisateur", c.user_id()},
                    {"Nom commun", c.common_name()},
                    {"Valable du", FrenchDateTime(c.not_before())},
                    {"Valable jusqu'au", FrenchDateTime(c.not_after())},
                    {"Délivré par le serveur", YesNo(c.issued_by_server())},
                    {"Enrôlé le", FrenchDateTime(c.enrolled_at())},
                    {"Enrôlé par", c.enrolled_by()},
                    {"Révoqué le", FrenchDateTime(c.revoked_at())},
                    {"Révoqué par", c.revoked_by()},
                    {"Motif de révocation", Label(c.revocation_reason())}});
}

void Print(std::ostream& out, const v1::EnrolCertificateResponse& response) {
  Print(out, response.certificate());
}

void Print(std::ostream& out, const v1::CharteStatus& status) {
  PrintFields(out, {{"Charte en vigueur", absl::StrCat("version ", status.version())},
                    {"Règles", absl::StrCat(status.policy_count())},
                    {"Empreinte des règles", status.policies_sha256()},
                    {"Empreinte du texte", status.text_sha256()},
                    {"Source", status.source()}});
}

void Print(std::ostream& out, const v1::ListCertificatesResponse& response) {
  Rows rows;
  for (const v1::EnrolledCertificate& c : response.certificates()) {
    rows.push_back({c.fingerprint(), FrenchDateTime(c.not_before()),
                    FrenchDateTime(c.not_after()),
                    c.revoked_at().empty()
                        ? "en vigueur"
                        : absl::StrCat("révoqué le ", FrenchDateTime(c.revoked_at()))});
  }
  PrintTable(out, {"Empreinte", "Valable du", "Jusqu'au", "État"}, rows);
}

}  // namespace suivi::client::cli
