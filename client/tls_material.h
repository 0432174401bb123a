// client/tls_material.h
//
// The PEM files of a ClientConfig, read and checked before a channel is
// built: gRPC would accept garbage and fail every call with the same
// UNAVAILABLE as an unreachable server.

#ifndef SUIVI_CLIENT_TLS_MATERIAL_H_
#define SUIVI_CLIENT_TLS_MATERIAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/client_config.h"

namespace suivi::client {

struct TlsMaterial {
  // The client certificate and its key; both empty when the configuration
  // names none. A secret (key_pem): never log it.
  std::string certificate_pem;
  std::string key_pem;
  // One or more CA certificates.
  std::string ca_pem;
};

// Reads the certificate, key and CA files of `config`. FAILED_PRECONDITION,
// in French and naming the file, when a file cannot be read;
// INVALID_ARGUMENT, likewise, when a file is not what it should be (not a
// PEM certificate, not an EC P-256 key, a key that does not match the
// certificate) or only one of certificate and key is given.
absl::StatusOr<TlsMaterial> ReadTlsMaterial(const ClientConfig& config);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_TLS_MATERIAL_H_
