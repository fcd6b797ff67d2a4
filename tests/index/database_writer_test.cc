// The database writer (index/database_writer.h): its end-of-run spelling sync, a part's commits.
#include "index/database_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bahth/stemmers.h"
#include "schema/position_table.h"
#include "schema/schema.h"
#include "store/names.h"
#include "store/spelling_overlay.h"
#include "temp_dir.h"

namespace bahth::index {
namespace database_writer_test {
namespace {

using testing::TempDir;

// A made-up word for each n, of two letters from a set the normalizer keeps as they are.
std::string word(std::size_t n) {
  static const std::vector<std::string> letters = {"ب", "ت", "ث", "ج", "ح", "خ", "د",
                                                   "ذ", "ر", "ز", "س", "ش", "ص", "ض"};
  return "س" + letters[n / letters.size()] + letters[n % letters.size()] + "م";
}

// Article k holds word(k) and word(k + 1), so every word but the first and the last is in two
// articles and belongs in the spelling table.
std::vector<Article> chained_articles(std::size_t count) {
  std::vector<Article> articles(count);
  for (std::size_t k = 0; k < count; ++k) {
    articles[k].id = "a" + std::to_string(k);
    articles[k].body = word(k) + " " + word(k + 1);
  }
  return articles;
}

std::map<std::string, Xapian::doccount> spelling_table(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    out.emplace(schema::word_of_spelling_key(*it), it.get_termfreq());
  }
  return out;
}

// Writes `articles` into a new database at `path` and commits them.
DatabaseWriter write_committed(const std::string& path, const Analysis& analysis,
                               const std::vector<Article>& articles) {
  DatabaseWriter writer(
      Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS), analysis, 1);
  std::vector<std::size_t> which(articles.size());
  for (std::size_t i = 0; i < which.size(); ++i) which[i] = i;
  std::vector<IndexOutcome> outcomes(articles.size());
  writer.add(articles, which, outcomes);
  writer.db().commit();
  return writer;
}

// A first build's part commits by itself every kPartCommitChanges articles, with their positions
// kept aside, however many its caller adds between two commits.
TEST(DatabaseWriterParts, APartCommitsByItselfEveryKPartCommitChangesArticles) {
  TempDir dir;
  const Analysis analysis(StemmerKind::light);
  const std::size_t every = DatabaseWriter::kPartCommitChanges;
  std::vector<Article> articles(2 * every + 10);
  for (std::size_t k = 0; k < articles.size(); ++k) {
    articles[k].id = "p" + std::to_string(k);
    articles[k].body = word(k % 190) + " " + word((k + 1) % 190);
  }
  DatabaseWriter writer(
      Xapian::WritableDatabase(dir / "part", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS),
      analysis, 1);
  writer.keep_positions_aside();
  std::vector<std::size_t> which(articles.size());
  for (std::size_t i = 0; i < which.size(); ++i) which[i] = i;
  std::vector<IndexOutcome> outcomes(articles.size());
  writer.add(articles, which, outcomes);

  Xapian::Database reader(dir / "part");
  EXPECT_EQ(reader.get_doccount(), 2 * every);
  for (std::uint32_t batch = 0; batch < 3; ++batch) {
    EXPECT_EQ(reader.get_metadata(schema::position_batch_key(batch, 0)).empty(), batch == 2)
        << batch;
  }
  writer.commit();
  EXPECT_TRUE(reader.reopen());
  EXPECT_EQ(reader.get_doccount(), articles.size());
}

TEST(DatabaseWriterSpelling, CommitsInStepsAndEndsAsOneSync) {
  TempDir dir;
  const Analysis analysis(StemmerKind::light);
  const std::vector<Article> articles = chained_articles(60);

  DatabaseWriter stepwise = write_committed(dir / "stepwise", analysis, articles);
  const Xapian::rev before = stepwise.db().get_revision();
  stepwise.sync_spelling(7);
  // 59 words are in two articles: 8 commits of 7 changes, and 3 changes left for the caller.
  EXPECT_EQ(stepwise.db().get_revision(), before + 8);
  stepwise.db().commit();

  DatabaseWriter at_once = write_committed(dir / "at_once", analysis, articles);
  at_once.sync_spelling(1'000'000);
  at_once.db().commit();

  const auto table = spelling_table(stepwise.db());
  EXPECT_EQ(table.size(), 59u);
  EXPECT_EQ(table.count(word(0)), 0u);  // in one article only
  EXPECT_EQ(table.at(word(30)), 2u);
  EXPECT_EQ(table, spelling_table(at_once.db()));
}

// Between two of the sync's commits a reader sees the committed part of the table (a run
// killed there leaves it so, and the next run's sync, which only writes differences, completes
// it: Indexer.SpellingDataFollowsReplacedArticles).
TEST(DatabaseWriterSpelling, ReadersSeeTheCommittedSteps) {
  TempDir dir;
  const Analysis analysis(StemmerKind::light);
  DatabaseWriter writer = write_committed(dir / "db", analysis, chained_articles(40));
  writer.sync_spelling(10);  // 39 changes: 30 committed, 9 left for the caller
  EXPECT_EQ(spelling_table(Xapian::Database(dir / "db")).size(), 30u);
  writer.db().commit();
  EXPECT_EQ(spelling_table(Xapian::Database(dir / "db")).size(), 39u);
}

// A stop request is heard after each of the sync's commits: the sync returns there, with what
// it committed kept and nothing more written.
TEST(DatabaseWriterSpelling, StopsAfterTheStepItWasAskedIn) {
  TempDir dir;
  const Analysis analysis(StemmerKind::light);
  DatabaseWriter writer = write_committed(dir / "db", analysis, chained_articles(40));
  int asked = 0;
  writer.sync_spelling(10, [&asked] { return ++asked == 2; });  // 39 changes, steps of 10
  EXPECT_EQ(asked, 2);
  writer.db().commit();
  EXPECT_EQ(spelling_table(Xapian::Database(dir / "db")).size(), 20u);
}

// The spelling overlay (store/spelling_overlay.h) as a writer leaves it.

// Articles [first, last) of chained_articles(last): added and committed, as a run's articles.
void add_committed(DatabaseWriter& writer, std::size_t first, std::size_t last) {
  const std::vector<Article> articles = chained_articles(last);
  std::vector<std::size_t> which;
  for (std::size_t i = first; i < last; ++i) which.push_back(i);
  std::vector<IndexOutcome> outcomes(articles.size());
  writer.add(articles, which, outcomes);
  writer.commit();  // with the revision mark, once the passes are in step
}

// A first build of 40 articles (every word in the database's table), then 10 more whose new
// words go into the overlay, committed before the passes: where both crash windows begin.
void build_then_overlay_ten(DatabaseWriter& writer) {
  add_committed(writer, 0, 40);
  writer.sync_spelling(1'000'000);
  // As the indexer says after a first build's passes: each commit from here on records the
  // revision mark, without which readers leave the overlay out (store/spelling_overlay.h).
  writer.mark_passes_in_step();
  writer.commit();
  add_committed(writer, 40, 50);
  writer.sync_spelling_of_changes();
}

// What a reader's spelling suggestion sees: the database's table with its overlay's, each word
// in one of them only (a word in both would count twice).
std::map<std::string, Xapian::doccount> tables_read(const std::string& path) {
  const Xapian::Database db(path);
  std::map<std::string, Xapian::doccount> all = spelling_table(db);
  if (const auto overlay = store::open_overlay_for_reading(path, db)) {
    for (const auto& [word, frequency] : spelling_table(*overlay)) {
      EXPECT_TRUE(all.emplace(word, frequency).second) << word << " is in both tables";
    }
  }
  return all;
}

std::size_t overlay_words(const std::string& path) {
  const Xapian::Database db(path);
  const auto overlay = store::open_overlay_for_reading(path, db);
  return overlay ? spelling_table(*overlay).size() : 0;
}

// The table of a first build of chained_articles(count), all of its words in the database's.
std::map<std::string, Xapian::doccount> built_at_once(const std::string& path, std::size_t count) {
  const Analysis analysis(StemmerKind::light);
  DatabaseWriter writer = write_committed(path, analysis, chained_articles(count));
  writer.sync_spelling(1'000'000);
  writer.db().commit();
  return spelling_table(writer.db());
}

TEST(DatabaseWriterOverlay, NewWordsGoToTheOverlayUntilItsLimitThenFold) {
  TempDir dir;
  const std::string path = dir / "db";
  const Analysis analysis(StemmerKind::light);
  DatabaseWriter writer(
      Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS), analysis, 1,
      path, /*overlay_limit=*/30);
  add_committed(writer, 0, 40);
  writer.sync_spelling(1'000'000);  // a first build: every word in the database's table
  writer.db().commit();
  EXPECT_EQ(overlay_words(path), 0u);
  EXPECT_EQ(spelling_table(Xapian::Database(path)).size(), 39u);

