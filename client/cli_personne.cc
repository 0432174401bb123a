// The subcommands of `suivi personne`: fiches de personnes.

#include "client/cli_personne.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"

namespace suivi::client::cli {
namespace {

struct MotifEntry {
  v1::MotifRectification motif;
  const char* label;  // on the command line
  const char* text;   // for people
};

constexpr MotifEntry kMotifs[] = {
    {v1::MOTIF_RECTIFICATION_DEMANDE_PERSONNE, "demande",
     "demande de la personne"},
    {v1::MOTIF_RECTIFICATION_ERREUR_SAISIE, "erreur", "erreur de saisie"},
    {v1::MOTIF_RECTIFICATION_CHANGEMENT_ETAT_CIVIL, "etat-civil",
     "changement d'état civil"},
    {v1::MOTIF_RECTIFICATION_DEMENAGEMENT, "demenagement", "déménagement"},
};

// The French word of `value` in `texts` (indexed by enum number); "" for
// 0, the number for a value past the table.
template <size_t N>
std::string TextOf(int value, const char* const (&texts)[N]) {
  if (value < 0 || static_cast<size_t>(value) >= N) return absl::StrCat(value);
  return texts[value];
}

// ------------------------------------------------------------- options

// Binds `--name` to `*target`: set only when given.
CLI::Option* OptionalOption(CLI::App* cmd, const std::string& name,
                            std::optional<std::string>* target,
                            const std::string& help) {
  return cmd->add_option_function<std::string>(
      name, [target](const std::string& value) { *target = value; }, help);
}

// Binds a repeatable `--name`: one value per occurrence, so that
// `--prenom Lucas --prenom Pierre` and a positional after it both work.
CLI::Option* RepeatableOption(CLI::App* cmd, const std::string& name,
                              std::vector<std::string>* target,
                              const std::string& help) {
  return cmd->add_option(name, *target, help)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* PersonIdArgument(CLI::App* cmd, std::string* target) {
  return cmd->add_option("id", *target, "Identifiant de la fiche")->required();
}

CLI::Option* VersionOption(CLI::App* cmd, int64_t* target) {
  return cmd
      ->add_option("--version", *target,
                   "Version de la fiche lue (voir « personne voir »)")
      ->required()
      ->check(CLI::PositiveNumber);
}

// "<what> : fiche <id>, version <n>" and the fiche; with --json, the fiche.
// A likely-duplicate refusal names the server's field; at the command line
// the user adds a flag. Any other status is returned as it is.
absl::Status WithHomonymHint(const absl::Status& status) {
  if (!absl::IsAlreadyExists(status)) return status;
  return absl::AlreadyExistsError(
      absl::StrCat(status.message(), " ; avec suivi, ajoutez --homonyme-confirme"));
}

absl::Status ShowChange(CommandContext& ctx,
                        const absl::StatusOr<v1::Person>& result,
                        absl::string_view what) {
  if (!result.ok()) return result.status();
  if (!ctx.json()) {
    ctx.out() << what << " : fiche " << result->id() << ", version "
              << result->version() << "\n\n";
  }
  return Show(ctx, result);
}

// ------------------------------------------------------------ commands

struct CreateOptions {
  std::string territory, controller, commune, nom, naissance;
  std::vector<std::string> prenoms, adresse;
  std::string code_postal, ville;
  bool homonyme_confirme = false;
};

v1::CreatePersonRequest CreateRequest(const CreateOptions& o) {
  v1::CreatePersonRequest request;
  request.set_territory_id(o.territory);
  request.set_controller_id(o.controller);
  request.set_commune_id(o.commune);
  v1::Identite* identite = request.mutable_identite();
  identite->set_nom(o.nom);
  for (const std::string& p : o.prenoms) identite->add_prenoms(p);
  identite->set_date_naissance(o.naissance);
  if (!o.adresse.empty() || !o.code_postal.empty() || !o.ville.empty()) {
    v1::Coordonnees* c = request.mutable_coordonnees();
    for (const std::string& line : o.adresse) c->add_adresse(line);
    c->set_code_postal(o.code_postal);
    c->set_ville(o.ville);
  }
  request.set_confirmer_homonyme(o.homonyme_confirme);
  return request;
}

void AddCreateCommand(CLI::App* personne, ChosenCommand* slot) {
  auto o = std::make_shared<CreateOptions>();
  CLI::App* cmd = personne->add_subcommand("creer", "Crée une fiche");
  cmd->add_option("--territoire", o->territory, "Territoire")->required();
  cmd->add_option("--controleur", o->controller,
                  "Responsable de traitement (défaut : celui de la commune "
                  "de votre organisation)");
  cmd->add_option("--commune", o->commune, "Commune de résidence");
  cmd->add_option("--nom", o->nom, "Nom de famille")->required();
  RepeatableOption(cmd, "--prenom", &o->prenoms,
                   "Prénom (répétable, l'usuel d'abord)")
      ->required();
  cmd->add_option("--naissance", o->naissance, "Date de naissance")
      ->required()
      ->check(IsoDate());
  RepeatableOption(cmd, "--adresse", &o->adresse,
                   "Ligne d'adresse (répétable, 3 au plus)");
  cmd->add_option("--code-postal", o->code_postal, "Code postal");
  cmd->add_option("--ville", o->ville, "Ville");
  cmd->add_flag("--homonyme-confirme", o->homonyme_confirme,
                "Crée la fiche même si une fiche semblable existe (homonyme "
                "vérifié)");
  OnRun(cmd, slot, kPersonneFinalite, [o](CommandContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
    absl::StatusOr<v1::CreatePersonResponse> created =
        client->CreatePerson(CreateRequest(*o));
    RETURN_IF_ERROR(WithHomonymHint(created.status()));
    RETURN_IF_ERROR(Show(ctx, created));
    const std::string warning = DuplicateWarning(*created);
    if (!warning.empty()) ctx.err() << warning << "\n";
    return absl::OkStatus();
  });
}

void AddShowCommand(CLI::App* personne, ChosenCommand* slot) {
  auto request = std::make_shared<v1::GetPersonRequest>();
  CLI::App* cmd = personne->add_subcommand(
      "voir", "Affiche une fiche : ce que la charte vous laisse lire");
  PersonIdArgument(cmd, request->mutable_person_id());
  cmd->add_option("--date", *request->mutable_date_reference(),
                  "Date du calcul de l'âge, par ex. celle des faits (défaut : "
                  "aujourd'hui)")
      ->check(IsoDate());
  OnRun(cmd, slot, kPersonneFinalite,
        [request](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          return Show(ctx, client->GetPerson(*request));
        });
}

struct SearchOptions {
  std::string territory, naissance, controller;
  std::vector<std::string> words;
  int limit = 0;
};

void AddSearchCommand(CLI::App* personne, ChosenCommand* slot) {
  auto o = std::make_shared<SearchOptions>();
  CLI::App* cmd = personne->add_subcommand(
      "chercher", "Cherche des personnes par leur nom, même mal orthographié");
  cmd->add_option("--territoire", o->territory, "Territoire")->required();
  cmd->add_option("texte", o->words, "Nom et prénom, même partiels")
      ->required();
  cmd->add_option("--naissance", o->naissance, "Date de naissance")
      ->check(IsoDate());
  cmd->add_option("--controleur", o->controller,
                  "Seulement les fiches de ce responsable de traitement");
  cmd->add_option("--limite", o->limit, "Nombre de résultats (défaut : 20)")
      ->check(CLI::Range(1, 100));
  OnRun(cmd, slot, kPersonneFinalite, [o](CommandContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
    v1::SearchPersonsRequest request;
    request.set_territory_id(o->territory);
    request.set_texte(absl::StrJoin(o->words, " "));
    request.set_date_naissance(o->naissance);
    request.set_controller_id(o->controller);
    request.set_limite(o->limit);
    return Show(ctx, client->SearchPersons(request));
  });
}

struct RectifyOptions {
  Rectification given;
  std::string motif;
  bool sans_commune = false;
};

void AddRectifyCommand(CLI::App* personne, ChosenCommand* slot) {
  auto o = std::make_shared<RectifyOptions>();
  Rectification* given = &o->given;
  CLI::App* cmd = personne->add_subcommand(
      "rectifier", "Rectifie une fiche : seules les parties données changent");
  PersonIdArgument(cmd, &given->person_id);
  VersionOption(cmd, &given->expected_version);
  cmd->add_option("--motif", o->motif, "Motif de la rectification")
      ->required()
      ->check(CLI::IsMember(MotifLabels(), CLI::ignore_case));
  OptionalOption(cmd, "--nom", &given->nom, "Nom de famille");
  RepeatableOption(cmd, "--prenom", &given->prenoms,
                   "Prénom (répétable ; remplace tous les prénoms)");
  OptionalOption(cmd, "--naissance", &given->date_naissance,
                 "Date de naissance")
      ->check(IsoDate());
  RepeatableOption(cmd, "--adresse", &given->adresse,
                   "Ligne d'adresse (répétable ; remplace toute l'adresse)");
  OptionalOption(cmd, "--code-postal", &given->code_postal, "Code postal");
  OptionalOption(cmd, "--ville", &given->ville, "Ville");
  CLI::Option* commune = OptionalOption(cmd, "--commune", &given->commune_id,
                                        "Nouvelle commune de résidence");
  cmd->add_flag("--sans-commune", o->sans_commune,
                "Retire la commune de résidence")
      ->excludes(commune);
  cmd->add_flag("--homonyme-confirme", given->homonyme_confirme,
                "Rectifie l'identité même si une fiche semblable existe (homonyme "
                "vérifié)");
  OnRun(cmd, slot, kPersonneFinalite, [o](CommandContext& ctx) -> absl::Status {
    Rectification r = o->given;
    ASSIGN_OR_RETURN(r.motif, ParseMotif(o->motif));
    if (o->sans_commune) r.commune_id = "";
    ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
    std::optional<v1::Person> current;
    if (r.ChangesIdentite() || r.ChangesCoordonnees()) {
      v1::GetPersonRequest get;
      get.set_person_id(r.person_id);
      ASSIGN_OR_RETURN(current, client->GetPerson(get));
    }
    ASSIGN_OR_RETURN(
        const v1::RectifyPersonRequest request,
        BuildRectification(r, current.has_value() ? &*current : nullptr));
    absl::StatusOr<v1::Person> rectified = client->RectifyPerson(request);
    RETURN_IF_ERROR(WithHomonymHint(rectified.status()));
    return ShowChange(ctx, rectified, "Fiche rectifiée");
  });
}

struct LinkOptions {
  std::string person, representative, lien;
  int64_t version = 0;
};

void AddLinkCommand(CLI::App* personne, ChosenCommand* slot, bool remove) {
  auto o = std::make_shared<LinkOptions>();
  CLI::App* cmd =
      remove ? personne->add_subcommand(
                   "delier", "Retire un représentant légal d'une fiche")
             : personne->add_subcommand(
                   "lier",
                   "Lie un représentant légal (une fiche du même responsable "
                   "de traitement) à la fiche d'un mineur");
  PersonIdArgument(cmd, &o->person);
  cmd->add_option("--representant", o->representative,
                  "Fiche du représentant légal")
      ->required();
  if (!remove) {
    cmd->add_option("--lien", o->lien, "Lien avec le mineur")
        ->required()
        ->check(EnumChoice<v1::LienRepresentant>());
  }
  VersionOption(cmd, &o->version);
  OnRun(cmd, slot, kPersonneFinalite,
        [o, remove](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          v1::LinkRepresentativeRequest request;
          request.set_person_id(o->person);
          request.set_expected_version(o->version);
          request.set_representative_id(o->representative);
          request.set_lien(EnumFromLabel<v1::LienRepresentant>(o->lien));
          request.set_retirer(remove);
          return ShowChange(
              ctx, client->LinkRepresentative(request),
              remove ? "Représentant légal retiré" : "Représentant légal lié");
        });
}

void AddHistoryCommand(CLI::App* personne, ChosenCommand* slot) {
  auto request = std::make_shared<v1::GetPersonHistoryRequest>();
  CLI::App* cmd = personne->add_subcommand(
      "historique",
      "Affiche les modifications d'une fiche, de la création à "
      "aujourd'hui");
  PersonIdArgument(cmd, request->mutable_person_id());
  OnRun(cmd, slot, kPersonneFinalite,
        [request](CommandContext& ctx) -> absl::Status {
          ASSIGN_OR_RETURN(SuiviClient * client, ctx.Client());
          return Show(ctx, client->GetPersonHistory(*request));
        });
}

}  // namespace

// ---------------------------------------------------------------- words

std::vector<std::string> MotifLabels() {
  std::vector<std::string> labels;
  for (const MotifEntry& e : kMotifs) labels.push_back(e.label);
  return labels;
}

absl::StatusOr<v1::MotifRectification> ParseMotif(absl::string_view label) {
  const std::string lower = absl::AsciiStrToLower(label);
  for (const MotifEntry& e : kMotifs) {
    if (lower == e.label) return e.motif;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "motif inconnu « ", label,
      " » ; motifs possibles : ", absl::StrJoin(MotifLabels(), ", ")));
}

std::string MotifText(v1::MotifRectification motif) {
  if (motif == v1::MOTIF_RECTIFICATION_UNSPECIFIED) return "";
  for (const MotifEntry& e : kMotifs) {
    if (e.motif == motif) return e.text;
  }
  return absl::StrCat(static_cast<int>(motif));
}

std::string LienText(v1::LienRepresentant lien) {
  static constexpr const char* kTexts[] = {"", "mère", "père", "tuteur",
                                           "autre représentant légal"};
  return TextOf(lien, kTexts);
}

std::string EventTypeText(v1::TypeEvenementPersonne type) {
  static constexpr const char* kTexts[] = {"", "création", "rectification",
                                           "représentant ajouté",
                                           "représentant retiré"};
  return TextOf(type, kTexts);
}

std::string DuplicateWarning(const v1::CreatePersonResponse& response) {
  if (response.doublons_probables().empty()) return "";
  return absl::StrCat(
      "attention : fiche créée comme homonyme confirmé ; fiche(s) "
      "semblable(s) : ",
      absl::StrJoin(response.doublons_probables(), ", "));
}

// -------------------------------------------------------- rectification

bool Rectification::ChangesIdentite() const {
  return nom.has_value() || !prenoms.empty() || date_naissance.has_value();
}

bool Rectification::ChangesCoordonnees() const {
  return !adresse.empty() || code_postal.has_value() || ville.has_value();
}

absl::StatusOr<v1::RectifyPersonRequest> BuildRectification(
    const Rectification& r, const v1::Person* current) {
  const bool identite = r.ChangesIdentite();
  const bool coordonnees = r.ChangesCoordonnees();
  if (!identite && !coordonnees && !r.commune_id.has_value()) {
    return absl::InvalidArgumentError(
        "rien à rectifier : indiquez au moins --nom, --prenom, --naissance, "
        "--adresse, --code-postal, --ville, --commune ou --sans-commune");
  }
  if (current != nullptr && current->version() != r.expected_version) {
    return absl::AbortedError(absl::StrCat(
        "opération interrompue : la fiche a changé depuis la version ",
        r.expected_version, " (elle est à la version ", current->version(),
        ") ; relisez-la avec « suivi personne voir ", r.person_id, " »"));
  }
  v1::RectifyPersonRequest request;
  request.set_person_id(r.person_id);
  request.set_expected_version(r.expected_version);
  request.set_motif(r.motif);
  request.set_confirmer_homonyme(r.homonyme_confirme);
  if (identite) {
    const bool whole =
        r.nom.has_value() && !r.prenoms.empty() && r.date_naissance.has_value();
    const bool readable = current != nullptr && current->has_identite();
    if (!readable && !whole) {
      return absl::FailedPreconditionError(
          "la charte ne vous laisse pas lire l'identité de cette personne : "
          "pour la rectifier, donnez ensemble --nom, --prenom et --naissance");
    }
    v1::Identite* out = request.mutable_identite();
    if (readable) *out = current->identite();
    if (r.nom.has_value()) out->set_nom(*r.nom);
    if (!r.prenoms.empty()) {
      out->clear_prenoms();
      for (const std::string& p : r.prenoms) out->add_prenoms(p);
    }
    if (r.date_naissance.has_value())
      out->set_date_naissance(*r.date_naissance);
  }
  if (coordonnees) {
    const bool whole =
        !r.adresse.empty() && r.code_postal.has_value() && r.ville.has_value();
    const bool readable = current != nullptr && current->has_coordonnees();
    if (!readable && !whole) {
      return absl::FailedPreconditionError(
          "la charte ne vous laisse pas lire les coordonnées de cette "
          "personne : pour les rectifier, donnez ensemble --adresse, "
          "--code-postal et --ville");
    }
    v1::Coordonnees* out = request.mutable_coordonnees();
    if (readable) *out = current->coordonnees();
    if (!r.adresse.empty()) {
      out->clear_adresse();
      for (const std::string& line : r.adresse) out->add_adresse(line);
    }
    if (r.code_postal.has_value()) out->set_code_postal(*r.code_postal);
    if (r.ville.has_value()) out->set_ville(*r.ville);
  }
  if (r.commune_id.has_value()) {
    request.set_set_commune(true);
    request.set_commune_id(*r.commune_id);
  }
  return request;
}

// -------------------------------------------------------------- command

void AddPersonneCommands(CLI::App* app, ChosenCommand* slot) {
  CLI::App* personne = app->add_subcommand(
      "personne",
      "Fiches de personnes : création, consultation, recherche, "
      "rectification, représentants légaux, historique");
  personne->require_subcommand(1);
  AddCreateCommand(personne, slot);
  AddShowCommand(personne, slot);
  AddSearchCommand(personne, slot);
  AddRectifyCommand(personne, slot);
  AddLinkCommand(personne, slot, /*remove=*/false);
  AddLinkCommand(personne, slot, /*remove=*/true);
  AddHistoryCommand(personne, slot);
}

}  // namespace suivi::client::cli
