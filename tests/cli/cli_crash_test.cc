// `bahth index` killed with SIGKILL (no chance to clean up) at several points of a large batch:
// every time, the database opens, xapian-check finds no error, every article committed before
// the kill is still there and searchable, and rerunning the same command ends with exactly the
// right number of documents. Both ways of writing: one writer on the index, and the bulk build
// of an empty index in parts, which search reads with the index until the next run merges them.
// (tests/cli/cli_fault_injection_test.cc kills at every rename, removal and sync instead.)
#include <gtest/gtest.h>
#include <signal.h>
#include <xapian.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_crash_test {
namespace {

using testing::ChildEnd;
using testing::committed_documents;
using testing::ids_in;
using testing::run_bahth;
using testing::TempDir;
using testing::xapian_check_passes;

constexpr int kCopies = testing::kSlowBuild ? 2 : 5;  // × 300 articles
constexpr Xapian::doccount kArticles = kCopies * 300;
constexpr int kKills = 3;

std::vector<std::string> parts_of(const std::string& db) {
  std::vector<std::string> parts;
  const std::string dir = db + ".bahth-parts";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().filename().string().starts_with("part")) parts.push_back(entry.path());
  }
  return parts;
}

// Articles committed so far: in the index, or, while a bulk build of the (then empty) index has
// not been merged, in its parts. (Parts beside a non-empty index are a merged build's leftovers,
// perhaps half deleted.)
Xapian::doccount committed_anywhere(const std::string& db) {
  Xapian::doccount n = committed_documents(db);
  if (n > 0) return n;
  for (const std::string& part : parts_of(db)) n += committed_documents(part);
  return n;
}

// Every id in `ids` can be found through bahth's own search (a sample of them: each search is a
// process) and through the index's id terms (all of them).
void expect_searchable(const std::string& db, const std::set<std::string>& ids) {
  const Xapian::Database index(db);
  for (const std::string& id : ids) {
    Xapian::Enquire enquire(index);
    enquire.set_query(Xapian::Query("Q" + id));
    ASSERT_EQ(enquire.get_mset(0, 1).size(), 1u) << id << " is lost";
  }
  if (ids.empty()) return;
  const std::vector<std::string> all(ids.begin(), ids.end());
  for (const std::string& id : {all.front(), all[all.size() / 2], all.back()}) {
    const auto result = run_bahth({"search", "--db", db, "--json", "id:" + id});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find(id), std::string::npos) << result.out;
  }
}

class CliCrash : public ::testing::TestWithParam<std::string> {
 protected:
  TempDir dir;
  std::string db = dir / "db";
  std::string input = testing::write_sample_copies(dir, kCopies);
  std::vector<std::string> args() const {
    return {"index", "--db", db, "--threads", GetParam(), "--batch", "100", "--quiet", input};
  }

  // Starts the command and kills it with SIGKILL once more than `committed` articles are
  // committed. Returns false when the run ended on its own first.
  bool run_and_kill_after(Xapian::doccount committed) {
    const pid_t pid = testing::spawn_bahth(args(), dir / "out.txt", dir / "err.txt");
    ChildEnd end;
    bool ended = false;
    const bool reached =
        testing::wait_until([&] { return committed_anywhere(db) > committed; }, pid, end, ended);
    if (ended) {
      EXPECT_EQ(end.exit_code, 0) << testing::read_file(dir / "err.txt");
      return false;
    }
    EXPECT_TRUE(reached) << "no commit within two minutes";
    EXPECT_EQ(::kill(pid, SIGKILL), 0);
    const ChildEnd killed = testing::wait_child(pid);
    EXPECT_EQ(killed.signal, SIGKILL);
    return true;
  }
};

TEST_P(CliCrash, SigkillLosesNothingCommittedAndRerunCompletes) {
  std::set<std::string> committed_ids;  // what earlier kills left in the index
  int kills = 0;
  for (; kills < kKills; ++kills) {
    const Xapian::doccount before = committed_anywhere(db);
    if (!run_and_kill_after(before)) break;
    SCOPED_TRACE("after kill " + std::to_string(kills + 1));
    const Xapian::doccount committed = committed_anywhere(db);
    EXPECT_GT(committed, before);
    EXPECT_LT(committed, kArticles);

    // The index opens and is sound; so are the parts of a bulk build.
    ASSERT_NO_THROW(Xapian::Database{db});
    EXPECT_TRUE(xapian_check_passes(db));
    const bool merged = committed_documents(db) > 0;
    const std::vector<std::string> parts = merged ? std::vector<std::string>{} : parts_of(db);
    for (const std::string& part : parts) EXPECT_TRUE(xapian_check_passes(part)) << part;

    std::set<std::string> ids;
    if (merged) {
      ids = ids_in(Xapian::Database(db));
      expect_searchable(db, ids);
    } else {
      // Killed before its merge: the articles are safe in the parts, and bahth searches them
      // with the (empty) index until the next `bahth index` merges them.
      for (const std::string& part : parts) ids.merge(ids_in(Xapian::Database(part)));
      const auto stats = run_bahth({"stats", "--json", "--db", db});
      EXPECT_EQ(stats.exit_code, 0) << stats.err;
      EXPECT_NE(stats.out.find("\"documents\": " + std::to_string(committed)), std::string::npos)
          << stats.out;
      if (!ids.empty()) {
        const auto found = run_bahth({"search", "--db", db, "--json", "id:" + *ids.begin()});
        EXPECT_EQ(found.exit_code, 0) << found.err;
        EXPECT_NE(found.out.find(*ids.begin()), std::string::npos) << found.out;
      }
    }
    EXPECT_EQ(ids.size(), committed) << "an id twice, or a document without one";
    for (const std::string& id : committed_ids) {
      EXPECT_TRUE(ids.contains(id)) << id << " was committed before an earlier kill, now lost";
    }
    committed_ids = std::move(ids);
  }
  EXPECT_GE(kills, 2) << "indexing was too quick to be killed more than once";

  const auto rerun = run_bahth(args());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_FALSE(std::filesystem::exists(db + ".bahth-parts"));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), kArticles);
  EXPECT_EQ(ids_in(Xapian::Database(db)).size(), kArticles);
  EXPECT_TRUE(xapian_check_passes(db));
  expect_searchable(db, committed_ids);
}

// "1": one writer on the index. "2" on an empty index: a bulk build in parts; after the first
// kill the next run merges the parts it finds, then goes on as one writer on the index.
INSTANTIATE_TEST_SUITE_P(Threads, CliCrash, ::testing::Values("1", "2"), [](const auto& info) {
  return info.param == "1" ? std::string("SingleWriter") : std::string("BulkBuild");
});

}  // namespace
}  // namespace cli_crash_test
}  // namespace bahth
