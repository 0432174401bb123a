// tests/cedar/typed_policy_generator.cc

#include "tests/cedar/typed_policy_generator.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {
namespace {

using Kind = TypeModel::Kind;

// How often a pending mistake is placed at the node being generated
// (otherwise it lands in a condition of its own at the end).
constexpr int kInjectPercent = 15;
constexpr int kMaxPathDepth = 3;
constexpr size_t kMaxPaths = 80;

const std::vector<std::string>& Ids() {
  static const auto* ids = new std::vector<std::string>{"a", "b", "alice", "g1", "x y"};
  return *ids;
}

const std::vector<std::string>& Strings() {
  static const auto* strings = new std::vector<std::string>{"", "a", "abc", "x y", "a*c"};
  return *strings;
}

const std::vector<std::string>& Patterns() {
  static const auto* patterns =
      new std::vector<std::string>{"\"*\"", "\"a*\"", "\"*c\"", "\"a\\*c\"", "\"\"", "\"x y\""};
  return *patterns;
}

// Names no schema of schema_generator declares.
const std::vector<std::string>& UndeclaredNames() {
  static const auto* names = new std::vector<std::string>{"nope", "absent", "Age", "x_y"};
  return *names;
}

Expr Binary(const std::string& op, Expr a, Expr b) {
  return Node(Expr::Kind::kBinary, op, {std::move(a), std::move(b)});
}

Expr And(Expr a, Expr b) { return Binary("&&", std::move(a), std::move(b)); }

bool Contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string NamespaceOf(const std::string& qualified) {
  const size_t colons = qualified.rfind("::");
  return colons == std::string::npos ? "" : qualified.substr(0, colons);
}

std::string BaseName(const std::string& qualified) {
  const size_t colons = qualified.rfind("::");
  return colons == std::string::npos ? qualified : qualified.substr(colons + 2);
}

bool IsLiteral(const Expr& e) {
  return e.kind == Expr::Kind::kText && e.text != "principal" && e.text != "resource" &&
         e.text != "context" && e.text != "action";
}

}  // namespace

const char* PolicyMistakeName(PolicyMistake m) {
  switch (m) {
    case PolicyMistake::kNone: return "none";
    case PolicyMistake::kUndeclaredAttribute: return "undeclared attribute";
    case PolicyMistake::kUnguardedOptional: return "optional attribute without has";
    case PolicyMistake::kWrongOperandType: return "wrong operand type";
    case PolicyMistake::kMixedTypes: return "mixed types";
    case PolicyMistake::kUnknownEntityType: return "unknown entity type";
    case PolicyMistake::kUnknownAction: return "unknown action";
    case PolicyMistake::kInvalidEnumId: return "invalid enum id";
    case PolicyMistake::kEmptySetLiteral: return "empty set literal";
    case PolicyMistake::kUndeclaredContext: return "undeclared context attribute";
    case PolicyMistake::kScopeMatchesNoAction: return "scope matches no action";
    case PolicyMistake::kUnrelatedIn: return "in between unrelated types";
    case PolicyMistake::kAlwaysFalse: return "always false";
    case PolicyMistake::kEdgeCase: return "edge case (either way)";
    case PolicyMistake::kCount: break;
  }
  return "?";
}

bool PolicyMistakeIsError(PolicyMistake m) {
  return m != PolicyMistake::kNone && m != PolicyMistake::kEdgeCase && !PolicyMistakeIsWarning(m);
}

bool PolicyMistakeIsWarning(PolicyMistake m) {
  return m == PolicyMistake::kScopeMatchesNoAction || m == PolicyMistake::kUnrelatedIn ||
         m == PolicyMistake::kAlwaysFalse;
}

TypedPolicyGenerator::TypedPolicyGenerator(const SchemaModel& schema, Random* random)
    : schema_(schema), random_(random) {}

Policy TypedPolicyGenerator::Next(PolicyMistake wanted, PolicyMistake* made) {
  pending_ = wanted;
  made_ = PolicyMistake::kNone;
  Policy p;
  // A scope some request satisfies: the validator checks the conditions
  // only for the requests the scope admits.
  for (int attempt = 0; attempt < 5; ++attempt) {
    p = Policy();
    if (MakeScope(&p) || pending_ != wanted) break;
  }
  BuildPaths();
  p.permit = random_->Chance(60);
  p.minimal_parens = random_->Chance(50);
  if (random_->Chance(10)) p.annotations.push_back("@id(\"regle\")");
  const int r = random_->Uniform(100);
  const int conditions = r < 15 ? 0 : r < 75 ? 1 : r < 95 ? 2 : 3;
  for (int i = 0; i < conditions; ++i) {
    guards_.clear();
    p.conditions.push_back(Condition{random_->Chance(80), Bool(random_->Between(1, 3))});
  }
  if (pending_ != PolicyMistake::kNone) {
    if (pending_ == PolicyMistake::kEdgeCase) {
      AddEdgeClauses(&p);
      made_ = pending_;
    } else if (PolicyMistakeIsWarning(pending_)) {
      if (AddWarningCondition(pending_, &p)) made_ = pending_;
    } else {
      PolicyMistake m = pending_;
      std::optional<Expr> e = MistakeExpr(m, TypeModel::Bool());
      if (!e) {
        m = PolicyMistake::kWrongOperandType;
        e = MistakeExpr(m, TypeModel::Bool());
      }
      made_ = m;
      const size_t at =
          static_cast<size_t>(random_->Uniform(static_cast<int>(p.conditions.size()) + 1));
      p.conditions.insert(p.conditions.begin() + static_cast<std::ptrdiff_t>(at),
                          Condition{true, std::move(*e)});
    }
    pending_ = PolicyMistake::kNone;
  }
  *made = made_;
  return p;
}

// --- Scope

bool TypedPolicyGenerator::MakeScope(Policy* p) {
  std::vector<const ActionInfo*> admitted;
  p->action_scope = ActionScope(&admitted);
  std::vector<const ActionInfo*> applying;
  std::vector<std::string> principals;
  std::vector<std::string> resources;
  for (const ActionInfo* a : admitted) {
    if (!a->applies) continue;
    applying.push_back(a);
    for (const std::string& t : a->principals) {
      if (!Contains(principals, t)) principals.push_back(t);
    }
    for (const std::string& t : a->resources) {
      if (!Contains(resources, t)) resources.push_back(t);
    }
  }
  std::vector<std::string> p_types;
  std::vector<std::string> r_types;
  const bool principal_first = random_->Chance(50);
  if (principal_first) p->principal_scope = VarScope("principal", principals, &p_types);
  p->resource_scope = VarScope("resource", resources, &r_types);
  if (!principal_first) p->principal_scope = VarScope("principal", principals, &p_types);

  view_ = View();
  for (const ActionInfo* a : applying) {
    std::vector<std::string> ps;
    std::vector<std::string> rs;
    for (const std::string& t : a->principals) {
      if (Contains(p_types, t)) ps.push_back(t);
    }
    for (const std::string& t : a->resources) {
      if (Contains(r_types, t)) rs.push_back(t);
    }
    if (ps.empty() || rs.empty()) continue;
    view_.actions.push_back(a);
    for (const std::string& t : ps) {
      if (!Contains(view_.principals, t)) view_.principals.push_back(t);
    }
    for (const std::string& t : rs) {
      if (!Contains(view_.resources, t)) view_.resources.push_back(t);
    }
  }
  if (!view_.actions.empty()) {
    view_.context = view_.actions[0]->context;
    for (const ActionInfo* a : view_.actions) {
      std::vector<AttributeModel> common;
      for (const AttributeModel& mine : view_.context) {
        for (const AttributeModel& theirs : a->context) {
          if (mine.name == theirs.name && mine.type.SameAs(theirs.type)) {
            common.push_back(
                AttributeModel{mine.name, mine.type, mine.required && theirs.required});
          }
        }
      }
      view_.context = std::move(common);
    }
  }
  return !view_.actions.empty();
}

