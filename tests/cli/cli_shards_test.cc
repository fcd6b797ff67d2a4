// `bahth index --shards N` end to end: a sharded index searches exactly like one database holding
// every article — through its stub (--db DIR), and with the shards given one by one (--db A
// --db B ...) — and stats, quest and re-indexing treat it as one index.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cached_index.h"
#include "cli/rankings.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_shards_test {
namespace {

using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

// One database (DIR/one/db) and three shards (DIR/sharded) of the same 300 articles, built as
// other suites build them, so that a test run builds each once (cli/cached_index.h).
void build_both(const TempDir& dir) {
  const std::string one = dir / "one/db";
  std::filesystem::create_directories(dir / "one");
  testing::index_cached(one, {{"index", "--quiet", "--db", one, kBundledSample}});
  const std::string sharded = dir / "sharded";
  testing::index_cached(sharded,
                        {{"index", "-q", "--db", sharded, "--shards", "3", kBundledSample}});
}

// One test for what needs both indexes: each ctest process would otherwise build them again.
TEST(CliShards, ShardedIndexSearchesAndDescribesLikeOneDatabase) {
  TempDir dir;
  build_both(dir);
  const std::string one = dir / "one/db";
  const std::string sharded = dir / "sharded";
  const std::vector<std::string> each{"--db", sharded + "/shard-0", "--db", sharded + "/shard-1",
                                      "--db", sharded + "/shard-2"};
  for (const std::string& query : testing::sample_queries()) {
    const auto expected = testing::search_ranking({"--db", one}, query);
    ASSERT_FALSE(expected.hits.empty()) << query;
    testing::expect_same_ranking(expected, testing::search_ranking({"--db", sharded}, query),
                                 "--db DIR: " + query);
    testing::expect_same_ranking(expected,
                                 testing::search_ranking({"--db", sharded + "/XAPIANDB"}, query),
                                 "--db STUB: " + query);
    testing::expect_same_ranking(expected, testing::search_ranking(each, query),
                                 "--db x3: " + query);
  }

  const auto stats = run_bahth({"stats", "--json", "--db", sharded});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto json = nlohmann::json::parse(stats.out);
  EXPECT_EQ(json["documents"], 300);
  EXPECT_EQ(json["shards"], 3);
  EXPECT_EQ(json["stemmer"], "light");

  // Xapian's own tools open the directory through its stub file.
  const std::string out = dir / "quest.txt";
  ASSERT_EQ(std::system(("quest -d " + testing::shell_quote(sharded) + " 'سوريا' > " +
                         testing::shell_quote(out))
                            .c_str()),
            0);
  const std::string text = testing::read_file(out);
  EXPECT_NE(text.find("Exactly 36 matches"), std::string::npos) << text;
}

TEST(CliShards, ReindexingKeepsTheRecordedShardCount) {
  TempDir dir;
  const std::string db = dir / "db";
  const auto built = run_bahth({"index", "--db", db, "--shards", "2", kBundledSample});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_NE(built.out.find("300 added"), std::string::npos) << built.out;
  const auto again = run_bahth({"index", "--db", db, kBundledSample});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("300 unchanged"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("holds 300 documents"), std::string::npos) << again.out;

  const auto other = run_bahth({"index", "--db", db, "--shards", "3", kBundledSample});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("has 2 shards"), std::string::npos) << other.err;
}

}  // namespace
}  // namespace cli_shards_test
}  // namespace bahth
