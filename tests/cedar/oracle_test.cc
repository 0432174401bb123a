// tests/cedar/oracle_test.cc
//
// The oracle (oracle.js over cedar-wasm) and the case generator, on their
// own: known answers, determinism, and generated cases that Cedar accepts
// and that reach every outcome (allow, deny, evaluation errors).

#include <signal.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cedar/case_generator.h"
#include "tests/cedar/conformance_case.h"
#include "tests/cedar/oracle_client.h"
#include "tests/cedar/validation_case.h"

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kOracle[] = SUIVI_CEDAR_DIR "/oracle.js";

std::string Line(const std::string& policies, const json& entities, const json& request) {
  return json{{"policies", policies}, {"entities", entities}, {"request", request}}.dump();
}

json Request() {
  return json{{"principal", {{"type", "User"}, {"id", "alice"}}},
              {"action", {{"type", "Action"}, {"id", "read"}}},
              {"resource", {{"type", "Case"}, {"id", "c1"}}},
              {"context", json::object()}};
}

TEST(OracleTest, KnownAnswers) {
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  const json entities = json::array(
      {json{{"uid", {{"type", "User"}, {"id", "alice"}}},
            {"attrs", {{"age", 30}}},
            {"parents", json::array({json{{"type", "Group"}, {"id", "g"}}})}}});
  ASSERT_OK_AND_ASSIGN(
      std::vector<json> answers,
      oracle.AskAll({
          Line("permit(principal, action, resource);", entities, Request()),
          Line("permit(principal, action, resource);\n"
               "forbid(principal in Group::\"g\", action, resource);",
               entities, Request()),
          Line("permit(principal, action, resource) when { principal.nope };\n"
               "permit(principal, action, resource) when { principal.age + 9223372036854775807 > 0 };\n"
               "permit(principal, action, resource) when { false && principal.nope };",
               entities, Request()),
          Line("permit(principal, action, resource) when { ?principal };", entities, Request()),
          // 64-bit Longs reach cedar-wasm exactly, through JavaScript.
          Line("permit(principal, action, resource) when {\n"
               "  principal.big == 9223372036854775807 && context.small == -9223372036854775808 };",
               json::array({json{{"uid", {{"type", "User"}, {"id", "alice"}}},
                                 {"attrs", {{"big", INT64_MAX}}},
                                 {"parents", json::array()}}}),
               [] {
                 json r = Request();
                 r["context"]["small"] = INT64_MIN;
                 return r;
               }()),
      }));
  ASSERT_EQ(answers.size(), 5u);
  EXPECT_EQ(answers[0]["decision"], "allow");
  EXPECT_THAT(answers[0]["reasons"].get<std::vector<std::string>>(), ElementsAre("policy0"));
  EXPECT_EQ(answers[0]["parse_error"], false);

  EXPECT_EQ(answers[1]["decision"], "deny");
  EXPECT_THAT(answers[1]["reasons"].get<std::vector<std::string>>(), ElementsAre("policy1"));

  EXPECT_EQ(answers[2]["decision"], "deny");
  EXPECT_THAT(answers[2]["reasons"].get<std::vector<std::string>>(), IsEmpty());
  EXPECT_THAT(answers[2]["errors"].get<std::vector<std::string>>(),
              ElementsAre("policy0", "policy1"));

  EXPECT_EQ(answers[3]["parse_error"], true);

  EXPECT_EQ(answers[4]["decision"], "allow") << answers[4].dump();

  // A repeated policy text is served from the oracle's cache, same answer.
  ASSERT_OK_AND_ASSIGN(json again,
                       oracle.Ask(Line("permit(principal, action, resource);", entities, Request())));
  EXPECT_EQ(again, answers[0]);
}

// node dying under the test (as Node 20's V8 now and then does) costs a
// restart, not the run.
TEST(OracleTest, AnOracleKilledOnTheWayIsStartedAgain) {
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  const std::string line = Line("permit(principal, action, resource);", json::array(), Request());
  ASSERT_OK_AND_ASSIGN(json first, oracle.Ask(line));
  const pid_t killed = oracle.pid();
  ASSERT_EQ(::kill(killed, SIGKILL), 0);
  ASSERT_OK_AND_ASSIGN(json again, oracle.Ask(line));
  EXPECT_EQ(again["decision"], "allow");
  EXPECT_EQ(again, first);
  EXPECT_NE(oracle.pid(), killed);
}

