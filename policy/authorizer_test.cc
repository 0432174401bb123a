// policy/authorizer_test.cc
//
// Decisions, determining policies and erroring policies (Cedar's
// semantics), and Cedar's JSON formats for entities and requests.

#include "policy/authorizer.h"

#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/test_util.h"

namespace suivi::policy {
namespace {

using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Authorizes kRequestJson over kEntitiesJson with `policies`.
Response Decide(const std::string& policies, const char* request = testing::kRequestJson) {
  auto set = ParsePolicies(policies);
  EXPECT_OK(set.status());
  auto entities = ParseEntitiesJson(testing::kEntitiesJson);
  EXPECT_OK(entities.status());
  auto parsed_request = ParseRequestJson(request);
  EXPECT_OK(parsed_request.status());
  if (!set.ok() || !entities.ok() || !parsed_request.ok()) return Response{};
  return Authorize(**set, **entities, *parsed_request);
}

std::vector<std::string> ErrorIds(const Response& r) {
  std::vector<std::string> ids;
  for (const PolicyError& e : r.errors) ids.push_back(e.policy_id);
  return ids;
}

TEST(Authorize, DeniesByDefault) {
  Response r = Decide("");
  EXPECT_EQ(r.decision, Decision::kDeny);
  EXPECT_THAT(r.reasons, IsEmpty());
  EXPECT_THAT(r.errors, IsEmpty());
}

TEST(Authorize, AllowsWithTheSatisfiedPermitsAsReasons) {
  Response r = Decide(R"(
    permit(principal, action, resource);
    permit(principal == User::"bob", action, resource);
    permit(principal in Group::"g2", action, resource);)");
  EXPECT_EQ(r.decision, Decision::kAllow);
  EXPECT_THAT(r.reasons, ElementsAre("policy0", "policy2"));
}

TEST(Authorize, ForbidOverridesPermitAndIsTheOnlyReason) {
  Response r = Decide(R"(
    permit(principal, action, resource);
    forbid(principal is User, action, resource);
    forbid(principal, action, resource) when { false };)");
  EXPECT_EQ(r.decision, Decision::kDeny);
  EXPECT_THAT(r.reasons, ElementsAre("policy1"));
}

TEST(Authorize, ErroringPolicyDoesNotApplyAndIsReported) {
  Response r = Decide(R"(
    forbid(principal, action, resource) when { principal.missing };
    permit(principal, action, resource) when { resource.owner == principal };
    permit(principal, action, resource) when { 1 };
    permit(principal, action, resource) unless { "x" };
    permit(principal, action, resource) when { context.n > 1 };)");
  EXPECT_EQ(r.decision, Decision::kAllow);  // the erroring forbid does not deny
  EXPECT_THAT(r.reasons, ElementsAre("policy4"));
  EXPECT_THAT(ErrorIds(r), ElementsAre("policy0", "policy1", "policy2", "policy3"));
}

TEST(Authorize, ConditionsRunInOrderAndStopAtTheFirstFalse) {
  Response r = Decide(R"(
    permit(principal, action, resource) when { false } when { principal.missing };
    permit(principal, action, resource) unless { true } when { 1 + "a" };
    permit(principal, action, resource) when { true } unless { principal.missing };
    permit(principal == User::"bob", action, resource) when { principal.missing };)");
  EXPECT_EQ(r.decision, Decision::kDeny);
  EXPECT_THAT(ErrorIds(r), ElementsAre("policy2"));
}

TEST(Authorize, APolicyForAnotherActionNeitherAppliesNorErrs) {
  // Action "view" is in no group here; "edit" is another action.
  Response r = Decide(R"(
    permit(principal, action == Action::"edit", resource) when { 1 + "a" };
    permit(principal, action in Action::"edit", resource) when { principal.missing };
    permit(principal, action in [Action::"edit", Action::"view"], resource);
    permit(principal, action == Action::"view", resource) when { principal.missing };
    forbid(principal, action in Action::"view", resource) when { context.n > 9 };)");
  EXPECT_EQ(r.decision, Decision::kAllow);
  EXPECT_THAT(r.reasons, ElementsAre("policy2"));
  EXPECT_THAT(ErrorIds(r), ElementsAre("policy3"));
}

TEST(Authorize, AnActionScopeMatchesTheActionsAncestors) {
  auto set = ParsePolicies(R"(
    permit(principal, action in Action::"read", resource);
    permit(principal, action == Action::"read", resource);)");
  ASSERT_OK(set.status());
  auto entities = ParseEntitiesJson(R"([
    {"uid": {"type": "Action", "id": "view"}, "attrs": {},
     "parents": [{"type": "Action", "id": "look"}]},
    {"uid": {"type": "Action", "id": "look"}, "attrs": {},
     "parents": [{"type": "Action", "id": "read"}]}])");
  ASSERT_OK(entities.status());
  auto request = ParseRequestJson(testing::kRequestJson);
  ASSERT_OK(request.status());
  Response r = Authorize(**set, **entities, *request);
  EXPECT_EQ(r.decision, Decision::kAllow);
  EXPECT_THAT(r.reasons, ElementsAre("policy0"));  // in, not ==
}

TEST(Authorize, SortsReasonsAndErrorsAsStrings) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "permit(principal, action, resource) when { context.n == 5 };\n";
  Response r = Decide(text);
  EXPECT_THAT(r.reasons, ElementsAre("policy0", "policy1", "policy10", "policy11", "policy2",
                                     "policy3", "policy4", "policy5", "policy6", "policy7",
                                     "policy8", "policy9"));
}

