// services/persons/persons.h
//
// Persons is the domain of the persons service (DESIGN.md §1, §6): a
// person's identity, address and legal representatives, held by one
// controller of one territory, sealed under the person's own data key
// (services/persons/person_layout.h says where).
//
// - Duplicates: each record is listed under a blind index of its nom,
//   first prénom and birth date (HMAC under the controller's blind-index
//   key), so an exact duplicate in the same controller is found without a
//   name in any store key; close names with the same birth date are found
//   in the search index.
// - Search: one in-memory SearchIndex per territory, built at Open from the
//   decrypted identities and kept up to date by every change; never
//   written to disk.
// - Changes: each runs as one store command on the writer thread, which
//   checks `expected_version` and writes the record, its history event,
//   its blind-index entry and the call's audit record in one batch. A
//   rectification keeps every previous value in the history.
//
// Persons knows nothing of the charte: the service asks it which persons
// and classes a caller may see, and Persons reads only those.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_PERSONS_PERSONS_H_
#define SUIVI_SERVICES_PERSONS_PERSONS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/common/clock.h"
#include "core/common/day.h"
#include "core/crypto/blind_index.h"
#include "core/crypto/field_class.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "policy/entities.h"
#include "services/common/call.h"
#include "services/directory/directory.h"
#include "services/persons/search_index.h"
#include "suivi/store/v1/person_record.pb.h"
#include "suivi/v1/persons.pb.h"

namespace suivi::persons {

// What the server knows of a person without opening its identity: where
// its records are and who holds them. No personal data.
struct PersonMeta {
  std::string id;
  std::string territory_id;
  std::string controller_id;
  // The controller's commune; empty for an EPCI's record.
  std::string controller_commune_id;
  std::string organisation_id;
};

// Who makes a change, for its history.
struct Author {
  std::string user_id;
  std::string organisation_id;
};

// A creation, once the service has resolved its controller.
struct NewPerson {
  PersonMeta meta;
  std::string commune_id;  // of residence, may be empty
  v1::Identite identite;
  v1::Coordonnees coordonnees;
};

// A rectification: each optional part replaces the stored one.
struct Rectification {
  v1::MotifRectification motif = v1::MOTIF_RECTIFICATION_UNSPECIFIED;
  // Whether the new identite may equal another record's exactly (a
  // confirmed homonym).
  bool allow_duplicate = false;
  std::optional<v1::Identite> identite;
  std::optional<v1::Coordonnees> coordonnees;
  std::optional<std::string> commune_id;
};

// A person's records, each class present only if it was asked for.
struct PersonRecords {
  std::optional<v1::Identite> identite;
  std::optional<v1::Coordonnees> coordonnees;
  std::optional<store::v1::PersonAdministratif> administratif;
};

// One change of a person, with the values it wrote in the classes asked.
struct PersonHistoryEvent {
  store::v1::PersonEventRecord record;
  std::optional<v1::Identite> identite;
  std::optional<v1::Coordonnees> coordonnees;
};

class Persons {
 public:
  // Opens the persons of every territory of `directory` and builds their
  // search indexes. None owned; all must outlive Persons. DATA_LOSS when a
  // record cannot be opened.
  // `clock` dates the history.
  static absl::StatusOr<std::unique_ptr<Persons>> Open(store::EncryptedStore* store,
                                                       crypto::KeyStore* keys,
                                                       const directory::Directory* directory,
                                                       const Clock* clock);

  Persons(const Persons&) = delete;
  Persons& operator=(const Persons&) = delete;

  // The person `id`; NOT_FOUND if there is none (the service answers a
  // missing person like a forbidden one).
  absl::StatusOr<PersonMeta> Find(absl::string_view id) const;

  // The meta of a person the caller would create: the controller named, or
  // the commune controller of the organisation's commune. INVALID_ARGUMENT
  // naming the field for an unknown territory, controller or commune.
  absl::StatusOr<NewPerson> PlanCreation(const v1::CreatePersonRequest& request,
                                         const std::string& organisation_id) const;

  // OK when `commune_id` is empty or a commune of the territory;
  // INVALID_ARGUMENT naming `field` otherwise.
  absl::Status CheckCommune(absl::string_view territory_id, absl::string_view commune_id,
                            absl::string_view field) const;

  // OK when `controller_id` is a controller of the territory;
  // INVALID_ARGUMENT naming `field` otherwise.
  absl::Status CheckController(absl::string_view territory_id, absl::string_view controller_id,
                               absl::string_view field) const;

