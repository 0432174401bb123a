// The two binaries as people run them: suivid --dev in a child process,
// the suivi CLI against it with the demo users' configuration directories.
// Exit codes, readable French output, --json, and the French messages of
// refused connections.

#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "core/pki/certificate_authority.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "suivi/v1/session.pb.h"
#include "tests/testing/subprocess.h"

namespace suivi {
namespace {

namespace fs = std::filesystem;
using ::suivi::testing::ChildProcess;
using ::suivi::testing::ProcessResult;
using ::suivi::testing::RunProcess;
using ::testing::HasSubstr;
using ::testing::Not;

// A suivid child in dev mode, in a temporary directory.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }

  void StartServer() {
    auto child = ChildProcess::Start(
        {SUIVID_PATH, "--dev", "--listen", "127.0.0.1:0", "--data_dir",
         (dir_.path() / "donnees").string(), "--key_dir", (dir_.path() / "cles").string(),
         "--pki_dir", pki_dir().string()});
    ASSERT_TRUE(child.ok()) << child.status();
    server_.emplace(*std::move(child));
    const std::string kListening = "à l'écoute sur ";
    auto line = server_->WaitForLine(kListening);
    ASSERT_TRUE(line.ok()) << line.status();
    const std::string rest = line->substr(line->find(kListening) + kListening.size());
    address_ = rest.substr(0, rest.find(' '));
  }

  fs::path pki_dir() const { return dir_.path() / "pki"; }
  std::string UserDir(const std::string& user) const {
    return (pki_dir() / "utilisateurs" / user).string();
  }

  // A configuration directory holding a certificate for ame-cpip from `ca`,
  // valid from `not_before` to `not_after`, with the demo CA and address.
  std::string ConfigWithCertificateFrom(const pki::CertificateAuthority& ca,
                                        const std::string& name,
                                        absl::Time not_before = absl::InfinitePast(),
                                        absl::Time not_after = absl::InfiniteFuture()) {
    pki::IssueOptions options;
    options.common_name = "ame-cpip";
    options.not_before = not_before;
    options.not_after = not_after;
    auto issued = ca.IssueWithNewKey(options);
    EXPECT_TRUE(issued.ok()) << issued.status();
    const fs::path dir = dir_.path() / name;
    fs::create_directories(dir);
    EXPECT_TRUE(WriteFileAtomically(dir / "certificat.pem", issued->second.ToPem(), 0644).ok());
    EXPECT_TRUE(WriteFileAtomically(dir / "cle.pem", issued->first.ToPem(), 0600).ok());
    fs::copy_file(fs::path(UserDir("ame-cpip")) / "ca.pem", dir / "ca.pem");
    fs::copy_file(fs::path(UserDir("ame-cpip")) / "serveur", dir / "serveur");
    return dir.string();
  }

  // Runs `suivi --config <user dir> args...`.
  ProcessResult Suivi(const std::string& config_dir, std::vector<std::string> args) {
    std::vector<std::string> argv = {SUIVI_CLI_PATH, "--config", config_dir};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = RunProcess(argv);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(ProcessResult());
  }

