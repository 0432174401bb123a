// policy/evaluator.cc

#include "policy/evaluator.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"

namespace suivi::policy {
namespace {

absl::Status TypeError(const char* what, const Value& got) {
  return absl::InvalidArgumentError(
      absl::StrCat("erreur de type : ", what, " attendu, ", KindName(got.kind()), " reçu"));
}

absl::Status Expect(const Value& v, Value::Kind kind, const char* what) {
  return v.kind() == kind ? absl::OkStatus() : TypeError(what, v);
}

// Whether `text` matches the `*`-separated literal `chunks` of a pattern.
bool Matches(absl::string_view text, const std::vector<std::string>& chunks) {
  if (chunks.size() == 1) return text == chunks[0];
  if (!absl::StartsWith(text, chunks.front())) return false;
  text.remove_prefix(chunks.front().size());
  for (size_t i = 1; i + 1 < chunks.size(); ++i) {
    size_t at = text.find(chunks[i]);
    if (at == absl::string_view::npos) return false;
    text.remove_prefix(at + chunks[i].size());
  }
  return absl::EndsWith(text, chunks.back());
}

}  // namespace

class Evaluator::Impl {
 public:
  Impl(const Entities& entities, const Request& request)
      : entities_(entities),
        request_(request),
        context_(&request.context),
        principal_(entities.Find(request.principal.entity_value())),
        resource_(entities.Find(request.resource.entity_value())) {}

  void SetContext(const Value& context) { context_ = &context; }

  absl::StatusOr<Value> Eval(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kLiteral: return e.literal;
      case ExprKind::kVar: return VarValue(e.var);
      case ExprKind::kNot: return Not(e);
      case ExprKind::kNeg: return Neg(e);
      case ExprKind::kAnd:
      case ExprKind::kOr: return AndOr(e);
      case ExprKind::kIf: return If(e);
      case ExprKind::kEq: return Eq(e);
      case ExprKind::kLess:
      case ExprKind::kLessEq:
      case ExprKind::kAdd:
      case ExprKind::kSub:
      case ExprKind::kMul: return Binary(e);
      case ExprKind::kIn: return In(e);
      case ExprKind::kHas: return Has(e);
      case ExprKind::kGetAttr: return GetAttr(e);
      case ExprKind::kLike: return Like(e);
      case ExprKind::kIs: return Is(e);
      case ExprKind::kContains:
      case ExprKind::kContainsAll:
      case ExprKind::kContainsAny:
      case ExprKind::kIsEmpty: return SetMethod(e);
      case ExprKind::kSet: return SetLiteral(e);
      case ExprKind::kRecord: return RecordLiteral(e);
    }
    return absl::InternalError("expression inconnue");
  }

 private:
  const Value& VarValue(Var var) const {
    switch (var) {
      case Var::kPrincipal: return request_.principal;
      case Var::kAction: return request_.action;
      case Var::kResource: return request_.resource;
      case Var::kContext: return *context_;
    }
    return *context_;
  }

  absl::StatusOr<Value> Not(const Expr& e) {
    ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
    RETURN_IF_ERROR(Expect(v, Value::Kind::kBool, "un booléen"));
    return Value::Bool(!v.bool_value());
  }

  absl::StatusOr<Value> Neg(const Expr& e) {
    ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
    RETURN_IF_ERROR(Expect(v, Value::Kind::kLong, "un entier"));
    int64_t out;
    if (__builtin_sub_overflow(int64_t{0}, v.long_value(), &out)) {
      return absl::InvalidArgumentError(absl::StrCat("dépassement de capacité : -(", v.long_value(), ")"));
    }
    return Value::Long(out);
  }

  absl::StatusOr<Value> AndOr(const Expr& e) {
    bool is_and = e.kind == ExprKind::kAnd;
    ASSIGN_OR_RETURN(Value lhs, Eval(*e.args[0]));
    RETURN_IF_ERROR(Expect(lhs, Value::Kind::kBool, "un booléen"));
    if (lhs.bool_value() != is_and) return lhs;
    ASSIGN_OR_RETURN(Value rhs, Eval(*e.args[1]));
    RETURN_IF_ERROR(Expect(rhs, Value::Kind::kBool, "un booléen"));
    return rhs;
  }

  absl::StatusOr<Value> If(const Expr& e) {
    ASSIGN_OR_RETURN(Value cond, Eval(*e.args[0]));
    RETURN_IF_ERROR(Expect(cond, Value::Kind::kBool, "un booléen"));
    return Eval(*e.args[cond.bool_value() ? 1 : 2]);
  }

