// tests/cedar/schema_model.cc

#include "tests/cedar/schema_model.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/cedar/policy_text.h"

namespace suivi::cedar_testing {
namespace {

std::string NamespaceOf(const std::string& qualified) {
  const size_t colons = qualified.rfind("::");
  return colons == std::string::npos ? "" : qualified.substr(0, colons);
}

std::string BaseName(const std::string& qualified) {
  const size_t colons = qualified.rfind("::");
  return colons == std::string::npos ? qualified : qualified.substr(colons + 2);
}

// A name as written in a declaration of namespace `ns`: a top-level name
// is written bare; one of `ns` may be.
std::string PrintName(const std::string& qualified, bool keep_namespace, const std::string& ns) {
  const std::string target = NamespaceOf(qualified);
  if (!target.empty() && target == ns && !keep_namespace) return BaseName(qualified);
  return qualified;
}

std::string PrintIdOrString(const std::string& s) {
  return IsIdentifier(s) && !IsReservedWord(s) ? s : CedarQuote(s);
}

// An entity type named like a builtin (`entity Long;`) hides it in its
// namespace and, declared at top level, in every namespace: the builtin is
// then written `__cedar::Long`.
bool BuiltinHidden(const SchemaModel& s, const std::string& name, const std::string& ns) {
  for (const EntityModel& e : s.entities) {
    if (e.name == name && (e.ns.empty() || e.ns == ns)) return true;
  }
  return false;
}

std::string PrintType(const TypeModel& t, const std::string& ns, const SchemaModel* s);

std::string PrintAttributes(const std::vector<AttributeModel>& attributes, const std::string& ns,
                            const SchemaModel* s) {
  std::string out = "{";
  for (size_t i = 0; i < attributes.size(); ++i) {
    const AttributeModel& a = attributes[i];
    out += (i > 0 ? ", " : "") + PrintIdOrString(a.name) + (a.required ? ": " : "?: ") +
           PrintType(a.type, ns, s);
  }
  return out + "}";
}

// `s` (nullptr: none) tells which builtins are hidden.
std::string PrintType(const TypeModel& t, const std::string& ns, const SchemaModel* s) {
  auto builtin = [&](const std::string& name) {
    const bool hidden = s != nullptr && BuiltinHidden(*s, name, ns);
    return (t.qualified || hidden ? "__cedar::" : "") + name;
  };
  switch (t.kind) {
    case TypeModel::Kind::kBool: return builtin("Bool");
    case TypeModel::Kind::kLong: return builtin("Long");
    case TypeModel::Kind::kString: return builtin("String");
    case TypeModel::Kind::kEntity:
    case TypeModel::Kind::kCommon: return PrintName(t.name, t.qualified, ns);
    case TypeModel::Kind::kSet: return "Set<" + PrintType(t.element[0], ns, s) + ">";
    case TypeModel::Kind::kRecord: return PrintAttributes(t.attributes, ns, s);
  }
  return "";
}

std::string PrintTypeList(const std::vector<TypeModel>& types, bool compact, const std::string& ns,
                          const SchemaModel& s) {
  if (compact && types.size() == 1) return PrintType(types[0], ns, &s);
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    out += (i > 0 ? ", " : "") + PrintType(types[i], ns, &s);
  }
  return out + "]";
}

std::string PrintActionRef(const ActionRefModel& ref, const std::string& ns) {
  if (ref.ns.empty() || ref.ns == ns) {
    return ref.as_uid ? "Action::" + CedarQuote(ref.id) : PrintIdOrString(ref.id);
  }
  return ref.ns + "::Action::" + CedarQuote(ref.id);
}

std::string Annotated(const std::string& annotation, const std::string& declaration) {
  return annotation.empty() ? declaration : annotation + " " + declaration;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i > 0 ? ", " : "") + names[i];
  return out;
}

