#include "core/store/encrypted_store.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/common/files.h"
#include "core/common/ids.h"
#include "core/common/rocksdb_util.h"
#include "core/common/status_macros.h"
#include "core/crypto/sealed_record.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

namespace suivi::store {
namespace {

crypto::RecordContext ContextOf(const RecordKey& key, absl::string_view encoded) {
  return crypto::RecordContext{key.territory, key.family, encoded,
                               key.field_class};
}

absl::Status UnknownFamily() {
  return absl::InvalidArgumentError("famille de colonnes inconnue du magasin");
}

}  // namespace

// The store as a command sees it: the committed state overlaid with the
// writes of the commands before it in the same group. With an empty
// overlay it is the committed state, and serves EncryptedStore::Scan too.
class EncryptedStore::GroupView final : public StoreView {
 public:
  explicit GroupView(const EncryptedStore* store) : store_(store) {}

  // Records a write of the group: `plaintext` or, for a delete, nullopt.
  void Record(const std::string& family, std::string encoded,
              std::optional<std::string> plaintext) {
    overlay_[{family, std::move(encoded)}] = std::move(plaintext);
  }

  absl::StatusOr<std::string> Get(const RecordKey& key) const override {
    RETURN_IF_ERROR(key.Validate());
    std::string encoded = key.Encode();
    auto it = overlay_.find({key.family, encoded});
    if (it != overlay_.end()) {
      if (!it->second.has_value()) return absl::NotFoundError("enregistrement absent");
      return *it->second;
    }
    return store_->GetEncoded(key, encoded);
  }

  absl::Status Scan(absl::string_view family, absl::string_view territory,
                    absl::string_view entity_prefix,
                    Visitor visit) const override;

 private:
  using Overlay = std::map<std::pair<std::string, std::string>,
                           std::optional<std::string>>;
  const EncryptedStore* const store_;
  Overlay overlay_;
};

absl::Status EncryptedStore::GroupView::Scan(absl::string_view family,
                                             absl::string_view territory,
                                             absl::string_view entity_prefix,
                                             Visitor visit) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * handle, store_->Family(family));
  const std::string prefix = EncodeScanPrefix(territory, entity_prefix);
  const std::string family_name(family);
  auto overlay = overlay_.lower_bound({family_name, prefix});
  const auto overlay_valid = [&] {
    return overlay != overlay_.end() && overlay->first.first == family_name &&
           absl::string_view(overlay->first.second).substr(0, prefix.size()) == prefix;
  };
  std::unique_ptr<rocksdb::Iterator> it(
      store_->db_->NewIterator(rocksdb::ReadOptions(), handle));
  it->Seek(ToSlice(prefix));
  while (true) {
    const bool db_valid = it->Valid() && it->key().starts_with(ToSlice(prefix));
    const bool from_overlay = overlay_valid();
    if (!db_valid && !from_overlay) break;
    const absl::string_view db_key = db_valid ? ToStringView(it->key()) : "";
    bool keep_going = true;
    if (from_overlay && (!db_valid || overlay->first.second <= db_key)) {
      if (db_valid && overlay->first.second == db_key) it->Next();
      const auto& [names, plaintext] = *overlay;
      ++overlay;
      if (!plaintext.has_value()) continue;  // deleted in this group
      ASSIGN_OR_RETURN(RecordKey key, RecordKey::Decode(family, names.second));
      keep_going = visit(key, *plaintext);
    } else {
      ASSIGN_OR_RETURN(RecordKey key, RecordKey::Decode(family, db_key));
      keep_going = visit(key, store_->OpenSealed(key, db_key,
                                                 ToStringView(it->value())));
      it->Next();
    }
    if (!keep_going) return absl::OkStatus();
  }
  return FromRocksDb(it->status(), "parcours du magasin");
}

