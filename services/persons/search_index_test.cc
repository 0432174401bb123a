#include "services/persons/search_index.h"

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/day.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/persons/name_matching.h"

// This file is UTF-8: accents are part of what is tested.

namespace suivi::persons {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kMairie[] = "mairie-montargis";
constexpr char kSpip[] = "spip-45";

DayNumber Day(const char* iso) { return *ParseDayNumber(iso); }

IndexedIdentity Person(std::string id, std::string nom, std::vector<std::string> prenoms,
                       const char* born, std::string controller = kMairie) {
  return {std::move(id), std::move(controller), std::move(nom), std::move(prenoms), Day(born)};
}

std::vector<std::string> Ids(const std::vector<SearchMatch>& matches) {
  std::vector<std::string> ids;
  for (const SearchMatch& m : matches) ids.push_back(m.person_id);
  return ids;
}

SearchQuery Query(std::string text, std::optional<DayNumber> date = std::nullopt) {
  SearchQuery query;
  query.text = std::move(text);
  query.date_naissance = date;
  return query;
}

std::vector<std::string> Find(const SearchIndex& index, std::string text) {
  return Ids(index.Search(Query(std::move(text))));
}

std::unique_ptr<SearchIndex> IndexOf(const std::vector<IndexedIdentity>& persons) {
  auto index = std::make_unique<SearchIndex>();
  for (const IndexedIdentity& p : persons) index->Upsert(p);
  return index;
}

// A small territory with the names the requirements speak of.
std::unique_ptr<SearchIndex> Sample() {
  return IndexOf({
      Person("lucas-martin", "Martin", {"Lucas"}, "2008-03-14"),
      Person("lucas-moreau", "Moreau", {"Lucas"}, "2009-07-01"),
      Person("lucas-petit", "Petit", {"Lucas"}, "2007-01-20"),
      Person("lea-martin", "Martin", {"Léa"}, "2010-05-05"),
      Person("martin-lucas", "Lucas", {"Martin"}, "1990-12-12"),
      Person("helene-dubois", "Dubois", {"Hélène", "Marie"}, "1985-11-30"),
      Person("helene-roux", "Roux", {"Helene"}, "1979-06-18"),
      Person("jp-le-goff", "Le Goff", {"Jean-Pierre"}, "1962-02-02"),
      Person("aminata-ndiaye", "N'Diaye", {"Aminata"}, "1999-09-09"),
      Person("eric-dupont-moretti", "Dupont-Moretti", {"Éric"}, "1961-04-20"),
  });
}

// ------------------------------------------------------------ matching

TEST(SearchIndex, FindsHeleneWithOrWithoutAccentsOnEitherSide) {
  auto index = Sample();
  EXPECT_THAT(Find(*index, "helene"), ElementsAre("helene-dubois", "helene-roux"));
  EXPECT_THAT(Find(*index, "Hélène"), ElementsAre("helene-dubois", "helene-roux"));
  EXPECT_THAT(Find(*index, "HÉLÈNE ROUX"), ElementsAre("helene-roux"));
}

TEST(SearchIndex, FindsLucasMartinTypedWithoutAccentsAndWithATypo) {
  auto index = Sample();
  // Lucas Martin and Martin Lucas match alike (the order typed says nothing):
  // equal scores come by nom.
  EXPECT_THAT(Find(*index, "lukas martin"), ElementsAre("martin-lucas", "lucas-martin"));
}

TEST(SearchIndex, FindsTransposedLettersAsOneTypo) {
  auto index = Sample();
  // Noms before prénoms; equal scores by nom then prénoms.
  EXPECT_THAT(Find(*index, "martni"), ElementsAre("lea-martin", "lucas-martin", "martin-lucas"));
  EXPECT_THAT(Find(*index, "lcuas moreau"), ElementsAre("lucas-moreau"));
  EXPECT_THAT(Find(*index, "helene dubios"), ElementsAre("helene-dubois"));
}

TEST(SearchIndex, OneLetterIsAnInitial) {
  auto index = Sample();
  EXPECT_THAT(Find(*index, "Lucas M"),
              ElementsAre("martin-lucas", "lucas-martin", "lucas-moreau"));
  EXPECT_THAT(Find(*index, "L Martin"),
              ElementsAre("martin-lucas", "lea-martin", "lucas-martin"));
}

TEST(SearchIndex, WordOrderDoesNotMatter) {
  auto index = Sample();
  EXPECT_THAT(Find(*index, "martin lucas"), ElementsAre("martin-lucas", "lucas-martin"));
  EXPECT_EQ(Find(*index, "lucas martin"), Find(*index, "martin lucas"));
}

TEST(SearchIndex, LeadingCivilityIsIgnoredButAnInitialWithoutDotIsNot) {
  auto index = Sample();
  EXPECT_THAT(Find(*index, "M. Lucas"),
              ElementsAre("martin-lucas", "lucas-martin", "lucas-moreau", "lucas-petit"));
  EXPECT_THAT(Find(*index, "Madame Martin"),
              ElementsAre("lea-martin", "lucas-martin", "martin-lucas"));
  EXPECT_THAT(Find(*index, "M Lucas"),
              ElementsAre("martin-lucas", "lucas-martin", "lucas-moreau"));
}

struct FindCase {
  const char* query;
  const char* expected_id;
};

TEST(SearchIndex, FindsCompoundNamesGluedSpacedOrInPart) {
  auto index = Sample();
  const FindCase cases[] = {
      {"jeanpierre", "jp-le-goff"},       {"jean pierre", "jp-le-goff"},
      {"Jean-Pierre", "jp-le-goff"},      {"pierre", "jp-le-goff"},
      {"legoff", "jp-le-goff"},           {"le goff", "jp-le-goff"},
      {"goff", "jp-le-goff"},             {"jean-pierre le goff", "jp-le-goff"},
      {"legof jeanpiere", "jp-le-goff"},  {"ndiaye", "aminata-ndiaye"},
      {"diaye", "aminata-ndiaye"},        {"N'Diaye Aminata", "aminata-ndiaye"},
      {"n diaye", "aminata-ndiaye"},      {"dupontmoretti", "eric-dupont-moretti"},
      {"moretti", "eric-dupont-moretti"}, {"dupont moretti", "eric-dupont-moretti"},
      {"dupontmoreti", "eric-dupont-moretti"}, {"eric dupont-moretti", "eric-dupont-moretti"},
  };
  for (const FindCase& c : cases) {
    EXPECT_THAT(Find(*index, c.query), ElementsAre(c.expected_id)) << c.query;
  }
}

TEST(SearchIndex, EveryQueryWordMustMatchSomething) {
  auto index = Sample();
  EXPECT_THAT(Find(*index, "lucas dubois"), IsEmpty());
  EXPECT_THAT(Find(*index, "martin zzz"), IsEmpty());
}

TEST(SearchIndex, UnrelatedTextFindsNothing) {
  auto index = Sample();
  for (const char* query : {"zzz", "bonjour", "qwertyuiop", "xavier", "12345", "rendez-vous"}) {
    EXPECT_THAT(Find(*index, query), IsEmpty()) << query;
  }
}

TEST(SearchIndex, EmptyOrBlankQueryFindsNothing) {
  auto index = Sample();
  for (const char* query : {"", "   ", " - ' ", "M.", "Madame"}) {
    EXPECT_THAT(Find(*index, query), IsEmpty()) << "'" << query << "'";
  }
}

TEST(SearchIndex, LimitKeepsTheBestMatches) {
  auto index = Sample();
  SearchQuery query;
  query.text = "l";
  const std::vector<std::string> all = Ids(index->Search(query));
  ASSERT_GE(all.size(), 3u);
  query.limit = 2;
  EXPECT_THAT(Ids(index->Search(query)), ElementsAre(all[0], all[1]));
  query.limit = 0;
  EXPECT_THAT(index->Search(query), IsEmpty());
}

// ------------------------------------------------------------ ranking

TEST(SearchIndex, RanksExactBeforeTypoBeforePhonetic) {
  auto index = IndexOf({
      Person("moro", "Moro", {"Lucas"}, "2001-01-01"),        // sounds alike
      Person("moureau", "Moureau", {"Lucas"}, "2001-01-02"),  // one letter more
      Person("moreau", "Moreau", {"Lucas"}, "2001-01-03"),    // as typed
      Person("morel", "Morel", {"Lucas"}, "2001-01-04"),      // another name
  });
  const std::vector<SearchMatch> matches = index->Search(Query("lucas moreau"));
  EXPECT_THAT(Ids(matches), ElementsAre("moreau", "moureau", "moro"));
  for (const SearchMatch& m : matches) {
    EXPECT_GT(m.score, 0);
    EXPECT_LE(m.score, 1);
  }
}

TEST(SearchIndex, RanksAPrefixBetweenExactAndTypo) {
  auto index = IndexOf({
      Person("martinez", "Martinez", {"Paul"}, "2001-01-01"),
      Person("martin", "Martin", {"Paul"}, "2001-01-02"),
      Person("martyn", "Martyn", {"Paul"}, "2001-01-03"),
  });
  EXPECT_THAT(Find(*index, "martin paul"), ElementsAre("martin", "martinez", "martyn"));
}

TEST(SearchIndex, RanksAMatchOnTheNomAboveTheSameWordAsAPrenom) {
  auto index = Sample();
  EXPECT_THAT(Find(*index, "martin"), ElementsAre("lea-martin", "lucas-martin", "martin-lucas"));
}

TEST(SearchIndex, RanksFullNameCoverageAbovePartial) {
  auto index = IndexOf({
      Person("second-prenom", "Martin", {"Jean", "Lucas"}, "2001-01-01"),
      Person("double-nom", "Martin-Dupont", {"Lucas"}, "2001-01-02"),
      Person("exact", "Martin", {"Lucas"}, "2001-01-03"),
  });
  EXPECT_THAT(Find(*index, "lucas martin"), ElementsAre("exact", "double-nom", "second-prenom"));
}

TEST(SearchIndex, BreaksTiesByNomThenPrenomsThenId) {
  auto index = IndexOf({
      Person("b", "Martin", {"Lucas"}, "2001-01-01"),
      Person("a", "Martin", {"Lucas"}, "2002-01-01"),
      Person("c", "Martin", {"Lucas", "Adam"}, "2003-01-01"),
      Person("d", "Martin", {"Adam"}, "2004-01-01"),
      Person("e", "Martin Le", {"Zoé"}, "2005-01-01"),
  });
  EXPECT_THAT(Find(*index, "martin"), ElementsAre("d", "a", "b", "c", "e"));
}

TEST(SearchIndex, BirthDateGivenFiltersOtherDatesOutAndRaisesTheScore) {
  auto index = Sample();
  SearchQuery query = Query("lucas");
  const std::vector<SearchMatch> without_date = index->Search(query);
  ASSERT_EQ(without_date.size(), 4u);
  query.date_naissance = Day("2009-07-01");
  const std::vector<SearchMatch> with_date = index->Search(query);
  ASSERT_THAT(Ids(with_date), ElementsAre("lucas-moreau"));
  for (const SearchMatch& m : without_date) EXPECT_LT(m.score, with_date[0].score);
  query.date_naissance = Day("2009-07-02");
  EXPECT_THAT(index->Search(query), IsEmpty());
}

TEST(SearchIndex, ControllerGivenKeepsOnlyItsPersons) {
  auto index = IndexOf({
      Person("mairie", "Martin", {"Lucas"}, "2008-03-14", kMairie),
      Person("spip", "Martin", {"Lucas"}, "1988-03-14", kSpip),
  });
  SearchQuery query = Query("lucas martin");
  EXPECT_THAT(Ids(index->Search(query)), ElementsAre("mairie", "spip"));
  query.controller_id = kSpip;
  const std::vector<SearchMatch> matches = index->Search(query);
  ASSERT_THAT(Ids(matches), ElementsAre("spip"));
  EXPECT_EQ(matches[0].controller_id, kSpip);
  query.controller_id = "unknown-controller";
  EXPECT_THAT(index->Search(query), IsEmpty());
}

// ------------------------------------------------------------ updates

TEST(SearchIndex, UpsertReplacingANameRemovesTheOldNamesHits) {
  auto index = IndexOf({Person("p1", "Martin", {"Lucas"}, "2008-03-14")});
  index->Upsert(Person("p1", "Durand", {"Lucas"}, "2008-03-14"));
  EXPECT_EQ(index->size(), 1u);
  for (const char* gone : {"martin", "martn", "mart", "marten"}) {
    EXPECT_THAT(Find(*index, gone), IsEmpty()) << gone;
  }
  EXPECT_THAT(Find(*index, "durand lucas"), ElementsAre("p1"));
  EXPECT_THAT(Find(*index, "durant"), ElementsAre("p1"));
}

TEST(SearchIndex, UpsertCanMoveAPersonToAnotherDateAndController) {
  auto index = IndexOf({Person("p1", "Martin", {"Lucas"}, "2008-03-14", kMairie)});
  index->Upsert(Person("p1", "Martin", {"Lucas"}, "2008-04-14", kSpip));
  EXPECT_THAT(index->Search(Query("martin", Day("2008-03-14"))), IsEmpty());
  const std::vector<SearchMatch> matches =
      index->Search(Query("martin", Day("2008-04-14")));
  ASSERT_THAT(Ids(matches), ElementsAre("p1"));
  EXPECT_EQ(matches[0].controller_id, kSpip);
}

TEST(SearchIndex, RemoveForgetsThePersonEverywhere) {
  auto index = Sample();
  const size_t before = index->size();
  index->Remove("jp-le-goff");
  index->Remove("jp-le-goff");      // twice: no effect
  index->Remove("never-indexed");   // unknown: no effect
  EXPECT_EQ(index->size(), before - 1);
  for (const char* gone : {"legoff", "goff", "jeanpierre", "jean pierre", "legof", "le gof"}) {
    EXPECT_THAT(Find(*index, gone), IsEmpty()) << gone;
  }
  EXPECT_THAT(index->LikelyDuplicates(Person("new", "Le Goff", {"Jean-Pierre"}, "1962-02-02")),
              IsEmpty());
}

TEST(SearchIndex, MemoryOfRemovedPersonsIsReused) {
  SearchIndex index;
  const auto fill = [&](int round) {
    for (int i = 0; i < 300; ++i) {
      index.Upsert(Person(absl::StrCat("r", round, "-", i), absl::StrCat("Nom", round, "x", i),
                          {"Lucas"}, "2000-01-01"));
    }
  };
  const auto empty = [&](int round) {
    for (int i = 0; i < 300; ++i) index.Remove(absl::StrCat("r", round, "-", i));
  };
  fill(0);
  const size_t one_fill = index.ApproximateMemoryBytes();
  for (int round = 0; round < 10; ++round) {
    empty(round);
    EXPECT_EQ(index.size(), 0u);
    fill(round + 1);
  }
  EXPECT_LT(index.ApproximateMemoryBytes(), one_fill * 5 / 4);
  const std::vector<std::string> found = Find(index, "nom10x7");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0], "r10-7");
  for (const std::string& id : found) EXPECT_TRUE(absl::StartsWith(id, "r10-")) << id;
}

