// suivi-bench-store: what encryption and the commit queue cost against
// plain RocksDB, measured in one run so the ratios mean something on a
// shared, noisy machine.
//
// Each round runs every plain and encrypted measurement once, and the
// order of the plain and encrypted runs alternates from one round to the
// next; the table gives each round and the median of the rounds. Every
// database lives in a fresh temporary directory, removed at the end.
//
//   a. unsynced Put: plain db->Put vs EncryptedStore commands, pipelined
//      (Submit N, wait for the last) and blocking (one Execute at a time);
//   b. unsynced Get of the N keys in random order, from the memtable and
//      after a flush (the database reopened): plain db->Get vs
//      EncryptedStore::Get, which decrypts;
//   c. synced writes from 16 threads for --seconds: plain db->Write of a
//      one-put batch (RocksDB's own group commit) vs Execute of a command
//      that reads a counter and writes it back (the store's commit queue).
//
// Every value is checked; any failed operation is reported and makes the
// program exit with status 1.
//
//   suivi-bench-store [--n=100000] [--blocking_n=20000] [--seconds=3]
//                     [--threads=16] [--rounds=3] [--quick]

#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "bench/bench_util.h"
#include "core/common/files.h"
#include "core/common/ids.h"
#include "core/common/rocksdb_util.h"
#include "core/crypto/field_class.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "core/store/record_key.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/statistics.h"
#include "rocksdb/write_batch.h"

namespace suivi::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr size_t kValueBytes = 256;
constexpr char kFamily[] = "cases";
constexpr char kTerritory[] = "ame";
constexpr char kController[] = "bench-controller";
// Records are spread over a handful of data keys, as over persons and cases.
constexpr size_t kDataKeys = 8;
// The goal for the unsynced paths: encrypted at most 1.3× plain.
constexpr double kGoalRatio = 1.3;

// ---------------------------------------------------------------- flags

struct Flags {
  size_t n = 100'000;
  size_t blocking_n = 20'000;
  double seconds = 3.0;
  size_t threads = 16;
  size_t rounds = 3;
  bool quick = false;
};

constexpr char kUsage[] =
    "usage: suivi-bench-store [--n=N] [--blocking_n=N] [--seconds=S]\n"
    "                         [--threads=T] [--rounds=R] [--quick]\n"
    "  --n           values written and read in (a) and (b) (default 100000)\n"
    "  --blocking_n  commands of the blocking Execute run (default 20000)\n"
    "  --seconds     duration of each synced run in (c) (default 3)\n"
    "  --threads     submitter threads in (c) (default 16)\n"
    "  --rounds      rounds, each running plain and encrypted (default 3)\n"
    "  --quick       smoke test: n=2000, blocking_n=500, 1 s, 1 round\n";

// Accepts --name=value and --name value. Explicit flags win over --quick.
std::optional<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  std::optional<size_t> n, blocking_n, threads, rounds;
  std::optional<double> seconds;
  FlagParser parser;
  parser.AddSwitch("--quick", &flags.quick);
  parser.AcceptHelp();
  parser.AddCount("--n", &n);
  parser.AddCount("--blocking_n", &blocking_n);
  parser.AddCount("--threads", &threads);
  parser.AddCount("--rounds", &rounds);
  parser.AddNumber("--seconds", &seconds);
  if (!parser.Parse(argc, argv)) return std::nullopt;
  if (flags.quick) {
    flags.n = 2'000;
    flags.blocking_n = 500;
    flags.seconds = 1.0;
    flags.rounds = 1;
  }
  flags.n = n.value_or(flags.n);
  flags.blocking_n = std::min(blocking_n.value_or(flags.blocking_n), flags.n);
  flags.seconds = seconds.value_or(flags.seconds);
  flags.threads = threads.value_or(flags.threads);
  flags.rounds = rounds.value_or(flags.rounds);
  return flags;
}

// ------------------------------------------------------------ fixtures

// Total size of the .sst files under `dir`.
uint64_t SstBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".sst") total += entry.file_size(ec);
  }
  return total;
}

