#include "core/crypto/key_store.h"

#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "core/common/coding.h"
#include "core/common/files.h"
#include "core/common/ids.h"
#include "core/common/rocksdb_util.h"
#include "core/common/status_macros.h"
#include "core/crypto/aead.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

namespace suivi::crypto {
namespace {

// Record names of the key store (docs/formats/record-encryption.md).
constexpr absl::string_view kCheckName = "meta/check";
constexpr absl::string_view kCheckPlaintext = "suivi-keystore";
constexpr absl::string_view kAadDomain("suivi.keystore.v1", 18);  // with NUL
constexpr absl::string_view kDestroyedPayloadUrl = "suivi/key-destroyed";

std::string ControllerName(absl::string_view controller) {
  return absl::StrCat("ctl/", controller);
}
std::string BlindName(absl::string_view controller) {
  return absl::StrCat("blind/", controller);
}
std::string DataKeyName(absl::string_view id) { return absl::StrCat("dk/", id); }
std::string GoneName(absl::string_view id) { return absl::StrCat("gone/", id); }
// Ids may contain '/' but never NUL: "own/a\0" cannot match controller "a/b".
std::string OwnedPrefix(absl::string_view controller) {
  return absl::StrCat("own/", controller, absl::string_view("\0", 1));
}

std::string Aad(absl::string_view name, absl::string_view extra = {}) {
  std::string aad(kAadDomain);
  PutLengthPrefixed(&aad, name);
  aad.append(extra.data(), extra.size());
  return aad;
}

// The clear part of a data key record, bound into its wrapping's AAD.
struct DataKeyMeta {
  std::string controller;
  uint32_t controller_version = 0;
  uint32_t key_version = 0;

  std::string Encode() const {
    std::string out;
    PutLengthPrefixed(&out, controller);
    PutFixed32(&out, controller_version);
    PutFixed32(&out, key_version);
    return out;
  }
};

absl::StatusOr<std::string> WrapDataKey(const DataKeyMeta& meta,
                                        absl::string_view id,
                                        const SecretKey& controller_key,
                                        const SecretKey& data_key) {
  std::string record = meta.Encode();
  RETURN_IF_ERROR(AeadSeal(controller_key, data_key.view(),
                           Aad(DataKeyName(id), record), &record));
  return record;
}

absl::Status MalformedKeyStore() {
  return absl::DataLossError("magasin de clés endommagé (enregistrement illisible)");
}

absl::Status KeyDestroyedError() {
  absl::Status status = absl::DataLossError(
      "données effacées définitivement : leur clé de chiffrement a été détruite");
  status.SetPayload(kDestroyedPayloadUrl, absl::Cord("1"));
  return status;
}

rocksdb::WriteOptions WriteOptionsFor(const KeyStoreOptions& options) {
  rocksdb::WriteOptions write_options;
  write_options.sync = options.sync;
  return write_options;
}

}  // namespace

bool IsKeyDestroyed(const absl::Status& status) {
  return status.GetPayload(kDestroyedPayloadUrl).has_value();
}

absl::StatusOr<std::unique_ptr<KeyStore>> KeyStore::Open(
    const KeyStoreOptions& options, KeyProvider* provider) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("répertoire du magasin de clés non indiqué");
  }
  if (provider == nullptr || options.clock == nullptr) {
    return absl::InvalidArgumentError("fournisseur de clé racine ou horloge absent");
  }
  ASSIGN_OR_RETURN(SecretKey root, provider->RootKey());
  RETURN_IF_ERROR(CreatePrivateDirectory(options.path));
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.paranoid_checks = true;
  // No WAL archive and no recycled WAL files: a destroyed key must not
  // survive in an old log.
  db_options.WAL_ttl_seconds = 0;
  db_options.WAL_size_limit_MB = 0;
  db_options.recycle_log_file_num = 0;
  rocksdb::DB* raw_db = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::DB::Open(db_options, options.path, &raw_db),
                              "ouverture du magasin de clés"));
  std::unique_ptr<KeyStore> store(
      new KeyStore(options, root, std::unique_ptr<rocksdb::DB>(raw_db)));
  RETURN_IF_ERROR(store->CheckRootKey());
  return store;
}

