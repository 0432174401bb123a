// client/cli_test_support.h
//
// The `suivi` command line as main declares it, and a fixture that runs a
// command against a server recording its calls: shared by the CLI's tests.
//
// Test-only.

#ifndef SUIVI_CLIENT_CLI_TEST_SUPPORT_H_
#define SUIVI_CLIENT_CLI_TEST_SUPPORT_H_

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli_app.h"
#include "client/testing/recording_server.h"
#include "client/testing/test_pki.h"
#include "core/common/files.h"
#include "gtest/gtest.h"

namespace suivi::client::cli {

// The `suivi` command line, declared as main declares it.
struct CommandLine {
  CommandLine() { DeclareCommandLine(&app, &options, &chosen); }

  // Parses `suivi args…`; the CLI11 error, if any, is thrown.
  void Parse(const std::vector<std::string>& args) {
    std::vector<const char*> argv = {"suivi"};
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
  }

  // What `suivi args…` prints on stdout and stderr for a usage error or
  // --help, and the exit code CLI11 gives it.
  struct Refusal {
    int exit_code = 0;
    std::string out;
    std::string err;
  };
  Refusal ParseError(const std::vector<std::string>& args) {
    Refusal refusal;
    try {
      Parse(args);
      ADD_FAILURE() << "parsed without error";
    } catch (const CLI::ParseError& e) {
      std::ostringstream out, err;
      refusal.exit_code = app.exit(e, out, err);
      refusal.out = out.str();
      refusal.err = err.str();
    }
    return refusal;
  }

  // The purpose the chosen command runs with.
  std::optional<Finalite> DeclaredFinalite() const {
    std::ostringstream out, err;
    return CommandContext(&options, chosen.finalite, &out, &err).finalite();
  }

  GlobalOptions options;
  ChosenCommand chosen;
  CLI::App app{"suivi — client du serveur Suivi", "suivi"};
};

// A command run as main runs it, against a server recording its calls.
class CommandRunTest : public ::testing::Test {
 protected:
  // Runs `suivi --config <dir> args…` and returns the calls the server
  // received.
  std::vector<::suivi::client::testing::RecordedCall> Run(std::vector<std::string> args) {
    const std::string dir = (temp_.path() / "config").string();
    ::suivi::client::testing::WriteConfigDir(dir, server_.address(), pki_.Client("agent-1"),
                                             pki_.CaPem());
    args.insert(args.begin(), {"--config", dir});
    CommandLine line;
    line.Parse(args);
    std::ostringstream out, err;
    CommandContext context(&line.options, line.chosen.finalite, &out, &err);
    line.chosen.action(context).IgnoreError();  // The server refuses all.
    return server_.calls();
  }

  ::suivi::client::testing::TestPki pki_;
  ::suivi::client::testing::RecordingServer server_{pki_};
  TempDir temp_;
};

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_TEST_SUPPORT_H_
