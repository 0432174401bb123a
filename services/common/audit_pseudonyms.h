// services/common/audit_pseudonyms.h
//
// Person and case ids never reach an audit record in clear (DESIGN.md §8):
// each is replaced by a keyed hash, HMAC-SHA256 under the server's
// blind-index key (controller kServerController), bound to the entity
// type. The same id always gives the same pseudonym, so the accesses to
// one person can still be listed once the server computes its pseudonym
// (the DPO's audit queries, to come); without the key a pseudonym reveals
// nothing and cannot be checked against a guessed id.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_COMMON_AUDIT_PSEUDONYMS_H_
#define SUIVI_SERVICES_COMMON_AUDIT_PSEUDONYMS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/crypto/blind_index.h"
#include "core/crypto/key_store.h"

namespace suivi::services {

class AuditPseudonyms {
 public:
  // With the server's blind-index key from `keys` (created if missing).
  static absl::StatusOr<std::unique_ptr<AuditPseudonyms>> Open(crypto::KeyStore* keys);
  explicit AuditPseudonyms(const crypto::SecretKey& key) : indexer_(key) {}

  // Whether ids of `entity_type` (a charte entity type) are pseudonymised:
  // persons and cases.
  static bool Applies(absl::string_view entity_type);

  // "ps:" and 32 hex digits (128 bits of the HMAC). On the OpenSSL failure
  // the indexer can report, a constant that names no one.
  std::string Of(absl::string_view entity_type, absl::string_view id) const;

 private:
  crypto::BlindIndexer indexer_;
};

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_AUDIT_PSEUDONYMS_H_
