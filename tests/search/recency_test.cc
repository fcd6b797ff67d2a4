// Recency (SearchOptions::recency_half_life_days): newer articles rise among equally relevant
// ones, anchored at the index's newest article; undated ones gain nothing.
#include "search/recency.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "bahth/searcher.h"
#include "build_index.h"
#include "temp_dir.h"

namespace bahth {
namespace recency_test {
namespace {

using testing::TempDir;
using Ids = std::vector<std::string>;

constexpr const char* kStory = "انتخابات البرلمان في بغداد وسط إقبال ضعيف";

Article article(std::string id, std::string date, std::string body) {
  Article a;
  a.id = std::move(id);
  a.date = std::move(date);
  a.body = std::move(body);
  return a;
}

class RecencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The same text three times: older first, so that without recency (equal scores) the
    // index's order puts it first. An unrelated article is the newest, so the anchor is not
    // any of the matches.
    testing::build_index(dir_ / "db", articles());
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  static std::vector<Article> articles() {
    return {article("old", "2018-01-10", kStory), article("undated", "", kStory),
            article("new", "2018-06-01", kStory),
            article("other", "2018-06-20", "مباراة كرة القدم")};
  }

  SearchResults search(const std::string& query, double half_life_days) const {
    SearchOptions options;
    options.show_duplicates = true;  // the copies would otherwise fold into one
    options.correct = false;         // a five-article index makes any word look rare
    options.recency_half_life_days = half_life_days;
    return searcher_->search(query, options);
  }

  static Ids ids(const SearchResults& results) {
    Ids out;
    for (const SearchHit& hit : results.hits) out.push_back(hit.id);
    return out;
  }

  static double score(const SearchResults& results, const std::string& id) {
    for (const SearchHit& hit : results.hits) {
      if (hit.id == id) return hit.score;
    }
    ADD_FAILURE() << id << " not found";
    return 0;
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(RecencyTest, NewerFirstAmongEqualMatches) {
  EXPECT_EQ(ids(search("إقبال", 0)), (Ids{"old", "undated", "new"}));
  EXPECT_EQ(ids(search("إقبال", 30)), (Ids{"new", "old", "undated"}));
}

TEST_F(RecencyTest, UndatedArticlesGainNothing) {
  const SearchResults plain = search("إقبال", 0);
  const SearchResults recent = search("إقبال", 30);
  EXPECT_DOUBLE_EQ(score(recent, "undated"), score(plain, "undated"));
  EXPECT_GT(score(recent, "old"), score(plain, "old"));
  EXPECT_GT(score(recent, "new"), score(recent, "old"));
}

TEST_F(RecencyTest, TheDecayHalvesEachHalfLifeFromTheNewestArticle) {
  const SearchResults plain = search("إقبال", 0);
  const SearchResults recent = search("إقبال", 19);  // "new" is 19 days before "other"
  const double boost_new = score(recent, "new") - score(plain, "new");
  // A fifth of the best score without recency (the three are equal), halved once.
  EXPECT_NEAR(boost_new, search::kRecencyShare * score(plain, "new") / 2, 1e-9);
  // 20+ half-lives back (a 1h half-life, "old" 161 days back): nothing.
  EXPECT_DOUBLE_EQ(score(search("إقبال", 1.0 / 24), "old"), score(plain, "old"));
}

TEST_F(RecencyTest, AMuchBetterMatchIsNotBuried) {
  // "strong" holds each word three times, and is over a year older than every other match: it
  // stays first, while the newest of the equal ones passes the older.
  std::vector<Article> with_strong = articles();
  with_strong.push_back(
      article("strong", "2017-01-01", "البرلمان بغداد البرلمان بغداد البرلمان بغداد"));
  testing::build_index(dir_ / "db2", with_strong);
  searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db2"});
  const Ids plain = ids(search("البرلمان بغداد", 0));
  ASSERT_EQ(plain.front(), "strong");
  EXPECT_EQ(ids(search("البرلمان بغداد", 7)), (Ids{"strong", "new", "old", "undated"}));
}

TEST(RecencyParse, HalfLives) {
  EXPECT_DOUBLE_EQ(*parse_half_life("30d"), 30);
  EXPECT_DOUBLE_EQ(*parse_half_life("12h"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_half_life("2w"), 14);
  EXPECT_DOUBLE_EQ(*parse_half_life("1y"), 365.25);
  for (const char* bad : {"", "d", "30", "30 d", "-3d", "3.5d", "0d", "30D", "30days", "101y", "1m",
                          "d30", "9999999d"}) {
    EXPECT_FALSE(parse_half_life(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace recency_test
}  // namespace bahth