// Plain RocksDB with the options and column family EncryptedStore uses,
// so the two differ only by what the store adds.
class PlainDb {
 public:
  static absl::StatusOr<std::unique_ptr<PlainDb>> Open(
      const std::string& path,
      std::shared_ptr<rocksdb::Statistics> statistics = nullptr) {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    options.paranoid_checks = true;
    options.statistics = std::move(statistics);
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                             rocksdb::ColumnFamilyOptions(options));
    descriptors.emplace_back(kFamily, rocksdb::ColumnFamilyOptions(options));
    std::unique_ptr<PlainDb> plain(new PlainDb);
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s =
        rocksdb::DB::Open(options, path, descriptors, &plain->handles_, &raw);
    if (!s.ok()) return FromRocksDb(s, "plain RocksDB open");
    plain->db_.reset(raw);
    return plain;
  }
  ~PlainDb() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }
  PlainDb(const PlainDb&) = delete;
  PlainDb& operator=(const PlainDb&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* family() const { return handles_[1]; }

 private:
  PlainDb() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// The data set: N record keys shaped like the store's, their encoded
// form for plain RocksDB, N distinct random 256-B values (incompressible,
// as the ciphertext is, so compression favours neither side) and a random
// read order.
struct DataSet {
  std::vector<store::RecordKey> keys;
  std::vector<std::string> encoded;
  std::vector<std::string> values;
  std::vector<size_t> read_order;
  std::vector<std::string> data_key_ids;

  const std::string& DataKeyOf(size_t i) const {
    return data_key_ids[i % data_key_ids.size()];
  }
};

DataSet MakeDataSet(size_t n, std::vector<std::string> data_key_ids) {
  DataSet data;
  data.data_key_ids = std::move(data_key_ids);
  std::mt19937_64 rng(20240501);
  data.keys.reserve(n);
  data.encoded.reserve(n);
  data.values.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    store::RecordKey key{kFamily, kTerritory,
                         absl::StrCat("case/", NewRandomId(), "/event/00000001"),
                         crypto::FieldClass::kFaits};
    data.encoded.push_back(key.Encode());
    data.keys.push_back(std::move(key));
    std::string value(kValueBytes, '\0');
    for (size_t j = 0; j < kValueBytes; j += sizeof(uint64_t)) {
      const uint64_t word = rng();
      std::memcpy(value.data() + j, &word, sizeof(word));
    }
    data.values.push_back(std::move(value));
  }
  data.read_order.resize(n);
  for (size_t i = 0; i < n; ++i) data.read_order[i] = i;
  std::shuffle(data.read_order.begin(), data.read_order.end(), rng);
  return data;
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

// CPU time of the whole process (every thread: the caller, the store's
// writer, RocksDB's background threads), in nanoseconds.
double ProcessCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Cost of one operation of a measured loop: wall time, and CPU time of the
// process. CPU time is less sensitive to a noisy neighbour, and shows the
// work a pipelined run spreads over two threads.
struct PerOp {
  double wall_ns = 0;
  double cpu_ns = 0;
};

class OpTimer {
 public:
  OpTimer() : wall_(Clock::now()), cpu_(ProcessCpuNs()) {}
  PerOp Stop(size_t ops) const {
    const double n = ops == 0 ? 1 : static_cast<double>(ops);
    return PerOp{
        std::chrono::duration<double, std::nano>(Clock::now() - wall_).count() / n,
        (ProcessCpuNs() - cpu_) / n};
  }

 private:
  const Clock::time_point wall_;
  const double cpu_;
};

absl::StatusOr<std::unique_ptr<store::EncryptedStore>> OpenStore(
    const std::string& path, bool sync, crypto::DataKeySource* keys) {
  store::StoreOptions options;
  options.path = path;
  options.column_families = {kFamily};
  options.sync = sync;
  return store::EncryptedStore::Open(options, keys);
}

// ------------------------------------------------------ (a) unsynced Put

PerOp PlainPut(PlainDb& plain, const DataSet& data, size_t n,
               Failures* failures) {
  rocksdb::WriteOptions options;
  options.sync = false;
  const OpTimer timer;
  for (size_t i = 0; i < n; ++i) {
    rocksdb::Status s = plain.db()->Put(options, plain.family(),
                                        ToSlice(data.encoded[i]),
                                        ToSlice(data.values[i]));
    if (!s.ok()) failures->Add("plain Put", FromRocksDb(s, "Put"));
  }
  return timer.Stop(n);
}

// For reference: plain RocksDB given the batching the commit queue gets
// (groups of up to max_group_size commands), to separate what sealing
// costs from what one write per group saves.
PerOp PlainBatchedPut(PlainDb& plain, const DataSet& data, size_t n,
                      size_t batch_size, Failures* failures) {
  rocksdb::WriteOptions options;
  options.sync = false;
  const OpTimer timer;
  for (size_t begin = 0; begin < n; begin += batch_size) {
    rocksdb::WriteBatch batch;
    rocksdb::Status s;
    for (size_t i = begin; i < std::min(n, begin + batch_size) && s.ok(); ++i) {
      s = batch.Put(plain.family(), ToSlice(data.encoded[i]), ToSlice(data.values[i]));
    }
    if (s.ok()) s = plain.db()->Write(options, &batch);
    if (!s.ok()) failures->Add("plain batched Write", FromRocksDb(s, "Write"));
  }
  return timer.Stop(n);
}

store::Command PutCommand(const DataSet& data, size_t i) {
  return [&data, i](const store::StoreView&, store::WriteSet* writes) {
    writes->Put(data.keys[i], data.DataKeyOf(i), data.values[i]);
    return absl::OkStatus();
  };
}

// Submits n commands without waiting; the clock stops at the last one's
// completion (completions run in submission order).
PerOp EncryptedPipelinedPut(store::EncryptedStore& store, const DataSet& data,
                            size_t n, Failures* failures) {
  std::atomic<size_t> remaining{n};
  absl::Notification all_done;
  const OpTimer timer;
  for (size_t i = 0; i < n; ++i) {
    store.Submit(PutCommand(data, i), [&](absl::Status status) {
      if (!status.ok()) failures->Add("encrypted Submit", status);
      if (remaining.fetch_sub(1) == 1) all_done.Notify();
    });
  }
  all_done.WaitForNotification();
  return timer.Stop(n);
}

PerOp EncryptedBlockingPut(store::EncryptedStore& store, const DataSet& data,
                           size_t n, Failures* failures) {
  const OpTimer timer;
  for (size_t i = 0; i < n; ++i) {
    absl::Status status = store.Execute(PutCommand(data, i));
    if (!status.ok()) failures->Add("encrypted Execute", status);
  }
  return timer.Stop(n);
}

// ------------------------------------------------------ (b) unsynced Get

void CheckValue(absl::string_view what, const std::string& got,
                const std::string& want, Failures* failures) {
  if (got != want) failures->Add(what, absl::DataLossError("wrong value read back"));
}

PerOp PlainGet(PlainDb& plain, const DataSet& data, Failures* failures) {
  const rocksdb::ReadOptions options;
  std::string value;
  const OpTimer timer;
  for (size_t i : data.read_order) {
    rocksdb::Status s = plain.db()->Get(options, plain.family(),
                                        ToSlice(data.encoded[i]), &value);
    if (!s.ok()) {
      failures->Add("plain Get", FromRocksDb(s, "Get"));
      continue;
    }
    CheckValue("plain Get", value, data.values[i], failures);
  }
  return timer.Stop(data.read_order.size());
}

PerOp EncryptedGet(const store::EncryptedStore& store, const DataSet& data,
                   Failures* failures) {
  const OpTimer timer;
  for (size_t i : data.read_order) {
    absl::StatusOr<std::string> value = store.Get(data.keys[i]);
    if (!value.ok()) {
      failures->Add("encrypted Get", value.status());
      continue;
    }
    CheckValue("encrypted Get", *value, data.values[i], failures);
  }
  return timer.Stop(data.read_order.size());
}

// ------------------------------------------------- (c) synced, N threads

struct SyncedResult {
  double seconds = 0;
  uint64_t ops = 0;
  // Durable writes: the store's groups, or RocksDB's WAL syncs.
  uint64_t groups = 0;
  uint64_t items = 0;  // commands in those groups (store only)
  uint64_t largest_group = 0;
  // Process CPU time per operation.
  double cpu_ns_per_op = 0;

  double OpsPerSecond() const { return seconds > 0 ? ops / seconds : 0; }
  double GroupsPerSecond() const { return seconds > 0 ? groups / seconds : 0; }
};

// Runs `body(thread_index, stop)` on `threads` threads for `seconds`,
// all released together; returns the wall time until the last one ended.
template <typename Body>
double RunThreads(size_t threads, double seconds, Body body) {
  absl::Notification go;
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      go.WaitForNotification();
      body(t, stop);
    });
  }
  const Clock::time_point start = Clock::now();
  go.Notify();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& worker : workers) worker.join();
  return Seconds(Clock::now() - start);
}

