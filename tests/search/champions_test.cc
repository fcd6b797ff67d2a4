// Champion lists (search/champions.h, index/champion_lists.h): `bahth compact` stores each
// frequent word's best articles; a search matches only those when the bound proves the same
// results, and otherwise, or once the index is written again, every article.
#include "search/champions.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "bahth/compact.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "bahth/stemmers.h"
#include "cached_build.h"
#include "schema/champions.h"
#include "schema/schema.h"
#include "search/coordination.h"
#include "search/query_builder.h"
#include "search/ranking.h"
#include "temp_dir.h"

namespace bahth {
namespace champions_test {
namespace {

using testing::TempDir;

// Words of news text, the first far more frequent than the last (as in a real index, a few
// words are in most articles).
const char* const kWords[] = {
    "سوريا",    "الحكومة",   "الرئيس",  "الانتخابات", "البرلمان", "الاقتصاد", "النفط",   "المنتخب",
    "المباراة", "الفريق",    "اللاعب",  "الصين",      "التجارة",  "مجلس",     "الأمن",   "الحرب",
    "اللاجئين", "المساعدات", "الصحة",   "المستشفى",   "المدرسة",  "الطلاب",   "الجامعة", "العلماء",
    "الفضاء",   "الشركة",    "الأسواق", "الأسعار",    "الدولار",  "البنك",    "الزعيم",  "المعارضة",
    "الشرطة",   "المحكمة",   "القاضي",  "العراق",     "الأمم",    "المتحدة",  "الجيش",   "الحدود"};
constexpr std::size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

// A reproducible stream of numbers (no library generator: the same articles everywhere).
class Numbers {
 public:
  std::uint64_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  double unit() { return static_cast<double>(next() % 1000000) / 1000000.0; }