std::string TypedPolicyGenerator::ActionScope(std::vector<const ActionInfo*>* admitted) {
  const std::vector<ActionInfo>& actions = schema_.actions();
  auto admit_in = [&](const ActionInfo& group) {
    for (const ActionInfo& a : actions) {
      bool below = a.type == group.type && a.id == group.id;
      for (const auto& ancestor : a.ancestors) {
        below = below || (ancestor.first == group.type && ancestor.second == group.id);
      }
      if (below && std::find(admitted->begin(), admitted->end(), &a) == admitted->end()) {
        admitted->push_back(&a);
      }
    }
  };
  if (pending_ == PolicyMistake::kUnknownAction && random_->Chance(50)) {
    made_ = pending_;
    pending_ = PolicyMistake::kNone;
    // UnknownAction() gives `action == X` or `action in [...]`: the scope
    // takes the same shape.
    return UnknownAction()->ToString(/*minimal_parens=*/true);
  }
  if (pending_ == PolicyMistake::kScopeMatchesNoAction && random_->Chance(30)) {
    // An action without appliesTo applies to no request.
    for (const ActionInfo& a : actions) {
      if (a.applies) continue;
      made_ = pending_;
      pending_ = PolicyMistake::kNone;
      return "action == " + ActionUid(a).text;
    }
  }
  const int r = random_->Uniform(100);
  if (r < 35) {
    const ActionInfo& a = random_->Pick(actions);
    admitted->push_back(&a);
    return "action == " + ActionUid(a).text;
  }
  if (r < 55) {
    const ActionInfo& group = random_->Pick(actions);
    admit_in(group);
    return "action in " + ActionUid(group).text;
  }
  if (r < 70) {
    // Actions of one namespace: a list mixing `Action` and `NS::Action`
    // is a set of two types (a mistake of its own).
    const std::string type = random_->Pick(actions).type;
    const bool mixed = pending_ == PolicyMistake::kMixedTypes && random_->Chance(40);
    std::vector<const ActionInfo*> candidates;
    for (const ActionInfo& a : actions) {
      if (a.type == type || mixed) candidates.push_back(&a);
    }
    std::string out = "action in [";
    std::set<std::string> types;
    const int n = random_->Between(1, 3);
    for (int i = 0; i < n; ++i) {
      const ActionInfo& a = *random_->Pick(candidates);
      admit_in(a);
      types.insert(a.type);
      out += (i > 0 ? ", " : "") + ActionUid(a).text;
    }
    if (types.size() > 1) {
      made_ = pending_;
      pending_ = PolicyMistake::kNone;
    }
    return out + "]";
  }
  for (const ActionInfo& a : actions) admitted->push_back(&a);
  return "action";
}

std::string TypedPolicyGenerator::VarScope(const std::string& var,
                                           const std::vector<std::string>& allowed_in,
                                           std::vector<std::string>* types) {
  const std::vector<std::string> allowed = allowed_in.empty() ? EntityTypes() : allowed_in;
  // Mistakes that live in the scope.
  if (pending_ == PolicyMistake::kUnknownEntityType && random_->Chance(30)) {
    made_ = pending_;
    pending_ = PolicyMistake::kNone;
    std::string absent = "Absent";
    const std::string& some = random_->Pick(allowed);
    if (!NamespaceOf(some).empty() && random_->Chance(50)) absent = BaseName(some);
    switch (random_->Uniform(3)) {
      case 0: return var + " is " + absent;
      case 1: return var + " == " + Uid(absent, "x").text;
      default: return var + " in " + Uid(absent, "x").text;
    }
  }
  if (pending_ == PolicyMistake::kScopeMatchesNoAction) {
    std::vector<std::string> outside;
    for (const std::string& t : EntityTypes()) {
      if (!Contains(allowed, t)) outside.push_back(t);
    }
    if (!outside.empty()) {
      made_ = pending_;
      pending_ = PolicyMistake::kNone;
      const std::string& t = random_->Pick(outside);
      return random_->Chance(50) ? var + " is " + t : var + " == " + Uid(t, EntityId(t)).text;
    }
  }
  if (pending_ == PolicyMistake::kUnrelatedIn && random_->Chance(60)) {
    const std::vector<std::string> related = AncestorsOrSelf(allowed);
    std::vector<std::string> unrelated;
    for (const std::string& t : EntityTypes()) {
      if (!Contains(related, t)) unrelated.push_back(t);
    }
    if (!unrelated.empty()) {
      made_ = pending_;
      pending_ = PolicyMistake::kNone;
      const std::string& e = random_->Pick(unrelated);
      return var + " in " + Uid(e, EntityId(e)).text;
    }
  }
  const int r = random_->Uniform(100);
  if (r < 35) {
    *types = allowed;
    return var;
  }
  const std::string t = random_->Pick(allowed);
  if (r < 60) {
    *types = {t};
    return var + " is " + t;
  }
  if (r < 75) {
    *types = {t};
    return var + " == " + Uid(t, EntityId(t)).text;
  }
  if (r < 90) {
    const std::string e = random_->Pick(AncestorsOrSelf(allowed));
    for (const std::string& candidate : allowed) {
      if (candidate == e || schema_.MayBeDescendant(candidate, e)) types->push_back(candidate);
    }
    return var + " in " + Uid(e, EntityId(e)).text;
  }
  const std::string e = random_->Pick(AncestorsOrSelf({t}));
  *types = {t};
  return var + " is " + t + " in " + Uid(e, EntityId(e)).text;
}

// --- Paths

void TypedPolicyGenerator::BuildPaths() {
  paths_.clear();
  if (view_.actions.empty()) return;
  for (const char* var : {"principal", "resource"}) {
    const std::vector<std::string>& types =
        std::string(var) == "principal" ? view_.principals : view_.resources;
    if (types.size() == 1) paths_.push_back(Path{Text(var), TypeModel::Entity(types[0]), {}});
    AddAttributePaths(Text(var), CommonAttributes(types), {}, 1);
  }
  AddAttributePaths(Text("context"), view_.context, {}, 1);
}

void TypedPolicyGenerator::AddAttributePaths(const Expr& receiver,
                                             const std::vector<AttributeModel>& attributes,
                                             const std::vector<Expr>& guards, int depth) {
  for (const AttributeModel& a : attributes) {
    if (paths_.size() >= kMaxPaths) return;
    Path path{Access(receiver, a.name), a.type, guards};
    if (!a.required) path.guards.push_back(HasTest(receiver, a.name));
    paths_.push_back(path);
    if (depth >= kMaxPathDepth) continue;
    if (a.type.kind == Kind::kRecord) {
      AddAttributePaths(path.expr, a.type.attributes, path.guards, depth + 1);
    } else if (a.type.kind == Kind::kEntity) {
      const EntityInfo* e = schema_.FindEntity(a.type.name);
      if (e != nullptr) AddAttributePaths(path.expr, e->attributes, path.guards, depth + 1);
    }
  }
}

