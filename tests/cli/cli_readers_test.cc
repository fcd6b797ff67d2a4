// `bahth index` on the inputs that used to hang it or lose records quietly: a FIFO whose writer
// never writes and a standard input left open (Ctrl-C and SIGTERM end the run, what was read is
// committed), derived ids that collided, ids replaced within one run, and spreadsheet CSV.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_readers_test {
namespace {

using testing::ChildEnd;
using testing::contains;
using testing::run_bahth;
using testing::TempDir;

void write(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

const std::string kTwoArticles = R"({"id":"g1","title":"سوريا","body":"نص"})"
                                 "\n"
                                 R"({"id":"g2","title":"لبنان","body":"نص"})"
                                 "\n";

TEST(CliReaders, SigintEndsARunWaitingOnASilentFifoAndKeepsWhatWasRead) {
  TempDir dir;
  write(dir / "good.jsonl", kTwoArticles);
  const std::string fifo = dir / "silent.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);  // a writer that never writes
  ASSERT_GE(writer, 0);
  const pid_t pid =
      testing::spawn_bahth({"index", "--db", dir / "db", "--quiet", dir / "good.jsonl", fifo},
                           dir / "out.txt", dir / "err.txt");
  // Reached the FIFO (good.jsonl is read), and waits in a read of it.
  ChildEnd end;
  bool ended = false;
  const bool waiting = testing::wait_until(
      [&] {
        const int fd = testing::fd_open_for_reading(pid, fifo);
        return fd >= 0 && testing::waiting_for_input(pid, fd);
      },
      pid, end, ended);
  if (!ended) end = testing::stop_child(pid, SIGINT);
  ::close(writer);
  const std::string err = testing::read_file(dir / "err.txt");
  ASSERT_TRUE(waiting && !ended) << err;
  EXPECT_EQ(end.exit_code, 130) << err;
  EXPECT_TRUE(contains(err, "interrupted; committed 2 articles")) << err;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 2u);
}

TEST(CliReaders, SigtermEndsARunReadingAStandardInputLeftOpen) {
  TempDir dir;
  int pipe_ends[2];
  ASSERT_EQ(::pipe2(pipe_ends, O_CLOEXEC), 0);
  const int read_end = pipe_ends[0];
  const pid_t pid = testing::spawn_bahth(
      {"index", "--db", dir / "db", "--quiet", "--format", "jsonl", "-"}, dir / "out.txt",
      dir / "err.txt", [read_end] { ::dup2(read_end, STDIN_FILENO); });
  ::close(read_end);
  ASSERT_EQ(::write(pipe_ends[1], kTwoArticles.data(), kTwoArticles.size()),
            static_cast<ssize_t>(kTwoArticles.size()));
  // Both read (the pipe is empty), and the writer stays silent with its end open: bahth waits
  // in a read of its standard input.
  ChildEnd end;
  bool ended = false;
  const bool waiting = testing::wait_until_reading_silent_writer(
      pipe_ends[1], pid, [] { return STDIN_FILENO; }, end, ended);
  if (!ended) end = testing::stop_child(pid, SIGTERM);
  ::close(pipe_ends[1]);
  const std::string err = testing::read_file(dir / "err.txt");
  ASSERT_TRUE(waiting && !ended) << err;
  EXPECT_EQ(end.exit_code, 128 + SIGTERM) << err;
  EXPECT_TRUE(contains(err, "interrupted")) << err;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 2u);
}

