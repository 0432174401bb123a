#include "core/audit/audit_log.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/common/status_macros.h"

namespace suivi::audit {
namespace {

constexpr char kUnavailablePrefix[] = "journal d'audit indisponible : ";
// The controller of server-level keys, shared with the directory.
using crypto::kServerController;
constexpr char kFirstBadPayload[] = "suivi/audit-first-bad-sequence";
constexpr uint64_t kNoLimit = std::numeric_limits<uint64_t>::max();

// Every failure to append: UNAVAILABLE, so that callers fail closed.
absl::Status Unavailable(const absl::Status& cause) {
  if (absl::IsUnavailable(cause) &&
      absl::StartsWith(cause.message(), kUnavailablePrefix)) {
    return cause;
  }
  return absl::UnavailableError(absl::StrCat(kUnavailablePrefix, cause.message()));
}

// A chain broken at `sequence`, the first record that cannot be trusted.
absl::Status Broken(uint64_t sequence, absl::string_view what) {
  absl::Status status = absl::DataLossError(absl::StrCat(
      "journal d'audit altéré à l'enregistrement ", sequence, " : ", what));
  status.SetPayload(kFirstBadPayload, absl::Cord(absl::StrCat(sequence)));
  return status;
}

// The head record as `view` sees it; nullopt when there is none.
absl::StatusOr<std::optional<AuditHead>> ReadStoredHead(const store::StoreView& view) {
  absl::StatusOr<std::string> encoded = view.Get(HeadKey());
  if (absl::IsNotFound(encoded.status())) return std::nullopt;
  if (!encoded.ok()) return encoded.status();
  ASSIGN_OR_RETURN(AuditHead head, DecodeHead(*encoded));
  return head;
}

absl::StatusOr<AuditHead> ReadHead(const store::StoreView& view) {
  ASSIGN_OR_RETURN(std::optional<AuditHead> head, ReadStoredHead(view));
  return head.value_or(AuditHead{});
}

// Prefixes whose scans, in this order, list the chain entities from
// `from` on in key order: the keys sharing the first 19 digits of `from`
// from its last digit on, then those sharing 18 digits with a larger 19th,
// and so on. A scan from 1 is a single scan of the whole chain, so it
// reads one consistent state of the store.
std::vector<std::string> ScanPrefixes(uint64_t from) {
  if (from <= 1) return {kChainPrefix};
  const std::string digits = ChainEntity(from).substr(std::strlen(kChainPrefix));
  std::vector<std::string> prefixes;
  for (size_t i = kSequenceDigits; i-- > 0;) {
    const char first = i + 1 == kSequenceDigits ? digits[i] : digits[i] + 1;
    for (char d = first; d <= '9'; ++d) {
      prefixes.push_back(absl::StrCat(kChainPrefix, digits.substr(0, i),
                                      absl::string_view(&d, 1)));
    }
  }
  return prefixes;
}

// Checks the records of a chain one after the other from sequence 1, and
// remembers the first that fails.
class ChainChecker {
 public:
  // `exported_sequence`: a record whose hash to remember (0: none).
  explicit ChainChecker(uint64_t exported_sequence)
      : exported_sequence_(exported_sequence) {}

  // Checks record `sequence`; false, with status() set, once one fails.
  bool Check(uint64_t sequence, const absl::StatusOr<std::string>& bytes);

  const absl::Status& status() const { return status_; }
  // The last record checked (the empty head before the first).
  const AuditHead& head() const { return head_; }
  const std::optional<std::string>& exported_hash() const { return exported_hash_; }
  VerifyReport Report() const { return {head_, first_recorded_at_, last_recorded_at_}; }

 private:
  bool Fail(absl::Status status) {
    status_ = std::move(status);
    return false;
  }
  absl::Status CheckLink(uint64_t sequence, const v1::AuditRecord& record) const;