 private:
  std::uint64_t state_ = 2026;
};

std::string words(Numbers& numbers, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    const double u = numbers.unit();
    const auto word = static_cast<std::size_t>(static_cast<double>(kWordCount) * u * u);
    text += (i > 0 ? " " : "") + std::string(kWords[word]);
  }
  return text;
}

std::vector<Article> corpus(std::size_t size) {
  Numbers numbers;
  std::vector<Article> articles;
  for (std::size_t i = 0; i < size; ++i) {
    Article a;
    a.id = "a" + std::to_string(i);
    a.title = words(numbers, 2 + numbers.next() % 5);
    a.body = words(numbers, 4 + numbers.next() % 150);
    a.section = i % 3 == 0 ? "sport" : "politics";
    a.date = "2019-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
    articles.push_back(std::move(a));
  }
  return articles;
}

void build(const std::string& path, const std::vector<Article>& articles) {
  IndexOptions options;
  options.db_path = path;
  options.threads = 1;
  Indexer indexer(options);
  // الرئيس and الزعيم as one word: their stems are searched as one OP_SYNONYM.
  indexer.set_synonyms({{"الرئيس", "الزعيم"}});
  indexer.add(articles);
  indexer.finish();
}

// build(path, corpus(size)), built once per test run: each test gets a copy of its own.
void build_corpus(const std::string& path, std::size_t size) {
  testing::build_cached(path, "champions-corpus-" + std::to_string(size),
                        [size](const std::string& at) { build(at, corpus(size)); });
}

CompactReport compact(const std::string& path, std::size_t length) {
  CompactOptions options;
  options.db_path = path;
  options.champion_length = length;
  return compact_index(options);
}

SearchResults search(const std::string& path, const std::string& query, bool lists,
                     SearchOptions options = {}) {
  options.champion_lists = lists;
  return Searcher({path}).search(query, options);
}

// The page and what is said about it are the same whichever way the matches were found.
void expect_same(const SearchResults& lists, const SearchResults& full, const std::string& query) {
  SCOPED_TRACE(query);
  ASSERT_EQ(lists.hits.size(), full.hits.size());
  for (std::size_t i = 0; i < full.hits.size(); ++i) {
    EXPECT_EQ(lists.hits[i].id, full.hits[i].id) << "rank " << i + 1;
    EXPECT_EQ(lists.hits[i].rank, full.hits[i].rank);
    EXPECT_NEAR(lists.hits[i].score, full.hits[i].score, 1e-9);
    EXPECT_EQ(lists.hits[i].similar, full.hits[i].similar);
  }
  EXPECT_EQ(lists.total_is_exact, full.total_is_exact);
  if (full.total_is_exact) {
    EXPECT_EQ(lists.total, full.total);
  }
  EXPECT_EQ(lists.query_words, full.query_words);
  EXPECT_EQ(lists.most_words_held, full.most_words_held);
  EXPECT_EQ(full.champion_lists, ChampionUse::not_used);
}

const std::vector<std::string>& queries() {
  static const std::vector<std::string> all{
      "سوريا",
      "الحكومة",
      "الانتخابات",
      "الرئيس",  // with its synonym
      "سوريا الحكومة",
      "الرئيس الانتخابات البرلمان",
      "النفط الاقتصاد",
      "سوريا AND الحكومة",
      "سوريا NOT الحكومة",
      "title:سوريا",
      "\"سوريا الحكومة\"",
      "سوريا الحكومة الرئيس الانتخابات البرلمان الاقتصاد النفط المنتخب المباراة الفريق",
      "الفضاء",
      "الحدود الجيش",
      "سور*",
  };
  return all;
}

// The most (or least) frequent stem of `db`.
std::string most_frequent_stem(const Xapian::Database& db, bool least = false) {
  std::string best;
  Xapian::doccount most = 0;
  for (auto t = db.allterms_begin("Z"); t != db.allterms_end("Z"); ++t) {
    if (schema::split_term(*t).prefix != schema::kStemPrefix) continue;
    if (best.empty() || (least ? t.get_termfreq() < most : t.get_termfreq() > most)) {
      most = t.get_termfreq();
      best = *t;
    }
  }
  return best;
}

TEST(ChampionLists, CompactionStoresEachFrequentTermsBest) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 300);
  const CompactReport report = compact(db, 20);
  EXPECT_GT(report.champion_terms, 10u);
  EXPECT_GT(report.champion_bytes, 0u);
  const Xapian::Database index(db);
  const search::ChampionLists lists(index);
  ASSERT_EQ(lists.state(), search::ChampionLists::State::usable);
  EXPECT_EQ(lists.limit(), 20u);
  const std::string term = most_frequent_stem(index);
  ASSERT_GT(index.get_termfreq(term), 20u);
  const std::optional<schema::ChampionList> list = lists.list(term);
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->docids.size(), 20u);
  ASSERT_TRUE(std::is_sorted(list->docids.begin(), list->docids.end()));
  // Every listed article weighs at least the bound; the bound is the most any other weighs.
  double most_left_out = 0;
  for (auto p = index.postlist_begin(term); p != index.postlist_end(term); ++p) {
    const double share = schema::bm25_share(p.get_wdf(), p.get_doclength(), index.get_avlength(),
                                            schema::kChampionBm25);
    if (std::binary_search(list->docids.begin(), list->docids.end(), *p)) {
      EXPECT_GE(share, list->bound);
    } else {
      most_left_out = std::max(most_left_out, share);
    }
  }
  EXPECT_EQ(list->bound, most_left_out);
  // A term in no more articles than a list holds has none: its posting list is its list.
  for (auto t = index.allterms_begin(); t != index.allterms_end(); ++t) {
    if (t.get_termfreq() <= 20) {
      EXPECT_FALSE(lists.list(*t).has_value()) << *t;
      break;
    }
  }
  EXPECT_FALSE(lists.list("Qa1").has_value());  // filters never weigh
}

