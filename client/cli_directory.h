// client/cli_directory.h
//
// The subcommands of `suivi directory` (annuaire), in two files: reads
// (cli_directory_read.cc) and additions (cli_directory_write.cc).

#ifndef SUIVI_CLIENT_CLI_DIRECTORY_H_
#define SUIVI_CLIENT_CLI_DIRECTORY_H_

#include "client/cli_command.h"

namespace suivi::client::cli {

void AddDirectoryReadCommands(CLI::App* directory, Action* slot);
void AddDirectoryWriteCommands(CLI::App* directory, Action* slot);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_DIRECTORY_H_
