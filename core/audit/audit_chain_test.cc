#include "core/audit/audit_chain.h"

#include <openssl/evp.h>

#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/escaping.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::audit {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::Optional;

TEST(AuditChain, ChainEntitiesSortLikeTheirSequences) {
  EXPECT_EQ(ChainEntity(42), "chaine/00000000000000000042");
  EXPECT_EQ(ChainEntity(std::numeric_limits<uint64_t>::max()),
            "chaine/18446744073709551615");
  EXPECT_LT(ChainEntity(9), ChainEntity(10));
  EXPECT_LT(ChainEntity(99'999), ChainEntity(100'000));
}

TEST(AuditChain, OnlyChainEntitiesParse) {
  EXPECT_THAT(ParseChainEntity(ChainEntity(7)), Optional(7u));
  EXPECT_THAT(ParseChainEntity(ChainEntity(std::numeric_limits<uint64_t>::max())),
              Optional(std::numeric_limits<uint64_t>::max()));
  for (const char* entity : {"tete", "cle", "chaine/", "chaine/7",
                             "chaine/0000000000000000007x", "chaine/+0000000000000000007",
                             "chaine/000000000000000000007", "chaine/99999999999999999999",
                             "autre/00000000000000000007"}) {
    EXPECT_EQ(ParseChainEntity(entity), std::nullopt) << entity;
  }
}

TEST(AuditChain, KeysAreValidAdministrativeKeysOfTheAuditFamily) {
  for (const store::RecordKey& key : {ChainKey(1), HeadKey(), KeyRecordKey()}) {
    EXPECT_TRUE(key.Validate().ok()) << key.entity;
    EXPECT_EQ(key.family, kAuditFamily);
    EXPECT_EQ(key.territory, kAuditTerritory);
    EXPECT_EQ(key.field_class, crypto::FieldClass::kAdministratif);
  }
}

TEST(AuditChain, HeadRoundTripsInFortyOneBytes) {
  const AuditHead head{123'456, std::string(kHashBytes, '\x5a')};
  const std::string encoded = EncodeHead(head);
  EXPECT_EQ(encoded.size(), 41u);
  EXPECT_THAT(DecodeHead(encoded), IsOkAndHolds(head));
}

TEST(AuditChain, MalformedHeadIsDataLoss) {
  const std::string good = EncodeHead(AuditHead{3, std::string(kHashBytes, 'h')});
  std::string other_format = good;
  other_format[0] = 2;
  for (const std::string& bad : {std::string(), good.substr(0, 40), good + "x",
                                 other_format}) {
    EXPECT_THAT(DecodeHead(bad), StatusIs(absl::StatusCode::kDataLoss));
  }
}

TEST(AuditChain, HashIsSha256OfPreviousHashThenBytes) {
  // SHA-256("abc"), split across the two parts.
  EXPECT_THAT(ChainHash("a", "bc"),
              IsOkAndHolds(absl::HexStringToBytes(
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
  EXPECT_THAT(ChainHash("", ""),
              IsOkAndHolds(absl::HexStringToBytes(
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")));
}

TEST(AuditChain, SerializationIsTheProtobufWireFormat) {
  v1::AuditRecord record;
  record.set_sequence(5);
  record.set_method("/suivi.v1.Dossiers/Lire");
  record.add_decisions()->set_action("dossier:lire");
  record.set_batch_item(-1);
  ASSERT_OK_AND_ASSIGN(std::string bytes, SerializeRecord(record));
  v1::AuditRecord parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.SerializeAsString(), record.SerializeAsString());
  EXPECT_THAT(SerializeRecord(parsed), IsOkAndHolds(bytes));
}

}  // namespace
}  // namespace suivi::audit
