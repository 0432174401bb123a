// The reading subcommands of `suivi directory` (annuaire), and the
// command group itself.

#include <memory>
#include <string>

#include "client/cli_directory.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {
namespace {

// Declares a subcommand whose action sends the request `Request` built by
// `fill` (from the options bound to it) through `method` and shows the
// response.
template <typename Request, typename Response>
void AddQuery(CLI::App* command, ChosenCommand* slot,
              std::shared_ptr<Request> request,
              absl::StatusOr<Response> (SuiviClient::*method)(const Request&)) {
  OnRun(command, slot, kDirectoryFinalite,
        [request, method](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          return Show(ctx, (client->*method)(*request));
        });
}

// Binds a required --territoire option to `field`.
void TerritoryOption(CLI::App* command, std::string* field) {
  command->add_option("--territoire", *field, "Identifiant du territoire")
      ->required();
}

// The option values of one command. CLI11 binds plain strings; the
// request is built from them when the command runs.
struct StringOptions {
  std::string territory;
  std::string organisation;
  std::string user;
  std::string group;
  std::string id;
};

void AddTerritoryCommands(CLI::App* directory, ChosenCommand* slot) {
  AddQuery(directory->add_subcommand("territoires", "Liste les territoires"),
           slot, std::make_shared<v1::ListTerritoriesRequest>(),
           &SuiviClient::ListTerritories);

  CLI::App* one = directory->add_subcommand(
      "territoire",
      "Affiche un territoire, ses communes et ses responsables "
      "de traitement");
  auto id = std::make_shared<std::string>();
  one->add_option("id", *id, "Identifiant du territoire")->required();
  OnRun(one, slot, kDirectoryFinalite,
        [id](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::GetTerritoryRequest request;
          request.set_territory_id(*id);
          return Show(ctx, client->GetTerritory(request));
        });

  AddQuery(directory->add_subcommand("roles", "Liste le catalogue des rôles"),
           slot, std::make_shared<v1::ListRolesRequest>(),
           &SuiviClient::ListRoles);
}

void AddOrganisationAndUserCommands(CLI::App* directory, ChosenCommand* slot) {
  auto o = std::make_shared<StringOptions>();
  CLI::App* organisations = directory->add_subcommand(
      "organisations", "Liste les organisations d'un territoire");
  TerritoryOption(organisations, &o->territory);
  OnRun(organisations, slot, kDirectoryFinalite,
        [o](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::ListOrganisationsRequest request;
          request.set_territory_id(o->territory);
          return Show(ctx, client->ListOrganisations(request));
        });

  auto u = std::make_shared<StringOptions>();
  CLI::App* users = directory->add_subcommand(
      "utilisateurs", "Liste les utilisateurs d'un territoire");
  TerritoryOption(users, &u->territory);
  users->add_option("--organisation", u->organisation,
                    "Seulement ceux de cette organisation");
  OnRun(users, slot, kDirectoryFinalite,
        [u](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::ListUsersRequest request;
          request.set_territory_id(u->territory);
          request.set_organisation_id(u->organisation);
          return Show(ctx, client->ListUsers(request));
        });

  auto one = std::make_shared<StringOptions>();
  CLI::App* user = directory->add_subcommand(
      "utilisateur", "Affiche un utilisateur : rôles, groupes, signatures");
  user->add_option("id", one->id, "Identifiant de l'utilisateur")->required();
  OnRun(user, slot, kDirectoryFinalite,
        [one](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::GetUserRequest request;
          request.set_user_id(one->id);
          return Show(ctx, client->GetUser(request));
        });
}

void AddAssignmentAndGroupCommands(CLI::App* directory, ChosenCommand* slot) {
  auto a = std::make_shared<StringOptions>();
  CLI::App* assignments = directory->add_subcommand(
      "attributions", "Liste les attributions de rôles d'un territoire");
  TerritoryOption(assignments, &a->territory);
  assignments->add_option("--utilisateur", a->user,
                          "Seulement celles de cet utilisateur");
  OnRun(assignments, slot, kDirectoryFinalite,
        [a](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::ListRoleAssignmentsRequest request;
          request.set_territory_id(a->territory);
          request.set_user_id(a->user);
          return Show(ctx, client->ListRoleAssignments(request));
        });

  auto c = std::make_shared<StringOptions>();
  CLI::App* chartes = directory->add_subcommand(
      "chartes", "Liste les versions de la charte adoptées par un territoire");
  TerritoryOption(chartes, &c->territory);
  OnRun(chartes, slot, kDirectoryFinalite,
        [c](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::ListCharteVersionsRequest request;
          request.set_territory_id(c->territory);
          return Show(ctx, client->ListCharteVersions(request));
        });

  auto g = std::make_shared<StringOptions>();
  CLI::App* groups =
      directory->add_subcommand("groupes", "Liste les groupes d'un territoire");
  TerritoryOption(groups, &g->territory);
  OnRun(groups, slot, kDirectoryFinalite,
        [g](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::ListGroupsRequest request;
          request.set_territory_id(g->territory);
          return Show(ctx, client->ListGroups(request));
        });

  auto one = std::make_shared<StringOptions>();
  CLI::App* group = directory->add_subcommand(
      "groupe", "Affiche un groupe, ses membres et ses exclusions");
  TerritoryOption(group, &one->territory);
  group->add_option("--groupe", one->group, "Identifiant du groupe")
      ->required();
  OnRun(group, slot, kDirectoryFinalite,
        [one](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::GetGroupRequest request;
          request.set_territory_id(one->territory);
          request.set_group_id(one->group);
          return Show(ctx, client->GetGroup(request));
        });
}

}  // namespace

void AddDirectoryCommands(CLI::App* app, ChosenCommand* slot) {
  CLI::App* directory = app->add_subcommand(
      "directory",
      "Annuaire : territoires, organisations, utilisateurs, rôles, groupes");
  directory->alias("annuaire");
  directory->require_subcommand(1);
  AddTerritoryCommands(directory, slot);
  AddOrganisationAndUserCommands(directory, slot);
  AddAssignmentAndGroupCommands(directory, slot);
  AddDirectoryWriteCommands(directory, slot);
}

}  // namespace suivi::client::cli
