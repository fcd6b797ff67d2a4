// An index is input bahth did not necessarily write: its recorded analysis is checked before a
// search, the metadata it holds (spelling variants) is bounded and shown inert, and what eval and
// analyze print of their input cannot act on a terminal.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_untrusted_index_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

// Bytes a terminal acts on: ESC, BEL, the C1 CSI (U+009B) and a right-to-left override.
bool has_terminal_control(const std::string& text) {
  return contains(text, "\x1b") || contains(text, "\x07") || contains(text, "\xc2\x9b") ||
         contains(text, "\xe2\x80\xae");
}

class CliUntrustedIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_ / "articles.jsonl")
        << R"({"id":"a1","title":"الرئيس ترامب في واشنطن","body":"قال الرئيس ترامب إن القرار نهائي"})"
        << '\n'
        << R"({"id":"a2","title":"مباراة الدوري","body":"سجل المهاجم هدفا في المباراة"})" << '\n'
        << R"({"id":"a3","title":"ترامب والكونغرس","body":"الرئيس ترامب يلتقي اعضاء الكونغرس"})"
        << '\n';
    const auto r = run_bahth({"index", "-q", "--db", db(), dir_ / "articles.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string db() const { return dir_ / "db"; }

  void set_metadata(const std::string& key, const std::string& value) const {
    Xapian::WritableDatabase index(db(), Xapian::DB_OPEN);
    index.set_metadata(key, value);
    index.commit();
  }

  TempDir dir_;
};

TEST_F(CliUntrustedIndex, EveryReaderRefusesAnIndexOfAnotherAnalysis) {
  const std::string ours = Xapian::Database(db()).get_metadata("bahth.analyzer");
  ASSERT_FALSE(ours.empty());
  set_metadata("bahth.analyzer", "norm0+light1+lex0");
  std::ofstream(dir_ / "topics.tsv") << "q1\tترامب\n";
  std::ofstream(dir_ / "qrels.txt") << "q1 0 a1 1\n";
  const std::vector<std::vector<std::string>> commands{
      {"search", "--db", db(), "ترامب"},
      {"related", "--db", db(), "a1"},
      {"show", "--db", db(), "a1"},
      {"eval", "--db", db(), "--queries", dir_ / "topics.tsv", "--qrels", dir_ / "qrels.txt"},
      {"serve", "--db", db(), "--port", "0"},
  };
  for (const auto& command : commands) {
    // serve would run until stopped if it opened the index: `timeout` ends it then.
    const bool serve = command.front() == "serve";
    std::vector<std::string> args = command;
    const auto r = serve ? [&] {
      std::string line = "timeout 10 " + testing::shell_quote(BAHTH_BINARY);
      for (const std::string& arg : args) line += " " + testing::shell_quote(arg);
      line += " >/dev/null 2>" + testing::shell_quote(dir_ / "serve.err");
      const int status = std::system(line.c_str());
      return testing::RunResult{WIFEXITED(status) ? WEXITSTATUS(status) : -1, "",
                                testing::read_file(dir_ / "serve.err")};
    }()
                         : run_bahth(args);
    EXPECT_EQ(r.exit_code, 1) << command.front() << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "'norm0+light1+lex0'")) << command.front() << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "'" + ours + "'")) << command.front() << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "reindex")) << command.front() << ": " << r.err;
  }
}

