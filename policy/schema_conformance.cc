// policy/schema_conformance.cc
//
// Cedar's rules (cedar-policy-core entities/json/entities.rs, value.rs,
// entities/conformance.rs, validator/coreschema.rs), which this follows:
// - JSON is read as the declared type says: where an entity is expected,
//   {"type", "id"} stands for {"__entity": {"type", "id"}} (other keys are
//   ignored); sets and records are read element by element.
// - A value conforms to its type exactly: the same primitive, an entity of
//   exactly the declared type, a set whose elements conform (an empty set
//   conforms to any set type), a record with every required attribute and
//   no undeclared one (records are closed).
// - Every entity uid met (the entity, its parents, in attribute values, in
//   the context) of an enumerated type has a listed id; of an action type,
//   is a declared action.
// - An action entity given in the JSON must equal its declaration: no
//   attributes, and the same ancestors once the given hierarchy is closed.
//   The store then holds the schema's actions, not the given ones.

#include "policy/schema_conformance.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "policy/json_value.h"

namespace suivi::policy {
namespace {

// Cedar's test: an entity type whose last component is `Action`.
bool IsActionTypeName(absl::string_view type) {
  return type == "Action" || absl::EndsWith(type, "::Action");
}

// Where a value sits, for messages: the subject ("entité User::\"alice\"")
// and the attribute path within it ("adresse.commune", "roles[]").
class Place {
 public:
  explicit Place(std::string subject) : subject_(std::move(subject)) {}

  Place Attribute(absl::string_view name) const {
    Place inner = *this;
    inner.path_ = path_.empty() ? std::string(name) : absl::StrCat(path_, ".", name);
    return inner;
  }
  Place Element() const {
    Place inner = *this;
    absl::StrAppend(&inner.path_, "[]");
    return inner;
  }

  absl::Status Error(absl::string_view message) const {
    if (path_.empty()) return absl::InvalidArgumentError(absl::StrCat(subject_, " : ", message));
    return absl::InvalidArgumentError(absl::StrCat(subject_, ", attribut « ", path_, " » : ", message));
  }

