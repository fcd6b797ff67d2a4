#include "search/phrase_check.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bahth/compact.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "build_index.h"
#include "fixture_articles.h"
#include "index/position_table_writer.h"
#include "schema/position_table.h"
#include "schema/schema.h"
#include "schema/varint.h"
#include "store/store.h"
#include "temp_dir.h"

namespace bahth::search {
namespace phrase_check_test {
namespace {

using testing::TempDir;

namespace fs = std::filesystem;

// Random articles over a few stems, with Xapian's position lists ("lists"), and a copy whose
// positions are in bahth's table instead ("table"), written as `bahth compact` writes it (the
// table, then Xapian's position file dropped). Xapian's own phrase and NEAR matching on the first
// is what the table's check must reproduce on the second. Chunks hold 128 articles: 400 articles
// give each stem several.
class TwoForms : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      Xapian::WritableDatabase lists(dir_ / "lists", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
      std::mt19937 random(7);
      const std::vector<std::string> words{"Za", "Zb", "Zc", "Zd", "ZSa", "ZSb"};
      for (int article = 0; article < 400; ++article) {
        Xapian::Document doc;
        const int length = 1 + static_cast<int>(random() % 12);
        for (Xapian::termpos position = 1; position <= static_cast<Xapian::termpos>(length);
             ++position) {
          // Mostly the four body stems; a few title stems, as the title field's.
          const std::string& word = words[random() % (position <= 2 ? 6 : 4)];
          doc.add_posting(word, position);
          doc.add_term("plain");  // an unprefixed exact word: no positions
        }
        lists.add_document(doc);
      }
      // Metadata of the index's own around the table's header, as a bahth index has: the
      // compaction's merge then meets the header in another order of its sources.
      for (const char* key : {"bahth.analyzer", "bahth.band_terms", "bahth.schema",
                              "bahth.spelling_form", "bahth.stemmer", "bahth.variants"}) {
        lists.set_metadata(key, "1");
      }
      lists.commit();
    }
    fs::create_directory(dir_ / "table");
    fs::copy(dir_ / "lists", dir_ / "table", fs::copy_options::recursive);
    compact_with_table(dir_ / "table");
  }

  // Compacts the database at `path` in place as `bahth compact` does, its positions moved into
  // the table (and Xapian's position file dropped).
  static void compact_with_table(const std::string& path) {
    store::Writer writer(path);
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    const Xapian::Database source = db;
    // The compaction closes a gap before the first article.
    const Xapian::docid renumbered_by = *source.postlist_begin("") - 1;
    index::PositionTableReport report;
    writer.compact_in_place(path, db, {}, [&](Xapian::WritableDatabase& side) {
      report = index::write_position_table(source, renumbered_by, side);
    });
    EXPECT_GT(report.chunks, report.terms);  // several chunks a stem
    EXPECT_FALSE(fs::exists(fs::path(path) / "position.glass"));
  }

  // Docids and weights of `query`, searched as bahth searches each form.
  static std::vector<std::pair<Xapian::docid, double>> matches(const std::string& path,
                                                               const Xapian::Query& query) {
    Xapian::Database db(path);
    Xapian::Enquire enquire(db);
    set_positional_query(enquire, db, query);
    std::vector<std::pair<Xapian::docid, double>> out;
    const Xapian::MSet mset = enquire.get_mset(0, 1000);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
  }

  void expect_same(const Xapian::Query& query) {
    std::vector<std::pair<Xapian::docid, double>> expected;
    std::vector<std::pair<Xapian::docid, double>> got;
    try {
      expected = matches(dir_ / "lists", query);
      got = matches(dir_ / "table", query);
    } catch (const Xapian::Error& e) {
      FAIL() << query.get_description() << ": " << e.get_description();
    }
    ASSERT_EQ(got.size(), expected.size()) << query.get_description();
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].first, expected[i].first) << query.get_description();
      EXPECT_DOUBLE_EQ(got[i].second, expected[i].second) << query.get_description();
    }
  }

  static Xapian::Query windowed(Xapian::Query::op op, std::vector<Xapian::Query> parts,
                                Xapian::termpos window) {
    try {
      return Xapian::Query(op, parts.begin(), parts.end(), window);
    } catch (const Xapian::Error& e) {
      ADD_FAILURE() << e.get_description();
      return {};
    }
  }

  TempDir dir_;
};

using Q = Xapian::Query;

