// policy/analysis/enumerator.cc: Enumerate, with the reductions of
// enumerator.h (the plan of each slice is in plan.cc).

#include "policy/analysis/enumerator.h"

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/analysis/plan.h"
#include "policy/evaluator.h"

namespace suivi::policy::analysis {
namespace {

// About this many leaves per unit of work: enough units to keep two threads
// busy to the end, few enough that the rules' tables are rarely refilled.
constexpr uint64_t kLeavesPerUnit = 1 << 20;
// A rule whose table would hold more entries is evaluated at every fold.
constexpr uint64_t kMaxTableEntries = uint64_t{1} << 22;

struct Masks {
  uint64_t permit[2] = {0, 0};
  uint64_t forbid[2] = {0, 0};
};

// A rule's outcomes, per value of the dimensions it reads.
struct Table {
  std::vector<int> deps;           // dimensions of the slice, as in values_
  std::vector<int> offsets;        // the first value of each in the unit
  std::vector<uint64_t> strides;
  bool memo = true;
  std::vector<uint64_t> satisfied;
  std::vector<uint64_t> failed;
  std::vector<uint8_t> filled;
};

// Enumerates one unit; owns its tables and store.
class UnitRunner {
 public:
  UnitRunner(const EnumerationInput& input, const Unit& unit, LeafSink* sink)
      : universe_(*input.universe),
        plan_(*unit.plan),
        slice_(universe_.slices()[plan_.slice]),
        unit_(unit),
        sink_(sink),
        values_(slice_.dimensions.size(), 0),
        matched_(input.invariants.size(), 0),
        failed_(input.invariants.size(), 0),
        reported_(plan_.rules.size(), false),
        by_level_(plan_.active.size() + 1) {}

  absl::Status Run() {
    if (!plan_.active.empty()) values_[plan_.active.front()] = unit_.lo;
    BuildTables();
    Masks masks;
    RETURN_IF_ERROR(FoldLevel(0, &masks));
    return Walk(0, masks);
  }

  const EnumerationStats& stats() const { return stats_; }

 private:
  int Range(int level, int* lo) const {
    const Dimension& d = slice_.dimensions[plan_.active[level]];
    *lo = level == 0 ? unit_.lo : 0;
    return level == 0 ? unit_.hi - unit_.lo : d.size();
  }

  void BuildTables() {
    tables_.resize(plan_.rules.size());
    for (size_t r = 0; r < plan_.rules.size(); ++r) {
      const RulePlan& rule = plan_.rules[r];
      Table& t = tables_[r];
      uint64_t size = 1;
      for (int dep : rule.deps) {
        int lo = 0;
        int n = Range(dep, &lo);
        t.deps.push_back(plan_.active[dep]);
        t.offsets.push_back(lo);
        t.strides.push_back(size);
        size *= static_cast<uint64_t>(n);
      }
      t.memo = size <= kMaxTableEntries;
      if (t.memo) {
        t.satisfied.assign(size, 0);
        t.failed.assign(size, 0);
        t.filled.assign(size, 0);
      }
      by_level_[rule.deps.empty() ? 0 : rule.deps.back() + 1].push_back(static_cast<int>(r));
    }
  }

  absl::Status Walk(int level, const Masks& masks) {
    if (level == static_cast<int>(plan_.active.size())) {
      EmitLeaf(masks);
      return absl::OkStatus();
    }
    int lo = 0;
    int n = Range(level, &lo);
    int dimension = plan_.active[level];
    for (int v = lo; v < lo + n; ++v) {
      values_[dimension] = v;
      store_valid_[0] = store_valid_[1] = false;
      Masks next = masks;
      RETURN_IF_ERROR(FoldLevel(level + 1, &next));
      RETURN_IF_ERROR(Walk(level + 1, next));
    }
    return absl::OkStatus();
  }

  absl::Status FoldLevel(int slot, Masks* masks) {
    for (int r : by_level_[slot]) {
      const RulePlan& rule = plan_.rules[r];
      uint64_t satisfied = 0, failed = 0;
      RETURN_IF_ERROR(Outcome(r, &satisfied, &failed));
      if (rule.invariant >= 0) {
        matched_[rule.invariant] = satisfied;
        failed_[rule.invariant] = failed;
      } else if (rule.forbid) {
        masks->forbid[rule.charte] |= satisfied;
      } else {
        masks->permit[rule.charte] |= satisfied;
      }
    }
    return absl::OkStatus();
  }

  absl::Status Outcome(int r, uint64_t* satisfied, uint64_t* failed) {
    Table& t = tables_[r];
    if (!t.memo) return Evaluate(r, satisfied, failed);
    uint64_t index = 0;
    for (size_t i = 0; i < t.deps.size(); ++i) {
      index += static_cast<uint64_t>(values_[t.deps[i]] - t.offsets[i]) * t.strides[i];
    }
    if (!t.filled[index]) {
      RETURN_IF_ERROR(Evaluate(r, &t.satisfied[index], &t.failed[index]));
      t.filled[index] = 1;
    }
    *satisfied = t.satisfied[index];
    *failed = t.failed[index];
    return absl::OkStatus();
  }

  absl::StatusOr<const Entities*> StoreFor(int schema) {
    if (!store_valid_[schema]) {
      ASSIGN_OR_RETURN(Entities store, universe_.Store(slice_, values_, schema));
      store_[schema].emplace(std::move(store));
      store_valid_[schema] = true;
    }
    return &*store_[schema];
  }

