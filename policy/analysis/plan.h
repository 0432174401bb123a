// policy/analysis/plan.h
//
// How Enumerate goes through one slice (enumerator.h): which rules apply,
// what each reads, which dimensions are enumerated, in which order rules
// are folded, and how the slice is cut into units of work.

#ifndef SUIVI_POLICY_ANALYSIS_PLAN_H_
#define SUIVI_POLICY_ANALYSIS_PLAN_H_

#include <cstdint>
#include <vector>

#include "policy/analysis/enumerator.h"
#include "policy/analysis/reads.h"
#include "policy/analysis/universe.h"
#include "policy/ast.h"

namespace suivi::policy::analysis {

struct RulePlan {
  const Policy* policy = nullptr;
  int charte = -1;     // the version it belongs to, or -1 for an invariant
  int invariant = -1;  // its index in EnumerationInput::invariants, or -1
  int schema = 0;      // the store it is evaluated on
  bool forbid = false;
  // The enumerated dimensions it reads: indexes into SlicePlan::active,
  // ascending. It is folded at the last one (or before the first, if none).
  std::vector<int> deps;
  bool reads_finalite = false;
  bool reads_classe = false;
};

struct SlicePlan {
  int slice = 0;
  // The dimensions enumerated (indexes into the slice's dimensions), in
  // the slice's order; the others are left at their first value.
  std::vector<int> active;
  // The requests a leaf's context bit stands for: the product of the sizes
  // of the dimensions left out.
  uint64_t weight = 1;
  std::vector<RulePlan> rules;
  // Per version: the contexts it declares, or 0 where its schema does not
  // declare the slice's action for the resource type.
  uint64_t allowed_contexts[2] = {0, 0};
  // Invariants that may match a request of the slice.
  std::vector<int> invariants;
  uint64_t leaves = 1;  // the product of the active dimensions' sizes
};

// The plan of slice `slice` (an index into the universe's slices).
SlicePlan PlanSlice(const EnumerationInput& input, int slice);

// A part of a slice: the values [lo, hi) of its first active dimension.
struct Unit {
  const SlicePlan* plan = nullptr;
  int lo = 0;
  int hi = 1;
};

// Cuts `plan` into units of at most about `leaves_per_unit` leaves.
void CutIntoUnits(const SlicePlan& plan, const Universe& universe, uint64_t leaves_per_unit,
                  std::vector<Unit>* units);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_PLAN_H_
