// readers_author_test.cc: the byline of each format (JSON Lines and JSON arrays as news-please,
// newspaper3k and Common Crawl News write them, CSV columns, RSS, Atom, saved pages' meta data
// and JSON-LD), one author a line, and the authors no reader keeps (URLs, paragraphs) counted.
#include <gtest/gtest.h>

#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

#include "bahth/readers.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_author_test {
namespace {

using testing::describe;
using testing::read_content;
using testing::ReadResult;

TEST(Authors, JsonLinesStringArrayAndObjects) {
  const ReadResult r = read_content(
      "a.jsonl",
      R"({"id":"1","title":"t","body":"b","author":"سارة أحمد"})"
      "\n"
      R"({"id":"2","title":"t","body":"b","authors":["سارة أحمد","Ali  Hassan","سارة أحمد"]})"
      "\n"
      R"({"id":"3","title":"t","body":"b","author":[{"@type":"Person","name":"محمد علي"},{"name":"BBC"}]})"
      "\n"
      R"({"id":"4","title":"t","body":"b","author":{"name":" نور "}})"
      "\n"
      R"({"id":"5","title":"t","body":"b","authors":[]})"
      "\n");
  ASSERT_EQ(r.articles.size(), 5U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "سارة أحمد");
  EXPECT_EQ(r.articles[1].author, "سارة أحمد\nAli Hassan");  // once each, spaces made one
  EXPECT_EQ(r.articles[2].author, "محمد علي\nBBC");
  EXPECT_EQ(r.articles[3].author, "نور");
  EXPECT_EQ(r.articles[4].author, "");
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(Authors, UrlsAndParagraphsDroppedAndCountedOncePerFile) {
  const std::string paragraph(kMaxAuthorBytes + 1, 'x');
  const ReadResult r = read_content(
      "a.jsonl",
      R"({"id":"1","title":"t","body":"b","authors":["https://www.facebook.com/someone","سارة"]})"
      "\n"
      R"({"id":"2","title":"t","body":"b","author":")" +
          paragraph +
          R"("})"
          "\n"
          R"({"id":"3","title":"t","body":"b","author":"www.example.com/author/x"})"
          "\n");
  ASSERT_EQ(r.articles.size(), 3U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "سارة");
  EXPECT_EQ(r.articles[1].author, "");
  EXPECT_EQ(r.articles[2].author, "");
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_FALSE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].reason,
            "3 authors dropped (a URL or longer than 200 bytes), e.g. line 1: "
            "'https://www.facebook.com/someone'; their articles kept");
}

TEST(Authors, CsvBylineColumnAnyCase) {
  const ReadResult r =
      read_content("a.csv", "title,body,Byline\nعنوان,نص المقال,كتبه فلان\nعنوان 2,نص,\n");
  ASSERT_EQ(r.articles.size(), 2U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "فلان");  // «كتبه» (written by) is no part of the name
  EXPECT_EQ(r.articles[1].author, "");
}

// A byline cell naming several authors (tests/fixtures/authors/bylines.csv), split as
// newsrooms' exports join them; "Surname, Given" and "Name, Outlet" stay one name.
TEST(Authors, CsvBylineCellsSplitIntoTheirNames) {
  const ReadResult r =
      testing::read_inputs({BAHTH_SOURCE_DIR "/tests/fixtures/authors/bylines.csv"});
  ASSERT_EQ(r.articles.size(), 13U) << describe(r.problems);
  const std::vector<std::string> expected = {
      "سارة أحمد\nعلي حسن",  // Arabic semicolon
      "سارة أحمد\nعلي حسن",  // Arabic comma
      "سارة أحمد\nعلي حسن",  // a spaced و
      "سارة أحمد وعلي حسن",  // و joined to a word: names begin so too (وليد), kept
      "Benjamin Mueller\nAlan Rappeport",
      "Jeremy W. Peters\nJonathan Martin\nMaggie Haberman",
      "Doe, Jane",  // surname first: one name
      "Doe, Jane\nSmith, John",
      "Jane Doe, CNN",  // a piece of one word: not a list of names
      "Jane Doe\nReuters",
      "Jane Doe\nJohn Smith",
      "Jane Doe",  // given once
      "Randy Anderson",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.articles[i].author, expected[i]) << r.articles[i].id;
  }
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(Authors, JsonStringSplitArrayItemsKept) {
  const ReadResult r = read_content(
      "a.jsonl", R"({"id":"1","title":"t","body":"b","author":"سارة أحمد، Ali Hassan"})"
                 "\n"
                 R"({"id":"2","title":"t","body":"b","authors":["Reuters and AFP","Doe, Jane"]})"
                 "\n"
                 R"({"id":"3","title":"t","body":"b","author":{"name":"A B; C D"}})"
                 "\n");
  ASSERT_EQ(r.articles.size(), 3U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "سارة أحمد\nAli Hassan");
  EXPECT_EQ(r.articles[1].author, "Reuters and AFP\nDoe, Jane");  // one name an item
  EXPECT_EQ(r.articles[2].author, "A B\nC D");
}

