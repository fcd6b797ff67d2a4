// Readers and writers on one index at the same time: searches keep answering (from the old
// snapshot or the new one, never an error) while `bahth index` commits, and a second `bahth
// index` on the same database is refused at once while the first goes on unharmed.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "cli/bahth_process.h"
#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_concurrency_test {
namespace {

using testing::ChildEnd;
using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

constexpr int kCopies = 2;  // × 300 articles
constexpr Xapian::doccount kArticles = kCopies * 300;

class CliConcurrency : public ::testing::Test {
 protected:
  void SetUp() override {
    // A non-empty index, so the run below writes into it directly (no bulk build in parts).
    testing::index_cached(db, {{"index", "--quiet", "--db", db, kBundledSample}});
  }
  std::vector<std::string> index_args() const {
    return {"index", "--db", db, "--threads", "1", "--batch", "50", "--quiet", input};
  }

  TempDir dir;
  std::string db = dir / "db";
  std::string input = testing::write_sample_copies(dir, kCopies);
};

TEST_F(CliConcurrency, SearchesSucceedWhileIndexCommits) {
  const pid_t writer = testing::spawn_bahth(index_args(), dir / "out.txt", dir / "err.txt");

  // One Searcher kept open across commits, as a server would: Xapian makes it reopen when the
  // revision it reads is overwritten.
  std::atomic<bool> writing{true};
  std::atomic<int> searcher_failures{0};
  std::atomic<int> searcher_searches{0};
  // The stop token ends the loop when a failed ASSERT below returns early: the jthread's
  // destructor requests a stop before it joins, where `writing` would never turn false.
  std::jthread long_lived([&](const std::stop_token& stop) {
    SearchOptions options;
    options.limit = 20;
    std::optional<Searcher> searcher;
    while (writing.load() && !stop.stop_requested()) {
      try {
        if (!searcher) searcher.emplace(std::vector<std::string>{db});
        const SearchResults results = searcher->search("الحكومة سوريا", options);
        if (results.hits.empty()) ++searcher_failures;
      } catch (const Error& e) {
        ADD_FAILURE() << e.what();
        ++searcher_failures;
      }
      ++searcher_searches;
    }
  });

  int searches = 0;
  ChildEnd end;
  std::uint64_t last_total = 0;
  while (!testing::child_ended(writer, end)) {
    // --duplicates: the copies are near-duplicates, which the end of the run groups, and folded
    // copies would not count.
    const auto result =
        run_bahth({"search", "--db", db, "--json", "--duplicates", "-n", "3", "سوريا"});
    ++searches;
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    // Commits only add articles, so a later search never sees fewer matches (counts up to 1000
    // are exact).
    const auto total = json.at("total").get<std::uint64_t>();
    if (total <= 1000) {
      EXPECT_GE(total, last_total);
    }
    last_total = total;
  }
  writing.store(false);
  long_lived.join();

  EXPECT_EQ(end.exit_code, 0) << testing::read_file(dir / "err.txt");
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 300 + kArticles);
  EXPECT_GT(searches, 1) << "the index run ended before searches could overlap it";
  EXPECT_GT(searcher_searches.load(), 1);
  EXPECT_EQ(searcher_failures.load(), 0);
  EXPECT_TRUE(testing::xapian_check_passes(db));
}

TEST_F(CliConcurrency, SecondIndexRunIsRefusedAndTheFirstFinishes) {
  const pid_t first = testing::spawn_bahth(index_args(), dir / "out.txt", dir / "err.txt");
  ChildEnd end;
  bool ended = false;
  const bool locked = testing::wait_until(
      [&] {
        try {
          return Xapian::Database(db).locked() && testing::committed_documents(db) > 300;
        } catch (const Xapian::Error&) {
          return false;
        }
      },
      first, end, ended);
  ASSERT_TRUE(locked && !ended) << "the first run ended before a second could start";

  const auto second = run_bahth({"index", "--db", db, testing::kBundledSample});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("bahth: " + db + ": the index is being written by another process"),
            std::string::npos)
      << second.err;

  end = testing::wait_child(first);
  EXPECT_EQ(end.exit_code, 0) << testing::read_file(dir / "err.txt");
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 300 + kArticles);
  EXPECT_TRUE(testing::xapian_check_passes(db));
}

}  // namespace
}  // namespace cli_concurrency_test
}  // namespace bahth
