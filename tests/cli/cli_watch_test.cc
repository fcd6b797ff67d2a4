// `bahth index --watch DIR`: files written, rewritten, moved in and removed reach the index,
// files changed while nobody watched are found at start, bad and temporary files are passed
// over, Ctrl-C ends it with 130, and a second writer is refused. Every wait polls the index
// with a deadline (the watch commits about 200 ms after the last event).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "damage_record.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_watch_test {
namespace {

using testing::contains;
using testing::read_file;
using testing::run_bahth;
using testing::TempDir;

std::string record(const std::string& id, const std::string& body) {
  return R"({"id": ")" + id + R"(", "title": "خبر )" + id + R"(", "body": ")" + body + "\"}\n";
}

// Writes a whole file at once (one close: one IN_CLOSE_WRITE).
void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The ids the index has committed (none while it cannot be opened).
std::set<std::string> committed_ids(const std::string& db) {
  try {
    return testing::ids_in(Xapian::Database(db));
  } catch (const Xapian::Error&) {
    return {};
  }
}

// A `bahth index --watch` run in the background, stopped by SIGINT at the end of the test.
class Watch {
 public:
  Watch(const TempDir& tmp, const std::string& db, const std::string& dir)
      : db_(db), err_(tmp / ("watch" + std::to_string(++count_) + ".err")) {
    pid_ = testing::spawn_bahth({"index", "--db", db, "--watch", dir}, "/dev/null", err_);
    ready_ = wait_for([&] { return contains(read_file(err_), "Ctrl-C stops"); });
  }
  ~Watch() {
    if (!ended_) {
      ::kill(pid_, SIGKILL);
      testing::wait_child(pid_);
    }
  }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  bool ready() const { return ready_; }
  std::string err() const { return read_file(err_); }

  // Polls every 10 ms until the condition holds or the watch ends; two minutes without either
  // is a hang (under any load: each step is meant to take a fraction of a second).
  bool wait_for(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      if (!ended_ && testing::child_ended(pid_, end_)) ended_ = true;
      if (ended_) return condition();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  bool wait_for_ids(const std::set<std::string>& ids) {
    return wait_for([&] { return committed_ids(db_) == ids; });
  }

  // SIGSTOP, returning once the process is stopped (false after two minutes: a hang): the
  // kernel goes on queueing its inotify events, and nobody reads them.
  bool pause() {
    ::kill(pid_, SIGSTOP);
    const std::string stat = "/proc/" + std::to_string(pid_) + "/stat";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = read_file(stat);
      const std::size_t state = text.rfind(") ");  // the name may hold spaces and parentheses
      if (state != std::string::npos && text.compare(state + 2, 1, "T") == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
  }
  void resume() { ::kill(pid_, SIGCONT); }

  // SIGKILL: no chance to commit or clean up.
  void kill_hard() {
    ::kill(pid_, SIGKILL);
    end_ = testing::wait_child(pid_);
    ended_ = true;
  }

  // SIGINT, then the exit code (-1 if it has not ended within two minutes: a hang).
  int interrupt() {
    ::kill(pid_, SIGINT);
    wait_for([&] { return ended_; });
    return ended_ ? end_.exit_code : -1;
  }

 private:
  static inline int count_ = 0;
  std::string db_;
  std::string err_;
  pid_t pid_ = -1;
  bool ready_ = false;
  bool ended_ = false;
  testing::ChildEnd end_;
};

// The set-up most tests share: `bahth index --watch` of an empty folder `dir` into a new index
// `db`, started and ready (SetUp fails the test otherwise).
class CliWatchStarted : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir);
    watch_.emplace(tmp, db, dir);
    ASSERT_TRUE(watch_->ready()) << watch_->err();
  }
  Watch& started() { return *watch_; }

  const TempDir tmp;
  const std::string db = tmp / "db";
  const std::string dir = tmp / "news";

 private:
  std::optional<Watch> watch_;  // ended before `tmp` is removed
};

