// Tests of core/crypto/sealed_record.h: a value sealed for one place and
// one key opens there only.

#include "core/crypto/sealed_record.h"

#include <cstdint>
#include <string>

#include "core/common/status_matchers.h"
#include "core/crypto/aead.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::crypto {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::Eq;

constexpr absl::string_view kKeyId = "01hx7q3m9k2v8c4n6p0r5t1w3y";  // 26 chars
constexpr absl::string_view kPlaintext = "Lucas Martin, 14 ans";

DataKey MakeKey(absl::string_view id = kKeyId, uint32_t version = 1,
                const SecretKey& material = SecretKey::Generate()) {
  DataKey key;
  key.id = std::string(id);
  key.version = version;
  key.controller = "commune-montargis";
  key.key = material;
  return key;
}

RecordContext Here() {
  RecordContext where;
  where.territory = "ame";
  where.column_family = "persons";
  where.record_key = absl::string_view("ame\0person/01hx\0\x01", 18);
  where.field_class = FieldClass::kIdentite;
  return where;
}

std::string Seal(const DataKey& key, const RecordContext& where,
                 absl::string_view plaintext = kPlaintext) {
  absl::StatusOr<std::string> sealed = SealRecord(key, where, plaintext);
  EXPECT_OK(sealed.status());
  return sealed.ok() ? *sealed : std::string();
}

size_t HeaderSize(const DataKey& key) { return 1 + 1 + key.id.size() + 4; }

TEST(SealedRecord, RoundTrips) {
  const DataKey key = MakeKey();
  for (absl::string_view plaintext :
       {absl::string_view(""), absl::string_view("x"), kPlaintext,
        absl::string_view("\0\xff\0", 3)}) {
    const std::string sealed = Seal(key, Here(), plaintext);
    EXPECT_THAT(OpenRecord(key, Here(), sealed), IsOkAndHolds(Eq(plaintext)));
  }
}

TEST(SealedRecord, EveryFieldClassRoundTrips) {
  const DataKey key = MakeKey();
  for (FieldClass field_class : kAllFieldClasses) {
    RecordContext where = Here();
    where.field_class = field_class;
    EXPECT_THAT(OpenRecord(key, where, Seal(key, where)),
                IsOkAndHolds(Eq(kPlaintext)))
        << FieldClassName(field_class);
  }
}

TEST(SealedRecord, OverheadIsHeaderPlusNoncePlusTag) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  EXPECT_EQ(sealed.size(), 2 + kKeyId.size() + 4 + 12 + kPlaintext.size() + 16);
  // 60 bytes with a 26-character id, as docs/formats/record-encryption.md says.
  EXPECT_EQ(sealed.size() - kPlaintext.size(), 60u);
}

TEST(SealedRecord, HeaderIsFormatKeyIdAndVersionInClear) {
  const DataKey key = MakeKey(kKeyId, 7);
  const std::string sealed = Seal(key, Here());
  ASSERT_OK_AND_ASSIGN(SealedHeader header, ParseSealedHeader(sealed));
  EXPECT_EQ(header.format, 1);
  EXPECT_EQ(header.format, kSealedRecordFormat);
  EXPECT_EQ(header.key_id, kKeyId);
  EXPECT_EQ(header.key_version, 7u);
  // The bytes themselves: u8 format, u8 id length, id, u32 little-endian.
  ASSERT_GE(sealed.size(), HeaderSize(key));
  EXPECT_EQ(sealed[0], '\x01');
  EXPECT_EQ(static_cast<uint8_t>(sealed[1]), kKeyId.size());
  EXPECT_EQ(sealed.substr(2, kKeyId.size()), kKeyId);
  EXPECT_EQ(sealed.substr(2 + kKeyId.size(), 4), std::string("\x07\0\0\0", 4));
}

TEST(SealedRecord, PlaintextIsNotInTheSealedBytes) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  EXPECT_EQ(sealed.find("Lucas"), std::string::npos);
}

TEST(SealedRecord, TwoSealsOfTheSameValueDiffer) {
  const DataKey key = MakeKey();
  EXPECT_NE(Seal(key, Here()), Seal(key, Here()));
}

