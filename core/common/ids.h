// core/common/ids.h
//
// Random identifiers for entities (persons, cases, keys, requests). An id is
// 128 random bits from OpenSSL's CSPRNG, written as 26 characters of
// lowercase Crockford base32: opaque, carries no personal data, and is safe
// in a store key, a file name or a URL.
//
// Thread-safe.

#ifndef SUIVI_CORE_COMMON_IDS_H_
#define SUIVI_CORE_COMMON_IDS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace suivi {

// Number of characters of an id from NewRandomId().
inline constexpr size_t kRandomIdLength = 26;

// A new random id. Aborts the process if the CSPRNG fails: continuing with
// predictable ids or keys would be worse than stopping.
std::string NewRandomId();

// `n` bytes from OpenSSL's CSPRNG. Aborts on CSPRNG failure (see above).
std::string RandomBytes(size_t n);

// True when `id` is a non-empty identifier made only of the characters
// Suivi allows in ids and store keys: ASCII letters, digits, '_', '-', '.',
// ':' and '/', at most `max_length` long.
bool IsValidId(absl::string_view id, size_t max_length = 128);

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_IDS_H_
