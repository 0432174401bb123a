// policy/analysis/universe_resources.cc: the dimensions of the caller's
// groups and of each resource type (DESIGN.md §5; the bound of
// docs/formats/policy-subset.md "Invariants, check and diff"). The
// resource lives in t1 and, when it has one, commune c1a: the caller's
// communes and assignments vary instead.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "policy/analysis/universe_internal.h"

namespace suivi::policy::analysis::universe_internal {
namespace {

using K = DimensionKind;

DimensionValue Val(std::string label, Attributes attributes) {
  return DimensionValue{std::move(label), std::move(attributes), Value()};
}

DimensionValue Is(std::string label, const std::string& type, const std::string& id) {
  return DimensionValue{std::move(label), {}, Ref(type, id)};
}

Dimension Dim(DimensionKind kind, std::string name, std::vector<DimensionValue> values) {
  Dimension d;
  d.kind = kind;
  d.name = std::move(name);
  d.values = std::move(values);
  if (kind == K::kIdentity) d.footprint.resource_identity = true;
  return d;
}

Value Empty() { return Value::Set({}); }
Value Caller() { return Ref("Utilisateur", kCaller); }
Value Colleague() { return Ref("Utilisateur", kColleagueT1); }
std::optional<Value> None() { return std::nullopt; }

Dimension OwnerDimension(const char* name) {
  return Dim(K::kResource, name,
             {Val("de son organisation", {{"organisation", Ref("Organisation", kCallerOrganisation)}}),
              Val("de la mairie de c1a", {{"organisation", Ref("Organisation", kMairieC1a)}})});
}

Dimension IntervenersDimension() {
  return Dim(K::kResource, "intervenants",
             {Val("sans intervenant", {{"intervenants", Empty()}}),
              Val("dont il est intervenant", {{"intervenants", Refs("Utilisateur", {kCaller})}})});
}

Dimension MesureDimension(const std::vector<std::string>& mesures) {
  std::vector<DimensionValue> values;
  for (const std::string& m : mesures) {
    values.push_back(Val(absl::StrCat("mesure ", m), {{"mesure", Ref("Mesure", m)}}));
  }
  return Dim(K::kResource, "mesure", std::move(values));
}

Dimension CircleDimension() {
  return Dim(K::kResource, "cercle du secret partagé",
             {Val("hors du cercle social", {{"cercle_social", Empty()}, {"coordonnateur_social", None()}}),
              Val("membre du cercle social",
                  {{"cercle_social", Refs("Utilisateur", {kCaller, kColleagueT1})},
                   {"coordonnateur_social", Colleague()}}),
              Val("coordonnateur du cercle social",
                  {{"cercle_social", Refs("Utilisateur", {kColleagueT1})},
                   {"coordonnateur_social", Caller()}})});
}

Dimension ProtocolDimension() {
  return Dim(K::kResource, "protocole avec le parquet",
             {Val("sans protocole", {{"protocole", None()}}),
              Val("protocole en vigueur qui le désigne coordonnateur",
                  {{"protocole", Ref("Protocole", "protocole-appelant")}}),
              Val("protocole en vigueur qui désigne un autre coordonnateur",
                  {{"protocole", Ref("Protocole", "protocole-autre")}}),
              Val("protocole échu qui le désignait coordonnateur",
                  {{"protocole", Ref("Protocole", "protocole-echu")}})});
}

void DossierShape(const std::vector<std::string>& mesures, ResourceShape* shape) {
  shape->id = "dossier";
  shape->defaults = {{"territoire", Ref("Territoire", "t1")}, {"commune", Ref("Commune", "c1a")}};
  std::vector<Dimension>& d = shape->dimensions;
  d.push_back(Dim(K::kResource, "contrôleur",
                  {Val("contrôleur : commune c1a", {{"controleur", Ref("Controleur", "controleur-c1a")}}),
                   Val("contrôleur : EPCI de t1",
                       {{"controleur", Ref("Controleur", "controleur-epci-t1")}})}));
  d.push_back(MesureDimension(mesures));
  d.push_back(OwnerDimension("organisation détentrice"));
  d.push_back(IntervenersDimension());
  d.push_back(CircleDimension());
  d.push_back(Dim(K::kResource, "groupe",
                  {Val("à l'ordre du jour d'aucun groupe", {{"groupe", None()}}),
                   Val("à l'ordre du jour de g1", {{"groupe", Ref("Groupe", "g1")}}),
                   Val("à l'ordre du jour de gp (plénière)", {{"groupe", Ref("Groupe", "gp")}})}));
  d.push_back(ProtocolDimension());
  d.push_back(Dim(K::kResource, "archivage",
                  {Val("non archivé", {{"archive", Value::Bool(false)}}),
                   Val("archivé", {{"archive", Value::Bool(true)}})}));
}

DimensionValue PersonController(const std::string& commune) {
  if (commune.empty()) {
    return Val("contrôleur : EPCI de t1",
               {{"controleur", Ref("Controleur", "controleur-epci-t1")}, {"commune", None()}});
  }
  return Val(absl::StrCat("contrôleur : commune ", commune),
             {{"controleur", Ref("Controleur", absl::StrCat("controleur-", commune))},
              {"commune", Ref("Commune", commune)}});
}

void PersonneShape(ResourceShape* shape) {
  shape->id = "personne";
  shape->defaults = {{"territoire", Ref("Territoire", "t1")}};
  std::vector<Dimension>& d = shape->dimensions;
  d.push_back(Dim(K::kResource, "contrôleur",
                  {PersonController("c1a"), PersonController("c1b"), PersonController("")}));
  d.push_back(OwnerDimension("organisation du contrôleur"));
  d.push_back(IntervenersDimension());
  d.push_back(Dim(K::kResource, "groupes",
                  {Val("à l'ordre du jour d'aucun groupe", {{"groupes", Empty()}}),
                   Val("à l'ordre du jour de g1", {{"groupes", Refs("Groupe", {"g1"})}})}));
}

void TacheShape(const std::vector<std::string>& task_types, ResourceShape* shape) {
  shape->id = "tache";
  shape->defaults = {{"territoire", Ref("Territoire", "t1")}, {"commune", Ref("Commune", "c1a")}};
  std::vector<Dimension>& d = shape->dimensions;
  d.push_back(Dim(K::kResource, "dossier de la tâche",
                  {Val("d'un dossier du contrôleur de c1a",
                       {{"dossier", Ref("Dossier", "dossier-tache-c1a")}}),
                   Val("d'un dossier du contrôleur EPCI de t1",
                       {{"dossier", Ref("Dossier", "dossier-tache-epci")}})}));
  std::vector<DimensionValue> types;
  for (const std::string& t : task_types) {
    types.push_back(Val(absl::StrCat("tâche ", t), {{"type", Ref("TypeTache", t)}}));
  }
  d.push_back(Dim(K::kResource, "type de tâche", std::move(types)));
  d.push_back(Dim(K::kResource, "destinataire",
                  {Val("confiée à son organisation",
                       {{"organisation", Ref("Organisation", kCallerOrganisation)},
                        {"utilisateur", None()}}),
                   Val("confiée à lui-même", {{"organisation", None()}, {"utilisateur", Caller()}}),
                   Val("confiée à la mairie de c1a",
                       {{"organisation", Ref("Organisation", kMairieC1a)}, {"utilisateur", None()}})}));
}

DimensionValue Scope(const char* territory, const char* commune) {
  std::string label = *commune ? absl::StrCat("de la commune ", commune, " (", territory, ")")
                               : absl::StrCat("du territoire ", territory);
  return Val(std::move(label),
             {{"territoire", Ref("Territoire", territory)},
              {"commune", *commune ? std::optional<Value>(Ref("Commune", commune)) : None()}});
}

// Resources with their territory as the only relation to the caller.
void TerritorialShape(const std::string& type, ResourceShape* shape) {
  std::vector<Dimension>& d = shape->dimensions;
  if (type == "Statistiques") {
    shape->id = "statistiques";
    d.push_back(Dim(K::kResource, "portée",
                    {Scope("t1", ""), Scope("t1", "c1a"), Scope("t2", ""), Scope("t2", "c2a")}));
  } else if (type == "JournalAudit" || type == "RepertoirePersonnes") {
    shape->id = type == "JournalAudit" ? "journal" : "repertoire";
    d.push_back(Dim(K::kResource, "territoire", {Scope("t1", ""), Scope("t2", "")}));
  } else {
    shape->id = "demande";
    d.push_back(Dim(
        K::kResource, "territoire",
        {Val("adressée à l'EPCI de t1", {{"territoire", Ref("Territoire", "t1")},
                                         {"controleur", Ref("Controleur", "controleur-epci-t1")}}),
         Val("adressée à l'EPCI de t2", {{"territoire", Ref("Territoire", "t2")},
                                         {"controleur", Ref("Controleur", "controleur-epci-t2")}})}));
  }
}

// Resources that are entities of the world: the dimension picks one.
bool IdentityShape(const std::string& type, ResourceShape* shape) {
  std::vector<DimensionValue> values;
  if (type == "Territoire") {
    values = {Is("t1", type, "t1"), Is("t2", type, "t2")};
  } else if (type == "Organisation") {
    values = {Is("une organisation de t1", type, kOrganisationT1),
              Is("une organisation de t2", type, kOrganisationT2)};
  } else if (type == "Utilisateur") {
    values = {Is("lui-même", type, kCaller), Is("un collègue de t1", type, kColleagueT1),
              Is("un collègue de t2", type, kColleagueT2)};
  } else if (type == "Attribution") {
    values = {Is("l'attribution d'un collègue dans t1", type, "attribution-t1"),
              Is("l'attribution d'un collègue dans t2", type, "attribution-t2")};
  } else if (type == "Groupe") {
    values = {Is("g1 (t1)", type, "g1"), Is("g3 (t2)", type, "g3")};
  } else if (type == "Application") {
    values = {Is("l'application", type, "suivi")};
  } else {
    return false;
  }
  shape->dimensions.push_back(Dim(K::kIdentity, "ressource", std::move(values)));
  return true;
}

}  // namespace

bool ShapeOfResource(const std::string& type, const std::vector<std::string>& mesures,
                     const std::vector<std::string>& task_types, ResourceShape* shape) {
  if (type == "Dossier") {
    DossierShape(mesures, shape);
  } else if (type == "Personne") {
    PersonneShape(shape);
  } else if (type == "Tache") {
    TacheShape(task_types, shape);
  } else if (type == "Statistiques" || type == "JournalAudit" || type == "DemandeDroits" ||
             type == "RepertoirePersonnes") {
    TerritorialShape(type, shape);
  } else {
    return IdentityShape(type, shape);
  }
  return true;
}

std::vector<Dimension> CallerDimensions() {
  return {
      Dim(K::kCaller, "groupes de l'appelant",
          {Val("membre d'aucun groupe", {{"groupes", Empty()}}),
           Val("membre de g1", {{"groupes", Refs("Groupe", {"g1"})}}),
           Val("membre de gp (plénière)", {{"groupes", Refs("Groupe", {"gp"})}})}),
      Dim(K::kCaller, "exclusions",
          {Val("exclu d'aucun groupe", {{"exclu_de", Empty()}}),
           Val("exclu de g1", {{"exclu_de", Refs("Groupe", {"g1"})}})}),
      Dim(K::kCaller, "chartes signées",
          {Val("n'a signé aucune charte", {{"chartes_signees", Empty()}}),
           Val("a signé t1-v1 (version remplacée)",
               {{"chartes_signees", Refs("VersionCharte", {"t1-v1"})}}),
           Val("a signé t1-v2 et t2-v1 (versions en vigueur)",
               {{"chartes_signees", Refs("VersionCharte", {"t1-v2", "t2-v1"})}})}),
  };
}

}  // namespace suivi::policy::analysis::universe_internal
