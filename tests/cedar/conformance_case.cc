// tests/cedar/conformance_case.cc

#include "tests/cedar/conformance_case.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;
using Kind = TypeModel::Kind;

// Policies of a conformance case are there to be evaluated: mostly valid.
constexpr int kPolicyMistakePercent = 15;
constexpr int kSchemaMistakePercent = 2;
constexpr uint64_t kDataSeedSalt = 0x636f6e666f726dULL;

constexpr int64_t kMinPerMille = 3;
constexpr double kMinCaught = 0.5;
constexpr double kMaxConformingRefused = 0.05;

const std::vector<std::string>& Ids() {
  static const auto* ids = new std::vector<std::string>{"a", "b", "alice", "g1"};
  return *ids;
}

const std::vector<std::string>& Strings() {
  static const auto* strings = new std::vector<std::string>{"", "a", "abc", "x y", "a*c"};
  return *strings;
}

json UidJson(const std::string& type, const std::string& id) {
  return json{{"type", type}, {"id", id}};
}

const AttributeModel* FindAttribute(const std::vector<AttributeModel>& attributes,
                                    const std::string& name) {
  for (const AttributeModel& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string Percent(int64_t part, int64_t whole) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
  return buffer;
}

}  // namespace

const char* DataMistakeName(DataMistake m) {
  switch (m) {
    case DataMistake::kNone: return "none";
    case DataMistake::kUndeclaredEntityType: return "entity of an undeclared type";
    case DataMistake::kMissingAttribute: return "required attribute missing";
    case DataMistake::kUndeclaredAttribute: return "undeclared attribute";
    case DataMistake::kWrongAttributeType: return "attribute of the wrong type";
    case DataMistake::kWrongEntityType: return "reference to an entity of the wrong type";
    case DataMistake::kRecordShape: return "record field missing or extra";
    case DataMistake::kParentType: return "parent of a type not allowed";
    case DataMistake::kInvalidEnumId: return "undeclared enum id in the entities";
    case DataMistake::kDuplicateEntity: return "entity twice, different";
    case DataMistake::kActionEntity: return "action entity unlike the schema";
    case DataMistake::kParentCycle: return "entities each other's parents";
    case DataMistake::kPrincipalType: return "principal type not in appliesTo";
    case DataMistake::kResourceType: return "resource type not in appliesTo";
    case DataMistake::kUnknownAction: return "action unknown or without appliesTo";
    case DataMistake::kContextMissing: return "context attribute missing";
    case DataMistake::kContextExtra: return "context attribute undeclared";
    case DataMistake::kContextType: return "context attribute of the wrong type";
    case DataMistake::kRequestEnumId: return "undeclared enum id in the request";
    case DataMistake::kUndeclaredRequestType: return "request entity of an undeclared type";
    case DataMistake::kCount: break;
  }
  return "?";
}

bool InRequest(DataMistake m) {
  return static_cast<int>(m) >= static_cast<int>(DataMistake::kPrincipalType) &&
         m != DataMistake::kCount;
}

std::string ConformanceCase::OracleLine() const {
  return json{{"op", "conform"},
              {"schema", base.SchemaText()},
              {"policies", base.PolicyText()},
              {"entities", entities},
              {"request", request}}
      .dump();
}

std::string ConformanceCase::Describe() const {
  std::string out = base.Describe();
  out += "--- entities";
  if (mistake != DataMistake::kNone) {
    out += std::string(" and request (generated with a mistake: ") + DataMistakeName(mistake) + ")";
  }
  return out + "\n" + entities.dump(1) + "\n--- request\n" + request.dump(1) + "\n";
}

ConformanceCaseGenerator::ConformanceCaseGenerator(uint64_t seed)
    : random_(seed ^ kDataSeedSalt), cases_(seed, kPolicyMistakePercent, kSchemaMistakePercent) {}

