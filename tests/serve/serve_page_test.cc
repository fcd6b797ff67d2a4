// The search and article pages as a reader meets them: Arabic names, filters that survive every
// link, numbered pages, Arabic error pages, and the article page's date and way back.
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/indexed_suite.h"
#include "damage_record.h"
#include "gtest/gtest.h"
#include "serve/server_process.h"

namespace bahth::testing {
namespace serve_page_test {
namespace {

constexpr int kSkyNews = 7;  // articles from each outlet that mention the query word
constexpr int kBbc = 4;
const std::string kQuake = "%D8%B2%D9%84%D8%B2%D8%A7%D9%84";  // زلزال

// An article body of words picked by `seed`, so that no two are near-duplicates (which the
// results would fold into one).
std::string varied_body(int seed) {
  static const std::vector<std::string> words{
      "مدينة", "سكان",   "بيوت",  "طريق", "مدرسة", "مستشفى", "جسر",   "نهر",   "جبل",
      "قرية",  "سوق",    "ميناء", "مطار", "حكومة", "وزير",   "فريق",  "إنقاذ", "خيام",
      "مياه",  "كهرباء", "شتاء",  "صيف",  "ليل",   "نهار",   "أطفال", "نساء",  "شيوخ"};
  std::string body = "زلزال";
  for (int j = 0; j < 40; ++j) {
    body += " " + words[static_cast<std::size_t>(seed * 7 + j * j * 3 + j * seed) % words.size()];
  }
  return body;
}

class ServePageTest : public IndexedSuite {
 protected:
  static void SetUpTestSuite() {
    const std::string input = path("articles.jsonl");
    {
      std::ofstream out(input);
      for (int i = 0; i < kSkyNews + kBbc; ++i) {
        const bool sky = i < kSkyNews;
        nlohmann::json article{
            {"id", "quake/" + std::to_string(i)}, {"title", "زلزال رقم " + std::to_string(i)},
            {"date", "2018-10-03T16:09:39Z"},     {"section", sky ? "middleEast" : "sport"},
            {"source", sky ? "skynews" : "BBC"},  {"body", varied_body(i)}};
        // Sky News writes its URLs' Arabic words percent-encoded.
        article["url"] = sky ? "https://www.skynewsarabia.com/world/" + std::to_string(i) +
                                   "-%D8%B2%D9%84%D8%B2%D8%A7%D9%84-%D9%82%D9%88%D9%8A"
                             : "https://www.bbc.com/arabic/" + std::to_string(i);
        out << article.dump() << "\n";
      }
      // A name the page's Latin note is tested with (Abu Dhabi).
      for (int i = 0; i < 3; ++i) {
        const nlohmann::json article{
            {"id", "abudhabi/" + std::to_string(i)},
            {"title", "قمة في أبو ظبي " + std::to_string(i)},
            {"date", "2018-10-04T10:00:00Z"},
            {"source", "skynews"},
            {"body",
             "عقدت في أبو ظبي قمة" + varied_body(40 + i).substr(std::string("زلزال").size())}};
        out << article.dump() << "\n";
      }
    }
    index_once({input});
    if (HasFatalFailure()) return;
    server_ = new ServerProcess({"--db", db(), "--threads", "2"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    IndexedSuite::TearDownTestSuite();
  }

  static httplib::Result get(const std::string& target) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(30, 0);
    return client.Get(target);
  }

  // The href of the first link with `rel` (e.g. "next"), still HTML-escaped.
  static std::string link_with_rel(const std::string& html, const std::string& rel) {
    const std::size_t at = html.find("rel=\"" + rel + "\" href=\"");
    if (at == std::string::npos) return "";
    const std::size_t begin = html.find("href=\"", at) + 6;
    return html.substr(begin, html.find('"', begin) - begin);
  }

  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ServePageTest, SectionsOutletsAndTheRelevanceSortHaveArabicNames) {
  const auto res = get("/search?q=" + kQuake);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& html = res->body;
  EXPECT_NE(html.find("الشرق الأوسط"), std::string::npos);
  EXPECT_NE(html.find("رياضة"), std::string::npos);
  EXPECT_NE(html.find("سكاي نيوز عربية"), std::string::npos);
  EXPECT_NE(html.find("بي بي سي عربي"), std::string::npos);
  EXPECT_EQ(html.find(">middleEast<"), std::string::npos);
  EXPECT_EQ(html.find("<bdi>middleEast</bdi>"), std::string::npos);
  EXPECT_NE(html.find(">الأكثر صلة<"), std::string::npos);
  EXPECT_EQ(html.find("الأقرب"), std::string::npos);
  // The outlet filter and facet: a select of the outlets, and facet links that set source=.
  EXPECT_NE(html.find("<select id=\"source\" name=\"source\">"), std::string::npos);
  EXPECT_NE(html.find("<h2>المصادر</h2>"), std::string::npos);
  EXPECT_NE(html.find("source=skynews"), std::string::npos);
  // Before any search, the outlet filter offers the index's outlets, most articles first.
  const auto home = get("/");
  ASSERT_TRUE(home);
  EXPECT_NE(home->body.find("<option value=\"skynews\">سكاي نيوز عربية</option><option "
                            "value=\"BBC\">بي بي سي عربي</option>"),
            std::string::npos);
  // Landmarks and a single h1.
  EXPECT_NE(html.find("<main id=\"main\">"), std::string::npos);
  EXPECT_NE(html.find("<header>"), std::string::npos);
  EXPECT_EQ(html.find("<h1"), html.rfind("<h1"));
}

TEST_F(ServePageTest, AnOutletFilterIsKeptOnPageTwoAndInFacetLinks) {
  const auto first = get("/search?q=" + kQuake + "&source=skynews&limit=2");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body.substr(0, 2000);
  const std::string next = link_with_rel(first->body, "next");
  ASSERT_FALSE(next.empty());
  EXPECT_NE(next.find("source=skynews"), std::string::npos) << next;
  EXPECT_NE(next.find("limit=2"), std::string::npos) << next;
  EXPECT_NE(next.find("offset=2"), std::string::npos) << next;
  // A facet click keeps the outlet and the page size, and goes back to the first page.
  const std::string section_link =
      "/search?q=" + kQuake + "&amp;section=middleEast&amp;source=skynews&amp;limit=2\"";
  EXPECT_NE(first->body.find(section_link), std::string::npos);
  // Page 2 shows only the outlet's articles, and its own links keep the filter too.
  std::string target = next;
  for (std::size_t at; (at = target.find("&amp;")) != std::string::npos;) {
    target.replace(at, 5, "&");
  }
  const auto second = get(target);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->status, 200);
  EXPECT_NE(second->body.find("سكاي نيوز عربية"), std::string::npos);
  EXPECT_EQ(second->body.find("<span class=\"source\"><bdi>بي بي سي عربي"), std::string::npos);
  EXPECT_NE(link_with_rel(second->body, "prev").find("source=skynews"), std::string::npos);
}

// A filter alone (here the outlet) is a search: the page and the API list the articles it keeps,
// newest first, counted, with facets and pages; nothing at all is still the home page.
TEST_F(ServePageTest, AFilterAloneListsItsArticlesNewestFirst) {
  const auto page = get("/search?source=BBC&limit=2");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body.substr(0, 2000);
  EXPECT_NE(page->body.find("<h1>أحدث المقالات</h1>"), std::string::npos);
  EXPECT_NE(page->body.find("<p class=\"count\">4 مقالة · 1–2 · الأحدث أولًا"), std::string::npos)
      << page->body;
  EXPECT_NE(page->body.find("<h2>الأقسام</h2>"), std::string::npos);  // facets
  const std::string next = link_with_rel(page->body, "next");
  EXPECT_NE(next.find("source=BBC"), std::string::npos) << next;
  EXPECT_EQ(next.find("q="), std::string::npos) << next;
  const auto api = get("/api/search?source=skynews&limit=3");
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200) << api->body;
  const nlohmann::json json = nlohmann::json::parse(api->body);
  EXPECT_EQ(json["total"], kSkyNews + 3);
  EXPECT_EQ(json["sort"], "date");
  EXPECT_EQ(json["without_words"], true);
  EXPECT_EQ(json["results"].at(0)["date"], "2018-10-04T10:00:00Z");  // Abu Dhabi's, the newest
  const auto none = get("/api/search");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 400);
  EXPECT_EQ(nlohmann::json::parse(none->body)["error"]["code"], "missing_parameter") << none->body;
  const auto home = get("/search?source=&section=");
  ASSERT_TRUE(home);
  EXPECT_NE(home->body.find("<p class=\"intro\">"), std::string::npos);
}

TEST_F(ServePageTest, PagesAreNumberedWithTheTotal) {
  const int total = kSkyNews + kBbc;  // 11 results, 2 a page: 6 pages
  const auto res = get("/search?q=" + kQuake + "&limit=2&offset=4");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& html = res->body;
  EXPECT_NE(html.find(std::to_string(total) + " نتيجة"), std::string::npos);
  EXPECT_NE(html.find("الصفحة 3 من 6"), std::string::npos);
  EXPECT_NE(html.find("aria-current=\"page\" href=\"/search?q=" + kQuake +
                      "&amp;limit=2&amp;offset=4\">3</a>"),
            std::string::npos);
  // The first and last pages, and the neighbours, by number.
  EXPECT_NE(html.find("&amp;limit=2\" aria-label=\"الصفحة 1\">1</a>"), std::string::npos);
  EXPECT_NE(html.find("&amp;limit=2&amp;offset=10\" aria-label=\"الصفحة 6\">6</a>"),
            std::string::npos);
}

TEST_F(ServePageTest, ABadDateGetsAnArabicErrorPageWithASuggestion) {
  const auto res = get("/search?q=" + kQuake + "&since=2018-13&source=skynews");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const std::string& html = res->body;
  EXPECT_NE(html.find("لم نفهم التاريخ <bdi>2018-13</bdi> في خانة «من تاريخ»"), std::string::npos)
      << html;
  EXPECT_EQ(html.find("--since"), std::string::npos);
  EXPECT_EQ(html.find("since:"), std::string::npos);
  // The way out keeps the other filters.
  EXPECT_NE(html.find("<a href=\"/search?q=" + kQuake + "&amp;source=skynews\">"),
            std::string::npos);
  const auto reversed = get("/search?q=" + kQuake + "&since=2019&until=2018");
  ASSERT_TRUE(reversed);
  EXPECT_EQ(reversed->status, 400);
  EXPECT_NE(reversed->body.find("تاريخ البداية <bdi>2019</bdi> بعد تاريخ النهاية"),
            std::string::npos);
}

// "الأحدث بين الأكثر صلة" is a toggle of the form, off unless the address asks for it; once on,
// paging, facets, chips, articles and the article page's form all keep it.
TEST_F(ServePageTest, TheRecencyToggleIsKeptByEveryLinkAndTheForm) {
  const auto off = get("/search?q=" + kQuake + "&limit=5");
  ASSERT_TRUE(off);
  ASSERT_EQ(off->status, 200);
  EXPECT_NE(off->body.find("<input type=\"checkbox\" id=\"recency\" name=\"recency\" "
                           "value=\"30d\"><label for=\"recency\">الأحدث بين الأكثر صلة</label>"),
            std::string::npos)
      << off->body;
  EXPECT_EQ(off->body.find("recency="), std::string::npos);
  const auto on = get("/search?q=" + kQuake + "&limit=5&recency=2w&source=skynews");
  ASSERT_TRUE(on);
  ASSERT_EQ(on->status, 200);
  const std::string& html = on->body;
  EXPECT_NE(html.find("name=\"recency\" value=\"2w\" checked>"), std::string::npos) << html;
  EXPECT_NE(link_with_rel(html, "next").find("recency=2w"), std::string::npos)
      << link_with_rel(html, "next");
  // Every link to a search or an article carries it (the `related` links start a new search).
  std::size_t links = 0;
  for (std::size_t at = html.find("href=\"/"); at != std::string::npos;
       at = html.find("href=\"/", at + 1)) {
    const std::string href = html.substr(at + 6, html.find('"', at + 6) - at - 6);
    if (href == "/" || href.find("like=") != std::string::npos) continue;
    if (href.rfind("/static/", 0) == 0) continue;
    ++links;
    EXPECT_NE(href.find("recency=2w"), std::string::npos) << href;
  }
  EXPECT_GT(links, 10U);
  const auto page_two = get("/search?q=" + kQuake + "&limit=5&recency=2w&offset=5");
  ASSERT_TRUE(page_two);
  EXPECT_NE(page_two->body.find("value=\"2w\" checked>"), std::string::npos);
  EXPECT_NE(link_with_rel(page_two->body, "prev").find("recency=2w"), std::string::npos);
  // The article page's search box keeps it, and so does its way back.
  const auto article = get("/article/quake/1?q=" + kQuake + "&recency=2w");
  ASSERT_TRUE(article);
  EXPECT_NE(article->body.find("<input type=\"hidden\" name=\"recency\" value=\"2w\">"),
            std::string::npos)
      << article->body;
  EXPECT_NE(article->body.find("&amp;recency=2w\">→ العودة إلى النتائج"), std::string::npos);
}

TEST_F(ServePageTest, ABadRecencyGetsAnArabicErrorWithAWayOut) {
  const auto res = get("/search?q=" + kQuake + "&recency=soon&source=skynews");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const std::string& html = res->body;
  EXPECT_NE(html.find("لم نفهم المدة <bdi>soon</bdi> في خيار «الأحدث بين الأكثر صلة»"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("half-life"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/search?q=" + kQuake + "&amp;source=skynews\">"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/search?q=" + kQuake + "&amp;source=skynews&amp;recency=30d\">"),
            std::string::npos);
}

// The HTTP layer's refusals of a page are in Arabic too, their addresses isolated.
TEST_F(ServePageTest, NotFoundAndWrongMethodPagesAreInArabic) {
  const auto missing = get("/no/such/page");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("<bdi dir=\"ltr\">/no/such/page</bdi>"), std::string::npos)
      << missing->body;
  httplib::Client client("127.0.0.1", server_->port());
  const auto post = client.Post("/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(post->body.find("<h1>طلب غير مقبول</h1>"), std::string::npos) << post->body;
  EXPECT_EQ(post->body.find("this path answers"), std::string::npos);
}

TEST_F(ServePageTest, NoResultsSaysSoInArabicWithSuggestions) {
  const auto res = get("/search?q=" + kQuake + "&section=culture");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("لا توجد مقالات تطابق «<bdi>زلزال</bdi>»"), std::string::npos);
  EXPECT_NE(res->body.find("<a href=\"/search?q=" + kQuake + "\">ابحث دون تصفية</a>"),
            std::string::npos);
}

// Every byte of `text` percent-encoded, as a browser sends a query's Arabic.
std::string percent_encoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
  }
  return out;
}