TEST(OracleTest, ValidationKnownAnswers) {
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  const std::string schema =
      "namespace Suivi {\n"
      "  entity Role;\n"
      "  entity User in [Role] { age?: Long, name: String };\n"
      "  action lire appliesTo { principal: User, resource: User, context: { jour: Long } };\n"
      "}\n";
  ASSERT_OK_AND_ASSIGN(
      std::vector<json> answers,
      oracle.AskAll({
          ValidationLine(schema,
                         "permit(principal in Suivi::Role::\"r\", action, resource)\n"
                         "  when { principal has age && principal.age > context.jour };\n"
                         "permit(principal, action, resource) when { principal.age > 1 };\n"
                         "permit(principal, action, resource) when { resource.nom == \"x\" };\n"
                         "permit(principal, action == Suivi::Action::\"lire\", resource)\n"
                         "  when { 1 == \"a\" };\n"
                         "permit(principal, action, resource) when { principal == Nope::\"n\" };"),
          ValidationLine("entity User in [Absent];", "permit(principal, action, resource);"),
          ValidationLine(schema, "permit(principal, action, resource"),
      }));
  ASSERT_EQ(answers.size(), 3u);
  const ValidationVerdict verdict = ParseValidationVerdict(answers[0]);
  EXPECT_TRUE(verdict.schema_ok);
  EXPECT_TRUE(verdict.policies_ok);
  // Optional attribute without `has`, undeclared attribute, unknown type.
  std::vector<std::string> with_errors;
  for (const auto& [id, messages] : verdict.errors) with_errors.push_back(id);
  EXPECT_THAT(with_errors, ElementsAre("policy1", "policy2", "policy4")) << answers[0].dump();
  EXPECT_THAT(verdict.errors.at("policy1")[0], HasSubstr("optional attribute `age`"));
  // `1 == "a"` is always false: a warning, not an error.
  EXPECT_EQ(verdict.warnings.count("policy3"), 1u) << answers[0].dump();

  const ValidationVerdict bad_schema = ParseValidationVerdict(answers[1]);
  EXPECT_FALSE(bad_schema.schema_ok);
  EXPECT_THAT(bad_schema.messages, Not(IsEmpty()));

  const ValidationVerdict bad_policies = ParseValidationVerdict(answers[2]);
  EXPECT_TRUE(bad_policies.schema_ok);
  EXPECT_FALSE(bad_policies.policies_ok);
}

TEST(CaseGeneratorTest, DeterministicFromSeed) {
  CaseGenerator a(42);
  CaseGenerator b(42);
  CaseGenerator c(43);
  bool differs = false;
  for (int i = 0; i < 50; ++i) {
    const Case ca = a.NextScenario();
    const Case cb = b.NextScenario();
    const Case cc = c.NextScenario();
    EXPECT_EQ(ca.OracleLine(), cb.OracleLine());
    differs = differs || ca.OracleLine() != cc.OracleLine();
  }
  EXPECT_TRUE(differs);
}

TEST(CaseGeneratorTest, ShrinksAreSmaller) {
  CaseGenerator gen(7);
  for (int i = 0; i < 20; ++i) {
    const Case c = gen.NextScenario();
    for (const Case& smaller : Shrinks(c)) {
      EXPECT_NE(smaller.OracleLine(), c.OracleLine());
    }
  }
}

