#include "analysis/exonyms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/transliteration.h"
#include "bahth/analyzer.h"

namespace bahth {
namespace exonyms_test {
namespace {

using Spellings = std::vector<std::string_view>;

TEST(Exonyms, NamesEnglishWritesItsOwnWayHaveTheArabicSpellings) {
  EXPECT_EQ(exonym_spellings("aleppo"), Spellings{"حلب"});
  EXPECT_EQ(exonym_spellings("morocco"), Spellings{"المغرب"});
  EXPECT_EQ(exonym_spellings("tripoli"), Spellings{"طرابلس"});
  EXPECT_EQ(exonym_spellings("sisi"), Spellings{"السيسي"});
  EXPECT_EQ(exonym_spellings("sissi"), Spellings{"السيسي"});  // every English form of a line
  EXPECT_EQ(exonym_spellings("america"), (Spellings{"أمريكا", "أميركا"}));
}

// A name Arabic writes as two words: the spelling keeps both, with the space between.
TEST(Exonyms, ASpellingMayBeSeveralWords) {
  EXPECT_EQ(exonym_spellings("hezbollah"), Spellings{"حزب الله"});
  EXPECT_EQ(exonym_spellings("ramallah"), Spellings{"رام الله"});
  EXPECT_EQ(exonym_spellings("abdullah"), (Spellings{"عبد الله", "عبدالله"}));
}

TEST(Exonyms, OtherWordsHaveNone) {
  EXPECT_TRUE(exonym_spellings("facebook").empty());
  EXPECT_TRUE(exonym_spellings("Aleppo").empty());  // query words come lower case
  EXPECT_TRUE(exonym_spellings("").empty());
  EXPECT_TRUE(exonym_spellings("# countries of the region and its neighbours").empty());
}

// A name English writes as several words: the form keeps them, one space between.
TEST(Exonyms, AnEnglishFormMayBeSeveralWords) {
  EXPECT_EQ(exonym_spellings("abu dhabi"), (Spellings{"أبو ظبي", "أبوظبي"}));
  EXPECT_EQ(exonym_spellings("hong kong"), (Spellings{"هونغ كونغ", "هونج كونج"}));
  EXPECT_EQ(exonym_spellings("new york"), (Spellings{"نيويورك", "نيو يورك"}));
  EXPECT_TRUE(exonym_spellings("abu  dhabi").empty());
}

// Every line of data/exonyms-en-ar.txt: English forms a query can hold as Latin words in a row
// (at most kMaxLatinNameWords, one space between), each spelling one Arabic word (the search
// stems it to one term) or a few (searched as a phrase), separated by one space.
TEST(Exonyms, EveryEntryIsLatinWordsWithArabicWords) {
  std::size_t names = 0;
  for (const std::string_view name :
       {"egypt", "aleppo", "damascus", "baghdad", "cairo", "johnson", "houthis", "uae"}) {
    EXPECT_FALSE(exonym_spellings(name).empty()) << name;
  }
  for (const std::string_view name : exonym_names()) {
    ++names;
    std::size_t latin_words = 0;
    for (std::size_t from = 0; from <= name.size(); ++latin_words) {
      const std::size_t end = std::min(name.find(' ', from), name.size());
      const std::string_view word = name.substr(from, end - from);
      EXPECT_TRUE(is_latin_name_part(word)) << name;
      from = end + 1;
    }
    EXPECT_LE(latin_words, kMaxLatinNameWords) << name;
    EXPECT_EQ(normalize(name), name) << name;  // as a query word is
    for (const std::string_view spelling : exonym_spellings(name)) {
      std::size_t words = 0;
      for (WordTokenizer t(spelling); t.next();) ++words;
      EXPECT_GE(words, 1U) << name << ": " << spelling;
      EXPECT_LE(words, 3U) << name << ": " << spelling;
      EXPECT_EQ(spelling.find("  "), std::string_view::npos) << name << ": " << spelling;
      for (WordTokenizer t(spelling); t.next();) {
        EXPECT_FALSE(consonant_skeleton(normalize(t.word())).empty()) << name << ": " << spelling;
      }
    }
  }
  EXPECT_GE(names, 100U);
}

}  // namespace
}  // namespace exonyms_test
}  // namespace bahth