TEST_F(CliWatchStarted, FilesWrittenRewrittenMovedInAndRemovedReachTheIndex) {
  Watch& watch = started();

  write_text(dir + "/feed.jsonl", record("a1", "اللاجئون في لبنان") +
                                      record("a2", "الأمم المتحدة") +
                                      record("a3", "الانتخابات في العراق"));
  ASSERT_TRUE(watch.wait_for_ids({"a1", "a2", "a3"})) << watch.err();
  EXPECT_TRUE(contains(run_bahth({"search", "--db", db, "لبنان"}).out, "a1"));

  // Rewritten: a1 taken down, a2 corrected, a3 as it was.
  write_text(dir + "/feed.jsonl",
             record("a2", "مجلس الأمن يصوت") + record("a3", "الانتخابات في العراق"));
  ASSERT_TRUE(watch.wait_for_ids({"a2", "a3"})) << watch.err();
  EXPECT_TRUE(contains(run_bahth({"show", "--db", db, "--json", "a2"}).out, "مجلس الأمن يصوت"));
  EXPECT_FALSE(contains(run_bahth({"search", "--db", db, "لبنان"}).out, "a1"));
  EXPECT_EQ(run_bahth({"show", "--db", db, "a1"}).exit_code, 1);

  // Moved in from outside the folder (IN_MOVED_TO: no write seen).
  write_text(tmp / "outside.jsonl", record("b1", "أسعار النفط"));
  std::filesystem::rename(tmp / "outside.jsonl", dir + "/moved.jsonl");
  ASSERT_TRUE(watch.wait_for_ids({"a2", "a3", "b1"})) << watch.err();

  // A new subfolder with a file, then the first file removed.
  std::filesystem::create_directories(dir + "/2024/05");
  write_text(dir + "/2024/05/deep.jsonl", record("c1", "كأس العالم"));
  ASSERT_TRUE(watch.wait_for_ids({"a2", "a3", "b1", "c1"})) << watch.err();
  std::filesystem::remove(dir + "/feed.jsonl");
  ASSERT_TRUE(watch.wait_for_ids({"b1", "c1"})) << watch.err();
  EXPECT_EQ(run_bahth({"show", "--db", db, "a2"}).exit_code, 1);
  // A folder moved out takes its articles along.
  std::filesystem::rename(dir + "/2024", tmp / "gone");
  ASSERT_TRUE(watch.wait_for_ids({"b1"})) << watch.err();

  EXPECT_EQ(watch.interrupt(), 130) << watch.err();
  EXPECT_TRUE(contains(watch.err(), "stopped watching")) << watch.err();
  EXPECT_TRUE(testing::xapian_check_passes(db));
}

TEST_F(CliWatchStarted, BadTemporaryAndUnknownFilesArePassedOverAndCounted) {
  Watch& watch = started();

  write_text(dir + "/.#lock.jsonl", record("hidden", "مخفي"));
  write_text(dir + "/partial.jsonl.tmp", record("tmp", "مؤقت"));
  write_text(dir + "/backup.jsonl~", record("backup", "نسخة"));
  write_text(dir + "/notes.dat", "not a dump\n");
  write_text(dir + "/mixed.jsonl", record("good", "خبر سليم") + "{broken\n");
  ASSERT_TRUE(watch.wait_for_ids({"good"})) << watch.err();
  ASSERT_TRUE(watch.wait_for([&] { return contains(watch.err(), "2 skipped"); })) << watch.err();
  const std::string err = watch.err();
  EXPECT_TRUE(contains(err, dir + "/mixed.jsonl:2: ")) << err;
  EXPECT_TRUE(contains(err, dir + "/notes.dat: not a dump")) << err;
  EXPECT_FALSE(contains(err, "lock.jsonl")) << err;

  // The temporary file renamed to its final name is read then.
  std::filesystem::rename(dir + "/partial.jsonl.tmp", dir + "/partial.jsonl");
  ASSERT_TRUE(watch.wait_for_ids({"good", "tmp"})) << watch.err();
  EXPECT_EQ(watch.interrupt(), 130) << watch.err();
}