SyncedResult PlainSynced(const std::string& path, const DataSet& data,
                         const Flags& flags, Failures* failures) {
  SyncedResult result;
  std::shared_ptr<rocksdb::Statistics> statistics = rocksdb::CreateDBStatistics();
  statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);
  absl::StatusOr<std::unique_ptr<PlainDb>> plain = PlainDb::Open(path, statistics);
  if (!plain.ok()) {
    failures->Add("plain open", plain.status());
    return result;
  }
  std::vector<uint64_t> ops(flags.threads, 0);
  const double cpu_start = ProcessCpuNs();
  result.seconds = RunThreads(
      flags.threads, flags.seconds, [&](size_t t, const std::atomic<bool>& stop) {
        rocksdb::WriteOptions options;
        options.sync = true;
        const std::string& key = data.encoded[t % data.encoded.size()];
        const std::string& value = data.values[t % data.values.size()];
        while (!stop.load(std::memory_order_relaxed)) {
          rocksdb::WriteBatch batch;
          rocksdb::Status s = batch.Put((*plain)->family(), ToSlice(key), ToSlice(value));
          if (s.ok()) s = (*plain)->db()->Write(options, &batch);
          if (!s.ok()) {
            failures->Add("plain synced Write", FromRocksDb(s, "Write"));
            continue;
          }
          ++ops[t];
        }
      });
  for (uint64_t n : ops) result.ops += n;
  result.cpu_ns_per_op = Ratio(ProcessCpuNs() - cpu_start, static_cast<double>(result.ops));
  result.groups = statistics->getTickerCount(rocksdb::WAL_FILE_SYNCED);
  result.items = result.ops;
  return result;
}

