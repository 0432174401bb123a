// tests/cedar/conformance_differential_test.cc
//
// Suivi's reading of entities and requests with a schema against the
// official Cedar (issue 5): random schemas, policies typed against them,
// and entities and requests written from the schema (conformance_case.h),
// read by policy::ParseEntitiesJson / ParseRequestJson with the schema and
// by cedar-wasm (checkParseEntities; isAuthorized with validateRequest).
// The test fails when the two differ on whether the schema, the entities
// or the request is accepted, or, when both conform, on the decision,
// determining policies or erroring policies; it prints the smallest
// differing cases found by shrinking.
//
//   SUIVI_CEDAR_CONFORMANCE_CASES  cases to compare (default 6000; 4000
//                                  under AddressSanitizer)
//   SUIVI_CEDAR_SEED               generator seed (default fixed)
//   SUIVI_CEDAR_REPORTS differing cases shrunk and printed
//                                  (default 3), one per kind of difference
//                                  and of mistake

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "policy/authorizer.h"
#include "policy/entities.h"
#include "policy/request.h"
#include "policy/schema.h"
#include "policy/schema_conformance.h"
#include "tests/cedar/conformance_case.h"
#include "tests/cedar/differential_support.h"
#include "tests/cedar/oracle_client.h"

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;

constexpr int64_t kDefaultReports = 3;
constexpr int kBatch = 500;  // cases per oracle per round
constexpr int kMaxShrinkSteps = 5000;

struct Verdict {
  bool schema_ok = false;
  bool entities_ok = false;
  bool request_ok = false;
  bool policies_ok = false;  // when entities and request conform
  std::string decision;
  std::set<std::string> reasons;
  std::set<std::string> errors;
  std::vector<std::string> messages;
};

enum class Difference { kNone, kSchema, kEntities, kRequest, kPolicies, kDecision };

const char* DifferenceName(Difference d) {
  switch (d) {
    case Difference::kNone: return "none";
    case Difference::kSchema: return "schema accepted by one side only";
    case Difference::kEntities: return "entities accepted by one side only";
    case Difference::kRequest: return "request accepted by one side only";
    case Difference::kPolicies: return "policies parsed by one side only";
    case Difference::kDecision: return "decision, reasons or erroring policies differ";
  }
  return "?";
}

Difference Compare(const Verdict& cedar, const Verdict& suivi) {
  if (cedar.schema_ok != suivi.schema_ok) return Difference::kSchema;
  if (!cedar.schema_ok) return Difference::kNone;
  if (cedar.entities_ok != suivi.entities_ok) return Difference::kEntities;
  if (cedar.request_ok != suivi.request_ok) return Difference::kRequest;
  if (!cedar.entities_ok || !cedar.request_ok) return Difference::kNone;
  if (cedar.policies_ok != suivi.policies_ok) return Difference::kPolicies;
  if (!cedar.policies_ok) return Difference::kNone;
  if (cedar.decision != suivi.decision || cedar.reasons != suivi.reasons ||
      cedar.errors != suivi.errors) {
    return Difference::kDecision;
  }
  return Difference::kNone;
}

std::vector<std::string> Strings(const json& a, const char* key) {
  return a.contains(key) ? a[key].get<std::vector<std::string>>() : std::vector<std::string>{};
}

Verdict FromOracle(const json& a) {
  Verdict out;
  out.schema_ok = a.value("schema_ok", false);
  out.entities_ok = a.value("entities_ok", false);
  out.request_ok = a.value("request_ok", false);
  out.policies_ok = a.value("policies_ok", false);
  out.decision = a.value("decision", "");
  for (const std::string& r : Strings(a, "reasons")) out.reasons.insert(r);
  for (const std::string& e : Strings(a, "errors")) out.errors.insert(e);
  out.messages = Strings(a, "messages");
  for (const std::string& m : Strings(a, "error_messages")) out.messages.push_back(m);
  if (a.contains("oracle_error")) out.messages.push_back("oracle: " + a["oracle_error"].dump());
  return out;
}

Verdict Suivi(const ConformanceCase& c) {
  Verdict out;
  absl::StatusOr<std::shared_ptr<const policy::Schema>> schema =
      policy::ParseSchema(c.base.SchemaText());
  if (!schema.ok()) {
    out.messages.emplace_back(schema.status().message());
    return out;
  }
  out.schema_ok = true;
  absl::StatusOr<std::shared_ptr<const policy::Entities>> entities =
      policy::ParseEntitiesJson(c.entities.dump(), **schema);
  absl::StatusOr<policy::Request> request = policy::ParseRequestJson(c.request.dump(), **schema);
  out.entities_ok = entities.ok();
  out.request_ok = request.ok();
  if (!entities.ok()) out.messages.emplace_back(entities.status().message());
  if (!request.ok()) out.messages.emplace_back(request.status().message());
  if (!entities.ok() || !request.ok()) return out;
  absl::StatusOr<std::shared_ptr<const policy::PolicySet>> policies =
      policy::ParsePolicies(c.base.PolicyText());
  if (!policies.ok()) {
    out.messages.emplace_back(policies.status().message());
    return out;
  }
  out.policies_ok = true;
  const policy::Response response = policy::Authorize(**policies, **entities, *request);
  out.decision = response.decision == policy::Decision::kAllow ? "allow" : "deny";
  out.reasons.insert(response.reasons.begin(), response.reasons.end());
  for (const policy::PolicyError& e : response.errors) {
    out.errors.insert(e.policy_id);
    out.messages.push_back(e.policy_id + ": " + e.message);
  }
  return out;
}

