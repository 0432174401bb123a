// core/crypto/key_provider.h
//
// A KeyProvider supplies the root key that wraps every controller key in the
// key store. The default is a local key file; the interface admits an HSM
// or a KMS later without touching the key store.
//
// Thread-safe: RootKey() may be called from any thread.

#ifndef SUIVI_CORE_CRYPTO_KEY_PROVIDER_H_
#define SUIVI_CORE_CRYPTO_KEY_PROVIDER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/crypto/secret_key.h"

namespace suivi::crypto {

class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  // The root key. UNAVAILABLE when the provider cannot be reached.
  virtual absl::StatusOr<SecretKey> RootKey() = 0;
};

// The root key in a local file of exactly 32 bytes, readable by its owner
// only (mode 0600 or 0400).
class LocalFileKeyProvider final : public KeyProvider {
 public:
  // Opens `path`, creating it with a fresh random key and mode 0600 when it
  // does not exist (the directory must exist). FAILED_PRECONDITION when the
  // file is readable or writable by group or others, or is not a regular
  // file of 32 bytes — Suivi refuses to start rather than use a key others
  // may have read.
  static absl::StatusOr<std::unique_ptr<LocalFileKeyProvider>> Open(
      const std::string& path);

  absl::StatusOr<SecretKey> RootKey() override { return key_; }

 private:
  explicit LocalFileKeyProvider(const SecretKey& key) : key_(key) {}
  const SecretKey key_;
};

// A root key held in memory: tests and benchmarks.
class InMemoryKeyProvider final : public KeyProvider {
 public:
  explicit InMemoryKeyProvider(const SecretKey& key = SecretKey::Generate())
      : key_(key) {}
  absl::StatusOr<SecretKey> RootKey() override { return key_; }

 private:
  const SecretKey key_;
};

}  // namespace suivi::crypto

#endif  // SUIVI_CORE_CRYPTO_KEY_PROVIDER_H_
