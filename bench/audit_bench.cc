// suivi-bench-audit: what one audit record costs through the commit queue
// (core/audit/audit_log.h), on real files in a temporary directory.
//
// Each run opens a fresh store and has W writer threads call
// AuditLog::AppendAndWait in a loop for --seconds, timing every call:
//
//   - W = 1 and W = --threads (16), with synced and unsynced batches, so
//     the fsync is separated from the rest (queue, head read, hash, seal);
//   - the same with a bare command instead of an audit record: one Put of
//     a value of the record's size under a new key, sealed and written
//     through the same queue, to show what the chain itself adds.
//
// The table gives records/s, the p50/p99 latency of one call and the mean
// group size, then the ratios. Every log is verified at the end (Verify
// walks and hashes the whole chain, its cost is printed too); any failed
// call or verification makes the program exit with status 1.
//
//   suivi-bench-audit [--seconds=1.5] [--threads=16] [--quick]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "bench/bench_util.h"
#include "core/audit/audit_log.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"
#include "core/crypto/field_class.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "core/store/record_key.h"

namespace suivi::bench {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr char kBareFamily[] = "cases";
constexpr char kTerritory[] = "ame";
constexpr char kController[] = "bench-controller";

// ---------------------------------------------------------------- flags

struct Flags {
  double seconds = 1.5;
  size_t threads = 16;
  bool quick = false;
};

constexpr char kUsage[] =
    "usage: suivi-bench-audit [--seconds=S] [--threads=T] [--quick]\n"
    "  --seconds  duration of each of the 8 runs (default 1.5)\n"
    "  --threads  writer threads of the concurrent runs (default 16)\n"
    "  --quick    smoke test: 0.1 s per run\n";

// Accepts --name=value and --name value. Explicit flags win over --quick.
std::optional<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  std::optional<double> seconds;
  std::optional<size_t> threads;
  FlagParser parser;
  parser.AddSwitch("--quick", &flags.quick);
  parser.AddNumber("--seconds", &seconds);
  parser.AddCount("--threads", &threads);
  if (!parser.Parse(argc, argv)) return std::nullopt;
  if (flags.quick) flags.seconds = 0.1;
  flags.seconds = seconds.value_or(flags.seconds);
  flags.threads = threads.value_or(flags.threads);
  return flags;
}

// ------------------------------------------------------------- the runs

// A read of one case, as a service would record it.
v1::AuditRecord SampleRecord(size_t writer, uint64_t i) {
  v1::AuditRecord record;
  record.set_user_id("01hx3kq8v7m2n4p6r8t0w2y4z6");
  record.set_organisation_id("cabinet-montargis");
  record.set_certificate_fingerprint(std::string(64, 'a'));
  record.set_territory_id(kTerritory);
  record.set_purpose("suivi_individuel");
  record.set_method("/suivi.v1.Dossiers/Lire");
  record.set_request_id(absl::StrCat("req-", writer, "-", i));
  record.add_field_classes_returned("faits");
  record.add_field_classes_returned("administratif");
  record.set_charte_version(3);
  record.set_charte_sha256(std::string(64, 'c'));
  record.set_batch_item(-1);
  v1::AuditDecision* decision = record.add_decisions();
  decision->set_action("dossier:lire");
  decision->set_resource_type("dossier");
  decision->set_resource_id("01hx3kq8v7m2n4p6r8t0w2y4z7");
  decision->set_field_class("faits");
  decision->set_allowed(true);
  decision->add_determining_policies("lecture-referent");
  decision->set_attribution_id("01hx3kq8v7m2n4p6r8t0w2y4z8");
  return record;
}

enum class Kind { kAudit, kBare };

struct RunSpec {
  Kind kind;
  bool sync;
  size_t writers;
};

struct RunResult {
  RunSpec spec;
  uint64_t ops = 0;
  double records_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  double mean_group = 0;
  double verify_ms = -1;  // audit runs: Verify of the whole log
};

// A store with the audit family and a domain family, and its log.
struct Target {
  std::unique_ptr<store::EncryptedStore> store;
  std::unique_ptr<audit::AuditLog> log;
  std::string bare_key_id;
};

