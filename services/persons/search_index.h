// services/persons/search_index.h
//
// SearchIndex finds persons of one territory by a name typed fast: in any
// order, with or without accents, with a typo, by initials, a compound name
// glued or in part ("Lucas M", "lukas martin", "martin lucas", "legoff",
// "M. Lucas"). It is built at start from decrypted identities and kept in
// memory only (DESIGN.md §6): nothing of it is ever written to disk.
//
// Matching. Names and queries go through suivi::NormalizeForMatch and are
// cut into words. A multi-word field ("Jean-Pierre", "Le Goff") is also
// indexed glued ("jeanpierre", "legoff", and "lafontaine" for "De La
// Fontaine"). Every query word must match a distinct word of the person
// (AND semantics), in decreasing order of quality:
//   exact > prefix (a one-letter word is an initial) > typo (optimal
//   string alignment distance, see MaxTypos) > phonetic (FrenchPhoneticKey).
// A leading civility ("M.", "Mme", "Mlle", "Monsieur", "Madame") is ignored.
//
// Score, in [0, 1]: 80% from the name — mean quality of the query words
// (75%), share of the nom and first prénom covered (15%), a match on the
// nom rather than only on prénoms (10%) — and 20% for a birth date given
// and equal. A birth date given and different excludes the person. Equal
// scores are ordered by nom, prénoms (normalised), then person id.
//
// Cost. Candidates come from the postings of the query word that has the
// fewest (an inverted index, a sorted vocabulary for prefixes, a deletion
// neighbourhood map for typos, a phonetic-key map), intersected with those
// of the other words when that is cheaper than scoring, or from the persons
// born on the given date, whichever is smaller; only they are scored.
//
// Thread-compatible: const methods may run concurrently; the caller
// serialises them with Upsert and Remove (a reader/writer lock).

#ifndef SUIVI_SERVICES_PERSONS_SEARCH_INDEX_H_
#define SUIVI_SERVICES_PERSONS_SEARCH_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "core/common/day.h"

