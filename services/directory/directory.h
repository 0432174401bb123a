// services/directory/directory.h
//
// Directory owns the directory (DESIGN.md §1): territories and their
// communes and controllers, organisations, users, enrolled certificates,
// role assignments, the charte versions each territory adopted, groups,
// members, signatures and exclusions. It authenticates callers: a
// certificate fingerprint names an enrolled user and the roles they hold
// today.
//
// Storage: column family "annuaire" of the encrypted store, one sealed
// record per entry (field class administratif). Server-wide entries
// (territories, organisations, users, certificates) live under the
// reserved territory "_annuaire" and its own data key; a territory's
// entries under the territory, sealed with a data key of its main
// controller. The whole directory is loaded in memory at Open and served
// from there; each change is validated against it, written through the
// commit queue (synced), then published. Changes are serialized: they are
// rare administrative acts, and one at a time keeps validation exact.
//
// Additions are idempotent: adding an entry identical to one present
// succeeds without writing; a different entry under the same identity is
// ALREADY_EXISTS. A change made for an RPC passes the call's BatchAudit:
// its audit record is written in the same batch as the change.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_DIRECTORY_DIRECTORY_H_
#define SUIVI_SERVICES_DIRECTORY_DIRECTORY_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/common/clock.h"
#include "core/common/day.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "policy/entities.h"
#include "services/common/call.h"
#include "services/common/caller.h"
#include "services/directory/directory_state.h"
#include "services/directory/role_catalogue.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::directory {

// The column family the directory writes to.
inline constexpr char kDirectoryFamily[] = "annuaire";

class Directory final : public services::Authenticator, public services::CharteDirectory {
 public:
  // `store` and `keys` are not owned and must outlive the directory; the
  // store must have kDirectoryFamily. `clock` tells "today" for role
  // assignments (Europe/Paris days). DATA_LOSS if a record cannot be read.
  static absl::StatusOr<std::unique_ptr<Directory>> Open(
      store::EncryptedStore* store, crypto::KeyStore* keys,
      RoleCatalogue roles, const Clock* clock);

  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  // Loads one territory and everything in `bootstrap`, in one atomic
  // write, unless the territory is already present. Returns true if it
  // was loaded, false if it was there already (nothing is written: a
  // restart never duplicates it). INVALID_ARGUMENT etc. naming the first
  // faulty entry; nothing is written then.
  absl::StatusOr<bool> LoadBootstrap(const v1::DirectoryBootstrap& bootstrap);

  // The current directory; never null. Holding it keeps it alive.
  std::shared_ptr<const DirectoryState> state() const;
  // The current directory as entities of the charte (directory_entities.h);
  // never null, published together with state().
  std::shared_ptr<const policy::Entities> charte_entities() const override;
  const RoleCatalogue& roles() const { return roles_; }
  // Today in Europe/Paris.
  DayNumber Today() const override;

  absl::StatusOr<v1::Organisation> AddOrganisation(const v1::Organisation& o, services::BatchAudit* audit = nullptr);
  absl::StatusOr<v1::User> AddUser(const v1::User& user, services::BatchAudit* audit = nullptr);
  // The server sets the id; an identical assignment (same user, role,
  // territory, commune, dates and basis) already present is returned as is.
  absl::StatusOr<v1::RoleAssignment> AssignRole(v1::RoleAssignment a, services::BatchAudit* audit = nullptr);
  // Sets the last day of assignment `id` of `territory`. NOT_FOUND if it
  // has no such assignment; INVALID_ARGUMENT for a date before its start;
  // FAILED_PRECONDITION if it already ended earlier.
  absl::StatusOr<v1::RoleAssignment> EndRoleAssignment(absl::string_view territory,
                                                       absl::string_view id,
                                                       absl::string_view end_date, services::BatchAudit* audit = nullptr);
  absl::StatusOr<v1::GroupMember> AddGroupMember(const v1::GroupMember& m, services::BatchAudit* audit = nullptr);
  absl::StatusOr<v1::Signature> RecordSignature(v1::Signature s,
                                                absl::string_view recorded_by, services::BatchAudit* audit = nullptr);
  absl::StatusOr<v1::Exclusion> RecordExclusion(v1::Exclusion e,
                                                absl::string_view recorded_by, services::BatchAudit* audit = nullptr);

  // Records an enrolled certificate for an existing user. ALREADY_EXISTS
  // if its fingerprint is enrolled (for anyone, or revoked).
  absl::StatusOr<v1::EnrolledCertificate> RecordCertificate(
      const v1::EnrolledCertificate& certificate, services::BatchAudit* audit = nullptr);
  // Revokes at once: the next call made with it is refused. NOT_FOUND for
  // an unknown fingerprint; revoking twice keeps the first revocation.
  absl::StatusOr<v1::EnrolledCertificate> RevokeCertificate(
      absl::string_view fingerprint, v1::RevocationReason reason,
      absl::string_view revoked_by, services::BatchAudit* audit = nullptr);

  absl::StatusOr<services::Caller> Authenticate(
      absl::string_view certificate_fingerprint) const override;

 private:
  class Change;

  Directory(store::EncryptedStore* store, crypto::KeyStore* keys,
            RoleCatalogue roles, const Clock* clock);

  absl::Status Load();
  absl::Status EnsureServerKey();
  // Validates and applies `edit` to a copy of the state, commits the
  // writes it made, then publishes the copy. Serialized by write_mu_.
  // `audit` (may be null): the call's audit record goes in the same batch.
  absl::Status Mutate(absl::FunctionRef<absl::Status(Change&)> edit,
                      services::BatchAudit* audit = nullptr);

  store::EncryptedStore* const store_;
  crypto::KeyStore* const keys_;
  const RoleCatalogue roles_;
  const Clock* const clock_;

  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(state_mu_);
  // Territory ("_annuaire" included) -> data key id its records are
  // sealed with.
  absl::flat_hash_map<std::string, std::string> data_keys_
      ABSL_GUARDED_BY(write_mu_);

  // Publishes `state` and its entities.
  void Publish(std::shared_ptr<const DirectoryState> state,
               std::shared_ptr<const policy::Entities> entities);

  mutable absl::Mutex state_mu_;
  std::shared_ptr<const DirectoryState> state_ ABSL_GUARDED_BY(state_mu_);
  std::shared_ptr<const policy::Entities> entities_ ABSL_GUARDED_BY(state_mu_);
};

}  // namespace suivi::directory

#endif  // SUIVI_SERVICES_DIRECTORY_DIRECTORY_H_
