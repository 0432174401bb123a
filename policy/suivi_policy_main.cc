// policy/suivi_policy_main.cc
//
// suivi-policy authorize --policies P.cedar --entities E.json --request-json R.json
// prints {"decision": ..., "reasons": [...], "errors": [...]}. Exit 0 for a
// decision, 1 on a parse or read error (message in French on stderr).

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "policy/authorizer.h"
#include "policy/request.h"

namespace {

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

int RunAuthorize(const AuthorizeOptions& options) {
  namespace p = suivi::policy;
  auto policies = Load(options.policies, p::ParsePolicies);
  auto entities = Load(options.entities, p::ParseEntitiesJson);
  auto request = Load(options.request, p::ParseRequestJson);
  for (const absl::Status& s : {policies.status(), entities.status(), request.status()}) {
    if (!s.ok()) {
      std::cerr << "suivi-policy: " << s.message() << "\n";
      return 1;
    }
  }
  std::cout << p::ResponseToJson(p::Authorize(**policies, **entities, *request)) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"suivi-policy — le sous-ensemble Cedar de la charte"};
  app.require_subcommand(1);
  AuthorizeOptions options;
  CLI::App* authorize = app.add_subcommand("authorize", "Décide une requête");
  authorize->add_option("--policies", options.policies, "Politiques Cedar")->required();
  authorize->add_option("--entities", options.entities, "Entités (JSON Cedar)")->required();
  authorize->add_option("--request-json", options.request, "Requête (JSON Cedar)")->required();
  CLI11_PARSE(app, argc, argv);
  return RunAuthorize(options);
}
