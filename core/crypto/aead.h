// core/crypto/aead.h
//
// AES-256-GCM with a 96-bit nonce and a 128-bit tag, through OpenSSL 3.
// Every sealed byte of Suivi (records, wrapped keys) goes through these two
// functions. The cipher is fetched once and each thread reuses its own
// EVP_CIPHER_CTX (TOOLCHAIN.md: a new context per call triples the cost).
//
// Thread-safe.

#ifndef SUIVI_CORE_CRYPTO_AEAD_H_
#define SUIVI_CORE_CRYPTO_AEAD_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/crypto/secret_key.h"

namespace suivi::crypto {

inline constexpr size_t kNonceBytes = 12;
inline constexpr size_t kTagBytes = 16;

// Appends nonce || ciphertext || tag to `out`, with a fresh random nonce.
// INTERNAL only if OpenSSL fails.
absl::Status AeadSeal(const SecretKey& key, absl::string_view plaintext,
                      absl::string_view aad, std::string* out);

// Opens nonce || ciphertext || tag produced by AeadSeal with the same key
// and aad. DATA_LOSS when the input is too short or fails authentication
// (tampered, moved, wrong key or aad): never returns unauthenticated bytes.
absl::StatusOr<std::string> AeadOpen(const SecretKey& key,
                                     absl::string_view sealed,
                                     absl::string_view aad);

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_AEAD_H_
