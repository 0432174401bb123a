// tests/cedar/validation_case.cc

#include "tests/cedar/validation_case.h"

#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {
namespace {

constexpr int kMaxPolicies = 8;

// Below this many policies, proportions say nothing.
constexpr int64_t kMinPoliciesForRatios = 2000;
// Each kind of mistake is made at least this often per 1000 policies...
constexpr int64_t kMinMadePerMille = 5;
// ...and Cedar catches at least this share of them.
constexpr double kMinCaught = 0.5;
// Policies with errors: between these shares.
constexpr double kMinWithErrors = 0.25;
constexpr double kMaxWithErrors = 0.75;
constexpr double kMinClean = 0.25;
// Well-typed policies Cedar finds in error: the generator's typing is off.
constexpr double kMaxWellTypedInError = 0.1;

std::string Percent(int64_t part, int64_t whole) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
  return buffer;
}

}  // namespace

std::string ValidationCase::PolicyText() const {
  std::string out;
  for (const Policy& p : policies) out += p.ToString() + "\n";
  return out;
}

std::string ValidationCase::Describe() const {
  std::string out = "--- schema";
  if (schema_mistake != SchemaMistake::kNone) {
    out += std::string(" (generated with a mistake: ") + SchemaMistakeName(schema_mistake) + ")";
  }
  out += "\n" + SchemaText() + "--- policies (policy0, policy1, ...)\n";
  for (size_t i = 0; i < policies.size(); ++i) {
    out += policies[i].ToString();
    if (i < mistakes.size() && mistakes[i] != PolicyMistake::kNone) {
      out += std::string("  // generated with a mistake: ") + PolicyMistakeName(mistakes[i]);
    }
    out += "\n";
  }
  return out;
}

ValidationCaseGenerator::ValidationCaseGenerator(uint64_t seed, int policy_mistake_percent,
                                                 int schema_mistake_percent)
    : policy_mistake_percent_(policy_mistake_percent),
      schema_mistake_percent_(schema_mistake_percent),
      random_(seed),
      schemas_(&random_) {}

ValidationCase ValidationCaseGenerator::Next() {
  ValidationCase c;
  c.schema = schemas_.Next();
  TypedPolicyGenerator policies(c.schema, &random_);
  const int n = random_.Between(1, kMaxPolicies);
  for (int i = 0; i < n; ++i) {
    PolicyMistake wanted = PolicyMistake::kNone;
    if (random_.Chance(policy_mistake_percent_)) {
      wanted = static_cast<PolicyMistake>(
          1 + random_.Uniform(static_cast<int>(PolicyMistake::kCount) - 1));
    }
    PolicyMistake made = PolicyMistake::kNone;
    c.policies.push_back(policies.Next(wanted, &made));
    c.mistakes.push_back(made);
  }
  // The policies were typed against the schema before it was spoilt.
  if (random_.Chance(schema_mistake_percent_))
    c.schema_mistake = schemas_.AddSomeMistake(&c.schema);
  return c;
}

std::vector<ValidationCase> Shrinks(const ValidationCase& c) {
  std::vector<ValidationCase> out;
  for (size_t i = 0; i < c.policies.size(); ++i) {
    ValidationCase copy = c;
    copy.policies.erase(copy.policies.begin() + static_cast<std::ptrdiff_t>(i));
    if (i < copy.mistakes.size()) {
      copy.mistakes.erase(copy.mistakes.begin() + static_cast<std::ptrdiff_t>(i));
    }
    out.push_back(std::move(copy));
  }
  for (SchemaModel& smaller : SchemaShrinks(c.schema)) {
    ValidationCase copy = c;
    copy.schema = std::move(smaller);
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < c.policies.size(); ++i) {
    for (Policy& smaller : PolicyShrinks(c.policies[i])) {
      ValidationCase copy = c;
      copy.policies[i] = std::move(smaller);
      out.push_back(std::move(copy));
    }
  }
  return out;
}