// A file of 150 bad lines shows its first 100 problems each time it is read, then one line
// saying the rest are counted; the batch line counts all 150.
TEST_F(CliWatchStarted, AFileShowsItsFirstHundredProblemsAndCountsTheRest) {
  Watch& watch = started();
  std::string lines = record("good", "خبر سليم");
  for (int i = 0; i < 150; ++i) lines += "{broken\n";
  write_text(dir + "/bad.jsonl", lines);
  ASSERT_TRUE(watch.wait_for_ids({"good"})) << watch.err();
  ASSERT_TRUE(watch.wait_for([&] { return contains(watch.err(), "150 skipped"); })) << watch.err();
  const std::string err = watch.err();
  EXPECT_TRUE(contains(err, dir + "/bad.jsonl:101: ")) << err;
  EXPECT_FALSE(contains(err, dir + "/bad.jsonl:102: ")) << err;
  EXPECT_TRUE(contains(err, dir + "/bad.jsonl: more than 100 problems; the rest are counted"))
      << err;
  EXPECT_EQ(watch.interrupt(), 130) << watch.err();
}

TEST(CliWatch, ChangesMadeWhileNotWatchingAreFoundAtStart) {
  const TempDir tmp;
  const std::string db = tmp / "db";
  const std::string dir = tmp / "news";
  std::filesystem::create_directories(dir);
  write_text(dir + "/kept.jsonl", record("k1", "خبر باق"));
  write_text(dir + "/changed.jsonl", record("c1", "قبل التعديل") + record("c2", "يحذف"));
  write_text(dir + "/removed.jsonl", record("r1", "خبر يزول"));
  {
    Watch watch(tmp, db, dir);
    ASSERT_TRUE(watch.ready()) << watch.err();
    EXPECT_EQ(committed_ids(db), (std::set<std::string>{"c1", "c2", "k1", "r1"}));
    EXPECT_EQ(watch.interrupt(), 130);
  }
  write_text(dir + "/changed.jsonl", record("c1", "بعد التعديل"));
  std::filesystem::remove(dir + "/removed.jsonl");
  write_text(dir + "/added.jsonl", record("n1", "خبر جديد"));

  Watch watch(tmp, db, dir);
  ASSERT_TRUE(watch.ready()) << watch.err();
  // In line before it says it is watching.
  EXPECT_EQ(committed_ids(db), (std::set<std::string>{"c1", "k1", "n1"})) << watch.err();
  EXPECT_TRUE(contains(run_bahth({"show", "--db", db, "--json", "c1"}).out, "بعد التعديل"));
  EXPECT_TRUE(contains(watch.err(),
                       "2 files read, 1 removed: 1 added, 1 updated, 0 unchanged, "
                       "2 deleted, 0 skipped"))
      << watch.err();
  EXPECT_EQ(watch.interrupt(), 130);
}

// A file's articles are found by its file term and read for their ids: a damaged stored article
// among them is named and counted, and goes with its file all the same (its id term names it).
TEST(CliWatch, ADamagedArticleOfAFileRemovedOrChangedIsNamedAndGoesWithIt) {
  const TempDir tmp;
  const std::string db = tmp / "db";
  const std::string dir = tmp / "news";
  std::filesystem::create_directories(dir);
  const std::string body = "قال المتحدث باسم الحكومة في بيان صدر اليوم إن المفاوضات مستمرة";
  write_text(dir + "/kept.jsonl", record("k1", body));
  write_text(dir + "/changed.jsonl", record("c1", body) + record("c2", body + " ثانيا"));
  write_text(dir + "/removed.jsonl", record("r1", body + " ثالثا"));
  {
    Watch watch(tmp, db, dir);
    ASSERT_TRUE(watch.ready()) << watch.err();
    EXPECT_EQ(watch.interrupt(), 130);
  }
  testing::damage_stored_article(db, "c2");
  testing::damage_stored_article(db, "r1");
  write_text(dir + "/changed.jsonl", record("c1", body));
  std::filesystem::remove(dir + "/removed.jsonl");

  Watch watch(tmp, db, dir);
  ASSERT_TRUE(watch.ready()) << watch.err();
  EXPECT_EQ(committed_ids(db), (std::set<std::string>{"c1", "k1"})) << watch.err();
  for (const std::string id : {"c2", "r1"}) {
    EXPECT_TRUE(contains(watch.err(), db + ": article '" + id + "' (document "))
        << id << ": " << watch.err();
  }
  EXPECT_TRUE(contains(watch.err(), "): a document in the index has data bahth did not write"))
      << watch.err();
  EXPECT_TRUE(contains(watch.err(), "0 skipped, 2 damaged records skipped; the index holds"))
      << watch.err();
  EXPECT_EQ(watch.interrupt(), 130);
}

