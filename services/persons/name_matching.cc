#include "services/persons/name_matching.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/common/text.h"

namespace suivi::persons {
namespace {

constexpr size_t kMinLengthForOneTypo = 4;
constexpr size_t kMinLengthForTwoTypos = 8;
constexpr size_t kMinPhoneticKeyLength = 2;

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool IsFrontVowel(char c) { return c == 'e' || c == 'i' || c == 'y'; }

bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }

// One step of the phonetic rewriting at `word[*i]`: appends the sound to
// `out` and advances `*i` past the letters it used.
void RewriteOneSound(absl::string_view word, size_t* i, std::string* out) {
  const absl::string_view rest = word.substr(*i);
  const char c = rest[0];
  const char next = rest.size() > 1 ? rest[1] : '\0';
  const char after_next = rest.size() > 2 ? rest[2] : '\0';
  struct Rule {
    absl::string_view from;
    absl::string_view to;
  };
  static constexpr Rule kRules[] = {
      {"eaux", "o"}, {"eau", "o"}, {"au", "o"},  {"ph", "f"},
      {"qu", "k"},   {"ck", "k"},  {"th", "t"},  {"ch", "S"},
      {"sh", "S"},   {"ai", "e"},  {"ei", "e"},
  };
  for (const Rule& rule : kRules) {
    if (absl::StartsWith(rest, rule.from)) {
      out->append(rule.to.data(), rule.to.size());
      *i += rule.from.size();
      return;
    }
  }
  *i += 1;
  switch (c) {
    case 'g':
      out->push_back('g');
      if (next == 'u' && IsFrontVowel(after_next)) *i += 1;
      return;
    case 'c':
      out->push_back(IsFrontVowel(next) ? 's' : 'k');
      return;
    case 'e':
      // A nasal "en" sounds like "an" ("Laurent" / "Laurant"); before a
      // vowel or at the end it does not ("Hélène", "Helen").
      if (next == 'n' && IsAsciiLetter(after_next) && !IsVowel(after_next) &&
          after_next != 'n') {
        out->push_back('a');
        return;
      }
      out->push_back('e');
      return;
    case 'y': out->push_back('i'); return;
    case 'w': out->push_back('v'); return;
    case 'z': out->push_back('s'); return;
    case 'h': return;
    default: out->push_back(c); return;
  }
}

void CollapseDoubledLetters(std::string* key) {
  key->erase(std::unique(key->begin(), key->end()), key->end());
}

bool EndsWithOneOf(const std::string& key, absl::string_view letters) {
  return key.size() > kMinPhoneticKeyLength &&
         letters.find(key.back()) != absl::string_view::npos;
}

void DropSilentEnding(std::string* key) {
  if (EndsWithOneOf(*key, "sx")) key->pop_back();
  if (EndsWithOneOf(*key, "td")) key->pop_back();
  if (key->size() > kMinPhoneticKeyLength + 1 && absl::EndsWith(*key, "er")) {
    key->pop_back();
  }
  if (EndsWithOneOf(*key, "e")) key->pop_back();
}

// Closeness of words for duplicate detection (see NameCloseness).
constexpr double kSameWord = 1.0;
constexpr double kOneTypoApart = 0.85;
constexpr double kTwoTyposApart = 0.75;
constexpr double kSoundAlike = 0.65;
constexpr double kMissingPrenomCost = 0.15;
constexpr double kSwappedFactor = 0.95;

std::optional<double> WordCloseness(absl::string_view a, absl::string_view b) {
  if (a.empty() || b.empty()) return std::nullopt;
  if (a == b) return kSameWord;
  const int allowed = MaxTypos(std::min(a.size(), b.size()));
  const int distance = BoundedEditDistance(a, b, allowed);
  if (distance <= allowed) return distance == 1 ? kOneTypoApart : kTwoTyposApart;
  const std::string key = FrenchPhoneticKey(a);
  if (!key.empty() && key == FrenchPhoneticKey(b)) return kSoundAlike;
  return std::nullopt;
}

// Prénoms one by one: each of the shorter list must be close to a distinct
// one of the longer, which may have one more.
std::optional<double> PrenomsOneByOne(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
  const std::vector<std::string>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& longer = a.size() <= b.size() ? b : a;
  if (longer.size() - shorter.size() > 1) return std::nullopt;
  std::vector<bool> used(longer.size(), false);
  double sum = 0;
  for (const std::string& prenom : shorter) {
    std::optional<double> best;
    size_t best_index = 0;
    for (size_t i = 0; i < longer.size(); ++i) {
      if (used[i]) continue;
      const std::optional<double> c = WordCloseness(prenom, longer[i]);
      if (c.has_value() && (!best.has_value() || *c > *best)) {
        best = c;
        best_index = i;
      }
    }
    if (!best.has_value()) return std::nullopt;
    used[best_index] = true;
    sum += *best;
  }
  const double matched = shorter.empty() ? kSameWord : sum / static_cast<double>(shorter.size());
  return matched - kMissingPrenomCost * static_cast<double>(longer.size() - shorter.size());
}

std::optional<double> PrenomsCloseness(const std::vector<std::string>& a,
                                       const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return kSameWord;
  // "Jean Pierre" in two prénoms and "Jean-Pierre" in one are the same.
  const std::optional<double> glued =
      WordCloseness(absl::StrJoin(a, ""), absl::StrJoin(b, ""));
  const std::optional<double> one_by_one = PrenomsOneByOne(a, b);
  if (!glued.has_value()) return one_by_one;
  if (!one_by_one.has_value()) return glued;
  return std::max(*glued, *one_by_one);
}

std::optional<double> Mean(std::optional<double> x, std::optional<double> y) {
  if (!x.has_value() || !y.has_value()) return std::nullopt;
  return (*x + *y) / 2;
}

// `name` with its nom and first prénom exchanged.
GluedName Swapped(const GluedName& name) {
  GluedName swapped = name;
  std::swap(swapped.nom, swapped.prenoms.front());
  return swapped;
}

constexpr absl::string_view kCivilities[] = {
    "m.", "mme", "mme.", "mlle", "mlle.", "mr", "mr.", "monsieur", "madame",
    "mademoiselle"};

}  // namespace

