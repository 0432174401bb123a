// tests/cedar/differential_support.h
//
// What the differential tests against cedar-wasm share: where the oracle
// is, the fixed default seed (CI repeats the same cases; SUIVI_CEDAR_SEED
// explores others), and case counts read from the environment, smaller
// under AddressSanitizer, where the engine runs several times slower.
//
// Each test target defines SUIVI_CEDAR_DIR (tests/cedar/CMakeLists.txt).

#ifndef SUIVI_TESTS_CEDAR_DIFFERENTIAL_SUPPORT_H_
#define SUIVI_TESTS_CEDAR_DIFFERENTIAL_SUPPORT_H_

#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace suivi::cedar_testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAsan = true;
#else
inline constexpr bool kUnderAsan = false;
#endif
#else
inline constexpr bool kUnderAsan = false;
#endif

inline constexpr char kOracle[] = SUIVI_CEDAR_DIR "/oracle.js";

// The environment variable `name` as an integer; `fallback` when unset.
inline int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoll(v, nullptr, 10);
}

// SUIVI_CEDAR_SEED, or the fixed seed CI uses.
inline uint64_t CaseSeed() {
  return static_cast<uint64_t>(EnvInt("SUIVI_CEDAR_SEED", 20261124));
}

// How many cases to run: the variable `name`, else the default for this
// build.
inline int64_t CaseCount(const char* name, int64_t normal, int64_t under_asan) {
  return EnvInt(name, kUnderAsan ? under_asan : normal);
}

// Shrinks a case on which the two sides differ: passes over its one-step
// simplifications (`shrinks(c)`, a std::vector), taking each one that
// `still_differs` (an absl::StatusOr<bool>), until a pass changes nothing
// or `max_steps` checks are spent (counted in `*steps`). Stops, keeping
// the smallest so far, when the oracle cannot answer.
template <typename Case, typename ShrinksFn, typename StillDiffersFn>
Case ShrinkGreedily(Case c, ShrinksFn shrinks, StillDiffersFn still_differs, int max_steps,
                    int* steps) {
  bool progress = true;
  while (progress && *steps < max_steps) {
    progress = false;
    std::vector<Case> candidates = shrinks(c);
    size_t i = 0;
    while (i < candidates.size() && *steps < max_steps) {
      ++*steps;
      absl::StatusOr<bool> differs = still_differs(candidates[i]);
      if (!differs.ok()) return c;
      if (*differs) {
        // Stay at the same place: the smaller case's candidates there are new.
        c = std::move(candidates[i]);
        candidates = shrinks(c);
        progress = true;
      } else {
        ++i;
      }
    }
  }
  return c;
}

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_DIFFERENTIAL_SUPPORT_H_
