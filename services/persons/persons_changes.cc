// Persons: creation, rectification and legal representatives. Each change
// is one store command: the record, its history event, its blind-index
// entry and the call's audit record are written together or not at all.

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/day.h"
#include "core/common/status_macros.h"
#include "services/directory/validation.h"
#include "services/persons/person_layout.h"
#include "services/persons/person_validation.h"
#include "services/persons/persons.h"

namespace suivi::persons {
namespace {

using crypto::FieldClass;
using store::v1::PersonAdministratif;
using store::v1::PersonEventRecord;

constexpr char kDuplicateMessage[] =
    "une fiche de même nom, prénom et date de naissance existe déjà chez ce responsable de "
    "traitement";

PersonEventRecord NewEvent(v1::TypeEvenementPersonne type, int64_t version, const Author& author,
                           absl::Time now) {
  PersonEventRecord event;
  event.set_version(version);
  event.set_type(type);
  event.set_horodatage(FormatUtcTimestamp(now));
  event.set_user_id(author.user_id);
  event.set_organisation_id(author.organisation_id);
  return event;
}

absl::StatusOr<PersonAdministratif> ReadAdministratif(const store::StoreView& view,
                                                      const PersonMeta& meta) {
  ASSIGN_OR_RETURN(std::string bytes,
                   view.Get({kPersonsFamily, meta.territory_id, PersonEntity(meta.id),
                             FieldClass::kAdministratif}));
  PersonAdministratif admin;
  if (!admin.ParseFromString(bytes)) {
    return absl::DataLossError("fiche de personne illisible : enregistrement endommagé");
  }
  return admin;
}

absl::Status CheckVersion(const PersonAdministratif& admin, int64_t expected_version) {
  if (admin.version() == expected_version) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(
      "la fiche a été modifiée entre-temps (version ", admin.version(), ", vous aviez la version ",
      expected_version, ") : relisez-la puis recommencez ; rien n'a été enregistré"));
}

// ALREADY_EXISTS when a record of the controller is listed under `token`.
absl::Status RefuseExactDuplicate(const store::StoreView& view, const PersonMeta& meta,
                                  const std::string& token) {
  bool exists = false;
  RETURN_IF_ERROR(view.Scan(kPersonsFamily, meta.territory_id,
                            DoublonPrefix(meta.controller_id, token),
                            [&](const store::RecordKey&, absl::StatusOr<std::string>) {
                              exists = true;
                              return false;
                            }));
  return exists ? absl::AlreadyExistsError(kDuplicateMessage) : absl::OkStatus();
}

absl::Status AppendAudit(services::BatchAudit* audit, const store::StoreView& view,
                         store::WriteSet* writes) {
  return audit == nullptr ? absl::OkStatus() : audit->AppendAuditTo(view, writes);
}

}  // namespace

// Writes of one person's change, all sealed with the person's data key.
class Persons::PersonWrites {
 public:
  PersonWrites(const PersonMeta& meta, std::string data_key_id, store::WriteSet* writes)
      : meta_(meta), key_id_(std::move(data_key_id)), writes_(writes) {}

  void Put(const std::string& entity, FieldClass field_class,
           const google::protobuf::Message& value) {
    writes_->Put({kPersonsFamily, meta_.territory_id, entity, field_class}, key_id_,
                 value.SerializeAsString());
  }
  void Delete(const std::string& entity, FieldClass field_class) {
    writes_->Delete({kPersonsFamily, meta_.territory_id, entity, field_class});
  }
  // A value of the person, in its current record and in the event.
  void PutCurrentAndEvent(PersonEventRecord& event, FieldClass field_class,
                          const google::protobuf::Message& value) {
    Put(PersonEntity(meta_.id), field_class, value);
    Put(HistoryEntity(meta_.id, event.version()), field_class, value);
    event.add_classes(static_cast<int>(field_class));
  }
  void PutDoublon(const std::string& token) {
    writes_->Put({kPersonsFamily, meta_.territory_id,
                  DoublonEntity(meta_.controller_id, token, meta_.id), FieldClass::kAdministratif},
                 key_id_, meta_.id);
  }
  void DeleteDoublon(const std::string& token) {
    Delete(DoublonEntity(meta_.controller_id, token, meta_.id), FieldClass::kAdministratif);
  }
  // The administratif record and the event, last.
  void Finish(const PersonAdministratif& admin, PersonEventRecord& event) {
    event.add_classes(static_cast<int>(FieldClass::kAdministratif));
    Put(PersonEntity(meta_.id), FieldClass::kAdministratif, admin);
    Put(HistoryEntity(meta_.id, event.version()), FieldClass::kAdministratif, event);
  }

