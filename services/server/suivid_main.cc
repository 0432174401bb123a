// suivid: the Suivi server. Flags to options, nothing else.

#include <iostream>

#include "CLI/CLI.hpp"
#include "core/common/log.h"
#include "services/server/server.h"

int main(int argc, char** argv) {
  CLI::App app{"suivid — serveur Suivi (gRPC sur mTLS)"};
  suivi::server::ServerOptions options;
  app.add_option("--data_dir", options.data_dir, "Répertoire des données chiffrées")->required();
  app.add_option("--key_dir", options.key_dir, "Répertoire des clés, hors des données")->required();
  app.add_option("--listen", options.listen, "Adresse d'écoute hôte:port")->capture_default_str();
  app.add_option("--tls_cert", options.tls_cert, "Certificat du serveur (PEM)");
  app.add_option("--tls_key", options.tls_key, "Clé privée du serveur (PEM)");
  app.add_option("--client_ca", options.client_ca, "Autorités des certificats clients (PEM)");
  app.add_option("--issuing_ca_cert", options.issuing_ca_cert,
                 "Certificat de l'autorité qui émet les certificats enrôlés (PEM)");
  app.add_option("--issuing_ca_key", options.issuing_ca_key, "Clé de cette autorité (PEM)");
  app.add_option("--roles", options.roles_file, "Catalogue des rôles (textproto)");
  app.add_option("--charte_dir", options.charte_dir,
                 "Dossier de la charte en vigueur (défaut : la charte intégrée)");
  app.add_option("--bootstrap", options.bootstrap_files,
                 "Fichier d'amorçage d'un territoire (textproto), répétable");
  app.add_flag("--dev", options.dev,
               "Développement : PKI de développement et territoires de démonstration");
  app.add_option("--pki_dir", options.pki_dir, "Répertoire de la PKI de développement");
  CLI11_PARSE(app, argc, argv);
  suivi::SetLogProgramName("suivid");
  absl::Status status = suivi::server::RunServer(std::move(options));
  if (!status.ok()) {
    std::cerr << "suivid: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
