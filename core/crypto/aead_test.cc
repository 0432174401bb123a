// Tests of core/crypto/aead.h: AES-256-GCM sealing and opening.

#include "core/crypto/aead.h"

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::crypto {
namespace {

using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::Eq;
using ::testing::StartsWith;

constexpr size_t kOverhead = kNonceBytes + kTagBytes;
constexpr absl::string_view kAad = "persons/ame/identite";

std::string Seal(const SecretKey& key, absl::string_view plaintext,
                 absl::string_view aad = kAad) {
  std::string out;
  EXPECT_OK(AeadSeal(key, plaintext, aad, &out));
  return out;
}

// Every byte value, repeated, so a plaintext exercises all of them.
std::string Pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i * 7 + 3);
  return s;
}

TEST(Aead, ConstantsAreGcmStandardSizes) {
  EXPECT_EQ(kNonceBytes, 12u);
  EXPECT_EQ(kTagBytes, 16u);
}

TEST(Aead, SealedValuesRoundTrip) {
  const SecretKey key = SecretKey::Generate();
  struct Case {
    const char* what;
    std::string plaintext;
  };
  const Case cases[] = {
      {"empty", ""},
      {"one byte", "x"},
      {"one NUL byte", std::string(1, '\0')},
      {"a name", "Hélène Dupont"},
      {"one GCM block", Pattern(16)},
      {"one block and one byte", Pattern(17)},
      {"4 KiB", Pattern(4096)},
  };
  for (const Case& c : cases) {
    const std::string sealed = Seal(key, c.plaintext);
    EXPECT_EQ(sealed.size(), kNonceBytes + c.plaintext.size() + kTagBytes) << c.what;
    EXPECT_THAT(AeadOpen(key, sealed, kAad), IsOkAndHolds(Eq(c.plaintext))) << c.what;
  }
}

TEST(Aead, OutputIsNoncePlusPlaintextPlusTag) {
  const SecretKey key = SecretKey::Generate();
  for (size_t n : {0u, 1u, 15u, 16u, 100u, 4096u}) {
    EXPECT_EQ(Seal(key, Pattern(n)).size(), 12 + n + 16) << n;
  }
}

TEST(Aead, CiphertextDoesNotContainThePlaintext) {
  const SecretKey key = SecretKey::Generate();
  const std::string plaintext = "Lucas Martin, né le 3 mars 2010 à Montargis";
  const std::string sealed = Seal(key, plaintext);
  EXPECT_EQ(sealed.find("Lucas"), std::string::npos);
  EXPECT_EQ(sealed.find("Montargis"), std::string::npos);
}

TEST(Aead, SealAppendsToTheOutputAndKeepsWhatWasThere) {
  const SecretKey key = SecretKey::Generate();
  std::string out = "header:";
  ASSERT_OK(AeadSeal(key, "corps", kAad, &out));
  ASSERT_EQ(out.size(), 7 + kNonceBytes + 5 + kTagBytes);
  EXPECT_THAT(out, StartsWith("header:"));
  EXPECT_THAT(AeadOpen(key, absl::string_view(out).substr(7), kAad),
              IsOkAndHolds(Eq("corps")));
}

TEST(Aead, TwoSealsOfTheSamePlaintextDiffer) {
  const SecretKey key = SecretKey::Generate();
  const std::string a = Seal(key, "même texte");
  const std::string b = Seal(key, "même texte");
  EXPECT_NE(a, b);
  // The nonces differ, not just the bytes after them.
  EXPECT_NE(a.substr(0, kNonceBytes), b.substr(0, kNonceBytes));
  EXPECT_THAT(AeadOpen(key, a, kAad), IsOkAndHolds(Eq("même texte")));
  EXPECT_THAT(AeadOpen(key, b, kAad), IsOkAndHolds(Eq("même texte")));
}

TEST(Aead, EmptyPlaintextsAlsoGetFreshNonces) {
  const SecretKey key = SecretKey::Generate();
  EXPECT_NE(Seal(key, ""), Seal(key, ""));
}

TEST(Aead, FlippingAnySingleByteIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "Lucas M.");
  ASSERT_EQ(sealed.size(), kOverhead + 8);
  for (size_t pos = 0; pos < sealed.size(); ++pos) {
    for (unsigned char mask : {0x01, 0x80, 0xFF}) {
      std::string tampered = sealed;
      tampered[pos] = static_cast<char>(tampered[pos] ^ mask);
      EXPECT_THAT(AeadOpen(key, tampered, kAad),
                  StatusIs(absl::StatusCode::kDataLoss))
          << "byte " << pos << " xor " << static_cast<int>(mask);
    }
  }
  // The untouched value still opens: the loop did not spoil anything.
  EXPECT_THAT(AeadOpen(key, sealed, kAad), IsOkAndHolds(Eq("Lucas M.")));
}

TEST(Aead, FlippingAnyByteOfAnEmptyPlaintextIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "");
  ASSERT_EQ(sealed.size(), kOverhead);
  for (size_t pos = 0; pos < sealed.size(); ++pos) {
    std::string tampered = sealed;
    tampered[pos] = static_cast<char>(tampered[pos] ^ 0x01);
    EXPECT_THAT(AeadOpen(key, tampered, kAad), StatusIs(absl::StatusCode::kDataLoss))
        << "byte " << pos;
  }
}

