// Every RPC suivid serves leaves exactly one audit record (issue 6, DESIGN
// §8), whatever its outcome — allowed, refused by the charte, refused for
// want of a finalité, invalid — through the real server and client. The
// walk covers every method of every service suivid registers: a new RPC
// without a call here fails the test.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/suivi_client.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "services/server/server.h"
#include "tests/testing/test_server.h"

namespace suivi {
namespace {

using ::suivi::testing::TestServer;
using client::SuiviClient;

using Rpc = std::function<absl::Status(SuiviClient&)>;

template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

// One call of every method, with a request naming the demo territory.
// Persons calls name a person that does not exist (answered like a
// forbidden one) or create one in the caller's commune.
std::map<std::string, Rpc> EveryRpc() {
  v1::CreatePersonRequest create_person;
  create_person.set_territory_id("ame");
  create_person.mutable_identite()->set_nom("Martin");
  create_person.mutable_identite()->add_prenoms("Lucas");
  create_person.mutable_identite()->set_date_naissance("2012-03-04");
  v1::GetPersonRequest person;
  person.set_person_id("inconnue");
  v1::SearchPersonsRequest search;
  search.set_territory_id("ame");
  search.set_texte("lucas martin");
  v1::RectifyPersonRequest rectify;
  rectify.set_person_id("inconnue");
  rectify.set_expected_version(1);
  v1::LinkRepresentativeRequest link;
  link.set_person_id("inconnue");
  link.set_representative_id("inconnue-aussi");
  v1::GetPersonHistoryRequest history;
  history.set_person_id("inconnue");
  v1::GetTerritoryRequest territory;
  territory.set_territory_id("ame");
  v1::ListOrganisationsRequest organisations;
  organisations.set_territory_id("ame");
  v1::AddOrganisationRequest add_organisation;
  add_organisation.mutable_organisation()->set_id("nouvelle-association");
  add_organisation.mutable_organisation()->set_name("Nouvelle association");
  add_organisation.mutable_organisation()->set_type(v1::ORGANISATION_TYPE_ASSOCIATION);
  add_organisation.mutable_organisation()->add_territory_ids("ame");
  v1::ListUsersRequest users;
  users.set_territory_id("ame");
  v1::GetUserRequest user;
  user.set_user_id("ame-cpip");
  v1::AddUserRequest add_user;
  add_user.mutable_user()->set_id("nouvel-agent");
  add_user.mutable_user()->set_display_name("M. Nouvel Agent");
  add_user.mutable_user()->set_organisation_id("ame");
  v1::AssignRoleRequest assign;
  assign.mutable_assignment()->set_user_id("ame-cpip");
  assign.mutable_assignment()->set_role_id("membre_groupe");
  assign.mutable_assignment()->set_territory_id("ame");
  assign.mutable_assignment()->set_start_date("2026-11-24");
  v1::EndRoleAssignmentRequest end;
  end.set_territory_id("ame");
  end.set_assignment_id("inconnue");
  end.set_end_date("2026-12-31");
  v1::ListRoleAssignmentsRequest assignments;
  assignments.set_territory_id("ame");
  v1::ListCharteVersionsRequest versions;
  versions.set_territory_id("ame");
  v1::ListGroupsRequest groups;
  groups.set_territory_id("ame");
  v1::GetGroupRequest group;
  group.set_territory_id("ame");
  group.set_group_id("ame-go");
  v1::AddGroupMemberRequest member;
  member.mutable_member()->set_territory_id("ame");
  member.mutable_member()->set_group_id("ame-go");
  member.mutable_member()->set_user_id("ame-cpip");
  member.mutable_member()->set_since("2024-02-01");
  v1::RecordSignatureRequest signature;
  signature.mutable_signature()->set_territory_id("ame");
  signature.mutable_signature()->set_user_id("ame-cpip");
  signature.mutable_signature()->set_charte_version(1);
  signature.mutable_signature()->set_signed_on("2026-11-24");
  v1::RecordExclusionRequest exclusion;
  exclusion.mutable_exclusion()->set_territory_id("ame");
  exclusion.mutable_exclusion()->set_group_id("ame-go");
  exclusion.mutable_exclusion()->set_user_id("ame-bailleur");
  exclusion.mutable_exclusion()->set_excluded_on("2026-11-24");
  exclusion.mutable_exclusion()->set_reason(v1::EXCLUSION_REASON_DIVULGATION_TIERS);
  v1::EnrolCertificateRequest enrol;
  enrol.set_user_id("ame-cpip");
  enrol.set_csr_pem("pas une demande");
  v1::RevokeCertificateRequest revoke;
  revoke.set_fingerprint(std::string(64, 'f'));
  revoke.set_reason(v1::REVOCATION_REASON_AUTRE);
  v1::ListCertificatesRequest certificates;
  certificates.set_user_id("ame-cpip");
  return {
      {"suivi.v1.Session.WhoAmI", [](SuiviClient& c) { return StatusOf(c.WhoAmI()); }},
      {"suivi.v1.Directory.ListTerritories",
       [](SuiviClient& c) { return StatusOf(c.ListTerritories()); }},
      {"suivi.v1.Directory.GetTerritory", [=](SuiviClient& c) { return StatusOf(c.GetTerritory(territory)); }},
      {"suivi.v1.Directory.ListRoles", [](SuiviClient& c) { return StatusOf(c.ListRoles()); }},
      {"suivi.v1.Directory.ListOrganisations",
       [=](SuiviClient& c) { return StatusOf(c.ListOrganisations(organisations)); }},
      {"suivi.v1.Directory.AddOrganisation",
       [=](SuiviClient& c) { return StatusOf(c.AddOrganisation(add_organisation)); }},
      {"suivi.v1.Directory.ListUsers", [=](SuiviClient& c) { return StatusOf(c.ListUsers(users)); }},
      {"suivi.v1.Directory.GetUser", [=](SuiviClient& c) { return StatusOf(c.GetUser(user)); }},
      {"suivi.v1.Directory.AddUser", [=](SuiviClient& c) { return StatusOf(c.AddUser(add_user)); }},
      {"suivi.v1.Directory.AssignRole", [=](SuiviClient& c) { return StatusOf(c.AssignRole(assign)); }},
      {"suivi.v1.Directory.EndRoleAssignment",
       [=](SuiviClient& c) { return StatusOf(c.EndRoleAssignment(end)); }},
      {"suivi.v1.Directory.ListRoleAssignments",
       [=](SuiviClient& c) { return StatusOf(c.ListRoleAssignments(assignments)); }},
      {"suivi.v1.Directory.ListCharteVersions",
       [=](SuiviClient& c) { return StatusOf(c.ListCharteVersions(versions)); }},
      {"suivi.v1.Directory.ListGroups", [=](SuiviClient& c) { return StatusOf(c.ListGroups(groups)); }},
      {"suivi.v1.Directory.GetGroup", [=](SuiviClient& c) { return StatusOf(c.GetGroup(group)); }},
      {"suivi.v1.Directory.AddGroupMember",
       [=](SuiviClient& c) { return StatusOf(c.AddGroupMember(member)); }},
      {"suivi.v1.Directory.RecordSignature",
       [=](SuiviClient& c) { return StatusOf(c.RecordSignature(signature)); }},
      {"suivi.v1.Directory.RecordExclusion",
       [=](SuiviClient& c) { return StatusOf(c.RecordExclusion(exclusion)); }},
      {"suivi.v1.Admin.EnrolCertificate",
       [=](SuiviClient& c) { return StatusOf(c.EnrolCertificate(enrol)); }},
      {"suivi.v1.Admin.RevokeCertificate",
       [=](SuiviClient& c) { return StatusOf(c.RevokeCertificate(revoke)); }},
      {"suivi.v1.Admin.ListCertificates",
       [=](SuiviClient& c) { return StatusOf(c.ListCertificates(certificates)); }},
      {"suivi.v1.Admin.ReloadCharte", [](SuiviClient& c) { return StatusOf(c.ReloadCharte()); }},
      {"suivi.v1.Persons.CreatePerson",
       [=](SuiviClient& c) { return StatusOf(c.CreatePerson(create_person)); }},
      {"suivi.v1.Persons.GetPerson", [=](SuiviClient& c) { return StatusOf(c.GetPerson(person)); }},
      {"suivi.v1.Persons.SearchPersons",
       [=](SuiviClient& c) { return StatusOf(c.SearchPersons(search)); }},
      {"suivi.v1.Persons.RectifyPerson",
       [=](SuiviClient& c) { return StatusOf(c.RectifyPerson(rectify)); }},
      {"suivi.v1.Persons.LinkRepresentative",
       [=](SuiviClient& c) { return StatusOf(c.LinkRepresentative(link)); }},
      {"suivi.v1.Persons.GetPersonHistory",
       [=](SuiviClient& c) { return StatusOf(c.GetPersonHistory(history)); }},
  };
}

uint64_t RecordCount(const TestServer& server) { return server.audit_log().Head()->sequence; }

v1::AuditRecord LastRecord(const TestServer& server) {
  v1::AuditRecord last;
  EXPECT_OK(server.audit_log().Scan(RecordCount(server), [&](const v1::AuditRecord& r) {
    last = r;
    return true;
  }));
  return last;
}

TEST(AuditOverTheWire, TheWalkCoversEveryMethodSuividServes) {
  const std::map<std::string, Rpc> rpcs = EveryRpc();
  size_t methods = 0;
  for (const std::string& name : server::ServedServices()) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i, ++methods) {
      EXPECT_EQ(rpcs.count(service->method(i)->full_name()), 1u)
          << service->method(i)->full_name() << " : aucun appel dans ce test";
    }
  }
  EXPECT_EQ(rpcs.size(), methods);
}

