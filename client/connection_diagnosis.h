// client/connection_diagnosis.h
//
// Turns "the connection failed" into the cause a person can act on. gRPC
// reports every failure to connect as UNAVAILABLE "failed to connect to
// all addresses"; DiagnoseConnectionFailure looks for the cause, in this
// order:
//
//   1. the client certificate, read locally: expired or not yet valid;
//   2. the network: the host name resolves and a TCP connection opens;
//   3. a TLS handshake made like gRPC's (tls_probe.h) and the alert the
//      server answers with: client certificate from an unknown CA,
//      expired, missing or rejected; server certificate not trusted by
//      our ca.pem, or naming another host.
//
// Messages are French, for the person at the keyboard; they name files
// and the server address, never personal data. No gRPC here.

#ifndef SUIVI_CLIENT_CONNECTION_DIAGNOSIS_H_
#define SUIVI_CLIENT_CONNECTION_DIAGNOSIS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/tls_material.h"
#include "client/tls_probe.h"

namespace suivi::client {

// The status for the client certificate `certificate_pem` at `now`:
// UNAUTHENTICATED "votre certificat a expiré le …" or "… n'est valable
// qu'à partir du …"; nullopt when it is within its validity, or empty or
// unreadable (other checks report those).
std::optional<absl::Status> CheckCertificateDates(
    absl::string_view certificate_pem, absl::Time now);

// The status explaining `probe`, a handshake with `server` ("host:port")
// using `material`.
//
//   client certificate problems (unknown CA, expired, missing, rejected)
//                                              UNAUTHENTICATED
//   server unreachable, unknown name, server certificate not trusted or
//   naming another host, TLS failure           UNAVAILABLE
//
// When the server refused the client certificate without saying why
// (kClientCertificateDropped, what gRPC's server does), a certificate not
// signed by any CA of `material.ca_pem` is reported as from an unknown CA:
// Suivi's server trusts the CA it is itself certified by.
//
// For kAccepted (the probe found nothing wrong) the status is UNAVAILABLE
// and quotes `transport_message`, what gRPC said.
absl::Status ExplainProbe(const ProbeResult& probe, const std::string& server,
                          const TlsMaterial& material,
                          absl::string_view transport_message);

// Whether `certificate_pem` is signed by one of the certificates of
// `ca_pem` (signature and key identifiers; dates are not checked).
bool IssuedByOneOf(absl::string_view certificate_pem, absl::string_view ca_pem);

struct DiagnosisOptions {
  // Timeouts of the handshake probe.
  absl::Duration probe_timeout = absl::Seconds(5);
  absl::Duration verdict_timeout = absl::Seconds(2);
  // The time the client certificate's dates are checked against.
  absl::Time now = absl::InfinitePast();  // InfinitePast: absl::Now()
};

// Runs checks 1 to 3 above for a connection to `server` with `material`
// and returns the first cause found (never OK). `transport_message` is
// what gRPC said, quoted when no cause is found.
absl::Status DiagnoseConnectionFailure(const std::string& server,
                                       const TlsMaterial& material,
                                       absl::string_view transport_message,
                                       const DiagnosisOptions& options = {});

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_CONNECTION_DIAGNOSIS_H_
