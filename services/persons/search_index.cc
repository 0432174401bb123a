#include "services/persons/search_index.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/numeric/bits.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "services/persons/name_matching.h"

namespace suivi::persons {
namespace {

// More query words than a name has is a pasted text, not a name.
constexpr size_t kMaxQueryWords = 8;
// Words beyond these are not indexed (a field's words are 16 bits).
constexpr size_t kMaxWordsPerField = 16;
constexpr size_t kMaxPrenoms = 15;
// Phonetic keys of shorter query words match too much.
constexpr size_t kMinPhoneticQueryLength = 3;
// Bounds the search for the best assignment of query words to a person's
// words (only reached by degenerate queries such as "a a a a a a a a").
constexpr int kMaxAssignmentSteps = 512;
constexpr uint32_t kSharedDeletion = UINT32_MAX;
// Reading another word's postings into a bitmap is worth it while they are
// fewer than this many times the candidates it may remove: setting a bit
// costs a few nanoseconds, scoring a person a few cache misses.
constexpr size_t kIntersectCostRatio = 32;
// How many candidates ahead of the one scored its slot is prefetched.
constexpr size_t kPrefetchDistance = 8;

// Quality of one query word's match; exact > prefix > typo > phonetic.
constexpr double kExactQuality = 1.0;
constexpr double kPrefixQuality = 0.80;      // plus, from 2 letters, the
constexpr double kPrefixCompletion = 0.10;   // share typed: "marti" > "ma"
constexpr double kOneTypoQuality = 0.65;
constexpr double kTwoTyposQuality = 0.55;
constexpr double kPhoneticQuality = 0.45;
// The name score, and the share of the birth date in the final score.
constexpr double kQualityWeight = 0.75;
constexpr double kCoverageWeight = 0.15;
constexpr double kNomWeight = 0.10;
constexpr double kDateWeight = 0.20;

uint64_t HashOf(absl::string_view s) { return absl::Hash<absl::string_view>{}(s); }

bool IsOneWord(uint16_t words) { return words != 0 && (words & (words - 1)) == 0; }

uint16_t WordBits(size_t first, size_t end) {
  uint16_t bits = 0;
  for (size_t i = first; i < end; ++i) bits |= static_cast<uint16_t>(1u << i);
  return bits;
}

template <typename T>
void EraseValue(T value, std::vector<T>* values) {
  auto it = std::find(values->begin(), values->end(), value);
  if (it == values->end()) return;
  *it = values->back();
  values->pop_back();
  // Keep churn (remove, re-add elsewhere) from pinning peak capacity.
  if (values->capacity() > 8 && values->size() < values->capacity() / 4) {
    values->shrink_to_fit();
  }
}

template <typename Tokens>
std::vector<uint32_t> UniqueTokens(const Tokens& person_tokens) {
  std::vector<uint32_t> ids;
  ids.reserve(person_tokens.size());
  for (const auto& t : person_tokens) ids.push_back(t.token);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// ---- Memory estimate: glibc malloc's chunks and libstdc++'s layouts.

// A malloc'ed block of `n` bytes: 8 bytes of header, 16-byte steps, 32 at
// least.
size_t HeapBlock(size_t n) {
  if (n == 0) return 0;
  return std::max<size_t>(32, (n + 8 + 15) & ~size_t{15});
}

// Strings of up to 15 characters live inside the object (SSO).
size_t StringBytes(const std::string& s) {
  return s.capacity() > 15 ? HeapBlock(s.capacity() + 1) : 0;
}

template <typename V>
size_t VectorBytes(const V& v) {
  return HeapBlock(v.capacity() * sizeof(typename V::value_type));
}

// The inline capacity of an absl::InlinedVector type.
template <typename V>
struct InlineCapacity;
template <typename T, size_t N, typename A>
struct InlineCapacity<absl::InlinedVector<T, N, A>> {
  static constexpr size_t value = N;
};

template <typename V>
size_t InlinedVectorBytes(const V& v) {
  return v.capacity() > InlineCapacity<V>::value ? VectorBytes(v) : 0;
}

// Swiss tables: one block of slots plus one control byte per slot and a
// group of 16.
template <typename M>
size_t HashTableBytes(const M& m) {
  if (m.capacity() == 0) return 0;
  return HeapBlock(m.capacity() * (sizeof(typename M::value_type) + 1) + 16);
}

// Nodes of about 256 bytes, about two-thirds full after random inserts.
template <typename M>
size_t BtreeBytes(const M& m) {
  return m.size() * sizeof(typename M::value_type) * 3 / 2;
}

// libstdc++ deques: blocks of 512 bytes and a map of block pointers.
template <typename D>
size_t DequeBytes(const D& d) {
  constexpr size_t kBlock = 512;
  constexpr size_t kPerBlock = std::max<size_t>(1, kBlock / sizeof(typename D::value_type));
  const size_t blocks = d.size() / kPerBlock + 1;
  return blocks * HeapBlock(kPerBlock * sizeof(typename D::value_type)) +
         HeapBlock(std::max<size_t>(8, blocks + 2) * sizeof(void*));
}

}  // namespace

// One query word and everything in the vocabulary it matches.
struct SearchIndex::QueryWord {
  std::string text;
  std::optional<uint32_t> exact;
  // Tokens starting with `text` (the exact one included).
  absl::btree_map<absl::string_view, uint32_t>::const_iterator prefix_begin;
  absl::btree_map<absl::string_view, uint32_t>::const_iterator prefix_end;
  absl::flat_hash_map<uint32_t, int> typos;  // token → distance; no prefixes
  std::string phonetic;                      // "": no phonetic match
  const std::vector<uint32_t>* phonetic_tokens = nullptr;
  size_t cost = 0;  // postings read if this word drives the candidates