TEST_F(TwoForms, ExactPhrasesMatchAsXapiansPositionLists) {
  expect_same(windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2));
  expect_same(windowed(Q::OP_PHRASE, {Q("Zb"), Q("Za"), Q("Zc")}, 3));
  expect_same(windowed(Q::OP_PHRASE, {Q("Za"), Q("Za")}, 2));    // a word repeated
  expect_same(windowed(Q::OP_PHRASE, {Q("ZSa"), Q("ZSb")}, 2));  // a title phrase
  expect_same(windowed(Q::OP_PHRASE, {Q("Za"), Q("Zmissing")}, 2));
}

TEST_F(TwoForms, APhraseIsMoreThanItsWords) {
  ASSERT_FALSE(Xapian::Database(dir_ / "table").has_positions());
  const auto phrase = matches(dir_ / "table", windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2));
  const auto words = matches(dir_ / "table", Q(Q::OP_AND, Q("Za"), Q("Zb")));
  EXPECT_GT(phrase.size(), 10u);
  EXPECT_LT(phrase.size(), words.size());
}

TEST_F(TwoForms, WindowsNearAndPlacesOfSeveralTermsMatchAsXapians) {
  expect_same(windowed(Q::OP_PHRASE, {Q("Za"), Q("Zc")}, 4));
  expect_same(windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb"), Q("Zc")}, 5));
  expect_same(windowed(Q::OP_NEAR, {Q("Za"), Q("Zd")}, 3));
  expect_same(windowed(Q::OP_NEAR, {Q("Za"), Q("Zb"), Q("Zc")}, 4));
  expect_same(windowed(Q::OP_NEAR, {Q("Za"), Q("Za")}, 3));
  // A place any of several terms fills: a word's variants or synonyms.
  expect_same(windowed(Q::OP_PHRASE, {Q(Q::OP_OR, Q("Za"), Q("Zd")), Q("Zb")}, 2));
}

TEST_F(TwoForms, PhrasesInsideOtherOperatorsMatchAsXapians) {
  const Q phrase = windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2);
  expect_same(Q(Q::OP_OR, phrase, Q("Zc")));
  expect_same(Q(Q::OP_AND_NOT, phrase, Q("Zd")));
  expect_same(Q(Q::OP_AND_MAYBE, Q("Zc"), phrase));
  expect_same(Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, phrase, 2.5), Q("Zd")));
  expect_same(Q(Q::OP_OR, phrase, windowed(Q::OP_PHRASE, {Q("Zc"), Q("Zd")}, 2)));
}

// A synonym holding a phrase (a Latin name's Arabic spelling of two words) matches what it
// matched; its weights are the AND's (phrase_check.h), so only the matches are compared.
TEST_F(TwoForms, SynonymsHoldingPhrasesMatchTheSameArticles) {
  const Q synonym(Q::OP_SYNONYM, Q("Zd"), windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2));
  auto ids = [&](const std::string& path) {
    std::vector<Xapian::docid> out;
    for (const auto& [docid, weight] : matches(path, synonym)) out.push_back(docid);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<Xapian::docid> expected = ids(dir_ / "lists");
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(ids(dir_ / "table"), expected);
}

TEST_F(TwoForms, AnIndexWithoutATableIsSearchedWithXapiansPositions) {
  Xapian::Database lists(dir_ / "lists");
  ASSERT_FALSE(schema::position_table_generation(lists));
  const Q phrase = windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2);
  EXPECT_EQ(with_position_checks(phrase, lists).get_description(), phrase.get_description());
  // Searched together with an index with a table, each article is checked on what it has.
  Xapian::Database both(dir_ / "table");
  both.add_database(lists);
  Xapian::Enquire enquire(both);
  set_positional_query(enquire, both, phrase);
  const Xapian::doccount together = enquire.get_mset(0, 1000).size();
  EXPECT_EQ(together, 2 * matches(dir_ / "lists", phrase).size());
}

TEST(PositionsMatch, FollowsXapiansRules) {
  using P = std::vector<std::vector<Xapian::termpos>>;
  EXPECT_TRUE(positions_match(P{{3}, {4}}, 2, true));
  EXPECT_FALSE(positions_match(P{{4}, {3}}, 2, true));   // out of order
  EXPECT_TRUE(positions_match(P{{4}, {3}}, 2, false));   // NEAR: any order
  EXPECT_FALSE(positions_match(P{{3}, {5}}, 2, true));   // a word between
  EXPECT_TRUE(positions_match(P{{3}, {5}}, 3, true));    // within a window of 3
  EXPECT_FALSE(positions_match(P{{3}, {3}}, 2, false));  // one position fills one place
  EXPECT_FALSE(positions_match(P{{3}, {}}, 5, false));
}

