#include "analysis/exonyms.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "analysis/transliteration.h"
#include "bahth/analyzer.h"

namespace bahth {
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

// Every line of data/exonyms-en-ar.txt: English forms a query can hold as one Latin word, each
// spelling one Arabic word (the search stems it to one term) or a few (searched as a phrase),
// separated by one space.
TEST(Exonyms, EveryEntryIsOneLatinWordWithArabicWords) {
  std::size_t names = 0;
  for (const std::string_view name :
       {"egypt", "aleppo", "damascus", "baghdad", "cairo", "johnson", "houthis", "uae"}) {
    EXPECT_FALSE(exonym_spellings(name).empty()) << name;
  }
  for (const std::string_view name : exonym_names()) {
    ++names;
    EXPECT_TRUE(is_latin_word(name)) << name;
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
}  // namespace bahth
