// core/pki/x509_util.h
//
// Helpers shared by core/pki's files: the digest every signature and
// fingerprint uses, and subject names made of a commonName only. Not for
// use outside core/pki.

#ifndef SUIVI_CORE_PKI_X509_UTIL_H_
#define SUIVI_CORE_PKI_X509_UTIL_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace suivi::pki {

// Longest commonName X.509 allows (ub-common-name), in characters.
inline constexpr int kMaxCommonNameChars = 64;

// SHA-256, fetched once. Never null unless OpenSSL's default provider is
// missing.
const EVP_MD* Sha256();

// True if `key` is an EC key on the P-256 curve. REQUIRES: key != nullptr.
bool IsP256(const EVP_PKEY* key);

// Appends CN=`common_name` to `name`. INVALID_ARGUMENT if `common_name` is
// empty, longer than kMaxCommonNameChars characters or not UTF-8.
absl::Status AddCommonName(X509_NAME* name, absl::string_view common_name);

// The first commonName of `name`, UTF-8; "" if there is none.
std::string CommonNameOf(const X509_NAME* name);

}  // namespace suivi::pki

#endif  // SUIVI_CORE_PKI_X509_UTIL_H_