// A corrected search is headed by the correction in the user's own spelling: the words typed
// with ة stay so, only the slip is corrected (not the index's normalized مدرسه).
TEST_F(ServePageTest, ACorrectionIsShownInTheSpellingTyped) {
  const auto res = get("/search?q=" + percent_encoded("زلزال حكومة مدرصة"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("<title>زلزال حكومة مدرسة — بحث</title>"), std::string::npos)
      << res->body;
  EXPECT_EQ(res->body.find("مدرسه"), std::string::npos);
  const auto suggested = get("/search?correct=0&q=" + percent_encoded("زلزال حكومة مدرصة"));
  ASSERT_TRUE(suggested);
  EXPECT_NE(suggested->body.find("<bdi>زلزال حكومة مدرسة</bdi></a>؟</p>"), std::string::npos)
      << suggested->body;
}

// A word the index lacks, beside words it holds, is searched with its near spellings too: the
// page and the API say so, and the page links the words as typed (correct=0), which searches
// none.
TEST_F(ServePageTest, NearSpellingsAreNotedOnThePageAndInTheApi) {
  const std::string query = percent_encoded("زلزال حكومة مدرسث");  // ث for ة: no typing slip
  const auto page = get("/search?q=" + query);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  // The index's word as its articles write it (مدرسة), not normalized (مدرسه).
  EXPECT_NE(page->body.find("<bdi>مدرسث</bdi> ← <b>مدرسة</b>"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("correct=0"), std::string::npos) << page->body;
  const auto api = get("/api/search?q=" + query);
  ASSERT_TRUE(api);
  const nlohmann::json result = nlohmann::json::parse(api->body);
  ASSERT_EQ(result["near_spellings"].size(), 1U) << result;
  EXPECT_EQ(result["near_spellings"][0]["word"], "مدرسث");
  EXPECT_EQ(result["near_spellings"][0]["spellings"], nlohmann::json::array({"مدرسة"}));
  const auto as_typed = get("/api/search?correct=0&q=" + query);
  ASSERT_TRUE(as_typed);
  EXPECT_TRUE(nlohmann::json::parse(as_typed->body)["near_spellings"].empty()) << as_typed->body;
}

// A name typed as two Latin words: the page and the API say what it was searched as, in the
// words typed, as for a name of one word.
TEST_F(ServePageTest, ANameTypedAsTwoLatinWordsIsNotedOnThePageAndInTheApi) {
  const auto page = get("/search?q=Abu%20Dhabi");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<bdi dir=\"ltr\">Abu Dhabi</bdi> ← <b>أبو ظبي</b>"), std::string::npos)
      << page->body;
  const auto api = get("/api/search?q=Abu%20Dhabi");
  ASSERT_TRUE(api);
  const nlohmann::json result = nlohmann::json::parse(api->body);
  EXPECT_EQ(result["total"], 3) << result;
  ASSERT_EQ(result["transliterations"].size(), 1U) << result;
  EXPECT_EQ(result["transliterations"][0]["word"], "Abu Dhabi");
}