// The counter of thread `t`: 256 B whose first 8 bytes count the commands
// that wrote it.
store::RecordKey CounterKey(size_t t) {
  return store::RecordKey{kFamily, kTerritory, absl::StrCat("counter/", t),
                          crypto::FieldClass::kAdministratif};
}

absl::StatusOr<uint64_t> ReadCount(absl::StatusOr<std::string> value) {
  if (absl::IsNotFound(value.status())) return 0;
  if (!value.ok()) return value.status();
  if (value->size() != kValueBytes) return absl::DataLossError("bad counter size");
  uint64_t count = 0;
  std::memcpy(&count, value->data(), sizeof(count));
  return count;
}

SyncedResult EncryptedSynced(const std::string& path, const DataSet& data,
                             crypto::DataKeySource* keys, const Flags& flags,
                             Failures* failures) {
  SyncedResult result;
  absl::StatusOr<std::unique_ptr<store::EncryptedStore>> store =
      OpenStore(path, /*sync=*/true, keys);
  if (!store.ok()) {
    failures->Add("encrypted open", store.status());
    return result;
  }
  std::vector<uint64_t> ops(flags.threads, 0);
  const store::CommitQueueStats before = (*store)->queue_stats();
  const double cpu_start = ProcessCpuNs();
  result.seconds = RunThreads(
      flags.threads, flags.seconds, [&](size_t t, const std::atomic<bool>& stop) {
        const store::RecordKey counter = CounterKey(t);
        const std::string& key_id = data.DataKeyOf(t);
        const std::string& filler = data.values[t % data.values.size()];
        while (!stop.load(std::memory_order_relaxed)) {
          absl::Status status = (*store)->Execute(
              [&](const store::StoreView& view, store::WriteSet* writes) {
                absl::StatusOr<uint64_t> count = ReadCount(view.Get(counter));
                if (!count.ok()) return count.status();
                std::string next = filler;
                const uint64_t incremented = *count + 1;
                std::memcpy(next.data(), &incremented, sizeof(incremented));
                writes->Put(counter, key_id, std::move(next));
                return absl::OkStatus();
              });
          if (!status.ok()) {
            failures->Add("encrypted synced Execute", status);
            continue;
          }
          ++ops[t];
        }
      });
  const double cpu_end = ProcessCpuNs();
  const store::CommitQueueStats after = (*store)->queue_stats();
  for (size_t t = 0; t < flags.threads; ++t) {
    result.ops += ops[t];
    // Every successful command incremented its thread's counter once.
    absl::StatusOr<uint64_t> count = ReadCount((*store)->Get(CounterKey(t)));
    if (!count.ok()) {
      failures->Add("encrypted counter read", count.status());
    } else if (*count != ops[t]) {
      failures->Add("encrypted counter",
                    absl::DataLossError(absl::StrCat("counter ", t, " = ", *count,
                                                     ", expected ", ops[t])));
    }
  }
  result.cpu_ns_per_op = Ratio(cpu_end - cpu_start, static_cast<double>(result.ops));
  result.groups = after.groups - before.groups;
  result.items = after.items - before.items;
  result.largest_group = after.largest_group;
  return result;
}

