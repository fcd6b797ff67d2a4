// Latin and Arabizi words as Arabic letters, and the keys they share with the Arabic spellings.
#include "analysis/transliteration.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace bahth {
namespace transliteration_test {
namespace {

bool shares_a_key(const std::string& latin, const std::string& stem) {
  const std::string key = latin_match_key(stem);
  for (const std::string& k : latin_word_keys(latin)) {
    if (k == key) return true;
  }
  return false;
}

TEST(Transliteration, LatinWordsAreLettersAndArabiziDigits) {
  EXPECT_TRUE(is_latin_word("trump"));
  EXPECT_TRUE(is_latin_word("7ezb"));
  EXPECT_TRUE(is_latin_word("3abd"));
  EXPECT_FALSE(is_latin_word("2018"));   // no letter
  EXPECT_FALSE(is_latin_word("g20"));    // 0 is no Arabizi letter
  EXPECT_FALSE(is_latin_word("al"));     // too short
  EXPECT_FALSE(is_latin_word("ترامب"));  // Arabic
}

TEST(Transliteration, EnglishSpellingsAndArabiziBecomeArabicLetters) {
  EXPECT_EQ(latin_to_arabic("trump"), "ترومب");
  EXPECT_EQ(latin_to_arabic("putin"), "بوتين");
  EXPECT_EQ(latin_to_arabic("khashoggi"), "خاشوغي");  // kh, sh, a doubled g once
  EXPECT_EQ(latin_to_arabic("erdogan"), "اردوغان");   // a leading vowel is ا
  EXPECT_EQ(latin_to_arabic("7ezb"), "حيزب");
  EXPECT_EQ(latin_to_arabic("3abd"), "عابد");
}

// The letters' table gives what ICU's rules gave (checked on every word of up to four letters
// and a million longer ones, latin4): pairs before single letters, c before e i y, x as two.
TEST(Transliteration, TheRulesAreTriedInOrderTheFirstThatMatchesTaken) {
  EXPECT_EQ(latin_to_arabic("alexei"), "اليكسي");    // x كس, ei ي
  EXPECT_EQ(latin_to_arabic("chechnya"), "شيشنيا");  // ch ش
  EXPECT_EQ(latin_to_arabic("baath"), "باعث");       // aa اع, th ث
  EXPECT_EQ(latin_to_arabic("ciao"), "سياو");        // c before i
  EXPECT_EQ(latin_to_arabic("macky"), "ماكي");       // ck ك, y ي
  EXPECT_EQ(latin_to_arabic("3ayn"), "عاين");        // ay اي
  EXPECT_EQ(latin_to_arabic("Putin"), "بوتين");      // capitals as small letters
}

// Hasakah الحسكة: a final "ah" writes the ة as a final a does (Raqqa الرقة).
TEST(Transliteration, AFinalAhIsTheFeminineEnding) {
  EXPECT_DOUBLE_EQ(latin_spelling_distance(latin_to_arabic("hasakah"), "حسكة"),
                   latin_spelling_distance(latin_to_arabic("hasaka"), "حسكة"));
}

TEST(Transliteration, NamesShareAKeyWithTheOutletsSpellings) {
  EXPECT_TRUE(shares_a_key("trump", "ترامب"));
  EXPECT_TRUE(shares_a_key("trump", "ترمب"));
  EXPECT_TRUE(shares_a_key("khashoggi", "خاشقجي"));
  EXPECT_TRUE(shares_a_key("macron", "ماكرون"));
  EXPECT_TRUE(shares_a_key("erdogan", "اردوغان"));
  EXPECT_TRUE(shares_a_key("putin", "بوتين"));
  EXPECT_TRUE(shares_a_key("guterres", "غوتيريش"));
  EXPECT_TRUE(shares_a_key("guterres", "غوتيريس"));
  EXPECT_TRUE(shares_a_key("houthi", "حوثي"));
  EXPECT_TRUE(shares_a_key("raqqa", "رقه"));  // the feminine ending
  EXPECT_TRUE(shares_a_key("fatah", "فتح"));  // a final h that is ح
  EXPECT_TRUE(shares_a_key("7ezb", "حزب"));
  EXPECT_TRUE(shares_a_key("3abd", "عبد"));
  EXPECT_FALSE(shares_a_key("trump", "تراكب"));
  EXPECT_FALSE(shares_a_key("assad", "سيد"));  // a leading vowel is not a consonant
}

TEST(Transliteration, AcronymsAndShortKeysAreNotTransliterated) {
  EXPECT_TRUE(latin_word_keys("bbc").empty());  // spelled out in Arabic: بي بي سي
  EXPECT_TRUE(latin_word_keys("aaa").empty());  // no consonant
}

TEST(Transliteration, AShortKeyIsLookedForWhenTheCallerAsks) {
  EXPECT_TRUE(latin_word_keys("ezz").empty());  // one consonant: too many words share it
  EXPECT_FALSE(latin_word_keys("ezz", 1).empty());
}

// Names of two Arabic words that English runs together, cut at the word they share.
TEST(Transliteration, CompoundNamesAreCutAtTheirSharedWord) {
  struct Cut {
    std::string latin, shared, rest;
    bool shared_first;
  };
  const std::vector<Cut> cuts{
      {"abdelmalek", "عبد", "malek", true},    {"abdulaziz", "عبد", "aziz", true},
      {"abderrahman", "عبد", "rahman", true},  {"abdessalam", "عبد", "salam", true},
      {"abdrabbuh", "عبد", "rabbuh", true},    {"nasrallah", "الله", "nasra", false},
      {"hezbollah", "الله", "hezbo", false},   {"abdullah", "الله", "abdu", false},
      {"ayatollah", "الله", "ayato", false},   {"salahuddin", "الدين", "salah", false},
      {"zinedine", "الدين", "zin", false},     {"ezzeddine", "الدين", "ezz", false},
      {"fakhreddine", "الدين", "fakhr", false}};
  for (const auto& [latin, shared, rest, shared_first] : cuts) {
    const std::optional<CompoundName> compound = compound_name(latin);
    ASSERT_TRUE(compound.has_value()) << latin;
    EXPECT_EQ(compound->shared, shared) << latin;
    EXPECT_EQ(compound->rest, rest) << latin;
    EXPECT_EQ(compound->shared_first, shared_first) << latin;
  }
  // Other words, and a rest too short to be a name.
  for (const std::string latin : {"trump", "abd", "abdel", "abdi", "allah", "sardine", "ullah"}) {
    EXPECT_FALSE(compound_name(latin).has_value()) << latin;
  }
}

TEST(Transliteration, TheClosestSpellingIsTheOutlets) {
  // Putin: بوتين before باطن, though both share the key.
  EXPECT_LT(latin_spelling_distance(latin_to_arabic("putin"), "بوتين"),
            latin_spelling_distance(latin_to_arabic("putin"), "باطن"));
  EXPECT_LT(latin_spelling_distance(latin_to_arabic("houthi"), "حوثي"),
            latin_spelling_distance(latin_to_arabic("houthi"), "حيث"));
  EXPECT_EQ(latin_spelling_distance("بوتين", "بوتين"), 0);
}

TEST(Transliteration, AnSBetweenVowelsIsAlsoZ) {
  EXPECT_EQ(latin_renderings("theresa"), (std::vector<std::string>{"ثيريسا", "ثيريزا"}));
  EXPECT_EQ(latin_renderings("assad").size(), 1U);  // a doubled s is س
  EXPECT_EQ(latin_renderings("kushner").size(), 1U);
  // Its key too: تيريزا shares the second, ترس (of ترسانة) the first only.
  const std::vector<std::string> keys = latin_word_keys("theresa");
  EXPECT_NE(std::find(keys.begin(), keys.end(), latin_match_key("تيريزا")), keys.end());
  // ث and ت one Latin letter, th; the ز of the second rendering costs kVoicedSCost.
  EXPECT_EQ(latin_spelling_distance(latin_renderings("theresa"), "تيريزا"), 0.25 + kVoicedSCost);
  // Musa موسى keeps its س: the first rendering's distance, at no extra cost.
  EXPECT_EQ(latin_spelling_distance(latin_renderings("musa"), "موسي"),
            latin_spelling_distance(latin_to_arabic("musa"), "موسي"));
}

TEST(Transliteration, TheStressedVowelWrittenLongIsTheCloserSpelling) {
  // Salah: صلاح writes its last a long, صالح its first; Boris: بوريس writes the i, برس nothing.
  EXPECT_LT(latin_spelling_distance(latin_to_arabic("salah"), "صلاح"),
            latin_spelling_distance(latin_to_arabic("salah"), "صالح"));
  EXPECT_EQ(latin_spelling_distance(latin_to_arabic("boris"), "برس"), 0.25 + kStressedVowelCost);
  // Before two consonants a vowel is short: Bakr is بكر at a quarter.
  EXPECT_EQ(latin_spelling_distance(latin_to_arabic("bakr"), "بكر"), 0.25);
}

TEST(Transliteration, CommonWordsAreTheDictionarysNotNames) {
  EXPECT_TRUE(is_common_word("ترس"));
  EXPECT_TRUE(is_common_word("سلاح"));
  EXPECT_TRUE(is_common_word("السلاح"));  // its article read off
  EXPECT_FALSE(is_common_word("تيريزا"));
  EXPECT_FALSE(is_common_word("بوريس"));
}

TEST(Transliteration, FirstLettersCoverTheKeysClass) {
  const std::vector<std::string> letters = key_first_letters(latin_word_keys("houthi"));
  EXPECT_NE(std::find(letters.begin(), letters.end(), "ح"), letters.end());
  EXPECT_NE(std::find(letters.begin(), letters.end(), "ه"), letters.end());
}

TEST(Transliteration, SkeletonIsTheVariantLearners) {
  EXPECT_EQ(consonant_skeleton("ترامب"), consonant_skeleton("ترمب"));
  EXPECT_EQ(consonant_skeleton("غوتيريش"), consonant_skeleton("غوتيريس"));
  EXPECT_EQ(consonant_skeleton("ترامب"), "ترمب");
  EXPECT_EQ(consonant_skeleton("trump"), "");
}

// Latin words in a row read as one name: the exonym table's longest form first, then the rules
// for an article, Abd, allah or din, and a particle before a name.
TEST(LatinNameSpans, TheTablesLongestFormFirstThenTheRules) {
  using Words = std::vector<std::string>;
  auto spans_of = [](const Words& words) {
    std::vector<std::string> out;
    for (const LatinNameSpan& s : latin_name_spans(words)) {
      out.push_back(std::to_string(s.first) + "+" + std::to_string(s.count) + ":" + s.lookup +
                    (s.particle ? "/" + std::string(s.particle->shared) : ""));
    }
    return out;
  };
  using Spans = std::vector<std::string>;
  EXPECT_EQ(spans_of({"abu", "dhabi"}), Spans{"0+2:abu dhabi"});  // the table, not abu + dhabi
  EXPECT_EQ(spans_of({"saudi", "arabia"}), Spans{"0+2:saudi arabia"});  // not saudi alone
  EXPECT_EQ(spans_of({"hotels", "in", "hong", "kong"}), Spans{"2+2:hong kong"});
  EXPECT_EQ(spans_of({"abu", "bakr"}), Spans{"0+2:bakr/أبو"});  // a particle: the rule
  EXPECT_EQ(spans_of({"mohammed", "bin", "salman"}), Spans{"1+2:salman/بن"});
  EXPECT_EQ(spans_of({"bashar", "al", "assad"}), Spans{"1+2:assad"});  // an article
  EXPECT_EQ(spans_of({"deir", "ez", "zor"}), Spans{"1+2:zor"});        // its sun-letter form
  EXPECT_EQ(spans_of({"ez", "bakr"}), Spans{});  // ez is the article before z only
  EXPECT_EQ(spans_of({"abdel", "fattah"}), Spans{"0+2:abdelfattah"});  // joined: a compound
  EXPECT_EQ(spans_of({"abd", "al", "malek"}), Spans{"0+3:abdalmalek"});
  EXPECT_EQ(spans_of({"nasr", "allah"}), Spans{"0+2:nasrallah"});
  EXPECT_EQ(spans_of({"salah", "al", "din"}), Spans{"0+3:salahaldin"});
  EXPECT_EQ(spans_of({"donald", "trump"}), Spans{});  // two names: each a word of its own
  EXPECT_EQ(spans_of({"bin"}), Spans{});
  EXPECT_EQ(spans_of({}), Spans{});
}

TEST(LatinNameSpans, NamePartsAreLatinWordsAndTwoLetterParticles) {
  EXPECT_TRUE(is_latin_name_part("al"));
  EXPECT_TRUE(is_latin_name_part("dhabi"));
  EXPECT_TRUE(is_latin_name_part("7ezb"));
  EXPECT_FALSE(is_latin_name_part("a"));
  EXPECT_FALSE(is_latin_name_part("g2"));
  EXPECT_FALSE(is_latin_name_part("بن"));
}

}  // namespace
}  // namespace transliteration_test
}  // namespace bahth
