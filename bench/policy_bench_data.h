// bench/policy_bench_data.h
//
// A realistic charte for the policy benchmark: the policies, entities and
// requests of one CISPD territory, in Cedar's text and JSON formats, so the
// same inputs go to Suivi's engine and to cedar-wasm.

#ifndef SUIVI_BENCH_POLICY_BENCH_DATA_H_
#define SUIVI_BENCH_POLICY_BENCH_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

namespace suivi::bench {

struct PolicyBenchData {
  std::string policies;               // Cedar text
  std::string schema;                 // Cedar schema text, which the policies satisfy
  std::string entities_json;          // Cedar JSON entities
  std::vector<std::string> requests;  // Cedar JSON requests
  int policy_count = 0;
  int entity_count = 0;
};

// Deterministic for a given seed.
PolicyBenchData MakePolicyBenchData(uint64_t seed, int request_count);

}  // namespace suivi::bench

#endif  // SUIVI_BENCH_POLICY_BENCH_DATA_H_
