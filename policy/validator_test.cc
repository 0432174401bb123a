// policy/validator_test.cc
//
// Cedar's validator rules (strict mode), one case each, with the position of
// every error. The verdict of each case (in error or not, and which
// warnings) is cedar-wasm 4.13.0's `validate` for the same schema and
// policy; the positions are Cedar's too, except inside a set literal the
// parser folds into one value (the position is then the `[`).

#include "policy/validator.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/parser.h"
#include "policy/schema.h"

namespace suivi::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kSchema[] = R"(
entity Group { level: Long };
entity User in [Group] {
  age: Long, name?: String, boss: User, tags: Set<String>, rec: { a: Long, b?: String }
};
entity Folder;
entity Doc in [Folder] { owner: User, date?: Long };
entity Etat enum ["ouvert", "clos"];
action lire appliesTo { principal: [User], resource: [Doc], context: { today: Long, motif?: String } };
action ecrire in [tout] appliesTo { principal: [User, Group], resource: [Doc] };
action tout;
)";

ValidationResult ValidateText(const std::string& schema_text, const std::string& policies_text) {
  absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(schema_text);
  EXPECT_OK(schema.status());
  absl::StatusOr<std::vector<Policy>> policies = ParsePolicyText(policies_text);
  EXPECT_OK(policies.status());
  if (!schema.ok() || !policies.ok()) return {};
  PolicySet set(std::move(*policies));
  return Validate(**schema, set);
}

// "policy0 1:52 message" for each issue.
std::vector<std::string> Lines(const std::vector<ValidationIssue>& issues) {
  std::vector<std::string> out;
  for (const ValidationIssue& i : issues) {
    out.push_back(absl::StrCat(i.policy_id, " ", i.line, ":", i.column, " ", i.message));
  }
  return out;
}

constexpr char kImpossible[] = "ne s'applique à aucune requête";
constexpr char kNoAction[] = "aucune action du schéma ne s'applique à cette portée";

struct Case {
  const char* name;
  const char* policy;  // one policy, on one line
  // Every error, in order, as "line:column message-substring".
  std::vector<const char*> errors;
  bool impossible = false;  // the impossible-policy warning
  bool no_action = false;   // the no-applicable-action warning
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.policy; }

class ValidatorRuleTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValidatorRuleTest, FindsWhatCedarFinds) {
  const Case& c = GetParam();
  ValidationResult result = ValidateText(kSchema, c.policy);
  std::vector<std::string> errors = Lines(result.errors);
  ASSERT_EQ(errors.size(), c.errors.size()) << absl::StrJoin(errors, "\n");
  for (size_t i = 0; i < errors.size(); ++i) {
    std::string expected = absl::StrCat("policy0 ", c.errors[i]);
    std::string position = expected.substr(0, expected.find(' ', 8));
    EXPECT_EQ(errors[i].substr(0, position.size() + 1), position + " ") << errors[i];
    EXPECT_THAT(errors[i], HasSubstr(expected.substr(position.size() + 1))) << errors[i];
  }
  std::string warnings = absl::StrJoin(Lines(result.warnings), "\n");
  EXPECT_EQ(warnings.find(kImpossible) != std::string::npos, c.impossible) << warnings;
  EXPECT_EQ(warnings.find(kNoAction) != std::string::npos, c.no_action) << warnings;
  EXPECT_EQ(result.ok(), c.errors.empty());
}

// The policy text starts in column 1 of line 1: in
// `permit(principal is User, action, resource) when { X }`, X is column 52;
// in `permit(principal, action, resource) when { X }`, column 44.
const Case kExistence[] = {
    {"UnknownEntityTypeInScope", R"(permit(principal == Usr::"a", action, resource);)",
     {"1:21 le type d'entité « Usr » n'est pas déclaré dans le schéma ; vouliez-vous dire « User » ?"},
     false, true},
    {"UnknownEntityTypeInIs", "permit(principal is Usr, action, resource);",
     {"1:8 le type d'entité « Usr » n'est pas déclaré"}, true, true},
    // Entity literals are checked everywhere, even where typing stops.
    {"UnknownEntityTypeEvenBehindFalse",
     R"(permit(principal, action, resource) when { false && principal == Usr::"a" };)",
     {"1:66 le type d'entité « Usr »"}, true},
    {"UnknownAction", R"(permit(principal, action == Action::"lir", resource);)",
     {R"(1:29 action inconnue : Action::"lir" ; vouliez-vous dire « Action::"lire" » ?)"}, true, true},
    // One unknown action in the list: Cedar takes the scope to match none.
    {"UnknownActionInList", R"(permit(principal, action in [Action::"lire", Action::"x"], resource);)",
     {R"(1:29 action inconnue : Action::"x")"}, false, true},
    {"UnknownActionInCondition", R"(permit(principal, action, resource) when { action == Action::"x" };)",
     {R"(1:54 action inconnue : Action::"x")"}, true},
    {"EnumIdNotDeclared", R"(permit(principal, action, resource) when { Etat::"x" == Etat::"clos" };)",
     {R"(1:44 Etat::"x" n'existe pas : le type Etat n'admet que "ouvert", "clos")"}, true},
    {"EnumIdDeclared", R"(permit(principal, action, resource) when { Etat::"clos" != Etat::"ouvert" };)", {}},
    // Since Cedar 4.13, a scope no action applies to is only a warning.
    {"ScopeWithoutAction", "permit(principal is Folder, action, resource);", {}, true, true},
    {"EqWhereInWasMeant", R"(permit(principal == Group::"g", action == Action::"lire", resource);)", {},
     true, true},
};

