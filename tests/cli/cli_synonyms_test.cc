// The user's synonyms: stored by `bahth index --synonyms FILE`, replaced, shown and cleared by
// `bahth synonyms` without reindexing, applied by search, shown by `analyze --variants`.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_synonyms_test {
namespace {

using testing::run_bahth;
using testing::TempDir;

// Six articles name the group one way (short*), six the other (long*), six are on football.
void write_articles(const std::string& file) {
  std::ofstream out(file);
  for (int i = 0; i < 6; ++i) {
    out << R"({"id":"short)" << i << R"(","title":"هجوم جديد )" << i
        << R"(","body":"أعلن داعش مسؤوليته عن الهجوم في المدينة )" << i << R"("})" << '\n';
    out << R"({"id":"long)" << i << R"(","title":"هجوم آخر )" << i
        << R"(","body":"أعلن تنظيم الدولة الإسلامية مسؤوليته عن التفجير في البلدة )" << i << R"("})"
        << '\n';
    out << R"({"id":"ball)" << i << R"(","title":"مباراة الدوري )" << i
        << R"(","body":"سجل المهاجم هدفا في المباراة امام الفريق المنافس"})" << '\n';
  }
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The ids a search finds (every copy, all of them).
std::set<std::string> ids(const std::string& db, const std::string& query) {
  const auto r = run_bahth({"search", "--db", db, "--json", "--duplicates", "-n", "100", query});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> out;
  const nlohmann::json result = nlohmann::json::parse(r.out);
  for (const auto& hit : result["results"]) {
    out.insert(hit["id"].get<std::string>());
  }
  return out;
}

bool has_prefix(const std::set<std::string>& ids, const std::string& prefix) {
  for (const std::string& id : ids) {
    if (id.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

TEST(CliSynonyms, EntriesOfAGroupFindEachOthersArticles) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  write_file(dir / "synonyms.txt",
             "# names of one group\nداعش, تنظيم الدولة الإسلامية\n\nالحوثيون ، أنصار الله\n");
  const auto indexed = run_bahth(
      {"index", "--db", dir / "db", "--synonyms", dir / "synonyms.txt", dir / "articles.jsonl"});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_NE(indexed.out.find("2 synonym groups from"), std::string::npos) << indexed.out;

  const std::set<std::string> word = ids(dir / "db", "داعش");
  EXPECT_TRUE(has_prefix(word, "short") && has_prefix(word, "long")) << word.size();
  EXPECT_FALSE(has_prefix(word, "ball"));
  // The phrase finds the one-word entry's articles too.
  const std::set<std::string> phrase = ids(dir / "db", "تنظيم الدولة الإسلامية");
  EXPECT_TRUE(has_prefix(phrase, "short") && has_prefix(phrase, "long"));
}

TEST(CliSynonyms, ReplacedClearedAndShownWithoutReindexing) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  EXPECT_FALSE(has_prefix(ids(dir / "db", "داعش"), "long"));

  write_file(dir / "synonyms.txt", "داعش, تنظيم الدولة الإسلامية\n");
  const auto stored = run_bahth({"synonyms", "--db", dir / "db", dir / "synonyms.txt"});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_TRUE(has_prefix(ids(dir / "db", "داعش"), "long"));

  const auto shown = run_bahth({"synonyms", "--db", dir / "db"});
  EXPECT_EQ(shown.out, "داعش, تنظيم الدوله الاسلاميه\n") << shown.err;

  ASSERT_EQ(run_bahth({"synonyms", "--db", dir / "db", "--clear"}).exit_code, 0);
  EXPECT_FALSE(has_prefix(ids(dir / "db", "داعش"), "long"));
  EXPECT_EQ(run_bahth({"synonyms", "--db", dir / "db"}).out, "");
}

TEST(CliSynonyms, BadLinesAreReportedByLineAndCounted) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  const std::string file = dir / "synonyms.txt";
  write_file(file, "داعش, تنظيم الدولة الإسلامية\n# a comment\nوحدها\nا, , ب\n");
  const auto r = run_bahth({"synonyms", "--db", dir / "db", file});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(file + ":3: a group needs at least two"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":4: entry 2 is empty"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 synonym group from " + file + " stored (2 bad lines left out)"),
            std::string::npos)
      << r.out;
  // A file with nothing to read leaves the stored synonyms as they were.
  write_file(dir / "bad.txt", "وحدها\n");
  const auto bad = run_bahth({"synonyms", "--db", dir / "db", dir / "bad.txt"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_EQ(run_bahth({"synonyms", "--db", dir / "db"}).out, "داعش, تنظيم الدوله الاسلاميه\n");
}

TEST(CliSynonyms, AnalyzeVariantsShowsThem) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  write_file(dir / "synonyms.txt", "داعش, تنظيم الدولة الإسلامية\n");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", "--synonyms", dir / "synonyms.txt",
                       dir / "articles.jsonl"})
                .exit_code,
            0);
  const auto r = run_bahth({"analyze", "--variants", "--db", dir / "db", "داعش"});
  EXPECT_EQ(r.out, "داعش داعش: | synonyms: تنظيم الدوله الاسلاميه\n") << r.err;
  const auto json =
      run_bahth({"analyze", "--variants", "--json", "--db", dir / "db", "تنظيم الدولة الإسلامية"});
  EXPECT_EQ(nlohmann::json::parse(json.out)["synonyms"], nlohmann::json::array({"داعش"}));
}

}  // namespace
}  // namespace cli_synonyms_test
}  // namespace bahth
