// Article text is data, never terminal control: escape sequences, C1 controls and bidi overrides
// written into a dump's titles, bodies, sections, URLs and file names reach the terminal
// (search, stats, index warnings, error messages) as visible placeholders; --json keeps them. An
// id holding one is refused (reported, inert, and skipped): ids may hold no control characters.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_terminal_safety_test {
namespace {

using testing::run_bahth;
using testing::TempDir;

// The bytes that would make a terminal act: ESC and the other C0 controls but newline, DEL, the
// UTF-8 form of C1 controls (CSI U+009B, NEL U+0085) and the bidi embeddings and overrides.
// bahth's own bold marks (ESC [1m, ESC [0m) are taken out first.
std::vector<std::string> control_found(std::string text) {
  for (const std::string mark : {"\x1b[1m", "\x1b[0m"}) {
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark)) {
      text.erase(at, mark.size());
    }
  }
  std::vector<std::string> found;
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n') || c == 0x7f) found.push_back("C0 " + std::to_string(c));
  }
  for (const std::string bad : {"\u009b", "\u0085", "\u202e", "\u202d", "\u2067"}) {
    if (text.find(bad) != std::string::npos) found.push_back("U+" + bad);
  }
  return found;
}

constexpr const char* kHostileTitle = "\x1b[2J\x1b[H\x1b]52;c;cHduZWQ=\x07 سوريا";
constexpr const char* kHostileUrl = "https://good.example/\u202egpj.exe";

// One article whose every field but its id carries a control sequence, as JSON escapes in a JSON
// Lines dump; then one whose id does, refused.
std::string hostile_dump() {
  return R"({"id": "id-hostile", "title": "\u001b[2J\u001b[H\u001b]52;c;cHduZWQ=\u0007 سوريا",)"
         R"( "section": "news\u009b2J\u202e", "url": "https://good.example/\u202egpj.exe",)"
         R"( "date": "2018-03-01", "body": "الحرب في سوريا \u001b]8;;http://evil\u001b\\ رابط)"
         R"( \u0085 \u001b[6n نهاية"})"
         "\n"
         R"({"id": "id-\u001b[31m", "title": "عنوان", "body": "نص"})"
         "\n";
}

class CliTerminalSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    dump_ = std::filesystem::path(dir_ / "dump\x1b[2J.jsonl");
    std::ofstream(dump_, std::ios::binary) << hostile_dump() << "{broken json\n";
    index_ = run_bahth({"index", "--db", db(), dump_.string()});
    ASSERT_EQ(index_.exit_code, 0) << index_.err;
  }
  std::string db() const { return dir_ / "db"; }

  TempDir dir_;
  std::filesystem::path dump_;
  testing::RunResult index_;
};

TEST_F(CliTerminalSafety, IndexWarningsNamingAHostileFileAreInert) {
  EXPECT_NE(index_.err.find(":2: article id holds a control character U+001B"), std::string::npos)
      << index_.err;
  EXPECT_NE(index_.err.find(":3:"), std::string::npos) << index_.err;
  EXPECT_EQ(control_found(index_.err), std::vector<std::string>{}) << index_.err;
}

TEST_F(CliTerminalSafety, SearchTextInAPipeIsInert) {
  const auto result = run_bahth({"search", "--db", db(), "سوريا"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\u241b[2J"), std::string::npos) << result.out;  // shown, not run
  EXPECT_NE(result.out.find("https://good.example/gpj.exe"), std::string::npos) << result.out;
  EXPECT_EQ(control_found(result.out), std::vector<std::string>{}) << result.out;
}

TEST_F(CliTerminalSafety, SearchTextForATerminalIsInertInEveryBidiMode) {
  for (const std::string bidi : {"isolate", "visual", "none"}) {
    const auto result = run_bahth({"search", "--db", db(), "--color", "always", "--bidi", bidi,
                                   "--facets", "--explain", "سوريا"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(control_found(result.out), std::vector<std::string>{}) << bidi << "\n" << result.out;
  }
}

TEST_F(CliTerminalSafety, RelatedAndStatsAreInert) {
  const auto related = run_bahth({"related", "--db", db(), "id-hostile"});
  EXPECT_EQ(control_found(related.out + related.err), std::vector<std::string>{})
      << related.out << related.err;
  const auto stats = run_bahth({"stats", "--db", db()});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("news"), std::string::npos) << stats.out;
  EXPECT_EQ(control_found(stats.out), std::vector<std::string>{}) << stats.out;
}

TEST_F(CliTerminalSafety, ErrorMessagesQuotingAnIdAreInert) {
  const auto result = run_bahth({"related", "--db", db(), "no-such\x1b]52;c;eA==\x07"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no-such"), std::string::npos) << result.err;
  EXPECT_EQ(control_found(result.err), std::vector<std::string>{}) << result.err;
}

TEST_F(CliTerminalSafety, JsonKeepsTheTextExact) {
  const auto result = run_bahth({"search", "--db", db(), "--json", "سوريا"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(control_found(result.out), std::vector<std::string>{}) << result.out;  // escaped
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["results"].size(), 1u);
  EXPECT_EQ(json["results"][0]["title"], kHostileTitle);
  EXPECT_EQ(json["results"][0]["url"], kHostileUrl);
  EXPECT_EQ(json["results"][0]["id"], "id-hostile");
}

TEST_F(CliTerminalSafety, StatsJsonIsInertAndExact) {
  const auto result = run_bahth({"stats", "--db", db(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(control_found(result.out), std::vector<std::string>{}) << result.out;
  EXPECT_EQ(nlohmann::json::parse(result.out)["sections"].count("news\u009b2J\u202e"), 1u);
}

}  // namespace
}  // namespace cli_terminal_safety_test
}  // namespace bahth
