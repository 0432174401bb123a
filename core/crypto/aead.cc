#include "core/crypto/aead.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

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

// This thread's reusable context; re-initialised with the key on each use.
EVP_CIPHER_CTX* ThreadContext() {
  thread_local std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(
      EVP_CIPHER_CTX_new());
  return ctx.get();
}

unsigned char* Bytes(std::string* s, size_t offset) {
  return reinterpret_cast<unsigned char*>(s->data()) + offset;
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
  const EVP_CIPHER* cipher = Aes256Gcm();
  EVP_CIPHER_CTX* ctx = ThreadContext();
  if (cipher == nullptr || ctx == nullptr) return OpenSslFailure();

  const size_t start = out->size();
  out->resize(start + kNonceBytes + plaintext.size() + kTagBytes);
  unsigned char* nonce = Bytes(out, start);
  unsigned char* body = nonce + kNonceBytes;
  if (RAND_bytes(nonce, kNonceBytes) != 1) return OpenSslFailure();

  int len = 0;
  if (EVP_EncryptInit_ex2(ctx, cipher, key.data(), nonce, nullptr) != 1 ||
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
  const EVP_CIPHER* cipher = Aes256Gcm();
  EVP_CIPHER_CTX* ctx = ThreadContext();
  if (cipher == nullptr || ctx == nullptr) return OpenSslFailure();

  const absl::string_view nonce = sealed.substr(0, kNonceBytes);
  const absl::string_view body =
      sealed.substr(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string plaintext(body.size(), '\0');
  int len = 0;
  if (EVP_DecryptInit_ex2(ctx, cipher, key.data(), Bytes(nonce), nullptr) != 1 ||
      EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(aad),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx, Bytes(&plaintext, 0), &len, Bytes(body),
                        static_cast<int>(body.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          tag.data()) != 1) {
    return OpenSslFailure();
  }
  if (EVP_DecryptFinal_ex(ctx, Bytes(&plaintext, 0) + len, &len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return absl::DataLossError(
        "donnée chiffrée non authentique (altérée, déplacée ou clé incorrecte)");
  }
  return plaintext;
}

}  // namespace suivi::crypto
