// `bahth index` when the disk fills up: it stops with a message naming the database and exit 1,
// and what it committed before stays intact (xapian-check clean) and searchable; once there is
// room again, rerunning the command completes the index.
//
// A full disk is simulated portably with RLIMIT_FSIZE (writes past the limit fail with EFBIG,
// SIGXFSZ ignored), which needs no privileges; where the test may mount a small tmpfs, a second
// test fills a real file system (ENOSPC), and skips elsewhere; where strace may trace, a third
// makes every block write after the Nth fail with ENOSPC (strace's fault injection), as a disk
// filling mid-run does. Each run's summary counts the articles read but not indexed, and the
// index holds exactly the articles it says were added.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_disk_full_test {
namespace {

using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

constexpr int kCopies = testing::kSlowBuild ? 2 : 3;  // × 300 articles after the first 300
constexpr Xapian::doccount kSeed = 300;
// Block writes (pwrite64) an incremental run makes before the injected full disk: its first
// batches of 100 articles commit, later ones cannot.
constexpr int kWritesBeforeFull = 3000;

std::uintmax_t largest_file_in(const std::string& dir) {
  std::uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) largest = std::max(largest, entry.file_size());
  }
  return largest;
}

// What a failed run must leave: the seed and every later commit, sound and searchable.
void expect_committed_work_intact(const std::string& db) {
  EXPECT_TRUE(testing::xapian_check_passes(db));
  const Xapian::Database index(db);
  EXPECT_GE(index.get_doccount(), kSeed);
  EXPECT_EQ(testing::ids_in(index).size(), index.get_doccount());
  const auto search = run_bahth({"search", "--db", db, "--json", "id:ant/BB-culture-1-20180218"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("BB-culture-1-20180218"), std::string::npos) << search.out;
}

bool strace_works() {
  return std::system("strace -f -qq -o /dev/null -e trace=pwrite64 true >/dev/null 2>&1") == 0;
}

// The summary a run stopped by a failed write prints (on stderr, --quiet or not): "bahth:
// stopped; committed ...: A added, ..., N read but not indexed (the write failed); the index
// holds D documents", or a watch's batch line "bahth: WHAT (stopped): ...".
struct StoppedSummary {
  bool found = false;
  std::size_t added = 0;
  std::size_t not_indexed = 0;
  std::size_t holds = 0;
};

StoppedSummary stopped_summary(const std::string& err) {
  static const std::regex line(
      R"(bahth: .*stopped.*: (\d+) added, .* (\d+) read but not indexed \(the write failed\); )"
      R"(the index holds (\d+) documents)");
  StoppedSummary summary;
  std::smatch match;
  if (!std::regex_search(err, match, line)) return summary;
  summary.found = true;
  summary.added = std::stoul(match[1]);
  summary.not_indexed = std::stoul(match[2]);
  summary.holds = std::stoul(match[3]);
  return summary;
}

// Nothing lost unsaid: the index holds the seed and exactly the articles the summary says were
// added; some were read and not indexed, and none counted twice.
void expect_summary_counts_every_article(const std::string& err, const std::string& db) {
  const StoppedSummary summary = stopped_summary(err);
  ASSERT_TRUE(summary.found) << err;
  EXPECT_GT(summary.not_indexed, 0u) << err;
  EXPECT_LE(summary.added + summary.not_indexed, kCopies * 300u) << err;
  EXPECT_EQ(summary.holds, kSeed + summary.added) << err;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), summary.holds) << err;
}

class CliDiskFull : public ::testing::Test {
 protected:
  // The bundled sample, indexed as the work a full disk must not harm (once a test run, for
  // every test that indexes it so: cli/cached_index.h).
  void seed(const std::string& db_path) {
    db = db_path;
    testing::index_cached(db, {{"index", "--db", db, "--threads", "1", "--quiet", kBundledSample}});
  }
  std::vector<std::string> more_args() const {
    return {"index", "--db", db, "--threads", "1", "--batch", "100", "--quiet", input};
  }
  void expect_failed_clearly(const testing::ChildEnd& end) const {
    const std::string err = testing::read_file(dir / "err.txt");
    EXPECT_EQ(end.exit_code, 1) << err;
    EXPECT_EQ(err.rfind("bahth: " + db + ": ", 0), 0u) << err;
  }
  void expect_rerun_completes() const {
    const auto rerun = run_bahth(more_args());
    EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(Xapian::Database(db).get_doccount(), kSeed + kCopies * 300u);
    EXPECT_TRUE(testing::xapian_check_passes(db));
  }

  TempDir dir;
  std::string db;
  std::string input = testing::write_sample_copies(dir, kCopies);
};

