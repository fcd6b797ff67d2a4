// Facets: how the matches of a search spread over sections and time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bahth/searcher.h"
#include "build_index.h"
#include "temp_dir.h"

namespace bahth {
namespace facets_test {
namespace {

using testing::TempDir;

Article report(std::string id, std::string date, std::string section) {
  return Article{std::move(id),
                 "",
                 "تقرير",
                 std::move(date),
                 std::move(section),
                 "نشرت الوزارة تقريرا عن الأوضاع.",
                 {}};
}

std::vector<Article> reports() {
  return {report("a1", "2018-01-05", "سياسة"),
          report("a2", "2018-01-20T10:00:00Z", "سياسة"),
          report("a3", "2018-03-02", "سياسة"),
          report("a4", "2018-03-15", "economy"),
          report("a5", "2018-03-20", ""),
          report("a6", "", "economy"),
          Article{"other", "", "المنتخب يفوز", "2018-02-10", "sport", "فاز المنتخب.", {}}};
}

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

Counts counts(const std::vector<FacetCount>& facet) {
  Counts out;
  for (const FacetCount& c : facet) out.emplace_back(c.value, c.count);
  return out;
}

class FacetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::build_index(dir_ / "db", reports());
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  // The reports share one body, so they are near-duplicates that results fold into one (and
  // facets count as one, as the total does); these tests count them one by one.
  Facets facets(const std::string& query, SearchOptions options = {}) const {
    options.facets = true;
    options.show_duplicates = true;
    const SearchResults results = searcher_->search(query, options);
    EXPECT_TRUE(results.facets.has_value());
    return results.facets.value_or(Facets{});
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(FacetsTest, CountsEveryMatchPerSectionAndMonth) {
  SearchOptions one_page;
  one_page.limit = 1;  // facets cover all matches, not the page
  const Facets f = facets("تقرير", one_page);
  EXPECT_TRUE(f.exact);
  EXPECT_EQ(f.counted, 6u);
  EXPECT_EQ(counts(f.sections), (Counts{{"سياسة", 3}, {"economy", 2}}));
  EXPECT_EQ(f.without_section, 1u);
  EXPECT_FALSE(f.by_year);
  // A month without matches is still there: the series is a timeline.
  EXPECT_EQ(counts(f.periods), (Counts{{"2018-01", 2}, {"2018-02", 0}, {"2018-03", 3}}));
  EXPECT_EQ(f.undated, 1u);
}

TEST_F(FacetsTest, NotComputedUnlessAskedFor) {
  EXPECT_FALSE(searcher_->search("تقرير", {}).facets.has_value());
}

TEST_F(FacetsTest, RespectSectionAndDateFilters) {
  SearchOptions economy;
  economy.sections = {"economy"};
  const Facets by_section = facets("تقرير", economy);
  EXPECT_EQ(counts(by_section.sections), (Counts{{"economy", 2}}));
  EXPECT_EQ(counts(by_section.periods), (Counts{{"2018-03", 1}}));
  EXPECT_EQ(by_section.undated, 1u);

  SearchOptions march;
  march.since = "2018-03";
  march.until = "2018-03";
  const Facets by_date = facets("تقرير", march);
  EXPECT_EQ(by_date.counted, 3u);
  EXPECT_EQ(counts(by_date.periods), (Counts{{"2018-03", 3}}));
  EXPECT_EQ(by_date.undated, 0u);
}

TEST_F(FacetsTest, RespectADateRangeInTheQuery) {
  const Facets f = facets("تقرير 2018-01..2018-02");
  EXPECT_EQ(counts(f.sections), (Counts{{"سياسة", 2}}));
  EXPECT_EQ(counts(f.periods), (Counts{{"2018-01", 2}}));
}

TEST_F(FacetsTest, SampledBeyondTheExactLimitAndSaySo) {
  SearchOptions small;
  small.limit = 1;
  small.facets_exact_up_to = 1;
  // A boolean query: every match weighs the same, so Xapian can stop after the first.
  const Facets f = facets("section:سياسة", small);
  EXPECT_FALSE(f.exact);
  EXPECT_LT(f.counted, 3u);
}

TEST(Facets, LongSpansAreCountedPerYear) {
  TempDir dir;
  std::vector<Article> articles = reports();
  articles.push_back(report("old", "2010-06-01", "سياسة"));
  testing::build_index(dir / "db", articles);
  const Searcher searcher({dir / "db"});
  SearchOptions options;
  options.facets = true;
  options.show_duplicates = true;  // same-body reports: count each
  const Facets f = searcher.search("تقرير", options).facets.value();
  EXPECT_TRUE(f.by_year);
  EXPECT_EQ(counts(f.periods), (Counts{{"2010", 1},
                                       {"2011", 0},
                                       {"2012", 0},
                                       {"2013", 0},
                                       {"2014", 0},
                                       {"2015", 0},
                                       {"2016", 0},
                                       {"2017", 0},
                                       {"2018", 5}}));
}

TEST(Facets, ThreeYearsAreStillMonthly) {
  TempDir dir;
  testing::build_index(dir / "db",
                       {report("first", "2016-01-31", "x"), report("last", "2018-12-01", "x")});
  const Searcher searcher({dir / "db"});
  SearchOptions options;
  options.facets = true;
  options.show_duplicates = true;  // same-body reports: count each
  const Facets f = searcher.search("تقرير", options).facets.value();
  EXPECT_FALSE(f.by_year);
  ASSERT_EQ(f.periods.size(), 36u);
  EXPECT_EQ(f.periods.front().value, "2016-01");
  EXPECT_EQ(f.periods.back().value, "2018-12");
}

}  // namespace
}  // namespace facets_test
}  // namespace bahth
