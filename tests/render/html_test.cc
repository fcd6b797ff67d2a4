// The pages' formatting of names, numbers, dates and URLs for Arabic readers.
#include "render/html.h"

#include <regex>
#include <string>

#include "gtest/gtest.h"

namespace bahth::render {
namespace html_test {
namespace {

TEST(HtmlNames, SectionCodesAndOutletsHaveArabicNames) {
  EXPECT_EQ(section_name("middleEast"), "الشرق الأوسط");
  EXPECT_EQ(section_name("internationalNews"), "أخبار عالمية");
  EXPECT_EQ(section_name("محليات"), "محليات");  // an unknown section is shown as written
  EXPECT_EQ(source_name("skynews"), "سكاي نيوز عربية");
  EXPECT_EQ(source_name("BBC"), "بي بي سي عربي");
  EXPECT_EQ(source_name("CNN"), "سي إن إن بالعربية");
  EXPECT_EQ(source_name("Reuters"), "Reuters");
}

TEST(HtmlNumbers, CountsAreGroupedWithLatinDigits) {
  EXPECT_EQ(format_count(9308), "9,308");
  EXPECT_EQ(format_count(26538), "26,538");
  EXPECT_EQ(format_count(7), "7");
  EXPECT_EQ(format_count(1234567), "1,234,567");
}

TEST(HtmlDates, IsoDatesAreWrittenInArabic) {
  EXPECT_EQ(format_date("2018-10-03T16:09:39Z"), "3 أكتوبر 2018");
  EXPECT_EQ(format_date("2018-10-03T16:09:39Z", true), "3 أكتوبر 2018، 16:09 بتوقيت غرينتش");
  EXPECT_EQ(format_date("2018-01-31", true), "31 يناير 2018");
  EXPECT_EQ(format_date("yesterday"), "yesterday");
  EXPECT_EQ(format_date("2018-13-01"), "2018-13-01");
}

TEST(HtmlUrls, UrlsAreDecodedShortenedAndInert) {
  EXPECT_EQ(display_url("https://www.skynewsarabia.com/world/"
                        "1-%D8%B2%D9%84%D8%B2%D8%A7%D9%84"),
            "skynewsarabia.com/world/1-زلزال");
  // Escapes that do not decode to UTF-8 are shown as they are.
  EXPECT_EQ(display_url("http://example.com/%FF%FE"), "example.com/%FF%FE");
  // A right-to-left override hidden in an escape is dropped, a control shown as a picture.
  EXPECT_EQ(display_url("http://example.com/a%E2%80%AEb%0Ac"), "example.com/ab c");
  const std::string shortened = display_url("http://example.com/" + std::string(200, 'a'), 30);
  EXPECT_EQ(shortened, "example.com/" + std::string(18, 'a') + "…");
}

// What a reader sees of `html`: the text outside tags, without the isolated left-to-right
// pieces (addresses, `key=`), which are meant to be Latin.
std::string arabic_text_of(const std::string& html) {
  const std::string without_ltr =
      std::regex_replace(html, std::regex("<bdi dir=\"ltr\">[^<]*</bdi>"), "");
  return std::regex_replace(without_ltr, std::regex("<[^>]*>"), "");
}

TEST(HtmlErrorPages, EveryErrorPageIsArabicWithOneHeading) {
  for (const PageError error : {PageError::not_found, PageError::missing_key, PageError::wrong_key,
                                PageError::method_not_allowed, PageError::bad_request,
                                PageError::overloaded, PageError::server_error}) {
    const std::string html = error_page_html(error, "/a/<b>");
    EXPECT_NE(html.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
    EXPECT_NE(html.find("<main id=\"main\">"), std::string::npos);
    const std::size_t h1 = html.find("<h1>");
    ASSERT_NE(h1, std::string::npos) << html;
    EXPECT_EQ(html.find("<h1>", h1 + 1), std::string::npos) << html;
    const std::string text = arabic_text_of(html);
    EXPECT_FALSE(std::regex_search(text, std::regex("[A-Za-z]"))) << text;
  }
  // The address a 404 names is escaped and isolated left to right.
  EXPECT_NE(
      error_page_html(PageError::not_found, "/a/<b>").find("<bdi dir=\"ltr\">/a/&lt;b&gt;</bdi>"),
      std::string::npos);
  EXPECT_NE(error_page_html(PageError::server_error).find("<h1>حدث خطأ في الخادم</h1>"),
            std::string::npos);
}

// The stylesheet is page.css as compiled in (cmake/bahth_embed.cmake), then the bar classes.
TEST(HtmlStylesheet, IsTheEmbeddedFileThenTheBarClasses) {
  const std::string_view css = stylesheet();
  EXPECT_EQ(css.substr(0, 8), ":root {\n");
  EXPECT_NE(css.find(".filters input[type=\"checkbox\"]"), std::string_view::npos);
  EXPECT_NE(css.find("}\n.w0{width:0%}.h0{height:0%}\n"), std::string_view::npos);
  EXPECT_EQ(css.substr(css.size() - 36), ".w100{width:100%}.h100{height:100%}\n");
}

}  // namespace
}  // namespace html_test
}  // namespace bahth::render

namespace bahth::render {
namespace html_test {
namespace {

TEST(HtmlArticle, BylineNamesEachAuthorWithALinkToTheirArticles) {
  Article article;
  article.id = "a/1";
  article.title = "عنوان";
  article.body = "نص";
  article.author = "سارة أحمد\n<Ali & Co>";
  SearchPage from;
  from.query = "اليمن";
  from.key = "k1";
  const std::string page = article_page_html(article, from);
  // The author filter alone (a chip), not the query `author:"…"` in the search box; the key
  // kept, the search the article came from left.
  EXPECT_NE(page.find("<p class=\"byline\">بقلم: <a href=\"/search?author=%D8%B3%D8%A7%D8%B1"
                      "%D8%A9%20%D8%A3%D8%AD%D9%85%D8%AF&amp;key=k1\"><bdi>سارة أحمد</bdi></a>، "
                      "<a href=\"/search?author=%3CAli%20%26%20Co%3E&amp;key=k1\">"
                      "<bdi>&lt;Ali &amp; Co&gt;</bdi></a></p>"),
            std::string::npos)
      << page;
  article.author.clear();
  EXPECT_EQ(article_page_html(article).find("byline"), std::string::npos);
}

TEST(HtmlSearch, EachResultShowsItsByline) {
  SearchResults results;
  results.total = 2;
  results.hits.resize(2);
  results.hits[0].id = "a/1";
  results.hits[0].author = "Jane Doe\nسارة أحمد";
  results.hits[1].id = "a/2";
  SearchPage page;
  page.query = "اليمن";
  page.results = &results;
  const std::string html = search_page_html(page);
  EXPECT_NE(html.find("<p class=\"byline\">بقلم: <a href=\"/search?author=Jane%20Doe\">"
                      "<bdi>Jane Doe</bdi></a>، <a href=\"/search?author="),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("byline"), html.rfind("byline")) << "only the first hit has authors";
}

// On a server that asks for a key, every link of a page keeps it: a related or similar search
// without it would be refused.
TEST(HtmlSearch, RelatedAndSimilarLinksKeepThePagesKey) {
  SearchResults results;
  results.total = 1;
  results.hits.resize(1);
  results.hits[0].id = "a/1";
  results.hits[0].similar = 2;
  SearchPage page;
  page.query = "اليمن";
  page.key = "k1";
  page.results = &results;
  const std::string html = search_page_html(page);
  EXPECT_NE(html.find("<a class=\"similar\" href=\"/search?like=a%2F1&amp;key=k1\">"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<a class=\"related\" href=\"/search?like=a%2F1&amp;key=k1\">"),
            std::string::npos)
      << html;
  Article article;
  article.id = "a/1";
  article.title = "عنوان";
  article.body = "نص";
  EXPECT_NE(article_page_html(article, page).find("href=\"/search?like=a%2F1&amp;key=k1\""),
            std::string::npos);
}

TEST(HtmlSearch, FiltersAloneAreCountedAsArticlesNewestFirst) {
  SearchResults results;
  results.total = 12;
  results.sorted_by = SortOrder::date;
  results.without_words = true;
  results.hits.resize(1);
  results.hits[0].id = "a/1";
  SearchPage page;
  page.options.authors = {"سارة أحمد"};
  page.results = &results;
  const std::string html = search_page_html(page);
  EXPECT_NE(html.find("<title>مقالات سارة أحمد — بحث</title>"), std::string::npos) << html;
  EXPECT_NE(html.find("<h1>مقالات <bdi>سارة أحمد</bdi></h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p class=\"count\">12 مقالة · 1–1 · الأحدث أولًا"), std::string::npos)
      << html;
  EXPECT_NE(html.find("الكاتب: <bdi>سارة أحمد</bdi>"), std::string::npos) << html;  // a chip
  // Asked for relevance (the default), listed by date: the order menu shows the order used.
  EXPECT_NE(html.find("<option value=\"relevance\">الأكثر صلة</option>"
                      "<option value=\"date\" selected>الأحدث</option>"),
            std::string::npos)
      << html;
  page.options.authors.clear();
  page.options.sections = {"sport"};
  const std::string section = search_page_html(page);
  EXPECT_NE(section.find("<h1>أحدث المقالات</h1>"), std::string::npos) << section;
}

TEST(HtmlSearch, AnAuthorFilterIsKeptAndShownAsAChip) {
  SearchResults results;
  SearchPage page;
  page.query = "اليمن";
  page.options.authors = {"سارة أحمد"};
  page.results = &results;
  const std::string html = search_page_html(page);
  EXPECT_NE(html.find("<input type=\"hidden\" name=\"author\" value=\"سارة أحمد\">"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("الكاتب: "), std::string::npos) << html;
}

}  // namespace
}  // namespace html_test
}  // namespace bahth::render
