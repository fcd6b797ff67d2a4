#include "bahth/indexer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/stats.h"
#include "fixture_articles.h"
#include "schema/position_table.h"
#include "schema/schema.h"
#include "store/spelling_overlay.h"
#include "temp_dir.h"

namespace bahth {
namespace indexer_test {
namespace {

using testing::fixture_articles;
using testing::TempDir;

IndexOptions options_for(const std::string& path, StemmerKind stemmer = StemmerKind::light) {
  IndexOptions options;
  options.db_path = path;
  options.stemmer = stemmer;
  options.threads = 2;
  return options;
}

// Indexes the fixture articles into a new index at `path` and finishes the run.
void index_fixtures(const std::string& path, StemmerKind stemmer = StemmerKind::light) {
  Indexer indexer(options_for(path, stemmer));
  indexer.add(fixture_articles());
  indexer.finish();
}

// Xapian 1.4 has no direct getter: the spelling list's term frequencies are the frequencies.
Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    if (schema::word_of_spelling_key(*it) == word) return it.get_termfreq();
  }
  return 0;
}

// Xapian's suggestion for `word`, from the table keyed by schema::spelling_key().
std::string suggestion(const Xapian::Database& db, const std::string& word) {
  return schema::word_of_spelling_key(db.get_spelling_suggestion(schema::spelling_key(word)));
}

// `count` short articles with ids a0, a1, ...
std::vector<Article> numbered_articles(std::size_t count) {
  std::vector<Article> articles(count);
  for (std::size_t i = 0; i < count; ++i) {
    articles[i].id = "a" + std::to_string(i);
    articles[i].title = "خبر رقم " + std::to_string(i);
    articles[i].body = "نص الخبر";
  }
  return articles;
}

// An ArticleSource over `articles`, counting how many it gave.
ArticleSource source_of(const std::vector<Article>& articles, std::size_t& given) {
  return [&articles, &given](Article& article) {
    if (given == articles.size()) return false;
    article = articles[given++];
    return true;
  };
}

// run() commits every commit_every articles, whatever its analysis batches: after the first
// batch (512 articles, under 600) a reader sees nothing yet, after the second everything; and
// it finishes the run (spelling data, read from the vocabulary, is there).
TEST(Indexer, RunCommitsEveryCommitEveryArticles) {
  TempDir dir;
  IndexOptions options = options_for(dir / "db");
  options.threads = 1;  // the index itself, not a bulk build's parts, so commits are visible
  options.commit_every = 600;
  const std::vector<Article> articles = numbered_articles(1000);
  std::size_t given = 0;
  std::vector<Xapian::doccount> visible;
  IndexRunHooks hooks;
  hooks.after_batch = [&](const IndexCounts& counts) {
    EXPECT_EQ(counts.added, given);
    visible.push_back(Xapian::Database(dir / "db").get_doccount());
  };
  Indexer indexer(options);
  indexer.run(source_of(articles, given), hooks);
  EXPECT_EQ(visible, (std::vector<Xapian::doccount>{0, 1000}));
  const Xapian::Database db(dir / "db");
  EXPECT_EQ(db.get_doccount(), 1000u);
  EXPECT_EQ(spelling_frequency(db, "الخبر"), 1000u);
}

// A stop request ends the run before the next article: those taken are indexed and committed.
TEST(Indexer, RunStopsWhenAskedAndKeepsWhatItTook) {
  TempDir dir;
  IndexOptions options = options_for(dir / "db");
  options.commit_every = 5;
  const std::vector<Article> articles = numbered_articles(20);
  std::size_t given = 0;
  IndexRunHooks hooks;
  hooks.stop_requested = [&given] { return given == 7; };
  {
    Indexer indexer(options);
    indexer.run(source_of(articles, given), hooks);
    EXPECT_EQ(indexer.counts().added, 7u);
  }
  EXPECT_EQ(Xapian::Database(dir / "db").get_doccount(), 7u);
}

TEST(Indexer, AddsEveryArticle) {
  TempDir dir;
  Indexer indexer(options_for(dir / "db"));
  indexer.add(fixture_articles());
  indexer.finish();
  EXPECT_EQ(indexer.counts().added, 6u);
  EXPECT_EQ(indexer.document_count(), 6u);
  EXPECT_EQ(Xapian::Database(dir / "db").get_doccount(), 6u);
}

TEST(Indexer, ReindexingUnchangedArticlesSkipsThem) {
  TempDir dir;
  index_fixtures(dir / "db");
  Indexer again(options_for(dir / "db"));
  std::vector<IndexOutcome> outcomes;
  again.add(fixture_articles(), &outcomes);
  again.finish();
  EXPECT_EQ(again.counts().unchanged, 6u);
  EXPECT_EQ(again.counts().added, 0u);
  EXPECT_EQ(again.document_count(), 6u);
  EXPECT_EQ(outcomes, std::vector<IndexOutcome>(6, IndexOutcome::unchanged));
}

// An index written before the content hash was 8 bytes holds its 16 hex digits: its unchanged
// articles are still unchanged, and a changed one is rewritten with the 8 bytes.
TEST(Indexer, HashesOfTheOlderHexFormStillTellUnchangedArticles) {
  TempDir dir;
  index_fixtures(dir / "db");
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      std::string hex;
      for (const char byte : doc.get_value(schema::kHashSlot)) {
        hex += "0123456789abcdef"[static_cast<unsigned char>(byte) >> 4];
        hex += "0123456789abcdef"[static_cast<unsigned char>(byte) & 0xF];
      }
      ASSERT_EQ(hex.size(), 16u);
      doc.add_value(schema::kHashSlot, hex);
      db.replace_document(*it, doc);
    }
    db.commit();
  }
  std::vector<Article> articles = fixture_articles();
  articles[0].body += " تغيير";
  Indexer again(options_for(dir / "db"));
  std::vector<IndexOutcome> outcomes;
  again.add(articles, &outcomes);
  again.finish();
  EXPECT_EQ(again.counts().unchanged, 5u);
  EXPECT_EQ(again.counts().updated, 1u);
  const Xapian::Database db(dir / "db");
  const Xapian::docid changed = *db.postlist_begin(schema::id_term(articles[0].id));
  EXPECT_EQ(db.get_document(changed).get_value(schema::kHashSlot),
            schema::content_hash(articles[0]));
}

