// Snippets: which words are marked. A quoted phrase is marked where its words follow each other
// (in any inflection), not at every occurrence of each word; a wildcard marks the words it
// expands to; bare words are marked wherever their stem occurs.
#include "search/snippet.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "bahth/stemmers.h"
#include "schema/schema.h"
#include "search/query_builder.h"

namespace bahth::search {
namespace snippet_test {
namespace {

// The marked spans of a snippet, as text.
std::vector<std::string> marked(const Snippet& snippet) {
  std::vector<std::string> spans;
  for (const auto& [begin, end] : snippet.highlights) {
    spans.push_back(snippet.text.substr(begin, end - begin));
  }
  return spans;
}

Snippet snippet_for(std::string_view query, std::string_view body, std::size_t chars = 400) {
  const Xapian::Database db;  // no words: the query is parsed, never run
  const Analysis analysis(StemmerKind::light);
  const Analyzer& analyzer = analysis.analyzer();
  const QueryWords words = query_words(parse_query(query, db, analysis).query);
  return make_snippet(body, analyzer, words, chars);
}

TEST(Snippet, PhraseIsMarkedWhereItsWordsFollowEachOther) {
  const Snippet s = snippet_for("\"الحرب في اليمن\"",
                                "قال في بيان إن الحرب في اليمن طويلة وإن الحرب لم تنته في البلاد");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"الحرب في اليمن"}));
}

TEST(Snippet, PhraseMatchesOtherInflectionsOfItsWords) {
  const Snippet s = snippet_for("\"الحرب في اليمن\"", "تحدث عن حرب في اليمن اليوم");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"حرب في اليمن"}));
}

TEST(Snippet, PhraseWordsOutOfOrderAreNotMarked) {
  const Snippet s = snippet_for("\"الحرب في اليمن\"", "في اليمن الحرب مستمرة");
  EXPECT_TRUE(s.highlights.empty());
}

TEST(Snippet, PhraseInterruptedByAnotherWordIsNotMarked) {
  const Snippet s = snippet_for("\"الحرب في اليمن\"", "الحرب الطويلة في اليمن");
  EXPECT_TRUE(s.highlights.empty());
}

TEST(Snippet, PhraseAcrossPunctuationIsMarkedAsTheIndexMatchesIt) {
  const Snippet s = snippet_for("\"الحرب في اليمن\"", "عن الحرب، في اليمن.");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"الحرب، في اليمن"}));
}

TEST(Snippet, BareWordInsidePhraseIsMarkedOnceAndElsewhereAlone) {
  const Snippet s =
      snippet_for("الحرب \"الحرب في اليمن\"", "بدأت الحرب في اليمن ثم انتهت الحرب أخيرا");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"الحرب في اليمن", "الحرب"}));
}

TEST(Snippet, WindowPrefersWhereThePhraseOccurs) {
  std::string body = "الحرب طويلة. اليمن بلد. ";
  for (int i = 0; i < 40; ++i) body += "كلام آخر لا صلة له بالموضوع. ";
  body += "وقالت إن الحرب في اليمن مستمرة.";
  const Snippet s = snippet_for("\"الحرب في اليمن\"", body, 80);
  EXPECT_NE(s.text.find("الحرب في اليمن"), std::string::npos) << s.text;
  EXPECT_EQ(marked(s), (std::vector<std::string>{"الحرب في اليمن"}));
}

// Without a phrase, only the space-separated chunks that may hold a query word are tokenized:
// words next to punctuation, after line breaks and tabs, and after a chunk of other words are
// marked all the same.
TEST(Snippet, WordsAmongPunctuationAndWhiteSpaceAreMarked) {
  const Snippet s =
      snippet_for("سوريا لبنان", "قال:\t«سوريا»، ثم\n\nكلام و(لبنان) كلام\fسوريا آخر.");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"سوريا", "لبنان", "سوريا"}));
}

TEST(Snippet, WildcardMarksTheWordsItExpandsTo) {
  const Snippet s = snippet_for("اليم*", "زار اليمن ثم عاد اليوم وتحدث عن اليمنيين");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"اليمن", "اليمنيين"}));
}

TEST(Snippet, BareWordsAreMarkedInEveryInflection) {
  const Snippet s =
      snippet_for("سوريا الحرب", "في سوريا قالت الحكومة إن الحرب انتهت وإن حربا أخرى");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"سوريا", "الحرب", "حربا"}));
}

TEST(Snippet, QueryWordsKeepPhrasesApartFromBareWords) {
  const Xapian::Database db;  // no words: the query is parsed, never run
  const QueryWords words = query_words(
      parse_query("سوريا \"الحرب في اليمن\" اليم*", db, Analysis(StemmerKind::light)).query);
  ASSERT_EQ(words.phrases.size(), 1U);
  EXPECT_EQ(words.phrases[0].size(), 3U);
  EXPECT_EQ(words.wildcards, (std::vector<std::string>{"اليم"}));
  // The phrase's words are not bare words: في alone would mark every في of a body.
  EXPECT_TRUE(words.exact.empty());
  EXPECT_EQ(words.stems.size(), 1U);
}

}  // namespace
}  // namespace snippet_test
}  // namespace bahth::search
