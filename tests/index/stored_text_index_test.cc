// The stored articles of a new index, compressed with the dictionary it trains on its first
// articles: searched, shown, replaced, deleted and added to, by one thread and by a bulk build.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "damage_record.h"
#include "schema/schema.h"
#include "schema/stored_text.h"
#include "temp_dir.h"

namespace bahth {
namespace stored_text_index_test {
namespace {

using testing::TempDir;

// Enough short news-like articles to train a dictionary on.
std::vector<Article> news(std::size_t n, const std::string& tag) {
  static const std::vector<std::string> words{
      "قال",     "الرئيس",  "وزير",     "الخارجية", "في",      "بيان",   "إن",
      "الحكومة", "سوريا",   "مصر",      "العراق",   "مجلس",    "الأمن",  "اليوم",
      "انفجار",  "العاصمة", "المعارضة", "البرلمان", "اتفاق",   "السلام", "مفاوضات",
      "روسيا",   "الصين",   "الاقتصاد", "النفط",    "الأسعار", "المدينة"};
  std::vector<Article> out;
  for (std::size_t i = 0; i < n; ++i) {
    Article a;
    a.id = tag + std::to_string(i);
    a.title = words[i % words.size()] + " " + words[(i * 7) % words.size()];
    for (std::size_t w = 0; w < 25; ++w) a.body += words[(i * 31 + w * w) % words.size()] + " ";
    a.body += "رقم" + std::to_string(i);
    out.push_back(std::move(a));
  }
  return out;
}

IndexOptions options_for(const std::string& db, unsigned threads) {
  IndexOptions options;
  options.db_path = db;
  options.threads = threads;
  return options;
}

std::uint32_t dictionary_of_record(const std::string& data) {
  EXPECT_EQ(data.front(), '\x02') << "a plain record";
  std::uint32_t id = 0;
  for (std::size_t i = 1, shift = 0; i < data.size(); ++i, shift += 7) {
    id |= static_cast<std::uint32_t>(data[i] & 0x7F) << shift;
    if ((data[i] & 0x80) == 0) break;
  }
  return id;
}

class StoredTextIndex : public ::testing::TestWithParam<unsigned> {};

TEST_P(StoredTextIndex, ANewIndexStoresCompressedAndEveryReaderReadsIt) {
  TempDir dir;
  const std::string db = dir / "db";
  const std::vector<Article> articles = news(schema::kMinTextDictionarySamples + 20, "a");
  {
    Indexer indexer(options_for(db, GetParam()));
    std::size_t i = 0;
    indexer.run([&](Article& out) {
      if (i == articles.size()) return false;
      out = articles[i++];
      return true;
    });
  }
  std::uint32_t id = 0;
  {
    const Xapian::Database index(db);
    const auto dictionary = schema::read_text_dictionary(index);
    ASSERT_NE(dictionary, nullptr);
    id = dictionary->id();
    EXPECT_EQ(dictionary_of_record(index.get_document(1).get_data()), id);
  }
  {
    const Searcher searcher({db});
    const auto shown = searcher.article("a7");
    ASSERT_TRUE(shown.has_value());
    EXPECT_EQ(shown->body, articles[7].body);
    const SearchResults results = searcher.search("رقم" + std::to_string(12), {});
    ASSERT_FALSE(results.hits.empty());
    EXPECT_EQ(results.hits.front().id, "a12");
    EXPECT_NE(results.hits.front().snippet.find("رقم12"), std::string::npos);
  }
  // A later run (as serve's PUT and --watch write) stores with the index's own dictionary, and
  // replaces and deletes as before.
  {
    Indexer indexer(options_for(db, 1));
    Article changed = articles[3];
    changed.body += " تعديل";
    indexer.add({news(1, "new").front(), changed});
    std::vector<bool> found;
    indexer.remove({"a4"}, found);
    EXPECT_TRUE(found.front());
    indexer.finish();
  }
  const Xapian::Database index(db);
  const auto posting = index.postlist_begin(schema::id_term("new0"));
  ASSERT_NE(posting, index.postlist_end(schema::id_term("new0")));
  EXPECT_EQ(dictionary_of_record(index.get_document(*posting).get_data()), id);
  const Searcher searcher({db});
  EXPECT_EQ(searcher.article("new0")->body, news(1, "new").front().body);
  EXPECT_NE(searcher.article("a3")->body.find("تعديل"), std::string::npos);
  EXPECT_FALSE(searcher.article("a4").has_value());

  // A damaged record: the search names the index, the article and what is wrong, and does not
  // crash.
  testing::damage_stored_article(db, "a9");
  try {
    (void)Searcher({db}).article("a9");
    ADD_FAILURE() << "a damaged record was read";
  } catch (const DamagedArticleError& e) {
    EXPECT_NE(
        std::string(e.what()).find(db + ": article 'a9': a stored article in the index is damaged"),
        std::string::npos)
        << e.what();
  }
  // A search whose results hold it names it and leaves it out; the other results stand.
  SearchOptions every;
  every.show_duplicates = true;
  every.correct = false;
  const SearchResults results = Searcher({db}).search("رقم9 السلام", every);
  ASSERT_FALSE(results.hits.empty());
  for (const SearchHit& hit : results.hits) EXPECT_NE(hit.id, "a9");
  for (std::size_t i = 0; i < results.hits.size(); ++i) EXPECT_EQ(results.hits[i].rank, i + 1);
  ASSERT_EQ(results.warnings.size(), 1u);
  EXPECT_NE(results.warnings.front().find(db + ": result 1 (article 'a9') was left out: a stored "
                                               "article in the index is damaged"),
            std::string::npos)
      << results.warnings.front();
}

// A new index trains its dictionary again once it has been given retrain_text_dictionary_after
// articles: the articles before keep the first dictionary, those after are stored with the
// second, the index keeps both, and every article reads back as it was given.
TEST_P(StoredTextIndex, ANewIndexTrainsItsDictionaryAgainAndReadsEveryArticle) {
  TempDir dir;
  const std::string db = dir / "db";
  const std::vector<Article> articles = news(1100, "r");
  {
    IndexOptions options = options_for(db, GetParam());
    options.retrain_text_dictionary_after = 1024;
    Indexer indexer(options);
    std::size_t i = 0;
    indexer.run([&](Article& out) {
      if (i == articles.size()) return false;
      out = articles[i++];
      return true;
    });
  }
  const Xapian::Database index(db);
  const auto dictionary = schema::read_text_dictionary(index);
  ASSERT_NE(dictionary, nullptr);
  std::size_t dictionaries = 0;
  const std::string prefix = schema::text_dictionary_key(0).substr(0, 22);
  for (auto key = index.metadata_keys_begin(prefix); key != index.metadata_keys_end(prefix);
       ++key) {
    ++dictionaries;
  }
  EXPECT_EQ(dictionaries, 2u);
  const auto record_of = [&](const std::string& id) {
    return index.get_document(*index.postlist_begin(schema::id_term(id))).get_data();
  };
  const std::uint32_t first = dictionary_of_record(record_of("r0"));
  EXPECT_NE(first, dictionary->id());
  EXPECT_EQ(dictionary_of_record(record_of("r511")), first);
  EXPECT_EQ(dictionary_of_record(record_of("r512")), dictionary->id());
  EXPECT_EQ(dictionary_of_record(record_of("r1099")), dictionary->id());
  const Searcher searcher({db});
  for (const Article& a : articles) {
    const auto shown = searcher.article(a.id);
    ASSERT_TRUE(shown.has_value()) << a.id;
    EXPECT_EQ(shown->title, a.title) << a.id;
    EXPECT_EQ(shown->body, a.body) << a.id;
  }
  const SearchResults results = searcher.search("رقم1050", {});
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, "r1050");
  EXPECT_NE(results.hits.front().snippet.find("رقم1050"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(OneThreadAndABulkBuild, StoredTextIndex, ::testing::Values(1u, 2u));

TEST(StoredTextIndex, AFewArticlesStayPlain) {
  TempDir dir;
  const std::string db = dir / "db";
  {
    Indexer indexer(options_for(db, 1));
    indexer.add(news(3, "a"));
    indexer.finish();
  }
  {
    const Xapian::Database index(db);
    EXPECT_EQ(schema::read_text_dictionary(index), nullptr);
    EXPECT_EQ(schema::decode_stored_article(index.get_document(1).get_data()).id, "a0");
  }
  // A plain record cut short is named with its index and id, as a compressed one is.
  testing::damage_stored_article(db, "a1");
  try {
    (void)Searcher({db}).article("a1");
    ADD_FAILURE() << "a damaged record was read";
  } catch (const DamagedArticleError& e) {
    EXPECT_NE(std::string(e.what()).find(db + ": article 'a1': "), std::string::npos) << e.what();
  }
  EXPECT_EQ(Searcher({db}).article("a2")->id, "a2");
}

// The indexer's own readers of stored articles — the near-duplicate pass, over the whole index
// and over a run's changes, and ids_from_file() of `index --watch` — skip a damaged one, name it
// (index, id, document, the decoder's reason) and count it once, and the run goes on.
class DamagedRecordInPasses : public ::testing::TestWithParam<unsigned> {
 protected:
  // The articles, a9 with two near-duplicates (one word more each), all read from one file.
  void SetUp() override {
    std::vector<Article> articles = news(schema::kMinTextDictionarySamples + 20, "a");
    for (const char* tag : {"copy-a", "copy-b"}) {
      Article copy = articles[9];
      copy.id = tag;
      copy.body += std::string(" ") + tag;
      articles.push_back(copy);
    }
    for (Article& article : articles) article.origin_file = file_;
    {
      Indexer indexer(options_for(db(), GetParam()));
      std::size_t i = 0;
      indexer.run([&](Article& out) {
        if (i == articles.size()) return false;
        out = articles[i++];
        return true;
      });
    }
    ASSERT_FALSE(group_of("a9").empty()) << "the copies are not grouped: nothing to test";
    docid_ = testing::damage_stored_article(db(), "a9");
    copy_ = articles[9];
  }

  std::string db() const { return dir_ / "db"; }

  std::string group_of(const std::string& id) const {
    const Xapian::Database index(db());
    return index.get_document(*index.postlist_begin(schema::id_term(id)))
        .get_value(schema::kDuplicateGroupSlot);
  }

  void expect_named_once(Indexer& indexer) const {
    EXPECT_EQ(indexer.counts().damaged, 1u);
    const std::vector<DamagedRecord> damaged = indexer.take_damaged_records();
    ASSERT_EQ(damaged.size(), 1u);
    EXPECT_EQ(damaged.front().database, db());
    EXPECT_EQ(damaged.front().document, docid_);
    EXPECT_EQ(damaged.front().article_id, "a9");
    EXPECT_NE(damaged.front().reason.find("a stored article in the index is damaged (zstd"),
              std::string::npos)
        << damaged.front().reason;
    EXPECT_EQ(damaged.front().message().find(db() + ": article 'a9' (document " +
                                             std::to_string(docid_) + "): a stored article"),
              0u)
        << damaged.front().message();
    EXPECT_TRUE(indexer.take_damaged_records().empty()) << "named twice";
  }

  TempDir dir_;
  const std::string file_ = "/news/dump.jsonl";
  Xapian::docid docid_ = 0;
  Article copy_;
};

TEST_P(DamagedRecordInPasses, TheWholeIndexPassLeavesItOutOfTheGroups) {
  IndexOptions options = options_for(db(), 1);
  options.rebuild_passes = true;
  Indexer indexer(options);
  indexer.finish();
  expect_named_once(indexer);
  // It stands for nothing any more; its intact copies stay one group.
  EXPECT_EQ(group_of("a9"), "");
  EXPECT_FALSE(group_of("copy-a").empty());
  EXPECT_EQ(group_of("copy-a"), group_of("copy-b"));
}

TEST_P(DamagedRecordInPasses, TheIncrementalPassGoesOn) {
  Indexer indexer(options_for(db(), 1));
  Article copy = copy_;
  copy.id = "copy-c";
  copy.body += " copy-c";
  indexer.add({copy});
  indexer.finish();
  expect_named_once(indexer);
  EXPECT_FALSE(group_of("copy-c").empty());
  EXPECT_EQ(group_of("copy-c"), group_of("copy-a"));
  // Met again by a later finish() of the same Indexer, it is not counted again.
  copy.id = "copy-d";
  indexer.add({copy});
  indexer.finish();
  EXPECT_EQ(indexer.counts().damaged, 1u);
}

TEST_P(DamagedRecordInPasses, IdsFromFileTakeItsIdFromItsIdTerm) {
  Indexer indexer(options_for(db(), 1));
  const std::vector<std::string> ids = indexer.ids_from_file(file_);
  EXPECT_EQ(ids.size(), schema::kMinTextDictionarySamples + 22);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "a9"), ids.end());
  expect_named_once(indexer);
  // So a file removed takes it with it.
  std::vector<bool> found;
  indexer.remove(ids, found);
  indexer.finish();
  EXPECT_EQ(indexer.document_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(OneThreadAndABulkBuild, DamagedRecordInPasses, ::testing::Values(1u, 2u));

TEST(StoredTextIndex, AnIdTooLongForItsTermIsNamedByItsStart) {
  TempDir dir;
  const std::string db = dir / "db";
  std::vector<Article> articles = news(3, "a");
  const std::string long_id = std::string(300, 'x');
  articles[1].id = long_id;
  for (Article& article : articles) article.origin_file = "/news/dump.jsonl";
  {
    Indexer indexer(options_for(db, 1));
    indexer.add(articles);
    indexer.finish();
  }
  {
    Xapian::WritableDatabase writable(db, Xapian::DB_OPEN);
    const Xapian::docid docid = *writable.postlist_begin(schema::id_term(long_id));
    Xapian::Document doc = writable.get_document(docid);
    doc.set_data(doc.get_data().substr(0, 20));
    writable.replace_document(docid, doc);
    writable.commit();
  }
  Indexer indexer(options_for(db, 1));
  const std::vector<std::string> ids = indexer.ids_from_file("/news/dump.jsonl");
  EXPECT_EQ(ids, (std::vector<std::string>{"a0", "a2"}));  // it stays: its id is not known
  const std::vector<DamagedRecord> damaged = indexer.take_damaged_records();
  ASSERT_EQ(damaged.size(), 1u);
  EXPECT_EQ(damaged.front().article_id, std::string(schema::kHashedIdPrefixBytes, 'x') + "...");
}

}  // namespace
}  // namespace stored_text_index_test
}  // namespace bahth
