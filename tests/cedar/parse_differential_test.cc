// tests/cedar/parse_differential_test.cc
//
// Text that is not quite a valid policy, read by Suivi's parser and by
// cedar-wasm: random policies (case_generator.h) with one or two random
// edits — a token deleted, doubled, swapped or replaced by a keyword,
// reserved word, operator, slot, extension call..., or a character
// inserted or removed. The contract (issue 5): anything outside the subset
// is refused with a clear message, never silently misread. So:
//   - Cedar refuses, Suivi accepts: a misreading — the test fails;
//   - Cedar accepts, Suivi refuses: only allowed when Suivi says the
//     construct is outside the subset;
//   - both accept: the decisions on the scenario's request must agree.
// A failing text is shrunk token by token and printed.
//
//   SUIVI_CEDAR_PARSE_CASES  texts to compare (default 20000; 5000 under
//                            AddressSanitizer)
//   SUIVI_CEDAR_SEED         generator seed (default fixed)

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "core/common/status_matchers.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "policy/authorizer.h"
#include "policy/lexer.h"
#include "policy/request.h"
#include "tests/cedar/case_generator.h"
#include "tests/cedar/differential_support.h"
#include "tests/cedar/oracle_client.h"

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;

constexpr size_t kBatch = 2000;
// Suivi's words for a construct Cedar has and the subset leaves out.
constexpr char kOutsideTheSubset[] = "partie du sous-ensemble";

// What one side made of a text: refused (with why), or its decision on the
// scenario's request.
struct Reading {
  bool refused = false;
  std::string decision;
  std::set<std::string> reasons;
  std::set<std::string> errors;
  std::string detail;

  std::string ToString() const {
    if (refused) return "refused: " + detail;
    return decision + " reasons [" + absl::StrJoin(reasons, ", ") + "] errors [" +
           absl::StrJoin(errors, ", ") + "]";
  }
};

Reading FromOracle(const json& answer) {
  Reading out;
  out.refused = answer.value("parse_error", false) || answer.value("input_error", false);
  if (answer.contains("messages")) out.detail = answer["messages"].dump();
  if (out.refused) return out;
  out.decision = answer.value("decision", "");
  for (const auto& r : answer["reasons"]) out.reasons.insert(r.get<std::string>());
  for (const auto& e : answer["errors"]) out.errors.insert(e.get<std::string>());
  return out;
}

Reading FromSuivi(const std::string& text, const Case& scenario) {
  Reading out;
  auto policies = policy::ParsePolicies(text);
  auto entities = policy::ParseEntitiesJson(scenario.EntitiesJson());
  auto request = policy::ParseRequestJson(scenario.RequestJson());
  for (const absl::Status& s : {policies.status(), entities.status(), request.status()}) {
    if (!s.ok()) {
      out.refused = true;
      out.detail = std::string(s.message());
      return out;
    }
  }
  const policy::Response response = policy::Authorize(**policies, **entities, *request);
  out.decision = response.decision == policy::Decision::kAllow ? "allow" : "deny";
  out.reasons.insert(response.reasons.begin(), response.reasons.end());
  for (const policy::PolicyError& e : response.errors) out.errors.insert(e.policy_id);
  return out;
}

// Whether the two readings break the contract (see the file comment).
bool Disagree(const Reading& cedar, const Reading& suivi) {
  if (cedar.refused) return !suivi.refused;
  if (suivi.refused) return !absl::StrContains(suivi.detail, kOutsideTheSubset);
  return cedar.decision != suivi.decision || cedar.reasons != suivi.reasons ||
         cedar.errors != suivi.errors;
}

std::string OracleLine(const std::string& text, const Case& scenario) {
  return json{{"policies", text}, {"entities", scenario.entities}, {"request", scenario.request},
              {"messages", true}}
      .dump();
}

