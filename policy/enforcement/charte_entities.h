// policy/enforcement/charte_entities.h
//
// The entities of the charte's schema (policy/charte/schema.cedarschema),
// built from plain values: the one place in C++ that spells the schema's
// entity types and attribute names. The directory builds its entities with
// these, services their resources (cases, persons, tasks), tests and
// benchmarks their worlds. Dates are day numbers.

#ifndef SUIVI_POLICY_ENFORCEMENT_CHARTE_ENTITIES_H_
#define SUIVI_POLICY_ENFORCEMENT_CHARTE_ENTITIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "policy/entities.h"

namespace suivi::policy::charte {

EntityUid Uid(absl::string_view type, absl::string_view id);

Entity Application();
Entity Territoire(absl::string_view id, absl::string_view charte_en_vigueur);
Entity VersionCharte(absl::string_view id, absl::string_view territoire, int64_t numero);
Entity Commune(absl::string_view id, absl::string_view territoire);
// `commune` empty for an EPCI.
Entity Controleur(absl::string_view id, absl::string_view territoire, absl::string_view commune);

struct OrganisationFacts {
  std::string id;
  std::string type;  // a TypeOrganisation value, e.g. "mairie"
  std::vector<std::string> territoires;  // the first manages it; not empty
  std::string commune;                   // empty if none
};
Entity Organisation(const OrganisationFacts& facts);

struct UtilisateurFacts {
  std::string id;
  std::string organisation;
  std::vector<std::string> groupes;
  std::vector<std::string> exclu_de;
  std::vector<std::string> chartes_signees;  // VersionCharte ids
};
Entity Utilisateur(const UtilisateurFacts& facts);

struct AttributionFacts {
  std::string id;
  std::string titulaire;  // user id
  std::string role;       // a Role value
  std::string territoire;
  std::string commune;  // empty for a territory-wide role
  int64_t debut = 0;
  std::optional<int64_t> fin;
  std::string fondement;  // empty if none
};
Entity Attribution(const AttributionFacts& facts);

Entity Groupe(absl::string_view id, absl::string_view territoire, absl::string_view type);

struct ProtocoleFacts {
  std::string id;
  std::string territoire;
  std::string commune;
  int64_t debut = 0;
  std::optional<int64_t> fin;
  std::string coordonnateur;  // user id, empty if none
};
Entity Protocole(const ProtocoleFacts& facts);

struct PersonneFacts {
  std::string id;
  std::string territoire;
  std::string commune;  // the controller's commune; empty for an EPCI's record
  std::string controleur;
  std::string organisation;
  std::vector<std::string> intervenants;
  std::vector<std::string> groupes;
};
Entity Personne(const PersonneFacts& facts);

struct DossierFacts {
  std::string id;
  std::string territoire;
  std::string commune;
  std::string controleur;
  std::string mesure;  // a Mesure value
  std::string organisation;
  std::vector<std::string> intervenants;
  std::vector<std::string> cercle_social;
  std::string coordonnateur_social;  // empty if none
  std::string groupe;                // empty if on no docket
  std::string protocole;             // empty if none
  bool archive = false;
};
Entity Dossier(const DossierFacts& facts);

struct TacheFacts {
  std::string id;
  std::string territoire;
  std::string commune;
  std::string dossier;
  std::string type;          // a TypeTache value
  std::string organisation;  // empty if given to no organisation
  std::string utilisateur;   // empty if given to no user
};
Entity Tache(const TacheFacts& facts);

Entity JournalAudit(absl::string_view id, absl::string_view territoire);
// The persons of `territoire` as a search sees them; its id is the territory's.
Entity RepertoirePersonnes(absl::string_view territoire);
Entity Statistiques(absl::string_view id, absl::string_view territoire, absl::string_view commune);

}  // namespace suivi::policy::charte

#endif  // SUIVI_POLICY_ENFORCEMENT_CHARTE_ENTITIES_H_
