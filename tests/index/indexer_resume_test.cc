// A bulk build killed at each step of its end: before the merge, between the two renames that
// put the merged index in place, and while the parts were being deleted. Each time the next
// Indexer on the same path ends with every committed article once, and no parts left.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "fixture_articles.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth {
namespace {

namespace fs = std::filesystem;
using testing::fixture_articles;
using testing::TempDir;

IndexOptions options_for(const std::string& path, unsigned threads) {
  IndexOptions options;
  options.db_path = path;
  options.threads = threads;
  return options;
}

// In a child process: a bulk build that commits the fixtures into its parts and dies without
// finishing, as under SIGKILL (no destructor runs).
void bulk_build_killed_after_commit(const std::string& db) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    Indexer indexer(options_for(db, 2));
    indexer.add(fixture_articles());
    indexer.commit();
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(fs::is_directory(schema::bulk_parts_path(db)));
  ASSERT_EQ(Xapian::Database(db).get_doccount(), 0u);
}

void expect_resumed(const std::string& db) {
  {
    Indexer next(options_for(db, 1));
    EXPECT_EQ(next.document_count(), fixture_articles().size());
    next.add(fixture_articles());  // the rerun of the same command: all unchanged
    next.finish();
    EXPECT_EQ(next.counts().unchanged, fixture_articles().size());
  }
  EXPECT_FALSE(fs::exists(schema::bulk_parts_path(db)));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), fixture_articles().size());
}

TEST(IndexerResume, KilledBeforeTheMerge) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  // Searching now would answer from an empty index: refused with the way out.
  try {
    schema::open_for_reading(dir / "db");
    ADD_FAILURE() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("was interrupted"), std::string::npos) << e.what();
  }
  expect_resumed(dir / "db");
}

TEST(IndexerResume, KilledDuringTheCompaction) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  const fs::path merged = fs::path(schema::bulk_parts_path(dir / "db")) / "merged";
  fs::create_directories(merged);
  std::ofstream(merged / "postlist.glass") << "half written";
  expect_resumed(dir / "db");
}

TEST(IndexerResume, KilledBetweenTheTwoRenames) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  // The old (empty) index was moved aside, the merged one not yet moved in.
  fs::rename(dir / "db", fs::path(schema::bulk_parts_path(dir / "db")) / "replaced");
  EXPECT_THROW(schema::open_for_reading(dir / "db"), IndexError);
  expect_resumed(dir / "db");
}

TEST(IndexerResume, KilledWhileDeletingThePartsOfAFinishedMerge) {
  TempDir dir;
  {
    Indexer indexer(options_for(dir / "db", 2));
    indexer.add(fixture_articles());
    indexer.finish();
  }
  // Put back a copy of what the parts held, as if their removal had been cut short.
  const fs::path parts = schema::bulk_parts_path(dir / "db");
  fs::create_directories(parts);
  fs::copy(dir / "db", parts / "part0");
  EXPECT_NO_THROW(schema::open_for_reading(dir / "db"));  // the index has the articles
  expect_resumed(dir / "db");                             // and they are not merged twice
}

TEST(IndexerResume, DamagedPartIsAnErrorNotASilentLoss) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  const fs::path part0 = fs::path(schema::bulk_parts_path(dir / "db")) / "part0";
  fs::resize_file(part0 / "iamglass", 3);
  try {
    Indexer next(options_for(dir / "db", 1));
    ADD_FAILURE() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find(part0.string() + ": cannot resume"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace bahth
