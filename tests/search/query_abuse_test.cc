// Queries built to hurt: a megabyte long, 10,000 terms, a wildcard matching every word, 10,000
// nested parentheses, a phrase thousands of words long. Each is answered or refused with a clear
// UsageError, with bounded memory and without exhausting the stack.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <iostream>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "search/query_builder.h"
#include "temp_dir.h"

namespace bahth {
namespace query_abuse_test {
namespace {

using testing::TempDir;

#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxGrowthKb = 1024L * 1024;
#else
constexpr long kMaxGrowthKb = 300L * 1024;
#endif

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// "ابجد"-like words: Arabic letters that the light stemmer leaves alone in the middle of a word.
std::string word(unsigned n) {
  static const std::vector<std::string> letters{"ب", "ج", "د", "ر", "ز", "س", "ش", "ص",
                                                "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك"};
  std::string w = "ا";
  for (int i = 0; i < 3; ++i, n /= 16) w += letters[n % 16];
  return w + "ر";
}

class QueryAbuse : public ::testing::Test {
 protected:
  // 40 articles of 100 distinct words each, all starting with ا: 4,000 words, so that "ا*"
  // matches more words than a wildcard may expand to.
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    IndexOptions options;
    options.db_path = *dir_ / "db";
    options.threads = 1;
    Indexer indexer(options);
    std::vector<Article> articles;
    for (unsigned a = 0; a < 40; ++a) {
      Article article;
      article.id = "a" + std::to_string(a);
      article.title = "سوريا " + word(a);
      for (unsigned w = 0; w < 100; ++w) article.body += word(a * 100 + w) + " ";
      articles.push_back(std::move(article));
    }
    indexer.add(articles);
    indexer.finish();
    searcher_ = new Searcher({*dir_ / "db"});
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }

  // Runs the query and checks memory stayed bounded; returns the hits.
  static std::vector<SearchHit> search(const std::string& query) {
    const long before = peak_rss_kb();
    std::vector<SearchHit> hits = searcher_->search(query, {}).hits;
    EXPECT_LT(peak_rss_kb() - before, kMaxGrowthKb);
    std::cout << "peak RSS growth " << (peak_rss_kb() - before) / 1024 << " MB\n";
    return hits;
  }

  static void expect_refused(const std::string& query, const std::string& reason) {
    const long before = peak_rss_kb();
    try {
      searcher_->search(query, {});
      ADD_FAILURE() << "expected a UsageError";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
    }
    EXPECT_LT(peak_rss_kb() - before, kMaxGrowthKb);
  }