// Articles written after the table have Xapian positions, which the check reads first; a
// compaction then writes them into the table with the others (from the old table, through the
// compaction's renumbering when it closed a gap at the start).
TEST_F(TwoForms, ArticlesWrittenSinceTheTableAndTheNextCompaction) {
  const Q phrase = windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2);
  for (const char* name : {"lists", "table"}) {
    Xapian::WritableDatabase db(dir_ / name, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    // Article 1 goes (the next compaction renumbers every article); article 5 is rewritten to
    // hold the phrase twice, article 7 to hold its words apart; one new article holds it.
    db.delete_document(1);
    Xapian::Document five;
    five.add_posting("Za", 1);
    five.add_posting("Zb", 2);
    five.add_posting("Zb", 9);
    five.add_posting("Za", 10);
    db.replace_document(5, five);
    Xapian::Document seven;
    seven.add_posting("Zb", 1);
    seven.add_posting("Za", 2);
    db.replace_document(7, seven);
    Xapian::Document fresh;
    fresh.add_posting("Zc", 1);
    fresh.add_posting("Za", 2);
    fresh.add_posting("Zb", 3);
    db.add_document(fresh);
    db.commit();
  }
  ASSERT_TRUE(Xapian::Database(dir_ / "table").has_positions());
  expect_same(phrase);
  expect_same(windowed(Q::OP_NEAR, {Q("Za"), Q("Zb")}, 2));
  // The next compaction: generation 2, read from both.
  const auto size_before = fs::file_size(fs::path(dir_ / "table") / "postlist.glass");
  compact_with_table(dir_ / "table");
  Xapian::Database lists_compacted = Xapian::Database(dir_ / "lists");
  lists_compacted.compact(dir_ / "lists-again", Xapian::DB_BACKEND_GLASS);
  Xapian::Database again(dir_ / "table");
  // The new generation is laid out by the compaction: no blocks freed by the old one's removal.
  EXPECT_LE(fs::file_size(fs::path(dir_ / "table") / "postlist.glass"), size_before);
  EXPECT_EQ(schema::position_table_generation(again), 2u);
  EXPECT_FALSE(again.has_positions());
  // No chunk of the first generation is left.
  const std::string first_generation = schema::position_chunk_prefix(1, "").substr(0, 2);
  EXPECT_EQ(again.metadata_keys_begin(first_generation), again.metadata_keys_end(first_generation));
  for (const Q& query : {phrase, windowed(Q::OP_NEAR, {Q("Za"), Q("Zb"), Q("Zc")}, 4),
                         windowed(Q::OP_PHRASE, {Q("ZSa"), Q("ZSb")}, 2)}) {
    const auto expected = matches(dir_ / "lists-again", query);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(matches(dir_ / "table", query), expected) << query.get_description();
  }
}

// A compaction of an index with a table and no gap at its start (its docids kept): the new
// generation replaces the old (the side's header and chunks, not the index's, whatever order
// Xapian's merge meets them in), and phrases read it.
TEST_F(TwoForms, ASecondCompactionReplacesTheTable) {
  compact_with_table(dir_ / "table");
  Xapian::Database table(dir_ / "table");
  EXPECT_EQ(schema::position_table_generation(table), 2u);
  const std::string first_generation = schema::position_chunk_prefix(1, "").substr(0, 2);
  EXPECT_EQ(table.metadata_keys_begin(first_generation), table.metadata_keys_end(first_generation));
  expect_same(windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2));
  expect_same(windowed(Q::OP_NEAR, {Q("Za"), Q("Zb"), Q("Zc")}, 4));
}

// Rewrites generation 1 of the table at `path` in form 1, as bahth wrote it before form 2: each
// article's docid gap and its positions' byte length, where form 2 has one header.
void rewrite_table_in_form_1(const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  const std::string prefix = schema::position_chunk_prefix(1, "").substr(0, 2);
  std::vector<std::string> keys;
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    keys.push_back(*key);
  }
  ASSERT_FALSE(keys.empty());
  for (const std::string& key : keys) {
    const std::string chunk = db.get_metadata(key);
    std::string old;
    for (std::size_t at = 0; at < chunk.size();) {
      const std::uint64_t header = schema::get_varint(chunk, at).value();
      std::uint64_t count = (header & 3) + 1;
      if (count == 4) count += schema::get_varint(chunk, at).value();
      const std::size_t start = at;
      for (; count > 0; --count) schema::get_varint(chunk, at).value();
      schema::put_varint(header >> 2, old);
      schema::put_varint(at - start, old);
      old.append(chunk, start, at - start);
    }
    ASSERT_LT(old.size(), chunk.size() * 2);
    db.set_metadata(key, old);
  }
  db.set_metadata(std::string(schema::kMetaPositionTable), "1:1");
  db.commit();
}

