// Search parameters of the HTTP API → SearchOptions, and the HTML helpers the pages rely on.
#include <filesystem>

#include "bahth/error.h"
#include "gtest/gtest.h"
#include "render/html.h"
#include "serve/http_server.h"
#include "serve/index_names.h"
#include "serve/request.h"

namespace bahth::serve {
namespace {

TEST(ParseSearchRequest, MapsEveryParameterLikeTheCommandLine) {
  const Params params{{"q", "سوريا"},         {"limit", "25"},      {"offset", "50"},
                      {"since", "2018-03"},   {"until", "2018-04"}, {"section", "a"},
                      {"section", "b"},       {"sort", "date"},     {"facets", "1"},
                      {"duplicates", "true"}, {"like", "x/1"}};
  const SearchRequest r = parse_search_request(params, false);
  EXPECT_EQ(r.query, "سوريا");
  EXPECT_EQ(r.options.limit, 25U);
  EXPECT_EQ(r.options.offset, 50U);
  EXPECT_EQ(r.options.since, "2018-03");
  EXPECT_EQ(r.options.until, "2018-04");
  EXPECT_EQ(r.options.sections, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.options.sort, SortOrder::date);
  EXPECT_TRUE(r.options.facets);
  EXPECT_TRUE(r.options.show_duplicates);
  EXPECT_EQ(r.options.like, "x/1");
}

TEST(ParseSearchRequest, DefaultsAreTheCommandLineDefaults) {
  const SearchRequest r = parse_search_request({{"q", "x"}}, false);
  const SearchOptions defaults;
  EXPECT_EQ(r.options.limit, defaults.limit);
  EXPECT_EQ(r.options.offset, defaults.offset);
  EXPECT_FALSE(r.options.facets);
  EXPECT_TRUE(parse_search_request({{"q", "x"}}, true).options.facets);
  EXPECT_FALSE(parse_search_request({{"q", "x"}, {"facets", "0"}}, true).options.facets);
}

TEST(ParseSearchRequest, LimitZeroAsksForTheCountOnlyAndSourcesRepeat) {
  const SearchRequest request = parse_search_request(
      {{"q", "x"}, {"limit", "0"}, {"source", "bbc"}, {"source", "CNN"}}, false);
  EXPECT_EQ(request.options.limit, 0u);
  EXPECT_EQ(request.options.sources, (std::vector<std::string>{"bbc", "CNN"}));
}

TEST(ParseSearchRequest, RefusesBadValuesNamingTheParameter) {
  for (const Params& bad : std::vector<Params>{{{"limit", "10001"}},
                                               {{"limit", "5x"}},
                                               {{"limit", ""}},
                                               {{"offset", "-1"}},
                                               {{"offset", "1000001"}},
                                               {{"sort", "best"}},
                                               {{"facets", "yes please"}},
                                               {{"q", "a"}, {"q", "b"}},
                                               {{"bogus", "1"}}}) {
    try {
      parse_search_request(bad, false);
      ADD_FAILURE() << "accepted " << bad.begin()->first << "=" << bad.begin()->second;
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(bad.begin()->first), std::string::npos) << e.what();
    }
  }
}

TEST(ParseSearchRequest, CorrectZeroSearchesTheQueryAsTyped) {
  EXPECT_TRUE(parse_search_request({{"q", "x"}}, false).options.correct);
  EXPECT_FALSE(parse_search_request({{"q", "x"}, {"correct", "0"}}, false).options.correct);
  EXPECT_TRUE(parse_search_request({{"q", "x"}, {"correct", "1"}}, true).options.correct);
}

// The page says which spelling it searched, links the query as typed with correct=0, and keeps
// correct=0 in its other links (paging) once the user chose it.
TEST(Html, ACorrectedSearchLinksTheQueryAsTyped) {
  SearchResults results;
  results.query = "الانتخبات";
  results.total = 1;
  results.corrected = Correction{"الانتخبات", "الانتخابات"};
  render::SearchPage page;
  page.query = "الانتخبات";
  page.results = &results;
  const std::string html = render::search_page_html(page);
  EXPECT_NE(html.find("نتائج البحث عن <b>الانتخابات</b>"), std::string::npos) << html;
  EXPECT_NE(html.find("correct=0"), std::string::npos) << html;
  SearchResults as_typed;
  as_typed.query = "الانتخبات";
  as_typed.total = 30;
  page.options.correct = false;
  page.options.limit = 10;
  page.results = &as_typed;
  for (int i = 0; i < 10; ++i) as_typed.hits.push_back({});
  EXPECT_NE(render::search_page_html(page).find("offset=10&amp;correct=0"), std::string::npos);
}

TEST(Html, EscapesTextAndLinksOnlyWebUrls) {
  EXPECT_EQ(render::html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(render::html_escape("a\u202Eb"), "ab");  // a bidi override cannot turn text around
  EXPECT_TRUE(render::is_web_url("https://www.bbc.com/arabic/x"));
  EXPECT_TRUE(render::is_web_url("HTTP://example.org/"));
  EXPECT_FALSE(render::is_web_url("javascript:alert(1)"));
  EXPECT_FALSE(render::is_web_url(" javascript:alert(1)"));
  EXPECT_FALSE(render::is_web_url("data:text/html,<script>"));
  EXPECT_FALSE(render::is_web_url("https://"));
  EXPECT_FALSE(render::is_web_url("https://a.b/\njavascript:x"));
  EXPECT_EQ(render::url_encode("سو ر/&"), "%D8%B3%D9%88%20%D8%B1%2F%26");
  EXPECT_EQ(render::url_encode("a/b c", true), "a/b%20c");
}

TEST(HttpLayer, DecodesPathsAndQueriesLikeBrowsersEncodeThem) {
  EXPECT_EQ(percent_decode("/api/article/a%2Fb+c", false), "/api/article/a/b+c");
  EXPECT_EQ(percent_decode("a+b%20c%zz%4", true), "a b c%zz%4");  // bad escapes stay as sent
  const Params params = parse_query("q=%D8%B3+%D9%88&section=a&section=b&&flag&=x");
  EXPECT_EQ(params.count("q"), 1U);
  EXPECT_EQ(params.find("q")->second, "س و");
  EXPECT_EQ(params.count("section"), 2U);
  EXPECT_EQ(params.find("flag")->second, "");
  EXPECT_EQ(params.size(), 4U);  // the empty pair and the nameless value are dropped
}

TEST(HttpLayer, HostCheckAllowsTheListedNamesAndAddresses) {
  const std::vector<std::string> allowed{"localhost", "127.0.0.1", "news.example.org"};
  EXPECT_TRUE(host_allowed("localhost", allowed, 8080));
  EXPECT_TRUE(host_allowed("LocalHost:8080", allowed, 8080));
  EXPECT_TRUE(host_allowed("news.example.org", allowed, 8080));
  EXPECT_TRUE(host_allowed("10.1.2.3:8080", allowed, 8080));  // an address: no rebinding
  EXPECT_TRUE(host_allowed("[::1]:8080", allowed, 8080));
  EXPECT_FALSE(host_allowed("localhost:9090", allowed, 8080));
  EXPECT_FALSE(host_allowed("attacker.example", allowed, 8080));
  EXPECT_FALSE(host_allowed("localhost.attacker.example:8080", allowed, 8080));
  EXPECT_FALSE(host_allowed("::1", allowed, 8080));  // IPv6 needs brackets in a Host
  EXPECT_FALSE(host_allowed(":8080", allowed, 8080));
  EXPECT_FALSE(host_allowed("", allowed, 8080));
  EXPECT_TRUE(host_allowed("anything", {"*"}, 8080));
}

TEST(IndexNames, ClientsSeeTheNameNeverThePath) {
  EXPECT_EQ(index_name("/srv/bahth/news/"), "news");
  EXPECT_EQ(index_name("news"), "news");
  EXPECT_EQ(index_name("/"), "/");
  const std::string relative = "some/dir/news";
  const std::string absolute = std::filesystem::absolute(relative).string();
  const PathHider hide({relative, "/srv/other/"});
  EXPECT_EQ(hide("cannot open " + absolute + "/bahth-parts/part0: DatabaseNotFoundError"),
            "cannot open news/bahth-parts/part0: DatabaseNotFoundError");
  EXPECT_EQ(hide("some/dir/news and /srv/other twice: /srv/other"), "news and other twice: other");
}

}  // namespace
}  // namespace bahth::serve
