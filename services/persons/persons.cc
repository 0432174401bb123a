// Persons: opening, look-ups, reads and search. The changes are in
// persons_changes.cc.

#include "services/persons/persons.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/ids.h"
#include "core/common/status_macros.h"
#include "policy/enforcement/charte_entities.h"
#include "services/directory/directory_entities.h"
#include "services/directory/validation.h"
#include "services/persons/person_layout.h"
#include "services/persons/person_validation.h"

namespace suivi::persons {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("champ ", field, " : ", what));
}

const v1::Controller* FindController(const v1::Territory& territory,
                                     absl::string_view controller_id) {
  for (const v1::Controller& c : territory.controllers()) {
    if (c.id() == controller_id) return &c;
  }
  return nullptr;
}

// The commune controller of `commune_id`, or nullptr.
const v1::Controller* CommuneController(const v1::Territory& territory,
                                        absl::string_view commune_id) {
  if (commune_id.empty()) return nullptr;
  for (const v1::Controller& c : territory.controllers()) {
    if (c.kind() == v1::CONTROLLER_KIND_COMMUNE && c.commune_id() == commune_id) return &c;
  }
  return nullptr;
}

template <typename Proto>
absl::StatusOr<Proto> ParseRecord(const std::string& bytes) {
  Proto proto;
  if (!proto.ParseFromString(bytes)) {
    return absl::DataLossError("fiche de personne illisible : enregistrement endommagé");
  }
  return proto;
}

IndexedIdentity ToIndexed(const PersonMeta& meta, const v1::Identite& identite) {
  IndexedIdentity indexed;
  indexed.person_id = meta.id;
  indexed.controller_id = meta.controller_id;
  indexed.nom = identite.nom();
  indexed.prenoms.assign(identite.prenoms().begin(), identite.prenoms().end());
  indexed.date_naissance = BirthDay(identite);
  return indexed;
}

}  // namespace

// A person's records as a territory scan meets them.
struct Persons::Loaded {
  std::optional<v1::Identite> identite;
  std::optional<store::v1::PersonAdministratif> administratif;
};

Persons::Persons(store::EncryptedStore* store, crypto::KeyStore* keys,
                 const directory::Directory* directory, const Clock* clock)
    : store_(store), keys_(keys), directory_(directory), clock_(clock) {}

absl::StatusOr<std::unique_ptr<Persons>> Persons::Open(store::EncryptedStore* store,
                                                       crypto::KeyStore* keys,
                                                       const directory::Directory* directory,
                                                       const Clock* clock) {
  std::unique_ptr<Persons> persons(new Persons(store, keys, directory, clock));
  for (const auto& [territory_id, territory] : directory->state()->territories) {
    RETURN_IF_ERROR(persons->LoadTerritory(territory_id));
  }
  return persons;
}

// Reads every person of the territory and indexes its identity. A person
// whose data key was destroyed (erased on purpose) is skipped.
absl::Status Persons::LoadTerritory(absl::string_view territory_id) {
  const v1::Territory* territory = directory_->state()->FindTerritory(territory_id);
  // The scan meets a person's classes one after the other (key order), so
  // each person is indexed as soon as its records are read, and dropped.
  std::string current_id;
  Loaded current;
  auto index_current = [&] {
    if (current.identite.has_value() && current.administratif.has_value()) {
      const store::v1::PersonAdministratif& admin = *current.administratif;
      PersonMeta meta{current_id, std::string(territory_id), admin.controller_id(), "",
                      admin.organisation_id()};
      const v1::Controller* controller =
          territory == nullptr ? nullptr : FindController(*territory, admin.controller_id());
      if (controller != nullptr) meta.controller_commune_id = controller->commune_id();
      Remember(meta, *current.identite);
    }
    current = Loaded();
  };
  absl::Status failure;
  RETURN_IF_ERROR(store_->Scan(
      kPersonsFamily, territory_id, kPersonPrefix,
      [&](const store::RecordKey& key, absl::StatusOr<std::string> value) {
        std::string id = PersonIdOf(key.entity);
        if (id.empty() || key.field_class == crypto::FieldClass::kCoordonnees) return true;
        if (id != current_id) {
          index_current();
          current_id = std::move(id);
        }
        if (!value.ok()) {
          if (crypto::IsKeyDestroyed(value.status())) return true;
          failure = value.status();
          return false;
        }
        failure = Collect(key.field_class, *value, current);
        return failure.ok();
      }));
  RETURN_IF_ERROR(failure);
  index_current();
  return absl::OkStatus();
}

absl::Status Persons::Collect(crypto::FieldClass field_class, const std::string& value,
                              Loaded& person) {
  if (field_class == crypto::FieldClass::kIdentite) {
    ASSIGN_OR_RETURN(person.identite, ParseRecord<v1::Identite>(value));
  } else if (field_class == crypto::FieldClass::kAdministratif) {
    ASSIGN_OR_RETURN(person.administratif, ParseRecord<store::v1::PersonAdministratif>(value));
  }
  return absl::OkStatus();
}

