// policy/analysis/check.cc

#include "policy/analysis/check.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/common/status_macros.h"
#include "policy/analysis/inputs.h"

namespace suivi::policy::analysis {
namespace {

// What one unit of the enumeration found, merged in unit order.
class CheckSink : public LeafSink {
 public:
  CheckSink(const std::vector<bool>& forbid, int examples)
      : forbid_(forbid), examples_(examples), invariants_(forbid.size()) {}

  void OnLeaf(const Leaf& leaf) override {
    for (size_t i = 0; i < invariants_.size(); ++i) {
      uint64_t matched = leaf.matched[i];
      uint64_t failed = leaf.failed[i];
      if ((matched | failed) == 0) continue;
      InvariantResult& r = invariants_[i];
      uint64_t wrong = matched & (forbid_[i] ? leaf.allowed[0] : ~leaf.allowed[0]);
      r.matched += Popcount(matched) * leaf.weight;
      r.violations += Popcount(wrong) * leaf.weight;
      r.errors += Popcount(failed) * leaf.weight;
      Keep(leaf, wrong, &r.counterexamples);
      Keep(leaf, failed, &r.error_examples);
    }
  }

  void OnCharteError(int, const Policy& policy, int slice, absl::Span<const int> values,
                     int context, const std::string& message) override {
    CharteError error;
    error.policy = PolicyName(policy);
    error.message = message;
    error.example.request = RequestRef{slice, std::vector<int>(values.begin(), values.end()), context};
    charte_errors_.push_back(std::move(error));
  }

  // Adds what this unit found to `result`, keeping the first examples.
  void MergeInto(CheckResult* result, int examples) const {
    for (size_t i = 0; i < invariants_.size(); ++i) {
      const InvariantResult& from = invariants_[i];
      InvariantResult& to = result->invariants[i];
      to.matched += from.matched;
      to.violations += from.violations;
      to.errors += from.errors;
      Append(from.counterexamples, examples, &to.counterexamples);
      Append(from.error_examples, examples, &to.error_examples);
    }
    for (const CharteError& error : charte_errors_) {
      bool known = false;
      for (const CharteError& e : result->charte_errors) known = known || e.policy == error.policy;
      if (!known) result->charte_errors.push_back(error);
    }
  }

 private:
  static uint64_t Popcount(uint64_t mask) { return static_cast<uint64_t>(__builtin_popcountll(mask)); }

  void Keep(const Leaf& leaf, uint64_t contexts, std::vector<Example>* out) const {
    int room = examples_ - static_cast<int>(out->size());
    if (room <= 0 || contexts == 0) return;
    for (int context : Bits(contexts, room)) {
      Example example;
      example.request = RequestRef{leaf.slice, std::vector<int>(leaf.values.begin(), leaf.values.end()),
                                   context};
      out->push_back(std::move(example));
    }
  }

  static void Append(const std::vector<Example>& from, int limit, std::vector<Example>* to) {
    for (const Example& e : from) {
      if (static_cast<int>(to->size()) < limit) to->push_back(e);
    }
  }

  const std::vector<bool>& forbid_;
  const int examples_;
  std::vector<InvariantResult> invariants_;
  std::vector<CharteError> charte_errors_;
};

absl::Status CheckAnnotations(const PolicySet& invariants, const std::string& path) {
  for (const Policy& policy : invariants.policies()) {
    if (Annotation(policy, "id").empty() || Annotation(policy, "description").empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ", ligne ", policy.line, " : l'invariant ", PolicyName(policy),
          " doit porter @id et @description"));
    }
  }
  return absl::OkStatus();
}

// The charte's decision on each example, in words; INTERNAL if Authorize
// disagrees with the enumeration (a reduction would then be unsound).
absl::Status Explain(const Universe& universe, const PolicySet& charte, InvariantResult* r) {
  for (Example& e : r->counterexamples) {
    const Slice& slice = universe.slices()[e.request.slice];
    e.description = universe.Describe(slice, e.request.values, e.request.context);
    ASSIGN_OR_RETURN(e.verdict, Decide(universe, e.request, charte, 0));
    if (e.verdict.allowed != r->forbid) {
      return absl::InternalError(absl::StrCat("incohérence : Authorize ne confirme pas le contre-exemple de ",
                                              r->id, " : ", e.description));
    }
  }
  return absl::OkStatus();
}

