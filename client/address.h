// client/address.h
//
// The "host:port" form of a server address, as gRPC targets and the
// `serveur` configuration file write it. IPv6 literals are bracketed:
// "[::1]:8443".

#ifndef SUIVI_CLIENT_ADDRESS_H_
#define SUIVI_CLIENT_ADDRESS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::client {

struct HostPort {
  // A DNS name or an IP literal, without brackets.
  std::string host;
  uint16_t port = 0;
};

// Parses "host:port" (port 1..65535). INVALID_ARGUMENT, in French, quoting
// the address, on anything else.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view address);

// True when `host` is an IPv4 or IPv6 literal (then a certificate is
// checked against its IP addresses, not its DNS names).
bool IsIpLiteral(const std::string& host);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_ADDRESS_H_