TEST(ChampionLists, TheTermWeightIsXapians) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build(db, corpus(120));
  const Xapian::Database index(db);
  for (const std::string& term : {most_frequent_stem(index), most_frequent_stem(index, true)}) {
    ASSERT_GT(index.get_termfreq(term), 0u) << term;
    Xapian::Enquire enquire(index);
    enquire.set_query(Xapian::Query(term));
    enquire.set_weighting_scheme(search::ranking_weight(schema::kChampionBm25));
    const Xapian::MSet mset = enquire.get_mset(0, index.get_doccount());
    const double weight = search::bm25_term_weight(index.get_termfreq(term), index.get_doccount(),
                                                   1.0, 1, schema::kChampionBm25);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::PostingIterator p = index.postlist_begin(term);
      Xapian::PostingIterator at = p;
      at.skip_to(*it);
      const double share = schema::bm25_share(at.get_wdf(), index.get_doclength(*it),
                                              index.get_avlength(), schema::kChampionBm25);
      EXPECT_NEAR(it.get_weight(), weight * share, 1e-12) << term << " in " << *it;
    }
  }
}

TEST(ChampionLists, ScaleFactorsAreReadExactly) {
  const Xapian::Query a("a");
  for (const double factor : {0.5, 1.0 / 3.0, 0.123456789e-5, 7.25}) {
    EXPECT_EQ(search::scale_factor(Xapian::Query(factor, a)), factor);
    const Xapian::Query both(Xapian::Query::OP_OR, a, Xapian::Query("b c@3"));
    EXPECT_EQ(search::scale_factor(Xapian::Query(factor, both)), factor);
  }
  EXPECT_FALSE(search::scale_factor(a).has_value());
}

// For any query the searcher builds, no article outside the plan's candidates weighs more than
// its bound: the property the proof of the top results rests on.
TEST(ChampionLists, NoArticleLeftOutWeighsMoreThanTheBound) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 300);
  compact(db, 20);
  const Xapian::Database index(db);
  const search::ChampionLists lists(index);
  ASSERT_EQ(lists.state(), search::ChampionLists::State::usable);
  const Analysis analysis(StemmerKind::light);
  std::size_t planned = 0;
  std::size_t checked = 0;
  for (const std::string& text : queries()) {
    SCOPED_TRACE(text);
    const search::ParsedQuery parsed = search::parse_query(text, index, analysis);
    const std::optional<search::ChampionPlan> plan =
        search::plan_champion_match(parsed.query, index, lists);
    if (!plan) continue;
    ++planned;
    Xapian::Enquire enquire(index);
    enquire.set_query(parsed.query);
    enquire.set_weighting_scheme(search::ranking_weight(schema::kChampionBm25));
    const Xapian::MSet all = enquire.get_mset(0, index.get_doccount());
    for (auto it = all.begin(); it != all.end(); ++it) {
      if (std::binary_search(plan->candidates->begin(), plan->candidates->end(), *it)) continue;
      EXPECT_FALSE(plan->complete) << "article " << *it << " matches but is no candidate";
      EXPECT_LE(it.get_weight(), plan->bound * (1 + 1e-12)) << "article " << *it;
      ++checked;
    }
  }
  // Every query but the wildcard and the ten frequent words (over eight lists' worth) is
  // planned, and many articles were checked against the bounds.
  EXPECT_EQ(planned, queries().size() - 2);
  EXPECT_GT(checked, 500u);
}

