// tests/cedar/validation_differential_test.cc
//
// Suivi's schema parser and validator against the official Cedar (issue
// 5): random schemas and policy sets typed against them
// (validation_case.h), each judged by policy::ParseSchema +
// policy::Validate and by cedar-wasm's strict validator (oracle.js). The
// test fails when the two differ on
//   - whether the schema is accepted,
//   - whether the policies parse,
//   - which policies have validation errors,
//   - which policies have warnings (Cedar's "impossible policy" and "no
//     applicable action"; the policy texts avoid the lints on strings and
//     identifiers, which Suivi does not implement),
// and prints, for the first few differing cases, the smallest case found
// by shrinking, with both verdicts and their messages. It also checks,
// from Cedar's verdicts, that the cases are worth comparing (valid and
// invalid policies in substantial proportions, every kind of mistake
// made and caught), so that it cannot pass vacuously.
//
//   SUIVI_CEDAR_VALIDATION_CASES   cases (schema + up to 8 policies) to
//                                  compare (default 15000, ~65,000
//                                  policies; 10000 under AddressSanitizer,
//                                  where cedar-wasm still dominates)
//   SUIVI_CEDAR_SEED               generator seed (default fixed)
//   SUIVI_CEDAR_REPORTS differing cases shrunk and printed
//                                  (default 3), of different kinds; the
//                                  others are counted

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
#include "policy/policy_set.h"
#include "policy/schema.h"
#include "policy/validator.h"
#include "tests/cedar/differential_support.h"
#include "tests/cedar/oracle_client.h"
#include "tests/cedar/validation_case.h"

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;

constexpr int64_t kDefaultReports = 3;
constexpr int kBatch = 500;  // cases per oracle per round
constexpr int kMaxShrinkSteps = 5000;

// One side's verdict, in comparable form.
struct Verdict {
  bool schema_ok = false;
  bool policies_ok = false;
  std::map<std::string, std::vector<std::string>> errors;  // policy id -> messages
  std::map<std::string, std::vector<std::string>> warnings;
  std::vector<std::string> messages;  // why the schema or policies were refused
};

enum class Difference { kNone, kSchemaVerdict, kPolicyParse, kErrors, kWarnings };

const char* DifferenceName(Difference d) {
  switch (d) {
    case Difference::kNone: return "none";
    case Difference::kSchemaVerdict: return "schema accepted by one side only";
    case Difference::kPolicyParse: return "policies parsed by one side only";
    case Difference::kErrors: return "policies with errors differ";
    case Difference::kWarnings: return "policies with warnings differ";
  }
  return "?";
}

std::set<std::string> Ids(const std::map<std::string, std::vector<std::string>>& by_id) {
  std::set<std::string> out;
  for (const auto& [id, messages] : by_id) out.insert(id);
  return out;
}

Difference Compare(const Verdict& cedar, const Verdict& suivi) {
  if (cedar.schema_ok != suivi.schema_ok) return Difference::kSchemaVerdict;
  if (!cedar.schema_ok) return Difference::kNone;
  if (cedar.policies_ok != suivi.policies_ok) return Difference::kPolicyParse;
  if (!cedar.policies_ok) return Difference::kNone;
  if (Ids(cedar.errors) != Ids(suivi.errors)) return Difference::kErrors;
  if (Ids(cedar.warnings) != Ids(suivi.warnings)) return Difference::kWarnings;
  return Difference::kNone;
}

Verdict FromOracle(const ValidationVerdict& v) {
  return Verdict{v.schema_ok, v.policies_ok, v.errors, v.warnings, v.messages};
}

std::string Where(const policy::ValidationIssue& issue) {
  return "ligne " + std::to_string(issue.line) + ", colonne " + std::to_string(issue.column) +
         " : " + issue.message;
}

Verdict Suivi(const ValidationCase& c) {
  Verdict out;
  absl::StatusOr<std::shared_ptr<const policy::Schema>> schema =
      policy::ParseSchema(c.SchemaText());
  if (!schema.ok()) {
    out.messages.emplace_back(schema.status().message());
    return out;
  }
  out.schema_ok = true;
  absl::StatusOr<std::shared_ptr<const policy::PolicySet>> policies =
      policy::ParsePolicies(c.PolicyText());
  if (!policies.ok()) {
    out.messages.emplace_back(policies.status().message());
    return out;
  }
  out.policies_ok = true;
  const policy::ValidationResult result = policy::Validate(**schema, **policies);
  for (const policy::ValidationIssue& e : result.errors)
    out.errors[e.policy_id].push_back(Where(e));
  for (const policy::ValidationIssue& w : result.warnings) {
    out.warnings[w.policy_id].push_back(Where(w));
  }
  return out;
}

std::string Show(const Verdict& v) {
  std::string out;
  if (!v.schema_ok) {
    out = "schema refused";
  } else if (!v.policies_ok) {
    out = "policies refused";
  } else {
    out = "errors " + json(Ids(v.errors)).dump() + ", warnings " + json(Ids(v.warnings)).dump();
  }
  for (const std::string& m : v.messages) out += "\n    " + m;
  for (const auto* by_id : {&v.errors, &v.warnings}) {
    for (const auto& [id, messages] : *by_id) {
      for (const std::string& m : messages) {
        out += "\n    " + id + (by_id == &v.errors ? " error: " : " warning: ") + m;
      }
    }
  }
  return out;
}

