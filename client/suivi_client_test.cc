// Tests of client/suivi_client.h against a real gRPC server with mutual
// TLS on 127.0.0.1 that serves only the standard health service: the
// health check works, and each failure to connect reaches the caller as
// its French diagnosis. Then against a server that records what each call
// carries: the declared purpose (finalité). (The services themselves are
// tested against suivid by the integration tests.)

#include "client/suivi_client.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/testing/mtls_test_server.h"
#include "client/testing/recording_server.h"
#include "client/testing/test_pki.h"
#include "client/testing/tls_test_server.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "suivi/v1/directory.grpc.pb.h"
#include "suivi/v1/session.grpc.pb.h"

namespace suivi::client {
namespace {

using ::suivi::client::testing::ClosedPort;
using ::suivi::client::testing::KeyPair;
using ::suivi::client::testing::MtlsTestServer;
using ::suivi::client::testing::RecordedCall;
using ::suivi::client::testing::RecordingServer;
using ::suivi::client::testing::TestPki;
using ::suivi::client::testing::WriteConfigDir;
using ::suivi::client::testing::WriteTestFile;
using ::suivi::testing::IsOk;
using ::suivi::testing::IsOkAndHolds;
using ::suivi::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

constexpr absl::Duration kDay = absl::Hours(24);

// WhoAmI answers with the caller's certificate common name as user id.
class FakeSession final : public v1::Session::CallbackService {
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* /*request*/,
                                   v1::WhoAmIResponse* response) override {
    for (const auto& cn : context->auth_context()->FindPropertyValues(
             GRPC_X509_CN_PROPERTY_NAME)) {
      response->mutable_user()->set_id(std::string(cn.data(), cn.size()));
    }
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// ListTerritories refuses the caller as a revoked certificate; the other
// methods are not implemented.
class RevokingDirectory final : public v1::Directory::CallbackService {
  grpc::ServerUnaryReactor* ListTerritories(
      grpc::CallbackServerContext* context,
      const v1::ListTerritoriesRequest* /*request*/,
      v1::ListTerritoriesResponse* /*response*/) override {
    auto* reactor = context->DefaultReactor();
    reactor->Finish(
        grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "certificat révoqué"));
    return reactor;
  }
};

// A gRPC server requiring client certificates of `pki`, with the default
// health service and the two fakes above.
class HealthServer {
 public:
  explicit HealthServer(const TestPki& pki)
      : server_(pki, /*health=*/true,
                [this](grpc::ServerBuilder& builder) {
                  builder.RegisterService(&session_);
                  builder.RegisterService(&directory_);
                },
                "gRPC server") {}

  std::string address() const { return server_.address(); }

 private:
  FakeSession session_;
  RevokingDirectory directory_;
  MtlsTestServer server_;  // after the services: stops before they go
};

class SuiviClientTest : public ::testing::Test {
 protected:
  // A client configured with `client` and `ca_pem` for `server`.
  absl::StatusOr<std::unique_ptr<SuiviClient>> ClientFor(
      const std::string& server, const KeyPair& client,
      const std::string& ca_pem) {
    config_ = WriteConfigDir(temp_.path() / "config", server, client, ca_pem);
    config_.deadline = absl::Seconds(5);
    return SuiviClient::Connect(config_);
  }

  TestPki pki_;
  HealthServer server_{pki_};
  TempDir temp_;
  ClientConfig config_;
};

TEST_F(SuiviClientTest, EnrolledClientSeesTheServerServing) {
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(), pki_.Client("agent-1"), pki_.CaPem()));
  EXPECT_THAT(client->Health(), IsOkAndHolds(ServingStatus::kServing));
}

TEST_F(SuiviClientTest, CallReachesTheServerWithTheCertificate) {
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(), pki_.Client("agent-1"), pki_.CaPem()));
  ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse me, client->WhoAmI());
  EXPECT_EQ(me.user().id(), "agent-1");
}

TEST_F(SuiviClientTest, ServerRefusalIsPassedOn) {
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(), pki_.Client("agent-1"), pki_.CaPem()));
  EXPECT_THAT(client->ListTerritories(),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "identification refusée par le serveur : certificat "
                       "révoqué"));
}

