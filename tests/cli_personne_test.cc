// `suivi personne` as people run it: the real suivi binary against a real
// suivid in this process (TestServer, dev mode, demo territories), with the
// demo users' configuration directories. The cabinet du maire of Montargis
// creates, finds, links and rectifies fiches; the police municipale of the
// same commune may not read them.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "suivi/v1/persons.pb.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_server.h"

namespace suivi {
namespace {

using ::suivi::testing::ProcessResult;
using ::suivi::testing::RunProcess;
using ::suivi::testing::TestServer;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCabinet[] = "ame-cabinet-montargis";
constexpr char kPoliceMunicipale[] = "ame-pm-montargis";

class CliPersonneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  // Runs `suivi --config <user's demo directory> --serveur <server>
  // args...`.
  ProcessResult Suivi(const std::string& user,
                      const std::vector<std::string>& args) {
    std::vector<std::string> argv = {
        SUIVI_CLI_PATH, "--config",
        (server_->pki_dir() / "utilisateurs" / user).string(), "--serveur",
        server_->address()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = RunProcess(argv);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(ProcessResult());
  }

  // `suivi --json personne creer --territoire ame args...` as the
  // cabinet; the new fiche's id, "" on failure.
  std::string Create(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--json", "personne", "creer",
                                    "--territoire", "ame"};
    all.insert(all.end(), args.begin(), args.end());
    ProcessResult r = Suivi(kCabinet, all);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    v1::CreatePersonResponse response;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(r.out, &response).ok())
        << r.out;
    return response.person().id();
  }

