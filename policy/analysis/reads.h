// policy/analysis/reads.h
//
// What a rule (a charte policy or an invariant) can read of a request of
// one slice of the universe, computed from its AST: the attributes it
// reads (`e.attr`, `e["attr"]`, `e has attr`), each with the entity type
// of `e` when the schema's types give it, whether it uses the resource
// itself, whether it uses the context as a whole.
//
// The result over-approximates what any evaluation can read, so the
// enumerator may treat a dimension whose footprint it misses as irrelevant
// to the rule (universe.h states what a footprint is):
// - `e`'s type is followed from the variables (the slice fixes the types
//   of principal and resource; the context is the action's context type)
//   and entity literals through the schema's attribute types; where it is
//   not known (an `if`, a set element, a record literal, …), the read
//   counts for every entity type and the context ("*").
// - Subexpressions Cedar never evaluates in the slice are skipped: the
//   right of `a && b` when `a` is false in every request of the slice
//   (`resource is T` for another type, `action == A` for another action,
//   `action in G` for a group the action is not in, and `!`, `&&`, `||` of
//   such), the right of `a || b` when `a` is always true, the branch an
//   `if` does not take. Those tests never fail, so the skipped side is
//   never evaluated: Cedar's `&&`, `||` and `if` short-circuit.
//
// Thread-safe: the functions only read their arguments.

#ifndef SUIVI_POLICY_ANALYSIS_READS_H_
#define SUIVI_POLICY_ANALYSIS_READS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "policy/analysis/universe.h"
#include "policy/ast.h"
#include "policy/schema.h"
#include "policy/value.h"

namespace suivi::policy::analysis {

// What every request of a slice shares, as a schema sees it.
struct SliceFacts {
  const Schema* schema = nullptr;
  EntityUid action;
  std::vector<EntityUid> action_ancestors;  // the groups it is in, transitively
  std::string principal_type;
  std::string resource_type;
};

// "*" as an owner: any entity type, and the context.
inline constexpr char kAnyOwner[] = "*";

struct ReadSet {
  // (entity type, attribute), ("context", field) or ("*", attribute).
  absl::flat_hash_set<std::pair<std::string, std::string>> attributes;
  bool resource = false;       // uses the `resource` variable
  bool whole_context = false;  // uses `context` other than to read a field
  // The slice's requests never satisfy the rule (its condition is false
  // before anything is read): it reads nothing.
  bool never = false;
};

// The value `expr` has in every request of the slice, when the facts
// decide it (see above); nullopt otherwise. Never an error.
std::optional<bool> StaticValue(const Expr& expr, const SliceFacts& facts);

ReadSet ReadsOf(const Policy& policy, const SliceFacts& facts);

// Whether `reads` may read something `footprint` changes.
bool Touches(const ReadSet& reads, const Footprint& footprint);

// Whether the rule reads field `field` of the context ("finalite",
// "classe"), directly or without knowing it is the context.
bool ReadsContextField(const ReadSet& reads, const std::string& field);

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_READS_H_
