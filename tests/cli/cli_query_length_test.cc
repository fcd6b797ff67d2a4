// A short query weighs an article's length more than a passage used as the query does
// (search/ranking.h, ranking_parameters): a question is best answered by the passage that says
// it briefly, not by a longer one that repeats the subject's name.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/rankings.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_query_length_test {
namespace {

using testing::run_bahth;
using testing::TempDir;

// Two passages of one article, as ARCD's are: the answer, short, and a longer one that names
// the subject again and again; and a dozen others, so that the words have weight.
void write_passages(const std::filesystem::path& file) {
  std::ofstream out(file);
  out << R"({"id":"answer","title":"زين الدين زيدان","body":"ولد زيدان في مرسيليا عام 1972 )"
         R"(لابوين من الجزائر ودرب الفريق سنوات طويلة"})"
      << '\n';
  out << R"({"id":"sibling","title":"زين الدين زيدان","body":"زيدان وشارك اللاعب زيدان في )"
         R"(مباريات زيدان كثيرة مع زيدان فريقه واحرز زيدان اهدافا حاسمة زيدان في البطولات زيدان )"
         R"(الاوروبية والعالمية زيدان وشارك اللاعب زيدان في مباريات زيدان كثيرة مع وقد ولد في )"
         R"(فرنسا"})"
      << '\n';
  const char* const kOthers[] = {
      "الاقتصاد العالمي يواجه تحديات كبيرة مع ارتفاع اسعار النفط والغذاء في الاسواق",
      "الحكومة تعلن خطة جديدة لتطوير التعليم والصحة في المدن والقرى خلال العام المقبل",
      "الامطار الغزيرة تغمر الشوارع في العاصمة وتعطل حركة المرور لساعات طويلة",
      "فريق الكرة يفوز بالكأس بعد مباراة صعبة امام منافسه في الملعب الكبير",
      "العلماء يكتشفون نوعا جديدا من النباتات في الغابات الاستوائية البعيدة",
      "وزير الخارجية يلتقي نظيره لبحث العلاقات الثنائية والتعاون في مجالات عدة"};
  for (int i = 0; i < 12; ++i) {
    out << R"({"id":"other)" << i << R"(","title":"خبر","body":")" << kOthers[i % 6] << "\"}\n";
  }
}

// At b 0.5 (a passage's) the sibling scores 0.03 above the answer; at a short query's 0.6 the
// answer scores 0.04 above it.
TEST(CliQueryLength, AShortQuestionRanksTheBriefAnswerFirst) {
  TempDir dir;
  write_passages(dir / "passages.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "passages.jsonl"}).exit_code, 0);
  const auto ranking = testing::search_ranking({"--db", dir / "db"}, "متى ولد زيدان؟");
  ASSERT_GE(ranking.hits.size(), 2U);
  EXPECT_EQ(ranking.hits[0].first, "answer");
  EXPECT_EQ(ranking.hits[1].first, "sibling");
}

}  // namespace
}  // namespace cli_query_length_test
}  // namespace bahth