TEST(CliWatch, AKilledWatchLeavesASoundIndexThatTheNextStartCompletes) {
  const TempDir tmp;
  const std::string db = tmp / "db";
  const std::string dir = tmp / "news";
  std::filesystem::create_directories(dir);
  write_text(dir + "/first.jsonl", record("f1", "خبر أول") + record("f2", "خبر ثان"));
  {
    Watch watch(tmp, db, dir);
    ASSERT_TRUE(watch.ready()) << watch.err();
    write_text(dir + "/second.jsonl", record("g1", "خبر ثالث"));
    ASSERT_TRUE(watch.wait_for_ids({"f1", "f2", "g1"})) << watch.err();
    // Killed with a change on its way: mid-batch, or before its batch began.
    write_text(dir + "/first.jsonl", record("f2", "خبر ثان معدل"));
    watch.kill_hard();
  }
  EXPECT_TRUE(testing::xapian_check_passes(db));
  Watch watch(tmp, db, dir);
  ASSERT_TRUE(watch.ready()) << watch.err();
  EXPECT_EQ(committed_ids(db), (std::set<std::string>{"f2", "g1"})) << watch.err();
  EXPECT_TRUE(contains(run_bahth({"show", "--db", db, "--json", "f2"}).out, "خبر ثان معدل"));
  EXPECT_EQ(watch.interrupt(), 130);
}

TEST_F(CliWatchStarted, ASecondWriterIsRefusedWhileWatching) {
  Watch& watch = started();
  write_text(tmp / "other.jsonl", record("o1", "خبر آخر"));
  const testing::RunResult second = run_bahth({"index", "--db", db, tmp / "other.jsonl"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_TRUE(contains(second.err, db)) << second.err;
  const testing::RunResult second_watch = run_bahth({"index", "--db", db, "--watch", dir});
  EXPECT_EQ(second_watch.exit_code, 1) << second_watch.err;
  EXPECT_EQ(watch.interrupt(), 130);
}

TEST(CliWatch, AnIndexInsideTheWatchedFolderIsLeftAlone) {
  const TempDir tmp;
  const std::string dir = tmp / "news";
  const std::string db = dir + "/index";
  std::filesystem::create_directories(dir);
  Watch watch(tmp, db, dir);
  ASSERT_TRUE(watch.ready()) << watch.err();
  write_text(dir + "/one.jsonl", record("x1", "خبر أول"));
  ASSERT_TRUE(watch.wait_for_ids({"x1"})) << watch.err();
  write_text(dir + "/two.jsonl", record("x2", "خبر ثان"));
  ASSERT_TRUE(watch.wait_for_ids({"x1", "x2"})) << watch.err();
  ASSERT_TRUE(watch.wait_for([&] { return contains(watch.err(), "holds 2 documents"); }));
  // Its commits are no events: one batch line per file, no file of the index reported.
  const std::string err = watch.err();
  EXPECT_FALSE(contains(err, "not a dump")) << err;
  std::size_t batches = 0;
  for (std::size_t at = 0; (at = err.find("bahth: watch:", at)) != std::string::npos; ++at) {
    ++batches;
  }
  EXPECT_EQ(batches, 2u) << err;
  EXPECT_EQ(watch.interrupt(), 130);
}

// The kernel's event queue of one inotify instance holds fs.inotify.max_queued_events events;
// past it the rest are dropped and one IN_Q_OVERFLOW says so. The watch is stopped (SIGSTOP)
// while the queue is filled with events of hidden files (which it passes over anyway), then a
// file is written and another removed, both lost; after SIGCONT the rescan must find both. No
// sysctl is changed.
TEST(CliWatch, ChangesLostToAnEventQueueOverflowAreFoundByARescan) {
  std::size_t queue_limit = 0;
  std::ifstream("/proc/sys/fs/inotify/max_queued_events") >> queue_limit;
  if (queue_limit == 0 || queue_limit > 200'000) {
    GTEST_SKIP() << "fs.inotify.max_queued_events unreadable or too large to fill in a test";
  }
  const TempDir tmp;
  const std::string db = tmp / "db";
  const std::string dir = tmp / "news";
  std::filesystem::create_directories(dir);
  write_text(dir + "/kept.jsonl", record("k1", "خبر باق"));
  write_text(dir + "/gone.jsonl", record("g1", "خبر يحذف"));
  Watch watch(tmp, db, dir);
  ASSERT_TRUE(watch.ready()) << watch.err();
  ASSERT_EQ(committed_ids(db), (std::set<std::string>{"g1", "k1"})) << watch.err();

  ASSERT_TRUE(watch.pause());
  // Three events a file (created, closed after writing, deleted).
  for (std::size_t i = 0; i <= queue_limit / 3; ++i) {
    const std::string filler = dir + "/.filler" + std::to_string(i);
    write_text(filler, "");
    std::filesystem::remove(filler);
  }
  write_text(dir + "/new.jsonl", record("n1", "خبر جديد"));
  std::filesystem::remove(dir + "/gone.jsonl");
  watch.resume();

  ASSERT_TRUE(watch.wait_for_ids({"k1", "n1"})) << watch.err();
  EXPECT_TRUE(contains(watch.err(), "overflowed")) << watch.err();
  EXPECT_EQ(watch.interrupt(), 130);
}

// strace makes inotify's calls fail as they do when a per-user limit is reached (CI cannot
// lower the limits: they are system-wide). Skipped without strace or ptrace.
bool strace_works() {
  return std::system("strace -f -qq -o /dev/null -e trace=inotify_init1 true >/dev/null 2>&1") == 0;
}

testing::RunResult watch_failing(const TempDir& tmp, const std::string& call,
                                 const std::string& error, const std::string& dir) {
  const std::string err = tmp / "strace.err";
  // LeakSanitizer cannot run under ptrace.
  const std::string command =
      "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null -e trace=" + call +
      " -e inject=" + call + ":error=" + error + " " + testing::shell_quote(BAHTH_BINARY) +
      " index --db " + testing::shell_quote(tmp / "db") + " --watch " + testing::shell_quote(dir) +
      " </dev/null >/dev/null 2>" + testing::shell_quote(err);
  const int status = std::system(command.c_str());
  testing::RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = read_file(err);
  return result;
}

TEST(CliWatch, TheLimitOnWatchesNamesTheFolderAndTheSysctl) {
  if (!strace_works()) GTEST_SKIP() << "strace missing or not permitted here (ptrace)";
  const TempDir tmp;
  const std::string dir = tmp / "news";
  std::filesystem::create_directories(dir);
  const testing::RunResult result = watch_failing(tmp, "inotify_add_watch", "ENOSPC", dir);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "cannot watch " + dir + ":")) << result.err;
  EXPECT_TRUE(contains(result.err, "fs.inotify.max_user_watches")) << result.err;
}

