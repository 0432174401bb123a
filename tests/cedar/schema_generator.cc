// tests/cedar/schema_generator.cc

#include "tests/cedar/schema_generator.h"

#include <string>
#include <utility>
#include <vector>

#include "tests/cedar/policy_text.h"

namespace suivi::cedar_testing {
namespace {

const std::vector<std::string>& EntityNames() {
  static const auto* names = new std::vector<std::string>{"User",   "Group", "Doc",   "Team",
                                                          "Folder", "Role",  "Agent", "Site"};
  return *names;
}

const std::vector<std::string>& EnumNames() {
  static const auto* names = new std::vector<std::string>{"Etat", "Niveau"};
  return *names;
}

const std::vector<std::string>& EnumIds() {
  static const auto* ids = new std::vector<std::string>{"ouvert", "clos", "en cours", "a"};
  return *ids;
}

const std::vector<std::string>& AttributeNames() {
  static const auto* names =
      new std::vector<std::string>{"name", "age",  "level", "active", "tags", "owner",  "manager",
                                   "info", "addr", "score", "x y",    "if",   "dossier"};
  return *names;
}

const std::vector<std::string>& ContextNames() {
  static const auto* names =
      new std::vector<std::string>{"jour", "n", "flag", "s", "qui", "r", "tags", "motif"};
  return *names;
}

const std::vector<std::string>& RecordNames() {
  static const auto* names = new std::vector<std::string>{"a", "b", "rue", "ville", "code"};
  return *names;
}

const std::vector<std::string>& CommonNames() {
  static const auto* names =
      new std::vector<std::string>{"Adresse", "Info", "Etiquettes", "Score", "Ctx"};
  return *names;
}

const std::vector<std::string>& GroupIds() {
  static const auto* ids = new std::vector<std::string>{"tout", "gerer"};
  return *ids;
}

const std::vector<std::string>& LeafIds() {
  static const auto* ids =
      new std::vector<std::string>{"lire", "ecrire", "supprimer", "voir dossier", "signer"};
  return *ids;
}

// Up to `n` distinct names of `pool`, in random order.
std::vector<std::string> Distinct(Random* random, const std::vector<std::string>& pool, int n) {
  std::vector<std::string> names = pool;
  random->Shuffle(&names);
  if (static_cast<int>(names.size()) > n) names.resize(static_cast<size_t>(n));
  return names;
}

TypeModel Common(const std::string& qualified) {
  TypeModel t = TypeModel::Of(TypeModel::Kind::kCommon);
  t.name = qualified;
  return t;
}

}  // namespace

const char* SchemaMistakeName(SchemaMistake m) {
  switch (m) {
    case SchemaMistake::kNone: return "none";
    case SchemaMistake::kUndeclaredType: return "undeclared type";
    case SchemaMistake::kUndeclaredParent: return "undeclared parent type";
    case SchemaMistake::kUndeclaredAppliesTo: return "undeclared appliesTo type";
    case SchemaMistake::kUndeclaredActionGroup: return "undeclared action group";
    case SchemaMistake::kActionCycle: return "action cycle";
    case SchemaMistake::kDuplicateDeclaration: return "duplicate declaration";
    case SchemaMistake::kContextNotRecord: return "context not a record";
    case SchemaMistake::kCommonTypeCycle: return "common type cycle";
    case SchemaMistake::kShadowing: return "shadowing";
    case SchemaMistake::kReservedName: return "reserved name";
    case SchemaMistake::kEmptyPrincipals: return "empty principal list";
    case SchemaMistake::kMissingPrincipal: return "missing principal";
    case SchemaMistake::kSyntax: return "syntax";
    case SchemaMistake::kCount: break;
  }
  return "?";
}

SchemaModel SchemaGenerator::Next() {
  SchemaModel s;
  AddNamespaces(&s);
  AddEntities(&s);
  AddCommonTypes(&s);
  // Attributes and parents once every type and common type is declared.
  for (EntityModel& e : s.entities) {
    if (!e.enum_ids.empty()) continue;
    for (const EntityModel& other : s.entities) {
      if (&other == &e ? random_->Chance(5) : random_->Chance(20)) {
        e.member_of.push_back(EntityRef(other.Qualified()));
      }
    }
    e.attributes = RandomAttributes(s, random_->Uniform(5), 2, AttributeNames());
  }
  AddActions(&s);
  AddOddities(&s);
  return s;
}

SchemaMistake SchemaGenerator::AddSomeMistake(SchemaModel* s) {
  const auto mistake =
      static_cast<SchemaMistake>(1 + random_->Uniform(static_cast<int>(SchemaMistake::kCount) - 1));
  if (AddMistake(mistake, s)) return mistake;
  AddMistake(SchemaMistake::kSyntax, s);
  return SchemaMistake::kSyntax;
}

void SchemaGenerator::AddNamespaces(SchemaModel* s) {
  const int layout = random_->Uniform(100);
  if (layout < 45) {
    s->namespaces = {""};
  } else if (layout < 80) {
    s->namespaces = {random_->Chance(70) ? "Suivi" : "App::Core"};
  } else {
    s->namespaces = {"", "Suivi"};
    random_->Shuffle(&s->namespaces);
  }
}

void SchemaGenerator::AddEntities(SchemaModel* s) {
  for (const std::string& name : Distinct(random_, EntityNames(), random_->Between(2, 5))) {
    EntityModel e;
    e.ns = random_->Pick(s->namespaces);
    e.name = name;
    e.equals_form = random_->Chance(15);
    e.compact = random_->Chance(30);
    e.annotation = Annotation();
    e.order = Order();
    s->entities.push_back(std::move(e));
  }
  if (random_->Chance(6)) {
    // It hides the builtin type of that name (`__cedar::Long` then).
    EntityModel e;
    e.ns = random_->Pick(s->namespaces);
    e.name = random_->Pick(std::vector<std::string>{"Long", "String", "Bool", "Set"});
    e.order = Order();
    s->entities.push_back(std::move(e));
  }
  if (random_->Chance(35)) {
    EntityModel e;
    e.ns = random_->Pick(s->namespaces);
    e.name = random_->Pick(EnumNames());
    e.enum_ids = Distinct(random_, EnumIds(), random_->Between(1, 3));
    e.order = Order();
    s->entities.push_back(std::move(e));
  }
}

void SchemaGenerator::AddCommonTypes(SchemaModel* s) {
  for (const std::string& name : Distinct(random_, CommonNames(), random_->Uniform(3))) {
    CommonTypeModel c;
    c.ns = random_->Pick(s->namespaces);
    c.name = name;
    c.type = random_->Chance(65)
                 ? TypeModel::Record(RandomAttributes(*s, random_->Between(1, 3), 1, RecordNames()))
                 : RandomType(*s, 1);
    c.annotation = Annotation();
    c.order = Order();
    s->common_types.push_back(std::move(c));
  }
}

void SchemaGenerator::AddActions(SchemaModel* s) {
  const std::vector<std::string> groups = Distinct(random_, GroupIds(), random_->Uniform(3));
  const std::vector<std::string> leaves = Distinct(random_, LeafIds(), random_->Between(1, 4));
  for (size_t i = 0; i < groups.size() + leaves.size(); ++i) {
    const bool group = i < groups.size();
    ActionModel a;
    a.ns = random_->Pick(s->namespaces);
    a.id = group ? groups[i] : leaves[i - groups.size()];
    // Parents among the actions declared so far: no cycle.
    for (const ActionModel& earlier : s->actions) {
      const bool earlier_group = earlier.member_of.empty() && !earlier.applies;
      if (random_->Chance(earlier_group ? 45 : 10)) {
        a.member_of.push_back(ActionRefModel{earlier.ns, earlier.id, random_->Chance(30)});
      }
    }
    a.applies = !group || random_->Chance(15);
    if (a.applies) {
      a.principals = SomeEntityTypes(*s, 3);
      a.resources = SomeEntityTypes(*s, 3);
      a.compact = random_->Chance(30);
      const int context = random_->Uniform(100);
      std::vector<const CommonTypeModel*> records;
      for (const CommonTypeModel& c : s->common_types) {
        if (c.type.kind == TypeModel::Kind::kRecord) records.push_back(&c);
      }
      if (context < 50) {
        a.has_context = true;
        a.context = TypeModel::Record(RandomAttributes(*s, random_->Uniform(5), 1, ContextNames()));
      } else if (context < 65 && !records.empty()) {
        a.has_context = true;
        a.context = Common(random_->Pick(records)->Qualified());
        a.context.qualified = random_->Chance(25);
      } else if (context < 75) {
        a.has_context = true;
        a.context = TypeModel::Record({});
      }
    }
    a.annotation = Annotation();
    a.order = Order();
    s->actions.push_back(std::move(a));
  }
}

void SchemaGenerator::AddOddities(SchemaModel* s) {
  s->comments = random_->Chance(10);
  s->annotate_namespaces = random_->Chance(10);
  for (EntityModel& e : s->entities) {
    if (!e.enum_ids.empty()) {
      if (random_->Chance(10)) e.enum_ids.push_back(e.enum_ids[0]);
      continue;
    }
    if (e.member_of.empty()) {
      e.empty_parents = random_->Chance(5);
    } else if (random_->Chance(3)) {
      e.member_of.push_back(e.member_of[0]);
    }
    if (!e.attributes.empty() && random_->Chance(4)) {
      // Declared twice: Cedar keeps the last declaration.
      e.attributes.push_back(AttributeModel{random_->Pick(e.attributes).name, RandomType(*s, 1),
                                            !random_->Chance(30)});
    }
  }
  for (ActionModel& a : s->actions) {
    if (!a.member_of.empty() && random_->Chance(3)) a.member_of.push_back(a.member_of[0]);
    if (a.applies && random_->Chance(3)) a.principals.push_back(a.principals[0]);
    if (a.has_context && a.context.kind == TypeModel::Kind::kRecord &&
        !a.context.attributes.empty() && random_->Chance(4)) {
      a.context.attributes.push_back(
          AttributeModel{random_->Pick(a.context.attributes).name, RandomType(*s, 0), true});
    }
  }
  if (random_->Chance(5)) {
    // A record shaped like an entity reference: read as the record it is.
    EntityModel& e =
        s->entities[static_cast<size_t>(random_->Uniform(static_cast<int>(s->entities.size())))];
    if (e.enum_ids.empty()) {
      e.attributes.push_back(
          AttributeModel{"lien",
                         TypeModel::Record({AttributeModel{"type", TypeModel::String(), true},
                                            AttributeModel{"id", TypeModel::String(), true}}),
                         true});
    }
  }
  if (random_->Chance(10)) AddTwin(s);
  if (random_->Chance(6)) AddCommonNamedLikeEntity(s);
}

void SchemaGenerator::AddTwin(SchemaModel* s) {
  const int group = 1 + random_->Uniform(1000);
  if (random_->Chance(50)) {
    std::vector<std::string> unused;
    for (const std::string& name : EntityNames()) {
      bool used = false;
      for (const EntityModel& e : s->entities) used = used || e.name == name;
      if (!used) unused.push_back(name);
    }
    EntityModel& e =
        s->entities[static_cast<size_t>(random_->Uniform(static_cast<int>(s->entities.size())))];
    if (unused.empty() || !e.enum_ids.empty()) return;
    if (e.group == 0) e.group = group;
    EntityModel twin = e;
    twin.name = random_->Pick(unused);
    s->entities.push_back(std::move(twin));
    return;
  }
  std::vector<std::string> unused;
  for (const auto* pool : {&GroupIds(), &LeafIds()}) {
    for (const std::string& id : *pool) {
      bool used = false;
      for (const ActionModel& a : s->actions) used = used || a.id == id;
      if (!used) unused.push_back(id);
    }
  }
  if (unused.empty()) return;
  ActionModel& a =
      s->actions[static_cast<size_t>(random_->Uniform(static_cast<int>(s->actions.size())))];
  if (a.group == 0) a.group = group;
  ActionModel twin = a;
  twin.id = random_->Pick(unused);
  s->actions.push_back(std::move(twin));
}

namespace {

// References to entity type `name` become references to the common type
// of the same name, which is what Cedar reads them as.
void Retarget(TypeModel* t, const std::string& name) {
  if (t->kind == TypeModel::Kind::kEntity && t->name == name) t->kind = TypeModel::Kind::kCommon;
  for (TypeModel& element : t->element) Retarget(&element, name);
  for (AttributeModel& a : t->attributes) Retarget(&a.type, name);
}

}  // namespace

void SchemaGenerator::AddCommonNamedLikeEntity(SchemaModel* s) {
  const EntityModel& e = random_->Pick(s->entities);
  if (!e.enum_ids.empty() || e.name == "Long" || e.name == "String" || e.name == "Bool" ||
      e.name == "Set") {
    return;
  }
  CommonTypeModel c;
  c.ns = e.ns;
  c.name = e.name;
  c.type = random_->Pick(std::vector<TypeModel>{TypeModel::Long(), TypeModel::String(),
                                                TypeModel::Set(TypeModel::Bool())});
  c.order = Order();
  const std::string qualified = c.Qualified();
  for (EntityModel& entity : s->entities) {
    for (AttributeModel& a : entity.attributes) Retarget(&a.type, qualified);
  }
  for (CommonTypeModel& common : s->common_types) Retarget(&common.type, qualified);
  for (ActionModel& a : s->actions) Retarget(&a.context, qualified);
  s->common_types.push_back(std::move(c));
}

TypeModel SchemaGenerator::EntityRef(const std::string& qualified) {
  TypeModel t = TypeModel::Entity(qualified);
  t.qualified = random_->Chance(25);
  return t;
}

std::vector<TypeModel> SchemaGenerator::SomeEntityTypes(const SchemaModel& s, int max) {
  std::vector<std::string> names;
  for (const EntityModel& e : s.entities) {
    if (e.enum_ids.empty() || random_->Chance(20)) names.push_back(e.Qualified());
  }
  if (names.empty()) names.push_back(s.entities[0].Qualified());
  std::vector<TypeModel> out;
  for (const std::string& name : Distinct(random_, names, random_->Between(1, max))) {
    out.push_back(EntityRef(name));
  }
  return out;
}

TypeModel SchemaGenerator::RandomType(const SchemaModel& s, int depth) {
  const int r = random_->Uniform(100);
  TypeModel t;
  if (r < 18) {
    t = TypeModel::Bool();
  } else if (r < 40) {
    t = TypeModel::Long();
  } else if (r < 58) {
    t = TypeModel::String();
  } else if (r < 72) {
    return EntityRef(random_->Pick(s.entities).Qualified());
  } else if (r < 84) {
    return TypeModel::Set(depth > 0 ? RandomType(s, depth - 1) : TypeModel::Long());
  } else if (r < 94 && depth > 0) {
    return TypeModel::Record(RandomAttributes(s, random_->Between(1, 3), depth - 1, RecordNames()));
  } else if (!s.common_types.empty()) {
    t = Common(random_->Pick(s.common_types).Qualified());
  } else {
    t = TypeModel::String();
  }
  t.qualified = random_->Chance(10);
  return t;
}

std::vector<AttributeModel> SchemaGenerator::RandomAttributes(
    const SchemaModel& s, int n, int depth, const std::vector<std::string>& pool) {
  std::vector<AttributeModel> out;
  for (const std::string& name : Distinct(random_, pool, n)) {
    out.push_back(AttributeModel{name, RandomType(s, depth), !random_->Chance(30)});
  }
  return out;
}

std::string SchemaGenerator::Annotation() {
  if (!random_->Chance(10)) return "";
  return random_->Chance(50) ? "@doc(\"d\xc3\xa9"
                               "claration\")"
                             : "@interne";
}

bool SchemaGenerator::AddMistake(SchemaMistake mistake, SchemaModel* s) {
  std::vector<ActionModel*> applying;
  for (ActionModel& a : s->actions) {
    if (a.applies) applying.push_back(&a);
  }
  EntityModel& entity =
      s->entities[static_cast<size_t>(random_->Uniform(static_cast<int>(s->entities.size())))];
  switch (mistake) {
    case SchemaMistake::kNone:
    case SchemaMistake::kCount: return true;
    case SchemaMistake::kUndeclaredType: {
      if (!entity.enum_ids.empty()) return false;
      entity.attributes.push_back(AttributeModel{
          "absent",
          random_->Chance(50) ? TypeModel::Entity("Absent") : TypeModel::Set(Common("Absente")),
          true});
      return true;
    }
    case SchemaMistake::kUndeclaredParent:
      if (!entity.enum_ids.empty()) return false;
      entity.member_of.push_back(TypeModel::Entity("Absent"));
      return true;
    case SchemaMistake::kUndeclaredAppliesTo: {
      if (applying.empty()) return false;
      ActionModel* a = random_->Pick(applying);
      (random_->Chance(50) ? a->principals : a->resources).push_back(TypeModel::Entity("Absent"));
      return true;
    }
    case SchemaMistake::kUndeclaredActionGroup: {
      ActionModel& a =
          s->actions[static_cast<size_t>(random_->Uniform(static_cast<int>(s->actions.size())))];
      a.member_of.push_back(ActionRefModel{a.ns, "absent", random_->Chance(30)});
      return true;
    }
    case SchemaMistake::kActionCycle: {
      ActionModel& a = s->actions.back();
      if (a.member_of.empty()) {
        a.member_of.push_back(ActionRefModel{a.ns, a.id, false});
        return true;
      }
      const ActionRefModel parent = a.member_of[0];
      for (ActionModel& b : s->actions) {
        if (b.ns == parent.ns && b.id == parent.id) {
          b.member_of.push_back(ActionRefModel{a.ns, a.id, random_->Chance(30)});
        }
      }
      return true;
    }
    case SchemaMistake::kDuplicateDeclaration: {
      const int which = random_->Uniform(3);
      if (which == 0 && !s->common_types.empty()) {
        CommonTypeModel copy = s->common_types[0];
        copy.order = Order();
        s->common_types.push_back(std::move(copy));
      } else if (which == 1) {
        ActionModel copy = s->actions[0];
        copy.order = Order();
        s->actions.push_back(std::move(copy));
      } else {
        EntityModel copy = entity;
        copy.order = Order();
        s->entities.push_back(std::move(copy));
      }
      return true;
    }
    case SchemaMistake::kContextNotRecord: {
      if (applying.empty()) return false;
      ActionModel* a = random_->Pick(applying);
      a->has_context = true;
      a->context = random_->Chance(50) ? TypeModel::Long() : TypeModel::Entity(entity.Qualified());
      return true;
    }
    case SchemaMistake::kCommonTypeCycle: {
      CommonTypeModel c;
      c.ns = random_->Pick(s->namespaces);
      c.name = "Boucle";
      c.type = TypeModel::Record({AttributeModel{"a", Common(c.Qualified()), true}});
      c.order = Order();
      s->common_types.push_back(std::move(c));
      return true;
    }
    case SchemaMistake::kShadowing: {
      if (s->namespaces.size() == 1) {
        s->namespaces.push_back(s->namespaces[0].empty() ? "Suivi" : "");
      }
      EntityModel copy = entity;
      copy.ns = entity.ns == s->namespaces[0] ? s->namespaces[1] : s->namespaces[0];
      copy.member_of.clear();
      copy.attributes.clear();
      copy.order = Order();
      s->entities.push_back(std::move(copy));
      return true;
    }
    case SchemaMistake::kReservedName: {
      if (random_->Chance(50)) {
        EntityModel e;
        e.ns = random_->Pick(s->namespaces);
        e.name = random_->Pick(std::vector<std::string>{"if", "in", "true", "like", "has"});
        e.order = Order();
        s->entities.push_back(std::move(e));
      } else {
        CommonTypeModel c;
        c.ns = random_->Pick(s->namespaces);
        c.name = random_->Pick(std::vector<std::string>{"Long", "Bool", "String", "Set", "Record"});
        c.type = TypeModel::Long();
        c.order = Order();
        s->common_types.push_back(std::move(c));
      }
      return true;
    }
    case SchemaMistake::kEmptyPrincipals:
      if (applying.empty()) return false;
      random_->Pick(applying)->principals.clear();
      return true;
    case SchemaMistake::kMissingPrincipal:
      if (applying.empty()) return false;
      random_->Pick(applying)->omit_principal = true;
      return true;
    case SchemaMistake::kSyntax: s->drop_last_semicolon = true; return true;
  }
  return false;
}

}  // namespace suivi::cedar_testing