std::vector<const TypedPolicyGenerator::Path*> TypedPolicyGenerator::PathsOf(
    const TypeModel& type) const {
  std::vector<const Path*> out;
  for (const Path& p : paths_) {
    if (p.type.SameAs(type)) out.push_back(&p);
  }
  return out;
}

Expr TypedPolicyGenerator::UsePath(const Path& path) {
  if (pending_ == PolicyMistake::kUnguardedOptional && !path.guards.empty()) {
    made_ = pending_;
    pending_ = PolicyMistake::kNone;
    return path.expr;
  }
  guards_.insert(guards_.end(), path.guards.begin(), path.guards.end());
  return path.expr;
}

// --- Expressions

Expr TypedPolicyGenerator::Bool(int depth) {
  std::vector<Expr> outer;
  std::swap(outer, guards_);
  Expr body = BoolBody(depth);
  std::vector<Expr> mine;
  std::swap(mine, guards_);
  guards_ = std::move(outer);
  // Each `has` once, outermost first, then the body.
  std::set<std::string> seen;
  std::optional<Expr> guarded;
  for (Expr& g : mine) {
    if (!seen.insert(g.ToString()).second) continue;
    guarded = guarded ? And(std::move(*guarded), std::move(g)) : std::move(g);
  }
  return guarded ? And(std::move(*guarded), std::move(body)) : body;
}

Expr TypedPolicyGenerator::BoolBody(int depth) {
  if (std::optional<Expr> m = MaybeMistake(TypeModel::Bool())) return *m;
  const std::vector<const Path*> bools = PathsOf(TypeModel::Bool());
  if (depth <= 0) {
    const int r = random_->Uniform(4);
    if (r == 0 && !bools.empty()) return UsePath(*random_->Pick(bools));
    if (r == 1 && !paths_.empty()) return Has();
    if (r == 2) return Compare(0);
    return Text("true");
  }
  const int d = depth - 1;
  const int r = random_->Uniform(100);
  if (r < 12) return Compare(d);
  if (r < 26) return Equality(d);
  if (r < 40) return Binary(random_->Chance(55) ? "&&" : "||", Bool(d), Bool(d));
  if (r < 44) return Node(Expr::Kind::kUnary, "!", {Bool(d)});
  if (r < 53) return In(d);
  if (r < 60 && !paths_.empty()) return Has();
  if (r < 65) return Node(Expr::Kind::kLike, random_->Pick(Patterns()), {String(d)});
  if (r < 74) return SetMethod(d);
  if (r < 78) return Node(Expr::Kind::kIf, "", {Bool(d), Bool(d), Bool(d)});
  if (r < 84 && !bools.empty()) return UsePath(*random_->Pick(bools));
  if (r < 91) return Narrowed(d);
  if (r < 96 && !view_.actions.empty()) return ActionTest();
  return Text(random_->Chance(90) ? "true" : "false");
}

Expr TypedPolicyGenerator::Of(const TypeModel& type, int depth) {
  if (std::optional<Expr> m = MaybeMistake(type)) return *m;
  const std::vector<const Path*> paths = PathsOf(type);
  if (!paths.empty() && (random_->Chance(55) || !Buildable(type))) {
    return UsePath(*random_->Pick(paths));
  }
  switch (type.kind) {
    case Kind::kBool: return Bool(depth);
    case Kind::kLong: return Long(depth);
    case Kind::kString: return String(depth);
    case Kind::kEntity: return EntityOf(type.name, depth);
    case Kind::kSet: {
      Expr set = Node(Expr::Kind::kSet, "", {});
      const int n = random_->Between(1, 3);
      for (int i = 0; i < n; ++i) set.children.push_back(Of(type.element[0], depth - 1));
      return set;
    }
    case Kind::kRecord: {
      Expr record = Node(Expr::Kind::kRecord, "", {});
      for (const AttributeModel& a : type.attributes) {
        record.names.push_back(
            IsIdentifier(a.name) && !IsReservedWord(a.name) ? a.name : CedarQuote(a.name));
        record.children.push_back(Of(a.type, depth - 1));
      }
      return record;
    }
    case Kind::kCommon: break;
  }
  return Literal(Kind::kLong);
}

Expr TypedPolicyGenerator::Long(int depth) {
  const std::vector<const Path*> paths = PathsOf(TypeModel::Long());
  if (!paths.empty() && random_->Chance(45)) return UsePath(*random_->Pick(paths));
  if (depth <= 0 || random_->Chance(35)) return Literal(Kind::kLong);
  const int d = depth - 1;
  switch (random_->Uniform(4)) {
    case 0:
    case 1: {
      static const auto* ops = new std::vector<std::string>{"+", "-", "*"};
      return Binary(random_->Pick(*ops), Of(TypeModel::Long(), d), Of(TypeModel::Long(), d));
    }
    case 2: return Node(Expr::Kind::kUnary, "-", {Of(TypeModel::Long(), d)});
    default:
      return Node(Expr::Kind::kIf, "",
                  {Bool(d), Of(TypeModel::Long(), d), Of(TypeModel::Long(), d)});
  }
}

Expr TypedPolicyGenerator::String(int depth) {
  const std::vector<const Path*> paths = PathsOf(TypeModel::String());
  if (!paths.empty() && random_->Chance(55)) return UsePath(*random_->Pick(paths));
  if (depth <= 0 || random_->Chance(70)) return Literal(Kind::kString);
  const int d = depth - 1;
  return Node(Expr::Kind::kIf, "",
              {Bool(d), Of(TypeModel::String(), d), Of(TypeModel::String(), d)});
}

Expr TypedPolicyGenerator::EntityOf(const std::string& type, int depth) {
  std::vector<Expr> vars;
  if (view_.principals.size() == 1 && view_.principals[0] == type)
    vars.push_back(Text("principal"));
  if (view_.resources.size() == 1 && view_.resources[0] == type) vars.push_back(Text("resource"));
  if (!vars.empty() && random_->Chance(35)) return random_->Pick(vars);
  if (depth > 0 && random_->Chance(10)) {
    const TypeModel t = TypeModel::Entity(type);
    return Node(Expr::Kind::kIf, "", {Bool(depth - 1), Of(t, depth - 1), Of(t, depth - 1)});
  }
  return Uid(type, EntityId(type));
}

Expr TypedPolicyGenerator::Compare(int depth) {
  static const auto* ops = new std::vector<std::string>{"<", "<=", ">", ">="};
  return Binary(random_->Pick(*ops), Of(TypeModel::Long(), depth), Of(TypeModel::Long(), depth));
}