namespace suivi::persons {

// The identity fields the index needs, from decrypted records.
struct IndexedIdentity {
  // Opaque random id (core/common/ids.h). Required.
  std::string person_id;
  // The controller (responsable de traitement) holding the record.
  std::string controller_id;
  // Family name as entered: "Martin", "Le Goff", "N'Diaye", "Dupont-Moretti".
  std::string nom;
  // Given names as entered, first one first: "Jean-Pierre", "Lucas".
  std::vector<std::string> prenoms;
  DayNumber date_naissance = 0;
};

struct SearchQuery {
  // What the user typed: "Lucas M", "lukas martin", "M. Lucas", "Hélène".
  // Empty or blank: no result.
  std::string text;
  // When given, only persons born that day, and their score is raised.
  std::optional<DayNumber> date_naissance;
  // When not empty, only persons of this controller; empty: every
  // controller of the territory.
  std::string controller_id;
  // At most this many matches.
  size_t limit = 20;
};

struct SearchMatch {
  std::string person_id;
  std::string controller_id;
  double score = 0;  // in [0, 1]; higher is better
};

class SearchIndex {
 public:
  SearchIndex();
  // Not copyable nor movable: the id set's hash functors point at slots_.
  // Hold it by std::unique_ptr.
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Inserts the identity, or replaces the one with the same person_id (its
  // old names stop matching). An empty person_id is ignored.
  void Upsert(const IndexedIdentity& identity);

  // Forgets the person; no effect for an unknown id.
  void Remove(absl::string_view person_id);

  // The best `query.limit` matches, best first (see the file comment).
  std::vector<SearchMatch> Search(const SearchQuery& query) const;

  // Persons of identity.controller_id who are likely the same human as
  // `identity`: same birth date and a close name (a typo, accents, nom and
  // prénom swapped, hyphen or space, one prénom missing). Excludes
  // identity.person_id. Best first; the score says how close the names are.
  std::vector<SearchMatch> LikelyDuplicates(const IndexedIdentity& identity) const;

  // Number of persons indexed.
  size_t size() const { return ids_.size(); }

  // Heap and inline bytes of every structure, containers, strings and
  // malloc's rounding included (an estimate: btree nodes are counted at a
  // typical fill).
  size_t ApproximateMemoryBytes() const;

 private:
  // One indexed word of a person: a word of a field, or a glued run of
  // words of a multi-word field.
  struct PersonToken {
    uint32_t token;      // index in tokens_
    uint16_t words;      // bit i: word i of the field (beyond 15: bit 15)
    uint8_t field;       // 0: nom; 1 + i: prénom i
  };
  // A person, by ordinal. A free slot has an empty person_id.
  struct Slot {
    std::string person_id;
    // By field, then words, glued runs last. Inline: most persons have up
    // to 5, and scoring a candidate then reads one place, not two.
    absl::InlinedVector<PersonToken, 5> tokens;
    DayNumber date_naissance = 0;
    uint32_t controller = 0;          // index in controllers_
  };
  // A distinct normalised word of the territory. A free entry has no
  // postings and is in free_tokens_.
  struct TokenEntry {
    std::string text;
    std::string phonetic;             // FrenchPhoneticKey(text); may be ""
    std::vector<uint32_t> postings;   // ordinals of the persons using it
  };
  // ids_ holds ordinals but hashes and compares them by person id, so the
  // id is stored once (in its slot) and found by string_view.
  struct OrdinalHash {
    using is_transparent = void;
    const std::vector<Slot>* slots;
    size_t operator()(uint32_t ordinal) const;
    size_t operator()(absl::string_view id) const;
  };
  struct OrdinalEq {
    using is_transparent = void;
    const std::vector<Slot>* slots;
    absl::string_view Id(uint32_t ordinal) const { return (*slots)[ordinal].person_id; }
    absl::string_view Id(absl::string_view id) const { return id; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const { return Id(a) == Id(b); }
  };
  struct QueryWord;
  struct Scored;

  // Indexing.
  std::vector<PersonToken> TokenizeIdentity(const IndexedIdentity& identity);
  void AddField(absl::string_view text, uint8_t field, std::vector<PersonToken>* out);
  uint32_t InternToken(const std::string& text);
  void ReleaseToken(uint32_t token);
  void AddDeletion(uint64_t hash, uint32_t token);
  void RemoveDeletion(uint64_t hash, uint32_t token);
  uint32_t InternController(const std::string& controller_id);
  void EraseFromDate(DayNumber date, uint32_t ordinal);

  // Searching.
  std::vector<QueryWord> ExpandQuery(const std::vector<std::string>& words) const;
  std::vector<uint32_t> Candidates(const std::vector<QueryWord>& words,
                                   std::optional<DayNumber> date) const;
  void SetPostingBits(const QueryWord& word, std::vector<uint64_t>* bitmap) const;
  // Calls f(token) for each token with a deletion string of this hash.
  template <typename F>
  void ForEachDeletionToken(uint64_t hash, F f) const;
  std::optional<double> NameScore(const std::vector<QueryWord>& words,
                                  const Slot& slot) const;
  absl::string_view GluedField(const Slot& slot, uint8_t field) const;
  int CompareNames(const Slot& a, const Slot& b) const;
  std::vector<SearchMatch> Rank(std::vector<Scored> scored, size_t limit) const;

  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  absl::flat_hash_set<uint32_t, OrdinalHash, OrdinalEq> ids_;

  std::vector<std::string> controllers_;
  absl::flat_hash_map<std::string, uint32_t> controller_ordinals_;

  // A deque, so the strings the views below point into never move.
  std::deque<TokenEntry> tokens_;
  std::vector<uint32_t> free_tokens_;
  absl::btree_map<absl::string_view, uint32_t> vocabulary_;  // text → token
  // Hash of each string of the tokens' deletion neighbourhoods → the token
  // with it, or kSharedDeletion when several tokens have it (then they are
  // in shared_deletions_). A hash collision only adds a candidate, which
  // the edit distance then refuses.
  absl::flat_hash_map<uint64_t, uint32_t> deletions_;
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> shared_deletions_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> phonetic_;  // key → tokens
  absl::flat_hash_map<DayNumber, absl::InlinedVector<uint32_t, 2>> by_date_;
};

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_SEARCH_INDEX_H_
