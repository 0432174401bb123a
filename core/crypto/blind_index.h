// core/crypto/blind_index.h
//
// A blind index turns a value into a keyed hash (HMAC-SHA256 under the
// controller's blind-index key, never a data key) so exact look-ups and
// de-duplication work on store keys that hold no personal data: the same
// normalised value gives the same token, and without the key a token
// reveals nothing and cannot be checked against a guess.
//
// Values are normalised first (suivi::NormalizeForMatch: case, accents,
// spaces, hyphens), and every token is bound to a domain ("nom_naissance",
// …) so equal values of different meanings never collide.
//
// Thread-safe: Token() may be called from any thread.

#ifndef SUIVI_CORE_CRYPTO_BLIND_INDEX_H_
#define SUIVI_CORE_CRYPTO_BLIND_INDEX_H_

#include <initializer_list>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/crypto/secret_key.h"

namespace suivi::crypto {

class BlindIndexer {
 public:
  explicit BlindIndexer(const SecretKey& key);
  ~BlindIndexer();
  BlindIndexer(const BlindIndexer&) = delete;
  BlindIndexer& operator=(const BlindIndexer&) = delete;

  // The token of `parts` (each normalised, then joined unambiguously) in
  // `domain`, as 64 lowercase hex characters. INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> Token(
      absl::string_view domain,
      std::initializer_list<absl::string_view> parts) const;

 private:
  struct MacCtx;
  std::unique_ptr<MacCtx> keyed_;  // pre-keyed context, duplicated per call
};

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_BLIND_INDEX_H_
