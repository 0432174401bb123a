#include "client/suivi_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "client/address.h"
#include "client/grpc_errors.h"
#include "core/common/status_macros.h"
#include "suivi/v1/admin.grpc.pb.h"
#include "suivi/v1/directory.grpc.pb.h"
#include "suivi/v1/persons.grpc.pb.h"
#include "suivi/v1/session.grpc.pb.h"

namespace suivi::client {
namespace {

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// A call of a generated stub's blocking `method`, in the shape
// SuiviClient::Call runs.
template <typename Stub, typename Request, typename Response>
auto Invoker(Stub* stub,
             grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                          Response*),
             const Request& request) {
  return [stub, method, &request](grpc::ClientContext* context,
                                  Response* response) {
    return (stub->*method)(context, request, response);
  };
}

}  // namespace

// The channel and one stub per service. The health check has no generated
// stub (health_codec.h says why): it goes through a generic stub.
class SuiviClient::Channel {
 public:
  explicit Channel(const std::shared_ptr<grpc::Channel>& channel)
      : channel_(channel),
        directory_(v1::Directory::NewStub(channel)),
        admin_(v1::Admin::NewStub(channel)),
        session_(v1::Session::NewStub(channel)),
        persons_(v1::Persons::NewStub(channel)),
        generic_(channel) {}

  bool Connected() const {
    return channel_->GetState(/*try_to_connect=*/false) == GRPC_CHANNEL_READY;
  }
  v1::Directory::Stub* directory() const { return directory_.get(); }
  v1::Admin::Stub* admin() const { return admin_.get(); }
  v1::Session::Stub* session() const { return session_.get(); }
  v1::Persons::Stub* persons() const { return persons_.get(); }

  // A blocking Health/Check for the whole server.
  grpc::Status CheckHealth(grpc::ClientContext* context,
                           grpc::ByteBuffer* response) {
    const std::string bytes = EncodeHealthCheckRequest("");
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::Status status;
    absl::Notification done;
    generic_.UnaryCall(context, kHealthCheckMethod, grpc::StubOptions(),
                       &request, response, [&](grpc::Status s) {
                         status = std::move(s);
                         done.Notify();
                       });
    done.WaitForNotification();
    return status;
  }

 private:
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::Directory::Stub> directory_;
  const std::unique_ptr<v1::Admin::Stub> admin_;
  const std::unique_ptr<v1::Session::Stub> session_;
  const std::unique_ptr<v1::Persons::Stub> persons_;
  grpc::GenericStub generic_;
};

absl::StatusOr<std::unique_ptr<SuiviClient>> SuiviClient::Connect(
    const ClientConfig& config) {
  return Connect(config, DiagnosisOptions());
}

absl::StatusOr<std::unique_ptr<SuiviClient>> SuiviClient::Connect(
    const ClientConfig& config, const DiagnosisOptions& diagnosis) {
  RETURN_IF_ERROR(ParseHostPort(config.server).status());
  ASSIGN_OR_RETURN(TlsMaterial material, ReadTlsMaterial(config));
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = material.ca_pem;
  ssl.pem_private_key = material.key_pem;
  ssl.pem_cert_chain = material.certificate_pem;
  auto channel = std::make_unique<Channel>(
      grpc::CreateChannel(config.server, grpc::SslCredentials(ssl)));
  return std::unique_ptr<SuiviClient>(new SuiviClient(
      config, std::move(material), diagnosis, std::move(channel)));
}

SuiviClient::SuiviClient(ClientConfig config, TlsMaterial material,
                         DiagnosisOptions diagnosis,
                         std::unique_ptr<Channel> channel)
    : config_(std::move(config)),
      material_(std::move(material)),
      diagnosis_(diagnosis),
      channel_(std::move(channel)) {}

SuiviClient::~SuiviClient() = default;

absl::Status SuiviClient::Diagnose(absl::string_view transport_message) const {
  return DiagnoseConnectionFailure(config_.server, material_, transport_message,
                                   diagnosis_);
}

template <typename Response, typename Invoke>
absl::StatusOr<Response> SuiviClient::Call(
    const std::optional<Finalite>& finalite, Invoke invoke) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + config_.deadline));
  if (finalite.has_value()) {
    context.AddMetadata(kFinaliteHeader, std::string(FinaliteId(*finalite)));
  }
  Response response;
  const grpc::Status status = invoke(&context, &response);
  if (status.ok()) return response;
  CallFailure failure;
  failure.deadline = config_.deadline;
  failure.connected = channel_->Connected();
  return TranslateGrpcStatus(
      status, failure,
      [this](absl::string_view message) { return Diagnose(message); });
}