  static TempDir* dir_;
  static Searcher* searcher_;
};

TempDir* QueryAbuse::dir_ = nullptr;
Searcher* QueryAbuse::searcher_ = nullptr;

TEST_F(QueryAbuse, MegabyteQueryIsRefusedWithItsLength) {
  std::string query;
  for (unsigned i = 0; query.size() < (1u << 20); ++i) query += word(i) + " ";
  expect_refused(query,
                 "bytes long; bahth accepts at most " + std::to_string(search::kMaxQueryBytes));
}

TEST_F(QueryAbuse, TenThousandTermsAreRefusedWithTheirCount) {
  std::string query;
  for (unsigned i = 0; i < 10000; ++i) query += word(i) + " ";
  ASSERT_LT(query.size(), search::kMaxQueryBytes);
  expect_refused(query, "the query has 10000 words; bahth accepts at most " +
                            std::to_string(search::kMaxQueryWords));
}

TEST_F(QueryAbuse, AsManyTermsAsAllowedAreAnswered) {
  std::string query;
  for (unsigned i = 0; i < search::kMaxQueryWords; ++i) query += word(i) + " ";
  EXPECT_EQ(search(query).size(), 10u);
}

// Words the index does not have cost Xapian's parser the most; none gets a spelling suggestion.
TEST_F(QueryAbuse, AsManyUnknownTermsAsAllowedFindNothing) {
  // Operators count as words: 500 words and 499 operators.
  auto unknown = [](unsigned i) { return "ي" + word(i).substr(2); };
  std::string query = unknown(0);
  for (unsigned i = 1; i < search::kMaxQueryWords / 2; ++i) {
    query += (i % 2 == 0 ? " AND " : " OR ") + unknown(i);
  }
  const SearchResults results = searcher_->search(query, {});
  EXPECT_TRUE(results.hits.empty());
  EXPECT_TRUE(results.suggestion.empty());
}

TEST_F(QueryAbuse, WildcardMatchingEveryWordIsRefusedClearly) {
  for (const std::string query : {"ا*", "سوريا OR ا*", "NOT ا*"}) {
    expect_refused(query, "a wildcard in the query matches more than");
  }
}

TEST_F(QueryAbuse, TenThousandNestedParenthesesAreRefused) {
  expect_refused(std::string(10000, '(') + "سوريا" + std::string(10000, ')'),
                 "the query nests parentheses 10000 deep; bahth accepts at most " +
                     std::to_string(search::kMaxQueryNesting));
  std::string query;
  for (int i = 0; i < 10000; ++i) query += i % 2 == 0 ? "(ب AND " : "(ت OR ";
  query += "سوريا" + std::string(10000, ')');
  expect_refused(query, "nests parentheses 10000 deep");
}

TEST_F(QueryAbuse, NestingUpToTheLimitIsAnswered) {
  std::string query;
  for (std::size_t i = 0; i < search::kMaxQueryNesting; ++i) query += "(سوريا OR ";
  query += word(0) + std::string(search::kMaxQueryNesting, ')');
  EXPECT_FALSE(search(query).empty());
}

// Limits hold on the query as the parser reads it: NFKC makes full-width parentheses ASCII ones
// and circled letters words.
TEST_F(QueryAbuse, LimitsAreCheckedAfterNormalization) {
  std::string nested;
  for (int i = 0; i < 100; ++i) nested += "\uFF08";  // （
  nested += "سوريا";
  for (int i = 0; i < 100; ++i) nested += "\uFF09";  // ）
  expect_refused(nested, "the query nests parentheses 100 deep; bahth accepts at most " +
                             std::to_string(search::kMaxQueryNesting));
  std::string circled;
  for (int i = 0; i < 2000; ++i) circled += "\u24D0 ";  // ⓐ
  ASSERT_LT(circled.size(), search::kMaxQueryBytes);
  expect_refused(circled, "the query has 2000 words; bahth accepts at most " +
                              std::to_string(search::kMaxQueryWords));
}

// Each wildcard is capped, and so is their sum: "اب*" matches 250 of the index's words.
TEST_F(QueryAbuse, WildcardsAreCappedInTotal) {
  static const std::vector<std::string> letters{"ب", "ج", "د", "ر", "ز", "س", "ش", "ص",
                                                "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك"};
  std::string query;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& letter : letters) query += "ا" + letter + "* ";
  }
  expect_refused(query, "the wildcards in the query match more than " +
                            std::to_string(search::kMaxWildcardExpansionTotal) +
                            " words in all; bahth accepts at most " +
                            std::to_string(search::kMaxWildcardExpansionTotal));
  EXPECT_EQ(search("اب* اج*").size(), 10u);
}

// A word longer than the analyzer indexes (TermStream::kMaxWordBytes) has no spelling neighbour
// in the index; looking for them cost the square of its length: 1,200 letters (a URL's worth,
// over HTTP) took 2.8 s and 700 MB.
TEST_F(QueryAbuse, AWordLongerThanAnyIndexedOneFindsNothingCheaply) {
  std::string query;
  for (int i = 0; i < 400; ++i) query += "كتب";
  EXPECT_TRUE(search(query).empty());
  EXPECT_TRUE(searcher_->search("سوريا " + query, {}).suggestion.empty());
}

TEST_F(QueryAbuse, LongPhrases) {
  // The whole body of article 7 as a phrase finds it; a phrase of as many words as a query may
  // have matches nothing as a phrase, and falls back to its words.
  std::string body;
  for (unsigned w = 0; w < 100; ++w) body += word(700 + w) + " ";
  const std::vector<SearchHit> hits = search("\"" + body + "\"");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits.front().id, "a7");
  std::string phrase;
  for (unsigned i = 0; i < search::kMaxQueryWords; ++i) phrase += word(i) + " ";
  EXPECT_FALSE(search("\"" + phrase + "\"").empty());
}

}  // namespace
}  // namespace query_abuse_test
}  // namespace bahth
