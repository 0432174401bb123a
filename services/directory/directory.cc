#include "services/directory/directory.h"

#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/common/ids.h"
#include "core/common/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/directory/directory_entities.h"
#include "services/directory/directory_records.h"
#include "services/directory/validation.h"

namespace suivi::directory {

using google::protobuf::util::MessageDifferencer;

// One change being prepared: the next state and the writes that make it
// durable. Every Put both records and applies, so later checks of the same
// change see earlier entries.
class Directory::Change {
 public:
  Change(DirectoryState* next,
         const absl::flat_hash_map<std::string, std::string>* data_keys)
      : next_(next), data_keys_(data_keys) {}

  DirectoryState& state() { return *next_; }

  template <typename Message>
  absl::Status Put(const Message& message) {
    const std::string scope = ScopeOf(message);
    ASSIGN_OR_RETURN(std::string key_id, DataKeyOf(scope));
    writes_.Put(RecordOf(scope, EntityOf(message)), std::move(key_id),
                message.SerializeAsString());
    next_->Apply(message);
    return absl::OkStatus();
  }

  // Seals `scope`'s records from now on with `key_id`, and records it.
  void AddScopeKey(const std::string& scope, const std::string& key_id) {
    new_keys_[scope] = key_id;
    writes_.Put(RecordOf(scope, kKeyEntity), key_id, key_id);
  }

  store::WriteSet TakeWrites() { return std::move(writes_); }
  const absl::flat_hash_map<std::string, std::string>& new_keys() const {
    return new_keys_;
  }

 private:
  static store::RecordKey RecordOf(const std::string& scope, std::string entity) {
    return {kDirectoryFamily, scope, std::move(entity),
            crypto::FieldClass::kAdministratif};
  }

  absl::StatusOr<std::string> DataKeyOf(const std::string& scope) const {
    if (auto it = new_keys_.find(scope); it != new_keys_.end()) return it->second;
    if (auto it = data_keys_->find(scope); it != data_keys_->end()) return it->second;
    return absl::InternalError("annuaire : territoire sans clé de chiffrement");
  }