absl::StatusOr<PersonMeta> Persons::Find(absl::string_view id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = metas_.find(id);
  if (it == metas_.end()) return absl::NotFoundError("personne introuvable");
  return it->second;
}

absl::Status Persons::CheckCommune(absl::string_view territory_id, absl::string_view commune_id,
                                   absl::string_view field) const {
  if (commune_id.empty()) return absl::OkStatus();
  const v1::Territory* territory = directory_->state()->FindTerritory(territory_id);
  if (territory != nullptr) {
    for (const v1::Commune& c : territory->communes()) {
      if (c.id() == commune_id) return absl::OkStatus();
    }
  }
  return Invalid(field, "commune inconnue dans ce territoire");
}

absl::Status Persons::CheckController(absl::string_view territory_id,
                                      absl::string_view controller_id,
                                      absl::string_view field) const {
  const v1::Territory* territory = directory_->state()->FindTerritory(territory_id);
  if (territory != nullptr && FindController(*territory, controller_id) != nullptr) {
    return absl::OkStatus();
  }
  return Invalid(field, "responsable de traitement inconnu dans ce territoire");
}

absl::StatusOr<NewPerson> Persons::PlanCreation(const v1::CreatePersonRequest& request,
                                                const std::string& organisation_id) const {
  std::shared_ptr<const directory::DirectoryState> state = directory_->state();
  if (request.territory_id().empty()) return Invalid("territory_id", "obligatoire");
  const v1::Territory* territory = state->FindTerritory(request.territory_id());
  if (territory == nullptr) return Invalid("territory_id", "territoire inconnu");
  const v1::Controller* controller = nullptr;
  if (request.controller_id().empty()) {
    const v1::Organisation* organisation = state->FindOrganisation(organisation_id);
    controller = CommuneController(*territory,
                                   organisation == nullptr ? "" : organisation->commune_id());
    if (controller == nullptr) {
      return Invalid("controller_id",
                     "précisez le responsable de traitement : votre organisation ne relève "
                     "d'aucune commune de ce territoire");
    }
  } else {
    controller = FindController(*territory, request.controller_id());
    if (controller == nullptr) {
      return Invalid("controller_id", "responsable de traitement inconnu dans ce territoire");
    }
  }
  RETURN_IF_ERROR(CheckCommune(territory->id(), request.commune_id(), "commune_id"));
  NewPerson person;
  person.meta = {NewRandomId(), territory->id(), controller->id(), controller->commune_id(),
                 organisation_id};
  person.commune_id = request.commune_id();
  person.identite = request.identite();
  person.coordonnees = request.coordonnees();
  return person;
}

absl::StatusOr<std::shared_ptr<const crypto::BlindIndexer>> Persons::IndexerFor(
    const PersonMeta& meta) const {
  const std::string name = directory::ControllerKeyName(meta.territory_id, meta.controller_id);
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = indexers_.find(name);
    if (it != indexers_.end()) return it->second;
  }
  // Outside the lock: the first use of a controller writes its keys.
  RETURN_IF_ERROR(keys_->EnsureController(name));
  ASSIGN_OR_RETURN(crypto::SecretKey key, keys_->BlindIndexKey(name));
  auto indexer = std::make_shared<const crypto::BlindIndexer>(key);
  absl::MutexLock lock(&mu_);
  return indexers_.try_emplace(name, std::move(indexer)).first->second;
}

absl::StatusOr<std::string> Persons::DoublonToken(const PersonMeta& meta,
                                                  const v1::Identite& identite) const {
  ASSIGN_OR_RETURN(std::shared_ptr<const crypto::BlindIndexer> indexer, IndexerFor(meta));
  return indexer->Token(kDoublonDomain,
                        {identite.nom(), identite.prenoms(0), identite.date_naissance()});
}

absl::StatusOr<std::vector<std::string>> Persons::LikelyDuplicates(
    const PersonMeta& meta, const v1::Identite& identite) const {
  ASSIGN_OR_RETURN(std::string token, DoublonToken(meta, identite));
  std::vector<std::string> ids;
  const std::string prefix = DoublonPrefix(meta.controller_id, token);
  RETURN_IF_ERROR(store_->Scan(kPersonsFamily, meta.territory_id, prefix,
                               [&](const store::RecordKey& key, absl::StatusOr<std::string>) {
                                 std::string id = key.entity.substr(prefix.size());
                                 if (id != meta.id) ids.push_back(std::move(id));
                                 return true;
                               }));
  absl::ReaderMutexLock lock(&mu_);
  auto index = indexes_.find(meta.territory_id);
  if (index == indexes_.end()) return ids;
  for (const SearchMatch& match : index->second->LikelyDuplicates(ToIndexed(meta, identite))) {
    if (std::find(ids.begin(), ids.end(), match.person_id) == ids.end()) {
      ids.push_back(match.person_id);
    }
  }
  return ids;
}