struct CheckInputs {
  std::shared_ptr<const Schema> schema;
  std::shared_ptr<const PolicySet> charte;
  std::shared_ptr<const PolicySet> invariants;
  std::unique_ptr<const Universe> universe;
};

absl::StatusOr<CheckInputs> LoadInputs(const CheckOptions& options) {
  CheckInputs in;
  ASSIGN_OR_RETURN(in.schema, LoadSchema(options.schema));
  ASSIGN_OR_RETURN(in.charte, LoadValidPolicies(options.policies, *in.schema));
  ASSIGN_OR_RETURN(in.invariants, LoadValidPolicies(options.invariants, *in.schema));
  RETURN_IF_ERROR(CheckAnnotations(*in.invariants, options.invariants));
  ASSIGN_OR_RETURN(std::vector<CatalogueRole> roles, LoadRoles(options.roles, {in.schema.get()}));
  ASSIGN_OR_RETURN(in.universe, Universe::Build({in.schema.get()}, roles, options.bound));
  return in;
}

CheckResult EmptyResult(const PolicySet& invariants) {
  CheckResult result;
  for (const Policy& policy : invariants.policies()) {
    InvariantResult r;
    r.id = Annotation(policy, "id");
    r.description = Annotation(policy, "description");
    r.forbid = policy.effect == Effect::kForbid;
    result.invariants.push_back(std::move(r));
  }
  return result;
}

absl::Status Run(const CheckInputs& in, const CheckOptions& options, CheckResult* result) {
  EnumerationInput input;
  input.universe = in.universe.get();
  input.schemas = {in.schema.get()};
  input.chartes = {CharteVersion{in.charte.get(), 0}};
  input.only_where_invariants_apply = true;
  input.threads = options.threads;
  std::vector<bool> forbid;
  for (const Policy& policy : in.invariants->policies()) {
    input.invariants.push_back(&policy);
    forbid.push_back(policy.effect == Effect::kForbid);
  }
  std::vector<std::unique_ptr<LeafSink>> sinks;
  auto make_sink = [&] { return std::make_unique<CheckSink>(forbid, options.examples); };
  if (options.reduce) {
    ASSIGN_OR_RETURN(result->stats, Enumerate(input, make_sink, &sinks));
  } else {
    sinks.push_back(make_sink());
    ASSIGN_OR_RETURN(result->stats, EnumerateWithoutReduction(input, sinks.back().get()));
  }
  for (const auto& sink : sinks) {
    static_cast<const CheckSink&>(*sink).MergeInto(result, options.examples);
  }
  return absl::OkStatus();
}

// Why each invariant that fails to evaluate fails, on its examples.
absl::Status ExplainErrors(const CheckInputs& in, const Policy& invariant, InvariantResult* r) {
  const Universe& universe = *in.universe;
  for (Example& e : r->error_examples) {
    const Slice& slice = universe.slices()[e.request.slice];
    e.description = universe.Describe(slice, e.request.values, e.request.context);
    ASSIGN_OR_RETURN(Entities store, universe.Store(slice, e.request.values, 0));
    absl::StatusOr<bool> outcome =
        Satisfied(invariant, store, universe.MakeRequest(slice, e.request.values, e.request.context));
    if (!outcome.ok()) e.error = std::string(outcome.status().message());
  }
  return absl::OkStatus();
}

}  // namespace

bool CheckResult::ok() const {
  for (const InvariantResult& r : invariants) {
    if (!r.holds()) return false;
  }
  return true;
}