// An index whose table an older bahth wrote (form 1) is searched as before, and the next
// compaction rewrites it in this bahth's form with the same positions.
TEST_F(TwoForms, ATableOfTheOlderFormIsReadAndRewrittenByTheNextCompaction) {
  rewrite_table_in_form_1(dir_ / "table");
  {
    const Xapian::Database old(dir_ / "table");
    const std::optional<schema::PositionTable> table = schema::position_table(old);
    ASSERT_TRUE(table);
    EXPECT_EQ(table->form, schema::kPositionTableOldForm);
  }
  const std::vector<Q> queries{windowed(Q::OP_PHRASE, {Q("Za"), Q("Zb")}, 2),
                               windowed(Q::OP_NEAR, {Q("Za"), Q("Zb"), Q("Zc")}, 4),
                               windowed(Q::OP_PHRASE, {Q("Zc"), Q("Za"), Q("Zd")}, 5),
                               windowed(Q::OP_PHRASE, {Q("ZSa"), Q("ZSb")}, 2)};
  for (const Q& query : queries) expect_same(query);
  compact_with_table(dir_ / "table");
  const Xapian::Database again(dir_ / "table");
  const std::optional<schema::PositionTable> table = schema::position_table(again);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->form, schema::kPositionTableForm);
  EXPECT_EQ(table->generation, 2u);
  for (const Q& query : queries) expect_same(query);
}

TEST(PositionChunks, AHeaderForEveryCountOfPositions) {
  TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  // One to six positions (the header's own counts end at 3), positions of one to three bytes,
  // and an article of 300 positions; docid gaps of one to three bytes.
  std::vector<std::pair<Xapian::docid, std::vector<Xapian::termpos>>> articles;
  Xapian::docid did = 1;
  for (std::size_t count = 1; count <= 6; ++count) {
    for (const Xapian::termpos base : {1U, 150U, 20000U}) {
      std::vector<Xapian::termpos> positions;
      for (std::size_t i = 0; i < count; ++i) {
        positions.push_back(base + static_cast<Xapian::termpos>(i * i * 70));
      }
      articles.emplace_back(did, positions);
      did += base + 1;  // never the next docid
    }
  }
  std::vector<Xapian::termpos> many;
  for (Xapian::termpos p = 7; many.size() < 300; p += 1 + p % 200) many.push_back(p);
  articles.emplace_back(did + 70000, many);
  schema::PositionChunkBuilder builder;
  for (const auto& [article, positions] : articles) ASSERT_FALSE(builder.add(article, positions));
  const Xapian::docid last = builder.last();  // before take(), which starts the next chunk
  db.set_metadata(schema::position_chunk_key(1, "Zx", last), builder.take());
  db.set_metadata(std::string(schema::kMetaPositionTable), schema::position_table_header(1));
  db.commit();
  const std::optional<schema::PositionTable> table = schema::position_table(db);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->form, schema::kPositionTableForm);
  schema::PositionCursor cursor(db, *table, "Zx");
  for (const auto& [article, positions] : articles) {
    std::vector<Xapian::termpos> got;
    ASSERT_TRUE(cursor.positions(article, got)) << article;
    EXPECT_EQ(got, positions) << article;
    got.clear();
    EXPECT_FALSE(cursor.positions(article + 1, got)) << article;  // none between two
  }
  // Only the last article, skipping every other's positions.
  std::vector<Xapian::termpos> got;
  ASSERT_TRUE(schema::PositionCursor(db, *table, "Zx").positions(articles.back().first, got));
  EXPECT_EQ(got, many);
}

