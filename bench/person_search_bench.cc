// suivi-bench-person-search: what the in-memory person search index
// (services/persons/search_index.h) costs in time and memory for one
// territory.
//
//   suivi-bench-person-search [--persons=20000] [--big_persons=100000]
//                             [--queries=5000] [--quick]
//
// A synthetic population is drawn with a fixed seed: French noms and
// prénoms (a few hundred each, accents, compound and hyphenated ones,
// frequent names much more frequent, as in a real register), 1 to 3
// prénoms, birth dates from 1950 to 2020, five controllers. It prints:
//
//   1. build: the time of --persons and of --big_persons Upserts into an
//      empty index, and the memory of each index — ApproximateMemoryBytes,
//      scaled per 100,000 persons, and as a cross-check the growth of the
//      resident set (/proc/self/statm, after malloc_trim) across the
//      --big_persons build;
//   2. search: per query kind, p50 and p99 of one Search (limit 20, on the
//      --persons index, then on the --big_persons one), the mean number of
//      results, and how often the person the query was made from is among
//      them. The kinds, each made from a random person:
//        exact        "Jean-Pierre Le Goff" as entered
//        +date        the same with the birth date
//        initial      "Jean-Pierre L"
//        typo         one edit (substitution, deletion, insertion or
//                     transposition) in a word of 4 letters or more
//        no accents   "le goff jean pierre": lowercase, plain, nom first
//        surname      "Le Goff"
//
// Exit status 1 if a "+date" query misses its person (the index is broken).

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/common/day.h"
#include "core/common/text.h"
#include "services/persons/search_index.h"

