#include "core/common/ids.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace suivi {
namespace {

// Lowercase Crockford base32: digits and letters without i, l, o, u.
constexpr absl::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

TEST(NewRandomId, HasTwentySixCharacters) {
  EXPECT_EQ(kRandomIdLength, 26u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(NewRandomId().size(), kRandomIdLength);
  }
}

TEST(NewRandomId, UsesOnlyLowercaseCrockfordBase32) {
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewRandomId();
    for (char c : id) {
      ASSERT_NE(kAlphabet.find(c), absl::string_view::npos)
          << "'" << c << "' in " << id;
    }
  }
}

TEST(NewRandomId, UsesEveryCharacterOfTheAlphabet) {
  // 2,000 ids give 50,000 characters in the first 25 positions, each of the
  // 32 characters expected about 1,560 times: missing one means a biased or
  // broken encoding, not bad luck.
  std::set<char> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = NewRandomId();
    seen.insert(id.begin(), id.end() - 1);
  }
  EXPECT_EQ(std::string(seen.begin(), seen.end()), std::string(kAlphabet));
}

TEST(NewRandomId, LastCharacterCarriesTheLastThreeBitsOfOneHundredTwentyEight) {
  // 26 × 5 = 130 bits: the last character holds 3 random bits and 2 zero
  // padding bits, so its value is a multiple of 4.
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewRandomId();
    const size_t value = kAlphabet.find(id.back());
    ASSERT_NE(value, absl::string_view::npos);
    ASSERT_EQ(value % 4, 0u) << id;
  }
}

TEST(NewRandomId, TenThousandIdsAreAllDistinct) {
  constexpr int kCount = 10000;
  std::set<std::string> ids;
  for (int i = 0; i < kCount; ++i) ids.insert(NewRandomId());
  EXPECT_EQ(ids.size(), static_cast<size_t>(kCount));
}

TEST(NewRandomId, IsAValidId) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewRandomId();
    EXPECT_TRUE(IsValidId(id)) << id;
  }
}

TEST(RandomBytes, ReturnsTheRequestedNumberOfBytes) {
  for (size_t n : {0u, 1u, 16u, 32u, 1000u}) {
    EXPECT_EQ(RandomBytes(n).size(), n);
  }
}

TEST(RandomBytes, TwoDrawsDiffer) {
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(RandomBytes, IsNotAllZero) {
  // The string starts as n NUL bytes; 64 of them surviving means the
  // generator never wrote.
  EXPECT_NE(RandomBytes(64), std::string(64, '\0'));
}

struct IdCase {
  const char* what;
  std::string id;
  bool valid;
};

TEST(IsValidId, AcceptsOnlyTheAllowedCharactersAndLengths) {
  const std::vector<IdCase> cases = {
      {"lowercase letters", "abc", true},
      {"uppercase letters", "ABC", true},
      {"digits", "0123456789", true},
      {"one character", "a", true},
      {"underscore", "a_b", true},
      {"hyphen", "a-b", true},
      {"dot", "a.b", true},
      {"colon", "person:01", true},
      {"slash, allowed in store keys", "cases/2026/x1", true},
      {"exactly 128 characters", std::string(128, 'a'), true},
      {"empty", "", false},
      {"129 characters", std::string(129, 'a'), false},
      {"space", "a b", false},
      {"leading space", " ab", false},
      {"tab", "a\tb", false},
      {"newline", "ab\n", false},
      {"NUL", std::string("a\0b", 3), false},
      {"only a NUL", std::string(1, '\0'), false},
      {"accented letter", "h\xc3\xa9l\xc3\xa8ne", false},  // hélène
      {"accented capital", "\xc3\x89", false},               // É
      {"lone high byte", "a\xff", false},
      {"backslash", "a\\b", false},
      {"plus", "a+b", false},
      {"at sign", "a@b", false},
      {"percent", "a%2F", false},
      {"quote", "a'b", false},
      {"comma", "a,b", false},
      {"DEL", "a\x7f", false},
  };
  for (const IdCase& c : cases) {
    EXPECT_EQ(IsValidId(c.id), c.valid) << c.what;
  }
}

TEST(IsValidId, HonoursACustomMaximumLength) {
  EXPECT_TRUE(IsValidId("abc", 3));
  EXPECT_FALSE(IsValidId("abcd", 3));
  EXPECT_TRUE(IsValidId(std::string(200, 'a'), 200));
  EXPECT_FALSE(IsValidId("a", 0));
}

}  // namespace
}  // namespace suivi
