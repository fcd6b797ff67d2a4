// End-to-end: what the snippet marks in piped output ([brackets]) for a quoted phrase and a
// wildcard, and "did you mean" for the slips of issue 15 (a dropped long vowel, a neighbouring
// key).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_highlights_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

class CliHighlights : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    {
      std::ofstream out(*dir_ / "news.jsonl");
      int id = 0;
      auto add = [&out, &id](int copies, const std::string& title, const std::string& body) {
        for (int i = 0; i < copies; ++i, ++id) {
          out << nlohmann::json{{"id", "n" + std::to_string(id)},
                                {"title", title},
                                {"body", body + " (" + std::to_string(id) + ")"}}
                     .dump()
              << '\n';
        }
      };
      add(1, "تقرير", "قال في بيان إن الحرب في اليمن طويلة وإن الحرب لم تنته في البلاد");
      add(40, "خاشقجي", "قضية الصحفي جمال خاشقجي في إسطنبول");
      add(1, "خشقجي", "كتب خشقجي مقالا");
      add(20, "اليمن", "زار الوفد اليمن والتقى مسؤولين يمنيين");
      add(40, "اليوم", "قال الوزير اليوم إن الاجتماع انتهى");
    }
    testing::index_cached(db(), {{"index", "--quiet", "--db", db(), *dir_ / "news.jsonl"}});
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string db() { return *dir_ / "db"; }
  static testing::RunResult search(const std::string& query) {
    return run_bahth({"search", "--db", db(), "-n", "1", query});
  }
  static inline TempDir* dir_ = nullptr;
};

TEST_F(CliHighlights, APhraseIsMarkedAsOneSpanAndItsWordsAloneAreNot) {
  const auto r = search("\"الحرب في اليمن\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "[الحرب في اليمن]")) << r.out;
  EXPECT_EQ(count(r.out, "["), 1U) << r.out;  // not every في, not the second الحرب
}

TEST_F(CliHighlights, AWildcardMarksTheWordsItMatches) {
  const auto r = search("زار يمني*");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "[يمنيين]")) << r.out;
}

// A rare name with a long vowel dropped is searched as the common one, and said so; with
// --no-correct it is searched as typed and the correction offered.
TEST_F(CliHighlights, ADroppedLongVowelIsPutBackAndSearched) {
  const auto r = search("خشقجي");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Showing results for خاشقجي; search instead for خشقجي")) << r.out;
  EXPECT_TRUE(contains(r.out, "[خاشقجي]")) << r.out;
  const auto typed = run_bahth({"search", "--db", db(), "-n", "1", "--no-correct", "خشقجي"});
  ASSERT_EQ(typed.exit_code, 0) << typed.err;
  EXPECT_TRUE(contains(typed.out, "Did you mean: خاشقجي")) << typed.out;
}

TEST_F(CliHighlights, DidYouMeanPrefersTheNeighbouringKey) {
  const auto r = search("اليمم");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Did you mean: اليمن")) << r.out;
}

}  // namespace
}  // namespace cli_highlights_test
}  // namespace bahth
