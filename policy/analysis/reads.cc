// policy/analysis/reads.cc

#include "policy/analysis/reads.h"

#include <algorithm>
#include <string>

namespace suivi::policy::analysis {
namespace {

bool IsVar(const Expr& e, Var var) { return e.kind == ExprKind::kVar && e.var == var; }

const EntityUid* LiteralEntity(const Expr& e) {
  if (e.kind != ExprKind::kLiteral || e.literal.kind() != Value::Kind::kEntity) return nullptr;
  return &e.literal.entity_value();
}

bool ActionIn(const SliceFacts& facts, const EntityUid& target) {
  return facts.action == target || std::find(facts.action_ancestors.begin(),
                                              facts.action_ancestors.end(),
                                              target) != facts.action_ancestors.end();
}

// The type of the entity variable `var` holds in every request of the slice.
const std::string* VarType(const Expr& e, const SliceFacts& facts) {
  if (IsVar(e, Var::kPrincipal)) return &facts.principal_type;
  if (IsVar(e, Var::kResource)) return &facts.resource_type;
  if (IsVar(e, Var::kAction)) return &facts.action.type;
  return nullptr;
}

// `a == b` where `a` is a variable of known type and `b` an entity literal.
std::optional<bool> VarEqualsLiteral(const Expr& a, const Expr& b, const SliceFacts& facts) {
  const EntityUid* uid = LiteralEntity(b);
  if (uid == nullptr) return std::nullopt;
  if (IsVar(a, Var::kAction)) return facts.action == *uid;
  const std::string* type = VarType(a, facts);
  if (type != nullptr && *type != uid->type) return false;  // different types: unequal
  return std::nullopt;
}

std::optional<bool> StaticEq(const Expr& a, const Expr& b, const SliceFacts& facts) {
  if (a.kind == ExprKind::kLiteral && b.kind == ExprKind::kLiteral) return a.literal == b.literal;
  if (std::optional<bool> v = VarEqualsLiteral(a, b, facts)) return v;
  return VarEqualsLiteral(b, a, facts);
}

// `action in E` and `action in [E, ...]` with literals: never an error
// when every element is an entity.
std::optional<bool> StaticIn(const Expr& a, const Expr& b, const SliceFacts& facts) {
  if (!IsVar(a, Var::kAction) || b.kind != ExprKind::kLiteral) return std::nullopt;
  if (const EntityUid* uid = LiteralEntity(b)) return ActionIn(facts, *uid);
  if (b.literal.kind() != Value::Kind::kSet) return std::nullopt;
  bool any = false;
  for (const Value& element : b.literal.set_value()) {
    if (element.kind() != Value::Kind::kEntity) return std::nullopt;
    any = any || ActionIn(facts, element.entity_value());
  }
  return any;
}

// The static type of an expression, as far as the reads need it.
struct StaticType {
  enum class Kind { kUnknown, kEntity, kRecord } kind = Kind::kUnknown;
  std::string entity;                 // kEntity
  const SchemaType* record = nullptr;  // kRecord
  std::string owner = kAnyOwner;      // kRecord: "context" for the request's context
};

StaticType FromSchemaType(const SchemaType& type) {
  StaticType out;
  if (type.kind == SchemaType::Kind::kEntity) {
    out.kind = StaticType::Kind::kEntity;
    out.entity = type.entity_type;
  } else if (type.kind == SchemaType::Kind::kRecord) {
    out.kind = StaticType::Kind::kRecord;
    out.record = &type;
  }
  return out;
}

StaticType TypeOf(const Expr& e, const SliceFacts& facts);

StaticType AttributeType(const Expr& e, const SliceFacts& facts) {
  StaticType target = TypeOf(*e.args[0], facts);
  const SchemaAttribute* attribute = nullptr;
  if (target.kind == StaticType::Kind::kEntity) {
    const EntityTypeDef* def = facts.schema->FindEntityType(target.entity);
    if (def != nullptr) attribute = def->shape.FindAttribute(e.name);
  } else if (target.kind == StaticType::Kind::kRecord) {
    attribute = target.record->FindAttribute(e.name);
  }
  return attribute == nullptr ? StaticType() : FromSchemaType(attribute->type);
}

StaticType TypeOf(const Expr& e, const SliceFacts& facts) {
  StaticType out;
  if (const std::string* type = VarType(e, facts)) {
    out.kind = StaticType::Kind::kEntity;
    out.entity = *type;
  } else if (IsVar(e, Var::kContext)) {
    const ActionDef* action = facts.schema->FindAction(facts.action);
    if (action == nullptr) return out;
    out.kind = StaticType::Kind::kRecord;
    out.record = &action->context;
    out.owner = "context";
  } else if (const EntityUid* uid = LiteralEntity(e)) {
    out.kind = StaticType::Kind::kEntity;
    out.entity = uid->type;
  } else if (e.kind == ExprKind::kGetAttr) {
    out = AttributeType(e, facts);
  }
  return out;
}

std::string OwnerOf(const StaticType& type) {
  if (type.kind == StaticType::Kind::kEntity) return type.entity;
  if (type.kind == StaticType::Kind::kRecord) return type.owner;
  return kAnyOwner;
}

class ReadWalker {
 public:
  ReadWalker(const SliceFacts& facts, ReadSet* out) : facts_(facts), out_(out) {}

