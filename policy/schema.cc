// policy/schema.cc: the Schema, and the builder that resolves the names of
// a parsed schema (schema_parser.cc) as Cedar does.
//
// Cedar's rules (cedar-policy-core validator/schema.rs, namespace_def.rs,
// raw_name.rs), which the builder follows:
// - Declarations outside any namespace form one empty namespace; a named
//   namespace is declared at most once.
// - An unqualified name written in namespace N means N::name if that is
//   declared, else the name in the empty namespace. A qualified name means
//   itself. For one candidate, a common type wins over an entity type.
// - Bool, Long and String are `__cedar::Bool`, ... unless the empty
//   namespace declares an entity type of that name; the same goes for the
//   extension types (decimal, ipaddr, datetime, duration), which are outside
//   the subset here.
// - Parents, principal and resource types are entity types only; a context
//   written as a name is a common type only, and must be a record.
// - A name declared in a named namespace may not share its last component
//   with one declared in the empty namespace (RFC 70), for types and for
//   actions alike.
// - Common types may not refer to themselves, directly or not; the action
//   hierarchy has no cycle (the entity type hierarchy may have one).
// - A record attribute declared twice keeps its last declaration.

#include "policy/schema.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/common/status_macros.h"
#include "policy/lexer.h"
#include "policy/schema_internal.h"

namespace suivi::policy {

using schema_internal::Pos;
using schema_internal::RawActionDecl;
using schema_internal::RawActionRef;
using schema_internal::RawAttribute;
using schema_internal::RawDecl;
using schema_internal::RawEntityDecl;
using schema_internal::RawName;
using schema_internal::RawNamespace;
using schema_internal::RawSchema;
using schema_internal::RawType;

const SchemaAttribute* SchemaType::FindAttribute(absl::string_view name) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const SchemaAttribute& a, absl::string_view n) { return a.name < n; });
  return it != attributes.end() && it->name == name ? &*it : nullptr;
}

std::string SchemaType::ToString() const {
  switch (kind) {
    case Kind::kBool:
      return "Bool";
    case Kind::kLong:
      return "Long";
    case Kind::kString:
      return "String";
    case Kind::kEntity:
      return entity_type;
    case Kind::kSet:
      return absl::StrCat("Set<", element.front().ToString(), ">");
    case Kind::kRecord: {
      std::vector<std::string> fields;
      for (const SchemaAttribute& a : attributes) {
        fields.push_back(absl::StrCat(a.name, a.required ? "" : "?", ": ", a.type.ToString()));
      }
      return absl::StrCat("{", absl::StrJoin(fields, ", "), "}");
    }
  }
  return "";
}

const EntityTypeDef* Schema::FindEntityType(absl::string_view name) const {
  auto it = entity_type_index_.find(name);
  return it == entity_type_index_.end() ? nullptr : &entity_types_[it->second];
}

const ActionDef* Schema::FindAction(const EntityUid& uid) const {
  auto it = action_index_.find(uid);
  return it == action_index_.end() ? nullptr : &actions_[it->second];
}

bool Schema::IsActionType(absl::string_view type) const { return action_types_.contains(type); }

bool Schema::MayBeDescendant(absl::string_view descendant, absl::string_view ancestor) const {
  auto it = ancestor_types_.find(descendant);
  return it != ancestor_types_.end() && it->second.contains(ancestor);
}

const std::vector<EntityUid>& Schema::ActionAncestors(const EntityUid& action) const {
  static const std::vector<EntityUid>* const kNone = new std::vector<EntityUid>();
  auto it = action_ancestors_.find(action);
  return it == action_ancestors_.end() ? *kNone : it->second;
}

