// suivi — the command-line client of suivid. Flags to options, options to
// the chosen command's action, its status to an exit code:
//
//   0  success
//   1  the server refused, or the connection or a local file failed
//      (message on stderr: "suivi: …")
//   2  bad usage (unknown command, missing or invalid option)

#include <grpc/support/log.h>

#include <cstdlib>
#include <iostream>

#include "client/cli_app.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// gRPC logs every failed handshake on stderr; the diagnosis says it
// better. GRPC_VERBOSITY set in the environment brings the logs back.
void QuietGrpcLogs() {
  if (std::getenv("GRPC_VERBOSITY") == nullptr) {
    gpr_set_log_function([](gpr_log_func_args*) {});
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = suivi::client::cli;
  QuietGrpcLogs();
  CLI::App app{"suivi — client du serveur Suivi", "suivi"};
  cli::GlobalOptions options;
  cli::ChosenCommand chosen;
  cli::DeclareCommandLine(&app, &options, &chosen);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  cli::CommandContext context(&options, chosen.finalite, &std::cout,
                              &std::cerr);
  const absl::Status status = chosen.action(context);
  if (!status.ok()) {
    std::cerr << "suivi: " << status.message() << "\n";
    return kExitFailure;
  }
  return 0;
}