  // Ids of the records of the same controller that are likely the same
  // human: the exact blind-index match first, then close names with the
  // same birth date. REQUIRES: identite validated.
  absl::StatusOr<std::vector<std::string>> LikelyDuplicates(const PersonMeta& meta,
                                                            const v1::Identite& identite) const;

  // Creates the person. ALREADY_EXISTS if an exact duplicate exists in the
  // controller and !allow_duplicate (checked again on the writer, so two
  // concurrent creations cannot both pass). `audit` (may be null) goes in
  // the same batch.
  absl::Status Create(const NewPerson& person, const Author& author, bool allow_duplicate,
                      services::BatchAudit* audit);

  // Applies a rectification; returns the new version. ABORTED when the
  // stored version is not `expected_version`; ALREADY_EXISTS when the new
  // identite is exactly another record's of the controller and
  // !change.allow_duplicate (checked on the writer, like a creation).
  absl::StatusOr<int64_t> Rectify(const PersonMeta& meta, int64_t expected_version,
                                  const Rectification& change, const Author& author,
                                  services::BatchAudit* audit);

  // Adds (or with `remove`, removes) a legal representative; returns the
  // new version. FAILED_PRECONDITION when the person is not a minor today,
  // the representative is of another controller or is the person;
  // NOT_FOUND when removing a link that does not exist; ABORTED on a stale
  // version.
  absl::StatusOr<int64_t> LinkRepresentative(const PersonMeta& meta, int64_t expected_version,
                                             const PersonMeta& representative,
                                             v1::LienRepresentant lien, bool remove,
                                             const Author& author, services::BatchAudit* audit);

  // The classes `classes` of the person's current records (only those are
  // opened). DATA_LOSS when a record cannot be opened.
  absl::StatusOr<PersonRecords> Read(const PersonMeta& meta,
                                     absl::Span<const crypto::FieldClass> classes) const;

  // The person's history, oldest first, with the values of `classes`.
  absl::StatusOr<std::vector<PersonHistoryEvent>> History(
      const PersonMeta& meta, absl::Span<const crypto::FieldClass> classes) const;

  // Candidates for a search in the territory, best first, at most
  // query.limit. Unknown territory: none.
  std::vector<SearchMatch> Search(absl::string_view territory_id, const SearchQuery& query) const;

  // Today in Europe/Paris (the directory's day).
  DayNumber Today() const { return directory_->Today(); }

  // The person as a charte entity (Personne).
  static policy::Entity EntityOf(const PersonMeta& meta);
  static policy::EntityUid UidOf(absl::string_view person_id);

  // Number of persons in the search index of `territory_id`.
  size_t IndexedCount(absl::string_view territory_id) const;
  // Approximate memory of every search index, in bytes.
  size_t IndexMemoryBytes() const;

 private:
  struct Loaded;
  Persons(store::EncryptedStore* store, crypto::KeyStore* keys,
          const directory::Directory* directory, const Clock* clock);

  class PersonWrites;  // persons_changes.cc
  using ChangeFn = absl::FunctionRef<absl::Status(
      const store::StoreView& view, store::v1::PersonAdministratif& admin,
      store::v1::PersonEventRecord& event, PersonWrites& writes)>;
  absl::StatusOr<int64_t> ChangePerson(const PersonMeta& meta, int64_t expected_version,
                                       v1::TypeEvenementPersonne type, const Author& author,
                                       services::BatchAudit* audit, ChangeFn change);

  absl::Status LoadTerritory(absl::string_view territory_id);
  static absl::Status Collect(crypto::FieldClass field_class, const std::string& value,
                              Loaded& person);
  absl::StatusOr<std::shared_ptr<const crypto::BlindIndexer>> IndexerFor(
      const PersonMeta& meta) const;
  absl::StatusOr<std::string> DoublonToken(const PersonMeta& meta,
                                           const v1::Identite& identite) const;
  void Remember(const PersonMeta& meta, const v1::Identite& identite);

  store::EncryptedStore* const store_;
  crypto::KeyStore* const keys_;
  const directory::Directory* const directory_;
  const Clock* const clock_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, PersonMeta> metas_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::unique_ptr<SearchIndex>> indexes_ ABSL_GUARDED_BY(mu_);
  // Blind indexers by controller key name, created on first use.
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const crypto::BlindIndexer>>
      indexers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_PERSONS_H_
