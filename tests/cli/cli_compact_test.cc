// `bahth compact`: in place, or --into a new directory, which merges the shards of a sharded
// index into one database that searches the same; refused while `bahth index` holds the lock.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bahth/indexer.h"
#include "cli/cached_index.h"
#include "cli/rankings.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_compact_test {
namespace {

using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

TEST(CliCompact, MergingShardsGivesOneDatabaseThatSearchesTheSame) {
  TempDir dir;
  const std::string sharded = dir / "sharded";
  const std::string merged = dir / "merged";
  testing::index_cached(sharded,
                        {{"index", "-q", "--db", sharded, "--shards", "3", kBundledSample}});

  const auto run = run_bahth({"compact", "--db", sharded, "--into", merged});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("merged " + sharded + " (3 shards) into " + merged), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" MB before, "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" MB after"), std::string::npos) << run.out;

  for (const std::string& query : testing::sample_queries()) {
    testing::expect_same_ranking(testing::search_ranking({"--db", sharded}, query),
                                 testing::search_ranking({"--db", merged}, query),
                                 "merged: " + query);
  }
  const auto stats = run_bahth({"stats", "--json", "--db", merged});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto json = nlohmann::json::parse(stats.out);
  EXPECT_EQ(json["documents"], 300);
  EXPECT_EQ(json["shards"], 1);
  EXPECT_EQ(json["stemmer"], "light");

  // The merged copy is an ordinary index: indexing into it again skips every article.
  const auto again = run_bahth({"index", "--db", merged, kBundledSample});
  EXPECT_NE(again.out.find("300 unchanged"), std::string::npos) << again.out << again.err;

  const auto taken = run_bahth({"compact", "--db", sharded, "--into", merged});
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("already exists"), std::string::npos) << taken.err;
}

TEST(CliCompact, InPlaceKeepsTheIndexAndIsRefusedDuringAnIndexRun) {
  TempDir dir;
  const std::string db = dir / "db";
  testing::index_cached(db, {{"index", "--quiet", "--db", db, kBundledSample}});
  const auto before = testing::search_ranking({"--db", db}, "سوريا");

  const auto run = run_bahth({"compact", "--db", db});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("compacted " + db + ": "), std::string::npos) << run.out;
  testing::expect_same_ranking(before, testing::search_ranking({"--db", db}, "سوريا"),
                               "after compacting in place");

  {
    IndexOptions options;
    options.db_path = db;
    Indexer running(options);  // holds the lock, as a `bahth index` in progress does
    const auto refused = run_bahth({"compact", "--db", db});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("being written by another process"), std::string::npos)
        << refused.err;
    running.finish();
  }

  const auto missing = run_bahth({"compact", "--db", dir / "nothing"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no bahth index here"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace cli_compact_test
}  // namespace bahth