// A chunk cut short, or declaring more positions than it holds, is damage, not a crash.
TEST(PositionChunks, ADamagedChunkIsNamedAsSuch) {
  TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  schema::PositionChunkBuilder builder;
  builder.add(3, {1, 2, 3, 4, 5, 6});
  std::string chunk = builder.take();
  chunk.resize(chunk.size() - 2);
  db.set_metadata(schema::position_chunk_key(1, "Zx", 3), chunk);
  std::string lying;
  schema::put_varint(3 << 2 | 3, lying);
  schema::put_varint(1000, lying);  // 1,004 positions
  lying += "\x01\x02";
  db.set_metadata(schema::position_chunk_key(1, "Zy", 3), lying);
  db.set_metadata(std::string(schema::kMetaPositionTable), schema::position_table_header(1));
  db.commit();
  for (const char* term : {"Zx", "Zy"}) {
    std::vector<Xapian::termpos> got;
    EXPECT_THROW(
        schema::PositionCursor(db, {schema::kPositionTableForm, 1}, term).positions(3, got),
        IndexError)
        << term;
  }
}

TEST(PositionChunks, ReadBackInDocidOrderAcrossChunks) {
  TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  schema::PositionChunkBuilder builder;
  std::size_t chunks = 0;
  for (Xapian::docid did = 3; did < 3 + 3 * 300; did += 3) {
    if (builder.add(did, {did, did + 1, did + 300})) {
      const Xapian::docid last = builder.last();
      db.set_metadata(schema::position_chunk_key(1, "Zx", last), builder.take());
      ++chunks;
    }
  }
  const Xapian::docid last = builder.last();  // before take(), which starts the next chunk
  db.set_metadata(schema::position_chunk_key(1, "Zx", last), builder.take());
  db.set_metadata(std::string(schema::kMetaPositionTable), schema::position_table_header(1));
  db.commit();
  EXPECT_EQ(chunks, 300 / schema::kPositionChunkArticles);
  schema::PositionCursor cursor(db, {schema::kPositionTableForm, 1}, "Zx");
  std::vector<Xapian::termpos> positions;
  EXPECT_FALSE(cursor.positions(2, positions));
  EXPECT_TRUE(positions.empty());
  ASSERT_TRUE(cursor.positions(3, positions));
  EXPECT_EQ(positions, (std::vector<Xapian::termpos>{3, 4, 303}));
  positions.clear();
  EXPECT_FALSE(cursor.positions(4, positions));
  ASSERT_TRUE(cursor.positions(600, positions));  // in the fifth chunk
  EXPECT_EQ(positions, (std::vector<Xapian::termpos>{600, 601, 900}));
  positions.clear();
  ASSERT_TRUE(cursor.positions(9, positions));  // backwards: from the first chunk again
  EXPECT_EQ(positions, (std::vector<Xapian::termpos>{9, 10, 309}));
  positions.clear();
  EXPECT_FALSE(cursor.positions(3 * 300 + 3, positions));  // past the last
  EXPECT_FALSE(
      schema::PositionCursor(db, {schema::kPositionTableForm, 1}, "Zy").positions(3, positions));
  EXPECT_TRUE(positions.empty());
}

// `bahth compact` moves an index's positions into the table, and its phrases find what they
// found with Xapian's positions, scores included.
TEST(PhraseSearch, ACompactedIndexFindsThePhrasesItFoundBefore) {
  TempDir dir;
  testing::build_index(dir / "index", testing::fixture_articles());
  // One writer: Xapian's positions (a first build on several threads writes the table itself).
  testing::build_index(dir / "lists", testing::fixture_articles(), StemmerKind::light, 1);
  CompactOptions compact;
  compact.db_path = dir / "index";
  const CompactReport report = compact_index(compact);
  EXPECT_GT(report.position_terms, 100u);
  compact.db_path = dir / "lists";
  compact.position_table = false;
  EXPECT_EQ(compact_index(compact).position_terms, 0u);
  Xapian::Database tabled(dir / "index");
  Xapian::Database lists(dir / "lists");
  ASSERT_TRUE(schema::position_table_generation(tabled));
  ASSERT_FALSE(schema::position_table_generation(lists));
  EXPECT_FALSE(tabled.has_positions());
  EXPECT_FALSE(fs::exists(fs::path(dir / "index") / "position.glass"));
  EXPECT_TRUE(lists.has_positions());

  Searcher table_searcher({dir / "index"});
  Searcher lists_searcher({dir / "lists"});
  std::size_t found = 0;
  for (const std::string query :
       {"\"الهجمات الإلكترونية\"", "\"الإلكترونية الهجمات\"", "\"شركة سوني\"",
        "caption:\"شركة سوني\"", "title:\"مستشفى الأطفال\"", "\"مستشفى الأطفال\" بيروت",
        "\"Sony Pictures\"", "\"المدرسة الجديدة\" OR \"الإسلام والسياسة\"", "وزير NEAR الصين",
        "\"الأطفال مستشفى\""}) {
    std::vector<std::pair<std::string, double>> expected;
    for (const SearchHit& hit : lists_searcher.search(query, {}).hits) {
      expected.emplace_back(hit.id, hit.score);
    }
    std::vector<std::pair<std::string, double>> got;
    for (const SearchHit& hit : table_searcher.search(query, {}).hits) {
      got.emplace_back(hit.id, hit.score);
    }
    EXPECT_EQ(got, expected) << query;
    found += got.size();
  }
  EXPECT_GE(found, 8u);
}

