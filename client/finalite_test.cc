// Tests of client/finalite.h.

#include "client/finalite.h"

#include <iterator>
#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Finalite, TheClosedListWithItsIdsAndFrenchLabels) {
  const struct {
    Finalite finalite;
    const char* id;
    const char* label;
  } cases[] = {
      {Finalite::kSuiviIndividuel, "suivi_individuel", "suivi individuel"},
      {Finalite::kCoordination, "coordination", "coordination d'un groupe"},
      {Finalite::kStatistique, "statistique", "statistique"},
      {Finalite::kAdministration, "administration", "administration"},
      {Finalite::kControle, "controle", "contrôle (DPO)"},
      {Finalite::kExerciceDroits, "exercice_droits",
       "exercice des droits des personnes"},
  };
  EXPECT_EQ(AllFinalites().size(), std::size(cases));
  for (const auto& c : cases) {
    EXPECT_EQ(FinaliteId(c.finalite), c.id);
    EXPECT_EQ(FinaliteLabel(c.finalite), c.label);
    EXPECT_THAT(ParseFinalite(c.id), IsOkAndHolds(c.finalite)) << c.id;
  }
}

TEST(Finalite, AllFinalitesFollowsTheList) {
  EXPECT_THAT(AllFinalites(),
              ElementsAre(Finalite::kSuiviIndividuel, Finalite::kCoordination,
                          Finalite::kStatistique, Finalite::kAdministration,
                          Finalite::kControle, Finalite::kExerciceDroits));
  EXPECT_EQ(FinaliteIds(),
            "suivi_individuel, coordination, statistique, administration, "
            "controle, exercice_droits");
}

TEST(ParseFinalite, AnythingButAnExactIdIsRefusedWithTheValidOnes) {
  for (const char* bad : {"", "marketing", "Administration", " controle",
                          "contrôle", "suivi individuel", "statistiques"}) {
    EXPECT_THAT(ParseFinalite(bad),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("finalité inconnue : « " +
                                         std::string(bad) + " »"),
                               HasSubstr(FinaliteIds()))))
        << bad;
  }
}

}  // namespace
}  // namespace suivi::client