  add_committed(writer, 40, 50);  // word(40) reaches two articles, 41..49 enter with it
  writer.sync_spelling_of_changes();
  writer.db().commit();
  EXPECT_EQ(overlay_words(path), 10u);
  EXPECT_EQ(spelling_table(Xapian::Database(path)).size(), 39u) << "the table is not rewritten";
  EXPECT_EQ(tables_read(path), built_at_once(dir / "reference50", 50));

  // Deleting the last article takes word(49) below two articles: out of the overlay.
  ASSERT_TRUE(writer.remove("a49"));
  writer.db().commit();
  writer.sync_spelling_of_changes();
  writer.db().commit();
  EXPECT_EQ(overlay_words(path), 9u);
  EXPECT_EQ(tables_read(path), built_at_once(dir / "reference49", 49));

  add_committed(writer, 49, 75);  // 26 words more would take the overlay over 30: a fold
  writer.sync_spelling_of_changes();
  writer.db().commit();
  EXPECT_EQ(overlay_words(path), 0u);
  EXPECT_EQ(spelling_table(Xapian::Database(path)).size(), 74u);
  EXPECT_EQ(tables_read(path), built_at_once(dir / "reference75", 75));
}

// A run killed after its overlay's commit, before its passes' (the database's second commit):
// the reader takes the overlay (its words are those of the articles committed before it), and
// the next writer does not trust it: its full passes fold it, and the table is whole again.
TEST(DatabaseWriterOverlay, ARunKilledBetweenItsTwoCommitsIsFoldedByTheNextPasses) {
  TempDir dir;
  const std::string path = dir / "db";
  const std::string killed = dir / "killed";
  const Analysis analysis(StemmerKind::light);
  {
    DatabaseWriter writer(
        Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS), analysis, 1,
        path);
    build_then_overlay_ten(writer);  // the overlay is committed here
    // What a kill now leaves on disk: the database at its articles' commit, and the overlay.
    std::filesystem::copy(path, killed, std::filesystem::copy_options::recursive);
  }
  const Xapian::Database left(killed);
  EXPECT_FALSE(left.get_metadata(std::string(schema::kMetaPassesPending)).empty());
  EXPECT_EQ(store::overlay_serial(left) + 1,
            store::overlay_serial(Xapian::Database(store::spelling_overlay_path(killed))));
  EXPECT_EQ(overlay_words(killed), 10u) << "readers take an overlay one commit ahead";

  DatabaseWriter next(Xapian::WritableDatabase(killed, Xapian::DB_OPEN), analysis, 1, killed);
  EXPECT_FALSE(next.spelling_overlay_trusted());
  next.sync_spelling(1'000'000);
  next.db().commit();
  EXPECT_TRUE(next.spelling_overlay_trusted());
  EXPECT_EQ(overlay_words(killed), 0u);
  EXPECT_EQ(tables_read(killed), built_at_once(dir / "reference", 50));
}