namespace suivi::bench {
namespace {

using persons::IndexedIdentity;
using persons::SearchIndex;
using persons::SearchMatch;
using persons::SearchQuery;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kSeed = 20240917;
constexpr double kHyphenatedNomShare = 0.06;
constexpr size_t kSearchLimit = 20;

// Frequent ones first: rank r is drawn with weight 1 / (r + kZipfOffset).
constexpr double kZipfOffset = 5;
constexpr const char* kNoms[] = {
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
    "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc",
    "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
    "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard",
    "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet",
    "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot",
    "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps",
    "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
    "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles",
    "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé",
    "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost",
    "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson",
    "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
    "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier",
    "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier",
    "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard",
    "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier",
    "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte",
    "N'Diaye", "Diallo", "Traoré", "Benali", "Haddad", "Nguyen", "Dos Santos", "Ben Ahmed",
    "De La Fontaine", "Kerboriou", "Le Floch", "Moro", "Moreaux", "Dupond", "Lefeuvre",
    "Cissé", "Camara", "Kone", "Bouzid", "Mansouri", "Yilmaz", "Petitjean", "Duchêne",
};
constexpr const char* kPrenoms[] = {
    "Jean", "Marie", "Pierre", "Michel", "Philippe", "Nathalie", "Isabelle", "Catherine",
    "Alain", "Nicolas", "Christophe", "Sylvie", "Patrick", "Françoise", "Christine",
    "Stéphane", "Sébastien", "Laurent", "Frédéric", "Valérie", "Sandrine", "Éric", "David",
    "Julien", "Thomas", "Lucas", "Léa", "Hugo", "Chloé", "Emma", "Louis", "Manon", "Nathan",
    "Camille", "Enzo", "Inès", "Théo", "Sarah", "Mathis", "Jade", "Noah", "Louise",
    "Gabriel", "Zoé", "Raphaël", "Lina", "Arthur", "Anaïs", "Maël", "Clémence", "Jules",
    "Océane", "Ethan", "Lola", "Tom", "Alice", "Paul", "Juliette", "Adam", "Léna", "Sacha",
    "Mathilde", "Maxime", "Pauline", "Antoine", "Margaux", "Alexandre", "Marine", "Quentin",
    "Justine", "Romain", "Laura", "Kevin", "Mélanie", "Anthony", "Audrey", "Jérôme",
    "Aurélie", "Vincent", "Émilie", "Guillaume", "Céline", "Olivier", "Hélène", "Bruno",
    "Véronique", "Didier", "Martine", "Gérard", "Monique", "Daniel", "Nicole", "Bernard",
    "Jacqueline", "Claude", "Sophie", "François", "Annie", "André", "Brigitte", "René",
    "Josiane", "Jacques", "Colette", "Yves", "Danielle", "Henri", "Odile", "Jean-Pierre",
    "Marie-Claire", "Jean-Baptiste", "Anne-Sophie", "Jean-Luc", "Marie-France",
    "Jean-François", "Marie-Christine", "Pierre-Yves", "Anne-Marie", "Jean-Claude",
    "Loïc", "Gaëlle", "Noémie", "Yannick", "Killian", "Dylan", "Lucie", "Benjamin",
    "Mathias", "Mohamed", "Amina", "Aminata", "Fatoumata", "Moussa", "Yasmine", "Karim",
    "Nadia", "Rayan", "Ibrahim", "Sofiane", "Mamadou", "Aïcha", "Youssef", "Samira",
    "Mehdi", "Leïla", "Bilal", "Myriam", "Ilyes", "Chaïma", "Grégory", "Cédric", "Fabien",
    "Jonathan", "Florian", "Thibault", "Baptiste", "Clément", "Matthieu", "Mathieu",
    "Gaëtan", "Jérémy", "Adrien", "Mickaël", "Benoît", "Arnaud", "Damien", "Cyril", "Ludovic",
    "Élodie", "Virginie", "Stéphanie", "Delphine", "Karine", "Emmanuelle", "Caroline",
    "Agnès", "Florence", "Charlotte", "Elsa", "Margot", "Capucine", "Apolline", "Héloïse",
    "Timéo", "Lenny", "Mathéo", "Eliott", "Nolan", "Axel", "Lukas", "Luka", "Eléna", "Elena",
    "Philippine", "Gauthier", "Sylvain", "Thierry", "Pascal", "Serge", "Dominique", "Régis",
};
constexpr const char* kControllers[] = {"mairie-montargis", "mairie-amilly", "spip-45",
                                        "departement-45-ase", "pjj-45"};

struct Flags {
  size_t persons = 20000;
  size_t big_persons = 100000;
  size_t queries = 5000;
  bool quick = false;
};

constexpr char kUsage[] =
    "usage: suivi-bench-person-search [--persons=N] [--big_persons=N] [--queries=N] [--quick]\n"
    "  --persons      persons of the index searched (default 20000)\n"
    "  --big_persons  persons of the second, larger index (default 100000)\n"
    "  --queries      queries of each kind (default 5000, spread over the kinds)\n"
    "  --quick        smoke test: 2000 and 5000 persons, 300 queries\n";

// Accepts --name=value and --name value. Explicit flags win over --quick.
std::optional<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  std::optional<size_t> persons, big_persons, queries;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--quick") {
      flags.quick = true;
      continue;
    }
    const size_t eq = arg.find('=');
    const absl::string_view name = arg.substr(0, eq);
    std::optional<size_t>* target = name == "--persons"       ? &persons
                                    : name == "--big_persons" ? &big_persons
                                    : name == "--queries"     ? &queries
                                                              : nullptr;
    if (target == nullptr || (eq == absl::string_view::npos && i + 1 >= argc)) {
      std::cerr << "bad flag " << arg << "\n" << kUsage;
      return std::nullopt;
    }
    const std::string value =
        eq != absl::string_view::npos ? std::string(arg.substr(eq + 1)) : argv[++i];
    size_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n == 0) {
      std::cerr << "bad value for " << name << ": " << value << "\n";
      return std::nullopt;
    }
    *target = n;
  }
  if (flags.quick) {
    flags.persons = 2000;
    flags.big_persons = 5000;
    flags.queries = 300;
  }
  flags.persons = persons.value_or(flags.persons);
  flags.big_persons = big_persons.value_or(flags.big_persons);
  flags.queries = queries.value_or(flags.queries);
  return flags;
}

// ------------------------------------------------------------- population

class Population {
 public:
  explicit Population(uint32_t seed)
      : random_(seed),
        nom_(Zipf(std::size(kNoms))),
        prenom_(Zipf(std::size(kPrenoms))),
        date_(ToDayNumber(absl::CivilDay(1950, 1, 1)), ToDayNumber(absl::CivilDay(2020, 12, 31))) {}

