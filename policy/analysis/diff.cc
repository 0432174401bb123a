// policy/analysis/diff.cc

#include "policy/analysis/diff.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/common/status_macros.h"
#include "policy/analysis/inputs.h"

namespace suivi::policy::analysis {
namespace {

// (slice, role, classe, finalité): the order groups are printed in.
using GroupKey = std::tuple<int, std::string, int, int>;
using Groups = std::map<GroupKey, DiffGroup>;

class DiffSink : public LeafSink {
 public:
  explicit DiffSink(const Universe& universe) : universe_(universe) {}

  void OnLeaf(const Leaf& leaf) override {
    uint64_t widened = leaf.allowed[1] & ~leaf.allowed[0];
    uint64_t restricted = leaf.allowed[0] & ~leaf.allowed[1];
    if ((widened | restricted) == 0) return;
    std::string role = universe_.RoleLabel(universe_.slices()[leaf.slice], leaf.values);
    Add(leaf, widened, role, &widened_);
    Add(leaf, restricted, role, &restricted_);
  }

  void OnCharteError(int, const Policy&, int, absl::Span<const int>, int,
                     const std::string&) override {}

  // Adds this unit's groups to `widened` and `restricted`; a group's example
  // stays the first one found.
  void MergeInto(Groups* widened, Groups* restricted) const {
    Merge(widened_, widened);
    Merge(restricted_, restricted);
  }

 private:
  void Add(const Leaf& leaf, uint64_t contexts, const std::string& role, Groups* groups) {
    for (int context : Bits(contexts, 64)) {
      GroupKey key(leaf.slice, role, universe_.ClasseOf(context), universe_.FinaliteOf(context));
      auto [it, inserted] = groups->try_emplace(key);
      it->second.count += leaf.weight;
      if (inserted) {
        it->second.example =
            RequestRef{leaf.slice, std::vector<int>(leaf.values.begin(), leaf.values.end()), context};
      }
    }
  }

  static void Merge(const Groups& from, Groups* to) {
    for (const auto& [key, group] : from) {
      auto [it, inserted] = to->try_emplace(key, group);
      if (!inserted) it->second.count += group.count;
    }
  }

