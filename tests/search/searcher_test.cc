#include "bahth/searcher.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "build_index.h"
#include "fixture_articles.h"
#include "schema/schema.h"
#include "search/query_builder.h"
#include "search/query_text.h"
#include "store/store.h"
#include "temp_dir.h"

namespace bahth {
namespace searcher_test {
namespace {

using testing::TempDir;

using testing::build_index;

class SearcherTest : public ::testing::TestWithParam<StemmerKind> {
 protected:
  void SetUp() override {
    build_index(db_path(), testing::fixture_articles(), GetParam());
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{db_path()});
  }

  std::string db_path() const { return dir_ / "db"; }

  std::vector<std::string> ids(const std::string& query, const SearchOptions& options = {}) const {
    std::vector<std::string> out;
    for (const SearchHit& hit : searcher_->search(query, options).hits) out.push_back(hit.id);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

using Ids = std::vector<std::string>;

TEST_P(SearcherTest, FindsAWordOfTheBody) { EXPECT_EQ(ids("بيروت"), Ids{"hospital"}); }

// Every way people type a word finds exactly what its plain normalized form finds.
TEST_P(SearcherTest, SurfaceVariantsFindTheSameArticlesAsThePlainForm) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> table{
      {"الاسلام", {"الإسلام", "الأسلام", "الآسلام", "الإِسْلَامُ", "الإســلام"}},
      {"مدرسه", {"مدرسة", "مَدْرَسَة", "مدرســة"}},
      {"مستشفي", {"مستشفى", "مُسْتَشْفَى"}},
      {"2014", {"٢٠١٤", "۲۰۱۴"}},
      {"الالكترونيه", {"الإلكترونية", "الإلكترونيّة", "\u200fالإلكترونية\u200f"}},
      {"سوني", {"سونى", "سوني\u0651"}},
  };
  for (const auto& [plain, variants] : table) {
    const Ids expected = ids(plain);
    EXPECT_FALSE(expected.empty()) << plain;
    for (const std::string& variant : variants) {
      EXPECT_EQ(ids(variant), expected) << variant << " vs " << plain;
    }
  }
}

TEST_P(SearcherTest, PhraseMatchesOnlyAdjacentWords) {
  EXPECT_EQ(ids("\"شركة سوني\""), (Ids{"cyber", "undated"}));
  EXPECT_FALSE(searcher_->search("\"شركة سوني\"", {}).phrase_fallback);
  // In the other order the phrase matches nothing: the results are its words', and say so.
  const SearchResults reversed = searcher_->search("\"سوني شركة\"", {});
  EXPECT_TRUE(reversed.phrase_fallback);
  EXPECT_EQ(reversed.query, "\"سوني شركة\"");
  EXPECT_FALSE(reversed.hits.empty());
}

TEST_P(SearcherTest, TitleFieldPrefix) {
  EXPECT_EQ(ids("title:مستشفى"), Ids{"hospital"});
  EXPECT_EQ(ids("title:بيروت"), Ids{});
}

TEST_P(SearcherTest, BooleanOperators) {
  EXPECT_EQ(ids("سوني AND الصين"), Ids{"cyber"});
  EXPECT_EQ(ids("سوني NOT الصين"), Ids{"undated"});
  EXPECT_EQ(ids("سوني -الصين"), Ids{"undated"});
}

TEST_P(SearcherTest, SectionAndDateFilters) {
  SearchOptions options;
  options.sections = {"middleEast"};
  EXPECT_EQ(ids("المدرسة OR المرضى OR الإسلام", options).size(), 2u);
  SearchOptions since;
  since.since = "2018-04";
  Ids recent = ids("المرضى OR الإسلام OR المدرسة", since);
  std::sort(recent.begin(), recent.end());
  EXPECT_EQ(recent, (Ids{"hospital", "islam"}));
  SearchOptions until;
  until.until = "2018";
  until.since = "2018";
  for (const std::string& id : ids("سوني OR المدرسة OR المرضى", until)) {
    EXPECT_NE(id, "cyber");
    EXPECT_NE(id, "undated");
  }
  SearchOptions bad;
  bad.since = "March";
  EXPECT_THROW(searcher_->search("سوني", bad), UsageError);
}

TEST_P(SearcherTest, SortByDateIsNewestFirst) {
  SearchOptions options;
  options.sort = SortOrder::date;
  EXPECT_EQ(ids("المدرسة OR المرضى OR الإسلام OR الهجمات", options),
            (Ids{"islam", "hospital", "school", "cyber"}));
}

// Filters alone (a query of filters, or none with a filter option) have no relevance: asked
// for it, they are listed as asked by date, the same page, said to be by date; built once, within
// one time budget.
TEST_P(SearcherTest, FiltersAloneAskedByRelevanceAreListedByDate) {
  SearchOptions by_date;
  by_date.sort = SortOrder::date;
  by_date.facets = true;
  SearchOptions by_relevance = by_date;
  by_relevance.sort = SortOrder::relevance;
  by_relevance.time_limit_seconds = 60;
  for (const auto& [query, filters] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"section:middleEast", {}}, {"", {"middleEast"}}}) {
    by_date.sections = by_relevance.sections = filters;
    const SearchResults asked_by_date = searcher_->search(query, by_date);
    const SearchResults asked_by_relevance = searcher_->search(query, by_relevance);
    EXPECT_TRUE(asked_by_relevance.without_words) << query;
    EXPECT_EQ(asked_by_relevance.sorted_by, SortOrder::date) << query;
    EXPECT_EQ(asked_by_relevance.total, asked_by_date.total) << query;
    EXPECT_GE(asked_by_relevance.total, 2u) << query;
    EXPECT_EQ(asked_by_relevance.query, query);
    ASSERT_EQ(asked_by_relevance.hits.size(), asked_by_date.hits.size()) << query;
    for (std::size_t i = 0; i < asked_by_date.hits.size(); ++i) {
      EXPECT_EQ(asked_by_relevance.hits[i].id, asked_by_date.hits[i].id) << query;
      EXPECT_EQ(asked_by_relevance.hits[i].score, 0.0) << query;
    }
    ASSERT_TRUE(asked_by_relevance.facets && asked_by_date.facets) << query;
    EXPECT_EQ(asked_by_relevance.facets->periods.size(), asked_by_date.facets->periods.size());
  }
}

TEST_P(SearcherTest, PagingWithLimitAndOffset) {
  SearchOptions first;
  first.limit = 1;
  SearchOptions second = first;
  second.offset = 1;
  const SearchResults a = searcher_->search("سوني", first);
  const SearchResults b = searcher_->search("سوني", second);
  ASSERT_EQ(a.hits.size(), 1u);
  ASSERT_EQ(b.hits.size(), 1u);
  EXPECT_NE(a.hits[0].id, b.hits[0].id);
  EXPECT_EQ(b.hits[0].rank, 2u);
  EXPECT_EQ(a.total, 2u);
}

TEST_P(SearcherTest, SnippetHighlightsTheWordAsWritten) {
  const SearchResults results = searcher_->search("الالكترونيه", {});
  ASSERT_FALSE(results.hits.empty());
  const SearchHit& hit = results.hits[0];
  ASSERT_FALSE(hit.highlights.empty());
  const auto [begin, end] = hit.highlights[0];
  EXPECT_EQ(hit.snippet.substr(begin, end - begin), "الإلكترونية");
}

TEST_P(SearcherTest, SnippetNeverShowsCaptions) {
  const SearchResults results = searcher_->search("السينما", {});
  ASSERT_EQ(results.hits.size(), 1u);  // found through the caption
  EXPECT_EQ(results.hits[0].snippet.find("السينما"), std::string::npos);
}

TEST_P(SearcherTest, StopwordOnlyQueryStillFindsArticles) { EXPECT_FALSE(ids("في").empty()); }

TEST_P(SearcherTest, EmptyQueryIsAUsageError) {
  EXPECT_THROW(searcher_->search("", {}), UsageError);
  EXPECT_THROW(searcher_->search("   ،  ", {}), UsageError);
}

// Bytes that are not UTF-8 (a client or terminal in another encoding) are named as such, not
// as a query without words, so the user knows to fix the encoding rather than the words.
TEST_P(SearcherTest, AQueryThatIsNotUtf8IsNamedSo) {
  try {
    searcher_->search("\xff\xfe", {});
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(ids("\xffسوني").empty()) << "a stray byte beside a word is still searched";
}

TEST_P(SearcherTest, MalformedQueriesDoNotFail) {
  EXPECT_NO_THROW(searcher_->search("\"سوني", {}));
  EXPECT_NO_THROW(searcher_->search("سوني AND", {}));
  EXPECT_NO_THROW(searcher_->search("((سوني", {}));
  EXPECT_EQ(ids("سوني AND"), ids("سوني"));
  EXPECT_THROW(searcher_->search("NOT", {}), UsageError);
}

TEST_P(SearcherTest, MisspelledWordGetsASuggestion) {
  // Alone, a word the index lacks finds nothing (its correction is not confident: ث for ت is no
  // slip Arabic typing is known for), and the suggestion names the word one edit away.
  const SearchResults results = searcher_->search("بيروث", {});
  EXPECT_EQ(ids("بيروث"), Ids{});
  EXPECT_EQ(results.suggestion, "بيروت");
  EXPECT_FALSE(results.corrected.has_value());
}

TEST_P(SearcherTest, WildcardMatchesNormalizedPrefix) { EXPECT_EQ(ids("مستشف*"), Ids{"hospital"}); }

// Up to search::kMaxQueryWords words (longer queries: query_abuse_test.cc).
TEST_P(SearcherTest, VeryLongQueryWorks) {
  std::string query;
  for (int i = 0; i < 999; ++i) query += "كلمة" + std::to_string(i) + " ";
  query += "بيروت";
  EXPECT_EQ(ids(query), Ids{"hospital"});
}

INSTANTIATE_TEST_SUITE_P(AllStemmers, SearcherTest,
                         ::testing::Values(StemmerKind::light, StemmerKind::snowball,
                                           StemmerKind::none),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(Ranking, ExactWordOutranksAnotherFormOfTheSameStem) {
  TempDir dir;
  // Same length, same stem (مدرس); only "exact" has the word as the query writes it.
  build_index(dir / "db", {Article{"other", "", "", "", "", "مدرستهم كبيرة", {}},
                           Article{"exact", "", "", "", "", "المدرسة كبيرة", {}}});
  const Searcher searcher({dir / "db"});
  const SearchResults results = searcher.search("المدرسة", {});
  ASSERT_EQ(results.hits.size(), 2u);
  EXPECT_EQ(results.hits[0].id, "exact");
  EXPECT_GT(results.hits[0].score, results.hits[1].score);
}

TEST(Highlighting, MarksWordsWrittenWithDiacriticsAndTatweel) {
  TempDir dir;
  build_index(
      dir / "db",
      {Article{"a", "", "", "", "", "أدانت الحكومة الهجمـــات الإلكترونيّة على المَدارِسِ.", {}}});
  const Searcher searcher({dir / "db"});
  const SearchResults results = searcher.search("الهجمات الالكترونيه المدارس", {});
  ASSERT_EQ(results.hits.size(), 1u);
  std::vector<std::string> marked;
  for (const auto& [begin, end] : results.hits[0].highlights) {
    marked.push_back(results.hits[0].snippet.substr(begin, end - begin));
  }
  EXPECT_EQ(marked, (std::vector<std::string>{"الهجمـــات", "الإلكترونيّة", "المَدارِسِ"}));
}

// Many matches of one word and, far down the body, a window that holds both query words: the
// snippet is that window, whichever stemmer (snowball's stems are not substrings of their words).
TEST(Highlighting, PicksTheWindowWithEveryQueryWordAmongManyMatches) {
  std::string body;
  for (int i = 0; i < 60; ++i) body += "قالت سوريا إن الوضع هادئ في المدن الكبرى اليوم. ";
  body += "وأكدت السورية أن لبنان شريك. ";
  for (int i = 0; i < 20; ++i) body += "ثم عاد الهدوء إلى الشوارع. ";
  for (StemmerKind kind : {StemmerKind::light, StemmerKind::snowball, StemmerKind::none}) {
    TempDir dir;
    build_index(dir / "db", {Article{"a", "", "", "", "", body, {}}}, kind);
    const Searcher searcher({dir / "db"});
    const std::string query = kind == StemmerKind::none ? "السورية لبنان" : "سوريا لبنان";
    const SearchResults results = searcher.search(query, {});
    ASSERT_EQ(results.hits.size(), 1u) << to_string(kind);
    std::vector<std::string> marked;
    for (const auto& [begin, end] : results.hits[0].highlights) {
      marked.push_back(results.hits[0].snippet.substr(begin, end - begin));
    }
    EXPECT_NE(std::find(marked.begin(), marked.end(), "لبنان"), marked.end()) << to_string(kind);
    EXPECT_NE(results.hits[0].snippet.find("السورية أن لبنان"), std::string::npos)
        << to_string(kind);
  }
}

TEST(Explain, SharesOfABagOfWordsQueryAddUpToTheScore) {
  TempDir dir;
  build_index(dir / "db", testing::fixture_articles());
  const Searcher searcher({dir / "db"});
  SearchOptions explain;
  explain.explain = true;
  const SearchResults results = searcher.search("الهجمات الإلكترونية سوني", explain);
  ASSERT_FALSE(results.hits.empty());
  for (const SearchHit& hit : results.hits) {
    double sum = 0;
    for (const auto& [term, weight] : hit.explanation) sum += weight;
    EXPECT_NEAR(sum, hit.score, 1e-6) << hit.id;
    EXPECT_FALSE(hit.explanation.empty());
  }
}

TEST(Suggestion, NeverJustAddsTheArticle) {
  TempDir dir;
  // none: so that اسلام does not find الاسلام by itself
  build_index(dir / "db", testing::fixture_articles(), StemmerKind::none);
  const Searcher searcher({dir / "db"});
  const SearchResults results = searcher.search("اسلام", {});
  EXPECT_TRUE(results.hits.empty());
  EXPECT_EQ(results.suggestion, "");
}

TEST(QueryNormalization, KeepsOperatorsAndNormalizesWords) {
  EXPECT_EQ(search::normalize_query("الإسلام AND مدرسة NOT Sony NEAR/3 x"),
            "الاسلام AND مدرسه NOT sony NEAR/3 x");
  EXPECT_EQ(search::normalize_query("  \"الولايات المتحدة\"  title:أوباما"),
            "  \"الولايات المتحده\"  title:اوباما");
}

// Each blank-separated chunk is normalized on its own: where it was typed and where its
// normalized form went, so that a correction lines the two up without normalizing again.
TEST(QueryNormalization, SaysWhereEachChunkWent) {
  const std::string typed = " الإدارة\tAND  مَدْرَسَة... ";
  std::vector<search::QueryChunk> chunks;
  const std::string normalized = search::normalize_query(typed, &chunks);
  ASSERT_EQ(chunks.size(), 3u);
  const auto typed_chunk = [&](const search::QueryChunk& c) {
    return typed.substr(c.typed_begin, c.typed_end - c.typed_begin);
  };
  const auto normalized_chunk = [&](const search::QueryChunk& c) {
    return normalized.substr(c.normalized_begin, c.normalized_end - c.normalized_begin);
  };
  EXPECT_EQ(typed_chunk(chunks[0]), "الإدارة");
  EXPECT_EQ(normalized_chunk(chunks[0]), "الاداره");
  EXPECT_EQ(typed_chunk(chunks[1]), "AND");
  EXPECT_EQ(normalized_chunk(chunks[1]), "AND");
  EXPECT_EQ(typed_chunk(chunks[2]), "مَدْرَسَة...");
  EXPECT_EQ(normalized_chunk(chunks[2]), "مدرسه   ");  // the ellipsis blanked
  for (const search::QueryChunk& c : chunks) {
    EXPECT_EQ(normalized_chunk(c), search::normalize_query(typed_chunk(c)));
  }
}

// A quoted phrase is matched once, in the stemmed query; the exact-word bonus reads its words as
// plain words (checking the phrase there again made such queries ten times slower).
TEST(QueryParsing, PhraseIsCheckedOnceNotAgainForTheExactWordBonus) {
  TempDir dir;
  build_index(dir / "db", testing::fixture_articles());
  const Xapian::Database db(dir / "db");
  const std::string description =
      search::parse_query("\"الولايات المتحدة\" سوريا", db, Analysis(StemmerKind::light))
          .query.get_description();
  std::size_t phrases = 0;
  for (std::size_t at = description.find("PHRASE"); at != std::string::npos;
       at = description.find("PHRASE", at + 1)) {
    ++phrases;
  }
  EXPECT_EQ(phrases, 1u) << description;
  EXPECT_NE(description.find("AND_MAYBE"), std::string::npos) << description;
}

// Positions are on stems (schema.h): a quoted phrase matches its words in this order, next to
// each other, in any inflection of each word (as Lucene's and Elasticsearch's Arabic analyzers
// match phrases), never the same words apart or reversed; and the article that has the phrase
// exactly as typed ranks first, through the exact-word bonus.
TEST(Phrases, MatchTheWordsInOrderInAnyInflectionExactFormFirst) {
  TempDir dir;
  std::vector<Article> articles(4);
  articles[0].id = "exact";
  articles[0].title = "خبر";
  articles[0].body = "قال إن المدارس الحكومية ستفتح أبوابها غدا";
  articles[1].id = "inflected";
  articles[1].title = "خبر";
  articles[1].body = "قال إن مدارسها الحكومي ستفتح أبوابها غدا";
  articles[2].id = "apart";
  articles[2].title = "خبر";
  articles[2].body = "المدارس في المدينة ليست كلها من المباني الحكومية";
  articles[3].id = "reversed";
  articles[3].title = "خبر";
  articles[3].body = "المباني الحكومية المدارس";
  build_index(dir / "db", articles);
  const Searcher searcher({dir / "db"});
  std::vector<std::string> found;
  for (const SearchHit& hit : searcher.search("\"المدارس الحكومية\"", {}).hits) {
    found.push_back(hit.id);
  }
  EXPECT_EQ(found, (Ids{"exact", "inflected"}));
  found.clear();
  for (const SearchHit& hit : searcher.search("\"الحكومية المدارس\"", {}).hits) {
    found.push_back(hit.id);
  }
  EXPECT_EQ(found, Ids{"reversed"});
  // NEAR is matched on the stems' positions too.
  found.clear();
  for (const SearchHit& hit : searcher.search("مدارس NEAR/2 حكومي", {}).hits) {
    found.push_back(hit.id);
  }
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (Ids{"exact", "inflected", "reversed"}));
}

TEST(Searcher, MissingIndexIsAnIndexErrorNamingThePath) {
  try {
    Searcher searcher({"/nonexistent/bahth-index"});
    FAIL();
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/bahth-index"), std::string::npos);
  }
}

// An id too long for a Xapian term is still found by id: and by --like.
TEST(SearcherLongIds, IdQueryAndLikeFindAnArticleWithALongId) {
  TempDir dir;
  std::vector<Article> articles = testing::fixture_articles();
  Article copy = articles.front();
  copy.id = "https://example.com/news/" + std::string(300, 'a') + "-Story";
  articles.push_back(copy);
  build_index(dir / "db", articles);
  Searcher searcher({dir / "db"});
  const std::vector<SearchHit> by_id = searcher.search("id:" + copy.id, {}).hits;
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0].id, copy.id);
  SearchOptions like;
  like.like = copy.id;
  const std::vector<SearchHit> related = searcher.search("", like).hits;
  ASSERT_FALSE(related.empty());
  EXPECT_EQ(related[0].id, articles.front().id);  // its copy, itself left out
}

}  // namespace
}  // namespace searcher_test
}  // namespace bahth

