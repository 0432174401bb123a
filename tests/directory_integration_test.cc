// Directory round trips through a real suivid, and what survives a
// restart: additions are kept, the demo territories are loaded once.

#include <memory>
#include <string>

#include "client/suivi_client.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_server.h"

namespace suivi {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::suivi::testing::TestServer;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTerritory[] = "ame";

class DirectoryOverTheWire : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start(/*sync=*/true));
    admin_ = server_->ClientFor("ame-admin");
  }

  // The association, its user, a role, a group membership, a signature
  // and an exclusion, each through its RPC.
  void AddEverything() {
    v1::AddOrganisationRequest organisation;
    auto* o = organisation.mutable_organisation();
    o->set_id("asso-mediation-amilly");
    o->set_name("Association de médiation d'Amilly");
    o->set_type(v1::ORGANISATION_TYPE_ASSOCIATION);
    o->add_territory_ids(kTerritory);
    ASSERT_THAT(admin_->AddOrganisation(organisation), IsOk());

    v1::AddUserRequest user;
    user.mutable_user()->set_id("ame-mediatrice-2");
    user.mutable_user()->set_display_name("Mme Élodie Moreau");
    user.mutable_user()->set_organisation_id("asso-mediation-amilly");
    ASSERT_THAT(admin_->AddUser(user), IsOk());

    v1::AssignRoleRequest role;
    auto* a = role.mutable_assignment();
    a->set_user_id("ame-mediatrice-2");
    a->set_role_id("membre_groupe");
    a->set_territory_id(kTerritory);
    a->set_start_date("2026-01-01");
    ASSERT_OK_AND_ASSIGN(assignment_, admin_->AssignRole(role));

    v1::AddGroupMemberRequest member;
    auto* m = member.mutable_member();
    m->set_territory_id(kTerritory);
    m->set_group_id("ame-go");
    m->set_user_id("ame-mediatrice-2");
    m->set_since("2026-02-01");
    ASSERT_THAT(admin_->AddGroupMember(member), IsOk());

    v1::RecordSignatureRequest signature;
    auto* s = signature.mutable_signature();
    s->set_territory_id(kTerritory);
    s->set_user_id("ame-mediatrice-2");
    s->set_charte_version(1);
    s->set_signed_on("2026-02-01");
    ASSERT_THAT(admin_->RecordSignature(signature), IsOk());

    v1::RecordExclusionRequest exclusion;
    auto* e = exclusion.mutable_exclusion();
    e->set_territory_id(kTerritory);
    e->set_group_id("ame-go");
    e->set_user_id("ame-mediatrice-2");
    e->set_excluded_on("2026-10-01");
    e->set_reason(v1::EXCLUSION_REASON_DIVULGATION_TIERS);
    ASSERT_THAT(admin_->RecordExclusion(exclusion), IsOk());
  }

  v1::UserRecord GetUser(const std::string& id) {
    v1::GetUserRequest request;
    request.set_user_id(id);
    absl::StatusOr<v1::UserRecord> record = admin_->GetUser(request);
    EXPECT_THAT(record.status(), IsOk());
    return record.value_or(v1::UserRecord());
  }

  int CountAssignments() {
    v1::ListRoleAssignmentsRequest request;
    request.set_territory_id(kTerritory);
    auto list = admin_->ListRoleAssignments(request);
    return list.ok() ? list->assignments_size() : -1;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<client::SuiviClient> admin_;
  v1::RoleAssignment assignment_;
};

TEST_F(DirectoryOverTheWire, EveryAdditionReadsBack) {
  AddEverything();
  v1::UserRecord record = GetUser("ame-mediatrice-2");
  EXPECT_EQ(record.user().display_name(), "Mme Élodie Moreau");
  EXPECT_EQ(record.organisation().type(), v1::ORGANISATION_TYPE_ASSOCIATION);
  ASSERT_EQ(record.role_assignments_size(), 1);
  EXPECT_EQ(record.role_assignments(0).id(), assignment_.id());
  EXPECT_EQ(record.memberships_size(), 1);
  ASSERT_EQ(record.signatures_size(), 1);
  EXPECT_EQ(record.signatures(0).recorded_by(), "ame-admin");
  ASSERT_EQ(record.exclusions_size(), 1);

  v1::GetGroupRequest group;
  group.set_territory_id(kTerritory);
  group.set_group_id("ame-go");
  ASSERT_OK_AND_ASSIGN(v1::GroupRecord go, admin_->GetGroup(group));
  EXPECT_EQ(go.exclusions_size(), 1);
  EXPECT_EQ(go.exclusions(0).user_id(), "ame-mediatrice-2");
}

