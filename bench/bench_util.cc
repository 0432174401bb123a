#include "bench/bench_util.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace suivi::bench {

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  const size_t index = std::min(values.size() - 1,
                                static_cast<size_t>(fraction * values.size()));
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

LatencySummary SummarizeLatencies(std::vector<double> values) {
  return {Percentile(values, 0.50), Percentile(std::move(values), 0.99)};
}

// ------------------------------------------------------------- failures

void Failures::Add(absl::string_view what, const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  if (count_++ < kKept) messages_.push_back(absl::StrCat(what, ": ", status.ToString()));
}

uint64_t Failures::count() const {
  absl::MutexLock lock(&mu_);
  return count_;
}

void Failures::Print() const {
  absl::MutexLock lock(&mu_);
  if (count_ == 0) return;
  absl::PrintF("\nFAILED: %d operation(s) failed. First ones:\n", count_);
  for (const std::string& m : messages_) absl::PrintF("  %s\n", m);
}

int Failures::Report() const {
  Print();
  if (count() > 0) return 1;
  absl::PrintF("\nall operations succeeded\n");
  return 0;
}

// ---------------------------------------------------------------- flags

void FlagParser::AddSwitch(std::string name, bool* out) {
  switches_.emplace_back(std::move(name), out);
}

void FlagParser::AddCount(std::string name, std::optional<size_t>* out) {
  counts_.emplace_back(std::move(name), out);
}

void FlagParser::AddNumber(std::string name, std::optional<double>* out) {
  numbers_.emplace_back(std::move(name), out);
}

namespace {

// The output bound to `name` in `flags`, or null.
template <typename T>
T* Find(const std::vector<std::pair<std::string, T*>>& flags, absl::string_view name) {
  for (const auto& [flag, out] : flags) {
    if (flag == name) return out;
  }
  return nullptr;
}

}  // namespace

bool FlagParser::Parse(int argc, char** argv) const {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (bool* on = Find(switches_, arg); on != nullptr) {
      *on = true;
      continue;
    }
    if (accept_help_ && (arg == "--help" || arg == "-h")) return false;
    const size_t eq = arg.find('=');
    const absl::string_view name = arg.substr(0, eq);
    std::optional<size_t>* count = Find(counts_, name);
    std::optional<double>* number = Find(numbers_, name);
    if (count == nullptr && number == nullptr) {
      std::cerr << "unknown flag " << name << "\n";
      return false;
    }
    if (eq == absl::string_view::npos && i + 1 >= argc) {
      std::cerr << "missing value for " << name << "\n";
      return false;
    }
    const std::string value =
        eq != absl::string_view::npos ? std::string(arg.substr(eq + 1)) : argv[++i];
    size_t n = 0;
    double d = 0;
    const bool ok = count != nullptr ? absl::SimpleAtoi(value, &n) && n > 0
                                     : absl::SimpleAtod(value, &d) && d > 0;
    if (!ok) {
      std::cerr << "bad value for " << name << ": " << value << "\n";
      return false;
    }
    if (count != nullptr) {
      *count = n;
    } else {
      *number = d;
    }
  }
  return true;
}

}  // namespace suivi::bench