// The articles of a file are those of its digest term and, written by an older bahth, of the
// term holding its path.
TEST(Indexer, TheArticlesOfAFileUnderEitherFileTerm) {
  TempDir dir;
  std::vector<Article> articles = fixture_articles();
  for (Article& article : articles) article.origin_file = "/news/dump.jsonl";
  articles.back().origin_file = "/news/other.jsonl";
  {
    Indexer indexer(options_for(dir / "db"));
    indexer.add(articles);
    indexer.finish();
  }
  const std::string term = schema::file_term("/news/dump.jsonl");
  EXPECT_EQ(term.size(), 14u);
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    ASSERT_EQ(db.get_termfreq(term), articles.size() - 1);
    // Two articles as an older bahth wrote them.
    for (const std::size_t i : {0, 2}) {
      const Xapian::docid docid = *db.postlist_begin(schema::id_term(articles[i].id));
      Xapian::Document doc = db.get_document(docid);
      doc.remove_term(term);
      doc.add_boolean_term(schema::older_file_term("/news/dump.jsonl"));
      db.replace_document(docid, doc);
    }
    db.commit();
  }
  Indexer indexer(options_for(dir / "db"));
  std::vector<std::string> ids = indexer.ids_from_file("/news/dump.jsonl");
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> expected;
  for (std::size_t i = 0; i + 1 < articles.size(); ++i) expected.push_back(articles[i].id);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(indexer.ids_from_file("/news/other.jsonl"),
            std::vector<std::string>{articles.back().id});
}