// ---------------------------------------------------------------- report

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

// One measured series: a value per round (wall time per op, or a rate),
// and for per-op series the process CPU time per op.
struct Series {
  explicit Series(std::string name) : label(std::move(name)) {}
  std::string label;
  std::vector<double> rounds;
  std::vector<double> cpu;
  void Add(const PerOp& op) {
    rounds.push_back(op.wall_ns);
    cpu.push_back(op.cpu_ns);
  }
  double median() const { return Median(rounds); }
  double cpu_median() const { return Median(cpu); }
};

// The round columns of a row: each value with `decimals`, 8 wide.
std::string RoundCells(const std::vector<double>& values, int decimals) {
  std::string cells;
  for (double v : values) absl::StrAppend(&cells, absl::StrFormat(" %8.*f", decimals, v));
  return cells;
}

// The round columns of a header: r1, r2, ..., 8 wide.
std::string RoundHeaders(size_t rounds) {
  std::string cells;
  for (size_t r = 1; r <= rounds; ++r) {
    absl::StrAppend(&cells, absl::StrFormat(" %8s", absl::StrCat("r", r)));
  }
  return cells;
}

// A per-op row: wall ns/op per round, wall median, CPU median, and, for an
// encrypted series, the ratios of both medians to the plain series.
void PrintPerOpRow(const Series& s, const Series* plain, bool with_goal) {
  std::string note;
  if (plain != nullptr) {
    const double wall = Ratio(s.median(), plain->median());
    note = absl::StrFormat("%5.2fx  %5.2fx", wall,
                           Ratio(s.cpu_median(), plain->cpu_median()));
    if (with_goal) {
      absl::StrAppend(&note, absl::StrFormat("  goal <= %.1fx: %s", kGoalRatio,
                                             wall <= kGoalRatio ? "met" : "NOT met"));
    }
  }
  absl::PrintF("  %-36s%s | %8.0f %8.0f | %s\n", s.label, RoundCells(s.rounds, 0),
               s.median(), s.cpu_median(), note);
}

void PrintPerOpHeader(size_t rounds) {
  absl::PrintF("  %-36s%s | %8s %8s | %s\n", "wall ns/op per round",
               RoundHeaders(rounds), "median", "cpu", "wall   cpu  (row / plain)");
}

// A rate row: one value per round and the median, with `decimals`.
void PrintRateRow(const Series& s, int decimals, absl::string_view note) {
  absl::PrintF("  %-36s%s | %8.*f | %s\n", s.label, RoundCells(s.rounds, decimals),
               decimals, s.median(), note);
}

// ---------------------------------------------------------------- rounds

// The store's default group bound: what the pipelined run batches by.
size_t GroupBound() { return store::StoreOptions().max_group_size; }