TEST(ChampionLists, TheSamePageAsMatchingEveryArticle) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 150);
  std::size_t used = 0;
  std::size_t used_coordinated = 0;
  std::size_t fell_back = 0;
  std::vector<SearchOptions> variants(4);
  variants[1].offset = 10;
  variants[2].show_duplicates = true;
  variants[3].sections = {"sport"};
  for (const SearchOptions& options : variants) {
    for (const std::string& query : queries()) {
      const SearchResults lists = search(db, query, true, options);
      const SearchResults full = search(db, query, false, options);
      expect_same(lists, full, query);
      used += lists.champion_lists == ChampionUse::used ? 1 : 0;
      used_coordinated +=
          lists.champion_lists == ChampionUse::used && lists.query_words >= 2 ? 1 : 0;
      fell_back += lists.champion_lists == ChampionUse::fell_back ? 1 : 0;
    }
  }
  EXPECT_GT(used, 10u);
  EXPECT_GT(used_coordinated, 0u);
  std::printf("through the lists: %zu (%zu coordinated), fell back: %zu, of %zu\n", used,
              used_coordinated, fell_back, variants.size() * queries().size());
}

// The lists are computed with a short query's BM25 (b 0.6, search/ranking.h), the queries they
// serve; a long one, weighed as a passage (b 0.5), matches every article even where the lists
// could bound it, since their order and bound hold for their own parameters only.
TEST(ChampionLists, ComputedForTheShortQueriesThatUseThem) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 150);
  const Xapian::Database index(db);
  const search::ChampionLists lists(index);
  ASSERT_EQ(lists.state(), search::ChampionLists::State::usable);
  EXPECT_EQ(lists.parameters().b, 0.6);
  EXPECT_TRUE(lists.ranked_by(search::ranking_parameters(search::kShortQueryUpTo)));
  EXPECT_FALSE(lists.ranked_by(search::ranking_parameters(search::kShortQueryUpTo + 1)));
  // Eight words, two of them four times each: few enough lists for them to bound the query.
  const std::string long_words = "الحدود الجيش الحدود الجيش الحدود الجيش الحدود الجيش";
  const Analysis analysis(StemmerKind::light);
  ASSERT_TRUE(search::plan_champion_match(search::parse_query(long_words, index, analysis).query,
                                          index, lists)
                  .has_value());
  const SearchResults long_query = search(db, long_words, true);
  EXPECT_EQ(long_query.champion_lists, ChampionUse::not_used);
  expect_same(long_query, search(db, long_words, false), long_words);
  const std::string short_words = "الحدود الجيش الحدود الجيش الحدود الجيش الحدود";
  const SearchResults short_query = search(db, short_words, true);
  EXPECT_NE(short_query.champion_lists, ChampionUse::not_used);
  expect_same(short_query, search(db, short_words, false), short_words);
}

TEST(ChampionLists, TheFullMatchWhenTheBoundFails) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 300);
  // Two articles a word: too few for a page of ten, which the bound then cannot prove.
  compact(db, 2);
  const SearchResults lists = search(db, "سوريا", true);
  EXPECT_EQ(lists.champion_lists, ChampionUse::fell_back);
  EXPECT_EQ(lists.hits.size(), 10u);
  expect_same(lists, search(db, "سوريا", false), "سوريا");
}

constexpr std::size_t kGeneratedQueries = 20;

// Lists too short to prove coordination's window of 100 still prove a page whose every match
// holds all the query's words and weighs more than the bound.
TEST(ChampionLists, TheCoordinatedPageWithoutItsWindow) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 25);
  std::size_t coordinated = 0;
  std::vector<SearchOptions> variants(3);
  variants[1].offset = 3;
  variants[1].limit = 4;
  variants[2].limit = 3;
  std::vector<std::string> multi_word{"سوريا الحكومة",
                                      "النفط الاقتصاد",
                                      "الحكومة الرئيس",
                                      "سوريا الحكومة الرئيس",
                                      "الرئيس الانتخابات الحكومة",
                                      "سوريا AND الحكومة الرئيس",
                                      "الحكومة المعارضة"};
  // And queries of two to four words drawn as the articles' words are.
  Numbers numbers;
  for (std::size_t i = 0; i < kGeneratedQueries; ++i) {
    multi_word.push_back(words(numbers, 2 + numbers.next() % 3));
  }
  for (const SearchOptions& options : variants) {
    for (const std::string& query : multi_word) {
      const SearchResults lists = search(db, query, true, options);
      const SearchResults full = search(db, query, false, options);
      expect_same(lists, full, query);
      // No list of 25 gives a window of 100 that the bound proves: a page taken through the
      // lists was proved by the words its matches hold.
      if (lists.champion_lists == ChampionUse::used && lists.query_words >= 2) ++coordinated;
    }
  }
  EXPECT_GT(coordinated, 2u);
}

