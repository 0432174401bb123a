// policy/evaluator_test.cc
//
// One row per construct and trap: the expression, and its value as Cedar
// gives it (Value::ToString), or ERROR for an evaluation error.

#include "policy/evaluator.h"

#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/test_util.h"

namespace suivi::policy {
namespace {

struct EvalCase {
  const char* expr;
  const char* expected;
};

void PrintTo(const EvalCase& c, std::ostream* os) { *os << c.expr; }

class EvaluatorTest : public ::testing::TestWithParam<EvalCase> {};

TEST_P(EvaluatorTest, GivesCedarsValue) {
  ASSERT_OK_AND_ASSIGN(std::string got, testing::EvalText(GetParam().expr));
  EXPECT_EQ(got, GetParam().expected) << GetParam().expr;
}

constexpr EvalCase kPrecedence[] = {
    {"1 + 2 * 3", "7"},
    {"(1 + 2) * 3", "9"},
    {"1 - 2 - 3", "-4"},
    {"2 * 3 - 4 * 5", "-14"},
    {"true || false && false", "true"},
    {"(true || false) && false", "false"},
    {"!true || true", "true"},
    {"!(true || true)", "false"},
    {"-context.n * 2", "-10"},
    {"1 + 2 == 3", "true"},
    {"context.n + 1 < 7 && context.s == \"x\"", "true"},
    {"if true then 1 else 2 + 3", "1"},
    {"if false then 1 else 2 + 3", "5"},
    {"if false then 1 else if true then 2 else 3", "2"},
    {"[1, 2, 3,].contains(3)", "true"},
    {"- - 1", "1"},
    {"!!true", "true"},
    {"!!!!false", "false"},
};

constexpr EvalCase kBooleans[] = {
    {"false && (1 + \"a\" == 2)", "false"},
    {"true || principal.missing", "true"},
    {"false && 1", "false"},
    {"true || 1", "true"},
    {"true && 1", "ERROR"},
    {"false || 1", "ERROR"},
    {"1 && false", "ERROR"},
    {"1 || true", "ERROR"},
    {"\"true\" && true", "ERROR"},
    {"!1", "ERROR"},
    {"if 1 then 2 else 3", "ERROR"},
    {"if false then 1 + \"a\" else 3", "3"},
    {"if true then 3 else principal.missing", "3"},
    {"if principal.missing then 1 else 2", "ERROR"},
};

constexpr EvalCase kArithmetic[] = {
    {"9223372036854775807", "9223372036854775807"},
    {"-9223372036854775808", "-9223372036854775808"},
    {"9223372036854775807 + 1", "ERROR"},
    {"-9223372036854775808 - 1", "ERROR"},
    {"-9223372036854775807 - 1", "-9223372036854775808"},
    {"- -9223372036854775808", "ERROR"},
    {"-(-9223372036854775807)", "9223372036854775807"},
    {"4611686018427387904 * 2", "ERROR"},
    {"-4611686018427387904 * 2", "-9223372036854775808"},
    {"-9223372036854775808 * -1", "ERROR"},
    {"-1 * -1", "1"},
    {"-(1)", "-1"},
    {"1 + \"a\"", "ERROR"},
    {"\"a\" + \"b\"", "ERROR"},
    {"true * 2", "ERROR"},
    {"-\"a\"", "ERROR"},
    {"0 - 9223372036854775807 - 2", "ERROR"},
};

constexpr EvalCase kComparisons[] = {
    {"1 == \"1\"", "false"},
    {"1 == true", "false"},
    {"1 != \"1\"", "true"},
    {"User::\"a\" == User::\"a\"", "true"},
    {"User::\"a\" == Group::\"a\"", "false"},
    {"Suivi::User::\"a\" == User::\"a\"", "false"},
    {"[1, 2] == [2, 1, 1]", "true"},
    {"[1, 2] == [1, 2, 3]", "false"},
    {"{a: 1, b: 2} == {b: 2, \"a\": 1}", "true"},
    {"{a: 1} == {a: 1, b: 2}", "false"},
    {"{a: 1} == [1]", "false"},
    {"principal == User::\"alice\"", "true"},
    {"principal.rec == {x: 1}", "true"},
    {"principal.tags == [\"b\", \"a\"]", "true"},
    {"1 < 2", "true"},
    {"2 <= 2", "true"},
    {"2 > 2", "false"},
    {"2 >= 2", "true"},
    {"3 > 2", "true"},
    {"-1 < 0", "true"},
    {"\"a\" < \"b\"", "ERROR"},
    {"true < false", "ERROR"},
    {"1 < \"2\"", "ERROR"},
    {"User::\"a\" <= User::\"b\"", "ERROR"},
};

constexpr EvalCase kMembership[] = {
    {"principal in Group::\"g1\"", "true"},
    {"principal in Group::\"g2\"", "true"},
    {"Group::\"g1\" in Group::\"g2\"", "true"},
    {"Group::\"g2\" in Group::\"g1\"", "false"},
    {"Group::\"g2\" in principal", "false"},
    {"principal in principal", "true"},
    {"principal in [Group::\"x\", Group::\"g2\"]", "true"},
    {"principal in [Group::\"x\"]", "false"},
    {"principal in []", "false"},
    {"resource in Doc::\"d1\"", "true"},
    {"resource in Group::\"g1\"", "false"},
    {"resource in [Doc::\"d1\"]", "true"},
    {"principal in [Group::\"g1\", 1]", "ERROR"},
    {"principal in 1", "ERROR"},
    {"1 in Group::\"g1\"", "ERROR"},
    {"context in Group::\"g1\"", "ERROR"},
    {"principal is User", "true"},
    {"principal is Group", "false"},
    {"principal is Suivi::User", "false"},
    {"Suivi::User::\"x\" is Suivi::User", "true"},
    {"Suivi::User::\"x\" is User", "false"},
    {"1 is User", "ERROR"},
    {"principal is User in Group::\"g2\"", "true"},
    {"principal is User in Group::\"x\"", "false"},
    {"principal is User in [Group::\"x\", Group::\"g1\"]", "true"},
    {"principal is Group in 1", "false"},
    {"principal is User in 1", "ERROR"},
};

constexpr EvalCase kAttributes[] = {
    {"principal.age", "30"},
    {"principal[\"age\"]", "30"},
    {"principal.rec.x", "1"},
    {"principal[\"rec\"][\"x\"]", "1"},
    {"principal.boss", "User::\"bob\""},
    {"principal.missing", "ERROR"},
    {"principal.boss.name", "ERROR"},
    {"resource.x", "ERROR"},
    {"context.n", "5"},
    {"context.nope", "ERROR"},
    {"1.foo", "ERROR"},
    {"\"a\".foo", "ERROR"},
    {"{a: 1}.a", "1"},
    {"{a: 1}.b", "ERROR"},
    {"{\"a b\": 1}[\"a b\"]", "1"},
    {"{\"if\": 1, principal: 2}[\"if\"] + {principal: 2}.principal", "3"},
    {"principal has age", "true"},
    {"principal has \"age\"", "true"},
    {"principal has missing", "false"},
    {"principal.boss has name", "false"},
    {"resource has x", "false"},
    {"context has n", "true"},
    {"{a: 1} has a", "true"},
    {"{a: 1} has \"b\"", "false"},
    {"1 has x", "ERROR"},
    {"[1] has x", "ERROR"},
    {"principal has missing && principal.missing == 1", "false"},
    {"principal has rec && principal.rec has x", "true"},
};

constexpr EvalCase kLike[] = {
    {"\"abc\" like \"abc\"", "true"},
    {"\"abc\" like \"ab\"", "false"},
    {"\"abc\" like \"a*\"", "true"},
    {"\"abc\" like \"*c\"", "true"},
    {"\"abc\" like \"*b*\"", "true"},
    {"\"abc\" like \"a*d\"", "false"},
    {"\"\" like \"*\"", "true"},
    {"\"\" like \"\"", "true"},
    {"\"ab\" like \"a**b\"", "true"},
    {"\"aab\" like \"a*ab\"", "true"},
    {"\"ab\" like \"a*ab\"", "false"},
    {"\"aXbXc\" like \"*X*X*\"", "true"},
    {"\"aXb\" like \"*X*X*\"", "false"},
    {"\"a*c\" like \"a\\*c\"", "true"},
    {"\"abc\" like \"a\\*c\"", "false"},
    {"\"a*\" like \"*\\*\"", "true"},
    {"\"a\\\\b\" like \"a\\\\*\"", "true"},
    {"\"\\u{e9}t\\u{e9}\" like \"\\u{e9}*\"", "true"},
    {"\"\\u{e9}t\\u{e9}\" like \"é*é\"", "true"},
    {"\"a\\nb\" like \"a*b\"", "true"},
    {"1 like \"*\"", "ERROR"},
    {"principal like \"*\"", "ERROR"},
};

constexpr EvalCase kSets[] = {
    {"[1, 2].contains(1)", "true"},
    {"[1, 2].contains(\"1\")", "false"},
    {"[[1, 2]].contains([2, 1])", "true"},
    {"[{a: 1}].contains({a: 1})", "true"},
    {"1.contains(1)", "ERROR"},
    {"{a: 1}.contains(1)", "ERROR"},
    {"[1, 2, 3].containsAll([1, 3])", "true"},
    {"[1].containsAll([1, 2])", "false"},
    {"[].containsAll([])", "true"},
    {"[1].containsAll(1)", "ERROR"},
    {"1.containsAll([1])", "ERROR"},
    {"[1, 2].containsAny([3, 2])", "true"},
    {"[1].containsAny([])", "false"},
    {"[1].containsAny([2, 3])", "false"},
    {"[1].containsAny(\"1\")", "ERROR"},
    {"[].isEmpty()", "true"},
    {"[1].isEmpty()", "false"},
    {"\"\".isEmpty()", "ERROR"},
    {"principal.tags.contains(\"a\")", "true"},
    {"[principal.missing]", "ERROR"},
    {"{a: principal.missing}", "ERROR"},
    {"[principal, principal.boss]", "[User::\"alice\", User::\"bob\"]"},
    {"{b: context.n, a: 1}", "{\"a\": 1, \"b\": 5}"},
    {"[1, 1, 2]", "[1, 2]"},
    {"\"\\\"q\\\" \\t\\\\\" == \"\\u{22}q\\u{22} \\u{9}\\u{5c}\"", "true"},
};

INSTANTIATE_TEST_SUITE_P(Precedence, EvaluatorTest, ::testing::ValuesIn(kPrecedence));
INSTANTIATE_TEST_SUITE_P(Booleans, EvaluatorTest, ::testing::ValuesIn(kBooleans));
INSTANTIATE_TEST_SUITE_P(Arithmetic, EvaluatorTest, ::testing::ValuesIn(kArithmetic));
INSTANTIATE_TEST_SUITE_P(Comparisons, EvaluatorTest, ::testing::ValuesIn(kComparisons));
INSTANTIATE_TEST_SUITE_P(Membership, EvaluatorTest, ::testing::ValuesIn(kMembership));
INSTANTIATE_TEST_SUITE_P(Attributes, EvaluatorTest, ::testing::ValuesIn(kAttributes));
INSTANTIATE_TEST_SUITE_P(Like, EvaluatorTest, ::testing::ValuesIn(kLike));
INSTANTIATE_TEST_SUITE_P(Sets, EvaluatorTest, ::testing::ValuesIn(kSets));

}  // namespace
}  // namespace suivi::policy