// The positions of `term` in the article with id term `id_term`, from Xapian's list or the table.
std::vector<Xapian::termpos> positions_of(const Xapian::Database& db, const std::string& id_term,
                                          const std::string& term) {
  std::vector<Xapian::termpos> out;
  const Xapian::PostingIterator article = db.postlist_begin(id_term);
  if (article == db.postlist_end(id_term)) return out;
  for (auto p = db.positionlist_begin(*article, term); p != db.positionlist_end(*article, term);
       ++p) {
    out.push_back(*p);
  }
  if (const std::optional<schema::PositionTable> table = schema::position_table(db)) {
    if (out.empty()) schema::PositionCursor(db, *table, term).positions(*article, out);
  }
  return out;
}

// A first build on two threads writes the position table itself, from the positions its parts
// kept aside (an article given twice included: its first version deleted), and gives Xapian
// none: every stem's positions equal those a one-writer build gives Xapian, and so do its
// phrases' pages.
TEST(PhraseSearch, AFirstBuildWritesTheTableItself) {
  TempDir dir;
  std::vector<Article> articles = testing::fixture_articles();
  Article again = articles.front();
  again.body += " الهجمات الإلكترونية مرة أخرى";
  articles.push_back(again);
  for (const auto& [name, threads] : {std::pair{"bulk", 2u}, std::pair{"lists", 1u}}) {
    IndexOptions options;
    options.db_path = dir / name;
    options.threads = threads;
    options.commit_every = 7;  // several batches a part
    Indexer indexer(options);
    indexer.run([&, given = std::size_t{0}](Article& article) mutable {
      if (given == articles.size()) return false;
      article = articles[given++];
      return true;
    });
  }
  const Xapian::Database bulk(dir / "bulk");
  const Xapian::Database lists(dir / "lists");
  ASSERT_EQ(bulk.get_doccount(), lists.get_doccount());
  ASSERT_TRUE(schema::position_table_generation(bulk));
  ASSERT_FALSE(schema::position_table_generation(lists));
  EXPECT_FALSE(bulk.has_positions());
  EXPECT_FALSE(fs::exists(fs::path(dir / "bulk") / "position.glass"));
  // No batch of the parts is left in the merged index.
  const std::string batches = schema::position_batch_key(0, 0).substr(0, 2);
  EXPECT_TRUE(bulk.metadata_keys_begin(batches) == bulk.metadata_keys_end(batches));
  std::size_t compared = 0;
  const std::string stems(schema::kStemPrefix);
  for (auto term = lists.allterms_begin(stems); term != lists.allterms_end(stems); ++term) {
    ASSERT_EQ(bulk.get_termfreq(*term), term.get_termfreq()) << *term;
    for (auto posting = lists.postlist_begin(*term); posting != lists.postlist_end(*term);
         ++posting) {
      auto id = lists.termlist_begin(*posting);
      id.skip_to(std::string(schema::kIdPrefix));
      ASSERT_EQ(positions_of(bulk, *id, *term), positions_of(lists, *id, *term)) << *term;
      ++compared;
    }
  }
  EXPECT_GT(compared, 100u);

  Searcher bulk_searcher({dir / "bulk"});
  Searcher lists_searcher({dir / "lists"});
  for (const std::string query : {"\"الهجمات الإلكترونية\"", "\"شركة سوني\"",
                                  "title:\"مستشفى الأطفال\"", "وزير NEAR الصين"}) {
    std::vector<std::pair<std::string, double>> expected;
    for (const SearchHit& hit : lists_searcher.search(query, {}).hits) {
      expected.emplace_back(hit.id, hit.score);
    }
    std::vector<std::pair<std::string, double>> got;
    for (const SearchHit& hit : bulk_searcher.search(query, {}).hits) {
      got.emplace_back(hit.id, hit.score);
    }
    EXPECT_EQ(got, expected) << query;
    EXPECT_FALSE(got.empty()) << query;
  }
}

}  // namespace
}  // namespace phrase_check_test
}  // namespace bahth::search