void ValidationStats::Add(const ValidationCase& c, const ValidationVerdict& cedar) {
  ++cases_;
  if (c.schema_mistake != SchemaMistake::kNone) {
    ++schema_mistakes_;
    if (!cedar.schema_ok) ++schema_mistakes_refused_;
  }
  if (!cedar.schema_ok) ++schemas_refused_;
  if (!cedar.schema_ok || !cedar.policies_ok) return;
  for (size_t i = 0; i < c.policies.size(); ++i) {
    const std::string id = "policy" + std::to_string(i);
    const bool error = cedar.errors.count(id) > 0;
    const bool warning = cedar.warnings.count(id) > 0;
    ++policies_;
    if (error) {
      ++with_errors_;
    } else if (warning) {
      ++with_warnings_only_;
    } else {
      ++clean_;
    }
    const PolicyMistake m = i < c.mistakes.size() ? c.mistakes[i] : PolicyMistake::kNone;
    const int k = static_cast<int>(m);
    ++made_[k];
    const bool caught =
        PolicyMistakeIsWarning(m) || m == PolicyMistake::kEdgeCase ? error || warning : error;
    if (caught) ++caught_[k];
  }
}

std::vector<std::string> ValidationStats::Problems() const {
  std::vector<std::string> out;
  if (schema_mistakes_refused_ != schema_mistakes_) {
    out.push_back("Cedar accepts " + std::to_string(schema_mistakes_ - schema_mistakes_refused_) +
                  " schemas generated with a mistake");
  }
  if (schemas_refused_ != schema_mistakes_refused_) {
    out.push_back("Cedar refuses " + std::to_string(schemas_refused_ - schema_mistakes_refused_) +
                  " schemas generated without a mistake");
  }
  if (policies_ < kMinPoliciesForRatios) return out;
  const double errors = static_cast<double>(with_errors_) / static_cast<double>(policies_);
  if (errors < kMinWithErrors || errors > kMaxWithErrors) {
    out.push_back("policies with errors: " + Percent(with_errors_, policies_));
  }
  if (static_cast<double>(clean_) < kMinClean * static_cast<double>(policies_)) {
    out.push_back("policies without error or warning: " + Percent(clean_, policies_));
  }
  const int64_t well_typed = made_[0];
  if (static_cast<double>(caught_[0]) > kMaxWellTypedInError * static_cast<double>(well_typed)) {
    out.push_back("well-typed policies Cedar finds in error: " + Percent(caught_[0], well_typed));
  }
  for (int k = 1; k < kKinds; ++k) {
    const char* name = PolicyMistakeName(static_cast<PolicyMistake>(k));
    if (made_[k] * 1000 < kMinMadePerMille * policies_) {
      out.push_back(std::string("mistake rarely made: ") + name + " (" + std::to_string(made_[k]) +
                    ")");
    } else if (k != static_cast<int>(PolicyMistake::kEdgeCase) &&
               static_cast<double>(caught_[k]) < kMinCaught * static_cast<double>(made_[k])) {
      out.push_back(std::string("mistake rarely caught by Cedar: ") + name + " (" +
                    Percent(caught_[k], made_[k]) + ")");
    }
  }
  return out;
}

std::string ValidationStats::Summary() const {
  std::string out = std::to_string(cases_) + " cases, " + std::to_string(schemas_refused_) +
                    " schemas refused (" + std::to_string(schema_mistakes_) +
                    " generated with a mistake); " + std::to_string(policies_) +
                    " policies validated: " + Percent(with_errors_, policies_) + " with errors, " +
                    Percent(with_warnings_only_, policies_) + " with warnings only, " +
                    Percent(clean_, policies_) + " clean\n  mistakes made (caught by Cedar):";
  for (int k = 0; k < kKinds; ++k) {
    out += std::string("\n    ") + PolicyMistakeName(static_cast<PolicyMistake>(k)) + ": " +
           std::to_string(made_[k]) + " (" + Percent(caught_[k], made_[k]) + ")";
  }
  return out;
}

}  // namespace suivi::cedar_testing