ConformanceCase ConformanceCaseGenerator::Next() {
  ConformanceCase c;
  c.base = cases_.Next();
  if (c.base.schema_mistake != SchemaMistake::kNone) {
    // Only the verdicts on the schema are compared.
    c.request = json{{"principal", UidJson("Absent", "a")},
                     {"action", UidJson("Action", "a")},
                     {"resource", UidJson("Absent", "a")},
                     {"context", json::object()}};
    return c;
  }
  const ResolvedSchema schema(c.base.schema);
  schema_ = &schema;
  AddEntities(&c);
  AddRequest(&c);
  const int r = random_.Uniform(100);
  constexpr int kFirstRequest = static_cast<int>(DataMistake::kPrincipalType);
  constexpr int kCount = static_cast<int>(DataMistake::kCount);
  DataMistake m = DataMistake::kNone;
  if (r < kEntityMistakePercent) {
    m = static_cast<DataMistake>(1 + random_.Uniform(kFirstRequest - 1));
  } else if (r < kEntityMistakePercent + kRequestMistakePercent) {
    m = static_cast<DataMistake>(kFirstRequest + random_.Uniform(kCount - kFirstRequest));
  }
  if (m != DataMistake::kNone && !AddMistake(m, &c)) {
    m = InRequest(m) ? DataMistake::kContextExtra : DataMistake::kUndeclaredEntityType;
    AddMistake(m, &c);
  }
  c.mistake = m;
  schema_ = nullptr;
  return c;
}

std::string ConformanceCaseGenerator::Id(const std::string& type) {
  const EntityInfo* e = schema_->FindEntity(type);
  if (e != nullptr && !e->enum_ids.empty()) return random_.Pick(e->enum_ids);
  return random_.Pick(Ids());
}

json ConformanceCaseGenerator::Uid(const std::string& type) {
  std::vector<std::string> existing;
  for (const auto& [t, id] : uids_) {
    if (t == type) existing.push_back(id);
  }
  if (!existing.empty() && random_.Chance(70)) return UidJson(type, random_.Pick(existing));
  return UidJson(type, Id(type));
}

json ConformanceCaseGenerator::ParentUid(const std::string& type, size_t index) {
  std::vector<std::string> earlier;
  for (size_t i = 0; i < index && i < uids_.size(); ++i) {
    if (uids_[i].first == type) earlier.push_back(uids_[i].second);
  }
  if (!earlier.empty() && random_.Chance(70)) return UidJson(type, random_.Pick(earlier));
  const EntityInfo* e = schema_->FindEntity(type);
  if (e != nullptr && !e->enum_ids.empty()) return UidJson(type, random_.Pick(e->enum_ids));
  return UidJson(type, "hors-magasin");
}

json ConformanceCaseGenerator::EntityRef(const std::string& type) {
  json uid = Uid(type);
  // With a schema, an entity reference may leave out "__entity".
  if (random_.Chance(30)) return uid;
  return json{{"__entity", std::move(uid)}};
}

json ConformanceCaseGenerator::Value(const TypeModel& type, int depth) {
  switch (type.kind) {
    case Kind::kBool: return random_.Chance(50);
    case Kind::kLong: {
      static const auto* extremes =
          new std::vector<int64_t>{std::numeric_limits<int64_t>::max(),
                                   std::numeric_limits<int64_t>::min(), int64_t{1} << 40};
      return random_.Chance(85) ? static_cast<int64_t>(random_.Uniform(21) - 10)
                                : random_.Pick(*extremes);
    }
    case Kind::kString: return random_.Pick(Strings());
    case Kind::kEntity: return EntityRef(type.name);
    case Kind::kSet: {
      json set = json::array();
      const int n = depth > 0 ? random_.Uniform(4) : 0;
      for (int i = 0; i < n; ++i) set.push_back(Value(type.element[0], depth - 1));
      return set;
    }
    case Kind::kRecord: {
      json record = json::object();
      for (const AttributeModel& a : type.attributes) {
        if (a.required || random_.Chance(60)) record[a.name] = Value(a.type, depth);
      }
      return record;
    }
    case Kind::kCommon: break;
  }
  return json();
}