absl::StatusOr<Target> OpenTarget(const fs::path& dir, bool sync, crypto::KeyStore* keys,
                                  const std::string& bare_key_id) {
  store::StoreOptions options;
  options.path = dir.string();
  options.column_families = {audit::kAuditFamily, kBareFamily};
  options.sync = sync;
  Target target;
  ASSIGN_OR_RETURN(target.store, store::EncryptedStore::Open(options, keys));
  ASSIGN_OR_RETURN(std::string log_key,
                   audit::AuditLog::EnsureDataKey(target.store.get(), keys));
  ASSIGN_OR_RETURN(target.log, audit::AuditLog::Open(target.store.get(),
                                                     audit::AuditLogOptions{log_key}));
  target.bare_key_id = bare_key_id;
  return target;
}

// One call of the run's kind; its outcome.
absl::Status Call(const RunSpec& spec, Target& target, size_t writer, uint64_t i,
                  const std::string& bare_value) {
  if (spec.kind == Kind::kAudit) {
    return target.log->AppendAndWait(SampleRecord(writer, i));
  }
  store::RecordKey key{kBareFamily, kTerritory, absl::StrCat("bench/", writer, "/", i),
                       crypto::FieldClass::kAdministratif};
  return target.store->Execute(
      [&](const store::StoreView&, store::WriteSet* writes) {
        writes->Put(key, target.bare_key_id, bare_value);
        return absl::OkStatus();
      });
}