// What an edit may insert: every word and sign of the grammar, and the
// constructs the subset leaves out.
const std::vector<std::string>& Vocabulary() {
  static const auto* words = new std::vector<std::string>{
      "permit", "forbid", "when", "unless", "principal", "action", "resource", "context",
      "if", "then", "else", "in", "is", "like", "has", "true", "false", "__cedar",
      "__cedar::Long", "::", ".", ",", ";", ":", "(", ")", "[", "]", "{", "}", "@", "@id(\"x\")",
      "@x", "?principal", "?resource", "?x", "\"s\"", "\"\\*\"", "\"\\u{e9}\"", "0", "1",
      "9223372036854775807", "9223372036854775808", "-", "!", "&&", "||", "==", "!=", "<", "<=",
      ">", ">=", "+", "*", "/", "%", "=", "&", "|", "contains", "containsAll", "containsAny",
      "isEmpty", "isEmpty()", "hasTag", "getTag", ".contains(1)", ".lessThan(1)",
      "ip(\"1.2.3.4\")", "decimal(\"1.0\")", "datetime(\"2024-01-01\")", "User::\"a\"",
      "Action::\"view\"", "Action", "User", "NS::User", "e", "attr", "_x", "x1"};
  return *words;
}

// Replacements that keep a token's kind, so that most edited texts still
// parse and the edit tests what a word or operator means there.
const std::vector<std::string>& WordsLike(const std::string& token) {
  static const auto* identifiers = new std::vector<std::string>{
      "if", "then", "else", "in", "is", "like", "has", "true", "false", "__cedar", "permit",
      "forbid", "when", "unless", "principal", "action", "resource", "context", "contains",
      "containsAll", "containsAny", "isEmpty", "hasTag", "getTag", "lessThan", "ip", "decimal",
      "Action", "User", "Group", "e", "n", "s", "tags", "attr", "_x", "x1", "__cedarx"};
  static const auto* operators = new std::vector<std::string>{
      "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&&", "||", "!", "=", "&", "|",
      ".", "::", ",", ":", ";", "@", "?"};
  static const auto* numbers = new std::vector<std::string>{
      "0", "1", "007", "9223372036854775807", "9223372036854775808", "18446744073709551616"};
  const unsigned char first = static_cast<unsigned char>(token[0]);
  if (std::isalpha(first) || first == '_') return *identifiers;
  if (std::isdigit(first)) return *numbers;
  return *operators;
}

std::string Join(const std::vector<std::string>& tokens) { return absl::StrJoin(tokens, " "); }

// The tokens of `text` as Cedar source pieces (strings quoted again).
std::vector<std::string> Pieces(const std::string& text) {
  std::vector<std::string> out;
  absl::StatusOr<std::vector<policy::Token>> tokens = policy::Lex(text);
  if (!tokens.ok()) return out;
  for (const policy::Token& t : *tokens) {
    if (t.kind == policy::TokenKind::kEnd) break;
    out.push_back(t.kind == policy::TokenKind::kString ? "\"" + t.text + "\"" : t.text);
  }
  return out;
}

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  std::string Mutate(const std::string& text) {
    std::string out = text;
    const int edits = 1 + Uniform(2);
    for (int i = 0; i < edits; ++i) out = Uniform(4) == 0 ? EditCharacter(out) : EditToken(out);
    return out;
  }

 private:
  int Uniform(size_t n) { return static_cast<int>(rng_() % std::max<size_t>(n, 1)); }

  std::string EditToken(const std::string& text) {
    std::vector<std::string> t = Pieces(text);
    if (t.empty()) return EditCharacter(text);
    const size_t i = static_cast<size_t>(Uniform(t.size()));
    const std::string& word = Vocabulary()[static_cast<size_t>(Uniform(Vocabulary().size()))];
    const std::vector<std::string>& alike = WordsLike(t[i]);
    switch (Uniform(8)) {
      case 5: case 6: case 7:
        t[i] = alike[static_cast<size_t>(Uniform(alike.size()))];
        break;
      case 0: t.erase(t.begin() + static_cast<long>(i)); break;
      case 1: t.insert(t.begin() + static_cast<long>(i), t[i]); break;
      case 2: if (i + 1 < t.size()) std::swap(t[i], t[i + 1]); break;
      case 3: t[i] = word; break;
      default: t.insert(t.begin() + static_cast<long>(i), word); break;
    }
    return Join(t);
  }

  std::string EditCharacter(std::string text) {
    static constexpr char kSigns[] = "()[]{}.,;:\"\\*@?!-+&|<>=_a1 \n";
    if (text.empty()) return text;
    // Whole UTF-8 characters only: the text stays valid UTF-8, as any text
    // given to Cedar is.
    auto continuation = [&](size_t k) {
      return k < text.size() && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
    };
    size_t i = static_cast<size_t>(Uniform(text.size()));
    while (continuation(i)) --i;
    size_t length = 1;
    while (continuation(i + length)) ++length;
    const char sign = kSigns[Uniform(sizeof kSigns - 1)];
    switch (Uniform(3)) {
      case 0: text.erase(i, length); break;
      case 1: text.insert(i, 1, sign); break;
      default: text.replace(i, length, 1, sign); break;
    }
    return text;
  }

  std::mt19937_64 rng_;
};