Expr TypedPolicyGenerator::Equality(int depth) {
  const std::string op = random_->Chance(75) ? "==" : "!=";
  // One side read from the request: two literals are compared when the
  // policy is validated, which can make it always false.
  if (paths_.empty()) return Compare(depth);
  const Path path = *random_->Pick(PathsOf(random_->Pick(paths_).type));
  Expr known = UsePath(path);
  if (path.type.kind == Kind::kEntity && random_->Chance(20)) {
    return Binary(op, std::move(known), Text(random_->Chance(50) ? "principal" : "resource"));
  }
  Expr other = Constructible(path.type) ? Of(path.type, depth) : UsePath(path);
  return random_->Chance(50) ? Binary(op, std::move(known), std::move(other))
                             : Binary(op, std::move(other), std::move(known));
}

Expr TypedPolicyGenerator::In(int depth) {
  // The left: principal, resource, or an entity read from the request.
  std::vector<std::pair<Expr, std::vector<std::string>>> lefts;
  if (!view_.principals.empty()) lefts.emplace_back(Text("principal"), view_.principals);
  if (!view_.resources.empty()) lefts.emplace_back(Text("resource"), view_.resources);
  std::vector<const Path*> entity_paths;
  for (const Path& p : paths_) {
    if (p.type.kind == Kind::kEntity && p.expr.kind != Expr::Kind::kText)
      entity_paths.push_back(&p);
  }
  if (!entity_paths.empty() && (lefts.empty() || random_->Chance(40))) {
    const Path& p = *random_->Pick(entity_paths);
    lefts.clear();
    lefts.emplace_back(UsePath(p), std::vector<std::string>{p.type.name});
  }
  if (lefts.empty()) return Compare(depth);
  auto& [left, types] =
      lefts[static_cast<size_t>(random_->Uniform(static_cast<int>(lefts.size())))];
  const std::string ancestor = random_->Pick(AncestorsOrSelf(types));
  const TypeModel target = TypeModel::Entity(ancestor);
  if (random_->Chance(30)) {
    return Binary("in", std::move(left), Of(TypeModel::Set(target), depth));
  }
  return Binary("in", std::move(left), Of(target, depth));
}

Expr TypedPolicyGenerator::Has() {
  // A receiver with declared attributes and one of them, guarded as needed.
  std::vector<std::pair<Expr, std::vector<AttributeModel>>> receivers;
  if (!view_.principals.empty())
    receivers.emplace_back(Text("principal"), CommonAttributes(view_.principals));
  if (!view_.resources.empty())
    receivers.emplace_back(Text("resource"), CommonAttributes(view_.resources));
  if (!view_.actions.empty()) receivers.emplace_back(Text("context"), view_.context);
  std::vector<const Path*> inner;
  for (const Path& p : paths_) {
    if (p.expr.kind != Expr::Kind::kText &&
        (p.type.kind == Kind::kRecord ||
         (p.type.kind == Kind::kEntity && schema_.FindEntity(p.type.name) != nullptr))) {
      inner.push_back(&p);
    }
  }
  if (!inner.empty() && random_->Chance(35)) {
    const Path& p = *random_->Pick(inner);
    const std::vector<AttributeModel> attributes =
        p.type.kind == Kind::kRecord ? p.type.attributes
                                     : schema_.FindEntity(p.type.name)->attributes;
    receivers.clear();
    receivers.emplace_back(UsePath(p), attributes);
  }
  std::vector<size_t> usable;
  for (size_t i = 0; i < receivers.size(); ++i) {
    if (!receivers[i].second.empty()) usable.push_back(i);
  }
  if (usable.empty()) return Text("true");
  auto& [receiver, attributes] =
      receivers[usable[static_cast<size_t>(random_->Uniform(static_cast<int>(usable.size())))]];
  return HasTest(receiver, random_->Pick(attributes).name);
}

Expr TypedPolicyGenerator::SetMethod(int depth) {
  std::vector<TypeModel> sets;
  for (const Path& p : paths_) {
    if (p.type.kind == Kind::kSet) sets.push_back(p.type);
  }
  TypeModel set =
      !sets.empty() && random_->Chance(70) ? random_->Pick(sets) : TypeModel::Set(SomeType(false));
  Expr receiver = Of(set, depth);
  const TypeModel& element = set.element[0];
  switch (random_->Uniform(4)) {
    case 0:
      if (Constructible(element)) {
        return Node(Expr::Kind::kMethod, "contains", {std::move(receiver), Of(element, depth)});
      }
      [[fallthrough]];
    case 1: return Node(Expr::Kind::kMethod, "isEmpty", {std::move(receiver)});
    case 2: return Node(Expr::Kind::kMethod, "containsAll", {std::move(receiver), Of(set, depth)});
    default: return Node(Expr::Kind::kMethod, "containsAny", {std::move(receiver), Of(set, depth)});
  }
}

Expr TypedPolicyGenerator::Narrowed(int depth) {
  const bool principal = random_->Chance(50);
  std::vector<std::string>& types = principal ? view_.principals : view_.resources;
  if (types.empty()) return Bool(depth);
  const std::string t = random_->Pick(types);
  Expr test = Node(Expr::Kind::kIs, t, {Text(principal ? "principal" : "resource")});
  if (random_->Chance(25)) {
    test.kind = Expr::Kind::kIsIn;
    test.children.push_back(Of(TypeModel::Entity(random_->Pick(AncestorsOrSelf({t}))), 0));
  }
  // The outer paths keep their addresses: callers up the stack hold them.
  const std::vector<std::string> saved = types;
  std::vector<Path> saved_paths;
  std::swap(saved_paths, paths_);
  types = {t};
  BuildPaths();
  Expr body = Bool(depth);
  (principal ? view_.principals : view_.resources) = saved;
  paths_ = std::move(saved_paths);
  return And(std::move(test), std::move(body));
}

Expr TypedPolicyGenerator::ActionTest() {
  const ActionInfo& a = *random_->Pick(view_.actions);
  switch (random_->Uniform(3)) {
    case 0: return Binary("==", Text("action"), ActionUid(a));
    case 1: {
      // A group it is in, or itself.
      std::vector<Expr> groups = {ActionUid(a)};
      for (const auto& [type, id] : a.ancestors) groups.push_back(Uid(type, id));
      return Binary("in", Text("action"), random_->Pick(groups));
    }
    default: {
      Expr set = Node(Expr::Kind::kSet, "", {ActionUid(a)});
      const ActionInfo& b = *random_->Pick(view_.actions);
      if (b.type == a.type) set.children.push_back(ActionUid(b));
      return Binary("in", Text("action"), std::move(set));
    }
  }
}

// --- Mistakes

std::optional<Expr> TypedPolicyGenerator::MaybeMistake(const TypeModel& want) {
  const bool injectable = PolicyMistakeIsError(pending_) ||
                          (pending_ == PolicyMistake::kEdgeCase && want.kind == Kind::kBool);
  if (!injectable || !random_->Chance(kInjectPercent)) return std::nullopt;
  const PolicyMistake m = pending_;
  std::optional<Expr> e = MistakeExpr(m, want);
  if (e) {
    made_ = m;
    pending_ = PolicyMistake::kNone;
  }
  return e;
}

