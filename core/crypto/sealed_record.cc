#include "core/crypto/sealed_record.h"

#include "core/common/coding.h"
#include "core/common/ids.h"
#include "core/common/status_macros.h"
#include "core/crypto/aead.h"

namespace suivi::crypto {
namespace {

constexpr absl::string_view kAadDomain("suivi.record.v1", 16);  // with NUL

void AppendHeader(const DataKey& key, std::string* out) {
  out->push_back(static_cast<char>(kSealedRecordFormat));
  out->push_back(static_cast<char>(key.id.size()));
  out->append(key.id);
  PutFixed32(out, key.version);
}

std::string AssociatedData(absl::string_view header,
                           const RecordContext& where, uint32_t key_version) {
  std::string aad;
  aad.reserve(kAadDomain.size() + header.size() + 3 * 4 + where.territory.size() +
              where.column_family.size() + where.record_key.size() + 1 + 4);
  aad.append(kAadDomain.data(), kAadDomain.size());
  aad.append(header.data(), header.size());
  PutLengthPrefixed(&aad, where.territory);
  PutLengthPrefixed(&aad, where.column_family);
  PutLengthPrefixed(&aad, where.record_key);
  aad.push_back(static_cast<char>(where.field_class));
  PutFixed32(&aad, key_version);
  return aad;
}

// Splits `sealed` into its header (parsed and raw bytes) and AEAD body.
absl::Status SplitSealed(absl::string_view sealed, SealedHeader* header,
                         absl::string_view* header_bytes,
                         absl::string_view* body) {
  ByteReader reader(sealed);
  uint8_t key_id_size = 0;
  absl::string_view key_id;
  if (!reader.ReadByte(&header->format) || !reader.ReadByte(&key_id_size) ||
      !reader.ReadBytes(key_id_size, &key_id) ||
      !reader.ReadFixed32(&header->key_version)) {
    return absl::DataLossError("enregistrement chiffré illisible (en-tête tronqué)");
  }
  if (header->format != kSealedRecordFormat) {
    return absl::DataLossError(
        "enregistrement chiffré d'un format inconnu de cette version de Suivi");
  }
  header->key_id = key_id;
  *header_bytes = sealed.substr(0, sealed.size() - reader.remaining().size());
  *body = reader.remaining();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> SealRecord(const DataKey& key,
                                       const RecordContext& where,
                                       absl::string_view plaintext) {
  if (!IsValidId(key.id, kMaxKeyIdBytes)) {
    return absl::InvalidArgumentError("identifiant de clé invalide");
  }
  std::string sealed;
  sealed.reserve(2 + key.id.size() + 4 + kNonceBytes + plaintext.size() +
                 kTagBytes);
  AppendHeader(key, &sealed);
  const std::string aad = AssociatedData(sealed, where, key.version);
  RETURN_IF_ERROR(AeadSeal(key.key, plaintext, aad, &sealed));
  return sealed;
}

absl::StatusOr<SealedHeader> ParseSealedHeader(absl::string_view sealed) {
  SealedHeader header;
  absl::string_view header_bytes, body;
  RETURN_IF_ERROR(SplitSealed(sealed, &header, &header_bytes, &body));
  return header;
}

absl::StatusOr<std::string> OpenRecord(const DataKey& key,
                                       const RecordContext& where,
                                       absl::string_view sealed) {
  SealedHeader header;
  absl::string_view header_bytes, body;
  RETURN_IF_ERROR(SplitSealed(sealed, &header, &header_bytes, &body));
  if (header.key_id != key.id || header.key_version != key.version) {
    return absl::DataLossError(
        "enregistrement chiffré sous une autre clé que celle attendue");
  }
  return AeadOpen(key.key, body,
                  AssociatedData(header_bytes, where, header.key_version));
}

}  // namespace suivi::crypto
