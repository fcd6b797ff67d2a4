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
namespace {

using testing::run_bahth;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

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

TEST_F(CliDuplicates, MisspelledWordGetsASuggestionThatFindsResults) {
  const auto r = run_bahth({"search", "--db", db(), "--json", "الفيضانات الوادي الاخظر"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["suggestion"], "الفيضانات الوادي الاخضر");
  const auto text = run_bahth({"search", "--db", db(), "الاخظر"});
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
  // Words that no article holds find nothing either way, and say so without a note. (Not
  // محمول: since schema 3 the stem محمل of an article's محملة is a spelling one edit away.)
  const auto none = run_bahth({"search", "--db", db(), "--json", "\"كمبيوتر لوحي\""});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(nlohmann::json::parse(none.out)["phrase_fallback"], false);
  EXPECT_TRUE(nlohmann::json::parse(none.out)["results"].empty());
}

}  // namespace
}  // namespace bahth