  // The contexts that share the outcome of context (f, c) for a rule that
  // reads the finalité or not, the classe or not.
  uint64_t Spread(const RulePlan& rule, int f, int c) const {
    uint64_t mask = 0;
    for (int context = 0; context < universe_.context_count(); ++context) {
      bool same_f = !rule.reads_finalite || universe_.FinaliteOf(context) == f;
      bool same_c = !rule.reads_classe || universe_.ClasseOf(context) == c;
      if (same_f && same_c) mask |= uint64_t{1} << context;
    }
    return mask;
  }

  absl::Status Evaluate(int r, uint64_t* satisfied, uint64_t* failed) {
    const RulePlan& rule = plan_.rules[r];
    ASSIGN_OR_RETURN(const Entities* store, StoreFor(rule.schema));
    int finalites = rule.reads_finalite ? static_cast<int>(universe_.finalites().size()) : 1;
    int classes = rule.reads_classe ? static_cast<int>(universe_.classes().size()) : 1;
    *satisfied = *failed = 0;
    for (int f = 0; f < finalites; ++f) {
      for (int c = 0; c < classes; ++c) {
        int context = f * static_cast<int>(universe_.classes().size()) + c;
        Request request = universe_.MakeRequest(slice_, values_, context);
        absl::StatusOr<bool> outcome = Satisfied(*rule.policy, *store, request);
        ++stats_.evaluations;
        if (outcome.ok()) {
          if (*outcome) *satisfied |= Spread(rule, f, c);
          continue;
        }
        *failed |= Spread(rule, f, c);
        if (rule.charte >= 0 && !reported_[r]) {
          reported_[r] = true;
          sink_->OnCharteError(rule.charte, *rule.policy, plan_.slice, values_, context,
                               std::string(outcome.status().message()));
        }
      }
    }
    return absl::OkStatus();
  }

  void EmitLeaf(const Masks& masks) {
    Leaf leaf;
    leaf.slice = plan_.slice;
    leaf.values = values_;
    leaf.enumerated = &plan_.active;
    leaf.weight = plan_.weight;
    for (int c = 0; c < 2; ++c) {
      leaf.allowed[c] = masks.permit[c] & ~masks.forbid[c] & plan_.allowed_contexts[c];
    }
    leaf.matched = matched_.data();
    leaf.failed = failed_.data();
    sink_->OnLeaf(leaf);
    ++stats_.leaves;
  }

  const Universe& universe_;
  const SlicePlan& plan_;
  const Slice& slice_;
  const Unit unit_;
  LeafSink* const sink_;
  std::vector<int> values_;
  std::vector<uint64_t> matched_;
  std::vector<uint64_t> failed_;
  std::vector<bool> reported_;
  // Rules by the slot they fold at: 0 before the first dimension, k + 1
  // after dimension k of plan_.active.
  std::vector<std::vector<int>> by_level_;
  std::vector<Table> tables_;
  std::optional<Entities> store_[2];
  bool store_valid_[2] = {false, false};
  EnumerationStats stats_;
};

// Runs `units` on `threads` threads; the first error in unit order wins.
absl::Status RunUnits(const EnumerationInput& input, const std::vector<Unit>& units,
                      const std::vector<std::unique_ptr<LeafSink>>& sinks, size_t first_sink,
                      EnumerationStats* stats) {
  std::vector<absl::Status> statuses(units.size());
  std::vector<EnumerationStats> unit_stats(units.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t u = next++; u < units.size(); u = next++) {
      UnitRunner runner(input, units[u], sinks[first_sink + u].get());
      statuses[u] = runner.Run();
      unit_stats[u] = runner.stats();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < input.threads; ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  for (size_t u = 0; u < units.size(); ++u) {
    RETURN_IF_ERROR(statuses[u]);
    stats->leaves += unit_stats[u].leaves;
    stats->evaluations += unit_stats[u].evaluations;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bool> Satisfied(const Policy& policy, const Entities& entities,
                               const Request& request) {
  ASSIGN_OR_RETURN(Value v, Evaluator(entities, request).Eval(*policy.condition));
  if (v.kind() != Value::Kind::kBool) {
    return absl::InvalidArgumentError(
        absl::StrCat("erreur de type : un booléen attendu, ", KindName(v.kind()), " reçu"));
  }
  return v.bool_value();
}

absl::StatusOr<EnumerationStats> Enumerate(const EnumerationInput& input,
                                           const SinkFactory& make_sink,
                                           std::vector<std::unique_ptr<LeafSink>>* sinks) {
  const Universe& universe = *input.universe;
  std::vector<SlicePlan> plans;
  plans.reserve(universe.slices().size());
  EnumerationStats stats;
  for (size_t s = 0; s < universe.slices().size(); ++s) {
    SlicePlan plan = PlanSlice(input, static_cast<int>(s));
    if (input.only_where_invariants_apply && plan.invariants.empty()) continue;
    stats.requests += plan.leaves * plan.weight * static_cast<uint64_t>(universe.context_count());
    plans.push_back(std::move(plan));
  }
  stats.slices = static_cast<int>(plans.size());
  std::vector<Unit> units;
  for (const SlicePlan& plan : plans) CutIntoUnits(plan, universe, kLeavesPerUnit, &units);
  size_t first_sink = sinks->size();
  for (size_t u = 0; u < units.size(); ++u) sinks->push_back(make_sink());
  RETURN_IF_ERROR(RunUnits(input, units, *sinks, first_sink, &stats));
  return stats;
}

}  // namespace suivi::policy::analysis
