// Tests of client/cli_app.h: the command line parsed as suivi_main.cc
// parses it, then, for the purpose (finalité), one command run against a
// server that records what it receives.

#include "client/cli_app.h"

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "client/cli_test_support.h"
#include "client/testing/recording_server.h"
#include "client/testing/test_pki.h"
#include "core/common/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client::cli {
namespace {

using ::suivi::client::testing::RecordedCall;
using ::suivi::client::testing::RecordingServer;
using ::suivi::client::testing::TestPki;
using ::suivi::client::testing::WriteConfigDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(CommandLineFinalite, EachCommandDeclaresThePurposeThatFitsIt) {
  const struct {
    std::vector<std::string> args;
    std::optional<Finalite> expected;
  } cases[] = {
      {{"whoami"}, Finalite::kAdministration},
      {{"qui-suis-je"}, Finalite::kAdministration},
      {{"directory", "territoires"}, Finalite::kAdministration},
      {{"annuaire", "utilisateur", "u1"}, Finalite::kAdministration},
      {{"annuaire", "ajouter-utilisateur", "--id", "u2", "--nom", "N",
        "--organisation", "o"},
       Finalite::kAdministration},
      {{"admin", "certificats", "--utilisateur", "u1"},
       Finalite::kAdministration},
      {{"admin", "revoquer", "--empreinte", "ab:cd"},
       Finalite::kAdministration},
      {{"health"}, std::nullopt},
      {{"demande-certificat", "--utilisateur", "u1", "--sortie", "/tmp/d"},
       std::nullopt},
  };
  for (const auto& c : cases) {
    CommandLine line;
    line.Parse(c.args);
    ASSERT_TRUE(line.chosen.action) << c.args[0];
    EXPECT_EQ(line.chosen.finalite, c.expected) << c.args[0];
    EXPECT_EQ(line.DeclaredFinalite(), c.expected) << c.args[0];
  }
}

// Every command with no subcommand below it. (CLI11 keeps option groups
// among the subcommands; they are not commands.)
void CollectCommands(CLI::App* app, std::vector<CLI::App*>* leaves) {
  std::vector<CLI::App*> subs = app->get_subcommands([](CLI::App* sub) {
    return dynamic_cast<CLI::Option_group*>(sub) == nullptr;
  });
  if (subs.empty()) leaves->push_back(app);
  for (CLI::App* sub : subs) CollectCommands(sub, leaves);
}

TEST(CommandLineFinalite, EveryCommandShowsItsPurposeInItsHelp) {
  CommandLine line;
  std::vector<CLI::App*> commands;
  CollectCommands(&line.app, &commands);
  ASSERT_GT(commands.size(), 20u);
  std::vector<std::string> without_purpose;
  for (CLI::App* command : commands) {
    const std::string footer = command->get_footer();
    EXPECT_TRUE(absl::StartsWith(footer, "Finalité déclarée : "))
        << command->get_name() << ": " << footer;
    EXPECT_EQ(footer.find('\n'), std::string::npos) << command->get_name();
    if (absl::StrContains(footer, "aucune")) {
      without_purpose.push_back(command->get_name());
    }
  }
  EXPECT_THAT(without_purpose,
              UnorderedElementsAre("health", "demande-certificat"));
}

TEST(CommandLineFinalite, HelpOfACommandNamesItsPurpose) {
  CommandLine line;
  const CommandLine::Refusal help =
      line.ParseError({"directory", "territoires", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out,
              HasSubstr("Finalité déclarée : administration (administration), "
                        "sauf si --finalite en indique une autre"));
}

TEST(CommandLineFinalite, TheOptionReplacesTheCommandsPurpose) {
  for (const Finalite finalite : AllFinalites()) {
    const std::string id(FinaliteId(finalite));
    CommandLine before;
    before.Parse({"--finalite", id, "whoami"});
    EXPECT_EQ(before.DeclaredFinalite(), finalite) << id;
    CommandLine after;
    after.Parse({"directory", "territoires", "--finalite", id});
    EXPECT_EQ(after.DeclaredFinalite(), finalite) << id;
    EXPECT_EQ(after.chosen.finalite, Finalite::kAdministration);
  }
}

TEST(CommandLineFinalite, AnUnknownPurposeIsAUsageErrorListingTheValidOnes) {
  for (const char* bad : {"marketing", "Administration", ""}) {
    CommandLine line;
    const CommandLine::Refusal refusal =
        line.ParseError({"--finalite", bad, "whoami"});
    EXPECT_NE(refusal.exit_code, 0) << bad;
    EXPECT_THAT(refusal.err, HasSubstr("suivi: valeur invalide : "));
    EXPECT_THAT(refusal.err,
                HasSubstr("finalité inconnue : « " + std::string(bad) + " »"));
    EXPECT_THAT(refusal.err, HasSubstr(FinaliteIds()));
    EXPECT_EQ(line.options.finalite, std::nullopt);
  }
}

TEST_F(CommandRunTest, ACommandSendsItsOwnPurpose) {
  const std::vector<RecordedCall> calls = Run({"directory", "territoires"});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "/suivi.v1.Directory/ListTerritories");
  EXPECT_THAT(calls[0].finalites, ElementsAre("administration"));
}

TEST_F(CommandRunTest, TheOptionsPurposeIsSentInstead) {
  const std::vector<RecordedCall> calls =
      Run({"whoami", "--finalite", "controle"});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "/suivi.v1.Session/WhoAmI");
  EXPECT_THAT(calls[0].finalites, ElementsAre("controle"));
}

TEST_F(CommandRunTest, TheHealthCheckSendsNone) {
  const std::vector<RecordedCall> calls =
      Run({"--finalite", "statistique", "health"});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_THAT(calls[0].finalites, IsEmpty());
}

}  // namespace
}  // namespace suivi::client::cli
