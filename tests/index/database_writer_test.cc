// The database writer's end-of-run spelling sync (index/database_writer.h).
#include "index/database_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "bahth/stemmers.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth::index {
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

}  // namespace
}  // namespace bahth::index
