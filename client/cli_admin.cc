// `suivi admin`: enrolment and revocation of certificates.

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/cli_command.h"
#include "client/cli_credentials.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {
namespace {

namespace fs = std::filesystem;

// Enrolling, revoking and listing certificates administer the directory.
constexpr Finalite kAdminFinalite = Finalite::kAdministration;

struct EnrolOptions {
  std::string user;
  std::string csr_path;          // --csr
  std::string certificate_path;  // --certificat
  std::string new_dir;           // --nouveau-dossier
  std::string output;            // --sortie
};

// --csr: the server's CA issues the certificate; it goes to --sortie, or
// to stdout (then the summary goes to stderr).
absl::Status EnrolCsr(CommandContext& ctx, const EnrolOptions& o) {
  ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
  v1::EnrolCertificateRequest request;
  request.set_user_id(o.user);
  ASSIGN_OR_RETURN(*request.mutable_csr_pem(), ReadInputFile(o.csr_path));
  ASSIGN_OR_RETURN(const v1::EnrolCertificateResponse response,
                   client->EnrolCertificate(request));
  if (ctx.json()) {
    PrintJson(ctx.out(), response);
    if (!o.output.empty()) {
      return WriteFile(o.output, response.certificate_pem(), /*secret=*/false);
    }
    return absl::OkStatus();
  }
  if (o.output.empty()) {
    ctx.out() << response.certificate_pem();
    Print(ctx.err(), response.certificate());
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(WriteFile(o.output, response.certificate_pem(), false));
  Print(ctx.out(), response.certificate());
  ctx.out() << "\nCertificat écrit dans " << o.output
            << " : remettez-le à l'utilisateur avec le fichier ca.pem.\n";
  return absl::OkStatus();
}

// --certificat: records a certificate issued elsewhere.
absl::Status EnrolCertificate(CommandContext& ctx, const EnrolOptions& o) {
  ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
  v1::EnrolCertificateRequest request;
  request.set_user_id(o.user);
  ASSIGN_OR_RETURN(*request.mutable_certificate_pem(),
                   ReadInputFile(o.certificate_path));
  return Show(ctx, client->EnrolCertificate(request));
}

// --nouveau-dossier: a key and a CSR made here, enrolled, and a complete
// configuration directory for the user.
absl::Status EnrolNewDirectory(CommandContext& ctx, const EnrolOptions& o) {
  ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
  const fs::path dir = o.new_dir;
  RETURN_IF_ERROR(PrepareKeyDirectory(dir));
  ASSIGN_OR_RETURN(const KeyAndCsr credentials, NewKeyAndCsr(o.user));
  v1::EnrolCertificateRequest request;
  request.set_user_id(o.user);
  request.set_csr_pem(credentials.csr_pem);
  ASSIGN_OR_RETURN(const v1::EnrolCertificateResponse response,
                   client->EnrolCertificate(request));
  std::string ca_pem = response.ca_pem();
  if (ca_pem.empty()) {  // The CA that verifies the server for us will do.
    ASSIGN_OR_RETURN(ca_pem, ReadInputFile(client->config().ca_path));
  }
  RETURN_IF_ERROR(
      WriteFile(dir / kKeyFile, credentials.key_pem, /*secret=*/true));
  RETURN_IF_ERROR(
      WriteFile(dir / kCertificateFile, response.certificate_pem(), false));
  RETURN_IF_ERROR(WriteFile(dir / kCaFile, ca_pem, false));
  RETURN_IF_ERROR(
      WriteFile(dir / kServerFile, client->config().server + "\n", false));
  if (ctx.json()) {
    PrintJson(ctx.out(), response);
    return absl::OkStatus();
  }
  Print(ctx.out(), response.certificate());
  ctx.out() << "\nDossier de configuration prêt : " << dir.string()
            << "\nRemettez-le à l'utilisateur par un moyen sûr : cle.pem est "
               "sa clé privée. Il l'utilise avec « suivi --config DOSSIER … » "
               "ou SUIVI_CONFIG=DOSSIER.\n";
  return absl::OkStatus();
}

void AddEnrolCommand(CLI::App* admin, ChosenCommand* slot) {
  auto o = std::make_shared<EnrolOptions>();
  CLI::App* cmd = admin->add_subcommand(
      "enroler", "Enrôle un certificat pour un utilisateur");
  cmd->add_option("--utilisateur", o->user, "Utilisateur")->required();
  CLI::Option_group* source =
      cmd->add_option_group("source", "Une seule de ces options");
  CLI::Option* csr = source->add_option(
      "--csr", o->csr_path,
      "Demande de certificat (PEM) : l'autorité du serveur délivre le "
      "certificat");
  source->add_option("--certificat", o->certificate_path,
                     "Certificat délivré ailleurs, à enregistrer");
  source->add_option("--nouveau-dossier", o->new_dir,
                     "Crée ici la clé et la demande, et écrit un dossier de "
                     "configuration complet pour l'utilisateur");
  source->require_option(1);
  cmd->add_option("--sortie", o->output,
                  "Fichier où écrire le certificat délivré (sinon la sortie "
                  "standard)")
      ->needs(csr);
  OnRun(cmd, slot, kAdminFinalite, [o](CommandContext& ctx) -> absl::Status {
    if (!o->csr_path.empty()) return EnrolCsr(ctx, *o);
    if (!o->certificate_path.empty()) return EnrolCertificate(ctx, *o);
    return EnrolNewDirectory(ctx, *o);
  });
}

// Fingerprints are shown with or without colons, in any case.
std::string NormalizeFingerprint(const std::string& fingerprint) {
  return absl::AsciiStrToLower(absl::StrReplaceAll(fingerprint, {{":", ""}}));
}

struct RevokeOptions {
  std::string fingerprint;
  std::string reason;
  std::string user;
};

void AddRevokeAndListCommands(CLI::App* admin, ChosenCommand* slot) {
  auto r = std::make_shared<RevokeOptions>();
  CLI::App* revoke = admin->add_subcommand(
      "revoquer", "Révoque un certificat (effet immédiat)");
  revoke
      ->add_option("--empreinte", r->fingerprint,
                   "Empreinte SHA-256 du certificat")
      ->required();
  revoke->add_option("--motif", r->reason, "Motif")
      ->check(EnumChoice<v1::RevocationReason>());
  OnRun(revoke, slot, kAdminFinalite, [r](CommandContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
    v1::RevokeCertificateRequest request;
    request.set_fingerprint(NormalizeFingerprint(r->fingerprint));
    request.set_reason(EnumFromLabel<v1::RevocationReason>(r->reason));
    return Show(ctx, client->RevokeCertificate(request));
  });

  auto l = std::make_shared<RevokeOptions>();
  CLI::App* list = admin->add_subcommand(
      "certificats", "Liste les certificats enrôlés d'un utilisateur");
  list->add_option("--utilisateur", l->user, "Utilisateur")->required();
  OnRun(list, slot, kAdminFinalite, [l](CommandContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
    v1::ListCertificatesRequest request;
    request.set_user_id(l->user);
    return Show(ctx, client->ListCertificates(request));
  });
}

void AddCharteCommands(CLI::App* admin, ChosenCommand* slot) {
  CLI::App* charte = admin->add_subcommand("charte", "La charte en vigueur sur le serveur");
  charte->require_subcommand(1);
  CLI::App* reload = charte->add_subcommand(
      "recharger",
      "Recharge la charte depuis sa source ; une charte invalide est refusée et la "
      "précédente reste en vigueur");
  OnRun(reload, slot, kAdminFinalite, [](CommandContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
    return Show(ctx, client->ReloadCharte());
  });
}

}  // namespace

void AddAdminCommands(CLI::App* app, ChosenCommand* slot) {
  CLI::App* admin = app->add_subcommand(
      "admin", "Administration des certificats et de la charte");
  admin->require_subcommand(1);
  AddEnrolCommand(admin, slot);
  AddRevokeAndListCommands(admin, slot);
  AddCharteCommands(admin, slot);
}

}  // namespace suivi::client::cli
