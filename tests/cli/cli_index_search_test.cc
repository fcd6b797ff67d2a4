// End-to-end: `bahth index`, `bahth search` and `bahth stats` as a user runs them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_index_search_test {
namespace {

using testing::contains;
using testing::kBundledSample;
using testing::kBundledSeed;
using testing::run_bahth;
using testing::TempDir;

const std::string kMixed = BAHTH_SOURCE_DIR "/tests/fixtures/cli/mixed.jsonl";

TEST(CliIndex, IndexesTheBundledDataAndSaysSo) {
  TempDir dir;
  const auto r = run_bahth({"index", "--db", dir / "db", kBundledSample, kBundledSeed});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "301 articles")) << r.out;
  EXPECT_TRUE(contains(r.out, "301 added")) << r.out;
  const auto stats = run_bahth({"stats", "--db", dir / "db", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto json = nlohmann::json::parse(stats.out);
  EXPECT_EQ(json["documents"], 301);
  EXPECT_EQ(json["stemmer"], "light");
}

TEST(CliIndex, RerunningSkipsUnchangedArticles) {
  TempDir dir;
  ASSERT_EQ(run_bahth({"index", "--db", dir / "db", kBundledSeed}).exit_code, 0);
  const auto again = run_bahth({"index", "--db", dir / "db", kBundledSeed});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "0 added, 0 updated, 1 unchanged")) << again.out;
}

TEST(CliIndex, BadRecordsAreReportedWithLineAndSkipped) {
  TempDir dir;
  const auto r = run_bahth({"index", "--db", dir / "db", kMixed});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "mixed.jsonl:2: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "mixed.jsonl:3: ")) << r.err;
  EXPECT_TRUE(contains(r.out, "2 added")) << r.out;
  EXPECT_TRUE(contains(r.out, "2 skipped")) << r.out;
}

TEST(CliIndex, ErrorsCanGoToAFile) {
  TempDir dir;
  const auto r = run_bahth({"index", "--db", dir / "db", "--errors", dir / "errors.txt", kMixed});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(testing::read_file(dir / "errors.txt"), "mixed.jsonl:2: "));
}

