// Date ranges written in the query: 2018-03..2018-04, 2018..2019, 2018.., ..2018-06.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "build_index.h"
#include "fixture_articles.h"
#include "search/dates.h"
#include "search/query_builder.h"
#include "temp_dir.h"

namespace bahth {
namespace query_date_range_test {
namespace {

using testing::TempDir;
using Ids = std::vector<std::string>;

// The fixture's dates: cyber 2014-12-21, sport 2017-01-15, school 2018-03-05,
// hospital 2018-06-10, islam 2018-09-01, and one undated article.
class QueryDateRangeTest : public ::testing::TestWithParam<StemmerKind> {
 protected:
  void SetUp() override {
    testing::build_index(dir_ / "db", testing::fixture_articles(), GetParam());
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  Ids ids(const std::string& query, const SearchOptions& options = {}) const {
    Ids out;
    for (const SearchHit& hit : searcher_->search(query, options).hits) out.push_back(hit.id);
    std::sort(out.begin(), out.end());
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_P(QueryDateRangeTest, FullDates) {
  EXPECT_EQ(ids("2018-03-01..2018-03-31"), Ids{"school"});
  EXPECT_EQ(ids("2018-03-05..2018-06-10"), (Ids{"hospital", "school"}));
  EXPECT_EQ(ids("2018-03-06..2018-06-09"), Ids{});
}

TEST_P(QueryDateRangeTest, PartialDatesCoverTheirWholeMonthOrYear) {
  EXPECT_EQ(ids("2018-03..2018-06"), (Ids{"hospital", "school"}));
  EXPECT_EQ(ids("2018..2018"), (Ids{"hospital", "islam", "school"}));
  EXPECT_EQ(ids("2014..2017"), (Ids{"cyber", "sport"}));
  EXPECT_EQ(ids("2017-01..2018-03-05"), (Ids{"school", "sport"}));
}

TEST_P(QueryDateRangeTest, OpenEnds) {
  EXPECT_EQ(ids("2018-06.."), (Ids{"hospital", "islam"}));
  EXPECT_EQ(ids("..2017"), (Ids{"cyber", "sport"}));
  EXPECT_EQ(ids("..2014-12-21"), Ids{"cyber"});
}

TEST_P(QueryDateRangeTest, ArabicIndicDigits) {
  EXPECT_EQ(ids("٢٠١٨-٠٦.."), ids("2018-06.."));
  EXPECT_EQ(ids("۲۰۱۷..۲۰۱۸-۰۳"), ids("2017..2018-03"));
}

TEST_P(QueryDateRangeTest, CombinedWithWordsTheRangeFilters) {
  EXPECT_EQ(ids("المدرسة OR المرضى OR الإسلام 2018-03..2018-06"), (Ids{"hospital", "school"}));
  EXPECT_EQ(ids("سوني 2014"), (Ids{"cyber", "undated"}));  // a lone year stays a word
  EXPECT_EQ(ids("سوني 2014..2014"), Ids{"cyber"});
  // A range only filters: it adds no weight of its own.
  const SearchResults with_range = searcher_->search("بيروت 2018..", {});
  const SearchResults without = searcher_->search("بيروت", {});
  ASSERT_EQ(with_range.hits.size(), 1u);
  EXPECT_DOUBLE_EQ(with_range.hits[0].score, without.hits[0].score);
}

TEST_P(QueryDateRangeTest, AndedWithSinceAndUntil) {
  SearchOptions since;
  since.since = "2018-06";
  EXPECT_EQ(ids("2018-03..2018-09", since), (Ids{"hospital", "islam"}));
  SearchOptions until;
  until.until = "2018-03";
  EXPECT_EQ(ids("2018-03..2018-09", until), Ids{"school"});
  EXPECT_EQ(ids("2014..2017", since), Ids{});
}

TEST_P(QueryDateRangeTest, MalformedRangeIsAUsageErrorNamingIt) {
  for (const char* bad : {"2018-13..2019", "2018/03..2019", "march..2018", "2018-3..2018-4",
                          "18..19", "سوريا 2018-02-01..2018-02-32"}) {
    try {
      searcher_->search(bad, {});
      ADD_FAILURE() << bad << " was accepted";
    } catch (const UsageError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("date range"), std::string::npos) << message;
      EXPECT_NE(message.find("YYYY-MM-DD"), std::string::npos) << message;
    }
  }
}

// A well-formed range that no article falls in is "no results", as --since 2030 is, not an error.
TEST_P(QueryDateRangeTest, EmptyRangeFindsNothing) {
  for (const char* query :
       {"سوريا 2030..2031", "2030..2031", "..1990", "مدرسة 2030..", "2018-03-06..2018-03-31"}) {
    EXPECT_EQ(ids(query), Ids{}) << query;
  }
}

TEST_P(QueryDateRangeTest, AnEllipsisIsNotARange) {
  EXPECT_EQ(ids("بيروت..."), Ids{"hospital"});
  EXPECT_EQ(ids("بيروت.."), Ids{"hospital"});
  EXPECT_EQ(ids("بيروت…"), Ids{"hospital"});
}

INSTANTIATE_TEST_SUITE_P(AllStemmers, QueryDateRangeTest,
                         ::testing::Values(StemmerKind::light, StemmerKind::snowball,
                                           StemmerKind::none),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(DateBound, ExpandsPartialDatesLikeSinceAndUntil) {
  EXPECT_EQ(search::date_bound("2018", false, "x"), "20180101");
  EXPECT_EQ(search::date_bound("2018", true, "x"), "20181231");
  EXPECT_EQ(search::date_bound("2018-02", false, "x"), "20180201");
  EXPECT_EQ(search::date_bound("2018-02", true, "x"), "20180231");  // sorts after every Feb day
  EXPECT_EQ(search::date_bound("2018-02-14", true, "x"), "20180214");
  EXPECT_THROW(search::date_bound("2018-00", false, "x"), UsageError);
  EXPECT_THROW(search::date_bound("2018-01-32", false, "x"), UsageError);
  EXPECT_THROW(search::date_bound("201", false, "x"), UsageError);
  EXPECT_THROW(search::date_bound("2018-01-01junk", false, "--since"), UsageError);
  EXPECT_THROW(search::date_bound("2018-01-01T10:00", true, "--until"), UsageError);
}

// Ranges are built from the index's year and month terms; the date value is read only inside a
// month the range covers in part (a VALUE_RANGE over every dated article was ten times slower
// next to a phrase).
TEST(DateRangeQuery, UsesYearAndMonthTermsAndValuesOnlyForPartMonths) {
  TempDir dir;
  testing::build_index(dir / "db", testing::fixture_articles());
  const Xapian::Database db(dir / "db");
  const std::string months = search::date_range_query(db, "20180301", "20180631").get_description();
  EXPECT_NE(months.find("XM201803"), std::string::npos) << months;
  EXPECT_NE(months.find("XM201806"), std::string::npos) << months;
  EXPECT_EQ(months.find("XM201809"), std::string::npos) << months;
  EXPECT_EQ(months.find("VALUE"), std::string::npos) << months;
  const std::string years = search::date_range_query(db, "", "20171231").get_description();
  EXPECT_NE(years.find("Y2014"), std::string::npos) << years;
  EXPECT_NE(years.find("Y2017"), std::string::npos) << years;
  EXPECT_EQ(years.find("XM"), std::string::npos) << years;
  const std::string part = search::date_range_query(db, "20180306", "").get_description();
  EXPECT_NE(part.find("XM201803"), std::string::npos) << part;
  EXPECT_NE(part.find("VALUE_GE"), std::string::npos) << part;
  EXPECT_NE(part.find("XM201809"), std::string::npos) << part;
  EXPECT_EQ(part.find("Y2018"), std::string::npos) << part;  // 2018 is not whole: March is cut
  const std::string none = search::date_range_query(db, "20190101", "").get_description();
  EXPECT_EQ(none, Xapian::Query(Xapian::Query::MatchNothing).get_description());
}

// Day bounds inside a month: the part month keeps exactly its days in range.
TEST_P(QueryDateRangeTest, DayBoundsInsideAMonth) {
  EXPECT_EQ(ids("2018-03-05..2018-06-10"), (Ids{"hospital", "school"}));
  EXPECT_EQ(ids("2018-03-06..2018-06-09"), Ids{});
  SearchOptions since;
  since.since = "2018-06-10";
  EXPECT_EQ(ids("2018..", since), (Ids{"hospital", "islam"}));
}

TEST(QueryNormalization, KeepsRangesAndFoldsTheirDigits) {
  EXPECT_EQ(search::normalize_query("سوريا ٢٠١٨-٠٣..٢٠١٨-٠٤"), "سوريا 2018-03..2018-04");
  EXPECT_EQ(search::normalize_query("..۲۰۱۸-۰۶ 2018.."), "..2018-06 2018..");
}

TEST(DateMonths, IndexAndLabelRoundTripAcrossYears) {
  EXPECT_EQ(search::month_index("201812") + 1, search::month_index("201901"));
  EXPECT_EQ(search::month_index("20180315"), search::month_index("201803"));  // days ignored
  EXPECT_EQ(search::month_label(search::month_index("201801")), "2018-01");
  EXPECT_EQ(search::month_label(search::month_index("201912")), "2019-12");
}

}  // namespace
}  // namespace query_date_range_test
}  // namespace bahth
