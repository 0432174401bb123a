// tests/cedar/validation_case.h
//
// Cases of the validation differential test (issue 5): a random schema
// (schema_generator.h) and a set of policies typed against it
// (typed_policy_generator.h), about half of them with one deliberate
// mistake, a few schemas with one too. Deterministic from a seed; kept
// structured so that a failing case can be shrunk.
//
// ValidationStats checks, from Cedar's verdicts, that the generator is
// worth its salt: valid and invalid policies in substantial proportions,
// and every kind of mistake made and caught.

#ifndef SUIVI_TESTS_CEDAR_VALIDATION_CASE_H_
#define SUIVI_TESTS_CEDAR_VALIDATION_CASE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/cedar/oracle_client.h"
#include "tests/cedar/policy_text.h"
#include "tests/cedar/random.h"
#include "tests/cedar/schema_generator.h"
#include "tests/cedar/schema_model.h"
#include "tests/cedar/typed_policy_generator.h"

namespace suivi::cedar_testing {

struct ValidationCase {
  SchemaModel schema;
  SchemaMistake schema_mistake = SchemaMistake::kNone;
  std::vector<Policy> policies;
  // Parallel to `policies`: the mistake the generator put in each.
  std::vector<PolicyMistake> mistakes;

  std::string SchemaText() const { return schema.ToText(); }
  // One policy a line, ids policy0, policy1, ... in order.
  std::string PolicyText() const;
  std::string OracleLine() const { return ValidationLine(SchemaText(), PolicyText()); }
  // Schema and policies, for a person to read.
  std::string Describe() const;
};

class ValidationCaseGenerator {
 public:
  // Policies with a mistake; schemas with one.
  static constexpr int kPolicyMistakePercent = 50;
  static constexpr int kSchemaMistakePercent = 8;

  explicit ValidationCaseGenerator(uint64_t seed,
                                   int policy_mistake_percent = kPolicyMistakePercent,
                                   int schema_mistake_percent = kSchemaMistakePercent);

  ValidationCase Next();

 private:
  const int policy_mistake_percent_;
  const int schema_mistake_percent_;
  Random random_;
  SchemaGenerator schemas_;
};

// Every case one simplification away from `c`: a policy dropped, the
// schema simplified (schema_model.h), a policy simplified (policy_text.h).
std::vector<ValidationCase> Shrinks(const ValidationCase& c);

// Counts, over generated cases, what Cedar makes of them.
class ValidationStats {
 public:
  void Add(const ValidationCase& c, const ValidationVerdict& cedar);

  // What makes the generator too weak to trust a passing run (empty when
  // all is well). Proportions are checked once there are enough policies.
  std::vector<std::string> Problems() const;
  std::string Summary() const;

  int64_t policies() const { return policies_; }

 private:
  static constexpr int kKinds = static_cast<int>(PolicyMistake::kCount);
  int64_t cases_ = 0;
  int64_t schemas_refused_ = 0;
  int64_t schema_mistakes_ = 0;
  int64_t schema_mistakes_refused_ = 0;
  int64_t policies_ = 0;
  int64_t with_errors_ = 0;
  int64_t with_warnings_only_ = 0;
  int64_t clean_ = 0;
  std::array<int64_t, kKinds> made_{};
  std::array<int64_t, kKinds> caught_{};  // an error (error kinds) or a warning
};

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_VALIDATION_CASE_H_
