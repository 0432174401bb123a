// client/cli_command.h
//
// What every `suivi` command shares: the global options, the context a
// command runs in (configuration, client made on first use, output), and
// the helpers that declare a command's options and action with CLI11.
//
// A command is declared in three steps:
//
//   CLI::App* cmd = parent->add_subcommand("territoire", "Affiche un
//   territoire"); auto id = std::make_shared<std::string>();
//   cmd->add_option("id", *id, "Identifiant")->required();
//   OnRun(cmd, slot, [id](CommandContext& ctx) { ... return absl::OkStatus();
//   });
//
// CLI11 runs the callback of the subcommand chosen on the command line,
// which leaves its action in `slot`; main runs it once parsing succeeded.

#ifndef SUIVI_CLIENT_CLI_COMMAND_H_
#define SUIVI_CLIENT_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "client/cli_format.h"
#include "client/cli_print.h"
#include "client/client_config.h"
#include "client/suivi_client.h"

namespace suivi::client::cli {

// The options before (or after) any command.
struct GlobalOptions {
  // --config DIR; empty: $SUIVI_CONFIG, then the XDG default.
  std::string config_dir;
  // --serveur, --certificat, --cle, --ca.
  ClientConfigOverrides overrides;
  // --delai, in seconds; 0: the configuration's default.
  double deadline_seconds = 0;
  // --json: print responses as JSON.
  bool json = false;
};

class CommandContext {
 public:
  // `options` must outlive this; `out` receives results, `err` notes.
  CommandContext(const GlobalOptions* options, std::ostream* out,
                 std::ostream* err);

  bool json() const { return options_->json; }
  std::ostream& out() { return *out_; }
  std::ostream& err() { return *err_; }

  // The client configuration the global options and the environment
  // choose (client_config.h).
  absl::StatusOr<ClientConfig> Config() const;

  // A client for Config(), made on the first call.
  absl::StatusOr<SuiviClient*> Client();

 private:
  const GlobalOptions* const options_;
  std::ostream* const out_;
  std::ostream* const err_;
  std::unique_ptr<SuiviClient> client_;
};

// What a command does once the command line is parsed. Its status is the
// command's outcome: OK exits 0, anything else prints "suivi: <message>"
// and exits 1.
using Action = std::function<absl::Status(CommandContext&)>;

// Makes `action` the one `slot` runs when `command` is chosen.
void OnRun(CLI::App* command, Action* slot, Action action);

// Prints `result` (JSON with --json, else French text) or returns its
// error.
template <typename Response>
absl::Status Show(CommandContext& ctx, const absl::StatusOr<Response>& result) {
  if (!result.ok()) return result.status();
  if (ctx.json()) {
    PrintJson(ctx.out(), *result);
  } else {
    Print(ctx.out(), *result);
  }
  return absl::OkStatus();
}

// A CLI11 check that a value is an ISO date "AAAA-MM-JJ".
CLI::Validator IsoDate();

// A CLI11 check that a value is one of the labels of `Enum` (cli_format.h),
// case-insensitive.
template <typename Enum>
CLI::Validator EnumChoice() {
  return CLI::IsMember(EnumLabels(google::protobuf::GetEnumDescriptor<Enum>()),
                       CLI::ignore_case);
}

// The value of `Enum` labelled `label`. REQUIRES: `label` passed
// EnumChoice<Enum>() or is empty (then the UNSPECIFIED value).
template <typename Enum>
Enum EnumFromLabel(const std::string& label) {
  if (label.empty()) return static_cast<Enum>(0);
  absl::StatusOr<int> number =
      ParseEnumLabel(google::protobuf::GetEnumDescriptor<Enum>(), label);
  return static_cast<Enum>(number.ok() ? *number : 0);
}

// Declare the commands of each group under `app`; the chosen one leaves
// its action in `slot`.
void AddSessionCommands(CLI::App* app, Action* slot);
void AddDirectoryCommands(CLI::App* app, Action* slot);
void AddAdminCommands(CLI::App* app, Action* slot);
void AddCertificateRequestCommand(CLI::App* app, Action* slot);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_COMMAND_H_