  absl::StatusOr<Value> Eq(const Expr& e) {
    Value lhs_storage, rhs_storage;
    ASSIGN_OR_RETURN(const Value* lhs, Operand(*e.args[0], &lhs_storage));
    ASSIGN_OR_RETURN(const Value* rhs, Operand(*e.args[1], &rhs_storage));
    return Value::Bool(*lhs == *rhs);
  }

  absl::StatusOr<Value> Binary(const Expr& e) {
    ASSIGN_OR_RETURN(Value lhs, Eval(*e.args[0]));
    ASSIGN_OR_RETURN(Value rhs, Eval(*e.args[1]));
    RETURN_IF_ERROR(Expect(lhs, Value::Kind::kLong, "un entier"));
    RETURN_IF_ERROR(Expect(rhs, Value::Kind::kLong, "un entier"));
    int64_t a = lhs.long_value(), b = rhs.long_value(), out = 0;
    bool overflow = false;
    switch (e.kind) {
      case ExprKind::kLess: return Value::Bool(a < b);
      case ExprKind::kLessEq: return Value::Bool(a <= b);
      case ExprKind::kAdd: overflow = __builtin_add_overflow(a, b, &out); break;
      case ExprKind::kSub: overflow = __builtin_sub_overflow(a, b, &out); break;
      default: overflow = __builtin_mul_overflow(a, b, &out); break;
    }
    if (overflow) {
      return absl::InvalidArgumentError(absl::StrCat("dépassement de capacité sur ", a, " et ", b));
    }
    return Value::Long(out);
  }

  absl::StatusOr<Value> In(const Expr& e) {
    Value lhs_storage, rhs_storage;
    ASSIGN_OR_RETURN(const Value* lhs, Operand(*e.args[0], &lhs_storage));
    ASSIGN_OR_RETURN(const Value* rhs, Operand(*e.args[1], &rhs_storage));
    RETURN_IF_ERROR(Expect(*lhs, Value::Kind::kEntity, "une entité"));
    if (rhs->kind() == Value::Kind::kEntity) return Value::Bool(IsIn(*lhs, rhs->entity_value()));
    if (rhs->kind() != Value::Kind::kSet) return TypeError("une entité ou un ensemble d'entités", *rhs);
    for (const Value& item : rhs->set_value()) {
      RETURN_IF_ERROR(Expect(item, Value::Kind::kEntity, "un ensemble d'entités"));
    }
    for (const Value& item : rhs->set_value()) {
      if (IsIn(*lhs, item.entity_value())) return Value::Bool(true);
    }
    return Value::Bool(false);
  }

  absl::StatusOr<Value> Has(const Expr& e) {
    Value storage;
    ASSIGN_OR_RETURN(const Value* target, Operand(*e.args[0], &storage));
    if (target->kind() == Value::Kind::kRecord) {
      return Value::Bool(target->FindField(e.name) != nullptr);
    }
    RETURN_IF_ERROR(Expect(*target, Value::Kind::kEntity, "une entité ou un enregistrement"));
    const Entity* entity = Find(*target);
    return Value::Bool(entity != nullptr && entity->attrs.FindField(e.name) != nullptr);
  }

