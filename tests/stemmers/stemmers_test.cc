// The one analysis value: every stemmer kind builds, and the QueryParser's Xapian::Stem stems
// exactly as the indexer's Analyzer does (queries and documents must meet).
#include "bahth/stemmers.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <thread>
#include <vector>

namespace bahth {
namespace stemmers_test {
namespace {

TEST(Stemmers, XapianStemMatchesAnalyzer) {
  for (StemmerKind kind : {StemmerKind::light, StemmerKind::snowball, StemmerKind::none}) {
    const Analysis analysis(kind);
    const Analyzer& analyzer = analysis.analyzer();
    const Xapian::Stem& stem = analysis.xapian_stem();
    for (const char* word : {"والمدرسه", "الهجمات", "بلاده", "وزير", "sony"}) {
      std::string ours = word;
      analyzer.stemmer().stem(ours);
      EXPECT_EQ(stem(word), ours) << word << " with " << to_string(kind);
    }
  }
}

TEST(Stemmers, EveryKindHasItsOwnName) {
  const Analysis light(StemmerKind::light);
  const Analysis snowball(StemmerKind::snowball);
  const Analysis none(StemmerKind::none);
  EXPECT_NE(light.name(), snowball.name());
  EXPECT_NE(light.name(), none.name());
  EXPECT_NE(snowball.name(), none.name());
  EXPECT_EQ(light.name(), light.analyzer().name());
  EXPECT_EQ(light.kind(), StemmerKind::light);
  EXPECT_TRUE(snowball.stems());
  EXPECT_FALSE(none.stems());
}

// The indexer's analysis threads share one Analysis: Snowball's stemmer, which keeps state while
// it stems, must give every thread the stems it gives one (and ThreadSanitizer or ASan nothing
// to report).
TEST(Stemmers, OneSnowballAnalysisServesManyThreads) {
  const Analysis analysis(StemmerKind::snowball);
  const std::vector<std::string> words{"والمدرسه", "الهجمات", "بلاده", "المعلمين", "سيكتبونها"};
  std::vector<std::string> expected;
  expected.reserve(words.size());
  for (const std::string& word : words) expected.push_back(analysis.analyzer().stems(word).at(0));
  std::vector<int> mismatches(4, 0);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 2000; ++round) {
          const std::size_t i = (t + static_cast<std::size_t>(round)) % words.size();
          if (analysis.analyzer().stems(words[i]).at(0) != expected[i]) ++mismatches[t];
        }
      });
    }
  }
  for (const int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(Stemmers, AnalysisAloneRefusesSnowballAndNamesTheFactory) {
  try {
    Analyzer::make(StemmerKind::snowball);
    FAIL() << "Analyzer::make built Xapian's stemmer";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("bahth::Analysis"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stemmers_test
}  // namespace bahth
