#include "bahth/analyzer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/word_prefilter.h"
#include "bahth/error.h"

namespace bahth {
namespace analyzer_test {
namespace {

using Words = std::vector<std::string>;

TEST(Analyzer, NoneStemmerGivesNormalizedWords) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  EXPECT_EQ(analyzer.stems("إنّ الـمدرسةَ ٢٠١٤"), (Words{"ان", "المدرسه", "2014"}));
}

TEST(Analyzer, NameRecordsNormalizerAndStemmer) {
  EXPECT_EQ(Analyzer::make(StemmerKind::none).name(), "norm1+none");
  EXPECT_EQ(Analyzer::make(StemmerKind::light).name().rfind("norm1+light", 0), 0u);
}

TEST(Analyzer, SnowballIsNotBuiltHere) {
  EXPECT_THROW(Analyzer::make(StemmerKind::snowball), UsageError);
}

TEST(Analyzer, ParsesStemmerNames) {
  EXPECT_EQ(parse_stemmer_kind("light"), StemmerKind::light);
  EXPECT_EQ(parse_stemmer_kind("snowball"), StemmerKind::snowball);
  EXPECT_EQ(parse_stemmer_kind("none"), StemmerKind::none);
  EXPECT_THROW(parse_stemmer_kind("porter"), UsageError);
}

TEST(TermStream, ReportsSurfaceOffsetsAndPositions) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  const std::string text = "قالَ «أوباما» ٢٠١٤";
  TermStream terms(analyzer, text);
  ASSERT_TRUE(terms.next());
  EXPECT_EQ(terms.term().surface, "قالَ");
  EXPECT_EQ(terms.term().offset, 0u);
  EXPECT_EQ(terms.term().normalized, "قال");
  EXPECT_EQ(terms.term().position, 0u);
  ASSERT_TRUE(terms.next());
  EXPECT_EQ(terms.term().surface, "أوباما");
  EXPECT_EQ(text.substr(terms.term().offset, terms.term().surface.size()), "أوباما");
  EXPECT_EQ(terms.term().normalized, "اوباما");
  EXPECT_EQ(terms.term().position, 1u);
  ASSERT_TRUE(terms.next());
  EXPECT_EQ(terms.term().normalized, "2014");
  EXPECT_EQ(terms.term().position, 2u);
  EXPECT_FALSE(terms.next());
}

TEST(TermStream, OnDemandStemmingGivesTheSameStemsWhenAsked) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::light);
  const std::string text = "والمدرسة الكبيرة، كتبوا ٢٠١٤ ﷺ";
  TermStream eager(analyzer, text);
  TermStream lazy(analyzer, text, TermStream::Stemming::on_demand);
  std::size_t terms = 0;
  while (eager.next()) {
    ASSERT_TRUE(lazy.next());
    EXPECT_TRUE(lazy.term().stem.empty());
    EXPECT_EQ(lazy.term().normalized, eager.term().normalized);
    EXPECT_EQ(lazy.term().offset, eager.term().offset);
    EXPECT_EQ(lazy.term().position, eager.term().position);
    EXPECT_EQ(lazy.stem(), eager.term().stem);
    EXPECT_EQ(lazy.stem(), eager.term().stem);  // asking twice is the same
    ++terms;
  }
  EXPECT_FALSE(lazy.next());
  EXPECT_GE(terms, 7u);  // the ligature ﷺ is four words
}

TEST(TermStream, WordFilterSkipsWordsBeforeNormalizing) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  TermStream terms(analyzer, "قالَ الوزير إنّ الوزارة");
  std::vector<std::string> seen_surfaces;
  terms.set_word_filter([&seen_surfaces](std::string_view surface) {
    seen_surfaces.emplace_back(surface);
    return surface.find("وز") != std::string_view::npos;
  });
  Words kept;
  while (terms.next()) kept.emplace_back(terms.term().normalized);
  EXPECT_EQ(kept, (Words{"الوزير", "الوزاره"}));
  EXPECT_EQ(seen_surfaces.size(), 4u);  // asked once per surface word
  terms.set_word_filter({});
  terms.reset("قالَ الوزير");
  kept.clear();
  while (terms.next()) kept.emplace_back(terms.term().normalized);
  EXPECT_EQ(kept, (Words{"قال", "الوزير"}));
}

