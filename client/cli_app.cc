#include "client/cli_app.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace suivi::client::cli {
namespace {

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

// Lists every subcommand under "Commandes" in the help.
void GroupCommands(CLI::App* app) {
  for (CLI::App* sub : app->get_subcommands({})) {
    sub->group("Commandes");
    GroupCommands(sub);
  }
}

void AddFinaliteOption(CLI::App* app, GlobalOptions* o) {
  app->add_option_function<std::string>(
         "--finalite",
         [o](const std::string& id) {
           const absl::StatusOr<Finalite> finalite = ParseFinalite(id);
           if (finalite.ok()) o->finalite = *finalite;
         },
         absl::StrCat("Finalité déclarée au serveur pour cette commande : ",
                      FinaliteIds(),
                      " (défaut : celle de la commande, dans son aide)"))
      ->check(FinaliteChoice())
      ->type_name("FINALITE");
}

void AddGlobalOptions(CLI::App* app, GlobalOptions* o) {
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
  AddFinaliteOption(app, o);
  app->add_flag("--json", o->json, "Affiche les réponses en JSON");
}

}  // namespace

void DeclareCommandLine(CLI::App* app, GlobalOptions* options,
                        ChosenCommand* chosen) {
  app->fallthrough();
  FrenchHelp(app);
  AddGlobalOptions(app, options);
  AddSessionCommands(app, chosen);
  AddDirectoryCommands(app, chosen);
  AddAdminCommands(app, chosen);
  AddPersonneCommands(app, chosen);
  AddCertificateRequestCommand(app, chosen);
  app->require_subcommand(1);
  GroupCommands(app);
}

}  // namespace suivi::client::cli