// Queries of three and four words drawn as the articles' words are.
std::vector<std::string> longer_queries(std::size_t count) {
  Numbers numbers;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(words(numbers, 3 + numbers.next() % 2));
  return out;
}

// The candidates listed most often, matched alone, weigh at most the full match's best (they
// are matches of the same query), and often as much: the floor of coordination's band that the
// searcher cuts the lists' match off at is then above the bound.
TEST(ChampionLists, TheMostListedCandidatesBoundTheBestFromBelow) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 150);
  const Xapian::Database index(db);
  const search::ChampionLists lists(index);
  ASSERT_EQ(lists.state(), search::ChampionLists::State::usable);
  const Analysis analysis(StemmerKind::light);
  std::size_t bounded = 0;
  std::size_t best_found = 0;
  std::size_t floor_above_bound = 0;
  for (const std::string& text : longer_queries(60)) {
    SCOPED_TRACE(text);
    const search::ParsedQuery parsed = search::parse_query(text, index, analysis);
    const std::optional<search::ChampionPlan> plan =
        search::plan_champion_match(parsed.query, index, lists);
    if (!plan) continue;
    ASSERT_LE(plan->most_listed.size(), search::kMostListed);
    for (Xapian::docid id : plan->most_listed) {
      EXPECT_TRUE(std::binary_search(plan->candidates->begin(), plan->candidates->end(), id));
    }
    const std::optional<double> least =
        search::least_best_weight(parsed.query, *plan, index, schema::kChampionBm25);
    if (!least) continue;
    ++bounded;
    Xapian::Enquire enquire(index);
    enquire.set_query(parsed.query);
    enquire.set_weighting_scheme(search::ranking_weight(schema::kChampionBm25));
    const Xapian::MSet best = enquire.get_mset(0, 1);
    ASSERT_FALSE(best.empty());
    EXPECT_LE(*least, best.begin().get_weight() * (1 + 1e-12));
    best_found += *least >= best.begin().get_weight() * (1 - 1e-12) ? 1 : 0;
    floor_above_bound += search::kNearBestShare * *least > plan->bound ? 1 : 0;
  }
  EXPECT_GT(bounded, 30u);
  EXPECT_GT(best_found, 5u);
  EXPECT_GT(floor_above_bound, 0u);
  std::printf("bounded: %zu, the best itself: %zu, floor above the bound: %zu\n", bounded,
              best_found, floor_above_bound);
}

// Cut off at the band's floor, the lists' match gives the page of matching every article, for
// queries of three and four words, deeper pages, duplicates shown and a section filter.
TEST(ChampionLists, TheBandsFloorKeepsThePage) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  std::size_t used = 0;
  for (const std::size_t length : {25, 60, 150}) {
    compact(db, length);
    std::vector<SearchOptions> variants(5);
    variants[1].offset = 10;
    variants[2].show_duplicates = true;
    variants[3].sections = {"sport"};
    variants[4].offset = 2;
    variants[4].limit = 3;
    for (const SearchOptions& options : variants) {
      for (const std::string& query : longer_queries(40)) {
        const SearchResults lists = search(db, query, true, options);
        expect_same(lists, search(db, query, false, options), query);
        used += lists.champion_lists == ChampionUse::used ? 1 : 0;
      }
    }
  }
  EXPECT_GT(used, 50u);
  // The floor is above the bound, and so cuts the match off, for some of the queries.
  const Xapian::Database index(db);
  const search::ChampionLists lists(index);
  const Analysis analysis(StemmerKind::light);
  std::size_t cut = 0;
  for (const std::string& text : longer_queries(40)) {
    const search::ParsedQuery parsed = search::parse_query(text, index, analysis);
    const std::optional<search::ChampionPlan> plan =
        search::plan_champion_match(parsed.query, index, lists);
    if (!plan || plan->complete) continue;
    const std::optional<double> least =
        search::least_best_weight(parsed.query, *plan, index, schema::kChampionBm25);
    cut += least && search::kNearBestShare * *least > plan->bound ? 1 : 0;
  }
  EXPECT_GT(cut, 0u);
  std::printf("through the lists: %zu of 600; cut at the floor: %zu of 40\n", used, cut);
}