KeyStore::KeyStore(const KeyStoreOptions& options, const SecretKey& root,
                   std::unique_ptr<rocksdb::DB> db)
    : options_(options), root_(root), db_(std::move(db)) {}

KeyStore::~KeyStore() {
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
}

absl::Status KeyStore::CheckRootKey() {
  absl::StatusOr<std::string> check = ReadRecord(kCheckName);
  if (absl::IsNotFound(check.status())) {
    std::string sealed;
    RETURN_IF_ERROR(AeadSeal(root_, kCheckPlaintext, Aad(kCheckName), &sealed));
    return FromRocksDb(db_->Put(WriteOptionsFor(options_), ToSlice(kCheckName), sealed),
                       "écriture du magasin de clés");
  }
  if (!check.ok()) return check.status();
  absl::StatusOr<std::string> opened = AeadOpen(root_, *check, Aad(kCheckName));
  if (!opened.ok() || *opened != kCheckPlaintext) {
    return absl::FailedPreconditionError(
        "la clé racine ne correspond pas à ce magasin de clés");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> KeyStore::ReadRecord(absl::string_view name) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(name), &value);
  if (s.IsNotFound()) return absl::NotFoundError("absent du magasin de clés");
  RETURN_IF_ERROR(FromRocksDb(s, "lecture du magasin de clés"));
  return value;
}

absl::Status KeyStore::EnsureController(absl::string_view controller) {
  if (!IsValidId(controller)) {
    return absl::InvalidArgumentError("identifiant de responsable de traitement invalide");
  }
  absl::MutexLock write_lock(&write_mu_);
  absl::StatusOr<std::string> existing = ReadRecord(ControllerName(controller));
  if (existing.ok()) return absl::OkStatus();
  if (!absl::IsNotFound(existing.status())) return existing.status();

  std::string controller_record, blind_record;
  const SecretKey key = SecretKey::Generate();
  std::string plaintext;
  PutFixed32(&plaintext, 1);
  plaintext.append(key.view().data(), kKeyBytes);
  RETURN_IF_ERROR(AeadSeal(root_, plaintext, Aad(ControllerName(controller)),
                           &controller_record));
  OPENSSL_cleanse(plaintext.data(), plaintext.size());
  RETURN_IF_ERROR(AeadSeal(root_, SecretKey::Generate().view(),
                           Aad(BlindName(controller)), &blind_record));
  rocksdb::WriteBatch batch;
  batch.Put(ControllerName(controller), controller_record);
  batch.Put(BlindName(controller), blind_record);
  return FromRocksDb(db_->Write(WriteOptionsFor(options_), &batch),
                     "écriture du magasin de clés");
}

absl::StatusOr<KeyStore::ControllerKey> KeyStore::ControllerKeyLocked(
    absl::string_view controller) {
  auto cached = controller_keys_.find(controller);
  if (cached != controller_keys_.end()) return cached->second;
  const std::string name = ControllerName(controller);
  absl::StatusOr<std::string> record = ReadRecord(name);
  if (absl::IsNotFound(record.status())) {
    return absl::NotFoundError("responsable de traitement sans clé");
  }
  if (!record.ok()) return record.status();
  ASSIGN_OR_RETURN(std::string plaintext, AeadOpen(root_, *record, Aad(name)));
  ByteReader reader(plaintext);
  ControllerKey key;
  absl::string_view material;
  if (!reader.ReadFixed32(&key.version) || !reader.ReadBytes(kKeyBytes, &material)) {
    return MalformedKeyStore();
  }
  key.key = SecretKey(material);
  OPENSSL_cleanse(plaintext.data(), plaintext.size());
  controller_keys_[controller] = key;
  return key;
}

