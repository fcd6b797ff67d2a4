// Search parameters of the HTTP API → SearchOptions, and the HTML helpers the pages rely on.
#include <filesystem>

#include "bahth/error.h"
#include "gtest/gtest.h"
#include "render/html.h"
#include "serve/http_server.h"
#include "serve/index_names.h"
#include "serve/keys.h"
#include "serve/metrics.h"
#include "serve/request.h"

namespace bahth::serve {
namespace serve_request_test {
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
  // The heading names the spelling searched, not the one typed, which is one click away.
  EXPECT_NE(html.find("<h1>عرض نتائج «<bdi>الانتخابات</bdi>»</h1>"), std::string::npos) << html;
  EXPECT_EQ(html.find("نتائج البحث عن «<bdi>الانتخبات</bdi>»"), std::string::npos) << html;
  EXPECT_NE(html.find("<title>الانتخابات — بحث</title>"), std::string::npos);
  EXPECT_NE(html.find("ابحث بدلاً من ذلك عن «<a href=\"/search?q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA"
                      "%D8%AE%D8%A8%D8%A7%D8%AA&amp;correct=0\"><bdi>الانتخبات</bdi></a>»"),
            std::string::npos)
      << html;
  SearchResults as_typed;
  as_typed.query = "الانتخبات";
  as_typed.total = 30;
  page.options.correct = false;
  page.options.limit = 10;
  page.results = &as_typed;
  for (int i = 0; i < 10; ++i) as_typed.hits.push_back({});
  EXPECT_NE(render::search_page_html(page).find("offset=10&amp;correct=0"), std::string::npos);
}

TEST(ParseSearchRequest, TranslitZeroSearchesLatinWordsAsTyped) {
  EXPECT_TRUE(parse_search_request({{"q", "x"}}, false).options.transliterate);
  EXPECT_FALSE(parse_search_request({{"q", "x"}, {"translit", "0"}}, false).options.transliterate);
  EXPECT_FALSE(search_state_as_typed({{"q", "x"}, {"translit", "0"}}).options.transliterate);
}

// The page says which Arabic spellings a Latin word was searched with, and links the query
// searched as typed (translit=0).
TEST(Html, ATransliteratedSearchSaysSoAndLinksTheQueryAsTyped) {
  SearchResults results;
  results.query = "Trump";
  results.total = 1;
  results.transliterations.push_back({"Trump", {"ترامب", "ترمب"}});
  render::SearchPage page;
  page.query = "Trump";
  page.results = &results;
  const std::string html = render::search_page_html(page);
  EXPECT_NE(html.find("<bdi dir=\"ltr\">Trump</bdi> ← <b>ترامب، ترمب</b>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("translit=0"), std::string::npos) << html;
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

TEST(ParseSearchRequest, ErrorsNameTheParameterAndWhatIsWrong) {
  struct Case {
    Params params;
    std::string code;
    std::string parameter;
  };
  const std::vector<Case> cases{
      {{{"q", "x"}, {"limit", "many"}}, "invalid_parameter", "limit"},
      {{{"q", "x"}, {"since", "2018-13"}}, "invalid_parameter", "since"},
      {{{"q", "x"}, {"until", "2018-02-32"}}, "invalid_parameter", "until"},
      {{{"q", "x"}, {"utm_source", "tw"}}, "unknown_parameter", "utm_source"},
      {{{"q", "x"}, {"limit", "1"}, {"limit", "2"}}, "repeated_parameter", "limit"},
  };
  for (const Case& c : cases) {
    try {
      (void)parse_search_request(c.params, false);
      ADD_FAILURE() << c.parameter << " accepted";
    } catch (const ParameterError& e) {
      EXPECT_EQ(e.code(), c.code);
      EXPECT_EQ(e.parameter(), c.parameter);
    }
  }
  // Pages ignore what they do not know (tracking tags), never what they know but is bad.
  const Params tagged{{"q", "x"}, {"utm_source", "tw"}, {"fbclid", "1"}};
  EXPECT_EQ(parse_search_request(tagged, true, UnknownParameters::ignore).query, "x");
  EXPECT_THROW((void)parse_search_request({{"limit", "x"}}, true, UnknownParameters::ignore),
               ParameterError);
  for (const std::string date : {"2018", "2018-03", "2018-03-31", ""}) {
    EXPECT_EQ(parse_search_request({{"since", date}}, false).options.since, date);
  }
}

TEST(HttpLayer, KeysAreRedactedFromLoggedTargets) {
  EXPECT_EQ(redact_key("/search?q=x&key=secret&page=2"), "/search?q=x&key=REDACTED&page=2");
  EXPECT_EQ(redact_key("/search?%6Bey=secret"), "/search?key=REDACTED");
  EXPECT_EQ(redact_key("/search?key=a&key=b"), "/search?key=REDACTED&key=REDACTED");
  EXPECT_EQ(redact_key("/api/search?q=key%3Dx"), "/api/search?q=key%3Dx");
  EXPECT_EQ(redact_key("/healthz"), "/healthz");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

const std::string kSearch = "s-0123456789abcdef";
const std::string kWrite = "w-0123456789abcdef";
const std::string kMetrics = "m-0123456789abcdef";

// --trusted-proxy ranges, IPv4 and IPv6; anything else is refused.
TEST(HttpLayer, TrustedProxyRangesParse) {
  EXPECT_TRUE(parse_ip_range("10.0.0.0/8"));
  EXPECT_TRUE(parse_ip_range("192.168.1.5"));
  EXPECT_TRUE(parse_ip_range("2001:db8::/32"));
  EXPECT_TRUE(parse_ip_range("::1"));
  for (const char* bad : {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "proxy",
                          "10.0.0/8", "10.0.0.0/-1", "1.2.3.4:80"}) {
    EXPECT_FALSE(parse_ip_range(bad)) << bad;
  }
}

// The client behind trusted proxies: the right-most X-Forwarded-For address not itself trusted
// (over several header lines too); the peer itself when it is not trusted, when the header is
// missing, or when an entry before the first untrusted address is not an address.
TEST(HttpLayer, ForwardedClientIsTheRightMostUntrustedAddress) {
  const std::vector<IpRange> trusted = {*parse_ip_range("10.0.0.0/8"),
                                        *parse_ip_range("2001:db8::/32")};
  using Lines = std::vector<std::string_view>;
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{"198.51.100.7"}, trusted), "198.51.100.7");
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{"203.0.113.1, 198.51.100.7, 10.9.9.9"}, trusted),
            "198.51.100.7");
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{"198.51.100.7", " 10.0.0.2 ,10.0.0.3"}, trusted),
            "198.51.100.7");
  EXPECT_EQ(forwarded_client("2001:db8::5", Lines{"2001:db8::9, 2a00:1450::1"}, trusted),
            "2a00:1450::1");
  EXPECT_EQ(forwarded_client("::ffff:10.0.0.1", Lines{"198.51.100.7"}, trusted), "198.51.100.7");
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{"10.0.0.9, 10.0.0.8"}, trusted), "10.0.0.9");
  // Spoofed entries left of the client's own address do not matter.
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{"garbage, 198.51.100.7"}, trusted), "198.51.100.7");
  // Not trusted, no header, malformed: the peer.
  EXPECT_EQ(forwarded_client("198.51.100.1", Lines{"203.0.113.1"}, trusted), "198.51.100.1");
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{}, trusted), "10.1.2.3");
  for (const char* bad : {"unknown", "", "198.51.100.7,", "198.51.100.7:8080",
                          "1.2.3.4, 10.0.0.1 x", "[2001:db8::1]"}) {
    EXPECT_EQ(forwarded_client("10.1.2.3", Lines{bad}, trusted), "10.1.2.3") << bad;
  }
  EXPECT_EQ(forwarded_client("10.1.2.3", Lines{"198.51.100.7"}, {}), "10.1.2.3");
}