std::optional<Expr> TypedPolicyGenerator::MistakeExpr(PolicyMistake m, const TypeModel& want) {
  // Placed here, the mistake is made: no second one below it.
  const PolicyMistake saved = pending_;
  pending_ = PolicyMistake::kNone;
  std::optional<Expr> out;
  switch (m) {
    case PolicyMistake::kUndeclaredAttribute: out = UndeclaredAttribute(want); break;
    case PolicyMistake::kUnguardedOptional: out = UnguardedOptional(want); break;
    case PolicyMistake::kWrongOperandType: out = WrongOperand(want); break;
    case PolicyMistake::kMixedTypes: out = MixedTypes(want); break;
    case PolicyMistake::kUnknownEntityType: out = UnknownEntityType(want); break;
    case PolicyMistake::kUnknownAction:
      if (want.kind == Kind::kBool) out = UnknownAction();
      break;
    case PolicyMistake::kInvalidEnumId: out = InvalidEnumId(want); break;
    case PolicyMistake::kEmptySetLiteral: out = EmptySet(want); break;
    case PolicyMistake::kEdgeCase:
      if (want.kind == Kind::kBool) out = EdgeCase();
      break;
    case PolicyMistake::kUndeclaredContext:
      if (!view_.actions.empty()) {
        std::vector<std::string> names;
        for (const std::string& n : UndeclaredNames()) names.push_back(n);
        // Declared for one live action, not for all of them.
        for (const ActionInfo* a : view_.actions) {
          for (const AttributeModel& attr : a->context) {
            bool common = false;
            for (const AttributeModel& c : view_.context) common = common || c.name == attr.name;
            if (!common) names.push_back(attr.name);
          }
        }
        Expr access = Access(Text("context"), random_->Pick(names));
        out = want.kind == Kind::kBool ? Binary("==", std::move(access), Literal(Kind::kLong))
                                       : std::move(access);
      }
      break;
    default: break;
  }
  if (!out) pending_ = saved;
  return out;
}

std::optional<Expr> TypedPolicyGenerator::UndeclaredAttribute(const TypeModel& want) {
  std::vector<std::pair<Expr, std::vector<AttributeModel>>> receivers;
  if (!view_.principals.empty())
    receivers.emplace_back(Text("principal"), CommonAttributes(view_.principals));
  if (!view_.resources.empty())
    receivers.emplace_back(Text("resource"), CommonAttributes(view_.resources));
  if (!view_.actions.empty()) receivers.emplace_back(Text("action"), std::vector<AttributeModel>{});
  for (const Path& p : paths_) {
    if (p.expr.kind == Expr::Kind::kText) continue;
    if (p.type.kind == Kind::kRecord) receivers.emplace_back(p.expr, p.type.attributes);
    const EntityInfo* e = p.type.kind == Kind::kEntity ? schema_.FindEntity(p.type.name) : nullptr;
    if (e != nullptr) receivers.emplace_back(p.expr, e->attributes);
  }
  if (receivers.empty()) return std::nullopt;
  auto& [receiver, attributes] =
      receivers[static_cast<size_t>(random_->Uniform(static_cast<int>(receivers.size())))];
  // Attributes of the other principal or resource types count too: declared
  // on some of them, not all.
  std::vector<std::string> names = UndeclaredNames();
  for (const std::vector<std::string>* types : {&view_.principals, &view_.resources}) {
    for (const std::string& t : *types) {
      const EntityInfo* e = schema_.FindEntity(t);
      for (const AttributeModel& a : e->attributes) names.push_back(a.name);
    }
  }
  std::vector<std::string> undeclared;
  for (const std::string& n : names) {
    bool declared = false;
    for (const AttributeModel& a : attributes) declared = declared || a.name == n;
    if (!declared) undeclared.push_back(n);
  }
  Expr access = Access(receiver, random_->Pick(undeclared));
  if (want.kind != Kind::kBool) return access;
  return Binary(random_->Chance(50) ? "==" : "!=", std::move(access), Literal(Kind::kString));
}

std::optional<Expr> TypedPolicyGenerator::UnguardedOptional(const TypeModel& want) {
  std::vector<const Path*> guarded;
  for (const Path& p : paths_) {
    if (!p.guards.empty() && (want.kind == Kind::kBool || p.type.SameAs(want)))
      guarded.push_back(&p);
  }
  if (guarded.empty()) return std::nullopt;
  const Path p = *random_->Pick(guarded);
  if (p.type.SameAs(want)) return p.expr;
  switch (p.type.kind) {
    case Kind::kLong: return Binary(">", p.expr, Of(TypeModel::Long(), 0));
    case Kind::kString: return Node(Expr::Kind::kLike, random_->Pick(Patterns()), {p.expr});
    case Kind::kEntity: return Binary("==", p.expr, Uid(p.type.name, EntityId(p.type.name)));
    case Kind::kSet: return Node(Expr::Kind::kMethod, "isEmpty", {p.expr});
    default: return Binary("==", p.expr, p.expr);
  }
}

Expr TypedPolicyGenerator::WrongOperand(const TypeModel& want) {
  const TypeModel long_type = TypeModel::Long();
  const TypeModel string_type = TypeModel::String();
  if (want.kind != Kind::kBool) {
    // A Long expression over a String: `"a" * 2`, `-"a"`; wrapped in a
    // comparison where `want` is not Long.
    Expr bad = random_->Chance(50)
                   ? Binary(random_->Chance(50) ? "*" : "+", Of(string_type, 0), Of(long_type, 0))
                   : Node(Expr::Kind::kUnary, "-", {Of(string_type, 0)});
    if (want.kind == Kind::kLong) return bad;
    return Node(Expr::Kind::kIf, "",
                {Binary(">", std::move(bad), Literal(Kind::kLong)), Of(want, 0), Of(want, 0)});
  }
  switch (random_->Uniform(13)) {
    case 0: return Binary(">", Binary("+", Of(string_type, 0), Of(long_type, 0)), Of(long_type, 0));
    case 1: return Binary(random_->Chance(50) ? "<" : ">=", Of(string_type, 0), Of(string_type, 0));
    case 2: return Node(Expr::Kind::kLike, random_->Pick(Patterns()), {Of(long_type, 0)});
    case 3: return Node(Expr::Kind::kUnary, "!", {Of(long_type, 0)});
    case 4: return Binary("&&", Of(long_type, 0), Bool(0));
    case 5: return Binary("||", NonConstantBool(0), Of(string_type, 0));
    case 6: return Node(Expr::Kind::kMethod, "contains", {Of(long_type, 0), Of(long_type, 0)});
    case 7: return Node(Expr::Kind::kHas, "a", {Of(long_type, 0)});
    case 8: {
      const std::string t = random_->Pick(EntityTypes());
      return random_->Chance(50) ? Binary("in", EntityOf(t, 0), Of(long_type, 0))
                                 : Binary("in", Of(long_type, 0), EntityOf(t, 0));
    }
    case 9: return Node(Expr::Kind::kIf, "", {Of(long_type, 0), Bool(0), Bool(0)});
    case 10: {
      const std::string t = random_->Pick(EntityTypes());
      return Node(Expr::Kind::kMethod, "isEmpty", {EntityOf(t, 0)});
    }
    case 11: return Binary("<", Bool(0), Of(long_type, 0));
    default: return Node(Expr::Kind::kIs, random_->Pick(EntityTypes()), {Of(string_type, 0)});
  }
}

