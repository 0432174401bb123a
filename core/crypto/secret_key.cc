#include "core/crypto/secret_key.h"

#include <atomic>

#include "core/common/ids.h"

namespace suivi::crypto {

uint64_t SecretKey::NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

SecretKey SecretKey::Generate() {
  std::string material = RandomBytes(kKeyBytes);
  SecretKey key(material);
  OPENSSL_cleanse(material.data(), material.size());
  return key;
}

}  // namespace suivi::crypto
