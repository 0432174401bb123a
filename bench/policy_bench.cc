// suivi-bench-policy: how long one authorization decision takes, for a
// realistic charte (60 policies over 8 modules, a CISPD territory of 5
// communes, 120 users, 600 cases), in Suivi's engine and in cedar-wasm
// (statefulIsAuthorized on a preparsed policy set) on the same requests,
// in the same run. Also checks that both engines decide alike.
//
//   build-release/bench/suivi-bench-policy [--requests N] [--rounds R]
//
// Prints p50 and p99 per decision for each engine and their ratio. Goal
// (issue 5): Suivi's p50 <= 1 µs and >= 30x faster than cedar-wasm.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench/bench_util.h"
#include "bench/policy_bench_data.h"
#include "core/common/files.h"
#include "nlohmann/json.hpp"
#include "policy/authorizer.h"
#include "policy/entities.h"
#include "policy/policy_set.h"
#include "policy/request.h"
#include "policy/schema.h"
#include "policy/schema_conformance.h"
#include "policy/validator.h"

namespace suivi::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Percentiles {
  double p50_ns = 0;
  double p99_ns = 0;
  // cedar-wasm only: what Cedar finds wrong with the bench data against its
  // schema (strict validation of the policies, conformance of the inputs).
  std::vector<std::string> schema_errors;
};

// Times every request `rounds` times; fills `decisions` ("a"/"d").
Percentiles TimeSuivi(const policy::PolicySet& policies, const policy::Entities& entities,
                      const std::vector<policy::Request>& requests, int rounds,
                      std::string* decisions) {
  for (const policy::Request& r : requests) {
    const policy::Response response = policy::Authorize(policies, entities, r);
    decisions->push_back(response.decision == policy::Decision::kAllow ? 'a' : 'd');
  }
  std::vector<double> ns;
  ns.reserve(requests.size() * rounds);
  for (int round = 0; round < rounds; ++round) {
    for (const policy::Request& r : requests) {
      const auto start = Clock::now();
      policy::Response response = policy::Authorize(policies, entities, r);
      ns.push_back(NanosSince(start));
      if (response.reasons.size() > 1000) std::abort();  // keeps the call
    }
  }
  const LatencySummary latency = SummarizeLatencies(std::move(ns));
  return {latency.p50, latency.p99, {}};
}

// Runs bench/cedar_wasm_bench.js on the same inputs.
bool TimeCedarWasm(const PolicyBenchData& data, int rounds, absl::string_view mode,
                   Percentiles* out, std::string* decisions) {
  TempDir dir("suivi-bench-policy");
  std::string requests = absl::StrJoin(data.requests, "\n");
  if (!WriteFileAtomically(dir.path() / "policies.cedar", data.policies, 0644).ok() ||
      !WriteFileAtomically(dir.path() / "schema.cedarschema", data.schema, 0644).ok() ||
      !WriteFileAtomically(dir.path() / "entities.json", data.entities_json, 0644).ok() ||
      !WriteFileAtomically(dir.path() / "requests.jsonl", requests, 0644).ok()) {
    return false;
  }
  const std::string command = absl::StrCat("node ", SUIVI_SOURCE_DIR, "/bench/cedar_wasm_bench.js ",
                                           dir.path().string(), " ", rounds, " ", mode);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  std::string output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  if (pclose(pipe) != 0) return false;
  const nlohmann::json answer = nlohmann::json::parse(output, nullptr, false);
  if (answer.is_discarded()) return false;
  out->p50_ns = answer["p50_ns"].get<double>();
  out->p99_ns = answer["p99_ns"].get<double>();
  *decisions = answer["decisions"].get<std::string>();
  for (const auto& error : answer["validation_errors"]) {
    out->schema_errors.push_back(error.get<std::string>());
  }
  return true;
}

// Validates the charte against its schema, as a server does before putting
// a charte in force, and prints how long it took. False when invalid.
bool ValidateCharte(const policy::PolicySet& policies, const policy::Schema& schema) {
  const auto start = Clock::now();
  const policy::ValidationResult result = policy::Validate(schema, policies);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  for (const policy::ValidationIssue& e : result.errors) {
    std::printf("suivi: invalid against the bench schema: %s line %d: %s\n", e.policy_id.c_str(),
                e.line, e.message.c_str());
  }
  std::printf("suivi       validation of the charte against its schema: %.2f ms, %zu errors, "
              "%zu warnings\n",
              ms, result.errors.size(), result.warnings.size());
  return result.ok();
}

int Run(int request_count, int rounds) {
  const PolicyBenchData data = MakePolicyBenchData(/*seed=*/20261124, request_count);
  auto policies = policy::ParsePolicies(data.policies);
  auto schema = policy::ParseSchema(data.schema);
  if (!policies.ok() || !schema.ok()) {
    std::cerr << "suivi-bench-policy: " << policies.status() << " " << schema.status() << "\n";
    return 1;
  }
  // The entities as a server reads them: checked against the schema.
  auto entities = policy::ParseEntitiesJson(data.entities_json, **schema);
  if (!entities.ok()) {
    std::cerr << "suivi-bench-policy: " << entities.status() << "\n";
    return 1;
  }
  std::vector<policy::Request> requests;
  for (const std::string& json : data.requests) {
    auto request = policy::ParseRequestJson(json, **schema);
    if (!request.ok()) {
      std::cerr << "suivi-bench-policy: " << request.status() << "\n";
      return 1;
    }
    requests.push_back(*std::move(request));
  }
  std::string suivi_decisions, wasm_decisions;
  const Percentiles suivi = TimeSuivi(**policies, **entities, requests, rounds, &suivi_decisions);
  const long allowed = std::count(suivi_decisions.begin(), suivi_decisions.end(), 'a');
  std::printf("%d policies, %d entities, %zu requests x %d rounds, %ld allowed\n",
              data.policy_count, data.entity_count, requests.size(), rounds, allowed);
  std::printf("suivi       p50 %8.0f ns  p99 %8.0f ns\n", suivi.p50_ns, suivi.p99_ns);
  if (!ValidateCharte(**policies, **schema)) return 1;
  // The whole store with every call, then the slice a server would send.
  for (const char* mode : {"store", "slice"}) {
    Percentiles wasm;
    if (!TimeCedarWasm(data, rounds, mode, &wasm, &wasm_decisions)) {
      std::printf("cedar-wasm  not run (node or tests/cedar/node_modules missing)\n");
      return 0;
    }
    std::printf("cedar-wasm (%s) p50 %9.0f ns  p99 %9.0f ns  -> suivi %.0fx faster at p50, "
                "%.0fx at p99\n",
                mode, wasm.p50_ns, wasm.p99_ns, wasm.p50_ns / suivi.p50_ns,
                wasm.p99_ns / suivi.p99_ns);
    for (const std::string& error : wasm.schema_errors) {
      std::printf("cedar-wasm: the bench data does not satisfy its schema: %s\n", error.c_str());
    }
    if (!wasm.schema_errors.empty()) return 1;
    if (wasm_decisions != suivi_decisions) {
      std::printf("DIFFERENT DECISIONS between the engines (%s)\n", mode);
      return 1;
    }
  }
  std::printf("same decisions for every request\n");
  return 0;
}

}  // namespace
}  // namespace suivi::bench

int main(int argc, char** argv) {
  CLI::App app{"suivi-bench-policy — durée d'une décision d'autorisation"};
  int requests = 2000;
  int rounds = 5;
  app.add_option("--requests", requests, "Nombre de requêtes")->capture_default_str();
  app.add_option("--rounds", rounds, "Passes de mesure")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return suivi::bench::Run(requests, rounds);
}