TEST(Aead, WrongKeyIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  const SecretKey other = SecretKey::Generate();
  const std::string sealed = Seal(key, "Lucas M.");
  EXPECT_THAT(AeadOpen(other, sealed, kAad), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(Aead, KeyDifferingInOneBitIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  std::string material(key.view());
  material[31] = static_cast<char>(material[31] ^ 0x01);
  const SecretKey near(material);
  EXPECT_THAT(AeadOpen(near, Seal(key, "Lucas M."), kAad),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(Aead, WrongAadIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "Lucas M.", "persons/ame/identite");
  for (absl::string_view aad :
       {absl::string_view(""), absl::string_view("persons/ame/identitf"),
        absl::string_view("persons/ame/identite\0", 21),
        absl::string_view("persons/ame/identit"),
        absl::string_view("cases/ame/identite")}) {
    EXPECT_THAT(AeadOpen(key, sealed, aad), StatusIs(absl::StatusCode::kDataLoss))
        << "aad « " << aad << " »";
  }
}

TEST(Aead, EmptyAadMustAlsoMatch) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "x", "");
  EXPECT_THAT(AeadOpen(key, sealed, ""), IsOkAndHolds(Eq("x")));
  EXPECT_THAT(AeadOpen(key, sealed, "a"), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(Aead, TooShortInputIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "");
  for (size_t n = 0; n < kOverhead; ++n) {
    EXPECT_THAT(AeadOpen(key, sealed.substr(0, n), kAad),
                StatusIs(absl::StatusCode::kDataLoss))
        << n << " bytes";
  }
}

TEST(Aead, TruncatedOrExtendedValueIsDataLoss) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "Lucas M.");
  for (size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_THAT(AeadOpen(key, sealed.substr(0, n), kAad),
                StatusIs(absl::StatusCode::kDataLoss))
        << n << " bytes";
  }
  EXPECT_THAT(AeadOpen(key, sealed + "x", kAad), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(AeadOpen(key, sealed.substr(1), kAad),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(Aead, SwappingTwoSealedValuesIsNotPossibleAcrossAad) {
  const SecretKey key = SecretKey::Generate();
  const std::string a = Seal(key, "A", "record/a");
  const std::string b = Seal(key, "B", "record/b");
  EXPECT_THAT(AeadOpen(key, a, "record/b"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(AeadOpen(key, b, "record/a"), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(Aead, AFailedOpenDoesNotSpoilTheNextOne) {
  // Each thread reuses one cipher context; a failure must leave it usable.
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = Seal(key, "Lucas M.");
  std::string tampered = sealed;
  tampered.back() = static_cast<char>(tampered.back() ^ 0x01);
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(AeadOpen(key, tampered, kAad), StatusIs(absl::StatusCode::kDataLoss));
    EXPECT_THAT(AeadOpen(key, sealed, kAad), IsOkAndHolds(Eq("Lucas M.")));
  }
}

TEST(Aead, InterleavedKeysOnOneThreadDoNotMix) {
  const SecretKey a = SecretKey::Generate();
  const SecretKey b = SecretKey::Generate();
  const std::string sealed_a = Seal(a, "pour a");
  const std::string sealed_b = Seal(b, "pour b");
  EXPECT_THAT(AeadOpen(b, sealed_b, kAad), IsOkAndHolds(Eq("pour b")));
  EXPECT_THAT(AeadOpen(a, sealed_a, kAad), IsOkAndHolds(Eq("pour a")));
  EXPECT_THAT(AeadOpen(a, sealed_b, kAad), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(Aead, ManyKeysInterleavedOnOneThreadEachOpenTheirOwnValues) {
  // More keys than a thread keeps keyed contexts for, used round robin, so
  // contexts are evicted and rekeyed between uses.
  constexpr int kKeys = 20;
  std::vector<SecretKey> keys;
  std::vector<std::string> sealed;
  for (int i = 0; i < kKeys; ++i) {
    keys.push_back(SecretKey::Generate());
    sealed.push_back(Seal(keys[i], "valeur " + std::to_string(i)));
  }
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kKeys; ++i) {
      EXPECT_THAT(AeadOpen(keys[i], sealed[i], kAad),
                  IsOkAndHolds(Eq("valeur " + std::to_string(i))))
          << "key " << i << ", round " << round;
      const int other = (i + 1) % kKeys;
      EXPECT_THAT(AeadOpen(keys[other], sealed[i], kAad),
                  StatusIs(absl::StatusCode::kDataLoss))
          << "key " << i << " opened with key " << other;
    }
  }
}

TEST(Aead, NoncesAreDistinctAcrossThreadsAndManySeals) {
  constexpr int kThreads = 8;
  constexpr int kSealsPerThread = 500;  // several nonce refills per thread
  const SecretKey key = SecretKey::Generate();
  std::vector<std::vector<std::string>> nonces(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&key, &nonces, t] {
      for (int i = 0; i < kSealsPerThread; ++i) {
        std::string out;
        if (AeadSeal(key, "x", kAad, &out).ok()) {
          nonces[t].push_back(out.substr(0, kNonceBytes));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> distinct;
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(nonces[t].size(), static_cast<size_t>(kSealsPerThread)) << t;
    distinct.insert(nonces[t].begin(), nonces[t].end());
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kSealsPerThread));
}

TEST(Aead, ForkedChildNeverReusesTheParentsNonces) {
  const SecretKey key = SecretKey::Generate();
  Seal(key, "x");  // the parent thread has nonces buffered now
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string out;
    const bool ok = AeadSeal(key, "x", kAad, &out).ok() &&
                    write(fds[1], out.data(), kNonceBytes) ==
                        static_cast<ssize_t>(kNonceBytes);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  std::string child_nonce(kNonceBytes, '\0');
  const ssize_t n = read(fds[0], child_nonce.data(), kNonceBytes);
  close(fds[0]);
  int wstatus = 0;
  ASSERT_EQ(waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
  ASSERT_EQ(n, static_cast<ssize_t>(kNonceBytes));
  const std::string parent_nonce = Seal(key, "x").substr(0, kNonceBytes);
  EXPECT_NE(parent_nonce, child_nonce);
}

}  // namespace
}  // namespace suivi::crypto