  std::string CreateLucas() {
    return Create({"--nom", "Martin", "--prenom", "Lucas", "--naissance",
                   "2012-03-04", "--adresse", "12 rue des Lilas",
                   "--code-postal", "45200", "--ville", "Montargis"});
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(CliPersonneTest, TheCabinetCreatesAMinorSeesHimAndFindsHimMisspelt) {
  ProcessResult created =
      Suivi(kCabinet, {"personne", "creer", "--territoire", "ame", "--nom",
                       "Martin", "--prenom", "Lucas", "--prenom", "Pierre",
                       "--naissance", "2012-03-04"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("Fiche créée : "));
  EXPECT_EQ(created.err, "");
  const std::string first_line = created.out.substr(0, created.out.find('\n'));
  const std::string id = first_line.substr(first_line.rfind(' ') + 1);
  ASSERT_FALSE(id.empty()) << created.out;

  ProcessResult seen = Suivi(kCabinet, {"personne", "voir", id});
  ASSERT_EQ(seen.exit_code, 0) << seen.err;
  EXPECT_THAT(seen.out, HasSubstr("Nom                       : Martin"));
  EXPECT_THAT(seen.out, HasSubstr("Prénoms                   : Lucas, Pierre"));
  EXPECT_THAT(seen.out, HasSubstr("Né(e) le                  : 04/03/2012"));
  EXPECT_THAT(seen.out, HasSubstr("Âge au "));
  EXPECT_THAT(seen.out, HasSubstr("ans (mineur)"));
  EXPECT_THAT(seen.out, HasSubstr("Version                   : 1"));

  ProcessResult on_date =
      Suivi(kCabinet, {"personne", "voir", id, "--date", "2030-03-04"});
  ASSERT_EQ(on_date.exit_code, 0) << on_date.err;
  EXPECT_THAT(on_date.out,
              HasSubstr("Âge au 04/03/2030         : 18 ans (majeur)"));

  ProcessResult found = Suivi(kCabinet, {"personne", "chercher", "--territoire",
                                         "ame", "lukas", "martin"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_THAT(found.out, HasSubstr(id));
  EXPECT_THAT(found.out, HasSubstr("04/03/2012"));

  ProcessResult none = Suivi(
      kCabinet, {"personne", "chercher", "--territoire", "ame", "zygmunt"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "Aucune personne trouvée.\n");
}

TEST_F(CliPersonneTest, ALikelyDuplicateIsRefusedUntilTheHomonymIsConfirmed) {
  const std::string first = CreateLucas();
  ASSERT_FALSE(first.empty());

  const std::vector<std::string> again = {
      "personne", "creer",    "--territoire", "ame",         "--nom",
      "Martin",   "--prenom", "Lucas",        "--naissance", "2012-03-04"};
  ProcessResult refused = Suivi(kCabinet, again);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("suivi: "));
  EXPECT_THAT(refused.err, HasSubstr("semble déjà connue"));
  EXPECT_THAT(refused.err, HasSubstr("--homonyme-confirme"));
  EXPECT_EQ(refused.out, "");

  std::vector<std::string> confirmed_args = again;
  confirmed_args.push_back("--homonyme-confirme");
  ProcessResult confirmed = Suivi(kCabinet, confirmed_args);
  ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;
  EXPECT_THAT(confirmed.out, HasSubstr("Fiche créée : "));
  EXPECT_THAT(confirmed.out, Not(HasSubstr("Fiche créée : " + first + "\n")));
  EXPECT_THAT(confirmed.err, HasSubstr("attention"));
  EXPECT_THAT(confirmed.err, HasSubstr(first));
}

TEST_F(CliPersonneTest,
       AMotherIsLinkedTheAddressRectifiedAndTheHistoryTellsIt) {
  const std::string lucas = CreateLucas();
  const std::string sophie = Create(
      {"--nom", "Martin", "--prenom", "Sophie", "--naissance", "1985-06-01"});
  ASSERT_FALSE(lucas.empty());
  ASSERT_FALSE(sophie.empty());

  ProcessResult linked =
      Suivi(kCabinet, {"personne", "lier", lucas, "--representant", sophie,
                       "--lien", "mere", "--version", "1"});
  ASSERT_EQ(linked.exit_code, 0) << linked.err;
  EXPECT_THAT(linked.out, HasSubstr("version 2"));
  EXPECT_THAT(linked.out, HasSubstr("mère : Sophie Martin (fiche " + sophie));

  ProcessResult stale = Suivi(
      kCabinet, {"personne", "rectifier", lucas, "--version", "1", "--motif",
                 "demenagement", "--adresse", "3 place de la République"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("version 2"));

  ProcessResult moved = Suivi(
      kCabinet, {"personne", "rectifier", lucas, "--version", "2", "--motif",
                 "demenagement", "--adresse", "3 place de la République"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_THAT(moved.out,
              HasSubstr("Fiche rectifiée : fiche " + lucas + ", version 3"));
  // The parts not given are those of the fiche read.
  EXPECT_THAT(moved.out,
              HasSubstr("3 place de la République, 45200 Montargis"));
  EXPECT_THAT(moved.out, HasSubstr("Lucas"));

  ProcessResult history = Suivi(kCabinet, {"personne", "historique", lucas});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("création"));
  EXPECT_THAT(history.out, HasSubstr("représentant ajouté"));
  EXPECT_THAT(history.out, HasSubstr("rectification"));
  EXPECT_THAT(history.out, HasSubstr("déménagement"));
  EXPECT_THAT(history.out, HasSubstr(kCabinet));
  EXPECT_THAT(history.out, HasSubstr("mère : fiche " + sophie));

  ProcessResult unlinked =
      Suivi(kCabinet, {"personne", "delier", lucas, "--representant", sophie,
                       "--version", "3"});
  ASSERT_EQ(unlinked.exit_code, 0) << unlinked.err;
  EXPECT_THAT(unlinked.out, HasSubstr("version 4"));
  EXPECT_THAT(unlinked.out, Not(HasSubstr("Sophie")));
}

TEST_F(CliPersonneTest, ThePoliceMunicipaleMayNotReadTheFiche) {
  const std::string lucas = CreateLucas();
  ASSERT_FALSE(lucas.empty());
  ProcessResult r = Suivi(kPoliceMunicipale, {"personne", "voir", lucas});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("suivi: action non autorisée"));
  EXPECT_THAT(r.err, Not(HasSubstr("Martin")));
  EXPECT_EQ(r.out, "");
  // A fiche that does not exist gets the same answer.
  ProcessResult missing =
      Suivi(kPoliceMunicipale, {"personne", "voir", "p-inexistante"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("suivi: action non autorisée"));
}

}  // namespace
}  // namespace suivi
