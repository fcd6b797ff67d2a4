// End-to-end: the command line meets a person's habits (issue 15): the outlet kept, shown,
// filtered and counted; facets that count what the result count counts; mistakes answered with
// what to do instead.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "dedup_articles.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_habits_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

// The near-duplicate stories (three copies of one flood report fold into one result) with an
// outlet each, under the column name the corpora use, and one under another column name.
class CliHabits : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const std::vector<std::string> outlets{"bbc", "skynews", "CNN", "bbc", "france24"};
    {
      std::ofstream out(*dir_ / "stories.jsonl");
      const std::vector<Article> articles = testing::dedup_articles();
      for (std::size_t i = 0; i < articles.size(); ++i) {
        const Article& a = articles[i];
        out << nlohmann::json{{"id", a.id},           {"title", a.title},
                              {"date", a.date},       {"body", a.body},
                              {"section", a.section}, {"source", outlets[i % outlets.size()]}}
                   .dump()
            << '\n';
      }
    }
    std::ofstream(*dir_ / "other.jsonl") << nlohmann::json{{"id", "outlet-column"},
                                                           {"title", "خبر من وكالة أخرى"},
                                                           {"body", "نص الخبر عن الوادي الأخضر"},
                                                           {"outlet", "alarabia"}}
                                                .dump()
                                         << '\n';
    testing::index_cached(db(), {{"index", "--quiet", "--db", db(), *dir_ / "stories.jsonl"},
                                 {"index", "--quiet", "--db", db(), "--field", "source=outlet",
                                  *dir_ / "other.jsonl"}});
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string db() { return *dir_ / "db"; }

  static testing::RunResult search(std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--db", db()});
    return run_bahth(args);
  }
  static nlohmann::json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const auto r = search(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }

  static TempDir* dir_;
};

TempDir* CliHabits::dir_ = nullptr;

TEST_F(CliHabits, ResultsShowTheOutletInTextAndJson) {
  const auto json = search_json({"--duplicates", "المنتخب"});
  ASSERT_EQ(json["results"].size(), 1u) << json.dump();
  EXPECT_EQ(json["results"][0]["source"], "france24");
  const auto text = search({"--color", "never", "المنتخب"});
  EXPECT_TRUE(contains(text.out, "· france24 · sport")) << text.out;
}

TEST_F(CliHabits, SourceOptionAndQueryFilterIgnoringCase) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--duplicates", "--source", "BBC", "الوادي"},
        std::vector<std::string>{"--duplicates", "source:Bbc الوادي"}}) {
    const auto json = search_json(args);
    ASSERT_EQ(json["total"], 2) << json.dump();
    for (const auto& hit : json["results"]) EXPECT_EQ(hit["source"], "bbc");
  }
  const auto two =
      search_json({"--duplicates", "--source", "cnn", "--source", "skynews", "الوادي"});
  EXPECT_EQ(two["total"], 2) << two.dump();
}

TEST_F(CliHabits, FieldOptionMapsAnotherColumnToTheOutlet) {
  const auto json = search_json({"--source", "alarabia", "الوادي"});
  ASSERT_EQ(json["total"], 1) << json.dump();
  EXPECT_EQ(json["results"][0]["id"], "outlet-column");
}

TEST_F(CliHabits, SourceIsAFacet) {
  const auto json = search_json({"--duplicates", "--facets", "الوادي"});
  ASSERT_TRUE(json["facets"].is_object()) << json.dump();
  std::uint64_t bbc = 0;
  for (const auto& c : json["facets"]["source"]) {
    if (c["value"] == "bbc") bbc = c["count"];
  }
  EXPECT_EQ(bbc, 2u) << json["facets"].dump();
  const auto text = search({"--facets", "-n", "0", "الوادي"});
  EXPECT_TRUE(contains(text.out, "By source")) << text.out;
}

// Before the fix, facets counted the copies that collapsing folds into one result (and, next to
// the collapse key, only some matches at all): total 2, facets 4 or fewer and "a sample".
TEST_F(CliHabits, FacetsCountTheResultsTheTotalCounts) {
  for (const char* limit : {"0", "1", "10"}) {
    const auto json = search_json({"--facets", "-n", limit, "فيضانات"});
    ASSERT_TRUE(json["facets"].is_object()) << json.dump();
    const auto& facets = json["facets"];
    EXPECT_EQ(json["total"], 2) << json.dump();
    EXPECT_EQ(facets["exact"], true) << facets.dump();
    EXPECT_EQ(facets["counted"], json["total"]) << "-n " << limit << ": " << facets.dump();
    std::uint64_t by_section = facets["without_section"];
    for (const auto& c : facets["section"]) by_section += c["count"].get<std::uint64_t>();
    EXPECT_EQ(by_section, 2u) << facets.dump();
    std::uint64_t by_month = facets["undated"];
    for (const auto& c : facets["month"]) by_month += c["count"].get<std::uint64_t>();
    EXPECT_EQ(by_month, 2u) << facets.dump();
  }
  const auto all = search_json({"--facets", "--duplicates", "فيضانات"});
  EXPECT_EQ(all["facets"]["counted"], 4) << all.dump();
  EXPECT_EQ(all["total"], 4);
}

