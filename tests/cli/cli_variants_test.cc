// Spelling variants: `bahth index` learns that two spellings of a name (ترامب/ترمب) are one word,
// `bahth search` finds either with the other, `bahth analyze --variants` shows the pair.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace {

using testing::run_bahth;
using testing::TempDir;

// Twelve articles each way, one outlet's spelling per article, on one subject; others on football.
void write_articles(const std::filesystem::path& file) {
  const char* const kTopics[] = {"الضرائب",    "الهجرة",  "الصين",    "ايران", "الجدار", "التجارة",
                                 "الانتخابات", "المحكمة", "الكونغرس", "النفط", "الصحة",  "المناخ"};
  std::ofstream out(file);
  for (int i = 0; i < 12; ++i) {
    for (const char* name : {"ترامب", "ترمب"}) {
      out << R"({"id":")" << (std::string(name) == "ترامب" ? "long" : "short") << i
          << R"(","title":"الرئيس )" << name << " و" << kTopics[i] << R"(","body":"قال الرئيس )"
          << name << " في البيت الابيض إن ادارته الجمهورية ستعلن قرارا بشأن " << kTopics[i]
          << " في العدد " << i << R"( امام الصحفيين في واشنطن"})" << '\n';
    }
    out << R"({"id":"ball)" << i << R"(","title":"مباراة الدوري )" << i
        << R"(","body":"سجل المهاجم هدفا في المباراة امام الفريق المنافس في الملعب"})" << '\n';
  }
}

TEST(CliVariants, ASearchForOneSpellingFindsTheOther) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  for (const char* query : {"ترمب", "ترامب"}) {
    const auto r =
        run_bahth({"search", "--db", dir / "db", "--duplicates", "--json", "-n", "30", query});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"long0\""), std::string::npos) << query << '\n' << r.out;
    EXPECT_NE(r.out.find("\"short0\""), std::string::npos) << query << '\n' << r.out;
    EXPECT_EQ(r.out.find("\"ball0\""), std::string::npos) << query;
  }
}

TEST(CliVariants, AnalyzeVariantsShowsWhatAWordMeets) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  const auto r = run_bahth({"analyze", "--variants", "--db", dir / "db", "ترمب", "المباراة"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ترمب ترمب: ترامب\nالمباراة مبارا:\n");
  const auto json = run_bahth({"analyze", "--variants", "--json", "--db", dir / "db", "ترامب"});
  EXPECT_EQ(json.out, "{\"word\":\"ترامب\",\"stem\":\"ترامب\",\"variants\":[\"ترمب\"]}\n");
}

TEST(CliVariants, AnalyzeVariantsWithoutAWordIsAUsageError) {
  TempDir dir;
  EXPECT_EQ(run_bahth({"analyze", "--variants", "--db", dir / "db"}).exit_code, 2);
}

}  // namespace
}  // namespace bahth