// The health check is exempt from declaring a purpose.
absl::StatusOr<ServingStatus> SuiviClient::Health() {
  ASSIGN_OR_RETURN(
      grpc::ByteBuffer reply,
      Call<grpc::ByteBuffer>(std::nullopt, [this](grpc::ClientContext* context,
                                                  grpc::ByteBuffer* response) {
        return channel_->CheckHealth(context, response);
      }));
  return DecodeHealthCheckResponse(ToString(reply));
}

absl::StatusOr<v1::WhoAmIResponse> SuiviClient::WhoAmI(
    const v1::WhoAmIRequest& request) {
  return Call<v1::WhoAmIResponse>(
      Invoker(channel_->session(), &v1::Session::Stub::WhoAmI, request));
}

// ------------------------------------------------------------- directory

absl::StatusOr<v1::ListTerritoriesResponse> SuiviClient::ListTerritories(
    const v1::ListTerritoriesRequest& request) {
  return Call<v1::ListTerritoriesResponse>(Invoker(
      channel_->directory(), &v1::Directory::Stub::ListTerritories, request));
}

absl::StatusOr<v1::Territory> SuiviClient::GetTerritory(
    const v1::GetTerritoryRequest& request) {
  return Call<v1::Territory>(Invoker(
      channel_->directory(), &v1::Directory::Stub::GetTerritory, request));
}

absl::StatusOr<v1::RoleCatalogue> SuiviClient::ListRoles(
    const v1::ListRolesRequest& request) {
  return Call<v1::RoleCatalogue>(
      Invoker(channel_->directory(), &v1::Directory::Stub::ListRoles, request));
}

absl::StatusOr<v1::ListOrganisationsResponse> SuiviClient::ListOrganisations(
    const v1::ListOrganisationsRequest& request) {
  return Call<v1::ListOrganisationsResponse>(Invoker(
      channel_->directory(), &v1::Directory::Stub::ListOrganisations, request));
}

absl::StatusOr<v1::Organisation> SuiviClient::AddOrganisation(
    const v1::AddOrganisationRequest& request) {
  return Call<v1::Organisation>(Invoker(
      channel_->directory(), &v1::Directory::Stub::AddOrganisation, request));
}

absl::StatusOr<v1::ListUsersResponse> SuiviClient::ListUsers(
    const v1::ListUsersRequest& request) {
  return Call<v1::ListUsersResponse>(
      Invoker(channel_->directory(), &v1::Directory::Stub::ListUsers, request));
}

absl::StatusOr<v1::UserRecord> SuiviClient::GetUser(
    const v1::GetUserRequest& request) {
  return Call<v1::UserRecord>(
      Invoker(channel_->directory(), &v1::Directory::Stub::GetUser, request));
}

absl::StatusOr<v1::User> SuiviClient::AddUser(
    const v1::AddUserRequest& request) {
  return Call<v1::User>(
      Invoker(channel_->directory(), &v1::Directory::Stub::AddUser, request));
}

absl::StatusOr<v1::RoleAssignment> SuiviClient::AssignRole(
    const v1::AssignRoleRequest& request) {
  return Call<v1::RoleAssignment>(Invoker(
      channel_->directory(), &v1::Directory::Stub::AssignRole, request));
}

absl::StatusOr<v1::RoleAssignment> SuiviClient::EndRoleAssignment(
    const v1::EndRoleAssignmentRequest& request) {
  return Call<v1::RoleAssignment>(Invoker(
      channel_->directory(), &v1::Directory::Stub::EndRoleAssignment, request));
}

absl::StatusOr<v1::ListRoleAssignmentsResponse>
SuiviClient::ListRoleAssignments(
    const v1::ListRoleAssignmentsRequest& request) {
  return Call<v1::ListRoleAssignmentsResponse>(
      Invoker(channel_->directory(), &v1::Directory::Stub::ListRoleAssignments,
              request));
}

absl::StatusOr<v1::ListCharteVersionsResponse> SuiviClient::ListCharteVersions(
    const v1::ListCharteVersionsRequest& request) {
  return Call<v1::ListCharteVersionsResponse>(
      Invoker(channel_->directory(), &v1::Directory::Stub::ListCharteVersions,
              request));
}

