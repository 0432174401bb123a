// The subcommands of `suivi directory` (annuaire) that add to the
// directory. Each prints what the server recorded.

#include <memory>
#include <string>
#include <vector>

#include "client/cli_directory.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {
namespace {

struct OrganisationOptions {
  std::string id, name, type, commune, from, until;
  std::vector<std::string> territories;
};

void AddOrganisationCommand(CLI::App* directory, ChosenCommand* slot) {
  auto o = std::make_shared<OrganisationOptions>();
  CLI::App* cmd = directory->add_subcommand("ajouter-organisation",
                                            "Ajoute une organisation");
  cmd->add_option("--id", o->id, "Identifiant")->required();
  cmd->add_option("--nom", o->name, "Nom")->required();
  cmd->add_option("--type", o->type, "Type (mairie, police_municipale, spip…)")
      ->required()
      ->check(EnumChoice<v1::OrganisationType>());
  cmd->add_option("--territoire", o->territories,
                  "Territoire où elle intervient (répétable ; le premier la "
                  "gère)")
      ->required();
  cmd->add_option("--commune", o->commune, "Commune de rattachement");
  cmd->add_option("--debut", o->from, "Début de validité")->check(IsoDate());
  cmd->add_option("--fin", o->until, "Fin de validité")->check(IsoDate());
  OnRun(cmd, slot, kDirectoryFinalite,
        [o](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::AddOrganisationRequest request;
          v1::Organisation* org = request.mutable_organisation();
          org->set_id(o->id);
          org->set_name(o->name);
          org->set_type(EnumFromLabel<v1::OrganisationType>(o->type));
          for (const std::string& t : o->territories) org->add_territory_ids(t);
          org->set_commune_id(o->commune);
          org->set_valid_from(o->from);
          org->set_valid_until(o->until);
          return Show(ctx, client->AddOrganisation(request));
        });
}

struct UserOptions {
  std::string id, name, organisation, email;
};

void AddUserCommand(CLI::App* directory, ChosenCommand* slot) {
  auto u = std::make_shared<UserOptions>();
  CLI::App* cmd =
      directory->add_subcommand("ajouter-utilisateur", "Ajoute un utilisateur");
  cmd->add_option("--id", u->id, "Identifiant (sans donnée personnelle)")
      ->required();
  cmd->add_option("--nom", u->name, "Nom affiché")->required();
  cmd->add_option("--organisation", u->organisation, "Organisation")
      ->required();
  cmd->add_option("--email", u->email, "Courriel professionnel");
  OnRun(cmd, slot, kDirectoryFinalite,
        [u](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::AddUserRequest request;
          v1::User* user = request.mutable_user();
          user->set_id(u->id);
          user->set_display_name(u->name);
          user->set_organisation_id(u->organisation);
          user->set_email(u->email);
          return Show(ctx, client->AddUser(request));
        });
}

struct AssignmentOptions {
  std::string user, role, territory, commune, start, end;
  std::string basis, basis_reference, basis_date;
};

void AddAssignRoleCommand(CLI::App* directory, ChosenCommand* slot) {
  auto a = std::make_shared<AssignmentOptions>();
  CLI::App* cmd = directory->add_subcommand(
      "attribuer-role", "Attribue un rôle à un utilisateur sur un territoire");
  cmd->add_option("--utilisateur", a->user, "Utilisateur")->required();
  cmd->add_option("--role", a->role, "Rôle (voir « annuaire roles »)")
      ->required();
  cmd->add_option("--territoire", a->territory, "Territoire")->required();
  cmd->add_option("--commune", a->commune, "Commune, pour un rôle communal");
  cmd->add_option("--debut", a->start, "Premier jour")
      ->required()
      ->check(IsoDate());
  cmd->add_option("--fin", a->end, "Dernier jour")->check(IsoDate());
  CLI::Option* basis =
      cmd->add_option("--fondement", a->basis,
                      "Fondement (arrete_delegation, nomination…)")
          ->check(EnumChoice<v1::BasisKind>());
  cmd->add_option("--fondement-ref", a->basis_reference,
                  "Référence de l'acte, par ex. « arrêté n° 2024-117 »")
      ->needs(basis);
  cmd->add_option("--fondement-date", a->basis_date, "Date de l'acte")
      ->check(IsoDate())
      ->needs(basis);
  OnRun(cmd, slot, kDirectoryFinalite,
        [a](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::AssignRoleRequest request;
          v1::RoleAssignment* assignment = request.mutable_assignment();
          assignment->set_user_id(a->user);
          assignment->set_role_id(a->role);
          assignment->set_territory_id(a->territory);
          assignment->set_commune_id(a->commune);
          assignment->set_start_date(a->start);
          assignment->set_end_date(a->end);
          if (!a->basis.empty()) {
            v1::RoleBasis* b = assignment->mutable_basis();
            b->set_kind(EnumFromLabel<v1::BasisKind>(a->basis));
            b->set_reference(a->basis_reference);
            b->set_date(a->basis_date);
          }
          return Show(ctx, client->AssignRole(request));
        });
}

struct EndAssignmentOptions {
  std::string territory, assignment, end;
};

void AddEndAssignmentCommand(CLI::App* directory, ChosenCommand* slot) {
  auto a = std::make_shared<EndAssignmentOptions>();
  CLI::App* cmd = directory->add_subcommand(
      "terminer-attribution",
      "Met fin à une attribution de rôle (par ex. fin d'une délégation)");
  cmd->add_option("--territoire", a->territory, "Territoire")->required();
  cmd->add_option(
         "--attribution", a->assignment,
         "Identifiant de l'attribution (voir « annuaire attributions »)")
      ->required();
  cmd->add_option("--fin", a->end, "Dernier jour de l'attribution")
      ->required()
      ->check(IsoDate());
  OnRun(cmd, slot, kDirectoryFinalite,
        [a](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::EndRoleAssignmentRequest request;
          request.set_territory_id(a->territory);
          request.set_assignment_id(a->assignment);
          request.set_end_date(a->end);
          return Show(ctx, client->EndRoleAssignment(request));
        });
}

struct GroupOptions {
  std::string territory, group, user, date, reason, note;
  int version = 0;
};

void AddMemberCommand(CLI::App* directory, ChosenCommand* slot) {
  auto m = std::make_shared<GroupOptions>();
  CLI::App* cmd = directory->add_subcommand("ajouter-membre",
                                            "Ajoute un membre à un groupe");
  cmd->add_option("--territoire", m->territory, "Territoire")->required();
  cmd->add_option("--groupe", m->group, "Groupe")->required();
  cmd->add_option("--utilisateur", m->user, "Utilisateur")->required();
  cmd->add_option("--depuis", m->date, "Date d'entrée")
      ->required()
      ->check(IsoDate());
  OnRun(cmd, slot, kDirectoryFinalite,
        [m](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::AddGroupMemberRequest request;
          v1::GroupMember* member = request.mutable_member();
          member->set_territory_id(m->territory);
          member->set_group_id(m->group);
          member->set_user_id(m->user);
          member->set_since(m->date);
          return Show(ctx, client->AddGroupMember(request));
        });
}

void AddSignatureCommand(CLI::App* directory, ChosenCommand* slot) {
  auto s = std::make_shared<GroupOptions>();
  CLI::App* cmd = directory->add_subcommand(
      "enregistrer-signature",
      "Enregistre la signature de la charte par un utilisateur");
  cmd->add_option("--territoire", s->territory, "Territoire")->required();
  cmd->add_option("--utilisateur", s->user, "Utilisateur")->required();
  cmd->add_option("--version", s->version, "Version de la charte signée")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--date", s->date, "Date de signature")
      ->required()
      ->check(IsoDate());
  OnRun(cmd, slot, kDirectoryFinalite,
        [s](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::RecordSignatureRequest request;
          v1::Signature* signature = request.mutable_signature();
          signature->set_territory_id(s->territory);
          signature->set_user_id(s->user);
          signature->set_charte_version(s->version);
          signature->set_signed_on(s->date);
          return Show(ctx, client->RecordSignature(request));
        });
}

void AddExclusionCommand(CLI::App* directory, ChosenCommand* slot) {
  auto e = std::make_shared<GroupOptions>();
  CLI::App* cmd = directory->add_subcommand(
      "enregistrer-exclusion",
      "Enregistre l'exclusion d'un membre d'un groupe");
  cmd->add_option("--territoire", e->territory, "Territoire")->required();
  cmd->add_option("--groupe", e->group, "Groupe")->required();
  cmd->add_option("--utilisateur", e->user, "Utilisateur")->required();
  cmd->add_option("--date", e->date, "Date d'effet")
      ->required()
      ->check(IsoDate());
  cmd->add_option("--motif", e->reason, "Motif")
      ->required()
      ->check(EnumChoice<v1::ExclusionReason>());
  cmd->add_option("--note", e->note,
                  "Note (500 caractères au plus, aucune donnée sur des tiers)");
  OnRun(cmd, slot, kDirectoryFinalite,
        [e](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::RecordExclusionRequest request;
          v1::Exclusion* exclusion = request.mutable_exclusion();
          exclusion->set_territory_id(e->territory);
          exclusion->set_group_id(e->group);
          exclusion->set_user_id(e->user);
          exclusion->set_excluded_on(e->date);
          exclusion->set_reason(EnumFromLabel<v1::ExclusionReason>(e->reason));
          exclusion->set_note(e->note);
          return Show(ctx, client->RecordExclusion(request));
        });
}

}  // namespace

void AddDirectoryWriteCommands(CLI::App* directory, ChosenCommand* slot) {
  AddOrganisationCommand(directory, slot);
  AddUserCommand(directory, slot);
  AddAssignRoleCommand(directory, slot);
  AddEndAssignmentCommand(directory, slot);
  AddMemberCommand(directory, slot);
  AddSignatureCommand(directory, slot);
  AddExclusionCommand(directory, slot);
}

}  // namespace suivi::client::cli
