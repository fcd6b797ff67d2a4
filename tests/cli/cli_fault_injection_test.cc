// Fault injection: each operation that changes an index on disk in several steps — compacting in
// place and --into, a first multi-thread build, a sharded build, an incremental run, a delete —
// is killed with SIGKILL at every rename, removal and sync it makes, one kill per run: strace's
// `-e inject=SYSCALL:signal=KILL:when=N` for N = 1, 2, ... up to the calls an uninterrupted run
// (traced first) makes; a run that makes fewer and ends on its own is checked as complete. After
// each kill: bahth opens the index (stats exits 0 once the index existed), every article
// committed before the command started is still there (but those a delete removes: all or
// none), xapian-check finds every database sound, and rerunning the same command ends with
// exactly the expected number of documents and nothing of the store's left behind but its lock
// file. The spelling table a reader's suggestion reads (each database's with its spelling
// overlay, store/spelling_overlay.h) is then the one an uninterrupted run leaves, word for word,
// with no word in both tables.
//
// Which points: see stride_for (all of the store's own steps; in CI a share of the runs of alike
// Xapian calls). strace counts calls per thread: N is the Nth call of the thread that gets there
// first. The steps of the store (journal, creation, merge, swap, removal) all run on the main
// thread, so every one of them is reached; so are the first calls of each worker thread's commits.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "store/names.h"
#include "store/reader.h"
#include "store/spelling_overlay.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_fault_injection_test {
namespace {

namespace fs = std::filesystem;
using testing::ids_in;
using testing::run_bahth;
using testing::shell_quote;
using testing::TempDir;
using testing::xapian_check_passes;

// The calls a kill is injected at: every way bahth and Xapian rename, remove and sync.
const std::vector<std::string> kKillCalls = {"rename", "renameat2", "unlink",   "unlinkat",
                                             "rmdir",  "fsync",     "fdatasync"};

// Which points are tried, to keep CI modest: every one of the store's own steps (rename,
// renameat2, rmdir, fsync: its journal, swaps, directory syncs), and every 4th of the calls that
// come in runs of alike ones (fdatasync of each table of a Xapian commit, unlink and unlinkat of
// each file of a removed directory). The sanitizer build, several times slower, takes every 3rd
// of those. BAHTH_FAULT_EVERY_POINT=1 tries every point of every call.
int stride_for(const std::string& call) {
  const char* every = std::getenv("BAHTH_FAULT_EVERY_POINT");
  if (every != nullptr && std::string(every) == "1") return 1;
  const bool repetitive = call == "fdatasync" || call == "unlink" || call == "unlinkat";
  return (repetitive ? 4 : 1) * (testing::kSlowBuild ? 3 : 1);
}
constexpr int kMaxPoints = 400;  // per call: a run making more is a bug of its own

bool strace_works() {
  return std::system("strace -f -qq -o /dev/null -e trace=rename true >/dev/null 2>&1") == 0;
}

struct Operation {
  std::vector<std::string> args;  // the command, with the databases under `work`
  std::function<void()> prepare;  // builds the state before the command under `base`
  std::string result = "db";      // where the command's result is (under work)
  Xapian::doccount expected = 0;  // documents in the result after a complete run
  // Ids the command deletes (`bahth delete`): after a kill, all there or none; a rerun after
  // the deletion was committed finds none of them, and exits 1 saying so.
  std::set<std::string> deletes;
};

class FaultInjection : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!strace_works()) GTEST_SKIP() << "strace missing or not permitted here (ptrace)";
    const std::string plain = dir / "sample.jsonl";
    ASSERT_EQ(std::system(("zcat " + shell_quote(testing::kBundledSample) + " | head -n 120 > " +
                           shell_quote(plain))
                              .c_str()),
              0);
    ASSERT_EQ(std::system(
                  ("head -n 60 " + shell_quote(plain) + " > " + shell_quote(dir / "first60.jsonl"))
                      .c_str()),
              0);
    fs::create_directories(base);
  }

  std::string in_base(const std::string& name) const { return base / name; }
  std::string in_work(const std::string& name) const { return work / name; }
  std::string input() const { return dir / "sample.jsonl"; }
  std::string first60() const { return dir / "first60.jsonl"; }

  void build_base(const std::vector<std::string>& args) {
    const auto run = run_bahth(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // Runs the operation uninterrupted under strace, expecting it to succeed, and returns how many
  // calls of each of kKillCalls it made: on the thread that made the most of that call, as
  // strace's injection counts them (`when=N` is the Nth call of a thread). A kill at a later N
  // than this would not be reached (the run would end on its own, as this one did).
  std::map<std::string, int> calls_made(const Operation& op) {
    std::string calls;
    for (const std::string& call : kKillCalls) calls += (calls.empty() ? "" : ",") + call;
    const std::string trace = dir / "trace.txt";
    std::string command = "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e signal=none -o " +
                          shell_quote(trace) + " -e trace=" + calls + " " +
                          shell_quote(BAHTH_BINARY);
    for (const std::string& arg : op.args) command += " " + shell_quote(arg);
    command += " >" + shell_quote(dir / "out.txt") + " 2>" + shell_quote(dir / "err.txt");
    const int status = std::system(command.c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "uninterrupted: " << testing::read_file(dir / "err.txt");
    // Lines "PID call(..." start a call (the PID padded with spaces to a width); "PID <... call
    // resumed>" end one another thread broke.
    std::map<std::pair<std::string, std::string>, int> per_thread;  // (thread, call)
    std::ifstream in(trace);
    for (std::string line; std::getline(in, line);) {
      std::istringstream fields(line);
      std::string thread;
      std::string rest;
      if (!(fields >> thread >> std::ws) || !std::getline(fields, rest)) continue;
      const std::string call = rest.substr(0, rest.find('('));
      if (std::find(kKillCalls.begin(), kKillCalls.end(), call) == kKillCalls.end()) continue;
      ++per_thread[{thread, call}];
    }
    std::map<std::string, int> made;
    for (const auto& [key, count] : per_thread)
      made[key.second] = std::max(made[key.second], count);
    return made;
  }

  // Runs the operation killed at the nth call of `call`; false when it ended on its own.
  bool run_killed(const Operation& op, const std::string& call, int n) {
    // LeakSanitizer cannot run under ptrace: leaks are checked by the other tests.
    std::string command =
        "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null -e trace=" + call +
        " -e inject=" + call + ":signal=KILL:when=" + std::to_string(n) + " " +
        shell_quote(BAHTH_BINARY);
    for (const std::string& arg : op.args) command += " " + shell_quote(arg);
    command += " >" + shell_quote(dir / "out.txt") + " 2>" + shell_quote(dir / "err.txt");
    const int status = std::system(command.c_str());
    const bool killed = (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
                        (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGKILL);
    if (!killed) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << call << " #" << n << ": " << testing::read_file(dir / "err.txt");
    }
    return killed;
  }

  // Every glass database under `work`: the index, its shards, parts, copies being made.
  std::vector<std::string> databases() const {
    std::vector<std::string> found;
    std::error_code error;
    for (const auto& entry : fs::recursive_directory_iterator(work, error)) {
      if (entry.path().filename() == "iamglass") found.push_back(entry.path().parent_path());
    }
    return found;
  }

  // What bahth shows of the index at work/NAME: whether `bahth stats` opens it, and the ids
  // in it as bahth's store opens it (through a stub, with an unmerged build's parts).
  std::set<std::string> ids_bahth_sees(const std::string& name, bool& opened) const {
    const auto stats = run_bahth({"stats", "--json", "--db", in_work(name)});
    opened = stats.exit_code == 0;
    std::set<std::string> ids;
    if (!opened) return ids;
    ids = ids_in(store::open_for_reading(in_work(name)));
    const auto summary = nlohmann::json::parse(stats.out, nullptr, false);
    EXPECT_FALSE(summary.is_discarded()) << stats.out;
    if (!summary.is_discarded()) {
      EXPECT_EQ(summary["documents"].get<std::size_t>(), ids.size()) << "an id twice?";
    }
    return ids;
  }

  void check_after_kill(const Operation& op, const std::set<std::string>& before,
                        const std::string& where) {
    SCOPED_TRACE(where);
    for (const std::string& db : databases()) EXPECT_TRUE(xapian_check_passes(db)) << db;
    bool opened = false;
    const std::set<std::string> ids = ids_bahth_sees("db", opened);
    if (!before.empty()) {
      EXPECT_TRUE(opened) << "the index no longer opens";
    }
    std::size_t deleted = 0;
    for (const std::string& id : op.deletes) deleted += ids.contains(id) ? 0 : 1;
    EXPECT_TRUE(deleted == 0 || deleted == op.deletes.size())
        << deleted << " of the " << op.deletes.size() << " deletions committed: half a commit";
    for (const std::string& id : before) {
      if (!ids.contains(id) && !op.deletes.contains(id)) {
        ADD_FAILURE() << id << " was committed before the command, now lost";
        break;
      }
    }
    if (op.result != "db" && fs::exists(in_work(op.result))) {
      bool result_opened = false;
      const std::set<std::string> result = ids_bahth_sees(op.result, result_opened);
      EXPECT_TRUE(!result_opened || result.size() == op.expected)
          << op.result << " opens with " << result.size() << " articles, half made";
    }
  }

  // The spelling table of the index at `path` (its shards' summed) as a reader's suggestion
  // sees it: each database's own with its overlay's, each word in one of them only.
  static std::map<std::string, Xapian::doccount> spelling_seen(const std::string& path) {
    std::vector<std::string> databases;
    if (fs::exists(fs::path(path) / "XAPIANDB")) {
      for (const auto& entry : fs::directory_iterator(path)) {
        if (fs::exists(entry.path() / "iamglass")) databases.push_back(entry.path());
      }
    } else {
      databases.push_back(path);
    }
    std::map<std::string, Xapian::doccount> all;
    for (const std::string& database : databases) {
      const Xapian::Database db(database);
      std::map<std::string, Xapian::doccount> own;
      for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        own.emplace(*it, it.get_termfreq());
      }
      if (const auto overlay = store::open_overlay_for_reading(database, db)) {
        for (auto it = overlay->spellings_begin(); it != overlay->spellings_end(); ++it) {
          EXPECT_TRUE(own.emplace(*it, it.get_termfreq()).second) << *it << " in both tables";
        }
      }
      for (const auto& [word, frequency] : own) all[word] += frequency;
    }
    return all;
  }

  void check_complete(const Operation& op, const std::string& where, bool check_tables = true) {
    SCOPED_TRACE(where);
    const std::string result = in_work(op.result);
    EXPECT_EQ(Xapian::Database(result).get_doccount(), op.expected);
    EXPECT_EQ(ids_in(Xapian::Database(result)).size(), op.expected);
    if (!reference_spelling.empty()) {
      EXPECT_TRUE(spelling_seen(result) == reference_spelling)
          << "the spelling table differs from an uninterrupted run's";
    }
    if (check_tables) {
      for (const std::string& db : databases()) EXPECT_TRUE(xapian_check_passes(db)) << db;
    }
    for (const auto& entry : fs::directory_iterator(work)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".bahth-") == std::string::npos) continue;
      EXPECT_TRUE(name.ends_with(".bahth-lock")) << name << " left behind";
    }
  }

  // Kills `op` at each point, checks, reruns it, checks again. Returns the points per call.
  void kill_everywhere(const Operation& op, const std::string& label) {
    if (op.prepare) op.prepare();
    if (HasFatalFailure()) return;
    std::set<std::string> before;
    if (fs::exists(in_base("db"))) {
      fs::copy(base, work, fs::copy_options::recursive);
      bool opened = false;
      before = ids_bahth_sees("db", opened);
      fs::remove_all(work);
    }
    // An uninterrupted run: what it leaves is complete, its spelling table is the one every
    // run must end with, and the calls it makes are the points to kill at (before, each call's
    // points were tried until a run ended on its own: one complete run more for each call).
    reference_spelling.clear();
    fs::remove_all(work);
    if (fs::exists(base)) fs::copy(base, work, fs::copy_options::recursive);
    fs::create_directories(work);
    const std::map<std::string, int> made = calls_made(op);
    if (HasFailure()) return;
    ASSERT_FALSE(made.empty()) << "strace saw none of the calls a kill is injected at";
    check_complete(op, label + ": uninterrupted");
    reference_spelling = spelling_seen(in_work(op.result));
    ASSERT_FALSE(reference_spelling.empty());
    std::map<std::string, int> points;
    for (const std::string& call : kKillCalls) {
      const int stride = stride_for(call);
      const int last = made.contains(call) ? made.at(call) : 0;
      ASSERT_LE(last, kMaxPoints) << call;
      for (int n = 1; n <= last; n += stride) {
        fs::remove_all(work);
        fs::copy(base, work, fs::copy_options::recursive);
        const std::string where = label + ": killed at " + call + " #" + std::to_string(n);
        if (!run_killed(op, call, n)) {
          check_complete(op, label + ": " + call + " #" + std::to_string(n) + " never reached");
          break;
        }
        ++points[call];
        check_after_kill(op, before, where);
        const auto rerun = run_bahth(op.args);
        const bool result_was_there =
            op.result != "db" && rerun.err.find("already exists") != std::string::npos;
        const bool deletions_were_done = !op.deletes.empty() && rerun.exit_code == 1 &&
                                         rerun.err.find("no article with id") != std::string::npos;
        if (!result_was_there && !deletions_were_done) {
          EXPECT_EQ(rerun.exit_code, 0) << where << ": " << rerun.err;
        }
        check_complete(op, where + ", then rerun", false);
        if (HasFailure()) return;  // one broken point tells enough; the rest would repeat it
      }
    }
    std::string summary = label + " killed at:";
    for (const auto& [call, count] : points) {
      summary += " " + call + " x" + std::to_string(count) +
                 (stride_for(call) > 1 ? " (every " + std::to_string(stride_for(call)) + ")" : "");
    }
    std::cout << summary << '\n';
  }

  TempDir dir;
  fs::path base = dir / "base";
  fs::path work = dir / "work";
  std::map<std::string, Xapian::doccount> reference_spelling;
};