TEST_F(CliDiskFull, FileSizeLimitStopsIndexingWithCommittedWorkIntact) {
  ASSERT_NO_FATAL_FAILURE(seed(dir / "db"));
  // Room for about one more batch in the largest table, not for all the new articles.
  const auto limit = static_cast<rlim_t>(largest_file_in(db) + (256u << 10));
  const pid_t pid = testing::spawn_bahth(more_args(), dir / "out.txt", dir / "err.txt", [limit] {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit fsize{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &fsize);
  });
  const testing::ChildEnd end = testing::wait_child(pid);
  expect_failed_clearly(end);
  expect_committed_work_intact(db);
  EXPECT_LT(Xapian::Database(db).get_doccount(), kSeed + kCopies * 300u);
  expect_summary_counts_every_article(testing::read_file(dir / "err.txt"), db);
  expect_rerun_completes();
}

// Every block write after the first few hundred fails with ENOSPC: the run stops with the
// error, the summary counts what was committed and what was read but not indexed, and the
// committed work stays sound and searchable.
TEST_F(CliDiskFull, InjectedNoSpaceCountsTheArticlesReadButNotIndexed) {
  if (!strace_works()) GTEST_SKIP() << "strace missing or not permitted here (ptrace)";
  ASSERT_NO_FATAL_FAILURE(seed(dir / "db"));
  // LeakSanitizer cannot run under ptrace: leaks are checked by the other tests.
  std::string command =
      "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null -e trace=pwrite64 "
      "-e inject=pwrite64:error=ENOSPC:when=" +
      std::to_string(kWritesBeforeFull) + "+ " + testing::shell_quote(BAHTH_BINARY);
  for (const std::string& arg : more_args()) command += " " + testing::shell_quote(arg);
  command +=
      " >" + testing::shell_quote(dir / "out.txt") + " 2>" + testing::shell_quote(dir / "err.txt");
  const int status = std::system(command.c_str());
  const std::string err = testing::read_file(dir / "err.txt");
  ASSERT_TRUE(WIFEXITED(status)) << err;
  EXPECT_EQ(WEXITSTATUS(status), 1) << err;
  EXPECT_EQ(err.rfind("bahth: " + db + ": ", 0), 0u) << err;
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
  expect_committed_work_intact(db);
  expect_summary_counts_every_article(err, db);
  expect_rerun_completes();
}

// `index --watch` stopped by the same full disk says what it read and did not index, and ends
// (exit 1) rather than watching an index it cannot write.
TEST_F(CliDiskFull, InjectedNoSpaceEndsAWatchCountingTheArticlesNotIndexed) {
  if (!strace_works()) GTEST_SKIP() << "strace missing or not permitted here (ptrace)";
  ASSERT_NO_FATAL_FAILURE(seed(dir / "db"));
  const std::string folder = dir / "incoming";
  std::filesystem::create_directories(folder);
  std::filesystem::rename(input, folder + "/big.jsonl");
  // `timeout`: a watch that did not stop would otherwise wait for ever.
  std::string command =
      "ASAN_OPTIONS=detect_leaks=0 timeout -s KILL 120 strace -f -qq -o /dev/null "
      "-e trace=pwrite64 -e inject=pwrite64:error=ENOSPC:when=" +
      std::to_string(kWritesBeforeFull) + "+ " + testing::shell_quote(BAHTH_BINARY) +
      " index --db " + testing::shell_quote(db) + " --threads 1 --batch 100 --quiet --watch " +
      testing::shell_quote(folder) + " >" + testing::shell_quote(dir / "out.txt") + " 2>" +
      testing::shell_quote(dir / "err.txt");
  const int status = std::system(command.c_str());
  const std::string err = testing::read_file(dir / "err.txt");
  ASSERT_TRUE(WIFEXITED(status)) << err;
  EXPECT_EQ(WEXITSTATUS(status), 1) << err;
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
  // The file being read when the disk filled is counted as read.
  EXPECT_NE(err.find("bahth: in line with the folders (stopped): 1 file read, "), std::string::npos)
      << err;
  expect_committed_work_intact(db);
  expect_summary_counts_every_article(err, db);
}

// A real small file system that fills up; needs the right to mount (root outside a container,
// or a privileged one), skipped otherwise.
TEST_F(CliDiskFull, FullTmpfsStopsIndexingWithCommittedWorkIntact) {
  const std::string mount_point = dir / "small";
  std::filesystem::create_directories(mount_point);
  const std::string mount =
      "mount -t tmpfs -o size=9m tmpfs " + testing::shell_quote(mount_point) + " 2>/dev/null";
  if (::geteuid() != 0 || std::system(mount.c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here; the RLIMIT_FSIZE test covers a full disk";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { (void)std::system(("umount " + testing::shell_quote(path)).c_str()); }
  } unmount{mount_point};

  ASSERT_NO_FATAL_FAILURE(seed(mount_point + "/db"));
  const pid_t pid = testing::spawn_bahth(more_args(), dir / "out.txt", dir / "err.txt");
  const testing::ChildEnd end = testing::wait_child(pid);
  expect_failed_clearly(end);
  const std::string err = testing::read_file(dir / "err.txt");
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
  expect_committed_work_intact(db);
  expect_summary_counts_every_article(err, db);
}

}  // namespace
}  // namespace cli_disk_full_test
}  // namespace bahth