const Case kAttributes[] = {
    {"UnknownAttribute", "permit(principal is User, action, resource) when { principal.agee > 1 };",
     // One error, though two environments (lire, ecrire) find it.
     {"1:52 l'attribut « agee » n'est pas déclaré pour le type User ; vouliez-vous dire « age » ?"}},
    // `ecrire` also applies to a Group, which has no age.
    {"UnknownAttributeInOneEnvironment",
     R"(permit(principal, action == Action::"ecrire", resource) when { principal.age > 1 };)",
     {"1:64 l'attribut « age » n'est pas déclaré pour le type Group"}},
    {"OptionalWithoutGuard", R"(permit(principal is User, action, resource) when { principal.name == "x" };)",
     {"1:52 « principal.name » est facultatif : vérifiez-le d'abord avec « principal has name »"}},
    {"OptionalGuardedByAnd",
     R"(permit(principal is User, action, resource) when { principal has name && principal.name == "x" };)",
     {}},
    {"OptionalGuardedByIf",
     R"(permit(principal is User, action, resource) when { if principal has name then principal.name == "x" else false };)",
     {}},
    {"OptionalGuardLostInOr",
     R"(permit(principal is User, action, resource) when { principal has name || principal.name == "x" };)",
     {"1:74 « principal.name » est facultatif"}},
    {"OptionalGuardNotInElse",
     R"(permit(principal is User, action, resource) when { if principal has name then true else principal.name == "x" };)",
     {"1:89 « principal.name » est facultatif"}},
    // `||` keeps what both sides prove.
    {"OptionalGuardFromBothSidesOfOr",
     R"(permit(principal is User, action, resource) when { ((principal has name && principal.age > 1) || (principal has name && principal.age < 0)) && principal.name == "x" };)",
     {}},
    {"OptionalGuardFromOneSideOfOr",
     R"(permit(principal is User, action, resource) when { ((principal has name && principal.age > 1) || principal.age < 0) && principal.name == "x" };)",
     {"1:120 « principal.name » est facultatif"}},
    {"OptionalGuardOnOtherExpression",
     R"(permit(principal is User, action, resource) when { principal.boss has name && principal.name == "x" };)",
     {"1:79 « principal.name » est facultatif"}},
    {"OptionalInRecord", R"(permit(principal is User, action, resource) when { principal.rec.b == "x" };)",
     {"1:52 « principal.rec.b » est facultatif : vérifiez-le d'abord avec « principal.rec has b »"}},
    {"OptionalInRecordGuarded",
     R"(permit(principal is User, action, resource) when { principal.rec has b && principal.rec.b == "x" };)",
     {}},
    {"OptionalInContext",
     R"(permit(principal, action == Action::"lire", resource) when { context.motif == "x" };)",
     {"1:62 « context.motif » est facultatif : vérifiez-le d'abord avec « context has motif »"}},
    {"ContextNotDeclared",
     R"(permit(principal, action == Action::"ecrire", resource) when { context.today > 0 };)",
     {"1:64 l'attribut « today » n'est pas déclaré dans le contexte de la requête"}},
    // Conditions are joined by `&&`: an earlier one guards a later one.
    {"GuardInEarlierCondition",
     R"(permit(principal is User, action, resource) when { principal has name } when { principal.name == "x" };)",
     {}},
    {"UnlessOptional", R"(permit(principal is User, action, resource) unless { principal.name == "x" };)",
     {"1:54 « principal.name » est facultatif"}},
    {"EntityAttribute",
     "permit(principal is User, action, resource) when { principal.boss.boss.age > resource.owner.age };", {}},
    // An undeclared attribute is never there: `has` is False.
    {"HasUndeclaredAttribute", "permit(principal is User, action, resource) when { principal has nope };",
     {}, true},
    {"HasOnSet", "permit(principal is User, action, resource) when { principal.tags has x };",
     {"1:52 « principal.tags » : entité ou enregistrement attendu, Set<String> trouvé ; pour un "
      "ensemble, utilisez .contains()"}},
    {"RecordLiteral", "permit(principal, action, resource) when { {a: 1}.a == 1 };", {}},
    {"RecordLiteralWithoutAttribute", "permit(principal, action, resource) when { {a: 1}.b == 1 };",
     {"1:44 l'attribut « b » n'est pas déclaré dans « {a: 1} »"}},
};