Expr TypedPolicyGenerator::MixedTypes(const TypeModel& want) {
  // Two types the validator cannot unify.
  TypeModel a = SomeType(true);
  TypeModel b = SomeType(false);
  for (int i = 0; i < 10 && a.SameAs(b); ++i) b = SomeType(false);
  if (a.SameAs(b)) b = a.kind == Kind::kLong ? TypeModel::String() : TypeModel::Long();
  // Entities of two types are unequal, not an error: they mix in sets,
  // `if` branches and records only.
  const bool two_entities = a.kind == Kind::kEntity && b.kind == Kind::kEntity;
  if (want.kind != Kind::kBool) {
    return Node(Expr::Kind::kIf, "",
                {NonConstantBool(0), Of(want, 0), Of(want.SameAs(a) ? b : a, 0)});
  }
  int shape = random_->Uniform(6);
  if (two_entities && shape == 2) shape = 0;
  switch (shape) {
    case 0:
      return Node(Expr::Kind::kMethod, "contains",
                  {Node(Expr::Kind::kSet, "", {Of(a, 0), Of(b, 0)}), Of(a, 0)});
    case 1:
      return Binary("==", Node(Expr::Kind::kIf, "", {NonConstantBool(0), Of(a, 0), Of(b, 0)}),
                    Of(a, 0));
    case 2: {
      // One side not a literal: the validator does not fold it away.
      Expr left = Of(a, 0);
      if (IsLiteral(left))
        left = Node(Expr::Kind::kIf, "", {NonConstantBool(0), Of(a, 0), Of(a, 0)});
      return Binary(random_->Chance(70) ? "==" : "!=", std::move(left), Of(b, 0));
    }
    case 3:
      return Node(Expr::Kind::kMethod, random_->Chance(50) ? "containsAll" : "containsAny",
                  {Of(TypeModel::Set(a), 0), Of(TypeModel::Set(b), 0)});
    case 4: return Node(Expr::Kind::kMethod, "contains", {Of(TypeModel::Set(a), 0), Of(b, 0)});
    default: {
      Expr left = Node(Expr::Kind::kRecord, "", {Of(a, 0)});
      left.names = {"a"};
      Expr right = Node(Expr::Kind::kRecord, "", {Of(b, 0)});
      right.names = {"a"};
      return Binary("==", std::move(left), std::move(right));
    }
  }
}

std::optional<Expr> TypedPolicyGenerator::UnknownEntityType(const TypeModel& want) {
  std::string absent = "Absent";
  // A namespace forgotten: `User` for `Suivi::User`.
  std::vector<std::string> namespaced;
  for (const std::string& t : EntityTypes()) {
    if (!NamespaceOf(t).empty()) namespaced.push_back(t);
  }
  if (!namespaced.empty() && random_->Chance(50)) absent = BaseName(random_->Pick(namespaced));
  if (want.kind == Kind::kEntity) return Uid(absent, "x");
  if (want.kind != Kind::kBool) return std::nullopt;
  Expr var = Text(random_->Chance(50) ? "principal" : "resource");
  switch (random_->Uniform(3)) {
    case 0: return Node(Expr::Kind::kIs, absent, {std::move(var)});
    case 1: return Binary("==", Uid(absent, "x"), std::move(var));
    default: return Binary("in", std::move(var), Uid(absent, "x"));
  }
}

std::optional<Expr> TypedPolicyGenerator::UnknownAction() {
  std::string type = "Action";
  std::string id = "absent";
  const ActionInfo& some = random_->Pick(schema_.actions());
  if (!NamespaceOf(some.type).empty() && random_->Chance(50)) {
    id = some.id;  // a namespace forgotten: Action::"lire" for Suivi::Action::"lire"
  } else {
    type = some.type;
  }
  if (random_->Chance(60)) return Binary("==", Text("action"), Uid(type, id));
  Expr set = Node(Expr::Kind::kSet, "", {ActionUid(some), Uid(type, id)});
  random_->Shuffle(&set.children);
  return Binary("in", Text("action"), std::move(set));
}

std::optional<Expr> TypedPolicyGenerator::InvalidEnumId(const TypeModel& want) {
  std::vector<const EntityInfo*> enums;
  for (const EntityInfo& e : schema_.entities()) {
    if (!e.enum_ids.empty() && (want.kind == Kind::kBool || e.name == want.name))
      enums.push_back(&e);
  }
  if (enums.empty() || (want.kind != Kind::kBool && want.kind != Kind::kEntity))
    return std::nullopt;
  const EntityInfo& e = *random_->Pick(enums);
  Expr bad = Uid(e.name, random_->Chance(50) ? "nope" : "Ouvert");
  if (want.kind == Kind::kEntity) return bad;
  if (random_->Chance(50)) return Binary("==", Of(TypeModel::Entity(e.name), 0), std::move(bad));
  return Binary("in", Text(random_->Chance(50) ? "principal" : "resource"), std::move(bad));
}

Expr TypedPolicyGenerator::EmptySet(const TypeModel& want) {
  Expr empty = Node(Expr::Kind::kSet, "", {});
  if (want.kind == Kind::kSet) return empty;
  const TypeModel set = TypeModel::Set(SomeType(true));
  Expr bad;
  switch (random_->Uniform(4)) {
    case 0: bad = Node(Expr::Kind::kMethod, "containsAny", {Of(set, 0), std::move(empty)}); break;
    case 1: bad = Node(Expr::Kind::kMethod, "isEmpty", {std::move(empty)}); break;
    case 2: bad = Binary("==", std::move(empty), Of(set, 0)); break;
    default: bad = Binary("in", Text("principal"), std::move(empty)); break;
  }
  if (want.kind == Kind::kBool) return bad;
  return Node(Expr::Kind::kIf, "", {std::move(bad), Of(want, 0), Of(want, 0)});
}

bool TypedPolicyGenerator::AddWarningCondition(PolicyMistake m, Policy* p) {
  Expr e;
  bool when = true;
  if (m == PolicyMistake::kUnrelatedIn) {
    if (view_.principals.empty()) return false;
    const std::vector<std::string> related = AncestorsOrSelf(view_.principals);
    std::vector<std::string> unrelated;
    for (const std::string& t : EntityTypes()) {
      if (!Contains(related, t)) unrelated.push_back(t);
    }
    if (unrelated.empty()) return false;
    const std::string& t = random_->Pick(unrelated);
    e = Binary("in", Text("principal"), Uid(t, EntityId(t)));
  } else if (m == PolicyMistake::kAlwaysFalse) {
    switch (random_->Uniform(4)) {
      case 0: e = Text("false"); break;
      case 1:
        e = Text("true");
        when = false;
        break;
      case 2: e = Binary("==", Literal(Kind::kLong), Literal(Kind::kString)); break;
      default:
        e = HasTest(Text(random_->Chance(50) ? "principal" : "context"),
                    random_->Pick(UndeclaredNames()));
        break;
    }
  } else {
    return false;  // kScopeMatchesNoAction lives in the scope only
  }
  p->conditions.push_back(Condition{when, std::move(e)});
  return true;
}

// --- Edge cases