// A fold killed after the database's commit, before the overlay was emptied: readers leave the
// overlay out (its words are in the table, and would count twice), and the next writer empties
// it at once.
TEST(DatabaseWriterOverlay, AFoldKilledBeforeEmptyingTheOverlayIsEmptiedOnOpening) {
  TempDir dir;
  const std::string path = dir / "db";
  const Analysis analysis(StemmerKind::light);
  {
    DatabaseWriter writer(
        Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS), analysis, 1,
        path);
    build_then_overlay_ten(writer);
    writer.db().commit();
    // The first step of a fold, done by hand: the overlay's words into the table, the serial on.
    const Xapian::Database overlay(store::spelling_overlay_path(path));
    for (auto it = overlay.spellings_begin(); it != overlay.spellings_end(); ++it) {
      writer.db().add_spelling(*it, it.get_termfreq());
    }
    store::set_overlay_serial(writer.db(), store::overlay_serial(overlay) + 1);
    writer.db().commit();
  }
  EXPECT_EQ(overlay_words(path), 0u) << "a folded overlay is left out";
  EXPECT_EQ(spelling_table(Xapian::Database(store::spelling_overlay_path(path))).size(), 10u);
  EXPECT_EQ(tables_read(path), built_at_once(dir / "reference", 50));

  DatabaseWriter next(Xapian::WritableDatabase(path, Xapian::DB_OPEN), analysis, 1, path);
  EXPECT_TRUE(next.spelling_overlay_trusted());
  EXPECT_TRUE(spelling_table(Xapian::Database(store::spelling_overlay_path(path))).empty());
  EXPECT_EQ(tables_read(path), built_at_once(dir / "reference2", 50));
}

}  // namespace
}  // namespace database_writer_test
}  // namespace bahth::index