// The red team's finding: a/news.jsonl and b/news.jsonl replaced each other (2 of 4 kept).
TEST(CliReaders, SameFileNamesInTwoFoldersKeepEveryRecord) {
  TempDir dir;
  const std::string records = R"({"title":"سوريا","body":"نص"})"
                              "\n"
                              R"({"title":"لبنان","body":"نص"})"
                              "\n";
  write(dir / "a/news.jsonl", records);
  write(dir / "b/news.jsonl", records);
  const auto r =
      run_bahth({"index", "--db", dir / "db", dir / "a/news.jsonl", dir / "b/news.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "4 added, 0 updated")) << r.out;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 4u);
}

TEST(CliReaders, AnIdReplacedWithinTheRunIsReportedAndCounted) {
  TempDir dir;
  write(dir / "a.jsonl", R"({"id":"x","title":"سوريا","body":"نص"})"
                         "\n");
  write(dir / "b.jsonl", R"({"id":"x","title":"لبنان","body":"نص"})"
                         "\n");
  const auto r = run_bahth({"index", "--db", dir / "db", dir / "a.jsonl", dir / "b.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(
      r.err, dir / "b.jsonl:1: id 'x' already given by " + (dir / "a.jsonl:1") + "; replaces it\n"))
      << r.err;
  EXPECT_TRUE(contains(r.out, "0 skipped, 1 replaced in this run;")) << r.out;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 1u);
}

// The `PATH:LINE: reason` lines of `text` that name `path`.
std::size_t problem_lines(const std::string& text, const std::string& path) {
  std::size_t count = 0;
  const std::string prefix = path + ":";
  for (std::size_t at = text.find(prefix); at != std::string::npos;
       at = text.find(prefix, at + 1)) {
    const std::size_t next = at + prefix.size();
    if (next < text.size() && std::isdigit(static_cast<unsigned char>(text[next])) != 0) ++count;
  }
  return count;
}

// A file of 150 bad lines prints its first 100 problems and one line saying the rest are only
// counted; the summary counts all 150, and --errors FILE lists every one.
TEST(CliReaders, ProblemsBeyondAHundredAnInputAreCountedNotPrinted) {
  TempDir dir;
  std::string lines = R"({"id":"good","title":"سوريا","body":"نص"})"
                      "\n";
  for (int i = 0; i < 150; ++i) lines += "not json\n";
  write(dir / "bad.jsonl", lines);
  write(dir / "other.jsonl", "not json\n");
  const auto r = run_bahth({"index", "--db", dir / "db", dir / "bad.jsonl", dir / "other.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(problem_lines(r.err, dir / "bad.jsonl"), 100u) << r.err;
  EXPECT_TRUE(contains(r.err, dir / "bad.jsonl: more than 100 problems; the rest are counted"))
      << r.err;
  EXPECT_TRUE(contains(r.err, dir / "other.jsonl:1: ")) << "each input has its own hundred";
  EXPECT_TRUE(contains(r.out, "1 added")) << r.out;
  EXPECT_TRUE(contains(r.out, "151 skipped")) << r.out;
  const auto all =
      run_bahth({"index", "--db", dir / "db2", "--errors", dir / "errors.txt", dir / "bad.jsonl"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const std::string report = testing::read_file(dir / "errors.txt");
  EXPECT_EQ(problem_lines(report, dir / "bad.jsonl"), 150u) << report;
}

TEST(CliReaders, SpreadsheetCsvWithBomSemicolonsAndArabicHeaders) {
  TempDir dir;
  write(dir / "excel.csv",
        "\xEF\xBB\xBF\"العنوان\";\"النص\";التاريخ\r\n"
        "سوريا;نص أول;01/05/2018\r\n"
        "لبنان;نص ثان;2018/05/02\r\n");
  const auto r = run_bahth({"index", "--db", dir / "db", dir / "excel.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 added")) << r.out;
  const auto s = run_bahth({"search", "--db", dir / "db", "--since", "2018-05-02", "لبنان"});
  EXPECT_TRUE(contains(s.out, "2018-05-02")) << s.out << s.err;
}

TEST(CliReaders, CsvSeparatorOption) {
  TempDir dir;
  write(dir / "a.csv", "title,x;body\nسوريا,1;نص\n");
  const auto r =
      run_bahth({"index", "--db", dir / "db", "--csv-separator", ";", "--quiet", dir / "a.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto bad = run_bahth({"index", "--db", dir / "db", "--csv-separator", "ab", dir / "a.csv"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--csv-separator ab")) << bad.err;
}

}  // namespace
}  // namespace cli_readers_test
}  // namespace bahth