absl::StatusOr<std::unique_ptr<EncryptedStore>> EncryptedStore::Open(
    const StoreOptions& options, crypto::DataKeySource* keys) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("répertoire des données non indiqué");
  }
  if (keys == nullptr) return absl::InvalidArgumentError("magasin de clés absent");
  if (options.max_group_size == 0) {
    return absl::InvalidArgumentError("max_group_size doit être positif");
  }
  for (const std::string& family : options.column_families) {
    if (!IsValidId(family)) {
      return absl::InvalidArgumentError("nom de famille de colonnes invalide");
    }
  }
  // Files in an injected environment (tests) are not on this file system.
  if (options.env == nullptr) RETURN_IF_ERROR(CreatePrivateDirectory(options.path));
  std::unique_ptr<EncryptedStore> store(new EncryptedStore(options, keys));
  RETURN_IF_ERROR(store->OpenDb());
  store->queue_ = std::make_unique<CommitQueue<Pending>>(
      [s = store.get()](std::vector<Pending>& group) { s->WriteGroup(group); },
      [](Pending& rejected) {
        rejected.done(absl::UnavailableError("magasin en cours de fermeture"));
      },
      options.max_group_size);
  return store;
}

EncryptedStore::EncryptedStore(const StoreOptions& options,
                               crypto::DataKeySource* keys)
    : options_(options), keys_(keys) {}

EncryptedStore::~EncryptedStore() {
  if (queue_ != nullptr) queue_->Stop();
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::Status EncryptedStore::OpenDb() {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  if (options_.env != nullptr) db_options.env = options_.env;

  std::vector<std::string> names;
  // A store that does not exist yet has no families to list.
  rocksdb::DB::ListColumnFamilies(db_options, options_.path, &names)
      .PermitUncheckedError();
  names.push_back(rocksdb::kDefaultColumnFamilyName);
  names.insert(names.end(), options_.column_families.begin(),
               options_.column_families.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(db_options));
  }
  rocksdb::DB* raw_db = nullptr;
  RETURN_IF_ERROR(FromRocksDb(
      rocksdb::DB::Open(db_options, options_.path, descriptors, &handles_, &raw_db),
      "ouverture du magasin de données"));
  db_.reset(raw_db);
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    families_[handle->GetName()] = handle;
  }
  return absl::OkStatus();
}

absl::StatusOr<rocksdb::ColumnFamilyHandle*> EncryptedStore::Family(
    absl::string_view name) const {
  auto it = families_.find(name);
  if (it == families_.end()) return UnknownFamily();
  return it->second;
}

absl::StatusOr<std::string> EncryptedStore::Get(const RecordKey& key) const {
  RETURN_IF_ERROR(key.Validate());
  return GetEncoded(key, key.Encode());
}

absl::StatusOr<std::string> EncryptedStore::GetEncoded(
    const RecordKey& key, absl::string_view encoded) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * handle, Family(key.family));
  rocksdb::PinnableSlice sealed;  // read in place from the block cache
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handle, ToSlice(encoded), &sealed);
  if (s.IsNotFound()) return absl::NotFoundError("enregistrement absent");
  RETURN_IF_ERROR(FromRocksDb(s, "lecture du magasin"));
  return OpenSealed(key, encoded, ToStringView(sealed));
}

absl::Status EncryptedStore::Scan(absl::string_view family,
                                  absl::string_view territory,
                                  absl::string_view entity_prefix,
                                  Visitor visit) const {
  return GroupView(this).Scan(family, territory, entity_prefix, visit);
}

absl::StatusOr<std::string> EncryptedStore::OpenSealed(
    const RecordKey& key, absl::string_view encoded,
    absl::string_view sealed) const {
  ASSIGN_OR_RETURN(crypto::SealedHeader header, crypto::ParseSealedHeader(sealed));
  absl::StatusOr<std::shared_ptr<const crypto::DataKey>> data_key =
      keys_->FindDataKey(header.key_id);
  if (absl::IsNotFound(data_key.status())) {
    return absl::DataLossError(
        "enregistrement chiffré sous une clé inconnue du magasin de clés");
  }
  if (!data_key.ok()) return data_key.status();
  return crypto::OpenRecord(**data_key, ContextOf(key, encoded), sealed);
}

