// policy/enforcement/charte_test.cc

#include "policy/enforcement/charte.h"

#include <filesystem>
#include <string>

#include "absl/strings/str_replace.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::policy {
namespace {

using ::testing::HasSubstr;

TEST(Charte, TheEmbeddedCharteLoadsWithItsVersionAndHashes) {
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Charte> charte, Charte::Load(EmbeddedCharteFiles()));
  EXPECT_EQ(charte->version(), 1);
  EXPECT_EQ(charte->text_sha256().size(), 64u);
  EXPECT_EQ(charte->policies_sha256().size(), 64u);
  EXPECT_NE(charte->text_sha256(), charte->policies_sha256());
  EXPECT_TRUE(charte->HasAction("dossier:lire"));
  EXPECT_FALSE(charte->HasAction("dossier:inventee"));
  EXPECT_TRUE(charte->IsNominative("Dossier"));
  EXPECT_FALSE(charte->IsNominative("Territoire"));
  EXPECT_EQ(charte->EnumValues("Classe").size(), 9u);
}

TEST(Charte, TheSourceFolderIsWhatIsEmbedded) {
  const std::filesystem::path folder =
      std::filesystem::path(__FILE__).parent_path().parent_path() / "charte";
  ASSERT_OK_AND_ASSIGN(CharteFiles files, ReadCharteFiles(folder.string()));
  CharteFiles embedded = EmbeddedCharteFiles();
  EXPECT_EQ(files.policies, embedded.policies);
  EXPECT_EQ(files.schema, embedded.schema);
  EXPECT_EQ(files.text, embedded.text);
  EXPECT_EQ(files.version, embedded.version);
}

TEST(Charte, AMissingFolderIsNamed) {
  absl::StatusOr<CharteFiles> files = ReadCharteFiles("/nonexistent/charte");
  EXPECT_EQ(files.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(files.status().message(), HasSubstr("/nonexistent/charte/version"));
}

TEST(Charte, AForbidWithoutMessageIsRefused) {
  CharteFiles files = EmbeddedCharteFiles();
  files.policies = absl::StrReplaceAll(
      files.policies, {{"@message(\"Les faits relèvent du registre du maire", "@note(\"x"}});
  absl::StatusOr<std::shared_ptr<const Charte>> charte = Charte::Load(files);
  EXPECT_EQ(charte.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(charte.status().message(), HasSubstr("« police-jamais-faits » n'a pas de @message"));
}

TEST(Charte, ADuplicateIdIsRefused) {
  CharteFiles files = EmbeddedCharteFiles();
  files.policies = absl::StrReplaceAll(files.policies,
                                       {{"@id(\"annuaire-sa-fiche\")", "@id(\"annuaire-catalogues\")"}});
  EXPECT_THAT(Charte::Load(files).status().message(),
              HasSubstr("@id « annuaire-catalogues » en double"));
}

TEST(Charte, APolicyThatDoesNotValidateIsRefusedWithItsPlace) {
  CharteFiles files = EmbeddedCharteFiles();
  files.policies += "\n@id(\"faute\")\npermit (principal, action, resource) when { principal.age > 3 };\n";
  absl::StatusOr<std::shared_ptr<const Charte>> charte = Charte::Load(files);
  EXPECT_EQ(charte.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(charte.status().message(), HasSubstr("« faute »"));
  EXPECT_THAT(charte.status().message(), HasSubstr("age"));
}

TEST(Charte, ABadVersionIsRefused) {
  CharteFiles files = EmbeddedCharteFiles();
  files.version = "# rien\ndeux\n";
  EXPECT_THAT(Charte::Load(files).status().message(), HasSubstr("version"));
}

}  // namespace
}  // namespace suivi::policy
