// readers_feed_test.cc: RSS and Atom feeds, one article per item, and hostile XML refused.
#include <gtest/gtest.h>

#include <chrono>  // std::chrono::steady_clock
#include <string>  // std::string

#include "bahth/readers.h"
#include "html_text.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_feed_test {
namespace {

using testing::describe;
using testing::fresh_test_dir;
using testing::read_content;
using testing::read_inputs;
using testing::ReadResult;
using testing::write_file;

const std::string kFixtures = BAHTH_SOURCE_DIR "/tests/fixtures/feeds/";

TEST(FeedReader, RssItemsWithCdataHtmlCategoriesAndRfc822Dates) {
  const ReadResult r = read_inputs({kFixtures + "bbc-arabic.rss"});
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "https://www.bbc.com/arabic/middleeast-43962931");  // the guid
  EXPECT_EQ(a.url, "https://www.bbc.com/arabic/middleeast-43962931");
  EXPECT_EQ(a.title, "الأمم المتحدة تدعو إلى هدنة في اليمن");
  // Paragraphs become lines; tags, entities and the script are gone.
  EXPECT_EQ(a.body,
            "دعت الأمم المتحدة إلى هدنة فورية في اليمن.\n"
            "وقال المبعوث الأممي إن \"الوقت ينفد\".");
  EXPECT_EQ(a.section, "الشرق الأوسط");
  EXPECT_EQ(a.source, "BBC News عربي");
  EXPECT_EQ(a.date, "2018-05-01T07:00:00Z");  // 10:00 at +03:00

  const Article& b = r.articles[1];
  // No guid: the link is the id. content:encoded (the whole article) beats the description.
  EXPECT_EQ(b.id, "https://www.bbc.com/arabic/business-43960000");
  EXPECT_EQ(b.body, "ارتفعت أسعار النفط في الأسواق العالمية اليوم.\nبرنت\nغرب تكساس");
  EXPECT_EQ(b.section, "اقتصاد");
  EXPECT_EQ(b.date, "2018-05-02T08:15:00Z");  // a two-digit year and no seconds

  // The third item has neither title nor body: reported at its line and skipped, and counted.
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 36u);
  EXPECT_EQ(r.problems[0].reason, "article has neither title nor body");
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.records_seen, 3u);
}

TEST(FeedReader, AtomEntriesHtmlAndXhtmlContent) {
  const ReadResult r = read_inputs({kFixtures + "aljazeera.atom"});
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "tag:aljazeera.net,2018:news-1001");
  EXPECT_EQ(a.url, "https://www.aljazeera.net/news/2018/5/1/summit");  // rel=alternate
  EXPECT_EQ(a.title, "قمة عربية & اتفاق");                             // type="html"
  EXPECT_EQ(a.body, "اجتمع القادة العرب في القمة.\nواتفقوا على بيان ختامي.");
  EXPECT_EQ(a.section, "سياسة");
  EXPECT_EQ(a.source, "الجزيرة نت");
  EXPECT_EQ(a.date, "2018-05-01T06:30:00Z");  // published beats updated
  const Article& b = r.articles[1];
  EXPECT_EQ(b.url, "https://www.aljazeera.net/sport/2018/5/2/clasico");  // no rel
  EXPECT_EQ(b.body, "فاز برشلونة على ريال مدريد.\nوسجل ميسي هدفين.");
  EXPECT_EQ(b.date, "2018-05-02T20:00:00Z");
}

TEST(FeedReader, TitlesInCdataHaveTheirHtmlStripped) {
  // Feeds put markup in an untyped title with CDATA; it is read as HTML, as descriptions are.
  // A title typed "text" keeps its characters; a title without CDATA is text as before.
  const ReadResult r = read_content("cdata.rss", R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title><![CDATA[<b>BBC</b> &amp; عربي]]></title>
<item><title><![CDATA[<b>عاجل:</b> <a href="/x">هدنة</a> &amp; اتفاق]]></title>
<description>نص</description><guid>a</guid></item>
<item><title>قمة &lt;b&gt; عربية</title><description>نص</description><guid>b</guid></item>
<item><title>ت</title><description><![CDATA[<b>كلمة</b> <i>أخرى</i>]]></description><guid>e</guid></item>
</channel></rss>)");
  ASSERT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_EQ(r.articles[2].body, "كلمة أخرى");
  EXPECT_EQ(r.articles[0].title, "عاجل: هدنة & اتفاق");
  EXPECT_EQ(r.articles[0].source, "BBC & عربي");
  EXPECT_EQ(r.articles[1].title, "قمة <b> عربية");

  const ReadResult atom = read_content("cdata.atom", R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><id>c</id><title><![CDATA[<i>مائل</i>]]></title><summary>نص</summary></entry>
<entry><id>d</id><title type="text"><![CDATA[<i>حرفي</i>]]></title><summary>نص</summary></entry>
</feed>)");
  ASSERT_EQ(atom.articles.size(), 2u) << describe(atom.problems);
  EXPECT_EQ(atom.articles[0].title, "مائل");
  EXPECT_EQ(atom.articles[1].title, "<i>حرفي</i>");
}

