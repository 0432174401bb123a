// policy/analysis/universe.cc: realizing and describing the requests of
// the universe (the builder is in universe_builder.cc).

#include "policy/analysis/universe.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/analysis/report.h"
#include "policy/analysis/universe_internal.h"

namespace suivi::policy::analysis {
namespace universe_internal {

std::vector<std::string> CommunesOf(absl::string_view territory) {
  if (territory == "t1") return {"c1a", "c1b"};
  return {"c2a", "c2b"};
}

Value Ref(absl::string_view type, absl::string_view id) {
  return Value::Entity(EntityUid{std::string(type), std::string(id)});
}

Value Refs(absl::string_view type, const std::vector<std::string>& ids) {
  SetElements elements;
  for (const std::string& id : ids) elements.push_back(Ref(type, id));
  return Value::Set(std::move(elements));
}

Entity MakeEntity(const Declared& declared, absl::string_view type, absl::string_view id,
                  const Attributes& attributes, std::vector<EntityUid> parents) {
  Entity entity;
  entity.uid = EntityUid{std::string(type), std::string(id)};
  RecordFields fields;
  for (const auto& [name, value] : attributes) {
    if (value.has_value() && declared.contains(std::make_pair(entity.uid.type, name))) {
      fields.emplace_back(name, *value);
    }
  }
  entity.attrs = Value::Record(std::move(fields));
  entity.parents = std::move(parents);
  return entity;
}

void Apply(const DimensionValue& value, Attributes* attributes) {
  for (const auto& [name, v] : value.attributes) {
    bool found = false;
    for (auto& [existing, slot] : *attributes) {
      if (existing != name) continue;
      slot = v;
      found = true;
    }
    if (!found) attributes->emplace_back(name, v);
  }
}

namespace {

int64_t Start(PrincipalVariant::Dates dates) {
  switch (dates) {
    case PrincipalVariant::Dates::kEnded: return kLongAgo;
    case PrincipalVariant::Dates::kNotStarted: return kTomorrow;
    default: return kLastYear;
  }
}

std::optional<Value> End(PrincipalVariant::Dates dates) {
  switch (dates) {
    case PrincipalVariant::Dates::kInForceUntilToday: return Value::Long(kToday);
    case PrincipalVariant::Dates::kEnded: return Value::Long(kYesterday);
    default: return std::nullopt;
  }
}

std::optional<Value> Optional(const std::string& type, const std::string& id) {
  if (id.empty()) return std::nullopt;
  return Ref(type, id);
}

}  // namespace

void AddPrincipalEntities(const Declared& declared, const PrincipalVariant& variant,
                          std::vector<Entity>* layer) {
  layer->push_back(MakeEntity(declared, "Organisation", kCallerOrganisation,
                              {{"type", Ref("TypeOrganisation", variant.organisation_type)},
                               {"territoire", Ref("Territoire", "t1")},
                               {"territoires", Refs("Territoire", {"t1"})},
                               {"commune", Optional("Commune", variant.organisation_commune)}}));
  if (variant.role.empty()) return;
  layer->push_back(MakeEntity(
      declared, "Attribution", kCallerAssignment,
      {{"titulaire", Ref("Utilisateur", kCaller)},
       {"role", Ref("Role", variant.role)},
       {"territoire", Ref("Territoire", variant.territory)},
       {"commune", Optional("Commune", variant.commune)},
       {"debut", Value::Long(Start(variant.dates))},
       {"fin", End(variant.dates)},
       {"fondement",
        variant.basis ? std::optional<Value>(Value::String("arrêté n° 1")) : std::nullopt}}));
}

}  // namespace universe_internal

namespace ui = universe_internal;

uint64_t Slice::Size() const {
  uint64_t size = 1;
  for (const Dimension& d : dimensions) size *= static_cast<uint64_t>(d.size());
  return size;
}

std::vector<Entity> Universe::Layer(const Slice& slice, absl::Span<const int> values) const {
  ui::Attributes caller = caller_defaults_;
  ui::Attributes resource = slice.resource_defaults;
  std::vector<Entity> layer;
  for (size_t i = 0; i < slice.dimensions.size(); ++i) {
    const Dimension& d = slice.dimensions[i];
    switch (d.kind) {
      case DimensionKind::kPrincipal:
        ui::AddPrincipalEntities(declared_, principals_[values[i]], &layer);
        break;
      case DimensionKind::kCaller: ui::Apply(d.values[values[i]], &caller); break;
      case DimensionKind::kResource: ui::Apply(d.values[values[i]], &resource); break;
      case DimensionKind::kIdentity: break;
    }
  }
  layer.push_back(ui::MakeEntity(declared_, "Utilisateur", ui::kCaller, caller));
  if (slice.resource_id.has_value()) {
    layer.push_back(ui::MakeEntity(declared_, slice.resource_type, *slice.resource_id, resource));
  }
  return layer;
}

absl::StatusOr<Entities> Universe::Store(const Slice& slice, absl::Span<const int> values,
                                         int schema) const {
  return Entities::BuildOver({bases_[schema]}, Layer(slice, values));
}

Request Universe::MakeRequest(const Slice& slice, absl::Span<const int> values,
                              int context) const {
  Request request;
  request.principal = caller_;
  request.action = slice.action_value;
  request.resource = slice.resource_value;
  bool assigned = false;
  for (size_t i = 0; i < slice.dimensions.size(); ++i) {
    const Dimension& d = slice.dimensions[i];
    if (d.kind == DimensionKind::kIdentity) request.resource = d.values[values[i]].resource;
    if (d.kind == DimensionKind::kPrincipal) assigned = !principals_[values[i]].role.empty();
  }
  request.context = contexts_[assigned ? 1 : 0][context];
  return request;
}

std::string Universe::Describe(const Slice& slice, absl::Span<const int> values,
                               int context) const {
  std::vector<std::string> caller, resource;
  for (size_t i = 0; i < slice.dimensions.size(); ++i) {
    const Dimension& d = slice.dimensions[i];
    const std::string& label = d.values[values[i]].label;
    bool of_caller = d.kind == DimensionKind::kPrincipal || d.kind == DimensionKind::kCaller;
    (of_caller ? caller : resource).push_back(label);
  }
  return absl::StrCat(absl::StrJoin(caller, ", "), " ; action « ", slice.action.id, " » ; ",
                      slice.resource_type, " (", absl::StrJoin(resource, ", "),
                      ") ; finalité « ", finalites_[FinaliteOf(context)], " », classe « ",
                      classes_[ClasseOf(context)], " »");
}

std::string Universe::RoleLabel(const Slice& slice, absl::Span<const int> values) const {
  for (size_t i = 0; i < slice.dimensions.size(); ++i) {
    if (slice.dimensions[i].kind != DimensionKind::kPrincipal) continue;
    const std::string& role = principals_[values[i]].role;
    return role.empty() ? "sans attribution" : role;
  }
  return "sans attribution";
}

uint64_t Universe::RequestCount() const {
  uint64_t count = 0;
  for (const Slice& slice : slices_) count += slice.Size();
  return count * static_cast<uint64_t>(context_count());
}

namespace {

std::string DimensionLine(const Dimension& d) {
  std::vector<std::string> labels;
  for (const DimensionValue& v : d.values) labels.push_back(v.label);
  return absl::StrCat("    ", d.name, " (", d.size(), ") : ", absl::StrJoin(labels, " | "), "\n");
}

}  // namespace

const char* BoundHelp() {
  return "La borne (DESIGN.md §5) : monde fixe — territoires t1 et t2, communes c1a, c1b, c2a, c2b,\n"
         "un contrôleur par commune et un contrôleur EPCI par territoire, groupes g1 et gp (t1),\n"
         "g3 (t2), versions de charte t1-v1, t1-v2 (en vigueur), t2-v1 ; jour fixe.\n"
         "Dimensions :\n"
         "  appelant : chaque couple (type d'organisation, rôle) valide du catalogue (commune\n"
         "    c1a ou c1b pour une mairie, une police municipale, un établissement scolaire) ;\n"
         "  attribution : aucune, ou territoire t1 ou t2 × commune (rôles communaux) × dates\n"
         "    (en vigueur, en vigueur jusqu'à ce jour, échue, pas encore commencée) × fondement\n"
         "    (cité ou non, pour les rôles qui en exigent un) ;\n"
         "  groupes {aucun, g1, gp} × exclusions {aucune, g1} × chartes signées {aucune, t1-v1,\n"
         "    t1-v2 et t2-v1} ;\n"
         "  ressource, selon son type : Dossier (contrôleur, mesure, organisation détentrice,\n"
         "    intervenants, cercle social, groupe, protocole, archivage), Personne, Tache,\n"
         "    Statistiques, JournalAudit, RepertoirePersonnes, DemandeDroits, Territoire,\n"
         "    Organisation, Utilisateur, Attribution, Groupe, Application ;\n"
         "  action : chaque action du schéma qui s'applique au type ; finalité × classe : toutes.\n"
         "Borne réduite (--borne reduite, pour les builds instrumentés) : chaque rôle une seule\n"
         "fois, avec le premier type d'organisation que le catalogue lui donne, et deux sortes\n"
         "de dates (en vigueur, échue) ; le reste comme la borne complète.\n";
}

std::string Universe::Description() const {
  std::string out = absl::StrCat(
      bound_ == Bound::kComplete ? "Borne complète" : "Borne réduite",
      " : monde fixe — territoires t1 (charte en vigueur t1-v2) et t2 (t2-v1), communes c1a, c1b "
      "(t1) et c2a, c2b (t2), un contrôleur par commune et un contrôleur EPCI par territoire, "
      "groupes g1 (t1, opérationnel), gp (t1, plénière), g3 (t2, opérationnel), jour ",
      kToday, ".\n");
  absl::StrAppend(&out, "  appelant : ", principals_.size(),
                  " variantes (organisation × rôle × attribution, ou sans attribution) ; ",
                  bound_ == Bound::kComplete
                      ? "tous les couples organisation–rôle valides du catalogue, attribution en "
                        "vigueur, en vigueur jusqu'à ce jour, échue ou pas encore commencée"
                      : "chaque rôle une fois, avec le premier type d'organisation que le "
                        "catalogue lui donne, attribution en vigueur ou échue",
                  ", dans t1 ou t2 (et chaque commune du territoire pour un rôle communal), "
                  "fondement cité ou non pour un rôle qui en exige un.\n");
  absl::StrAppend(&out, "  contexte : ", finalites_.size(), " finalités × ", classes_.size(),
                  " classes : ", absl::StrJoin(finalites_, ", "), " × ",
                  absl::StrJoin(classes_, ", "), ".\n");
  if (!slices_.empty()) {
    absl::StrAppend(&out, "  groupes, exclusions et signatures de l'appelant :\n");
    for (const Dimension& d : slices_.front().dimensions) {
      if (d.kind == DimensionKind::kCaller) absl::StrAppend(&out, DimensionLine(d));
    }
  }
  std::vector<std::string> seen;
  for (const Slice& slice : slices_) {
    if (std::find(seen.begin(), seen.end(), slice.resource_type) != seen.end()) continue;
    seen.push_back(slice.resource_type);
    absl::StrAppend(&out, "  ressource ", slice.resource_type, " :\n");
    for (const Dimension& d : slice.dimensions) {
      bool of_resource = d.kind == DimensionKind::kResource || d.kind == DimensionKind::kIdentity;
      if (of_resource) absl::StrAppend(&out, DimensionLine(d));
    }
  }
  absl::StrAppend(&out, "  ", slices_.size(), " couples (action, type de ressource) ; ",
                  Count(RequestCount()), " requêtes en tout.\n");
  return out;
}

}  // namespace suivi::policy::analysis