TEST(CliIndex, NothingReadableIsAFailure) {
  TempDir dir;
  const auto r = run_bahth({"index", "--db", dir / "db", dir / "missing.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "missing.jsonl")) << r.err;
}

TEST(CliIndex, AnotherStemmerOnTheSameIndexIsRefused) {
  TempDir dir;
  ASSERT_EQ(run_bahth({"index", "--db", dir / "db", kBundledSeed}).exit_code, 0);
  const auto r = run_bahth({"index", "--db", dir / "db", "--stemmer", "snowball", kBundledSeed});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "bahth: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "--stemmer light")) << r.err;
}

TEST(CliIndex, BadFieldMappingIsAUsageError) {
  TempDir dir;
  EXPECT_EQ(run_bahth({"index", "--db", dir / "db", "--field", "body", kBundledSeed}).exit_code, 2);
  EXPECT_EQ(run_bahth({"index", "--db", dir / "db", "--field", "colour=x", kBundledSeed}).exit_code,
            2);
}

class CliSearch : public testing::IndexedSuite {
 protected:
  static void SetUpTestSuite() { index_once({kBundledSample, kBundledSeed}); }
};

TEST_F(CliSearch, TextResultsMarkMatchesWhenNotATerminal) {
  const auto r = run_bahth({"search", "--db", db(), "الهجمات الإلكترونية", "-n", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "  1. ")) << r.out;
  EXPECT_TRUE(contains(r.out, "[الإلكترونية]") || contains(r.out, "[الإلكتروني]")) << r.out;
  EXPECT_FALSE(contains(r.out, "\x1b[")) << "no ANSI codes in a pipe";
}

TEST_F(CliSearch, ExplainListsMatchedTerms) {
  const auto r = run_bahth({"search", "--db", db(), "--explain", "-n", "1", "سوريا"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "matched: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "سوريا")) << r.out;
}

TEST_F(CliSearch, ColorAlwaysUsesAnsiBold) {
  const auto r = run_bahth({"search", "--db", db(), "--color", "always", "سوني"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\x1b[1m")) << r.out;
}

TEST_F(CliSearch, JsonHasTheDocumentedShape) {
  const auto r = run_bahth({"search", "--db", db(), "--json", "-n", "2", "سوريا"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["query"], "سوريا");
  EXPECT_GT(json["total"].get<int>(), 2);
  EXPECT_EQ(json["offset"], 0);
  ASSERT_EQ(json["results"].size(), 2u);
  for (const char* key : {"rank", "id", "score", "title", "date", "section", "url", "snippet"}) {
    EXPECT_TRUE(json["results"][0].contains(key)) << key;
  }
  EXPECT_EQ(json["results"][0]["rank"], 1);
  // Highlights are [begin, end) in characters (code points) of the snippet.
  const std::string snippet = json["results"][0]["snippet"];
  std::size_t chars = 0;
  for (char c : snippet) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  ASSERT_FALSE(json["results"][0]["highlights"].empty());
  for (const auto& range : json["results"][0]["highlights"]) {
    EXPECT_LT(range[0].get<std::size_t>(), range[1].get<std::size_t>());
    EXPECT_LE(range[1].get<std::size_t>(), chars);
  }
  EXPECT_TRUE(json.contains("suggestion"));
}

TEST_F(CliSearch, NoResultsIsStillSuccess) {
  const auto r = run_bahth({"search", "--db", db(), "qwertyuiopasdf"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "No results")) << r.err;
}

TEST_F(CliSearch, FiltersAndSortFromTheCommandLine) {
  const auto r = run_bahth({"search", "--db", db(), "--json", "--sort", "date", "--since",
                            "2018-06", "--section", "middleEast", "-n", "50", "سوريا"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  std::string previous = "9999";
  for (const auto& hit : json["results"]) {
    const std::string date = hit["date"];
    EXPECT_GE(date, "2018-06") << hit["id"];
    EXPECT_LE(date, previous);
    EXPECT_EQ(hit["section"], "middleEast");
    previous = date;
  }
}

TEST_F(CliSearch, CaptionsOfTheSeedAreSearchable) {
  const auto r = run_bahth({"search", "--db", db(), "--json", "caption:السينما"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["results"].size(), 1u);
  // A text article's id is its absolute path (line 1: the whole file is one record).
  EXPECT_EQ(json["results"][0]["id"], kBundledSeed + "/000_541d1cda0e759833.txt:1");
}

TEST_F(CliSearch, BadDateIsAUsageError) {
  for (const char* bad : {"yesterday", "2018-01-01junk"}) {
    const auto r = run_bahth({"search", "--db", db(), "--since", bad, "سوريا"});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_TRUE(contains(r.err, "--since")) << r.err;
    EXPECT_TRUE(contains(r.err, bad)) << r.err;
  }
}

// Xapian 1.4 leaves the bounds of a filtered, collapsed search apart even when it has seen every
// match: the README's demo printed its 14 results as "about 20 results". When fewer matches
// exist than were checked, the count is exact.
TEST_F(CliSearch, FilteredCollapsedTotalIsExactWhenEveryMatchWasSeen) {
  const auto r =
      run_bahth({"search", "--db", db(), "--json", "-n", "1000", "--since", "2018-06", "انتخابات"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_FALSE(json["results"].empty());
  EXPECT_EQ(json["total"], json["results"].size());
  EXPECT_EQ(json["total_is_exact"], true) << json["total"];
  const auto text = run_bahth({"search", "--db", db(), "--since", "2018-06", "انتخابات"});
  EXPECT_FALSE(contains(text.out, "about ")) << text.out.substr(0, 200);
}

TEST_F(CliSearch, OneResultIsSingular) {
  const auto r = run_bahth({"search", "--db", db(), "caption:السينما"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "1 result for ")) << r.out;
}

TEST(CliSearchErrors, MissingIndexNamesThePath) {
  const auto r = run_bahth({"search", "--db", "/nonexistent/index", "سوريا"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "bahth: /nonexistent/index")) << r.err;
}

TEST_F(CliSearch, BadRecencyIsAUsageErrorNamingTheOption) {
  for (const char* bad : {"30", "soon", "-1d", "0h"}) {
    const auto r = run_bahth({"search", "--db", db(), "--recency", bad, "سوريا"});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_TRUE(contains(r.err, "--recency")) << r.err;
  }
  EXPECT_EQ(run_bahth({"search", "--db", db(), "--recency", "30d", "سوريا"}).exit_code, 0);
  EXPECT_EQ(run_bahth({"related", "--db", db(), "--recency", "x", "some-id"}).exit_code, 2);
}

TEST(CliSearchErrors, QueryIsRequired) {
  EXPECT_EQ(run_bahth({"search", "--db", "x"}).exit_code, 2);
}

TEST(CliStats, MissingIndexIsARuntimeError) {
  EXPECT_EQ(run_bahth({"stats", "--db", "/nonexistent/index"}).exit_code, 1);
}

}  // namespace
}  // namespace cli_index_search_test
}  // namespace bahth