namespace {

constexpr char kCedarNamespace[] = "__cedar";
constexpr const char* kPrimitiveTypes[] = {"Bool", "Long", "String"};
constexpr const char* kExtensionTypes[] = {"decimal", "ipaddr", "datetime", "duration"};
// Names a common type may not have (they are keywords of Cedar's JSON
// schema format).
constexpr const char* kReservedCommonTypeNames[] = {"Bool", "Boolean", "Entity", "Extension",
                                                    "Long", "Record",  "Set",    "String"};

absl::Status ErrorAt(Pos pos, absl::string_view message) {
  return SyntaxError(pos.line, pos.column, message);
}

absl::Status OutsideTheSubset(const RawName& extension_type) {
  return ErrorAt(extension_type.pos, absl::StrCat("le type d'extension « ", extension_type.Joined(),
                                                  " » ne fait pas partie du sous-ensemble"));
}

std::string Qualify(absl::string_view ns, absl::string_view name) {
  return ns.empty() ? std::string(name) : absl::StrCat(ns, "::", name);
}

absl::string_view Basename(absl::string_view name) {
  size_t colon = name.rfind("::");
  return colon == absl::string_view::npos ? name : name.substr(colon + 2);
}

bool ContainsCedarNamespace(const std::vector<std::string>& parts) {
  return std::find(parts.begin(), parts.end(), kCedarNamespace) != parts.end();
}

template <size_t N>
bool OneOf(absl::string_view word, const char* const (&list)[N]) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// The names Cedar tries for `name` written in namespace `ns`, in order.
std::vector<std::string> Candidates(const RawName& name, absl::string_view ns) {
  std::string written = name.Joined();
  if (name.qualified() || ns.empty()) return {written};
  return {Qualify(ns, written), written};
}

SchemaType Primitive(absl::string_view name) {
  SchemaType type;
  type.kind = name == "Bool"   ? SchemaType::Kind::kBool
              : name == "Long" ? SchemaType::Kind::kLong
                               : SchemaType::Kind::kString;
  return type;
}

SchemaType EntityType(std::string name) {
  SchemaType type;
  type.kind = SchemaType::Kind::kEntity;
  type.entity_type = std::move(name);
  return type;
}

// Appends `item` unless already there (Cedar keeps these lists as sets).
template <typename T>
void AppendUnique(T item, std::vector<T>* list) {
  if (std::find(list->begin(), list->end(), item) == list->end()) list->push_back(std::move(item));
}

}  // namespace

// Turns the schema as written into a Schema: collects the declarations,
// applies Cedar's checks and resolves every name. One use per builder.
class SchemaBuilder {
 public:
  explicit SchemaBuilder(const RawSchema& raw) : raw_(raw), schema_(std::make_shared<Schema>()) {}

  absl::StatusOr<std::shared_ptr<const Schema>> Build();

 private:
  struct Declared {
    std::string ns;
    Pos pos;
  };
  struct CommonType {
    const RawType* type = nullptr;
    Declared where;
    enum class State { kTodo, kResolving, kDone } state = State::kTodo;
    SchemaType resolved;
  };

  // Declarations.
  absl::Status Collect();
  absl::Status CollectNamespaceName(const RawNamespace& ns, absl::flat_hash_set<std::string>* seen);
  absl::Status CollectEntity(const RawDecl& decl, const std::string& ns);
  absl::Status CollectAction(const RawDecl& decl, const std::string& ns);
  absl::Status CollectCommonType(const RawDecl& decl, const std::string& ns);
  absl::Status CheckNoShadowing() const;

  // Name resolution.
  absl::StatusOr<SchemaType> ResolveType(const RawType& type, const std::string& ns);
  absl::StatusOr<SchemaType> ResolveRecord(const std::vector<RawAttribute>& attributes,
                                           const std::string& ns);
  absl::StatusOr<SchemaType> ResolveTypeName(const RawName& name, const std::string& ns,
                                             bool entity_types);
  absl::StatusOr<std::string> ResolveEntityType(const RawName& name, const std::string& ns) const;
  absl::StatusOr<SchemaType> ResolveContext(const RawType& type, const std::string& ns,
                                            const EntityUid& action);
  absl::StatusOr<EntityUid> ResolveActionRef(const RawActionRef& ref, const std::string& ns) const;
  absl::StatusOr<SchemaType> InlineCommonType(CommonType* common, absl::string_view name);
  // The primitive `name` means, if it is one.
  std::optional<SchemaType> BuiltinPrimitive(absl::string_view name) const;
  bool IsExtensionType(absl::string_view name) const;

  // Definitions.
  absl::Status DefineEntityTypes();
  absl::Status DefineActions();
  absl::Status CheckActionCycles() const;
  void ComputeClosures();

  const RawSchema& raw_;
  std::shared_ptr<Schema> schema_;
  // Parallel to schema_->entity_types_ and schema_->actions_.
  std::vector<std::pair<const RawEntityDecl*, Declared>> entity_decls_;
  std::vector<std::pair<const RawActionDecl*, Declared>> action_decls_;
  absl::flat_hash_map<std::string, CommonType> common_types_;
  std::vector<std::string> common_type_order_;
};

