#include "core/pki/x509_util.h"

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <array>

#include "absl/strings/str_cat.h"

namespace suivi::pki {

const EVP_MD* Sha256() {
  // An implicit fetch per call (EVP_sha256()) costs a lookup and a lock.
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// Room for any curve name OpenSSL reports ("prime256v1").
constexpr size_t kMaxGroupNameChars = 64;

bool IsP256(const EVP_PKEY* key) {
  std::array<char, kMaxGroupNameChars> group{};
  size_t length = 0;
  if (!EVP_PKEY_is_a(key, "EC") ||
      EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1) {
    ERR_clear_error();
    return false;
  }
  return OBJ_sn2nid(group.data()) == NID_X9_62_prime256v1;
}

absl::Status AddCommonName(X509_NAME* name, absl::string_view common_name) {
  // OpenSSL checks the length in characters and the UTF-8 itself.
  if (common_name.empty() ||
      X509_NAME_add_entry_by_NID(
          name, NID_commonName, MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(common_name.data()),
          static_cast<int>(common_name.size()), -1, 0) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat(
        "nom commun (CN) invalide : de 1 à ", kMaxCommonNameChars,
        " caractères UTF-8 attendus"));
  }
  return absl::OkStatus();
}

std::string CommonNameOf(const X509_NAME* name) {
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, value);
  if (size < 0) {
    ERR_clear_error();
    return "";
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<size_t>(size));
  OPENSSL_free(utf8);
  return text;
}

}  // namespace suivi::pki