// `names`: the entity types the declaration declares (one, or a group).
std::string PrintEntity(const EntityModel& e, const std::vector<std::string>& names,
                        const SchemaModel& s) {
  std::string out = "entity " + Joined(names);
  if (!e.member_of.empty()) {
    out += " in " + PrintTypeList(e.member_of, e.compact, e.ns, s);
  } else if (e.empty_parents) {
    out += " in []";
  }
  if (!e.enum_ids.empty()) {
    out += " enum [";
    for (size_t i = 0; i < e.enum_ids.size(); ++i) {
      out += (i > 0 ? ", " : "") + CedarQuote(e.enum_ids[i]);
    }
    out += "]";
  } else if (!e.attributes.empty() || e.equals_form) {
    out += (e.equals_form ? " = " : " ") + PrintAttributes(e.attributes, e.ns, &s);
  }
  return Annotated(e.annotation, out + ";");
}

std::string PrintCommonType(const CommonTypeModel& c, const SchemaModel& s) {
  return Annotated(c.annotation, "type " + c.name + " = " + PrintType(c.type, c.ns, &s) + ";");
}

std::string PrintAction(const ActionModel& a, const std::vector<std::string>& ids,
                        const SchemaModel& s) {
  std::vector<std::string> names;
  for (const std::string& id : ids) names.push_back(PrintIdOrString(id));
  std::string out = "action " + Joined(names);
  if (!a.member_of.empty()) {
    out += " in [";
    for (size_t i = 0; i < a.member_of.size(); ++i) {
      out += (i > 0 ? ", " : "") + PrintActionRef(a.member_of[i], a.ns);
    }
    out += "]";
  }
  if (a.applies) {
    out += " appliesTo {";
    std::vector<std::string> parts;
    if (!a.omit_principal) {
      parts.push_back("principal: " + PrintTypeList(a.principals, a.compact, a.ns, s));
    }
    parts.push_back("resource: " + PrintTypeList(a.resources, a.compact, a.ns, s));
    if (a.has_context) parts.push_back("context: " + PrintType(a.context, a.ns, &s));
    for (size_t i = 0; i < parts.size(); ++i) {
      out += (i > 0 ? "," : "") + std::string("\n    ") + parts[i];
    }
    out += "\n  }";
  }
  return Annotated(a.annotation, out + ";");
}

// The declarations of `items` in namespace `ns`, grouped where a group's
// members print the same body: (order, text).
template <typename T, typename Print>
void Declarations(const std::vector<T>& items, const std::string& ns,
                  const std::string& (*name_of)(const T&), Print print,
                  std::vector<std::pair<int, std::string>>* out) {
  std::vector<bool> done(items.size(), false);
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].ns != ns || done[i]) continue;
    std::vector<std::string> names = {name_of(items[i])};
    if (items[i].group != 0) {
      const std::string body = print(items[i], std::vector<std::string>{"\x01"});
      for (size_t j = i + 1; j < items.size(); ++j) {
        if (items[j].ns == ns && items[j].group == items[i].group && !done[j] &&
            print(items[j], std::vector<std::string>{"\x01"}) == body) {
          names.push_back(name_of(items[j]));
          done[j] = true;
        }
      }
    }
    out->emplace_back(items[i].order, print(items[i], names));
  }
}

const std::string& EntityName(const EntityModel& e) { return e.name; }
const std::string& ActionId(const ActionModel& a) { return a.id; }

}  // namespace

TypeModel TypeModel::Of(Kind kind) {
  TypeModel t;
  t.kind = kind;
  return t;
}

TypeModel TypeModel::Entity(std::string name) {
  TypeModel t = Of(Kind::kEntity);
  t.name = std::move(name);
  return t;
}

TypeModel TypeModel::Set(TypeModel element) {
  TypeModel t = Of(Kind::kSet);
  t.element.push_back(std::move(element));
  return t;
}