// A WordPress export holds every post of the site: only published posts and pages are articles;
// the attachment, the menu item and the draft are reported at their lines and counted.
TEST(FeedReader, WordPressExportKeepsPublishedPostsOnly) {
  const ReadResult r = read_inputs({kFixtures + "wordpress-export.xml"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "https://news.example.com/?p=101");
  EXPECT_EQ(a.title, "قمة عربية في القاهرة");
  // The caption's shortcode is gone, its words kept (its attributes were words before).
  EXPECT_EQ(a.body, "اجتمع القادة العرب في القاهرة اليوم.\nصورة القمة");
  EXPECT_EQ(a.section, "سياسة");
  EXPECT_EQ(a.source, "مدونة الأخبار");
  ASSERT_EQ(r.problems.size(), 3u) << describe(r.problems);
  EXPECT_EQ(describe(r.problems),
            describe({{kFixtures + "wordpress-export.xml", 39,
                       "WordPress attachment, not a post or page", true},
                      {kFixtures + "wordpress-export.xml", 51,
                       "WordPress nav_menu_item, not a post or page", true},
                      {kFixtures + "wordpress-export.xml", 60,
                       "WordPress post not published (status 'draft')", true}}));
  EXPECT_EQ(r.records_seen, 4u);
}

// Shortcodes of WordPress and its page builders: tags go, what they enclose stays; brackets
// that are not shortcodes stay.
TEST(FeedReader, ShortcodesAreStrippedAndTheirContentKept) {
  EXPECT_EQ(readers::strip_shortcodes(
                "[caption id=\"attachment_7\" align=\"alignnone\" width=\"300\"] صورة[/caption]"),
            "صورة");
  EXPECT_EQ(readers::strip_shortcodes("[vc_row][vc_column]نص[/vc_column][/vc_row] بعد"), "نص بعد");
  EXPECT_EQ(readers::strip_shortcodes("قبل[gallery ids=\"1,2\"]بعد"), "قبل بعد");
  EXPECT_EQ(readers::strip_shortcodes("[[caption]] و [1] و [تحديث] و [ و a[b"),
            "[caption] و [1] و [تحديث] و [ و a[b");
  EXPECT_EQ(readers::strip_shortcodes("[embed]https://example.com/v[/embed]"),
            "https://example.com/v");
  EXPECT_EQ(readers::strip_shortcodes("x [a [b] c"), "x [a c");  // [b]: a tag of its own
}

TEST(FeedReader, DeclaredLegacyEncodingIsFollowed) {
  const ReadResult r = read_inputs({kFixtures + "archive-windows-1256.xml"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "عودة الهدوء إلى الحدود");
  EXPECT_EQ(r.articles[0].source, "صحيفة الأرشيف");
  EXPECT_EQ(r.articles[0].body, "عاد الهدوء إلى المناطق الحدودية بعد ليلة من الاشتباكات.");
  EXPECT_EQ(r.articles[0].date, "2009-01-04T16:30:00Z");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "read as windows-1256 (XML declaration)");
}

TEST(FeedReader, SniffedFromContentWhateverTheName) {
  const std::string rss =
      R"(<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>)"
      R"(<item><title>خبر</title><description>نص</description></item></channel></rss>)";
  const ReadResult r = read_content("feed", rss);  // no extension
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "خبر");
  // Neither guid nor link: derived from the file's absolute path and the line.
  EXPECT_TRUE(r.articles[0].id.ends_with("/feed:1")) << r.articles[0].id;
  EXPECT_EQ(r.articles[0].id.front(), '/') << r.articles[0].id;
}

TEST(FeedReader, BillionLaughsRefusedQuicklyAndBounded) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY l0 \"lol\">\n";
  for (int i = 1; i <= 10; ++i) {
    bomb += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&l" + std::to_string(i - 1) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<rss version=\"2.0\"><channel><title>t</title>\n<item><title>&l10;</title>";
  bomb += "<description>x</description></item>\n</channel></rss>\n";
  const auto start = std::chrono::steady_clock::now();
  const ReadResult r = read_content("bomb.xml", bomb);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason.rfind("XML error: ", 0), 0u) << describe(r.problems);
  EXPECT_TRUE(r.problems[0].skipped);
  // 10^10 "lol"s would take 30 GB: refused, not expanded (a generous bound, not a benchmark).
  EXPECT_LT(seconds.count(), 20.0);
}

