// tests/cedar/differential_test.cc
//
// Suivi's policy engine against the official Cedar (issue 5): random
// policies, entity graphs and requests (case_generator.h), each decided by
// policy::Authorize and by cedar-wasm (oracle.js). Any difference in
// decision, determining policies, erroring policies, or in the verdict on
// the input (one side parses it, the other refuses) fails the test, which
// then shrinks the case and prints the smallest one found, with both
// answers.
//
//   SUIVI_CEDAR_CASES  requests to compare (default 100000; 20000 under
//                      AddressSanitizer, where the engine runs ~10x slower)
//   SUIVI_CEDAR_SEED   generator seed (default fixed, so CI is repeatable;
//                      set it to explore further)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/common/status_matchers.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "policy/authorizer.h"
#include "policy/request.h"
#include "tests/cedar/case_generator.h"
#include "tests/cedar/differential_support.h"
#include "tests/cedar/oracle_client.h"

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;

constexpr int kRequestsPerScenario = 8;
constexpr int kBatch = 4000;  // cases per oracle per round

// One side's answer, in comparable form.
struct Answer {
  bool refused = false;  // policies, entities or request refused
  std::string decision;
  std::set<std::string> reasons;
  std::set<std::string> errors;
  std::string detail;  // messages, for people

  bool operator==(const Answer& o) const {
    if (refused || o.refused) return refused == o.refused;
    return decision == o.decision && reasons == o.reasons && errors == o.errors;
  }
  std::string ToString() const {
    json j;
    if (refused) {
      j["refused"] = true;
    } else {
      j["decision"] = decision;
      j["reasons"] = reasons;
      j["errors"] = errors;
    }
    std::string out = j.dump();
    if (!detail.empty()) out += "\n    " + detail;
    return out;
  }
};

Answer FromOracle(const json& a) {
  Answer out;
  if (a.value("parse_error", false) || a.value("input_error", false)) {
    out.refused = true;
  } else {
    out.decision = a.value("decision", "");
    for (const auto& r : a["reasons"]) out.reasons.insert(r.get<std::string>());
    for (const auto& e : a["errors"]) out.errors.insert(e.get<std::string>());
  }
  if (a.contains("messages")) out.detail = a["messages"].dump();
  return out;
}

// The engine, keeping the parsed policies and entities of the scenario in
// progress (the requests of a scenario share them).
class Engine {
 public:
  Answer Decide(const Case& c) {
    const std::string text = c.PolicyText();
    if (text != policy_text_) {
      policy_text_ = text;
      policies_ = policy::ParsePolicies(text);
    }
    const std::string entities = c.EntitiesJson();
    if (entities != entities_json_) {
      entities_json_ = entities;
      entities_ = policy::ParseEntitiesJson(entities);
    }
    Answer out;
    if (!policies_.ok()) {
      out.refused = true;
      out.detail = std::string(policies_.status().message());
      return out;
    }
    if (!entities_.ok()) {
      out.refused = true;
      out.detail = std::string(entities_.status().message());
      return out;
    }
    absl::StatusOr<policy::Request> request = policy::ParseRequestJson(c.RequestJson());
    if (!request.ok()) {
      out.refused = true;
      out.detail = std::string(request.status().message());
      return out;
    }
    const policy::Response response = policy::Authorize(**policies_, **entities_, *request);
    out.decision = response.decision == policy::Decision::kAllow ? "allow" : "deny";
    out.reasons.insert(response.reasons.begin(), response.reasons.end());
    json messages = json::array();
    for (const policy::PolicyError& e : response.errors) {
      out.errors.insert(e.policy_id);
      messages.push_back(e.policy_id + ": " + e.message);
    }
    if (!response.errors.empty()) out.detail = messages.dump();
    return out;
  }

 private:
  std::string policy_text_ = "\x01";
  absl::StatusOr<std::shared_ptr<const policy::PolicySet>> policies_;
  std::string entities_json_ = "\x01";
  absl::StatusOr<std::shared_ptr<const policy::Entities>> entities_;
};