TypeModel TypeModel::Record(std::vector<AttributeModel> attributes) {
  TypeModel t = Of(Kind::kRecord);
  t.attributes = std::move(attributes);
  return t;
}

bool TypeModel::SameAs(const TypeModel& other) const {
  if (kind != other.kind) return false;
  switch (kind) {
    case Kind::kEntity:
    case Kind::kCommon: return name == other.name;
    case Kind::kSet: return element[0].SameAs(other.element[0]);
    case Kind::kRecord: {
      if (attributes.size() != other.attributes.size()) return false;
      for (const AttributeModel& a : attributes) {
        bool found = false;
        for (const AttributeModel& b : other.attributes) {
          found = found || (a.name == b.name && a.required == b.required && a.type.SameAs(b.type));
        }
        if (!found) return false;
      }
      return true;
    }
    default: return true;
  }
}

std::string TypeModel::Describe() const {
  switch (kind) {
    case Kind::kSet: return "Set<" + element[0].Describe() + ">";
    case Kind::kRecord: {
      std::string out = "{";
      for (size_t i = 0; i < attributes.size(); ++i) {
        out += (i > 0 ? ", " : "") + attributes[i].name + (attributes[i].required ? ": " : "?: ") +
               attributes[i].type.Describe();
      }
      return out + "}";
    }
    default: return PrintType(*this, "\x01", nullptr);
  }
}

std::string Qualify(const std::string& ns, const std::string& name) {
  return ns.empty() ? name : ns + "::" + name;
}

bool IsReservedWord(const std::string& s) {
  static const auto* words = new std::set<std::string>{"true", "false", "if",   "then", "else",
                                                       "in",   "is",    "like", "has",  "__cedar"};
  return words->count(s) > 0;
}

std::string EntityModel::Qualified() const { return Qualify(ns, name); }
std::string CommonTypeModel::Qualified() const { return Qualify(ns, name); }
std::string ActionModel::Type() const { return Qualify(ns, "Action"); }

std::string SchemaModel::ToText() const {
  std::string out;
  for (const std::string& ns : namespaces) {
    std::vector<std::pair<int, std::string>> declarations;
    Declarations(
        entities, ns, &EntityName,
        [&](const EntityModel& e, const std::vector<std::string>& names) {
          return PrintEntity(e, names, *this);
        },
        &declarations);
    for (const CommonTypeModel& c : common_types) {
      if (c.ns == ns) declarations.emplace_back(c.order, PrintCommonType(c, *this));
    }
    Declarations(
        actions, ns, &ActionId,
        [&](const ActionModel& a, const std::vector<std::string>& ids) {
          return PrintAction(a, ids, *this);
        },
        &declarations);
    std::stable_sort(declarations.begin(), declarations.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::string indent = ns.empty() ? "" : "  ";
    if (!ns.empty()) {
      if (annotate_namespaces) out += "@doc(\"espace\")\n";
      out += "namespace " + ns + " {" + (comments ? "  // " + ns : "") + "\n";
    }
    for (size_t i = 0; i < declarations.size(); ++i) {
      if (comments && i % 3 == 1)
        out += indent +
               "// d\xc3\xa9"
               "claration " +
               std::to_string(i) + "\n";
      out += indent + declarations[i].second + "\n";
    }
    if (!ns.empty()) out += "}\n";
  }
  if (drop_last_semicolon) {
    const size_t semicolon = out.rfind(';');
    if (semicolon != std::string::npos) out.erase(semicolon, 1);
  }
  return out;
}

namespace {

template <typename T>
std::vector<T> Without(const std::vector<T>& items, size_t i) {
  std::vector<T> out = items;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
  return out;
}

// Attribute lists one step simpler: an attribute dropped, its type Long.
std::vector<std::vector<AttributeModel>> AttributeShrinks(
    const std::vector<AttributeModel>& attributes) {
  std::vector<std::vector<AttributeModel>> out;
  for (size_t i = 0; i < attributes.size(); ++i) out.push_back(Without(attributes, i));
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].type.kind == TypeModel::Kind::kLong) continue;
    std::vector<AttributeModel> copy = attributes;
    copy[i].type = TypeModel::Long();
    out.push_back(std::move(copy));
  }
  return out;
}