TEST(Indexer, ChangedArticleReplacesTheOldOne) {
  TempDir dir;
  Indexer indexer(options_for(dir / "db"));
  indexer.add(fixture_articles());
  auto changed = fixture_articles();
  changed.resize(1);
  changed[0].body = "نص جديد تماما";
  indexer.add(changed);
  indexer.finish();
  EXPECT_EQ(indexer.counts().updated, 1u);
  EXPECT_EQ(indexer.document_count(), 6u);
  Xapian::Database db(dir / "db");
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(schema::id_term("cyber")));
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  ASSERT_EQ(mset.size(), 1u);
  EXPECT_EQ(schema::decode_stored_article(mset.begin().get_document().get_data()).body,
            "نص جديد تماما");
}

TEST(Indexer, SameIdTwiceInOneBatchGivesOneDocument) {
  TempDir dir;
  Indexer indexer(options_for(dir / "db"));
  auto articles = fixture_articles();
  articles.push_back(articles[0]);
  articles.back().title = "عنوان معدل";
  articles.push_back(articles.back());
  std::vector<IndexOutcome> outcomes;
  indexer.add(articles, &outcomes);
  indexer.finish();
  EXPECT_EQ(indexer.document_count(), 6u);
  EXPECT_EQ(outcomes[6], IndexOutcome::updated);
  EXPECT_EQ(outcomes[7], IndexOutcome::unchanged);
}

Article article_with_id(std::string id, std::string body) {
  Article article;
  article.id = std::move(id);
  article.title = "عنوان";
  article.body = std::move(body);
  return article;
}

// An id too long for a Xapian term is stored hashed; the hashed term must be one no other id
// gives, however short, and the same long id must find its own document again.
TEST(Indexer, LongIdsNeverCollideAndReplaceThemselves) {
  TempDir dir;
  const std::string long_id = "https://example.com/news/" + std::string(300, 'a');
  Article only_id;
  only_id.id = long_id;
  // What the hashed term of `long_id` held after its prefix before: a valid short id.
  std::string hex;  // the hash's 16 hex digits, as content_hash gave it then
  for (const char byte : schema::content_hash(only_id)) {
    hex += "0123456789abcdef"[static_cast<unsigned char>(byte) >> 4];
    hex += "0123456789abcdef"[static_cast<unsigned char>(byte) & 0xF];
  }
  const std::string lookalike = long_id.substr(0, 200) + "#" + hex;
  const std::string sibling = long_id + "b";  // the same first 200 bytes
  {
    Indexer indexer(options_for(dir / "db"));
    indexer.add({article_with_id(long_id, "الأول")});
    indexer.finish();
  }
  {
    Indexer indexer(options_for(dir / "db"));
    indexer.add({article_with_id(lookalike, "الثاني"), article_with_id(sibling, "الثالث")});
    indexer.finish();
    EXPECT_EQ(indexer.counts().added, 2u);
    EXPECT_EQ(indexer.counts().updated, 0u);
    EXPECT_EQ(indexer.document_count(), 3u);
  }
  Indexer again(options_for(dir / "db"));
  again.add({article_with_id(long_id, "الأول معدل"), article_with_id(sibling, "الثالث")});
  again.finish();
  EXPECT_EQ(again.counts().updated, 1u);
  EXPECT_EQ(again.counts().unchanged, 1u);
  EXPECT_EQ(again.document_count(), 3u);
}

TEST(Indexer, RecordsTheAnalysisInTheDatabase) {
  TempDir dir;
  index_fixtures(dir / "db", StemmerKind::snowball);
  Xapian::Database db(dir / "db");
  EXPECT_EQ(db.get_metadata("bahth.stemmer"), "snowball");
  EXPECT_EQ(db.get_metadata("bahth.analyzer"), "norm1+snowball-arabic");
  EXPECT_EQ(db.get_metadata("bahth.schema"), std::string(schema::kSchemaVersion));
}

TEST(Indexer, RefusesAnotherStemmerOnAnExistingIndex) {
  TempDir dir;
  index_fixtures(dir / "db", StemmerKind::light);
  try {
    Indexer other(options_for(dir / "db", StemmerKind::none));
    FAIL() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("--stemmer light"), std::string::npos) << e.what();
  }
}

TEST(Indexer, SecondWriterIsRefusedWithTheLockMessage) {
  TempDir dir;
  Indexer first(options_for(dir / "db"));
  try {
    Indexer second(options_for(dir / "db"));
    FAIL() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("being written by another process"), std::string::npos)
        << e.what();
  }
  first.add(fixture_articles());
  first.finish();
  EXPECT_EQ(first.document_count(), 6u);
}