  DirectoryState* const next_;
  const absl::flat_hash_map<std::string, std::string>* const data_keys_;
  absl::flat_hash_map<std::string, std::string> new_keys_;
  store::WriteSet writes_;
};

namespace {

using crypto::kServerController;

// OK(true) when `candidate` is new, OK(false) when `existing` is the same,
// ALREADY_EXISTS when something else holds its identity.
template <typename Message>
absl::StatusOr<bool> IsNew(const Message* existing, const Message& candidate,
                           absl::string_view what) {
  if (existing == nullptr) return true;
  if (MessageDifferencer::Equals(*existing, candidate)) return false;
  return absl::AlreadyExistsError(
      absl::StrCat(what, " existe déjà avec un autre contenu"));
}

template <typename Map, typename Key>
const typename Map::mapped_type* Find(const Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

// The controller whose key seals a territory's directory records: the
// EPCI's for a CISPD, else the first one listed.
std::string MainController(const v1::Territory& territory) {
  for (const v1::Controller& c : territory.controllers()) {
    if (c.kind() == v1::CONTROLLER_KIND_EPCI) {
      return ControllerKeyName(territory.id(), c.id());
    }
  }
  return ControllerKeyName(territory.id(), territory.controllers(0).id());
}

bool SameAssignment(const v1::RoleAssignment& a, const v1::RoleAssignment& b) {
  return a.user_id() == b.user_id() && a.role_id() == b.role_id() &&
         a.territory_id() == b.territory_id() && a.commune_id() == b.commune_id() &&
         a.start_date() == b.start_date();
}

// The entry already recorded under the identity of `entry`, or nullptr.
const v1::Organisation* Existing(const DirectoryState& s, const v1::Organisation& o) {
  return s.FindOrganisation(o.id());
}
const v1::User* Existing(const DirectoryState& s, const v1::User& u) { return s.FindUser(u.id()); }
const v1::RoleAssignment* Existing(const DirectoryState& s, const v1::RoleAssignment& a) {
  for (const auto& [id, existing] : s.assignments) {
    if (SameAssignment(existing, a)) return &existing;
  }
  return nullptr;
}
const v1::CharteVersion* Existing(const DirectoryState& s, const v1::CharteVersion& v) {
  return s.FindCharteVersion(v.territory_id(), v.number());
}
const v1::Group* Existing(const DirectoryState& s, const v1::Group& g) {
  return s.FindGroup(g.territory_id(), g.id());
}
const v1::GroupMember* Existing(const DirectoryState& s, const v1::GroupMember& m) {
  return Find(s.members, DirectoryState::MemberKey{m.territory_id(), m.group_id(), m.user_id()});
}
const v1::Signature* Existing(const DirectoryState& s, const v1::Signature& sig) {
  return Find(s.signatures, DirectoryState::SignatureKey{sig.territory_id(), sig.user_id(),
                                                         sig.charte_version()});
}
const v1::Exclusion* Existing(const DirectoryState& s, const v1::Exclusion& e) {
  return Find(s.exclusions, DirectoryState::ExclusionKey{e.territory_id(), e.group_id(),
                                                         e.user_id(), e.excluded_on()});
}

absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::Organisation& o) {
  return ValidateOrganisation(s, o);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::User& u) {
  return ValidateUser(s, u);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue& roles,
                      const v1::RoleAssignment& a) {
  return ValidateAssignment(s, roles, a);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::CharteVersion& v) {
  return ValidateCharteVersion(s, v);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::Group& g) {
  return ValidateGroup(s, g);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::GroupMember& m) {
  return ValidateMember(s, m);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::Signature& sig) {
  return ValidateSignature(s, sig);
}
absl::Status Validate(const DirectoryState& s, const RoleCatalogue&, const v1::Exclusion& e) {
  return ValidateExclusion(s, e);
}

// Validates each entry of `entries` against `state`, in order, and calls
// `put` with those not already recorded (an identical entry is skipped; a
// different one under the same identity is ALREADY_EXISTS). `put` must
// apply the entry to `state`, so later entries may refer to it.
template <typename Entries, typename Put>
absl::Status AddEach(const DirectoryState& state, const RoleCatalogue& roles,
                     const Entries& entries, Put put) {
  for (auto entry : entries) {
    RETURN_IF_ERROR(Validate(state, roles, entry));
    auto* existing = Existing(state, entry);
    if (existing != nullptr) {
      if constexpr (std::is_same_v<decltype(entry), v1::RoleAssignment>) {
        entry.set_id(existing->id());
      }
      ASSIGN_OR_RETURN(bool is_new, IsNew(existing, entry, "une entrée du fichier d'amorçage"));
      if (!is_new) continue;
    }
    if constexpr (std::is_same_v<decltype(entry), v1::RoleAssignment>) {
      entry.set_id(NewRandomId());
    }
    RETURN_IF_ERROR(put(entry));
  }
  return absl::OkStatus();
}

// Adds every entry of `b` but its territory, in dependency order.
template <typename Put>
absl::Status AddBootstrapEntries(const DirectoryState& state, const RoleCatalogue& roles,
                                 const v1::DirectoryBootstrap& b, Put put) {
  RETURN_IF_ERROR(AddEach(state, roles, b.organisations(), put));
  RETURN_IF_ERROR(AddEach(state, roles, b.users(), put));
  RETURN_IF_ERROR(AddEach(state, roles, b.role_assignments(), put));
  RETURN_IF_ERROR(AddEach(state, roles, b.charte_versions(), put));
  RETURN_IF_ERROR(AddEach(state, roles, b.groups(), put));
  RETURN_IF_ERROR(AddEach(state, roles, b.group_members(), put));
  RETURN_IF_ERROR(AddEach(state, roles, b.signatures(), put));
  return AddEach(state, roles, b.exclusions(), put);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Directory>> Directory::Open(
    store::EncryptedStore* store, crypto::KeyStore* keys, RoleCatalogue roles,
    const Clock* clock) {
  std::unique_ptr<Directory> directory(
      new Directory(store, keys, std::move(roles), clock));
  RETURN_IF_ERROR(directory->Load());
  RETURN_IF_ERROR(directory->EnsureServerKey());
  return directory;
}

Directory::Directory(store::EncryptedStore* store, crypto::KeyStore* keys,
                     RoleCatalogue roles, const Clock* clock)
    : store_(store),
      keys_(keys),
      roles_(std::move(roles)),
      clock_(clock),
      state_(std::make_shared<DirectoryState>()),
      entities_(std::make_shared<const policy::Entities>()) {}

absl::Status Directory::Load() {
  auto loaded = std::make_shared<DirectoryState>();
  absl::flat_hash_map<std::string, std::string> data_keys;
  absl::Status failure;
  auto load_scope = [&](const std::string& scope) {
    return store_->Scan(
        kDirectoryFamily, scope, "",
        [&](const store::RecordKey& key, absl::StatusOr<std::string> value) {
          if (!value.ok()) {
            failure = absl::DataLossError(
                "annuaire : un enregistrement ne peut pas être déchiffré");
          } else if (key.entity == kKeyEntity) {
            data_keys[scope] = *value;
          } else {
            failure = ApplyRecord(key.entity, *value, loaded.get());
          }
          return failure.ok();
        });
  };
  RETURN_IF_ERROR(load_scope(kServerScope));
  RETURN_IF_ERROR(failure);
  for (const auto& [id, territory] : loaded->territories) {
    RETURN_IF_ERROR(load_scope(id));
    RETURN_IF_ERROR(failure);
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const policy::Entities> entities,
                   BuildDirectoryEntities(*loaded));
  absl::MutexLock write_lock(&write_mu_);
  data_keys_ = std::move(data_keys);
  Publish(std::move(loaded), std::move(entities));
  return absl::OkStatus();
}

void Directory::Publish(std::shared_ptr<const DirectoryState> state,
                        std::shared_ptr<const policy::Entities> entities) {
  absl::MutexLock lock(&state_mu_);
  state_ = std::move(state);
  entities_ = std::move(entities);
}

absl::Status Directory::EnsureServerKey() {
  {
    absl::MutexLock lock(&write_mu_);
    if (data_keys_.contains(kServerScope)) return absl::OkStatus();
  }
  RETURN_IF_ERROR(keys_->EnsureController(kServerController));
  ASSIGN_OR_RETURN(std::string key_id, keys_->CreateDataKey(kServerController));
  return Mutate([&](Change& change) {
    change.AddScopeKey(kServerScope, key_id);
    return absl::OkStatus();
  });
}

std::shared_ptr<const DirectoryState> Directory::state() const {
  absl::MutexLock lock(&state_mu_);
  return state_;
}

std::shared_ptr<const policy::Entities> Directory::charte_entities() const {
  absl::MutexLock lock(&state_mu_);
  return entities_;
}

DayNumber Directory::Today() const {
  return DayNumberAt(clock_->Now(), ParisTimeZone());
}

absl::Status Directory::Mutate(absl::FunctionRef<absl::Status(Change&)> edit,
                              services::BatchAudit* audit) {
  absl::MutexLock lock(&write_mu_);
  auto next = std::make_shared<DirectoryState>(*state());
  Change change(next.get(), &data_keys_);
  RETURN_IF_ERROR(edit(change));
  store::WriteSet writes = change.TakeWrites();
  // Nothing to write: nothing changed, the current state stays published.
  if (writes.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::shared_ptr<const policy::Entities> entities,
                   BuildDirectoryEntities(*next));
  RETURN_IF_ERROR(store_->Execute(
      [&writes, audit](const store::StoreView& view, store::WriteSet* out) {
        *out = std::move(writes);
        return audit == nullptr ? absl::OkStatus() : audit->AppendAuditTo(view, out);
      }));
  for (const auto& [scope, key_id] : change.new_keys()) data_keys_[scope] = key_id;
  Publish(std::move(next), std::move(entities));
  return absl::OkStatus();
}

absl::StatusOr<bool> Directory::LoadBootstrap(const v1::DirectoryBootstrap& b) {
  const v1::Territory& territory = b.territory();
  RETURN_IF_ERROR(ValidateTerritory(territory));
  bool loaded = false;
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    if (change.state().FindTerritory(territory.id()) != nullptr) return absl::OkStatus();
    // Checked whole on a scratch copy first, so a faulty file creates no key.
    DirectoryState scratch = change.state();
    scratch.Apply(territory);
    RETURN_IF_ERROR(AddBootstrapEntries(scratch, roles_, b, [&](const auto& entry) {
      scratch.Apply(entry);
      return absl::OkStatus();
    }));
    // The key is synced in the key store before any record sealed with it.
    const std::string controller = MainController(territory);
    RETURN_IF_ERROR(keys_->EnsureController(controller));
    ASSIGN_OR_RETURN(std::string key_id, keys_->CreateDataKey(controller));
    change.AddScopeKey(territory.id(), key_id);
    RETURN_IF_ERROR(change.Put(territory));
    RETURN_IF_ERROR(AddBootstrapEntries(change.state(), roles_, b,
                                        [&](const auto& entry) { return change.Put(entry); }));
    loaded = true;
    return absl::OkStatus();
  }));
  return loaded;
}