absl::StatusOr<CheckResult> Check(const CheckOptions& options) {
  auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(CheckInputs in, LoadInputs(options));
  CheckResult result = EmptyResult(*in.invariants);
  RETURN_IF_ERROR(Run(in, options, &result));
  const Universe& universe = *in.universe;
  for (size_t i = 0; i < result.invariants.size(); ++i) {
    RETURN_IF_ERROR(Explain(universe, *in.charte, &result.invariants[i]));
    RETURN_IF_ERROR(ExplainErrors(in, in.invariants->policies()[i], &result.invariants[i]));
  }
  for (CharteError& e : result.charte_errors) {
    const RequestRef& ref = e.example.request;
    e.example.description = universe.Describe(universe.slices()[ref.slice], ref.values, ref.context);
  }
  result.requests = universe.RequestCount();
  result.bound = universe.Description();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

namespace {

void FormatOutcome(const InvariantResult& r, std::string* out) {
  if (r.matched == 0 && r.errors == 0) {
    absl::StrAppend(out, "    Aucune requête de la borne ne relève de cet invariant : il ne prouve rien.\n");
    return;
  }
  absl::StrAppend(out, "    ", Count(r.matched), " requêtes en relèvent ; ");
  if (r.matched == 0) {
    absl::StrAppend(out, "aucune sans erreur.\n");
  } else if (r.violations == 0) {
    absl::StrAppend(out, r.forbid ? "toutes refusées" : "toutes autorisées", ".\n");
  } else {
    absl::StrAppend(out, Count(r.violations),
                    r.forbid ? " autorisées alors qu'il les interdit" : " refusées alors qu'il les exige",
                    ".\n");
  }
  for (const Example& e : r.counterexamples) {
    absl::StrAppend(out, "    Contre-exemple : ", e.description, " → ", VerdictText(e.verdict), "\n");
  }
  if (r.errors == 0) return;
  absl::StrAppend(out, "    Son évaluation échoue sur ", Count(r.errors), " requêtes.\n");
  for (const Example& e : r.error_examples) {
    absl::StrAppend(out, "    Erreur (", e.error, ") sur : ", e.description, "\n");
  }
}

const char* Tag(const InvariantResult& r) {
  if (r.holds()) return "OK";
  if (r.matched == 0 && r.errors == 0) return "VIDE";
  return "ÉCHEC";
}

void FormatSummary(const CheckResult& result, const CheckOptions& options, std::string* out) {
  int failing = 0;
  for (const InvariantResult& r : result.invariants) failing += r.holds() ? 0 : 1;
  size_t count = result.invariants.size();
  if (failing == 0) {
    absl::StrAppend(out, "Vérifié dans la borne (checked within the bound) : ", Count(result.requests),
                    " requêtes, ", count,
                    " invariants — ce n'est pas une preuve au-delà de la borne.\n");
  } else {
    absl::StrAppend(out, "Non vérifié : ", failing, " invariant(s) sur ", count,
                    " en défaut dans la borne (", Count(result.requests), " requêtes).\n");
  }
  absl::StrAppend(out, result.bound);
  const EnumerationStats& s = result.stats;
  absl::StrAppend(out, "Parcours : ", s.slices, " couples (action, type de ressource) où un invariant "
                  "s'applique, ", Count(s.leaves), " points énumérés (chacun pour toutes les "
                  "finalités et classes), ", Count(s.evaluations), " évaluations de règles",
                  options.reduce ? "" : " (sans réduction)",
                  absl::StrFormat(" ; %.1f s, %d fil(s).\n", result.seconds, options.threads));
}

}  // namespace

std::string FormatCheck(const CheckResult& result, const CheckOptions& options) {
  std::string out = absl::StrCat("Invariants de ", options.invariants, " sur la charte ",
                                 options.policies, " (schéma ", options.schema, ", rôles ",
                                 options.roles, ") :\n\n");
  for (const InvariantResult& r : result.invariants) {
    absl::StrAppend(&out, Tag(r), " — ", r.id, " : ", r.description, "\n");
    FormatOutcome(r, &out);
  }
  for (const CharteError& e : result.charte_errors) {
    absl::StrAppend(&out, "\nAvertissement : la règle « ", e.policy,
                    " » de la charte échoue à l'évaluation (", e.message,
                    ") et ne s'applique alors pas, par exemple sur : ", e.example.description, "\n");
  }
  out += "\n";
  FormatSummary(result, options, &out);
  return out;
}

}  // namespace suivi::policy::analysis
