// core/pki/private_key.h
//
// PrivateKey is an EC P-256 private key, the only kind Suivi's PKI uses:
// for its certificate authorities, the server and the users. Its PEM form
// is unencrypted PKCS#8; write it to disk with mode 0600 through
// WriteFileAtomically (core/common/files.h).
//
// Thread safety: immutable once built; const methods may be called from
// any thread.

#ifndef SUIVI_CORE_PKI_PRIVATE_KEY_H_
#define SUIVI_CORE_PKI_PRIVATE_KEY_H_

#include <openssl/types.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/pki/certificate.h"
#include "core/pki/openssl_handles.h"

namespace suivi::pki {

class PrivateKey {
 public:
  // A fresh key from OpenSSL's CSPRNG. INTERNAL if OpenSSL fails.
  static absl::StatusOr<PrivateKey> Generate();

  // Parses one unencrypted EC P-256 key: PEM "PRIVATE KEY" (PKCS#8) or
  // "EC PRIVATE KEY" (SEC1). INVALID_ARGUMENT for anything else, including
  // an encrypted key (no passphrase is ever asked for).
  static absl::StatusOr<PrivateKey> FromPem(absl::string_view pem);

  PrivateKey(PrivateKey&&) = default;
  PrivateKey& operator=(PrivateKey&&) = default;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;

  // Unencrypted PKCS#8 PEM ("PRIVATE KEY"). The caller holds a secret:
  // keep it out of logs and error messages.
  std::string ToPem() const;

  // True if `certificate` certifies this key's public half.
  bool Matches(const Certificate& certificate) const;

  // The OpenSSL object, for OpenSSL calls (SSL_CTX_use_PrivateKey...).
  // Ownership stays here; never null.
  EVP_PKEY* native() const { return key_.get(); }

 private:
  explicit PrivateKey(EvpPkeyPtr key);

  EvpPkeyPtr key_;
};

}  // namespace suivi::pki

#endif  // SUIVI_CORE_PKI_PRIVATE_KEY_H_
