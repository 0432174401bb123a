// policy/analysis/check.h
//
// `suivi-policy check`: the charte's invariants (policy/charte/
// invariants.cedar) checked on every request of the bounded universe
// (DESIGN.md §5, universe.h).
//
// Invariants are Cedar policies over the charte's schema, each with an
// @id and a French @description, read as statements about every request
// of the universe: a `forbid` says every request it matches is denied by
// the charte, a `permit` that every request it matches is allowed. An
// invariant fails when a request it matches is decided otherwise (a
// counterexample), when its evaluation fails on a request, or when it
// matches no request of the universe (it then proves nothing).
//
// "Checked within the bound", not proved: the output says so.

#ifndef SUIVI_POLICY_ANALYSIS_CHECK_H_
#define SUIVI_POLICY_ANALYSIS_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/analysis/enumerator.h"
#include "policy/analysis/report.h"
#include "policy/analysis/universe.h"

namespace suivi::policy::analysis {

struct CheckOptions {
  std::string schema;      // the charte's schema
  std::string policies;    // the charte
  std::string invariants;  // the invariants
  std::string roles;       // the role catalogue (text format)
  Bound bound = Bound::kComplete;
  bool reduce = true;  // false: every request through Authorize (slow)
  int threads = 2;
  int examples = 3;  // counterexamples printed per invariant
};

struct Example {
  RequestRef request;
  std::string description;  // the request in words
  Verdict verdict;          // the charte's decision
  std::string error;        // for an invariant that fails to evaluate
};

struct InvariantResult {
  std::string id;
  std::string description;
  bool forbid = true;
  uint64_t matched = 0;     // requests it matches
  uint64_t violations = 0;  // of those, decided against it
  uint64_t errors = 0;      // requests where its evaluation fails
  std::vector<Example> counterexamples;
  std::vector<Example> error_examples;

  bool holds() const { return matched > 0 && violations == 0 && errors == 0; }
};

struct CharteError {
  std::string policy;  // @id
  std::string message;
  Example example;
};

struct CheckResult {
  std::vector<InvariantResult> invariants;
  std::vector<CharteError> charte_errors;
  uint64_t requests = 0;  // every request of the bound
  EnumerationStats stats;
  double seconds = 0;
  std::string bound;  // the bound in words

  bool ok() const;
};

// INVALID_ARGUMENT on bad input: a file that cannot be read or parsed, a
// charte or invariant that does not validate against the schema, an
// invariant without @id or @description, a catalogue that does not match
// the schema, a schema the bound cannot enumerate.
absl::StatusOr<CheckResult> Check(const CheckOptions& options);

// The report, in French: each invariant with what it matched and its
// counterexamples, then "Vérifié dans la borne …" (or the failures) and
// the bound.
std::string FormatCheck(const CheckResult& result, const CheckOptions& options);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_CHECK_H_