// The word a byline opens with is no part of a name: "By", «بقلم», «كتب»… (any case, with or
// without a colon or dash), left out of each name of a byline, an array's items and a page's
// meta data; a name that is nothing else, or a word that only begins so, is kept whole.
TEST(Authors, BylineWordsLeftOut) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("author":"By Jane Doe")", "Jane Doe"},
      {R"("author":"بقلم: سارة أحمد")", "سارة أحمد"},
      {R"("author":"بقلم سارة أحمد")", "سارة أحمد"},
      {R"("author":"كتب: علي حسن")", "علي حسن"},
      {R"("author":"كتبت - نور الهدى")", "نور الهدى"},
      {R"("author":"BY JANE DOE and by John Smith")", "JANE DOE\nJohn Smith"},
      {R"("author":"By Doe, Jane")", "Doe, Jane"},
      {R"("author":"بقلم: سارة أحمد، علي حسن")", "سارة أحمد\nعلي حسن"},
      {R"("authors":["By Jane Doe","Written by: John Smith"])", "Jane Doe\nJohn Smith"},
      {R"("author":"Byron Smith")", "Byron Smith"},  // a name that begins so
      {R"("author":"كتبي العلي")", "كتبي العلي"},
      {R"("author":"By")", "By"},  // never an empty author
      {R"("author":"بقلم:")", "بقلم:"},
  };
  std::string content;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    content +=
        R"({"id":")" + std::to_string(i) + R"(","title":"t","body":"b",)" + cases[i].first + "}\n";
  }
  const ReadResult r = read_content("a.jsonl", content);
  ASSERT_EQ(r.articles.size(), cases.size()) << describe(r.problems);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(r.articles[i].author, cases[i].second) << cases[i].first;
  }
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(Authors, FieldMapNamesAnotherColumn) {
  ReaderOptions options;
  options.field_map = {{"author", "kateb"}};
  const ReadResult r = read_content("a.jsonl",
                                    R"({"title":"t","body":"b","kateb":"فلان"})"
                                    "\n",
                                    options);
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "فلان");
}

TEST(Authors, RssAuthorAndDublinCoreCreator) {
  const ReadResult r = read_content("f.rss", R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title>
<item><title>one</title><description>body one</description>
  <author>news@example.com (سارة أحمد)</author></item>
<item><title>two</title><description>body two</description>
  <dc:creator>محمد علي</dc:creator><dc:creator>نور</dc:creator></item>
<item><title>three</title><description>body three</description>
  <author>news@example.com</author></item>
</channel></rss>)");
  ASSERT_EQ(r.articles.size(), 3U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "سارة أحمد");
  EXPECT_EQ(r.articles[1].author, "محمد علي\nنور");
  EXPECT_EQ(r.articles[2].author, "");  // an address alone is no name
}