void EntityShrinks(const SchemaModel& s, size_t i, std::vector<SchemaModel>* out) {
  const EntityModel& e = s.entities[i];
  auto with = [&](EntityModel changed) {
    SchemaModel copy = s;
    copy.entities[i] = std::move(changed);
    out->push_back(std::move(copy));
  };
  for (size_t j = 0; j < e.member_of.size(); ++j) {
    EntityModel copy = e;
    copy.member_of = Without(e.member_of, j);
    with(std::move(copy));
  }
  for (auto& attributes : AttributeShrinks(e.attributes)) {
    EntityModel copy = e;
    copy.attributes = std::move(attributes);
    with(std::move(copy));
  }
  if (e.enum_ids.size() > 1) {
    EntityModel copy = e;
    copy.enum_ids.pop_back();
    with(std::move(copy));
  }
  if (!e.annotation.empty() || e.equals_form || e.compact) {
    EntityModel copy = e;
    copy.annotation.clear();
    copy.equals_form = false;
    copy.compact = false;
    with(std::move(copy));
  }
}

void ActionShrinks(const SchemaModel& s, size_t i, std::vector<SchemaModel>* out) {
  const ActionModel& a = s.actions[i];
  auto with = [&](ActionModel changed) {
    SchemaModel copy = s;
    copy.actions[i] = std::move(changed);
    out->push_back(std::move(copy));
  };
  for (size_t j = 0; j < a.member_of.size(); ++j) {
    ActionModel copy = a;
    copy.member_of = Without(a.member_of, j);
    with(std::move(copy));
  }
  for (size_t j = 0; a.principals.size() > 1 && j < a.principals.size(); ++j) {
    ActionModel copy = a;
    copy.principals = Without(a.principals, j);
    with(std::move(copy));
  }
  for (size_t j = 0; a.resources.size() > 1 && j < a.resources.size(); ++j) {
    ActionModel copy = a;
    copy.resources = Without(a.resources, j);
    with(std::move(copy));
  }
  if (a.has_context) {
    ActionModel copy = a;
    copy.has_context = false;
    with(std::move(copy));
    if (a.context.kind == TypeModel::Kind::kRecord) {
      for (auto& attributes : AttributeShrinks(a.context.attributes)) {
        ActionModel smaller = a;
        smaller.context.attributes = std::move(attributes);
        with(std::move(smaller));
      }
    }
  }
  if (a.applies) {
    ActionModel copy = a;
    copy.applies = false;
    with(std::move(copy));
  }
  if (!a.annotation.empty() || a.compact) {
    ActionModel copy = a;
    copy.annotation.clear();
    copy.compact = false;
    with(std::move(copy));
  }
}

}  // namespace

std::vector<SchemaModel> SchemaShrinks(const SchemaModel& s) {
  std::vector<SchemaModel> out;
  for (size_t i = 0; i < s.actions.size(); ++i) {
    SchemaModel copy = s;
    copy.actions = Without(s.actions, i);
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < s.entities.size(); ++i) {
    SchemaModel copy = s;
    copy.entities = Without(s.entities, i);
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < s.common_types.size(); ++i) {
    SchemaModel copy = s;
    copy.common_types = Without(s.common_types, i);
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < s.entities.size(); ++i) EntityShrinks(s, i, &out);
  for (size_t i = 0; i < s.actions.size(); ++i) ActionShrinks(s, i, &out);
  for (size_t i = 0; i < s.common_types.size(); ++i) {
    if (s.common_types[i].type.kind == TypeModel::Kind::kLong) continue;
    SchemaModel copy = s;
    copy.common_types[i].type = TypeModel::Long();
    out.push_back(std::move(copy));
  }
  // A change of form that does not show (`compact` with two parents) is
  // no simplification.
  const std::string text = s.ToText();
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const SchemaModel& c) { return c.ToText() == text; }),
            out.end());
  return out;
}

