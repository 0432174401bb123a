#include "core/store/record_key.h"

#include <string>

#include "absl/strings/match.h"
#include "core/common/status_matchers.h"
#include "gtest/gtest.h"

namespace suivi::store {
namespace {

using crypto::FieldClass;
using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;

RecordKey Key(std::string territory, std::string entity,
              FieldClass field_class = FieldClass::kIdentite) {
  return RecordKey{"persons", std::move(territory), std::move(entity), field_class};
}

TEST(RecordKey, EncodesTerritoryEntityAndClassCode) {
  EXPECT_EQ(Key("ame", "person/p1").Encode(),
            std::string("ame\0person/p1\0\x01", 15));
}

TEST(RecordKey, DecodesWhatItEncodes) {
  for (FieldClass field_class : crypto::kAllFieldClasses) {
    const RecordKey key = Key("grand-belfort", "case/c9/event/00000042", field_class);
    EXPECT_THAT(RecordKey::Decode("persons", key.Encode()), IsOkAndHolds(key));
  }
}

TEST(RecordKey, RefusesComponentsThatCouldHoldPersonalData) {
  const RecordKey invalid[] = {
      Key("", "person/p1"),           Key("ame", ""),
      Key("ame", "Lucas Martin"),     Key("ame", "person/hélène"),
      Key(std::string("a\0b", 3), "p1"),Key(std::string(65, 't'), "p"),
      Key("ame", std::string(513, 'e')),
      RecordKey{"", "ame", "p1", FieldClass::kIdentite},
      RecordKey{"persons", "ame", "p1", static_cast<FieldClass>(0)},
      RecordKey{"persons", "ame", "p1", static_cast<FieldClass>(10)},
  };
  for (const RecordKey& key : invalid) {
    EXPECT_THAT(key.Validate(), StatusIs(absl::StatusCode::kInvalidArgument))
        << key.territory << " / " << key.entity;
  }
  EXPECT_THAT(Key("ame", "case/01hx:v2/event-3_a.b").Validate(), IsOk());
}

TEST(RecordKey, ErrorMessagesDoNotRepeatTheRefusedValue) {
  absl::Status status = Key("ame", "Lucas Martin").Validate();
  EXPECT_FALSE(absl::StrContains(status.message(), "Lucas"));
}

TEST(RecordKey, MalformedEncodingIsDataLoss) {
  const std::string malformed[] = {
      "", "ame", std::string("ame\0p1", 6), std::string("ame\0p1\0", 7),
      std::string("ame\0p1\0\x0c", 8), std::string("\0p1\0\x01", 5),
      std::string("ame\0\0\x01", 6)};
  for (const std::string& encoded : malformed) {
    EXPECT_THAT(RecordKey::Decode("persons", encoded),
                StatusIs(absl::StatusCode::kDataLoss));
  }
}

TEST(RecordKey, ScanPrefixWithSlashSeparatesSiblingEntities) {
  const std::string prefix = EncodeScanPrefix("ame", "case/1/");
  EXPECT_TRUE(absl::StartsWith(Key("ame", "case/1/event/1").Encode(), prefix));
  EXPECT_FALSE(absl::StartsWith(Key("ame", "case/12/event/1").Encode(), prefix));
}

TEST(RecordKey, TerritoryPrefixDoesNotMatchALongerTerritory) {
  const std::string prefix = EncodeScanPrefix("ame", "");
  EXPECT_TRUE(absl::StartsWith(Key("ame", "p1").Encode(), prefix));
  EXPECT_FALSE(absl::StartsWith(Key("ame2", "p1").Encode(), prefix));
}

}  // namespace
}  // namespace suivi::store
