#include "services/common/audit_pseudonyms.h"

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"

namespace suivi::services {

absl::StatusOr<std::unique_ptr<AuditPseudonyms>> AuditPseudonyms::Open(crypto::KeyStore* keys) {
  RETURN_IF_ERROR(keys->EnsureController(crypto::kServerController));
  ASSIGN_OR_RETURN(crypto::SecretKey key, keys->BlindIndexKey(crypto::kServerController));
  return std::make_unique<AuditPseudonyms>(key);
}

bool AuditPseudonyms::Applies(absl::string_view entity_type) {
  return entity_type == "Personne" || entity_type == "Dossier";
}

std::string AuditPseudonyms::Of(absl::string_view entity_type, absl::string_view id) const {
  absl::StatusOr<std::string> token =
      indexer_.Token(absl::StrCat("audit_", entity_type), {id});
  if (!token.ok()) return "ps:indisponible";
  return absl::StrCat("ps:", token->substr(0, 32));
}

}  // namespace suivi::services
