// policy/enforcement/batch_evaluation.h
//
// The evaluations behind Enforcer::Decide, sharing the work that provably
// gives the same result. A batch asks many queries of one subject; each
// query is evaluated under several contexts (without a role assignment,
// then under each of the subject's), and the queries of a batch often
// differ only by field class. Within a batch the principal, the finalité
// and today never change, so on one action and resource the requests
// differ only by `context.attribution` (absent without an assignment) and
// `context.classe`.
//
// Each policy's condition is split into its top-level conjuncts
// (policy::Conjuncts: evaluating them in order and stopping at the first
// that is not `true` is evaluating the condition). A conjunct's outcome —
// true, false, or an error and its message — depends only on its text
// and on what it reads: so a conjunct that reads neither the assignment
// nor the class is evaluated once for the action and resource, one that
// reads the assignment only once per assignment, one that reads the class
// only once per class, and a conjunct several policies share (`context
// has attribution`) once for all of them. What a conjunct reads is decided
// syntactically: `context.attribution` and `context has attribution` read
// the assignment, `context.classe` (also written `context["classe"]`) the
// class, and any other use of `context` as a whole (`context == ...`)
// reads both; its other fields are the batch's. A conjunct that reads
// nothing but the class and literals (`context.classe == Classe::"faits"`)
// is decided once per charte for each class of the schema. An evaluation
// runs under a context already built when what the conjunct reads is the
// same in it. The policies' outcomes are combined by
// policy::ResponseBuilder, as Authorize does, into exactly the Response
// Authorize gives.
//
// Thread safety: a BatchPlan is immutable; a GroupEvaluation belongs to
// one call.

#ifndef SUIVI_POLICY_ENFORCEMENT_BATCH_EVALUATION_H_
#define SUIVI_POLICY_ENFORCEMENT_BATCH_EVALUATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/ast.h"
#include "policy/authorizer.h"
#include "policy/entities.h"
#include "policy/evaluator.h"
#include "policy/policy_set.h"
#include "policy/request.h"
#include "policy/value.h"

namespace suivi::policy {

// What of the context varying within a batch an expression reads.
enum class ContextReads : uint8_t {
  kNeither = 0,
  kAttribution = 1,
  kClasse = 2,
  kBoth = 3,
};

// Each policy of a set, split into conjuncts. Computed once per charte.
class BatchPlan {
 public:
  struct PolicyPlan {
    // The condition's top-level conjuncts, in evaluation order; what each
    // reads; and, unless it reads both, its number among the distinct
    // conjuncts of the set that read the same (equal texts share one).
    std::vector<const Expr*> conjuncts;
    std::vector<ContextReads> reads;
    std::vector<uint32_t> memo;
    // The first conjunct that reads the field class (conjuncts.size() if
    // none): those before have one outcome per role assignment.
    uint32_t class_free_end = 0;
    // One of the conjuncts is `context has attribution`: the policy is
    // never satisfied in an evaluation without a role assignment.
    bool requires_attribution = false;
  };

  // The outcome of a conjunct that reads nothing but the field class and
  // literals (`context.classe == Classe::"faits"`), for one class.
  struct ClassOutcome {
    bool error = false;
    bool holds = false;   // unless error
    std::string message;  // error
  };

  // `policies` must outlive the plan. `classes` are the field classes the
  // outcomes of such conjuncts are computed for, once.
  BatchPlan(const PolicySet& policies, std::vector<std::string> classes);

  const PolicySet& policies() const { return policies_; }
  const PolicyPlan& plan(uint32_t index) const { return plans_[index]; }
  // How many distinct conjuncts read `reads` (kNeither, kAttribution or
  // kClasse).
  uint32_t distinct(ContextReads reads) const { return distinct_[static_cast<int>(reads)]; }

  // The index of `classe` among the classes given, or -1.
  int ClassIndex(const std::string& classe) const;
  // The outcome for the class at `class_index` of the distinct conjunct
  // `memo` reading the class, or nullptr when it reads more than the
  // class. REQUIRES: class_index from ClassIndex, not -1.
  const ClassOutcome* OutcomeForClass(uint32_t memo, int class_index) const {
    const std::vector<ClassOutcome>& outcomes = class_outcomes_[memo];
    return outcomes.empty() ? nullptr : &outcomes[class_index];
  }

