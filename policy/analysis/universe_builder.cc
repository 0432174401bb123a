// policy/analysis/universe_builder.cc: the bound of DESIGN.md §5 as
// dimensions, and the fixed world as entities (see universe.h).

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/analysis/universe.h"
#include "policy/analysis/universe_internal.h"

namespace suivi::policy::analysis {

namespace ui = universe_internal;
using ui::Attributes;
using ui::Ref;
using ui::Refs;

namespace {

// The attributes the bound knows how to give, per entity type: a schema
// that requires another one cannot be enumerated.
const std::vector<std::pair<std::string, std::vector<std::string>>>& KnownAttributes() {
  static const auto* known = new std::vector<std::pair<std::string, std::vector<std::string>>>{
      {"Territoire", {"charte_en_vigueur"}},
      {"VersionCharte", {"territoire", "numero"}},
      {"Commune", {"territoire"}},
      {"Controleur", {"territoire", "commune"}},
      {"Organisation", {"type", "territoire", "territoires", "commune"}},
      {"Utilisateur", {"organisation", "groupes", "exclu_de", "chartes_signees"}},
      {"Attribution", {"titulaire", "role", "territoire", "commune", "debut", "fin", "fondement"}},
      {"Groupe", {"territoire", "type"}},
      {"Protocole", {"territoire", "commune", "debut", "fin", "coordonnateur"}},
      {"Personne", {"territoire", "commune", "controleur", "organisation", "intervenants", "groupes"}},
      {"RepertoirePersonnes", {"territoire"}},
      {"Dossier",
       {"territoire", "commune", "controleur", "mesure", "organisation", "intervenants",
        "cercle_social", "coordonnateur_social", "groupe", "protocole", "archive"}},
      {"Tache", {"territoire", "commune", "dossier", "type", "organisation", "utilisateur"}},
      {"Statistiques", {"territoire", "commune"}},
      {"JournalAudit", {"territoire"}},
      {"DemandeDroits", {"territoire", "controleur"}},
      {"Application", {}},
  };
  return *known;
}

constexpr const char* kContextFields[] = {"finalite", "aujourdhui", "classe", "attribution"};

// The organisation types whose organisations belong to one commune.
bool CommuneBound(const std::string& type) {
  return type == "mairie" || type == "police_municipale" || type == "etablissement_scolaire";
}

DimensionValue Val(std::string label, Attributes attributes) {
  return DimensionValue{std::move(label), std::move(attributes), Value()};
}

Value Empty() { return Value::Set({}); }

}  // namespace

// Builds a Universe; one use.
class UniverseBuilder {
 public:
  UniverseBuilder(const std::vector<const Schema*>& schemas,
                  const std::vector<CatalogueRole>& roles, Bound bound)
      : schemas_(schemas), roles_(roles), universe_(new Universe()) {
    universe_->bound_ = bound;
  }

  absl::StatusOr<std::unique_ptr<const Universe>> Build() {
    RETURN_IF_ERROR(ReadEnums());
    RETURN_IF_ERROR(CheckSchemas());
    BuildPrincipals();
    RETURN_IF_ERROR(BuildBases());
    BuildContexts();
    RETURN_IF_ERROR(BuildSlices());
    for (size_t s = 0; s < schemas_.size(); ++s) {
      RETURN_IF_ERROR(ui::CheckConformance(*universe_, *schemas_[s], static_cast<int>(s)));
    }
    return std::unique_ptr<const Universe>(std::move(universe_));
  }

 private:
  // The values of the enumerated entity type `type` in any schema, in the
  // order of the first schema that lists them.
  std::vector<std::string> EnumValues(const std::string& type) const {
    std::vector<std::string> out;
    for (const Schema* schema : schemas_) {
      const EntityTypeDef* def = schema->FindEntityType(type);
      if (def == nullptr) continue;
      for (const std::string& id : def->enum_ids) {
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
      }
    }
    return out;
  }