absl::StatusOr<std::string> EncryptedStore::Seal(
    const RecordKey& key, absl::string_view encoded,
    absl::string_view data_key_id, absl::string_view plaintext) const {
  absl::StatusOr<std::shared_ptr<const crypto::DataKey>> data_key =
      keys_->FindDataKey(data_key_id);
  if (absl::IsNotFound(data_key.status()) ||
      crypto::IsKeyDestroyed(data_key.status())) {
    return absl::FailedPreconditionError(
        "écriture refusée : clé de chiffrement inconnue ou détruite");
  }
  if (!data_key.ok()) return data_key.status();
  return crypto::SealRecord(**data_key, ContextOf(key, encoded), plaintext);
}

void EncryptedStore::Submit(Command command, Completion done) {
  queue_->Submit(Pending{std::move(command), std::move(done)});
}

absl::Status EncryptedStore::Execute(Command command) {
  absl::Notification finished;
  absl::Status outcome;
  Submit(std::move(command), [&](absl::Status status) {
    outcome = std::move(status);
    finished.Notify();
  });
  finished.WaitForNotification();
  return outcome;
}

void EncryptedStore::WriteGroup(std::vector<Pending>& group) {
  GroupView view(this);
  rocksdb::WriteBatch batch;
  std::vector<absl::Status> outcomes;
  outcomes.reserve(group.size());
  for (Pending& pending : group) {
    outcomes.push_back(ApplyCommand(pending, view, &batch));
  }
  if (batch.Count() > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    absl::Status written =
        FromRocksDb(db_->Write(write_options, &batch), "écriture du magasin");
    if (!written.ok()) {
      // Nothing of the group is durable: every command that would have
      // written fails, and the overlay dies with `view`.
      const absl::Status failed = absl::UnavailableError(
          absl::StrCat("rien n'a été enregistré : ", written.message()));
      for (absl::Status& outcome : outcomes) {
        if (outcome.ok()) outcome = failed;
      }
    }
  }
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i].done) group[i].done(std::move(outcomes[i]));
  }
}

absl::Status EncryptedStore::ApplyCommand(Pending& pending, GroupView& view,
                                          rocksdb::WriteBatch* batch) {
  WriteSet writes;
  RETURN_IF_ERROR(pending.command(view, &writes));
  struct Prepared {
    rocksdb::ColumnFamilyHandle* handle;
    const WriteSet::Op* op;
    std::string encoded;
    std::string sealed;
  };
  std::vector<Prepared> prepared;
  prepared.reserve(writes.size());
  // Seal every write first, so that a failure leaves the batch untouched.
  for (const WriteSet::Op& op : writes.ops_) {
    RETURN_IF_ERROR(op.key.Validate());
    ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * handle, Family(op.key.family));
    Prepared p{handle, &op, op.key.Encode(), {}};
    if (!op.is_delete) {
      ASSIGN_OR_RETURN(p.sealed, Seal(op.key, p.encoded, op.data_key_id, op.plaintext));
    }
    prepared.push_back(std::move(p));
  }
  batch->SetSavePoint();
  for (const Prepared& p : prepared) {
    rocksdb::Status s = p.op->is_delete
                            ? batch->Delete(p.handle, ToSlice(p.encoded))
                            : batch->Put(p.handle, ToSlice(p.encoded), ToSlice(p.sealed));
    if (!s.ok()) {
      batch->RollbackToSavePoint().PermitUncheckedError();
      return FromRocksDb(s, "préparation du lot");
    }
  }
  batch->PopSavePoint().PermitUncheckedError();
  for (Prepared& p : prepared) {
    view.Record(p.op->key.family, std::move(p.encoded),
                p.op->is_delete ? std::nullopt
                                : std::optional<std::string>(p.op->plaintext));
  }
  return absl::OkStatus();
}

}  // namespace suivi::store
