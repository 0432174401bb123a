// policy/suivi_policy_main.cc
//
// suivi-policy, the charte's tools:
//   authorize --policies P.cedar --entities E.json --request-json R.json [--schema S]
//     prints {"decision": ..., "reasons": [...], "errors": [...]};
//   explain (same inputs) says why, in plain French;
//   validate --policies P.cedar --schema S checks the policies against the
//     schema as Cedar's validator (strict mode) does;
//   check --schema S --policies P --invariants I --roles R [--borne B]
//     checks the invariants on every request of a bounded universe;
//   diff --schema S --roles R OLD NEW lists what NEW allows that OLD
//     denied, and the reverse (policy/analysis/).
// With --schema, the entities and the request must conform to the schema
// (as the Cedar CLI checks them). Exit 0 for a decision or a valid charte,
// 1 otherwise (messages in French on stderr). check and diff: 0 when the
// invariants hold / the versions agree, 1 when not, 2 on bad input.

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/analysis/check.h"
#include "policy/analysis/diff.h"
#include "policy/authorizer.h"
#include "policy/explain.h"
#include "policy/policy_set.h"
#include "policy/request.h"
#include "policy/schema.h"
#include "policy/schema_conformance.h"
#include "policy/validator.h"

namespace {

namespace p = suivi::policy;
namespace analysis = suivi::policy::analysis;

// The files named on the command line; empty when not given.
struct Paths {
  std::string policies;
  std::string entities;
  std::string request;
  std::string schema;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("impossible de lire ", path));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Parses `text`, read from `path`, naming the file in the error.
template <typename Parse>
auto ParseFrom(const std::string& path, const std::string& text, Parse parse)
    -> decltype(parse(absl::string_view())) {
  auto parsed = parse(text);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " : ", parsed.status().message()));
  }
  return parsed;
}

template <typename Parse>
auto Load(const std::string& path, Parse parse) -> decltype(parse(absl::string_view())) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseFrom(path, *text, parse);
}

struct DecisionInputs {
  std::string policy_text;
  std::shared_ptr<const p::PolicySet> policies;
  std::shared_ptr<const p::Entities> entities;
  p::Request request;
};

absl::StatusOr<DecisionInputs> LoadDecisionInputs(const Paths& paths) {
  DecisionInputs in;
  ASSIGN_OR_RETURN(in.policy_text, ReadFile(paths.policies));
  ASSIGN_OR_RETURN(in.policies, ParseFrom(paths.policies, in.policy_text, p::ParsePolicies));
  if (paths.schema.empty()) {
    ASSIGN_OR_RETURN(in.entities, Load(paths.entities, [](absl::string_view json) {
                       return p::ParseEntitiesJson(json);
                     }));
    ASSIGN_OR_RETURN(in.request, Load(paths.request, [](absl::string_view json) {
                       return p::ParseRequestJson(json);
                     }));
    return in;
  }
  // Read as the schema says, and refused unless they conform to it.
  ASSIGN_OR_RETURN(std::shared_ptr<const p::Schema> schema, Load(paths.schema, p::ParseSchema));
  ASSIGN_OR_RETURN(in.entities, Load(paths.entities, [&](absl::string_view json) {
                     return p::ParseEntitiesJson(json, *schema);
                   }));
  ASSIGN_OR_RETURN(in.request, Load(paths.request, [&](absl::string_view json) {
                     return p::ParseRequestJson(json, *schema);
                   }));
  return in;
}

int Fail(const absl::Status& status) {
  std::cerr << "suivi-policy: " << status.message() << "\n";
  return 1;
}

int RunAuthorize(const Paths& paths) {
  absl::StatusOr<DecisionInputs> in = LoadDecisionInputs(paths);
  if (!in.ok()) return Fail(in.status());
  std::cout << p::ResponseToJson(p::Authorize(*in->policies, *in->entities, in->request)) << "\n";
  return 0;
}

int RunExplain(const Paths& paths) {
  absl::StatusOr<DecisionInputs> in = LoadDecisionInputs(paths);
  if (!in.ok()) return Fail(in.status());
  p::Explanation explanation = p::Explain(*in->policies, *in->entities, in->request);
  std::cout << p::ExplanationToFrench(explanation, in->request, in->policy_text);
  return 0;
}

// « pm-lecture » (policy0), or policy0 without @id.
std::string PolicyLabel(const p::PolicySet& policies, const std::string& id) {
  for (const p::Policy& policy : policies.policies()) {
    if (policy.id != id) continue;
    for (const auto& [key, value] : policy.annotations) {
      if (key == "id") return absl::StrCat("« ", value, " » (", id, ")");
    }
  }
  return id;
}

void PrintIssues(const Paths& paths, const p::PolicySet& policies,
                 const std::vector<p::ValidationIssue>& issues, const char* kind) {
  for (const p::ValidationIssue& issue : issues) {
    std::cout << paths.policies << ", ligne " << issue.line << ", colonne " << issue.column << " : "
              << kind << " : " << PolicyLabel(policies, issue.policy_id) << " : " << issue.message
              << "\n";
  }
}

int RunValidate(const Paths& paths) {
  absl::StatusOr<std::shared_ptr<const p::PolicySet>> policies =
      Load(paths.policies, p::ParsePolicies);
  if (!policies.ok()) return Fail(policies.status());
  absl::StatusOr<std::shared_ptr<const p::Schema>> schema = Load(paths.schema, p::ParseSchema);
  if (!schema.ok()) return Fail(schema.status());
  const p::ValidationResult result = p::Validate(**schema, **policies);
  PrintIssues(paths, **policies, result.errors, "erreur");
  PrintIssues(paths, **policies, result.warnings, "avertissement");
  const size_t count = (*policies)->policies().size();
  if (!result.ok()) {
    std::cout << "Non valide : " << result.errors.size() << " erreur(s) dans " << paths.policies
              << " au regard du schéma " << paths.schema << ".\n";
    return 1;
  }
  std::cout << "Valide : les " << count << " règles de " << paths.policies
            << " sont conformes au schéma " << paths.schema << ".\n";
  return 0;
}

