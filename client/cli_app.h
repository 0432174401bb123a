// client/cli_app.h
//
// The whole `suivi` command line: global options, every command, French
// help and usage messages. suivi_main.cc parses with it and runs the
// chosen command; tests parse with it the same way.
//
//   CLI::App app{"suivi — client du serveur Suivi", "suivi"};
//   GlobalOptions options;
//   ChosenCommand chosen;
//   DeclareCommandLine(&app, &options, &chosen);
//   app.parse(argc, argv);  // throws CLI::ParseError on bad usage
//   CommandContext ctx(&options, chosen.finalite, &std::cout, &std::cerr);
//   absl::Status status = chosen.action(ctx);

#ifndef SUIVI_CLIENT_CLI_APP_H_
#define SUIVI_CLIENT_CLI_APP_H_

#include <CLI/CLI.hpp>

#include "client/cli_command.h"

namespace suivi::client::cli {

// Declares under `app` the global options, bound to `*options`, and every
// command; a successful parse leaves the chosen command in `*chosen`.
// `options` and `chosen` must outlive `app`. Global options are accepted
// after the command too.
void DeclareCommandLine(CLI::App* app, GlobalOptions* options,
                        ChosenCommand* chosen);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_APP_H_