std::vector<std::string> NameWords(absl::string_view text) {
  return absl::StrSplit(NormalizeForMatch(text), ' ', absl::SkipEmpty());
}

std::vector<std::string> QueryWords(absl::string_view text) {
  text = absl::StripLeadingAsciiWhitespace(text);
  const size_t end = text.find_first_of(" \t\r\n");
  const std::string first = absl::AsciiStrToLower(text.substr(0, end));
  for (absl::string_view civility : kCivilities) {
    if (first == civility) {
      return end == absl::string_view::npos ? std::vector<std::string>()
                                            : NameWords(text.substr(end));
    }
  }
  return NameWords(text);
}

GluedName GlueName(absl::string_view nom, const std::vector<std::string>& prenoms) {
  GluedName name;
  name.nom = absl::StrReplaceAll(NormalizeForMatch(nom), {{" ", ""}});
  for (const std::string& prenom : prenoms) {
    std::string glued = absl::StrReplaceAll(NormalizeForMatch(prenom), {{" ", ""}});
    if (!glued.empty()) name.prenoms.push_back(std::move(glued));
  }
  return name;
}

std::optional<double> NameCloseness(const GluedName& a, const GluedName& b) {
  std::optional<double> direct =
      Mean(WordCloseness(a.nom, b.nom), PrenomsCloseness(a.prenoms, b.prenoms));
  if (a.prenoms.empty() || b.prenoms.empty()) return direct;
  const GluedName b_swapped = Swapped(b);
  std::optional<double> swapped =
      Mean(WordCloseness(a.nom, b_swapped.nom), PrenomsCloseness(a.prenoms, b_swapped.prenoms));
  if (swapped.has_value()) *swapped *= kSwappedFactor;
  if (!direct.has_value()) return swapped;
  if (!swapped.has_value()) return direct;
  return std::max(*direct, *swapped);
}

int MaxTypos(size_t length) {
  if (length >= kMinLengthForTwoTypos) return 2;
  if (length >= kMinLengthForOneTypo) return 1;
  return 0;
}

int BoundedEditDistance(absl::string_view a, absl::string_view b, int max) {
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > max) return max + 1;
  // Three rows of the dynamic programme: two back (for transpositions),
  // one back and the current one.
  std::vector<int> before(lb + 1), previous(lb + 1), current(lb + 1);
  for (int j = 0; j <= lb; ++j) previous[j] = j;
  for (int i = 1; i <= la; ++i) {
    current[0] = i;
    int row_min = i;
    for (int j = 1; j <= lb; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({previous[j] + 1, current[j - 1] + 1,
                        previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    // Every later cell is at least the smallest of this row, except through
    // a transposition, which reads the row before: check both.
    if (row_min > max && *std::min_element(previous.begin(), previous.end()) > max) {
      return max + 1;
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[lb], max + 1);
}

std::vector<std::string> DeletionNeighbourhood(absl::string_view word,
                                               int max_deletions) {
  absl::flat_hash_set<std::string> seen = {std::string(word)};
  std::vector<std::string> result = {std::string(word)};
  size_t level_begin = 0;
  for (int level = 0; level < max_deletions; ++level) {
    const size_t level_end = result.size();
    for (size_t k = level_begin; k < level_end; ++k) {
      for (size_t i = 0; i < result[k].size(); ++i) {
        std::string shorter = result[k];
        shorter.erase(i, 1);
        if (seen.insert(shorter).second) result.push_back(std::move(shorter));
      }
    }
    level_begin = level_end;
  }
  return result;
}

std::string FrenchPhoneticKey(absl::string_view word) {
  std::string key;
  key.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) RewriteOneSound(word, &i, &key);
  CollapseDoubledLetters(&key);
  DropSilentEnding(&key);
  if (key.size() < kMinPhoneticKeyLength) return "";
  return key;
}

}  // namespace suivi::persons
