// bench/bench_util.h
//
// What the benchmark programs share: percentiles of measured latencies,
// the tally of failed operations, and the parser of the store and audit
// benchmarks' flags ("--name=value" or "--name value").
//
// Benchmark-only.

#ifndef SUIVI_BENCH_BENCH_UTIL_H_
#define SUIVI_BENCH_BENCH_UTIL_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace suivi::bench {

// The value at `fraction` of `values` (0.5 for the median, 0.99 for the
// 99th percentile): the one that stands at index
// min(n - 1, floor(fraction * n)) once they are sorted. 0 when empty.
double Percentile(std::vector<double> values, double fraction);

// The median and 99th percentile of a series of latencies, in the unit
// of the series.
struct LatencySummary {
  double p50 = 0;
  double p99 = 0;
};
LatencySummary SummarizeLatencies(std::vector<double> values);

// Nanoseconds from `start` to now, on the steady clock. Inline: it ends
// measured intervals.
inline double NanosSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start)
      .count();
}

// Every failed operation of a run; keeps the first messages.
//
// Thread-safe.
class Failures {
 public:
  void Add(absl::string_view what, const absl::Status& status);
  uint64_t count() const;
  // Prints the count and the first messages; nothing if none failed.
  void Print() const;
  // Prints the failures, or that every operation succeeded; returns the
  // program's exit status: 1 if any failed, else 0.
  int Report() const;

 private:
  static constexpr size_t kKept = 10;
  mutable absl::Mutex mu_;
  uint64_t count_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> messages_ ABSL_GUARDED_BY(mu_);
};

// Reads the flags "--name=value" and "--name value" of positive numbers,
// and switches "--name" alone. Says on stderr why a command line is
// refused.
class FlagParser {
 public:
  // `name` alone sets `*out` to true.
  void AddSwitch(std::string name, bool* out);
  // `name` takes a positive whole number.
  void AddCount(std::string name, std::optional<size_t>* out);
  // `name` takes a positive number.
  void AddNumber(std::string name, std::optional<double>* out);
  // Makes "--help" and "-h" refuse the command line silently (the caller
  // prints its usage); otherwise they are unknown flags.
  void AcceptHelp() { accept_help_ = true; }

  // Reads argv[1..]; stops and returns false at the first argument that
  // asks for help, is unknown, lacks its value or has a bad one.
  bool Parse(int argc, char** argv) const;

 private:
  std::vector<std::pair<std::string, bool*>> switches_;
  std::vector<std::pair<std::string, std::optional<size_t>*>> counts_;
  std::vector<std::pair<std::string, std::optional<double>*>> numbers_;
  bool accept_help_ = false;
};

}  // namespace suivi::bench

#endif  // SUIVI_BENCH_BENCH_UTIL_H_
