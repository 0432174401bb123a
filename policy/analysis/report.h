// policy/analysis/report.h
//
// What `check` and `diff` print about one request: where it is in the
// universe, the decision Authorize gives it with the @ids of the policies
// that decided, in French.

#ifndef SUIVI_POLICY_ANALYSIS_REPORT_H_
#define SUIVI_POLICY_ANALYSIS_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/analysis/universe.h"
#include "policy/policy_set.h"

namespace suivi::policy::analysis {

// A request of the universe.
struct RequestRef {
  int slice = 0;
  std::vector<int> values;  // one per dimension of the slice
  int context = 0;
};

struct Verdict {
  bool allowed = false;
  bool undeclared = false;           // the version's schema does not declare the request
  std::vector<std::string> reasons;  // @ids of the determining policies
  std::vector<std::string> errors;   // @ids of the policies that failed
};

// Authorize's decision on `ref` for the version `policies`, read with the
// universe's schema `schema`.
absl::StatusOr<Verdict> Decide(const Universe& universe, const RequestRef& ref,
                               const PolicySet& policies, int schema);

// "AUTORISÉ par : a, b", "REFUSÉ par : x", "REFUSÉ : aucune règle ne
// l'autorise", …
std::string VerdictText(const Verdict& verdict);

// 1234567 as "1 234 567".
std::string Count(uint64_t n);

// The first `limit` set bits of `mask`, lowest first.
std::vector<int> Bits(uint64_t mask, int limit);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_REPORT_H_