std::string Show(const Verdict& v) {
  json j;
  j["schema_ok"] = v.schema_ok;
  if (v.schema_ok) {
    j["entities_ok"] = v.entities_ok;
    j["request_ok"] = v.request_ok;
  }
  if (v.entities_ok && v.request_ok) {
    j["policies_ok"] = v.policies_ok;
    j["decision"] = v.decision;
    j["reasons"] = v.reasons;
    j["errors"] = v.errors;
  }
  std::string out = j.dump();
  for (const std::string& m : v.messages) out += "\n    " + m;
  return out;
}

ConformanceCase Shrink(ConformanceCase c, Difference kind, OracleClient& oracle, int* steps) {
  return ShrinkGreedily(
      std::move(c), [](const ConformanceCase& k) { return Shrinks(k); },
      [&](const ConformanceCase& k) -> absl::StatusOr<bool> {
        absl::StatusOr<json> answer = oracle.Ask(k.OracleLine());
        if (!answer.ok()) return answer.status();
        return Compare(FromOracle(*answer), Suivi(k)) == kind;
      },
      kMaxShrinkSteps, steps);
}

TEST(CedarConformanceDifferentialTest, EntitiesAndRequestsReadAsCedarReadsThem) {
  const int64_t total = CaseCount("SUIVI_CEDAR_CONFORMANCE_CASES", 6000, 4000);
  const uint64_t seed = CaseSeed();
  const int64_t max_reports = EnvInt("SUIVI_CEDAR_REPORTS", kDefaultReports);
  ASSERT_OK_AND_ASSIGN(OraclePair oracles, OraclePair::Start(kOracle));
  ConformanceCaseGenerator generator(seed);
  ConformanceStats stats;
  const auto start = std::chrono::steady_clock::now();

  int64_t compared = 0;
  int64_t oracle_errors = 0;
  std::map<Difference, int64_t> differences;
  std::vector<std::pair<ConformanceCase, Difference>> failing;
  std::set<std::string> reported;
  while (compared < total) {
    const int64_t round = std::min<int64_t>(2 * kBatch, total - compared);
    std::vector<ConformanceCase> cases;
    cases.reserve(static_cast<size_t>(round));
    for (int64_t i = 0; i < round; ++i) cases.push_back(generator.Next());
    std::vector<std::string> lines;
    for (const auto& c : cases) lines.push_back(c.OracleLine());
    std::vector<Verdict> ours;
    ours.reserve(cases.size());
    // The oracles work while Suivi does its share.
    ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracles.AskAll(lines, [&] {
      for (const ConformanceCase& c : cases) ours.push_back(Suivi(c));
    }));
    for (size_t i = 0; i < cases.size(); ++i) {
      const json& raw = answers[i];
      ++compared;
      if (raw.contains("oracle_error")) {
        if (++oracle_errors <= 3)
          ADD_FAILURE() << "oracle: " << raw.dump() << "\n" << cases[i].Describe();
        continue;
      }
      const Verdict theirs = FromOracle(raw);
      stats.Add(cases[i], theirs.schema_ok, theirs.entities_ok, theirs.request_ok,
                theirs.decision == "allow");
      const Difference d = Compare(theirs, ours[i]);
      if (d == Difference::kNone) continue;
      ++differences[d];
      // One report per kind of difference and of mistake: the first kind
      // found would otherwise hide the others.
      const std::string key = std::string(DifferenceName(d)) + DataMistakeName(cases[i].mistake);
      if (static_cast<int64_t>(failing.size()) < max_reports && reported.insert(key).second) {
        failing.emplace_back(cases[i], d);
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("cedar conformance differential: %lld cases compared in %.1f s (seed %llu)\n  %s\n",
              static_cast<long long>(compared), seconds, static_cast<unsigned long long>(seed),
              stats.Summary().c_str());
  for (const auto& [d, n] : differences) {
    std::printf("  differences: %lld x %s\n", static_cast<long long>(n), DifferenceName(d));
  }
  for (const auto& [c, d] : failing) {
    int steps = 0;
    const ConformanceCase smallest = Shrink(c, d, oracles.first(), &steps);
    absl::StatusOr<json> raw = oracles.first().Ask(smallest.OracleLine());
    ASSERT_OK(raw.status());
    ADD_FAILURE() << "Suivi and Cedar differ (" << DifferenceName(d) << ", seed " << seed
                  << "); smallest case found in " << steps << " shrinking steps:\n"
                  << smallest.Describe() << "--- Cedar (cedar-wasm)\n  " << Show(FromOracle(*raw))
                  << "\n--- Suivi\n  " << Show(Suivi(smallest)) << "\n";
  }
  EXPECT_EQ(oracle_errors, 0);
  EXPECT_TRUE(differences.empty());
  EXPECT_EQ(compared, total);
  EXPECT_THAT(stats.Problems(), ::testing::IsEmpty()) << stats.Summary();
}

}  // namespace
}  // namespace suivi::cedar_testing