TEST(Keys, EachKindOpensItsRoutes) {
  const KeyRing ring(
      "# comment\n\nsearch " + kSearch + "\nwrite " + kWrite + "\r\nmetrics " + kMetrics + "\n",
      "keys");
  EXPECT_EQ(ring.check("", Access::open), KeyCheck::allowed);
  EXPECT_EQ(ring.check("", Access::search), KeyCheck::missing);
  EXPECT_EQ(ring.check(kSearch, Access::search), KeyCheck::allowed);
  EXPECT_EQ(ring.check(kWrite, Access::search), KeyCheck::allowed);
  EXPECT_EQ(ring.check(kMetrics, Access::search), KeyCheck::wrong);
  EXPECT_EQ(ring.check(kSearch, Access::write), KeyCheck::wrong);
  EXPECT_EQ(ring.check(kWrite, Access::write), KeyCheck::allowed);
  EXPECT_EQ(ring.check("", Access::write), KeyCheck::missing);
  EXPECT_EQ(ring.check(kMetrics, Access::metrics), KeyCheck::allowed);
  EXPECT_EQ(ring.check(kSearch, Access::metrics), KeyCheck::wrong);
  EXPECT_EQ(ring.check(kSearch + "x", Access::search), KeyCheck::wrong);
  // Without a search key, search is open; writes still need theirs.
  const KeyRing write_only("write " + kWrite + "\n", "keys");
  EXPECT_EQ(write_only.check("", Access::search), KeyCheck::allowed);
  EXPECT_EQ(write_only.check("", Access::write), KeyCheck::missing);
  EXPECT_EQ(write_only.check(kSearch, Access::write), KeyCheck::wrong);
}