  IndexedIdentity Next() {
    IndexedIdentity p;
    p.person_id = RandomId();
    p.controller_id = kControllers[random_() % std::size(kControllers)];
    p.nom = kNoms[nom_(random_)];
    if (std::uniform_real_distribution<>(0, 1)(random_) < kHyphenatedNomShare) {
      p.nom = absl::StrCat(p.nom, "-", kNoms[nom_(random_)]);
    }
    const uint32_t draw = random_() % 10;
    const int prenoms = draw < 6 ? 1 : draw < 9 ? 2 : 3;
    for (int i = 0; i < prenoms; ++i) p.prenoms.push_back(kPrenoms[prenom_(random_)]);
    p.date_naissance = date_(random_);
    return p;
  }

  std::mt19937& random() { return random_; }

 private:
  static std::discrete_distribution<size_t> Zipf(size_t n) {
    std::vector<double> weights(n);
    for (size_t r = 0; r < n; ++r) weights[r] = 1.0 / (static_cast<double>(r) + kZipfOffset);
    return std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }

  // 26 characters of Crockford base32, like core/common/ids.h, but seeded.
  std::string RandomId() {
    static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    std::string id(26, '0');
    for (char& c : id) c = kAlphabet[random_() % 32];
    return id;
  }

  std::mt19937 random_;
  std::discrete_distribution<size_t> nom_;
  std::discrete_distribution<size_t> prenom_;
  std::uniform_int_distribution<DayNumber> date_;
};

// ------------------------------------------------------------- queries

enum Kind { kExact, kExactWithDate, kInitial, kTypo, kNoAccents, kSurname, kKinds };
constexpr const char* kKindNames[kKinds] = {"exact", "+date", "initial",
                                            "typo", "no accents", "surname"};

struct Query {
  Kind kind;
  SearchQuery search;
  std::string person_id;  // the person it was made from
};

// One random edit in a random word of 4 letters or more of `text`
// (normalised); `text` unchanged when it has none.
std::string WithTypo(const std::string& text, std::mt19937& random) {
  std::vector<std::string> words = absl::StrSplit(text, ' ', absl::SkipEmpty());
  std::vector<size_t> long_words;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].size() >= 4) long_words.push_back(i);
  }
  if (long_words.empty()) return text;
  std::string& w = words[long_words[random() % long_words.size()]];
  const size_t at = 1 + random() % (w.size() - 2);  // keep the first letter, as people do
  const char letter = static_cast<char>('a' + random() % 26);
  switch (random() % 4) {
    case 0: w[at] = letter; break;
    case 1: w.erase(at, 1); break;
    case 2: w.insert(at, 1, letter); break;
    default: std::swap(w[at], w[at + 1]); break;
  }
  return absl::StrJoin(words, " ");
}

Query MakeQuery(Kind kind, const IndexedIdentity& p, std::mt19937& random) {
  Query q{kind, {}, p.person_id};
  q.search.limit = kSearchLimit;
  const std::string& prenom = p.prenoms.front();
  switch (kind) {
    case kExact: q.search.text = absl::StrCat(prenom, " ", p.nom); break;
    case kExactWithDate:
      q.search.text = absl::StrCat(prenom, " ", p.nom);
      q.search.date_naissance = p.date_naissance;
      break;
    case kInitial: q.search.text = absl::StrCat(prenom, " ", p.nom.substr(0, 1)); break;
    case kTypo:
      q.search.text = WithTypo(NormalizeForMatch(absl::StrCat(prenom, " ", p.nom)), random);
      break;
    case kNoAccents: q.search.text = NormalizeForMatch(absl::StrCat(p.nom, " ", prenom)); break;
    case kSurname: q.search.text = p.nom; break;
    case kKinds: break;
  }
  return q;
}

// ------------------------------------------------------------- measures

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t i = std::min(values.size() - 1, static_cast<size_t>(fraction * values.size()));
  return values[i];
}