TEST_F(CliHabits, ExplainNamesTheUsersWordsAndTheirStems) {
  const auto r = search({"--explain", "-n", "1", "--color", "never", "المنتخب"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "matched: المنتخب → stem منتخب")) << r.out;
  EXPECT_TRUE(contains(r.out, "المنتخب (as written)")) << r.out;
  EXPECT_FALSE(contains(r.out, "Zمنتخب")) << r.out;
  const auto json = search_json({"--explain", "-n", "1", "المنتخب"});
  EXPECT_EQ(json["results"][0]["explain"][0]["matched"], "المنتخب → stem منتخب") << json.dump();
}

TEST_F(CliHabits, ArabicSectionNamesStandForTheCodes) {
  EXPECT_EQ(search_json({"--section", "رياضة", "المنتخب"})["total"], 1);
  EXPECT_EQ(search_json({"section:الرياضة المنتخب"})["total"], 1);
}

TEST_F(CliHabits, AFilterThatMatchesNothingNamesWhatExists) {
  auto r = search({"--section", "sports", "المنتخب"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, "no section 'sports' in the index; its sections: middleeast, sport"))
      << r.err;
  r = search({"--source", "reuters", "المنتخب"});
  EXPECT_TRUE(contains(r.err, "no source 'reuters'")) << r.err;
  EXPECT_TRUE(contains(r.err, "bbc")) << r.err;
  EXPECT_TRUE(contains(r.err, "france24")) << r.err;
  EXPECT_EQ(search_json({"--source", "reuters", "المنتخب"})["notes"].size(), 1u);
}

TEST_F(CliHabits, APagePastTheEndSaysTheTotal) {
  const auto r = search({"--offset", "1000", "--duplicates", "الوادي"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, "No results on this page (from result 1,001); there are 5")) << r.err;
}

