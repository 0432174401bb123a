// Tests of Directory::Authenticate and certificate enrolment and
// revocation (services/directory/directory.h): who a certificate names,
// the roles in force on the FakeClock's day.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/common/day.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/common/caller.h"
#include "services/directory/directory.h"
#include "services/directory/directory_test_fixture.h"

namespace suivi::directory {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

// "role@territory" or "role@territory/commune", for readable expectations.
std::vector<std::string> RolesOf(const services::Caller& caller) {
  std::vector<std::string> roles;
  for (const services::ActiveRole& r : caller.roles) {
    roles.push_back(absl::StrCat(r.role_id, "@", r.territory_id,
                                 r.commune_id.empty() ? "" : "/", r.commune_id));
  }
  return roles;
}

TEST_F(DirectoryTest, AnUnknownCertificateIsUnauthenticatedAsNotEnrolled) {
  LoadAme();
  EXPECT_THAT(directory_->Authenticate(kFingerprint),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("non enrôlé")));
}

TEST_F(DirectoryTest, AnEnrolledCallerHoldsTheRolesInForceToday) {
  LoadAme();
  Enrol(kFingerprint, "ame-adjoint-chalette");
  ASSERT_OK_AND_ASSIGN(services::Caller caller, directory_->Authenticate(kFingerprint));
  EXPECT_EQ(caller.user_id, "ame-adjoint-chalette");
  EXPECT_EQ(caller.organisation_id, "mairie-chalette-sur-loing");
  EXPECT_EQ(caller.certificate_fingerprint, kFingerprint);
  EXPECT_THAT(RolesOf(caller), UnorderedElementsAre("adjoint_delegue@ame/chalette-sur-loing"));
}

TEST_F(DirectoryTest, ARevokedCertificateIsRefusedAtOnceAndKeepsItsFirstRevocation) {
  LoadAme();
  Enrol(kFingerprint, "ame-admin");
  ASSERT_OK(directory_->Authenticate(kFingerprint).status());

  ASSERT_OK_AND_ASSIGN(
      v1::EnrolledCertificate revoked,
      directory_->RevokeCertificate(kFingerprint, v1::REVOCATION_REASON_CLE_COMPROMISE,
                                    "ame-admin"));
  EXPECT_EQ(revoked.revoked_at(), "2026-11-24T11:00:00Z");
  EXPECT_EQ(revoked.revoked_by(), "ame-admin");
  EXPECT_EQ(revoked.revocation_reason(), v1::REVOCATION_REASON_CLE_COMPROMISE);
  EXPECT_THAT(directory_->Authenticate(kFingerprint),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("révoqué")));

  clock_.Advance(absl::Hours(3));
  const uint64_t writes = Writes();
  ASSERT_OK_AND_ASSIGN(
      v1::EnrolledCertificate again,
      directory_->RevokeCertificate(kFingerprint, v1::REVOCATION_REASON_AUTRE, "ame-dpo"));
  EXPECT_TRUE(MessageDifferencer::Equals(again, revoked)) << again.ShortDebugString();
  EXPECT_EQ(Writes(), writes);
  // A revoked certificate cannot be enrolled again.
  EXPECT_THAT(directory_->RecordCertificate(Certificate(kFingerprint, "ame-admin")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(directory_->RevokeCertificate(kOtherFingerprint, v1::REVOCATION_REASON_AUTRE,
                                            "ame-admin"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(DirectoryTest, EnrolmentIsForAKnownUserAndOneUserPerCertificate) {
  LoadAme();
  EXPECT_THAT(directory_->RecordCertificate(Certificate(kFingerprint, "inconnu")),
              StatusIs(absl::StatusCode::kNotFound));
  Enrol(kFingerprint, "ame-admin");
  EXPECT_OK(directory_->RecordCertificate(Certificate(kFingerprint, "ame-admin")).status())
      << "a retry of the same enrolment";
  EXPECT_THAT(directory_->RecordCertificate(Certificate(kFingerprint, "ame-dpo")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(state()->CertificatesOf("ame-admin"), SizeIs(1));
  EXPECT_THAT(state()->CertificatesOf("ame-dpo"), IsEmpty());
}

TEST_F(DirectoryTest, RolesInForceFollowTheClock) {
  LoadAme();
  Enrol(kFingerprint, "ame-admin");
  ASSERT_OK(directory_->AssignRole(Assignment("ame-admin", "dpo", "2026-11-25")).status());
  ASSERT_OK(directory_->AssignRole(Assignment("ame-admin", "coordonnateur", "2024-01-01",
                                              "2026-11-23")).status());
  ASSERT_OK(directory_->AssignRole(Assignment("ame-admin", "president_epci", "2024-01-01",
                                              "2026-11-24")).status());
  auto roles_today = [&] {
    absl::StatusOr<services::Caller> caller = directory_->Authenticate(kFingerprint);
    EXPECT_OK(caller.status());
    return caller.ok() ? RolesOf(*caller) : std::vector<std::string>{};
  };
  EXPECT_THAT(roles_today(), UnorderedElementsAre("admin@ame", "president_epci@ame"));
  clock_.Advance(absl::Hours(24));
  EXPECT_THAT(roles_today(), UnorderedElementsAre("admin@ame", "dpo@ame"));
}

TEST_F(DirectoryTest, TodayIsTheDayInParis) {
  LoadAme();
  Enrol(kFingerprint, "ame-admin");
  ASSERT_OK(directory_->AssignRole(Assignment("ame-admin", "dpo", "2026-11-24")).status());
  // 00:30 in Paris is still 23 November in UTC.
  clock_.Set(ParisTime(2026, 11, 24, 0, 30));
  EXPECT_THAT(ParseDayNumber("2026-11-24"), IsOkAndHolds(directory_->Today()));
  ASSERT_OK_AND_ASSIGN(services::Caller caller, directory_->Authenticate(kFingerprint));
  EXPECT_THAT(RolesOf(caller), UnorderedElementsAre("admin@ame", "dpo@ame"));
  clock_.Set(ParisTime(2026, 11, 23, 23, 59));
  ASSERT_OK_AND_ASSIGN(caller, directory_->Authenticate(kFingerprint));
  EXPECT_THAT(RolesOf(caller), UnorderedElementsAre("admin@ame"));
}

}  // namespace
}  // namespace suivi::directory