const Case kTypes[] = {
    {"ConditionNotBool", "permit(principal is User, action, resource) when { principal.age };",
     {"1:52 « principal.age » : type Bool attendu, Long trouvé"}},
    {"EqualityOfDifferentTypes",
     R"(permit(principal is User, action, resource) when { principal.age == "18" };)",
     {"1:52 « principal.age == \"18\" » : les deux côtés de « == » ont des types incompatibles (Long "
      "et String)"}},
    // Literals are compared by the validator: `1 == "a"` is False, no error.
    {"EqualityOfLiteralsIsDecided", R"(permit(principal, action, resource) when { 1 == "a" };)", {}, true},
    // So are entities of different types: never equal.
    {"EqualityOfEntityTypesIsDecided",
     "permit(principal is User, action, resource) when { principal == resource };", {}, true},
    {"SetOfMixedTypes", R"(permit(principal, action, resource) when { [1, "a"].contains(1) };)",
     {"1:44 « [1, \"a\"] » : les éléments de l'ensemble ont des types incompatibles (Long et String)"}},
    {"SetOfMixedEntityTypes",
     "permit(principal is User, action, resource) when { [principal, resource].isEmpty() };",
     {"1:52 « [principal, resource] » : les éléments de l'ensemble ont des types incompatibles (User "
      "et Doc)"}},
    {"EmptySet", "permit(principal is User, action, resource) when { principal.tags.containsAny([]) };",
     {"1:79 l'ensemble vide [] n'a pas de type en mode strict"}},
    // What follows `false &&` is not typechecked.
    {"EmptySetBehindFalse", "permit(principal, action, resource) when { false && [].isEmpty() };", {},
     true},
    {"IfBranchesOfDifferentTypes",
     R"(permit(principal is User, action, resource) when { (if principal.age > 17 then "majeur" else 0) == "majeur" };)",
     {"1:53 « if principal.age > 17 then \"majeur\" else 0 » : les branches « then » et « else » ont "
      "des types incompatibles (String et Long)"}},
    // `if true` typechecks only its `then` branch.
    {"IfTrueSkipsElse",
     "permit(principal is User, action, resource) when { if true then principal.age > 1 else "
     "principal.nope };",
     {}},
    {"BooleanSingletonsJoin",
     "permit(principal is User, action, resource) when { [true, false].contains(principal.age > 1) };",
     {}},
    {"LikeOnLong", R"(permit(principal is User, action, resource) when { principal.age like "1*" };)",
     {"1:52 « principal.age » : type String attendu, Long trouvé"}},
    {"ArithmeticOnString", R"(permit(principal is User, action, resource) when { principal.age + "1" > 0 };)",
     {"1:68 « \"1\" » : type Long attendu, String trouvé ; Cedar ne concatène pas les chaînes"}},
    {"CompareStrings", R"(permit(principal, action, resource) when { "a" < "b" };)",
     {"1:44 « \"a\" » : type Long attendu pour une comparaison, String trouvé",
      "1:50 « \"b\" » : type Long attendu"}},
    {"ContainsWrongElement", "permit(principal is User, action, resource) when { principal.tags.contains(1) };",
     {"1:52 « principal.tags.contains(1) » : les éléments de l'ensemble et l'élément cherché ont des "
      "types incompatibles (String et Long)"}},
    {"ContainsAllWrongSet",
     "permit(principal is User, action, resource) when { principal.tags.containsAll([1]) };",
     {"1:52 « principal.tags.containsAll([1]) » : les deux ensembles ont des types incompatibles "
      "(Set<String> et Set<Long>)"}},
    {"IsEmptyOnString", R"(permit(principal, action, resource) when { "a".isEmpty() };)",
     {"1:44 « \"a\" » : ensemble (Set) attendu, String trouvé"}},
    {"InOnNonEntity", "permit(principal, action, resource) when { 1 in [1, 2] };",
     {"1:44 « 1 » : entité attendue, Long trouvé",
      "1:49 « [1, 2] » : entité ou ensemble d'entités attendu, Set<Long> trouvé ; pour "
      "l'appartenance à un ensemble, utilisez .contains()"}},
    {"IsOnNonEntity", "permit(principal, action, resource) when { 1 is User };",
     {"1:44 « 1 » : entité attendue, Long trouvé ; « is » ne s'applique qu'aux entités"}},
    {"RecordsOfDifferentShapes", "permit(principal, action, resource) when { {a: 1} == {a: 1, b: 2} };",
     {"1:44 « {a: 1} == {a: 1, b: 2} » : les deux côtés de « == » ont des types incompatibles ({a: "
      "Long} et {a: Long, b: Long})"}},
    {"NotOfLong", "permit(principal is User, action, resource) when { !principal.age };",
     {"1:53 « principal.age » : type Bool attendu, Long trouvé"}},
    {"NegOfString", R"(permit(principal, action, resource) when { -"a" < 0 };)",
     {"1:45 « \"a\" » : type Long attendu, String trouvé"}},
};

