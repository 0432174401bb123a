#include "core/crypto/blind_index.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "absl/strings/escaping.h"
#include "core/common/coding.h"
#include "core/common/text.h"

namespace suivi::crypto {
namespace {

constexpr size_t kMacBytes = 32;

absl::Status MacFailure() {
  return absl::InternalError("échec du calcul d'index aveugle (OpenSSL)");
}

}  // namespace

struct BlindIndexer::MacCtx {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
  ~MacCtx() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
};

BlindIndexer::BlindIndexer(const SecretKey& key) : keyed_(new MacCtx) {
  keyed_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (keyed_->mac == nullptr) return;
  keyed_->ctx = EVP_MAC_CTX_new(keyed_->mac);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  if (keyed_->ctx != nullptr &&
      EVP_MAC_init(keyed_->ctx, key.data(), kKeyBytes, params) != 1) {
    EVP_MAC_CTX_free(keyed_->ctx);
    keyed_->ctx = nullptr;
  }
}

BlindIndexer::~BlindIndexer() = default;

absl::StatusOr<std::string> BlindIndexer::Token(
    absl::string_view domain,
    std::initializer_list<absl::string_view> parts) const {
  if (keyed_->ctx == nullptr) return MacFailure();
  std::string message;
  PutLengthPrefixed(&message, domain);
  for (absl::string_view part : parts) {
    PutLengthPrefixed(&message, NormalizeForMatch(part));
  }
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(keyed_->ctx);
  if (ctx == nullptr) return MacFailure();
  unsigned char out[kMacBytes];
  size_t out_size = 0;
  const bool ok =
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) == 1 &&
      EVP_MAC_final(ctx, out, &out_size, sizeof(out)) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok || out_size != kMacBytes) return MacFailure();
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(out), out_size));
}

}  // namespace suivi::crypto