TEST(FeedReader, OneLargeEntityReferencedOftenIsRefused) {
  // The quadratic blow-up: 5 MB of text from a 250 KB file, beyond the 4 MiB bound.
  std::string feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"" +
                     std::string(100000, 'x') + "\">]>\n<rss><channel>\n";
  feed += "<item><title>before</title></item>\n<item><title>q</title><description>";
  for (int i = 0; i < 50; ++i) feed += "&a;";
  feed += "</description></item></channel></rss>\n";
  const ReadResult r = read_content("quad.xml", feed);
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "before");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 5u);
  EXPECT_EQ(r.problems[0].reason.rfind("XML error: entities expand to more than 4 MiB", 0), 0u)
      << r.problems[0].reason;
}

TEST(FeedReader, InternalEntitiesExpanded) {
  const ReadResult r = read_content(
      "e.xml",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e \"نص\">]>\n<rss><channel><item>"
      "<title>a &e; b</title><description>x &amp; &#1576; "
      "&e;</description></item></channel></rss>");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "a نص b");
  EXPECT_EQ(r.articles[0].body, "x & ب نص");
}

TEST(FeedReader, ExternalEntitiesAreNotLoaded) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/secret.txt", "SECRET-CONTENT");
  write_file(dir + "/evil.dtd", "<!ENTITY leak \"DTD-WAS-LOADED\">");
  const std::string feed =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM \"file://" + dir +
      "/secret.txt\">\n<!ENTITY % dtd SYSTEM \"file://" + dir +
      "/evil.dtd\">\n%dtd;\n]>\n<rss version=\"2.0\"><channel><title>t</title>"
      "<item><title>a &xxe; b</title><description>c &xxe; d</description>"
      "</item></channel></rss>\n";
  write_file(dir + "/xxe.xml", feed);
  const ReadResult r = read_inputs({dir + "/xxe.xml"});
  for (const Article& a : r.articles) {
    EXPECT_EQ(a.title.find("SECRET"), std::string::npos) << a.title;
    EXPECT_EQ(a.body.find("SECRET"), std::string::npos) << a.body;
    EXPECT_EQ(a.body.find("DTD-WAS-LOADED"), std::string::npos) << a.body;
  }
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "a b");
}

TEST(FeedReader, TruncatedFeedKeepsTheItemsBeforeAndReportsTheCut) {
  std::string feed = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>t</title>\n";
  for (int i = 1; i <= 30; ++i) {  // several of libxml2's input chunks
    feed += "<item><title>خبر " + std::to_string(i) +
            "</title>\n<description>نص الخبر الطويل نسبيا</description></item>\n";
  }
  feed += "<item><title>المقطوع</title>\n<description>نص ينقطع";
  const ReadResult r = read_content("cut.rss", feed);
  EXPECT_EQ(r.articles.size(), 30u) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 64u);
  EXPECT_EQ(r.problems[0].reason,
            "XML error: the feed ends inside an open element (cut off?) (the item that starts at "
            "line 63 and the rest of the feed are not read)")
      << r.problems[0].reason;
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.records_seen, 31u);
}

TEST(FeedReader, AnEmptyFeedFileIsNamedAsEmpty) {
  const ReadResult r = read_content("empty.rss", "");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "the file is empty: no RSS or Atom feed in it")
      << r.problems[0].reason;
  EXPECT_TRUE(r.problems[0].skipped);
}

TEST(FeedReader, AFeedFileOfSpacesOrADeclarationOnlyIsNamedAsHoldingNoElement) {
  for (const std::string content : {"  \n\n", "<?xml version=\"1.0\"?>\n"}) {
    const ReadResult r = read_content("blank.rss", content);
    EXPECT_TRUE(r.articles.empty());
    ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
    EXPECT_EQ(r.problems[0].reason, "no XML element in the file: no RSS or Atom feed in it")
        << r.problems[0].reason;
  }
}

TEST(FeedReader, OversizedItemSkippedAndNextOneRead) {
  ReaderOptions options;
  options.max_article_bytes = 1024;
  const std::string feed = "<rss><channel><item><title>big</title><description>" +
                           std::string(4096, 'x') + "</description></item>\n" +
                           "<item><title>small</title></item></channel></rss>";
  const ReadResult r = read_content("f.rss", feed, options);
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "small");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason.rfind("item larger than", 0), 0u) << r.problems[0].reason;
}

TEST(FeedReader, XmlWithoutItemsSaysSo) {
  const ReadResult r = read_content("sitemap.xml", "<urlset><url>x</url></urlset>");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "no RSS item or Atom entry in this XML file");
}

TEST(FeedReader, FeedFormatNamed) { EXPECT_EQ(parse_input_format("feed"), InputFormat::feed); }

}  // namespace
}  // namespace readers_feed_test
}  // namespace bahth