// Every series of the report, one value per round.
struct Results {
  // (a) unsynced Put.
  Series plain_put{"plain  db->Put (sync=false)"};
  Series plain_batched{absl::StrCat("plain  WriteBatch of ", GroupBound(), " (ref.)")};
  Series enc_pipelined{"encrypted Submit x N, wait last"};
  Series enc_blocking{"encrypted Execute, one at a time"};
  // (b) unsynced Get; the SST sizes are the last round's.
  Series plain_get_mem{"plain  db->Get, memtable"};
  Series enc_get_mem{"encrypted Get, memtable"};
  Series plain_get_sst{"plain  db->Get, after flush"};
  Series enc_get_sst{"encrypted Get, after flush"};
  uint64_t plain_sst_bytes = 0;
  uint64_t enc_sst_bytes = 0;
  // (c) synced; the largest group is over every round.
  Series plain_sync{"plain  db->Write(sync) batches/s"};
  Series enc_sync{"encrypted Execute(sync) commands/s"};
  Series enc_groups{"encrypted groups (synced batches)/s"};
  Series plain_wal_syncs{"plain  WAL syncs/s"};
  Series enc_group_size{"encrypted avg commands per group"};
  Series plain_sync_cpu{"plain  CPU us per write"};
  Series enc_sync_cpu{"encrypted CPU us per command"};
  uint64_t largest_group = 0;
};

// What a round measures with, where its databases live, and whether it
// runs plain or encrypted first.
struct Round {
  const Flags& flags;
  const DataSet& data;
  crypto::KeyStore* keys;
  const fs::path& dir;
  size_t index;
  bool plain_first;
  Failures* failures;

  // This round's database directory `name`-`index`.
  std::string Path(absl::string_view name) const {
    return (dir / absl::StrCat(name, "-", index)).string();
  }
};

template <typename Plain, typename Encrypted>
void RunInOrder(bool plain_first, Plain plain, Encrypted encrypted) {
  if (plain_first) plain();
  encrypted();
  if (!plain_first) plain();
}

// True if every status is OK; otherwise adds each failed one as `what`.
bool AllOk(std::initializer_list<absl::Status> statuses, absl::string_view what,
           Failures* failures) {
  bool ok = true;
  for (const absl::Status& s : statuses) {
    if (!s.ok()) failures->Add(what, s);
    ok = ok && s.ok();
  }
  return ok;
}

void RemoveAll(std::initializer_list<std::string> paths) {
  std::error_code ignored;
  for (const std::string& path : paths) fs::remove_all(path, ignored);
}

// (a), then (b) from the memtable, on fresh databases. False if one could
// not be opened.
bool PutAndGetFromMemtable(const Round& round, Results* results) {
  absl::StatusOr<std::unique_ptr<PlainDb>> plain = PlainDb::Open(round.Path("plain"));
  absl::StatusOr<std::unique_ptr<PlainDb>> batched = PlainDb::Open(round.Path("batched"));
  absl::StatusOr<std::unique_ptr<store::EncryptedStore>> enc =
      OpenStore(round.Path("enc"), /*sync=*/false, round.keys);
  absl::StatusOr<std::unique_ptr<store::EncryptedStore>> blocking =
      OpenStore(round.Path("blocking"), /*sync=*/false, round.keys);
  if (!AllOk({plain.status(), batched.status(), enc.status(), blocking.status()},
             "open", round.failures)) {
    return false;
  }
  const DataSet& data = round.data;
  const size_t n = round.flags.n;
  Failures* const failures = round.failures;
  RunInOrder(
      round.plain_first,
      [&] {
        results->plain_put.Add(PlainPut(**plain, data, n, failures));
        results->plain_batched.Add(
            PlainBatchedPut(**batched, data, n, GroupBound(), failures));
      },
      [&] {
        results->enc_pipelined.Add(EncryptedPipelinedPut(**enc, data, n, failures));
        results->enc_blocking.Add(EncryptedBlockingPut(
            **blocking, data, round.flags.blocking_n, failures));
      });
  RunInOrder(
      round.plain_first,
      [&] { results->plain_get_mem.Add(PlainGet(**plain, data, failures)); },
      [&] { results->enc_get_mem.Add(EncryptedGet(**enc, data, failures)); });
  return true;
}

void CheckFlushed(const PlainDb& plain, Failures* failures) {
  uint64_t in_memtable = 0;
  plain.db()->GetIntProperty(plain.family(), "rocksdb.num-entries-active-mem-table",
                             &in_memtable);
  if (in_memtable != 0) {
    failures->Add("flush", absl::InternalError(absl::StrCat(
                               in_memtable, " plain entries still in memtable")));
  }
}

