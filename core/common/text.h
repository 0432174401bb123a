// core/common/text.h
//
// Normalisation of French names and short texts for matching: the blind
// indexes (exact look-up) and the in-memory search index both compare
// normalised forms, so "Lucas  Martin", "lucas martin" and "LUCAS MARTIN"
// are one name, and "Hélène", "Helene" and "HÉLÈNE" too.

#ifndef SUIVI_CORE_COMMON_TEXT_H_
#define SUIVI_CORE_COMMON_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace suivi {

// Lowercases, removes the diacritics of Latin letters (é→e, ç→c, œ→oe,
// ß→ss, …), turns hyphens, apostrophes (' and ’), dots and every run of
// white space into one space, and trims. Other characters are kept as
// they are (lowercased when ASCII). Input must be UTF-8; invalid bytes are
// dropped rather than guessed at.
std::string NormalizeForMatch(absl::string_view text);

// Whether `text` is strict UTF-8 (RFC 3629: no overlong forms, surrogates
// or values above U+10FFFF), as protobuf requires of string fields.
bool IsValidUtf8(absl::string_view text);

// Whether `text` is strict UTF-8 without control characters (C0, DEL and
// C1, tabs and line breaks included): what a name or a short free-text
// field may hold.
bool IsPrintableUtf8(absl::string_view text);

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_TEXT_H_