// Random upserts, renames and removes leave the index exactly as a fresh
// build of the surviving persons: every structure was kept consistent.
TEST(SearchIndex, IncrementalUpdatesGiveTheSameResultsAsAFreshBuild) {
  const std::vector<std::string> noms = {"Martin", "Moreau", "Le Goff", "N'Diaye", "Dubois",
                                         "Dupont-Moretti", "Lefèvre", "Petit", "Moro", "Roux"};
  const std::vector<std::string> prenoms = {"Lucas", "Léa", "Jean-Pierre", "Hélène", "Éric",
                                            "Aminata", "Lukas", "Chloé", "Paul", "Marie"};
  std::mt19937 random(42);
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[random() % from.size()];
  };
  SearchIndex incremental;
  std::map<std::string, IndexedIdentity> alive;
  for (int step = 0; step < 3000; ++step) {
    const std::string id = absl::StrCat("p", random() % 400);
    if (random() % 4 == 0) {
      incremental.Remove(id);
      alive.erase(id);
      continue;
    }
    IndexedIdentity p = Person(id, pick(noms), {pick(prenoms)}, "2000-01-01",
                               random() % 2 ? kMairie : kSpip);
    if (random() % 3 == 0) p.prenoms.push_back(pick(prenoms));
    p.date_naissance += random() % 5;
    incremental.Upsert(p);
    alive[id] = p;
  }
  SearchIndex fresh;
  for (const auto& [id, p] : alive) fresh.Upsert(p);
  ASSERT_EQ(incremental.size(), fresh.size());
  for (const char* text : {"lucas", "l m", "martni", "moro", "legoff", "jean pierre", "helene",
                           "dupont", "eric d", "p", "lukas moreau", "chloe roux"}) {
    SearchQuery query = Query(text);
    query.limit = 1000;
    const std::vector<SearchMatch> a = incremental.Search(query);
    const std::vector<SearchMatch> b = fresh.Search(query);
    ASSERT_EQ(Ids(a), Ids(b)) << text;
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].score, b[i].score) << text;
  }
  for (const auto& [id, p] : alive) {
    EXPECT_EQ(Ids(incremental.LikelyDuplicates(p)), Ids(fresh.LikelyDuplicates(p))) << id;
  }
}

