// `bahth stats` as render writes it.
#include "gtest/gtest.h"
#include "render/report.h"

namespace bahth::render {
namespace stats_text_test {
namespace {

TEST(StatsText, AlignedFactsAndSectionsWithIndexTextInert) {
  IndexSummary s;
  s.db_path = "news";
  s.documents = 301;
  s.shards = 2;
  s.stemmer = "light";
  s.analyzer = "norm1+light3+lex1";
  s.first_date = "2018-01-13";
  s.last_date = "2018-10-20";
  s.undated = 11;
  s.distinct_terms = 37553;
  s.average_words = 382.6;
  s.disk_bytes = 5'100'000;
  s.sections = {{"middleEast", 98}, {"evil\x1b[2J", 3}};
  EXPECT_EQ(stats_text(s),
            "index      news\n"
            "documents  301\n"
            "shards     2\n"
            "analysis   --stemmer light (norm1+light3+lex1)\n"
            "dates      2018-01-13 … 2018-10-20 (11 undated)\n"
            "terms      37553 distinct; 383 words per document on average\n"
            "on disk    5.1 MB\n"
            "sections\n"
            "        98  middleEast\n"
            "         3  evil␛[2J\n");
}

TEST(StatsText, AnEmptyIndexSaysNoneAndLeavesOutShardsAndSections) {
  IndexSummary s;
  s.db_path = "empty";
  EXPECT_EQ(stats_text(s),
            "index      empty\n"
            "documents  0\n"
            "analysis   --stemmer ? ()\n"
            "dates      none\n"
            "terms      0 distinct; 0 words per document on average\n"
            "on disk    0.0 MB\n");
}

}  // namespace
}  // namespace stats_text_test
}  // namespace bahth::render
