// services/persons/name_matching.h
//
// The string measures behind the person search index (search_index.h):
// the typo tolerance, the edit distance, the deletion neighbourhood that
// finds typo candidates without scanning the vocabulary, and a small French
// phonetic key. Every function takes words already passed through
// suivi::NormalizeForMatch (lowercase, no accents, no separators); lengths
// are in bytes, which for such words is letters.
//
// Thread-safe: plain functions without state.

#ifndef SUIVI_SERVICES_PERSONS_NAME_MATCHING_H_
#define SUIVI_SERVICES_PERSONS_NAME_MATCHING_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace suivi::persons {

// The words of a name field: NormalizeForMatch, then cut at spaces
// ("Jean-Pierre" → "jean", "pierre").
std::vector<std::string> NameWords(absl::string_view text);

// The words of a typed query, as NameWords, without a leading civility
// ("M.", "Mme", "Mlle", "Mr", "Monsieur", "Madame", "Mademoiselle"): it
// says "what follows is a name". "M" without a dot stays an initial.
std::vector<std::string> QueryWords(absl::string_view text);

// The number of typos tolerated between two words whose shorter one has
// `length` letters: none below 4 letters (too many short names are one
// edit apart: "leo"/"lea"/"luc"), 1 from 4 to 7, 2 from 8 on.
int MaxTypos(size_t length);

// Optimal-string-alignment Damerau–Levenshtein distance between `a` and
// `b` (insertions, deletions, substitutions and transpositions of two
// adjacent letters, each 1). Returns `max + 1` as soon as the distance is
// known to exceed `max`, so callers only pay for what they can accept.
int BoundedEditDistance(absl::string_view a, absl::string_view b, int max);

// `word` and every distinct string obtained by deleting up to
// `max_deletions` of its letters. Two words within edit distance d share
// at least one string of their neighbourhoods of radius d (a transposition
// is one deletion on each side), which is how typo candidates are found
// by look-ups instead of a scan (SymSpell).
std::vector<std::string> DeletionNeighbourhood(absl::string_view word,
                                               int max_deletions);

// A deliberately small phonetic key for French names, so that names that
// sound alike but are spelt more than a typo apart still meet ("Moreau" /
// "Moro", "Philippe" / "Filip", "Gauthier" / "Gautier" / "Gotié").
// The rules, applied left to right:
//   eaux, eau, au → o        ph → f       qu, ck → k      th → t
//   ch, sh → S               gu before e/i/y → g          ai, ei → e
//   c before e/i/y → s, other c → k      y → i     w → v     z → s
//   h → (silent)             en before a consonant → an
// then a doubled letter becomes one, and the silent end of the word is
// dropped: one final s or x, then one final t or d, then a final "er"
// becomes "e", then a final e goes ("Dupont" = "Dupond" = "dupon",
// "Lucas" = "Lukas" = "luka", "Hélène" = "Helen" = "elen").
// Letters outside a-z are kept. Returns "" when the key would have fewer
// than 2 letters: such keys match too much to be useful.
std::string FrenchPhoneticKey(absl::string_view word);

// A name as duplicate detection compares it: each field normalised with
// its words glued ("Le Goff" → "legoff", "Jean-Pierre" → "jeanpierre"), so
// a hyphen, a space or an apostrophe make no difference.
struct GluedName {
  std::string nom;
  std::vector<std::string> prenoms;  // blank ones left out
};
GluedName GlueName(absl::string_view nom, const std::vector<std::string>& prenoms);

// How likely `a` and `b` name the same human, in (0, 1], or nullopt when
// they do not. Two words are close when equal (1), a typo apart (MaxTypos;
// 0.85 for one, 0.75 for two) or phonetically equal (0.65). The names are
// close when the noms are close and the prénoms too — all of them glued,
// or one by one with at most one prénom missing on either side (each
// missing one costs 0.15) — or when nom and first prénom are swapped
// (×0.95). The result is the mean of the nom's and the prénoms' closeness.
std::optional<double> NameCloseness(const GluedName& a, const GluedName& b);

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_NAME_MATCHING_H_
