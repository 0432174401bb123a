#include "client/grpc_errors.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace suivi::client {
namespace {

// "<prefix> : <server message>", or "<prefix> : <fallback>" when the
// server said nothing.
std::string Say(absl::string_view prefix, const grpc::Status& status,
                absl::string_view fallback) {
  const std::string& said = status.error_message();
  return absl::StrCat(prefix, " : ", said.empty() ? fallback : said);
}

std::string Seconds(absl::Duration d) {
  return absl::StrFormat("%g", absl::ToDoubleSeconds(d));
}

// The status for an error about the request itself; nullopt for the
// other codes.
std::optional<absl::Status> TranslateRequestErrors(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::InvalidArgumentError(
          Say("requête refusée", status, "un paramètre est invalide"));
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(
          Say("introuvable", status, "l'élément demandé n'existe pas"));
    case grpc::StatusCode::ALREADY_EXISTS:
      return absl::AlreadyExistsError(Say(
          "existe déjà", status, "un élément différent porte cet identifiant"));
    case grpc::StatusCode::FAILED_PRECONDITION:
      return absl::FailedPreconditionError(
          Say("opération impossible", status,
              "les conditions ne sont pas réunies"));
    case grpc::StatusCode::OUT_OF_RANGE:
      return absl::OutOfRangeError(
          Say("valeur hors limites", status, "une valeur dépasse les bornes"));
    case grpc::StatusCode::ABORTED:
      return absl::AbortedError(Say("opération interrompue", status,
                                    "conflit avec une autre modification ; "
                                    "réessayez"));
    default:
      return std::nullopt;
  }
}

absl::Status TranslateServerErrors(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::UnauthenticatedError(
          Say("identification refusée par le serveur", status,
              "votre certificat n'est pas enregistré ; adressez-vous à "
              "l'administrateur de votre territoire"));
    case grpc::StatusCode::PERMISSION_DENIED:
      return absl::PermissionDeniedError(
          Say("action non autorisée", status,
              "la charte ne vous permet pas cette action"));
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::ResourceExhaustedError(
          Say("serveur surchargé", status, "réessayez dans un instant"));
    case grpc::StatusCode::UNIMPLEMENTED:
      return absl::UnimplementedError(
          Say("opération inconnue du serveur", status,
              "le client et le serveur n'ont sans doute pas la même version"));
    case grpc::StatusCode::CANCELLED:
      return absl::CancelledError("appel annulé");
    default:
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          Say("erreur du serveur", status, "erreur interne"));
  }
}

}  // namespace

absl::Status TranslateGrpcStatus(const grpc::Status& status,
                                 const CallFailure& failure,
                                 const ConnectionDiagnoser& diagnose) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return absl::OkStatus();
    case grpc::StatusCode::UNAVAILABLE:
      return diagnose(status.error_message());
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      if (!failure.connected) return diagnose(status.error_message());
      return absl::DeadlineExceededError(
          absl::StrCat("le serveur n'a pas répondu dans le délai de ",
                       Seconds(failure.deadline),
                       " s : réessayez, ou allongez le délai avec --delai"));
    default:
      break;
  }
  if (std::optional<absl::Status> request_error =
          TranslateRequestErrors(status)) {
    return *request_error;
  }
  return TranslateServerErrors(status);
}

}  // namespace suivi::client