void Persons::Remember(const PersonMeta& meta, const v1::Identite& identite) {
  absl::MutexLock lock(&mu_);
  metas_[meta.id] = meta;
  std::unique_ptr<SearchIndex>& index = indexes_[meta.territory_id];
  if (index == nullptr) index = std::make_unique<SearchIndex>();
  index->Upsert(ToIndexed(meta, identite));
}

absl::StatusOr<PersonRecords> Persons::Read(const PersonMeta& meta,
                                            absl::Span<const crypto::FieldClass> classes) const {
  PersonRecords records;
  for (crypto::FieldClass field_class : classes) {
    absl::StatusOr<std::string> bytes = store_->Get(
        {kPersonsFamily, meta.territory_id, PersonEntity(meta.id), field_class});
    if (absl::IsNotFound(bytes.status())) continue;
    RETURN_IF_ERROR(bytes.status());
    if (field_class == crypto::FieldClass::kIdentite) {
      ASSIGN_OR_RETURN(records.identite, ParseRecord<v1::Identite>(*bytes));
    } else if (field_class == crypto::FieldClass::kCoordonnees) {
      ASSIGN_OR_RETURN(records.coordonnees, ParseRecord<v1::Coordonnees>(*bytes));
    } else if (field_class == crypto::FieldClass::kAdministratif) {
      ASSIGN_OR_RETURN(records.administratif,
                       ParseRecord<store::v1::PersonAdministratif>(*bytes));
    }  // a person has no other class
  }
  return records;
}

// Events are read one by one, class by class, so a class not asked for is
// never opened.
absl::StatusOr<std::vector<PersonHistoryEvent>> Persons::History(
    const PersonMeta& meta, absl::Span<const crypto::FieldClass> classes) const {
  ASSIGN_OR_RETURN(PersonRecords current, Read(meta, {crypto::FieldClass::kAdministratif}));
  if (!current.administratif.has_value()) return absl::DataLossError("fiche de personne incomplète");
  std::vector<PersonHistoryEvent> events;
  for (int64_t version = 1; version <= current.administratif->version(); ++version) {
    const std::string entity = HistoryEntity(meta.id, version);
    ASSIGN_OR_RETURN(std::string bytes, store_->Get({kPersonsFamily, meta.territory_id, entity,
                                                     crypto::FieldClass::kAdministratif}));
    PersonHistoryEvent event;
    ASSIGN_OR_RETURN(event.record, ParseRecord<store::v1::PersonEventRecord>(bytes));
    for (crypto::FieldClass field_class : classes) {
      const bool written = std::count(event.record.classes().begin(), event.record.classes().end(),
                                      static_cast<int>(field_class)) > 0;
      if (!written || field_class == crypto::FieldClass::kAdministratif) continue;
      ASSIGN_OR_RETURN(std::string value,
                       store_->Get({kPersonsFamily, meta.territory_id, entity, field_class}));
      if (field_class == crypto::FieldClass::kIdentite) {
        ASSIGN_OR_RETURN(event.identite, ParseRecord<v1::Identite>(value));
      } else if (field_class == crypto::FieldClass::kCoordonnees) {
        ASSIGN_OR_RETURN(event.coordonnees, ParseRecord<v1::Coordonnees>(value));
      }
    }
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<SearchMatch> Persons::Search(absl::string_view territory_id,
                                         const SearchQuery& query) const {
  absl::ReaderMutexLock lock(&mu_);
  auto index = indexes_.find(territory_id);
  if (index == indexes_.end()) return {};
  return index->second->Search(query);
}

policy::EntityUid Persons::UidOf(absl::string_view person_id) {
  return policy::charte::Uid("Personne", person_id);
}

policy::Entity Persons::EntityOf(const PersonMeta& meta) {
  policy::charte::PersonneFacts facts;
  facts.id = meta.id;
  facts.territoire = meta.territory_id;
  if (!meta.controller_commune_id.empty()) {
    facts.commune = directory::ScopedEntityId(meta.territory_id, meta.controller_commune_id);
  }
  facts.controleur = directory::ScopedEntityId(meta.territory_id, meta.controller_id);
  facts.organisation = meta.organisation_id;
  return policy::charte::Personne(facts);
}

size_t Persons::IndexedCount(absl::string_view territory_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto index = indexes_.find(territory_id);
  return index == indexes_.end() ? 0 : index->second->size();
}

size_t Persons::IndexMemoryBytes() const {
  absl::ReaderMutexLock lock(&mu_);
  size_t bytes = 0;
  for (const auto& [territory, index] : indexes_) bytes += index->ApproximateMemoryBytes();
  return bytes;
}

}  // namespace suivi::persons