// normalized_byte_signature(raw) must cover byte_signature(normalize(raw)): snippets skip words
// on it before normalizing them. Every kind of character the normalizer changes or drops.
TEST(ByteSignature, OfRawTextCoversTheSignatureOfItsNormalizedForm) {
  const std::vector<std::string> texts{
      "أإآٱ ى ة ی ک ہ ھ ۀ ۃ",             // letters folded by the table
      "الإِسْلَامُ الـمدرسـة",                // harakat and tatweel
      "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٫ ٬ ، ؛ ؟",  // digits and punctuation
      "ﻻ ﷲ ﷺ ﺍﻟﺴﻼﻡ",                      // presentation forms and ligatures (ICU)
      "أ ؤ",                              // combining hamza (ICU)
      "Sony ÉCOLE Straße ﬁ",              // Latin case folding
      "‏نص‎ ⁧x⁩",               // bidi and zero-width characters
      std::string("Ø§ÿÃ(â", 7),    // invalid UTF-8
      "",
  };
  for (const std::string& text : texts) {
    const std::uint64_t normalized = byte_signature(normalize(text));
    EXPECT_EQ(normalized & ~normalized_byte_signature(text), 0u) << text;
  }
  EXPECT_EQ(byte_signature("ab") & ~byte_signature("xaby"), 0u);
  EXPECT_NE(byte_signature("q") & ~byte_signature("ab"), 0u);
}

// The table path of normalized_byte_signature() gives what the normalizer writes for each
// character of the Arabic block: exactly its bytes' signature, or every bit for the few that
// only ICU normalizes; also after a character the tables skip (a bidi mark), and on cut
// sequences.
TEST(ByteSignature, EveryArabicCharacterAsTheNormalizerWritesIt) {
  constexpr std::uint64_t kEveryBit = ~std::uint64_t{0};
  for (char32_t cp = 0x0600; cp <= 0x06FF; ++cp) {
    std::string character;
    character.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    character.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    const bool only_icu = (cp >= 0x0653 && cp <= 0x0655) || (cp >= 0x0675 && cp <= 0x0678);
    for (const std::string& text : {character, "Ab" + character + "c", "\u200F" + character}) {
      const std::uint64_t signature = normalized_byte_signature(text);
      if (only_icu) {
        EXPECT_EQ(signature, kEveryBit) << std::hex << static_cast<std::uint32_t>(cp);
      } else {
        EXPECT_EQ(signature, byte_signature(normalize(text)))
            << std::hex << static_cast<std::uint32_t>(cp) << " " << text;
      }
    }
  }
  for (const std::string text : {"\xD8",
                                 "\xD8"
                                 "A",
                                 "\xDB\xDB\x80", "\xD9\xA7\xC3"}) {
    EXPECT_EQ(byte_signature(normalize(text)) & ~normalized_byte_signature(text), 0u);
  }
}

// A chunk runs from the first non-space byte to the next ASCII white space, with the signature
// normalized_byte_signature() gives it; past the last one, begin == end == the text's size.
TEST(ByteSignature, ChunksAreCutAtWhiteSpaceAndSigned) {
  const std::string text = "  قال: «سوريا»،\tو\fABC\v\r\nﻻ x  ";
  std::vector<std::string> chunks;
  for (std::size_t at = 0;;) {
    const SignedChunk chunk = next_signed_chunk(text, at);
    if (chunk.begin == chunk.end) {
      EXPECT_EQ(chunk.begin, text.size());
      break;
    }
    const std::string_view piece =
        std::string_view(text).substr(chunk.begin, chunk.end - chunk.begin);
    EXPECT_EQ(chunk.signature, normalized_byte_signature(piece)) << piece;
    chunks.emplace_back(piece);
    at = chunk.end;
  }
  EXPECT_EQ(chunks, (Words{"قال:", "«سوريا»،", "و", "ABC", "ﻻ", "x"}));
}

