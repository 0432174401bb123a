// Tests of client/client_config.h and client/address.h.

#include "client/client_config.h"

#include <string>

#include "client/address.h"
#include "client/testing/test_pki.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client {
namespace {

namespace fs = std::filesystem;
using ::suivi::client::testing::WriteTestFile;
using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// A directory holding the four files (their content does not matter to
// LoadClientConfig, which only checks that they exist).
fs::path FullDir(const TempDir& temp,
                 const std::string& server = "localhost:8443") {
  const fs::path dir = temp.path() / "suivi";
  fs::create_directories(dir);
  WriteTestFile(dir / kCertificateFile, "cert");
  WriteTestFile(dir / kKeyFile, "key");
  WriteTestFile(dir / kCaFile, "ca");
  WriteTestFile(dir / kServerFile, server + "\n");
  return dir;
}

struct DirCase {
  const char* name;
  std::string flag;
  ConfigEnvironment env;
  std::string expected;
};

TEST(ResolveConfigDir, FlagThenSuiviConfigThenXdgThenHome) {
  const ConfigEnvironment all{"/env/suivi", "/xdg", "/home/u"};
  const DirCase cases[] = {
      {"flag wins", "/flag", all, "/flag"},
      {"SUIVI_CONFIG", "", all, "/env/suivi"},
      {"XDG_CONFIG_HOME", "", {"", "/xdg", "/home/u"}, "/xdg/suivi"},
      {"HOME", "", {"", "", "/home/u"}, "/home/u/.config/suivi"},
      {"nothing", "", {"", "", ""}, ""},
  };
  for (const DirCase& c : cases) {
    EXPECT_EQ(ResolveConfigDir(c.flag, c.env), fs::path(c.expected)) << c.name;
  }
}

TEST(LoadClientConfig, ReadsTheFourFilesOfTheDirectory) {
  TempDir temp;
  const fs::path dir = FullDir(temp, "suivi.example.fr:8443");
  ASSERT_OK_AND_ASSIGN(ClientConfig config, LoadClientConfig(dir, {}));
  EXPECT_EQ(config.server, "suivi.example.fr:8443");
  EXPECT_EQ(config.certificate_path, (dir / "certificat.pem").string());
  EXPECT_EQ(config.key_path, (dir / "cle.pem").string());
  EXPECT_EQ(config.ca_path, (dir / "ca.pem").string());
  EXPECT_EQ(config.deadline, absl::Seconds(10));
}

TEST(LoadClientConfig, FlagsOverrideEachEntry) {
  TempDir temp;
  const fs::path dir = FullDir(temp);
  const fs::path other = temp.path() / "autre.pem";
  WriteTestFile(other, "x");
  ClientConfigOverrides overrides;
  overrides.server = "127.0.0.1:9000";
  overrides.certificate_path = other.string();
  overrides.ca_path = other.string();
  overrides.deadline = absl::Seconds(3);
  ASSERT_OK_AND_ASSIGN(ClientConfig config, LoadClientConfig(dir, overrides));
  EXPECT_EQ(config.server, "127.0.0.1:9000");
  EXPECT_EQ(config.certificate_path, other.string());
  EXPECT_EQ(config.key_path, (dir / "cle.pem").string());
  EXPECT_EQ(config.ca_path, other.string());
  EXPECT_EQ(config.deadline, absl::Seconds(3));
}

TEST(LoadClientConfig, EverythingOverriddenNeedsNoDirectory) {
  TempDir temp;
  const fs::path file = temp.path() / "f.pem";
  WriteTestFile(file, "x");
  ClientConfigOverrides overrides{"localhost:1", file.string(), file.string(),
                                  file.string(), std::nullopt};
  EXPECT_THAT(LoadClientConfig(temp.path() / "absent", overrides), IsOk());
  EXPECT_THAT(LoadClientConfig(fs::path(), overrides), IsOk());
}

TEST(LoadClientConfig, EachMissingFileIsNamedWithHowToGetIt) {
  const struct {
    const char* file;
    const char* hint;
  } cases[] = {
      {kCertificateFile, "suivi demande-certificat"},
      {kKeyFile, "--cle"},
      {kCaFile, "administrateur de votre territoire"},
      {kServerFile, "--serveur"},
  };
  for (const auto& c : cases) {
    TempDir temp;
    const fs::path dir = FullDir(temp);
    fs::remove(dir / c.file);
    EXPECT_THAT(
        LoadClientConfig(dir, {}),
        StatusIs(absl::StatusCode::kFailedPrecondition,
                 AllOf(HasSubstr("fichier introuvable"),
                       HasSubstr((dir / c.file).string()), HasSubstr(c.hint))))
        << c.file;
  }
}

TEST(LoadClientConfig, MissingDirectoryIsNamed) {
  TempDir temp;
  EXPECT_THAT(LoadClientConfig(temp.path() / "absent", {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("dossier de configuration introuvable"),
                             HasSubstr("absent"))));
}

TEST(LoadClientConfig, NoDirectoryAtAllSaysHowToGiveOne) {
  EXPECT_THAT(
      LoadClientConfig(fs::path(), {}),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("--config")));
}

TEST(LoadClientConfig, BadServerFileIsInvalid) {
  TempDir temp;
  EXPECT_THAT(
      LoadClientConfig(FullDir(temp, "sans-port"), {}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("« sans-port »")));
}

TEST(LoadClientConfig, DeadlineMustBePositive) {
  TempDir temp;
  ClientConfigOverrides overrides;
  overrides.deadline = absl::ZeroDuration();
  EXPECT_THAT(
      LoadClientConfig(FullDir(temp), overrides),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--delai")));
}

TEST(ParseHostPort, AcceptsNamesAndIpLiterals) {
  ASSERT_OK_AND_ASSIGN(HostPort name, ParseHostPort("suivi.example.fr:8443"));
  EXPECT_EQ(name.host, "suivi.example.fr");
  EXPECT_EQ(name.port, 8443);
  ASSERT_OK_AND_ASSIGN(HostPort v6, ParseHostPort("[::1]:443"));
  EXPECT_EQ(v6.host, "::1");
  EXPECT_TRUE(IsIpLiteral(v6.host));
  EXPECT_TRUE(IsIpLiteral("127.0.0.1"));
  EXPECT_FALSE(IsIpLiteral("localhost"));
}

TEST(ParseHostPort, RejectsWhatIsNotHostColonPort) {
  for (const char* bad : {"", "localhost", ":8443", "localhost:", "h:0",
                          "h:65536", "h:abc", "::1:443", "[::1]443"}) {
    EXPECT_THAT(ParseHostPort(bad),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("adresse de serveur invalide")))
        << bad;
  }
}

}  // namespace
}  // namespace suivi::client
