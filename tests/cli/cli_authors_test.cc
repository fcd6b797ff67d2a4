// Authors: read from a dump, stored, shown by `show` (text and JSON) and in search results'
// JSON, and searched with `author:` and `--author`.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

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
        << R"({"id": "a/1", "title": "اليمن والأمم المتحدة", "body": "تقرير عن اليمن.", "date": "2018-01-10", "authors": ["سارة أحمد", "Ali Hassan"]})"
        << "\n"
        << R"({"id": "a/2", "title": "اليمن والمساعدات", "body": "تقرير آخر عن اليمن.", "date": "2018-02-05", "author": {"name": "محمد علي"}, "source": "BBC"})"
        << "\n"
        << R"({"id": "a/3", "title": "اليمن اليوم", "body": "تقرير ثالث عن اليمن.", "date": "2018-03-01", "author": "https://example.org/people/x"})"
        << "\n"
        << R"({"id": "a/4", "title": "لبنان اليوم", "body": "تقرير عن لبنان.", "date": "2018-04-01", "section": "sport", "author": "سارة أحمد"})"
        << "\n";
    index_once({input});
  }

  static std::vector<std::string> ids_of(const std::string& json, bool sorted = true) {
    std::vector<std::string> ids;
    const nlohmann::json parsed = nlohmann::json::parse(json);
    for (const auto& hit : parsed["results"]) ids.push_back(hit["id"]);
    if (sorted) std::sort(ids.begin(), ids.end());
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

TEST_F(AuthorsTest, TextResultsShowTheByline) {
  const RunResult r = run_bahth({"search", "--db", db(), "اليمن"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\n     by سارة أحمد، Ali Hassan\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n     by محمد علي\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("by https"), std::string::npos) << r.out;  // a/3's was dropped
}

// An author (or any filter) alone lists the articles it keeps, newest first, and says so: there
// are no words to rank them by.
TEST_F(AuthorsTest, AFilterAloneListsItsArticlesNewestFirst) {
  const RunResult text = run_bahth({"search", "--db", db(), "--author", "سارة أحمد"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("2 articles for author: سارة أحمد, newest first (no words to rank by: "
                          "sorted by date); showing 1–2\n"),
            std::string::npos)
      << text.out;
  EXPECT_LT(text.out.find("لبنان اليوم"), text.out.find("اليمن والأمم المتحدة")) << text.out;
  EXPECT_EQ(text.out.find("score"), std::string::npos) << text.out;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--author", "سارة أحمد"},
                                               std::vector<std::string>{R"(author:"سارة أحمد")"}}) {
    std::vector<std::string> command{"search", "--db", db(), "--json", "--facets"};
    command.insert(command.end(), args.begin(), args.end());
    const RunResult json = run_bahth(command);
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const nlohmann::json found = nlohmann::json::parse(json.out);
    EXPECT_EQ(found["total"], 2) << args.back();
    EXPECT_EQ(found["sort"], "date");
    EXPECT_EQ(found["without_words"], true);
    EXPECT_EQ(ids_of(json.out, false), (std::vector<std::string>{"a/4", "a/1"})) << args.back();
    EXPECT_EQ(found["facets"]["counted"], 2);
  }
}

TEST_F(AuthorsTest, EveryFilterAloneIsASearchAndNothingAloneIsNot) {
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"--section", "sport"}, {"a/4"}},
      {{"--source", "bbc"}, {"a/2"}},
      {{"--since", "2018-03"}, {"a/4", "a/3"}},
      {{"--until", "2018-02"}, {"a/2", "a/1"}},
      {{"2018-02..2018-03"}, {"a/3", "a/2"}},  // a date range is a filter too
      {{"section:sport"}, {"a/4"}},
  };
  for (const auto& [args, ids] : cases) {
    std::vector<std::string> command{"search", "--db", db(), "--json"};
    command.insert(command.end(), args.begin(), args.end());
    const RunResult r = run_bahth(command);
    ASSERT_EQ(r.exit_code, 0) << args.front() << ": " << r.err;
    EXPECT_EQ(ids_of(r.out, false), ids) << args.front();
    EXPECT_EQ(nlohmann::json::parse(r.out)["without_words"], true) << args.front();
  }
  const RunResult nothing = run_bahth({"search", "--db", db()});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("search needs a QUERY, a filter (--author, --section, --source, "
                             "--since, --until) or --like ID"),
            std::string::npos)
      << nothing.err;
  // Words with a filter are ranked by relevance as before.
  const RunResult words =
      run_bahth({"search", "--db", db(), "--json", "--until", "2018-02", "اليمن"});
  const nlohmann::json found = nlohmann::json::parse(words.out);
  EXPECT_EQ(found["sort"], "relevance");
  EXPECT_EQ(found["without_words"], false);
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
