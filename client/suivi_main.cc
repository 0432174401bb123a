// suivi — the command-line client of suivid. Flags to options, options to
// the chosen command's action, its status to an exit code:
//
//   0  success
//   1  the server refused, or the connection or a local file failed
//      (message on stderr: "suivi: …")
//   2  bad usage (unknown command, missing or invalid option)

#include <grpc/support/log.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "client/cli_command.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// gRPC logs every failed handshake on stderr; the diagnosis says it
// better. GRPC_VERBOSITY set in the environment brings the logs back.
void QuietGrpcLogs() {
  if (std::getenv("GRPC_VERBOSITY") == nullptr) {
    gpr_set_log_function([](gpr_log_func_args*) {});
  }
}

const char* UsageKind(const CLI::Error& e);

// French labels for CLI11's help. Set before any subcommand is added: they
// share the formatter.
void FrenchHelp(CLI::App* app) {
  auto formatter = app->get_formatter();
  formatter->label("Usage", "Utilisation");
  formatter->label("OPTIONS", "OPTIONS");
  formatter->label("SUBCOMMAND", "COMMANDE");
  formatter->label("SUBCOMMANDS", "COMMANDES");
  formatter->label("Subcommands", "Commandes");
  formatter->label("Options", "Options");
  formatter->label("Positionals", "Arguments");
  formatter->label("REQUIRED", "OBLIGATOIRE");
  formatter->label("TEXT", "TEXTE");
  formatter->label("FLOAT", "NOMBRE");
  formatter->label("INT", "ENTIER");
  formatter->label("Needs", "Nécessite");
  formatter->label("Excludes", "Exclut");
  app->set_help_flag("-h,--help", "Affiche cette aide");
  app->failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("suivi: ") + UsageKind(e) + e.what() +
           "\nAide : suivi --help, ou suivi COMMANDE --help\n";
  });
}

// A French gloss before CLI11's (English) detail.
const char* UsageKind(const CLI::Error& e) {
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    return "il manque une option ou une commande : ";
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    return "arguments en trop : ";
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr ||
      dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    return "valeur invalide : ";
  }
  return "";
}

// Lists every subcommand under "Commandes" in the help.
void GroupCommands(CLI::App* app) {
  for (CLI::App* sub : app->get_subcommands({})) {
    sub->group("Commandes");
    GroupCommands(sub);
  }
}

void AddGlobalOptions(CLI::App* app, suivi::client::cli::GlobalOptions* o) {
  app->add_option("--config", o->config_dir,
                  "Dossier de configuration (défaut : $SUIVI_CONFIG, sinon "
                  "~/.config/suivi)");
  app->add_option("--serveur", o->overrides.server,
                  "Adresse du serveur hôte:port");
  app->add_option("--certificat", o->overrides.certificate_path,
                  "Votre certificat (PEM)");
  app->add_option("--cle", o->overrides.key_path, "Votre clé privée (PEM)");
  app->add_option("--ca", o->overrides.ca_path,
                  "Certificat de l'autorité du serveur (PEM)");
  app->add_option("--delai", o->deadline_seconds,
                  "Délai de réponse du serveur, en secondes (défaut : 10)")
      ->check(CLI::PositiveNumber);
  app->add_flag("--json", o->json, "Affiche les réponses en JSON");
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = suivi::client::cli;
  QuietGrpcLogs();
  CLI::App app{"suivi — client du serveur Suivi", "suivi"};
  // Global options are accepted after the command too.
  app.fallthrough();
  FrenchHelp(&app);
  cli::GlobalOptions options;
  AddGlobalOptions(&app, &options);
  cli::Action action;
  cli::AddSessionCommands(&app, &action);
  cli::AddDirectoryCommands(&app, &action);
  cli::AddAdminCommands(&app, &action);
  cli::AddCertificateRequestCommand(&app, &action);
  app.require_subcommand(1);
  GroupCommands(&app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  cli::CommandContext context(&options, &std::cout, &std::cerr);
  const absl::Status status = action(context);
  if (!status.ok()) {
    std::cerr << "suivi: " << status.message() << "\n";
    return kExitFailure;
  }
  return 0;
}
