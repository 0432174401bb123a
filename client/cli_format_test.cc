// Tests of client/cli_format.h: labels, dates and aligned output.

#include "client/cli_format.h"

#include <sstream>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::client::cli {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

const google::protobuf::EnumDescriptor* OrganisationTypes() {
  return v1::OrganisationType_descriptor();
}

TEST(EnumLabel, IsTheLowercaseSuffix) {
  EXPECT_EQ(
      EnumLabel(OrganisationTypes(), v1::ORGANISATION_TYPE_POLICE_MUNICIPALE),
      "police_municipale");
  EXPECT_EQ(
      EnumLabel(v1::BasisKind_descriptor(), v1::BASIS_KIND_ARRETE_DELEGATION),
      "arrete_delegation");
  EXPECT_EQ(EnumLabel(OrganisationTypes(), v1::ORGANISATION_TYPE_UNSPECIFIED),
            "");
  EXPECT_EQ(EnumLabel(OrganisationTypes(), 999), "999");
}

TEST(EnumLabels, LeaveOutUnspecified) {
  const std::vector<std::string> labels =
      EnumLabels(v1::RevocationReason_descriptor());
  EXPECT_THAT(labels, Contains("cle_compromise"));
  EXPECT_THAT(labels, Not(Contains("unspecified")));
  EXPECT_EQ(labels.size(), 4u);
}

TEST(ParseEnumLabel, AcceptsAnyCaseAndListsChoicesOnError) {
  EXPECT_THAT(ParseEnumLabel(OrganisationTypes(), "Police_Municipale"),
              IsOkAndHolds(v1::ORGANISATION_TYPE_POLICE_MUNICIPALE));
  EXPECT_THAT(ParseEnumLabel(OrganisationTypes(), "unspecified"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseEnumLabel(OrganisationTypes(), "pompiers"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mairie, epci, police_municipale")));
}

TEST(FrenchDateTime, ShowsUtcTimestampsInParisTime) {
  EXPECT_EQ(FrenchDateTime("2026-11-24T13:05:00Z"), "24/11/2026 14:05");
  EXPECT_EQ(FrenchDateTime("2026-07-14T22:30:00Z"), "15/07/2026 00:30");
  EXPECT_EQ(FrenchDateTime("2026-11-24"), "2026-11-24");
  EXPECT_EQ(FrenchDateTime(""), "");
}

TEST(FrenchDate, TurnsIsoDaysAround) {
  EXPECT_EQ(FrenchDate("2026-11-24"), "24/11/2026");
  EXPECT_EQ(FrenchDate("2026-11-24T13:00:00Z"), "2026-11-24T13:00:00Z");
  EXPECT_EQ(FrenchDate(""), "");
}

TEST(Period, SaysFromAndTo) {
  EXPECT_EQ(Period("2024-01-01", "2026-12-31"), "du 01/01/2024 au 31/12/2026");
  EXPECT_EQ(Period("2024-01-01", ""), "depuis le 01/01/2024");
  EXPECT_EQ(Period("", ""), "");
}

TEST(PrintTable, AlignsOnCharactersNotBytes) {
  std::ostringstream out;
  PrintTable(out, {"Rôle", "Territoire"},
             {{"élu", "ame"}, {"adjoint_delegue", ""}});
  EXPECT_EQ(out.str(),
            "Rôle             Territoire\n"
            "élu              ame\n"
            "adjoint_delegue\n");
}

TEST(PrintTable, SaysWhenEmpty) {
  std::ostringstream out;
  PrintTable(out, {"Rôle"}, {});
  EXPECT_EQ(out.str(), "(aucun)\n");
}

TEST(PrintFields, AlignsLabelsAndSkipsEmptyValues) {
  std::ostringstream out;
  PrintFields(out, {{"Territoire", "ame"}, {"Commune", ""}, {"Rôle", "maire"}});
  EXPECT_EQ(out.str(), "Territoire : ame\nRôle       : maire\n");
}

TEST(PrintJson, WritesOneDocument) {
  v1::User user;
  user.set_id("agent-1");
  user.set_organisation_id("ame");
  std::ostringstream out;
  PrintJson(out, user);
  EXPECT_THAT(out.str(), HasSubstr("\"organisationId\": \"ame\""));
  EXPECT_EQ(out.str().back(), '\n');
}

}  // namespace
}  // namespace suivi::client::cli