TEST(Indexer, RefusesAXapianDatabaseBahthDidNotWrite) {
  TempDir dir;
  {
    Xapian::WritableDatabase foreign(dir / "db", Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_term("hello");
    foreign.add_document(doc);
    foreign.commit();
  }
  EXPECT_THROW(Indexer(options_for(dir / "db")), IndexError);
}

TEST(Indexer, DirectoryThatCannotBeCreatedIsAnIndexError) {
  EXPECT_THROW(Indexer(options_for("/proc/no/such/place")), IndexError);
}

TEST(Indexer, WritesFieldsValuesAndStems) {
  TempDir dir;
  index_fixtures(dir / "db");
  Xapian::Database db(dir / "db");
  // Whatever the stemmer makes of the words (its lexicon decides), each field holds its stems.
  const Analyzer analyzer = Analyzer::make(StemmerKind::light);
  const std::string china = analyzer.stems("الصين").at(0);
  const std::string sony = analyzer.stems("سوني").at(0);
  EXPECT_GT(db.get_termfreq("Qcyber"), 0u);
  EXPECT_GT(db.get_termfreq("Y2014"), 0u);
  EXPECT_GT(db.get_termfreq("XM201803"), 0u);
  EXPECT_GT(db.get_termfreq("XSmiddleeast"), 0u);
  EXPECT_GT(db.get_termfreq("ZS" + china), 0u);  // title field: stems only
  EXPECT_EQ(db.get_termfreq("Sالصين"), 0u);
  EXPECT_GT(db.get_termfreq("ZXC" + sony), 0u);   // caption field
  EXPECT_GT(db.get_termfreq("2014"), 0u);         // ٢٠١٤ in the body
  EXPECT_GT(db.get_termfreq("الالكترونيه"), 0u);  // normalized exact word
  EXPECT_EQ(db.get_value_lower_bound(schema::kDateSlot), "20141221");
  EXPECT_EQ(db.get_value_upper_bound(schema::kDateSlot), "20180901");
  // One positional term per word: the stem has the positions, the exact word has none (unless
  // the word is its own stem, when the one term is both). A first build on two threads puts the
  // stems' positions into bahth's position table, not Xapian's.
  EXPECT_FALSE(db.has_positions());
  const std::optional<schema::PositionTable> table = schema::position_table(db);
  ASSERT_TRUE(table);
  std::vector<Xapian::termpos> positions;
  const Xapian::docid first = *db.postlist_begin("ZS" + china);
  EXPECT_TRUE(schema::PositionCursor(db, *table, "Z" + china).positions(first, positions));
  EXPECT_FALSE(positions.empty());
  positions.clear();
  EXPECT_TRUE(schema::PositionCursor(db, *table, "ZS" + china).positions(first, positions));
  EXPECT_FALSE(positions.empty());
  const std::string exact_word = "الالكتروني";  // الإلكتروني in the first article's body
  ASSERT_NE(analyzer.stems(exact_word).at(0), exact_word);
  ASSERT_GT(db.get_termfreq(exact_word), 0u);
  positions.clear();
  EXPECT_FALSE(schema::PositionCursor(db, *table, exact_word).positions(first, positions));
}

// One writer (an index that has articles, or --threads 1) gives Xapian the stems' positions.
TEST(Indexer, OneWriterGivesXapianTheStemsPositions) {
  TempDir dir;
  IndexOptions options = options_for(dir / "db");
  options.threads = 1;
  {
    Indexer indexer(options);
    indexer.add(fixture_articles());
    indexer.finish();
  }
  Xapian::Database db(dir / "db");
  const std::string china = Analyzer::make(StemmerKind::light).stems("الصين").at(0);
  EXPECT_FALSE(schema::position_table_generation(db));
  EXPECT_TRUE(db.positionlist_begin(1, "Z" + china) != db.positionlist_end(1, "Z" + china));
  const std::string exact_word = "الالكتروني";
  EXPECT_TRUE(db.positionlist_begin(1, exact_word) == db.positionlist_end(1, exact_word));
}

TEST(Stats, DescribeIndexSummarizesWhatWasIndexed) {
  TempDir dir;
  index_fixtures(dir / "db");
  const IndexSummary s = describe_index(dir / "db");
  EXPECT_EQ(s.documents, 6u);
  EXPECT_EQ(s.stemmer, "light");
  EXPECT_EQ(s.analyzer.rfind("norm1+light", 0), 0u);
  EXPECT_EQ(s.first_date, "2014-12-21");
  EXPECT_EQ(s.last_date, "2018-09-01");
  EXPECT_EQ(s.undated, 1u);
  EXPECT_GT(s.distinct_terms, 50u);
  // The near-duplicate band terms are no words: not counted.
  const Xapian::Database db(dir / "db");
  std::size_t words = 0;
  std::size_t band_terms = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    ++((*t).starts_with(schema::kBandPrefix) ? band_terms : words);
  }
  EXPECT_GT(band_terms, 0u);
  EXPECT_EQ(s.distinct_terms, words);
  EXPECT_GT(s.average_words, 10.0);
  EXPECT_LT(s.average_words, 40.0);
  EXPECT_GT(s.disk_bytes, 0u);
  ASSERT_FALSE(s.sections.empty());
  EXPECT_EQ(s.sections.front(), (std::pair<std::string, std::uint64_t>{"middleEast", 2}));
}