Expr TypedPolicyGenerator::EdgeCase() {
  std::vector<const Path*> optional;
  for (const Path& p : paths_) {
    if (!p.guards.empty()) optional.push_back(&p);
  }
  const int r = random_->Uniform(100);
  if (!optional.empty() && r < 50) {
    const Path path = *random_->Pick(optional);
    return CapabilityEdge(path);
  }
  return r < 80 ? ConstantEdge() : UnionEdge();
}

Expr TypedPolicyGenerator::Guard(const Path& path) {
  Expr out = path.guards[0];
  for (size_t i = 1; i < path.guards.size(); ++i) out = And(std::move(out), path.guards[i]);
  return out;
}

Expr TypedPolicyGenerator::Unguarded(const Path& path) {
  switch (path.type.kind) {
    case Kind::kBool: return path.expr;
    case Kind::kLong: return Binary(">", path.expr, Literal(Kind::kLong));
    case Kind::kString: return Node(Expr::Kind::kLike, random_->Pick(Patterns()), {path.expr});
    case Kind::kEntity:
      return Binary("==", path.expr, Uid(path.type.name, EntityId(path.type.name)));
    case Kind::kSet: return Node(Expr::Kind::kMethod, "isEmpty", {path.expr});
    default: return Binary("==", path.expr, path.expr);
  }
}

Expr TypedPolicyGenerator::CapabilityEdge(const Path& path) {
  // Does Cedar know the attribute is present where `use` reads it?
  const Expr g = Guard(path);
  const Expr use = Unguarded(path);
  const Expr c = NonConstantBool(0);
  auto if_ = [](Expr a, Expr b, Expr e) {
    return Node(Expr::Kind::kIf, "", {std::move(a), std::move(b), std::move(e)});
  };
  auto not_ = [](Expr a) { return Node(Expr::Kind::kUnary, "!", {std::move(a)}); };
  switch (random_->Uniform(16)) {
    case 0: return And(Binary("||", g, g), use);
    case 1: return And(Binary("||", And(g, c), And(g, NonConstantBool(0))), use);
    case 2: return And(Binary("||", And(g, c), NonConstantBool(0)), use);
    case 3: return And(Binary("||", Text("true"), g), use);
    case 4: return And(Binary("||", Text("false"), g), use);
    case 5: return And(Binary("||", g, Text("false")), use);
    case 6: return Binary("||", And(g, Text("false")), use);
    case 7: return And(if_(c, g, g), use);
    case 8: return And(if_(c, g, Text("false")), use);
    case 9: return And(if_(g, Text("true"), Text("false")), use);
    case 10: return if_(g, use, Unguarded(path));
    case 11: return And(not_(not_(g)), use);
    case 12: return And(if_(Text("true"), g, c), use);
    case 13: return And(g, if_(c, use, Text("true")));
    case 14: return Binary("||", not_(g), use);
    default: return And(And(g, Text("true")), use);
  }
}

Expr TypedPolicyGenerator::ConstantEdge() {
  const std::vector<std::string> types = EntityTypes();
  const std::string t = random_->Pick(types);
  switch (random_->Uniform(14)) {
    case 0: {
      Expr record = Node(Expr::Kind::kRecord, "", {Literal(Kind::kLong)});
      record.names = {"a"};
      return Node(Expr::Kind::kHas, random_->Chance(50) ? "a" : "b", {std::move(record)});
    }
    case 1: {
      const std::string id = EntityId(t);
      return Binary(random_->Chance(70) ? "==" : "!=", Uid(t, id),
                    Uid(t, random_->Chance(50) ? id : EntityId(t)));
    }
    case 2: {
      // The validator knows the action hierarchy exactly.
      const ActionInfo& a = random_->Pick(schema_.actions());
      const ActionInfo& b = random_->Pick(schema_.actions());
      return Binary(random_->Chance(70) ? "in" : "==", ActionUid(a), ActionUid(b));
    }
    case 3: return Node(Expr::Kind::kUnary, "!", {Text(random_->Chance(50) ? "true" : "false")});
    case 4: return Node(Expr::Kind::kIs, random_->Pick(types), {Uid(t, EntityId(t))});
    case 5: return Node(Expr::Kind::kIs, t, {Text(random_->Chance(50) ? "principal" : "resource")});
    case 6:
      return HasTest(Text(random_->Chance(50) ? "action" : "context"),
                     random_->Pick(UndeclaredNames()));
    case 7: {
      // Errors in code a constant makes dead.
      Expr bad = WrongOperand(TypeModel::Bool());
      switch (random_->Uniform(4)) {
        case 0: return Binary("&&", Text("false"), std::move(bad));
        case 1: return Binary("||", Text("true"), std::move(bad));
        case 2: return Node(Expr::Kind::kIf, "", {Text("true"), Bool(0), std::move(bad)});
        default: return Node(Expr::Kind::kIf, "", {Text("false"), std::move(bad), Bool(0)});
      }
    }
    case 8: {
      // An attribute `has` says is absent, then read.
      const std::string name = random_->Pick(UndeclaredNames());
      Expr var = Text(random_->Chance(50) ? "principal" : "context");
      return And(HasTest(var, name), Binary("==", Access(var, name), Literal(Kind::kLong)));
    }
    case 9: {
      const std::string u = random_->Pick(types);
      return Binary("in", Uid(t, EntityId(t)), Uid(u, EntityId(u)));
    }
    case 10: {
      Expr record = Node(Expr::Kind::kRecord, "", {Literal(Kind::kLong), Literal(Kind::kString)});
      record.names = {"a", "b"};
      return Binary(
          "==", Node(Expr::Kind::kAttr, random_->Chance(80) ? "a" : "c", {std::move(record)}),
          Literal(Kind::kLong));
    }
    case 11: {
      Expr empty = Node(Expr::Kind::kRecord, "", {});
      return Binary("==", Text("context"),
                    random_->Chance(50) ? std::move(empty) : Text("context"));
    }
    case 12: {
      const char* vars[] = {"principal", "resource"};
      return Binary("in", Text(vars[random_->Uniform(2)]),
                    random_->Chance(50)
                        ? Text(vars[random_->Uniform(2)])
                        : Node(Expr::Kind::kSet, "", {Text(vars[random_->Uniform(2)])}));
    }
    default:
      return Binary("==", Node(Expr::Kind::kSet, "", {Literal(Kind::kLong)}),
                    Node(Expr::Kind::kSet, "", {Literal(Kind::kLong), Literal(Kind::kLong)}));
  }
}

