// policy/parser_test.cc
//
// What the parser accepts (with Cedar's grammar) and what it refuses, with
// the line and column of the refusal.

#include "policy/parser.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/test_util.h"

namespace suivi::policy {
namespace {

using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;

struct RefusalCase {
  const char* text;
  const char* message;  // a substring of the error, with line and column
};

void PrintTo(const RefusalCase& c, std::ostream* os) { *os << c.text; }

class ParserRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(ParserRefusalTest, RefusesWithLineAndColumn) {
  EXPECT_THAT(ParsePolicyText(GetParam().text),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)))
      << GetParam().text;
}

#define WHEN(e) "permit(principal, action, resource) when { " e " };"
// Column of the first character of e inside WHEN(e).
constexpr int kWhenColumn = 44;

constexpr RefusalCase kOutsideTheSubset[] = {
    {WHEN("ip(\"1.2.3.4\")"),
     "ligne 1, colonne 44 : les fonctions d'extension ne font pas partie du sous-ensemble"},
    {"permit(principal, action, resource)\n"
     "when { decimal(\"1.0\") == decimal(\"1.0\") };",
     "ligne 2, colonne 8 : les fonctions d'extension"},
    {"permit(principal, action, resource)\n\n  when { context.x.lessThan(context.y) };",
     "ligne 3, colonne 20 : les fonctions d'extension"},
    {WHEN("datetime(\"2024-01-01\") == 1"), "colonne 44 : les fonctions d'extension"},
    {WHEN("Foo::bar(1)"), "colonne 44 : les fonctions d'extension"},
    {WHEN("context.d.toDays() > 1"), "colonne 54 : les fonctions d'extension"},
    {"permit(principal == ?principal, action, resource);", "colonne 21 : les modèles"},
    {"permit(principal, action, resource in ?resource);", "colonne 39 : les modèles"},
    {WHEN("principal == ?principal"), "colonne 57 : les modèles"},
    {WHEN("principal.hasTag(\"x\")"), "colonne 54 : les étiquettes"},
    {WHEN("principal.getTag(\"x\") == 1"), "colonne 54 : les étiquettes"},
    {WHEN("context has a.b"), "colonne 57 : « has » sur un chemin"},
    {WHEN("{\"a\": 1}.foo()"), "méthode inconnue « foo »"},
};

constexpr RefusalCase kSyntax[] = {
    {WHEN("1 < 2 < 3"), "colonne 50 : les comparaisons ne s'enchaînent pas"},
    {WHEN("1 == 2 == true"), "colonne 51 : les comparaisons ne s'enchaînent pas"},
    {WHEN("principal in Group::\"a\" in Group::\"b\""), "ne s'enchaînent pas"},
    {WHEN("context has a == true"), "ne s'enchaînent pas"},
    {WHEN("!!!!!true"), "colonne 44 : au plus quatre « ! »"},
    {WHEN("-----1 == 1"), "au plus quatre « - »"},
    {WHEN("!-1"), "ne se mélangent pas"},
    {WHEN("9223372036854775808 == 1"), "colonne 44 : entier trop grand"},
    {WHEN("-9223372036854775809 == 1"), "entier trop grand"},
    {WHEN("-(9223372036854775808) == 1"), "entier trop grand"},
    {WHEN("4 / 2 == 2"), "colonne 46 : Cedar n'a ni division ni reste"},
    {WHEN("4 % 2 == 0"), "ni division ni reste"},
    {WHEN("1 = 1"), "utilisez « == »"},
    {WHEN("{a: 1, a: 2} == {}"), "clé « a » en double"},
    {WHEN("foo == 1"), "colonne 44 : identifiant inconnu « foo »"},
    {WHEN("\"a\" like 1"), "motif (chaîne littérale) attendu"},
    {WHEN("\"\\*\" == \"*\""), "n'est permis que dans un motif like"},
    {WHEN("\"\\q\" == \"q\""), "échappement inconnu"},
    {WHEN("true::\"x\" == 1"), "colonne 44 : « true » est un identifiant réservé"},
    {WHEN("User::in::\"x\" == 1"), "colonne 50 : « in » est un identifiant réservé"},
    {WHEN("if::\"x\" == 1"), "colonne 46 : « :: » inattendu"},
    {WHEN("principal[context.k]"), "indice : chaîne littérale attendue"},
    {WHEN("principal is User::\"a\""), "attend un type d'entité"},
    {WHEN("1 + if true then 1 else 2"), "réservé"},
    {"permit(principal, action, resource) when { };", "colonne 44 : condition vide"},
    {"permit(principal, action, resource) when { true }", "« ; » attendu"},
    {"permit(principal, action);", "colonne 25 : « , » attendu"},
    {"permit(principal, action,);", "colonne 26 : « resource » attendu"},
    {"permit(principal, action, resource, context);", "« ) » attendu"},
    {"permit(action, principal, resource);", "« principal » attendu"},
    {"allow(principal, action, resource);", "colonne 1 : « permit » ou « forbid » attendu"},
    {"permit(principal in [User::\"a\"], action, resource);", "entité attendue"},
    {"permit(principal, action is Action, resource);", "contrainte de « action »"},
    {"permit(principal is User == User::\"a\", action, resource);", "contrainte de « principal »"},
    {"permit(principal <= User::\"a\", action, resource);", "contrainte de « principal »"},
    {"@id(\"a\") @id(\"b\") permit(principal, action, resource);",
     "colonne 11 : annotation « id » en double"},
    {"permit(principal, action == User::\"a\", resource);",
     "colonne 29 : une action attendue (Action::\"…\"), pas une entité de type User"},
    {"permit(principal, action in [Action::\"a\", Actions::\"b\"], resource);",
     "colonne 43 : une action attendue"},
    {"@id(x) permit(principal, action, resource);", "colonne 5 : valeur d'annotation (chaîne) attendue"},
    {WHEN("context.if"), "colonne 52 : « if » est un identifiant réservé ; écrivez [\"if\"]"},
    {WHEN("context has then"), "colonne 56 : « then » est un identifiant réservé"},
    {WHEN("{in: 1} == {}"), "colonne 45 : « in » est un identifiant réservé"},
    {WHEN("{__cedar: 1} == {}"), "« __cedar » est un identifiant réservé"},
    {"permit(principal, action, resource) when { \"abc };", "chaîne non terminée"},
    {"permit(principal, action, resource) when { true } # x;", "caractère inattendu"},
    {"permit(principal, action, resource) when { context.é };", "caractère inattendu"},
};