TEST(Indexer, NoneStemmerWritesNoStemTerms) {
  TempDir dir;
  index_fixtures(dir / "db", StemmerKind::none);
  Xapian::Database db(dir / "db");
  EXPECT_EQ(db.allterms_begin("Z"), db.allterms_end("Z"));
}

// The fixture articles and a copy of each under another id: every word is in two articles.
std::vector<Article> fixture_articles_twice() {
  std::vector<Article> articles = fixture_articles();
  const std::size_t n = articles.size();
  for (std::size_t i = 0; i < n; ++i) {
    articles.push_back(articles[i]);
    articles.back().id = "copy-" + articles[i].id;
  }
  return articles;
}

TEST(Indexer, FinishRecordsSpellingDataForWordsOfTwoArticles) {
  TempDir dir;
  Indexer indexer(options_for(dir / "db"));
  indexer.add(fixture_articles_twice());
  indexer.finish();
  Xapian::Database db(dir / "db");
  EXPECT_EQ(suggestion(db, "المدرسة"), "المدرسه");
  EXPECT_GE(db.get_termfreq("المدرسه"), 2u);
  EXPECT_EQ(spelling_frequency(db, "المدرسه"), db.get_termfreq("المدرسه"));
  EXPECT_EQ(spelling_frequency(db, "2014"), 0u);  // numbers are not spelling words
}

// The spelling sync at the end of a run commits in steps of 10 words per article of
// commit_every (so --batch bounds what Xapian buffers, and what a kill there leaves undone): a
// tiny batch ends with the same table as the default one, in more commits.
TEST(Indexer, SpellingSyncStepsFollowTheBatchAndEndAlike) {
  TempDir dir;
  const std::vector<Article> articles = fixture_articles_twice();
  auto build = [&](const std::string& path, std::size_t commit_every) {
    IndexOptions options = options_for(path);
    options.threads = 1;
    options.commit_every = commit_every;
    Indexer indexer(options);
    indexer.add(articles);
    indexer.finish();
    return Xapian::Database(path);
  };
  const Xapian::Database stepwise = build(dir / "stepwise", 1);
  const Xapian::Database at_once = build(dir / "at_once", 2000);
  std::vector<std::pair<std::string, Xapian::doccount>> stepwise_table;
  std::vector<std::pair<std::string, Xapian::doccount>> at_once_table;
  for (auto it = stepwise.spellings_begin(); it != stepwise.spellings_end(); ++it) {
    stepwise_table.emplace_back(*it, it.get_termfreq());
  }
  for (auto it = at_once.spellings_begin(); it != at_once.spellings_end(); ++it) {
    at_once_table.emplace_back(*it, it.get_termfreq());
  }
  ASSERT_GT(stepwise_table.size(), 10u);  // more than one step of 10 words
  EXPECT_EQ(stepwise_table, at_once_table);
  EXPECT_GE(stepwise.get_revision(), at_once.get_revision() + stepwise_table.size() / 10);
}

