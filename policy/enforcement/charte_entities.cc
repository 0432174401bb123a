// policy/enforcement/charte_entities.cc

#include "policy/enforcement/charte_entities.h"

#include <utility>

namespace suivi::policy::charte {
namespace {

Value Ref(absl::string_view type, absl::string_view id) { return Value::Entity(Uid(type, id)); }

Value Refs(absl::string_view type, const std::vector<std::string>& ids) {
  SetElements elements;
  for (const std::string& id : ids) elements.push_back(Ref(type, id));
  return Value::Set(std::move(elements));
}

Entity Make(absl::string_view type, absl::string_view id, RecordFields attrs,
            std::vector<EntityUid> parents = {}) {
  Entity entity;
  entity.uid = Uid(type, id);
  entity.attrs = Value::Record(std::move(attrs));
  entity.parents = std::move(parents);
  return entity;
}

void AddIf(RecordFields& fields, const char* name, absl::string_view type, absl::string_view id) {
  if (!id.empty()) fields.push_back({name, Ref(type, id)});
}

}  // namespace

EntityUid Uid(absl::string_view type, absl::string_view id) {
  return {std::string(type), std::string(id)};
}

Entity Application() { return Make("Application", "suivi", {}); }

Entity Territoire(absl::string_view id, absl::string_view charte_en_vigueur) {
  return Make("Territoire", id, {{"charte_en_vigueur", Ref("VersionCharte", charte_en_vigueur)}});
}

Entity VersionCharte(absl::string_view id, absl::string_view territoire, int64_t numero) {
  return Make("VersionCharte", id,
              {{"territoire", Ref("Territoire", territoire)}, {"numero", Value::Long(numero)}});
}

Entity Commune(absl::string_view id, absl::string_view territoire) {
  return Make("Commune", id, {{"territoire", Ref("Territoire", territoire)}},
              {Uid("Territoire", territoire)});
}

Entity Controleur(absl::string_view id, absl::string_view territoire, absl::string_view commune) {
  RecordFields fields = {{"territoire", Ref("Territoire", territoire)}};
  AddIf(fields, "commune", "Commune", commune);
  return Make("Controleur", id, std::move(fields));
}

Entity Organisation(const OrganisationFacts& f) {
  RecordFields fields = {
      {"type", Ref("TypeOrganisation", f.type)},
      {"territoire", Ref("Territoire", f.territoires.empty() ? "" : f.territoires.front())},
      {"territoires", Refs("Territoire", f.territoires)},
  };
  AddIf(fields, "commune", "Commune", f.commune);
  return Make("Organisation", f.id, std::move(fields));
}

Entity Utilisateur(const UtilisateurFacts& f) {
  return Make("Utilisateur", f.id,
              {{"organisation", Ref("Organisation", f.organisation)},
               {"groupes", Refs("Groupe", f.groupes)},
               {"exclu_de", Refs("Groupe", f.exclu_de)},
               {"chartes_signees", Refs("VersionCharte", f.chartes_signees)}});
}

Entity Attribution(const AttributionFacts& f) {
  RecordFields fields = {
      {"titulaire", Ref("Utilisateur", f.titulaire)},
      {"role", Ref("Role", f.role)},
      {"territoire", Ref("Territoire", f.territoire)},
      {"debut", Value::Long(f.debut)},
  };
  AddIf(fields, "commune", "Commune", f.commune);
  if (f.fin.has_value()) fields.push_back({"fin", Value::Long(*f.fin)});
  if (!f.fondement.empty()) fields.push_back({"fondement", Value::String(f.fondement)});
  return Make("Attribution", f.id, std::move(fields));
}

Entity Groupe(absl::string_view id, absl::string_view territoire, absl::string_view type) {
  return Make("Groupe", id,
              {{"territoire", Ref("Territoire", territoire)}, {"type", Ref("TypeGroupe", type)}});
}

Entity Protocole(const ProtocoleFacts& f) {
  RecordFields fields = {
      {"territoire", Ref("Territoire", f.territoire)},
      {"commune", Ref("Commune", f.commune)},
      {"debut", Value::Long(f.debut)},
  };
  if (f.fin.has_value()) fields.push_back({"fin", Value::Long(*f.fin)});
  AddIf(fields, "coordonnateur", "Utilisateur", f.coordonnateur);
  return Make("Protocole", f.id, std::move(fields));
}

Entity Personne(const PersonneFacts& f) {
  RecordFields fields = {
      {"territoire", Ref("Territoire", f.territoire)},
      {"controleur", Ref("Controleur", f.controleur)},
      {"organisation", Ref("Organisation", f.organisation)},
      {"intervenants", Refs("Utilisateur", f.intervenants)},
      {"groupes", Refs("Groupe", f.groupes)},
  };
  AddIf(fields, "commune", "Commune", f.commune);
  return Make("Personne", f.id, std::move(fields));
}

Entity Dossier(const DossierFacts& f) {
  RecordFields fields = {
      {"territoire", Ref("Territoire", f.territoire)},
      {"commune", Ref("Commune", f.commune)},
      {"controleur", Ref("Controleur", f.controleur)},
      {"mesure", Ref("Mesure", f.mesure)},
      {"organisation", Ref("Organisation", f.organisation)},
      {"intervenants", Refs("Utilisateur", f.intervenants)},
      {"cercle_social", Refs("Utilisateur", f.cercle_social)},
      {"archive", Value::Bool(f.archive)},
  };
  AddIf(fields, "coordonnateur_social", "Utilisateur", f.coordonnateur_social);
  AddIf(fields, "groupe", "Groupe", f.groupe);
  AddIf(fields, "protocole", "Protocole", f.protocole);
  return Make("Dossier", f.id, std::move(fields));
}

Entity Tache(const TacheFacts& f) {
  RecordFields fields = {
      {"territoire", Ref("Territoire", f.territoire)},
      {"commune", Ref("Commune", f.commune)},
      {"dossier", Ref("Dossier", f.dossier)},
      {"type", Ref("TypeTache", f.type)},
  };
  AddIf(fields, "organisation", "Organisation", f.organisation);
  AddIf(fields, "utilisateur", "Utilisateur", f.utilisateur);
  return Make("Tache", f.id, std::move(fields));
}

Entity RepertoirePersonnes(absl::string_view territoire) {
  return Make("RepertoirePersonnes", territoire, {{"territoire", Ref("Territoire", territoire)}});
}

Entity JournalAudit(absl::string_view id, absl::string_view territoire) {
  return Make("JournalAudit", id, {{"territoire", Ref("Territoire", territoire)}});
}

Entity Statistiques(absl::string_view id, absl::string_view territoire, absl::string_view commune) {
  RecordFields fields = {{"territoire", Ref("Territoire", territoire)}};
  AddIf(fields, "commune", "Commune", commune);
  return Make("Statistiques", id, std::move(fields));
}

}  // namespace suivi::policy::charte
