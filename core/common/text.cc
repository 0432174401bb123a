#include "core/common/text.h"

#include <cstdint>

#include "absl/strings/ascii.h"

namespace suivi {
namespace {

// Folding of U+00C0..U+00FF, one entry per code point. "" keeps the
// character as it is (× and ÷).
constexpr const char* kLatin1Supplement[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
    "i", "i", "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u",
    "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
    "i", "i", "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u",
    "u", "y", "th", "y"};

// Folding of U+0100..U+017F by ranges: [first, last] → replacement.
struct FoldRange {
  char32_t first;
  char32_t last;
  const char* replacement;
};
constexpr FoldRange kLatinExtendedA[] = {
    {0x100, 0x105, "a"},  {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"},
    {0x112, 0x11B, "e"},  {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},
    {0x128, 0x131, "i"},  {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"},  {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"},  {0x162, 0x167, "t"}, {0x168, 0x173, "u"},
    {0x174, 0x175, "w"},  {0x176, 0x178, "y"}, {0x179, 0x17E, "z"},
    {0x17F, 0x17F, "s"},
};

bool IsSeparator(char32_t c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
    case '-': case '\'': case '.': case '_':
    case 0x00A0:  // no-break space
    case 0x2018: case 0x2019:  // ‘ ’
    case 0x202F:  // narrow no-break space
      return true;
    default:
      return c >= 0x2010 && c <= 0x2015;  // hyphens and dashes
  }
}

bool IsCombiningMark(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

// Decodes one UTF-8 sequence at `*pos`, advancing it. Returns false on an
// invalid or truncated sequence (and skips one byte).
bool DecodeUtf8(absl::string_view s, size_t* pos, char32_t* out) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t lead = byte(*pos);
  int extra;
  char32_t c;
  if (lead < 0x80) { *out = lead; ++*pos; return true; }
  if ((lead & 0xE0) == 0xC0) { extra = 1; c = lead & 0x1F; }
  else if ((lead & 0xF0) == 0xE0) { extra = 2; c = lead & 0x0F; }
  else if ((lead & 0xF8) == 0xF0) { extra = 3; c = lead & 0x07; }
  else { ++*pos; return false; }
  if (*pos + extra >= s.size()) {  // truncated sequence
    ++*pos;
    return false;
  }
  for (int i = 1; i <= extra; ++i) {
    if ((byte(*pos + i) & 0xC0) != 0x80) { ++*pos; return false; }
    c = (c << 6) | (byte(*pos + i) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values above U+10FFFF are not
  // UTF-8 (RFC 3629): refusing them keeps NUL and separators from hiding
  // in them, and keeps the output valid UTF-8.
  constexpr char32_t kMinForExtra[] = {0, 0x80, 0x800, 0x10000};
  if (c < kMinForExtra[extra] || (c >= 0xD800 && c <= 0xDFFF) ||
      c > 0x10FFFF) {
    ++*pos;
    return false;
  }
  *pos += extra + 1;
  *out = c;
  return true;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Appends the folded form of `c` (not a separator) to `out`.
void AppendFolded(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    return;
  }
  if (c >= 0xC0 && c <= 0xFF && *kLatin1Supplement[c - 0xC0] != '\0') {
    out->append(kLatin1Supplement[c - 0xC0]);
    return;
  }
  for (const FoldRange& range : kLatinExtendedA) {
    if (c >= range.first && c <= range.last) {
      out->append(range.replacement);
      return;
    }
  }
  AppendUtf8(c, out);
}

}  // namespace

std::string NormalizeForMatch(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c;
    if (!DecodeUtf8(text, &pos, &c) || IsCombiningMark(c)) continue;
    if (IsSeparator(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendFolded(c, &out);
  }
  return out;
}

bool IsValidUtf8(absl::string_view text) {
  size_t pos = 0;
  char32_t c;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos, &c)) return false;
  }
  return true;
}

bool IsPrintableUtf8(absl::string_view text) {
  size_t pos = 0;
  char32_t c;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos, &c)) return false;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return false;
  }
  return true;
}

}  // namespace suivi