absl::StatusOr<uint32_t> KeyStore::ControllerKeyVersion(
    absl::string_view controller) {
  absl::MutexLock lock(&cache_mu_);
  ASSIGN_OR_RETURN(ControllerKey key, ControllerKeyLocked(controller));
  return key.version;
}

absl::StatusOr<std::string> KeyStore::CreateDataKey(absl::string_view controller) {
  absl::MutexLock write_lock(&write_mu_);
  absl::StatusOr<ControllerKey> controller_key;
  {
    absl::MutexLock lock(&cache_mu_);
    controller_key = ControllerKeyLocked(controller);
  }
  if (absl::IsNotFound(controller_key.status())) {
    return absl::FailedPreconditionError(
        "responsable de traitement inconnu du magasin de clés");
  }
  if (!controller_key.ok()) return controller_key.status();

  const std::string id = NewRandomId();
  const SecretKey data_key = SecretKey::Generate();
  const DataKeyMeta meta{std::string(controller), controller_key->version, 1};
  ASSIGN_OR_RETURN(std::string record,
                   WrapDataKey(meta, id, controller_key->key, data_key));
  rocksdb::WriteBatch batch;
  batch.Put(DataKeyName(id), record);
  batch.Put(OwnedPrefix(controller) + id, "");
  RETURN_IF_ERROR(FromRocksDb(db_->Write(WriteOptionsFor(options_), &batch),
                              "écriture du magasin de clés"));
  return id;
}

absl::StatusOr<std::shared_ptr<const DataKey>> KeyStore::FindDataKey(
    absl::string_view id) {
  {
    absl::ReaderMutexLock lock(&cache_mu_);
    auto cached = data_keys_.find(id);
    if (cached != data_keys_.end()) return cached->second;
  }
  absl::MutexLock lock(&cache_mu_);
  auto cached = data_keys_.find(id);
  if (cached != data_keys_.end()) return cached->second;
  ASSIGN_OR_RETURN(std::shared_ptr<const DataKey> key, LoadDataKey(id));
  if (data_keys_.size() >= options_.cache_capacity) data_keys_.clear();
  data_keys_.emplace(std::string(id), key);
  return key;
}

absl::StatusOr<std::shared_ptr<const DataKey>> KeyStore::LoadDataKey(
    absl::string_view id) {
  absl::StatusOr<std::string> record = ReadRecord(DataKeyName(id));
  if (absl::IsNotFound(record.status())) {
    if (ReadRecord(GoneName(id)).ok()) return KeyDestroyedError();
    return absl::NotFoundError("clé de chiffrement inconnue");
  }
  if (!record.ok()) return record.status();

  ByteReader reader(*record);
  DataKeyMeta meta;
  absl::string_view controller;
  if (!reader.ReadLengthPrefixed(&controller) ||
      !reader.ReadFixed32(&meta.controller_version) ||
      !reader.ReadFixed32(&meta.key_version)) {
    return MalformedKeyStore();
  }
  meta.controller = std::string(controller);
  ASSIGN_OR_RETURN(ControllerKey controller_key, ControllerKeyLocked(controller));
  if (controller_key.version != meta.controller_version) {
    return absl::DataLossError(
        "clé de données emballée par une version retirée de la clé du responsable");
  }
  ASSIGN_OR_RETURN(std::string material,
                   AeadOpen(controller_key.key, reader.remaining(),
                            Aad(DataKeyName(id), meta.Encode())));
  if (material.size() != kKeyBytes) return MalformedKeyStore();
  auto key = std::make_shared<DataKey>();
  key->id = std::string(id);
  key->version = meta.key_version;
  key->controller = meta.controller;
  key->key = SecretKey(material);
  OPENSSL_cleanse(material.data(), material.size());
  return key;
}