namespace bahth {
namespace searcher_test {
namespace {

// `bahth serve` refreshes its searchers while a first multi-thread build merges its parts into
// the index and removes them: the searcher opened on the index and the parts must move to the
// merged index, not fail on the removed part (it answered 500: "cannot reopen:
// DatabaseNotFoundError: ...bahth-parts/part0").
TEST(SearcherRefresh, SeesTheMergedIndexOnceTheBuildsPartsAreGone) {
  TempDir dir;
  const std::string path = dir / "db";
  build_index(path, testing::fixture_articles());
  store::Writer writer(path);
  const std::string part = writer.begin_bulk_build() + "/part0";
  {
    Xapian::WritableDatabase db(part, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Article article;
    article.id = "from-a-part";
    article.title = "مقال";
    article.body = "مقال من جزء";
    Xapian::Document doc;
    doc.set_data(schema::encode_stored_article(article));
    doc.add_boolean_term(schema::id_term(article.id));
    db.add_document(doc);
    db.commit();
  }
  const Searcher searcher({path});
  ASSERT_TRUE(searcher.article("from-a-part").has_value());
  Xapian::WritableDatabase index(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  writer.merge_parts(index, {Xapian::Database(part, Xapian::DB_BACKEND_GLASS)});
  ASSERT_FALSE(std::filesystem::exists(part));
  EXPECT_NO_THROW(searcher.refresh());
  EXPECT_TRUE(searcher.article("from-a-part").has_value());
}

// The spelling variants a query is widened with come from the index: reading them counts against
// the search's time budget (serve --time-budget), and past it words keep their own stem.
TEST(SearcherTimeBudget, BuildingTheQueryFallsUnderIt) {
  TempDir dir;
  const std::string path = dir / "db";
  build_index(path, testing::fixture_articles());
  const std::string stem = Analysis(StemmerKind::light).analyzer().stems("الصين").front();
  {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    db.set_metadata(schema::variant_key(stem), "صيني1 صيني2");
    db.commit();
  }
  const Searcher searcher({path});
  EXPECT_TRUE(searcher.search("الصين", {}).warnings.empty());
  SearchOptions hurried;
  hurried.time_limit_seconds = 1e-9;
  const SearchResults results = searcher.search("الصين", hurried);
  ASSERT_EQ(results.warnings.size(), 1u);
  EXPECT_NE(results.warnings.front().find("time budget"), std::string::npos)
      << results.warnings.front();
}

}  // namespace
}  // namespace searcher_test
}  // namespace bahth
