// A bulk build killed at each step of its end: before the merge, between the two renames that
// put the merged index in place, and while the parts were being deleted. Each time the next
// Indexer on the same path ends with every committed article once, and no parts left.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "fixture_articles.h"
#include "schema/position_table.h"
#include "schema/schema.h"
#include "store/reader.h"
#include "store/store.h"
#include "temp_dir.h"

namespace bahth {
namespace indexer_resume_test {
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
  ASSERT_TRUE(fs::is_directory(store::bulk_parts_path(db)));
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
  EXPECT_FALSE(fs::exists(store::bulk_parts_path(db)));
  const Xapian::Database merged(db);
  EXPECT_EQ(merged.get_doccount(), fixture_articles().size());
  // The positions the killed build's parts kept aside are in the merged index's table: every
  // stem of every article has its own.
  const std::optional<schema::PositionTable> table = schema::position_table(merged);
  ASSERT_TRUE(table);
  const std::string stems(schema::kStemPrefix);
  std::size_t items = 0;
  for (auto term = merged.allterms_begin(stems); term != merged.allterms_end(stems); ++term) {
    schema::PositionCursor cursor(merged, *table, *term);
    for (auto posting = merged.postlist_begin(*term); posting != merged.postlist_end(*term);
         ++posting) {
      std::vector<Xapian::termpos> positions;
      ASSERT_TRUE(cursor.positions(*posting, positions)) << *term << " " << *posting;
      ASSERT_FALSE(positions.empty());
      ++items;
    }
  }
  EXPECT_GT(items, 100u);
}

TEST(IndexerResume, KilledBeforeTheMerge) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  // Searching now finds the committed articles in the parts.
  EXPECT_EQ(store::open_for_reading(dir / "db").get_doccount(), fixture_articles().size());
  expect_resumed(dir / "db");
}

TEST(IndexerResume, KilledDuringTheCompaction) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  const fs::path merged = fs::path(store::bulk_parts_path(dir / "db")) / "merged";
  fs::create_directories(merged);
  std::ofstream(merged / "postlist.glass") << "half written";
  expect_resumed(dir / "db");
}

// The merged index took the index's place (the journal records its identity), and the removal
// of the parts was cut short: the next run removes them and merges nothing twice.
TEST(IndexerResume, KilledWhileDeletingThePartsOfAFinishedMerge) {
  TempDir dir;
  {
    Indexer indexer(options_for(dir / "db", 2));
    indexer.add(fixture_articles());
    indexer.finish();
  }
  const fs::path parts = store::bulk_parts_path(dir / "db");
  fs::create_directories(parts);
  fs::copy(dir / "db", parts / "part0");
  struct stat info {};
  ASSERT_EQ(::stat((dir / "db").c_str(), &info), 0);
  std::ofstream(store::resolve(dir / "db").path + ".bahth-journal")
      << "bahth-journal 1\nop bulk\nfresh " << info.st_dev << ':' << info.st_ino << '\n';
  EXPECT_NO_THROW(store::open_for_reading(dir / "db"));  // the index has the articles
  expect_resumed(dir / "db");                            // and they are not merged twice
}

// A journal whose new database is on neither side of the swap: nothing is removed.
TEST(IndexerResume, AJournalThatMatchesNothingChangesNothing) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  const std::string journal = store::resolve(dir / "db").path + ".bahth-journal";
  std::ofstream(journal) << "bahth-journal 1\nop bulk\nfresh 1:1\n";
  EXPECT_THROW(Indexer(options_for(dir / "db", 1)), IndexError);
  EXPECT_TRUE(fs::exists(store::bulk_parts_path(dir / "db")));
  EXPECT_TRUE(fs::exists(journal));
}

TEST(IndexerResume, DamagedPartIsAnErrorNotASilentLoss) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(bulk_build_killed_after_commit(dir / "db"));
  const fs::path part0 = fs::path(store::bulk_parts_path(dir / "db")) / "part0";
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
}  // namespace indexer_resume_test
}  // namespace bahth