// Resident set of the process, after returning free heap pages to the
// system so that it counts live memory.
size_t ResidentBytes() {
  malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  size_t total_pages = 0, resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// The 1-minute load average: on a shared machine, what the p99 also measures.
std::string LoadAverage() {
  std::ifstream loadavg("/proc/loadavg");
  std::string one_minute = "?";
  loadavg >> one_minute;
  return one_minute;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Built {
  std::unique_ptr<SearchIndex> index;
  double seconds = 0;
  size_t rss_growth = 0;
};

Built Build(const std::vector<IndexedIdentity>& people, size_t n) {
  Built built;
  const size_t rss_before = ResidentBytes();
  const Clock::time_point start = Clock::now();
  built.index = std::make_unique<SearchIndex>();
  for (size_t i = 0; i < n; ++i) built.index->Upsert(people[i]);
  built.seconds = SecondsSince(start);
  const size_t rss_after = ResidentBytes();
  built.rss_growth = rss_after > rss_before ? rss_after - rss_before : 0;
  return built;
}

void PrintBuild(const char* label, size_t n, const Built& built) {
  const double approx = static_cast<double>(built.index->ApproximateMemoryBytes());
  const double per_100k = 1e5 / static_cast<double>(n);
  std::printf("%-7s %8zu persons  %7.3f s (%5.2f µs/upsert)  approx %7.1f MiB (%6.1f MiB/100k, "
              "%4.0f B/person)  RSS +%7.1f MiB (%6.1f MiB/100k)\n",
              label, n, built.seconds, built.seconds * 1e6 / static_cast<double>(n),
              approx / (1 << 20), approx * per_100k / (1 << 20), approx / static_cast<double>(n),
              static_cast<double>(built.rss_growth) / (1 << 20),
              static_cast<double>(built.rss_growth) * per_100k / (1 << 20));
}

// Runs every query once untimed (warm-up), then timed; prints one line per
// kind. Returns the number of "+date" queries that missed their person.
size_t RunQueries(const char* label, const SearchIndex& index, const std::vector<Query>& queries) {
  for (const Query& q : queries) index.Search(q.search);
  std::vector<double> micros[kKinds];
  size_t results[kKinds] = {}, found[kKinds] = {};
  std::vector<double> all;
  for (const Query& q : queries) {
    const Clock::time_point start = Clock::now();
    const std::vector<SearchMatch> matches = index.Search(q.search);
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    micros[q.kind].push_back(us);
    all.push_back(us);
    results[q.kind] += matches.size();
    for (const SearchMatch& m : matches) found[q.kind] += m.person_id == q.person_id;
  }
  std::printf("\nsearch, %s persons, limit %zu\n", label, kSearchLimit);
  std::printf("%-11s %7s %9s %9s %9s %10s\n", "kind", "queries", "p50 µs", "p99 µs", "results",
              "found");
  for (int k = 0; k < kKinds; ++k) {
    const double n = static_cast<double>(micros[k].size());
    std::printf("%-11s %7zu %9.1f %9.1f %9.1f %9.1f%%\n", kKindNames[k], micros[k].size(),
                Percentile(micros[k], 0.5), Percentile(micros[k], 0.99), results[k] / n,
                100.0 * found[k] / n);
  }
  std::printf("%-11s %7zu %9.1f %9.1f\n", "all", all.size(), Percentile(all, 0.5),
              Percentile(all, 0.99));
  return micros[kExactWithDate].size() - found[kExactWithDate];
}

int Run(const Flags& flags) {
  Population population(kSeed);
  const size_t generated = std::max(flags.persons, flags.big_persons);
  std::vector<IndexedIdentity> people;
  people.reserve(generated);
  for (size_t i = 0; i < generated; ++i) people.push_back(population.Next());

  std::printf("suivi-bench-person-search: seed %u, %zu noms, %zu prénoms, %zu controllers; "
              "load average %s\n\n",
              kSeed, std::size(kNoms), std::size(kPrenoms), std::size(kControllers),
              LoadAverage().c_str());
  Built small = Build(people, flags.persons);
  PrintBuild("build", flags.persons, small);
  Built big = Build(people, flags.big_persons);
  PrintBuild("build", flags.big_persons, big);

  std::vector<Query> queries;
  for (size_t i = 0; i < flags.queries; ++i) {
    const Kind kind = static_cast<Kind>(i % kKinds);
    // Someone in both indexes.
    const size_t who = population.random()() % std::min(flags.persons, flags.big_persons);
    queries.push_back(MakeQuery(kind, people[who], population.random()));
  }
  size_t missed = RunQueries(absl::StrCat(flags.persons).c_str(), *small.index, queries);
  missed += RunQueries(absl::StrCat(flags.big_persons).c_str(), *big.index, queries);
  if (missed > 0) {
    std::printf("\nFAILED: %zu \"+date\" queries missed their person\n", missed);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace suivi::bench

int main(int argc, char** argv) {
  std::optional<suivi::bench::Flags> flags = suivi::bench::ParseFlags(argc, argv);
  if (!flags.has_value()) return 2;
  return suivi::bench::Run(*flags);
}
