// Authors: read from a dump, stored, shown by `show` (text and JSON) and in search results'
// JSON, and searched with `author:` and `--author`.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth::testing {
namespace cli_authors_test {
namespace {

class AuthorsTest : public IndexedSuite {
 protected:
  static void SetUpTestSuite() {
    const std::string input = path("articles.jsonl");
    std::ofstream(input)
        << R"({"id": "a/1", "title": "اليمن والأمم المتحدة", "body": "تقرير عن اليمن.", "authors": ["سارة أحمد", "Ali Hassan"]})"
        << "\n"
        << R"({"id": "a/2", "title": "اليمن والمساعدات", "body": "تقرير آخر عن اليمن.", "author": {"name": "محمد علي"}, "source": "BBC"})"
        << "\n"
        << R"({"id": "a/3", "title": "اليمن اليوم", "body": "تقرير ثالث عن اليمن.", "author": "https://example.org/people/x"})"
        << "\n";
    index_once({input});
  }

  static std::vector<std::string> ids_of(const std::string& json) {
    std::vector<std::string> ids;
    const nlohmann::json parsed = nlohmann::json::parse(json);
    for (const auto& hit : parsed["results"]) ids.push_back(hit["id"]);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(AuthorsTest, ShowTextAndJsonNameThem) {
  const RunResult text = run_bahth({"show", "--db", db(), "a/1"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("\nby سارة أحمد، Ali Hassan\n"), std::string::npos) << text.out;
  const RunResult json = run_bahth({"show", "--db", db(), "--json", "a/1"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["authors"],
            (nlohmann::json{"سارة أحمد", "Ali Hassan"}));
  const RunResult url = run_bahth({"show", "--db", db(), "--json", "a/3"});
  EXPECT_EQ(nlohmann::json::parse(url.out)["authors"], nlohmann::json::array());  // dropped
}

TEST_F(AuthorsTest, SearchResultsCarryThemAndFilterByThem) {
  const RunResult all = run_bahth({"search", "--db", db(), "--json", "اليمن"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const nlohmann::json found = nlohmann::json::parse(all.out);
  for (const auto& hit : found["results"]) {
    if (hit["id"] == "a/2") {
      EXPECT_EQ(hit["authors"], nlohmann::json{"محمد علي"});
    }
  }
  const RunResult option =
      run_bahth({"search", "--db", db(), "--json", "--author", "ساره احمد", "اليمن"});
  EXPECT_EQ(ids_of(option.out), std::vector<std::string>{"a/1"}) << option.err;
  const RunResult field = run_bahth({"search", "--db", db(), "--json", "اليمن author:محمد_علي"});
  EXPECT_EQ(ids_of(field.out), std::vector<std::string>{"a/2"}) << field.err;
  const RunResult quoted =
      run_bahth({"search", "--db", db(), "--json", R"(اليمن author:"ali hassan")"});
  EXPECT_EQ(ids_of(quoted.out), std::vector<std::string>{"a/1"}) << quoted.err;
  const RunResult none = run_bahth({"search", "--db", db(), "--json", "--author", "x", "اليمن"});
  EXPECT_EQ(nlohmann::json::parse(none.out)["total"], 0);
}

TEST_F(AuthorsTest, IndexingCountsTheDroppedOne) {
  const std::string input = path("dropped.jsonl");
  std::ofstream(input)
      << R"({"id": "d/1", "title": "t", "body": "b", "author": "http://x.example/a"})"
      << "\n";
  const RunResult r = run_bahth({"index", "--db", path("dropped-db"), input});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("dropped.jsonl: 1 author dropped (a URL or longer than 200 bytes), e.g. "
                       "line 1: 'http://x.example/a'; its article kept"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace cli_authors_test
}  // namespace bahth::testing
