// policy/analysis/enumerator_naive.cc: EnumerateWithoutReduction, the
// plain enumeration the reductions of Enumerate are checked against.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status_macros.h"
#include "policy/analysis/enumerator.h"
#include "policy/authorizer.h"

namespace suivi::policy::analysis {
namespace {

// Advances `values` to the next point of `slice`; false after the last.
bool Next(const Slice& slice, std::vector<int>* values) {
  for (size_t d = values->size(); d-- > 0;) {
    if (++(*values)[d] < slice.dimensions[d].size()) return true;
    (*values)[d] = 0;
  }
  return false;
}

// Tells `sink` of the policies of `response` that failed, the first time each does.
void ReportErrors(const Response& response, int charte, const PolicySet& policies, int slice,
                  const std::vector<int>& values, int context, LeafSink* sink,
                  std::set<std::pair<int, std::string>>* reported) {
  for (const PolicyError& error : response.errors) {
    if (!reported->insert({charte, error.policy_id}).second) continue;
    for (const Policy& policy : policies.policies()) {
      if (policy.id != error.policy_id) continue;
      sink->OnCharteError(charte, policy, slice, values, context, error.message);
    }
  }
}

// Every version's decision and every invariant's outcome on the requests
// of one point, context by context.
absl::Status DecidePoint(const EnumerationInput& input, int s, const std::vector<int>& values,
                         LeafSink* sink, EnumerationStats* stats,
                         std::set<std::pair<int, std::string>>* reported) {
  const Universe& universe = *input.universe;
  const Slice& slice = universe.slices()[s];
  std::vector<std::optional<Entities>> stores(input.schemas.size());
  for (size_t schema = 0; schema < input.schemas.size(); ++schema) {
    ASSIGN_OR_RETURN(Entities store, universe.Store(slice, values, static_cast<int>(schema)));
    stores[schema].emplace(std::move(store));
  }
  Leaf leaf;
  leaf.slice = s;
  leaf.values = values;
  std::vector<uint64_t> matched(input.invariants.size(), 0), failed(input.invariants.size(), 0);
  int invariant_schema = input.chartes.front().schema;
  for (int context = 0; context < universe.context_count(); ++context) {
    const uint64_t bit = uint64_t{1} << context;
    Request request = universe.MakeRequest(slice, values, context);
    for (size_t c = 0; c < input.chartes.size(); ++c) {
      const CharteVersion& version = input.chartes[c];
      if (!slice.in_schema[version.schema] || !(universe.ContextMask(version.schema) & bit)) continue;
      Response response = Authorize(*version.policies, *stores[version.schema], request);
      ++stats->evaluations;
      ReportErrors(response, static_cast<int>(c), *version.policies, s, values, context, sink, reported);
      if (response.decision == Decision::kAllow) leaf.allowed[c] |= bit;
    }
    if (!slice.in_schema[invariant_schema]) continue;
    for (size_t i = 0; i < input.invariants.size(); ++i) {
      absl::StatusOr<bool> outcome = Satisfied(*input.invariants[i], *stores[invariant_schema], request);
      if (!outcome.ok()) failed[i] |= bit;
      if (outcome.ok() && *outcome) matched[i] |= bit;
    }
  }
  leaf.matched = matched.data();
  leaf.failed = failed.data();
  sink->OnLeaf(leaf);
  ++stats->leaves;
  stats->requests += static_cast<uint64_t>(universe.context_count());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EnumerationStats> EnumerateWithoutReduction(const EnumerationInput& input,
                                                           LeafSink* sink) {
  EnumerationStats stats;
  std::set<std::pair<int, std::string>> reported;
  const std::vector<Slice>& slices = input.universe->slices();
  for (size_t s = 0; s < slices.size(); ++s) {
    std::vector<int> values(slices[s].dimensions.size(), 0);
    do {
      RETURN_IF_ERROR(DecidePoint(input, static_cast<int>(s), values, sink, &stats, &reported));
    } while (Next(slices[s], &values));
    ++stats.slices;
  }
  return stats;
}

}  // namespace suivi::policy::analysis
