// Coordination (search/coordination.h): among the best matches, articles holding more of the
// query's distinct words rank first, BM25 deciding within; a word's spelling variants and the
// user's synonyms count as that word, stopwords count for nothing; and when no article holds
// every word, the results say how many the best hold.
#include "search/coordination.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "bahth/stemmers.h"
#include "schema/schema.h"
#include "search/query_builder.h"
#include "temp_dir.h"

namespace bahth {
namespace coordination_test {
namespace {

using testing::TempDir;
using Ids = std::vector<std::string>;

Article article(std::string id, std::string body) {
  Article a;
  a.id = std::move(id);
  a.body = std::move(body);
  return a;
}

// Filler that shares none of the query words, so that their document frequencies are those of
// a news index (rare), not of a handful of articles.
std::vector<Article> corpus() {
  std::vector<Article> articles{
      // One word, many times, in a short article: BM25's favourite without coordination.
      article("one-word", "البطاقات الصفراء الصفراء الصفراء والبطاقة الصفراء للاعب"),
      // All three words, once each, in a longer article.
      article("all-words",
              "قال الرئيس ماكرون في خطاب طويل أمام البرلمان إن الحكومة ستستمع إلى مطالب "
              "المحتجين الذين ارتدوا السترات الصفراء في شوارع باريس ومدن أخرى خلال الأسابيع "
              "الماضية، وإن الإصلاحات الاقتصادية ستستمر رغم الاحتجاجات والإضرابات"),
      // Two of the words only.
      article("two-words", "ماكرون يلتقي ميركل في برلين لبحث ملف الهجرة ومستقبل السترات"),
      // The user's synonym of ماكرون (below), with the other two words.
      article("synonym", "الإليزيه يرد على محتجي السترات الصفراء في باريس"),
      // A multi-word synonym (داعش = تنظيم الدولة) standing for two of the query's words.
      article("group", "هجوم جديد يتبناه داعش قرب الموصل"),
      article("group-words", "تنظيم الدولة والدولة والدولة وتنظيم الدولة"),
      // Another outlet's spelling of ميركل (a learned variant in one test below).
      article("variant-spelling", "المستشارة ميركيل في مؤتمر صحفي"),
  };
  const char* filler[] = {"مباراة كرة القدم في الملعب", "أسعار النفط ترتفع في الأسواق",
                          "الطقس بارد في الشتاء",       "انتخابات البرلمان في العراق",
                          "معرض الكتاب في القاهرة",     "مهرجان السينما في كان"};
  for (int i = 0; i < 24; ++i) {
    articles.push_back(article("filler" + std::to_string(i), filler[i % 6]));
  }
  return articles;
}

class CoordinationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexOptions options;
    options.db_path = dir_ / "db";
    Indexer indexer(options);
    indexer.add(corpus());
    indexer.set_synonyms({{"ماكرون", "الإليزيه"}, {"داعش", "تنظيم الدولة"}});
    indexer.finish();
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  SearchResults search(const std::string& query) const {
    SearchOptions options;
    options.correct = false;  // a small index makes any word look rare
    options.snippet_chars = 0;
    return searcher_->search(query, options);
  }