// Runs `spec` for `seconds` on `target`; the latency of every call, in µs.
RunResult Measure(const RunSpec& spec, double seconds, Target& target,
                  Failures* failures) {
  const std::string bare_value(SampleRecord(0, 0).ByteSizeLong() + 41, 'v');
  std::vector<std::vector<double>> latencies(spec.writers);
  const store::CommitQueueStats before = target.store->queue_stats();
  const SteadyClock::time_point start = SteadyClock::now();
  const SteadyClock::time_point deadline =
      start + std::chrono::duration_cast<SteadyClock::duration>(
                  std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (size_t w = 0; w < spec.writers; ++w) {
    threads.emplace_back([&, w] {
      for (uint64_t i = 0; SteadyClock::now() < deadline; ++i) {
        const SteadyClock::time_point t0 = SteadyClock::now();
        const absl::Status status = Call(spec, target, w, i, bare_value);
        latencies[w].push_back(
            std::chrono::duration<double, std::micro>(SteadyClock::now() - t0).count());
        if (!status.ok()) failures->Add("append", status);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
  std::vector<double> all;
  for (const std::vector<double>& l : latencies) all.insert(all.end(), l.begin(), l.end());
  const store::CommitQueueStats after = target.store->queue_stats();
  RunResult result{spec, all.size()};
  result.records_per_second = all.size() / elapsed;
  const LatencySummary latency = SummarizeLatencies(std::move(all));
  result.p50_us = latency.p50;
  result.p99_us = latency.p99;
  const uint64_t groups = after.groups - before.groups;
  result.mean_group =
      groups == 0 ? 0 : static_cast<double>(after.items - before.items) / groups;
  return result;
}

// ------------------------------------------------------------ reporting

std::string Label(const RunSpec& spec) {
  return absl::StrCat(spec.kind == Kind::kAudit ? "audit record" : "bare command",
                      spec.sync ? ", synced" : ", unsynced");
}

void PrintTable(const std::vector<RunResult>& results) {
  absl::PrintF("\n  %-26s %7s %11s %9s %9s %7s\n", "", "writers", "records/s",
               "p50 µs", "p99 µs", "group");
  for (const RunResult& r : results) {
    absl::PrintF("  %-26s %7d %11.0f %9.1f %9.1f %7.1f\n", Label(r.spec),
                 r.spec.writers, r.records_per_second, r.p50_us, r.p99_us,
                 r.mean_group);
  }
}

const RunResult& Find(const std::vector<RunResult>& results, Kind kind, bool sync,
                      size_t writers) {
  for (const RunResult& r : results) {
    if (r.spec.kind == kind && r.spec.sync == sync && r.spec.writers == writers) return r;
  }
  return results.front();  // every combination is run
}

void PrintRatios(const std::vector<RunResult>& results, size_t threads) {
  absl::PrintF("\nRatios (audit records unless said):\n");
  for (size_t w : {size_t{1}, threads}) {
    const RunResult& on = Find(results, Kind::kAudit, true, w);
    const RunResult& off = Find(results, Kind::kAudit, false, w);
    absl::PrintF("  synced / unsynced, %2d writer(s): p50 %.1fx, p99 %.1fx, "
                 "records/s %.2fx\n", w, on.p50_us / off.p50_us,
                 on.p99_us / off.p99_us, on.records_per_second / off.records_per_second);
  }
  for (bool sync : {true, false}) {
    const RunResult& one = Find(results, Kind::kAudit, sync, 1);
    const RunResult& many = Find(results, Kind::kAudit, sync, threads);
    absl::PrintF("  %d writers / 1 writer, %-8s: records/s %.2fx, p50 %.2fx\n",
                 threads, sync ? "synced" : "unsynced",
                 many.records_per_second / one.records_per_second,
                 many.p50_us / one.p50_us);
  }
  for (bool sync : {true, false}) {
    for (size_t w : {size_t{1}, threads}) {
      const RunResult& a = Find(results, Kind::kAudit, sync, w);
      const RunResult& b = Find(results, Kind::kBare, sync, w);
      absl::PrintF("  audit / bare command, %-8s %2d writer(s): p50 %.2fx, "
                   "records/s %.2fx\n", sync ? "synced," : "unsynced,", w,
                   a.p50_us / b.p50_us, a.records_per_second / b.records_per_second);
    }
  }
}

// Verifies the log of an audit run and records how long it took.
void VerifyLog(Target& target, RunResult* result, Failures* failures) {
  const SteadyClock::time_point start = SteadyClock::now();
  absl::StatusOr<audit::VerifyReport> report = target.log->Verify();
  const double ms =
      std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  if (!report.ok()) return failures->Add(Label(result->spec), report.status());
  if (report->head.sequence != result->ops) {
    return failures->Add(Label(result->spec),
                         absl::InternalError(absl::StrCat(
                             "chain of ", report->head.sequence, " for ", result->ops,
                             " appends")));
  }
  result->verify_ms = ms;
}

void PrintVerify(const std::vector<RunResult>& results) {
  const RunResult* largest = nullptr;
  for (const RunResult& r : results) {
    if (r.verify_ms >= 0 && (largest == nullptr || r.ops > largest->ops)) largest = &r;
  }
  if (largest == nullptr) return;
  absl::PrintF("\nVerify of the largest log: %d records in %.1f ms (%.2f µs per record)\n",
               largest->ops, largest->verify_ms,
               largest->verify_ms * 1000 / std::max<uint64_t>(largest->ops, 1));
}

int Run(const Flags& flags) {
  Failures failures;
  const TempDir tmp("suivi-bench-audit-");
  crypto::InMemoryKeyProvider provider;
  crypto::KeyStoreOptions key_options;
  key_options.path = (tmp.path() / "keys").string();
  absl::StatusOr<std::unique_ptr<crypto::KeyStore>> keys =
      crypto::KeyStore::Open(key_options, &provider);
  absl::Status ready = keys.ok() ? (*keys)->EnsureController(kController) : keys.status();
  absl::StatusOr<std::string> bare_key =
      ready.ok() ? (*keys)->CreateDataKey(kController) : ready;
  if (!bare_key.ok()) {
    std::cerr << "suivi-bench-audit: " << bare_key.status() << "\n";
    return 1;
  }
  absl::PrintF("suivi-bench-audit: %.1f s per run, records of %d B serialized, "
               "temp dir %s\n", flags.seconds, SampleRecord(0, 0).ByteSizeLong(),
               tmp.path().string());

  std::vector<RunResult> results;
  size_t run = 0;
  for (Kind kind : {Kind::kAudit, Kind::kBare}) {
    for (bool sync : {true, false}) {
      for (size_t writers : {size_t{1}, flags.threads}) {
        absl::StatusOr<Target> target = OpenTarget(
            tmp.path() / absl::StrCat("run-", run++), sync, keys->get(), *bare_key);
        if (!target.ok()) {
          failures.Add("open", target.status());
          continue;
        }
        results.push_back(Measure({kind, sync, writers}, flags.seconds, *target, &failures));
        if (kind == Kind::kAudit) VerifyLog(*target, &results.back(), &failures);
      }
    }
  }
  if (results.size() == 8) {
    PrintTable(results);
    PrintRatios(results, flags.threads);
    PrintVerify(results);
  }
  return failures.Report();
}

}  // namespace
}  // namespace suivi::bench

int main(int argc, char** argv) {
  std::optional<suivi::bench::Flags> flags = suivi::bench::ParseFlags(argc, argv);
  if (!flags.has_value()) {
    std::cerr << suivi::bench::kUsage;
    return 2;
  }
  return suivi::bench::Run(*flags);
}