 private:
  const PolicySet& policies_;
  std::vector<PolicyPlan> plans_;
  uint32_t distinct_[3] = {0, 0, 0};
  std::vector<std::string> classes_;
  // By distinct conjunct reading the class: empty, or by class.
  std::vector<std::vector<ClassOutcome>> class_outcomes_;
};

// A field class asked in a batch: its value (Classe::"faits") and its
// BatchPlan::ClassIndex.
struct BatchClass {
  Value value;
  int index = -1;
};

// What the requests of a batch share: its principal, finalité and today,
// and its role assignments. Slot 0 is the evaluation without a role
// assignment, slot i > 0 the one under attributions[i - 1].
struct BatchSubject {
  Value principal;
  Value aujourdhui;
  Value finalite;
  std::vector<Value> attributions;

  size_t slots() const { return attributions.size() + 1; }
};

// The evaluations of every query of a batch on one action and resource:
// one request per (slot, field class), each with the Response Authorize
// would give it, computed on first use.
class GroupEvaluation {
 public:
  // `classes` are the field classes asked. `plan`, `entities` and
  // `subject` must outlive this; action and resource are entity values.
  GroupEvaluation(const BatchPlan& plan, const Entities& entities, const BatchSubject& subject,
                  Value action, Value resource, std::vector<BatchClass> classes);
  GroupEvaluation(const GroupEvaluation&) = delete;
  GroupEvaluation& operator=(const GroupEvaluation&) = delete;

  // Whether some permit may hold in the evaluation without a role
  // assignment (slot 0): false when every candidate permit of the action
  // requires one.
  bool MayAllowWithoutAttribution() const { return may_allow_without_attribution_; }

  // The request of (slot, class), and Authorize's Response to it.
  // REQUIRES: slot < subject.slots(), class_index < classes.size().
  const Request& RequestFor(size_t slot, size_t class_index);
  const Response& ResponseFor(size_t slot, size_t class_index);

 private:
  // An outcome, once evaluated.
  enum class State : uint8_t { kUnknown, kTrue, kFalse, kError };
  struct Outcome {
    State state = State::kUnknown;
    uint32_t error = 0;  // kError: index in errors_
  };
  // One (slot, class) evaluation, built on first use.
  struct Cell {
    Value context;  // a Bool until built (ContextOf)
    std::optional<Request> request;
    std::optional<Response> response;
  };

  // The context of (slot, class), built on first use.
  const Value& ContextOf(size_t slot, size_t class_index);
  // A context that gives what reads `reads` its value in (slot, class):
  // one already built when there is one.
  const Value& ContextFor(ContextReads reads, size_t slot, size_t class_index);
  // The outcome of conjuncts [begin, end) of `plan` in (slot, class): the
  // first that is not true, or true.
  Outcome Conjuncts(const BatchPlan::PolicyPlan& plan, uint32_t begin, uint32_t end,
                    size_t slot, size_t class_index);

  const BatchPlan& plan_;
  const BatchSubject& subject_;
  // The principal, action and resource; the context is each cell's.
  Request base_;
  // Over base_, with each cell's context set in turn.
  Evaluator evaluator_;
  // Indexes in the policy set of the policies whose action scope may hold.
  std::vector<uint32_t> candidates_;
  bool may_allow_without_attribution_ = true;
  std::vector<BatchClass> classes_;
  // Memoized outcomes, in one array: the distinct conjuncts that read
  // neither; by slot, those that read the assignment only; by class, those
  // that read the class only; by slot, each candidate's conjuncts before
  // its class_free_end. A conjunct that reads both is evaluated in each
  // cell that reaches it.
  std::vector<Outcome> memo_;
  size_t by_slot_ = 0;
  size_t by_class_ = 0;
  size_t prefix_ = 0;
  std::vector<std::string> errors_;
  // By slot * classes + class.
  std::vector<Cell> cells_;
  // The first context built, and the first of each slot and of each class.
  const Value* any_context_ = nullptr;
  std::vector<const Value*> slot_context_;
  std::vector<const Value*> class_context_;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_ENFORCEMENT_BATCH_EVALUATION_H_
