// policy/enforcement/batch_evaluation.cc

#include "policy/enforcement/batch_evaluation.h"

#include <utility>

namespace suivi::policy {
namespace {

constexpr char kAttribution[] = "attribution";
constexpr char kClasse[] = "classe";

bool IsContext(const Expr& e) { return e.kind == ExprKind::kVar && e.var == Var::kContext; }

ContextReads ReadsOf(const Expr& root) {
  bool attribution = false, classe = false;
  std::vector<const Expr*> todo = {&root};
  while (!todo.empty()) {
    const Expr* e = todo.back();
    todo.pop_back();
    if ((e->kind == ExprKind::kGetAttr || e->kind == ExprKind::kHas) && IsContext(*e->args[0])) {
      // `context has classe` holds in every evaluation: only its value
      // varies. Every other field is the same in all of a batch.
      if (e->name == kAttribution) attribution = true;
      if (e->name == kClasse && e->kind == ExprKind::kGetAttr) classe = true;
      continue;
    }
    if (IsContext(*e)) {
      attribution = classe = true;
      continue;
    }
    for (const auto& arg : e->args) todo.push_back(arg.get());
  }
  return static_cast<ContextReads>((attribution ? 1 : 0) | (classe ? 2 : 0));
}

// Whether `root` reads nothing of the request but `context.classe`, and
// never looks in the entity store (`in`, and attributes of entities, do):
// then its outcome depends on the class alone.
bool ReadsOnlyClasse(const Expr& root) {
  std::vector<const Expr*> todo = {&root};
  while (!todo.empty()) {
    const Expr* e = todo.back();
    todo.pop_back();
    switch (e->kind) {
      case ExprKind::kGetAttr:
        if (IsContext(*e->args[0]) && e->name == kClasse) continue;
        return false;
      case ExprKind::kVar:
      case ExprKind::kIn:
      case ExprKind::kHas:
        return false;
      default:
        break;
    }
    for (const auto& arg : e->args) todo.push_back(arg.get());
  }
  return true;
}

bool IsHasAttribution(const Expr& e) {
  return e.kind == ExprKind::kHas && IsContext(*e.args[0]) && e.name == kAttribution;
}

// Whether `a` and `b` are the same expression, apart from where they are
// written: then they have the same value in every request (evaluation
// never looks at positions).
bool SameExpr(const Expr& a, const Expr& b) {
  std::vector<std::pair<const Expr*, const Expr*>> todo = {{&a, &b}};
  while (!todo.empty()) {
    auto [x, y] = todo.back();
    todo.pop_back();
    if (x->kind != y->kind || x->var != y->var || x->literal != y->literal ||
        x->name != y->name || x->pattern != y->pattern || x->keys != y->keys ||
        x->args.size() != y->args.size()) {
      return false;
    }
    for (size_t i = 0; i < x->args.size(); ++i) {
      todo.push_back({x->args[i].get(), y->args[i].get()});
    }
  }
  return true;
}

}  // namespace

BatchPlan::BatchPlan(const PolicySet& policies, std::vector<std::string> classes)
    : policies_(policies), classes_(std::move(classes)) {
  // The distinct conjuncts met so far, for each of kNeither, kAttribution
  // and kClasse.
  std::vector<const Expr*> distinct[3];
  plans_.reserve(policies.policies().size());
  for (const Policy& policy : policies.policies()) {
    PolicyPlan plan;
    plan.conjuncts = Conjuncts(*policy.condition);
    const uint32_t n = static_cast<uint32_t>(plan.conjuncts.size());
    for (const Expr* conjunct : plan.conjuncts) {
      const ContextReads reads = ReadsOf(*conjunct);
      plan.reads.push_back(reads);
      if (IsHasAttribution(*conjunct)) plan.requires_attribution = true;
      uint32_t memo = 0;
      if (reads != ContextReads::kBoth) {
        std::vector<const Expr*>& seen = distinct[static_cast<int>(reads)];
        while (memo < seen.size() && !SameExpr(*seen[memo], *conjunct)) ++memo;
        if (memo == seen.size()) seen.push_back(conjunct);
      }
      plan.memo.push_back(memo);
    }
    while (plan.class_free_end < n &&
           (static_cast<uint8_t>(plan.reads[plan.class_free_end]) &
            static_cast<uint8_t>(ContextReads::kClasse)) == 0) {
      ++plan.class_free_end;
    }
    plans_.push_back(std::move(plan));
  }
  for (int i = 0; i < 3; ++i) distinct_[i] = static_cast<uint32_t>(distinct[i].size());

  // Conjuncts that read only the class, evaluated for each class with a
  // context holding it alone, over an empty store: they read nothing else.
  const std::vector<const Expr*>& by_class = distinct[static_cast<int>(ContextReads::kClasse)];
  class_outcomes_.resize(by_class.size());
  const Entities empty;
  const Value nobody = Value::Entity({"", ""});
  for (size_t memo = 0; memo < by_class.size(); ++memo) {
    if (!ReadsOnlyClasse(*by_class[memo])) continue;
    for (const std::string& classe : classes_) {
      const Request request{nobody, nobody, nobody,
                            Value::Record({{kClasse, Value::Entity({"Classe", classe})}})};
      absl::StatusOr<bool> holds = Evaluator(empty, request).EvalCondition(*by_class[memo]);
      ClassOutcome outcome;
      outcome.error = !holds.ok();
      outcome.holds = holds.ok() && *holds;
      if (!holds.ok()) outcome.message = std::string(holds.status().message());
      class_outcomes_[memo].push_back(std::move(outcome));
    }
  }
}

int BatchPlan::ClassIndex(const std::string& classe) const {
  for (size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i] == classe) return static_cast<int>(i);
  }
  return -1;
}