struct ScopeCase {
  const char* scope;
  bool applies;
};

void PrintTo(const ScopeCase& c, std::ostream* os) { *os << c.scope; }

class ScopeTest : public ::testing::TestWithParam<ScopeCase> {};

TEST_P(ScopeTest, MatchesTheRequest) {
  Response r = Decide(std::string("permit(") + GetParam().scope + ");");
  EXPECT_EQ(r.decision == Decision::kAllow, GetParam().applies) << GetParam().scope;
  EXPECT_THAT(r.errors, IsEmpty());
}

constexpr ScopeCase kScopes[] = {
    {"principal, action, resource", true},
    {"principal == User::\"alice\", action, resource", true},
    {"principal == User::\"bob\", action, resource", false},
    {"principal == Suivi::User::\"alice\", action, resource", false},
    {"principal in Group::\"g2\", action, resource", true},
    {"principal in User::\"alice\", action, resource", true},
    {"principal in Group::\"other\", action, resource", false},
    {"principal is User, action, resource", true},
    {"principal is Group, action, resource", false},
    {"principal is User in Group::\"g1\", action, resource", true},
    {"principal is Group in Group::\"g1\", action, resource", false},
    {"principal is User in Group::\"other\", action, resource", false},
    {"principal, action == Action::\"view\", resource", true},
    {"principal, action == Action::\"edit\", resource", false},
    {"principal, action in Action::\"view\", resource", true},
    {"principal, action in [Action::\"edit\", Action::\"view\"], resource", true},
    {"principal, action in [Action::\"edit\"], resource", false},
    {"principal, action in [], resource", false},
    {"principal, action, resource == Doc::\"d1\"", true},
    {"principal, action, resource in Doc::\"d1\"", true},
    {"principal, action, resource in Folder::\"f\"", false},
    {"principal, action, resource is Doc", true},
    {"principal, action, resource is Doc in Doc::\"d1\"", true},
};

INSTANTIATE_TEST_SUITE_P(Scopes, ScopeTest, ::testing::ValuesIn(kScopes));

TEST(Entities, InIsTransitiveOverParentsOfParents) {
  ASSERT_OK_AND_ASSIGN(auto entities, ParseEntitiesJson(R"([
    {"uid": {"type": "A", "id": "1"}, "attrs": {}, "parents": [{"type": "A", "id": "2"}]},
    {"uid": {"type": "A", "id": "2"}, "attrs": {}, "parents": [{"type": "A", "id": "3"}]},
    {"uid": {"type": "A", "id": "3"}, "attrs": {}, "parents": [{"type": "A", "id": "4"}]}])"));
  EXPECT_TRUE(entities->IsIn({"A", "1"}, {"A", "4"}));  // A::"4" is not in the store
  EXPECT_TRUE(entities->IsIn({"A", "2"}, {"A", "3"}));
  EXPECT_FALSE(entities->IsIn({"A", "4"}, {"A", "1"}));
  EXPECT_TRUE(entities->IsIn({"B", "x"}, {"B", "x"}));
  EXPECT_FALSE(entities->IsIn({"B", "x"}, {"A", "1"}));
}

struct BadJsonCase {
  const char* json;
  const char* message;
};

void PrintTo(const BadJsonCase& c, std::ostream* os) { *os << c.json; }