TEST(SealedRecord, FlippedByteAnywhereIsDataLoss) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here(), "Lucas M.");
  for (size_t pos = 0; pos < sealed.size(); ++pos) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string tampered = sealed;
      tampered[pos] = static_cast<char>(tampered[pos] ^ mask);
      EXPECT_THAT(OpenRecord(key, Here(), tampered),
                  StatusIs(absl::StatusCode::kDataLoss))
          << "byte " << pos << " xor " << static_cast<int>(mask);
    }
  }
  EXPECT_THAT(OpenRecord(key, Here(), sealed), IsOkAndHolds(Eq("Lucas M.")));
}

// Each case changes one thing about where or how the value is opened.
struct MoveCase {
  const char* what;
  void (*move)(RecordContext* where);
};

TEST(SealedRecord, ValueMovedElsewhereIsDataLoss) {
  const MoveCase cases[] = {
      {"another record key",
       [](RecordContext* w) {
         w->record_key = absl::string_view("ame\0person/01hy\0\x01", 18);
       }},
      {"record key one byte shorter",
       [](RecordContext* w) { w->record_key.remove_suffix(1); }},
      {"another territory", [](RecordContext* w) { w->territory = "amf"; }},
      {"empty territory", [](RecordContext* w) { w->territory = ""; }},
      {"another column family", [](RecordContext* w) { w->column_family = "cases"; }},
      {"another field class",
       [](RecordContext* w) { w->field_class = FieldClass::kJudiciaireParquet; }},
      {"neighbouring field class",
       [](RecordContext* w) { w->field_class = FieldClass::kCoordonnees; }},
      // Length prefixes keep the fields apart: bytes moved from one field to
      // the next do not give the same associated data.
      {"territory and column family run together",
       [](RecordContext* w) {
         w->territory = "amep";
         w->column_family = "ersons";
       }},
  };
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  for (const MoveCase& c : cases) {
    RecordContext elsewhere = Here();
    c.move(&elsewhere);
    EXPECT_THAT(OpenRecord(key, elsewhere, sealed),
                StatusIs(absl::StatusCode::kDataLoss))
        << c.what;
  }
  EXPECT_THAT(OpenRecord(key, Here(), sealed), IsOkAndHolds(Eq(kPlaintext)));
}

TEST(SealedRecord, ValueMovedToAnotherTerritoryIsDataLoss) {
  const DataKey key = MakeKey();
  RecordContext montargis = Here();
  montargis.territory = "montargis";
  RecordContext orleans = Here();
  orleans.territory = "orleans";
  EXPECT_THAT(OpenRecord(key, orleans, Seal(key, montargis)),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SealedRecord, EveryOtherFieldClassIsDataLoss) {
  const DataKey key = MakeKey();
  for (FieldClass sealed_as : kAllFieldClasses) {
    RecordContext where = Here();
    where.field_class = sealed_as;
    const std::string sealed = Seal(key, where);
    for (FieldClass opened_as : kAllFieldClasses) {
      if (opened_as == sealed_as) continue;
      RecordContext other = where;
      other.field_class = opened_as;
      EXPECT_THAT(OpenRecord(key, other, sealed),
                  StatusIs(absl::StatusCode::kDataLoss))
          << FieldClassName(sealed_as) << " opened as " << FieldClassName(opened_as);
    }
  }
}

TEST(SealedRecord, OpenedWithAnotherKeyIsDataLoss) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  const DataKey other_id = MakeKey("01hx7q3m9k2v8c4n6p0r5t1w3z", 1, key.key);
  EXPECT_THAT(OpenRecord(other_id, Here(), sealed),
              StatusIs(absl::StatusCode::kDataLoss));
  const DataKey other_material = MakeKey(kKeyId, 1, SecretKey::Generate());
  EXPECT_THAT(OpenRecord(other_material, Here(), sealed),
              StatusIs(absl::StatusCode::kDataLoss));
  const DataKey other_version = MakeKey(kKeyId, 2, key.key);
  EXPECT_THAT(OpenRecord(other_version, Here(), sealed),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(OpenRecord(key, Here(), sealed), IsOkAndHolds(Eq(kPlaintext)));
}

TEST(SealedRecord, RelabelledHeaderIsDataLoss) {
  // An attacker rewrites the clear header to name another key (same
  // material, so only the associated data can tell).
  const DataKey key = MakeKey(kKeyId, 1);
  const std::string sealed = Seal(key, Here());
  const DataKey relabelled_key = MakeKey(kKeyId, 2, key.key);
  std::string relabelled = sealed;
  relabelled[2 + kKeyId.size()] = '\x02';
  ASSERT_OK_AND_ASSIGN(SealedHeader header, ParseSealedHeader(relabelled));
  ASSERT_EQ(header.key_version, 2u);
  EXPECT_THAT(OpenRecord(relabelled_key, Here(), relabelled),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SealedRecord, TruncatedHeaderIsDataLoss) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  for (size_t n = 0; n < HeaderSize(key); ++n) {
    const std::string truncated = sealed.substr(0, n);
    EXPECT_THAT(ParseSealedHeader(truncated), StatusIs(absl::StatusCode::kDataLoss))
        << n << " bytes";
    EXPECT_THAT(OpenRecord(key, Here(), truncated),
                StatusIs(absl::StatusCode::kDataLoss))
        << n << " bytes";
  }
}

TEST(SealedRecord, TruncatedBodyIsDataLoss) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  for (size_t n = HeaderSize(key); n < sealed.size(); ++n) {
    EXPECT_THAT(OpenRecord(key, Here(), sealed.substr(0, n)),
                StatusIs(absl::StatusCode::kDataLoss))
        << n << " bytes";
  }
}