  void Walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kAnd:
        Walk(*e.args[0]);
        if (StaticValue(*e.args[0], facts_) != false) Walk(*e.args[1]);
        return;
      case ExprKind::kOr:
        Walk(*e.args[0]);
        if (StaticValue(*e.args[0], facts_) != true) Walk(*e.args[1]);
        return;
      case ExprKind::kIf: WalkIf(e); return;
      case ExprKind::kVar: UseVar(e); return;
      case ExprKind::kGetAttr:
      case ExprKind::kHas: WalkAccess(e); return;
      default:
        for (const auto& arg : e.args) Walk(*arg);
    }
  }

 private:
  void WalkIf(const Expr& e) {
    Walk(*e.args[0]);
    std::optional<bool> condition = StaticValue(*e.args[0], facts_);
    if (condition != false) Walk(*e.args[1]);
    if (condition != true) Walk(*e.args[2]);
  }

  void UseVar(const Expr& e) {
    if (e.var == Var::kResource) out_->resource = true;
    if (e.var == Var::kContext) out_->whole_context = true;
  }

  // `target.name` or `target has name`: a read of `name` on the target's
  // type. The context as a target is not a use of the whole context.
  void WalkAccess(const Expr& e) {
    const Expr& target = *e.args[0];
    if (IsVar(target, Var::kResource)) out_->resource = true;
    if (target.kind != ExprKind::kVar) Walk(target);
    out_->attributes.insert({OwnerOf(TypeOf(target, facts_)), e.name});
  }

  const SliceFacts& facts_;
  ReadSet* out_;
};

}  // namespace

std::optional<bool> StaticValue(const Expr& e, const SliceFacts& facts) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      if (e.literal.kind() == Value::Kind::kBool) return e.literal.bool_value();
      return std::nullopt;
    case ExprKind::kIs: {
      const std::string* type = VarType(*e.args[0], facts);
      if (type == nullptr) return std::nullopt;
      return *type == e.name;
    }
    case ExprKind::kEq: return StaticEq(*e.args[0], *e.args[1], facts);
    case ExprKind::kIn: return StaticIn(*e.args[0], *e.args[1], facts);
    case ExprKind::kNot: {
      std::optional<bool> v = StaticValue(*e.args[0], facts);
      if (!v.has_value()) return std::nullopt;
      return !*v;
    }
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      bool is_and = e.kind == ExprKind::kAnd;
      std::optional<bool> lhs = StaticValue(*e.args[0], facts);
      if (!lhs.has_value()) return std::nullopt;
      if (*lhs != is_and) return lhs;  // short-circuit: the right side is not evaluated
      return StaticValue(*e.args[1], facts);
    }
    case ExprKind::kIf: {
      std::optional<bool> condition = StaticValue(*e.args[0], facts);
      if (!condition.has_value()) return std::nullopt;
      return StaticValue(*e.args[*condition ? 1 : 2], facts);
    }
    default: return std::nullopt;
  }
}

ReadSet ReadsOf(const Policy& policy, const SliceFacts& facts) {
  ReadSet out;
  if (StaticValue(*policy.condition, facts) == false) {
    out.never = true;
    return out;
  }
  ReadWalker(facts, &out).Walk(*policy.condition);
  return out;
}

bool Touches(const ReadSet& reads, const Footprint& footprint) {
  if (reads.never) return false;
  if (footprint.resource_identity && reads.resource) return true;
  for (const auto& [owner, name] : footprint.attributes) {
    if (owner == "context" && reads.whole_context) return true;
    if (reads.attributes.contains({owner, name}) || reads.attributes.contains({kAnyOwner, name})) {
      return true;
    }
  }
  return false;
}

bool ReadsContextField(const ReadSet& reads, const std::string& field) {
  if (reads.never) return false;
  return reads.whole_context || reads.attributes.contains({"context", field}) ||
         reads.attributes.contains({kAnyOwner, field});
}

}  // namespace suivi::policy::analysis
