// Tests of client/grpc_errors.h: each gRPC code becomes a French message
// that passes on what the server said.

#include "client/grpc_errors.h"

#include <string>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::client {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// A diagnoser that records it was called and answers a marker status.
struct RecordingDiagnoser {
  int calls = 0;
  std::string message;
  ConnectionDiagnoser Get() {
    return [this](absl::string_view transport_message) {
      ++calls;
      message = std::string(transport_message);
      return absl::UnauthenticatedError("diagnostic");
    };
  }
};

struct CodeCase {
  grpc::StatusCode code;
  absl::StatusCode expected;
  const char* prefix;
};

TEST(TranslateGrpcStatus, EachCodeGetsAFrenchPrefixAndTheServerMessage) {
  const CodeCase cases[] = {
      {grpc::StatusCode::INVALID_ARGUMENT, absl::StatusCode::kInvalidArgument,
       "requête refusée : "},
      {grpc::StatusCode::NOT_FOUND, absl::StatusCode::kNotFound,
       "introuvable : "},
      {grpc::StatusCode::ALREADY_EXISTS, absl::StatusCode::kAlreadyExists,
       "existe déjà : "},
      {grpc::StatusCode::FAILED_PRECONDITION,
       absl::StatusCode::kFailedPrecondition, "opération impossible : "},
      {grpc::StatusCode::PERMISSION_DENIED, absl::StatusCode::kPermissionDenied,
       "action non autorisée : "},
      {grpc::StatusCode::UNAUTHENTICATED, absl::StatusCode::kUnauthenticated,
       "identification refusée par le serveur : "},
      {grpc::StatusCode::RESOURCE_EXHAUSTED,
       absl::StatusCode::kResourceExhausted, "serveur surchargé : "},
      {grpc::StatusCode::UNIMPLEMENTED, absl::StatusCode::kUnimplemented,
       "opération inconnue du serveur : "},
      {grpc::StatusCode::OUT_OF_RANGE, absl::StatusCode::kOutOfRange,
       "valeur hors limites : "},
      {grpc::StatusCode::ABORTED, absl::StatusCode::kAborted,
       "opération interrompue : "},
      {grpc::StatusCode::INTERNAL, absl::StatusCode::kInternal,
       "erreur du serveur : "},
      {grpc::StatusCode::DATA_LOSS, absl::StatusCode::kDataLoss,
       "erreur du serveur : "},
      {grpc::StatusCode::UNKNOWN, absl::StatusCode::kUnknown,
       "erreur du serveur : "},
  };
  for (const CodeCase& c : cases) {
    RecordingDiagnoser diagnoser;
    const absl::Status status = TranslateGrpcStatus(
        grpc::Status(c.code, "ce que dit le serveur"), {}, diagnoser.Get());
    EXPECT_THAT(status, StatusIs(c.expected, std::string(c.prefix) +
                                                 "ce que dit le serveur"))
        << c.prefix;
    EXPECT_EQ(diagnoser.calls, 0) << c.prefix;
  }
}

TEST(TranslateGrpcStatus, EmptyServerMessageGetsAnExplanation) {
  RecordingDiagnoser diagnoser;
  EXPECT_THAT(
      TranslateGrpcStatus(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, ""),
                          {}, diagnoser.Get()),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr("votre certificat n'est pas enregistré")));
  EXPECT_THAT(
      TranslateGrpcStatus(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""),
                          {}, diagnoser.Get()),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("charte")));
}

TEST(TranslateGrpcStatus, RevokedCertificateMessageIsPassedOn) {
  RecordingDiagnoser diagnoser;
  EXPECT_THAT(
      TranslateGrpcStatus(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                       "certificat révoqué le 2026-01-05"),
                          {}, diagnoser.Get()),
      StatusIs(absl::StatusCode::kUnauthenticated,
               "identification refusée par le serveur : certificat "
               "révoqué le 2026-01-05"));
}

TEST(TranslateGrpcStatus, OkIsOk) {
  RecordingDiagnoser diagnoser;
  EXPECT_THAT(TranslateGrpcStatus(grpc::Status::OK, {}, diagnoser.Get()),
              IsOk());
}

TEST(TranslateGrpcStatus, UnavailableIsDiagnosed) {
  RecordingDiagnoser diagnoser;
  EXPECT_THAT(
      TranslateGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                       "failed to connect to all addresses"),
                          {}, diagnoser.Get()),
      StatusIs(absl::StatusCode::kUnauthenticated, "diagnostic"));
  EXPECT_EQ(diagnoser.calls, 1);
  EXPECT_EQ(diagnoser.message, "failed to connect to all addresses");
}

TEST(TranslateGrpcStatus, DeadlineOnAnOpenConnectionQuotesTheDelay) {
  RecordingDiagnoser diagnoser;
  CallFailure failure;
  failure.deadline = absl::Milliseconds(2500);
  failure.connected = true;
  EXPECT_THAT(
      TranslateGrpcStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                       "Deadline Exceeded"),
                          failure, diagnoser.Get()),
      StatusIs(absl::StatusCode::kDeadlineExceeded,
               AllOf(HasSubstr("le serveur n'a pas répondu dans le délai de "
                               "2.5 s"),
                     HasSubstr("--delai"))));
  EXPECT_EQ(diagnoser.calls, 0);
}

TEST(TranslateGrpcStatus, DeadlineBeforeAnyConnectionIsDiagnosed) {
  RecordingDiagnoser diagnoser;
  CallFailure failure;
  failure.connected = false;
  EXPECT_THAT(
      TranslateGrpcStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                       "Deadline Exceeded"),
                          failure, diagnoser.Get()),
      StatusIs(absl::StatusCode::kUnauthenticated, "diagnostic"));
  EXPECT_EQ(diagnoser.calls, 1);
}

}  // namespace
}  // namespace suivi::client