absl::Status KeyStore::DestroyDataKey(absl::string_view id) {
  {
    absl::MutexLock write_lock(&write_mu_);
    absl::StatusOr<std::string> record = ReadRecord(DataKeyName(id));
    if (absl::IsNotFound(record.status())) {
      if (ReadRecord(GoneName(id)).ok()) return absl::OkStatus();
      return absl::NotFoundError("clé de chiffrement inconnue");
    }
    if (!record.ok()) return record.status();
    ByteReader reader(*record);
    absl::string_view controller;
    if (!reader.ReadLengthPrefixed(&controller)) return MalformedKeyStore();

    std::string destroyed_at;
    PutFixed64(&destroyed_at,
               static_cast<uint64_t>(absl::ToUnixSeconds(options_.clock->Now())));
    rocksdb::WriteBatch batch;
    batch.Delete(DataKeyName(id));
    batch.Delete(OwnedPrefix(controller) + std::string(id));
    batch.Put(GoneName(id), destroyed_at);
    absl::MutexLock lock(&cache_mu_);
    RETURN_IF_ERROR(FromRocksDb(db_->Write(WriteOptionsFor(options_), &batch),
                                "écriture du magasin de clés"));
    data_keys_.erase(id);
  }
  return CompactEverything();
}

absl::Status KeyStore::CompactEverything() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  RETURN_IF_ERROR(FromRocksDb(db_->Flush(flush), "vidage du magasin de clés"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  compact.exclusive_manual_compaction = true;
  return FromRocksDb(db_->CompactRange(compact, nullptr, nullptr),
                     "compactage du magasin de clés");
}

absl::StatusOr<uint32_t> KeyStore::RotateControllerKey(
    absl::string_view controller) {
  uint32_t new_version = 0;
  {
    absl::MutexLock write_lock(&write_mu_);
    absl::MutexLock lock(&cache_mu_);
    ASSIGN_OR_RETURN(ControllerKey old_key, ControllerKeyLocked(controller));
    ControllerKey new_key{old_key.version + 1, SecretKey::Generate()};
    new_version = new_key.version;

    rocksdb::WriteBatch batch;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    const std::string prefix = OwnedPrefix(controller);
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      const std::string id = it->key().ToString().substr(prefix.size());
      ASSIGN_OR_RETURN(std::shared_ptr<const DataKey> data_key, LoadDataKey(id));
      const DataKeyMeta meta{std::string(controller), new_key.version,
                             data_key->version};
      ASSIGN_OR_RETURN(std::string record,
                       WrapDataKey(meta, id, new_key.key, data_key->key));
      batch.Put(DataKeyName(id), record);
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "lecture du magasin de clés"));

    std::string plaintext, controller_record;
    PutFixed32(&plaintext, new_key.version);
    plaintext.append(new_key.key.view().data(), kKeyBytes);
    RETURN_IF_ERROR(AeadSeal(root_, plaintext, Aad(ControllerName(controller)),
                             &controller_record));
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    batch.Put(ControllerName(controller), controller_record);
    RETURN_IF_ERROR(FromRocksDb(db_->Write(WriteOptionsFor(options_), &batch),
                                "écriture du magasin de clés"));
    controller_keys_[controller] = new_key;
  }
  RETURN_IF_ERROR(CompactEverything());
  return new_version;
}

absl::StatusOr<SecretKey> KeyStore::BlindIndexKey(absl::string_view controller) {
  const std::string name = BlindName(controller);
  absl::StatusOr<std::string> record = ReadRecord(name);
  if (absl::IsNotFound(record.status())) {
    return absl::NotFoundError("responsable de traitement sans clé d'index");
  }
  if (!record.ok()) return record.status();
  ASSIGN_OR_RETURN(std::string material, AeadOpen(root_, *record, Aad(name)));
  if (material.size() != kKeyBytes) return MalformedKeyStore();
  SecretKey key(material);
  OPENSSL_cleanse(material.data(), material.size());
  return key;
}

absl::StatusOr<std::string> KeyStore::StoredDataKeyRecordForTesting(
    absl::string_view id) {
  return ReadRecord(DataKeyName(id));
}

}  // namespace suivi::crypto
