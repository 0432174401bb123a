// Tests of services/directory/directory.h: loading territories, what
// survives a restart and what reaches the disk, additions, concurrency.
// Authentication is in directory_authenticate_test.cc.

#include "services/directory/directory.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/common/files.h"
#include "core/common/ids.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/directory/directory_test_fixture.h"

namespace suivi::directory {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr int kThreads = 8;

// A CLSPD "clspd-test" with one mairie, its admin (test-admin) and a
// group "go" of which test-admin is a member.
v1::DirectoryBootstrap SmallTerritory() {
  v1::DirectoryBootstrap b;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    territory {
      id: "clspd-test" name: "CLSPD d'essai" kind: TERRITORY_KIND_CLSPD
      communes { id: "commune-test" name: "Commune d'essai" }
      controllers {
        id: "commune-test" name: "Commune d'essai"
        kind: CONTROLLER_KIND_COMMUNE commune_id: "commune-test"
      }
    }
    organisations {
      id: "mairie-test" name: "Mairie d'essai" type: ORGANISATION_TYPE_MAIRIE
      territory_ids: "clspd-test" commune_id: "commune-test"
    }
    users { id: "test-admin" display_name: "Mme Odile Essai" organisation_id: "mairie-test" }
    role_assignments {
      user_id: "test-admin" role_id: "admin" territory_id: "clspd-test" start_date: "2024-01-01"
    }
    groups {
      id: "go" territory_id: "clspd-test" name: "Groupe opérationnel"
      type: GROUP_TYPE_GROUPE_OPERATIONNEL
    }
    group_members {
      territory_id: "clspd-test" group_id: "go" user_id: "test-admin" since: "2024-02-01"
    }
  )pb", &b));
  return b;
}

template <typename Map>
void ExpectSameEntries(const Map& expected, const Map& actual, absl::string_view what) {
  EXPECT_EQ(actual.size(), expected.size()) << what;
  for (const auto& [key, value] : expected) {
    auto it = actual.find(key);
    if (it == actual.end()) {
      ADD_FAILURE() << what << " absent: " << value.ShortDebugString();
    } else if (!MessageDifferencer::Equals(value, it->second)) {
      ADD_FAILURE() << what << " changed: " << value.ShortDebugString() << " became "
                    << it->second.ShortDebugString();
    }
  }
}

void ExpectSameState(const DirectoryState& expected, const DirectoryState& actual) {
  ExpectSameEntries(expected.territories, actual.territories, "territory");
  ExpectSameEntries(expected.organisations, actual.organisations, "organisation");
  ExpectSameEntries(expected.users, actual.users, "user");
  ExpectSameEntries(expected.certificates, actual.certificates, "certificate");
  ExpectSameEntries(expected.assignments, actual.assignments, "assignment");
  ExpectSameEntries(expected.charte_versions, actual.charte_versions, "charte version");
  ExpectSameEntries(expected.groups, actual.groups, "group");
  ExpectSameEntries(expected.members, actual.members, "member");
  ExpectSameEntries(expected.signatures, actual.signatures, "signature");
  ExpectSameEntries(expected.exclusions, actual.exclusions, "exclusion");
}

// Runs call(0) ... call(threads - 1) on as many threads, released together.
std::vector<absl::Status> RunConcurrently(int threads,
                                          const std::function<absl::Status(int)>& call) {
  absl::Notification start;
  std::vector<absl::Status> results(threads);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      start.WaitForNotification();
      results[i] = call(i);
    });
  }
  start.Notify();
  for (std::thread& worker : workers) worker.join();
  return results;
}

TEST_F(DirectoryTest, BothDemoTerritoriesLoadWhole) {
  const v1::DirectoryBootstrap ame = Demo(kAme);
  const v1::DirectoryBootstrap belfort = Demo(kBelfort);
  EXPECT_THAT(directory_->LoadBootstrap(ame), IsOkAndHolds(true));
  EXPECT_THAT(directory_->LoadBootstrap(belfort), IsOkAndHolds(true));

  auto s = state();
  EXPECT_NE(s->FindTerritory("ame"), nullptr);
  EXPECT_NE(s->FindTerritory("grand-belfort"), nullptr);
  EXPECT_THAT(s->organisations, SizeIs(ame.organisations_size() + belfort.organisations_size()));
  EXPECT_THAT(s->users, SizeIs(ame.users_size() + belfort.users_size()));
  EXPECT_THAT(s->assignments,
              SizeIs(ame.role_assignments_size() + belfort.role_assignments_size()));
  EXPECT_THAT(s->charte_versions,
              SizeIs(ame.charte_versions_size() + belfort.charte_versions_size()));
  EXPECT_THAT(s->groups, SizeIs(ame.groups_size() + belfort.groups_size()));
  EXPECT_THAT(s->members, SizeIs(ame.group_members_size() + belfort.group_members_size()));
  EXPECT_THAT(s->signatures, SizeIs(ame.signatures_size() + belfort.signatures_size()));
  for (const auto& [id, assignment] : s->assignments) {
    EXPECT_EQ(id, assignment.id());
    EXPECT_EQ(id.size(), kRandomIdLength);
  }
  EXPECT_THAT(s->AssignmentsIn("ame", "ame-admin"), SizeIs(1));
}