json ConformanceCaseGenerator::WrongValue(const TypeModel& type) {
  switch (type.kind) {
    case Kind::kBool: return "true";
    case Kind::kLong: return random_.Chance(50) ? json("3") : json(true);
    case Kind::kString: return 3;
    case Kind::kEntity: return random_.Chance(50) ? json("a") : json(42);
    case Kind::kSet: return random_.Chance(50) ? json("x") : json::object();
    default: return 7;
  }
}

void ConformanceCaseGenerator::AddEntities(ConformanceCase* c) {
  uids_.clear();
  const int n = random_.Between(1, 6);
  for (int i = 0; i < 3 * n && static_cast<int>(uids_.size()) < n; ++i) {
    const std::string type = random_.Pick(schema_->entities()).name;
    std::pair<std::string, std::string> uid{type, Id(type)};
    bool seen = false;
    for (const auto& u : uids_) seen = seen || u == uid;
    if (!seen) uids_.push_back(std::move(uid));
  }
  for (size_t i = 0; i < uids_.size(); ++i) {
    const auto& [type, id] = uids_[i];
    const EntityInfo* info = schema_->FindEntity(type);
    json attrs = json::object();
    for (const AttributeModel& a : info->attributes) {
      if (a.required || random_.Chance(60)) attrs[a.name] = Value(a.type, 2);
    }
    json parents = json::array();
    for (const std::string& parent : info->parents) {
      if (random_.Chance(40)) parents.push_back(ParentUid(parent, i));
    }
    c->entities.push_back(json{{"uid", UidJson(type, id)}, {"attrs", attrs}, {"parents", parents}});
  }
  // Forms Cedar accepts: an entity given twice identically; an action
  // entity as the schema declares it, with every ancestor as a parent.
  if (!c->entities.empty() && random_.Chance(5)) {
    c->entities.push_back(
        c->entities[static_cast<size_t>(random_.Uniform(static_cast<int>(c->entities.size())))]);
  }
  if (random_.Chance(8)) {
    const ActionInfo& a = random_.Pick(schema_->actions());
    json parents = json::array();
    for (const auto& [type, group] : a.ancestors) parents.push_back(UidJson(type, group));
    c->entities.push_back(
        json{{"uid", UidJson(a.type, a.id)}, {"attrs", json::object()}, {"parents", parents}});
  }
}

void ConformanceCaseGenerator::AddRequest(ConformanceCase* c) {
  std::vector<const ActionInfo*> applying;
  for (const ActionInfo& a : schema_->actions()) {
    if (a.applies) applying.push_back(&a);
  }
  const ActionInfo& a = applying.empty() ? schema_->actions()[0] : *random_.Pick(applying);
  const std::string principal = a.principals.empty() ? "Absent" : random_.Pick(a.principals);
  const std::string resource = a.resources.empty() ? "Absent" : random_.Pick(a.resources);
  c->request = json{{"principal", Uid(principal)},
                    {"action", UidJson(a.type, a.id)},
                    {"resource", Uid(resource)},
                    {"context", Value(TypeModel::Record(a.context), 2)}};
}