// ------------------------------------------------------------ duplicates

struct DuplicateCase {
  const char* what;
  IndexedIdentity stored;
  IndexedIdentity typed;
};

TEST(SearchIndex, SameBirthDateAndACloseNameIsALikelyDuplicate) {
  const DuplicateCase cases[] = {
      {"a typo", Person("old", "Martin", {"Lucas"}, "2008-03-14"),
       Person("new", "Martn", {"Lucas"}, "2008-03-14")},
      {"accents", Person("old", "Lefèvre", {"Hélène"}, "1985-11-30"),
       Person("new", "LEFEVRE", {"helene"}, "1985-11-30")},
      {"nom and prénom swapped", Person("old", "Martin", {"Lucas"}, "2008-03-14"),
       Person("new", "Lucas", {"Martin"}, "2008-03-14")},
      {"hyphen or space", Person("old", "Le Goff", {"Jean-Pierre"}, "1962-02-02"),
       Person("new", "Legoff", {"Jean Pierre"}, "1962-02-02")},
      {"one prénom as two", Person("old", "Le Goff", {"Jean-Pierre"}, "1962-02-02"),
       Person("new", "Le Goff", {"Jean", "Pierre"}, "1962-02-02")},
      {"one prénom missing", Person("old", "Martin", {"Lucas", "Jean"}, "2008-03-14"),
       Person("new", "Martin", {"Lucas"}, "2008-03-14")},
      {"sounds alike", Person("old", "Moreau", {"Philippe"}, "1970-08-08"),
       Person("new", "Moro", {"Filip"}, "1970-08-08")},
  };
  for (const DuplicateCase& c : cases) {
    auto index = IndexOf({c.stored});
    const std::vector<SearchMatch> matches = index->LikelyDuplicates(c.typed);
    ASSERT_THAT(Ids(matches), ElementsAre("old")) << c.what;
    EXPECT_GT(matches[0].score, 0) << c.what;
    EXPECT_LE(matches[0].score, 1) << c.what;
  }
}