TEST_F(DirectoryTest, LoadingATerritoryAgainReturnsFalseAndWritesNothing) {
  LoadAme();
  ASSERT_THAT(directory_->LoadBootstrap(Demo(kBelfort)), IsOkAndHolds(true));
  const auto before = state();
  const uint64_t writes = Writes();

  EXPECT_THAT(directory_->LoadBootstrap(Demo(kAme)), IsOkAndHolds(false));
  EXPECT_THAT(directory_->LoadBootstrap(Demo(kBelfort)), IsOkAndHolds(false));

  EXPECT_EQ(Writes(), writes);
  EXPECT_EQ(state(), before) << "no new state was published";
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_THAT(directory_->LoadBootstrap(Demo(kAme)), IsOkAndHolds(false));
  ExpectSameState(*before, *state());  // same assignment ids included
}

TEST_F(DirectoryTest, EverythingSurvivesClosingAndReopening) {
  LoadAme();
  ASSERT_THAT(directory_->LoadBootstrap(Demo(kBelfort)), IsOkAndHolds(true));
  Enrol(kFingerprint, "ame-admin");
  Enrol(kOtherFingerprint, "gb-admin");
  ASSERT_OK(directory_->RevokeCertificate(kOtherFingerprint, v1::REVOCATION_REASON_REMPLACE,
                                          "gb-admin").status());
  const auto before = state();

  ASSERT_NO_FATAL_FAILURE(Reopen());
  ExpectSameState(*before, *state());
  // The reopened directory writes with the keys it found.
  ASSERT_OK(directory_->AddUser(User("ame-apres-reouverture")).status());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_NE(state()->FindUser("ame-apres-reouverture"), nullptr);
  EXPECT_THAT(directory_->Authenticate(kFingerprint), IsOk());
}

TEST_F(DirectoryTest, NoDisplayNameIsReadableInTheDataDir) {
  std::vector<std::string> names;
  for (const char* file : {kAme, kBelfort}) {
    const v1::DirectoryBootstrap bootstrap = Demo(file);
    ASSERT_THAT(directory_->LoadBootstrap(bootstrap), IsOkAndHolds(true));
    for (const v1::User& user : bootstrap.users()) names.push_back(user.display_name());
  }
  ASSERT_THAT(names, Not(IsEmpty()));
  // Once in the write-ahead log, once in table files written at reopening.
  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(absl::StrCat("pass ", pass));
    Close();
    EXPECT_THAT(FilesContaining(data_dir(), "_annuaire"), Not(IsEmpty()))
        << "control: the scan must see the store's keys";
    for (const std::string& name : names) {
      EXPECT_THAT(FilesContaining(data_dir(), name), IsEmpty()) << name;
    }
    ASSERT_NO_FATAL_FAILURE(Open());
  }
}

