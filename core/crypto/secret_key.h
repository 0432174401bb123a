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
  SecretKey() : serial_(NextSerial()) { bytes_.fill(0); }
  // REQUIRES: material.size() == kKeyBytes.
  explicit SecretKey(absl::string_view material) : serial_(NextSerial()) {
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

  // Unique in the process to this key and its copies: two keys with the
  // same serial hold the same material (never the converse). Lets caches
  // of keyed cipher contexts find a key without comparing key bytes.
  uint64_t serial() const { return serial_; }

 private:
  static uint64_t NextSerial();

  std::array<uint8_t, kKeyBytes> bytes_;
  uint64_t serial_;
};

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_SECRET_KEY_H_
