// tests/cedar/typed_policy_generator.h
//
// Random policies typed against a schema (schema_model.h), for the
// validation differential test: scopes naming the schema's actions and
// the principal and resource types they apply to; conditions that read
// declared attributes, guard optional ones with `has` (or narrow the
// principal with `is`), compare values of one type, and use entity
// literals of declared types. On request a policy carries one mistake
// (PolicyMistake) of a kind Cedar's validator catches, placed at a random
// depth.

#ifndef SUIVI_TESTS_CEDAR_TYPED_POLICY_GENERATOR_H_
#define SUIVI_TESTS_CEDAR_TYPED_POLICY_GENERATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "tests/cedar/policy_text.h"
#include "tests/cedar/random.h"
#include "tests/cedar/schema_model.h"

namespace suivi::cedar_testing {

enum class PolicyMistake {
  kNone,
  // Errors of Cedar's validator (strict mode).
  kUndeclaredAttribute,  // principal.nope, record.nope, action.nope
  kUnguardedOptional,    // an optional attribute read without `has`
  kWrongOperandType,     // "a" + 1, 1 like "a", !1, 1.contains(1), ...
  kMixedTypes,           // [1, "a"], if c then 1 else "a", Set<Long> vs Set<String>
  kUnknownEntityType,    // Absent::"x", principal is Absent, a namespace forgotten
  kUnknownAction,        // Action::"absent", a namespace forgotten
  kInvalidEnumId,        // Etat::"nope"
  kEmptySetLiteral,      // []
  kUndeclaredContext,    // context.nope
  // Warnings: the policy can never apply.
  kScopeMatchesNoAction,  // principal is T, T in no appliesTo of the actions
  kUnrelatedIn,           // principal in E::"x", no principal type below E
  kAlwaysFalse,           // when { false }, when { 1 == "a" }
  // Neither, or either: constructs at the edges of Cedar's typing, judged
  // by Cedar alone — `has` known through `||`, `if`, `!` and separate
  // clauses; expressions the validator folds to a constant (`{a: 1} has
  // b`, `E::"a" == E::"b"`, action hierarchy tests); errors in code a
  // constant makes dead; unions of record and set types.
  kEdgeCase,
  kCount,
};

const char* PolicyMistakeName(PolicyMistake m);
// True for the kinds Cedar reports as errors, false for warnings.
bool PolicyMistakeIsError(PolicyMistake m);
// True for the kinds Cedar reports as warnings only.
bool PolicyMistakeIsWarning(PolicyMistake m);

class TypedPolicyGenerator {
 public:
  // REQUIRES: Cedar accepts `schema`.
  TypedPolicyGenerator(const SchemaModel& schema, Random* random);

  // A policy well-typed against the schema (wanted == kNone), or with the
  // mistake `wanted`. `*made` is the mistake the policy carries: `wanted`,
  // or another one when `wanted` cannot be made against this schema.
  Policy Next(PolicyMistake wanted, PolicyMistake* made);

 private:
  // A value reachable from principal, resource or context, and the `has`
  // tests its optional steps need, outermost first.
  struct Path {
    Expr expr;
    TypeModel type;
    std::vector<Expr> guards;
  };
  // What the scope lets the variables be.
  struct View {
    std::vector<std::string> principals;
    std::vector<std::string> resources;
    std::vector<const ActionInfo*> actions;  // live: some request has them
    std::vector<AttributeModel> context;     // common to every live action
  };

  // Scope; returns false when no request can satisfy it.
  bool MakeScope(Policy* p);
  std::string ActionScope(std::vector<const ActionInfo*>* admitted);
  std::string VarScope(const std::string& var, const std::vector<std::string>& allowed,
                       std::vector<std::string>* types);
  void BuildPaths();
  void AddAttributePaths(const Expr& receiver, const std::vector<AttributeModel>& attributes,
                         const std::vector<Expr>& guards, int depth);

  // Expressions. Bool() wraps the guards its operands need; the others
  // leave them to the Bool() around them.
  Expr Bool(int depth);
  Expr BoolBody(int depth);
  Expr Of(const TypeModel& type, int depth);
  Expr Long(int depth);
  Expr String(int depth);
  Expr EntityOf(const std::string& type, int depth);
  Expr Compare(int depth);
  Expr Equality(int depth);
  Expr In(int depth);
  Expr Has();
  Expr SetMethod(int depth);
  Expr Narrowed(int depth);
  Expr ActionTest();
  Expr UsePath(const Path& path);

  // Mistakes.
  std::optional<Expr> MaybeMistake(const TypeModel& want);
  std::optional<Expr> MistakeExpr(PolicyMistake m, const TypeModel& want);
  std::optional<Expr> UndeclaredAttribute(const TypeModel& want);
  std::optional<Expr> UnguardedOptional(const TypeModel& want);
  Expr WrongOperand(const TypeModel& want);
  Expr MixedTypes(const TypeModel& want);
  std::optional<Expr> UnknownEntityType(const TypeModel& want);
  std::optional<Expr> UnknownAction();
  std::optional<Expr> InvalidEnumId(const TypeModel& want);
  Expr EmptySet(const TypeModel& want);
  // A condition that makes the policy impossible; false when none fits.
  bool AddWarningCondition(PolicyMistake m, Policy* p);
  // Edge cases (kEdgeCase).
  Expr EdgeCase();
  Expr CapabilityEdge(const Path& path);
  Expr ConstantEdge();
  Expr UnionEdge();
  void AddEdgeClauses(Policy* p);
  Expr Guard(const Path& path);
  Expr Unguarded(const Path& path);

  // Helpers.
  std::vector<const Path*> PathsOf(const TypeModel& type) const;
  // An expression of `type` can be had: a literal or a path.
  bool Constructible(const TypeModel& type) const;
  // A literal of `type` can be written.
  bool Buildable(const TypeModel& type) const;
  TypeModel SomeType(bool from_paths);
  std::vector<AttributeModel> CommonAttributes(const std::vector<std::string>& types) const;
  std::vector<std::string> AncestorsOrSelf(const std::vector<std::string>& types) const;
  std::vector<std::string> EntityTypes() const;  // declared, qualified
  std::string EntityId(const std::string& type);
  Expr Uid(const std::string& type, const std::string& id) const;
  Expr ActionUid(const ActionInfo& a) const;
  Expr Access(const Expr& receiver, const std::string& name);
  Expr HasTest(const Expr& receiver, const std::string& name);
  Expr Literal(TypeModel::Kind kind);
  Expr NonConstantBool(int depth);

  ResolvedSchema schema_;
  Random* random_;
  View view_;
  std::vector<Path> paths_;
  std::vector<Expr> guards_;
  PolicyMistake pending_ = PolicyMistake::kNone;
  PolicyMistake made_ = PolicyMistake::kNone;
};

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_TYPED_POLICY_GENERATOR_H_
