// End-to-end: near-duplicates folded with "+N similar", --duplicates, "Did you mean", and a
// quoted phrase that matches nothing falling back to its words.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_bahth.h"
#include "dedup_articles.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_duplicates_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

class CliDuplicates : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream out(dir_ / "stories.jsonl");
    for (const Article& a : testing::dedup_articles()) {
      out << nlohmann::json{{"id", a.id},
                            {"title", a.title},
                            {"date", a.date},
                            {"body", a.body},
                            {"section", a.section}}
                 .dump()
          << '\n';
    }
    out.close();
    const auto r = run_bahth({"index", "--quiet", "--db", db(), dir_ / "stories.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string db() const { return dir_ / "db"; }
  TempDir dir_;
};

TEST_F(CliDuplicates, TextShowsOneCopyWithItsCount) {
  const auto r = run_bahth({"search", "--db", db(), "فيضانات"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 results")) << r.out;
  EXPECT_TRUE(contains(r.out, "· +2 similar")) << r.out;
  EXPECT_TRUE(contains(r.out, "قوافل إغاثة")) << r.out;
}

TEST_F(CliDuplicates, DuplicatesOptionShowsEveryCopy) {
  const auto r = run_bahth({"search", "--db", db(), "--duplicates", "فيضانات"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "4 results")) << r.out;
  EXPECT_FALSE(contains(r.out, "similar")) << r.out;
}

TEST_F(CliDuplicates, JsonGivesSimilarPerResult) {
  const auto r = run_bahth({"search", "--db", db(), "--json", "فيضانات"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["results"].size(), 2u);
  int folded = 0;
  for (const auto& hit : json["results"]) {
    ASSERT_TRUE(hit.contains("similar"));
    folded += hit["similar"].get<int>();
    if (hit["id"] == "flood-aid") {
      EXPECT_EQ(hit["similar"], 0);
    }
  }
  EXPECT_EQ(folded, 2);
}

// A confident correction is searched, and said so; --no-correct searches the query as typed and
// only suggests the correction.
TEST_F(CliDuplicates, AMisspelledWordIsSearchedCorrectedAndSaidSo) {
  const auto r = run_bahth({"search", "--db", db(), "--json", "الفيضانات الوادي الاخظر"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["corrected"]["from"], "الفيضانات الوادي الاخظر");
  EXPECT_EQ(json["corrected"]["to"], "الفيضانات الوادي الاخضر");
  EXPECT_TRUE(json["suggestion"].is_null());
  const auto searched = run_bahth({"search", "--db", db(), "--json", "الفيضانات الوادي الاخضر"});
  EXPECT_EQ(json["results"], nlohmann::json::parse(searched.out)["results"]);
  const auto text = run_bahth({"search", "--db", db(), "الاخظر"});
  EXPECT_TRUE(contains(text.out, "Showing results for الاخضر; search instead for الاخظر"))
      << text.out << text.err;
}

// The correction is shown in the user's own spelling (hamza and ة as typed), only the slip
// corrected, in text and JSON alike, searched or suggested.
TEST_F(CliDuplicates, ACorrectionKeepsTheWordsAsTyped) {
  const std::string typed = "قوافل إغاثة الوادي الأخظر";
  const std::string shown = "قوافل إغاثة الوادي الأخضر";
  const auto json = nlohmann::json::parse(run_bahth({"search", "--db", db(), "--json", typed}).out);
  EXPECT_EQ(json["corrected"]["from"], typed);
  EXPECT_EQ(json["corrected"]["to"], shown);
  const auto text = run_bahth({"search", "--db", db(), typed});
  EXPECT_TRUE(contains(text.out, "Showing results for " + shown + "; search instead for " + typed))
      << text.out << text.err;
  const auto suggested = nlohmann::json::parse(
      run_bahth({"search", "--db", db(), "--json", "--no-correct", typed}).out);
  EXPECT_EQ(suggested["suggestion"], shown);
  const auto suggested_text = run_bahth({"search", "--db", db(), "--no-correct", typed});
  EXPECT_TRUE(contains(suggested_text.out, "Did you mean: " + shown)) << suggested_text.out;
}

TEST_F(CliDuplicates, NoCorrectSearchesAsTypedAndSuggests) {
  const auto r =
      run_bahth({"search", "--db", db(), "--json", "--no-correct", "الفيضانات الوادي الاخظر"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["corrected"].is_null());
  EXPECT_EQ(json["suggestion"], "الفيضانات الوادي الاخضر");
  const auto text = run_bahth({"search", "--db", db(), "--no-correct", "الاخظر"});
  EXPECT_TRUE(contains(text.out, "Did you mean: الاخضر")) << text.out << text.err;
}

TEST_F(CliDuplicates, APhraseThatMatchesNothingFallsBackToItsWordsWithANote) {
  // The body says "فرق الدفاع المدني"; in the other order the phrase matches nothing.
  const auto json = run_bahth({"search", "--db", db(), "--json", "\"المدني الدفاع\""});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["phrase_fallback"], true);
  EXPECT_EQ(parsed["query"], "\"المدني الدفاع\"");
  EXPECT_FALSE(parsed["results"].empty());
  const auto text = run_bahth({"search", "--db", db(), "\"المدني الدفاع\""});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "No article has the quoted words in that order")) << text.out;
}

TEST_F(CliDuplicates, APhraseThatMatchesSaysNothingAndWordsFoundNowhereFindNothing) {
  const auto found = run_bahth({"search", "--db", db(), "--json", "\"الدفاع المدني\""});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const auto parsed = nlohmann::json::parse(found.out);
  EXPECT_EQ(parsed["phrase_fallback"], false);
  EXPECT_FALSE(parsed["results"].empty());
  // Words that no article holds find nothing either way, and say so without a note.
  const auto none = run_bahth({"search", "--db", db(), "--json", "\"كمبيوتر محمول\""});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(nlohmann::json::parse(none.out)["phrase_fallback"], false);
  EXPECT_TRUE(nlohmann::json::parse(none.out)["results"].empty());
}

}  // namespace
}  // namespace cli_duplicates_test
}  // namespace bahth
