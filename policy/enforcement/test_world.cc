// policy/enforcement/test_world.cc

#include "policy/enforcement/test_world.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "policy/enforcement/charte_entities.h"

namespace suivi::policy::testing {
namespace {

struct Person {
  const char* user;
  const char* organisation;
  const char* role;
  const char* commune;  // "" for a territory-wide role
  const char* fondement;
  int64_t debut;
  int64_t fin;  // 0: none
  std::vector<std::string> groupes;
  std::vector<std::string> exclu_de;
  std::vector<std::string> chartes;
};

const std::vector<Person>& People() {
  static const auto* const kPeople = new std::vector<Person>{
      {"maire-chalette", "mairie-chalette", "maire", "chalette", "", 19000, 0, {}, {}, {}},
      {"adjointe-chalette", "mairie-chalette", "adjoint_delegue", "chalette",
       "arrêté n° 2024-117", 19800, 0, {}, {}, {}},
      {"adjoint-sans-arrete", "mairie-chalette", "adjoint_delegue", "chalette", "", 19800, 0,
       {}, {}, {}},
      {"cabinet-chalette", "mairie-chalette", "cabinet_maire", "chalette", "", 19000, 0,
       {"ame-go"}, {}, {"ame-v2"}},
      {"cabinet-montargis", "mairie-montargis", "cabinet_maire", "montargis", "", 19000, 0,
       {"ame-go"}, {}, {"ame-v2"}},
      {"ancien-maire", "mairie-chalette", "maire", "chalette", "", 17000, 19000, {}, {}, {}},
      {"pm-chalette", "police-municipale-chalette", "policier_municipal", "chalette", "", 19000,
       0, {}, {}, {}},
      {"gendarme", "gendarmerie", "gendarme", "", "", 19000, 0, {"ame-go"}, {}, {"ame-v2"}},
      {"substitut", "parquet", "substitut_procureur", "", "", 19000, 0, {}, {}, {}},
      {"coordonnateur", "ame", "coordonnateur", "", "", 19000, 0, {"ame-go"}, {}, {"ame-v2"}},
      {"educateur", "prevention-specialisee", "educateur_prevention_specialisee", "", "", 19000,
       0, {"ame-go"}, {}, {"ame-v2"}},
      {"assistante-sociale", "ccas", "travailleur_social", "", "", 19000, 0, {}, {}, {}},
      {"bailleur-v1", "bailleur", "representant_bailleur", "", "", 19000, 0, {"ame-go"}, {},
       {"ame-v1"}},
      {"bailleur-exclu", "bailleur", "representant_bailleur", "", "", 19000, 0, {"ame-go"},
       {"ame-go"}, {"ame-v2"}},
      {"pleniere", "association", "membre_pleniere", "", "", 19000, 0, {"ame-pleniere"}, {},
       {"ame-v2"}},
      {"dpo", "ame", "dpo", "", "", 19000, 0, {}, {}, {}},
      {"admin", "ame", "admin", "", "", 19000, 0, {}, {}, {}},
  };
  return *kPeople;
}

charte::OrganisationFacts Org(const char* id, const char* type, const char* commune = "") {
  return {id, type, {"ame"}, commune};
}

}  // namespace

std::vector<Entity> DirectoryEntities() {
  std::vector<Entity> out = {
      charte::Application(),
      charte::Territoire("ame", "ame-v2"),
      charte::VersionCharte("ame-v1", "ame", 1),
      charte::VersionCharte("ame-v2", "ame", 2),
      charte::Commune("chalette", "ame"),
      charte::Commune("montargis", "ame"),
      charte::Controleur("commune-chalette", "ame", "chalette"),
      charte::Controleur("commune-montargis", "ame", "montargis"),
      charte::Controleur("ame-epci", "ame", ""),
      charte::Groupe("ame-go", "ame", "groupe_operationnel"),
      charte::Groupe("ame-pleniere", "ame", "pleniere"),
  };
  for (const auto& facts :
       {Org("mairie-chalette", "mairie", "chalette"), Org("mairie-montargis", "mairie", "montargis"),
        Org("police-municipale-chalette", "police_municipale", "chalette"),
        Org("gendarmerie", "gendarmerie"), Org("parquet", "parquet"), Org("ame", "epci"),
        Org("prevention-specialisee", "prevention_specialisee"), Org("ccas", "ccas"),
        Org("bailleur", "bailleur"), Org("association", "association")}) {
    out.push_back(charte::Organisation(facts));
  }
  for (const Person& p : People()) {
    out.push_back(charte::Utilisateur({p.user, p.organisation, p.groupes, p.exclu_de, p.chartes}));
    charte::AttributionFacts a{absl::StrCat(p.user, "-1"), p.user, p.role, "ame", p.commune,
                               p.debut, std::nullopt, p.fondement};
    if (p.fin != 0) a.fin = p.fin;
    out.push_back(charte::Attribution(a));
  }
  return out;
}

std::vector<Entity> ResourceEntities() {
  charte::DossierFacts rappel{"rappel-1", "ame", "chalette", "commune-chalette", "rappel_ordre",
                              "mairie-chalette", {"educateur"}, {"assistante-sociale"}, "",
                              "ame-go", "protocole-chalette", false};
  charte::DossierFacts archive = rappel;
  archive.id = "rappel-archive";
  archive.groupe = "";
  archive.archive = true;
  return {
      charte::Protocole({"protocole-chalette", "ame", "chalette", 19500, std::nullopt,
                         "coordonnateur"}),
      charte::Dossier(rappel),
      charte::Dossier(archive),
      charte::Tache({"convocation-1", "ame", "chalette", "rappel-1", "remise_convocation",
                     "police-municipale-chalette", ""}),
      charte::JournalAudit("journal-ame", "ame"),
      charte::Statistiques("bilan-ame", "ame", ""),
  };
}

std::vector<EntityUid> AttributionsOf(const std::string& user) {
  std::vector<EntityUid> out;
  for (const Person& p : People()) {
    if (user == p.user) out.push_back(charte::Uid("Attribution", absl::StrCat(p.user, "-1")));
  }
  return out;
}

AccessSubject Subject(const std::string& user, const std::string& finalite) {
  return {charte::Uid("Utilisateur", user), AttributionsOf(user), finalite, kToday};
}

}  // namespace suivi::policy::testing
