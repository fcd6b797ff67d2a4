// The one factory of analyzers: every stemmer kind builds, and the QueryParser's Xapian::Stem
// stems exactly as the indexer's Analyzer does (queries and documents must meet).
#include "bahth/stemmers.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

#include "stemmers/xapian_stem.h"

namespace bahth {
namespace {

TEST(Stemmers, XapianStemMatchesAnalyzer) {
  for (StemmerKind kind : {StemmerKind::light, StemmerKind::snowball, StemmerKind::none}) {
    const Analyzer analyzer = make_analyzer(kind);
    Xapian::Stem stem = make_xapian_stem(kind);
    for (const char* word : {"والمدرسه", "الهجمات", "بلاده", "وزير", "sony"}) {
      std::string ours = word;
      analyzer.stemmer().stem(ours);
      EXPECT_EQ(stem(word), ours) << word << " with " << to_string(kind);
    }
  }
}

TEST(Stemmers, EveryKindHasItsOwnName) {
  EXPECT_NE(make_analyzer(StemmerKind::light).name(), make_analyzer(StemmerKind::snowball).name());
  EXPECT_NE(make_analyzer(StemmerKind::light).name(), make_analyzer(StemmerKind::none).name());
  EXPECT_NE(make_analyzer(StemmerKind::snowball).name(), make_analyzer(StemmerKind::none).name());
}

TEST(Stemmers, AnalysisAloneRefusesSnowballAndNamesTheFactory) {
  try {
    Analyzer::make(StemmerKind::snowball);
    FAIL() << "Analyzer::make built Xapian's stemmer";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("bahth::make_analyzer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bahth
