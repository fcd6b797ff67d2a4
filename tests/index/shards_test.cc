// `--shards N`: articles go to the shard of their id hash, every later run keeps that count and
// routing (re-index, unchanged-skip), the stub opens all shards as one, and compaction merges
// them into one database that keeps the recorded analysis.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bahth/compact.h"
#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/stats.h"
#include "fixture_articles.h"
#include "schema/layout.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth {
namespace shards_test {
namespace {

using testing::fixture_articles;
using testing::TempDir;

IndexOptions sharded(const std::string& path, unsigned shards) {
  IndexOptions options;
  options.db_path = path;
  options.threads = 2;
  options.shards = shards;
  return options;
}

void index_into(const IndexOptions& options, const std::vector<Article>& articles) {
  Indexer indexer(options);
  indexer.add(articles);
  indexer.finish();
}

bool shard_holds(const std::string& shard, const std::string& id) {
  const Xapian::Database db(shard);
  const std::string term = schema::id_term(id);
  return db.postlist_begin(term) != db.postlist_end(term);
}

TEST(Shards, EachArticleLandsInTheShardOfItsIdHash) {
  TempDir dir;
  const std::string db = dir / "db";
  index_into(sharded(db, 3), fixture_articles());
  for (const Article& article : fixture_articles()) {
    const std::size_t home = schema::shard_of(article.id, 3);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(shard_holds(schema::shard_path(db, i), article.id), i == home) << article.id;
    }
  }
  EXPECT_EQ(schema::recorded_shard_count(db), 3u);
  // Xapian opens the directory through its stub file as one database of all the articles.
  EXPECT_EQ(Xapian::Database(db).get_doccount(), fixture_articles().size());
  EXPECT_EQ(Xapian::Database(db + "/XAPIANDB").get_doccount(), fixture_articles().size());
}

TEST(Shards, ReindexingKeepsTheCountAndRoutesToTheSameShards) {
  TempDir dir;
  const std::string db = dir / "db";
  index_into(sharded(db, 3), fixture_articles());

  std::vector<Article> changed = fixture_articles();
  changed[1].title += " (محدث)";
  Indexer again(sharded(db, 0));  // no --shards: the recorded count
  std::vector<IndexOutcome> outcomes;
  again.add(changed, &outcomes);
  again.finish();
  EXPECT_EQ(again.counts().updated, 1u);
  EXPECT_EQ(again.counts().unchanged, changed.size() - 1);
  EXPECT_EQ(outcomes[1], IndexOutcome::updated);
  EXPECT_EQ(again.document_count(), changed.size());
  EXPECT_EQ(Xapian::Database(db).get_doccount(), changed.size());
  const std::size_t home = schema::shard_of(changed[1].id, 3);
  const Xapian::Database shard(schema::shard_path(db, home));
  EXPECT_TRUE(shard_holds(schema::shard_path(db, home), changed[1].id));
}

TEST(Shards, ExplicitMatchingCountIsAccepted) {
  TempDir dir;
  index_into(sharded(dir / "db", 2), fixture_articles());
  Indexer again(sharded(dir / "db", 2));
  again.add(fixture_articles());
  again.finish();
  EXPECT_EQ(again.counts().unchanged, fixture_articles().size());
}

// One shard's commit fails (its version file cannot be replaced, as on a full disk), the other's
// stands: the counts say what each holds. Before, every article since the last commit was
// counted as not indexed, though the other shard kept its share.
TEST(Shards, AFailedShardCommitCountsOnlyThatShardsArticlesAsNotIndexed) {
  TempDir dir;
  const std::string db = dir / "db";
  index_into(sharded(db, 2), fixture_articles());
  std::vector<Article> more = fixture_articles();
  std::size_t to_shard_1 = 0;
  for (Article& article : more) {
    article.id += "-more";
    to_shard_1 += schema::shard_of(article.id, 2) == 1 ? 1 : 0;
  }
  ASSERT_GT(to_shard_1, 0u);
  ASSERT_LT(to_shard_1, more.size());
  Indexer indexer(sharded(db, 0));
  indexer.add(more);
  // Glass commits by renaming a new version file onto `iamglass`: not onto a directory.
  const std::filesystem::path version =
      std::filesystem::path(schema::shard_path(db, 1)) / "iamglass";
  std::filesystem::remove(version);
  std::filesystem::create_directories(version / "blocker");
  EXPECT_THROW(indexer.commit(), IndexError);
  EXPECT_EQ(indexer.counts().added, more.size() - to_shard_1);
  EXPECT_EQ(indexer.counts().not_indexed, to_shard_1);
  // Shard 0 holds its share of both runs.
  std::size_t first_in_shard_0 = 0;
  for (const Article& article : fixture_articles()) {
    first_in_shard_0 += schema::shard_of(article.id, 2) == 0 ? 1 : 0;
  }
  EXPECT_EQ(Xapian::Database(schema::shard_path(db, 0)).get_doccount(),
            first_in_shard_0 + more.size() - to_shard_1);
}

TEST(Shards, AnotherShardCountIsRefusedClearly) {
  TempDir dir;
  index_into(sharded(dir / "db", 3), fixture_articles());
  for (unsigned other : {1u, 2u, 4u}) {
    try {
      Indexer indexer(sharded(dir / "db", other));
      ADD_FAILURE() << "--shards " << other << " was accepted on a 3-shard index";
    } catch (const IndexError& e) {
      EXPECT_NE(std::string(e.what()).find("has 3 shards"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("--shards 3"), std::string::npos) << e.what();
    }
  }
}

TEST(Shards, AOneDatabaseIndexRefusesToBecomeSharded) {
  TempDir dir;
  index_into(sharded(dir / "db", 0), fixture_articles());
  try {
    Indexer indexer(sharded(dir / "db", 2));
    ADD_FAILURE() << "a one-database index accepted --shards 2";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("one database, not shards"), std::string::npos)
        << e.what();
  }
}

TEST(Shards, TheStubFileIsNotAPlaceToWrite) {
  TempDir dir;
  index_into(sharded(dir / "db", 2), fixture_articles());
  try {
    Indexer indexer(sharded(dir / "db/XAPIANDB", 0));
    ADD_FAILURE() << "indexed into a stub file";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("give --db the index's directory"), std::string::npos)
        << e.what();
  }
}

