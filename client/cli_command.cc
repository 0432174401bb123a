#include "client/cli_command.h"

#include <utility>

#include "core/common/day.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {

CommandContext::CommandContext(const GlobalOptions* options, std::ostream* out,
                               std::ostream* err)
    : options_(options), out_(out), err_(err) {}

absl::StatusOr<ClientConfig> CommandContext::Config() const {
  ClientConfigOverrides overrides = options_->overrides;
  if (options_->deadline_seconds > 0) {
    overrides.deadline = absl::Seconds(options_->deadline_seconds);
  }
  return LoadClientConfig(
      ResolveConfigDir(options_->config_dir, ConfigEnvironment::FromProcess()),
      overrides);
}

absl::StatusOr<SuiviClient*> CommandContext::Client() {
  if (client_ == nullptr) {
    ASSIGN_OR_RETURN(const ClientConfig config, Config());
    ASSIGN_OR_RETURN(client_, SuiviClient::Connect(config));
  }
  return client_.get();
}

void OnRun(CLI::App* command, Action* slot, Action action) {
  command->callback([slot, action = std::move(action)] { *slot = action; });
}

CLI::Validator IsoDate() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (ParseDayNumber(value).ok()) return "";
        return "date attendue au format AAAA-MM-JJ : " + value;
      },
      "AAAA-MM-JJ");
}

}  // namespace suivi::client::cli
