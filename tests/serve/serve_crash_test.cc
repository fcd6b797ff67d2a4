// A write answered 200/201 survives SIGKILL of the server at any moment: the server runs under
// strace, which kills it at the Nth fdatasync of a thread (Xapian syncs each table of a commit
// with one; the writer thread makes every commit), while a client writes one article after
// another and notes those acknowledged. After the kill, every acknowledged article is there
// (read by `bahth show` and by a restarted server), and xapian-check finds the index sound.
//
// A few kill points here, to stay cheap (`when` counts per thread, so N is the Nth sync of
// the writer's commits); scripts/serve_crash_sweep.sh tries every one.
#include <httplib.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "serve/server_process.h"
#include "temp_dir.h"

namespace bahth::testing {
namespace serve_crash_test {
namespace {

const std::string kWriteKey = "write-key-0123456789abcdef";
constexpr int kMaxWrites = 8;

bool strace_works() {
  return std::system("strace -f -qq -o /dev/null -e trace=fdatasync true >/dev/null 2>&1") == 0;
}

// The process strace started (its one child), or 0.
pid_t traced_child(pid_t strace) {
  std::ifstream children("/proc/" + std::to_string(strace) + "/task/" + std::to_string(strace) +
                         "/children");
  pid_t child = 0;
  children >> child;
  return child;
}

class ServeCrash : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    if (!strace_works()) GTEST_SKIP() << "strace missing or not permitted here (ptrace)";
    std::ofstream(dir / "seed.jsonl") << R"({"id": "seed/1", "title": "خبر", "body": "نص الخبر"})"
                                      << "\n";
    const RunResult indexed = run_bahth({"index", "--quiet", "--db", db(), dir / "seed.jsonl"});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    std::ofstream(keys()) << "write " << kWriteKey << "\n";
    ::chmod(keys().c_str(), 0600);
  }

  std::string db() const { return dir / "db"; }
  std::string keys() const { return dir / "keys"; }
  std::vector<std::string> serve_args() const {
    return {"--db", db(), "--keys", keys(), "--access-log", "off", "--commit-interval", "0"};
  }

  TempDir dir;
};

TEST_P(ServeCrash, EveryAcknowledgedWriteSurvivesAKillAtAWriterSync) {
  const int n = GetParam();
  std::vector<std::string> acknowledged;
  bool killed = true;
  try {
    ServerProcess server(
        serve_args(), {"/usr/bin/strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=fdatasync",
                       "-e", "inject=fdatasync:signal=KILL:when=" + std::to_string(n)});
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(20, 0);
    const httplib::Headers key{{"Authorization", "Bearer " + kWriteKey}};
    for (int i = 0; i < kMaxWrites; ++i) {
      const std::string id = "crash/" + std::to_string(i);
      const nlohmann::json article{{"title", "عنوان " + std::to_string(i)},
                                   {"body", "نص المقال رقم " + std::to_string(i)}};
      const auto res = client.Put("/api/articles/" + id, key, article.dump(), "application/json");
      if (!res) break;  // killed under way
      ASSERT_TRUE(res->status == 201) << res->status << " " << res->body;
      acknowledged.push_back(id);
    }
    if (acknowledged.size() == kMaxWrites) {
      // Never reached the Nth sync: stop the server itself (strace then ends with it).
      killed = false;
      const pid_t child = traced_child(server.pid());
      ASSERT_GT(child, 0);
      ::kill(child, SIGTERM);
      // It drains: the end passes run at the stop, and a sync of theirs may be the Nth.
      const int status = server.stop_with(0);
      EXPECT_TRUE(status == 0 || status == 128 + SIGKILL) << status;
    } else {
      EXPECT_EQ(server.stop_with(0), 128 + SIGKILL) << "the server ended otherwise than killed";
    }
  } catch (const std::runtime_error& e) {
    // Killed before it listened (a sync of its start): nothing was acknowledged.
    ASSERT_TRUE(acknowledged.empty()) << e.what();
  }
  SCOPED_TRACE("kill at fdatasync #" + std::to_string(n) + (killed ? "" : " (not reached)") + ", " +
               std::to_string(acknowledged.size()) + " writes acknowledged");
  EXPECT_TRUE(xapian_check_passes(db()));
  for (const std::string& id : acknowledged) {
    const RunResult show = run_bahth({"show", "--db", db(), id});
    EXPECT_EQ(show.exit_code, 0) << id << ": " << show.err;
  }
  // A restarted server takes writes again (its passes left pending by the kill are redone at
  // start) and serves every acknowledged article.
  ServerProcess again(serve_args());
  httplib::Client client("127.0.0.1", again.port());
  client.set_read_timeout(20, 0);
  const httplib::Headers key{{"Authorization", "Bearer " + kWriteKey}};
  for (const std::string& id : acknowledged) {
    const auto res = client.Get("/api/article/" + id);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << id;
  }
  const auto after = client.Put("/api/articles/after", key,
                                R"({"title": "بعد", "body": "بعد الإعادة"})", "application/json");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 201) << after->body;
  EXPECT_EQ(again.stop(), 0);
  EXPECT_TRUE(xapian_check_passes(db()));
}

// The first syncs (the first commit's tables), one inside the end passes' commit, and later
// ones; the sweep script tries every point.
INSTANTIATE_TEST_SUITE_P(KillPoints, ServeCrash, ::testing::Values(1, 4, 9, 17));

}  // namespace
}  // namespace serve_crash_test
}  // namespace bahth::testing