 private:
  std::string subject_;
  std::string path_;
};

// What a value is, without what it holds.
std::string ValueKindText(const Value& value) {
  if (value.kind() == Value::Kind::kEntity) {
    return absl::StrCat("une entité de type ", value.entity_value().type);
  }
  return KindName(value.kind());
}

std::string QuotedList(const std::vector<std::string>& items) {
  return absl::StrCat("« ", absl::StrJoin(items, " », « "), " »");
}

// ---------------------------------------------------------------------------
// Reading JSON as a declared type says.

bool IsEntityReference(const nlohmann::json& json) {
  return json.is_object() && (json.contains("__entity") || (json.contains("type") && json.contains("id")));
}

absl::StatusOr<EntityUid> EntityReferenceFromJson(const nlohmann::json& json, const Place& place) {
  const nlohmann::json& ref = json.contains("__entity") ? json["__entity"] : json;
  if (!ref.is_object() || !ref.contains("type") || !ref.contains("id") || !ref["type"].is_string() ||
      !ref["id"].is_string()) {
    return place.Error("entité attendue ({\"type\": ..., \"id\": ...})");
  }
  return EntityUid{ref["type"].get<std::string>(), ref["id"].get<std::string>()};
}

// `json` read as `expected` says (nullptr: no expectation). Only the
// reading is directed; whether the value conforms is Conform's business.
absl::StatusOr<Value> ValueFromJsonAs(const nlohmann::json& json, const SchemaType* expected,
                                      const Place& place) {
  if (expected != nullptr) {
    switch (expected->kind) {
      case SchemaType::Kind::kEntity:
        if (!IsEntityReference(json)) break;
        {
          ASSIGN_OR_RETURN(EntityUid uid, EntityReferenceFromJson(json, place));
          return Value::Entity(std::move(uid));
        }
      case SchemaType::Kind::kSet:
        if (!json.is_array()) break;
        {
          SetElements elements;
          for (const nlohmann::json& item : json) {
            ASSIGN_OR_RETURN(elements.emplace_back(),
                             ValueFromJsonAs(item, &expected->element.front(), place.Element()));
          }
          return Value::Set(std::move(elements));
        }
      case SchemaType::Kind::kRecord:
        if (!json.is_object()) break;
        {
          RecordFields fields;
          for (const auto& [key, item] : json.items()) {
            const SchemaAttribute* attribute = expected->FindAttribute(key);
            ASSIGN_OR_RETURN(Value value, ValueFromJsonAs(item, attribute ? &attribute->type : nullptr,
                                                          place.Attribute(key)));
            fields.emplace_back(key, std::move(value));
          }
          return Value::Record(std::move(fields));
        }
      default:
        break;
    }
  }
  absl::StatusOr<Value> value = ValueFromJson(json);
  if (!value.ok()) return place.Error(value.status().message());
  return value;
}

// ---------------------------------------------------------------------------
// Conformance of values.

// Cedar's validate_euid: an id listed by its enumerated type, a declared
// action. `what` names the uid in the message ("un parent", "le principal").
absl::Status CheckUidDeclared(const Schema& schema, const EntityUid& uid, absl::string_view what,
                              const Place& place) {
  const EntityTypeDef* def = schema.FindEntityType(uid.type);
  if (def != nullptr && !def->enum_ids.empty() &&
      std::find(def->enum_ids.begin(), def->enum_ids.end(), uid.id) == def->enum_ids.end()) {
    return place.Error(absl::StrCat(what, " de type ", uid.type,
                                    " n'a pas l'un des identifiants de l'énumération (",
                                    QuotedList(def->enum_ids), ")"));
  }
  if (IsActionTypeName(uid.type) && schema.FindAction(uid) == nullptr) {
    return place.Error(absl::StrCat(what, " est l'action ", uid.ToString(), ", non déclarée dans le schéma"));
  }
  return absl::OkStatus();
}

absl::Status Conform(const Schema& schema, const Value& value, const SchemaType& type,
                     const Place& place);

absl::Status ConformRecord(const Schema& schema, const Value& value, const SchemaType& type,
                           const Place& place) {
  for (const SchemaAttribute& attribute : type.attributes) {
    const Value* field = value.FindField(attribute.name);
    if (field == nullptr) {
      if (!attribute.required) continue;
      return place.Error(absl::StrCat("l'attribut « ", attribute.name, " », obligatoire, manque"));
    }
    RETURN_IF_ERROR(Conform(schema, *field, attribute.type, place.Attribute(attribute.name)));
  }
  for (const auto& [key, field] : value.record_value()) {
    if (type.FindAttribute(key) == nullptr) {
      return place.Error(absl::StrCat("l'attribut « ", key, " » n'est pas déclaré dans le schéma"));
    }
  }
  return absl::OkStatus();
}

Value::Kind KindOf(SchemaType::Kind kind) {
  switch (kind) {
    case SchemaType::Kind::kBool:
      return Value::Kind::kBool;
    case SchemaType::Kind::kLong:
      return Value::Kind::kLong;
    case SchemaType::Kind::kString:
      return Value::Kind::kString;
    case SchemaType::Kind::kEntity:
      return Value::Kind::kEntity;
    case SchemaType::Kind::kSet:
      return Value::Kind::kSet;
    case SchemaType::Kind::kRecord:
      return Value::Kind::kRecord;
  }
  return Value::Kind::kBool;
}

absl::Status Conform(const Schema& schema, const Value& value, const SchemaType& type,
                     const Place& place) {
  bool same_kind = value.kind() == KindOf(type.kind);
  if (!same_kind || (type.kind == SchemaType::Kind::kEntity && value.entity_value().type != type.entity_type)) {
    return place.Error(absl::StrCat("type attendu : ", type.ToString(), " ; reçu : ", ValueKindText(value)));
  }
  switch (type.kind) {
    case SchemaType::Kind::kEntity:
      return CheckUidDeclared(schema, value.entity_value(), "l'entité", place);
    case SchemaType::Kind::kSet:
      for (const Value& element : value.set_value()) {
        RETURN_IF_ERROR(Conform(schema, element, type.element.front(), place.Element()));
      }
      return absl::OkStatus();
    case SchemaType::Kind::kRecord:
      return ConformRecord(schema, value, type, place);
    default:
      return absl::OkStatus();
  }
}

// ---------------------------------------------------------------------------
// Entities.

// The envelope of one entity, its uid read; `index` counts from 1.
absl::StatusOr<EntityUid> EnvelopeUid(const nlohmann::json& json, size_t index) {
  Place place(absl::StrCat("entité n° ", index));
  if (!json.is_object() || !json.contains("uid")) return place.Error("« uid » manque");
  absl::StatusOr<EntityUid> uid = EntityUidFromJson(json["uid"]);
  if (!uid.ok()) return place.Error(uid.status().message());
  return uid;
}

// Cedar requires "attrs" and "parents", even empty; "tags" are outside the
// subset, so only an empty object is allowed.
absl::Status CheckEnvelope(const nlohmann::json& json, const Place& place) {
  if (!json.contains("attrs") || !json["attrs"].is_object()) return place.Error("« attrs » (un objet) manque");
  if (!json.contains("parents") || !json["parents"].is_array()) {
    return place.Error("« parents » (une liste) manque");
  }
  if (json.contains("tags") && !(json["tags"].is_object() && json["tags"].empty())) {
    return place.Error("les étiquettes (tags) ne font pas partie du sous-ensemble");
  }
  return absl::OkStatus();
}

absl::Status ReadParents(const nlohmann::json& json, const Place& place, Entity* entity) {
  for (const nlohmann::json& parent : json["parents"]) {
    absl::StatusOr<EntityUid> uid = EntityUidFromJson(parent);
    if (!uid.ok()) return place.Error(uid.status().message());
    entity->parents.push_back(*std::move(uid));
  }
  return absl::OkStatus();
}

// An action entity as given; compared with its declaration later, once all
// the given actions are known.
absl::StatusOr<Entity> ActionFromJson(const nlohmann::json& json, Entity entity, const Place& place) {
  ASSIGN_OR_RETURN(entity.attrs, ValueFromJsonAs(json["attrs"], nullptr, place));
  RETURN_IF_ERROR(ReadParents(json, place, &entity));
  for (const EntityUid& parent : entity.parents) {
    if (!IsActionTypeName(parent.type)) {
      return place.Error(absl::StrCat("une action n'a que des actions pour parents, pas une entité de type ",
                                      parent.type));
    }
  }
  return entity;
}

absl::Status CheckParents(const Schema& schema, const EntityTypeDef& def, const Entity& entity,
                          const Place& place) {
  for (const EntityUid& parent : entity.parents) {
    RETURN_IF_ERROR(CheckUidDeclared(schema, parent, "un parent", place));
    // As Cedar: any type the schema's `in` relation reaches, in one step
    // or more (a parent may stand for a whole chain of declared parents).
    if (!schema.MayBeDescendant(def.name, parent.type)) {
      const std::vector<std::string>& allowed = def.member_of_types;
      std::string permitted =
          allowed.empty() ? "aucun parent n'est permis à ce type"
                          : absl::StrCat("types permis : ", absl::StrJoin(allowed, ", "),
                                         " et leurs ancêtres");
      return place.Error(absl::StrCat("un parent de type ", parent.type, " n'est pas permis (", permitted, ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Entity> EntityFromJson(const nlohmann::json& json, size_t index, const Schema& schema) {
  Entity entity;
  ASSIGN_OR_RETURN(entity.uid, EnvelopeUid(json, index));
  Place place(absl::StrCat("entité ", entity.uid.ToString()));
  RETURN_IF_ERROR(CheckEnvelope(json, place));
  if (IsActionTypeName(entity.uid.type)) return ActionFromJson(json, std::move(entity), place);
  const EntityTypeDef* def = schema.FindEntityType(entity.uid.type);
  if (def == nullptr) {
    return place.Error(absl::StrCat("le type ", entity.uid.type, " n'est pas déclaré dans le schéma"));
  }
  RETURN_IF_ERROR(CheckUidDeclared(schema, entity.uid, "l'entité", place));
  ASSIGN_OR_RETURN(entity.attrs, ValueFromJsonAs(json["attrs"], &def->shape, place));
  RETURN_IF_ERROR(Conform(schema, entity.attrs, def->shape, place));
  RETURN_IF_ERROR(ReadParents(json, place, &entity));
  RETURN_IF_ERROR(CheckParents(schema, *def, entity, place));
  return entity;
}

bool SameEntity(const Entity& a, const Entity& b) {
  return a.uid == b.uid && a.attrs == b.attrs &&
         absl::flat_hash_set<EntityUid>(a.parents.begin(), a.parents.end()) ==
             absl::flat_hash_set<EntityUid>(b.parents.begin(), b.parents.end());
}

// Each given action equals its declaration: no attributes, and the same
// ancestors once the given hierarchy is closed (Cedar's deep_eq).
absl::Status CheckGivenActions(const Schema& schema, const std::vector<Entity>& actions) {
  absl::flat_hash_map<EntityUid, const Entity*> given;
  for (const Entity& action : actions) given[action.uid] = &action;
  for (const Entity& action : actions) {
    Place place(absl::StrCat("entité ", action.uid.ToString()));
    if (schema.FindAction(action.uid) == nullptr) return place.Error("action non déclarée dans le schéma");
    absl::flat_hash_set<EntityUid> reached;
    std::vector<EntityUid> pending = action.parents;
    while (!pending.empty()) {
      EntityUid next = std::move(pending.back());
      pending.pop_back();
      if (!reached.insert(next).second) continue;
      if (auto it = given.find(next); it != given.end()) {
        pending.insert(pending.end(), it->second->parents.begin(), it->second->parents.end());
      }
    }
    const std::vector<EntityUid>& declared = schema.ActionAncestors(action.uid);
    if (!action.attrs.record_value().empty() ||
        reached != absl::flat_hash_set<EntityUid>(declared.begin(), declared.end())) {
      std::vector<std::string> groups;
      for (const EntityUid& uid : declared) groups.push_back(uid.ToString());
      return place.Error(absl::StrCat(
          "ne correspond pas à la déclaration de l'action dans le schéma (sans attributs, groupes : ",
          groups.empty() ? "aucun" : absl::StrJoin(groups, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Requests.

absl::StatusOr<EntityUid> ScopeUid(const Value& value, absl::string_view what) {
  if (value.kind() != Value::Kind::kEntity) {
    return absl::InvalidArgumentError(absl::StrCat("requête : ", what, " doit être une entité"));
  }
  return value.entity_value();
}

absl::Status CheckScopeEntity(const Schema& schema, const EntityUid& uid, absl::string_view what) {
  Place place("requête");
  if (schema.FindEntityType(uid.type) == nullptr) {
    return place.Error(absl::StrCat(what, " est de type ", uid.type, ", non déclaré dans le schéma"));
  }
  return CheckUidDeclared(schema, uid, what, place);
}

absl::Status CheckApplies(const std::vector<std::string>& allowed, const EntityUid& uid,
                          absl::string_view what, const EntityUid& action) {
  if (std::find(allowed.begin(), allowed.end(), uid.type) != allowed.end()) return absl::OkStatus();
  std::string permitted = allowed.empty() ? "elle ne s'applique à aucune requête"
                                          : absl::StrCat("types permis : ", absl::StrJoin(allowed, ", "));
  return absl::InvalidArgumentError(absl::StrCat("requête : ", what, " de type ", uid.type,
                                                 " n'est pas permis pour l'action ", action.ToString(),
                                                 " (", permitted, ")"));
}

absl::StatusOr<EntityUid> RequestUidFromJson(const nlohmann::json& json, const char* field) {
  if (!json.contains(field)) return absl::InvalidArgumentError(absl::StrCat("requête sans « ", field, " »"));
  absl::StatusOr<EntityUid> uid = EntityUidFromJson(json[field]);
  if (!uid.ok()) return absl::InvalidArgumentError(absl::StrCat("requête, « ", field, " » : ", uid.status().message()));
  return uid;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Entities>> ParseEntitiesJson(absl::string_view json,
                                                                  const Schema& schema) {
  ASSIGN_OR_RETURN(nlohmann::json parsed, ParseJsonText(json));
  if (!parsed.is_array()) return absl::InvalidArgumentError("les entités forment une liste JSON");
  std::vector<Entity> entities, actions;
  absl::flat_hash_map<EntityUid, Entity> seen;
  for (size_t i = 0; i < parsed.size(); ++i) {
    ASSIGN_OR_RETURN(Entity entity, EntityFromJson(parsed[i], i + 1, schema));
    if (auto it = seen.find(entity.uid); it != seen.end()) {
      if (SameEntity(it->second, entity)) continue;  // Cedar keeps identical duplicates once
      return absl::InvalidArgumentError(
          absl::StrCat("entité ", entity.uid.ToString(), " : donnée deux fois, différemment"));
    }
    seen.emplace(entity.uid, entity);
    (IsActionTypeName(entity.uid.type) ? actions : entities).push_back(std::move(entity));
  }
  RETURN_IF_ERROR(CheckGivenActions(schema, actions));
  for (const ActionDef& action : schema.actions()) {
    Entity& entity = entities.emplace_back();
    entity.uid = action.uid;
    entity.parents = action.member_of;
  }
  ASSIGN_OR_RETURN(Entities store, Entities::Build(std::move(entities)));
  return std::make_shared<const Entities>(std::move(store));
}

absl::Status CheckRequest(const Schema& schema, const Request& request) {
  ASSIGN_OR_RETURN(EntityUid principal, ScopeUid(request.principal, "le principal"));
  ASSIGN_OR_RETURN(EntityUid action, ScopeUid(request.action, "l'action"));
  ASSIGN_OR_RETURN(EntityUid resource, ScopeUid(request.resource, "la ressource"));
  RETURN_IF_ERROR(CheckScopeEntity(schema, principal, "le principal"));
  RETURN_IF_ERROR(CheckScopeEntity(schema, resource, "la ressource"));
  const ActionDef* def = schema.FindAction(action);
  if (def == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("requête : l'action ", action.ToString(), " n'est pas déclarée dans le schéma"));
  }
  RETURN_IF_ERROR(CheckApplies(def->principal_types, principal, "un principal", action));
  RETURN_IF_ERROR(CheckApplies(def->resource_types, resource, "une ressource", action));
  return Conform(schema, request.context, def->context, Place("contexte de la requête"));
}

absl::StatusOr<Request> ParseRequestJson(absl::string_view json, const Schema& schema) {
  ASSIGN_OR_RETURN(nlohmann::json parsed, ParseJsonText(json));
  if (!parsed.is_object()) return absl::InvalidArgumentError("la requête est un objet JSON");
  ASSIGN_OR_RETURN(EntityUid principal, RequestUidFromJson(parsed, "principal"));
  ASSIGN_OR_RETURN(EntityUid action, RequestUidFromJson(parsed, "action"));
  ASSIGN_OR_RETURN(EntityUid resource, RequestUidFromJson(parsed, "resource"));
  Request request;
  if (parsed.contains("context")) {
    if (!parsed["context"].is_object()) return absl::InvalidArgumentError("« context » doit être un objet");
    const ActionDef* def = schema.FindAction(action);
    ASSIGN_OR_RETURN(request.context, ValueFromJsonAs(parsed["context"], def ? &def->context : nullptr,
                                                      Place("contexte de la requête")));
  }
  request.principal = Value::Entity(std::move(principal));
  request.action = Value::Entity(std::move(action));
  request.resource = Value::Entity(std::move(resource));
  RETURN_IF_ERROR(CheckRequest(schema, request));
  return request;
}

}  // namespace suivi::policy