GroupEvaluation::GroupEvaluation(const BatchPlan& plan, const Entities& entities,
                                 const BatchSubject& subject, Value action, Value resource,
                                 std::vector<BatchClass> classes)
    : plan_(plan),
      subject_(subject),
      base_{subject.principal, std::move(action), std::move(resource), Value::Record({})},
      evaluator_(entities, base_),
      classes_(std::move(classes)) {
  // The candidates Authorize evaluates: a policy whose action scope cannot
  // hold is not satisfied and cannot err.
  const EntityUid& uid = base_.action.entity_value();
  plan_.policies().CandidatesFor(uid, entities.Find(uid), &candidates_);
  may_allow_without_attribution_ = false;
  for (uint32_t index : candidates_) {
    if (plan_.policies().policies()[index].effect == Effect::kPermit &&
        !plan_.plan(index).requires_attribution) {
      may_allow_without_attribution_ = true;
    }
  }
  by_slot_ = plan_.distinct(ContextReads::kNeither);
  by_class_ = by_slot_ + subject_.slots() * plan_.distinct(ContextReads::kAttribution);
  prefix_ = by_class_ + classes_.size() * plan_.distinct(ContextReads::kClasse);
  memo_.resize(prefix_ + subject_.slots() * candidates_.size());
  cells_.resize(subject_.slots() * classes_.size());
  slot_context_.resize(subject_.slots());
  class_context_.resize(classes_.size());
}

const Value& GroupEvaluation::ContextOf(size_t slot, size_t class_index) {
  Value& context = cells_[slot * classes_.size() + class_index].context;
  if (context.kind() == Value::Kind::kRecord) return context;
  // The context Enforcer has always given: today, the class, the finalité,
  // and the role assignment when there is one.
  RecordFields fields;
  fields.reserve(4);
  fields.emplace_back("aujourdhui", subject_.aujourdhui);
  if (slot > 0) fields.emplace_back(kAttribution, subject_.attributions[slot - 1]);
  fields.emplace_back(kClasse, classes_[class_index].value);
  fields.emplace_back("finalite", subject_.finalite);
  context = Value::Record(std::move(fields));
  if (any_context_ == nullptr) any_context_ = &context;
  if (slot_context_[slot] == nullptr) slot_context_[slot] = &context;
  if (class_context_[class_index] == nullptr) class_context_[class_index] = &context;
  return context;
}