TEST_F(FaultInjection, CompactInPlace) {
  Operation op;
  op.prepare = [&] {
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", input()});
  };
  op.args = {"compact", "--db", in_work("db")};
  op.expected = 120;
  kill_everywhere(op, "compact in place");
}

TEST_F(FaultInjection, CompactShardsIntoOneDatabase) {
  Operation op;
  op.prepare = [&] {
    build_base({"index", "-q", "--db", in_base("db"), "--shards", "2", input()});
  };
  op.args = {"compact", "--db", in_work("db"), "--into", in_work("merged")};
  op.result = "merged";
  op.expected = 120;
  kill_everywhere(op, "compact --into");
}

TEST_F(FaultInjection, FirstMultiThreadBuild) {
  Operation op;
  op.args = {"index", "-q", "--db", in_work("db"), "--threads", "2", "--batch", "60", input()};
  op.expected = 120;
  kill_everywhere(op, "first build --threads 2");
}

TEST_F(FaultInjection, ShardedBuild) {
  Operation op;
  op.args = {"index", "-q", "--db", in_work("db"), "--shards", "2", "--batch", "60", input()};
  op.expected = 120;
  kill_everywhere(op, "sharded build --shards 2");
}

// A first `--shards 2` build killed at the rename that moves its complete (empty) shards into
// place: the next reader finishes the rename, and must then open PATH as the stub it has become
// (it took PATH for a plain database, decided before the repair, and failed once).
TEST_F(FaultInjection, ShardedBuildKilledBeforeItsRenameOpensAtOnce) {
  Operation op;
  op.args = {"index", "-q", "--db", in_work("db"), "--shards", "2", input()};
  bool reached = false;
  for (int n = 1; n <= 40 && !reached; ++n) {
    fs::remove_all(work);
    fs::create_directories(work);
    if (!run_killed(op, "rename", n)) break;
    reached = fs::exists(in_work("db.bahth-new")) && !fs::exists(in_work("db")) &&
              testing::read_file(in_work("db.bahth-journal")).find("fresh ") != std::string::npos;
  }
  ASSERT_TRUE(reached) << "no kill left the complete new index beside the path";
  const auto stats = run_bahth({"stats", "--json", "--db", in_work("db")});
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_TRUE(fs::exists(in_work("db/XAPIANDB")));
}