  // Quality of this word matching token `id` (0: no match).
  double Quality(uint32_t id, const TokenEntry& token) const {
    if (exact == id) return kExactQuality;
    if (token.text.size() > text.size() && absl::StartsWith(token.text, text)) {
      // An initial says nothing of the length of the name.
      if (text.size() == 1) return kPrefixQuality;
      return kPrefixQuality + kPrefixCompletion * static_cast<double>(text.size()) /
                                  static_cast<double>(token.text.size());
    }
    if (auto it = typos.find(id); it != typos.end()) {
      return it->second == 1 ? kOneTypoQuality : kTwoTyposQuality;
    }
    if (!phonetic.empty() && token.phonetic == phonetic) return kPhoneticQuality;
    return 0;
  }
};

struct SearchIndex::Scored {
  double score;
  uint32_t ordinal;
};

size_t SearchIndex::OrdinalHash::operator()(uint32_t ordinal) const {
  return absl::Hash<absl::string_view>{}((*slots)[ordinal].person_id);
}
size_t SearchIndex::OrdinalHash::operator()(absl::string_view id) const {
  return absl::Hash<absl::string_view>{}(id);
}

SearchIndex::SearchIndex()
    : ids_(0, OrdinalHash{&slots_}, OrdinalEq{&slots_}) {}

// ------------------------------------------------------------- indexing

void SearchIndex::Upsert(const IndexedIdentity& identity) {
  if (identity.person_id.empty()) return;
  std::vector<PersonToken> tokens = TokenizeIdentity(identity);
  const uint32_t controller = InternController(identity.controller_id);
  std::vector<uint32_t> old_tokens;
  uint32_t ordinal;
  if (auto found = ids_.find(absl::string_view(identity.person_id)); found != ids_.end()) {
    ordinal = *found;
    old_tokens = UniqueTokens(slots_[ordinal].tokens);
    EraseFromDate(slots_[ordinal].date_naissance, ordinal);
  } else if (!free_slots_.empty()) {
    ordinal = free_slots_.back();
    free_slots_.pop_back();
  } else {
    ordinal = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[ordinal];
  if (slot.person_id.empty()) {
    slot.person_id = identity.person_id;  // before ids_ hashes it
    ids_.insert(ordinal);
  }
  const std::vector<uint32_t> new_tokens = UniqueTokens(tokens);
  for (uint32_t token : old_tokens) {
    if (std::binary_search(new_tokens.begin(), new_tokens.end(), token)) continue;
    EraseValue(ordinal, &tokens_[token].postings);
    if (tokens_[token].postings.empty()) ReleaseToken(token);
  }
  for (uint32_t token : new_tokens) {
    if (std::binary_search(old_tokens.begin(), old_tokens.end(), token)) continue;
    tokens_[token].postings.push_back(ordinal);
  }
  slot.tokens.assign(tokens.begin(), tokens.end());
  slot.tokens.shrink_to_fit();  // kept for the person's lifetime
  slot.date_naissance = identity.date_naissance;
  slot.controller = controller;
  by_date_[identity.date_naissance].push_back(ordinal);
}

void SearchIndex::Remove(absl::string_view person_id) {
  auto found = ids_.find(person_id);
  if (found == ids_.end()) return;
  const uint32_t ordinal = *found;
  ids_.erase(found);  // before the id it hashes goes
  Slot& slot = slots_[ordinal];
  for (uint32_t token : UniqueTokens(slot.tokens)) {
    EraseValue(ordinal, &tokens_[token].postings);
    if (tokens_[token].postings.empty()) ReleaseToken(token);
  }
  EraseFromDate(slot.date_naissance, ordinal);
  slot = Slot();
  free_slots_.push_back(ordinal);
}

void SearchIndex::EraseFromDate(DayNumber date, uint32_t ordinal) {
  auto it = by_date_.find(date);
  if (it == by_date_.end()) return;
  auto& ordinals = it->second;
  auto pos = std::find(ordinals.begin(), ordinals.end(), ordinal);
  if (pos == ordinals.end()) return;
  *pos = ordinals.back();
  ordinals.pop_back();
  if (ordinals.empty()) by_date_.erase(it);
}

std::vector<SearchIndex::PersonToken> SearchIndex::TokenizeIdentity(
    const IndexedIdentity& identity) {
  std::vector<PersonToken> tokens;
  AddField(identity.nom, 0, &tokens);
  uint8_t field = 1;
  for (const std::string& prenom : identity.prenoms) {
    if (field > kMaxPrenoms) break;
    const size_t before = tokens.size();
    AddField(prenom, field, &tokens);
    if (tokens.size() > before) ++field;  // a blank prénom takes no field
  }
  return tokens;
}

void SearchIndex::AddField(absl::string_view text, uint8_t field,
                           std::vector<PersonToken>* out) {
  std::vector<std::string> words = NameWords(text);
  if (words.size() > kMaxWordsPerField) words.resize(kMaxWordsPerField);
  for (size_t i = 0; i < words.size(); ++i) {
    out->push_back({InternToken(words[i]), WordBits(i, i + 1), field});
  }
  // "Le Goff" is also "legoff"; "De La Fontaine" also "delafontaine" and
  // "lafontaine": the glued runs that end the field.
  for (size_t first = 0; first + 1 < words.size(); ++first) {
    const std::string glued = absl::StrJoin(words.begin() + first, words.end(), "");
    out->push_back({InternToken(glued), WordBits(first, words.size()), field});
  }
}

uint32_t SearchIndex::InternToken(const std::string& text) {
  if (auto it = vocabulary_.find(absl::string_view(text)); it != vocabulary_.end()) {
    return it->second;
  }
  uint32_t id;
  if (!free_tokens_.empty()) {
    id = free_tokens_.back();
    free_tokens_.pop_back();
  } else {
    id = static_cast<uint32_t>(tokens_.size());
    tokens_.emplace_back();
  }
  TokenEntry& entry = tokens_[id];
  entry.text = text;
  entry.phonetic = FrenchPhoneticKey(text);
  vocabulary_.emplace(absl::string_view(entry.text), id);
  for (const std::string& s : DeletionNeighbourhood(text, MaxTypos(text.size()))) {
    AddDeletion(HashOf(s), id);
  }
  if (!entry.phonetic.empty()) phonetic_[entry.phonetic].push_back(id);
  return id;
}

void SearchIndex::ReleaseToken(uint32_t token) {
  TokenEntry& entry = tokens_[token];
  vocabulary_.erase(absl::string_view(entry.text));
  for (const std::string& s :
       DeletionNeighbourhood(entry.text, MaxTypos(entry.text.size()))) {
    RemoveDeletion(HashOf(s), token);
  }
  if (auto it = phonetic_.find(entry.phonetic); it != phonetic_.end()) {
    EraseValue(token, &it->second);
    if (it->second.empty()) phonetic_.erase(it);
  }
  entry = TokenEntry();
  free_tokens_.push_back(token);
}

void SearchIndex::AddDeletion(uint64_t hash, uint32_t token) {
  auto [it, inserted] = deletions_.try_emplace(hash, token);
  if (inserted || it->second == token) return;
  if (it->second != kSharedDeletion) {
    shared_deletions_[hash] = {it->second, token};
    it->second = kSharedDeletion;
    return;
  }
  std::vector<uint32_t>& shared = shared_deletions_[hash];
  if (std::find(shared.begin(), shared.end(), token) == shared.end()) {
    shared.push_back(token);
  }
}

void SearchIndex::RemoveDeletion(uint64_t hash, uint32_t token) {
  auto it = deletions_.find(hash);
  if (it == deletions_.end()) return;
  if (it->second == token) {
    deletions_.erase(it);
    return;
  }
  if (it->second != kSharedDeletion) return;
  auto shared = shared_deletions_.find(hash);
  EraseValue(token, &shared->second);
  if (shared->second.size() == 1) {
    it->second = shared->second.front();
    shared_deletions_.erase(shared);
  }
}

uint32_t SearchIndex::InternController(const std::string& controller_id) {
  auto [it, inserted] = controller_ordinals_.try_emplace(
      controller_id, static_cast<uint32_t>(controllers_.size()));
  if (inserted) controllers_.push_back(controller_id);
  return it->second;
}

// ------------------------------------------------------------- searching

std::vector<SearchMatch> SearchIndex::Search(const SearchQuery& query) const {
  if (query.limit == 0) return {};
  const std::vector<std::string> words = QueryWords(query.text);
  if (words.empty() || words.size() > kMaxQueryWords) return {};
  std::optional<uint32_t> controller;
  if (!query.controller_id.empty()) {
    auto it = controller_ordinals_.find(query.controller_id);
    if (it == controller_ordinals_.end()) return {};
    controller = it->second;
  }
  const std::vector<QueryWord> expanded = ExpandQuery(words);
  std::vector<Scored> scored;
  const std::vector<uint32_t> candidates = Candidates(expanded, query.date_naissance);
  for (size_t i = 0; i < candidates.size(); ++i) {
    // Candidates are scattered: ask for the next ones' slots early.
    if (i + kPrefetchDistance < candidates.size()) {
      const char* ahead = reinterpret_cast<const char*>(&slots_[candidates[i + kPrefetchDistance]]);
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + sizeof(Slot) - 1);
    }
    const uint32_t ordinal = candidates[i];
    const Slot& slot = slots_[ordinal];
    if (controller.has_value() && slot.controller != *controller) continue;
    if (query.date_naissance.has_value() && slot.date_naissance != *query.date_naissance) {
      continue;
    }
    const std::optional<double> name = NameScore(expanded, slot);
    if (!name.has_value()) continue;
    const double date = query.date_naissance.has_value() ? kDateWeight : 0;
    scored.push_back({(1 - kDateWeight) * *name + date, ordinal});
  }
  return Rank(std::move(scored), query.limit);
}

template <typename F>
void SearchIndex::ForEachDeletionToken(uint64_t hash, F f) const {
  auto it = deletions_.find(hash);
  if (it == deletions_.end()) return;
  if (it->second != kSharedDeletion) {
    f(it->second);
    return;
  }
  for (uint32_t token : shared_deletions_.at(hash)) f(token);
}

std::vector<SearchIndex::QueryWord> SearchIndex::ExpandQuery(
    const std::vector<std::string>& words) const {
  std::vector<QueryWord> expanded(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    QueryWord& w = expanded[i];
    w.text = words[i];
    const absl::string_view text = w.text;
    if (auto it = vocabulary_.find(text); it != vocabulary_.end()) w.exact = it->second;
    w.prefix_begin = vocabulary_.lower_bound(text);
    w.prefix_end = w.prefix_begin;
    while (w.prefix_end != vocabulary_.end() && absl::StartsWith(w.prefix_end->first, text)) {
      w.cost += tokens_[w.prefix_end->second].postings.size();
      ++w.prefix_end;
    }
    for (const std::string& s : DeletionNeighbourhood(text, MaxTypos(text.size()))) {
      ForEachDeletionToken(HashOf(s), [&](uint32_t token) {
        const std::string& candidate = tokens_[token].text;
        if (absl::StartsWith(candidate, text) || w.typos.contains(token)) return;
        const int allowed = MaxTypos(std::min(text.size(), candidate.size()));
        const int distance = BoundedEditDistance(text, candidate, allowed);
        if (distance > allowed) return;
        w.typos.emplace(token, distance);
        w.cost += tokens_[token].postings.size();
      });
    }
    if (text.size() >= kMinPhoneticQueryLength) w.phonetic = FrenchPhoneticKey(text);
    if (auto it = phonetic_.find(w.phonetic); !w.phonetic.empty() && it != phonetic_.end()) {
      w.phonetic_tokens = &it->second;
      for (uint32_t token : it->second) w.cost += tokens_[token].postings.size();
    }
  }
  return expanded;
}

// Ordinals every query word could match, ascending: the postings of the
// cheapest word, intersected (as bitmaps) with those of the next cheapest
// while reading them costs less than scoring what they would remove; or
// the persons born on `date` when there are fewer.
std::vector<uint32_t> SearchIndex::Candidates(const std::vector<QueryWord>& words,
                                              std::optional<DayNumber> date) const {
  std::vector<const QueryWord*> by_cost;
  for (const QueryWord& w : words) by_cost.push_back(&w);
  std::stable_sort(by_cost.begin(), by_cost.end(),
                   [](const QueryWord* a, const QueryWord* b) { return a->cost < b->cost; });
  if (by_cost.front()->cost == 0) return {};
  if (date.has_value()) {
    auto born = by_date_.find(*date);
    if (born == by_date_.end()) return {};
    if (born->second.size() <= by_cost.front()->cost) {
      std::vector<uint32_t> candidates(born->second.begin(), born->second.end());
      std::sort(candidates.begin(), candidates.end());
      return candidates;
    }
  }
  const size_t bitmap_words = (slots_.size() + 63) / 64;
  std::vector<uint64_t> bitmap(bitmap_words, 0);
  SetPostingBits(*by_cost.front(), &bitmap);
  size_t count = by_cost.front()->cost;
  std::vector<uint64_t> other;
  for (size_t i = 1; i < by_cost.size() && by_cost[i]->cost <= kIntersectCostRatio * count;
       ++i) {
    other.assign(bitmap_words, 0);
    SetPostingBits(*by_cost[i], &other);
    count = 0;
    for (size_t k = 0; k < bitmap_words; ++k) {
      bitmap[k] &= other[k];
      count += absl::popcount(bitmap[k]);
    }
  }
  std::vector<uint32_t> candidates;
  candidates.reserve(count);
  for (size_t k = 0; k < bitmap_words; ++k) {
    for (uint64_t bits = bitmap[k]; bits != 0; bits &= bits - 1) {
      candidates.push_back(static_cast<uint32_t>(k * 64 + absl::countr_zero(bits)));
    }
  }
  return candidates;
}

void SearchIndex::SetPostingBits(const QueryWord& word, std::vector<uint64_t>* bitmap) const {
  const auto set = [bitmap](const std::vector<uint32_t>& postings) {
    for (uint32_t ordinal : postings) (*bitmap)[ordinal / 64] |= uint64_t{1} << (ordinal % 64);
  };
  for (auto it = word.prefix_begin; it != word.prefix_end; ++it) set(tokens_[it->second].postings);
  for (const auto& [token, distance] : word.typos) set(tokens_[token].postings);
  if (word.phonetic_tokens != nullptr) {
    for (uint32_t token : *word.phonetic_tokens) set(tokens_[token].postings);
  }
}

// Finds the assignment of query words to distinct words of the person that
// maximises the score; nullopt when some query word matches nothing.
std::optional<double> SearchIndex::NameScore(const std::vector<QueryWord>& words,
                                             const Slot& slot) const {
  struct Option {
    uint8_t field;
    uint16_t bits;
    double quality;
  };
  absl::InlinedVector<Option, 4> options[kMaxQueryWords];
  // The nom and the first prénom make "the name" whose coverage counts.
  uint16_t main_words[2] = {0, 0};
  for (const PersonToken& t : slot.tokens) {
    if (t.field < 2 && IsOneWord(t.words)) main_words[t.field] |= t.words;
    for (size_t i = 0; i < words.size(); ++i) {
      const double quality = words[i].Quality(t.token, tokens_[t.token]);
      if (quality > 0) options[i].push_back({t.field, t.words, quality});
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (options[i].empty()) return std::nullopt;
  }
  const int main_count = absl::popcount(main_words[0]) + absl::popcount(main_words[1]);
  const Option* chosen[kMaxQueryWords];
  std::optional<double> best;
  int steps = 0;
  const auto leaf = [&] {
    double quality = 0;
    uint16_t covered[2] = {0, 0};
    bool nom = false;
    for (size_t i = 0; i < words.size(); ++i) {
      const Option* o = chosen[i];
      quality += o->quality;
      if (o->field < 2) covered[o->field] |= o->bits;
      nom = nom || o->field == 0;
    }
    const double coverage =
        main_count == 0 ? 0
                        : static_cast<double>(absl::popcount(covered[0]) +
                                              absl::popcount(covered[1])) / main_count;
    const double score = kQualityWeight * quality / static_cast<double>(words.size()) +
                         kCoverageWeight * coverage + (nom ? kNomWeight : 0);
    if (!best.has_value() || score > *best) best = score;
  };
  const auto assign = [&](const auto& self, size_t i) -> void {
    if (++steps > kMaxAssignmentSteps) return;
    if (i == words.size()) return leaf();
    for (const Option& o : options[i]) {
      bool overlaps = false;
      for (size_t k = 0; k < i; ++k) {
        overlaps = overlaps || (chosen[k]->field == o.field && (chosen[k]->bits & o.bits));
      }
      if (overlaps) continue;
      chosen[i] = &o;
      self(self, i + 1);
    }
  };
  assign(assign, 0);
  return best;
}

std::vector<SearchMatch> SearchIndex::Rank(std::vector<Scored> scored, size_t limit) const {
  const auto better = [this](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    const int names = CompareNames(slots_[a.ordinal], slots_[b.ordinal]);
    if (names != 0) return names < 0;
    return slots_[a.ordinal].person_id < slots_[b.ordinal].person_id;
  };
  if (scored.size() > limit) {
    std::partial_sort(scored.begin(), scored.begin() + limit, scored.end(), better);
    scored.resize(limit);
  } else {
    std::sort(scored.begin(), scored.end(), better);
  }
  std::vector<SearchMatch> matches;
  matches.reserve(scored.size());
  for (const Scored& s : scored) {
    const Slot& slot = slots_[s.ordinal];
    matches.push_back({slot.person_id, controllers_[slot.controller], s.score});
  }
  return matches;
}

// Orders by the nom's words, then the first prénom's, and so on; a field
// that is a prefix of the other's (fewer words) comes first.
int SearchIndex::CompareNames(const Slot& a, const Slot& b) const {
  size_t i = 0;
  size_t j = 0;
  const auto next_word = [](const Slot& s, size_t* k) -> const PersonToken* {
    while (*k < s.tokens.size() && !IsOneWord(s.tokens[*k].words)) ++*k;
    return *k < s.tokens.size() ? &s.tokens[(*k)++] : nullptr;
  };
  while (true) {
    const PersonToken* x = next_word(a, &i);
    const PersonToken* y = next_word(b, &j);
    if (x == nullptr || y == nullptr) return (x != nullptr) - (y != nullptr);
    if (x->field != y->field) return x->field < y->field ? 1 : -1;
    if (x->token == y->token) continue;
    const int c = tokens_[x->token].text.compare(tokens_[y->token].text);
    if (c != 0) return c < 0 ? -1 : 1;
  }
}

// The whole field glued ("legoff"): its token that covers the most words.
absl::string_view SearchIndex::GluedField(const Slot& slot, uint8_t field) const {
  const PersonToken* widest = nullptr;
  for (const PersonToken& t : slot.tokens) {
    if (t.field != field || (t.words & 1) == 0) continue;
    if (widest == nullptr || absl::popcount(t.words) > absl::popcount(widest->words)) {
      widest = &t;
    }
  }
  return widest == nullptr ? absl::string_view() : tokens_[widest->token].text;
}

// ------------------------------------------------------------- duplicates

std::vector<SearchMatch> SearchIndex::LikelyDuplicates(
    const IndexedIdentity& identity) const {
  auto controller = controller_ordinals_.find(identity.controller_id);
  auto born = by_date_.find(identity.date_naissance);
  if (controller == controller_ordinals_.end() || born == by_date_.end()) return {};
  const GluedName mine = GlueName(identity.nom, identity.prenoms);
  std::vector<Scored> scored;
  for (uint32_t ordinal : born->second) {
    const Slot& slot = slots_[ordinal];
    if (slot.controller != controller->second || slot.person_id == identity.person_id) {
      continue;
    }
    GluedName theirs;
    theirs.nom = std::string(GluedField(slot, 0));
    for (uint8_t field = 1; field <= kMaxPrenoms; ++field) {
      const absl::string_view prenom = GluedField(slot, field);
      if (prenom.empty()) break;
      theirs.prenoms.emplace_back(prenom);
    }
    const std::optional<double> closeness = NameCloseness(mine, theirs);
    if (closeness.has_value()) scored.push_back({*closeness, ordinal});
  }
  const size_t all = scored.size();
  return Rank(std::move(scored), all);
}

// ------------------------------------------------------------- memory

size_t SearchIndex::ApproximateMemoryBytes() const {
  size_t bytes = sizeof(*this) + VectorBytes(slots_) + VectorBytes(free_slots_) +
                 HashTableBytes(ids_);
  for (const Slot& slot : slots_) {
    bytes += StringBytes(slot.person_id) + InlinedVectorBytes(slot.tokens);
  }
  bytes += VectorBytes(controllers_) + HashTableBytes(controller_ordinals_);
  for (const std::string& c : controllers_) bytes += 2 * StringBytes(c);
  bytes += DequeBytes(tokens_) + VectorBytes(free_tokens_) + BtreeBytes(vocabulary_);
  for (const TokenEntry& t : tokens_) {
    bytes += StringBytes(t.text) + StringBytes(t.phonetic) + VectorBytes(t.postings);
  }
  bytes += HashTableBytes(deletions_) + HashTableBytes(shared_deletions_);
  for (const auto& [hash, shared] : shared_deletions_) bytes += VectorBytes(shared);
  bytes += HashTableBytes(phonetic_);
  for (const auto& [key, tokens] : phonetic_) bytes += StringBytes(key) + VectorBytes(tokens);
  bytes += HashTableBytes(by_date_);
  for (const auto& [date, ordinals] : by_date_) bytes += InlinedVectorBytes(ordinals);
  return bytes;
}

}  // namespace suivi::persons
