// Tests of core/crypto/blind_index.h: keyed, normalised, domain-bound
// tokens for exact look-ups.

#include "core/crypto/blind_index.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::crypto {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::testing::Eq;
using ::testing::MatchesRegex;

constexpr absl::string_view kDomain = "nom_naissance";

std::string TokenOf(const BlindIndexer& indexer, absl::string_view domain,
                    std::initializer_list<absl::string_view> parts) {
  absl::StatusOr<std::string> token = indexer.Token(domain, parts);
  EXPECT_OK(token.status());
  return token.ok() ? *token : std::string();
}

// The documented message, built here byte by byte rather than with
// core/common/coding.h: u32 little-endian length || bytes, for the domain
// then for each (already normalised) part.
void AppendLengthPrefixed(absl::string_view value, std::string* out) {
  const uint32_t n = static_cast<uint32_t>(value.size());
  out->push_back(static_cast<char>(n & 0xFF));
  out->push_back(static_cast<char>((n >> 8) & 0xFF));
  out->push_back(static_cast<char>((n >> 16) & 0xFF));
  out->push_back(static_cast<char>((n >> 24) & 0xFF));
  out->append(value.data(), value.size());
}

// HMAC-SHA256 with OpenSSL's one-shot HMAC(), as lowercase hex.
std::string ReferenceToken(const SecretKey& key, absl::string_view domain,
                           std::initializer_list<absl::string_view> normalised) {
  std::string message;
  AppendLengthPrefixed(domain, &message);
  for (absl::string_view part : normalised) AppendLengthPrefixed(part, &message);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(kKeyBytes),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(),
           mac, &mac_size);
  EXPECT_NE(result, nullptr);
  EXPECT_EQ(mac_size, 32u);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(mac), mac_size));
}

TEST(BlindIndex, TokenIs64LowercaseHexCharacters) {
  const BlindIndexer indexer(SecretKey::Generate());
  const auto is_hex_token = IsOkAndHolds(MatchesRegex("[0-9a-f]{64}"));
  EXPECT_THAT(indexer.Token(kDomain, {"Hélène Dupont"}), is_hex_token);
  EXPECT_THAT(indexer.Token(kDomain, {""}), is_hex_token);
  EXPECT_THAT(indexer.Token(kDomain, {}), is_hex_token);
  EXPECT_THAT(indexer.Token(kDomain, {"DUPONT", "2010-03-03"}), is_hex_token);
}

TEST(BlindIndex, SpellingsOfOneNameGiveOneToken) {
  const BlindIndexer indexer(SecretKey::Generate());
  const std::string expected = TokenOf(indexer, kDomain, {"helene dupont"});
  for (const char* spelling :
       {"Hélène Dupont", "helene  DUPONT", "HÉLÈNE DUPONT", "HÉLÈNE-DUPONT",
        "Hélène-Dupont", "  Helene\tDupont  ", "Hélène – Dupont",
        "hélène dupont"}) {
    EXPECT_EQ(TokenOf(indexer, kDomain, {spelling}), expected) << spelling;
  }
}

TEST(BlindIndex, DifferentNamesGiveDifferentTokens) {
  const BlindIndexer indexer(SecretKey::Generate());
  std::set<std::string> tokens;
  for (const char* name : {"helene dupont", "helene dupond", "hélèn dupont",
                           "dupont helene", "helenedupont", "helene dupont x"}) {
    tokens.insert(TokenOf(indexer, kDomain, {name}));
  }
  EXPECT_EQ(tokens.size(), 6u);
}

TEST(BlindIndex, DifferentDomainsGiveDifferentTokens) {
  const BlindIndexer indexer(SecretKey::Generate());
  const std::string birth_name = TokenOf(indexer, "nom_naissance", {"Dupont"});
  const std::string used_name = TokenOf(indexer, "nom_usage", {"Dupont"});
  EXPECT_NE(birth_name, used_name);
  // The domain is taken as given, not normalised.
  EXPECT_NE(TokenOf(indexer, "NOM_NAISSANCE", {"Dupont"}), birth_name);
}

TEST(BlindIndex, DifferentKeysGiveDifferentTokens) {
  const BlindIndexer a(SecretKey::Generate());
  const BlindIndexer b(SecretKey::Generate());
  EXPECT_NE(TokenOf(a, kDomain, {"Dupont"}), TokenOf(b, kDomain, {"Dupont"}));
}

