// policy/analysis/plan.cc

#include "policy/analysis/plan.h"

#include <algorithm>
#include <vector>

namespace suivi::policy::analysis {
namespace {

SliceFacts FactsFor(const EnumerationInput& input, const Slice& slice, int schema) {
  SliceFacts facts;
  facts.schema = input.schemas[schema];
  facts.action = slice.action;
  facts.action_ancestors = facts.schema->ActionAncestors(slice.action);
  facts.principal_type = "Utilisateur";
  facts.resource_type = slice.resource_type;
  return facts;
}

// The rule with what it reads; false if it can never hold in the slice.
bool AddRule(const Policy& policy, const SliceFacts& facts, RulePlan rule,
             std::vector<RulePlan>* rules, std::vector<ReadSet>* reads) {
  ReadSet read = ReadsOf(policy, facts);
  if (read.never) return false;
  rule.policy = &policy;
  rule.forbid = policy.effect == Effect::kForbid;
  rule.reads_finalite = ReadsContextField(read, "finalite");
  rule.reads_classe = ReadsContextField(read, "classe");
  rules->push_back(rule);
  reads->push_back(std::move(read));
  return true;
}

void AddRules(const EnumerationInput& input, const Slice& slice, SlicePlan* plan,
              std::vector<ReadSet>* reads) {
  for (size_t c = 0; c < input.chartes.size(); ++c) {
    const CharteVersion& version = input.chartes[c];
    if (!slice.in_schema[version.schema]) continue;
    plan->allowed_contexts[c] = input.universe->ContextMask(version.schema);
    SliceFacts facts = FactsFor(input, slice, version.schema);
    for (const Policy& policy : version.policies->policies()) {
      RulePlan rule;
      rule.charte = static_cast<int>(c);
      rule.schema = version.schema;
      AddRule(policy, facts, rule, &plan->rules, reads);
    }
  }
  if (input.invariants.empty()) return;
  int schema = input.chartes.front().schema;
  if (!slice.in_schema[schema]) return;
  SliceFacts facts = FactsFor(input, slice, schema);
  for (size_t i = 0; i < input.invariants.size(); ++i) {
    RulePlan rule;
    rule.invariant = static_cast<int>(i);
    rule.schema = schema;
    if (AddRule(*input.invariants[i], facts, rule, &plan->rules, reads)) {
      plan->invariants.push_back(static_cast<int>(i));
    }
  }
}

}  // namespace

SlicePlan PlanSlice(const EnumerationInput& input, int slice_index) {
  const Slice& slice = input.universe->slices()[slice_index];
  SlicePlan plan;
  plan.slice = slice_index;
  std::vector<ReadSet> reads;
  AddRules(input, slice, &plan, &reads);
  for (size_t d = 0; d < slice.dimensions.size(); ++d) {
    const Dimension& dimension = slice.dimensions[d];
    bool relevant = input.keep_principal && dimension.kind == DimensionKind::kPrincipal;
    for (const ReadSet& read : reads) relevant = relevant || Touches(read, dimension.footprint);
    if (!relevant) {
      plan.weight *= static_cast<uint64_t>(dimension.size());
      continue;
    }
    plan.leaves *= static_cast<uint64_t>(dimension.size());
    for (size_t r = 0; r < reads.size(); ++r) {
      if (Touches(reads[r], dimension.footprint)) {
        plan.rules[r].deps.push_back(static_cast<int>(plan.active.size()));
      }
    }
    plan.active.push_back(static_cast<int>(d));
  }
  return plan;
}

void CutIntoUnits(const SlicePlan& plan, const Universe& universe, uint64_t leaves_per_unit,
                  std::vector<Unit>* units) {
  if (plan.active.empty()) {
    units->push_back(Unit{&plan, 0, 1});
    return;
  }
  const Slice& slice = universe.slices()[plan.slice];
  int first = slice.dimensions[plan.active.front()].size();
  uint64_t per_value = plan.leaves / static_cast<uint64_t>(first);
  int step = static_cast<int>(std::max<uint64_t>(1, leaves_per_unit / std::max<uint64_t>(1, per_value)));
  for (int lo = 0; lo < first; lo += step) units->push_back(Unit{&plan, lo, std::min(first, lo + step)});
}

}  // namespace suivi::policy::analysis
