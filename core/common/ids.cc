#include "core/common/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>


namespace suivi {
namespace {

constexpr char kCrockfordBase32[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr size_t kRandomIdBytes = 16;

}  // namespace

std::string RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()),
                          static_cast<int>(n)) != 1) {
    std::cerr << "suivi: the random number generator failed; stopping\n";
    std::abort();
  }
  return bytes;
}

std::string NewRandomId() {
  const std::string bytes = RandomBytes(kRandomIdBytes);
  std::string id;
  id.reserve(kRandomIdLength);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      id.push_back(kCrockfordBase32[(buffer >> (bits - 5)) & 0x1f]);
      bits -= 5;
    }
  }
  if (bits > 0) id.push_back(kCrockfordBase32[(buffer << (5 - bits)) & 0x1f]);
  return id;
}

bool IsValidId(absl::string_view id, size_t max_length) {
  // Checked on every store read and write: one table look-up per byte.
  static constexpr auto kAllowed = [] {
    std::array<bool, 256> allowed{};
    for (int c = 0; c < 256; ++c) {
      allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
                   c == ':' || c == '/';
    }
    return allowed;
  }();
  if (id.empty() || id.size() > max_length) return false;
  for (char c : id) {
    if (!kAllowed[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace suivi