TEST_F(DirectoryTest, ABootstrapWithOneFaultyEntryLoadsNothing) {
  struct Fault {
    const char* name;
    std::function<void(v1::DirectoryBootstrap&)> spoil;
    absl::StatusCode code;
  };
  const std::vector<Fault> faults = {
      {"a user of an unknown organisation",
       [](v1::DirectoryBootstrap& b) { *b.add_users() = User("ame-intrus", "inconnue"); },
       absl::StatusCode::kNotFound},
      {"a role outside the catalogue",
       [](v1::DirectoryBootstrap& b) {
         *b.add_role_assignments() = Assignment("ame-admin", "sherif", "2024-01-01");
       },
       absl::StatusCode::kInvalidArgument},
      {"a signature before the version was adopted",
       [](v1::DirectoryBootstrap& b) {
         v1::Signature* s = b.add_signatures();
         s->set_territory_id("ame");
         s->set_user_id("ame-admin");
         s->set_charte_version(1);
         s->set_signed_on("2024-01-17");
       },
       absl::StatusCode::kInvalidArgument},
      {"an exclusion of a non-member",
       [](v1::DirectoryBootstrap& b) {
         v1::Exclusion* e = b.add_exclusions();
         e->set_territory_id("ame");
         e->set_group_id("ame-go");
         e->set_user_id("ame-admin");
         e->set_excluded_on("2024-06-01");
         e->set_reason(v1::EXCLUSION_REASON_AUTRE);
       },
       absl::StatusCode::kFailedPrecondition},
      {"a territory without controller",
       [](v1::DirectoryBootstrap& b) { b.mutable_territory()->clear_controllers(); },
       absl::StatusCode::kInvalidArgument},
  };
  const uint64_t writes = Writes();
  for (const Fault& fault : faults) {
    SCOPED_TRACE(fault.name);
    v1::DirectoryBootstrap bootstrap = Demo(kAme);
    fault.spoil(bootstrap);
    EXPECT_THAT(directory_->LoadBootstrap(bootstrap), StatusIs(fault.code));
    EXPECT_EQ(state()->FindTerritory("ame"), nullptr);
    EXPECT_THAT(state()->users, IsEmpty());
    EXPECT_THAT(state()->assignments, IsEmpty());
    EXPECT_EQ(Writes(), writes);
  }
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_THAT(state()->territories, IsEmpty());
  EXPECT_THAT(state()->users, IsEmpty());
  EXPECT_THAT(directory_->LoadBootstrap(Demo(kAme)), IsOkAndHolds(true));
}

TEST_F(DirectoryTest, ABootstrapCannotReplaceAnEntryOfAnotherTerritory) {
  LoadAme();
  const v1::User ame_admin = *state()->FindUser("ame-admin");
  v1::DirectoryBootstrap intruder = SmallTerritory();
  v1::User* user = intruder.add_users();
  user->set_id("ame-admin");
  user->set_display_name("M. Usurpateur");
  user->set_organisation_id("mairie-test");

  EXPECT_THAT(directory_->LoadBootstrap(intruder),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_TRUE(MessageDifferencer::Equals(*state()->FindUser("ame-admin"), ame_admin))
      << state()->FindUser("ame-admin")->ShortDebugString();
  EXPECT_EQ(state()->FindTerritory("clspd-test"), nullptr);
}

TEST_F(DirectoryTest, IdsHoldingSlashesAreRefusedSoRecordPathsStayDistinct) {
  // With "/" in ids, member (go, x/y) and member (go/x, y) would share a key.
  v1::DirectoryBootstrap b = SmallTerritory();
  *b.add_users() = User("x/y", "mairie-test");
  EXPECT_THAT(directory_->LoadBootstrap(b),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("user.id")));
  EXPECT_EQ(state()->FindTerritory("clspd-test"), nullptr);
}