absl::StatusOr<v1::Organisation> Directory::AddOrganisation(const v1::Organisation& o, services::BatchAudit* audit) {
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    RETURN_IF_ERROR(ValidateOrganisation(change.state(), o));
    ASSIGN_OR_RETURN(bool is_new, IsNew(Existing(change.state(), o), o, "l'organisation"));
    return is_new ? change.Put(o) : absl::OkStatus();
  }, audit));
  return o;
}

absl::StatusOr<v1::User> Directory::AddUser(const v1::User& user, services::BatchAudit* audit) {
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    RETURN_IF_ERROR(ValidateUser(change.state(), user));
    ASSIGN_OR_RETURN(bool is_new, IsNew(Existing(change.state(), user), user, "l'utilisateur"));
    return is_new ? change.Put(user) : absl::OkStatus();
  }, audit));
  return user;
}

absl::StatusOr<v1::RoleAssignment> Directory::AssignRole(v1::RoleAssignment a, services::BatchAudit* audit) {
  if (!a.id().empty()) {
    return absl::InvalidArgumentError(
        "champ assignment.id : laissez-le vide, le serveur l'attribue");
  }
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    RETURN_IF_ERROR(ValidateAssignment(change.state(), roles_, a));
    if (const v1::RoleAssignment* existing = Existing(change.state(), a)) {
      v1::RoleAssignment with_id = a;
      with_id.set_id(existing->id());
      // Identical, a retry: answer with the recorded one.
      RETURN_IF_ERROR(IsNew(existing, with_id, "cette attribution de rôle").status());
      a = *existing;
      return absl::OkStatus();
    }
    a.set_id(NewRandomId());
    return change.Put(a);
  }, audit));
  return a;
}

