// readers_html_page_test.cc: saved web pages (tests/fixtures/pages: pages laid out as BBC Arabic,
// Al Jazeera, a WordPress theme, a windows-1256 table layout, a JSON-LD app shell, an index page
// and an error page) read as one article each, without their menus, boxes and footers.
#include <gtest/gtest.h>

#include <algorithm>  // std::count
#include <string>     // std::string
#include <vector>     // std::vector

#include "bahth/readers.h"
#include "html_page.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_html_page_test {
namespace {

using testing::describe;
using testing::read_content;
using testing::read_inputs;
using testing::ReadResult;

const std::string kPages = std::string(BAHTH_SOURCE_DIR) + "/tests/fixtures/pages";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(HtmlPages, FolderReadOneArticleAPageAndNonArticlesSkipped) {
  const ReadResult r = read_inputs({kPages});
  EXPECT_EQ(r.articles.size(), 6U) << describe(r.problems);
  EXPECT_EQ(r.records_seen, 8U);
  std::vector<std::string> skipped;
  for (const ReadProblem& p : r.problems) {
    if (p.skipped) skipped.push_back(p.path.substr(kPages.size() + 1) + ": " + p.reason);
  }
  ASSERT_EQ(skipped.size(), 2U) << describe(r.problems);
  EXPECT_EQ(skipped[0],
            "not-found.html: no article text (44 bytes outside menus and link lists): an index "
            "or error page?");
  EXPECT_EQ(skipped[1],
            "section-index.html: not an article page (og:type website, no article markup or "
            "date)");
}

TEST(HtmlPages, BbcArabicPageWithoutNavigationRelatedAndMostRead) {
  const ReadResult r = read_inputs({kPages + "/bbc-arabic.html"});
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "https://www.bbc.com/arabic/middleeast-45678901");
  EXPECT_EQ(a.url, a.id);
  EXPECT_EQ(a.title, "الأمم المتحدة تحذر من مجاعة في اليمن");  // " - BBC News عربي" dropped
  EXPECT_EQ(a.date, "2018-10-15T09:12:44Z");                   // JSON-LD, with its time
  EXPECT_EQ(a.section, "الشرق الأوسط");
  EXPECT_EQ(a.source, "BBC News عربي");
  EXPECT_EQ(a.captions, (std::vector<std::string>{"مصدر الصورة Getty Images",
                                                  "أطفال ينتظرون الحصول على الطعام في صنعاء"}));
  EXPECT_TRUE(a.body.starts_with("حذرت الأمم المتحدة من أن نحو ثلاثة عشر مليون")) << a.body;
  EXPECT_TRUE(a.body.ends_with("وإلى حماية المدنيين والبنية التحتية.")) << a.body;
  EXPECT_EQ(std::count(a.body.begin(), a.body.end(), '\n'), 3);  // four paragraphs
  for (const char* boilerplate :
       {"الرئيسية", "مواضيع ذات صلة", "قصص ذات صلة", "الأكثر قراءة", "الحوثيون", "بي بي سي",
        "__INITIAL_DATA__", "display:flex", "أكتوبر/ تشرين"}) {
    EXPECT_FALSE(has(a.body, boilerplate)) << boilerplate << " in\n" << a.body;
  }
}

TEST(HtmlPages, AlJazeeraPageKeepsSubheadingDropsReadAlsoShareAndNewsletter) {
  const ReadResult r = read_inputs({kPages + "/aljazeera.html"});
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "البرلمان العراقي يصوت على قانون الانتخابات الجديد");  // twitter:title
  EXPECT_EQ(a.date, "2019-12-24T11:05:00Z");  // article:published_time, +03:00 made UTC
  EXPECT_EQ(a.source, "الجزيرة نت");
  EXPECT_EQ(a.section, "سياسة");
  EXPECT_EQ(a.id, "https://www.aljazeera.net/news/2019/12/24/iraq-election-law");  // og:url
  EXPECT_TRUE(has(a.body, "\nمطالب المحتجين\n")) << a.body;
  EXPECT_TRUE(a.body.starts_with("صوت البرلمان العراقي اليوم")) << a.body;
  EXPECT_TRUE(a.body.ends_with("ودخوله حيز التنفيذ.")) << a.body;
  for (const char* boilerplate :
       {"اقرأ أيضا", "المحتجون في العراق يرفضون", "شارك على", "واتساب", "المزيد من", "اشترك",
        "عاجل", "جميع الحقوق", "المصدر :", "احتجاجات", "الرئيسية"}) {
    EXPECT_FALSE(has(a.body, boilerplate)) << boilerplate << " in\n" << a.body;
  }
}