void AddDecisionOptions(CLI::App* command, Paths* paths) {
  command->add_option("--policies", paths->policies, "Politiques Cedar")->required();
  command->add_option("--entities", paths->entities, "Entités (JSON Cedar)")->required();
  command->add_option("--request-json", paths->request, "Requête (JSON Cedar)")->required();
  command->add_option("--schema", paths->schema,
                      "Schéma Cedar : les entités et la requête doivent s'y conformer");
}

// check and diff: a failure to read or enumerate is bad input.
constexpr int kBadInput = 2;

int RunCheck(const analysis::CheckOptions& options) {
  absl::StatusOr<analysis::CheckResult> result = analysis::Check(options);
  if (!result.ok()) {
    Fail(result.status());
    return kBadInput;
  }
  std::cout << analysis::FormatCheck(*result, options);
  return result->ok() ? 0 : 1;
}

int RunDiff(const analysis::DiffOptions& options) {
  absl::StatusOr<analysis::DiffResult> result = analysis::Diff(options);
  if (!result.ok()) {
    Fail(result.status());
    return kBadInput;
  }
  std::cout << analysis::FormatDiff(*result, options);
  return analysis::DiffExitStatus(*result, options);
}

// The options check and diff share.
template <typename Options>
void AddBoundOptions(CLI::App* command, Options* options) {
  const std::map<std::string, analysis::Bound> bounds = {{"complete", analysis::Bound::kComplete},
                                                         {"reduite", analysis::Bound::kReduced}};
  command->add_option("--roles", options->roles, "Catalogue des rôles (roles.textproto)")->required();
  command->add_option("--borne", options->bound, "Borne : complete (par défaut) ou reduite")
      ->transform(CLI::CheckedTransformer(bounds, CLI::ignore_case))
      ->option_text("complete|reduite");
  command->add_option("--fils", options->threads, "Fils d'exécution (2 par défaut)")
      ->check(CLI::Range(1, 64))
      ->option_text("N");
  command->add_flag("--sans-reduction", [options](int64_t) { options->reduce = false; },
                    "Chaque requête décidée une à une, sans réduction (lent : petites bornes)");
  command->footer(analysis::BoundHelp());
}

CLI::App* AddCheck(CLI::App* app, analysis::CheckOptions* options) {
  CLI::App* check = app->add_subcommand(
      "check", "Vérifie les invariants sur chaque requête d'une borne (vérifié dans la borne, pas prouvé)");
  check->add_option("--schema", options->schema, "Schéma Cedar de la charte")->required();
  check->add_option("--policies", options->policies, "Charte (politiques Cedar)")->required();
  check->add_option("--invariants", options->invariants, "Invariants (politiques Cedar)")->required();
  check->add_option("--contre-exemples", options->examples, "Contre-exemples par invariant (3)")
      ->check(CLI::Range(1, 100))
      ->option_text("N");
  AddBoundOptions(check, options);
  return check;
}

CLI::App* AddDiff(CLI::App* app, analysis::DiffOptions* options) {
  CLI::App* diff = app->add_subcommand(
      "diff", "Ce que NEW autorise et qu'OLD refusait (élargit), et l'inverse (restreint)");
  diff->add_option("--schema", options->schema, "Schéma Cedar (d'OLD, et de NEW par défaut)")->required();
  diff->add_option("--schema-nouveau", options->new_schema, "Schéma de NEW, s'il a le sien");
  diff->add_option("OLD", options->old_policies, "Ancienne version (politiques Cedar)")->required();
  diff->add_option("NEW", options->new_policies, "Nouvelle version (politiques Cedar)")->required();
  diff->add_flag("--elargissements-seuls", options->widening_only,
                 "Statut 1 seulement si NEW élargit l'accès");
  diff->add_option("--groupes", options->max_groups, "Groupes affichés par sens (200)")
      ->check(CLI::Range(1, 1000000))
      ->option_text("N");
  AddBoundOptions(diff, options);
  return diff;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"suivi-policy — le sous-ensemble Cedar de la charte"};
  app.require_subcommand(1);
  Paths paths;
  CLI::App* authorize = app.add_subcommand("authorize", "Décide une requête (réponse JSON)");
  AddDecisionOptions(authorize, &paths);
  CLI::App* explain =
      app.add_subcommand("explain", "Explique en clair pourquoi une requête est autorisée ou refusée");
  AddDecisionOptions(explain, &paths);
  CLI::App* validate =
      app.add_subcommand("validate", "Vérifie les politiques au regard du schéma (validateur Cedar)");
  validate->add_option("--policies", paths.policies, "Politiques Cedar")->required();
  validate->add_option("--schema", paths.schema, "Schéma Cedar")->required();
  analysis::CheckOptions check_options;
  CLI::App* check = AddCheck(&app, &check_options);
  analysis::DiffOptions diff_options;
  CLI::App* diff = AddDiff(&app, &diff_options);
  CLI11_PARSE(app, argc, argv);
  if (check->parsed()) return RunCheck(check_options);
  if (diff->parsed()) return RunDiff(diff_options);
  if (explain->parsed()) return RunExplain(paths);
  if (validate->parsed()) return RunValidate(paths);
  return RunAuthorize(paths);
}