  absl::StatusOr<Value> GetAttr(const Expr& e) {
    Value storage;
    ASSIGN_OR_RETURN(const Value* target, Operand(*e.args[0], &storage));
    const Value* record = target;
    if (target->kind() == Value::Kind::kEntity) {
      const Entity* entity = Find(*target);
      if (entity == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("entité absente : ", target->entity_value().ToString()));
      }
      record = &entity->attrs;
    } else if (target->kind() != Value::Kind::kRecord) {
      return TypeError("une entité ou un enregistrement", *target);
    }
    const Value* field = record->FindField(e.name);
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("attribut absent : « ", e.name, " »"));
    }
    return *field;
  }

  absl::StatusOr<Value> Like(const Expr& e) {
    ASSIGN_OR_RETURN(Value target, Eval(*e.args[0]));
    RETURN_IF_ERROR(Expect(target, Value::Kind::kString, "une chaîne"));
    return Value::Bool(Matches(target.string_value(), e.pattern));
  }

  absl::StatusOr<Value> Is(const Expr& e) {
    Value storage;
    ASSIGN_OR_RETURN(const Value* target, Operand(*e.args[0], &storage));
    RETURN_IF_ERROR(Expect(*target, Value::Kind::kEntity, "une entité"));
    return Value::Bool(target->entity_value().type == e.name);
  }

  absl::StatusOr<Value> SetMethod(const Expr& e) {
    ASSIGN_OR_RETURN(Value set, Eval(*e.args[0]));
    if (e.kind == ExprKind::kIsEmpty) {
      RETURN_IF_ERROR(Expect(set, Value::Kind::kSet, "un ensemble"));
      return Value::Bool(set.set_value().empty());
    }
    ASSIGN_OR_RETURN(Value arg, Eval(*e.args[1]));
    RETURN_IF_ERROR(Expect(set, Value::Kind::kSet, "un ensemble"));
    if (e.kind == ExprKind::kContains) return Value::Bool(set.SetContains(arg));
    RETURN_IF_ERROR(Expect(arg, Value::Kind::kSet, "un ensemble"));
    bool all = e.kind == ExprKind::kContainsAll;
    for (const Value& item : arg.set_value()) {
      if (set.SetContains(item) != all) return Value::Bool(!all);
    }
    return Value::Bool(all);
  }

  absl::StatusOr<Value> SetLiteral(const Expr& e) {
    SetElements elements;
    elements.reserve(e.args.size());
    for (const auto& arg : e.args) {
      ASSIGN_OR_RETURN(elements.emplace_back(), Eval(*arg));
    }
    return Value::Set(std::move(elements));
  }

  absl::StatusOr<Value> RecordLiteral(const Expr& e) {
    RecordFields fields;
    fields.reserve(e.args.size());
    for (size_t i = 0; i < e.args.size(); ++i) {
      ASSIGN_OR_RETURN(Value v, Eval(*e.args[i]));
      fields.emplace_back(e.keys[i], std::move(v));
    }
    return Value::Record(std::move(fields));
  }

  // The value of `e` without copying it when it is a literal or a variable:
  // points into the tree or the request, or at `*storage`.
  absl::StatusOr<const Value*> Operand(const Expr& e, Value* storage) {
    if (e.kind == ExprKind::kLiteral) return &e.literal;
    if (e.kind == ExprKind::kVar) return &VarValue(e.var);
    ASSIGN_OR_RETURN(*storage, Eval(e));
    return storage;
  }

  // The store's entity `uid`, looked up once per evaluator for the
  // principal and the resource, and for the uids met lately: values share
  // their uid (a copy of a value points at the same one), so an entity is
  // usually reached again through the same uid object.
  const Entity* Find(const Value& uid) {
    if (&uid == &request_.principal) return principal_;
    if (&uid == &request_.resource) return resource_;
    const EntityUid* key = &uid.entity_value();
    for (const Found& found : found_) {
      if (found.key == key) return found.entity;
    }
    const Entity* entity = entities_.Find(*key);
    // Each entry holds its uid, so that no other uid can take its address
    // while it is cached.
    found_[next_found_] = Found{key, uid, entity};
    next_found_ = (next_found_ + 1) % kFoundSize;
    return entity;
  }

  // Cedar's `in` on two entities (see Entities::IsIn).
  bool IsIn(const Value& a, const EntityUid& b) {
    if (a.entity_value() == b) return true;
    const Entity* entity = Find(a);
    return entity != nullptr && entity->ancestors.contains(b);
  }

  struct Found {
    const EntityUid* key = nullptr;
    Value holder;
    const Entity* entity = nullptr;
  };
  static constexpr size_t kFoundSize = 16;

  const Entities& entities_;
  const Request& request_;
  const Value* context_;
  const Entity* const principal_;
  const Entity* const resource_;
  std::array<Found, kFoundSize> found_;
  size_t next_found_ = 0;
};

Evaluator::Evaluator(const Entities& entities, const Request& request)
    : impl_(std::make_unique<Impl>(entities, request)) {}

Evaluator::~Evaluator() = default;

absl::StatusOr<Value> Evaluator::Eval(const Expr& expr) { return impl_->Eval(expr); }

void Evaluator::SetContext(const Value& context) { impl_->SetContext(context); }

absl::StatusOr<bool> Evaluator::EvalCondition(const Expr& expr) {
  ASSIGN_OR_RETURN(Value v, impl_->Eval(expr));
  RETURN_IF_ERROR(Expect(v, Value::Kind::kBool, "un booléen"));
  return v.bool_value();
}

std::vector<const Expr*> Conjuncts(const Expr& condition) {
  std::vector<const Expr*> out;
  // Depth-first, left operand first; an explicit stack, as the tree may be
  // deep.
  std::vector<const Expr*> todo = {&condition};
  while (!todo.empty()) {
    const Expr* e = todo.back();
    todo.pop_back();
    if (e->kind == ExprKind::kAnd) {
      todo.push_back(e->args[1].get());
      todo.push_back(e->args[0].get());
    } else {
      out.push_back(e);
    }
  }
  return out;
}

absl::StatusOr<Value> Evaluate(const Expr& expr, const Entities& entities, const Request& request) {
  return Evaluator(entities, request).Eval(expr);
}

}  // namespace suivi::policy