TEST(CliWatch, TheLimitOnInotifyInstancesNamesTheFolderAndTheSysctl) {
  if (!strace_works()) GTEST_SKIP() << "strace missing or not permitted here (ptrace)";
  const TempDir tmp;
  const std::string dir = tmp / "news";
  std::filesystem::create_directories(dir);
  const testing::RunResult result = watch_failing(tmp, "inotify_init1", "EMFILE", dir);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "cannot watch " + dir + ":")) << result.err;
  EXPECT_TRUE(contains(result.err, "fs.inotify.max_user_instances")) << result.err;
}

TEST(CliWatch, RefusesWhatIsNotAFolder) {
  const TempDir tmp;
  write_text(tmp / "file.jsonl", record("x", "نص"));
  const testing::RunResult result =
      run_bahth({"index", "--db", tmp / "db", "--watch", tmp / "file.jsonl"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "not a directory")) << result.err;
}

// A watch never rereads its options, so synonyms given to it would be stored once or never:
// refused, with the command that sets them.
TEST(CliWatch, RefusesSynonymsAndNamesTheCommandThatSetsThem) {
  const TempDir tmp;
  write_text(tmp / "synonyms.txt", "داعش، تنظيم الدولة\n");
  const testing::RunResult result =
      run_bahth({"index", "--db", tmp / "db", "--watch", tmp.path().string(), "--synonyms",
                 tmp / "synonyms.txt"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "bahth synonyms")) << result.err;
}

}  // namespace
}  // namespace cli_watch_test
}  // namespace bahth