absl::StatusOr<v1::RoleAssignment> Directory::EndRoleAssignment(absl::string_view territory,
                                                                absl::string_view id,
                                                                absl::string_view end_date, services::BatchAudit* audit) {
  v1::RoleAssignment ended;
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    const v1::RoleAssignment* a = Find(change.state().assignments, std::string(id));
    if (a == nullptr || a->territory_id() != territory) {
      return absl::NotFoundError("attribution de rôle introuvable dans ce territoire");
    }
    RETURN_IF_ERROR(CheckDate(end_date, "end_date"));
    ended = *a;
    if (end_date < a->start_date()) {
      return absl::InvalidArgumentError("champ end_date : antérieure au début de l'attribution");
    }
    if (a->end_date() == end_date) return absl::OkStatus();
    if (!a->end_date().empty() && a->end_date() < end_date) {
      return absl::FailedPreconditionError(
          "cette attribution a déjà pris fin plus tôt : attribuez le rôle à nouveau");
    }
    ended.set_end_date(std::string(end_date));
    return change.Put(ended);
  }, audit));
  return ended;
}

absl::StatusOr<v1::GroupMember> Directory::AddGroupMember(const v1::GroupMember& m, services::BatchAudit* audit) {
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    RETURN_IF_ERROR(ValidateMember(change.state(), m));
    ASSIGN_OR_RETURN(bool is_new, IsNew(Existing(change.state(), m), m, "ce membre du groupe"));
    return is_new ? change.Put(m) : absl::OkStatus();
  }, audit));
  return m;
}

