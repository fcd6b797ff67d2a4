// "Did you mean": Arabic misspellings of words the index holds, and what must not be corrected.
#include "search/did_you_mean.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "bahth/stemmers.h"
#include "schema/schema.h"
#include "search/query_builder.h"
#include "store/spelling_overlay.h"
#include "temp_dir.h"

namespace bahth {
namespace did_you_mean_test {
namespace {

using testing::TempDir;

std::vector<Article> vocabulary() {
  const std::vector<std::string> sentences{
      "ارتفع سعر الذهب في الأسواق العالمية",
      "ارتفع سعر الذهب مرة أخرى",
      "خرجت مظاهرات في العاصمة ضد الحكومة",
      "هبطت الطائرة في المطار بسلام",
      "قال الصحفي إن المسؤول رفض التعليق",
      "التقى رئيس الوزراء بوفد من المدرسة",
      "أغلقت الشرطة الطريق الدولي",
      "عثر الباحث على مخطوط نادر",
      "قرأ الطالب بكتاب قديم",
  };
  // Each sentence twice: the spelling table only holds words of two articles or more.
  std::vector<Article> articles;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    articles.push_back({"s" + std::to_string(i), "", "", "", "", sentences[i], {}});
    articles.push_back({"t" + std::to_string(i), "", "", "", "", "خبر: " + sentences[i], {}});
  }
  return articles;
}

// The "did you mean" of `query` searched as typed in the index at `db` (a confident correction
// is otherwise searched, not suggested).
std::string suggestion_as_typed(const std::string& db, const std::string& query) {
  SearchOptions options;
  options.correct = false;
  return Searcher({db}).search(query, options).suggestion;
}

class Spelling : public ::testing::TestWithParam<StemmerKind> {
 protected:
  void SetUp() override {
    IndexOptions options;
    options.db_path = dir_ / "db";
    options.stemmer = GetParam();
    Indexer indexer(options);
    indexer.add(vocabulary());
    indexer.finish();
  }
  std::string suggestion(const std::string& query) const {
    return suggestion_as_typed(dir_ / "db", query);
  }
  TempDir dir_;
};

TEST_P(Spelling, CorrectsRealMisspellingsOfIndexedWords) {
  const std::vector<std::pair<std::string, std::string>> table{
      {"الزهب", "الذهب"},               // ذ typed as ز
      {"الدهب", "الذهب"},               // ذ typed as د
      {"مضاهرات", "مظاهرات"},           // ظ typed as ض
      {"السحفي", "الصحفي"},             // ص typed as س
      {"الشرتة", "الشرطة"},             // ط typed as ت
      {"الطايرة", "الطائرة"},           // hamza seat left out
      {"المسوول", "المسؤول"},           // hamza seat left out
      {"ريس الوزراء", "رئيس الوزراء"},  // hamza letter dropped
      {"العصمة", "العاصمة"},            // letter dropped
      {"الحموكة", "الحكومة"},           // two letters swapped
      {"المطاار", "المطار"},            // letter doubled
  };
  for (const auto& [typed, expected] : table) {
    const SearchResults results = Searcher({dir_ / "db"}).search(typed, {});
    if (GetParam() == StemmerKind::snowball && !results.corrected && results.suggestion.empty()) {
      // Snowball folds the hamza seats itself: the query finds the word, nothing to correct.
      EXPECT_FALSE(results.hits.empty()) << typed;
    } else {
      // Searched when confident (each right word is in two of the 18 articles: frequent), else
      // suggested (الحموكة: Xapian's two-edit suggestion, once the query found nothing).
      EXPECT_EQ(results.corrected ? results.corrected->to : results.suggestion, expected) << typed;
      EXPECT_EQ(suggestion(typed), expected) << typed;  // and suggested with --no-correct
    }
  }
}

TEST_P(Spelling, CorrectsAMisspelledWordAmongGoodOnes) {
  // The good word finds results alone; the misspelled one is still worth a suggestion.
  EXPECT_EQ(suggestion("سعر الزهب"), "سعر الذهب");
}

TEST_P(Spelling, KeepsOperatorsFieldsAndNumbers) {
  EXPECT_EQ(suggestion("title:الزهب AND 2018"), "");  // title:الزهب finds nothing either way
  EXPECT_EQ(suggestion("الزهب AND سعر"), "الذهب AND سعر");
}

TEST_P(Spelling, LeavesKnownWordsAlone) {
  EXPECT_EQ(suggestion("نادر"), "");  // rare (one article) but real
  EXPECT_EQ(suggestion("الذهب"), "");
  EXPECT_EQ(suggestion("مظاهرات العاصمة"), "");
}

TEST_P(Spelling, NoSuggestionWithoutACloseWord) { EXPECT_EQ(suggestion("قلقشندي"), ""); }

// A word that entered the spelling table in a later run is in its overlay
// (store/spelling_overlay.h), which Xapian's two-edit suggestion reads with the index's table.
TEST(SpellingOverlay, SuggestsAWordThatEnteredTheTableInALaterRun) {
  TempDir dir;
  const std::string db = dir / "db";
  std::vector<Article> first;
  std::vector<Article> later;
  for (const Article& a : vocabulary()) {
    (a.body.find("الحكومة") == std::string::npos ? first : later).push_back(a);
  }
  ASSERT_EQ(later.size(), 2u);
  IndexOptions options;
  options.db_path = db;
  {
    Indexer indexer(options);
    indexer.add(first);
    indexer.finish();
  }
  EXPECT_EQ(suggestion_as_typed(db, "الحموكة"), "");
  {
    Indexer indexer(options);
    indexer.add(later);
    indexer.finish();
  }
  const Xapian::Database index(db);
  EXPECT_EQ(index.get_spelling_suggestion(schema::spelling_key("الحموكة"), 2), "")
      << "the word should be in the overlay, not in the index's own table";
  const auto overlay = store::open_overlay_for_reading(db, index);
  ASSERT_TRUE(overlay);
  bool held = false;  // as the index holds it: normalized (the last letter may be ه)
  for (auto it = overlay->spellings_begin(); it != overlay->spellings_end(); ++it) {
    held = held || schema::word_of_spelling_key(*it).starts_with("الحكوم");
  }
  EXPECT_TRUE(held);
  EXPECT_EQ(suggestion_as_typed(db, "الحموكة"), "الحكومة");
}

INSTANTIATE_TEST_SUITE_P(AllStemmers, Spelling,
                         ::testing::Values(StemmerKind::light, StemmerKind::snowball,
                                           StemmerKind::none),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// Common slips the corpus showed: a long vowel dropped from a name or a long word, and a
// neighbouring key. Each right word is common; each slip is rare or absent, as in the corpora.
class SpellingSlips : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Article> articles;
    auto add = [&articles](int copies, const std::string& body) {
      for (int i = 0; i < copies; ++i) {
        const std::string id = "a" + std::to_string(articles.size());
        std::string text = body;
        text.append(" ").append(id);
        articles.push_back({id, "", "", "", "", text, {}});
      }
    };
    add(40, "قضية الصحفي جمال خاشقجي في إسطنبول");
    add(1, "كتب خشقجي مقالا");  // the slip, written once by someone
    add(30, "نتائج الانتخابات الرئاسية في مصر");
    add(10, "الانتخابات البرلمانية في العراق");
    add(1, "الانتخبات البرلمانية");
    add(20, "الحرب في اليمن مستمرة");
    add(40, "قال الوزير اليوم إن الاجتماع انتهى");
    IndexOptions options;
    options.db_path = dir_ / "db";
    Indexer indexer(options);
    indexer.add(articles);
    indexer.finish();
  }
  std::string suggestion(const std::string& query) const {
    return suggestion_as_typed(dir_ / "db", query);
  }
  TempDir dir_;
};

TEST_F(SpellingSlips, ARareNameWithALongVowelDroppedGetsTheCommonOne) {
  EXPECT_EQ(suggestion("خشقجي"), "خاشقجي");
}

TEST_F(SpellingSlips, ALongWordWithALongVowelDroppedGetsItBackNextToItsContext) {
  EXPECT_EQ(suggestion("الانتخبات الرئاسية"), "الانتخابات الرئاسية");  // as typed but the slip
}

TEST_F(SpellingSlips, ANeighbouringKeyBeatsAMoreCommonWordFurtherAway) {
  EXPECT_EQ(suggestion("اليمم"), "اليمن");  // م is next to ن; اليوم is a whole key away
}

// What the rare-word check asks the index, through the lookups shared by all the checks.
TEST_F(SpellingSlips, LookupsCountARareWordWithItsStemAndAnUnwrittenOneAsOneArticle) {
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  const Analyzer& analyzer = analysis.analyzer();
  search::WordLookups lookups(db, analyzer);
  EXPECT_TRUE(lookups.known("خشقجي"));
  EXPECT_EQ(lookups.documents("خشقجي"), 1U);
  EXPECT_EQ(lookups.documents("خاشقجي"), 40U);
  EXPECT_GE(lookups.commonness("خشقجي"), 1U);
  EXPECT_LE(lookups.commonness("خشقجي"), search::kRareWordMaxDocuments);
  EXPECT_EQ(lookups.commonness("خاشقجي"), 40U);
  EXPECT_EQ(lookups.commonness("كلمةغائبة"), 1U);  // absent: one article at most
  EXPECT_FALSE(lookups.known("كلمةغائبة"));
  EXPECT_EQ(lookups.search_term("كلمةغائبة"), "كلمةغائبة");
}

TEST_F(SpellingSlips, OnlyARareWordGetsALongVowelPutBack) {
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  const Analyzer& analyzer = analysis.analyzer();
  search::WordLookups lookups(db, analyzer);
  const auto rare = search::rare_word_corrections("خشقجي", lookups);
  ASSERT_FALSE(rare.empty());
  EXPECT_EQ(rare.front().word, "خاشقجي");
  EXPECT_TRUE(search::rare_word_corrections("خاشقجي", lookups).empty());  // common itself
  EXPECT_TRUE(search::rare_word_corrections("يمن", lookups).empty());     // under four letters
}

TEST_F(SpellingSlips, TheCommonWordsThemselvesAreLeftAlone) {
  EXPECT_EQ(suggestion("خاشقجي"), "");
  EXPECT_EQ(suggestion("الانتخابات الرئاسية"), "");
  EXPECT_EQ(suggestion("اليوم"), "");
}

std::vector<std::string> ids_of(const SearchResults& results) {
  std::vector<std::string> ids;
  for (const SearchHit& hit : results.hits) ids.push_back(hit.id);
  return ids;
}

TEST_F(SpellingSlips, AConfidentCorrectionIsSearchedAndSaidSo) {
  const Searcher searcher({dir_ / "db"});
  const SearchResults results = searcher.search("الانتخبات الرئاسية", {});
  ASSERT_TRUE(results.corrected.has_value());
  EXPECT_EQ(results.corrected->from, "الانتخبات الرئاسية");
  EXPECT_EQ(results.corrected->to, "الانتخابات الرئاسية");  // the user's ة, not the index's ه
  EXPECT_EQ(results.query, "الانتخبات الرئاسية");
  EXPECT_EQ(results.suggestion, "");  // searched, not suggested
  SearchOptions as_typed;
  as_typed.correct = false;
  const SearchResults corrected = searcher.search("الانتخابات الرئاسية", as_typed);
  EXPECT_EQ(results.total, corrected.total);
  EXPECT_EQ(ids_of(results), ids_of(corrected));
}

// A confident correction is searched without a search of its own first: the search shows that
// it finds something. A page past its matches shows none, and the correction still stands.
TEST_F(SpellingSlips, ACorrectionPagedPastItsMatchesIsStillSearched) {
  const Searcher searcher({dir_ / "db"});
  SearchOptions far;
  far.show_duplicates = true;
  far.offset = 5000;
  const SearchResults paged = searcher.search("خشقجي", far);
  EXPECT_TRUE(paged.hits.empty());
  ASSERT_TRUE(paged.corrected.has_value());
  EXPECT_EQ(paged.corrected->to, "خاشقجي");
  EXPECT_EQ(paged.total, 40U);
  EXPECT_EQ(paged.suggestion, "");
  // A filter that leaves nothing: the correction finds something all the same, and stands.
  SearchOptions filtered;
  filtered.sources = {"no-such-outlet"};
  const SearchResults none = searcher.search("خشقجي", filtered);
  EXPECT_EQ(none.total, 0U);
  ASSERT_TRUE(none.corrected.has_value());
  EXPECT_EQ(none.corrected->to, "خاشقجي");
}

// A confident correction is searched as built by the check that it finds anything, or built
// again without transliterations when the search is told not to transliterate.
TEST_F(SpellingSlips, AConfidentCorrectionIsSearchedWithTheSearchsOwnOptions) {
  const Searcher searcher({dir_ / "db"});
  SearchOptions plain;
  plain.transliterate = false;
  const SearchResults results = searcher.search("الانتخبات الرئاسية", plain);
  ASSERT_TRUE(results.corrected.has_value());
  plain.correct = false;
  const SearchResults corrected = searcher.search("الانتخابات الرئاسية", plain);
  EXPECT_EQ(results.total, corrected.total);
  EXPECT_EQ(ids_of(results), ids_of(corrected));
}

// The check of a correction hands back the query it built, read with the lookups it was given.
TEST_F(SpellingSlips, ACorrectionThatFindsSomethingComesBackBuilt) {
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  const search::ParsedQuery typed = search::read_query("الانتخبات الرئاسية", db, analysis);
  const std::optional<search::ParsedQuery> corrected =
      search::parse_if_it_finds("الانتخابات الرئاسية", db, analysis, {}, typed.lookups);
  ASSERT_TRUE(corrected.has_value());
  EXPECT_FALSE(corrected->query.empty());
  EXPECT_EQ(corrected->lookups, typed.lookups);
  EXPECT_EQ(corrected->query.get_description(),
            search::parse_query("الانتخابات الرئاسية", db, analysis).query.get_description());
  EXPECT_FALSE(search::parse_if_it_finds("كلمةغائبة", db, analysis).has_value());
  EXPECT_FALSE(search::parse_if_it_finds("AND", db, analysis).has_value());  // no words
}

TEST_F(SpellingSlips, NoCorrectSearchesTheQueryAsTypedAndSuggests) {
  const Searcher searcher({dir_ / "db"});
  SearchOptions as_typed;
  as_typed.correct = false;
  as_typed.show_duplicates = true;  // the 40 articles about خاشقجي are one story
  const SearchResults typed = searcher.search("خشقجي", as_typed);
  EXPECT_FALSE(typed.corrected.has_value());
  EXPECT_EQ(typed.suggestion, "خاشقجي");
  EXPECT_EQ(typed.total, 1U);  // the one article that wrote the slip
  SearchOptions corrects;
  corrects.show_duplicates = true;
  const SearchResults corrected = searcher.search("خشقجي", corrects);
  ASSERT_TRUE(corrected.corrected.has_value());
  EXPECT_EQ(corrected.total, 40U);
}

// A frequent word is never corrected; what is frequent grows with the index (rare_word_limit).
// Each slip is written `slips` times beside `right` articles with the right word, among
// `filler` others.
class FrequentWords : public ::testing::Test {
 protected:
  void build(int filler, const std::vector<std::tuple<std::string, int, std::string, int>>& pairs) {
    std::vector<Article> articles;
    auto add = [&articles](int copies, const std::string& body) {
      for (int i = 0; i < copies; ++i) {
        const std::string id = "a" + std::to_string(articles.size());
        articles.push_back({id, "", "", "", "", body + " " + id, {}});
      }
    };
    for (const auto& [slip, slips, right, rights] : pairs) {
      add(slips, "كتب " + slip + " مقالا");
      add(rights, "قضية " + right + " اليوم");
    }
    add(filler, "قال الوزير إن الاجتماع انتهى");
    IndexOptions options;
    options.db_path = dir_ / "db";
    Indexer indexer(options);
    indexer.add(articles);
    indexer.finish();
  }
  std::optional<Correction> corrected(const std::string& query) const {
    return Searcher({dir_ / "db"}).search(query, {}).corrected;
  }
  TempDir dir_;
};

TEST_F(FrequentWords, OnASmallIndexAWordInTwoArticlesIsFrequent) {
  build(20, {{"خشقجي", 2, "خاشقجي", 60}, {"الانتخبات", 1, "الانتخابات", 40}});
  EXPECT_EQ(search::rare_word_limit(123), 1U);
  EXPECT_FALSE(corrected("خشقجي").has_value());
  const std::optional<Correction> once = corrected("الانتخبات");
  ASSERT_TRUE(once.has_value());
  EXPECT_EQ(once->to, "الانتخابات");
}

TEST_F(FrequentWords, OnALargerIndexTheLimitGrowsWithIt) {
  // 1,000 articles: a word in up to two of them may be a slip, in three it is frequent.
  build(875, {{"خشقجي", 2, "خاشقجي", 50}, {"الانتخبات", 3, "الانتخابات", 70}});
  EXPECT_EQ(search::rare_word_limit(1'000), 2U);
  const std::optional<Correction> slip = corrected("خشقجي");
  ASSERT_TRUE(slip.has_value());
  EXPECT_EQ(slip->to, "خاشقجي");
  EXPECT_FALSE(corrected("الانتخبات").has_value());
  EXPECT_EQ(search::rare_word_limit(1'000'000), search::kRareWordMaxDocuments);
}

TEST(SpellingPrefixes, NeverSuggestsTheSameWordWithAPrefixAddedOrDropped) {
  TempDir dir;
  IndexOptions options;
  options.db_path = dir / "db";
  options.stemmer = StemmerKind::none;  // so that كتاب is unknown although بكتاب is indexed
  Indexer indexer(options);
  indexer.add(vocabulary());
  indexer.finish();
  const Searcher searcher({dir / "db"});
  EXPECT_EQ(searcher.search("كتاب", {}).suggestion, "");      // only ب added
  EXPECT_EQ(searcher.search("ذهب", {}).suggestion, "");       // only ال added
  EXPECT_EQ(searcher.search("والمسؤول", {}).suggestion, "");  // only و ال dropped
}

TEST(SpellingPrefixes, TellsAPrefixChangeFromAnotherWord) {
  EXPECT_TRUE(search::differ_by_prefix_only("كتاب", "بكتاب"));
  EXPECT_TRUE(search::differ_by_prefix_only("والكتاب", "كتاب"));
  EXPECT_TRUE(search::differ_by_prefix_only("للكتاب", "بالكتاب"));
  EXPECT_TRUE(search::differ_by_prefix_only("فكتاب", "كتاب"));
  EXPECT_FALSE(search::differ_by_prefix_only("كتاب", "كتب"));
  EXPECT_FALSE(search::differ_by_prefix_only("الذهب", "الزهب"));
  EXPECT_FALSE(search::differ_by_prefix_only("ود", "د"));  // two letters at least remain
}

// A name the index holds in one spelling, searched in another one letter away.
class NearSpellings : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexOptions options;
    options.db_path = dir_ / "db";
    Indexer indexer(options);
    indexer.add({
        {"guterres", "", "", "", "", "التقى الأمين العام غوتيريش بالوزير في نيويورك", {}},
        {"togo", "", "", "", "", "زار وفد من توغو العاصمة أمس", {}},
        {"other", "", "", "", "", "ارتفع سعر الذهب في الأسواق العالمية", {}},
        // حمدون stems to حمد, a stem many words share: حمدوك (a name the index lacks) is one
        // edit from حمدون, two from حمد.
        {"hamdoun", "", "", "", "", "قال حمدون إن الوفد وصل إلى الخرطوم", {}},
        {"hamad", "", "", "", "", "التقى الشيخ حمد بالوفد في الخرطوم", {}},
        {"hamad2", "", "", "", "", "وصل حمد إلى الخرطوم أمس", {}},
        {"school", "", "", "", "", "افتتحت المدرسة المعروفة في المدينة", {}},
    });
    indexer.finish();
  }
  SearchResults search(const std::string& query, SearchOptions options = {}) const {
    return Searcher({dir_ / "db"}).search(query, options);
  }
  static std::vector<std::string> ids(const SearchResults& results) {
    std::vector<std::string> out;
    for (const SearchHit& hit : results.hits) out.push_back(hit.id);
    std::sort(out.begin(), out.end());
    return out;
  }
  TempDir dir_;
};

TEST_F(NearSpellings, AWordTheIndexLacksBesideAKnownWordMatchesWordsOneEditAwayNoted) {
  const SearchResults near = search("غوتيريس نيويورك");  // غوتيريش with س for ش
  ASSERT_EQ(near.hits.size(), 1u);
  EXPECT_EQ(near.hits[0].id, "guterres");
  ASSERT_EQ(near.near_spellings.size(), 1u);
  EXPECT_EQ(near.near_spellings[0].word, "غوتيريس");
  EXPECT_EQ(near.near_spellings[0].spellings, std::vector<std::string>{"غوتيريش"});
  const SearchResults exact = search("غوتيريش نيويورك");
  ASSERT_EQ(exact.hits.size(), 1u);
  EXPECT_TRUE(exact.near_spellings.empty());
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  search::WordLookups lookups(db, analysis.analyzer());
  EXPECT_TRUE(search::near_spelling_terms("غوتيريش", lookups, true).empty())
      << "a word the index holds gets none";
}

// The note names the word as typed and the index's word as its articles write it, not as the
// index holds them normalized (الهعروفه → المعروفه).
TEST_F(NearSpellings, AreShownAsTypedAndAsTheArticlesWriteThem) {
  const SearchResults results = search("الهعروفة المدينة");
  ASSERT_EQ(results.near_spellings.size(), 1u);
  EXPECT_EQ(results.near_spellings[0].word, "الهعروفة");
  EXPECT_EQ(results.near_spellings[0].spellings, std::vector<std::string>{"المعروفة"});
  // A slip in place of the word's ة: the index's word as written, not the normalized ه.
  const SearchResults slip = search("المعروفث المدينة");
  ASSERT_EQ(slip.near_spellings.size(), 1u);
  EXPECT_EQ(slip.near_spellings[0].word, "المعروفث");
  EXPECT_EQ(slip.near_spellings[0].spellings, std::vector<std::string>{"المعروفة"});
  // Searched with its near spelling, the word is not also said to be held by no article.
  EXPECT_TRUE(slip.missing_words.empty());
}

// A quoted phrase that matches nothing falls back to its words; their correction is offered
// without the blanks the quotes left behind.
TEST_F(NearSpellings, ACorrectionAfterAPhraseFallsBackHasNoStrayBlanks) {
  const SearchResults results = search("\"حمدوك الخرطوم\"");
  ASSERT_TRUE(results.phrase_fallback);
  EXPECT_EQ(results.suggestion, "حمدون الخرطوم");
}

// A slip in a word with a clitic (لموريطانيا for لموريتانيا, ARCD) is seldom one edit from a word
// the index holds with the same clitic: the neighbours of its form without it stand for it.
TEST_F(NearSpellings, AWordWithAPrefixMeetsTheNeighboursOfItsFormWithoutIt) {
  const SearchResults near = search("لغوتيريس نيويورك");  // ل + غوتيريش with س for ش
  ASSERT_EQ(near.near_spellings.size(), 1u);
  EXPECT_EQ(near.near_spellings[0].word, "لغوتيريس");
  EXPECT_EQ(near.near_spellings[0].spellings, std::vector<std::string>{"غوتيريش"});
  ASSERT_EQ(near.hits.size(), 1u);
  EXPECT_EQ(near.hits[0].id, "guterres");
  SearchOptions as_typed;
  as_typed.correct = false;
  EXPECT_GT(near.hits[0].score, search("لغوتيريس نيويورك", as_typed).hits[0].score);
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  search::WordLookups lookups(db, analysis.analyzer());
  const std::vector<search::NearSpelling> togo =
      search::near_spelling_terms("وتوجو", lookups, true);
  ASSERT_EQ(togo.size(), 1u);
  EXPECT_EQ(togo[0].word, "توغو");
}

// A query of words the index lacks only is not searched with near spellings in silence: it finds
// what it finds (nothing), and the correction is suggested (or, when confident, searched and
// said: did_you_mean_test's searched corrections).
TEST_F(NearSpellings, AQueryOfUnknownWordsOnlyFindsNothingAndSuggests) {
  const SearchResults alone = search("توجو");  // توغو with ج for غ, issue 18's example
  EXPECT_TRUE(alone.hits.empty());
  EXPECT_EQ(alone.total, 0u);
  EXPECT_TRUE(alone.near_spellings.empty());
  EXPECT_FALSE(alone.corrected.has_value());
  EXPECT_EQ(alone.suggestion, "توغو");
  // From four letters (kMinNearSpellingLetters), beside a word the index holds.
  const SearchResults beside = search("توجو العاصمة");
  ASSERT_FALSE(beside.hits.empty());
  EXPECT_EQ(beside.hits[0].id, "togo");
  ASSERT_EQ(beside.near_spellings.size(), 1u);
  EXPECT_EQ(beside.near_spellings[0].spellings, std::vector<std::string>{"توغو"});
}

// حمدوك gave 385 results of حمد on both corpora (issue 28): its near spelling حمدون was searched
// through its stem.
TEST_F(NearSpellings, ANearSpellingWhoseStemIsAnotherWordIsSearchedAsWritten) {
  const Xapian::Database db(dir_ / "db");
  const Analysis analysis(StemmerKind::light);
  search::WordLookups lookups(db, analysis.analyzer());
  ASSERT_EQ(search::near_spelling_terms("حمدوك", lookups, false),
            (std::vector<search::NearSpelling>{{"حمدون", "حمدون"}}));
  EXPECT_EQ(search::near_spelling_terms("حمدوك", lookups, true),
            (std::vector<search::NearSpelling>{{"حمدون", "حمدون"}}))
      << "its stem حمد is two edits from حمدوك: the word as written";
  EXPECT_EQ(ids(search("حمدوك الخرطوم")), (std::vector<std::string>{"hamad", "hamad2", "hamdoun"}));
  EXPECT_EQ(search("حمدوك الخرطوم").hits[0].id, "hamdoun") << "حمد's articles gain nothing";
  EXPECT_TRUE(search("حمدوك").hits.empty());
}

TEST_F(NearSpellings, NotWhereOperatorsDecideTheMatches) {
  EXPECT_TRUE(search("غوتيريس AND نيويورك").hits.empty());
  EXPECT_FALSE(search("غوتيريش AND نيويورك").hits.empty());
}

// --no-correct (correct=0): the words as typed, strictly.
TEST_F(NearSpellings, NotWhenTheSearchIsToldNotToCorrect) {
  SearchOptions as_typed;
  as_typed.correct = false;
  const SearchResults results = search("غوتيريس نيويورك", as_typed);
  EXPECT_TRUE(results.near_spellings.empty());
  ASSERT_EQ(results.hits.size(), 1u);
  const SearchResults corrected = search("غوتيريس نيويورك");
  ASSERT_EQ(corrected.hits.size(), 1u);
  EXPECT_LT(results.hits[0].score, corrected.hits[0].score) << "نيويورك alone";
}

}  // namespace
}  // namespace did_you_mean_test
}  // namespace bahth