TEST(SearchIndex, OtherNamesDatesOrControllersAreNotDuplicates) {
  const DuplicateCase cases[] = {
      {"same name, another date", Person("old", "Martin", {"Lucas"}, "2008-03-14"),
       Person("new", "Martin", {"Lucas"}, "2008-03-15")},
      {"another controller", Person("old", "Martin", {"Lucas"}, "2008-03-14", kSpip),
       Person("new", "Martin", {"Lucas"}, "2008-03-14", kMairie)},
      {"another prénom", Person("old", "Martin", {"Lucas"}, "2008-03-14"),
       Person("new", "Martin", {"Léa"}, "2008-03-14")},
      {"another nom", Person("old", "Martin", {"Lucas"}, "2008-03-14"),
       Person("new", "Petit", {"Lucas"}, "2008-03-14")},
      {"two prénoms missing", Person("old", "Martin", {"Lucas", "Jean", "Paul"}, "2008-03-14"),
       Person("new", "Martin", {"Lucas"}, "2008-03-14")},
      {"itself", Person("same", "Martin", {"Lucas"}, "2008-03-14"),
       Person("same", "Martin", {"Lucas"}, "2008-03-14")},
  };
  for (const DuplicateCase& c : cases) {
    auto index = IndexOf({c.stored});
    EXPECT_THAT(index->LikelyDuplicates(c.typed), IsEmpty()) << c.what;
  }
}