bool ConformanceCaseGenerator::AddMistake(DataMistake m, ConformanceCase* c) {
  json& entities = c->entities;
  json& request = c->request;
  // The entity at `i`, its declared attributes.
  // The entities of declared entity types (not actions), their attributes.
  auto info = [&](size_t i) {
    return schema_->FindEntity(entities[i]["uid"]["type"].get<std::string>());
  };
  std::vector<size_t> typed;
  for (size_t i = 0; i < entities.size(); ++i) {
    if (info(i) != nullptr) typed.push_back(i);
  }
  auto declared = [&](size_t i) -> const std::vector<AttributeModel>& {
    return info(i)->attributes;
  };
  auto some_entity = [&]() { return random_.Pick(typed); };
  std::vector<std::string> types;
  for (const EntityInfo& e : schema_->entities()) types.push_back(e.name);
  const ActionInfo* action = nullptr;
  for (const ActionInfo& a : schema_->actions()) {
    if (json{{"type", a.type}, {"id", a.id}} == request["action"]) action = &a;
  }
  switch (m) {
    case DataMistake::kNone:
    case DataMistake::kCount: return true;
    case DataMistake::kUndeclaredEntityType:
      entities.push_back(json{
          {"uid", UidJson("Absent", "a")}, {"attrs", json::object()}, {"parents", json::array()}});
      return true;
    case DataMistake::kUndeclaredAttribute:
      if (typed.empty()) return false;
      entities[some_entity()]["attrs"]["nope"] = 1;
      return true;
    case DataMistake::kMissingAttribute:
    case DataMistake::kWrongAttributeType:
    case DataMistake::kWrongEntityType:
    case DataMistake::kRecordShape: {
      // An attribute given, of a type the mistake can be made with.
      std::vector<std::pair<size_t, const AttributeModel*>> candidates;
      for (size_t i : typed) {
        for (const auto& item : entities[i]["attrs"].items()) {
          const AttributeModel* a = FindAttribute(declared(i), item.key());
          if (a == nullptr) continue;
          const bool fits = m == DataMistake::kMissingAttribute  ? a->required
                            : m == DataMistake::kWrongEntityType ? a->type.kind == Kind::kEntity
                            : m == DataMistake::kRecordShape     ? a->type.kind == Kind::kRecord
                                                                 : true;
          if (fits) candidates.emplace_back(i, a);
        }
      }
      if (candidates.empty()) return false;
      const auto& [i, a] =
          candidates[static_cast<size_t>(random_.Uniform(static_cast<int>(candidates.size())))];
      json& attrs = entities[i]["attrs"];
      if (m == DataMistake::kMissingAttribute) {
        attrs.erase(a->name);
      } else if (m == DataMistake::kWrongAttributeType) {
        attrs[a->name] = WrongValue(a->type);
      } else if (m == DataMistake::kWrongEntityType) {
        std::vector<std::string> others;
        for (const std::string& t : types) {
          if (t != a->type.name) others.push_back(t);
        }
        if (others.empty()) return false;
        const std::string other = random_.Pick(others);
        attrs[a->name] = json{{"__entity", UidJson(other, Id(other))}};
      } else {
        std::vector<std::string> required;
        for (const AttributeModel& field : a->type.attributes) {
          if (field.required) required.push_back(field.name);
        }
        if (!required.empty() && random_.Chance(50)) {
          attrs[a->name].erase(random_.Pick(required));
        } else {
          attrs[a->name]["nope"] = 1;
        }
      }
      return true;
    }
    case DataMistake::kParentType: {
      if (typed.empty()) return false;
      const size_t i = some_entity();
      std::vector<std::string> not_allowed;
      for (const std::string& t : types) {
        bool allowed = false;
        for (const std::string& p : info(i)->parents) allowed = allowed || p == t;
        if (!allowed) not_allowed.push_back(t);
      }
      if (not_allowed.empty()) return false;
      entities[i]["parents"].push_back(Uid(random_.Pick(not_allowed)));
      return true;
    }
    case DataMistake::kInvalidEnumId: {
      for (const EntityInfo& e : schema_->entities()) {
        if (e.enum_ids.empty()) continue;
        entities.push_back(json{{"uid", UidJson(e.name, "nope")},
                                {"attrs", json::object()},
                                {"parents", json::array()}});
        return true;
      }
      return false;
    }
    case DataMistake::kDuplicateEntity: {
      if (typed.empty()) return false;
      json twin = entities[some_entity()];
      if (!twin["attrs"].empty()) {
        twin["attrs"].erase(twin["attrs"].begin());
      } else if (!twin["parents"].empty()) {
        twin["parents"] = json::array();
      } else {
        return false;
      }
      entities.push_back(std::move(twin));
      return true;
    }
    case DataMistake::kActionEntity: {
      const ActionInfo& a = random_.Pick(schema_->actions());
      json parents = json::array();
      std::string id = a.id;
      if (random_.Chance(40)) {
        id = "absent";
      } else if (a.ancestors.size() > a.parents.size()) {
        // Its declared groups only: Cedar wants every ancestor.
        for (const auto& [type, group] : a.parents) parents.push_back(UidJson(type, group));
      } else if (a.ancestors.empty()) {
        const ActionInfo& other = random_.Pick(schema_->actions());
        if (&other == &a) return false;
        parents.push_back(UidJson(other.type, other.id));
      }
      entities.push_back(json{{"uid", UidJson(a.type, id)},
                              {"attrs", json::object()},
                              {"parents", std::move(parents)}});
      return true;
    }
    case DataMistake::kParentCycle: {
      std::vector<std::pair<size_t, size_t>> pairs;
      for (size_t i : typed) {
        for (size_t j : typed) {
          if (j < i) continue;
          const EntityInfo* a = info(i);
          const EntityInfo* b = info(j);
          bool a_in_b = false;
          bool b_in_a = false;
          for (const std::string& p : a->parents) a_in_b = a_in_b || p == b->name;
          for (const std::string& p : b->parents) b_in_a = b_in_a || p == a->name;
          if (a_in_b && b_in_a) pairs.emplace_back(i, j);
        }
      }
      if (pairs.empty()) return false;
      const auto& [i, j] =
          pairs[static_cast<size_t>(random_.Uniform(static_cast<int>(pairs.size())))];
      entities[i]["parents"].push_back(entities[j]["uid"]);
      if (i != j) entities[j]["parents"].push_back(entities[i]["uid"]);
      return true;
    }
    case DataMistake::kPrincipalType:
    case DataMistake::kResourceType: {
      if (action == nullptr) return false;
      const bool principal = m == DataMistake::kPrincipalType;
      const std::vector<std::string>& allowed = principal ? action->principals : action->resources;
      std::vector<std::string> others;
      for (const std::string& t : types) {
        bool in = false;
        for (const std::string& a : allowed) in = in || a == t;
        if (!in) others.push_back(t);
      }
      if (others.empty()) return false;
      request[principal ? "principal" : "resource"] = Uid(random_.Pick(others));
      return true;
    }
    case DataMistake::kUnknownAction: {
      std::vector<const ActionInfo*> groups;
      for (const ActionInfo& a : schema_->actions()) {
        if (!a.applies) groups.push_back(&a);
      }
      if (!groups.empty() && random_.Chance(50)) {
        const ActionInfo& g = *random_.Pick(groups);
        request["action"] = UidJson(g.type, g.id);
      } else {
        request["action"]["id"] = "absent";
      }
      return true;
    }
    case DataMistake::kContextMissing:
    case DataMistake::kContextType: {
      if (action == nullptr) return false;
      std::vector<const AttributeModel*> candidates;
      for (const auto& item : request["context"].items()) {
        const AttributeModel* a = FindAttribute(action->context, item.key());
        if (a != nullptr && (a->required || m == DataMistake::kContextType))
          candidates.push_back(a);
      }
      if (candidates.empty()) return false;
      const AttributeModel* a = random_.Pick(candidates);
      if (m == DataMistake::kContextMissing) {
        request["context"].erase(a->name);
      } else {
        request["context"][a->name] = WrongValue(a->type);
      }
      return true;
    }
    case DataMistake::kContextExtra: request["context"]["nope"] = 1; return true;
    case DataMistake::kRequestEnumId: {
      // An action that applies to an enumerated type, and a request for it.
      std::vector<std::pair<const ActionInfo*, bool>> candidates;  // action, principal?
      for (const ActionInfo& a : schema_->actions()) {
        if (!a.applies) continue;
        for (const bool principal : {true, false}) {
          for (const std::string& t : principal ? a.principals : a.resources) {
            if (!schema_->FindEntity(t)->enum_ids.empty()) candidates.emplace_back(&a, principal);
          }
        }
      }
      if (candidates.empty()) return false;
      const auto& [a, principal] =
          candidates[static_cast<size_t>(random_.Uniform(static_cast<int>(candidates.size())))];
      request = json{{"principal", Uid(random_.Pick(a->principals))},
                     {"action", UidJson(a->type, a->id)},
                     {"resource", Uid(random_.Pick(a->resources))},
                     {"context", Value(TypeModel::Record(a->context), 2)}};
      for (const std::string& t : principal ? a->principals : a->resources) {
        if (!schema_->FindEntity(t)->enum_ids.empty()) {
          request[principal ? "principal" : "resource"] = UidJson(t, "nope");
        }
      }
      return true;
    }
    case DataMistake::kUndeclaredRequestType:
      request[random_.Chance(50) ? "principal" : "resource"] = UidJson("Absent", "a");
      return true;
  }
  return false;
}

