// tests/cedar/random.h
//
// The random choices of the generators, deterministic from a seed.

#ifndef SUIVI_TESTS_CEDAR_RANDOM_H_
#define SUIVI_TESTS_CEDAR_RANDOM_H_

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {

class Random {
 public:
  explicit Random(uint64_t seed) : rng_(seed) {}

  // Uniform in [0, n). REQUIRES: n > 0.
  int Uniform(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + Uniform(hi - lo + 1); }
  bool Chance(int percent) { return Uniform(100) < percent; }

  // REQUIRES: !items.empty().
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(static_cast<int>(items.size())))];
  }

  template <typename T>
  void Shuffle(std::vector<T>* items) {
    for (size_t i = items->size(); i > 1; --i) {
      std::swap((*items)[i - 1], (*items)[static_cast<size_t>(Uniform(static_cast<int>(i)))]);
    }
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_RANDOM_H_