absl::StatusOr<v1::Signature> Directory::RecordSignature(v1::Signature s,
                                                         absl::string_view recorded_by, services::BatchAudit* audit) {
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    RETURN_IF_ERROR(ValidateSignature(change.state(), s));
    const v1::Signature* existing = Existing(change.state(), s);
    // Whoever records it, the same signature recorded again is a retry.
    s.set_recorded_by(existing != nullptr ? existing->recorded_by()
                                          : std::string(recorded_by));
    ASSIGN_OR_RETURN(bool is_new, IsNew(existing, s, "cette signature"));
    return is_new ? change.Put(s) : absl::OkStatus();
  }, audit));
  return s;
}

absl::StatusOr<v1::Exclusion> Directory::RecordExclusion(v1::Exclusion e,
                                                         absl::string_view recorded_by, services::BatchAudit* audit) {
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    RETURN_IF_ERROR(ValidateExclusion(change.state(), e));
    const v1::Exclusion* existing = Existing(change.state(), e);
    e.set_recorded_by(existing != nullptr ? existing->recorded_by()
                                          : std::string(recorded_by));
    ASSIGN_OR_RETURN(bool is_new, IsNew(existing, e, "cette exclusion"));
    return is_new ? change.Put(e) : absl::OkStatus();
  }, audit));
  return e;
}

absl::StatusOr<v1::EnrolledCertificate> Directory::RecordCertificate(
    const v1::EnrolledCertificate& certificate, services::BatchAudit* audit) {
  v1::EnrolledCertificate recorded = certificate;
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    if (change.state().FindUser(certificate.user_id()) == nullptr) {
      return absl::NotFoundError("utilisateur introuvable dans l'annuaire");
    }
    const v1::EnrolledCertificate* existing =
        Find(change.state().certificates, certificate.fingerprint());
    if (existing == nullptr) return change.Put(certificate);
    if (existing->user_id() != certificate.user_id() || !existing->revoked_at().empty()) {
      return absl::AlreadyExistsError(
          "ce certificat a déjà été enrôlé (ou révoqué) : utilisez-en un nouveau");
    }
    recorded = *existing;  // A retry of the same enrolment.
    return absl::OkStatus();
  }, audit));
  return recorded;
}

absl::StatusOr<v1::EnrolledCertificate> Directory::RevokeCertificate(
    absl::string_view fingerprint, v1::RevocationReason reason,
    absl::string_view revoked_by, services::BatchAudit* audit) {
  v1::EnrolledCertificate revoked;
  RETURN_IF_ERROR(Mutate([&](Change& change) -> absl::Status {
    const v1::EnrolledCertificate* existing =
        Find(change.state().certificates, std::string(fingerprint));
    if (existing == nullptr) return absl::NotFoundError("aucun certificat enrôlé sous cette empreinte");
    revoked = *existing;
    if (!existing->revoked_at().empty()) return absl::OkStatus();
    revoked.set_revoked_at(FormatUtcTimestamp(clock_->Now()));
    revoked.set_revoked_by(std::string(revoked_by));
    revoked.set_revocation_reason(reason);
    return change.Put(revoked);
  }, audit));
  return revoked;
}

absl::StatusOr<services::Caller> Directory::Authenticate(
    absl::string_view fingerprint) const {
  std::shared_ptr<const DirectoryState> s = state();
  const v1::EnrolledCertificate* certificate =
      Find(s->certificates, std::string(fingerprint));
  if (certificate == nullptr) {
    return absl::UnauthenticatedError(
        "certificat non enrôlé : demandez à l'administrateur de votre territoire "
        "de l'enregistrer");
  }
  if (!certificate->revoked_at().empty()) {
    return absl::UnauthenticatedError(
        "certificat révoqué : demandez un nouveau certificat à l'administrateur de "
        "votre territoire");
  }
  const v1::User* user = s->FindUser(certificate->user_id());
  if (user == nullptr) return absl::UnauthenticatedError("utilisateur inconnu de l'annuaire");
  services::Caller caller;
  caller.user_id = user->id();
  caller.organisation_id = user->organisation_id();
  caller.certificate_fingerprint = std::string(fingerprint);
  for (const v1::RoleAssignment& a : s->AssignmentsInForce(user->id(), Today())) {
    caller.roles.push_back({a.role_id(), a.territory_id(), a.commune_id()});
  }
  for (const auto& [id, a] : s->assignments) {
    if (a.user_id() == user->id()) caller.assignment_ids.push_back(id);
  }
  return caller;
}

}  // namespace suivi::directory