INSTANTIATE_TEST_SUITE_P(OutsideTheSubset, ParserRefusalTest, ::testing::ValuesIn(kOutsideTheSubset));
INSTANTIATE_TEST_SUITE_P(Syntax, ParserRefusalTest, ::testing::ValuesIn(kSyntax));

TEST(Parser, WhenColumnHelperMatchesTheTemplate) {
  EXPECT_EQ(std::string(WHEN("x")).find('x') + 1, static_cast<size_t>(kWhenColumn));
}

TEST(Parser, GivesIdsInTextOrderAndKeepsAnnotations) {
  ASSERT_OK_AND_ASSIGN(std::vector<Policy> policies, ParsePolicyText(R"(
    // a comment
    @id("pm-lire") @message("La police ne lit pas les faits.")
    forbid(principal, action, resource);  // trailing comment
    permit(principal, action, resource,);
  )"));
  ASSERT_EQ(policies.size(), 2u);
  EXPECT_EQ(policies[0].id, "policy0");
  EXPECT_EQ(policies[0].effect, Effect::kForbid);
  EXPECT_THAT(policies[0].annotations,
              ::testing::ElementsAre(::testing::Pair("id", "pm-lire"),
                                     ::testing::Pair("message", "La police ne lit pas les faits.")));
  EXPECT_EQ(policies[1].id, "policy1");
  EXPECT_EQ(policies[1].effect, Effect::kPermit);
}

TEST(Parser, AcceptsAnnotationsWithoutValueAndReservedWordsAsQuotedKeys) {
  ASSERT_OK_AND_ASSIGN(std::vector<Policy> policies, ParsePolicyText(R"(
    @revue permit(principal, action, resource)
    when { {"if": 1}["if"] == 1 && context has "in" && {permit: 1}.permit == 1 };
  )"));
  ASSERT_EQ(policies.size(), 1u);
  EXPECT_THAT(policies[0].annotations, ::testing::ElementsAre(::testing::Pair("revue", "")));
}

TEST(Parser, KeepsEachClauseWithItsPosition) {
  ASSERT_OK_AND_ASSIGN(std::vector<Policy> policies, ParsePolicyText(
      "@id(\"x\")\n"
      "permit(principal is User, action, resource in Dossier::\"d\")\n"
      "when { true }\n"
      "  unless { false };"));
  ASSERT_EQ(policies.size(), 1u);
  const Policy& p = policies[0];
  EXPECT_EQ(p.line, 1);
  EXPECT_EQ(p.column, 1);
  ASSERT_EQ(p.clauses.size(), 4u);  // the unconstrained action is omitted
  EXPECT_EQ(p.clauses[0].kind, ClauseKind::kPrincipal);
  EXPECT_EQ(p.clauses[0].column, 8);
  EXPECT_EQ(p.clauses[1].kind, ClauseKind::kResource);
  EXPECT_EQ(p.clauses[1].column, 35);
  EXPECT_EQ(p.clauses[2].kind, ClauseKind::kWhen);
  EXPECT_EQ(p.clauses[2].line, 3);
  EXPECT_EQ(p.clauses[3].kind, ClauseKind::kUnless);
  EXPECT_EQ(p.clauses[3].line, 4);
  EXPECT_EQ(p.clauses[3].column, 3);
  EXPECT_EQ(p.clauses[3].expr->kind, ExprKind::kNot);
}

// Where each node starts, as Cedar's source locations: at the first token of
// its text (a parenthesis around its first operand included), a negative
// literal at its digits.
TEST(Parser, SetsTheStartOfEveryExpression) {
  ASSERT_OK_AND_ASSIGN(std::vector<Policy> policies, ParsePolicyText(
      "permit(principal in G::\"g\", action, resource)\n"
      "when {\n"
      "  principal.age > -1 &&\n"
      "    !(if context.ok then [1, context.n] else [2]).isEmpty()\n"
      "};"));
  ASSERT_EQ(policies.size(), 1u);
  const Policy& p = policies[0];
  const Expr& scope = *p.clauses[0].expr;  // principal in G::"g"
  EXPECT_EQ(scope.line, 1);
  EXPECT_EQ(scope.column, 8);
  EXPECT_EQ(scope.args[1]->column, 21);  // the entity literal
  const Expr& when = *p.clauses[1].expr;  // ... && ...
  EXPECT_EQ(when.kind, ExprKind::kAnd);
  EXPECT_EQ(when.line, 3);
  EXPECT_EQ(when.column, 3);
  const Expr& greater = *when.args[0];  // desugared as -1 < principal.age
  EXPECT_EQ(greater.kind, ExprKind::kLess);
  EXPECT_EQ(greater.column, 3);
  EXPECT_EQ(greater.args[0]->column, 20);  // -1, at its digits as in Cedar
  EXPECT_EQ(greater.args[1]->column, 3);   // principal.age
  const Expr& negation = *when.args[1];
  EXPECT_EQ(negation.kind, ExprKind::kNot);
  EXPECT_EQ(negation.line, 4);
  EXPECT_EQ(negation.column, 5);
  const Expr& is_empty = *negation.args[0];
  EXPECT_EQ(is_empty.kind, ExprKind::kIsEmpty);
  EXPECT_EQ(is_empty.column, 6);  // its text starts with the parenthesis
  const Expr& branch = *is_empty.args[0];
  EXPECT_EQ(branch.kind, ExprKind::kIf);
  EXPECT_EQ(branch.column, 7);
  EXPECT_EQ(branch.args[0]->column, 10);  // context.ok
  EXPECT_EQ(branch.args[1]->kind, ExprKind::kSet);
  EXPECT_EQ(branch.args[1]->column, 26);
  EXPECT_EQ(branch.args[1]->args[1]->column, 30);  // context.n
  EXPECT_EQ(branch.args[2]->kind, ExprKind::kLiteral);  // [2], folded
  EXPECT_EQ(branch.args[2]->column, 46);
}

// Limits that keep every pass over a policy within the stack, whatever the
// text: refused with a message, never a crash.
TEST(Parser, RefusesExpressionsNestedOrChainedBeyondTheLimits) {
  auto nested = [](int levels) {
    return absl::StrCat("permit(principal, action, resource) when { ", std::string(levels, '('),
                        "true", std::string(levels, ')'), " };");
  };
  EXPECT_OK(ParsePolicyText(nested(60)));
  EXPECT_THAT(ParsePolicyText(nested(100000)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plus de 64 niveaux")));
  auto chained = [](int links) {
    std::string e = "1";
    for (int i = 0; i < links; ++i) e += " + 1";
    return absl::StrCat("permit(principal, action, resource) when { ", e, " == 0 };");
  };
  EXPECT_OK(ParsePolicyText(chained(900)));
  EXPECT_THAT(ParsePolicyText(chained(1000)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plus de 1000 niveaux")));
  EXPECT_THAT(ParsePolicyText(chained(100000)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("opérations enchaînées")));
}

TEST(Parser, AcceptsEmptyText) {
  ASSERT_OK_AND_ASSIGN(std::vector<Policy> policies, ParsePolicyText("  // nothing\n"));
  EXPECT_TRUE(policies.empty());
}

TEST(Parser, AcceptsEveryScopeForm) {
  EXPECT_OK(ParsePolicyText(R"(
    permit(principal == Suivi::User::"a", action == Action::"r", resource == Doc::"d");
    permit(principal in Group::"g", action in Action::"all", resource in Folder::"f");
    permit(principal is User, action in [Action::"a", Action::"b",], resource is Suivi::Doc);
    permit(principal is User in Group::"g", action in [], resource is Doc in Folder::"f");
  )"));
}

TEST(Parser, AcceptsSeveralConditionsAndNamespacedUids) {
  EXPECT_OK(ParsePolicyText(R"(
    permit(principal, action, resource)
    when { principal in Suivi::Territoire::Groupe::"g1" }
    unless { context has "quoted key" && context["quoted key"] == 1 }
    when { resource :: "x" == Doc :: "y" || true };
  )"));
}

}  // namespace
}  // namespace suivi::policy
