// `suivi demande-certificat`: a user makes their own key and a
// certificate signing request for their administrator. No server call.

#include <memory>
#include <string>

#include "client/cli_command.h"
#include "client/cli_credentials.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {
namespace {

namespace fs = std::filesystem;

struct RequestOptions {
  std::string user;
  std::string dir;
};

absl::Status RunCertificateRequest(CommandContext& ctx,
                                   const RequestOptions& o) {
  const fs::path dir = o.dir;
  RETURN_IF_ERROR(PrepareKeyDirectory(dir));
  ASSIGN_OR_RETURN(const KeyAndCsr credentials, NewKeyAndCsr(o.user));
  const fs::path key = dir / kKeyFile;
  const fs::path csr = dir / kCsrFile;
  RETURN_IF_ERROR(WriteFile(key, credentials.key_pem, /*secret=*/true));
  RETURN_IF_ERROR(WriteFile(csr, credentials.csr_pem, /*secret=*/false));
  if (ctx.json()) {
    PrintJsonObject(ctx.out(),
                    {{"cle", key.string()}, {"demande", csr.string()}});
    return absl::OkStatus();
  }
  PrintFields(ctx.out(), {{"Clé privée", key.string()},
                          {"Demande de certificat", csr.string()}});
  ctx.out()
      << "\nRemettez le fichier " << kCsrFile
      << " à l'administrateur de votre territoire ; la clé privée ne doit "
         "jamais quitter ce poste.\nIl vous renverra certificat.pem et "
         "ca.pem : placez-les dans "
      << dir.string()
      << " avec un fichier « serveur » (une ligne hôte:port), puis utilisez "
         "« suivi --config "
      << dir.string() << " … ».\n";
  return absl::OkStatus();
}

}  // namespace

void AddCertificateRequestCommand(CLI::App* app, ChosenCommand* slot) {
  auto o = std::make_shared<RequestOptions>();
  CLI::App* cmd = app->add_subcommand(
      "demande-certificat",
      "Crée votre clé privée et une demande de certificat à remettre à "
      "l'administrateur");
  cmd->add_option("--utilisateur", o->user, "Votre identifiant d'utilisateur")
      ->required();
  cmd->add_option("--sortie", o->dir,
                  "Dossier où écrire cle.pem et demande.csr (créé, 0700)")
      ->required();
  OnRun(cmd, slot, std::nullopt,
        [o](CommandContext& ctx) { return RunCertificateRequest(ctx, *o); });
}

}  // namespace suivi::client::cli