// The words the second 60 articles bring into the spelling table go into its overlay: a kill
// between the overlay's commit and the index's leaves the passes pending, and the rerun folds it.
TEST_F(FaultInjection, IncrementalRun) {
  Operation op;
  op.prepare = [&] {
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", first60()});
  };
  op.args = {"index", "-q", "--db", in_work("db"), "--threads", "1", "--batch", "40", input()};
  op.expected = 120;
  kill_everywhere(op, "incremental run");
}

// Compaction folds the overlay into the compacted copy, which leaves the overlay behind.
TEST_F(FaultInjection, CompactFoldsTheSpellingOverlay) {
  Operation op;
  op.prepare = [&] {
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", first60()});
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", input()});
    ASSERT_TRUE(fs::exists(store::spelling_overlay_path(in_base("db"))));
  };
  op.args = {"compact", "--db", in_work("db")};
  op.expected = 120;
  kill_everywhere(op, "compact with an overlay");
}

// The full passes fold the overlay: the index's table first, then the overlay emptied.
TEST_F(FaultInjection, RebuildingThePassesFoldsTheSpellingOverlay) {
  Operation op;
  op.prepare = [&] {
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", first60()});
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", input()});
  };
  op.args = {"index", "-q", "--db", in_work("db"), "--rebuild-passes"};
  op.expected = 120;
  kill_everywhere(op, "--rebuild-passes with an overlay");
}

TEST_F(FaultInjection, Delete) {
  Operation op;
  op.prepare = [&] {
    build_base({"index", "-q", "--db", in_base("db"), "--threads", "1", input()});
  };
  op.deletes = {"ant/BB-culture-1-20180218", "ant/BB-culture-113-20180413",
                "ant/BB-culture-143-20180503"};
  op.args = {"delete", "-q", "--db", in_work("db")};
  op.args.insert(op.args.end(), op.deletes.begin(), op.deletes.end());
  op.expected = 117;
  kill_everywhere(op, "delete");
}

}  // namespace
}  // namespace cli_fault_injection_test
}  // namespace bahth