absl::StatusOr<v1::ListGroupsResponse> SuiviClient::ListGroups(
    const v1::ListGroupsRequest& request) {
  return Call<v1::ListGroupsResponse>(Invoker(
      channel_->directory(), &v1::Directory::Stub::ListGroups, request));
}

absl::StatusOr<v1::GroupRecord> SuiviClient::GetGroup(
    const v1::GetGroupRequest& request) {
  return Call<v1::GroupRecord>(
      Invoker(channel_->directory(), &v1::Directory::Stub::GetGroup, request));
}

absl::StatusOr<v1::GroupMember> SuiviClient::AddGroupMember(
    const v1::AddGroupMemberRequest& request) {
  return Call<v1::GroupMember>(Invoker(
      channel_->directory(), &v1::Directory::Stub::AddGroupMember, request));
}

absl::StatusOr<v1::Signature> SuiviClient::RecordSignature(
    const v1::RecordSignatureRequest& request) {
  return Call<v1::Signature>(Invoker(
      channel_->directory(), &v1::Directory::Stub::RecordSignature, request));
}

absl::StatusOr<v1::Exclusion> SuiviClient::RecordExclusion(
    const v1::RecordExclusionRequest& request) {
  return Call<v1::Exclusion>(Invoker(
      channel_->directory(), &v1::Directory::Stub::RecordExclusion, request));
}

// ----------------------------------------------------------------- admin

absl::StatusOr<v1::EnrolCertificateResponse> SuiviClient::EnrolCertificate(
    const v1::EnrolCertificateRequest& request) {
  return Call<v1::EnrolCertificateResponse>(
      Invoker(channel_->admin(), &v1::Admin::Stub::EnrolCertificate, request));
}

absl::StatusOr<v1::EnrolledCertificate> SuiviClient::RevokeCertificate(
    const v1::RevokeCertificateRequest& request) {
  return Call<v1::EnrolledCertificate>(
      Invoker(channel_->admin(), &v1::Admin::Stub::RevokeCertificate, request));
}

absl::StatusOr<v1::CharteStatus> SuiviClient::ReloadCharte(
    const v1::ReloadCharteRequest& request) {
  return Call<v1::CharteStatus>(
      Invoker(channel_->admin(), &v1::Admin::Stub::ReloadCharte, request));
}

absl::StatusOr<v1::ListCertificatesResponse> SuiviClient::ListCertificates(
    const v1::ListCertificatesRequest& request) {
  return Call<v1::ListCertificatesResponse>(
      Invoker(channel_->admin(), &v1::Admin::Stub::ListCertificates, request));
}

// --------------------------------------------------------------- persons

absl::StatusOr<v1::CreatePersonResponse> SuiviClient::CreatePerson(
    const v1::CreatePersonRequest& request) {
  return Call<v1::CreatePersonResponse>(
      Invoker(channel_->persons(), &v1::Persons::Stub::CreatePerson, request));
}

absl::StatusOr<v1::Person> SuiviClient::GetPerson(
    const v1::GetPersonRequest& request) {
  return Call<v1::Person>(
      Invoker(channel_->persons(), &v1::Persons::Stub::GetPerson, request));
}

absl::StatusOr<v1::SearchPersonsResponse> SuiviClient::SearchPersons(
    const v1::SearchPersonsRequest& request) {
  return Call<v1::SearchPersonsResponse>(
      Invoker(channel_->persons(), &v1::Persons::Stub::SearchPersons, request));
}

absl::StatusOr<v1::Person> SuiviClient::RectifyPerson(
    const v1::RectifyPersonRequest& request) {
  return Call<v1::Person>(
      Invoker(channel_->persons(), &v1::Persons::Stub::RectifyPerson, request));
}

absl::StatusOr<v1::Person> SuiviClient::LinkRepresentative(
    const v1::LinkRepresentativeRequest& request) {
  return Call<v1::Person>(Invoker(
      channel_->persons(), &v1::Persons::Stub::LinkRepresentative, request));
}

absl::StatusOr<v1::GetPersonHistoryResponse> SuiviClient::GetPersonHistory(
    const v1::GetPersonHistoryRequest& request) {
  return Call<v1::GetPersonHistoryResponse>(Invoker(
      channel_->persons(), &v1::Persons::Stub::GetPersonHistory, request));
}

}  // namespace suivi::client