std::vector<ConformanceCase> Shrinks(const ConformanceCase& c) {
  std::vector<ConformanceCase> out;
  for (size_t i = 0; i < c.entities.size(); ++i) {
    ConformanceCase copy = c;
    copy.entities.erase(i);
    out.push_back(std::move(copy));
  }
  for (ValidationCase& smaller : Shrinks(c.base)) {
    ConformanceCase copy = c;
    copy.base = std::move(smaller);
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < c.entities.size(); ++i) {
    for (const auto& item : c.entities[i]["attrs"].items()) {
      ConformanceCase copy = c;
      copy.entities[i]["attrs"].erase(item.key());
      out.push_back(std::move(copy));
    }
    for (size_t j = 0; j < c.entities[i]["parents"].size(); ++j) {
      ConformanceCase copy = c;
      copy.entities[i]["parents"].erase(j);
      out.push_back(std::move(copy));
    }
  }
  if (c.request.contains("context")) {
    for (const auto& item : c.request["context"].items()) {
      ConformanceCase copy = c;
      copy.request["context"].erase(item.key());
      out.push_back(std::move(copy));
    }
  }
  return out;
}

void ConformanceStats::Add(const ConformanceCase& c, bool schema_ok, bool entities_ok,
                           bool request_ok, bool decided_allow) {
  if (!schema_ok) return;
  ++cases_;
  const int k = static_cast<int>(c.mistake);
  ++made_[k];
  const bool conforming = entities_ok && request_ok;
  if (conforming) ++conforming_;
  if (conforming && decided_allow) ++allowed_;
  const bool caught = c.mistake == DataMistake::kNone ? !conforming
                      : InRequest(c.mistake)          ? !request_ok
                                                      : !entities_ok;
  if (caught) ++caught_[k];
}