class BadEntitiesTest : public ::testing::TestWithParam<BadJsonCase> {};

TEST_P(BadEntitiesTest, AreRefused) {
  EXPECT_THAT(ParseEntitiesJson(GetParam().json),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)));
}

constexpr BadJsonCase kBadEntities[] = {
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {}, "parents": [{"type": "A", "id": "2"}]},
        {"uid": {"type": "A", "id": "2"}, "attrs": {}, "parents": [{"type": "A", "id": "1"}]}])",
     "cycle"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {}, "parents": [{"type": "A", "id": "1"}]}])",
     "cycle"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {}, "parents": []},
        {"uid": {"type": "A", "id": "1"}, "attrs": {}, "parents": []}])",
     "entité en double"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {"x": 1.5}, "parents": []}])", "non acceptée"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {"x": null}, "parents": []}])", "non acceptée"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {"x": 9223372036854775808}, "parents": []}])",
     "64 bits"},
    {R"([{"uid": {"type": "A", "id": "1"},
          "attrs": {"x": {"__extn": {"fn": "ip", "arg": "1.2.3.4"}}}, "parents": []}])",
     "extension"},
    {R"([{"uid": {"type": "A"}, "attrs": {}, "parents": []}])", "entité attendue"},
    {R"([{"attrs": {}, "parents": []}])", "sans « uid »"},
    {R"({"uid": {"type": "A", "id": "1"}})", "liste JSON"},
    {R"([{"uid": )", "JSON mal formé"},
    // Cedar requires every field, and refuses a key twice in one object.
    {R"([{"uid": {"type": "A", "id": "1"}, "parents": []}])", "« attrs » et « parents »"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {}}])", "« attrs » et « parents »"},
    {R"([{"uid": {"type": "A", "id": "1"}, "attrs": {"x": 1, "y": {"x": 2}, "x": 3},
          "parents": []}])",
     "clé « x » en double"},
};

INSTANTIATE_TEST_SUITE_P(Json, BadEntitiesTest, ::testing::ValuesIn(kBadEntities));

TEST(Entities, ObjectWithTypeAndIdIsARecordWithoutEscape) {
  Response r = Decide(R"(
    permit(principal, action, resource) when { principal.boss is User };
    permit(principal, action, resource) when { context.who == {type: "User", id: "alice"} };)",
                      R"({"principal": {"type": "User", "id": "alice"},
                          "action": {"__entity": {"type": "Action", "id": "view"}},
                          "resource": {"type": "Doc", "id": "d1"},
                          "context": {"who": {"type": "User", "id": "alice"}}})");
  EXPECT_EQ(r.decision, Decision::kAllow);
  EXPECT_THAT(r.reasons, ElementsAre("policy0", "policy1"));
}

TEST(Request, NeedsPrincipalActionResourceAndARecordContext) {
  EXPECT_THAT(ParseRequestJson(R"({"action": {"type": "A", "id": "a"},
                                   "resource": {"type": "R", "id": "r"}})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("principal")));
  EXPECT_THAT(ParseRequestJson(R"({"principal": {"type": "P", "id": "p"},
                                   "action": {"type": "A", "id": "a"},
                                   "resource": {"type": "R", "id": "r"}, "context": [1]})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("context")));
  EXPECT_OK(ParseRequestJson(R"({"principal": {"type": "P", "id": "p"},
                                 "action": {"type": "A", "id": "a"},
                                 "resource": {"type": "R", "id": "r"}})"));
}

TEST(ResponseToJson, HasDecisionReasonsAndErrorsInThatOrder) {
  Response r;
  r.decision = Decision::kAllow;
  r.reasons = {"policy0"};
  r.errors = {PolicyError{"policy1", "attribut absent"}};
  EXPECT_EQ(ResponseToJson(r),
            R"({"decision":"allow","reasons":["policy0"],"errors":[{"policyId":"policy1",)"
            R"("message":"attribut absent"}]})");
  EXPECT_EQ(ResponseToJson(Response{}), R"({"decision":"deny","reasons":[],"errors":[]})");
}

TEST(ParsePolicies, NamesLineAndColumnOfARefusedConstruct) {
  EXPECT_THAT(ParsePolicies("permit(principal, action, resource);\n"
                            "permit(principal, action, resource)\n"
                            "  when { context.a.lessThan(context.b) };"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ligne 3, colonne 20 : les fonctions d'extension ne font pas partie du "
                       "sous-ensemble"));
}

}  // namespace
}  // namespace suivi::policy
