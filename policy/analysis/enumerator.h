// policy/analysis/enumerator.h
//
// Enumerates every request of a bounded universe (universe.h), decides it
// for one or two versions of the charte, matches it against invariants, and
// hands each point of the enumeration to a sink. `check` and `diff` are
// sinks (check.h, diff.h).
//
// A leaf is one point of a slice's dimensions with every context at once:
// bit c of a mask stands for context c (finalité × classe). The decision of
// a request is Cedar's (policy/authorizer.h): allowed when a permit is
// satisfied and no forbid is; a policy whose evaluation fails does not
// apply. An action a version's schema does not declare for the resource
// type, or a context value it does not declare, is denied by that version.
//
// Reductions (Enumerate; none in EnumerateWithoutReduction, which calls
// Authorize on every request and is there to check them on small bounds):
//  1. One enumeration for all: every rule of every version and every
//     invariant is decided on each request; nothing is enumerated again
//     per invariant.
//  2. Relevance: per slice, the attributes each rule can read (reads.h).
//     A dimension whose footprint no rule of the slice reads is not
//     enumerated: every request differing only there has the same outcome
//     for every rule, so one value stands for all (its leaves carry the
//     weight: the number of requests they stand for).
//  3. Per-rule memo: a rule's outcome is a function of the dimensions it
//     reads, so it is evaluated once per distinct value of those (and of
//     the finalité and classe, if it reads them), kept in a table, and
//     folded into the leaves below the last dimension it reads. The
//     entity store is built only for those evaluations.
//  4. Contexts innermost: finalité and classe change no entity, so one
//     store serves every context, and a leaf carries all contexts as bits.
//  5. For `check`, a slice no invariant can match (its action or resource
//     type is outside every invariant's scope: reads.h's static test) is
//     not enumerated: no invariant quantifies over its requests.
// Each is sound for the same reason: a rule's outcome (satisfied, not,
// error) depends only on what it reads, and a dimension changes only what
// its footprint names. The test reduction_test.cc compares Enumerate and
// EnumerateWithoutReduction request by request on a bound of its own.
//
// Thread-safe: the functions only read their inputs; Enumerate runs
// `threads` threads, each on its own units with its own sinks.

#ifndef SUIVI_POLICY_ANALYSIS_ENUMERATOR_H_
#define SUIVI_POLICY_ANALYSIS_ENUMERATOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "policy/analysis/universe.h"
#include "policy/ast.h"
#include "policy/policy_set.h"
#include "policy/schema.h"

namespace suivi::policy::analysis {

// A version of the charte and the schema it is read with.
struct CharteVersion {
  const PolicySet* policies = nullptr;
  int schema = 0;  // index in EnumerationInput::schemas
};

struct EnumerationInput {
  const Universe* universe = nullptr;
  std::vector<const Schema*> schemas;  // as given to Universe::Build
  std::vector<CharteVersion> chartes;  // one (check) or two (diff)
  // Read with chartes[0]'s schema.
  std::vector<const Policy*> invariants;
  // Skip the slices no invariant can match (reduction 5).
  bool only_where_invariants_apply = false;
  // Enumerate the caller's dimension even where no rule reads it (a diff
  // groups its differences by role).
  bool keep_principal = false;
  int threads = 2;
};

struct Leaf {
  int slice = 0;  // index in the universe's slices
  // One value per dimension of the slice (0 for a dimension not enumerated).
  absl::Span<const int> values;
  // The dimensions enumerated (indexes into the slice's), or nullptr when
  // every dimension is.
  const std::vector<int>* enumerated = nullptr;
  // The requests each context bit stands for.
  uint64_t weight = 1;
  // Per version: the contexts whose request it allows.
  uint64_t allowed[2] = {0, 0};
  // Per invariant: the contexts whose request it matches, and those whose
  // evaluation fails (a request where it fails does not match).
  const uint64_t* matched = nullptr;
  const uint64_t* failed = nullptr;
};

class LeafSink {
 public:
  virtual ~LeafSink() = default;
  virtual void OnLeaf(const Leaf& leaf) = 0;
  // A policy of version `charte` failed to evaluate on a request (the first
  // such request the sink's unit met for that policy).
  virtual void OnCharteError(int charte, const Policy& policy, int slice,
                             absl::Span<const int> values, int context,
                             const std::string& message) = 0;
};

struct EnumerationStats {
  uint64_t leaves = 0;       // points enumerated
  uint64_t evaluations = 0;  // rule evaluations
  uint64_t requests = 0;     // requests they stand for
  int slices = 0;            // slices enumerated
};

using SinkFactory = std::function<std::unique_ptr<LeafSink>()>;

// Calls `make_sink` once per unit of work, in order, and appends the sinks
// to `sinks` in that order, so a caller merging them in order gets the same
// result whatever the threads did. INVALID_ARGUMENT if an entity store of
// the universe cannot be built.
absl::StatusOr<EnumerationStats> Enumerate(const EnumerationInput& input,
                                           const SinkFactory& make_sink,
                                           std::vector<std::unique_ptr<LeafSink>>* sinks);

// Every request, one by one, decided by Authorize and each invariant
// evaluated on its own: a leaf per point of every dimension, weight 1.
// Slow; for small bounds and to check Enumerate.
absl::StatusOr<EnumerationStats> EnumerateWithoutReduction(const EnumerationInput& input,
                                                           LeafSink* sink);

// Evaluates `policy` on one request: satisfied, not, or the error.
absl::StatusOr<bool> Satisfied(const Policy& policy, const Entities& entities,
                               const Request& request);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_ENUMERATOR_H_
