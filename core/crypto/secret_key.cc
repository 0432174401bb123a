#include "core/crypto/secret_key.h"

#include "core/common/ids.h"

namespace suivi::crypto {

SecretKey SecretKey::Generate() {
  std::string material = RandomBytes(kKeyBytes);
  SecretKey key(material);
  OPENSSL_cleanse(material.data(), material.size());
  return key;
}

}  // namespace suivi::crypto