std::vector<std::string> ConformanceStats::Problems() const {
  std::vector<std::string> out;
  if (cases_ < 1000) return out;
  if (static_cast<double>(caught_[0]) > kMaxConformingRefused * static_cast<double>(made_[0])) {
    out.push_back("entities or requests generated without mistake refused by Cedar: " +
                  Percent(caught_[0], made_[0]));
  }
  if (allowed_ * 100 < conforming_) {
    out.push_back("requests allowed: " + Percent(allowed_, conforming_));
  }
  for (int k = 1; k < kKinds; ++k) {
    const std::string name = DataMistakeName(static_cast<DataMistake>(k));
    if (made_[k] * 1000 < kMinPerMille * cases_) {
      out.push_back("mistake rarely made: " + name + " (" + std::to_string(made_[k]) + ")");
    } else if (static_cast<double>(caught_[k]) < kMinCaught * static_cast<double>(made_[k])) {
      out.push_back("mistake rarely caught by Cedar: " + name + " (" +
                    Percent(caught_[k], made_[k]) + ")");
    }
  }
  return out;
}

std::string ConformanceStats::Summary() const {
  std::string out = std::to_string(cases_) +
                    " cases with a valid schema: " + Percent(conforming_, cases_) +
                    " entities and request accepted, " + Percent(allowed_, conforming_) +
                    " of those allowed\n  mistakes made (caught by Cedar):";
  for (int k = 0; k < kKinds; ++k) {
    out += std::string("\n    ") + DataMistakeName(static_cast<DataMistake>(k)) + ": " +
           std::to_string(made_[k]) + " (" + Percent(caught_[k], made_[k]) + ")";
  }
  return out;
}

}  // namespace suivi::cedar_testing
