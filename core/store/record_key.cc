#include "core/store/record_key.h"

#include "absl/strings/str_cat.h"
#include "core/common/ids.h"
#include "core/common/status_macros.h"

namespace suivi::store {

absl::Status RecordKey::Validate() const {
  if (!IsValidId(family)) {
    return absl::InvalidArgumentError("clé d'enregistrement : famille invalide");
  }
  if (!IsValidId(territory, kMaxTerritoryBytes)) {
    return absl::InvalidArgumentError("clé d'enregistrement : territoire invalide");
  }
  if (!IsValidId(entity, kMaxEntityBytes)) {
    return absl::InvalidArgumentError("clé d'enregistrement : entité invalide");
  }
  if (!crypto::FieldClassFromCode(static_cast<uint8_t>(field_class)).ok()) {
    return absl::InvalidArgumentError(
        "clé d'enregistrement : classe de données invalide");
  }
  return absl::OkStatus();
}

std::string RecordKey::Encode() const {
  std::string out;
  out.reserve(territory.size() + entity.size() + 3);
  out.append(territory).push_back('\0');
  out.append(entity).push_back('\0');
  out.push_back(static_cast<char>(field_class));
  return out;
}

absl::StatusOr<RecordKey> RecordKey::Decode(absl::string_view family,
                                            absl::string_view encoded) {
  const size_t first = encoded.find('\0');
  // The class code is the last byte, after the second separator.
  if (first == absl::string_view::npos || encoded.size() < first + 4 ||
      encoded[encoded.size() - 2] != '\0') {
    return absl::DataLossError("clé d'enregistrement illisible");
  }
  RecordKey key;
  key.family = std::string(family);
  key.territory = std::string(encoded.substr(0, first));
  key.entity =
      std::string(encoded.substr(first + 1, encoded.size() - first - 3));
  absl::StatusOr<crypto::FieldClass> field_class =
      crypto::FieldClassFromCode(static_cast<uint8_t>(encoded.back()));
  if (!field_class.ok()) return absl::DataLossError("clé d'enregistrement illisible");
  key.field_class = *field_class;
  if (!key.Validate().ok()) return absl::DataLossError("clé d'enregistrement illisible");
  return key;
}

std::string EncodeScanPrefix(absl::string_view territory,
                             absl::string_view entity_prefix) {
  return absl::StrCat(territory, absl::string_view("\0", 1), entity_prefix);
}

}  // namespace suivi::store