// A stop request that comes once every article was taken (Ctrl-C during the passes at the end
// of a long run) skips those passes: the articles are committed and searchable, the "did you
// mean" data waits, and the next run, with every article unchanged, completes it.
TEST(Indexer, StopDuringTheEndPassesLeavesThemToTheNextRun) {
  TempDir dir;
  const std::vector<Article> articles = fixture_articles_twice();
  IndexOptions options = options_for(dir / "db");
  {
    std::size_t given = 0;
    IndexRunHooks hooks;
    hooks.stop_requested = [&] { return given == articles.size(); };
    Indexer indexer(options);
    indexer.run(source_of(articles, given), hooks);
  }
  {
    const Xapian::Database db(dir / "db");
    EXPECT_EQ(db.get_doccount(), articles.size());
    EXPECT_EQ(db.spellings_begin(), db.spellings_end());
  }
  std::size_t given = 0;
  Indexer indexer(options);
  indexer.run(source_of(articles, given));
  EXPECT_EQ(indexer.counts().unchanged, articles.size());
  const Xapian::Database db(dir / "db");
  EXPECT_EQ(suggestion(db, "المدرسة"), "المدرسه");
  EXPECT_EQ(spelling_frequency(db, "المدرسه"), db.get_termfreq("المدرسه"));
}

// `count` articles of 100 words each from 400 made-up words of letters no affix rule touches,
// each also spelled with an alef inside: 800 stems in 400 candidate pairs, each in some 75
// articles, so that the learn reads thousands of sampled articles (on two threads).
std::vector<Article> variant_rich_articles(std::size_t count) {
  const std::vector<std::string> letters = {"ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز",
                                            "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ق"};
  std::mt19937 random(20261207);
  std::vector<std::pair<std::string, std::string>> words;
  for (int i = 0; i < 400; ++i) {
    std::string plain;
    std::string with_alef;
    for (int k = 0; k < 5; ++k) {
      const std::string& letter = letters[random() % letters.size()];
      plain += letter;
      with_alef += letter;
      if (k == 1) with_alef += "ا";
    }
    words.emplace_back(plain, with_alef);
  }
  std::vector<Article> articles(count);
  for (std::size_t i = 0; i < count; ++i) {
    articles[i].id = "v" + std::to_string(i);
    articles[i].title = "خبر " + std::to_string(i);
    for (int w = 0; w < 100; ++w) {
      const auto& [plain, with_alef] = words[random() % words.size()];
      articles[i].body += (random() % 2 == 0 ? plain : with_alef) + " ";
    }
  }
  return articles;
}

// A stop request (Ctrl-C) during the variant learn of full passes, a minute of wall time at
// 200,000 articles, ends the learn: it asks as it reads. The passes stay pending, and the next
// run does them. (The learn went on to its end before, whatever was asked.) The learn asks
// every 64 stems or articles it reads, and once more at its end.
TEST(Indexer, StopDuringTheVariantLearnLeavesThePassesPending) {
  TempDir dir;
  const std::vector<Article> articles = variant_rich_articles(300);
  // The learn is the last pass, and its last question comes at its end: the same build in
  // another index counts the questions, and the build under test stops at the last one.
  int questions = 0;
  {
    IndexOptions probe = options_for(dir / "probe");
    probe.threads = 1;
    Indexer indexer(probe);
    indexer.add(articles);
    indexer.finish([&] {
      ++questions;
      return false;
    });
  }
  ASSERT_GT(Xapian::Database(dir / "probe").get_metadata(std::string(schema::kMetaVariants)), "0")
      << "the articles should learn pairs";
  IndexOptions options = options_for(dir / "db");
  options.threads = 1;
  {
    Indexer indexer(options);
    indexer.add(articles);
    int asked = 0;
    indexer.finish([&] { return ++asked >= questions; });
  }
  {
    const Xapian::Database db(dir / "db");
    EXPECT_EQ(db.get_doccount(), articles.size());
    EXPECT_FALSE(db.get_metadata(std::string(schema::kMetaPassesPending)).empty());
    EXPECT_TRUE(db.get_metadata(std::string(schema::kMetaVariants)).empty());
  }
  Indexer again(options);
  again.finish();
  const Xapian::Database db(dir / "db");
  EXPECT_TRUE(db.get_metadata(std::string(schema::kMetaPassesPending)).empty());
  EXPECT_FALSE(db.get_metadata(std::string(schema::kMetaVariants)).empty());
}