TEST(SearchIndex, LikelyDuplicatesComeClosestFirst) {
  auto index = IndexOf({
      Person("phonetic", "Moro", {"Lucas"}, "2008-03-14"),
      Person("exact", "Moreau", {"Lucas"}, "2008-03-14"),
      Person("typo", "Moreaux", {"Lucas"}, "2008-03-14"),
      Person("other", "Petit", {"Lucas"}, "2008-03-14"),
  });
  EXPECT_THAT(Ids(index->LikelyDuplicates(Person("new", "Moreau", {"Lucas"}, "2008-03-14"))),
              ElementsAre("exact", "typo", "phonetic"));
}

// ------------------------------------------------------------ name matching

TEST(NameMatching, ToleratesTyposByLength) {
  EXPECT_EQ(MaxTypos(3), 0);
  EXPECT_EQ(MaxTypos(4), 1);
  EXPECT_EQ(MaxTypos(7), 1);
  EXPECT_EQ(MaxTypos(8), 2);
}

TEST(NameMatching, EditDistanceCountsATranspositionAsOneAndStopsAtTheBound) {
  EXPECT_EQ(BoundedEditDistance("martin", "martni", 2), 1);
  EXPECT_EQ(BoundedEditDistance("lucas", "lukas", 2), 1);
  EXPECT_EQ(BoundedEditDistance("martin", "martin", 0), 0);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 5), 3);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 2), 3);
  EXPECT_EQ(BoundedEditDistance("", "abc", 5), 3);
  EXPECT_EQ(BoundedEditDistance("dupont", "dupontmoretti", 2), 3);
}