// 50,000 variants stored for one stem (450 KB of metadata) made each search take two minutes.
TEST_F(CliUntrustedIndex, TamperedVariantsAreBoundedWarnedAboutAndShownInert) {
  std::string variants = "\x1b[2Jمسح \x07جرس \xc2\x9bسي \xe2\x80\xaeعكس";
  for (int i = 0; i < 50000; ++i) variants += " ت" + std::to_string(i);
  set_metadata("bahth.variant:ترامب", variants);
  set_metadata("bahth.variants", "50004");

  const auto search = run_bahth({"search", "--db", db(), "ترامب"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_TRUE(contains(search.out, "a1")) << search.out;
  EXPECT_TRUE(contains(search.err, db())) << search.err;
  EXPECT_TRUE(contains(search.err, "over the limit of 64")) << search.err;

  const auto json = run_bahth({"search", "--db", db(), "--json", "ترامب"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(contains(json.out, "\"warnings\":[\"" + db())) << json.out.substr(0, 2000);

  const auto shown = run_bahth({"analyze", "--variants", "--db", db(), "ترامب"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_FALSE(has_terminal_control(shown.out)) << shown.out;
  EXPECT_TRUE(contains(shown.out, "␛[2Jمسح")) << shown.out;
  // The 64th variant is the last one read; the group is shown sorted, so its place in the line
  // says nothing.
  EXPECT_TRUE(contains(shown.out, " ت59 ")) << shown.out;
  EXPECT_FALSE(contains(shown.out, " ت60")) << shown.out;
  EXPECT_TRUE(contains(shown.err, "over the limit of 64")) << shown.err;
  const auto shown_json = run_bahth({"analyze", "--variants", "--json", "--db", db(), "ترامب"});
  EXPECT_FALSE(has_terminal_control(shown_json.out)) << shown_json.out;
  EXPECT_TRUE(contains(shown_json.out, R"("\u001b[2Jمسح")")) << shown_json.out;
}

TEST(CliUntrustedText, EvalShowsQueryIdsInert) {
  TempDir dir;
  std::ofstream(dir / "articles.jsonl")
      << R"({"id":"a1","title":"الرئيس ترامب في واشنطن","body":"قال الرئيس ترامب إن القرار نهائي"})"
      << '\n';
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  // A judged query with an ESC and a C1 CSI in its id, one without judgements with a BEL and a
  // right-to-left override, and one that cannot be searched (no words).
  std::ofstream(dir / "topics.tsv") << "q\x1b[31m1\xc2\x9b\tترامب\n"
                                    << "u\x07\xe2\x80\xae"
                                       "2\tواشنطن\n"
                                    << "f\x1b]0;x\x07"
                                       "3\t؟\n";
  std::ofstream(dir / "qrels.txt") << "q\x1b[31m1\xc2\x9b 0 a1 1\n"
                                   << "f\x1b]0;x\x07"
                                      "3 0 a1 1\n";
  const std::vector<std::string> eval{
      "eval", "--db", dir / "db", "--queries", dir / "topics.tsv", "--qrels", dir / "qrels.txt"};
  const auto text = run_bahth(eval);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_FALSE(has_terminal_control(text.out + text.err)) << text.err;
  EXPECT_TRUE(contains(text.err, "f␛]0;x␇3")) << text.err;
  std::vector<std::string> json_args = eval;
  json_args.push_back("--json");
  const auto json = run_bahth(json_args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_FALSE(has_terminal_control(json.out + json.err)) << json.out;
  EXPECT_TRUE(contains(json.out, R"("q\u001b[31m1\u009b")")) << json.out;
  EXPECT_TRUE(contains(json.out, R"(u\u0007\u202e2)")) << json.out;
}

TEST(CliUntrustedText, AnalyzeJsonEscapesC1AndBidiControls) {
  const auto r = run_bahth({"analyze", "--json",
                            "سي\xc2\x9b"
                            "س \xe2\x80\xae"
                            "عكس"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(has_terminal_control(r.out)) << r.out;
  EXPECT_TRUE(contains(r.out, R"(\u009b)")) << r.out;
  EXPECT_TRUE(contains(r.out, R"(\u202e)")) << r.out;
}

TEST(CliUntrustedText, AnalyzeTokensDropFormatCharactersInsideWords) {
  const auto r = run_bahth({"analyze", "--stage", "tokens", "ترا\u200bمب و\u202eسوريا"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ترامب وسوريا\n");
}

TEST(CliUntrustedText, ACommandLineErrorIsInertOnEveryLine) {
  const auto r = run_bahth({"search", "-n", "5\n\x1b]52;c;cGF3bmVk\x07\x1b[2J", "سوريا"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(has_terminal_control(r.err)) << r.err;
  EXPECT_TRUE(contains(r.err, "␛[2J")) << r.err;
}

// A --db naming a large file (an article dump given by mistake) is refused before it is read.
TEST(CliUntrustedText, ADbThatIsALargeFileIsRefusedUnread) {
  TempDir dir;
  std::filesystem::resize_file(
      [&] {
        std::ofstream(dir / "dump.txt") << "x";
        return dir / "dump.txt";
      }(),
      std::uintmax_t{64} << 20);
  const auto r = run_bahth({"search", "--db", dir / "dump.txt", "سوريا"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "larger than any stub file")) << r.err;
  EXPECT_TRUE(contains(r.err, dir / "dump.txt")) << r.err;
}

TEST_F(CliUntrustedIndex, ATamperedShardCountIsNamed) {
  TempDir sharded;
  const std::string input = dir_ / "articles.jsonl";
  ASSERT_EQ(run_bahth({"index", "-q", "--db", sharded / "db", "--shards", "2", input}).exit_code,
            0);
  {
    Xapian::WritableDatabase shard(sharded / "db/shard-0", Xapian::DB_OPEN);
    shard.set_metadata("bahth.shards", "184467440737095516160");
    shard.commit();
  }
  const auto r = run_bahth({"index", "-q", "--db", sharded / "db", input});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "shard-0")) << r.err;
  EXPECT_TRUE(contains(r.err, "184467440737095516160")) << r.err;
}

// Under `ulimit -n 200` a build of 64 shards would fail halfway, and every rerun too.
TEST(CliUntrustedText, MoreShardsThanFileDescriptorsAreRefusedUpFront) {
  TempDir dir;
  std::ofstream(dir / "a.jsonl") << R"({"id":"a1","title":"سوريا","body":"سوريا"})" << '\n';
  const std::string line = "ulimit -n 200 && " + testing::shell_quote(BAHTH_BINARY) +
                           " index -q --shards 64 --db " + testing::shell_quote(dir / "db") + " " +
                           testing::shell_quote(dir / "a.jsonl") + " 2>" +
                           testing::shell_quote(dir / "err");
  const int status = std::system(("sh -c " + testing::shell_quote(line)).c_str());
  const std::string err = testing::read_file(dir / "err");
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << err;
  EXPECT_TRUE(contains(err, "ulimit -n")) << err;
  EXPECT_FALSE(std::filesystem::exists(dir / "db")) << "shards were created";
}

}  // namespace
}  // namespace cli_untrusted_index_test
}  // namespace bahth
