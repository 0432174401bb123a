// client/tls_probe.h
//
// A TLS handshake made with OpenSSL alone, the way gRPC makes it (same
// certificate, key and CA, SNI and host name check, ALPN "h2"), to learn
// why a gRPC connection failed: gRPC reports every failure to connect as
// UNAVAILABLE "failed to connect to all addresses" and keeps the cause in
// its logs. The probe tells apart a server that cannot be reached, a
// server certificate our CA does not vouch for, and a client certificate
// the server rejects, from the alert the server sends.
//
// Under TLS 1.3 the client's handshake ends before the server has checked
// the client certificate: the server's verdict (an alert, or session
// tickets and data) arrives with the first read. The probe therefore
// peeks at the connection for up to `verdict_timeout` after the
// handshake. Under TLS 1.2 the verdict is part of the handshake.
//
// A server built on OpenSSL alone sends an alert that names the reason
// (unknown_ca, certificate_expired, certificate_required...). gRPC 1.51's
// server does not: it closes the connection and drops the alert, so
// against suivid the probe learns only that the client certificate was
// refused (kClientCertificateDropped); the diagnosis then finds the
// reason locally.
//
// No gRPC here. Thread-safe: ProbeTls keeps no state between calls.

#ifndef SUIVI_CLIENT_TLS_PROBE_H_
#define SUIVI_CLIENT_TLS_PROBE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/address.h"

namespace suivi::client {

enum class ProbeOutcome {
  // The handshake succeeded and the server did not reject the client
  // certificate within the verdict timeout.
  kAccepted,
  // The host name does not resolve.
  kUnresolved,
  // No TCP connection could be made to any address of the host (refused,
  // unreachable, or no answer within the timeout).
  kConnectFailed,
  // The server's certificate does not chain to our CA, has expired or is
  // otherwise invalid.
  kServerCertificateUntrusted,
  // The server's certificate has expired.
  kServerCertificateExpired,
  // The server's certificate is valid but names another host.
  kServerNameMismatch,
  // The server rejected the client certificate: it does not know its CA
  // (alert unknown_ca).
  kClientCertificateUnknownCa,
  // The server says the client certificate has expired (alert
  // certificate_expired).
  kClientCertificateExpired,
  // The server wants a client certificate and none was sent (alert
  // certificate_required, or handshake_failure under TLS 1.2).
  kClientCertificateRequired,
  // The server rejected the client certificate for another reason
  // (bad_certificate, certificate_revoked, certificate_unknown, ...).
  kClientCertificateRejected,
  // The server closed the connection, without an alert, after sending
  // its certificate and receiving ours: it refused ours without saying
  // why. gRPC's server does this for every client certificate it rejects.
  kClientCertificateDropped,
  // The connection was closed, timed out, or failed in another way during
  // or right after the handshake (e.g. the port does not speak TLS).
  // Stays last (tests walk the enum).
  kTlsFailure,
};

// A short English name of `outcome`, for tests and logs.
const char* ProbeOutcomeName(ProbeOutcome outcome);

struct ProbeResult {
  ProbeOutcome outcome = ProbeOutcome::kTlsFailure;
  // What OpenSSL or the system said (an alert, a verification error, an
  // errno text), in English; for diagnostics, not for end users.
  std::string detail;
};

struct TlsProbeOptions {
  // PEM client certificate and private key; both empty to send none.
  std::string certificate_pem;
  std::string key_pem;
  // PEM certificate(s) the server's certificate must chain to. Required.
  std::string ca_pem;
  // Budget for the TCP connection and the handshake together.
  absl::Duration timeout = absl::Seconds(5);
  // How long to wait, after a TLS 1.3 handshake, for the server's verdict
  // on the client certificate.
  absl::Duration verdict_timeout = absl::Seconds(2);
};

// Connects to `address` and runs a TLS handshake with `options`.
// INVALID_ARGUMENT, in French, when the PEM material cannot be used (no
// CA, unreadable certificate or key, key not matching the certificate);
// otherwise a ProbeResult, whatever the server did.
absl::StatusOr<ProbeResult> ProbeTls(const HostPort& address,
                                     const TlsProbeOptions& options);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_TLS_PROBE_H_