// A query whose lists name more than eight lists' worth of articles matches every article, however
// large the index is beside the lists: its bound, summed over that many frequent terms, is seldom
// cleared. (An eighth of the index was allowed too, which grew with the index.)
TEST(ChampionLists, EightListsWorthAtMostWhateverTheIndexSize) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 5);  // eight lists: 40 articles, under an eighth of the index (75)
  const std::string five_words = "سوريا الحكومة الرئيس الانتخابات البرلمان";
  const SearchResults many = search(db, five_words, true);
  EXPECT_EQ(many.champion_lists, ChampionUse::not_used);
  expect_same(many, search(db, five_words, false), five_words);
  // One word's lists are within the limit.
  EXPECT_NE(search(db, "سوريا", true).champion_lists, ChampionUse::not_used);
}

// A match through the lists that proves nothing still gives the least weight of the full
// match's best, which the full match is cut off at; the page and its count are the same.
TEST(ChampionLists, TheFullMatchCutOffAtTheListsWeight) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 150);
  std::size_t fell_back = 0;
  SearchOptions deep;
  deep.offset = 40;
  deep.limit = 30;  // 70 deep: one word's list of 150 has them, its bound does not prove them
  for (const SearchOptions& options : {SearchOptions{}, deep}) {
    for (const std::string& query : queries()) {
      const SearchResults lists = search(db, query, true, options);
      expect_same(lists, search(db, query, false, options), query);
      fell_back += lists.champion_lists == ChampionUse::fell_back ? 1 : 0;
    }
  }
  EXPECT_GT(fell_back, 0u);
}

TEST(ChampionLists, OffOnceTheIndexIsWrittenUntilTheNextCompaction) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 150);
  ASSERT_EQ(search(db, "سوريا", true).champion_lists, ChampionUse::used);
  // One more article, with the word many times: it belongs at the top, and no list has it.
  Article added;
  added.id = "added";
  added.title = "سوريا سوريا سوريا";
  added.body = "سوريا سوريا سوريا سوريا سوريا سوريا سوريا سوريا";
  build(db, {added});
  {
    const Xapian::Database index(db);
    EXPECT_EQ(search::ChampionLists(index).state(), search::ChampionLists::State::stale);
  }
  const SearchResults after = search(db, "سوريا", true);
  EXPECT_EQ(after.champion_lists, ChampionUse::not_used);
  const auto has_added = [](const SearchResults& results) {
    return std::any_of(results.hits.begin(), results.hits.end(),
                       [](const SearchHit& hit) { return hit.id == "added"; });
  };
  EXPECT_TRUE(has_added(after));
  expect_same(after, search(db, "سوريا", false), "سوريا");
  compact(db, 150);
  const SearchResults again = search(db, "سوريا", true);
  EXPECT_EQ(again.champion_lists, ChampionUse::used);
  EXPECT_TRUE(has_added(again));
}

