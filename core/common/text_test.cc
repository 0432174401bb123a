#include "core/common/text.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace suivi {
namespace {

// This file is UTF-8; byte escapes are used where the bytes themselves are
// the point (invalid or decomposed input).

struct NormalizeCase {
  const char* what;
  std::string input;
  std::string expected;
};

void ExpectNormalizations(const std::vector<NormalizeCase>& cases) {
  for (const NormalizeCase& c : cases) {
    EXPECT_EQ(NormalizeForMatch(c.input), c.expected) << c.what;
  }
}

TEST(NormalizeForMatch, LowercasesAndRemovesFrenchDiacritics) {
  ExpectNormalizations({
      {"acute and grave", "Hélène", "helene"},
      {"capitals with accents", "HÉLÈNE", "helene"},
      {"already plain", "Helene", "helene"},
      {"cedilla", "François", "francois"},
      {"capital cedilla", "Ç", "c"},
      {"small cedilla", "ç", "c"},
      {"circumflex", "Jérôme Bâtard", "jerome batard"},
      {"diaeresis", "Noël Anaïs", "noel anais"},
      {"capital y diaeresis (U+0178)", "Ÿ", "y"},
      {"small y diaeresis (U+00FF)", "ÿ", "y"},
      {"all the French vowels",
       "àâäéèêëîïôöùûüÿ ÀÂÄÉÈÊËÎÏÔÖÙÛÜ", "aaaeeeeiioouuuy aaaeeeeiioouuu"},
  });
}

TEST(NormalizeForMatch, ExpandsLigaturesAndSharpS) {
  ExpectNormalizations({
      {"capital oe", "Œuvre", "oeuvre"},
      {"small oe", "cœur", "coeur"},
      {"capital ae", "Æsir", "aesir"},
      {"small ae", "Lætitia", "laetitia"},
      {"sharp s", "ß", "ss"},
      {"sharp s in a word", "Straße", "strasse"},
      {"ij", "Ĳssel", "ijssel"},
      {"thorn", "Þór", "thor"},
  });
}

TEST(NormalizeForMatch, FoldsOtherLatinLetters) {
  ExpectNormalizations({
      {"Polish", "Łódź", "lodz"},
      {"Czech", "Dvořák", "dvorak"},
      {"Turkish", "İlkay Gündoğan", "ilkay gundogan"},
      {"dotless i", "ı", "i"},
      {"Scandinavian", "Øre Åsa", "ore asa"},
      {"Spanish", "Peña", "pena"},
      {"Hungarian", "Erdős", "erdos"},
      {"Croatian", "Đurđa", "durda"},
      {"long s", "ſ", "s"},
  });
}

TEST(NormalizeForMatch, CollapsesAndTrimsWhiteSpace) {
  ExpectNormalizations({
      {"spaces", "  LUCAS   Martin ", "lucas martin"},
      {"tabs and newlines", "Lucas\t\tMartin\r\n", "lucas martin"},
      {"vertical tab and form feed", "a\vb\fc", "a b c"},
      {"no-break space (U+00A0)", "Lucas\u00a0Martin", "lucas martin"},
      {"narrow no-break space (U+202F)", "Lucas\u202fMartin",
       "lucas martin"},
      {"empty", "", ""},
      {"only white space", " \t\n ", ""},
  });
}

TEST(NormalizeForMatch, HyphensAndDashesSeparateWordsLikeSpaces) {
  ExpectNormalizations({
      {"hyphen-minus", "Jean-Pierre", "jean pierre"},
      {"space", "Jean Pierre", "jean pierre"},
      {"en dash (U+2013)", "jean–pierre", "jean pierre"},
      {"em dash (U+2014)", "JEAN—PIERRE", "jean pierre"},
      {"hyphen (U+2010)", "Jean‐Pierre", "jean pierre"},
      {"non-breaking hyphen (U+2011)", "Jean‑Pierre", "jean pierre"},
      {"figure dash (U+2012)", "Jean‒Pierre", "jean pierre"},
      {"horizontal bar (U+2015)", "Jean―Pierre", "jean pierre"},
      {"hyphen surrounded by spaces", "Jean - Pierre", "jean pierre"},
      {"leading and trailing hyphens", "-Jean-", "jean"},
      {"double-barrelled surname", "Martin-Dupont Lucas",
       "martin dupont lucas"},
  });
}

TEST(NormalizeForMatch, JeanPierreIsOneNameHoweverWritten) {
  const std::string expected = NormalizeForMatch("Jean-Pierre");
  for (const char* variant :
       {"Jean Pierre", "jean–pierre", "JEAN-PIERRE", "Jean—Pierre",
        "  jean   pierre ", "Jean.Pierre"}) {
    EXPECT_EQ(NormalizeForMatch(variant), expected) << variant;
  }
  EXPECT_EQ(expected, "jean pierre");
}

TEST(NormalizeForMatch, ApostrophesSeparateWords) {
  ExpectNormalizations({
      {"ASCII apostrophe", "d'Artagnan", "d artagnan"},
      {"typographic apostrophe (U+2019)", "D’Artagnan", "d artagnan"},
      {"left single quote (U+2018)", "D‘Artagnan", "d artagnan"},
      {"in a first name", "N'Golo", "n golo"},
  });
  EXPECT_EQ(NormalizeForMatch("d'Artagnan"), NormalizeForMatch("D’Artagnan"));
}

TEST(NormalizeForMatch, DotsAndUnderscoresSeparateWords) {
  ExpectNormalizations({
      {"initials", "J.-P. Martin", "j p martin"},
      {"saint", "St.Étienne", "st etienne"},
      {"underscore", "lucas_martin", "lucas martin"},
  });
}

TEST(NormalizeForMatch, DecomposedInputFoldsLikeComposed) {
  // NFD: a base letter followed by a combining mark (U+0300..U+036F).
  ExpectNormalizations({
      {"e + combining acute", "e\xcc\x81", "e"},
      {"E + combining acute", "E\xcc\x81", "e"},
      {"NFD Hélène", "He\xcc\x81le\xcc\x80ne", "helene"},
      {"c + combining cedilla", "Franc\xcc\xa7ois", "francois"},
      {"several marks on one letter", "a\xcc\x81\xcc\x88\xcc\xa3", "a"},
      {"a lone combining mark", "\xcc\x81", ""},
  });
  EXPECT_EQ(NormalizeForMatch("He\xcc\x81le\xcc\x80ne"),
            NormalizeForMatch("Hélène"));
}

TEST(NormalizeForMatch, DropsInvalidUtf8Bytes) {
  ExpectNormalizations({
      {"0xFF in a word", "Lu\xff" "cas", "lucas"},
      {"0xFE", "\xfe" "abc", "abc"},
      {"stray continuation byte", "\x80" "abc", "abc"},
      {"several stray continuation bytes", "a\x80\xbf\x80" "b", "ab"},
      {"lead byte followed by ASCII", "a\xc3" "b", "ab"},
      {"three-byte lead followed by ASCII", "a\xe2" "bc", "abc"},
      {"Latin-1 instead of UTF-8", "H\xe9l\xe8ne", "hlne"},
      {"five-byte lead", "a\xf8\x88\x80\x80\x80" "b", "ab"},
  });
}

TEST(NormalizeForMatch, DropsATruncatedSequenceAtTheEnd) {
  ExpectNormalizations({
      {"half of é", "abc\xc3", "abc"},
      {"two thirds of –", "abc\xe2\x80", "abc"},
      {"one third of –", "abc\xe2", "abc"},
      {"three quarters of an emoji", "abc\xf0\x9f\x98", "abc"},
      {"only a truncated sequence", "\xc3", ""},
  });
}

TEST(NormalizeForMatch, KeepsTheCompleteSequenceJustBeforeTheEnd) {
  // The last complete sequence must not be taken for a truncated one.
  ExpectNormalizations({
      {"two bytes at the end", "abc\xc3\xa9", "abce"},
      {"three bytes at the end", "abc\xe6\x9d\xb1", "abc\xe6\x9d\xb1"},
      {"four bytes at the end", "abc\xf0\x9f\x98\x80",
       "abc\xf0\x9f\x98\x80"},
      {"one two-byte character only", "\xc3\xa9", "e"},
  });
}

TEST(NormalizeForMatch, DropsOverlongAndOutOfRangeEncodings) {
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are
  // not UTF-8 (RFC 3629); decoding them would guess, and copying them would
  // put invalid UTF-8 in the output.
  ExpectNormalizations({
      {"overlong 'A' (C1 81)", "x\xc1\x81y", "xy"},
      {"overlong '.' (C0 AE) is not a separator", "a\xc0\xae" "b", "ab"},
      {"overlong NUL (C0 80)", "a\xc0\x80" "b", "ab"},
      {"overlong three-byte 'A'", "a\xe0\x81\x81" "b", "ab"},
      {"overlong four-byte 'A'", "a\xf0\x80\x81\x81" "b", "ab"},
      {"surrogate U+D800", "a\xed\xa0\x80" "b", "ab"},
      {"surrogate U+DFFF", "a\xed\xbf\xbf" "b", "ab"},
      {"U+110000", "a\xf4\x90\x80\x80" "b", "ab"},
      {"F5 lead", "a\xf5\x80\x80\x80" "b", "ab"},
  });
}

TEST(NormalizeForMatch, KeepsTheLargestValidCodePoints) {
  ExpectNormalizations({
      {"U+FFFD", "a\xef\xbf\xbd", "a\xef\xbf\xbd"},
      {"U+D7FF", "a\xed\x9f\xbf", "a\xed\x9f\xbf"},
      {"U+E000", "a\xee\x80\x80", "a\xee\x80\x80"},
      {"U+10FFFF", "a\xf4\x8f\xbf\xbf", "a\xf4\x8f\xbf\xbf"},
      {"U+0080", "a\xc2\x80", "a\xc2\x80"},
      {"U+0800", "a\xe0\xa0\x80", "a\xe0\xa0\x80"},
      {"U+10000", "a\xf0\x90\x80\x80", "a\xf0\x90\x80\x80"},
  });
}

TEST(NormalizeForMatch, KeepsNonLatinCharactersUnchanged) {
  ExpectNormalizations({
      {"Greek", "Αθηνά Παπαδοπούλου", "Αθηνά Παπαδοπούλου"},
      {"Cyrillic", "Наталья", "Наталья"},
      {"CJK", "東京", "東京"},
      {"Arabic", "محمد", "محمد"},
      {"emoji", "😀", "😀"},
      {"mixed with Latin", "Élise 東京-Ωmega", "elise 東京 Ωmega"},
      {"multiplication sign", "2×3", "2×3"},
      {"division sign", "6÷2", "6÷2"},
  });
}

TEST(NormalizeForMatch, KeepsAsciiPunctuationAndDigits) {
  ExpectNormalizations({
      {"digits", "Louis XIV 1638", "louis xiv 1638"},
      {"other punctuation", "a,b;c(d)", "a,b;c(d)"},
  });
}

TEST(NormalizeForMatch, InvalidBytesAndMarksDoNotBreakWordSeparation) {
  ExpectNormalizations({
      {"invalid byte between words", "Jean \xff Pierre", "jean pierre"},
      {"mark after a space", "Jean \xcc\x81Pierre", "jean pierre"},
      {"invalid byte before the end", "Jean \xff", "jean"},
  });
}

TEST(NormalizeForMatch, IsIdempotent) {
  for (const char* input :
       {"  LUCAS   Martin ", "Hélène", "D’Artagnan", "Œuvre", "Straße",
        "He\xcc\x81le\xcc\x80ne", "Αθηνά", "a\xff" "b", "J.-P. Martin"}) {
    const std::string once = NormalizeForMatch(input);
    EXPECT_EQ(NormalizeForMatch(once), once) << input;
  }
}

TEST(IsValidUtf8, AcceptsFrenchTextAndRefusesWhatProtobufRefuses) {
  EXPECT_TRUE(IsValidUtf8("Hélène Œuvre — 12 €"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("caf\xC3"));            // truncated
}

TEST(IsPrintableUtf8, RefusesControlCharactersOfEveryRange) {
  EXPECT_TRUE(IsPrintableUtf8("Mme Élodie Moreau"));
  EXPECT_FALSE(IsPrintableUtf8("a\tb"));
  EXPECT_FALSE(IsPrintableUtf8("a\nb"));
  EXPECT_FALSE(IsPrintableUtf8("a\x7F"));
  EXPECT_FALSE(IsPrintableUtf8("a\xC2\x85"));  // NEL, a C1 control
  EXPECT_FALSE(IsPrintableUtf8("\xC0\xAF"));
}

}  // namespace
}  // namespace suivi
