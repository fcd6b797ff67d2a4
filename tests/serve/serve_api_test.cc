// `bahth serve` end to end: the server process on a free loopback port, queried over HTTP.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "serve/openapi_schema.h"
#include "serve/server_process.h"
#include "temp_dir.h"

namespace bahth::testing {
namespace serve_api_test {
namespace {

// The bundled sample (300 BBC articles) plus two hostile articles, indexed once for the suite.
class ServeTest : public IndexedSuite {
 protected:
  static void SetUpTestSuite() {
    const std::string hostile = path("hostile.jsonl");
    std::ofstream(hostile)
        << R"j({"id": "evil/1", "url": "javascript:alert(1)", "title": "<script>alert('x')</script> خبر عاجل", "date": "2018-05-01", "section": "<b>sec</b>", "body": "خبر عاجل عن <img src=x onerror=alert(1)> الحدث"})j"
        << "\n"
        << R"j({"id": "evil/2", "url": "JaVaScRiPt:alert(2)", "title": "عنوان ثان", "date": "2018-05-02", "section": "news", "body": "خبر عاجل آخر"})j"
        << "\n";
    index_once({kBundledSample, hostile});
    if (HasFatalFailure()) return;
    server_ = new ServerProcess({"--db", db(), "--threads", "4"});
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

  // Checks the security headers every response must carry.
  static void expect_safe_headers(const httplib::Response& res) {
    EXPECT_NE(res.get_header_value("Content-Security-Policy").find("default-src 'none'"),
              std::string::npos);
    EXPECT_EQ(res.get_header_value("X-Content-Type-Options"), "nosniff");
  }

  static inline ServerProcess* server_ = nullptr;
};

const std::string kSyria = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";  // سوريا

TEST_F(ServeTest, HealthzAnswers200WithSecurityHeaders) {
  const auto res = get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  expect_safe_headers(*res);
}

// The API's JSON is byte for byte what `bahth search --json` prints with the same options.
TEST_F(ServeTest, SearchJsonIsTheCliJson) {
  struct Case {
    std::string params;
    std::vector<std::string> cli;
  };
  const std::vector<Case> cases{
      {"q=" + kSyria, {"سوريا"}},
      {"q=" + kSyria + "&limit=3&offset=2&facets=1",
       {"-n", "3", "--offset", "2", "--facets", "سوريا"}},
      {"q=" + kSyria + "&sort=date&section=middleEast&since=2018-03&until=2018-09&duplicates=1",
       {"--sort", "date", "--section", "middleEast", "--since", "2018-03", "--until", "2018-09",
        "--duplicates", "سوريا"}},
      {"like=ant/BB-culture-1-20180218&limit=4",
       {"--like", "ant/BB-culture-1-20180218", "-n", "4"}},
      {"q=%D8%B3%D9%88%D8%B1%D8%A7&explain=1", {"--explain", "سورا"}},
      {"q=" + kSyria + "&recency=30d&limit=20", {"--recency", "30d", "-n", "20", "سوريا"}},
      // The correction line, the Latin note and their switches (issue 28: the page and the
      // API offer what the command line does).
      {"q=%D8%B3%D9%88%D8%B1%D8%A7&correct=0", {"--no-correct", "سورا"}},
      {"q=Syria", {"Syria"}},
      {"q=Syria&translit=0", {"--no-transliterate", "Syria"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args{"search", "--db", db(), "--json"};
    args.insert(args.end(), c.cli.begin(), c.cli.end());
    const RunResult cli = run_bahth(args);
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const auto res = get("/api/search?" + c.params);
    ASSERT_TRUE(res) << c.params;
    EXPECT_EQ(res->status, 200) << c.params << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    // The API adds how long the search took, and is otherwise the same bytes.
    const std::regex took("\"took_ms\":[0-9]+,");
    EXPECT_TRUE(std::regex_search(res->body, took)) << res->body;
    EXPECT_EQ(std::regex_replace(res->body, took, ""), cli.out) << c.params;
    EXPECT_EQ(cli.out.find("took_ms"), std::string::npos);
    expect_safe_headers(*res);
  }
}

// An error is {"error": {"code", "message", "parameter"}}: the code from docs/serve.md's list.
static void expect_error(const httplib::Result& res, int status, const std::string& code,
                         const std::string& parameter, const std::string& target) {
  ASSERT_TRUE(res) << target;
  EXPECT_EQ(res->status, status) << target << ": " << res->body;
  const auto body = nlohmann::json::parse(res->body);
  ASSERT_TRUE(body.contains("error") && body["error"].is_object()) << target << ": " << res->body;
  EXPECT_EQ(body["error"]["code"], code) << target << ": " << res->body;
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty()) << target;
  if (parameter.empty()) {
    EXPECT_FALSE(body["error"].contains("parameter")) << target << ": " << res->body;
  } else {
    EXPECT_EQ(body["error"]["parameter"], parameter) << target << ": " << res->body;
  }
}

TEST_F(ServeTest, ErrorsCarryACodeAndTheParameter) {
  struct Case {
    std::string target;
    std::string code;
    std::string parameter;
  };
  const std::vector<Case> cases{
      {"/api/search?q=x&limit=10001", "invalid_parameter", "limit"},
      {"/api/search?q=x&offset=-1", "invalid_parameter", "offset"},
      {"/api/search?q=x&sort=best", "invalid_parameter", "sort"},
      {"/api/search?q=x&since=2018-13", "invalid_parameter", "since"},
      {"/api/search?q=x&until=yesterday", "invalid_parameter", "until"},
      {"/api/search?q=x&recency=30", "invalid_parameter", "recency"},
      {"/api/search?q=x&recency=soon", "invalid_parameter", "recency"},
      {"/api/search?q=x&foo=1", "unknown_parameter", "foo"},
      {"/api/search?q=x&utm_source=newsletter", "unknown_parameter", "utm_source"},
      {"/api/search?q=x&q=y", "repeated_parameter", "q"},
      {"/api/search", "missing_parameter", "q"},
      {"/api/search?like=no/such/article", "invalid_request", ""},
  };
  for (const Case& c : cases) expect_error(get(c.target), 400, c.code, c.parameter, c.target);
  expect_error(get("/api/article/no/such/id"), 404, "not_found", "", "/api/article/no/such/id");
  expect_error(get("/api/nothing"), 404, "not_found", "", "/api/nothing");
}

TEST_F(ServeTest, WrongMethodsAre405WithAllow) {
  httplib::Client client("127.0.0.1", server_->port());
  const auto post = client.Post("/api/search?q=x", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(nlohmann::json::parse(post->body)["error"]["code"], "method_not_allowed");
  const auto del = client.Delete("/api/article/ant/BB-culture-1-20180218");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(del->get_header_value("Allow"), "GET, HEAD, OPTIONS");
  const auto options = client.Options("/api/stats");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
  EXPECT_EQ(options->get_header_value("Allow"), "GET, HEAD, OPTIONS");
  const auto head = client.Head("/api/stats");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  // An unknown path stays 404 whatever the method.
  const auto unknown = client.Post("/no/such/page", "", "text/plain");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(ServeTest, TrackingTagsAreIgnoredOnPages) {
  const auto page = get("/search?q=" + kSyria + "&utm_source=twitter&utm_medium=social&fbclid=x");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<mark>"), std::string::npos);
  const auto home = get("/?utm_source=newsletter");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
}

TEST_F(ServeTest, UnknownPathsAreAPageForBrowsersAndJsonForTheApi) {
  const auto page = get("/no/such/page");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  expect_safe_headers(*page);
  const auto api = get("/api/no/such");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(ServeTest, OpenApiDocumentMatchesRealAnswers) {
  const auto doc_res = get("/api/openapi.json");
  ASSERT_TRUE(doc_res);
  ASSERT_EQ(doc_res->status, 200);
  const auto doc = nlohmann::json::parse(doc_res->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0U);
  const auto schema_of = [&](const std::string& path, int status) {
    return doc["paths"][path]["get"]["responses"][std::to_string(status)]["content"]
              ["application/json"]["schema"];
  };
  const auto error_schema =
      doc["components"]["responses"]["Error"]["content"]["application/json"]["schema"];
  struct Case {
    std::string path;
    std::string target;
    int status;
  };
  const std::vector<Case> cases{
      {"/api/search", "/api/search?q=" + kSyria + "&limit=3&facets=1&explain=1", 200},
      {"/api/search", "/api/search?q=" + kSyria + "&limit=0", 200},
      {"/api/search", "/api/search?like=ant/BB-culture-1-20180218&limit=2&facets=1&duplicates=1",
       200},
      {"/api/article/{id}", "/api/article/ant/BB-culture-1-20180218", 200},
      {"/api/stats", "/api/stats", 200},
      {"/api/search", "/api/search?q=x&limit=many", 400},
      {"/api/article/{id}", "/api/article/no/such/id", 404},
  };
  for (const Case& c : cases) {
    const auto res = get(c.target);
    ASSERT_TRUE(res) << c.target;
    ASSERT_EQ(res->status, c.status) << c.target << ": " << res->body;
    const auto schema = c.status == 200 ? schema_of(c.path, 200) : error_schema;
    ASSERT_FALSE(schema.is_null()) << c.path;
    expect_matches_schema(doc, schema, nlohmann::json::parse(res->body), c.target);
    EXPECT_TRUE(doc["paths"][c.path]["get"]["responses"].contains(std::to_string(c.status)))
        << c.target;
  }
  // Every documented parameter is one the API knows.
  for (const auto& parameter : doc["paths"]["/api/search"]["get"]["parameters"]) {
    const std::string name = parameter["name"];
    const auto res = get("/api/search?q=" + kSyria + "&limit=1&" + name + "=");
    ASSERT_TRUE(res);
    if (res->status == 400) {
      EXPECT_NE(nlohmann::json::parse(res->body)["error"]["code"], "unknown_parameter") << name;
    }
  }
}

TEST_F(ServeTest, BadRequestsAre400WithAJsonError) {
  std::string too_many_words = "q=";
  for (int i = 0; i < 1001; ++i) too_many_words += "a+";
  for (const std::string& target :
       {std::string("/api/search?q=x&limit=10001"), std::string("/api/search?q=x&limit=abc"),
        std::string("/api/search?q=x&offset=-1"), std::string("/api/search?q=x&foo=1"),
        std::string("/api/search?q=x&sort=best"), std::string("/api/search?q=x&facets=maybe"),
        std::string("/api/search?q=x&since=2018-13"), std::string("/api/search?q=x&q=y"),
        std::string("/api/search"), std::string("/api/search?like=no/such/article"),
        "/api/search?" + too_many_words}) {
    const auto res = get(target);
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->status, 400) << target << ": " << res->body;
    const auto body = nlohmann::json::parse(res->body);
    EXPECT_TRUE(body.contains("error") && body["error"]["code"].is_string() &&
                !body["error"]["message"].get<std::string>().empty())
        << target << ": " << res->body;
  }
}

TEST_F(ServeTest, ArticleIsTheShowJsonAnd404WhenAbsent) {
  const RunResult cli = run_bahth({"show", "--db", db(), "--json", "ant/BB-culture-1-20180218"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto res = get("/api/article/ant/BB-culture-1-20180218");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, cli.out);
  const auto article = nlohmann::json::parse(res->body);
  EXPECT_FALSE(article["body"].get<std::string>().empty());
  const auto absent = get("/api/article/no/such/id");
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->status, 404);
  EXPECT_NE(
      nlohmann::json::parse(absent->body)["error"]["message"].get<std::string>().find("no/such/id"),
      std::string::npos);
}

TEST_F(ServeTest, StatsIsTheCliStatsJson) {
  const RunResult cli = run_bahth({"stats", "--db", db(), "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto res = get("/api/stats");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // The same, but that the API names the index rather than showing its path.
  nlohmann::json expected = nlohmann::json::parse(cli.out);
  expected["db"] = "db";
  EXPECT_EQ(nlohmann::json::parse(res->body), expected);
}

TEST_F(ServeTest, SearchPageIsRightToLeftWithMarkedResults) {
  const auto res = get("/search?q=" + kSyria);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  expect_safe_headers(*res);
  const std::string& html = res->body;
  EXPECT_NE(html.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(html.find("<li class=\"hit\">"), std::string::npos);
  EXPECT_NE(html.find("<mark>"), std::string::npos);
  EXPECT_NE(html.find("class=\"histogram\""), std::string::npos);  // facets are on for pages
  EXPECT_NE(html.find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);  // the CSP allows no inline style
  const auto home = get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_NE(home->body.find("name=\"q\""), std::string::npos);
  const auto css = get("/static/bahth.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(ServeTest, ArticleTextIsEscapedAndOnlyWebUrlsAreLinked) {
  const std::string query = "%D8%B9%D8%A7%D8%AC%D9%84";  // عاجل
  for (const std::string& target :
       {"/search?q=" + query, std::string("/article/evil/1"), std::string("/article/evil/2")}) {
    const auto res = get(target);
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->status, 200) << target;
    const std::string& html = res->body;
    EXPECT_EQ(html.find("<script"), std::string::npos) << target;
    EXPECT_EQ(html.find("<img"), std::string::npos) << target;
    EXPECT_EQ(html.find("<b>"), std::string::npos) << target;
    EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos) << target;
    EXPECT_EQ(html.find("href=\"JaVaScRiPt:"), std::string::npos) << target;
  }
  const auto page = get("/article/evil/1");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  const auto missing = get("/article/no/such/id");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(ServeTest, ManyConcurrentClientsAllGetAnswers) {
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", server_->port());
      for (int i = 0; i < 20; ++i) {
        const auto res = client.Get("/api/search?q=" + kSyria + "&facets=1");
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
}

// An index run committing while the server answers: no request fails, and the new articles are
// found within seconds of the last commit.
TEST(ServeConcurrentCommit, NewArticlesAppearAndNoRequestFails) {
  const TempDir dir;
  const std::string db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "--quiet", "--db", db, kBundledSample}).exit_code, 0);
  // Fresh articles with a word the sample lacks, written in several batches of commits. They are
  // near-duplicates of each other, so the count is taken with duplicates=1 (every copy counted).
  const std::string fresh = dir / "fresh.jsonl";
  {
    std::ofstream out(fresh);
    for (int i = 0; i < 600; ++i) {
      out << R"({"id": "fresh/)" << i << R"(", "title": "زنجبيلية )" << i
          << R"(", "date": "2019-01-01", "section": "test", "body": "نص جديد عن زنجبيلية رقم )" << i
          << R"("})"
          << "\n";
    }
  }
  ServerProcess server({"--db", db, "--threads", "2"});
  std::atomic<bool> indexing{true};
  std::atomic<int> failures{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_read_timeout(30, 0);
      while (indexing.load()) {
        const auto res = client.Get("/api/search?q=" + std::string(kSyria) + "&limit=5");
        const auto fresh_res =
            client.Get("/api/search?q=%D8%B2%D9%86%D8%AC%D8%A8%D9%8A%D9%84%D9%8A%D9%87");
        if (!res || res->status != 200 || !fresh_res || fresh_res->status != 200) ++failures;
        answered += 2;
      }
    });
  }
  const RunResult indexed = run_bahth({"index", "--quiet", "--batch", "50", "--db", db, fresh});
  indexing = false;
  for (std::thread& t : clients) t.join();
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(answered.load(), 0);
  httplib::Client client("127.0.0.1", server.port());
  std::uint64_t total = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto res =
        client.Get("/api/search?q=%D8%B2%D9%86%D8%AC%D8%A8%D9%8A%D9%84%D9%8A%D9%87&duplicates=1");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    total = nlohmann::json::parse(res->body)["total"].get<std::uint64_t>();
    if (total == 600) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(total, 600U);
  EXPECT_EQ(server.stop(), 0);  // SIGTERM: a clean stop
}

TEST(ServeStart, ABadIndexFailsBeforeListening) {
  const TempDir dir;
  const RunResult result = run_bahth({"serve", "--port", "0", "--db", dir / "missing"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bahth: "), std::string::npos);
  EXPECT_EQ(result.out.find("listening"), std::string::npos);
}

}  // namespace
}  // namespace serve_api_test
}  // namespace bahth::testing