// (b) after a flush. Reopening replays the log into an L0 file (RocksDB
// flushes during recovery), the same way for both; the block caches start
// cold. False if a database could not be reopened.
bool GetAfterFlush(const Round& round, Results* results) {
  const std::string plain_path = round.Path("plain");
  const std::string enc_path = round.Path("enc");
  absl::StatusOr<std::unique_ptr<PlainDb>> plain = PlainDb::Open(plain_path);
  absl::StatusOr<std::unique_ptr<store::EncryptedStore>> enc =
      OpenStore(enc_path, /*sync=*/false, round.keys);
  if (!AllOk({plain.status(), enc.status()}, "reopen", round.failures)) return false;
  CheckFlushed(**plain, round.failures);
  results->plain_sst_bytes = SstBytes(plain_path);
  results->enc_sst_bytes = SstBytes(enc_path);
  RunInOrder(
      round.plain_first,
      [&] { results->plain_get_sst.Add(PlainGet(**plain, round.data, round.failures)); },
      [&] { results->enc_get_sst.Add(EncryptedGet(**enc, round.data, round.failures)); });
  return true;
}

// (a) and (b), then removes their databases. False, leaving them, if a
// database could not be opened.
bool RunUnsyncedRound(const Round& round, Results* results) {
  if (!PutAndGetFromMemtable(round, results) || !GetAfterFlush(round, results)) {
    return false;
  }
  RemoveAll({round.Path("plain"), round.Path("enc"), round.Path("blocking"),
             round.Path("batched")});
  return true;
}

// (c), then removes its databases.
void RunSyncedRound(const Round& round, Results* results) {
  const std::string plain_path = round.Path("plain-sync");
  const std::string enc_path = round.Path("enc-sync");
  SyncedResult p, e;
  RunInOrder(
      round.plain_first,
      [&] { p = PlainSynced(plain_path, round.data, round.flags, round.failures); },
      [&] {
        e = EncryptedSynced(enc_path, round.data, round.keys, round.flags,
                            round.failures);
      });
  results->plain_sync.rounds.push_back(p.OpsPerSecond());
  results->plain_wal_syncs.rounds.push_back(p.GroupsPerSecond());
  results->enc_sync.rounds.push_back(e.OpsPerSecond());
  results->enc_groups.rounds.push_back(e.GroupsPerSecond());
  results->enc_group_size.rounds.push_back(
      e.groups > 0 ? static_cast<double>(e.items) / e.groups : 0);
  results->plain_sync_cpu.rounds.push_back(p.cpu_ns_per_op / 1000);
  results->enc_sync_cpu.rounds.push_back(e.cpu_ns_per_op / 1000);
  results->largest_group = std::max(results->largest_group, e.largest_group);
  RemoveAll({plain_path, enc_path});
}

// ------------------------------------------------------------------ main

void PrintPutSection(const Flags& flags, const Results& r) {
  absl::PrintF("\n(a) Unsynced Put of %d values (blocking: %d)\n", flags.n,
               flags.blocking_n);
  PrintPerOpHeader(flags.rounds);
  PrintPerOpRow(r.plain_put, nullptr, false);
  PrintPerOpRow(r.enc_pipelined, &r.plain_put, true);
  PrintPerOpRow(r.enc_blocking, &r.plain_put, false);
  PrintPerOpRow(r.plain_batched, &r.plain_put, false);
  absl::PrintF("  encrypted pipelined / plain WriteBatch of %d: wall %.2fx, cpu %.2fx\n",
               GroupBound(), Ratio(r.enc_pipelined.median(), r.plain_batched.median()),
               Ratio(r.enc_pipelined.cpu_median(), r.plain_batched.cpu_median()));
}

void PrintGetSection(const Flags& flags, const Results& r) {
  absl::PrintF("\n(b) Unsynced Get of every key in random order\n");
  PrintPerOpHeader(flags.rounds);
  PrintPerOpRow(r.plain_get_mem, nullptr, false);
  PrintPerOpRow(r.enc_get_mem, &r.plain_get_mem, true);
  PrintPerOpRow(r.plain_get_sst, nullptr, false);
  PrintPerOpRow(r.enc_get_sst, &r.plain_get_sst, true);
  absl::PrintF("  SST bytes after flush (last round): plain %d, encrypted %d (%.2fx)\n",
               r.plain_sst_bytes, r.enc_sst_bytes,
               Ratio(static_cast<double>(r.enc_sst_bytes),
                     static_cast<double>(r.plain_sst_bytes)));
}