TEST(Shards, ASecondWriterGetsTheLockMessage) {
  TempDir dir;
  Indexer first(sharded(dir / "db", 2));
  try {
    Indexer second(sharded(dir / "db", 2));
    ADD_FAILURE() << "two writers on one sharded index";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("being written by another process"), std::string::npos)
        << e.what();
  }
  first.finish();
}

TEST(Shards, StatsDescribeTheWholeShardedIndex) {
  TempDir dir;
  index_into(sharded(dir / "db", 3), fixture_articles());
  const IndexSummary summary = describe_index(dir / "db");
  EXPECT_EQ(summary.documents, fixture_articles().size());
  EXPECT_EQ(summary.shards, 3u);
  EXPECT_EQ(summary.stemmer, "light");
  EXPECT_GT(summary.disk_bytes, 0u);
}

TEST(Stub, ReadsLocalAndRemoteLinesLikeXapian) {
  TempDir dir;
  const std::string stub = dir / "news.stub";
  std::ofstream(stub) << "# a comment\n\nauto shard-0\nglass /abs/shard-1\n"
                         "remote search-2.example:33333\n";
  const std::vector<schema::StubEntry> entries = schema::read_stub(stub);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_FALSE(entries[0].remote);
  EXPECT_EQ(entries[0].location, (dir.path() / "shard-0").string());  // relative to the stub
  EXPECT_EQ(entries[0].line, 3u);
  EXPECT_EQ(entries[1].location, "/abs/shard-1");
  EXPECT_TRUE(entries[2].remote);
  EXPECT_EQ(entries[2].host, "search-2.example");
  EXPECT_EQ(entries[2].port, 33333u);
  EXPECT_EQ(entries[2].location, "search-2.example:33333");
  EXPECT_EQ(schema::stub_file_of(stub), stub);
  EXPECT_EQ(schema::stub_file_of(dir / "nothing"), std::nullopt);
}

TEST(Stub, RefusesWhatBahthCannotOpenNamingTheLine) {
  TempDir dir;
  const std::string stub = dir / "bad.stub";
  for (const char* line :
       {"remote :xapian-progsrv /db", "inmemory", "remote host:notaport", "tcp host 3333"}) {
    std::ofstream(stub) << "auto a\n" << line << '\n';
    try {
      schema::read_stub(stub);
      ADD_FAILURE() << "accepted " << line;
    } catch (const IndexError& e) {
      EXPECT_NE(std::string(e.what()).find(stub + ":2: "), std::string::npos) << e.what();
    }
  }
}

TEST(Compact, MergingShardsGivesOneDatabaseWithTheAnalysisKept) {
  TempDir dir;
  index_into(sharded(dir / "db", 3), fixture_articles());
  CompactOptions options;
  options.db_path = dir / "db";
  options.into = dir / "merged";
  const CompactReport report = compact_index(options);
  EXPECT_EQ(report.shards, 3u);
  EXPECT_GT(report.bytes_before, 0u);
  EXPECT_GT(report.bytes_after, 0u);
  const Xapian::Database merged(dir / "merged");
  EXPECT_EQ(merged.get_doccount(), fixture_articles().size());
  EXPECT_EQ(merged.get_metadata(std::string(schema::kMetaStemmer)), "light");
  EXPECT_EQ(merged.get_metadata(std::string(schema::kMetaShards)), "");
  EXPECT_EQ(schema::recorded_shard_count(dir / "merged"), 0u);
  // The merged database is a one-database index: re-indexing finds every article unchanged.
  Indexer again(sharded(dir / "merged", 0));
  again.add(fixture_articles());
  again.finish();
  EXPECT_EQ(again.counts().unchanged, fixture_articles().size());
  // The source is left as it was.
  EXPECT_EQ(schema::recorded_shard_count(dir / "db"), 3u);
}

TEST(Compact, InPlaceKeepsEveryDocument) {
  TempDir dir;
  index_into(sharded(dir / "db", 2), fixture_articles());
  CompactOptions options;
  options.db_path = dir / "db";
  compact_index(options);
  EXPECT_EQ(Xapian::Database(dir / "db").get_doccount(), fixture_articles().size());
  EXPECT_EQ(schema::recorded_shard_count(dir / "db"), 2u);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "db")) {
    EXPECT_EQ(entry.path().string().find(".bahth-"), std::string::npos) << entry.path();
  }
}

TEST(Compact, RefusesWhileAnIndexRunHoldsTheLock) {
  TempDir dir;
  index_into(sharded(dir / "db", 0), fixture_articles());
  Indexer running(sharded(dir / "db", 0));
  CompactOptions options;
  options.db_path = dir / "db";
  try {
    compact_index(options);
    ADD_FAILURE() << "compacted under a running index";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("being written by another process"), std::string::npos)
        << e.what();
  }
  running.finish();
}

}  // namespace
}  // namespace shards_test
}  // namespace bahth
