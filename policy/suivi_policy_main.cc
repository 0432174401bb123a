// policy/suivi_policy_main.cc
//
// suivi-policy, the charte's tools:
//   authorize --policies P.cedar --entities E.json --request-json R.json
//     prints {"decision": ..., "reasons": [...], "errors": [...]};
//   explain (same inputs) says why, in plain French.
// Exit 0 for a decision, 1 on a parse or read error (message in French on
// stderr).

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/authorizer.h"
#include "policy/explain.h"
#include "policy/request.h"

namespace {

// The inputs of one decision (authorize, explain).
struct AuthorizeOptions {
  // Cedar policy text. Required.
  std::string policies;
  // Cedar JSON entities. Required.
  std::string entities;
  // Cedar JSON request. Required.
  std::string request;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("impossible de lire ", path));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Reads and parses one input, naming the file in the error.
template <typename Parse>
auto Load(const std::string& path, Parse parse) -> decltype(parse(absl::string_view())) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto parsed = parse(*text);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " : ", parsed.status().message()));
  }
  return parsed;
}

namespace p = suivi::policy;

struct DecisionInputs {
  std::string policy_text;
  std::shared_ptr<const p::PolicySet> policies;
  std::shared_ptr<const p::Entities> entities;
  p::Request request;
};

absl::StatusOr<DecisionInputs> LoadDecisionInputs(const AuthorizeOptions& options) {
  DecisionInputs in;
  ASSIGN_OR_RETURN(in.policy_text, ReadFile(options.policies));
  ASSIGN_OR_RETURN(in.policies, Load(options.policies, p::ParsePolicies));
  ASSIGN_OR_RETURN(in.entities, Load(options.entities, p::ParseEntitiesJson));
  ASSIGN_OR_RETURN(in.request, Load(options.request, p::ParseRequestJson));
  return in;
}

int Fail(const absl::Status& status) {
  std::cerr << "suivi-policy: " << status.message() << "\n";
  return 1;
}

int RunAuthorize(const AuthorizeOptions& options) {
  absl::StatusOr<DecisionInputs> in = LoadDecisionInputs(options);
  if (!in.ok()) return Fail(in.status());
  std::cout << p::ResponseToJson(p::Authorize(*in->policies, *in->entities, in->request)) << "\n";
  return 0;
}

int RunExplain(const AuthorizeOptions& options) {
  absl::StatusOr<DecisionInputs> in = LoadDecisionInputs(options);
  if (!in.ok()) return Fail(in.status());
  p::Explanation explanation = p::Explain(*in->policies, *in->entities, in->request);
  std::cout << p::ExplanationToFrench(explanation, in->request, in->policy_text);
  return 0;
}

void AddDecisionOptions(CLI::App* command, AuthorizeOptions* options) {
  command->add_option("--policies", options->policies, "Politiques Cedar")->required();
  command->add_option("--entities", options->entities, "Entités (JSON Cedar)")->required();
  command->add_option("--request-json", options->request, "Requête (JSON Cedar)")->required();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"suivi-policy — le sous-ensemble Cedar de la charte"};
  app.require_subcommand(1);
  AuthorizeOptions options;
  CLI::App* authorize = app.add_subcommand("authorize", "Décide une requête (réponse JSON)");
  AddDecisionOptions(authorize, &options);
  CLI::App* explain =
      app.add_subcommand("explain", "Explique en clair pourquoi une requête est autorisée ou refusée");
  AddDecisionOptions(explain, &options);
  CLI11_PARSE(app, argc, argv);
  if (explain->parsed()) return RunExplain(options);
  return RunAuthorize(options);
}