  const Universe& universe_;
  Groups widened_;
  Groups restricted_;
};

struct DiffInputs {
  std::vector<std::shared_ptr<const Schema>> schemas;
  std::shared_ptr<const PolicySet> before;
  std::shared_ptr<const PolicySet> after;
  std::unique_ptr<const Universe> universe;
};

absl::StatusOr<DiffInputs> LoadInputs(const DiffOptions& options) {
  DiffInputs in;
  ASSIGN_OR_RETURN(in.schemas.emplace_back(), LoadSchema(options.schema));
  if (!options.new_schema.empty()) {
    ASSIGN_OR_RETURN(in.schemas.emplace_back(), LoadSchema(options.new_schema));
  }
  ASSIGN_OR_RETURN(in.before, LoadValidPolicies(options.old_policies, *in.schemas.front()));
  ASSIGN_OR_RETURN(in.after, LoadValidPolicies(options.new_policies, *in.schemas.back()));
  std::vector<const Schema*> schemas;
  for (const auto& schema : in.schemas) schemas.push_back(schema.get());
  ASSIGN_OR_RETURN(std::vector<CatalogueRole> roles, LoadRoles(options.roles, schemas));
  ASSIGN_OR_RETURN(in.universe, Universe::Build(schemas, roles, options.bound));
  return in;
}

absl::Status Run(const DiffInputs& in, const DiffOptions& options, Groups* widened,
                 Groups* restricted, EnumerationStats* stats) {
  EnumerationInput input;
  input.universe = in.universe.get();
  for (const auto& schema : in.schemas) input.schemas.push_back(schema.get());
  int new_schema = static_cast<int>(in.schemas.size()) - 1;
  input.chartes = {CharteVersion{in.before.get(), 0}, CharteVersion{in.after.get(), new_schema}};
  input.keep_principal = true;
  input.threads = options.threads;
  std::vector<std::unique_ptr<LeafSink>> sinks;
  auto make_sink = [&] { return std::make_unique<DiffSink>(*in.universe); };
  if (options.reduce) {
    ASSIGN_OR_RETURN(*stats, Enumerate(input, make_sink, &sinks));
  } else {
    sinks.push_back(make_sink());
    ASSIGN_OR_RETURN(*stats, EnumerateWithoutReduction(input, sinks.back().get()));
  }
  for (const auto& sink : sinks) static_cast<const DiffSink&>(*sink).MergeInto(widened, restricted);
  return absl::OkStatus();
}

// The groups in order, their examples described and decided by both
// versions. INTERNAL when Authorize does not confirm a difference.
absl::StatusOr<std::vector<DiffGroup>> Finish(const DiffInputs& in, const Groups& groups,
                                              bool widened, uint64_t* total) {
  const Universe& universe = *in.universe;
  std::vector<DiffGroup> out;
  for (const auto& [key, g] : groups) {
    DiffGroup group = g;
    const Slice& slice = universe.slices()[std::get<0>(key)];
    group.action = slice.action.id;
    group.role = std::get<1>(key);
    group.resource_type = slice.resource_type;
    group.classe = universe.classes()[std::get<2>(key)];
    group.finalite = universe.finalites()[std::get<3>(key)];
    group.description = universe.Describe(slice, group.example.values, group.example.context);
    ASSIGN_OR_RETURN(group.before, Decide(universe, group.example, *in.before, 0));
    int new_schema = static_cast<int>(in.schemas.size()) - 1;
    ASSIGN_OR_RETURN(group.after, Decide(universe, group.example, *in.after, new_schema));
    if (group.after.allowed != widened || group.before.allowed == widened) {
      return absl::InternalError(
          absl::StrCat("incohérence : Authorize ne confirme pas la différence sur ", group.description));
    }
    *total += group.count;
    out.push_back(std::move(group));
  }
  return out;
}

}  // namespace

absl::StatusOr<DiffResult> Diff(const DiffOptions& options) {
  auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(DiffInputs in, LoadInputs(options));
  DiffResult result;
  Groups widened, restricted;
  RETURN_IF_ERROR(Run(in, options, &widened, &restricted, &result.stats));
  ASSIGN_OR_RETURN(result.widened, Finish(in, widened, true, &result.widened_requests));
  ASSIGN_OR_RETURN(result.restricted, Finish(in, restricted, false, &result.restricted_requests));
  result.requests = in.universe->RequestCount();
  result.bound = in.universe->Description();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

namespace {

void FormatGroups(const std::vector<DiffGroup>& groups, const char* sign, int max_groups,
                  std::string* out) {
  int shown = 0;
  for (const DiffGroup& g : groups) {
    if (shown++ == max_groups) {
      absl::StrAppend(out, "  … et ", Count(groups.size() - static_cast<size_t>(max_groups)),
                      " autres groupes.\n");
      break;
    }
    absl::StrAppend(out, "  ", sign, " « ", g.action, " », rôle « ", g.role, " », ", g.resource_type,
                    ", classe « ", g.classe, " », finalité « ", g.finalite, " » : ", Count(g.count),
                    " requêtes\n");
    absl::StrAppend(out, "      par exemple : ", g.description, "\n");
    absl::StrAppend(out, "      ancienne : ", VerdictText(g.before), " ; nouvelle : ",
                    VerdictText(g.after), "\n");
  }
}

void FormatSummary(const DiffResult& r, const DiffOptions& options, std::string* out) {
  if (r.identical()) {
    absl::StrAppend(out, "Aucune différence : les deux versions décident de même les ",
                    Count(r.requests), " requêtes de la borne.\n");
  } else {
    absl::StrAppend(out, "Résumé : la nouvelle version élargit l'accès sur ", Count(r.widened_requests),
                    " requêtes (", r.widened.size(), " groupes) et le restreint sur ",
                    Count(r.restricted_requests), " requêtes (", r.restricted.size(),
                    " groupes), sur ", Count(r.requests), " requêtes de la borne.\n");
  }
  absl::StrAppend(out, r.bound, "Parcours : ", Count(r.stats.leaves), " points énumérés, ",
                  Count(r.stats.evaluations), " évaluations de règles",
                  options.reduce ? "" : " (sans réduction)",
                  absl::StrFormat(" ; %.1f s, %d fil(s).\n", r.seconds, options.threads));
}

}  // namespace

std::string FormatDiff(const DiffResult& result, const DiffOptions& options) {
  std::string out = absl::StrCat("Différences entre ", options.old_policies, " (ancienne) et ",
                                 options.new_policies, " (nouvelle) :\n\n");
  absl::StrAppend(&out, "Élargissements (élargit) — la nouvelle version autorise ce que l'ancienne "
                  "refusait : ", Count(result.widened_requests), " requêtes, ",
                  result.widened.size(), " groupes\n");
  FormatGroups(result.widened, "+", options.max_groups, &out);
  absl::StrAppend(&out, "\nRestrictions (restreint) — la nouvelle version refuse ce que l'ancienne "
                  "autorisait : ", Count(result.restricted_requests), " requêtes, ",
                  result.restricted.size(), " groupes\n");
  FormatGroups(result.restricted, "-", options.max_groups, &out);
  out += "\n";
  FormatSummary(result, options, &out);
  return out;
}

int DiffExitStatus(const DiffResult& result, const DiffOptions& options) {
  if (options.widening_only) return result.widened_requests == 0 ? 0 : 1;
  return result.identical() ? 0 : 1;
}

}  // namespace suivi::policy::analysis