absl::StatusOr<std::shared_ptr<const Schema>> SchemaBuilder::Build() {
  RETURN_IF_ERROR(Collect());
  RETURN_IF_ERROR(CheckNoShadowing());
  // Every common type is resolved, used or not, as Cedar does.
  for (const std::string& name : common_type_order_) {
    RETURN_IF_ERROR(InlineCommonType(&common_types_.at(name), name).status());
  }
  RETURN_IF_ERROR(DefineEntityTypes());
  RETURN_IF_ERROR(DefineActions());
  RETURN_IF_ERROR(CheckActionCycles());
  ComputeClosures();
  return std::shared_ptr<const Schema>(std::move(schema_));
}

absl::Status SchemaBuilder::Collect() {
  absl::flat_hash_set<std::string> namespaces;
  for (const RawNamespace& ns : raw_.namespaces) {
    RETURN_IF_ERROR(CollectNamespaceName(ns, &namespaces));
    std::string name = ns.name ? ns.name->Joined() : "";
    for (const RawDecl& decl : ns.decls) {
      switch (decl.kind) {
        case RawDecl::Kind::kEntity:
          RETURN_IF_ERROR(CollectEntity(decl, name));
          break;
        case RawDecl::Kind::kAction:
          RETURN_IF_ERROR(CollectAction(decl, name));
          break;
        case RawDecl::Kind::kCommonType:
          RETURN_IF_ERROR(CollectCommonType(decl, name));
          break;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::CollectNamespaceName(const RawNamespace& ns,
                                                 absl::flat_hash_set<std::string>* seen) {
  if (!ns.name) return absl::OkStatus();  // the empty namespace may be reopened
  if (ContainsCedarNamespace(ns.name->parts)) {
    return ErrorAt(ns.name->pos, "l'espace de noms « __cedar » est réservé");
  }
  if (!seen->insert(ns.name->Joined()).second) {
    return ErrorAt(ns.name->pos,
                   absl::StrCat("l'espace de noms « ", ns.name->Joined(), " » est déclaré deux fois"));
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::CollectEntity(const RawDecl& decl, const std::string& ns) {
  for (const schema_internal::RawIdent& name : decl.entity.names) {
    if (name.text == kCedarNamespace) return ErrorAt(name.pos, "le nom « __cedar » est réservé");
    if (name.text == "Action") {
      return ErrorAt(name.pos, "« Action » ne peut être déclaré comme type d'entité : c'est le type des actions");
    }
    std::string full = Qualify(ns, name.text);
    if (schema_->entity_type_index_.contains(full)) {
      return ErrorAt(name.pos, absl::StrCat("le type d'entité « ", full, " » est déclaré deux fois"));
    }
    schema_->entity_type_index_[full] = schema_->entity_types_.size();
    schema_->entity_types_.emplace_back().name = std::move(full);
    entity_decls_.emplace_back(&decl.entity, Declared{ns, name.pos});
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::CollectAction(const RawDecl& decl, const std::string& ns) {
  for (const schema_internal::RawIdent& name : decl.action.names) {
    EntityUid uid{Qualify(ns, "Action"), name.text};
    if (schema_->action_index_.contains(uid)) {
      return ErrorAt(name.pos, absl::StrCat("l'action ", uid.ToString(), " est déclarée deux fois"));
    }
    schema_->action_index_[uid] = schema_->actions_.size();
    schema_->action_types_.insert(uid.type);
    schema_->actions_.emplace_back().uid = std::move(uid);
    action_decls_.emplace_back(&decl.action, Declared{ns, name.pos});
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::CollectCommonType(const RawDecl& decl, const std::string& ns) {
  const schema_internal::RawIdent& name = decl.common.name;
  if (name.text == kCedarNamespace) return ErrorAt(name.pos, "le nom « __cedar » est réservé");
  if (OneOf(name.text, kReservedCommonTypeNames)) {
    return ErrorAt(name.pos, absl::StrCat("« ", name.text, " » est un mot réservé : un type commun ne peut s'appeler ainsi"));
  }
  std::string full = Qualify(ns, name.text);
  if (common_types_.contains(full)) {
    return ErrorAt(name.pos, absl::StrCat("le type commun « ", full, " » est déclaré deux fois"));
  }
  CommonType common;
  common.type = &decl.common.type;
  common.where = Declared{ns, decl.pos};
  common_types_.emplace(full, std::move(common));
  common_type_order_.push_back(std::move(full));
  return absl::OkStatus();
}

// RFC 70: no declaration in a named namespace may shadow one of the empty
// namespace with the same last component.
absl::Status SchemaBuilder::CheckNoShadowing() const {
  absl::flat_hash_set<std::string> unqualified_types, unqualified_actions;
  for (size_t i = 0; i < entity_decls_.size(); ++i) {
    if (entity_decls_[i].second.ns.empty()) unqualified_types.insert(schema_->entity_types_[i].name);
  }
  for (const auto& [name, common] : common_types_) {
    if (common.where.ns.empty()) unqualified_types.insert(name);
  }
  for (const ActionDef& def : schema_->actions_) {
    if (def.uid.type == "Action") unqualified_actions.insert(def.uid.id);
  }
  auto shadowing = [](absl::string_view qualified, absl::string_view shadowed) {
    return absl::StrCat("« ", qualified, " » masque « ", shadowed,
                        " », déclaré hors de tout espace de noms : renommez l'un des deux");
  };
  for (size_t i = 0; i < entity_decls_.size(); ++i) {
    const std::string& name = schema_->entity_types_[i].name;
    const Declared& where = entity_decls_[i].second;
    if (!where.ns.empty() && unqualified_types.contains(Basename(name))) {
      return ErrorAt(where.pos, shadowing(name, Basename(name)));
    }
  }
  for (const std::string& name : common_type_order_) {
    const Declared& where = common_types_.at(name).where;
    if (!where.ns.empty() && unqualified_types.contains(Basename(name))) {
      return ErrorAt(where.pos, shadowing(name, Basename(name)));
    }
  }
  for (size_t i = 0; i < action_decls_.size(); ++i) {
    const EntityUid& uid = schema_->actions_[i].uid;
    if (uid.type != "Action" && unqualified_actions.contains(uid.id)) {
      return ErrorAt(action_decls_[i].second.pos,
                     shadowing(uid.ToString(), EntityUid{"Action", uid.id}.ToString()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<SchemaType> SchemaBuilder::ResolveType(const RawType& type, const std::string& ns) {
  switch (type.kind) {
    case RawType::Kind::kName:
      return ResolveTypeName(type.name, ns, /*entity_types=*/true);
    case RawType::Kind::kSet: {
      SchemaType set;
      set.kind = SchemaType::Kind::kSet;
      ASSIGN_OR_RETURN(set.element.emplace_back(), ResolveType(type.element.front(), ns));
      return set;
    }
    case RawType::Kind::kRecord:
      return ResolveRecord(type.attributes, ns);
  }
  return absl::InternalError("type de schéma inconnu");
}

absl::StatusOr<SchemaType> SchemaBuilder::ResolveRecord(const std::vector<RawAttribute>& attributes,
                                                        const std::string& ns) {
  // Cedar keeps the last declaration of an attribute and ignores the
  // earlier ones, unresolved.
  absl::flat_hash_map<absl::string_view, const RawAttribute*> last;
  for (const RawAttribute& attribute : attributes) last[attribute.name] = &attribute;
  SchemaType record;
  record.kind = SchemaType::Kind::kRecord;
  for (const RawAttribute& attribute : attributes) {
    if (last[attribute.name] != &attribute) continue;
    SchemaAttribute& resolved = record.attributes.emplace_back();
    resolved.name = attribute.name;
    resolved.required = attribute.required;
    ASSIGN_OR_RETURN(resolved.type, ResolveType(attribute.type, ns));
  }
  std::sort(record.attributes.begin(), record.attributes.end(),
            [](const SchemaAttribute& a, const SchemaAttribute& b) { return a.name < b.name; });
  return record;
}

// A type written as a name: a common type, a builtin type or, when
// `entity_types`, an entity type — in the order Cedar looks them up.
absl::StatusOr<SchemaType> SchemaBuilder::ResolveTypeName(const RawName& name, const std::string& ns,
                                                          bool entity_types) {
  for (const std::string& candidate : Candidates(name, ns)) {
    if (auto it = common_types_.find(candidate); it != common_types_.end()) {
      return InlineCommonType(&it->second, candidate);
    }
    if (std::optional<SchemaType> primitive = BuiltinPrimitive(candidate)) return *primitive;
    if (IsExtensionType(candidate)) {
      return OutsideTheSubset(name);
    }
    if (entity_types && (schema_->entity_type_index_.contains(candidate) ||
                         schema_->action_types_.contains(candidate))) {
      return EntityType(candidate);
    }
  }
  return ErrorAt(name.pos, absl::StrCat(entity_types ? "le type « " : "le type commun « ",
                                        name.Joined(), " » n'est pas déclaré"));
}

// Parents, principal and resource types: declared entity types only (not
// common types, not the action types).
absl::StatusOr<std::string> SchemaBuilder::ResolveEntityType(const RawName& name,
                                                             const std::string& ns) const {
  for (const std::string& candidate : Candidates(name, ns)) {
    if (schema_->entity_type_index_.contains(candidate)) return candidate;
  }
  return ErrorAt(name.pos, absl::StrCat("le type d'entité « ", name.Joined(), " » n'est pas déclaré"));
}

absl::StatusOr<SchemaType> SchemaBuilder::ResolveContext(const RawType& type, const std::string& ns,
                                                         const EntityUid& action) {
  if (type.kind == RawType::Kind::kRecord) return ResolveType(type, ns);
  // A context written as a name is a common type (builtins included),
  // never an entity type.
  ASSIGN_OR_RETURN(SchemaType context, ResolveTypeName(type.name, ns, /*entity_types=*/false));
  if (context.kind != SchemaType::Kind::kRecord) {
    return ErrorAt(type.pos, absl::StrCat("le contexte de l'action ", action.ToString(),
                                          " doit être un enregistrement"));
  }
  return context;
}


absl::StatusOr<EntityUid> SchemaBuilder::ResolveActionRef(const RawActionRef& ref,
                                                          const std::string& ns) const {
  RawName type = ref.type ? *ref.type : RawName{{"Action"}, ref.pos};
  for (const std::string& candidate : Candidates(type, ns)) {
    EntityUid uid{candidate, ref.id};
    if (schema_->action_index_.contains(uid)) return uid;
  }
  return ErrorAt(ref.pos, absl::StrCat("l'action ", EntityUid{type.Joined(), ref.id}.ToString(),
                                       " n'est pas déclarée"));
}

absl::StatusOr<SchemaType> SchemaBuilder::InlineCommonType(CommonType* common, absl::string_view name) {
  switch (common->state) {
    case CommonType::State::kDone:
      return common->resolved;
    case CommonType::State::kResolving:
      return ErrorAt(common->where.pos,
                     absl::StrCat("le type commun « ", name, " » se contient lui-même (cycle)"));
    case CommonType::State::kTodo:
      break;
  }
  common->state = CommonType::State::kResolving;
  ASSIGN_OR_RETURN(common->resolved, ResolveType(*common->type, common->where.ns));
  common->state = CommonType::State::kDone;
  return common->resolved;
}

std::optional<SchemaType> SchemaBuilder::BuiltinPrimitive(absl::string_view name) const {
  std::vector<std::string> parts = absl::StrSplit(name, "::");
  if (!OneOf(parts.back(), kPrimitiveTypes)) return std::nullopt;
  if (parts.size() == 2 && parts[0] == kCedarNamespace) return Primitive(parts.back());
  // Unqualified, it is the primitive unless the empty namespace declares
  // an entity type of that name (a common type may not have it).
  if (parts.size() == 1 && !schema_->entity_type_index_.contains(name)) return Primitive(name);
  return std::nullopt;
}

bool SchemaBuilder::IsExtensionType(absl::string_view name) const {
  std::vector<std::string> parts = absl::StrSplit(name, "::");
  if (!OneOf(parts.back(), kExtensionTypes)) return false;
  if (parts.size() == 2 && parts[0] == kCedarNamespace) return true;
  return parts.size() == 1 && !schema_->entity_type_index_.contains(name) &&
         !common_types_.contains(name);
}

absl::Status SchemaBuilder::DefineEntityTypes() {
  for (size_t i = 0; i < entity_decls_.size(); ++i) {
    const auto& [decl, where] = entity_decls_[i];
    EntityTypeDef& def = schema_->entity_types_[i];
    for (const std::string& id : decl->enum_ids) AppendUnique(id, &def.enum_ids);
    for (const RawName& parent : decl->member_of) {
      ASSIGN_OR_RETURN(std::string resolved, ResolveEntityType(parent, where.ns));
      AppendUnique(std::move(resolved), &def.member_of_types);
    }
    ASSIGN_OR_RETURN(def.shape, ResolveType(decl->shape, where.ns));
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::DefineActions() {
  for (size_t i = 0; i < action_decls_.size(); ++i) {
    const auto& [decl, where] = action_decls_[i];
    ActionDef& def = schema_->actions_[i];
    for (const RawActionRef& parent : decl->parents) {
      ASSIGN_OR_RETURN(EntityUid resolved, ResolveActionRef(parent, where.ns));
      AppendUnique(std::move(resolved), &def.member_of);
    }
    for (const RawName& type : decl->principals) {
      ASSIGN_OR_RETURN(std::string resolved, ResolveEntityType(type, where.ns));
      AppendUnique(std::move(resolved), &def.principal_types);
    }
    for (const RawName& type : decl->resources) {
      ASSIGN_OR_RETURN(std::string resolved, ResolveEntityType(type, where.ns));
      AppendUnique(std::move(resolved), &def.resource_types);
    }
    def.context.kind = SchemaType::Kind::kRecord;
    if (decl->context) {
      ASSIGN_OR_RETURN(def.context, ResolveContext(*decl->context, where.ns, def.uid));
    }
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::CheckActionCycles() const {
  enum class Mark { kNone, kOnPath, kDone };
  std::vector<Mark> marks(schema_->actions_.size(), Mark::kNone);
  // Depth-first from each action in text order; an action met again while
  // on the current path closes a cycle.
  std::vector<std::pair<size_t, size_t>> stack;  // (action, next parent)
  for (size_t start = 0; start < marks.size(); ++start) {
    if (marks[start] != Mark::kNone) continue;
    marks[start] = Mark::kOnPath;
    stack.emplace_back(start, 0);
    while (!stack.empty()) {
      auto& [action, next] = stack.back();
      const std::vector<EntityUid>& parents = schema_->actions_[action].member_of;
      if (next == parents.size()) {
        marks[action] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      size_t parent = schema_->action_index_.at(parents[next++]);
      if (marks[parent] == Mark::kOnPath) {
        return ErrorAt(action_decls_[parent].second.pos,
                       absl::StrCat("cycle dans la hiérarchie des actions : ",
                                    schema_->actions_[parent].uid.ToString(), " est son propre ancêtre"));
      }
      if (marks[parent] == Mark::kNone) {
        marks[parent] = Mark::kOnPath;
        stack.emplace_back(parent, 0);
      }
    }
  }
  return absl::OkStatus();
}

void SchemaBuilder::ComputeClosures() {
  // The graphs are small (tens of nodes): a walk from each node is enough.
  for (const EntityTypeDef& def : schema_->entity_types_) {
    absl::flat_hash_set<std::string>& reached = schema_->ancestor_types_[def.name];
    std::vector<const EntityTypeDef*> todo = {&def};
    while (!todo.empty()) {
      const EntityTypeDef* current = todo.back();
      todo.pop_back();
      for (const std::string& parent : current->member_of_types) {
        if (reached.insert(parent).second) todo.push_back(schema_->FindEntityType(parent));
      }
    }
  }
  for (const ActionDef& def : schema_->actions_) {
    std::vector<EntityUid>& ancestors = schema_->action_ancestors_[def.uid];
    absl::flat_hash_set<EntityUid> reached;
    std::vector<const ActionDef*> todo = {&def};
    while (!todo.empty()) {
      const ActionDef* current = todo.back();
      todo.pop_back();
      for (const EntityUid& parent : current->member_of) {
        if (!reached.insert(parent).second) continue;
        ancestors.push_back(parent);
        todo.push_back(schema_->FindAction(parent));
      }
    }
  }
}

absl::StatusOr<std::shared_ptr<const Schema>> ParseSchema(absl::string_view text) {
  ASSIGN_OR_RETURN(RawSchema raw, schema_internal::ParseSchemaSyntax(text));
  return SchemaBuilder(raw).Build();
}

}  // namespace suivi::policy
