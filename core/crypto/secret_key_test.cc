#include "core/crypto/secret_key.h"

#include <string>

#include "gtest/gtest.h"

namespace suivi::crypto {
namespace {

TEST(SecretKey, ACopyKeepsTheMaterialAndTheSerial) {
  const SecretKey key = SecretKey::Generate();
  const SecretKey copy = key;
  SecretKey assigned;
  assigned = key;
  EXPECT_EQ(copy.view(), key.view());
  EXPECT_EQ(copy.serial(), key.serial());
  EXPECT_EQ(assigned.view(), key.view());
  EXPECT_EQ(assigned.serial(), key.serial());
}

TEST(SecretKey, KeysBuiltSeparatelyNeverShareASerial) {
  const std::string material(kKeyBytes, 'k');
  const SecretKey a(material);
  const SecretKey b(material);  // same bytes, another key object
  const SecretKey c = SecretKey::Generate();
  EXPECT_EQ(a.view(), b.view());
  EXPECT_NE(a.serial(), b.serial());
  EXPECT_NE(a.serial(), c.serial());
  EXPECT_NE(b.serial(), c.serial());
}

TEST(SecretKey, GeneratedKeysDiffer) {
  EXPECT_NE(SecretKey::Generate().view(), SecretKey::Generate().view());
}

}  // namespace
}  // namespace suivi::crypto