TEST(SealedRecord, KeyIdLengthPastTheEndIsDataLoss) {
  const DataKey key = MakeKey();
  std::string sealed = Seal(key, Here());
  sealed[1] = static_cast<char>(0xFF);
  sealed.resize(HeaderSize(key));
  EXPECT_THAT(ParseSealedHeader(sealed), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(SealedRecord, UnknownFormatVersionIsDataLoss) {
  const DataKey key = MakeKey();
  const std::string sealed = Seal(key, Here());
  for (int format : {0, 2, 3, 0x7F, 0x80, 0xFF}) {
    std::string future = sealed;
    future[0] = static_cast<char>(format);
    EXPECT_THAT(ParseSealedHeader(future), StatusIs(absl::StatusCode::kDataLoss))
        << "format " << format;
    EXPECT_THAT(OpenRecord(key, Here(), future), StatusIs(absl::StatusCode::kDataLoss))
        << "format " << format;
  }
}

TEST(SealedRecord, SealRejectsAnInvalidKeyId) {
  const DataKey valid = MakeKey();
  for (const std::string& id :
       {std::string(), std::string("a b"), std::string("clé"),
        std::string("a\0b", 3), std::string("a\nb"), std::string("a#b"),
        std::string(kMaxKeyIdBytes + 1, 'k'), std::string(256, 'k'),
        std::string(300, 'k')}) {
    DataKey key = valid;
    key.id = id;
    EXPECT_THAT(SealRecord(key, Here(), kPlaintext),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << "id of " << id.size() << " bytes « " << id << " »";
  }
}

TEST(SealedRecord, LongestKeyIdRoundTrips) {
  const std::string id(kMaxKeyIdBytes, 'k');
  const DataKey key = MakeKey(id);
  const std::string sealed = Seal(key, Here());
  ASSERT_OK_AND_ASSIGN(SealedHeader header, ParseSealedHeader(sealed));
  EXPECT_EQ(header.key_id, id);
  EXPECT_THAT(OpenRecord(key, Here(), sealed), IsOkAndHolds(Eq(kPlaintext)));
}

TEST(SealedRecord, KeyIdsWithEveryAllowedCharacterRoundTrip) {
  const DataKey key = MakeKey("Ab9_-.:/z");
  EXPECT_THAT(OpenRecord(key, Here(), Seal(key, Here())), IsOkAndHolds(Eq(kPlaintext)));
}

}  // namespace
}  // namespace suivi::crypto