  static Ids ids(const SearchResults& results) {
    Ids out;
    for (const SearchHit& hit : results.hits) out.push_back(hit.id);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(CoordinationTest, AllTheWordsRankAboveMoreHitsOfOneWord) {
  const SearchResults results = search("ماكرون الصفراء");
  ASSERT_GE(results.hits.size(), 4u);
  // ماكرون and الإليزيه are one word (the user's synonyms): both articles hold both words.
  Ids both{ids(results)[0], ids(results)[1]};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (Ids{"all-words", "synonym"})) << ::testing::PrintToString(ids(results));
  EXPECT_EQ(results.query_words, 2u);
  EXPECT_EQ(results.most_words_held, 2u);  // no "showing those with N" line
  // Ranks follow the new order.
  for (std::size_t i = 0; i < results.hits.size(); ++i) EXPECT_EQ(results.hits[i].rank, i + 1);
}

// A question of two words is reordered as a longer query is, only near the best score
// (coordination.h): its answer may say one of the words otherwise (متى ولد زيدان؟: مواليد).
TEST_F(CoordinationTest, ATwoWordQuestionIsReorderedOnlyNearTheBest) {
  const Ids keywords = ids(search("ماكرون الصفراء"));
  const Ids question = ids(search("ماكرون الصفراء؟"));
  const auto rank = [](const Ids& ranked, const std::string& id) {
    return std::find(ranked.begin(), ranked.end(), id) - ranked.begin();
  };
  EXPECT_LT(rank(keywords, "all-words"), rank(keywords, "one-word"));
  EXPECT_GT(rank(question, "all-words"), rank(question, "one-word"))
      << ::testing::PrintToString(question);
}

TEST_F(CoordinationTest, SaysHowManyWordsTheBestHoldWhenNoneHoldsAll) {
  // No article holds ميركل with الصفراء; two-words holds ميركل and ماكرون.
  const SearchResults results = search("ميركل ماكرون الصفراء");
  EXPECT_EQ(results.query_words, 3u);
  EXPECT_EQ(results.most_words_held, 2u);
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, "two-words");
}

TEST_F(CoordinationTest, StopwordsAndARepeatedWordDoNotCount) {
  EXPECT_EQ(search("ماكرون في الصفراء").query_words, 2u);
  EXPECT_EQ(search("ماكرون وماكرون الصفراء").query_words, 2u);
  EXPECT_EQ(search("ماكرون الإليزيه الصفراء").query_words, 2u);  // synonyms: one word
  // One word: nothing to coordinate.
  EXPECT_EQ(search("الصفراء").query_words, 0u);
}

TEST_F(CoordinationTest, AMultiWordSynonymCountsAsTheWordsItStandsFor) {
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  const search::QueryWordSet words(search::parse_query("تنظيم الدولة الموصل", db, analysis).query,
                                   db);
  EXPECT_EQ(words.size(), 3u);
  auto docid = [&](const std::string& id) { return *db.postlist_begin(schema::id_term(id)); };
  // داعش قرب الموصل holds all three; تنظيم الدولة twice, two of them.
  EXPECT_EQ(words.held_by(db, {docid("group"), docid("group-words"), docid("one-word")}),
            (std::vector<std::size_t>{3, 2, 0}));
}

TEST_F(CoordinationTest, ALearnedSpellingVariantIsTheSameWord) {
  const Analysis analysis(StemmerKind::light);
  const std::string merkel = analysis.analyzer().stems("ميركل").front();
  const std::string other = analysis.analyzer().stems("ميركيل").front();
  {
    Xapian::WritableDatabase writable(dir_ / "db", Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    writable.set_metadata(schema::variant_key(merkel), other);
    writable.set_metadata(schema::variant_key(other), merkel);
    writable.commit();
  }
  const Xapian::Database db(dir_ / "db");
  auto words_of = [&](const std::string& query) {
    return search::QueryWordSet(search::parse_query(query, db, analysis).query, db);
  };
  EXPECT_EQ(words_of("ميركل ميركيل الصفراء").size(), 2u);
  const Xapian::docid variant = *db.postlist_begin(schema::id_term("variant-spelling"));
  EXPECT_EQ(words_of("ميركل الصفراء").held_by(db, {variant}), (std::vector<std::size_t>{1}));
}

TEST_F(CoordinationTest, ADateSortOrRelatedArticlesAreLeftAlone) {
  EXPECT_EQ(search("ماكرون السترات الصفراء باريس البرلمان الحكومة").query_words, 6u);
  SearchOptions by_date;
  by_date.sort = SortOrder::date;
  by_date.correct = false;
  EXPECT_EQ(searcher_->search("ماكرون الصفراء", by_date).query_words, 0u);
  SearchOptions like;
  like.like = "all-words";
  EXPECT_EQ(searcher_->search("", like).query_words, 0u);
}

// A word no article holds, beside words the index holds, is not dropped in silence (issue 28):
// the results name it as typed and count it among the query's words, so that "no article holds
// all N words" counts every word typed.
TEST_F(CoordinationTest, AWordNoArticleHoldsIsNamedAndCounted) {
  const SearchResults three = search("حمدوك ماكرون الصفراء");
  EXPECT_EQ(three.missing_words, std::vector<std::string>{"حمدوك"});
  EXPECT_EQ(three.query_words, 3u);
  EXPECT_EQ(three.most_words_held, 2u);
  // Beside one word the index holds (no coordination of its own), and as typed: ة, not ه.
  const SearchResults two = search("السترات حمدوكة");
  EXPECT_EQ(two.missing_words, std::vector<std::string>{"حمدوكة"});
  EXPECT_EQ(two.query_words, 2u);
  EXPECT_EQ(two.most_words_held, 1u);
  EXPECT_FALSE(two.hits.empty());
  // Named once however often typed; a word the index holds, or a synonym of one, is not named.
  EXPECT_EQ(search("حمدوك الصفراء حمدوك").missing_words, std::vector<std::string>{"حمدوك"});
  EXPECT_TRUE(search("الإليزيه الصفراء").missing_words.empty());
  // Sorted by date the words held are not counted, but the word is named.
  SearchOptions by_date;
  by_date.correct = false;
  by_date.sort = SortOrder::date;
  const SearchResults dated = searcher_->search("حمدوك الصفراء", by_date);
  EXPECT_EQ(dated.missing_words, std::vector<std::string>{"حمدوك"});
  EXPECT_EQ(dated.query_words, 0u);
}

TEST(CoordinatedOrder, MostWordsFirstAndTheOrderKeptWithin) {
  EXPECT_EQ(search::coordinated_order({1, 3, 2, 3, 1}), (std::vector<std::size_t>{1, 3, 2, 0, 4}));
  EXPECT_TRUE(search::coordinated_order({}).empty());
}

}  // namespace
}  // namespace coordination_test
}  // namespace bahth