TEST_F(SuiviClientTest, MethodTheServerLacksIsUnknownOperation) {
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(), pki_.Client("agent-1"), pki_.CaPem()));
  EXPECT_THAT(client->ListCertificates({}),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("opération inconnue du serveur")));
}

TEST_F(SuiviClientTest, CertificateFromForeignCaIsExplained) {
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(), TestPki::Foreign("agent-1"), pki_.CaPem()));
  EXPECT_THAT(client->Health(),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("certificat non reconnu par le serveur "
                                 "(autorité de certification inconnue)")));
}

TEST_F(SuiviClientTest, NoCertificateIsExplained) {
  ClientConfig config = WriteConfigDir(temp_.path() / "c", server_.address(),
                                       pki_.Client("agent-1"), pki_.CaPem());
  config.certificate_path.clear();
  config.key_path.clear();
  ASSERT_OK_AND_ASSIGN(auto client, SuiviClient::Connect(config));
  EXPECT_THAT(client->Health(), StatusIs(absl::StatusCode::kUnauthenticated,
                                         HasSubstr("aucun certificat client")));
}

TEST_F(SuiviClientTest, ExpiredCertificateIsExplained) {
  const absl::Time now = absl::Now();
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(),
                pki_.Client("agent-1", now - 30 * kDay, now - kDay),
                pki_.CaPem()));
  EXPECT_THAT(client->Health(),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("votre certificat a expiré le")));
}

TEST_F(SuiviClientTest, ServerCertificateFromAnotherCaIsExplained) {
  std::string other_ca;
  TestPki::Foreign("unused", &other_ca);
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(server_.address(), pki_.Client("agent-1"), other_ca));
  EXPECT_THAT(
      client->Health(),
      StatusIs(absl::StatusCode::kUnavailable,
               HasSubstr("le certificat du serveur n'est pas reconnu")));
}

TEST_F(SuiviClientTest, NothingListeningIsUnreachable) {
  ClosedPort closed;
  ASSERT_OK_AND_ASSIGN(
      auto client,
      ClientFor(closed.address(), pki_.Client("agent-1"), pki_.CaPem()));
  EXPECT_THAT(client->GetTerritory({}),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("serveur injoignable à l'adresse " +
                                 closed.address())));
}

TEST_F(SuiviClientTest, KeyOfAnotherCertificateIsRefusedAtConnect) {
  KeyPair mixed = pki_.Client("agent-1");
  mixed.key_pem = pki_.Client("agent-2").key_pem;
  EXPECT_THAT(ClientFor(server_.address(), mixed, pki_.CaPem()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("cle.pem"),
                             HasSubstr("ne correspond pas au certificat"))));
}

TEST_F(SuiviClientTest, GarbledCertificateIsNamedAtConnect) {
  ClientConfig config = WriteConfigDir(temp_.path() / "c", server_.address(),
                                       pki_.Client("agent-1"), pki_.CaPem());
  WriteTestFile(config.certificate_path, "pas un certificat");
  EXPECT_THAT(SuiviClient::Connect(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("certificat.pem"),
                             HasSubstr("n'est pas un certificat"))));
}

// ------------------------------------------------------------- finalité

using ServiceCall = std::function<void(SuiviClient&)>;

// A call of `method` with an empty request; its outcome does not matter.
template <typename Request, typename Response>
ServiceCall CallOf(
    absl::StatusOr<Response> (SuiviClient::*method)(const Request&)) {
  return [method](SuiviClient& client) {
    (client.*method)(Request()).IgnoreError();
  };
}

// One call of every Session, Directory and Admin method of SuiviClient.
std::vector<ServiceCall> EveryServiceCall() {
  return {
      CallOf(&SuiviClient::WhoAmI),
      CallOf(&SuiviClient::ListTerritories),
      CallOf(&SuiviClient::GetTerritory),
      CallOf(&SuiviClient::ListRoles),
      CallOf(&SuiviClient::ListOrganisations),
      CallOf(&SuiviClient::AddOrganisation),
      CallOf(&SuiviClient::ListUsers),
      CallOf(&SuiviClient::GetUser),
      CallOf(&SuiviClient::AddUser),
      CallOf(&SuiviClient::AssignRole),
      CallOf(&SuiviClient::EndRoleAssignment),
      CallOf(&SuiviClient::ListRoleAssignments),
      CallOf(&SuiviClient::ListCharteVersions),
      CallOf(&SuiviClient::ListGroups),
      CallOf(&SuiviClient::GetGroup),
      CallOf(&SuiviClient::AddGroupMember),
      CallOf(&SuiviClient::RecordSignature),
      CallOf(&SuiviClient::RecordExclusion),
      CallOf(&SuiviClient::EnrolCertificate),
      CallOf(&SuiviClient::RevokeCertificate),
      CallOf(&SuiviClient::ListCertificates),
      CallOf(&SuiviClient::ReloadCharte),
  };
}