TEST_F(DirectoryOverTheWire, ARetriedAdditionIsHarmlessAndAConflictingOneIsRefused) {
  AddEverything();
  const int before = CountAssignments();
  v1::AssignRoleRequest again;
  *again.mutable_assignment() = assignment_;
  again.mutable_assignment()->clear_id();
  ASSERT_OK_AND_ASSIGN(v1::RoleAssignment same, admin_->AssignRole(again));
  EXPECT_EQ(same.id(), assignment_.id());
  EXPECT_EQ(CountAssignments(), before);

  v1::AddUserRequest other;
  other.mutable_user()->set_id("ame-mediatrice-2");
  other.mutable_user()->set_display_name("Quelqu'un d'autre");
  other.mutable_user()->set_organisation_id("asso-mediation-amilly");
  EXPECT_THAT(admin_->AddUser(other), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(DirectoryOverTheWire, BadInputGetsAnActionableErrorAndChangesNothing) {
  const int before = CountAssignments();
  v1::AssignRoleRequest role;
  auto* a = role.mutable_assignment();
  a->set_user_id("ame-cpip");
  a->set_role_id("adjoint_delegue");  // needs a commune and an arrêté
  a->set_territory_id(kTerritory);
  a->set_start_date("2026-01-01");
  EXPECT_THAT(admin_->AssignRole(role),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("commune_id")));
  a->set_start_date("01/01/2026");
  EXPECT_THAT(admin_->AssignRole(role), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountAssignments(), before);

  v1::AddUserRequest user;
  user.mutable_user()->set_id("Jean Dupont");  // free text is not an id
  user.mutable_user()->set_display_name("Jean Dupont");
  user.mutable_user()->set_organisation_id("mairie-montargis");
  auto refused = admin_->AddUser(user);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("user.id")));
  EXPECT_THAT(std::string(refused.status().message()), Not(HasSubstr("Dupont")));
}

TEST_F(DirectoryOverTheWire, AnEndedAssignmentIsNoLongerInForce) {
  auto cpip = server_->ClientFor("ame-cpip");
  ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse before, cpip->WhoAmI());
  ASSERT_EQ(before.role_assignments_size(), 1);
  v1::EndRoleAssignmentRequest end;
  end.set_territory_id(kTerritory);
  end.set_assignment_id(before.role_assignments(0).id());
  end.set_end_date("2025-12-31");
  ASSERT_OK_AND_ASSIGN(v1::RoleAssignment ended, admin_->EndRoleAssignment(end));
  EXPECT_EQ(ended.end_date(), "2025-12-31");
  ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse after, cpip->WhoAmI());
  EXPECT_EQ(after.role_assignments_size(), 0);
  // Again: harmless. Later: it already ended.
  EXPECT_THAT(admin_->EndRoleAssignment(end), IsOk());
  end.set_end_date("2026-06-30");
  EXPECT_THAT(admin_->EndRoleAssignment(end), StatusIs(absl::StatusCode::kFailedPrecondition));
  end.set_end_date("2000-01-01");
  EXPECT_THAT(admin_->EndRoleAssignment(end),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_date")));
  end.set_territory_id("grand-belfort");
  EXPECT_THAT(admin_->EndRoleAssignment(end), StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(DirectoryOverTheWire, AdditionsSurviveARestartAndTheDemoIsNotLoadedTwice) {
  AddEverything();
  const int assignments = CountAssignments();
  v1::ListTerritoriesRequest list;
  ASSERT_OK_AND_ASSIGN(v1::ListTerritoriesResponse territories, admin_->ListTerritories(list));

  ASSERT_THAT(server_->Restart(), IsOk());
  admin_ = server_->ClientFor("ame-admin");
  EXPECT_EQ(CountAssignments(), assignments);
  ASSERT_OK_AND_ASSIGN(v1::ListTerritoriesResponse after, admin_->ListTerritories(list));
  EXPECT_EQ(after.territories_size(), territories.territories_size());
  EXPECT_EQ(after.territories_size(), 2);
  v1::UserRecord record = GetUser("ame-mediatrice-2");
  EXPECT_EQ(record.role_assignments(0).id(), assignment_.id());
  EXPECT_EQ(record.exclusions_size(), 1);
}

}  // namespace
}  // namespace suivi