TEST(NameMatching, DeletionNeighbourhoodHoldsTheWordAndItsDistinctDeletions) {
  EXPECT_THAT(DeletionNeighbourhood("abc", 1), UnorderedElementsAre("abc", "bc", "ac", "ab"));
  EXPECT_THAT(DeletionNeighbourhood("aab", 1), UnorderedElementsAre("aab", "ab", "aa"));
  EXPECT_EQ(DeletionNeighbourhood("abcd", 2).size(), 1u + 4u + 6u);
}

TEST(NameMatching, PhoneticKeyJoinsFrenchSpellingsOfOneSound) {
  const std::pair<const char*, const char*> same[] = {
      {"moreau", "moro"},     {"philippe", "filip"}, {"dupont", "dupond"},
      {"lucas", "lukas"},     {"gauthier", "gotie"}, {"helene", "helen"},
      {"laurent", "laurant"}, {"sylvie", "silvie"},  {"thomas", "tomas"},
  };
  for (const auto& [a, b] : same) {
    EXPECT_EQ(FrenchPhoneticKey(a), FrenchPhoneticKey(b)) << a << " / " << b;
    EXPECT_FALSE(FrenchPhoneticKey(a).empty()) << a;
  }
  EXPECT_NE(FrenchPhoneticKey("martin"), FrenchPhoneticKey("moreau"));
  EXPECT_NE(FrenchPhoneticKey("lucas"), FrenchPhoneticKey("luc"));
  EXPECT_EQ(FrenchPhoneticKey("e"), "");
}

}  // namespace
}  // namespace suivi::persons