// Every generated case is valid Cedar (policies parse, entities and request
// are accepted), and the cases reach every outcome.
TEST(CaseGeneratorTest, CedarAcceptsGeneratedCasesOfEveryOutcome) {
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  CaseGenerator gen(1);
  std::vector<Case> cases;
  std::vector<std::string> lines;
  for (int s = 0; s < 500; ++s) {
    Case scenario = gen.NextScenario();
    for (int r = 0; r < 4; ++r) {
      cases.push_back(r == 0 ? scenario : gen.NextRequest(scenario));
      lines.push_back(cases.back().OracleLine());
    }
  }
  ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracle.AskAll(lines));
  ASSERT_EQ(answers.size(), cases.size());
  int allow = 0;
  int deny_by_forbid = 0;
  int with_errors = 0;
  int refused = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    const json& a = answers[i];
    if (a["parse_error"] == true || a.contains("input_error")) {
      if (++refused <= 3) {
        ADD_FAILURE() << "Cedar refuses a generated case: " << a.dump() << "\n"
                      << cases[i].Describe();
      }
      continue;
    }
    if (a["decision"] == "allow") ++allow;
    if (a["decision"] == "deny" && !a["reasons"].empty()) ++deny_by_forbid;
    if (!a["errors"].empty()) ++with_errors;
  }
  EXPECT_EQ(refused, 0);
  const int n = static_cast<int>(answers.size());
  EXPECT_GT(allow, n / 20) << "allow " << allow << " / " << n;
  EXPECT_GT(deny_by_forbid, n / 50) << "forbid " << deny_by_forbid << " / " << n;
  EXPECT_GT(with_errors, n / 20) << "errors " << with_errors << " / " << n;
  std::printf("outcomes over %d cases: allow %d, deny by forbid %d, with errors %d\n", n, allow,
              deny_by_forbid, with_errors);
}

TEST(ValidationCaseGeneratorTest, DeterministicFromSeed) {
  ValidationCaseGenerator a(42);
  ValidationCaseGenerator b(42);
  ValidationCaseGenerator c(43);
  bool differs = false;
  for (int i = 0; i < 50; ++i) {
    const ValidationCase ca = a.Next();
    const ValidationCase cb = b.Next();
    EXPECT_EQ(ca.OracleLine(), cb.OracleLine());
    differs = differs || ca.OracleLine() != c.Next().OracleLine();
  }
  EXPECT_TRUE(differs);
}

TEST(ValidationCaseGeneratorTest, ShrinksAreSmaller) {
  ValidationCaseGenerator gen(7);
  for (int i = 0; i < 20; ++i) {
    const ValidationCase c = gen.Next();
    for (const ValidationCase& smaller : Shrinks(c)) {
      EXPECT_NE(smaller.OracleLine(), c.OracleLine()) << c.Describe();
    }
  }
}

// Cedar finds the generated policies valid and invalid in substantial
// proportions, and catches every kind of mistake the generator makes.
TEST(ValidationCaseGeneratorTest, CedarFindsValidAndInvalidPoliciesOfEveryKind) {
  constexpr int kCases = 1500;
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  ValidationCaseGenerator gen(1);
  std::vector<ValidationCase> cases;
  std::vector<std::string> lines;
  for (int i = 0; i < kCases; ++i) {
    cases.push_back(gen.Next());
    lines.push_back(cases.back().OracleLine());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracle.AskAll(lines));
  ValidationStats stats;
  int unparsed = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    const ValidationVerdict verdict = ParseValidationVerdict(answers[i]);
    if (verdict.schema_ok && !verdict.policies_ok && ++unparsed <= 3) {
      ADD_FAILURE() << "Cedar cannot parse generated policies: " << answers[i].dump() << "\n"
                    << cases[i].Describe();
    }
    stats.Add(cases[i], verdict);
  }
  EXPECT_EQ(unparsed, 0);
  EXPECT_THAT(stats.Problems(), IsEmpty()) << stats.Summary();
  std::printf("%s\n", stats.Summary().c_str());
}

// Cedar accepts the entities and requests generated without mistake,
// refuses those with one, and allows some of the requests.
TEST(ConformanceCaseGeneratorTest, CedarRefusesExactlyTheMistakes) {
  constexpr int kCases = 1000;
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  ConformanceCaseGenerator gen(1);
  std::vector<ConformanceCase> cases;
  std::vector<std::string> lines;
  for (int i = 0; i < kCases; ++i) {
    cases.push_back(gen.Next());
    lines.push_back(cases.back().OracleLine());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracle.AskAll(lines));
  ConformanceStats stats;
  for (size_t i = 0; i < answers.size(); ++i) {
    const json& a = answers[i];
    ASSERT_FALSE(a.contains("oracle_error")) << a.dump() << "\n" << cases[i].Describe();
    stats.Add(cases[i], a.value("schema_ok", false), a.value("entities_ok", false),
              a.value("request_ok", false), a.value("decision", "") == "allow");
  }
  EXPECT_THAT(stats.Problems(), IsEmpty()) << stats.Summary();
  std::printf("%s\n", stats.Summary().c_str());
}

}  // namespace
}  // namespace suivi::cedar_testing
