// policy/analysis/diff.h
//
// `suivi-policy diff OLD NEW`: what a new version of the charte allows that
// the old one denied ("élargit"), and the reverse ("restreint"), on every
// request of the bounded universe (universe.h). A change that widens
// access needs a new version of the charte, signed again (DESIGN.md §5).
//
// The new version may come with its own schema: the universe is then built
// from both (the union of their actions and enum values), and a request a
// version's schema does not declare (its action for that resource type, its
// finalité or its classe) counts as denied by that version.
//
// Differences are grouped by (action, role, resource type, classe,
// finalité), with their count and the first request found of each group.

#ifndef SUIVI_POLICY_ANALYSIS_DIFF_H_
#define SUIVI_POLICY_ANALYSIS_DIFF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/analysis/enumerator.h"
#include "policy/analysis/report.h"
#include "policy/analysis/universe.h"

namespace suivi::policy::analysis {

struct DiffOptions {
  std::string schema;      // the old version's schema
  std::string new_schema;  // the new version's, if it has its own
  std::string roles;       // the role catalogue (text format)
  std::string old_policies;
  std::string new_policies;
  Bound bound = Bound::kComplete;
  bool reduce = true;
  int threads = 2;
  bool widening_only = false;  // the exit status only reports widening
  int max_groups = 200;        // groups printed per direction
};

struct DiffGroup {
  std::string action;
  std::string role;  // or "sans attribution"
  std::string resource_type;
  std::string classe;
  std::string finalite;
  uint64_t count = 0;
  RequestRef example;
  std::string description;  // of the example
  Verdict before;           // the old version's decision on it
  Verdict after;            // the new version's
};

struct DiffResult {
  std::vector<DiffGroup> widened;     // allowed by NEW, denied by OLD
  std::vector<DiffGroup> restricted;  // allowed by OLD, denied by NEW
  uint64_t widened_requests = 0;
  uint64_t restricted_requests = 0;
  uint64_t requests = 0;  // every request of the bound
  EnumerationStats stats;
  double seconds = 0;
  std::string bound;

  bool identical() const { return widened_requests == 0 && restricted_requests == 0; }
};

// INVALID_ARGUMENT on bad input (files, validation, catalogue, bound).
absl::StatusOr<DiffResult> Diff(const DiffOptions& options);

// The report in French, groups in the order of the schema's actions.
std::string FormatDiff(const DiffResult& result, const DiffOptions& options);

// 0 when the versions decide every request alike, 1 when they differ (with
// widening_only: when NEW widens access).
int DiffExitStatus(const DiffResult& result, const DiffOptions& options);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_DIFF_H_
