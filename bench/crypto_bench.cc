// suivi-bench-crypto: the cost of sealing and opening one stored value.
//
// SealRecord/OpenRecord are what the encrypted store pays per Put and per
// Get (header, associated data, AES-256-GCM with a fresh random nonce);
// raw AeadSeal/AeadOpen at 256 B show how much of that is the AEAD itself.
// TOOLCHAIN.md gives the OpenSSL figures to compare with.
//
//   build-bench/bench/suivi-bench-crypto [--benchmark_min_time=...]

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/string_view.h"
#include "benchmark/benchmark.h"
#include "core/common/ids.h"
#include "core/crypto/aead.h"
#include "core/crypto/field_class.h"
#include "core/crypto/sealed_record.h"
#include "core/crypto/secret_key.h"

namespace suivi::crypto {
namespace {

// Set by a benchmark whose operation failed: main() then exits non-zero,
// so the smoke test catches a broken seal or open.
std::atomic<bool> g_failed{false};

void Fail(benchmark::State& state, const char* what) {
  g_failed = true;
  state.SkipWithError(what);
}

constexpr size_t kSmallValueBytes = 256;
constexpr size_t kLargeValueBytes = 4096;

// A data key and a place shaped like the store's (ids of realistic length).
struct Fixture {
  Fixture() {
    key.id = NewRandomId();
    key.version = 1;
    key.controller = "bench-controller";
    key.key = SecretKey::Generate();
    record_key = std::string("ame") + std::string(1, '\0') + "case/" +
                 NewRandomId() + "/event/00000003" + std::string(1, '\0') +
                 std::string(1, static_cast<char>(FieldClass::kFaits));
    where.territory = "ame";
    where.column_family = "cases";
    where.record_key = record_key;
    where.field_class = FieldClass::kFaits;
  }
  DataKey key;
  std::string record_key;
  RecordContext where;
};

std::string Payload(size_t n) { return RandomBytes(n); }

int64_t Processed(const benchmark::State& state, size_t bytes) {
  return static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes);
}

void BM_SealRecord(benchmark::State& state) {
  const Fixture f;
  const size_t bytes = static_cast<size_t>(state.range(0));
  const std::string plaintext = Payload(bytes);
  for (auto _ : state) {
    absl::StatusOr<std::string> sealed = SealRecord(f.key, f.where, plaintext);
    if (!sealed.ok()) {
      Fail(state, "SealRecord failed");
      break;
    }
    benchmark::DoNotOptimize(sealed->data());
  }
  state.SetBytesProcessed(Processed(state, bytes));
}
BENCHMARK(BM_SealRecord)->Arg(kSmallValueBytes)->Arg(kLargeValueBytes);

void BM_OpenRecord(benchmark::State& state) {
  const Fixture f;
  const size_t bytes = static_cast<size_t>(state.range(0));
  const std::string plaintext = Payload(bytes);
  absl::StatusOr<std::string> sealed = SealRecord(f.key, f.where, plaintext);
  if (!sealed.ok()) {
    Fail(state, "SealRecord failed");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<std::string> opened = OpenRecord(f.key, f.where, *sealed);
    if (!opened.ok()) {
      Fail(state, "OpenRecord failed");
      break;
    }
    benchmark::DoNotOptimize(opened->data());
  }
  state.SetBytesProcessed(Processed(state, bytes));
}
BENCHMARK(BM_OpenRecord)->Arg(kSmallValueBytes)->Arg(kLargeValueBytes);

// The AEAD alone, into a reused buffer: no header, no associated-data
// building, no allocation of the result.
void BM_AeadSeal(benchmark::State& state) {
  const SecretKey key = SecretKey::Generate();
  const size_t bytes = static_cast<size_t>(state.range(0));
  const std::string plaintext = Payload(bytes);
  const std::string aad = Payload(64);
  std::string out;
  for (auto _ : state) {
    out.clear();
    if (!AeadSeal(key, plaintext, aad, &out).ok()) {
      Fail(state, "AeadSeal failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(Processed(state, bytes));
}
BENCHMARK(BM_AeadSeal)->Arg(kSmallValueBytes);

void BM_AeadOpen(benchmark::State& state) {
  const SecretKey key = SecretKey::Generate();
  const size_t bytes = static_cast<size_t>(state.range(0));
  const std::string plaintext = Payload(bytes);
  const std::string aad = Payload(64);
  std::string sealed;
  if (!AeadSeal(key, plaintext, aad, &sealed).ok()) {
    Fail(state, "AeadSeal failed");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<std::string> opened = AeadOpen(key, sealed, aad);
    if (!opened.ok()) {
      Fail(state, "AeadOpen failed");
      break;
    }
    benchmark::DoNotOptimize(opened->data());
  }
  state.SetBytesProcessed(Processed(state, bytes));
}
BENCHMARK(BM_AeadOpen)->Arg(kSmallValueBytes);

}  // namespace
}  // namespace suivi::crypto

// BENCHMARK_MAIN(), plus a non-zero exit when an operation failed.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (suivi::crypto::g_failed) {
    std::cerr << "suivi-bench-crypto: an operation failed (see above)\n";
    return 1;
  }
  return 0;
}
