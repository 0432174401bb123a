// policy/analysis/reduction_test.cc: the reductions of Enumerate are sound.
// On the small charte of testdata/petite (guards, `if`, identity, a rule
// that overflows), every request of the universe is decided one by one by
// Authorize (EnumerateWithoutReduction) and compared with what Enumerate
// says of it: each leaf of Enumerate stands for exactly `weight` requests
// per context, and every one of them must have the same decisions, the
// same invariants matched and the same evaluation failures.

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/analysis/check.h"
#include "policy/analysis/enumerator.h"
#include "policy/analysis/inputs.h"
#include "policy/analysis/universe.h"

namespace suivi::policy::analysis {
namespace {

using ::suivi::testing::IsOk;

const std::string kData = std::string(SUIVI_SOURCE_DIR) + "/policy/analysis/testdata/petite/";

struct Outcome {
  uint64_t allowed[2] = {0, 0};
  std::vector<uint64_t> matched;
  std::vector<uint64_t> failed;

  bool operator==(const Outcome& o) const {
    return allowed[0] == o.allowed[0] && allowed[1] == o.allowed[1] && matched == o.matched &&
           failed == o.failed;
  }
};

struct Recorded {
  int slice;
  std::vector<int> values;
  std::vector<int> enumerated;  // empty: every dimension
  uint64_t weight;
  Outcome outcome;
};

class RecordingSink : public LeafSink {
 public:
  explicit RecordingSink(size_t invariants) : invariants_(invariants) {}

  void OnLeaf(const Leaf& leaf) override {
    Recorded r{leaf.slice, std::vector<int>(leaf.values.begin(), leaf.values.end()), {},
               leaf.weight, {}};
    if (leaf.enumerated != nullptr) r.enumerated = *leaf.enumerated;
    r.outcome.allowed[0] = leaf.allowed[0];
    r.outcome.allowed[1] = leaf.allowed[1];
    r.outcome.matched.assign(leaf.matched, leaf.matched + invariants_);
    r.outcome.failed.assign(leaf.failed, leaf.failed + invariants_);
    leaves.push_back(std::move(r));
  }

  void OnCharteError(int charte, const Policy& policy, int, absl::Span<const int>, int,
                     const std::string&) override {
    errors.insert({charte, policy.id});
  }

  std::vector<Recorded> leaves;
  std::set<std::pair<int, std::string>> errors;

