// core/pki/openssl_handles.h
//
// Owning handles for the OpenSSL objects core/pki uses, and the few BIO
// and error-queue helpers its files share. Every OpenSSL pointer is put in
// one of these as soon as it is returned, so no early return leaks it.

#ifndef SUIVI_CORE_PKI_OPENSSL_HANDLES_H_
#define SUIVI_CORE_PKI_OPENSSL_HANDLES_H_

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace suivi::pki {

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct X509ReqDeleter {
  void operator()(X509_REQ* r) const { X509_REQ_free(r); }
};
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free_all(b); }
};
struct BignumDeleter {
  void operator()(BIGNUM* n) const { BN_free(n); }
};
struct Asn1IntegerDeleter {
  void operator()(ASN1_INTEGER* i) const { ASN1_INTEGER_free(i); }
};
struct X509ExtensionDeleter {
  void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); }
};
struct GeneralNamesDeleter {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};

using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using X509ReqPtr = std::unique_ptr<X509_REQ, X509ReqDeleter>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumDeleter>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Asn1IntegerDeleter>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, X509ExtensionDeleter>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter>;

// A read-only memory BIO over `bytes`, which must outlive it. nullptr if
// OpenSSL cannot allocate it.
inline BioPtr ReadOnlyBio(absl::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

// Everything written to the memory BIO `bio` so far.
inline std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : std::string();
}

// Empties this thread's OpenSSL error queue when it goes out of scope.
// OpenSSL leaves an entry on every failure (and on some successes, e.g.
// PEM_R_NO_START_LINE at the end of a PEM input); a stale entry would be
// read by the next SSL_get_error() of the same thread, in gRPC's TLS code
// for instance, and turn an unrelated call into a failure.
class ClearOpenSslErrorsOnExit {
 public:
  ClearOpenSslErrorsOnExit() = default;
  ~ClearOpenSslErrorsOnExit() { ERR_clear_error(); }
  ClearOpenSslErrorsOnExit(const ClearOpenSslErrorsOnExit&) = delete;
  ClearOpenSslErrorsOnExit& operator=(const ClearOpenSslErrorsOnExit&) = delete;
};

}  // namespace suivi::pki

#endif  // SUIVI_CORE_PKI_OPENSSL_HANDLES_H_
