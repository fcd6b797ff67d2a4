#include "search/expansion.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "bahth/searcher.h"
#include "build_index.h"
#include "search/query_text.h"
#include "temp_dir.h"

namespace bahth {
namespace expansion_test {
namespace {

using Ids = std::vector<std::string>;

// Two reports of the same story, only one naming the port; an unrelated article that shares
// a word with the query's top result but not its topic; and one excluded by NOT in a test.
std::vector<Article> port_articles() {
  std::vector<Article> a(4);
  a[0] = {"port-named",
          "",
          "قصف ميناء الحديدة",
          "2018-06-13",
          "middleEast",
          "استهدفت الغارات ميناء الحديدة حيث ترسو السفن المحملة بشحنات القمح والوقود والمساعدات "
          "الانسانية، وحذرت منظمات الاغاثة من توقف الشحنات.",
          {}};
  a[1] = {"port-unnamed",
          "",
          "مخاوف على شحنات القمح",
          "2018-06-14",
          "middleEast",
          "قالت منظمات الاغاثة ان السفن المحملة بشحنات القمح والوقود والمساعدات الانسانية لم "
          "تعد قادرة على الرسو.",
          {}};
  a[2] = {"football",
          "",
          "مباراة كرة القدم",
          "2018-06-15",
          "sport",
          "فاز الفريق في المباراة النهائية على ملعب المدينة امام الجماهير.",
          {}};
  a[3] = {"port-excluded",
          "",
          "الحوثيون في الحديدة",
          "2018-06-16",
          "middleEast",
          "قال الحوثيون ان ميناء الحديدة يعمل وان السفن تصل بشحنات القمح.",
          {}};
  return a;
}

class ExpansionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::build_index(dir_ / "db", port_articles());
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  Ids ids(const std::string& query, bool expand) const {
    SearchOptions options;
    options.expand = expand;
    Ids out;
    for (const SearchHit& hit : searcher_->search(query, options).hits) out.push_back(hit.id);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(ExpansionTest, FindsArticlesOnTheTopicThatLackTheQueryWords) {
  EXPECT_EQ(ids("الحديدة", false), (Ids{"port-excluded", "port-named"}));
  const Ids expanded = ids("الحديدة", true);
  ASSERT_EQ(expanded.size(), 3U);
  // The articles with the query word keep the lead (in an order the feedback may change); the
  // other report of the story follows, and the unrelated article stays out.
  Ids leaders(expanded.begin(), expanded.begin() + 2);
  std::sort(leaders.begin(), leaders.end());
  EXPECT_EQ(leaders, (Ids{"port-excluded", "port-named"}));
  EXPECT_EQ(expanded[2], "port-unnamed");
}

TEST_F(ExpansionTest, OperatorsThatRestrictMatchesOnlyGetReordered) {
  EXPECT_EQ(ids("الحديدة NOT الحوثيون", true), Ids{"port-named"});
  Ids required = ids("+الحديدة", true);
  std::sort(required.begin(), required.end());
  EXPECT_EQ(required, (Ids{"port-excluded", "port-named"}));
}

TEST_F(ExpansionTest, NoMatchesLeavesTheQueryAlone) { EXPECT_EQ(ids("طوكيو", true), Ids{}); }

TEST(RestrictsMatches, RecognisesTheOperatorsThatDecideMatches) {
  using search::restricts_matches;
  EXPECT_FALSE(restricts_matches("ميناء الحديدة"));
  EXPECT_FALSE(restricts_matches("ميناء OR الحديدة"));
  EXPECT_FALSE(restricts_matches("\"ميناء الحديدة\""));
  EXPECT_FALSE(restricts_matches("2018 - 2019"));
  EXPECT_TRUE(restricts_matches("ميناء AND الحديدة"));
  EXPECT_TRUE(restricts_matches("ميناء NOT الحديدة"));
  EXPECT_TRUE(restricts_matches("ميناء XOR الحديدة"));
  EXPECT_TRUE(restricts_matches("ميناء -الحديدة"));
  EXPECT_TRUE(restricts_matches("+ميناء الحديدة"));
}

}  // namespace
}  // namespace expansion_test
}  // namespace bahth
