#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth {
namespace tokenizer_test {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (WordTokenizer t(text); t.next();) out.emplace_back(t.word());
  return out;
}

using Words = std::vector<std::string>;

TEST(Tokenizer, EmptyAndBlankTextHaveNoWords) {
  EXPECT_EQ(words(""), Words{});
  EXPECT_EQ(words("  \t\n "), Words{});
  EXPECT_EQ(words("«»،؛؟!"), Words{});
}

TEST(Tokenizer, SplitsOnSpaces) { EXPECT_EQ(words("كتب  الولد"), (Words{"كتب", "الولد"})); }

TEST(Tokenizer, ArabicPunctuationSeparatesWords) {
  EXPECT_EQ(words("نعم،لا؛ربما؟«هنا»"), (Words{"نعم", "لا", "ربما", "هنا"}));
}

TEST(Tokenizer, HarakatTatweelAndZwnjStayInsideWords) {
  EXPECT_EQ(words("مُحَمَّد الســلام سو\u200Cريا"), (Words{"مُحَمَّد", "الســلام", "سو\u200Cريا"}));
}

TEST(Tokenizer, NumbersStayWhole) {
  EXPECT_EQ(words("عام 2014 بنسبة 3.4 و1,000"), (Words{"عام", "2014", "بنسبة", "3.4", "و1,000"}));
  EXPECT_EQ(words("٣٫٤ و٢٠١٤"), (Words{"٣٫٤", "و٢٠١٤"}));
}

TEST(Tokenizer, SentenceFinalDotIsNotPartOfANumber) {
  EXPECT_EQ(words("في 2014. ثم"), (Words{"في", "2014", "ثم"}));
  EXPECT_EQ(words("1,2,"), (Words{"1,2"}));
}

TEST(Tokenizer, LatinWordsAreKept) {
  EXPECT_EQ(words("شركة Sony Pictures (CNN)"), (Words{"شركة", "Sony", "Pictures", "CNN"}));
}

TEST(Tokenizer, ApostropheBetweenLettersStays) {
  EXPECT_EQ(words("don't 'quoted' O’Brien"), (Words{"don't", "quoted", "O’Brien"}));
}

TEST(Tokenizer, ReportsByteOffsets) {
  WordTokenizer t("أ بب");
  ASSERT_TRUE(t.next());
  EXPECT_EQ(t.begin(), 0u);
  EXPECT_EQ(t.end(), 2u);
  ASSERT_TRUE(t.next());
  EXPECT_EQ(t.begin(), 3u);
  EXPECT_EQ(t.end(), 7u);
  EXPECT_FALSE(t.next());
  EXPECT_FALSE(t.next());
}

TEST(Tokenizer, InvalidUtf8SeparatesWords) {
  EXPECT_EQ(words(std::string("ab\xFF") + "cd"), (Words{"ab", "cd"}));
  EXPECT_EQ(words(std::string("\xD8")), Words{});
}

TEST(Tokenizer, ReplacementCharacterAndSymbolsSeparate) {
  EXPECT_EQ(words("أ\uFFFDب $ 5%"), (Words{"أ", "ب", "5"}));
}

TEST(Tokenizer, LongWordIsOneToken) {
  std::string text(100000, 'a');
  EXPECT_EQ(words(text).size(), 1u);
}

}  // namespace
}  // namespace tokenizer_test
}  // namespace bahth
