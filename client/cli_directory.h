// client/cli_directory.h
//
// The subcommands of `suivi directory` (annuaire), in two files: reads
// (cli_directory_read.cc) and additions (cli_directory_write.cc).

#ifndef SUIVI_CLIENT_CLI_DIRECTORY_H_
#define SUIVI_CLIENT_CLI_DIRECTORY_H_

#include "client/cli_command.h"

namespace suivi::client::cli {

// The purpose of every directory command, reads and additions alike: they
// administer the territory's directory.
inline constexpr Finalite kDirectoryFinalite = Finalite::kAdministration;

void AddDirectoryReadCommands(CLI::App* directory, ChosenCommand* slot);
void AddDirectoryWriteCommands(CLI::App* directory, ChosenCommand* slot);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_DIRECTORY_H_