  TempDir dir_{"suivi-cli-test"};
  std::optional<ChildProcess> server_;
  std::string address_;
};

TEST_F(CliTest, EachDemoUserDirectoryNamesTheServer) {
  EXPECT_EQ(ReadFileBytes(fs::path(UserDir("ame-admin")) / "serveur"), address_ + "\n");
  EXPECT_EQ(ReadFileBytes(fs::path(UserDir("gb-bailleur")) / "serveur"), address_ + "\n");
}

TEST_F(CliTest, WhoAmIPrintsTheUserAndTheirRolesInFrench) {
  ProcessResult r = Suivi(UserDir("ame-admin"), {"whoami"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ame-admin"));
  EXPECT_THAT(r.out, HasSubstr("admin"));
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, JsonOutputIsTheResponseMessage) {
  ProcessResult r = Suivi(UserDir("gb-gendarme"), {"--json", "whoami"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  v1::WhoAmIResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &response).ok()) << r.out;
  EXPECT_EQ(response.user().id(), "gb-gendarme");
  EXPECT_EQ(response.organisation().type(), v1::ORGANISATION_TYPE_GENDARMERIE);
}

TEST_F(CliTest, HealthAnswersForAnyEnrolledUser) {
  ProcessResult r = Suivi(UserDir("ame-cpip"), {"health"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CliTest, ANonAdminIsToldWhatTheCharteLacks) {
  ProcessResult r =
      Suivi(UserDir("ame-cpip"), {"directory", "utilisateurs", "--territoire", "ame"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("suivi: "));
  EXPECT_THAT(r.err, HasSubstr("accès refusé"));
  EXPECT_THAT(r.err, HasSubstr("annuaire-administrateur"));
}

TEST_F(CliTest, AnotherFinaliteIsRefusedByTheCharte) {
  ProcessResult r = Suivi(UserDir("ame-admin"), {"--finalite", "statistique", "directory",
                                                 "utilisateurs", "--territoire", "ame"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("accès refusé"));
  ProcessResult ok = Suivi(UserDir("ame-admin"), {"directory", "utilisateurs", "--territoire", "ame"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(CliTest, AForeignCertificateGetsAMessageAPersonUnderstands) {
  auto foreign = pki::CertificateAuthority::Create("Autre autorité");
  ASSERT_TRUE(foreign.ok());
  const std::string dir = ConfigWithCertificateFrom(**foreign, "etranger");
  ProcessResult r = Suivi(dir, {"whoami"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("certificat non reconnu"));
  EXPECT_THAT(r.err, Not(HasSubstr("failed to connect")));
}

TEST_F(CliTest, AnExpiredCertificateGetsAMessageAPersonUnderstands) {
  auto ca = pki::CertificateAuthority::FromPem(ReadFileBytes(pki_dir() / "ca.pem"),
                                               ReadFileBytes(pki_dir() / "ca.cle"));
  ASSERT_TRUE(ca.ok());
  const absl::Time now = absl::Now();
  const std::string dir = ConfigWithCertificateFrom(**ca, "expire", now - absl::Hours(72),
                                                    now - absl::Hours(48));
  ProcessResult r = Suivi(dir, {"whoami"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("votre certificat a expiré le"));
}

TEST_F(CliTest, WithoutACertificateTheCliSaysWhichFileIsMissing) {
  const fs::path dir = dir_.path() / "sans-certificat";
  fs::create_directories(dir);
  fs::copy_file(fs::path(UserDir("ame-cpip")) / "ca.pem", dir / "ca.pem");
  fs::copy_file(fs::path(UserDir("ame-cpip")) / "serveur", dir / "serveur");
  ProcessResult r = Suivi(dir.string(), {"whoami"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("certificat.pem"));
  EXPECT_THAT(r.err, Not(HasSubstr("failed to connect")));
}

TEST_F(CliTest, AStoppedServerIsReportedUnreachable) {
  EXPECT_EQ(server_->SignalAndWait(SIGTERM), 0);
  ProcessResult r = Suivi(UserDir("ame-admin"), {"whoami"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("injoignable"));
}

TEST_F(CliTest, SigtermStopsTheServerCleanly) {
  EXPECT_EQ(server_->SignalAndWait(SIGTERM), 0);
  EXPECT_THAT(server_->ReadRest(), HasSubstr("arrêté"));
}

TEST_F(CliTest, SigintStopsTheServerCleanly) {
  EXPECT_EQ(server_->SignalAndWait(SIGINT), 0);
  EXPECT_THAT(server_->ReadRest(), HasSubstr("arrêté"));
}

TEST_F(CliTest, AnAdminAddsAUserEnrolsANewCertificateThenRevokesIt) {
  const std::string admin = UserDir("ame-admin");
  ProcessResult add = Suivi(admin, {"directory", "ajouter-utilisateur", "--id", "ame-agent-2",
                                    "--nom", "M. Paul Bernard", "--organisation",
                                    "mairie-montargis"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const std::string fresh = (dir_.path() / "agent-2").string();
  ProcessResult enrol = Suivi(admin, {"admin", "enroler", "--utilisateur", "ame-agent-2",
                                      "--nouveau-dossier", fresh});
  ASSERT_EQ(enrol.exit_code, 0) << enrol.err;
  EXPECT_EQ(fs::status(fs::path(fresh) / "cle.pem").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  ProcessResult me = Suivi(fresh, {"--json", "whoami"});
  ASSERT_EQ(me.exit_code, 0) << me.err;
  v1::WhoAmIResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(me.out, &response).ok()) << me.out;
  EXPECT_EQ(response.user().id(), "ame-agent-2");

  ProcessResult revoke = Suivi(admin, {"admin", "revoquer", "--empreinte",
                                       response.certificate_fingerprint(), "--motif",
                                       "cle_compromise"});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  ProcessResult refused = Suivi(fresh, {"whoami"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("révoqué"));
}

TEST_F(CliTest, TheDemoTerritoriesAreLoadedOnceAcrossRestarts) {
  const std::string admin = UserDir("gb-admin");
  ProcessResult before = Suivi(admin, {"--json", "directory", "attributions",
                                       "--territoire", "grand-belfort"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(server_->SignalAndWait(SIGTERM), 0);
  StartServer();
  ProcessResult after = Suivi(admin, {"--json", "directory", "attributions",
                                      "--territoire", "grand-belfort"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, before.out);
  EXPECT_THAT(server_->transcript(), HasSubstr("territoire grand-belfort déjà présent"));
}

}  // namespace
}  // namespace suivi