 private:
  size_t invariants_;
};

struct Fixture {
  std::vector<std::shared_ptr<const Schema>> schemas;
  std::vector<std::shared_ptr<const PolicySet>> chartes;
  std::shared_ptr<const PolicySet> invariants;
  std::unique_ptr<const Universe> universe;
  EnumerationInput input;
};

// The small universe (reduced bound) with the given versions; `schema_of`
// gives each version's schema file.
std::unique_ptr<Fixture> MakeFixture(const std::vector<std::string>& chartes,
                                     const std::vector<std::string>& schemas, bool invariants) {
  auto f = std::make_unique<Fixture>();
  std::vector<const Schema*> raw;
  for (const std::string& s : schemas) {
    f->schemas.push_back(*LoadSchema(kData + s));
    raw.push_back(f->schemas.back().get());
  }
  for (size_t c = 0; c < chartes.size(); ++c) {
    f->chartes.push_back(*LoadValidPolicies(kData + chartes[c], *raw[std::min(c, raw.size() - 1)]));
    f->input.chartes.push_back({f->chartes.back().get(), static_cast<int>(std::min(c, raw.size() - 1))});
  }
  f->universe = *Universe::Build(raw, *LoadRoles(kData + "roles.textproto", raw), Bound::kReduced);
  f->input.universe = f->universe.get();
  f->input.schemas = raw;
  f->input.threads = 2;
  if (invariants) {
    f->invariants = *LoadValidPolicies(kData + "invariants.cedar", *raw.front());
    for (const Policy& p : f->invariants->policies()) f->input.invariants.push_back(&p);
  }
  return f;
}

using Naive = std::map<std::pair<int, std::vector<int>>, Outcome>;

// Checks the leaves of `sinks` against the requests of `naive`, which must
// each be covered once.
void ExpectSameRequests(const Universe& universe, const std::vector<std::unique_ptr<LeafSink>>& sinks,
                        const Naive& naive) {
  std::set<std::pair<int, std::vector<int>>> covered;
  for (const auto& sink : sinks) {
    for (const Recorded& leaf : static_cast<const RecordingSink&>(*sink).leaves) {
      const Slice& slice = universe.slices()[leaf.slice];
      std::vector<int> free;
      for (size_t d = 0; d < slice.dimensions.size(); ++d) {
        if (std::find(leaf.enumerated.begin(), leaf.enumerated.end(), d) == leaf.enumerated.end()) {
          free.push_back(static_cast<int>(d));
        }
      }
      std::vector<int> point = leaf.values;
      uint64_t expanded = 0;
      for (;;) {
        ++expanded;
        auto it = naive.find({leaf.slice, point});
        ASSERT_NE(it, naive.end());
        EXPECT_TRUE(it->second == leaf.outcome)
            << universe.Describe(slice, point, 0) << " (action " << slice.action.id << ")";
        EXPECT_TRUE(covered.insert(it->first).second);
        size_t i = 0;
        for (; i < free.size(); ++i) {
          if (++point[free[i]] < slice.dimensions[free[i]].size()) break;
          point[free[i]] = 0;
        }
        if (i == free.size()) break;
      }
      EXPECT_EQ(expanded, leaf.weight);
    }
  }
  EXPECT_EQ(covered.size(), naive.size());
}

void CompareWithoutReduction(Fixture* f) {
  RecordingSink naive_sink(f->input.invariants.size());
  ASSERT_THAT(EnumerateWithoutReduction(f->input, &naive_sink), IsOk());
  Naive naive;
  for (const Recorded& r : naive_sink.leaves) naive[{r.slice, r.values}] = r.outcome;
  std::vector<std::unique_ptr<LeafSink>> sinks;
  size_t n = f->input.invariants.size();
  absl::StatusOr<EnumerationStats> stats =
      Enumerate(f->input, [n] { return std::make_unique<RecordingSink>(n); }, &sinks);
  ASSERT_THAT(stats, IsOk());
  EXPECT_LT(stats->leaves * 5, naive.size());  // the reductions do reduce
  ExpectSameRequests(*f->universe, sinks, naive);
  std::set<std::pair<int, std::string>> errors;
  for (const auto& sink : sinks) {
    const auto& e = static_cast<const RecordingSink&>(*sink).errors;
    errors.insert(e.begin(), e.end());
  }
  EXPECT_EQ(errors, naive_sink.errors);
  EXPECT_FALSE(errors.empty());  // « groupe-situation » overflows
}

TEST(Reduction, CheckDecidesEveryRequestAsAuthorizeDoes) {
  auto f = MakeFixture({"charte.cedar"}, {"schema.cedarschema"}, true);
  CompareWithoutReduction(f.get());
}

TEST(Reduction, DiffDecidesEveryRequestAsAuthorizeDoes) {
  auto f = MakeFixture({"charte.cedar", "charte_v2.cedar"}, {"schema.cedarschema"}, false);
  f->input.keep_principal = true;
  CompareWithoutReduction(f.get());
}

TEST(Reduction, DiffWithTwoSchemasDecidesEveryRequestAsAuthorizeDoes) {
  auto f = MakeFixture({"charte.cedar", "charte_v3.cedar"},
                       {"schema.cedarschema", "schema_v3.cedarschema"}, false);
  f->input.keep_principal = true;
  CompareWithoutReduction(f.get());
}

TEST(Reduction, ChecksSkipOnlySlicesNoInvariantMatches) {
  auto f = MakeFixture({"charte.cedar"}, {"schema.cedarschema"}, true);
  // « groupe-rien-aux-tiers » alone: only groupe:lire_situation is enumerated.
  f->input.invariants = {&f->invariants->policies()[2]};
  RecordingSink naive_sink(f->input.invariants.size());
  ASSERT_THAT(EnumerateWithoutReduction(f->input, &naive_sink), IsOk());
  f->input.only_where_invariants_apply = true;
  std::vector<std::unique_ptr<LeafSink>> sinks;
  size_t n = f->input.invariants.size();
  ASSERT_THAT(Enumerate(f->input, [n] { return std::make_unique<RecordingSink>(n); }, &sinks), IsOk());
  std::set<int> enumerated;
  for (const auto& sink : sinks) {
    for (const Recorded& r : static_cast<const RecordingSink&>(*sink).leaves) enumerated.insert(r.slice);
  }
  EXPECT_LT(enumerated.size(), f->universe->slices().size());
  for (const Recorded& r : naive_sink.leaves) {
    if (enumerated.count(r.slice) > 0) continue;
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(r.outcome.matched[i] | r.outcome.failed[i], 0u);
  }
}

TEST(Reduction, CheckGivesTheSameVerdictsWithoutReduction) {
  CheckOptions options;
  options.schema = kData + "schema.cedarschema";
  options.policies = kData + "charte.cedar";
  options.invariants = kData + "invariants.cedar";
  options.roles = kData + "roles.textproto";
  options.bound = Bound::kReduced;
  absl::StatusOr<CheckResult> reduced = Check(options);
  options.reduce = false;
  absl::StatusOr<CheckResult> plain = Check(options);
  ASSERT_THAT(reduced, IsOk());
  ASSERT_THAT(plain, IsOk());
  ASSERT_EQ(reduced->invariants.size(), plain->invariants.size());
  for (size_t i = 0; i < plain->invariants.size(); ++i) {
    const InvariantResult& a = reduced->invariants[i];
    const InvariantResult& b = plain->invariants[i];
    EXPECT_EQ(a.matched, b.matched) << a.id;
    EXPECT_EQ(a.violations, b.violations) << a.id;
    EXPECT_EQ(a.errors, b.errors) << a.id;
  }
  EXPECT_EQ(reduced->requests, plain->requests);
}

}  // namespace
}  // namespace suivi::policy::analysis