// --- ResolvedSchema

ResolvedSchema::ResolvedSchema(const SchemaModel& model) : common_types_(model.common_types) {
  for (const EntityModel& e : model.entities) {
    EntityInfo info;
    info.name = e.Qualified();
    for (const TypeModel& parent : e.member_of) info.parents.push_back(parent.name);
    info.attributes = Resolve(TypeModel::Record(e.attributes)).attributes;
    info.enum_ids = e.enum_ids;
    entities_.push_back(std::move(info));
  }
  for (const ActionModel& a : model.actions) {
    ActionInfo info;
    info.type = a.Type();
    info.id = a.id;
    info.applies = a.applies;
    for (const TypeModel& t : a.principals) info.principals.push_back(t.name);
    for (const TypeModel& t : a.resources) info.resources.push_back(t.name);
    if (a.has_context) info.context = Resolve(a.context).attributes;
    actions_.push_back(std::move(info));
  }
  // Ancestors: the transitive closure of member_of (acyclic in a valid
  // schema).
  for (size_t i = 0; i < model.actions.size(); ++i) {
    std::vector<ActionRefModel> pending = model.actions[i].member_of;
    std::set<std::pair<std::string, std::string>> seen;
    while (!pending.empty()) {
      const ActionRefModel ref = pending.back();
      pending.pop_back();
      if (!seen.insert({Qualify(ref.ns, "Action"), ref.id}).second) continue;
      for (const ActionModel& a : model.actions) {
        if (a.ns == ref.ns && a.id == ref.id) {
          pending.insert(pending.end(), a.member_of.begin(), a.member_of.end());
        }
      }
    }
    actions_[i].ancestors.assign(seen.begin(), seen.end());
    for (const ActionRefModel& ref : model.actions[i].member_of) {
      actions_[i].parents.emplace_back(Qualify(ref.ns, "Action"), ref.id);
    }
  }
}

const EntityInfo* ResolvedSchema::FindEntity(const std::string& name) const {
  for (const EntityInfo& e : entities_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

TypeModel ResolvedSchema::Resolve(const TypeModel& type) const {
  TypeModel out = type;
  out.qualified = false;
  switch (type.kind) {
    case TypeModel::Kind::kCommon:
      for (const CommonTypeModel& c : common_types_) {
        if (c.Qualified() == type.name) return Resolve(c.type);
      }
      return out;
    case TypeModel::Kind::kSet: out.element[0] = Resolve(type.element[0]); return out;
    case TypeModel::Kind::kRecord: {
      // An attribute declared twice keeps its last declaration.
      out.attributes.clear();
      for (const AttributeModel& a : type.attributes) {
        AttributeModel resolved{a.name, Resolve(a.type), a.required};
        bool replaced = false;
        for (AttributeModel& earlier : out.attributes) {
          if (earlier.name == a.name) {
            earlier = resolved;
            replaced = true;
          }
        }
        if (!replaced) out.attributes.push_back(std::move(resolved));
      }
      return out;
    }
    default: return out;
  }
}

bool ResolvedSchema::MayBeDescendant(const std::string& descendant,
                                     const std::string& ancestor) const {
  std::vector<std::string> pending = {descendant};
  std::set<std::string> seen;
  while (!pending.empty()) {
    const std::string type = pending.back();
    pending.pop_back();
    const EntityInfo* info = FindEntity(type);
    if (info == nullptr) continue;
    for (const std::string& parent : info->parents) {
      if (parent == ancestor) return true;
      if (seen.insert(parent).second) pending.push_back(parent);
    }
  }
  return false;
}

}  // namespace suivi::cedar_testing