TEST(AuditOverTheWire, EveryRpcLeavesExactlyOneRecordWhateverItsOutcome) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestServer> server, TestServer::Start());
  client::ClientConfig anonymous_purpose = server->ConfigFor("ame-admin");
  anonymous_purpose.finalite.reset();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SuiviClient> without_finalite,
                       SuiviClient::Connect(anonymous_purpose));
  std::vector<std::unique_ptr<SuiviClient>> callers;
  callers.push_back(server->ClientFor("ame-admin"));  // mostly allowed
  callers.push_back(server->ClientFor("ame-cpip"));   // mostly refused
  callers.push_back(std::move(without_finalite));     // always refused
  client::ClientConfig follow_up = server->ConfigFor("ame-cabinet-montargis");
  follow_up.finalite = client::Finalite::kSuiviIndividuel;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<SuiviClient> cabinet, SuiviClient::Connect(follow_up));
  callers.push_back(std::move(cabinet));  // persons allowed, directory refused
  for (const auto& [method, rpc] : EveryRpc()) {
    for (auto& caller : callers) {
      const uint64_t before = RecordCount(*server);
      const absl::Status status = rpc(*caller);
      ASSERT_EQ(RecordCount(*server), before + 1) << method << " : " << status;
      const v1::AuditRecord record = LastRecord(*server);
      EXPECT_EQ(record.method(), method);
      EXPECT_EQ(record.outcome_code(), static_cast<int>(status.code())) << method;
      EXPECT_FALSE(record.charte_sha256().empty());
    }
  }
  ASSERT_OK_AND_ASSIGN(audit::VerifyReport report, server->audit_log().Verify());
  EXPECT_EQ(report.head.sequence, RecordCount(*server));
}

TEST(AuditOverTheWire, ARecordNamesTheCallerThePurposeAndTheDecidingRule) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestServer> server, TestServer::Start());
  v1::ListUsersRequest users;
  users.set_territory_id("ame");
  ASSERT_OK(server->ClientFor("ame-admin")->ListUsers(users).status());
  const v1::AuditRecord record = LastRecord(*server);
  EXPECT_EQ(record.user_id(), "ame-admin");
  EXPECT_EQ(record.purpose(), "administration");
  EXPECT_EQ(record.territory_id(), "ame");
  ASSERT_EQ(record.decisions_size(), 1);
  EXPECT_EQ(record.decisions(0).action(), "annuaire:lister_utilisateurs");
  EXPECT_TRUE(record.decisions(0).allowed());
  EXPECT_THAT(record.decisions(0).determining_policies(),
              ::testing::ElementsAre("annuaire-administrateur"));
  EXPECT_FALSE(record.decisions(0).attribution_id().empty());
}

}  // namespace
}  // namespace suivi