TEST(TermStream, OnlyLightAndNoneStemsAreSubstrings) {
  EXPECT_TRUE(make_light_stemmer()->stems_are_substrings());
  EXPECT_TRUE(make_null_stemmer()->stems_are_substrings());
}

TEST(TermStream, WordOfOnlyMarksYieldsNoTerm) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  EXPECT_EQ(analyzer.stems("\u064E\u064F ـــ كتب"), Words{"كتب"});
}

TEST(TermStream, LigatureExpandsToSeveralTermsFromOneSurfaceWord) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  TermStream terms(analyzer, "النبي ﷺ قال");
  std::vector<std::string> normalized;
  std::vector<std::string> surfaces;
  while (terms.next()) {
    normalized.emplace_back(terms.term().normalized);
    surfaces.emplace_back(terms.term().surface);
  }
  EXPECT_EQ(normalized, (Words{"النبي", "صلي", "الله", "عليه", "وسلم", "قال"}));
  EXPECT_EQ(surfaces[1], "ﷺ");
  EXPECT_EQ(surfaces[4], "ﷺ");
}

TEST(TermStream, SkipsOverlongWords) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  const std::string junk(TermStream::kMaxWordBytes + 1, 'x');
  EXPECT_EQ(analyzer.stems("a " + junk + " b"), (Words{"a", "b"}));
}

TEST(TermStream, ResetStartsPositionsAgain) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  TermStream terms(analyzer, "a b");
  while (terms.next()) {
  }
  terms.reset("c");
  ASSERT_TRUE(terms.next());
  EXPECT_EQ(terms.term().normalized, "c");
  EXPECT_EQ(terms.term().position, 0u);
}

TEST(TermStream, SurfaceVariantsGiveTheSameTerms) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::light);
  const Words plain = analyzer.stems("الاسلام مستشفي المدرسه 2014");
  EXPECT_EQ(analyzer.stems("الإسلام مستشفى المدرسة ٢٠١٤"), plain);
  EXPECT_EQ(analyzer.stems("الإِسْلَامُ مُسْتَشْفَى الـمَدْرَسَةُ ۲۰۱۴"), plain);
}

TEST(Stopwords, ListedWordsAreStopwordsInNormalizedForm) {
  EXPECT_TRUE(is_stopword("في"));
  EXPECT_TRUE(is_stopword(normalize("إلى")));
  EXPECT_FALSE(is_stopword("سوريا"));
  EXPECT_FALSE(is_stopword(""));
}

// The list is normalized and sorted when bahth is built (stopwords_generator.cc): every word
// written in the file, in whatever spelling, is found once normalized, the first and last of the
// sorted list too, and words that only start like one are not.
TEST(Stopwords, EveryWordOfTheFileIsFoundOnceNormalized) {
  std::ifstream file(BAHTH_STOPWORDS_FILE);
  ASSERT_TRUE(file) << BAHTH_STOPWORDS_FILE;
  std::size_t words = 0;
  for (std::string line; std::getline(file, line);) {
    for (WordTokenizer tokens(std::string_view(line).substr(0, line.find('#'))); tokens.next();) {
      EXPECT_TRUE(is_stopword(normalize(tokens.word()))) << tokens.word();
      ++words;
    }
  }
  EXPECT_GT(words, 200u);
  EXPECT_FALSE(is_stopword("فيسبوك"));
  EXPECT_FALSE(is_stopword("ا"));
  EXPECT_FALSE(is_stopword("zzz"));
}

}  // namespace
}  // namespace analyzer_test
}  // namespace bahth
