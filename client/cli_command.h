// client/cli_command.h
//
// What every `suivi` command shares: the global options, the context a
// command runs in (configuration, client made on first use, output), and
// the helpers that declare a command's options and action with CLI11.
//
// A command is declared in three steps:
//
//   CLI::App* cmd = parent->add_subcommand("territoire",
//                                          "Affiche un territoire");
//   auto id = std::make_shared<std::string>();
//   cmd->add_option("id", *id, "Identifiant")->required();
//   OnRun(cmd, slot, Finalite::kAdministration,
//         [id](CommandContext& ctx) { ... return absl::OkStatus(); });
//
// CLI11 runs the callback of the subcommand chosen on the command line,
// which leaves its action and purpose in `slot`; main runs it once parsing
// succeeded. Each command declares the purpose (finalité) that fits what
// it does; --finalite replaces it for the whole command line.

#ifndef SUIVI_CLIENT_CLI_COMMAND_H_
#define SUIVI_CLIENT_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "client/cli_format.h"
#include "client/cli_print.h"
#include "client/client_config.h"
#include "client/finalite.h"
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
  // --finalite; unset: the purpose of the chosen command.
  std::optional<Finalite> finalite;
};

class CommandContext {
 public:
  // `options` must outlive this; `command_finalite` is the purpose the
  // chosen command declares (ChosenCommand); `out` receives results,
  // `err` notes.
  CommandContext(const GlobalOptions* options,
                 std::optional<Finalite> command_finalite, std::ostream* out,
                 std::ostream* err);

  bool json() const { return options_->json; }
  std::ostream& out() { return *out_; }
  std::ostream& err() { return *err_; }

  // The purpose the command's calls declare: --finalite, else the
  // command's own.
  std::optional<Finalite> finalite() const;

  // The client configuration the global options and the environment
  // choose (client_config.h), with finalite().
  absl::StatusOr<ClientConfig> Config() const;

  // A client for Config(), made on the first call.
  absl::StatusOr<SuiviClient*> Client();

 private:
  const GlobalOptions* const options_;
  const std::optional<Finalite> command_finalite_;
  std::ostream* const out_;
  std::ostream* const err_;
  std::unique_ptr<SuiviClient> client_;
};

// What a command does once the command line is parsed. Its status is the
// command's outcome: OK exits 0, anything else prints "suivi: <message>"
// and exits 1.
using Action = std::function<absl::Status(CommandContext&)>;

// The command chosen on the command line.
struct ChosenCommand {
  Action action;
  // The purpose its calls declare unless --finalite says otherwise; unset
  // for a command that makes no call needing one (health check, local
  // files only).
  std::optional<Finalite> finalite;
};

// Makes `action` and `finalite` the ones `slot` holds when `command` is
// chosen, and shows `finalite` on one line of the command's help.
void OnRun(CLI::App* command, ChosenCommand* slot,
           std::optional<Finalite> finalite, Action action);

// The line of a command's help naming the purpose it declares.
std::string FinaliteHelp(std::optional<Finalite> finalite);

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

// A CLI11 check that a value is the id of a purpose (ParseFinalite).
CLI::Validator FinaliteChoice();

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
// itself in `slot`.
void AddSessionCommands(CLI::App* app, ChosenCommand* slot);
void AddDirectoryCommands(CLI::App* app, ChosenCommand* slot);
void AddAdminCommands(CLI::App* app, ChosenCommand* slot);
void AddPersonneCommands(CLI::App* app, ChosenCommand* slot);
void AddCertificateRequestCommand(CLI::App* app, ChosenCommand* slot);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_COMMAND_H_
