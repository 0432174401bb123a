// tests/cedar/case_generator.h
//
// Random cases for the differential test of the policy engine against the
// official Cedar (issue 5): policies within Suivi's Cedar subset
// (docs/formats/policy-subset.md), small entity graphs and requests, in
// Cedar's text and JSON formats. Deterministic from a seed.
//
// The generator leans toward the traps: Longs near the 64-bit limits
// (overflow), type errors, missing attributes and entities, errors that
// short-circuit operators avoid, deep `in`, `like` patterns with escapes,
// equality across types.
//
// Cases are kept structured (an expression tree per condition) so that a
// failing case can be shrunk: see Shrinks().

#ifndef SUIVI_TESTS_CEDAR_CASE_GENERATOR_H_
#define SUIVI_TESTS_CEDAR_CASE_GENERATOR_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/cedar/policy_text.h"

namespace suivi::cedar_testing {

struct Case {
  std::vector<Policy> policies;
  nlohmann::json entities = nlohmann::json::array();  // Cedar JSON entities
  nlohmann::json request = nlohmann::json::object();  // principal, action, resource, context

  // Every policy, one per line, in order (ids policy0, policy1, ...).
  std::string PolicyText() const;
  std::string EntitiesJson() const { return entities.dump(); }
  std::string RequestJson() const { return request.dump(); }
  // {"policies": ..., "entities": ..., "request": ...}: one line for the
  // oracle (oracle.js).
  std::string OracleLine() const;
  // Policies, entities and request, for a person to read.
  std::string Describe() const;
};

class CaseGenerator {
 public:
  explicit CaseGenerator(uint64_t seed);

  // A new set of policies and entities with one request.
  Case NextScenario();
  // The same policies and entities as `scenario`, another request.
  Case NextRequest(const Case& scenario);

 private:
  // Expressions, by the type they mostly have.
  Expr Bool(int depth);
  Expr Long(int depth);
  Expr String(int depth);
  Expr Entity(int depth);
  Expr SetExpr(int depth);
  Expr RecordExpr(int depth);
  Expr Any(int depth);
  Expr AttrOf(int depth);     // an attribute or index access, any type
  Expr ErrorProne(int depth); // likely to fail at evaluation

  // JSON values for attributes and context.
  nlohmann::json Value(int depth);
  nlohmann::json EntityRefJson();

  std::string Scope(const char* var);
  std::string ActionScope();
  std::string LongLiteral();
  std::string StringLiteral();
  std::string PatternLiteral();
  std::string UidLiteral();
  std::string AttrName();

  int Uniform(int n);  // [0, n)
  bool Chance(int percent);
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(static_cast<int>(items.size())))];
  }

  std::mt19937_64 rng_;
  // The entities of the current scenario: "Type" and id.
  std::vector<std::pair<std::string, std::string>> uids_;
};

// Every case one simplification away from `c` (a policy, condition,
// entity, attribute, parent or context field dropped; a subexpression
// replaced by one of its parts or a small literal; a scope widened). Used
// to shrink a failing case: the first candidate that still fails replaces
// it, until none does.
std::vector<Case> Shrinks(const Case& c);

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_CASE_GENERATOR_H_
