// core/crypto/secret_key.h
//
// SecretKey holds 32 bytes of key material (AES-256, HMAC-SHA256) and wipes
// them with OPENSSL_cleanse when destroyed. Key material never leaves this
// type except to OpenSSL calls and to the key store's wrapping.

#ifndef SUIVI_CORE_CRYPTO_SECRET_KEY_H_
#define SUIVI_CORE_CRYPTO_SECRET_KEY_H_

#include <openssl/crypto.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace suivi::crypto {

inline constexpr size_t kKeyBytes = 32;

class SecretKey {
 public:
  SecretKey() { bytes_.fill(0); }
  // REQUIRES: material.size() == kKeyBytes.
  explicit SecretKey(absl::string_view material) {
    std::memcpy(bytes_.data(), material.data(), kKeyBytes);
  }
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

  // A fresh random key from OpenSSL's CSPRNG.
  static SecretKey Generate();

  const uint8_t* data() const { return bytes_.data(); }
  absl::string_view view() const {
    return absl::string_view(reinterpret_cast<const char*>(bytes_.data()),
                             bytes_.size());
  }

 private:
  std::array<uint8_t, kKeyBytes> bytes_;
};

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_SECRET_KEY_H_
