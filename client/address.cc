#include "client/address.h"

#include <arpa/inet.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace suivi::client {
namespace {

absl::Status BadAddress(absl::string_view address) {
  return absl::InvalidArgumentError(
      absl::StrCat("adresse de serveur invalide « ", address,
                   " » : attendu « hôte:port », par exemple "
                   "« suivi.example.fr:8443 »"));
}

}  // namespace

absl::StatusOr<HostPort> ParseHostPort(absl::string_view address) {
  absl::string_view host;
  absl::string_view port;
  if (!address.empty() && address.front() == '[') {
    const size_t close = address.find("]:");
    if (close == absl::string_view::npos) return BadAddress(address);
    host = address.substr(1, close - 1);
    port = address.substr(close + 2);
  } else {
    const size_t colon = address.rfind(':');
    if (colon == absl::string_view::npos) return BadAddress(address);
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
    // An unbracketed IPv6 literal is ambiguous.
    if (host.find(':') != absl::string_view::npos) return BadAddress(address);
  }
  uint32_t port_number = 0;
  if (host.empty() || !absl::SimpleAtoi(port, &port_number) ||
      port_number == 0 || port_number > 65535) {
    return BadAddress(address);
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port_number)};
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace suivi::client
