// policy/validator_typecheck.cc: Cedar's typing rules (strict mode), one
// expression kind at a time. Each rule follows Cedar's typecheck.rs,
// including what a failing operand leaves behind: its type, when it has
// one, still decides short-circuits and the type of what contains it.

#include "policy/validator_typecheck.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/validator_text.h"

namespace suivi::policy::validator_internal {
namespace {

using Kind = Type::Kind;

Answer Fail(std::optional<Type> type) { return Answer{false, std::move(type), {}}; }

// The answer `a` becomes when what it is part of fails (Cedar's into_fail).
Answer WithOk(bool ok, std::optional<Type> type, Capabilities capabilities = {}) {
  if (!ok) capabilities.clear();
  return Answer{ok, std::move(type), std::move(capabilities)};
}

bool Is(const std::optional<Type>& t, Kind kind) { return t && t->kind == kind; }

Capabilities Union(const Capabilities& a, const Capabilities& b) {
  Capabilities out = a;
  out.insert(b.begin(), b.end());
  return out;
}

Capabilities Intersection(const Capabilities& a, const Capabilities& b) {
  Capabilities out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

std::string CapabilityOf(const Expr& target, const std::string& attribute) {
  return absl::StrCat(ShapeOf(target), "\x1f", attribute);
}

const char* ExpectedName(Expected expected) {
  switch (expected) {
    case Expected::kBool:
      return "type Bool attendu";
    case Expected::kLong:
      return "type Long attendu";
    case Expected::kString:
      return "type String attendu";
    case Expected::kSet:
      return "ensemble (Set) attendu";
    case Expected::kEntity:
      return "entité attendue";
    case Expected::kEntityOrRecord:
      return "entité ou enregistrement attendu";
    case Expected::kEntityOrEntitySet:
      return "entité ou ensemble d'entités attendu";
  }
  return "";
}

// Cedar's UnexpectedTypeHelp, for the operand of `parent`.
std::string Hint(const Expr* parent, const Type& actual) {
  if (parent == nullptr) return "";
  switch (parent->kind) {
    case ExprKind::kHas:
      if (actual.kind == Kind::kSet) return " ; pour un ensemble, utilisez .contains()";
      if (actual.kind == Kind::kString) return " ; pour une chaîne, utilisez like";
      return "";
    case ExprKind::kLike:
      return actual.kind == Kind::kEntity ? " ; pour tester le type d'une entité, utilisez is" : "";
    case ExprKind::kIs:
      return " ; « is » ne s'applique qu'aux entités";
    case ExprKind::kAdd:
      if (actual.kind == Kind::kString) return " ; Cedar ne concatène pas les chaînes";
      [[fallthrough]];
    case ExprKind::kSub:
    case ExprKind::kMul:
      return actual.kind == Kind::kSet ? " ; Cedar n'a pas d'opérations ensemblistes" : "";
    case ExprKind::kIn:
      return actual.kind == Kind::kString ? " ; pour une chaîne, utilisez like"
                                          : " ; pour l'appartenance à un ensemble, utilisez .contains()";
    case ExprKind::kContains:
    case ExprKind::kContainsAll:
    case ExprKind::kContainsAny:
      if (actual.kind == Kind::kEntity) return " ; pour la hiérarchie des entités, utilisez in";
      if (actual.kind == Kind::kRecord) return " ; pour un attribut, utilisez has";
      if (actual.kind == Kind::kString) return " ; pour une chaîne, utilisez like";
      return "";
    case ExprKind::kIsEmpty:
      return actual.kind == Kind::kString ? " ; pour une chaîne, comparez avec \"\"" : "";
    default:
      return "";
  }
}

}  // namespace

// ---------------------------------------------------------------- Typechecker

Typechecker::Typechecker(const SchemaView& view, const RequestEnv& env, IssueSet* errors)
    : view_(view), env_(env), errors_(errors) {}

void Typechecker::Error(const Expr& at, std::string message) {
  errors_->emplace(at.line, at.column, std::move(message));
}

void Typechecker::Incompatible(const Expr& at, const std::vector<Type>& types, const char* context) {
  std::string names = absl::StrJoin(types, " et ", [](std::string* out, const Type& t) {
    out->append(TypeName(t));
  });
  Error(at, absl::StrCat("« ", ExprText(at), " » : ", context, " ont des types incompatibles (", names,
                         ") ; en mode strict, ils doivent avoir le même type"));
}

Answer Typechecker::TypecheckPolicy(const Policy& policy) {
  // A policy built without its clauses (not by the parser): its condition.
  if (policy.clauses.empty()) return Expect(Capabilities(), *policy.condition, Expected::kBool);
  std::vector<const Expr*> parts(3, nullptr);  // principal, action, resource
  std::vector<const Expr*> conditions;
  for (const Clause& clause : policy.clauses) {
    switch (clause.kind) {
      case ClauseKind::kPrincipal:
        parts[0] = clause.expr;
        break;
      case ClauseKind::kAction:
        parts[1] = clause.expr;
        break;
      case ClauseKind::kResource:
        parts[2] = clause.expr;
        break;
      case ClauseKind::kWhen:
      case ClauseKind::kUnless:
        conditions.push_back(clause.expr);
        break;
    }
  }
  if (conditions.empty()) conditions.push_back(nullptr);  // `true`
  parts.insert(parts.end(), conditions.begin(), conditions.end());
  return TypeClauses(Capabilities(), parts, 0);
}

// parts[i] && (parts[i+1] && ...), a null part standing for `true`.
Answer Typechecker::TypeClauses(const Capabilities& prior, const std::vector<const Expr*>& parts,
                                size_t i) {
  auto part = [&](const Capabilities& p) {
    return parts[i] == nullptr ? Answer{true, Type::Singleton(true), {}}
                               : Expect(p, *parts[i], Expected::kBool);
  };
  if (i + 1 == parts.size()) return part(prior);
  return TypeAnd(prior, part, [&](const Capabilities& p) { return TypeClauses(p, parts, i + 1); });
}

Answer Typechecker::Expect(const Capabilities& prior, const Expr& e, Expected expected) {
  return ExpectAnswer(Typecheck(prior, e), e, expected);
}

Answer Typechecker::ExpectAnswer(Answer a, const Expr& e, Expected expected) {
  if (!a.type) return Fail(std::nullopt);
  const Type& t = *a.type;
  bool matches = false;
  switch (expected) {
    case Expected::kBool:
      matches = t.IsBoolean();
      break;
    case Expected::kLong:
      matches = t.kind == Kind::kLong;
      break;
    case Expected::kString:
      matches = t.kind == Kind::kString;
      break;
    case Expected::kSet:
      matches = t.kind == Kind::kSet;
      break;
    case Expected::kEntity:
      matches = t.kind == Kind::kEntity;
      break;
    case Expected::kEntityOrRecord:
      matches = t.kind == Kind::kEntity || t.kind == Kind::kRecord;
      break;
    case Expected::kEntityOrEntitySet:
      matches = t.kind == Kind::kEntity || (t.kind == Kind::kSet && t.element[0].kind == Kind::kEntity);
      break;
  }
  if (!matches) {
    Error(e, absl::StrCat("« ", ExprText(e), " » : ", ExpectedName(expected), ", ",
                          TypeName(t), " trouvé", Hint(parent_, t)));
    return Fail(std::nullopt);
  }
  if (!a.ok) a.capabilities.clear();
  return a;
}

Answer Typechecker::Typecheck(const Capabilities& prior, const Expr& e) {
  const Expr* saved_parent = parent_;
  parent_ = &e;  // the parent of e's operands, for hints
  Answer a = TypecheckNode(prior, e);
  parent_ = saved_parent;
  return a;
}

Answer Typechecker::TypecheckNode(const Capabilities& prior, const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      return TypeLiteral(e.literal, e);
    case ExprKind::kVar:
      return TypeVar(e.var);
    case ExprKind::kNot:
      return TypeNot(prior, e);
    case ExprKind::kNeg: {
      Answer a = Expect(prior, *e.args[0], Expected::kLong);
      return WithOk(a.ok, Type::Long());
    }
    case ExprKind::kAnd:
      return TypeAnd(
          prior, [&](const Capabilities& p) { return Expect(p, *e.args[0], Expected::kBool); },
          [&](const Capabilities& p) { return Expect(p, *e.args[1], Expected::kBool); });
    case ExprKind::kOr:
      return TypeOr(prior, e);
    case ExprKind::kIf:
      return TypeIf(prior, e);
    case ExprKind::kEq:
      return TypeEq(prior, e);
    case ExprKind::kLess:
    case ExprKind::kLessEq:
      return TypeCompare(prior, e);
    case ExprKind::kAdd:
    case ExprKind::kSub:
    case ExprKind::kMul:
      return TypeArithmetic(prior, e);
    case ExprKind::kIn:
      return TypeIn(prior, e);
    case ExprKind::kHas:
      return TypeHas(prior, e);
    case ExprKind::kGetAttr:
      return TypeGetAttr(prior, e);
    case ExprKind::kLike: {
      Answer a = Expect(prior, *e.args[0], Expected::kString);
      return WithOk(a.ok, Type::Bool());
    }
    case ExprKind::kIs:
      return TypeIs(prior, e);
    case ExprKind::kContains:
      return TypeContains(prior, e);
    case ExprKind::kContainsAll:
    case ExprKind::kContainsAny:
      return TypeContainsAllAny(prior, e);
    case ExprKind::kIsEmpty: {
      Answer a = Expect(prior, *e.args[0], Expected::kSet);
      return WithOk(a.ok, Type::Bool());
    }
    case ExprKind::kSet: {
      std::vector<Answer> elements;
      for (const auto& arg : e.args) elements.push_back(Typecheck(prior, *arg));
      return TypeSet(std::move(elements), e);
    }
    case ExprKind::kRecord: {
      std::vector<Answer> values;
      for (const auto& arg : e.args) values.push_back(Typecheck(prior, *arg));
      return TypeRecord(e.keys, std::move(values));
    }
  }
  return Fail(std::nullopt);
}

// ---------------------------------------------------------------- leaves

Answer Typechecker::TypeVar(Var v) {
  switch (v) {
    case Var::kPrincipal:
      return Answer{true, Type::Entity(*env_.principal), {}};
    case Var::kResource:
      return Answer{true, Type::Entity(*env_.resource), {}};
    case Var::kAction:
      return Answer{true, Type::Entity(env_.action->uid.type), {}};
    case Var::kContext:
      return Answer{true, view_.Context(*env_.action), {}};
  }
  return Fail(std::nullopt);
}

// Unknown entity types and actions fail without a message here: Validate
// reports them once per policy, whatever the environment.
Answer Typechecker::TypeEntityLiteral(const EntityUid& uid) {
  bool known = IsActionType(uid.type) ? view_.schema().FindAction(uid) != nullptr
                                      : view_.schema().FindEntityType(uid.type) != nullptr;
  if (!known) return Fail(std::nullopt);
  return Answer{true, Type::Entity(uid.type), {}};
}

// The parser folds set and record literals into one Value; they are typed
// as Cedar types the set and record expressions they were written as.
Answer Typechecker::TypeLiteral(const Value& v, const Expr& at) {
  switch (v.kind()) {
    case Value::Kind::kBool:
      return Answer{true, Type::Singleton(v.bool_value()), {}};
    case Value::Kind::kLong:
      return Answer{true, Type::Long(), {}};
    case Value::Kind::kString:
      return Answer{true, Type::String(), {}};
    case Value::Kind::kEntity:
      return TypeEntityLiteral(v.entity_value());
    case Value::Kind::kSet: {
      std::vector<Answer> elements;
      for (const Value& element : v.set_value()) elements.push_back(TypeLiteral(element, at));
      return TypeSet(std::move(elements), at);
    }
    case Value::Kind::kRecord: {
      std::vector<std::string> keys;
      std::vector<Answer> values;
      for (const auto& [key, value] : v.record_value()) {
        keys.push_back(key);
        values.push_back(TypeLiteral(value, at));
      }
      return TypeRecord(keys, std::move(values));
    }
  }
  return Fail(std::nullopt);
}

Answer Typechecker::TypeSet(std::vector<Answer> elements, const Expr& at) {
  bool ok = true;
  bool typed = true;
  for (const Answer& a : elements) {
    ok = ok && a.ok;
    typed = typed && a.type.has_value();
  }
  std::optional<Type> lub;
  if (typed && !elements.empty()) {
    lub = elements[0].type;
    for (size_t i = 1; i < elements.size() && lub; ++i) lub = LeastUpperBound(*lub, *elements[i].type);
    if (!lub) {
      std::vector<Type> types;
      for (const Answer& a : elements) {
        if (std::find(types.begin(), types.end(), *a.type) == types.end()) types.push_back(*a.type);
      }
      Incompatible(at, types, "les éléments de l'ensemble");
    }
  }
  if (elements.empty()) {
    Error(at, "l'ensemble vide [] n'a pas de type en mode strict : pour tester qu'un ensemble est "
              "vide, utilisez .isEmpty()");
    return Fail(std::nullopt);
  }
  if (!lub) return Fail(std::nullopt);
  return WithOk(ok, Type::Set(*std::move(lub)));
}

Answer Typechecker::TypeRecord(const std::vector<std::string>& keys, std::vector<Answer> values) {
  bool ok = true;
  std::vector<AttributeType> attributes;
  for (size_t i = 0; i < keys.size(); ++i) {
    ok = ok && values[i].ok;
    if (!values[i].type) return Fail(std::nullopt);
    attributes.push_back(AttributeType{keys[i], *std::move(values[i].type), true});
  }
  std::sort(attributes.begin(), attributes.end(),
            [](const AttributeType& a, const AttributeType& b) { return a.name < b.name; });
  return WithOk(ok, Type::Record(std::move(attributes)));
}

// ---------------------------------------------------------------- booleans

Answer Typechecker::TypeAnd(const Capabilities& prior, Typer left, Typer right) {
  Answer l = left(prior);
  if (Is(l.type, Kind::kFalse)) return WithOk(l.ok, Type::Singleton(false));
  // The right side runs only when the left one is true: it may use what the
  // left one proved.
  Answer r = right(Union(prior, l.capabilities));
  bool ok = l.ok && r.ok;
  if (!l.type || !r.type) return Fail(Type::Bool());
  if (Is(r.type, Kind::kFalse)) return WithOk(ok, Type::Singleton(false));
  if (Is(r.type, Kind::kTrue)) return WithOk(ok, l.type, Union(l.capabilities, r.capabilities));
  // As Cedar: the left side's capabilities are dropped here (they were
  // already known before it, since `has` is True only then).
  if (Is(l.type, Kind::kTrue)) return WithOk(ok, r.type, r.capabilities);
  return WithOk(ok, Type::Bool(), Union(l.capabilities, r.capabilities));
}

Answer Typechecker::TypeOr(const Capabilities& prior, const Expr& e) {
  Answer l = Expect(prior, *e.args[0], Expected::kBool);
  if (Is(l.type, Kind::kTrue)) return WithOk(l.ok, l.type, l.capabilities);
  // The right side runs when the left one is false: nothing learnt.
  Answer r = Expect(prior, *e.args[1], Expected::kBool);
  bool ok = l.ok && r.ok;
  if (!l.type || !r.type) return Fail(Type::Bool());
  if (Is(r.type, Kind::kTrue)) return WithOk(ok, Type::Singleton(true), r.capabilities);
  if (Is(r.type, Kind::kFalse)) return WithOk(ok, l.type, l.capabilities);
  if (Is(l.type, Kind::kFalse)) return WithOk(ok, r.type, r.capabilities);
  return WithOk(ok, Type::Bool(), Intersection(l.capabilities, r.capabilities));
}

Answer Typechecker::TypeIf(const Capabilities& prior, const Expr& e) {
  Answer test = Expect(prior, *e.args[0], Expected::kBool);
  if (Is(test.type, Kind::kTrue)) {
    Answer then = Typecheck(Union(prior, test.capabilities), *e.args[1]);
    return WithOk(test.ok && then.ok, then.type, Union(then.capabilities, test.capabilities));
  }
  if (Is(test.type, Kind::kFalse)) {
    Answer otherwise = Typecheck(prior, *e.args[2]);
    return WithOk(test.ok && otherwise.ok, otherwise.type, otherwise.capabilities);
  }
  Answer then = Typecheck(Union(prior, test.capabilities), *e.args[1]);
  if (then.ok) then.capabilities = Union(then.capabilities, test.capabilities);
  Answer otherwise = Typecheck(prior, *e.args[2]);
  bool ok = test.ok && then.ok && otherwise.ok;
  if (!then.type || !otherwise.type) return Fail(std::nullopt);
  std::optional<Type> lub = LeastUpperBound(*then.type, *otherwise.type);
  if (!lub) {
    Incompatible(e, {*then.type, *otherwise.type}, "les branches « then » et « else »");
    return Fail(std::nullopt);
  }
  return WithOk(ok, std::move(lub), Intersection(then.capabilities, otherwise.capabilities));
}

Answer Typechecker::TypeNot(const Capabilities& prior, const Expr& e) {
  Answer a = Expect(prior, *e.args[0], Expected::kBool);
  if (!a.type) return Fail(Type::Bool());
  Type t = Type::Bool();
  if (a.type->kind == Kind::kTrue) t = Type::Singleton(false);
  if (a.type->kind == Kind::kFalse) t = Type::Singleton(true);
  return WithOk(a.ok, std::move(t));
}

// ---------------------------------------------------------------- operators

std::optional<EntityUid> Typechecker::UidOf(const Expr& e) const {
  if (e.kind == ExprKind::kVar && e.var == Var::kAction) return env_.action->uid;
  if (e.kind == ExprKind::kLiteral && e.literal.kind() == Value::Kind::kEntity) {
    return e.literal.entity_value();
  }
  return std::nullopt;
}

std::optional<std::vector<EntityUid>> Typechecker::UidsOf(const Expr& e) const {
  std::vector<EntityUid> uids;
  if (std::optional<EntityUid> uid = UidOf(e)) {
    uids.push_back(*std::move(uid));
  } else if (e.kind == ExprKind::kLiteral && e.literal.kind() == Value::Kind::kSet) {
    for (const Value& v : e.literal.set_value()) {
      if (v.kind() != Value::Kind::kEntity) return std::nullopt;
      uids.push_back(v.entity_value());
    }
  } else if (e.kind == ExprKind::kSet) {
    for (const auto& arg : e.args) {
      std::optional<EntityUid> element = UidOf(*arg);
      if (!element) return std::nullopt;
      uids.push_back(*std::move(element));
    }
  } else {
    return std::nullopt;
  }
  return uids;
}

std::optional<Value> Typechecker::LiteralOf(const Expr& e) const {
  if (e.kind == ExprKind::kVar && e.var == Var::kAction) return Value::Entity(env_.action->uid);
  if (e.kind != ExprKind::kLiteral) return std::nullopt;
  Value::Kind k = e.literal.kind();
  if (k == Value::Kind::kSet || k == Value::Kind::kRecord) return std::nullopt;
  return e.literal;
}

Type Typechecker::TypeOfEquality(const Expr& a, const std::optional<Type>& ta, const Expr& b,
                                 const std::optional<Type>& tb) const {
  if (Is(ta, Kind::kEntity) && Is(tb, Kind::kEntity) && ta->entity_type != tb->entity_type) {
    return Type::Singleton(false);  // disjoint entity types
  }
  std::optional<Value> va = LiteralOf(a);
  std::optional<Value> vb = LiteralOf(b);
  if (va && vb) return Type::Singleton(*va == *vb);
  return Type::Bool();
}

Answer Typechecker::TypeEq(const Capabilities& prior, const Expr& e) {
  Answer l = Typecheck(prior, *e.args[0]);
  Answer r = Typecheck(prior, *e.args[1]);
  bool ok = l.ok && r.ok;
  Type t = TypeOfEquality(*e.args[0], l.type, *e.args[1], r.type);
  if (t.kind != Kind::kBool) return WithOk(ok, std::move(t));
  if (l.type && r.type && !LeastUpperBound(*l.type, *r.type)) {
    Incompatible(e, {*l.type, *r.type}, "les deux côtés de « == »");
    return Fail(std::move(t));
  }
  return WithOk(ok, std::move(t));
}

Answer Typechecker::TypeCompare(const Capabilities& prior, const Expr& e) {
  const Expr& x = *e.args[0];
  const Expr& y = *e.args[1];
  Answer a = Typecheck(prior, x);
  Answer b = Typecheck(prior, y);
  if (!a.type || !b.type) return Fail(Type::Bool());
  bool a_long = a.type->kind == Kind::kLong;
  bool b_long = b.type->kind == Kind::kLong;
  if (a_long && b_long) return WithOk(a.ok && b.ok, Type::Bool());
  auto report = [&](const Expr& at, const Type& actual) {
    Error(at, absl::StrCat("« ", ExprText(at), " » : type Long attendu pour une comparaison, ",
                           TypeName(actual), " trouvé"));
  };
  if (!a_long) report(x, *a.type);
  if (!b_long) report(y, *b.type);
  return Fail(Type::Bool());
}

Answer Typechecker::TypeArithmetic(const Capabilities& prior, const Expr& e) {
  Answer a = Expect(prior, *e.args[0], Expected::kLong);
  Answer b = Expect(prior, *e.args[1], Expected::kLong);
  return WithOk(a.ok && b.ok, Type::Long());
}

Answer Typechecker::TypeIn(const Capabilities& prior, const Expr& e) {
  Answer l = Expect(prior, *e.args[0], Expected::kEntity);
  Answer r = Expect(prior, *e.args[1], Expected::kEntityOrEntitySet);
  if (!l.ok || !r.ok) return Fail(Type::Bool());
  // An action `in` entity literals: decided on the action hierarchy.
  std::optional<EntityUid> lhs = UidOf(*e.args[0]);
  if (lhs && IsActionType(lhs->type)) {
    if (std::optional<std::vector<EntityUid>> rhs = UidsOf(*e.args[1])) return TypeActionIn(*lhs, *rhs);
  }
  const Type& rt = r.type->kind == Kind::kSet ? r.type->element[0] : *r.type;
  if (!view_.MayBeDescendantOf(l.type->entity_type, rt.entity_type)) {
    return Answer{true, Type::Singleton(false), {}};
  }
  return Answer{true, Type::Bool(), {}};
}

Answer Typechecker::TypeActionIn(const EntityUid& lhs, const std::vector<EntityUid>& rhs) {
  bool any_action = false;
  bool found = false;
  for (const EntityUid& uid : rhs) {
    if (!IsActionType(uid.type)) continue;  // an action is never in a non-action
    any_action = true;
    const std::vector<EntityUid>* in = view_.ActionsIn(uid);
    if (in == nullptr) return Fail(Type::Bool());  // unknown action, reported by Validate
    found = found || std::find(in->begin(), in->end(), lhs) != in->end();
  }
  return Answer{true, Type::Singleton(any_action && found), {}};
}

Answer Typechecker::TypeContains(const Capabilities& prior, const Expr& e) {
  Answer set = Expect(prior, *e.args[0], Expected::kSet);
  Answer element = Typecheck(prior, *e.args[1]);
  bool ok = set.ok && element.ok;
  if (set.type && element.type && !LeastUpperBound(set.type->element[0], *element.type)) {
    Incompatible(e, {set.type->element[0], *element.type}, "les éléments de l'ensemble et l'élément cherché");
    return Fail(Type::Bool());
  }
  return WithOk(ok, Type::Bool());
}

Answer Typechecker::TypeContainsAllAny(const Capabilities& prior, const Expr& e) {
  Answer a = Expect(prior, *e.args[0], Expected::kSet);
  Answer b = Expect(prior, *e.args[1], Expected::kSet);
  if (a.type && b.type && !LeastUpperBound(*a.type, *b.type)) {
    Incompatible(e, {*a.type, *b.type}, "les deux ensembles");
    return Fail(Type::Bool());
  }
  return WithOk(a.ok && b.ok, Type::Bool());
}

// ---------------------------------------------------------------- attributes

namespace {

// The attributes of `t` (an entity or record type): nullptr for an entity
// type with no declared attributes record (an action).
const Type* AttributesOf(const SchemaView& view, const Type& t) {
  return t.kind == Kind::kEntity ? view.EntityAttributes(t.entity_type) : &t;
}

}  // namespace

Answer Typechecker::TypeGetAttr(const Capabilities& prior, const Expr& e) {
  const Expr& target = *e.args[0];
  Answer a = Expect(prior, target, Expected::kEntityOrRecord);
  if (!a.type) return Fail(std::nullopt);
  const Type* attributes = AttributesOf(view_, *a.type);
  const AttributeType* attribute = attributes ? attributes->FindAttribute(e.name) : nullptr;
  if (attribute == nullptr) {
    std::string where = a.type->kind == Kind::kEntity
                            ? absl::StrCat("pour le type ", a.type->entity_type)
                        : target.kind == ExprKind::kVar ? std::string("dans le contexte de la requête")
                                                        : absl::StrCat("dans « ", ExprText(target), " »");
    std::vector<std::string> declared;
    if (attributes != nullptr) {
      for (const AttributeType& declared_attribute : attributes->attributes) {
        declared.push_back(declared_attribute.name);
      }
    }
    Error(e, absl::StrCat("l'attribut « ", e.name, " » n'est pas déclaré ", where,
                          Suggestion(e.name, declared)));
    return Fail(std::nullopt);
  }
  if (attribute->required || prior.count(CapabilityOf(target, e.name)) > 0) {
    return WithOk(a.ok, attribute->type);
  }
  std::string guard = absl::StrCat(ExprText(target), " has ",
                                   IsIdentifier(e.name) ? e.name : Value::String(e.name).ToString());
  Error(e, absl::StrCat("« ", ExprText(e), " » est facultatif : vérifiez-le d'abord avec « ", guard,
                        " »"));
  return Fail(attribute->type);
}

Answer Typechecker::TypeHas(const Capabilities& prior, const Expr& e) {
  const Expr& target = *e.args[0];
  Answer a = Expect(prior, target, Expected::kEntityOrRecord);
  if (!a.type) return Fail(Type::Bool());
  const Type* attributes = AttributesOf(view_, *a.type);
  const AttributeType* attribute = attributes ? attributes->FindAttribute(e.name) : nullptr;
  // Attributes records are closed: an undeclared attribute is never there.
  if (attribute == nullptr) return WithOk(a.ok, Type::Singleton(false));
  std::string capability = CapabilityOf(target, e.name);
  bool known = prior.count(capability) > 0;
  // A required attribute of an entity may still be absent (the entity may
  // not exist), so `has` is only True for a record or a known attribute.
  bool certain = known || (attribute->required && a.type->kind == Kind::kRecord);
  return WithOk(a.ok, certain ? Type::Singleton(true) : Type::Bool(), {capability});
}

Answer Typechecker::TypeIs(const Capabilities& prior, const Expr& e) {
  Answer a = Expect(prior, *e.args[0], Expected::kEntity);
  if (!a.type) return Fail(Type::Bool());
  return WithOk(a.ok, Type::Singleton(a.type->entity_type == e.name));
}

}  // namespace suivi::policy::validator_internal
