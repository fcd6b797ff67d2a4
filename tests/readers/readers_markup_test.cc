// readers_markup_test.cc: markup that would cost libxml2 2.9 hours or GBs is refused before it
// is parsed (markup_limits.h): an element with thousands of attributes (the parser compares each
// with every earlier one) in a saved page, a feed, a feed item's HTML; a page of a million
// elements. The pages and items around it are read.
#include <gtest/gtest.h>

#include <string>  // std::string

#include "bahth/readers.h"
#include "markup_limits.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_markup_test {
namespace {

using readers::html_markup_problem;
using readers::kMaxAttributesPerElement;
using readers::kMaxHtmlElements;
using testing::describe;
using testing::read_content;
using testing::ReadResult;

std::string attributes(std::size_t n, std::string_view value = "x") {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.append(" a").append(std::to_string(i)).append("=").append(value);
  }
  return out;
}

const std::string kText(600, 'x');

std::string page(const std::string& inside) {
  return "<!doctype html><html><head><title>عنوان</title></head><body><article><h1>عنوان</h1><p>" +
         kText + "</p>" + inside + "</article></body></html>";
}

TEST(MarkupLimits, AttributesCountedAsTheParserReadsThem) {
  const std::size_t over = kMaxAttributesPerElement + 1;
  EXPECT_EQ(html_markup_problem(page("<p" + attributes(kMaxAttributesPerElement) + ">x</p>")), "");
  for (const std::string value : {"x", "\"x\"", "'x'", "\"a>b<c\"", "\"\""}) {
    SCOPED_TRACE(value);
    EXPECT_NE(html_markup_problem(page("<p" + attributes(over, value) + ">x</p>")), "");
  }
  // Valueless attributes, and a '>' inside a quoted value that does not end the tag.
  std::string bare = "<p";
  for (std::size_t i = 0; i < over; ++i) bare += " b" + std::to_string(i);
  EXPECT_NE(html_markup_problem(page(bare + ">")), "");
  EXPECT_NE(html_markup_problem(page("<p title=\">\"" + attributes(over) + ">")), "");
  // Where no element is parsed, nothing is counted: a comment, a script's text, an end tag.
  EXPECT_EQ(html_markup_problem(page("<!-- <p" + attributes(over) + "> -->")), "");
  EXPECT_EQ(html_markup_problem(page("<script>var s = '<p" + attributes(over) + ">';</script>")),
            "");
  // ... and what follows them is: a quote the scan would follow in a comment, an end tag, a
  // processing instruction or a script does not hide the element after it.
  for (const std::string before : {"<!-- <p a=\" -->", "</x a=\">", "<?x a=\"?>",
                                   "<script>'<p a=\"'</SCRIPT>", "<!bogus a=\">"}) {
    SCOPED_TRACE(before);
    EXPECT_NE(html_markup_problem(page(before + "<p" + attributes(over) + ">x</p>\"")), "");
  }
}

TEST(MarkupLimits, APageOfTooManyElementsIsRefusedAndItsNeighboursRead) {
  std::string many;
  for (std::size_t i = 0; i <= kMaxHtmlElements; ++i) many += "<i></i>";
  EXPECT_NE(html_markup_problem(page(many)), "");
  const ReadResult r = read_content("many.html", page(many));
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason,
            "more than 200000 elements (an article's page has a few thousand): not parsed");
  EXPECT_TRUE(r.problems[0].skipped);
}

// 20,000 attributes on one element: 5 s in libxml2's HTML parser before, refused in a scan now.
TEST(MarkupLimits, ASavedPageWithAnElementOfManyAttributesIsRefused) {
  const ReadResult r = read_content("attrs.html", page("<p" + attributes(20000) + ">x</p>"));
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason,
            "an element with more than 256 attributes (the parser's time grows with their "
            "square): not parsed");
}

std::string item(const std::string& title, const std::string& extra = "") {
  return "<item" + extra + "><title>" + title + "</title><link>https://x.example/" + title +
         "</link><description>" + kText + "</description></item>\n";
}

// In the feed's own markup: the items before are read, the rest is not (the XML parser cannot
// go past an element it does not parse). In an item's HTML: that item alone is skipped.
TEST(MarkupLimits, AFeedElementOfManyAttributesEndsTheFeedAfterTheItemsBefore) {
  const std::string head =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>t</title>\n";
  const std::string attrs = attributes(20000, "\"x\"");
  const ReadResult r = read_content(
      "attrs.xml", head + item("one") + item("two", attrs) + item("three") + "</channel></rss>\n");
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "one");
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_TRUE(r.problems[0].reason.starts_with("XML error: an element with more than 256 "))
      << r.problems[0].reason;
  EXPECT_TRUE(r.problems[0].skipped);

  const std::string html = "&lt;p" + attributes(20000) + "&gt;x&lt;/p&gt;";
  const ReadResult in_html = read_content(
      "html.xml", head + item("one") + "<item><title>two</title><description>" + html +
                      "</description></item>\n" + item("three") + "</channel></rss>\n");
  ASSERT_EQ(in_html.articles.size(), 2U) << describe(in_html.problems);
  EXPECT_EQ(in_html.articles[1].title, "three");
  ASSERT_EQ(in_html.problems.size(), 1U) << describe(in_html.problems);
  EXPECT_EQ(in_html.problems[0].line, 4U);
  EXPECT_TRUE(in_html.problems[0].reason.starts_with("the item's HTML: an element with more"))
      << in_html.problems[0].reason;
}

}  // namespace
}  // namespace readers_markup_test
}  // namespace bahth
