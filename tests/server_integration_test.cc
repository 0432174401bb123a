// A real suivid (in this process) on 127.0.0.1:0 over mTLS, called through
// the real client library with real certificates: who gets in, who is
// refused and with which message, directory round trips, restarts.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/suivi_client.h"
#include "core/common/status_matchers.h"
#include "core/pki/certificate_authority.h"
#include "core/pki/csr.h"
#include "core/pki/private_key.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_server.h"

namespace suivi {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::suivi::testing::TestServer;
using ::suivi::testing::WriteClientConfig;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kAdmin[] = "ame-admin";
constexpr char kCpip[] = "ame-cpip";

std::unique_ptr<TestServer> StartServer(bool sync = false) {
  absl::StatusOr<std::unique_ptr<TestServer>> server = TestServer::Start(sync);
  EXPECT_THAT(server.status(), IsOk());
  return server.ok() ? *std::move(server) : nullptr;
}

// A certificate and key for `name` from `ca`, valid from `not_before` to
// `not_after`.
std::pair<std::string, std::string> Issue(const pki::CertificateAuthority& ca,
                                          const std::string& name,
                                          absl::Time not_before = absl::InfinitePast(),
                                          absl::Time not_after = absl::InfiniteFuture()) {
  pki::IssueOptions options;
  options.common_name = name;
  options.not_before = not_before;
  options.not_after = not_after;
  auto issued = ca.IssueWithNewKey(options);
  EXPECT_THAT(issued.status(), IsOk());
  return {issued->second.ToPem(), issued->first.ToPem()};
}

std::unique_ptr<client::SuiviClient> Connect(const client::ClientConfig& config) {
  auto c = client::SuiviClient::Connect(config);
  EXPECT_THAT(c.status(), IsOk());
  return *std::move(c);
}

std::string CaPem(const TestServer& server) {
  return ReadFileBytes(server.pki_dir() / "ca.pem");
}

TEST(Server, AnEnrolledUserIsKnownByTheirCertificate) {
  auto server = StartServer();
  auto cpip = server->ClientFor(kCpip);
  EXPECT_THAT(cpip->Health(), testing::IsOkAndHolds(client::ServingStatus::kServing));
  ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse me, cpip->WhoAmI());
  EXPECT_EQ(me.user().id(), kCpip);
  EXPECT_EQ(me.organisation().type(), v1::ORGANISATION_TYPE_SPIP);
  ASSERT_THAT(me.role_assignments(), SizeIs(1));
  EXPECT_EQ(me.role_assignments(0).role_id(), "cpip");
  EXPECT_THAT(me.certificate_fingerprint(), SizeIs(64));
}