  const uint64_t exported_sequence_;
  AuditHead head_;
  absl::Status status_;
  std::optional<std::string> exported_hash_;
  absl::Time first_recorded_at_ = absl::InfinitePast();
  absl::Time last_recorded_at_ = absl::InfiniteFuture();
};

bool ChainChecker::Check(uint64_t sequence, const absl::StatusOr<std::string>& bytes) {
  const uint64_t expected = head_.sequence + 1;
  if (sequence != expected) {
    return Fail(Broken(expected, absl::StrCat("enregistrement absent (le suivant "
                                              "présent est le ", sequence, ")")));
  }
  if (!bytes.ok()) return Fail(Broken(sequence, "enregistrement indéchiffrable"));
  v1::AuditRecord record;
  if (!record.ParseFromString(*bytes)) {
    return Fail(Broken(sequence, "enregistrement mal formé"));
  }
  if (absl::Status link = CheckLink(sequence, record); !link.ok()) return Fail(link);
  absl::StatusOr<std::string> hash = ChainHash(head_.hash, *bytes);
  if (!hash.ok()) return Fail(hash.status());
  head_ = AuditHead{sequence, *std::move(hash)};
  if (sequence == exported_sequence_) exported_hash_ = head_.hash;
  const absl::Time at = absl::FromUnixMicros(record.recorded_at_unix_micros());
  if (sequence == 1) first_recorded_at_ = at;
  last_recorded_at_ = at;
  return true;
}

absl::Status ChainChecker::CheckLink(uint64_t sequence,
                                     const v1::AuditRecord& record) const {
  if (record.sequence() != sequence) {
    return Broken(sequence, "le numéro inscrit dans l'enregistrement n'est pas "
                            "celui de sa place");
  }
  if (record.previous_hash() == head_.hash) return absl::OkStatus();
  if (sequence == 1) {
    return Broken(sequence, "le premier enregistrement ne commence pas la chaîne");
  }
  return Broken(sequence, absl::StrCat(
      "son empreinte de l'enregistrement précédent ne correspond pas : "
      "l'enregistrement ", sequence - 1, " ou ", sequence,
      " a été modifié ou remplacé"));
}

// A failed walk of the chain as a broken chain, unless it already is one
// or is not a matter of content (the store failing to read).
absl::Status AsBroken(absl::Status status, const ChainChecker& checker) {
  if (status.ok() || !absl::IsDataLoss(status) || FirstBadSequence(status)) {
    return status;
  }
  return Broken(checker.head().sequence + 1, status.message());
}

// Compares the head record with the last record of the chain.
absl::Status CheckHead(const std::optional<AuditHead>& stored,
                       const AuditHead& chain) {
  const uint64_t last = chain.sequence;
  if (!stored.has_value()) {
    if (last == 0) return absl::OkStatus();
    return Broken(last + 1, absl::StrCat("tête de chaîne absente : la fin du "
                                         "journal a pu être tronquée après "
                                         "l'enregistrement ", last));
  }
  if (stored->sequence > last) {
    return Broken(last + 1, absl::StrCat("enregistrements ", last + 1, " à ",
                                         stored->sequence,
                                         " absents : la fin du journal a été "
                                         "tronquée"));
  }
  if (stored->sequence < last) {
    return Broken(stored->sequence + 1,
                  absl::StrCat("enregistrements au-delà de la tête de chaîne (",
                               stored->sequence, ")"));
  }
  if (stored->hash != chain.hash) {
    return Broken(last, "l'enregistrement ne correspond pas à la tête de chaîne");
  }
  return absl::OkStatus();
}

// Checks that the chain reaches a head kept outside the data dir.
absl::Status CheckExported(const AuditHead& exported, const ChainChecker& checker) {
  const uint64_t last = checker.head().sequence;
  if (exported.sequence > last) {
    return Broken(last + 1, absl::StrCat("le journal s'arrête à l'enregistrement ",
                                         last, ", avant la tête exportée (",
                                         exported.sequence, ")"));
  }
  if (exported.sequence > 0 && checker.exported_hash() != exported.hash) {
    return Broken(exported.sequence,
                  "l'enregistrement ne correspond pas à la tête exportée");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> AuditLog::EnsureDataKey(store::EncryptedStore* store,
                                                    crypto::KeyStore* keys) {
  if (store == nullptr || keys == nullptr) {
    return absl::InvalidArgumentError("magasin ou magasin de clés absent");
  }
  absl::StatusOr<std::string> existing = store->Get(KeyRecordKey());
  if (existing.ok() || !absl::IsNotFound(existing.status())) return existing;
  RETURN_IF_ERROR(keys->EnsureController(kServerController));
  ASSIGN_OR_RETURN(std::string created, keys->CreateDataKey(kServerController));
  std::string chosen;
  RETURN_IF_ERROR(store->Execute(
      [&](const store::StoreView& view, store::WriteSet* writes) -> absl::Status {
        absl::StatusOr<std::string> raced = view.Get(KeyRecordKey());
        if (raced.ok()) {
          chosen = *std::move(raced);
          return absl::OkStatus();
        }
        if (!absl::IsNotFound(raced.status())) return raced.status();
        // Sealed with itself, as the directory's scope keys: a reader
        // learns the id from the sealed header.
        writes->Put(KeyRecordKey(), created, created);
        chosen = created;
        return absl::OkStatus();
      }));
  // Another caller's key won the race: ours sealed nothing.
  if (chosen != created) keys->DestroyDataKey(created).IgnoreError();
  return chosen;
}

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(store::EncryptedStore* store,
                                                         AuditLogOptions options) {
  if (store == nullptr) return absl::InvalidArgumentError("magasin absent");
  if (options.data_key_id.empty()) {
    return absl::InvalidArgumentError("clé du journal d'audit non indiquée");
  }
  if (options.clock == nullptr) return absl::InvalidArgumentError("horloge absente");
  if (absl::IsInvalidArgument(store->Get(HeadKey()).status())) {
    return absl::InvalidArgumentError(
        "le magasin n'a pas la famille de colonnes du journal d'audit");
  }
  return std::unique_ptr<AuditLog>(new AuditLog(store, std::move(options)));
}

AuditLog::AuditLog(store::EncryptedStore* store, AuditLogOptions options)
    : store_(store), options_(std::move(options)) {}

absl::Status AuditLog::AppendTo(const store::StoreView& view,
                                store::WriteSet* writes,
                                v1::AuditRecord record) const {
  std::vector<v1::AuditRecord> records;
  records.push_back(std::move(record));
  return AppendTo(view, writes, std::move(records));
}

absl::Status AuditLog::AppendTo(const store::StoreView& view,
                                store::WriteSet* writes,
                                std::vector<v1::AuditRecord> records) const {
  absl::StatusOr<AuditHead> head = ReadHead(view);
  if (!head.ok()) return Unavailable(head.status());
  if (records.size() > kNoLimit - head->sequence) {
    return Unavailable(absl::ResourceExhaustedError("numérotation épuisée"));
  }
  const int64_t now = absl::ToUnixMicros(options_.clock->Now());
  // Every record is chained before anything is added to `writes`.
  std::vector<std::string> chained;
  chained.reserve(records.size());
  for (v1::AuditRecord& record : records) {
    record.set_sequence(head->sequence + 1);
    record.set_previous_hash(head->hash);
    record.set_recorded_at_unix_micros(now);
    absl::StatusOr<std::string> bytes = SerializeRecord(record);
    if (!bytes.ok()) return Unavailable(bytes.status());
    absl::StatusOr<std::string> hash = ChainHash(head->hash, *bytes);
    if (!hash.ok()) return Unavailable(hash.status());
    *head = AuditHead{record.sequence(), *std::move(hash)};
    chained.push_back(*std::move(bytes));
  }
  if (chained.empty()) return absl::OkStatus();
  const uint64_t first = head->sequence - chained.size() + 1;
  for (size_t i = 0; i < chained.size(); ++i) {
    writes->Put(ChainKey(first + i), options_.data_key_id, std::move(chained[i]));
  }
  writes->Put(HeadKey(), options_.data_key_id, EncodeHead(*head));
  return absl::OkStatus();
}

void AuditLog::Append(v1::AuditRecord record,
                      absl::AnyInvocable<void(absl::Status)> done) const {
  store_->Submit(
      [this, record = std::move(record)](const store::StoreView& view,
                                         store::WriteSet* writes) mutable {
        return AppendTo(view, writes, std::move(record));
      },
      [done = std::move(done)](absl::Status status) mutable {
        done(status.ok() ? status : Unavailable(status));
      });
}

absl::Status AuditLog::AppendAndWait(v1::AuditRecord record) const {
  absl::Notification finished;
  absl::Status outcome;
  Append(std::move(record), [&](absl::Status status) {
    outcome = std::move(status);
    finished.Notify();
  });
  finished.WaitForNotification();
  return outcome;
}

absl::StatusOr<AuditHead> AuditLog::Head() const { return ReadHead(*store_); }

absl::Status AuditLog::ScanRaw(uint64_t from_sequence, uint64_t to_sequence,
                               RawVisitor visit) const {
  from_sequence = std::max<uint64_t>(from_sequence, 1);
  if (from_sequence > to_sequence) return absl::OkStatus();
  bool stopped = false;
  absl::Status failure;
  const auto visit_key = [&](const store::RecordKey& key,
                             absl::StatusOr<std::string> value) {
    const std::optional<uint64_t> sequence = ParseChainEntity(key.entity);
    // No record 0: the chain starts at 1.
    if (!sequence.has_value() || *sequence == 0 ||
        key.field_class != crypto::FieldClass::kAdministratif) {
      failure = absl::DataLossError("clé inattendue dans le journal d'audit");
    } else if (*sequence <= to_sequence && visit(*sequence, std::move(value))) {
      return true;
    }
    stopped = true;
    return false;
  };
  for (const std::string& prefix : ScanPrefixes(from_sequence)) {
    RETURN_IF_ERROR(store_->Scan(kAuditFamily, kAuditTerritory, prefix, visit_key));
    if (stopped) break;
  }
  return failure;
}

absl::Status AuditLog::Scan(uint64_t from_sequence, RecordVisitor visit) const {
  // Up to the head read now: every record up to it is committed, so a
  // missing one is missing for good, not being written.
  ASSIGN_OR_RETURN(AuditHead head, Head());
  uint64_t expected = std::max<uint64_t>(from_sequence, 1);
  bool stopped = false;
  absl::Status failure;
  const auto visit_raw = [&](uint64_t sequence, absl::StatusOr<std::string> bytes) {
    v1::AuditRecord record;
    if (sequence != expected) {
      failure = Broken(expected, "enregistrement absent");
    } else if (!bytes.ok() || !record.ParseFromString(*bytes)) {
      failure = Broken(sequence, "enregistrement illisible");
    } else {
      ++expected;
      stopped = !visit(record);
      return !stopped;
    }
    return false;
  };
  RETURN_IF_ERROR(ScanRaw(expected, head.sequence, visit_raw));
  RETURN_IF_ERROR(failure);
  if (!stopped && expected <= head.sequence) {
    return Broken(expected, "enregistrement absent");
  }
  return absl::OkStatus();
}

absl::StatusOr<VerifyReport> AuditLog::Verify(
    const std::optional<AuditHead>& exported_head) const {
  ChainChecker checker(exported_head.has_value() ? exported_head->sequence : 0);
  const auto check = [&](uint64_t sequence, absl::StatusOr<std::string> bytes) {
    return checker.Check(sequence, bytes);
  };
  RETURN_IF_ERROR(AsBroken(ScanRaw(1, kNoLimit, check), checker));
  RETURN_IF_ERROR(checker.status());
  // Read after the walk: it names at least the records walked.
  absl::StatusOr<std::optional<AuditHead>> stored = ReadStoredHead(*store_);
  if (!stored.ok()) {
    return Broken(checker.head().sequence + 1, "tête de chaîne illisible");
  }
  const uint64_t walked = checker.head().sequence;
  if (stored->has_value() && (*stored)->sequence > walked) {
    // Records committed between the walk and the read of the head.
    RETURN_IF_ERROR(
        AsBroken(ScanRaw(walked + 1, (*stored)->sequence, check), checker));
    RETURN_IF_ERROR(checker.status());
  }
  RETURN_IF_ERROR(CheckHead(*stored, checker.head()));
  if (exported_head.has_value()) {
    RETURN_IF_ERROR(CheckExported(*exported_head, checker));
  }
  return checker.Report();
}

std::optional<uint64_t> FirstBadSequence(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kFirstBadPayload);
  uint64_t sequence = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &sequence)) {
    return std::nullopt;
  }
  return sequence;
}

}  // namespace suivi::audit