TEST(ChampionLists, AnIndexWithoutListsSearchesAsBefore) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 300);
  const SearchResults before = search(db, "سوريا الحكومة", true);
  EXPECT_EQ(before.champion_lists, ChampionUse::not_used);
  EXPECT_TRUE(before.warnings.empty());
  EXPECT_EQ(before.hits.size(), 10u);
  compact(db, 0);  // compacted without lists
  const Xapian::Database index(db);
  EXPECT_EQ(search::ChampionLists(index).state(), search::ChampionLists::State::absent);
  const SearchResults after = search(db, "سوريا الحكومة", true);
  EXPECT_EQ(after.champion_lists, ChampionUse::not_used);
  expect_same(after, before, "سوريا الحكومة");
}

// Rewrites the lists' metadata of `db` as `change` makes it, in one commit the header then
// records (as if bahth had written it so).
void tamper(const std::string& db, const std::function<void(Xapian::WritableDatabase&)>& change,
            bool keep_header_valid) {
  Xapian::WritableDatabase index(db, Xapian::DB_OPEN);
  change(index);
  if (keep_header_valid) {
    schema::ChampionsHeader header =
        schema::decode_champions_header(index.get_metadata(std::string(schema::kMetaChampions)));
    header.revision = index.get_revision() + 1;
    index.set_metadata(std::string(schema::kMetaChampions),
                       schema::encode_champions_header(header));
  }
  index.commit();
}

TEST(ChampionLists, DamagedListsAreNamedAndLeftOut) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  build_corpus(db, 600);
  compact(db, 150);
  const SearchResults full = search(db, "سوريا", false);
  std::string term;
  {
    const Xapian::Database index(db);
    term = most_frequent_stem(index);
  }
  tamper(
      db,
      [&](Xapian::WritableDatabase& index) {
        index.set_metadata(schema::champion_key(term), "\x01garbage");
      },
      true);
  const SearchResults damaged_list = search(db, "سوريا", true);
  EXPECT_EQ(damaged_list.champion_lists, ChampionUse::not_used);
  ASSERT_EQ(damaged_list.warnings.size(), 1u);
  EXPECT_NE(damaged_list.warnings[0].find(schema::champion_key(term)), std::string::npos)
      << damaged_list.warnings[0];
  EXPECT_NE(damaged_list.warnings[0].find("bahth compact"), std::string::npos);
  expect_same(damaged_list, full, "سوريا");

  tamper(
      db,
      [&](Xapian::WritableDatabase& index) {
        index.set_metadata(std::string(schema::kMetaChampions), "form=1 limit=lots");
      },
      false);
  const SearchResults damaged_header = search(db, "سوريا", true);
  EXPECT_EQ(damaged_header.champion_lists, ChampionUse::not_used);
  ASSERT_EQ(damaged_header.warnings.size(), 1u);
  EXPECT_NE(damaged_header.warnings[0].find(schema::kMetaChampions), std::string::npos)
      << damaged_header.warnings[0];
  expect_same(damaged_header, full, "سوريا");
}

TEST(ChampionLists, OnlyForOneDatabase) {
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  IndexOptions options;
  options.db_path = db;
  options.shards = 2;
  options.threads = 1;
  {
    Indexer indexer(options);
    indexer.add(corpus(300));
    indexer.finish();
  }
  // The shards compacted in place get none: a search over both weighs by their joint statistics.
  EXPECT_EQ(compact(db, 20).champion_terms, 0u);
  EXPECT_EQ(search(db, "سوريا", true).champion_lists, ChampionUse::not_used);
  // Merged into one database, it gets them.
  CompactOptions merge;
  merge.db_path = db;
  merge.into = (dir.path() / "merged").string();
  merge.champion_length = 20;
  EXPECT_GT(compact_index(merge).champion_terms, 0u);
  const SearchResults merged = search(merge.into, "سوريا", true);
  EXPECT_NE(merged.champion_lists, ChampionUse::not_used);
  expect_same(merged, search(merge.into, "سوريا", false), "سوريا");
}

}  // namespace
}  // namespace champions_test
}  // namespace bahth
