// Remote shards: two `xapian-tcpsrv` processes on 127.0.0.1 serve the two shards of an index,
// a stub file lists them as `remote HOST:PORT`, and bahth searches through it exactly as it
// searches the local index. When a server is gone the error names it, and --allow-partial
// returns the other shard's results marked as partial.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "cli/cached_index.h"
#include "cli/rankings.h"
#include "cli/run_bahth.h"
#include "cli/tcp_server.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_remote_test {
namespace {

using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

const std::vector<std::string> kShortTimeout{"--remote-timeout", "3000"};

class CliRemote : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::have_xapian_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv (xapian-tools) missing";
    testing::index_cached(local(),
                          {{"index", "-q", "--db", local(), "--shards", "2", kBundledSample}});
    if (HasFatalFailure()) return;
    for (int i = 0; i < 2; ++i) {
      servers_.push_back(
          std::make_unique<testing::TcpServer>(local() + "/shard-" + std::to_string(i)));
      ASSERT_TRUE(servers_.back()->ok()) << "could not start xapian-tcpsrv";
    }
    std::ofstream(stub()) << "# two shards served by xapian-tcpsrv\n"
                          << "remote " << servers_[0]->address() << '\n'
                          << "remote " << servers_[1]->address() << '\n';
  }

  std::string local() const { return dir_ / "local"; }
  std::string stub() const { return dir_ / "remote.stub"; }

  TempDir dir_;
  std::vector<std::unique_ptr<testing::TcpServer>> servers_;  // stopped when the test ends
};

TEST_F(CliRemote, RemoteShardsRankLikeTheLocalIndex) {
  for (const std::string& query : testing::sample_queries()) {
    const auto expected = testing::search_ranking({"--db", local()}, query);
    ASSERT_FALSE(expected.hits.empty()) << query;
    testing::expect_same_ranking(expected,
                                 testing::search_ranking({"--db", stub()}, query, kShortTimeout),
                                 "remote: " + query);
  }
}

// The recency boost travels to xapian-tcpsrv as a stock ValueMapPostingSource: same scores.
TEST_F(CliRemote, RemoteShardsRankLikeTheLocalIndexWithRecency) {
  const std::vector<std::string> recency{"--recency", "30d"};
  std::vector<std::string> remote = kShortTimeout;
  remote.insert(remote.end(), recency.begin(), recency.end());
  for (const std::string& query : testing::sample_queries()) {
    const auto expected = testing::search_ranking({"--db", local()}, query, recency);
    ASSERT_FALSE(expected.hits.empty()) << query;
    testing::expect_same_ranking(expected, testing::search_ranking({"--db", stub()}, query, remote),
                                 "remote with --recency: " + query);
  }
}

TEST_F(CliRemote, AStoppedServerIsNamedAndAllowPartialReturnsTheOtherShard) {
  const std::string gone = servers_[1]->address();
  servers_[1]->stop();

  std::vector<std::string> args{"search", "--db", stub(), "--remote-timeout", "3000", "سوريا"};
  const auto failed = run_bahth(args);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("bahth: "), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("shard " + gone + " is unreachable"), std::string::npos) << failed.err;

  args.insert(args.end() - 1, "--allow-partial");
  const auto text = run_bahth(args);
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Partial results"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(gone), std::string::npos) << text.out;

  args.insert(args.end() - 1, "--json");
  const auto json_run = run_bahth(args);
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const auto json = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(json["partial"], true);
  EXPECT_EQ(json["unreachable"], nlohmann::json::array({gone}));

  // What is left is exactly what the first shard alone holds.
  const std::vector<std::string> partial{"--allow-partial", "--remote-timeout", "3000"};
  for (const std::string& query : testing::sample_queries()) {
    testing::expect_same_ranking(testing::search_ranking({"--db", local() + "/shard-0"}, query),
                                 testing::search_ranking({"--db", stub()}, query, partial),
                                 "partial: " + query);
  }
}

// A server that goes away after the searcher connected: the next search reconnects, and names
// the lost shard or, when allowed, searches without it.
TEST_F(CliRemote, AServerLostBetweenSearchesIsNamedOrLeftOut) {
  SearcherOptions strict;
  strict.remote_timeout_ms = 3000;
  SearcherOptions lenient = strict;
  lenient.allow_partial = true;
  const Searcher searcher({stub()}, strict);
  const Searcher partial_searcher({stub()}, lenient);
  const SearchResults before = searcher.search("سوريا", {});
  EXPECT_FALSE(before.partial());
  EXPECT_EQ(partial_searcher.search("سوريا", {}).total, before.total);

  const std::string gone = servers_[0]->address();
  servers_[0]->stop();
  try {
    searcher.search("سوريا", {});
    ADD_FAILURE() << "searched with a shard gone";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find(gone), std::string::npos) << e.what();
  }
  const SearchResults after = partial_searcher.search("سوريا", {});
  EXPECT_TRUE(after.partial());
  EXPECT_EQ(after.unreachable, std::vector<std::string>{gone});
  EXPECT_LT(after.total, before.total);
  EXPECT_GT(after.total, 0u);
}

}  // namespace
}  // namespace cli_remote_test
}  // namespace bahth