// Shrinks `c` while Suivi and Cedar still differ on it in the same way:
// passes over its one-step simplifications, taking each one that still
// differs, until a pass changes nothing (or the step budget is spent).
ValidationCase Shrink(ValidationCase c, Difference kind, OracleClient& oracle, int* steps) {
  return ShrinkGreedily(
      std::move(c), [](const ValidationCase& k) { return Shrinks(k); },
      [&](const ValidationCase& k) -> absl::StatusOr<bool> {
        absl::StatusOr<json> answer = oracle.Ask(k.OracleLine());
        if (!answer.ok()) return answer.status();
        return Compare(FromOracle(ParseValidationVerdict(*answer)), Suivi(k)) == kind;
      },
      kMaxShrinkSteps, steps);
}

TEST(CedarValidationDifferentialTest, ValidatorAgreesWithCedar) {
  const int64_t total = CaseCount("SUIVI_CEDAR_VALIDATION_CASES", 15000, 10000);
  const uint64_t seed = CaseSeed();
  const int64_t max_reports = EnvInt("SUIVI_CEDAR_REPORTS", kDefaultReports);
  ASSERT_OK_AND_ASSIGN(OraclePair oracles, OraclePair::Start(kOracle));
  ValidationCaseGenerator generator(seed);
  ValidationStats stats;
  const auto start = std::chrono::steady_clock::now();

  int64_t compared = 0;
  int64_t suivi_errors = 0;  // policies Suivi finds in error (Cedar's count is in stats)
  int64_t suivi_warnings = 0;
  std::map<Difference, int64_t> differences;
  std::vector<std::pair<ValidationCase, Difference>> failing;
  std::set<std::string> reported;
  while (compared < total) {
    const int64_t round = std::min<int64_t>(2 * kBatch, total - compared);
    std::vector<ValidationCase> cases;
    cases.reserve(static_cast<size_t>(round));
    for (int64_t i = 0; i < round; ++i) cases.push_back(generator.Next());
    std::vector<std::string> lines;
    for (const auto& c : cases) lines.push_back(c.OracleLine());
    std::vector<Verdict> ours;
    ours.reserve(cases.size());
    // The oracles work while Suivi does its share.
    ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracles.AskAll(lines, [&] {
      for (const ValidationCase& c : cases) ours.push_back(Suivi(c));
    }));
    for (size_t i = 0; i < cases.size(); ++i) {
      const json& raw = answers[i];
      const ValidationVerdict cedar = ParseValidationVerdict(raw);
      stats.Add(cases[i], cedar);
      const Difference d = Compare(FromOracle(cedar), ours[i]);
      ++compared;
      suivi_errors += static_cast<int64_t>(ours[i].errors.size());
      suivi_warnings += static_cast<int64_t>(ours[i].warnings.size());
      if (d == Difference::kNone) continue;
      ++differences[d];
      // One report per kind of difference and of mistakes: the first kind
      // found would otherwise hide the others.
      std::string key = DifferenceName(d);
      for (PolicyMistake m : cases[i].mistakes) key += std::string(",") + PolicyMistakeName(m);
      key += SchemaMistakeName(cases[i].schema_mistake);
      if (static_cast<int64_t>(failing.size()) < max_reports && reported.insert(key).second) {
        failing.emplace_back(cases[i], d);
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "cedar validation differential: %lld cases compared in %.1f s (seed %llu)\n"
      "  Suivi: %lld policies with errors, %lld with warnings\n  Cedar: %s\n",
      static_cast<long long>(compared), seconds, static_cast<unsigned long long>(seed),
      static_cast<long long>(suivi_errors), static_cast<long long>(suivi_warnings),
      stats.Summary().c_str());
  for (const auto& [d, n] : differences) {
    std::printf("  differences: %lld x %s\n", static_cast<long long>(n), DifferenceName(d));
  }

  for (const auto& [c, d] : failing) {
    int steps = 0;
    const ValidationCase smallest = Shrink(c, d, oracles.first(), &steps);
    absl::StatusOr<json> raw = oracles.first().Ask(smallest.OracleLine());
    ASSERT_OK(raw.status());
    ADD_FAILURE() << "Suivi and Cedar differ (" << DifferenceName(d) << ", seed " << seed
                  << "); smallest case found in " << steps << " shrinking steps:\n"
                  << smallest.Describe() << "--- Cedar (cedar-wasm)\n  "
                  << Show(FromOracle(ParseValidationVerdict(*raw))) << "\n--- Suivi\n  "
                  << Show(Suivi(smallest)) << "\n";
  }
  EXPECT_TRUE(differences.empty());
  EXPECT_EQ(compared, total);
  EXPECT_THAT(stats.Problems(), ::testing::IsEmpty()) << stats.Summary();
}

}  // namespace
}  // namespace suivi::cedar_testing