TEST(Keys, BadKeyFilesAreRefusedNamingTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"search short\n", "keys:1:"},
      {"\nread " + kSearch + "\n", "keys:2:"},
      {"search\n", "keys:1:"},
      {"search " + kSearch + "\nwrite " + kSearch + "\n", "keys:2:"},
  };
  for (const auto& [text, where] : cases) {
    try {
      const KeyRing ring(text, "keys");
      ADD_FAILURE() << text;
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0U) << e.what();
    }
  }
}

TEST(Metrics, PrometheusTextEscapesAndFormats) {
  PrometheusText out;
  out.family("a_total", "counter", "Help with \\ and\nnewline.");
  out.sample("a_total", {{"path", "x\"y\\z\nw"}, {"b", "1"}}, 3);
  out.sample("a_total", {}, 0.25);
  EXPECT_EQ(out.text(),
            "# HELP a_total Help with \\\\ and\\nnewline.\n# TYPE a_total counter\n"
            "a_total{path=\"x\\\"y\\\\z\\nw\",b=\"1\"} 3\na_total 0.25\n");
  EXPECT_EQ(format_sample_value(1e300 * 1e300), "+Inf");
  EXPECT_EQ(format_sample_value(-1e300 * 1e300), "-Inf");
  EXPECT_EQ(format_sample_value(12345678), "12345678");
  EXPECT_EQ(format_sample_value(0.001), "0.001");
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  RequestMetrics metrics;
  metrics.record("/api/search", 200, 0.0005);
  metrics.record("/api/search", 200, 0.003);
  metrics.record("/api/search", 400, 7.0);  // beyond the last bucket: only +Inf
  PrometheusText out;
  metrics.write(out);
  const std::string& text = out.text();
  EXPECT_NE(text.find("bahth_http_requests_total{route=\"/api/search\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"0.005\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"5\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("bahth_http_request_duration_seconds_count{route=\"/api/search\"} 3\n"),
            std::string::npos);
}

}  // namespace
}  // namespace serve_request_test
}  // namespace bahth::serve
