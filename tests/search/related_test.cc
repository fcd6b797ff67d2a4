// Related articles (SearchOptions::like): the same story or topic as one article.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "build_index.h"
#include "fixture_articles.h"
#include "temp_dir.h"

namespace bahth {
namespace related_test {
namespace {

using testing::TempDir;
using Ids = std::vector<std::string>;

// A story, a republished near-copy of it (other title and opening, one sentence reworded), a
// different story on the same subject, and unrelated articles (the shared fixture's among them).
std::vector<Article> stories() {
  std::vector<Article> articles = testing::fixture_articles();
  articles.push_back(
      {"golan",
       "",
       "روسيا: القوات الإيرانية ابتعدت عن الجولان",
       "2018-08-03",
       "middleEast",
       "قال المبعوث الروسي إلى سوريا إن القوات الإيرانية والجماعات المسلحة التي تدعمها ابتعدت "
       "مسافة 85 كيلومترا عن خط الفصل في هضبة الجولان. وأضاف أن الشرطة العسكرية الروسية تنتشر "
       "في المنطقة العازلة بالتنسيق مع قوات الأمم المتحدة. ورحبت إسرائيل بالخطوة لكنها قالت "
       "إنها غير كافية.",
       {}});
  articles.push_back(
      {"golan-copy",
       "",
       "مبعوث روسي: إيران ابتعدت عن الجولان",
       "2018-08-04",
       "internationalNews",
       "أعلن المبعوث الروسي إلى سوريا أن القوات الإيرانية والجماعات المسلحة التي تدعمها ابتعدت "
       "مسافة 85 كيلومترا عن خط الفصل في هضبة الجولان. وأضاف أن الشرطة العسكرية الروسية تنتشر "
       "في المنطقة العازلة بالتنسيق مع قوات الأمم المتحدة. وقالت إسرائيل إن الخطوة غير كافية.",
       {}});
  articles.push_back(
      {"strikes",
       "",
       "غارات إسرائيلية على مواقع في سوريا",
       "2018-09-15",
       "middleEast",
       "قالت وسائل إعلام سورية إن الدفاعات الجوية تصدت لصواريخ إسرائيلية استهدفت مواقع قرب "
       "دمشق. وتقول إسرائيل إنها لن تسمح بوجود عسكري إيراني في سوريا قرب الجولان.",
       {}});
  articles.push_back({"oil",
                      "",
                      "ارتفاع أسعار النفط",
                      "2018-08-05",
                      "economy",
                      "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار منظمة أوبك خفض الإنتاج. "
                      "وقال محللون إن الأسعار قد تواصل الارتفاع في الأسابيع المقبلة.",
                      {}});
  return articles;
}

class RelatedTest : public ::testing::TestWithParam<StemmerKind> {
 protected:
  void SetUp() override {
    testing::build_index(dir_ / "db", stories(), GetParam());
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  Ids related(const std::string& id, const std::string& query = "",
              SearchOptions options = {}) const {
    options.like = id;
    Ids out;
    for (const SearchHit& hit : searcher_->search(query, options).hits) out.push_back(hit.id);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_P(RelatedTest, TheNearCopyRanksFirstAndTheArticleItselfIsLeftOut) {
  const Ids ids = related("golan");
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "golan-copy");
  EXPECT_EQ(ids[1], "strikes");  // same subject, another story
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "golan"), 0);
  EXPECT_EQ(related("golan-copy").at(0), "golan");
}

TEST_P(RelatedTest, FiltersApply) {
  SearchOptions middle_east;
  middle_east.sections = {"middleEast"};
  EXPECT_EQ(related("golan", "", middle_east).at(0), "strikes");
  SearchOptions september;
  september.since = "2018-09";
  for (const std::string& id : related("golan", "", september)) {
    EXPECT_TRUE(id == "strikes" || id == "islam") << id;
  }
}

TEST_P(RelatedTest, AQueryOnlyFilters) {
  // دمشق is only in "strikes": the query keeps it and drops the near-copy.
  EXPECT_EQ(related("golan", "دمشق"), Ids{"strikes"});
  // The article itself stays out even when the query matches it.
  EXPECT_EQ(related("golan", "الجولان"), (Ids{"golan-copy", "strikes"}));
}

TEST_P(RelatedTest, PagingAndTotals) {
  SearchOptions first;
  first.like = "golan";
  first.limit = 1;
  SearchOptions second = first;
  second.offset = 1;
  const SearchResults a = searcher_->search("", first);
  const SearchResults b = searcher_->search("", second);
  ASSERT_EQ(a.hits.size(), 1u);
  ASSERT_EQ(b.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].id, "golan-copy");
  EXPECT_EQ(b.hits[0].id, "strikes");
  EXPECT_EQ(b.hits[0].rank, 2u);
  EXPECT_EQ(a.total, b.total);
  EXPECT_TRUE(a.suggestion.empty());
}

TEST_P(RelatedTest, UnknownIdIsAnErrorNamingIt) {
  SearchOptions options;
  options.like = "no-such-article";
  try {
    searcher_->search("", options);
    FAIL();
  } catch (const UsageError&) {
    FAIL() << "a well-formed id the index lacks is not a usage error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-article"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(AllStemmers, RelatedTest,
                         ::testing::Values(StemmerKind::light, StemmerKind::snowball,
                                           StemmerKind::none),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace related_test
}  // namespace bahth
