// `bahth index` interrupted by SIGINT/SIGTERM commits what it has, says so, exits 130/143, and a
// rerun completes the job with exactly the right number of documents. Also: what bahth writes
// passes xapian-check and Xapian's own quest can search it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_interrupt_test {
namespace {

using testing::run_bahth;
using testing::TempDir;

// Writes `copies` × 300 articles: the bundled sample with fresh ids, so indexing takes seconds.
std::string write_big_jsonl(const TempDir& dir, int copies) {
  const std::string plain = dir / "sample.jsonl";
  const std::string command =
      "zcat " + testing::shell_quote(testing::kBundledSample) + " > " + testing::shell_quote(plain);
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(plain);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string big = dir / "big.jsonl";
  std::ofstream out(big);
  for (int copy = 0; copy < copies; ++copy) {
    for (const std::string& line : lines) {
      // {"id": "ant/...", → {"id": "copyN/ant/...",
      const auto at = line.find("\"id\": \"");
      std::string changed = line;
      changed.insert(at + 7, "copy" + std::to_string(copy) + "/");
      out << changed << '\n';
    }
  }
  return big;
}

pid_t spawn_bahth(const std::vector<std::string>& args, const std::string& err_path) {
  std::vector<std::string> argv_storage{BAHTH_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(argv_storage.size() + 1);
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  EXPECT_EQ(posix_spawn(&pid, BAHTH_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

bool has_documents(const std::string& db) {
  try {
    return Xapian::Database(db).get_doccount() > 0;
  } catch (const Xapian::Error&) {
    return false;  // not created yet
  }
}

// Waits until the index — or, in a bulk build, its first part — has committed a batch, or the
// process ended.
void wait_for_first_commit(const std::string& db, pid_t pid) {
  for (int i = 0; i < 1500; ++i) {
    if (has_documents(db) || has_documents(db + ".bahth-parts/part0")) return;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      ADD_FAILURE() << "bahth index ended before it could be interrupted";
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void interrupt_then_rerun(int signal_number, const std::string& threads, const std::string& shards,
                          int copies) {
  TempDir dir;
  const std::string big = write_big_jsonl(dir, copies);  // 300 articles per copy
  const auto articles = static_cast<Xapian::doccount>(copies * 300);
  const std::string db = dir / "db";
  const std::vector<std::string> args{"index",   "--db", db,         "--threads", threads,
                                      "--batch", "200",  "--shards", shards,      big};
  const pid_t pid = spawn_bahth(args, dir / "err.txt");
  wait_for_first_commit(db, pid);
  ASSERT_EQ(kill(pid, signal_number), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  const std::string err = testing::read_file(dir / "err.txt");
  if (WEXITSTATUS(status) == 0) {
    GTEST_SKIP() << "indexing finished before the signal arrived; nothing to test";
  }
  EXPECT_EQ(WEXITSTATUS(status), 128 + signal_number);
  EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(db + ".bahth-parts")) << "parts left behind";
  const Xapian::doccount committed = Xapian::Database(db).get_doccount();
  EXPECT_GT(committed, 0u);
  EXPECT_LT(committed, articles);
  const std::string checked = shards == "0" ? db : db + "/shard-0";
  EXPECT_EQ(std::system(("xapian-check " + testing::shell_quote(checked) + " >/dev/null").c_str()),
            0);

  const auto rerun = run_bahth(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.out.find(std::to_string(committed) + " unchanged"), std::string::npos)
      << rerun.out;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), articles);
}

// One thread: a single writer on the index. 1,200 articles: the first commit comes after 200,
// and the rest takes seconds more (a minute under the sanitizers, where 6,000 took four).
TEST(CliInterrupt, SigintCommitsAndRerunCompletes) { interrupt_then_rerun(SIGINT, "1", "0", 4); }

TEST(CliInterrupt, SigtermCommitsAndRerunCompletes) { interrupt_then_rerun(SIGTERM, "1", "0", 4); }

// Two threads on an empty index: a bulk build in parts, merged into the index when stopped.
TEST(CliInterrupt, SigintDuringBulkBuildMergesWhatIsDone) {
  interrupt_then_rerun(SIGINT, "2", "0", 8);
}

// A SIGINT that arrives while a bulk build merges its parts stops the merge between two of its
// tables: the unfinished copy is removed, the parts stay (searched as they are: `stats` counts
// every article), xapian-check passes, and the rerun merges them. Before, the merge ran to its
// end whatever the signals said (minutes for a large build). Each attempt signals as soon as
// the merge's copy appears; one that lands after the merge's last table finishes as before.
TEST(CliInterrupt, SigintDuringTheMergeStopsItAndTheRerunMerges) {
  TempDir dir;
  const std::string big = write_big_jsonl(dir, 12);
  const Xapian::doccount articles = 12 * 300;
  const std::string db = dir / "db";
  const std::string merged = db + ".bahth-parts/merged";
  const std::vector<std::string> args{"index", "--db", db, "--threads", "2", big};
  bool stopped = false;
  for (int attempt = 0; attempt < 8 && !stopped; ++attempt) {
    std::filesystem::remove_all(db);
    std::filesystem::remove_all(db + ".bahth-parts");
    std::filesystem::remove(db + ".bahth-journal");
    const pid_t pid = spawn_bahth(args, dir / "err.txt");
    int status = 0;
    bool signalled = false;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (!signalled && std::filesystem::exists(merged)) {
        ASSERT_EQ(kill(pid, SIGINT), 0);
        signalled = true;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    const std::string err = testing::read_file(dir / "err.txt");
    if (!signalled) continue;  // the merge came and went between two looks
    ASSERT_TRUE(WIFEXITED(status)) << err;
    EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT) << err;
    if (err.find("merge of the build's parts was stopped") == std::string::npos) continue;
    stopped = true;
    EXPECT_FALSE(std::filesystem::exists(merged)) << "the unfinished copy left behind";
    EXPECT_TRUE(std::filesystem::exists(db + ".bahth-parts/part0"));
    const auto stats = run_bahth({"stats", "--json", "--db", db});
    EXPECT_EQ(stats.exit_code, 0) << stats.err;
    EXPECT_NE(stats.out.find("\"documents\": " + std::to_string(articles)), std::string::npos)
        << stats.out;
    for (const auto& entry : std::filesystem::directory_iterator(db + ".bahth-parts")) {
      EXPECT_EQ(std::system(
                    ("xapian-check " + testing::shell_quote(entry.path().string()) + " >/dev/null")
                        .c_str()),
                0)
          << entry.path();
    }
    const auto rerun = run_bahth(args);
    EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_FALSE(std::filesystem::exists(db + ".bahth-parts"));
    EXPECT_EQ(Xapian::Database(db).get_doccount(), articles);
  }
  EXPECT_TRUE(stopped) << "no SIGINT during the merge stopped it";
}

// A second SIGINT ends the run at once, wherever it is (here: in the merge the first one let
// run, or still reading), as a kill would: the next command finds the index sound and the rerun
// completes it. Before, the second signal was recorded like the first and the run went on.
TEST(CliInterrupt, ASecondSigintExitsAtOnce) {
  TempDir dir;
  // 1,200 articles: the signals come after the first commit (200), and the rerun indexes the
  // rest (3,600 before: the most of this test's time, for nothing it checks).
  const std::string big = write_big_jsonl(dir, 4);
  const Xapian::doccount articles = 4 * 300;
  const std::string db = dir / "db";
  const std::vector<std::string> args{"index", "--db", db, "--threads", "2", "--batch", "200", big};
  const pid_t pid = spawn_bahth(args, dir / "err.txt");
  wait_for_first_commit(db, pid);
  ASSERT_EQ(kill(pid, SIGINT), 0);
  // Signals of one kind pending together arrive as one: send again until the process ends.
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    kill(pid, SIGINT);
  }
  const std::string err = testing::read_file(dir / "err.txt");
  // (The first signal's commit and merge of what is read take far more than the 10 ms.)
  ASSERT_NE(err.find("interrupted again"), std::string::npos) << err;
  ASSERT_TRUE(WIFEXITED(status)) << err;
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
  const auto stats = run_bahth({"stats", "--json", "--db", db});
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  const auto rerun = run_bahth(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), articles);
  EXPECT_EQ(std::system(("xapian-check " + testing::shell_quote(db) + " >/dev/null").c_str()), 0);
}

// Two shards, one writer each: every shard commits what it has, and the rerun (which finds the
// shard count in the index) routes each article to the shard it was in.
TEST(CliInterrupt, SigintWithShardsCommitsEveryShardAndRerunCompletes) {
  interrupt_then_rerun(SIGINT, "2", "2", 4);
}

TEST(CliXapianTools, XapianCheckAndQuestAcceptTheIndex) {
  TempDir dir;
  const std::string db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "--db", db, testing::kBundledSample}).exit_code, 0);
  EXPECT_EQ(std::system(("xapian-check " + testing::shell_quote(db) + " >/dev/null").c_str()), 0);
  const std::string quest_out = dir / "quest.txt";
  ASSERT_EQ(std::system(("quest -d " + testing::shell_quote(db) + " 'سوريا' > " +
                         testing::shell_quote(quest_out))
                            .c_str()),
            0);
  const std::string out = testing::read_file(quest_out);
  EXPECT_NE(out.find("MSet:"), std::string::npos) << out;
  EXPECT_EQ(out.find("0 results found"), std::string::npos) << out;
}

}  // namespace
}  // namespace cli_interrupt_test
}  // namespace bahth
