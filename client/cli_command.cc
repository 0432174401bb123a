#include "client/cli_command.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/day.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {

CommandContext::CommandContext(const GlobalOptions* options,
                               std::optional<Finalite> command_finalite,
                               std::ostream* out, std::ostream* err)
    : options_(options),
      command_finalite_(command_finalite),
      out_(out),
      err_(err) {}

std::optional<Finalite> CommandContext::finalite() const {
  return options_->finalite.has_value() ? options_->finalite
                                        : command_finalite_;
}

absl::StatusOr<ClientConfig> CommandContext::Config() const {
  ClientConfigOverrides overrides = options_->overrides;
  if (options_->deadline_seconds > 0) {
    overrides.deadline = absl::Seconds(options_->deadline_seconds);
  }
  ASSIGN_OR_RETURN(
      ClientConfig config,
      LoadClientConfig(ResolveConfigDir(options_->config_dir,
                                        ConfigEnvironment::FromProcess()),
                       overrides));
  config.finalite = finalite();
  return config;
}

absl::StatusOr<SuiviClient*> CommandContext::Client() {
  if (client_ == nullptr) {
    ASSIGN_OR_RETURN(const ClientConfig config, Config());
    ASSIGN_OR_RETURN(client_, SuiviClient::Connect(config));
  }
  return client_.get();
}

void OnRun(CLI::App* command, ChosenCommand* slot,
           std::optional<Finalite> finalite, Action action) {
  command->footer(FinaliteHelp(finalite));
  command->callback([slot, finalite, action = std::move(action)] {
    *slot = ChosenCommand{action, finalite};
  });
}

std::string FinaliteHelp(std::optional<Finalite> finalite) {
  if (!finalite.has_value()) {
    return "Finalité déclarée : aucune, cette commande n'en demande pas";
  }
  return absl::StrCat("Finalité déclarée : ", FinaliteId(*finalite), " (",
                      FinaliteLabel(*finalite),
                      "), sauf si --finalite en indique une autre");
}

CLI::Validator IsoDate() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (ParseDayNumber(value).ok()) return "";
        return "date attendue au format AAAA-MM-JJ : " + value;
      },
      "AAAA-MM-JJ");
}

CLI::Validator FinaliteChoice() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const absl::StatusOr<Finalite> finalite = ParseFinalite(value);
        if (finalite.ok()) return "";
        return std::string(finalite.status().message());
      },
      "");
}

}  // namespace suivi::client::cli