// A feed's creator naming several is split as a CSV byline is (split_byline()); an <author>
// element each is one name already.
TEST(Authors, FeedCreatorsNamingSeveralAreSplit) {
  const ReadResult r = read_content("f.rss", R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title>
<item><title>one</title><description>body one</description>
  <dc:creator>Jane Doe and John Smith</dc:creator></item>
<item><title>two</title><description>body two</description>
  <dc:creator>سارة أحمد، علي
  حسن</dc:creator><dc:creator>By Doe, Jane</dc:creator></item>
<item><title>three</title><description>body three</description>
  <author>news@example.com (سارة أحمد و علي حسن)</author></item>
</channel></rss>)");
  ASSERT_EQ(r.articles.size(), 3U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "Jane Doe\nJohn Smith");
  EXPECT_EQ(r.articles[1].author, "سارة أحمد\nعلي حسن\nDoe, Jane");
  EXPECT_EQ(r.articles[2].author, "سارة أحمد\nعلي حسن");

  const ReadResult atom = read_content("f.atom", R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>
<entry><title>one</title><id>urn:1</id><content>body one</content>
  <author><name>Jane Doe; John Smith</name></author><author><name>بقلم: نور</name></author></entry>
</feed>)");
  ASSERT_EQ(atom.articles.size(), 1U) << describe(atom.problems);
  EXPECT_EQ(atom.articles[0].author, "Jane Doe\nJohn Smith\nنور");
}

TEST(Authors, AtomAuthorName) {
  const ReadResult r = read_content("f.atom", R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>
<entry><title>one</title><id>urn:1</id><content>body one</content>
  <author><name>سارة أحمد</name><email>s@example.com</email><uri>https://example.com/s</uri></author>
  <author><name>Ali</name></author></entry>
</feed>)");
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].author, "سارة أحمد\nAli");
}

std::string page(const std::string& head) {
  return "<!DOCTYPE html><html><head><title>عنوان</title>" + head +
         "</head><body><article><h1>عنوان المقال</h1><p>" + std::string(30, 'x') + " " +
         "فقرة طويلة بما يكفي لتكون نص مقال حقيقي في الصفحة المحفوظة.</p><p>" +
         "فقرة ثانية طويلة بما يكفي لتكون من نص المقال أيضا.</p></article></body></html>";
}

TEST(Authors, SavedPageJsonLdFirstThenMetaSkippingProfileUrls) {
  const ReadResult json_ld = read_content("a.html", page(R"(<meta name="author" content="الموقع">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"h",
"author":[{"@type":"Person","name":"سارة أحمد"},{"@type":"Person","name":"Ali"}]}</script>)"));
  ASSERT_EQ(json_ld.articles.size(), 1U) << describe(json_ld.problems);
  EXPECT_EQ(json_ld.articles[0].author, "سارة أحمد\nAli");

  const ReadResult meta = read_content(
      "b.html", page(R"(<meta property="article:author" content="https://www.facebook.com/x">
<meta name="author" content="محمد علي">)"));
  ASSERT_EQ(meta.articles.size(), 1U) << describe(meta.problems);
  EXPECT_EQ(meta.articles[0].author, "محمد علي");
  EXPECT_TRUE(meta.problems.empty()) << describe(meta.problems);

  const ReadResult url_only = read_content(
      "c.html", page(R"(<meta property="article:author" content="https://www.facebook.com/x">)"));
  ASSERT_EQ(url_only.articles.size(), 1U) << describe(url_only.problems);
  EXPECT_EQ(url_only.articles[0].author, "");
  ASSERT_EQ(url_only.problems.size(), 1U);
  EXPECT_TRUE(url_only.problems[0].reason.starts_with("1 author dropped (a URL"))
      << url_only.problems[0].reason;
}

TEST(Authors, HttpJsonArticleWarnsOfADroppedAuthor) {
  const JsonArticle a =
      parse_json_article(R"({"title":"t","body":"b","author":["http://x.example/a","سارة"]})");
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.article.author, "سارة");
  ASSERT_EQ(a.warnings.size(), 1U);
  EXPECT_NE(a.warnings[0].find("'http://x.example/a' dropped"), std::string::npos) << a.warnings[0];
}

}  // namespace
}  // namespace readers_author_test
}  // namespace bahth