// Deletes tokens one at a time while the readings still disagree.
std::string Shrink(std::string text, const Case& scenario, OracleClient& oracle) {
  std::vector<std::string> tokens = Pieces(text);
  if (tokens.empty()) return text;
  bool progress = true;
  while (progress) {
    progress = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::vector<std::string> fewer = tokens;
      fewer.erase(fewer.begin() + static_cast<long>(i));
      const std::string candidate = Join(fewer);
      absl::StatusOr<json> answer = oracle.Ask(OracleLine(candidate, scenario));
      if (!answer.ok()) return Join(tokens);
      if (Disagree(FromOracle(*answer), FromSuivi(candidate, scenario))) {
        tokens = std::move(fewer);
        progress = true;
        --i;
      }
    }
  }
  return Join(tokens);
}

TEST(CedarParseDifferentialTest, SuiviNeverReadsWhatCedarRefuses) {
  const int64_t total = CaseCount("SUIVI_CEDAR_PARSE_CASES", 20000, 5000);
  const uint64_t seed = CaseSeed();
  ASSERT_OK_AND_ASSIGN(OracleClient oracle, OracleClient::Start(kOracle));
  CaseGenerator generator(seed);
  Mutator mutator(seed);
  const auto start = std::chrono::steady_clock::now();
  int64_t compared = 0, both_refuse = 0, both_accept = 0, outside_subset = 0;
  while (compared < total) {
    std::vector<Case> scenarios;
    std::vector<std::string> texts, lines;
    for (size_t i = 0; i < kBatch && compared + static_cast<int64_t>(i) < total; ++i) {
      scenarios.push_back(generator.NextScenario());
      texts.push_back(mutator.Mutate(scenarios.back().PolicyText()));
      lines.push_back(OracleLine(texts.back(), scenarios.back()));
    }
    ASSERT_OK_AND_ASSIGN(std::vector<json> answers, oracle.AskAll(lines));
    for (size_t i = 0; i < texts.size(); ++i, ++compared) {
      const Reading cedar = FromOracle(answers[i]);
      const Reading suivi = FromSuivi(texts[i], scenarios[i]);
      if (Disagree(cedar, suivi)) {
        const std::string smallest = Shrink(texts[i], scenarios[i], oracle);
        absl::StatusOr<json> again = oracle.Ask(OracleLine(smallest, scenarios[i]));
        ASSERT_OK(again.status());
        FAIL() << "Suivi and Cedar read a text differently after " << compared
               << " agreeing texts (seed " << seed << "). Smallest text found:\n  " << smallest
               << "\n--- Cedar\n  " << FromOracle(*again).ToString() << "\n--- Suivi\n  "
               << FromSuivi(smallest, scenarios[i]).ToString() << "\n--- scenario\n"
               << scenarios[i].Describe();
      }
      if (cedar.refused) ++both_refuse;
      if (!cedar.refused && !suivi.refused) ++both_accept;
      if (!cedar.refused && suivi.refused) ++outside_subset;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("cedar parse differential: %lld edited texts in %.1f s (seed %llu): %lld refused by "
              "both, %lld accepted by both with the same decision, %lld refused by Suivi as "
              "outside the subset\n",
              static_cast<long long>(compared), seconds, static_cast<unsigned long long>(seed),
              static_cast<long long>(both_refuse), static_cast<long long>(both_accept),
              static_cast<long long>(outside_subset));
  // The edits must exercise both sides of the contract, or the test proves
  // nothing.
  EXPECT_GT(both_refuse, total / 10);
  EXPECT_GT(both_accept, total / 20);
}

}  // namespace
}  // namespace suivi::cedar_testing
