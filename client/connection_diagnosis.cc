#include "client/connection_diagnosis.h"

#include <openssl/pem.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/address.h"
#include "core/common/day.h"
#include "core/pki/certificate.h"
#include "core/pki/openssl_handles.h"

namespace suivi::client {
namespace {

constexpr char kAskAdministrator[] =
    "demandez-en un nouveau à l'administrateur de votre territoire";

// "24/11/2026", in the territory's time zone.
std::string FrenchDate(absl::Time t) {
  return absl::FormatTime("%d/%m/%Y", t, ParisTimeZone());
}

// ", fin de validité le 24/11/2026" when `certificate_pem` is readable.
std::string EndOfValidity(absl::string_view certificate_pem) {
  absl::StatusOr<pki::Certificate> certificate =
      pki::Certificate::FromPem(certificate_pem);
  if (!certificate.ok()) return "";
  return absl::StrCat(" (fin de validité le ",
                      FrenchDate(certificate->NotAfter()), ")");
}

absl::Status UnknownCa() {
  return absl::UnauthenticatedError(absl::StrCat(
      "certificat non reconnu par le serveur (autorité de certification "
      "inconnue) : ce certificat n'a pas été délivré pour ce serveur ; ",
      kAskAdministrator));
}

absl::Status ExplainClientRejection(const ProbeResult& probe,
                                    const TlsMaterial& material) {
  switch (probe.outcome) {
    case ProbeOutcome::kClientCertificateUnknownCa:
      return UnknownCa();
    case ProbeOutcome::kClientCertificateDropped:
      if (!IssuedByOneOf(material.certificate_pem, material.ca_pem)) {
        return UnknownCa();
      }
      return absl::UnauthenticatedError(absl::StrCat(
          "certificat refusé par le serveur (connexion fermée à la réception "
          "du certificat) : ",
          kAskAdministrator));
    case ProbeOutcome::kClientCertificateExpired:
      return absl::UnauthenticatedError(absl::StrCat(
          "votre certificat a expiré selon le serveur",
          EndOfValidity(material.certificate_pem),
          " : vérifiez la date de votre poste, ou ", kAskAdministrator));
    case ProbeOutcome::kClientCertificateRequired:
      return absl::UnauthenticatedError(
          "aucun certificat client : le serveur exige un certificat ; "
          "indiquez-le avec --certificat et --cle, ou demandez-en un à "
          "l'administrateur de votre territoire");
    default:
      return absl::UnauthenticatedError(
          absl::StrCat("certificat refusé par le serveur (", probe.detail,
                       ") : ", kAskAdministrator));
  }
}

absl::Status ExplainServerSide(const ProbeResult& probe,
                               const std::string& server,
                               absl::string_view transport_message) {
  const std::string at = absl::StrCat(" à l'adresse ", server);
  switch (probe.outcome) {
    case ProbeOutcome::kUnresolved:
      return absl::UnavailableError(
          absl::StrCat("serveur injoignable", at,
                       " : nom d'hôte inconnu ; vérifiez l'adresse"));
    case ProbeOutcome::kConnectFailed:
      return absl::UnavailableError(
          absl::StrCat("serveur injoignable", at,
                       " : vérifiez l'adresse et que le serveur est démarré"));
    case ProbeOutcome::kServerCertificateUntrusted:
      return absl::UnavailableError(
          absl::StrCat("le certificat du serveur n'est pas reconnu (",
                       probe.detail, ") : vérifiez le fichier ca.pem"));
    case ProbeOutcome::kServerCertificateExpired:
      return absl::UnavailableError(
          absl::StrCat("le certificat du serveur", at,
                       " a expiré : prévenez l'administrateur du serveur"));
    case ProbeOutcome::kServerNameMismatch:
      return absl::UnavailableError(absl::StrCat(
          "le certificat du serveur ne correspond pas à l'adresse ", server,
          " : vérifiez l'adresse (fichier serveur ou --serveur)"));
    case ProbeOutcome::kAccepted:
      return absl::UnavailableError(
          absl::StrCat("serveur indisponible", at, " (", transport_message,
                       ") : réessayez dans un instant"));
    default:
      return absl::UnavailableError(
          absl::StrCat("échec de la connexion sécurisée au serveur", at, " (",
                       probe.detail, ") : vérifiez l'adresse et le port"));
  }
}

}  // namespace

std::optional<absl::Status> CheckCertificateDates(
    absl::string_view certificate_pem, absl::Time now) {
  if (certificate_pem.empty()) return std::nullopt;
  absl::StatusOr<pki::Certificate> certificate =
      pki::Certificate::FromPem(certificate_pem);
  if (!certificate.ok()) return std::nullopt;
  if (now > certificate->NotAfter()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "votre certificat a expiré le ", FrenchDate(certificate->NotAfter()),
        " : ", kAskAdministrator));
  }
  if (now < certificate->NotBefore()) {
    return absl::UnauthenticatedError(
        absl::StrCat("votre certificat n'est valable qu'à partir du ",
                     FrenchDate(certificate->NotBefore()),
                     " : vérifiez la date et l'heure de votre poste"));
  }
  return std::nullopt;
}

bool IssuedByOneOf(absl::string_view certificate_pem,
                   absl::string_view ca_pem) {
  pki::ClearOpenSslErrorsOnExit clear_errors;
  absl::StatusOr<pki::Certificate> certificate =
      pki::Certificate::FromPem(certificate_pem);
  if (!certificate.ok()) return false;
  pki::BioPtr bio = pki::ReadOnlyBio(ca_pem);
  while (pki::X509Ptr ca{
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    if (certificate->VerifySignedBy(pki::Certificate(std::move(ca))).ok()) {
      return true;
    }
  }
  return false;
}

absl::Status ExplainProbe(const ProbeResult& probe, const std::string& server,
                          const TlsMaterial& material,
                          absl::string_view transport_message) {
  switch (probe.outcome) {
    case ProbeOutcome::kClientCertificateUnknownCa:
    case ProbeOutcome::kClientCertificateExpired:
    case ProbeOutcome::kClientCertificateRequired:
    case ProbeOutcome::kClientCertificateRejected:
    case ProbeOutcome::kClientCertificateDropped:
      return ExplainClientRejection(probe, material);
    default:
      return ExplainServerSide(probe, server, transport_message);
  }
}

absl::Status DiagnoseConnectionFailure(const std::string& server,
                                       const TlsMaterial& material,
                                       absl::string_view transport_message,
                                       const DiagnosisOptions& options) {
  const absl::Time now =
      options.now == absl::InfinitePast() ? absl::Now() : options.now;
  if (std::optional<absl::Status> dates =
          CheckCertificateDates(material.certificate_pem, now)) {
    return *dates;
  }
  absl::StatusOr<HostPort> address = ParseHostPort(server);
  if (!address.ok()) return address.status();
  TlsProbeOptions probe_options;
  probe_options.certificate_pem = material.certificate_pem;
  probe_options.key_pem = material.key_pem;
  probe_options.ca_pem = material.ca_pem;
  probe_options.timeout = options.probe_timeout;
  probe_options.verdict_timeout = options.verdict_timeout;
  absl::StatusOr<ProbeResult> probe = ProbeTls(*address, probe_options);
  if (!probe.ok()) return probe.status();
  return ExplainProbe(*probe, server, material, transport_message);
}

}  // namespace suivi::client