TEST_F(ServePageTest, TheArticlePageHasAnArabicDateADecodedUrlAndAWayBack) {
  const auto res = get("/article/quake/1?q=" + kQuake + "&source=skynews&offset=2");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& html = res->body;
  EXPECT_NE(html.find("<time datetime=\"2018-10-03T16:09:39Z\">3 أكتوبر 2018، 16:09"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/search?q=" + kQuake +
                      "&amp;source=skynews&amp;offset=2\">→ العودة إلى النتائج</a>"),
            std::string::npos);
  EXPECT_NE(html.find("name=\"q\" value=\"زلزال\""), std::string::npos);
  // The link goes where the dump says; the text shows the words.
  EXPECT_NE(html.find("href=\"https://www.skynewsarabia.com/world/1-%D8%B2"), std::string::npos);
  EXPECT_NE(html.find(">skynewsarabia.com/world/1-زلزال-قوي</a>"), std::string::npos);
  // Related articles are headed by the article's title, not its id.
  const auto related = get("/search?like=quake%2F1");
  ASSERT_TRUE(related);
  ASSERT_EQ(related->status, 200);
  EXPECT_NE(related->body.find("<bdi>زلزال رقم 1</bdi>"), std::string::npos);
  const auto missing = get("/article/no/such");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("لا توجد في الفهرس مقالة بالمعرّف <bdi>no/such</bdi>"),
            std::string::npos);
}

// A damaged stored article (tests/damage_record.h), on a copy of the index: the page of the
// articles like it is answered, naming it by its id (it was a 500); the API's article is an
// error naming it.
TEST_F(ServePageTest, ADamagedArticleIsNamedAndItsRelatedArticlesShown) {
  const TempDir dir;
  const std::string copy = dir / "db";
  std::filesystem::copy(db(), copy, std::filesystem::copy_options::recursive);
  damage_stored_article(copy, "quake/0");
  const ServerProcess server({"--db", copy, "--threads", "1"});
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(30, 0);
  const httplib::Result page = client.Get("/search?like=quake%2F0");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("href=\"/article/quake/0\""), std::string::npos) << page->body;
  const httplib::Result api = client.Get("/api/article/quake%2F0");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 500);
  EXPECT_NE(api->body.find("article 'quake/0': a document in the index has data bahth did not"),
            std::string::npos)
      << api->body;
}

}  // namespace
}  // namespace serve_page_test
}  // namespace bahth::testing
