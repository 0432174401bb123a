#include "core/pki/private_key.h"

#include <openssl/pem.h>

#include <utility>

#include "core/pki/x509_util.h"

namespace suivi::pki {
namespace {

absl::Status UnreadableKey() {
  return absl::InvalidArgumentError(
      "clé privée illisible : PEM EC P-256 non chiffré attendu");
}

// Replaces OpenSSL's default passphrase callback, which would prompt on
// the terminal for an encrypted key: here an encrypted key is an error.
int RefusePassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) {
  return -1;
}

}  // namespace

PrivateKey::PrivateKey(EvpPkeyPtr key) : key_(std::move(key)) {}

absl::StatusOr<PrivateKey> PrivateKey::Generate() {
  const ClearOpenSslErrorsOnExit clear_errors;
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (key == nullptr) {
    return absl::InternalError("échec de la génération de clé (OpenSSL)");
  }
  return PrivateKey(std::move(key));
}

absl::StatusOr<PrivateKey> PrivateKey::FromPem(absl::string_view pem) {
  const ClearOpenSslErrorsOnExit clear_errors;
  BioPtr bio = ReadOnlyBio(pem);
  if (bio == nullptr) return UnreadableKey();
  EvpPkeyPtr key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, &RefusePassphrase, nullptr));
  if (key == nullptr || !IsP256(key.get())) return UnreadableKey();
  return PrivateKey(std::move(key));
}

std::string PrivateKey::ToPem() const {
  const ClearOpenSslErrorsOnExit clear_errors;
  // A secure-memory BIO wipes its buffer when freed.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) != 1) {
    return "";
  }
  return BioContents(bio.get());
}

bool PrivateKey::Matches(const Certificate& certificate) const {
  const ClearOpenSslErrorsOnExit clear_errors;
  return X509_check_private_key(certificate.native(), key_.get()) == 1;
}

}  // namespace suivi::pki
