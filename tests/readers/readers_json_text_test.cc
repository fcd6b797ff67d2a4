// JSON articles given as text (the bodies of the server's write routes): read as a JSON Lines
// file's lines are, but no id derived.
#include <gtest/gtest.h>

#include <string>

#include "bahth/readers.h"

namespace bahth {
namespace readers_json_text_test {
namespace {

TEST(JsonText, AnArticleHasTheFieldsAndAliasesOfAJsonLinesRecord) {
  const JsonArticle read = parse_json_article(
      R"({"id": " a/1 ", "headline": "عنوان\nفي سطرين", "text": "النص", "published": "2024-03-05T10:00:00+02:00", "category": "news"})");
  ASSERT_TRUE(read.error.empty()) << read.error;
  EXPECT_EQ(read.article.id, "a/1");
  EXPECT_EQ(read.article.title, "عنوان في سطرين");
  EXPECT_EQ(read.article.body, "النص");
  EXPECT_EQ(read.article.date, "2024-03-05T08:00:00Z");
  EXPECT_EQ(read.article.section, "news");
  EXPECT_TRUE(read.warnings.empty());
}

TEST(JsonText, NoIdIsDerivedAndBadOnesAreErrors) {
  EXPECT_EQ(parse_json_article(R"({"title": "t"})").article.id, "");
  EXPECT_NE(parse_json_article(R"({"title": "t")").error, "");
  EXPECT_NE(parse_json_article("[1]").error, "");
  EXPECT_NE(parse_json_article(R"({"id": "x", "title": " ", "body": ""})").error, "");
  EXPECT_NE(parse_json_article("{\"id\": \"x\", \"title\": \"\xff\"}").error, "");
  EXPECT_NE(parse_json_article(R"({"id": "x", "title": "t"})", 10).error, "");
  const JsonArticle dated = parse_json_article(R"({"id": "x", "title": "t", "date": "soon"})");
  EXPECT_TRUE(dated.error.empty());
  EXPECT_EQ(dated.article.date, "");
  ASSERT_EQ(dated.warnings.size(), 1U);
  EXPECT_NE(dated.warnings.front().find("soon"), std::string::npos);
}

TEST(JsonText, LinesAreNumberedAndBlankOnesSkipped) {
  const auto lines = parse_json_lines(
      "{\"id\": \"1\", \"title\": \"a\"}\n\n  \n{bad\r\n"
      "\xEF\xBB\xBF{\"id\": \"2\", \"body\": \"b\"}");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].first, 1U);
  EXPECT_EQ(lines[0].second.article.id, "1");
  EXPECT_EQ(lines[1].first, 4U);
  EXPECT_NE(lines[1].second.error, "");
  EXPECT_EQ(lines[2].first, 5U);
  EXPECT_EQ(lines[2].second.article.body, "b");
}

}  // namespace
}  // namespace readers_json_text_test
}  // namespace bahth
