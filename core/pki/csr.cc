#include "core/pki/csr.h"

#include <openssl/pem.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/pki/x509_util.h"

namespace suivi::pki {
namespace {

absl::Status InvalidCsr(absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("la demande de certificat (CSR) est invalide : ", why));
}

absl::Status OpenSslFailure() {
  return absl::InternalError("échec d'OpenSSL sur une demande de certificat (CSR)");
}

absl::StatusOr<std::string> PublicKeyDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key, &der);
  if (size <= 0) return OpenSslFailure();
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(size));
  OPENSSL_free(der);
  return out;
}

}  // namespace

absl::StatusOr<std::string> MakeCsrPem(const PrivateKey& key,
                                       absl::string_view common_name) {
  const ClearOpenSslErrorsOnExit clear_errors;
  X509ReqPtr request(X509_REQ_new());
  if (request == nullptr) return OpenSslFailure();
  RETURN_IF_ERROR(AddCommonName(X509_REQ_get_subject_name(request.get()), common_name));
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_pubkey(request.get(), key.native()) != 1 ||
      X509_REQ_sign(request.get(), key.native(), Sha256()) <= 0 ||
      PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1) {
    return OpenSslFailure();
  }
  return BioContents(bio.get());
}

absl::StatusOr<CsrInfo> ParseCsr(absl::string_view csr_pem) {
  const ClearOpenSslErrorsOnExit clear_errors;
  BioPtr bio = ReadOnlyBio(csr_pem);
  if (bio == nullptr) return InvalidCsr("PEM attendu");
  X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (request == nullptr) return InvalidCsr("PEM attendu");
  EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
  if (key == nullptr || !IsP256(key)) {
    return InvalidCsr("clé publique EC P-256 attendue");
  }
  if (X509_REQ_verify(request.get(), key) != 1) {
    return InvalidCsr("signature incorrecte");
  }
  CsrInfo info;
  info.common_name = CommonNameOf(X509_REQ_get_subject_name(request.get()));
  ASSIGN_OR_RETURN(info.public_key_der, PublicKeyDer(key));
  return info;
}

}  // namespace suivi::pki
