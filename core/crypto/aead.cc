#include "core/crypto/aead.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <cstring>
#include <memory>

namespace suivi::crypto {
namespace {

const EVP_CIPHER* Aes256Gcm() {
  static const EVP_CIPHER* const cipher =
      EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// Each thread keeps a few contexts already keyed with the keys it used
// last: keying costs as much as sealing 256 bytes, and a request reads or
// writes several records of one person or case in a row. Entries are
// found by the key's serial; the key schedule lives in the OpenSSL
// context, which EVP_CIPHER_CTX_free wipes.
class KeyedContextCache {
 public:
  static constexpr size_t kEntries = 8;

  // A context keyed with `key`, ready for an Init with a nonce only.
  // nullptr if OpenSSL fails.
  EVP_CIPHER_CTX* For(const SecretKey& key) {
    Entry* victim = &entries_[0];
    for (Entry& entry : entries_) {
      if (entry.keyed && entry.serial == key.serial()) {
        entry.last_use = ++clock_;
        return entry.ctx.get();
      }
      if (entry.last_use < victim->last_use) victim = &entry;
    }
    if (victim->ctx == nullptr) victim->ctx.reset(EVP_CIPHER_CTX_new());
    victim->keyed =
        victim->ctx != nullptr &&
        EVP_CipherInit_ex2(victim->ctx.get(), Aes256Gcm(), key.data(), nullptr,
                           /*enc=*/1, nullptr) == 1;
    if (!victim->keyed) return nullptr;
    victim->serial = key.serial();
    victim->last_use = ++clock_;
    return victim->ctx.get();
  }

 private:
  struct Entry {
    uint64_t serial = 0;  // SecretKey::serial() of the key set in ctx
    CipherCtx ctx;
    uint64_t last_use = 0;
    bool keyed = false;
  };
  std::array<Entry, kEntries> entries_;
  uint64_t clock_ = 0;
};

KeyedContextCache& ThreadContexts() {
  thread_local KeyedContextCache cache;
  return cache;
}

// Nonces come from a per-thread buffer refilled by one RAND_bytes call per
// kNoncesPerRefill seals (the DRBG call costs more than the encryption).
// Nonces are public, but must never repeat under one key: a forked child
// must not reuse its parent's buffered nonces, so a fork bumps the
// generation and the child refills before its first seal.
std::atomic<uint64_t> fork_generation{0};

void BumpForkGeneration() { fork_generation.fetch_add(1); }

class NoncePool {
 public:
  static constexpr size_t kNoncesPerRefill = 64;

  NoncePool() {
    static const int registered = pthread_atfork(nullptr, nullptr, &BumpForkGeneration);
    (void)registered;
  }

  bool Next(unsigned char* nonce) {
    const uint64_t generation = fork_generation.load(std::memory_order_relaxed);
    if (next_ == buffer_.size() || generation != generation_) {
      if (RAND_bytes(buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
        next_ = buffer_.size();
        return false;
      }
      next_ = 0;
      generation_ = generation;
    }
    std::memcpy(nonce, buffer_.data() + next_, kNonceBytes);
    next_ += kNonceBytes;
    return true;
  }

 private:
  std::array<unsigned char, kNonceBytes * kNoncesPerRefill> buffer_{};
  size_t next_ = buffer_.size();
  uint64_t generation_ = 0;
};

bool NextNonce(unsigned char* nonce) {
  thread_local NoncePool pool;
  return pool.Next(nonce);
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status OpenSslFailure() {
  return absl::InternalError("échec du chiffrement (OpenSSL)");
}

}  // namespace

absl::Status AeadSeal(const SecretKey& key, absl::string_view plaintext,
                      absl::string_view aad, std::string* out) {
  EVP_CIPHER_CTX* ctx = ThreadContexts().For(key);
  if (ctx == nullptr) return OpenSslFailure();

  const size_t start = out->size();
  out->resize(start + kNonceBytes + plaintext.size() + kTagBytes);
  unsigned char* nonce = reinterpret_cast<unsigned char*>(out->data()) + start;
  unsigned char* body = nonce + kNonceBytes;
  int len = 0;
  if (!NextNonce(nonce) || EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(aad),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx, body, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx, body + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          body + plaintext.size()) != 1) {
    out->resize(start);
    return OpenSslFailure();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> AeadOpen(const SecretKey& key,
                                     absl::string_view sealed,
                                     absl::string_view aad) {
  if (sealed.size() < kNonceBytes + kTagBytes) {
    return absl::DataLossError("donnée chiffrée tronquée");
  }
  EVP_CIPHER_CTX* ctx = ThreadContexts().For(key);
  if (ctx == nullptr) return OpenSslFailure();

  const absl::string_view body =
      sealed.substr(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
  std::array<unsigned char, kTagBytes> tag;
  std::memcpy(tag.data(), sealed.data() + sealed.size() - kTagBytes, kTagBytes);
  std::string plaintext(body.size(), '\0');
  unsigned char* out = reinterpret_cast<unsigned char*>(plaintext.data());
  int len = 0;
  if (EVP_DecryptInit_ex2(ctx, nullptr, nullptr, Bytes(sealed), nullptr) != 1 ||
      EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(aad),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx, out, &len, Bytes(body),
                        static_cast<int>(body.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1) {
    return OpenSslFailure();
  }
  if (EVP_DecryptFinal_ex(ctx, out + len, &len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return absl::DataLossError(
        "donnée chiffrée non authentique (altérée, déplacée ou clé incorrecte)");
  }
  return plaintext;
}

}  // namespace suivi::crypto
