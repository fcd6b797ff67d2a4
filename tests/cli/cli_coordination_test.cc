// End-to-end: when no article holds every word of the query, the text output and the JSON say
// how many the first results hold (coordination, search/coordination.h).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_coordination_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

class CliCoordination : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream out(dir_ / "stories.jsonl");
    const char* bodies[] = {"البطاقات الصفراء الصفراء والبطاقة الصفراء للاعب",
                            "ماكرون وميركل يلتقيان في برلين لبحث ملف الهجرة",
                            "مباراة كرة القدم في الملعب",
                            "أسعار النفط ترتفع في الأسواق",
                            "الطقس بارد في الشتاء",
                            "معرض الكتاب في القاهرة"};
    int n = 0;
    for (const char* body : bodies) {
      out << nlohmann::json{{"id", "a" + std::to_string(++n)}, {"body", body}}.dump() << '\n';
    }
    out.close();
    const auto r = run_bahth({"index", "--quiet", "--db", db(), dir_ / "stories.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string db() const { return dir_ / "db"; }
  TempDir dir_;
};

TEST_F(CliCoordination, SaysHowManyWordsTheResultsHoldWhenNoneHoldsAll) {
  const std::string query = "ماكرون ميركل الصفراء";
  const auto text = run_bahth({"search", "--db", db(), "--no-correct", query});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "No article holds all 3 words; showing those with 2."))
      << text.out;
  const auto json = run_bahth({"search", "--db", db(), "--json", "--no-correct", query});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["words"], (nlohmann::json{{"query", 3}, {"held", 2}}));
  EXPECT_EQ(parsed["results"][0]["id"], "a2");
}

TEST_F(CliCoordination, SaysNothingWhenAnArticleHoldsThemAllOrForOneWord) {
  const auto both = run_bahth({"search", "--db", db(), "--no-correct", "ماكرون ميركل"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_FALSE(contains(both.out, "No article holds")) << both.out;
  const auto json = run_bahth({"search", "--db", db(), "--json", "--no-correct", "الصفراء"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(nlohmann::json::parse(json.out)["words"].is_null());
}

// A word no article holds beside words the index holds (issue 28: حمدوك السودان showed Sudan's
// results without a word of it): the text, the JSON and the count of words say so.
TEST_F(CliCoordination, NamesAWordNoArticleHolds) {
  const std::string query = "حمدوك ماكرون ميركل";
  const auto text = run_bahth({"search", "--db", db(), "--no-correct", "--bidi", "none", query});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out,
                       "No article holds all 3 words (none holds حمدوك); showing those "
                       "with 2."))
      << text.out;
  const auto json = run_bahth({"search", "--db", db(), "--json", "--no-correct", query});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["missing"], nlohmann::json::array({"حمدوك"}));
  EXPECT_EQ(parsed["words"], (nlohmann::json{{"query", 3}, {"held", 2}}));
  // Sorted by date, the words held are not counted: the word is named alone.
  const auto dated = run_bahth(
      {"search", "--db", db(), "--no-correct", "--bidi", "none", "--sort", "date", query});
  ASSERT_EQ(dated.exit_code, 0) << dated.err;
  EXPECT_TRUE(contains(dated.out, "No article holds حمدوك; showing results for the other words."))
      << dated.out;
  // Nothing is said when every word is held somewhere.
  const auto known = run_bahth({"search", "--db", db(), "--json", "--no-correct", "ماكرون ميركل"});
  ASSERT_EQ(known.exit_code, 0) << known.err;
  EXPECT_TRUE(nlohmann::json::parse(known.out)["missing"].empty());
}

}  // namespace
}  // namespace cli_coordination_test
}  // namespace bahth
