// End-to-end: `bahth search --facets`, date ranges in the query, `--like ID` and `bahth related`.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_facets_related_test {
namespace {

using testing::contains;
using testing::kBundledSample;
using testing::kBundledSeed;
using testing::run_bahth;
using testing::TempDir;

// An article of the sample (section middleEast) and the BBC sample's size with the seed.
const std::string kGolanId = "ant/BB-middleEast-829-20180803";

class CliFacetsRelated : public testing::IndexedSuite {
 protected:
  static void SetUpTestSuite() { index_once({kBundledSample, kBundledSeed}); }

  static nlohmann::json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--db", db(), "--json"});
    const auto r = run_bahth(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }
};

TEST_F(CliFacetsRelated, FacetsJsonHasTheDocumentedShapeAndCountsEveryMatch) {
  const auto json = search_json({"--facets", "-n", "1", "سوريا"});
  ASSERT_TRUE(json["facets"].is_object()) << json.dump();
  const auto& facets = json["facets"];
  EXPECT_EQ(facets["exact"], true);
  EXPECT_EQ(facets["counted"], json["total"]);
  std::uint64_t by_section = facets["without_section"];
  std::uint64_t previous = UINT64_MAX;
  for (const auto& c : facets["section"]) {
    EXPECT_TRUE(c["value"].is_string());
    EXPECT_LE(c["count"].get<std::uint64_t>(), previous) << "most articles first";
    previous = c["count"];
    by_section += c["count"].get<std::uint64_t>();
  }
  EXPECT_EQ(by_section, json["total"].get<std::uint64_t>());
  ASSERT_TRUE(facets.contains("month")) << "the sample spans months, not years";
  std::uint64_t by_month = facets["undated"];
  std::string previous_month;
  for (const auto& c : facets["month"]) {
    const std::string month = c["value"];
    EXPECT_EQ(month.size(), 7u) << month;
    EXPECT_LT(previous_month, month);
    previous_month = month;
    by_month += c["count"].get<std::uint64_t>();
  }
  EXPECT_EQ(by_month, json["total"].get<std::uint64_t>());
}

TEST_F(CliFacetsRelated, FacetsAreNullUnlessAskedFor) {
  const auto json = search_json({"سوريا"});
  ASSERT_TRUE(json.contains("facets"));
  EXPECT_TRUE(json["facets"].is_null());
}

TEST_F(CliFacetsRelated, FacetsFollowTheFilters) {
  const auto json =
      search_json({"--facets", "--section", "middleEast", "--since", "2018-06", "سوريا"});
  const auto& sections = json["facets"]["section"];
  ASSERT_EQ(sections.size(), 1u) << json.dump();
  EXPECT_EQ(sections[0]["value"], "middleEast");
  for (const auto& c : json["facets"]["month"]) EXPECT_GE(c["value"].get<std::string>(), "2018-06");
}

TEST_F(CliFacetsRelated, FacetsTextIsATableWithBars) {
  const auto r = run_bahth({"search", "--db", db(), "--facets", "-n", "1", "سوريا"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "By section\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "By month\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "█")) << r.out;
  // The largest section has the full 30-cell bar.
  std::string full;
  for (int i = 0; i < 30; ++i) full += "█";
  EXPECT_TRUE(contains(r.out, full + "  middleEast\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  2018-04\n")) << r.out;
}

TEST(CliFacets, ArabicSectionNamesAreIsolatedAndCounted) {
  TempDir dir;
  const std::string input = dir / "articles.jsonl";
  std::ofstream(input)
      << R"({"id": "1", "title": "خبر", "date": "2018-01-02", "section": "سياسة", "body": "تقرير أول"})"
      << "\n"
      << R"({"id": "2", "title": "خبر", "date": "2018-01-03", "section": "سياسة", "body": "تقرير ثان"})"
      << "\n"
      << R"({"id": "3", "title": "خبر", "date": "2018-02-03", "section": "رياضة", "body": "تقرير ثالث"})"
      << "\n";
  ASSERT_EQ(run_bahth({"index", "--quiet", "--db", dir / "db", input}).exit_code, 0);
  // --bidi isolate, as on a terminal (a pipe gets the names as stored).
  const auto r = run_bahth({"search", "--db", dir / "db", "--facets", "--bidi", "isolate", "خبر"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "      2  ")) << r.out;
  EXPECT_TRUE(contains(r.out, "  \u2068سياسة\u2069\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  \u2068رياضة\u2069\n")) << r.out;
  EXPECT_LT(r.out.find("سياسة"), r.out.find("رياضة")) << "most articles first";
  const auto json = nlohmann::json::parse(
      run_bahth({"search", "--db", dir / "db", "--facets", "--json", "خبر"}).out);
  EXPECT_EQ(json["facets"]["section"][0]["value"], "سياسة");  // as written, no isolates
  EXPECT_EQ(json["facets"]["section"][0]["count"], 2);
}

TEST_F(CliFacetsRelated, DateRangeInTheQueryAndSinceBothApply) {
  const auto ranged = search_json({"-n", "100", "سوريا 2018-03..2018-04"});
  ASSERT_FALSE(ranged["results"].empty());
  for (const auto& hit : ranged["results"]) {
    EXPECT_GE(hit["date"].get<std::string>(), "2018-03");
    EXPECT_LT(hit["date"].get<std::string>(), "2018-05");
  }
  const auto both = search_json({"-n", "100", "--since", "2018-04", "سوريا ٢٠١٨-٠٣..٢٠١٨-٠٤"});
  ASSERT_FALSE(both["results"].empty());
  EXPECT_LT(both["total"].get<int>(), ranged["total"].get<int>());
  for (const auto& hit : both["results"]) {
    EXPECT_EQ(hit["date"].get<std::string>().substr(0, 7), "2018-04");
  }
}

TEST_F(CliFacetsRelated, MalformedDateRangeIsAUsageError) {
  const auto r = run_bahth({"search", "--db", db(), "سوريا 2018-13..2019"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "bahth: date range 2018-13..2019: 2018-13 is not a date")) << r.err;
}

TEST_F(CliFacetsRelated, LikeFindsRelatedArticlesWithoutTheArticleItself) {
  const auto json = search_json({"--like", kGolanId, "-n", "20"});
  ASSERT_FALSE(json["results"].empty());
  for (const auto& hit : json["results"]) EXPECT_NE(hit["id"], kGolanId);
  EXPECT_EQ(json["results"][0]["section"], "middleEast") << json["results"][0]["title"];
  EXPECT_EQ(json["like"], kGolanId);
  EXPECT_TRUE(search_json({"سوريا"})["like"].is_null());
  const auto text = run_bahth({"related", "--db", db(), "-n", "1", kGolanId});
  EXPECT_TRUE(contains(text.out, "results for articles like " + kGolanId + "; showing 1–1"))
      << text.out;
}

TEST_F(CliFacetsRelated, RelatedIsSearchLike) {
  const auto a = run_bahth({"related", "--db", db(), "--json", "-n", "5", kGolanId});
  const auto b = run_bahth({"search", "--db", db(), "--json", "-n", "5", "--like", kGolanId});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(nlohmann::json::parse(a.out)["results"], nlohmann::json::parse(b.out)["results"]);
}

TEST_F(CliFacetsRelated, LikeWithAQueryKeepsOnlyMatchesOfTheQuery) {
  const auto related = search_json({"--like", kGolanId, "-n", "1000", "title:إسرائيل"});
  const auto matches = search_json({"-n", "1000", "title:إسرائيل"});
  ASSERT_FALSE(related["results"].empty());
  EXPECT_LE(related["total"].get<int>(), matches["total"].get<int>());
  std::set<std::string> matching;
  for (const auto& hit : matches["results"]) matching.insert(hit["id"]);
  for (const auto& hit : related["results"]) EXPECT_TRUE(matching.count(hit["id"])) << hit["id"];
}

TEST_F(CliFacetsRelated, UnknownIdIsARuntimeErrorNamingIt) {
  const auto r = run_bahth({"related", "--db", db(), "no/such/id"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "bahth: no article with id 'no/such/id'")) << r.err;
}

TEST(CliFacetsRelatedUsage, SearchNeedsAQueryOrLike) {
  const auto r = run_bahth({"search", "--db", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--like")) << r.err;
}

TEST(CliFacetsRelatedUsage, HelpShowsTheFeatures) {
  const auto search = run_bahth({"search", "--help"});
  EXPECT_TRUE(contains(search.out, "--facets")) << search.out;
  EXPECT_TRUE(contains(search.out, "--like")) << search.out;
  EXPECT_TRUE(contains(search.out, "2018-03..2018-04")) << search.out;
  EXPECT_TRUE(contains(run_bahth({"--help"}).out, "related"));
  EXPECT_TRUE(contains(run_bahth({"related", "--help"}).out, "--facets"));
}

}  // namespace
}  // namespace cli_facets_related_test
}  // namespace bahth
