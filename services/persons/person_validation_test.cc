#include "services/persons/person_validation.h"

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::persons {
namespace {

using ::suivi::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const DayNumber kToday = ToDayNumber(absl::CivilDay(2026, 11, 24));

v1::Identite Lucas() {
  v1::Identite identite;
  identite.set_nom("Martin");
  identite.add_prenoms("Lucas");
  identite.set_date_naissance("2012-03-04");
  return identite;
}

TEST(PersonValidation, AnOrdinaryIdentityIsValid) {
  EXPECT_OK(ValidateIdentite(Lucas(), kToday));
  v1::Identite compound = Lucas();
  compound.set_nom("N'Diaye-Le Goff");
  compound.set_prenoms(0, "Jean-Hélène");
  EXPECT_OK(ValidateIdentite(compound, kToday));
}

TEST(PersonValidation, EachMissingOrMalformedFieldIsNamedWithoutItsValue) {
  v1::Identite identite = Lucas();
  identite.set_nom("   ");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("identite.nom")));

  identite = Lucas();
  identite.clear_prenoms();
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("identite.prenoms")));

  identite = Lucas();
  identite.set_nom("Mar\ttin");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("contrôle"), Not(HasSubstr("Mar")))));

  identite = Lucas();
  identite.set_nom(std::string(101, 'a'));
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("100 caractères")));

  identite = Lucas();
  identite.set_nom("--");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("lettre")));
}

TEST(PersonValidation, LimitsCountCharactersNotBytes) {
  v1::Identite identite = Lucas();
  std::string nom;
  for (int i = 0; i < 100; ++i) nom += "é";  // 200 bytes, 100 characters
  identite.set_nom(nom);
  EXPECT_OK(ValidateIdentite(identite, kToday));
}

TEST(PersonValidation, TheBirthDateIsARealPastDate) {
  v1::Identite identite = Lucas();
  identite.set_date_naissance("04/03/2012");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("AAAA-MM-JJ")));
  identite.set_date_naissance("2011-02-29");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument));
  identite.set_date_naissance("2026-11-25");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("futur")));
  identite.set_date_naissance("1899-12-31");
  EXPECT_THAT(ValidateIdentite(identite, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1900")));
  identite.set_date_naissance("2026-11-24");
  EXPECT_OK(ValidateIdentite(identite, kToday));
}

TEST(PersonValidation, AnAddressHasBoundedLinesAndAFiveDigitPostcode) {
  v1::Coordonnees c;
  EXPECT_OK(ValidateCoordonnees(c));  // unknown address
  c.add_adresse("12 rue des Lilas");
  c.set_code_postal("45200");
  c.set_ville("Montargis");
  EXPECT_OK(ValidateCoordonnees(c));
  c.set_code_postal("4520");
  EXPECT_THAT(ValidateCoordonnees(c),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code_postal")));
  c.set_code_postal("45200");
  c.add_adresse("Bâtiment C");
  c.add_adresse("Escalier 2");
  c.add_adresse("Porte 3");
  EXPECT_THAT(ValidateCoordonnees(c),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("3 lignes")));
}

TEST(PersonValidation, AgeAndMinorityAreTakenOnTheDateAsked) {
  const v1::Identite lucas = Lucas();  // born 2012-03-04
  v1::AgeALaDate at_facts = AgeAt(lucas, ToDayNumber(absl::CivilDay(2026, 11, 24)));
  EXPECT_EQ(at_facts.ans(), 14);
  EXPECT_TRUE(at_facts.mineur());
  EXPECT_EQ(at_facts.date(), "2026-11-24");
  // The day before the 18th birthday, and the day itself.
  EXPECT_TRUE(AgeAt(lucas, ToDayNumber(absl::CivilDay(2030, 3, 3))).mineur());
  v1::AgeALaDate adult = AgeAt(lucas, ToDayNumber(absl::CivilDay(2030, 3, 4)));
  EXPECT_EQ(adult.ans(), 18);
  EXPECT_FALSE(adult.mineur());

  v1::Identite leap = Lucas();
  leap.set_date_naissance("2008-02-29");
  EXPECT_EQ(AgeAt(leap, ToDayNumber(absl::CivilDay(2026, 2, 28))).ans(), 17);
  EXPECT_EQ(AgeAt(leap, ToDayNumber(absl::CivilDay(2026, 3, 1))).ans(), 18);
}

TEST(PersonValidation, AnOptionalDateFallsBackWhenEmpty) {
  EXPECT_THAT(OptionalDay("", "date_reference", 42), ::suivi::testing::IsOkAndHolds(42));
  EXPECT_THAT(OptionalDay("2026-01-02", "date_reference", 42),
              ::suivi::testing::IsOkAndHolds(ToDayNumber(absl::CivilDay(2026, 1, 2))));
  EXPECT_THAT(OptionalDay("demain", "date_reference", 42),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("date_reference")));
}

}  // namespace
}  // namespace suivi::persons