TEST(BlindIndex, SameKeyGivesSameTokenInAnotherIndexer) {
  const SecretKey key = SecretKey::Generate();
  const BlindIndexer a(key);
  const BlindIndexer b(key);
  EXPECT_EQ(TokenOf(a, kDomain, {"Dupont", "Hélène"}),
            TokenOf(b, kDomain, {"DUPONT", "helene"}));
}

TEST(BlindIndex, PartsAreJoinedUnambiguously) {
  const BlindIndexer indexer(SecretKey::Generate());
  struct Case {
    const char* what;
    std::initializer_list<absl::string_view> a;
    std::initializer_list<absl::string_view> b;
  };
  const Case cases[] = {
      {"boundary moved", {"ab", "c"}, {"a", "bc"}},
      {"split in two", {"abc"}, {"ab", "c"}},
      {"empty part added", {"a"}, {"a", ""}},
      {"empty part first", {"a"}, {"", "a"}},
      {"no parts vs one empty part", {}, {""}},
      {"separator in a part vs two parts", {"a b"}, {"a", "b"}},
      {"hyphen in a part vs two parts", {"a-b"}, {"a", "b"}},
      {"order", {"dupont", "helene"}, {"helene", "dupont"}},
  };
  for (const Case& c : cases) {
    EXPECT_NE(TokenOf(indexer, kDomain, c.a), TokenOf(indexer, kDomain, c.b))
        << c.what;
  }
}

TEST(BlindIndex, DomainAndPartsDoNotRunTogether) {
  const BlindIndexer indexer(SecretKey::Generate());
  EXPECT_NE(TokenOf(indexer, "nom", {"_naissance"}),
            TokenOf(indexer, "nom_", {"naissance"}));
  EXPECT_NE(TokenOf(indexer, "nom", {"dupont"}), TokenOf(indexer, "", {"nom", "dupont"}));
}

TEST(BlindIndex, TokenIsHmacSha256OfTheDocumentedMessage) {
  const SecretKey key = SecretKey::Generate();
  const BlindIndexer indexer(key);
  struct Case {
    absl::string_view domain;
    std::initializer_list<absl::string_view> parts;
    std::initializer_list<absl::string_view> normalised;
  };
  const Case cases[] = {
      {"nom_naissance", {"Hélène-Dupont"}, {"helene dupont"}},
      {"nom_naissance", {"HÉLÈNE  DUPONT "}, {"helene dupont"}},
      {"identite", {"Dupont", "Hélène", "2010-03-03"}, {"dupont", "helene", "2010 03 03"}},
      {"vide", {}, {}},
      {"", {""}, {""}},
      {"ligatures", {"Lætitia Œuvre"}, {"laetitia oeuvre"}},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(indexer.Token(c.domain, c.parts),
                IsOkAndHolds(Eq(ReferenceToken(key, c.domain, c.normalised))))
        << "domain « " << c.domain << " »";
  }
}

TEST(BlindIndex, MatchesAFixedKeyAndMessage) {
  // A known key, so the reference does not depend on the CSPRNG.
  std::string material(kKeyBytes, '\0');
  for (size_t i = 0; i < kKeyBytes; ++i) material[i] = static_cast<char>(i);
  const SecretKey key(material);
  const BlindIndexer indexer(key);
  ASSERT_OK_AND_ASSIGN(std::string token, indexer.Token("d", {"X"}));
  // Message: 01 00 00 00 'd' 01 00 00 00 'x'.
  EXPECT_EQ(token, ReferenceToken(key, std::string("d"), {"x"}));
  EXPECT_NE(token, ReferenceToken(key, std::string("d"), {"X"}));
}

TEST(BlindIndex, TokensAreStableAcrossCallsAndThreads) {
  const BlindIndexer indexer(SecretKey::Generate());
  const std::string expected = TokenOf(indexer, kDomain, {"Hélène Dupont"});
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 200;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&indexer, &results, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        absl::StatusOr<std::string> token =
            indexer.Token(kDomain, {i % 2 == 0 ? "HÉLÈNE-DUPONT" : "helene dupont"});
        results[t].push_back(token.ok() ? *token : token.status().ToString());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(results[t].size(), static_cast<size_t>(kCallsPerThread));
    for (const std::string& token : results[t]) EXPECT_EQ(token, expected);
  }
}

}  // namespace
}  // namespace suivi::crypto
