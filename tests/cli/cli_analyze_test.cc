// End-to-end tests of `bahth analyze` and of the CLI's usage errors.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_analyze_test {
namespace {

using testing::run_bahth;

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CliAnalyze, NormalizeStageOfArguments) {
  const auto r = run_bahth({"analyze", "--stage", "normalize", "الإسلامُ", "٢٠١٤"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "الاسلام 2014\n");
}

TEST(CliAnalyze, TokensStageKeepsSurfaceForms) {
  const auto r = run_bahth({"analyze", "--stage", "tokens", "قالَ،«أوباما»"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "قالَ أوباما\n");
}

TEST(CliAnalyze, OneOutputLinePerInputLine) {
  const auto r = run_bahth({"analyze", "--stage", "normalize"}, "أ ب\n\n، ؛\nمدرسة\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ا ب\n\n\nمدرسه\n");
}

// Issue 18: names and words whose first letters look like clitics keep them (the lexicon knows
// them), and meet their clitic forms. One input line per word, one stem per output line.
TEST(CliAnalyze, NamesKeepTheirFirstLettersAndMeetTheirCliticForms) {
  const auto r = run_bahth({"analyze"},
                           "بكين\nوبكين\nببكين\nواحد\nوزارة\nوكالة\nولاية\nلبنان\nبلبنان\n"
                           "ليبيا\nلندن\nبغداد\nواشنطن\nباكستان\nفلسطين\nبوتين\nلبوتين\n"
                           "كاليفورنيا\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "بكين\nبكين\nبكين\nواحد\nوزار\nوكال\nولاي\nلبنان\nلبنان\nليبيا\nلندن\n"
            "بغداد\nواشنطن\nباكستان\nفلسطين\nبوتين\nبوتين\nكاليفورنيا\n");
}

// Relative adjectives meet their nouns (بلاستيكي/بلاستيك, جبلية/جبل); a final ي that the
// dictionary spells ى (مستشفى) or that makes a country name with ا (سوري/سوريا) stays.
TEST(CliAnalyze, RelativeAdjectivesMeetTheirNouns) {
  const auto r = run_bahth({"analyze"}, "بلاستيكي بلاستيك\nجبلية جبل\nمستشفى\nسوري\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "بلاستيك بلاستيك\nجبل جبل\nمستشفي\nسوري\n");
}

// Issue 18's known faults of light2+lex1: سوني lost its ي (سون), and للصين (ل + الصين) met the
// rare صين while الصين, بالصين and والصين stayed الصين. Place names (L6) now all lose the
// article, so every form meets the bare name too (issue 28).
TEST(CliAnalyze, NamesWithLamBeforeTheArticleMeetTheirWord) {
  const auto r = run_bahth({"analyze"},
                           "سوني\nالصين للصين بالصين والصين\nلبنان للبنان\nليبيا لليبيا\n"
                           "العراق للعراق\nالولايات للولايات\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "سوني\nصين صين صين صين\nلبنان لبنان\nليبيا ليبيا\nعراق عراق\n"
            "ولاي ولاي\n");
}

TEST(CliAnalyze, LastLineWithoutNewlineStillAnswered) {
  const auto r = run_bahth({"analyze", "--stage", "normalize"}, "أ\r\nب");
  EXPECT_EQ(r.out, "ا\nب\n");
}

TEST(CliAnalyze, InvalidUtf8LineIsReportedAndLeftEmpty) {
  const auto r = run_bahth({"analyze", "--stage", "normalize"}, "أ\nbad\xFF\xFEline\nب\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "ا\n\nب\n");
  EXPECT_NE(r.err.find("<stdin>:2: invalid UTF-8 at byte 4"), std::string::npos) << r.err;
}

TEST(CliAnalyze, JsonShowsEveryStage) {
  const auto r = run_bahth({"analyze", "--json", "--stemmer", "none", "المدرسةُ"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("surface":"المدرسةُ")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("normalized":"المدرسه")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("stem":"المدرسه")"), std::string::npos) << r.out;
}

// The JSON is exact for text that needs escaping (quotes, backslashes, control characters).
TEST(CliAnalyze, JsonEscapesTextExactly) {
  const std::string line = "قال \"أوباما\" \\ a\tb \x01c \x7f d/e";
  const auto r = run_bahth({"analyze", "--json"}, line + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json parsed = nlohmann::json::parse(r.out);
  EXPECT_EQ(parsed["text"], line);
  ASSERT_FALSE(parsed["tokens"].empty());
  EXPECT_EQ(parsed["tokens"][0]["surface"], "قال");
  EXPECT_EQ(parsed["tokens"][0]["offset"], 0);
  EXPECT_EQ(parsed["tokens"][1]["position"], 1);
}

// --json is written token by token: its memory does not grow with the tokens of a line (a JSON
// tree took about 130 times the line, 4 GB for 20 MB).
TEST(CliAnalyze, JsonOfALongLineInBoundedMemory) {
  testing::TempDir dir;
  const std::string input = dir / "line.txt";
  std::size_t words = 0;
  {
    std::ofstream out(input, std::ios::binary);
    for (std::size_t size = 0; size < (4u << 20); ++words) {
      out << "الولايات المتحدة ";
      size += 33;
    }
    out << '\n';
  }
  const std::string path = input;
  const pid_t pid =
      testing::spawn_bahth({"analyze", "--json"}, dir / "out.json", dir / "err.txt", [&path] {
        const int fd = ::open(path.c_str(), O_RDONLY);
        if (fd >= 0) ::dup2(fd, STDIN_FILENO);
      });
  const testing::ChildEnd end = testing::wait_child(pid);
  EXPECT_EQ(end.exit_code, 0) << testing::read_file(dir / "err.txt");
  const long limit_kb = testing::kSlowBuild ? 400 * 1024 : 100 * 1024;
  EXPECT_LT(end.max_rss_kb, limit_kb) << "peak RSS in kB for a 4 MB line";
  std::cout << "peak RSS of analyze --json on a 4 MB line: " << end.max_rss_kb / 1024 << " MB\n";
  const nlohmann::json parsed = nlohmann::json::parse(testing::read_file(dir / "out.json"));
  EXPECT_EQ(parsed["tokens"].size(), 2 * words);
}

TEST(CliAnalyze, TenMegabyteLineWorks) {
  std::string line;
  while (line.size() < 10u << 20) line += "الولايات المتحدة ";
  const auto r = run_bahth({"analyze", "--stage", "normalize"}, line + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1u);
  EXPECT_GT(r.out.size(), 9u << 20);
}

TEST(CliUsage, BadStageIsAUsageError) {
  const auto r = run_bahth({"analyze", "--stage", "roots", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("bahth: ", 0), 0u) << r.err;
}

TEST(CliUsage, MissingSubcommandIsAUsageError) {
  const auto r = run_bahth({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bahth: "), std::string::npos);
}

TEST(CliUsage, UnknownSubcommandIsAUsageError) {
  EXPECT_EQ(run_bahth({"frobnicate"}).exit_code, 2);
}

TEST(CliUsage, HelpExitsZeroAndListsCommands) {
  const auto r = run_bahth({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("analyze"), std::string::npos);
  EXPECT_EQ(run_bahth({"analyze", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace cli_analyze_test
}  // namespace bahth