std::string WithMessages(const Case& c) {
  json line = json::parse(c.OracleLine());
  line["messages"] = true;
  return line.dump();
}

// Shrinks `c` while the engine and the oracle still disagree on it: passes
// over its one-step simplifications, taking each one that still disagrees,
// until a pass changes nothing (or the step budget is spent).
Case Shrink(Case c, OracleClient& oracle, int* steps) {
  constexpr int kMaxSteps = 20000;
  return ShrinkGreedily(
      std::move(c), [](const Case& k) { return Shrinks(k); },
      [&](const Case& k) -> absl::StatusOr<bool> {
        absl::StatusOr<json> answer = oracle.Ask(k.OracleLine());
        if (!answer.ok()) return answer.status();
        Engine engine;
        return !(FromOracle(*answer) == engine.Decide(k));
      },
      kMaxSteps, steps);
}

TEST(CedarDifferentialTest, EngineAgreesWithCedar) {
  const int64_t total = CaseCount("SUIVI_CEDAR_CASES", 100000, 20000);
  const uint64_t seed = CaseSeed();
  ASSERT_OK_AND_ASSIGN(OraclePair oracles, OraclePair::Start(kOracle));
  CaseGenerator generator(seed);
  Engine engine;
  const auto start = std::chrono::steady_clock::now();

  int64_t compared = 0;
  int64_t allowed = 0;
  int64_t with_errors = 0;
  Case scenario;
  int64_t made = 0;
  std::optional<Case> failing;
  while (compared < total && !failing) {
    const int64_t round = std::min<int64_t>(2 * kBatch, total - compared);
    std::vector<Case> cases;
    cases.reserve(static_cast<size_t>(round));
    for (int64_t i = 0; i < round; ++i, ++made) {
      scenario = made % kRequestsPerScenario == 0 ? generator.NextScenario()
                                                  : generator.NextRequest(scenario);
      cases.push_back(scenario);
    }
    std::vector<std::string> lines;
    for (const auto& c : cases) lines.push_back(c.OracleLine());
    std::vector<Answer> ours;
    ours.reserve(cases.size());
    // The oracles work while Suivi does its share.
    ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracles.AskAll(lines, [&] {
      for (const Case& c : cases) ours.push_back(engine.Decide(c));
    }));
    for (size_t i = 0; i < cases.size(); ++i) {
      const json& raw = answers[i];
      const Answer theirs = FromOracle(raw);
      if (!(theirs == ours[i])) {
        failing = cases[i];
        break;
      }
      ++compared;
      if (theirs.decision == "allow") ++allowed;
      if (!theirs.errors.empty()) ++with_errors;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("cedar differential: %lld requests compared in %.1f s (seed %llu; %lld allow, %lld "
              "with erroring policies)\n",
              static_cast<long long>(compared), seconds, static_cast<unsigned long long>(seed),
              static_cast<long long>(allowed), static_cast<long long>(with_errors));
  if (failing) {
    int steps = 0;
    const Case smallest = Shrink(*failing, oracles.first(), &steps);
    Engine fresh;
    const Answer ours = fresh.Decide(smallest);
    absl::StatusOr<json> raw = oracles.first().Ask(WithMessages(smallest));
    ASSERT_OK(raw.status());
    const Answer theirs = FromOracle(*raw);
    ADD_FAILURE() << "Suivi and Cedar disagree after " << compared
                  << " agreeing requests (seed " << seed << "); smallest case found in "
                  << steps << " shrinking steps:\n"
                  << smallest.Describe() << "--- Cedar (cedar-wasm)\n  " << theirs.ToString()
                  << "\n--- Suivi\n  " << ours.ToString() << "\n";
  }
  EXPECT_EQ(compared, total);
}

}  // namespace
}  // namespace suivi::cedar_testing