 private:
  const PersonMeta& meta_;
  const std::string key_id_;
  store::WriteSet* const writes_;
};


absl::Status Persons::Create(const NewPerson& person, const Author& author, bool allow_duplicate,
                             services::BatchAudit* audit) {
  const PersonMeta& meta = person.meta;
  ASSIGN_OR_RETURN(std::string token, DoublonToken(meta, person.identite));
  // Synced in the key store before any record sealed with it is written.
  ASSIGN_OR_RETURN(std::string key_id, keys_->CreateDataKey(directory::ControllerKeyName(
                                           meta.territory_id, meta.controller_id)));
  PersonAdministratif admin;
  admin.set_controller_id(meta.controller_id);
  admin.set_commune_id(person.commune_id);
  admin.set_organisation_id(meta.organisation_id);
  admin.set_version(1);
  admin.set_data_key_id(key_id);
  admin.set_doublon_token(token);
  PersonEventRecord event =
      NewEvent(v1::TYPE_EVENEMENT_PERSONNE_CREATION, 1, author, clock_->Now());
  event.set_commune_changed(true);
  event.set_commune_id(person.commune_id);
  absl::Status status = store_->Execute([&](const store::StoreView& view,
                                            store::WriteSet* out) -> absl::Status {
    if (!allow_duplicate) RETURN_IF_ERROR(RefuseExactDuplicate(view, meta, token));
    PersonWrites writes(meta, key_id, out);
    writes.PutCurrentAndEvent(event, FieldClass::kIdentite, person.identite);
    writes.PutCurrentAndEvent(event, FieldClass::kCoordonnees, person.coordonnees);
    writes.PutDoublon(token);
    writes.Finish(admin, event);
    return AppendAudit(audit, view, out);
  });
  if (!status.ok()) {
    // Nothing was sealed with the key: it goes.
    keys_->DestroyDataKey(key_id).IgnoreError();
    return status;
  }
  Remember(meta, person.identite);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Persons::Rectify(const PersonMeta& meta, int64_t expected_version,
                                         const Rectification& change, const Author& author,
                                         services::BatchAudit* audit) {
  std::string new_token;
  if (change.identite.has_value()) {
    ASSIGN_OR_RETURN(new_token, DoublonToken(meta, *change.identite));
  }
  ASSIGN_OR_RETURN(
      int64_t version,
      ChangePerson(meta, expected_version, v1::TYPE_EVENEMENT_PERSONNE_RECTIFICATION, author,
                   audit,
                   [&](const store::StoreView& view, PersonAdministratif& admin,
                       PersonEventRecord& event, PersonWrites& writes) -> absl::Status {
                     event.set_motif(change.motif);
                     if (change.identite.has_value()) {
                       writes.PutCurrentAndEvent(event, FieldClass::kIdentite, *change.identite);
                       if (new_token != admin.doublon_token()) {
                         if (!change.allow_duplicate) {
                           RETURN_IF_ERROR(RefuseExactDuplicate(view, meta, new_token));
                         }
                         writes.DeleteDoublon(admin.doublon_token());
                         writes.PutDoublon(new_token);
                         admin.set_doublon_token(new_token);
                       }
                     }
                     if (change.coordonnees.has_value()) {
                       writes.PutCurrentAndEvent(event, FieldClass::kCoordonnees,
                                                 *change.coordonnees);
                     }
                     if (change.commune_id.has_value()) {
                       admin.set_commune_id(*change.commune_id);
                       event.set_commune_changed(true);
                       event.set_commune_id(*change.commune_id);
                     }
                     return absl::OkStatus();
                   }));
  if (change.identite.has_value()) Remember(meta, *change.identite);
  return version;
}

absl::StatusOr<int64_t> Persons::LinkRepresentative(const PersonMeta& meta,
                                                    int64_t expected_version,
                                                    const PersonMeta& representative,
                                                    v1::LienRepresentant lien, bool remove,
                                                    const Author& author,
                                                    services::BatchAudit* audit) {
  if (representative.id == meta.id) {
    return absl::FailedPreconditionError("une personne ne peut pas être son propre représentant");
  }
  if (representative.territory_id != meta.territory_id ||
      representative.controller_id != meta.controller_id) {
    return absl::FailedPreconditionError(
        "le représentant légal doit être une fiche du même responsable de traitement");
  }
  if (!remove) {
    ASSIGN_OR_RETURN(PersonRecords records, Read(meta, {FieldClass::kIdentite}));
    if (!records.identite.has_value()) return absl::DataLossError("fiche de personne incomplète");
    if (!AgeAt(*records.identite, directory_->Today()).mineur()) {
      return absl::FailedPreconditionError(
          "seul un mineur a des représentants légaux : cette personne est majeure à ce jour");
    }
  }
  const v1::TypeEvenementPersonne type = remove
                                             ? v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_RETIRE
                                             : v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_AJOUTE;
  return ChangePerson(
      meta, expected_version, type, author, audit,
      [&](const store::StoreView&, PersonAdministratif& admin, PersonEventRecord& event,
          PersonWrites&) -> absl::Status {
        event.set_representative_id(representative.id);
        event.set_lien(lien);
        auto* links = admin.mutable_representants();
        auto link = std::find_if(links->begin(), links->end(), [&](const auto& l) {
          return l.person_id() == representative.id;
        });
        if (remove) {
          if (link == links->end()) {
            return absl::NotFoundError("ce représentant n'est pas lié à cette personne");
          }
          event.set_lien(link->lien());  // the history says which link went
          links->erase(link);
        } else if (link != links->end()) {
          link->set_lien(lien);
        } else if (links->size() >= kMaxRepresentants) {
          return absl::FailedPreconditionError(
              absl::StrCat(kMaxRepresentants, " représentants légaux au plus"));
        } else {
          store::v1::RepresentantLink* added = links->Add();
          added->set_person_id(representative.id);
          added->set_lien(lien);
        }
        return absl::OkStatus();
      });
}

// One command: the stored version must be `expected_version`; `change`
// edits the administratif record and the event and adds its own writes;
// the record, the event and the audit record follow, in the same batch.
absl::StatusOr<int64_t> Persons::ChangePerson(const PersonMeta& meta, int64_t expected_version,
                                              v1::TypeEvenementPersonne type,
                                              const Author& author, services::BatchAudit* audit,
                                              ChangeFn change) {
  const absl::Time now = clock_->Now();
  int64_t version = 0;
  RETURN_IF_ERROR(store_->Execute([&](const store::StoreView& view,
                                      store::WriteSet* out) -> absl::Status {
    ASSIGN_OR_RETURN(PersonAdministratif admin, ReadAdministratif(view, meta));
    RETURN_IF_ERROR(CheckVersion(admin, expected_version));
    version = admin.version() + 1;
    PersonEventRecord event = NewEvent(type, version, author, now);
    PersonWrites writes(meta, admin.data_key_id(), out);
    RETURN_IF_ERROR(change(view, admin, event, writes));
    admin.set_version(version);
    writes.Finish(admin, event);
    return AppendAudit(audit, view, out);
  }));
  return version;
}

}  // namespace suivi::persons
