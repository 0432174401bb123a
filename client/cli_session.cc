// `suivi health` (santé) and `suivi whoami` (qui-suis-je).

#include "absl/strings/str_cat.h"
#include "client/cli_command.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {
namespace {

// Prints the health status; a server that is not SERVING fails the
// command, so scripts can test the exit code.
absl::Status RunHealth(CommandContext& ctx) {
  ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
  ASSIGN_OR_RETURN(const ServingStatus status, client->Health());
  const char* name = ServingStatusName(status);
  if (ctx.json()) {
    PrintJsonObject(ctx.out(), {{"status", name}});
  } else {
    ctx.out() << name << "\n";
  }
  if (status != ServingStatus::kServing) {
    return absl::UnavailableError(absl::StrCat(
        "le serveur répond mais n'est pas en service (", name, ")"));
  }
  return absl::OkStatus();
}

absl::Status RunWhoAmI(CommandContext& ctx) {
  ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
  return Show(ctx, client->WhoAmI());
}

}  // namespace

void AddSessionCommands(CLI::App* app, ChosenCommand* slot) {
  CLI::App* health = app->add_subcommand(
      "health", "Indique si le serveur est en service (SERVING)");
  health->alias("sante");
  // The health check is exempt from declaring a purpose.
  OnRun(health, slot, std::nullopt, RunHealth);

  CLI::App* whoami = app->add_subcommand(
      "whoami",
      "Affiche qui vous êtes pour le serveur : utilisateur, organisation, "
      "rôles en vigueur");
  whoami->alias("qui-suis-je");
  // Checking one's own account and roles.
  OnRun(whoami, slot, Finalite::kAdministration, RunWhoAmI);
}

}  // namespace suivi::client::cli