// An index written before the spelling table was keyed by schema::spelling_key() holds its
// Arabic words as they are: its next run, even one that changes nothing, rewrites the table.
TEST(Indexer, ARunRewritesASpellingTableOfWordsAsTheyAre) {
  TempDir dir;
  const auto index_articles = [&] {
    Indexer indexer(options_for(dir / "db"));
    indexer.add(fixture_articles_twice());
    indexer.finish();
  };
  index_articles();
  std::vector<std::pair<std::string, Xapian::doccount>> keyed;
  {
    Xapian::WritableDatabase db(dir / "db");
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
      keyed.emplace_back(*it, it.get_termfreq());
    }
    ASSERT_FALSE(keyed.empty());
    for (const auto& [key, frequency] : keyed) {
      db.remove_spelling(key, frequency);
      db.add_spelling(schema::word_of_spelling_key(key), frequency);
    }
    db.set_metadata(std::string(schema::kMetaSpellingForm), "");
    db.commit();
    EXPECT_EQ(suggestion(db, "المدرسة"), "");
    EXPECT_EQ(db.get_spelling_suggestion("المدرسة"), "المدرسه");
  }
  index_articles();  // every article unchanged
  const Xapian::Database db(dir / "db");
  std::vector<std::pair<std::string, Xapian::doccount>> after;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    after.emplace_back(*it, it.get_termfreq());
  }
  EXPECT_EQ(after, keyed);
  EXPECT_TRUE(schema::spelling_table_keyed(db));
  EXPECT_EQ(suggestion(db, "المدرسة"), "المدرسه");
}

TEST(Indexer, WordsOfOneArticleAreNoSpellingData) {
  TempDir dir;
  index_fixtures(dir / "db");
  Xapian::Database db(dir / "db");
  ASSERT_EQ(db.get_termfreq("بيروت"), 1u);
  EXPECT_EQ(spelling_frequency(db, "بيروت"), 0u);
}

TEST(Indexer, SpellingDataFollowsReplacedArticles) {
  TempDir dir;
  Indexer indexer(options_for(dir / "db"));
  const std::vector<Article> articles = fixture_articles_twice();
  indexer.add(articles);
  indexer.finish();
  Xapian::Database before(dir / "db");
  ASSERT_EQ(spelling_frequency(before, "بيروت"), 2u);
  std::vector<Article> changed;
  for (const Article& article : articles) {
    if (article.body.find("بيروت") == std::string::npos) continue;
    changed.push_back(article);
    changed.back().body = "نص جديد";  // the hospital article no longer mentions بيروت
  }
  ASSERT_EQ(changed.size(), 2u);
  indexer.add(changed);
  indexer.finish();
  Xapian::Database db(dir / "db");
  EXPECT_EQ(db.get_termfreq("بيروت"), 0u);
  EXPECT_EQ(spelling_frequency(db, "بيروت"), 0u);
  // A word entering the table goes into its overlay, which readers add to the index.
  EXPECT_EQ(spelling_frequency(db, "جديد"), 0u);
  const auto overlay = store::open_overlay_for_reading(dir / "db", db);
  ASSERT_TRUE(overlay);
  Xapian::Database as_read = db;
  as_read.add_database(*overlay);
  EXPECT_EQ(spelling_frequency(as_read, "بيروت"), 0u);
  EXPECT_EQ(spelling_frequency(as_read, "جديد"), 2u);
}

}  // namespace
}  // namespace indexer_test
}  // namespace bahth