void PrintSyncedSection(const Flags& flags, const Results& r) {
  absl::PrintF("\n(c) Synced writes, %d threads, %.1f s per run (higher is better)\n",
               flags.threads, flags.seconds);
  absl::PrintF("  %-36s%s | %8s |\n", "per round", RoundHeaders(flags.rounds), "median");
  PrintRateRow(r.plain_sync, 0, "");
  PrintRateRow(r.plain_wal_syncs, 0,
               absl::StrFormat("%.1f writes per WAL sync",
                               Ratio(r.plain_sync.median(), r.plain_wal_syncs.median())));
  PrintRateRow(r.plain_sync_cpu, 1, "");
  PrintRateRow(r.enc_sync, 0,
               absl::StrFormat("%.2fx plain throughput",
                               Ratio(r.enc_sync.median(), r.plain_sync.median())));
  PrintRateRow(r.enc_groups, 0, "");
  PrintRateRow(r.enc_group_size, 1,
               absl::StrFormat("queue_stats items/groups; largest group %d",
                               r.largest_group));
  PrintRateRow(r.enc_sync_cpu, 1,
               absl::StrFormat("%.2fx plain CPU",
                               Ratio(r.enc_sync_cpu.median(), r.plain_sync_cpu.median())));
  absl::PrintF(
      "  (reference: RocksDB alone reaches about 24,000 synced group-committed "
      "batches/s on this kind of machine)\n");
}

// The key store of the run, under `dir`, with kDataKeys data keys whose
// ids go to `key_ids`. On failure, says why on stderr and returns null.
std::unique_ptr<crypto::KeyStore> OpenKeyStore(const fs::path& dir,
                                               crypto::KeyProvider* provider,
                                               std::vector<std::string>* key_ids) {
  crypto::KeyStoreOptions options;
  options.path = (dir / "keys").string();
  options.sync = false;
  absl::StatusOr<std::unique_ptr<crypto::KeyStore>> keys =
      crypto::KeyStore::Open(options, provider);
  if (!keys.ok()) {
    std::cerr << "suivi-bench-store: key store: " << keys.status() << "\n";
    return nullptr;
  }
  absl::Status s = (*keys)->EnsureController(kController);
  for (size_t i = 0; i < kDataKeys && s.ok(); ++i) {
    absl::StatusOr<std::string> id = (*keys)->CreateDataKey(kController);
    // Unwrapped once here, then served from the key store's cache.
    s = id.ok() ? (*keys)->FindDataKey(*id).status() : id.status();
    if (s.ok()) key_ids->push_back(*std::move(id));
  }
  if (!s.ok()) {
    std::cerr << "suivi-bench-store: data keys: " << s << "\n";
    return nullptr;
  }
  return *std::move(keys);
}

int Run(const Flags& flags) {
  Failures failures;
  const TempDir tmp("suivi-bench-");
  crypto::InMemoryKeyProvider provider;
  std::vector<std::string> key_ids;
  const std::unique_ptr<crypto::KeyStore> keys =
      OpenKeyStore(tmp.path(), &provider, &key_ids);
  if (keys == nullptr) return 1;
  const DataSet data = MakeDataSet(flags.n, std::move(key_ids));
  absl::PrintF(
      "suivi-bench-store: %d values of %d B (blocking run: %d), %d round(s), "
      "%d data keys, temp dir %s\n"
      "Each round runs plain and encrypted back to back, alternating which "
      "goes first;\ncolumns are rounds, then their median.\n\n",
      flags.n, kValueBytes, flags.blocking_n, flags.rounds, kDataKeys,
      tmp.path().string());

  Results results;
  for (size_t i = 0; i < flags.rounds; ++i) {
    const Round round{flags, data, keys.get(), tmp.path(), i, i % 2 == 0, &failures};
    if (!RunUnsyncedRound(round, &results)) break;
    RunSyncedRound(round, &results);
    absl::PrintF("round %d/%d done (%s first)\n", i + 1, flags.rounds,
                 round.plain_first ? "plain" : "encrypted");
  }
  PrintPutSection(flags, results);
  PrintGetSection(flags, results);
  PrintSyncedSection(flags, results);

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