TEST_F(DirectoryTest, AnAssignmentEndsOnItsTerritoryOnlyAndStaysEndedAfterReopening) {
  LoadAme();
  ASSERT_OK_AND_ASSIGN(
      v1::RoleAssignment a,
      directory_->AssignRole(Assignment("ame-cpip", "membre_groupe", "2026-01-01")));
  EXPECT_THAT(directory_->EndRoleAssignment("grand-belfort", a.id(), "2026-06-30"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(directory_->EndRoleAssignment("ame", "inconnue", "2026-06-30"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(directory_->EndRoleAssignment("ame", a.id(), "30/06/2026"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_date")));
  ASSERT_OK_AND_ASSIGN(v1::RoleAssignment ended,
                       directory_->EndRoleAssignment("ame", a.id(), "2026-06-30"));
  EXPECT_EQ(ended.end_date(), "2026-06-30");
  // Shortening is allowed; extending past the end already set is not.
  EXPECT_THAT(directory_->EndRoleAssignment("ame", a.id(), "2026-03-31"), IsOk());
  EXPECT_THAT(directory_->EndRoleAssignment("ame", a.id(), "2026-12-31"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(state()->assignments.at(a.id()).end_date(), "2026-03-31");
}

TEST_F(DirectoryTest, AdditionsAreReadBackAndSurviveReopening) {
  LoadAme();
  v1::Organisation ccas;
  ccas.set_id("ccas-amilly");
  ccas.set_name("CCAS d'Amilly");
  ccas.set_type(v1::ORGANISATION_TYPE_CCAS);
  ccas.add_territory_ids("ame");
  ccas.set_commune_id("amilly");
  ASSERT_OK_AND_ASSIGN(v1::Organisation organisation, directory_->AddOrganisation(ccas));
  EXPECT_TRUE(MessageDifferencer::Equals(organisation, ccas));

  ASSERT_OK_AND_ASSIGN(v1::User user, directory_->AddUser(User("ame-ts-amilly", "ccas-amilly")));
  ASSERT_OK_AND_ASSIGN(
      v1::RoleAssignment assignment,
      directory_->AssignRole(Assignment("ame-ts-amilly", "travailleur_social", "2026-11-01")));
  EXPECT_EQ(assignment.id().size(), kRandomIdLength);
  EXPECT_EQ(assignment.role_id(), "travailleur_social");

  v1::GroupMember member;
  member.set_territory_id("ame");
  member.set_group_id("ame-go");
  member.set_user_id("ame-ts-amilly");
  member.set_since("2026-11-02");
  ASSERT_OK(directory_->AddGroupMember(member).status());

  v1::Signature signature;
  signature.set_territory_id("ame");
  signature.set_user_id("ame-ts-amilly");
  signature.set_charte_version(1);
  signature.set_signed_on("2026-11-03");
  signature.set_recorded_by("quelqu-un-d-autre");  // the server sets it
  ASSERT_OK_AND_ASSIGN(v1::Signature signed_, directory_->RecordSignature(signature, "ame-admin"));
  EXPECT_EQ(signed_.recorded_by(), "ame-admin");
  // Recorded again by someone else: the same signature, as first recorded.
  EXPECT_THAT(directory_->RecordSignature(signature, "ame-coordonnateur"),
              IsOkAndHolds(::testing::Truly([&](const v1::Signature& again) {
                return MessageDifferencer::Equals(again, signed_);
              })));

  v1::Exclusion exclusion;
  exclusion.set_territory_id("ame");
  exclusion.set_group_id("ame-go");
  exclusion.set_user_id("ame-ts-amilly");
  exclusion.set_excluded_on("2026-11-20");
  exclusion.set_reason(v1::EXCLUSION_REASON_FIN_DE_FONCTIONS);
  exclusion.set_note("Départ du CCAS.");
  ASSERT_OK_AND_ASSIGN(v1::Exclusion excluded, directory_->RecordExclusion(exclusion, "ame-admin"));
  EXPECT_EQ(excluded.recorded_by(), "ame-admin");

  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(pass == 0 ? "before reopening" : "after reopening");
    auto s = state();
    ASSERT_NE(s->FindOrganisation("ccas-amilly"), nullptr);
    EXPECT_TRUE(MessageDifferencer::Equals(*s->FindOrganisation("ccas-amilly"), ccas));
    ASSERT_NE(s->FindUser("ame-ts-amilly"), nullptr);
    EXPECT_TRUE(MessageDifferencer::Equals(*s->FindUser("ame-ts-amilly"), user));
    ASSERT_EQ(s->assignments.count(assignment.id()), 1u);
    EXPECT_TRUE(MessageDifferencer::Equals(s->assignments.at(assignment.id()), assignment));
    const v1::UserRecord record = s->RecordOf(user);
    EXPECT_EQ(record.organisation().id(), "ccas-amilly");
    ASSERT_THAT(record.memberships(), SizeIs(1));
    EXPECT_TRUE(MessageDifferencer::Equals(record.memberships(0), member));
    ASSERT_THAT(record.signatures(), SizeIs(1));
    EXPECT_TRUE(MessageDifferencer::Equals(record.signatures(0), signed_));
    ASSERT_THAT(record.exclusions(), SizeIs(1));
    EXPECT_TRUE(MessageDifferencer::Equals(record.exclusions(0), excluded));
    if (pass == 0) {
      ASSERT_NO_FATAL_FAILURE(Reopen());
    }
  }
}

TEST_F(DirectoryTest, IdenticalAdditionsSucceedWithoutWritingAndDifferentOnesAreRefused) {
  LoadAme();
  // Each adds an entry, or (different = true) another under the same identity.
  struct Addition {
    const char* name;
    std::function<absl::Status(Directory&, bool different)> add;
  };
  const std::vector<Addition> additions = {
      {"organisation",
       [](Directory& d, bool different) {
         v1::Organisation o;
         o.set_id("ccas-amilly");
         o.set_name(different ? "CCAS de la ville d'Amilly" : "CCAS d'Amilly");
         o.set_type(v1::ORGANISATION_TYPE_CCAS);
         o.add_territory_ids("ame");
         return d.AddOrganisation(o).status();
       }},
      {"user",
       [](Directory& d, bool different) {
         v1::User u = User("ame-nouvelle");
         if (different) u.set_email("odile.nouvelle@agglo-montargoise.fr");
         return d.AddUser(u).status();
       }},
      {"role assignment",
       [](Directory& d, bool different) {
         return d.AssignRole(Assignment("ame-admin", "dpo", "2026-01-01",
                                        different ? "2026-12-31" : ""))
             .status();
       }},
      {"group member",
       [](Directory& d, bool different) {
         v1::GroupMember m;
         m.set_territory_id("ame");
         m.set_group_id("ame-go");
         m.set_user_id("ame-admin");
         m.set_since(different ? "2026-11-02" : "2026-11-01");
         return d.AddGroupMember(m).status();
       }},
      {"signature",
       [](Directory& d, bool different) {
         v1::Signature s;
         s.set_territory_id("ame");
         s.set_user_id("ame-admin");
         s.set_charte_version(1);
         s.set_signed_on(different ? "2026-11-02" : "2026-11-01");
         return d.RecordSignature(s, "ame-admin").status();
       }},
      {"exclusion",
       [](Directory& d, bool different) {
         v1::Exclusion e;
         e.set_territory_id("ame");
         e.set_group_id("ame-go");
         e.set_user_id("ame-bailleur");
         e.set_excluded_on("2026-11-20");
         e.set_reason(different ? v1::EXCLUSION_REASON_AUTRE
                                : v1::EXCLUSION_REASON_MANQUEMENT_CHARTE);
         return d.RecordExclusion(e, "ame-admin").status();
       }},
  };
  for (const Addition& addition : additions) {
    SCOPED_TRACE(addition.name);
    const uint64_t writes = Writes();
    ASSERT_OK(addition.add(*directory_, false));
    EXPECT_EQ(Writes(), writes + 1);
    const auto after_first = state();
    EXPECT_OK(addition.add(*directory_, false));
    EXPECT_THAT(addition.add(*directory_, true), StatusIs(absl::StatusCode::kAlreadyExists));
    EXPECT_EQ(Writes(), writes + 1);
    ExpectSameState(*after_first, *state());
  }
}

TEST_F(DirectoryTest, AssigningTheSameRoleAgainReturnsTheRecordedAssignment) {
  LoadAme();
  ASSERT_OK_AND_ASSIGN(v1::RoleAssignment first,
                       directory_->AssignRole(Assignment("ame-admin", "dpo", "2026-01-01")));
  ASSERT_OK_AND_ASSIGN(v1::RoleAssignment again,
                       directory_->AssignRole(Assignment("ame-admin", "dpo", "2026-01-01")));
  EXPECT_EQ(again.id(), first.id());
  EXPECT_THAT(state()->AssignmentsIn("ame", "ame-admin"), SizeIs(2));  // admin and dpo
}

TEST_F(DirectoryTest, AnAssignmentWithItsIdAlreadySetIsInvalidArgument) {
  LoadAme();
  v1::RoleAssignment a = Assignment("ame-admin", "dpo", "2026-01-01");
  a.set_id("choisi-par-le-client");
  EXPECT_THAT(directory_->AssignRole(a),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("assignment.id")));
  EXPECT_THAT(state()->AssignmentsIn("ame", "ame-admin"), SizeIs(1));
}

TEST_F(DirectoryTest, ConcurrentAdditionsOfDistinctUsersAllLand) {
  LoadAme();
  const uint64_t writes = Writes();
  for (const absl::Status& result : RunConcurrently(kThreads, [&](int i) {
         return directory_->AddUser(User(absl::StrCat("ame-concurrent-", i))).status();
       })) {
    EXPECT_OK(result);
  }
  EXPECT_EQ(Writes(), writes + kThreads);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_NE(state()->FindUser(absl::StrCat("ame-concurrent-", i)), nullptr) << i;
  }
}

TEST_F(DirectoryTest, ConcurrentAdditionsOfOneUserWriteItOnce) {
  LoadAme();
  const uint64_t writes = Writes();
  const size_t users = state()->users.size();
  for (const absl::Status& result : RunConcurrently(kThreads, [&](int) {
         return directory_->AddUser(User("ame-unique")).status();
       })) {
    EXPECT_OK(result);
  }
  EXPECT_EQ(Writes(), writes + 1);
  EXPECT_EQ(state()->users.size(), users + 1);
}

TEST_F(DirectoryTest, ANameThatIsNotStrictUtf8IsRefusedAndTheDirectoryStillOpens) {
  LoadAme();
  // U+D800, a surrogate: protobuf refuses it when parsing a string field.
  v1::User user = User("ame-mal-encode");
  user.set_display_name("Mme \xED\xA0\x80 Nouvelle");
  EXPECT_THAT(directory_->AddUser(user), StatusIs(absl::StatusCode::kInvalidArgument,
                                                  HasSubstr("user.display_name")));
  Close();
  EXPECT_OK(TryOpen()) << "a record that cannot be read back makes the server unable to start";
}

}  // namespace
}  // namespace suivi::directory