  // The value `preferred` of enum `type` if it has it, else its first.
  std::string Prefer(const std::string& type, const std::string& preferred) const {
    std::vector<std::string> values = EnumValues(type);
    if (values.empty() || std::find(values.begin(), values.end(), preferred) != values.end()) {
      return preferred;
    }
    return values.front();
  }

  absl::Status ReadEnums() {
    for (const char* type : {"Finalite", "Classe", "Role", "TypeOrganisation"}) {
      if (EnumValues(type).empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("le schéma ne déclare pas l'énumération ", type, " dont la borne a besoin"));
      }
    }
    universe_->finalites_ = EnumValues("Finalite");
    universe_->classes_ = EnumValues("Classe");
    if (universe_->context_count() > 64) {
      return absl::InvalidArgumentError(absl::StrCat(
          "la borne suppose au plus 64 couples finalité × classe, le schéma en donne ",
          universe_->context_count()));
    }
    return absl::OkStatus();
  }

  // Records the attributes `def` declares; fails on a required one the
  // bound cannot give (`known`).
  absl::Status RecordAttributes(const EntityTypeDef& def, const std::vector<std::string>& known) {
    for (const SchemaAttribute& attribute : def.shape.attributes) {
      universe_->declared_.insert({def.name, attribute.name});
      if (!attribute.required) continue;
      if (std::find(known.begin(), known.end(), attribute.name) == known.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "la borne ne sait pas donner l'attribut requis « ", attribute.name, " » du type ",
            def.name));
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckContext(const ActionDef& action) {
    for (const SchemaAttribute& field : action.context.attributes) {
      bool known = std::find(std::begin(kContextFields), std::end(kContextFields), field.name) !=
                   std::end(kContextFields);
      if (field.required && !known) {
        return absl::InvalidArgumentError(absl::StrCat("la borne ne sait pas donner le champ « ",
                                                       field.name, " » du contexte de ",
                                                       action.uid.ToString()));
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckSchemas() {
    for (const Schema* schema : schemas_) {
      for (const auto& [type, known] : KnownAttributes()) {
        if (const EntityTypeDef* def = schema->FindEntityType(type)) {
          RETURN_IF_ERROR(RecordAttributes(*def, known));
        }
      }
      for (const ActionDef& action : schema->actions()) RETURN_IF_ERROR(CheckContext(action));
    }
    return absl::OkStatus();
  }

  // The roles a caller of organisation type `type` is enumerated with.
  std::vector<const CatalogueRole*> RolesFor(const std::string& type) const {
    std::vector<const CatalogueRole*> out;
    for (const CatalogueRole& role : roles_) {
      const std::vector<std::string>& types = role.organisation_types;
      bool reduced = universe_->bound_ == Bound::kReduced;
      bool holds = reduced ? (!types.empty() && types.front() == type)
                           : std::find(types.begin(), types.end(), type) != types.end();
      if (holds) out.push_back(&role);
    }
    return out;
  }

  static std::string DatesLabel(PrincipalVariant::Dates dates) {
    switch (dates) {
      case PrincipalVariant::Dates::kInForce: return "en vigueur";
      case PrincipalVariant::Dates::kInForceUntilToday: return "en vigueur jusqu'à ce jour inclus";
      case PrincipalVariant::Dates::kEnded: return "échue depuis hier";
      case PrincipalVariant::Dates::kNotStarted: return "commençant demain";
    }
    return "";
  }

  static std::string PrincipalLabel(const PrincipalVariant& v, bool requires_basis) {
    std::string out = absl::StrCat("un utilisateur d'une organisation « ", v.organisation_type, " »");
    if (!v.organisation_commune.empty()) absl::StrAppend(&out, " de ", v.organisation_commune);
    if (v.role.empty()) return absl::StrCat(out, ", sans attribution de rôle");
    absl::StrAppend(&out, ", rôle « ", v.role, " » (attribution ", DatesLabel(v.dates),
                    ", territoire ", v.territory);
    if (!v.commune.empty()) absl::StrAppend(&out, ", commune ", v.commune);
    if (requires_basis) absl::StrAppend(&out, v.basis ? ", fondement cité" : ", sans fondement");
    return absl::StrCat(out, ")");
  }

  void AddPrincipal(const PrincipalVariant& variant, bool requires_basis) {
    universe_->principals_.push_back(variant);
    principal_labels_.push_back(PrincipalLabel(variant, requires_basis));
  }

  void AddAssignments(PrincipalVariant v, const CatalogueRole& role) {
    std::vector<PrincipalVariant::Dates> dates = {PrincipalVariant::Dates::kInForce,
                                                  PrincipalVariant::Dates::kEnded};
    if (universe_->bound_ == Bound::kComplete) {
      dates = {PrincipalVariant::Dates::kInForce, PrincipalVariant::Dates::kInForceUntilToday,
               PrincipalVariant::Dates::kEnded, PrincipalVariant::Dates::kNotStarted};
    }
    v.role = role.id;
    for (const char* territory : {"t1", "t2"}) {
      v.territory = territory;
      std::vector<std::string> communes = {""};
      if (role.commune_scoped) communes = ui::CommunesOf(territory);
      for (const std::string& commune : communes) {
        v.commune = commune;
        for (PrincipalVariant::Dates d : dates) {
          v.dates = d;
          for (bool basis : {true, false}) {
            if (basis && !role.requires_basis) continue;
            v.basis = basis;
            AddPrincipal(v, role.requires_basis);
          }
        }
      }
    }
  }

  void BuildPrincipals() {
    for (const std::string& type : EnumValues("TypeOrganisation")) {
      std::vector<const CatalogueRole*> roles = RolesFor(type);
      if (roles.empty() && universe_->bound_ == Bound::kReduced) continue;
      std::vector<std::string> communes = {""};
      if (CommuneBound(type)) communes = ui::CommunesOf("t1");
      for (const std::string& commune : communes) {
        PrincipalVariant v;
        v.organisation_type = type;
        v.organisation_commune = commune;
        AddPrincipal(v, false);
        for (const CatalogueRole* role : roles) AddAssignments(v, *role);
      }
    }
  }

  Entity Make(const std::string& type, const std::string& id, const Attributes& attributes,
              std::vector<EntityUid> parents = {}) const {
    return ui::MakeEntity(universe_->declared_, type, id, attributes, std::move(parents));
  }

  void AddTerritories(std::vector<Entity>* world) const {
    for (const char* t : {"t1", "t2"}) {
      std::string version = std::string(t) == "t1" ? "t1-v2" : "t2-v1";
      world->push_back(Make("Territoire", t, {{"charte_en_vigueur", Ref("VersionCharte", version)}}));
      for (const std::string& c : ui::CommunesOf(t)) {
        world->push_back(Make("Commune", c, {{"territoire", Ref("Territoire", t)}},
                              {EntityUid{"Territoire", t}}));
        world->push_back(Make("Controleur", absl::StrCat("controleur-", c),
                              {{"territoire", Ref("Territoire", t)}, {"commune", Ref("Commune", c)}}));
      }
      world->push_back(Make("Controleur", absl::StrCat("controleur-epci-", t),
                            {{"territoire", Ref("Territoire", t)}}));
    }
    for (const auto& [id, t, n] : {std::tuple<const char*, const char*, int>{"t1-v1", "t1", 1},
                                   {"t1-v2", "t1", 2}, {"t2-v1", "t2", 1}}) {
      world->push_back(Make("VersionCharte", id,
                            {{"territoire", Ref("Territoire", t)}, {"numero", Value::Long(n)}}));
    }
  }

  void AddGroups(std::vector<Entity>* world) const {
    std::string operational = Prefer("TypeGroupe", "groupe_operationnel");
    std::string plenary = Prefer("TypeGroupe", "pleniere");
    for (const auto& [id, t, type] : {std::tuple<const char*, const char*, std::string>{
                                          "g1", "t1", operational},
                                      {"gp", "t1", plenary}, {"g3", "t2", operational}}) {
      world->push_back(Make("Groupe", id,
                            {{"territoire", Ref("Territoire", t)}, {"type", Ref("TypeGroupe", type)}}));
    }
  }

  Entity Organisation(const char* id, const std::string& type, const char* territory,
                      const char* commune) const {
    return Make("Organisation", id,
                {{"type", Ref("TypeOrganisation", type)},
                 {"territoire", Ref("Territoire", territory)},
                 {"territoires", Refs("Territoire", {territory})},
                 {"commune", *commune ? std::optional<Value>(Ref("Commune", commune))
                                      : std::nullopt}});
  }

  Entity Colleague(const char* id, const char* organisation) const {
    return Make("Utilisateur", id,
                {{"organisation", Ref("Organisation", organisation)}, {"groupes", Empty()},
                 {"exclu_de", Empty()}, {"chartes_signees", Empty()}});
  }

  // attribution-t1, attribution-t2: someone else's assignments, with the
  // catalogue's first role.
  Entity OtherAssignment(const char* territory, const char* holder) const {
    const CatalogueRole& role = roles_.front();
    std::optional<Value> commune;
    if (role.commune_scoped) commune = Ref("Commune", ui::CommunesOf(territory).front());
    std::optional<Value> basis;
    if (role.requires_basis) basis = Value::String("arrêté n° 2");
    return Make("Attribution", absl::StrCat("attribution-", territory),
                {{"titulaire", Ref("Utilisateur", holder)}, {"role", Ref("Role", role.id)},
                 {"territoire", Ref("Territoire", territory)}, {"commune", commune},
                 {"debut", Value::Long(ui::kLastYear)}, {"fondement", basis}});
  }

  void AddPeople(std::vector<Entity>* world) const {
    world->push_back(Organisation(ui::kMairieC1a, Prefer("TypeOrganisation", "mairie"), "t1", "c1a"));
    std::string association = Prefer("TypeOrganisation", "association");
    world->push_back(Organisation(ui::kOrganisationT1, association, "t1", ""));
    world->push_back(Organisation(ui::kOrganisationT2, association, "t2", ""));
    world->push_back(Colleague(ui::kColleagueT1, ui::kMairieC1a));
    world->push_back(Colleague(ui::kColleagueT2, ui::kOrganisationT2));
    world->push_back(OtherAssignment("t1", ui::kColleagueT1));
    world->push_back(OtherAssignment("t2", ui::kColleagueT2));
  }

  Entity Protocol(const char* id, int64_t start, std::optional<int64_t> end,
                  const char* coordinator) const {
    return Make("Protocole", id,
                {{"territoire", Ref("Territoire", "t1")}, {"commune", Ref("Commune", "c1a")},
                 {"debut", Value::Long(start)},
                 {"fin", end ? std::optional<Value>(Value::Long(*end)) : std::nullopt},
                 {"coordonnateur", Ref("Utilisateur", coordinator)}});
  }

  // The case a task belongs to, of the controller of c1a or of the EPCI.
  Entity TaskCase(const char* id, const char* controller) const {
    std::vector<std::string> mesures = EnumValues("Mesure");
    return Make("Dossier", id,
                {{"territoire", Ref("Territoire", "t1")}, {"commune", Ref("Commune", "c1a")},
                 {"controleur", Ref("Controleur", controller)},
                 {"mesure", Ref("Mesure", mesures.empty() ? "" : mesures.front())},
                 {"organisation", Ref("Organisation", ui::kMairieC1a)},
                 {"intervenants", Empty()}, {"cercle_social", Empty()},
                 {"archive", Value::Bool(false)}});
  }

  void AddCases(std::vector<Entity>* world) const {
    world->push_back(Protocol("protocole-appelant", ui::kRecently, std::nullopt, ui::kCaller));
    world->push_back(Protocol("protocole-autre", ui::kRecently, std::nullopt, ui::kColleagueT1));
    world->push_back(Protocol("protocole-echu", ui::kLongAgo, ui::kYesterday, ui::kCaller));
    world->push_back(TaskCase("dossier-tache-c1a", "controleur-c1a"));
    world->push_back(TaskCase("dossier-tache-epci", "controleur-epci-t1"));
    world->push_back(Make("Application", "suivi", {}));
  }

  absl::Status BuildBases() {
    std::vector<Entity> world;
    AddTerritories(&world);
    AddGroups(&world);
    AddPeople(&world);
    AddCases(&world);
    universe_->world_ = world;
    for (const Schema* schema : schemas_) {
      std::vector<Entity> entities = world;
      for (const ActionDef& action : schema->actions()) {
        Entity entity;
        entity.uid = action.uid;
        entity.parents = action.member_of;
        entities.push_back(std::move(entity));
      }
      ASSIGN_OR_RETURN(Entities store, Entities::Build(std::move(entities)));
      universe_->bases_.push_back(std::make_shared<const Entities>(std::move(store)));
    }
    return absl::OkStatus();
  }

  void BuildContexts() {
    Universe& u = *universe_;
    for (int c = 0; c < u.context_count(); ++c) {
      RecordFields fields = {{"finalite", Ref("Finalite", u.finalites_[u.FinaliteOf(c)])},
                             {"aujourdhui", Value::Long(kToday)},
                             {"classe", Ref("Classe", u.classes_[u.ClasseOf(c)])}};
      u.contexts_[0].push_back(Value::Record(fields));
      fields.emplace_back("attribution", Ref("Attribution", ui::kCallerAssignment));
      u.contexts_[1].push_back(Value::Record(std::move(fields)));
    }
    for (const Schema* schema : schemas_) {
      uint64_t mask = 0;
      for (int c = 0; c < u.context_count(); ++c) {
        if (Declares(*schema, "Finalite", u.finalites_[u.FinaliteOf(c)]) &&
            Declares(*schema, "Classe", u.classes_[u.ClasseOf(c)])) {
          mask |= uint64_t{1} << c;
        }
      }
      u.context_masks_.push_back(mask);
    }
    u.caller_ = Ref("Utilisateur", ui::kCaller);
    u.caller_defaults_ = {{"organisation", Ref("Organisation", ui::kCallerOrganisation)},
                          {"groupes", Empty()}, {"exclu_de", Empty()}, {"chartes_signees", Empty()}};
  }

  static bool Declares(const Schema& schema, const std::string& type, const std::string& id) {
    const EntityTypeDef* def = schema.FindEntityType(type);
    return def != nullptr &&
           std::find(def->enum_ids.begin(), def->enum_ids.end(), id) != def->enum_ids.end();
  }

  // ------------------------------------------------------------ dimensions

  // Adds `d` to `out` if one of the schemas declares an attribute it sets
  // (of `type`), with its footprint.
  void Keep(const std::string& type, Dimension d, std::vector<Dimension>* out) const {
    for (const DimensionValue& v : d.values) {
      for (const auto& attribute : v.attributes) {
        std::pair<std::string, std::string> key(type, attribute.first);
        if (!universe_->declared_.contains(key)) continue;
        auto& fp = d.footprint.attributes;
        if (std::find(fp.begin(), fp.end(), key) == fp.end()) fp.push_back(key);
      }
    }
    if (!d.footprint.attributes.empty()) out->push_back(std::move(d));
  }

  Dimension PrincipalDimension() const {
    Dimension d;
    d.kind = DimensionKind::kPrincipal;
    d.name = "appelant et attribution";
    for (const std::string& label : principal_labels_) d.values.push_back(Val(label, {}));
    d.footprint.attributes = {{"context", "attribution"}};
    for (const char* a : {"type", "territoire", "territoires", "commune"}) {
      d.footprint.attributes.emplace_back("Organisation", a);
    }
    for (const char* a : {"titulaire", "role", "territoire", "commune", "debut", "fin", "fondement"}) {
      d.footprint.attributes.emplace_back("Attribution", a);
    }
    return d;
  }

  // The actions of the schemas, each once, in the order they declare them.
  std::vector<EntityUid> Actions() const {
    std::vector<EntityUid> out;
    for (const Schema* schema : schemas_) {
      for (const ActionDef& action : schema->actions()) {
        if (std::find(out.begin(), out.end(), action.uid) == out.end()) out.push_back(action.uid);
      }
    }
    return out;
  }

  // Whether `schema` declares `action` for a Utilisateur on `type` (any
  // type when `type` is empty).
  static bool AppliesTo(const Schema& schema, const EntityUid& action, const std::string& type) {
    const ActionDef* def = schema.FindAction(action);
    if (def == nullptr) return false;
    const auto& p = def->principal_types;
    const auto& r = def->resource_types;
    return std::find(p.begin(), p.end(), "Utilisateur") != p.end() &&
           (type.empty() || std::find(r.begin(), r.end(), type) != r.end());
  }

  std::vector<std::string> ResourceTypes(const EntityUid& action) const {
    std::vector<std::string> out;
    for (const Schema* schema : schemas_) {
      if (!AppliesTo(*schema, action, "")) continue;
      for (const std::string& type : schema->FindAction(action)->resource_types) {
        if (std::find(out.begin(), out.end(), type) == out.end()) out.push_back(type);
      }
    }
    return out;
  }

  absl::StatusOr<Slice> MakeSlice(const EntityUid& action, const std::string& type) const {
    Slice slice;
    slice.action = action;
    slice.action_value = Value::Entity(action);
    slice.resource_type = type;
    for (const Schema* schema : schemas_) slice.in_schema.push_back(AppliesTo(*schema, action, type));
    slice.dimensions.push_back(PrincipalDimension());
    for (Dimension& d : ui::CallerDimensions()) Keep("Utilisateur", std::move(d), &slice.dimensions);
    ui::ResourceShape shape;
    if (!ui::ShapeOfResource(type, EnumValues("Mesure"), EnumValues("TypeTache"), &shape)) {
      return absl::InvalidArgumentError(absl::StrCat("type de ressource inconnu de la borne : ",
                                                     type, " (action ", action.ToString(), ")"));
    }
    for (Dimension& d : shape.dimensions) {
      if (d.kind == DimensionKind::kIdentity) {
        slice.dimensions.push_back(std::move(d));
      } else {
        Keep(type, std::move(d), &slice.dimensions);
      }
    }
    for (const Dimension& d : slice.dimensions) {
      if (d.size() == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("la dimension « ", d.name, " » de ", type, " n'a aucune valeur"));
      }
    }
    slice.resource_id = shape.id;
    if (shape.id.has_value()) slice.resource_value = Ref(type, *shape.id);
    slice.resource_defaults = std::move(shape.defaults);
    return slice;
  }

  absl::Status BuildSlices() {
    for (const EntityUid& action : Actions()) {
      for (const std::string& type : ResourceTypes(action)) {
        ASSIGN_OR_RETURN(universe_->slices_.emplace_back(), MakeSlice(action, type));
      }
    }
    return absl::OkStatus();
  }

  const std::vector<const Schema*>& schemas_;
  const std::vector<CatalogueRole>& roles_;
  std::unique_ptr<Universe> universe_;
  std::vector<std::string> principal_labels_;
};

absl::StatusOr<std::unique_ptr<const Universe>> Universe::Build(
    const std::vector<const Schema*>& schemas, const std::vector<CatalogueRole>& roles,
    Bound bound) {
  if (schemas.empty() || roles.empty()) {
    return absl::InvalidArgumentError("la borne demande un schéma et un catalogue des rôles");
  }
  return UniverseBuilder(schemas, roles, bound).Build();
}

}  // namespace suivi::policy::analysis