TEST(Server, ANonAdminReadsTheCataloguesButNotTheDirectory) {
  auto server = StartServer();
  auto cpip = server->ClientFor(kCpip);
  EXPECT_OK(cpip->ListTerritories({}).status());
  EXPECT_OK(cpip->ListRoles({}).status());
  v1::ListUsersRequest users;
  users.set_territory_id("ame");
  // Visible (a territory), so the charte says why.
  EXPECT_THAT(cpip->ListUsers(users),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("« annuaire-administrateur » demande")));
  v1::EnrolCertificateRequest enrol;
  enrol.set_user_id(kCpip);
  enrol.set_csr_pem("x");
  EXPECT_THAT(cpip->EnrolCertificate(enrol), StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(Server, AnAdminActsOnlyInTheirOwnTerritory) {
  auto server = StartServer();
  auto admin = server->ClientFor(kAdmin);
  v1::ListUsersRequest own;
  own.set_territory_id("ame");
  ASSERT_OK_AND_ASSIGN(v1::ListUsersResponse users, admin->ListUsers(own));
  EXPECT_GT(users.users_size(), 20);
  v1::ListUsersRequest other;
  other.set_territory_id("grand-belfort");
  EXPECT_THAT(admin->ListUsers(other), StatusIs(absl::StatusCode::kPermissionDenied));
  v1::GetUserRequest belfort_user;
  belfort_user.set_user_id("gb-gendarme");
  EXPECT_THAT(admin->GetUser(belfort_user), StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(Server, ACertificateFromAForeignCaIsRefusedAtTheHandshake) {
  auto server = StartServer();
  ASSERT_OK_AND_ASSIGN(auto foreign, pki::CertificateAuthority::Create("Autre autorité"));
  auto [cert, key] = Issue(*foreign, kCpip);
  auto config = WriteClientConfig(server->root() / "etranger", server->address(), cert, key,
                                  CaPem(*server));
  EXPECT_THAT(Connect(config)->WhoAmI(),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("certificat non reconnu par le serveur")));
}

TEST(Server, AnExpiredCertificateIsRefusedAtTheHandshake) {
  auto server = StartServer();
  ASSERT_OK_AND_ASSIGN(auto ca, server->DevCa());
  const absl::Time now = absl::Now();
  auto [cert, key] = Issue(*ca, kCpip, now - absl::Hours(48), now - absl::Hours(24));
  auto config = WriteClientConfig(server->root() / "expire", server->address(), cert, key,
                                  CaPem(*server));
  EXPECT_THAT(Connect(config)->WhoAmI(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("a expiré")));
}

TEST(Server, NoCertificateIsRefusedAtTheHandshake) {
  auto server = StartServer();
  client::ClientConfig config = server->ConfigFor(kCpip);
  config.certificate_path.clear();
  config.key_path.clear();
  EXPECT_THAT(Connect(config)->WhoAmI(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("aucun certificat client")));
}

TEST(Server, AValidButUnenrolledCertificateIsUnauthenticated) {
  auto server = StartServer();
  ASSERT_OK_AND_ASSIGN(auto ca, server->DevCa());
  auto [cert, key] = Issue(*ca, kCpip);
  auto config = WriteClientConfig(server->root() / "inconnu", server->address(), cert, key,
                                  CaPem(*server));
  EXPECT_THAT(Connect(config)->WhoAmI(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("non enrôlé")));
}

TEST(Server, AnAdminEnrolsACsrAndTheNewCertificateWorks) {
  auto server = StartServer();
  auto admin = server->ClientFor(kAdmin);
  ASSERT_OK_AND_ASSIGN(pki::PrivateKey key, pki::PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string csr, pki::MakeCsrPem(key, "ignored-name"));
  v1::EnrolCertificateRequest enrol;
  enrol.set_user_id(kCpip);
  enrol.set_csr_pem(csr);
  ASSERT_OK_AND_ASSIGN(v1::EnrolCertificateResponse enrolled, admin->EnrolCertificate(enrol));
  EXPECT_TRUE(enrolled.certificate().issued_by_server());
  EXPECT_EQ(enrolled.certificate().common_name(), kCpip);
  EXPECT_EQ(enrolled.certificate().enrolled_by(), kAdmin);
  auto config = WriteClientConfig(server->root() / "nouveau", server->address(),
                                  enrolled.certificate_pem(), key.ToPem(), enrolled.ca_pem());
  ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse me, Connect(config)->WhoAmI());
  EXPECT_EQ(me.user().id(), kCpip);
  EXPECT_EQ(me.certificate_fingerprint(), enrolled.certificate().fingerprint());
}

TEST(Server, ACertificateIssuedElsewhereCanBeRecordedIfTrusted) {
  auto server = StartServer();
  auto admin = server->ClientFor(kAdmin);
  ASSERT_OK_AND_ASSIGN(auto ca, server->DevCa());
  auto [cert, key] = Issue(*ca, "cpip-poste-2");
  v1::EnrolCertificateRequest enrol;
  enrol.set_user_id(kCpip);
  enrol.set_certificate_pem(cert);
  ASSERT_OK_AND_ASSIGN(v1::EnrolCertificateResponse enrolled, admin->EnrolCertificate(enrol));
  EXPECT_FALSE(enrolled.certificate().issued_by_server());
  auto config = WriteClientConfig(server->root() / "ailleurs", server->address(), cert, key,
                                  CaPem(*server));
  EXPECT_THAT(Connect(config)->WhoAmI(), IsOk());

  ASSERT_OK_AND_ASSIGN(auto foreign, pki::CertificateAuthority::Create("Autre autorité"));
  enrol.set_certificate_pem(Issue(*foreign, "x").first);
  EXPECT_THAT(admin->EnrolCertificate(enrol),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("autorité reconnue")));
}

TEST(Server, RevocationTakesEffectOnTheNextCallOfAnOpenConnection) {
  auto server = StartServer();
  auto admin = server->ClientFor(kAdmin);
  auto cpip = server->ClientFor(kCpip);
  ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse me, cpip->WhoAmI());
  v1::RevokeCertificateRequest revoke;
  revoke.set_fingerprint(me.certificate_fingerprint());
  revoke.set_reason(v1::REVOCATION_REASON_CLE_COMPROMISE);
  ASSERT_OK_AND_ASSIGN(v1::EnrolledCertificate revoked, admin->RevokeCertificate(revoke));
  EXPECT_FALSE(revoked.revoked_at().empty());
  EXPECT_THAT(cpip->WhoAmI(), StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("révoqué")));
  // Still revoked after a restart.
  ASSERT_THAT(server->Restart(), IsOk());
  EXPECT_THAT(server->ClientFor(kCpip)->WhoAmI(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("révoqué")));
}

TEST(Server, RefusesAStoreWhoseKeysLiveInsideTheData) {
  TempDir dir("suivi-test-keys-inside");
  server::ServerOptions options;
  options.data_dir = (dir.path() / "donnees").string();
  options.key_dir = (dir.path() / "donnees" / "cles").string();
  options.dev = true;
  options.pki_dir = (dir.path() / "pki").string();
  options.listen = "127.0.0.1:0";
  EXPECT_THAT(server::Server::Start(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--key_dir")));
}

}  // namespace
}  // namespace suivi