// "/suivi.v1.Directory/ListTerritories"… for every method of the three
// services, as the protos declare them.
std::vector<std::string> EveryServiceMethod() {
  std::vector<std::string> methods;
  for (const char* name :
       {"suivi.v1.Session", "suivi.v1.Directory", "suivi.v1.Admin"}) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) {
      ADD_FAILURE() << name << " is not linked in";
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(
          absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return methods;
}

class FinaliteTest : public ::testing::Test {
 protected:
  // A client of the recording server declaring `finalite`.
  std::unique_ptr<SuiviClient> ClientDeclaring(
      std::optional<Finalite> finalite) {
    ClientConfig config =
        WriteConfigDir(temp_.path() / "config", server_.address(),
                       pki_.Client("agent-1"), pki_.CaPem());
    config.deadline = absl::Seconds(5);
    config.finalite = finalite;
    absl::StatusOr<std::unique_ptr<SuiviClient>> client =
        SuiviClient::Connect(config);
    EXPECT_THAT(client, IsOk());
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::vector<std::string> RecordedMethods() const {
    std::vector<std::string> methods;
    for (const RecordedCall& call : server_.calls()) {
      methods.push_back(call.method);
    }
    return methods;
  }

  TestPki pki_;
  RecordingServer server_{pki_};
  TempDir temp_;
};

TEST_F(FinaliteTest, EveryServiceCallDeclaresTheConfiguredFinalite) {
  std::unique_ptr<SuiviClient> client = ClientDeclaring(Finalite::kStatistique);
  ASSERT_NE(client, nullptr);
  for (const ServiceCall& call : EveryServiceCall()) call(*client);
  EXPECT_THAT(RecordedMethods(),
              UnorderedElementsAreArray(EveryServiceMethod()));
  for (const RecordedCall& call : server_.calls()) {
    EXPECT_THAT(call.finalites, ElementsAre("statistique")) << call.method;
  }
}

TEST_F(FinaliteTest, WithoutAFinaliteCallsAreSentWithoutTheHeader) {
  std::unique_ptr<SuiviClient> client = ClientDeclaring(std::nullopt);
  ASSERT_NE(client, nullptr);
  for (const ServiceCall& call : EveryServiceCall()) call(*client);
  ASSERT_EQ(server_.calls().size(), EveryServiceMethod().size());
  for (const RecordedCall& call : server_.calls()) {
    EXPECT_THAT(call.finalites, IsEmpty()) << call.method;
  }
}

TEST_F(FinaliteTest, EachFinaliteIsSentAsItsId) {
  for (const Finalite finalite : AllFinalites()) {
    std::unique_ptr<SuiviClient> client = ClientDeclaring(finalite);
    ASSERT_NE(client, nullptr);
    client->WhoAmI().IgnoreError();
    ASSERT_FALSE(server_.calls().empty());
    EXPECT_THAT(server_.calls().back().finalites,
                ElementsAre(std::string(FinaliteId(finalite))));
  }
}

TEST_F(FinaliteTest, TheHealthCheckDeclaresNone) {
  std::unique_ptr<SuiviClient> client =
      ClientDeclaring(Finalite::kAdministration);
  ASSERT_NE(client, nullptr);
  client->Health().IgnoreError();
  EXPECT_THAT(server_.calls(),
              ElementsAre(AllOf(
                  Field(&RecordedCall::method, "/grpc.health.v1.Health/Check"),
                  Field(&RecordedCall::finalites, IsEmpty()))));
}

}  // namespace
}  // namespace suivi::client