TEST_F(CliHabits, LimitZeroPrintsTheCountOnly) {
  const auto r = search({"-n", "0", "--duplicates", "الوادي"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "5 results for الوادي\n\n");
  const auto one = search({"-n", "0", "المنتخب"});
  EXPECT_TRUE(contains(one.out, "1 result for")) << one.out;
}

TEST_F(CliHabits, ImpossibleDatesAreRefused) {
  auto r = search({"--until", "2018-02-30", "الوادي"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "2018-02-30 is not a date")) << r.err;
  EXPECT_EQ(search({"--until", "2016-02-29", "الوادي"}).exit_code, 0) << "a leap day";
  r = search({"--since", "2018-05", "--until", "2018-03", "الوادي"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--since 2018-05 is after --until 2018-03")) << r.err;
}

TEST(CliTerminals, OneArticleIsSingular) {
  TempDir dir;
  std::ofstream(dir / "one.jsonl") << R"({"id": "a", "title": "عنوان", "body": "نص قصير"})" << '\n';
  const auto r = run_bahth({"index", "--db", dir / "db", dir / "one.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("1 article in ", 0), 0u) << r.out;
  EXPECT_TRUE(contains(r.out, "the index holds 1 document\n")) << r.out;
}

TEST(CliTerminals, AnalyzeTakesTheSnowballStemmerIndexTakes) {
  const auto snowball = run_bahth({"analyze", "--stemmer", "snowball", "المدرسة"});
  ASSERT_EQ(snowball.exit_code, 0) << snowball.err;
  EXPECT_FALSE(snowball.out.empty());
  EXPECT_NE(snowball.out, "المدرسه\n") << "Snowball stems the word";
  EXPECT_EQ(run_bahth({"analyze", "--stemmer", "porter", "x"}).exit_code, 2);
}

TEST(CliMistakes, AMistypedCommandGetsTheNearestOne) {
  const auto r = run_bahth({"serach", "سوريا"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "'serach' is not a bahth command; did you mean 'search'?")) << r.err;
  const auto far = run_bahth({"frobnicate"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_FALSE(contains(far.err, "did you mean")) << far.err;
}

TEST(CliMistakes, AMistypedOptionGetsTheNearestOneAndTheCommandsHelp) {
  const auto r = run_bahth({"search", "--limt", "5", "سوريا"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "unknown option --limt; did you mean --limit?")) << r.err;
  EXPECT_TRUE(contains(r.err, "Run 'bahth search --help'")) << r.err;
}

TEST(CliMistakes, ADbThatIsADirectoryWithoutAnIndexIsNamed) {
  TempDir dir;
  const std::string empty = dir / "empty";
  std::filesystem::create_directory(empty);
  auto r = run_bahth({"stats", "--db", empty});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, empty + ": no bahth index here")) << r.err;
  // compact left Xapian's flintlock in it, and then index refused the directory as not empty.
  r = run_bahth({"compact", "--db", empty});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, empty + ": no bahth index here")) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(empty));
  const std::string articles = dir / "articles";
  std::filesystem::create_directory(articles);
  std::ofstream(articles + "/a.txt") << "hello\n";
  r = run_bahth({"search", "--db", articles, "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, articles + ": a directory that holds no bahth index")) << r.err;
  EXPECT_FALSE(contains(r.err, "glass revision file")) << r.err;
}

TEST(CliMistakes, ADbThatIsAFileIsNamedWithoutItsBytes) {
  TempDir dir;
  const std::string plain = dir / "articles.txt";
  std::ofstream(plain) << "hello\n";
  auto r = run_bahth({"search", "--db", plain, "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, plain + ": a file, not a bahth index")) << r.err;
  const std::string gz = dir / "articles.jsonl.gz";
  std::ofstream(gz, std::ios::binary) << std::string("\x1f\x8b\x08\x00\x01\x02\x03", 7);
  r = run_bahth({"search", "--db", gz, "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, gz + ": a gzip file, not a bahth index")) << r.err;
  EXPECT_FALSE(contains(r.err, "\x08")) << r.err;
}

// The long options `bahth COMMAND --help` lists (but --help).
std::set<std::string> help_options(const std::vector<std::string>& command) {
  std::vector<std::string> args = command;
  args.emplace_back("--help");
  const auto r = run_bahth(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> options;
  static const std::regex option(R"(^  (?:-\w,)?(--[a-z][a-z-]*))");
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, option) && match[1] != "--help") options.insert(match[1]);
  }
  return options;
}

// The synopsis of each command in a document's first ```sh block of "## Commands": its lines
// from "bahth NAME" to the next command's, by name.
std::map<std::string, std::string> synopses(const std::string& path) {
  const std::string text = testing::read_file(path);
  const std::size_t start = text.find("```sh\n", text.find("## Commands"));
  const std::size_t end = text.find("```\n", start + 6);
  std::map<std::string, std::string> by_command;
  std::istringstream lines(text.substr(start + 6, end - start - 6));
  std::string command;
  static const std::regex head(R"(^bahth ([a-z]+))");
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, head)) command = match[1];
    by_command[command] += line.substr(0, line.find('#')) + "\n";
  }
  return by_command;
}

// Every option --help lists is in the synopses of the README and docs/usage.md, and every
// option they name is one --help lists ("related" names those of search it lacks).
TEST(Synopses, SayWhatEachCommandsHelpSays) {
  const auto top = run_bahth({"--help"});
  std::vector<std::string> commands;
  static const std::regex listed(R"(^  ([a-z]+)  )");
  std::istringstream lines(top.out.substr(top.out.find("Subcommands:")));
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, listed)) commands.push_back(match[1]);
  }
  ASSERT_GE(commands.size(), 10u) << top.out;
  for (const std::string document : {"README.md", "docs/usage.md"}) {
    const auto documented = synopses(BAHTH_SOURCE_DIR "/" + document);
    for (const std::string& command : commands) {
      const auto found = documented.find(command);
      if (found == documented.end()) {
        ADD_FAILURE() << document << " has no synopsis of " << command;
        continue;
      }
      const std::string& synopsis = found->second;
      const std::set<std::string> options = help_options({command});
      const std::set<std::string> given =
          command == "related" ? help_options({"search"}) : std::set<std::string>{};
      for (const std::string& option : options) {
        const bool named = std::regex_search(synopsis, std::regex(option + R"((?![a-z-]))"));
        const bool as_search = command == "related" && given.contains(option) &&
                               contains(synopsis, "the options of search");
        EXPECT_TRUE(named || as_search) << document << ": " << command << " lacks " << option;
      }
      static const std::regex named_option(R"(--[a-z][a-z-]*)");
      for (auto it = std::sregex_iterator(synopsis.begin(), synopsis.end(), named_option);
           it != std::sregex_iterator(); ++it) {
        const std::string option = it->str();
        EXPECT_TRUE(options.contains(option) || given.contains(option))
            << document << ": " << command << " names " << option << ", which --help lacks";
      }
    }
  }
}

}  // namespace
}  // namespace cli_habits_test
}  // namespace bahth
