#include "core/audit/audit_chain.h"

#include <openssl/evp.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "core/common/coding.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace suivi::audit {
namespace {

constexpr uint8_t kHeadFormat = 1;
constexpr size_t kHeadBytes = 1 + 8 + kHashBytes;

store::RecordKey AuditKey(std::string entity) {
  return store::RecordKey{kAuditFamily, kAuditTerritory, std::move(entity),
                          crypto::FieldClass::kAdministratif};
}

// Fetched once: an implicit fetch per call (EVP_sha256()) costs a lookup.
const EVP_MD* Sha256() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string ChainEntity(uint64_t sequence) {
  return absl::StrFormat("%s%020d", kChainPrefix, sequence);
}

std::optional<uint64_t> ParseChainEntity(absl::string_view entity) {
  if (!absl::ConsumePrefix(&entity, kChainPrefix)) return std::nullopt;
  if (entity.size() != kSequenceDigits) return std::nullopt;
  for (char c : entity) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(entity, &sequence)) return std::nullopt;
  return sequence;
}

store::RecordKey ChainKey(uint64_t sequence) {
  return AuditKey(ChainEntity(sequence));
}
store::RecordKey HeadKey() { return AuditKey(kHeadEntity); }
store::RecordKey KeyRecordKey() { return AuditKey(kKeyEntity); }

std::string EncodeHead(const AuditHead& head) {
  std::string out;
  out.reserve(kHeadBytes);
  out.push_back(static_cast<char>(kHeadFormat));
  PutFixed64(&out, head.sequence);
  out.append(head.hash);
  return out;
}

absl::StatusOr<AuditHead> DecodeHead(absl::string_view encoded) {
  ByteReader reader(encoded);
  uint8_t format = 0;
  AuditHead head;
  absl::string_view hash;
  if (encoded.size() != kHeadBytes || !reader.ReadByte(&format) ||
      format != kHeadFormat || !reader.ReadFixed64(&head.sequence) ||
      !reader.ReadBytes(kHashBytes, &hash)) {
    return absl::DataLossError("tête du journal d'audit mal formée");
  }
  head.hash = std::string(hash);
  return head;
}

absl::StatusOr<std::string> SerializeRecord(const v1::AuditRecord& record) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    // Fixes the order of anything protobuf may otherwise reorder (maps),
    // should the record ever gain one.
    coded.SetSerializationDeterministic(true);
    if (!record.SerializeToCodedStream(&coded)) {
      return absl::InternalError("sérialisation de l'enregistrement d'audit");
    }
  }
  return out;
}

absl::StatusOr<std::string> ChainHash(absl::string_view previous_hash,
                                      absl::string_view bytes) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  std::string hash(kHashBytes, '\0');
  unsigned int length = 0;
  if (ctx == nullptr || Sha256() == nullptr ||
      EVP_DigestInit_ex2(ctx.get(), Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), previous_hash.data(), previous_hash.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(hash.data()),
                         &length) != 1 ||
      length != kHashBytes) {
    return absl::InternalError("calcul de l'empreinte SHA-256 impossible");
  }
  return hash;
}

}  // namespace suivi::audit