Expr TypedPolicyGenerator::UnionEdge() {
  // Types that unify, or do not, in sets, `if` branches and equality.
  auto record = [&](std::vector<std::string> names) {
    Expr r = Node(Expr::Kind::kRecord, "", {});
    for (size_t i = 0; i < names.size(); ++i) {
      r.children.push_back(i % 2 == 0 ? Literal(Kind::kLong) : Literal(Kind::kString));
    }
    r.names = std::move(names);
    return r;
  };
  auto set = [](std::vector<Expr> items) { return Node(Expr::Kind::kSet, "", std::move(items)); };
  const Expr c = NonConstantBool(0);
  switch (random_->Uniform(8)) {
    case 0:
      return Node(Expr::Kind::kMethod, "contains",
                  {set({record({"a"}), record({"a"})}), record({random_->Chance(70) ? "a" : "b"})});
    case 1:
      return Binary("==", record({"a", "b"}),
                    record(random_->Chance(50) ? std::vector<std::string>{"b", "a"}
                                               : std::vector<std::string>{"a"}));
    case 2:
      return Node(
          Expr::Kind::kMethod, "containsAll",
          {set({set({Literal(Kind::kLong)}), set({Literal(Kind::kLong), Literal(Kind::kLong)})}),
           set({set({random_->Chance(80) ? Literal(Kind::kLong) : Literal(Kind::kString)})})});
    case 3:
      return Node(Expr::Kind::kMethod, "contains", {set({Text("true"), Text("false")}), Bool(0)});
    case 4:
      return Binary("==", Node(Expr::Kind::kIf, "", {c, record({"a"}), record({"a"})}),
                    record({random_->Chance(70) ? "a" : "b"}));
    case 5: {
      const std::vector<std::string> types = EntityTypes();
      const std::string t = random_->Pick(types);
      const std::string u = random_->Chance(70) ? t : random_->Pick(types);
      return Node(Expr::Kind::kMethod, "contains",
                  {set({set({Uid(t, EntityId(t))}), set({Uid(u, EntityId(u))})}),
                   set({Uid(t, EntityId(t))})});
    }
    case 6:
      return Binary("==", Node(Expr::Kind::kIf, "", {c, Text("principal"), Text("resource")}),
                    Text("principal"));
    default:
      return Binary("==", Node(Expr::Kind::kIf, "", {c, Text("true"), Text("false")}), Bool(0));
  }
}

void TypedPolicyGenerator::AddEdgeClauses(Policy* p) {
  std::vector<const Path*> optional;
  for (const Path& path : paths_) {
    if (!path.guards.empty()) optional.push_back(&path);
  }
  if (optional.empty() || random_->Chance(40)) {
    p->conditions.push_back(Condition{true, EdgeCase()});
    return;
  }
  // A `has` in one clause, the read in a later one (or the other way).
  const Path path = *random_->Pick(optional);
  Condition guard{true, Guard(path)};
  Condition use{true, Unguarded(path)};
  switch (random_->Uniform(4)) {
    case 0: break;
    case 1:
      guard.when = false;
      guard.expr = Node(Expr::Kind::kUnary, "!", {std::move(guard.expr)});
      break;
    case 2: guard.when = false; break;
    default: std::swap(guard, use);
  }
  const size_t at =
      static_cast<size_t>(random_->Uniform(static_cast<int>(p->conditions.size()) + 1));
  p->conditions.insert(p->conditions.begin() + static_cast<std::ptrdiff_t>(at), std::move(use));
  p->conditions.insert(p->conditions.begin() + static_cast<std::ptrdiff_t>(at), std::move(guard));
}

// --- Helpers

bool TypedPolicyGenerator::Constructible(const TypeModel& type) const {
  return Buildable(type) || !PathsOf(type).empty();
}

bool TypedPolicyGenerator::Buildable(const TypeModel& type) const {
  switch (type.kind) {
    case Kind::kSet: return Constructible(type.element[0]);
    case Kind::kRecord:
      // A record literal has no optional attribute: its type differs.
      for (const AttributeModel& a : type.attributes) {
        if (!a.required || !Constructible(a.type)) return false;
      }
      return true;
    case Kind::kEntity: return schema_.FindEntity(type.name) != nullptr;
    case Kind::kCommon: return false;
    default: return true;
  }
}

TypeModel TypedPolicyGenerator::SomeType(bool from_paths) {
  if (from_paths && !paths_.empty() && random_->Chance(60)) {
    const Path& p = random_->Pick(paths_);
    if (Constructible(p.type)) return p.type;
  }
  switch (random_->Uniform(5)) {
    case 0: return TypeModel::Bool();
    case 1: return TypeModel::Long();
    case 2: return TypeModel::String();
    case 3: return TypeModel::Entity(random_->Pick(EntityTypes()));
    default: return TypeModel::Set(random_->Chance(50) ? TypeModel::Long() : TypeModel::String());
  }
}

std::vector<AttributeModel> TypedPolicyGenerator::CommonAttributes(
    const std::vector<std::string>& types) const {
  std::vector<AttributeModel> out;
  if (types.empty()) return out;
  for (const AttributeModel& a : schema_.FindEntity(types[0])->attributes) {
    AttributeModel common = a;
    bool everywhere = true;
    for (size_t i = 1; i < types.size() && everywhere; ++i) {
      bool found = false;
      for (const AttributeModel& b : schema_.FindEntity(types[i])->attributes) {
        if (b.name == a.name && b.type.SameAs(a.type)) {
          found = true;
          common.required = common.required && b.required;
        }
      }
      everywhere = found;
    }
    if (everywhere) out.push_back(common);
  }
  return out;
}

std::vector<std::string> TypedPolicyGenerator::AncestorsOrSelf(
    const std::vector<std::string>& types) const {
  std::vector<std::string> out;
  for (const EntityInfo& e : schema_.entities()) {
    for (const std::string& t : types) {
      if ((t == e.name || schema_.MayBeDescendant(t, e.name)) && !Contains(out, e.name)) {
        out.push_back(e.name);
      }
    }
  }
  return out;
}

std::vector<std::string> TypedPolicyGenerator::EntityTypes() const {
  std::vector<std::string> out;
  for (const EntityInfo& e : schema_.entities()) out.push_back(e.name);
  return out;
}

std::string TypedPolicyGenerator::EntityId(const std::string& type) {
  const EntityInfo* e = schema_.FindEntity(type);
  if (e != nullptr && !e->enum_ids.empty()) return random_->Pick(e->enum_ids);
  return random_->Pick(Ids());
}

Expr TypedPolicyGenerator::Uid(const std::string& type, const std::string& id) const {
  return Text(type + "::" + CedarQuote(id));
}

Expr TypedPolicyGenerator::ActionUid(const ActionInfo& a) const { return Uid(a.type, a.id); }

Expr TypedPolicyGenerator::Access(const Expr& receiver, const std::string& name) {
  const bool bare = IsIdentifier(name) && !IsReservedWord(name) && random_->Chance(80);
  return Node(bare ? Expr::Kind::kAttr : Expr::Kind::kIndex, name, {receiver});
}

Expr TypedPolicyGenerator::HasTest(const Expr& receiver, const std::string& name) {
  const bool bare = IsIdentifier(name) && !IsReservedWord(name) && random_->Chance(80);
  return Node(Expr::Kind::kHas, bare ? name : CedarQuote(name), {receiver});
}

Expr TypedPolicyGenerator::Literal(Kind kind) {
  switch (kind) {
    case Kind::kBool: return Text(random_->Chance(50) ? "true" : "false");
    case Kind::kString: return Text(CedarQuote(random_->Pick(Strings())));
    default: {
      static const auto* longs = new std::vector<std::string>{
          "0", "1", "-1", "7", "42", "9223372036854775807", "-9223372036854775808"};
      return Text(random_->Chance(70) ? std::to_string(random_->Uniform(21) - 10)
                                      : random_->Pick(*longs));
    }
  }
}

Expr TypedPolicyGenerator::NonConstantBool(int depth) {
  return Binary("<", Of(TypeModel::Long(), depth), Of(TypeModel::Long(), depth));
}

}  // namespace suivi::cedar_testing