TEST(HtmlPages, WordPressPostWithoutSharingRelatedCommentsOrSidebar) {
  const ReadResult r = read_inputs({kPages + "/wordpress.html"});
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "افتتاح معرض الكتاب في عمان بمشاركة 400 دار نشر");  // <h1>
  EXPECT_EQ(a.source, "صحيفة المدينة الثقافية");  // what <title> ends with, after "–"
  EXPECT_EQ(a.date, "2021-09-23T07:00:00Z");      // <time datetime>
  EXPECT_EQ(a.id, "https://thaqafa.example.org/2021/09/book-fair-amman/");  // rel=canonical
  EXPECT_EQ(a.captions, std::vector<std::string>{"زوار في اليوم الأول للمعرض"});
  EXPECT_EQ(std::count(a.body.begin(), a.body.end(), '\n'), 2);  // three paragraphs
  for (const char* boilerplate : {"شارك هذا", "ذات صلة", "مهرجان جرش", "تعليقان", "أتمنى",
                                  "أحدث المقالات", "ووردبريس", "بواسطة", "نشرت في", "تسجيل"}) {
    EXPECT_FALSE(has(a.body, boilerplate)) << boilerplate << " in\n" << a.body;
  }
}

TEST(HtmlPages, Windows1256PageReadByItsMetaCharset) {
  const ReadResult r = read_inputs({kPages + "/legacy-cp1256.htm"});
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "read as windows-1256 (HTML meta charset)");
  EXPECT_FALSE(r.problems[0].skipped);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "ارتفاع أسعار النفط بعد قرار أوبك");  // " - جريدة الأيام" dropped
  EXPECT_EQ(a.source, "جريدة الأيام");
  EXPECT_TRUE(a.body.starts_with("الأحد 2 ديسمبر 2007\nارتفعت أسعار النفط")) << a.body;
  EXPECT_FALSE(has(a.body, "الأرشيف")) << a.body;
  EXPECT_FALSE(has(a.body, "الصفحة الأولى")) << a.body;
  EXPECT_FALSE(has(a.body, "جميع الحقوق")) << a.body;
  EXPECT_TRUE(a.id.ends_with("/tests/fixtures/pages/legacy-cp1256.htm:1")) << a.id;  // the path
}

TEST(HtmlPages, JsonLdArticleOfAnAppShellPage) {
  const ReadResult r = read_inputs({kPages + "/app-shell.html"});
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "تونس تستضيف قمة اقتصادية أفريقية");
  EXPECT_EQ(a.id, "https://www.skynewsarabia.example/business/1500001");  // mainEntityOfPage
  EXPECT_EQ(a.date, "2022-03-08T08:30:00Z");
  EXPECT_EQ(a.section, "اقتصاد");  // the first of articleSection's list
  EXPECT_TRUE(a.body.starts_with("تستضيف العاصمة التونسية")) << a.body;
  EXPECT_FALSE(has(a.body, "جافاسكريبت")) << a.body;
}

TEST(HtmlPages, RecognizedByContentCompressedAndWithBadBytes) {
  const std::string page =
      "<!DOCTYPE html><html><head><title>عنوان الخبر | موقع</title></head><body><p>" +
      std::string(30, 'x') + "\xff" +
      " نص الخبر الأول وهو طويل بما يكفي ليكون فقرة حقيقية.</p><p>" + std::string(150, 'y') +
      "</p></body></html>";
  const std::string dir = testing::fresh_test_dir();
  testing::write_file(dir + "/page.html.gz", testing::gzip(page));
  testing::write_file(dir + "/saved-page", page);
  const ReadResult r = read_inputs({dir + "/page.html.gz", dir + "/saved-page"});
  ASSERT_EQ(r.articles.size(), 2U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "عنوان الخبر");
  EXPECT_TRUE(has(r.articles[0].body, "x\xEF\xBF\xBD نص الخبر")) << r.articles[0].body;
  ASSERT_EQ(r.problems.size(), 2U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "1 invalid UTF-8 bytes replaced with U+FFFD");
  EXPECT_FALSE(r.problems[0].skipped);
}

TEST(HtmlPages, PageWithoutTextSkipped) {
  const ReadResult r = read_content("empty.html",
                                    "<html><body><nav><a href=/>home</a></nav>"
                                    "<p>short</p></body></html>");  // no paragraph
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_TRUE(r.problems[0].reason.starts_with("no article text (0 bytes")) << describe(r.problems);
  EXPECT_TRUE(r.problems[0].skipped);
}

TEST(HtmlPages, SiteNameStrippedFromTitles) {
  using readers::strip_site_name;
  EXPECT_EQ(strip_site_name("خبر - BBC News عربي", "BBC News عربي"), "خبر");
  EXPECT_EQ(strip_site_name("الجزيرة نت | خبر عاجل", "الجزيرة نت"), "خبر عاجل");
  EXPECT_EQ(strip_site_name("خبر طويل عن الاقتصاد – المدينة", ""), "خبر طويل عن الاقتصاد");
  // A title whose last part is no site name, and is not short beside the rest, stays whole.
  EXPECT_EQ(strip_site_name("سوريا - تحليل", ""), "سوريا - تحليل");
  EXPECT_EQ(strip_site_name("خبر - تحليل", "BBC"), "خبر - تحليل");
}

}  // namespace
}  // namespace readers_html_page_test
}  // namespace bahth