// `in` and `is` are decided on the schema's hierarchies where they can be.
const Case kHierarchy[] = {
    {"InOutsideTheHierarchy", R"(permit(principal, action, resource) when { resource in Group::"g" };)", {},
     true},
    {"InTheHierarchy", R"(permit(principal, action, resource) when { principal in Group::"g" };)", {}},
    {"ActionInGroup", R"(permit(principal, action, resource) when { action in Action::"tout" };)", {}},
    {"ActionInUnrelated",
     R"(permit(principal, action == Action::"lire", resource) when { action in Action::"tout" };)", {},
     true},
    {"IsNeverTrue", "permit(principal, action, resource) when { resource is User };", {}, true},
};

std::string CaseName(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Existence, ValidatorRuleTest, ::testing::ValuesIn(kExistence), CaseName);
INSTANTIATE_TEST_SUITE_P(Attributes, ValidatorRuleTest, ::testing::ValuesIn(kAttributes), CaseName);
INSTANTIATE_TEST_SUITE_P(Types, ValidatorRuleTest, ::testing::ValuesIn(kTypes), CaseName);
INSTANTIATE_TEST_SUITE_P(Hierarchy, ValidatorRuleTest, ::testing::ValuesIn(kHierarchy), CaseName);

TEST(Validator, ReportsEachPolicyInTextOrderWithLineAndColumn) {
  ValidationResult result = ValidateText(kSchema, R"(
@id("ok")
permit(principal is User, action == Action::"lire", resource)
when { resource has date && resource.date <= context.today };

@id("deux erreurs")
forbid(principal, action, resource)
when {
  principal.age > 1 &&
    resource.date == 0
};
)");
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(Lines(result.errors),
              ElementsAre("policy1 9:3 l'attribut « age » n'est pas déclaré pour le type Group",
                          "policy1 10:5 « resource.date » est facultatif : vérifiez-le d'abord avec "
                          "« resource has date »"));
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(Validator, SchemaWithoutAppliesToMakesEveryPolicyImpossible) {
  ValidationResult result =
      ValidateText("entity User; action lire;", "permit(principal, action, resource);");
  EXPECT_TRUE(result.ok());
  ASSERT_EQ(result.warnings.size(), 2u);
  EXPECT_THAT(result.warnings[0].message, HasSubstr(kNoAction));
  EXPECT_THAT(result.warnings[1].message, HasSubstr(kImpossible));
  EXPECT_EQ(result.warnings[1].line, 1);
  EXPECT_EQ(result.warnings[1].column, 1);
}

// Names are qualified; each namespace has its own `Action` type, and
// strict mode refuses a set mixing two of them. An action group may hold
// actions of another namespace.
TEST(Validator, FollowsNamespacesAndTheActionHierarchyAcrossThem) {
  constexpr char kNamespaces[] = R"(
namespace A {
  entity User in [B::Group] { x: Long };
  action r appliesTo { principal: [User], resource: [B::Group] };
  action g;
}
namespace B {
  entity Group;
  action "s" in [A::Action::"r"] appliesTo { principal: [A::User], resource: [Group] };
}
entity Top;
action t in [A::Action::"g"] appliesTo { principal: [Top], resource: [Top] };
)";
  ValidationResult result = ValidateText(kNamespaces, R"(
permit(principal, action in [A::Action::"r", B::Action::"s"], resource);
permit(principal, action, resource) when { principal in B::Group::"x" };
permit(principal, action, resource) when { Action::"t" in [A::Action::"g"] };
permit(principal, action, resource) when { A::Action::"r" == B::Action::"s" };
permit(principal, action, resource) when { C::Action::"zz" == action };
permit(principal is A::User, action, resource) when { principal.x > 0 };
)");
  EXPECT_THAT(Lines(result.errors),
              ElementsAre(HasSubstr("policy0 2:29 « [A::Action::\"r\", B::Action::\"s\"] » : les "
                                    "éléments de l'ensemble ont des types incompatibles"),
                          "policy4 6:44 action inconnue : C::Action::\"zz\""));
  EXPECT_THAT(Lines(result.warnings),
              ElementsAre(HasSubstr("policy3 5:1 cette règle ne s'applique à aucune requête"),
                          HasSubstr("policy4 6:1 cette règle ne s'applique à aucune requête")));
}

}  // namespace
}  // namespace suivi::policy
