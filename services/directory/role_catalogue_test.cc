// Tests of services/directory/role_catalogue.h: the built-in catalogue,
// and what Parse refuses.

#include "services/directory/role_catalogue.h"

#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::directory {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::ElementsAre;

TEST(RoleCatalogue, TheDefaultCatalogueParsesAndHoldsTheRolesTheServerNeeds) {
  ASSERT_OK_AND_ASSIGN(const RoleCatalogue catalogue, RoleCatalogue::Default());
  struct Expected {
    const char* id;
    v1::RoleScope scope;
    bool requires_basis;
  };
  for (const Expected& e : {
           Expected{"admin", v1::ROLE_SCOPE_TERRITORY, false},
           Expected{"maire", v1::ROLE_SCOPE_COMMUNE, false},
           Expected{"adjoint_delegue", v1::ROLE_SCOPE_COMMUNE, true},
           Expected{"cpip", v1::ROLE_SCOPE_TERRITORY, false},
           Expected{"dpo", v1::ROLE_SCOPE_TERRITORY, false},
       }) {
    SCOPED_TRACE(e.id);
    const v1::Role* role = catalogue.Find(e.id);
    ASSERT_NE(role, nullptr);
    EXPECT_EQ(role->id(), e.id);
    EXPECT_EQ(role->scope(), e.scope);
    EXPECT_EQ(role->requires_basis(), e.requires_basis);
    EXPECT_FALSE(role->label().empty());
  }
  EXPECT_THAT(catalogue.Find("maire")->organisation_types(),
              ElementsAre(v1::ORGANISATION_TYPE_MAIRIE));
  EXPECT_THAT(catalogue.Find("cpip")->organisation_types(),
              ElementsAre(v1::ORGANISATION_TYPE_SPIP));
  // Administrators and DPOs may come from any organisation.
  EXPECT_TRUE(catalogue.Find("admin")->organisation_types().empty());
  EXPECT_TRUE(catalogue.Find("dpo")->organisation_types().empty());
}

TEST(RoleCatalogue, FindsEveryRoleOfTheCatalogueAndNothingElse) {
  ASSERT_OK_AND_ASSIGN(const RoleCatalogue catalogue, RoleCatalogue::Default());
  ASSERT_GT(catalogue.proto().roles_size(), 0);
  for (const v1::Role& role : catalogue.proto().roles()) {
    EXPECT_EQ(catalogue.Find(role.id()), &role) << role.id();
  }
  EXPECT_EQ(catalogue.Find(""), nullptr);
  EXPECT_EQ(catalogue.Find("Maire"), nullptr);
  EXPECT_EQ(catalogue.Find("sherif"), nullptr);
}

TEST(RoleCatalogue, ACopyFindsItsOwnRoles) {
  ASSERT_OK_AND_ASSIGN(RoleCatalogue original, RoleCatalogue::Default());
  const RoleCatalogue copy = original;
  original = RoleCatalogue();
  ASSERT_NE(copy.Find("maire"), nullptr);
  EXPECT_EQ(copy.Find("maire")->label(), "Maire");
  EXPECT_EQ(original.Find("maire"), nullptr);
}

TEST(RoleCatalogue, ParseRefusesWhatCannotBeACatalogue) {
  struct Row {
    const char* name;
    std::string textproto;
    // What the message must say.
    const char* says;
  };
  const std::vector<Row> rows = {
      {"unparsable text", "roles { id: \"maire\" label: ", "illisible"},
      {"unknown field", "roles { id: \"maire\" label: \"Maire\" portee: 2 }", "illisible"},
      {"duplicate id",
       "roles { id: \"maire\" label: \"Maire\" scope: ROLE_SCOPE_COMMUNE }\n"
       "roles { id: \"maire\" label: \"Maire bis\" scope: ROLE_SCOPE_TERRITORY }",
       "deux fois"},
      {"missing scope", "roles { id: \"maire\" label: \"Maire\" }", "scope"},
      {"missing id", "roles { label: \"Maire\" scope: ROLE_SCOPE_COMMUNE }", "role.id"},
      {"id with a space", "roles { id: \"mon role\" label: \"Maire\" scope: ROLE_SCOPE_COMMUNE }",
       "role.id"},
      {"reserved id", "roles { id: \"_admin\" label: \"Admin\" scope: ROLE_SCOPE_TERRITORY }",
       "role.id"},
      {"missing label", "roles { id: \"maire\" scope: ROLE_SCOPE_COMMUNE }", "role.label"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_THAT(RoleCatalogue::Parse(row.textproto),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(row.says)));
  }
}

TEST(RoleCatalogue, ParseAcceptsASmallValidCatalogue) {
  ASSERT_OK_AND_ASSIGN(
      const RoleCatalogue catalogue,
      RoleCatalogue::Parse("roles { id: \"maire\" label: \"Maire\" scope: ROLE_SCOPE_COMMUNE "
                           "organisation_types: [ORGANISATION_TYPE_MAIRIE] }\n"
                           "roles { id: \"admin\" label: \"Admin\" scope: ROLE_SCOPE_TERRITORY }"));
  EXPECT_EQ(catalogue.proto().roles_size(), 2);
  ASSERT_NE(catalogue.Find("admin"), nullptr);
  EXPECT_EQ(catalogue.Find("admin")->scope(), v1::ROLE_SCOPE_TERRITORY);
  EXPECT_THAT(RoleCatalogue::Parse(""), IsOk()) << "an empty catalogue is a catalogue";
}

}  // namespace
}  // namespace suivi::directory
