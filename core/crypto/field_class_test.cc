// Tests of core/crypto/field_class.h: the nine field classes, their charte
// names and their on-disk codes.

#include "core/crypto/field_class.h"

#include <cstdint>
#include <iterator>
#include <set>
#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::crypto {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;

// The codes are written to disk (record keys, associated data) and listed
// in docs/formats/record-encryption.md: this table is their specification.
struct ClassCase {
  FieldClass field_class;
  uint8_t code;
  const char* name;
};

constexpr ClassCase kClasses[] = {
    {FieldClass::kIdentite, 1, "identite"},
    {FieldClass::kCoordonnees, 2, "coordonnees"},
    {FieldClass::kFaits, 3, "faits"},
    {FieldClass::kJudiciaireStatut, 4, "judiciaire_statut"},
    {FieldClass::kJudiciaireParquet, 5, "judiciaire_parquet"},
    {FieldClass::kScolaire, 6, "scolaire"},
    {FieldClass::kSituationSociale, 7, "situation_sociale"},
    {FieldClass::kDecision, 8, "decision"},
    {FieldClass::kAdministratif, 9, "administratif"},
};

TEST(FieldClass, CodesAreOneToNineInDeclaredOrder) {
  ASSERT_EQ(std::size(kAllFieldClasses), std::size(kClasses));
  for (size_t i = 0; i < std::size(kAllFieldClasses); ++i) {
    EXPECT_EQ(kAllFieldClasses[i], kClasses[i].field_class) << "position " << i;
    EXPECT_EQ(static_cast<uint8_t>(kAllFieldClasses[i]), i + 1) << "position " << i;
    EXPECT_EQ(static_cast<uint8_t>(kClasses[i].field_class), kClasses[i].code)
        << kClasses[i].name;
  }
}

TEST(FieldClass, EveryClassHasItsCharteName) {
  for (const ClassCase& c : kClasses) {
    EXPECT_EQ(FieldClassName(c.field_class), c.name);
  }
}

TEST(FieldClass, NamesAreDistinct) {
  std::set<std::string> names;
  for (FieldClass field_class : kAllFieldClasses) {
    names.insert(std::string(FieldClassName(field_class)));
  }
  EXPECT_EQ(names.size(), std::size(kAllFieldClasses));
}

TEST(FieldClass, NamesRoundTrip) {
  for (const ClassCase& c : kClasses) {
    EXPECT_THAT(ParseFieldClass(c.name), IsOkAndHolds(c.field_class)) << c.name;
    EXPECT_THAT(ParseFieldClass(FieldClassName(c.field_class)),
                IsOkAndHolds(c.field_class))
        << c.name;
  }
}

TEST(FieldClass, CodesRoundTrip) {
  for (const ClassCase& c : kClasses) {
    EXPECT_THAT(FieldClassFromCode(c.code), IsOkAndHolds(c.field_class)) << c.name;
    EXPECT_THAT(FieldClassFromCode(static_cast<uint8_t>(c.field_class)),
                IsOkAndHolds(c.field_class))
        << c.name;
  }
}

TEST(FieldClass, UnknownNameIsInvalidArgument) {
  for (const char* name :
       {"", "Identite", "IDENTITE", "identité", "identite ", " identite",
        "judiciaire", "judiciaire-parquet", "inconnue", "sante"}) {
    EXPECT_THAT(ParseFieldClass(name),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << "« " << name << " »";
  }
}

TEST(FieldClass, UnknownNameIsQuotedInTheMessage) {
  EXPECT_THAT(ParseFieldClass("sante"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sante")));
}

TEST(FieldClass, UnknownCodeIsInvalidArgument) {
  for (int code : {0, 10, 11, 42, 127, 128, 255}) {
    EXPECT_THAT(FieldClassFromCode(static_cast<uint8_t>(code)),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << "code " << code;
  }
}

TEST(FieldClass, EveryByteIsEitherAClassOrRefused) {
  int known = 0;
  for (int code = 0; code <= 255; ++code) {
    auto parsed = FieldClassFromCode(static_cast<uint8_t>(code));
    if (code >= 1 && code <= 9) {
      EXPECT_THAT(parsed, IsOkAndHolds(kAllFieldClasses[code - 1])) << code;
      ++known;
    } else {
      EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument)) << code;
    }
  }
  EXPECT_EQ(known, 9);
}

}  // namespace
}  // namespace suivi::crypto