const Value& GroupEvaluation::ContextFor(ContextReads reads, size_t slot, size_t class_index) {
  const Value* context = nullptr;
  switch (reads) {
    case ContextReads::kNeither: context = any_context_; break;
    case ContextReads::kAttribution: context = slot_context_[slot]; break;
    case ContextReads::kClasse: context = class_context_[class_index]; break;
    case ContextReads::kBoth: break;
  }
  return context != nullptr ? *context : ContextOf(slot, class_index);
}

const Request& GroupEvaluation::RequestFor(size_t slot, size_t class_index) {
  const Value& context = ContextOf(slot, class_index);
  Cell& cell = cells_[slot * classes_.size() + class_index];
  if (!cell.request.has_value()) {
    cell.request = Request{base_.principal, base_.action, base_.resource, context};
  }
  return *cell.request;
}

GroupEvaluation::Outcome GroupEvaluation::Conjuncts(const BatchPlan::PolicyPlan& plan,
                                                    uint32_t begin, uint32_t end, size_t slot,
                                                    size_t class_index) {
  Outcome own;
  for (uint32_t i = begin; i < end; ++i) {
    Outcome* outcome = &own;
    switch (plan.reads[i]) {
      case ContextReads::kNeither: outcome = &memo_[plan.memo[i]]; break;
      case ContextReads::kAttribution:
        outcome = &memo_[by_slot_ + slot * plan_.distinct(ContextReads::kAttribution) +
                         plan.memo[i]];
        break;
      case ContextReads::kClasse:
        outcome = &memo_[by_class_ + class_index * plan_.distinct(ContextReads::kClasse) +
                         plan.memo[i]];
        break;
      case ContextReads::kBoth: own.state = State::kUnknown; break;
    }
    const BatchPlan::ClassOutcome* known = nullptr;
    if (outcome->state == State::kUnknown && plan.reads[i] == ContextReads::kClasse &&
        classes_[class_index].index >= 0) {
      known = plan_.OutcomeForClass(plan.memo[i], classes_[class_index].index);
    }
    if (known != nullptr) {
      outcome->state = known->error ? State::kError : known->holds ? State::kTrue : State::kFalse;
      if (known->error) {
        outcome->error = static_cast<uint32_t>(errors_.size());
        errors_.push_back(known->message);
      }
    } else if (outcome->state == State::kUnknown) {
      evaluator_.SetContext(ContextFor(plan.reads[i], slot, class_index));
      absl::StatusOr<bool> holds = evaluator_.EvalCondition(*plan.conjuncts[i]);
      if (!holds.ok()) {
        outcome->state = State::kError;
        outcome->error = static_cast<uint32_t>(errors_.size());
        errors_.emplace_back(holds.status().message());
      } else {
        outcome->state = *holds ? State::kTrue : State::kFalse;
      }
    }
    if (outcome->state != State::kTrue) return *outcome;
  }
  return Outcome{State::kTrue, 0};
}

const Response& GroupEvaluation::ResponseFor(size_t slot, size_t class_index) {
  Cell& cell = cells_[slot * classes_.size() + class_index];
  if (cell.response.has_value()) return *cell.response;
  ResponseBuilder builder;
  for (size_t k = 0; k < candidates_.size(); ++k) {
    const uint32_t index = candidates_[k];
    const BatchPlan::PolicyPlan& plan = plan_.plan(index);
    // The conjuncts in order, up to the first that is not true; those
    // before the first that reads the class once per slot.
    Outcome& prefix = memo_[prefix_ + slot * candidates_.size() + k];
    if (prefix.state == State::kUnknown) {
      prefix = Conjuncts(plan, 0, plan.class_free_end, slot, class_index);
    }
    Outcome outcome = prefix;
    if (outcome.state == State::kTrue) {
      outcome = Conjuncts(plan, plan.class_free_end, static_cast<uint32_t>(plan.conjuncts.size()),
                          slot, class_index);
    }
    const Policy& policy = plan_.policies().policies()[index];
    if (outcome.state == State::kTrue) {
      builder.AddSatisfied(policy);
    } else if (outcome.state == State::kError) {
      builder.AddError(policy, errors_[outcome.error]);
    }
  }
  cell.response = std::move(builder).Build();
  return *cell.response;
}

}  // namespace suivi::policy
