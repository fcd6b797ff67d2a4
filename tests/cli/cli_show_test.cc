// `bahth show`: whole stored articles by id, as text and JSON.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth::testing {
namespace cli_show_test {
namespace {

class ShowTest : public IndexedSuite {
 protected:
  static void SetUpTestSuite() {
    const std::string input = path("articles.jsonl");
    std::ofstream(input)
        << R"({"id": "a/1", "url": "https://example.org/1", "title": "عنوان الأول", "date": "2018-03-01", "section": "world", "body": "الفقرة الأولى.\nالفقرة الثانية.", "captions": ["تعليق الصورة"]})"
        << "\n"
        << R"({"id": "a/2", "title": "\u001b[2Jعنوان \u202eالثاني", "date": "2018-03-02", "body": "نص \u001b]52;c;eA==\u0007 المقال"})"
        << "\n";
    index_once({input});
  }
};

TEST_F(ShowTest, TextShowsEveryField) {
  const RunResult r = run_bahth({"show", "--db", db(), "a/1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "عنوان الأول\n2018-03-01 · world\na/1 · https://example.org/1\n  ▣ تعليق الصورة\n"
            "\nالفقرة الأولى.\n\nالفقرة الثانية.\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(ShowTest, JsonKeepsTheWholeArticleExact) {
  const RunResult r = run_bahth({"show", "--db", db(), "--json", "a/2", "a/1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto newline = r.out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const auto second = nlohmann::json::parse(r.out.substr(0, newline));
  const auto first = nlohmann::json::parse(r.out.substr(newline + 1));
  EXPECT_EQ(second["id"], "a/2");
  EXPECT_EQ(second["title"], "\x1b[2Jعنوان \u202eالثاني");  // exact once parsed
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);         // escaped in the text
  EXPECT_EQ(first["id"], "a/1");
  EXPECT_EQ(first["url"], "https://example.org/1");
  EXPECT_EQ(first["section"], "world");
  EXPECT_EQ(first["date"], "2018-03-01");
  EXPECT_EQ(first["body"], "الفقرة الأولى.\nالفقرة الثانية.");
  EXPECT_TRUE(first["captions"].is_array());
}

TEST_F(ShowTest, TextIsInert) {
  const RunResult r = run_bahth({"show", "--db", db(), "a/2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\x07'), std::string::npos);
  EXPECT_EQ(r.out.find("\u202e"), std::string::npos);
  EXPECT_NE(r.out.find("␛[2Jعنوان"), std::string::npos);
}

TEST_F(ShowTest, UnknownIdFailsAfterPrintingTheOthers) {
  const RunResult r = run_bahth({"show", "--db", db(), "--json", "a/1", "nope", "a/2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "bahth: no article with id 'nope' in " + db() + "\n");
  EXPECT_NE(r.out.find("\"a/1\""), std::string::npos);
  EXPECT_NE(r.out.find("\"a/2\""), std::string::npos);
}

TEST_F(ShowTest, SeveralIdsAreSeparated) {
  const RunResult r = run_bahth({"show", "--db", db(), "a/1", "a/2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto first = r.out.find("عنوان الأول");
  const auto separator = r.out.find("\n-----");
  const auto second = r.out.find("عنوان");
  EXPECT_LT(first, separator);
  EXPECT_NE(separator, std::string::npos);
  EXPECT_NE(r.out.find("عنوان", separator), std::string::npos);
  EXPECT_EQ(second, first);
}

TEST_F(ShowTest, NeedsAnId) { EXPECT_EQ(run_bahth({"show", "--db", db()}).exit_code, 2); }

}  // namespace
}  // namespace cli_show_test
}  // namespace bahth::testing
