// policy/analysis/universe_check.cc: the universe's entities and requests
// checked against each schema, as the Cedar CLI checks them
// (policy/schema_conformance.h). The reads analysis (reads.h) follows the
// schema's attribute types: this check is what makes them the types the
// evaluation meets.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "policy/analysis/universe_internal.h"
#include "policy/schema_conformance.h"

namespace suivi::policy::analysis::universe_internal {
namespace {

nlohmann::json ToJson(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kBool: return v.bool_value();
    case Value::Kind::kLong: return v.long_value();
    case Value::Kind::kString: return v.string_value();
    case Value::Kind::kEntity:
      return {{"__entity", {{"type", v.entity_value().type}, {"id", v.entity_value().id}}}};
    case Value::Kind::kSet: {
      nlohmann::json out = nlohmann::json::array();
      for (const Value& e : v.set_value()) out.push_back(ToJson(e));
      return out;
    }
    case Value::Kind::kRecord: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [name, field] : v.record_value()) out[name] = ToJson(field);
      return out;
    }
  }
  return nullptr;
}

// The entities of `entities` whose type `schema` declares, with the
// attributes it declares (another schema of a diff may declare more).
void AppendJson(const std::vector<Entity>& entities, const Schema& schema, nlohmann::json* out) {
  for (const Entity& entity : entities) {
    const EntityTypeDef* def = schema.FindEntityType(entity.uid.type);
    if (def == nullptr) continue;
    nlohmann::json attrs = nlohmann::json::object();
    for (const auto& [name, value] : entity.attrs.record_value()) {
      if (def->shape.FindAttribute(name) != nullptr) attrs[name] = ToJson(value);
    }
    nlohmann::json parents = nlohmann::json::array();
    for (const EntityUid& p : entity.parents) parents.push_back({{"type", p.type}, {"id", p.id}});
    out->push_back({{"uid", {{"type", entity.uid.type}, {"id", entity.uid.id}}},
                    {"attrs", std::move(attrs)},
                    {"parents", std::move(parents)}});
  }
}

// The layer of one request (the world is checked once: Cedar does not
// require the entities an attribute names to be given).
absl::Status CheckPoint(const Universe& universe, const Slice& slice,
                        const std::vector<int>& values, const Schema& schema) {
  nlohmann::json entities = nlohmann::json::array();
  AppendJson(universe.Layer(slice, values), schema, &entities);
  RETURN_IF_ERROR(ParseEntitiesJson(entities.dump(), schema).status());
  return CheckRequest(schema, universe.MakeRequest(slice, values, 0));
}

}  // namespace

absl::Status CheckConformance(const Universe& universe, const Schema& schema, int index) {
  nlohmann::json world = nlohmann::json::array();
  AppendJson(universe.world(), schema, &world);
  absl::Status status = ParseEntitiesJson(world.dump(), schema).status();
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("le monde de la borne ne se conforme pas au schéma : ", status.message()));
  }
  bool principal_checked = false;
  for (const Slice& slice : universe.slices()) {
    if (!slice.in_schema[index]) continue;
    for (size_t d = 0; d < slice.dimensions.size(); ++d) {
      bool principal = slice.dimensions[d].kind == DimensionKind::kPrincipal;
      if (principal && principal_checked) continue;
      principal_checked = principal_checked || principal;
      std::vector<int> values(slice.dimensions.size(), 0);
      for (int v = 0; v < slice.dimensions[d].size(); ++v) {
        values[d] = v;
        status = CheckPoint(universe, slice, values, schema);
        if (!status.ok()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "la borne ne se conforme pas au schéma (", slice.action.ToString(), ", ",
              slice.dimensions[d].values[v].label, ") : ", status.message()));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace suivi::policy::analysis::universe_internal
