// `bahth serve` as HTTP clients expect it: keys (401/403, Bearer and ?key=), CORS preflight, the
// access log (one line per request, no key in it) and GET /metrics in Prometheus' text format.
#include <httplib.h>
#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/indexed_suite.h"
#include "gtest/gtest.h"
#include "serve/server_process.h"
#include "temp_dir.h"

namespace bahth::testing {
namespace serve_http_test {
namespace {

const std::string kSearchKey = "search-key-0123456789abcdef";
const std::string kWriteKey = "write-key-0123456789abcdef";
const std::string kMetricsKey = "metrics-key-0123456789abcdef";
const std::string kOrigin = "https://news.example.org";
const std::string kSyria = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";  // سوريا

// A parsed Prometheus text exposition: every sample by its series ("name{a="x",b="y"}"), and
// every family's TYPE. Fails the test on any line the format does not allow.
struct Exposition {
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;
};

Exposition parse_prometheus(const std::string& text) {
  Exposition out;
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kLabel(R"(([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\n]|\\[\\\"n])*)\")");
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const std::string where = "line " + std::to_string(number) + ": " + line;
    if (line.empty()) continue;
    if (line.rfind("# HELP ", 0) == 0) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string name;
      std::string type;
      words >> name >> type;
      EXPECT_TRUE(std::regex_match(name, kName)) << where;
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << where;
      EXPECT_EQ(out.types.count(name), 0U) << "TYPE given twice: " << where;
      out.types[name] = type;
      continue;
    }
    EXPECT_NE(line.front(), '#') << where;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    const std::string name = line.substr(0, i);
    EXPECT_TRUE(std::regex_match(name, kName)) << where;
    std::string series = name;
    if (i < line.size() && line[i] == '{') {
      const std::size_t close = line.rfind('}');
      EXPECT_NE(close, std::string::npos) << where;
      if (close == std::string::npos) continue;
      const std::string labels = line.substr(i + 1, close - i - 1);
      // The labels are label="value" pairs separated by commas, and nothing else.
      const std::string rest = std::regex_replace(labels, kLabel, "");
      EXPECT_EQ(rest.find_first_not_of(','), std::string::npos) << where;
      series += "{" + labels + "}";
      i = close + 1;
    }
    EXPECT_TRUE(i < line.size() && line[i] == ' ') << where;
    const std::string value = i < line.size() ? line.substr(i + 1) : "";
    double parsed = 0;
    if (value == "+Inf") {
      parsed = INFINITY;
    } else {
      std::size_t used = 0;
      try {
        parsed = std::stod(value, &used);
      } catch (...) {
        used = 0;
      }
      EXPECT_TRUE(!value.empty() && used == value.size()) << where;
    }
    // Every sample belongs to a family whose TYPE came before it.
    std::string family = name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string s = suffix;
      if (out.types.count(family) == 0 && family.size() > s.size() &&
          family.compare(family.size() - s.size(), s.size(), s) == 0) {
        family = family.substr(0, family.size() - s.size());
      }
    }
    EXPECT_EQ(out.types.count(family), 1U) << "no TYPE before " << where;
    EXPECT_EQ(out.samples.count(series), 0U) << "series given twice: " << where;
    out.samples[series] = parsed;
  }
  return out;
}

class ServeHttpTest : public IndexedSuite {
 protected:
  static void SetUpTestSuite() {
    index_once({kBundledSample});
    if (HasFatalFailure()) return;
    keys_ = path("keys");
    std::ofstream(keys_) << "# keys of the test\nsearch " << kSearchKey << "\nwrite " << kWriteKey
                         << "\n\nmetrics " << kMetricsKey << "\n";
    ::chmod(keys_.c_str(), 0600);
    log_ = path("access.log");
    try {
      server_ = new ServerProcess({"--db", db(), "--threads", "2", "--keys", keys_, "--cors-origin",
                                   kOrigin, "--access-log", log_, "--metrics", "key"});
    } catch (const std::exception& e) {
      start_error_ = e.what();  // each test fails on it (an exception here would skip them)
    }
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "the server did not start: " << start_error_;
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    IndexedSuite::TearDownTestSuite();
  }

  static httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(30, 0);
    return client.Get(target, headers);
  }
  static httplib::Headers bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
  }
  static std::string error_code(const httplib::Response& res) {
    const auto body = nlohmann::json::parse(res.body);
    return body["error"]["code"].get<std::string>();
  }
  static std::vector<std::string> log_lines() {
    std::ifstream in(log_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  static inline ServerProcess* server_ = nullptr;
  static inline std::string keys_;
  static inline std::string log_;
  static inline std::string start_error_;
};

TEST_F(ServeHttpTest, SearchNeedsAKey401WithoutAnd403Wrong) {
  const auto none = get("/api/search?q=" + kSyria);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"bahth\"");
  EXPECT_EQ(error_code(*none), "missing_key");
  const auto wrong = get("/api/search?q=" + kSyria, bearer("not-the-key-0123456789"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(error_code(*wrong), "wrong_key");
  // A key one character short of the right one is as wrong.
  const auto prefix = get("/api/search?q=" + kSyria, bearer(kSearchKey.substr(1)));
  ASSERT_TRUE(prefix);
  EXPECT_EQ(prefix->status, 403);
  for (const std::string& key : {kSearchKey, kWriteKey}) {
    const auto res = get("/api/search?q=" + kSyria, bearer(key));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_GT(nlohmann::json::parse(res->body)["total"].get<int>(), 0);
  }
  // The page takes the key as a parameter too; /healthz needs none.
  const auto page = get("/search?q=" + kSyria + "&key=" + kSearchKey);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  // Its links and its form carry the key on, so the next page opens too.
  EXPECT_NE(page->body.find("&amp;offset=10&amp;key=" + kSearchKey + "\""), std::string::npos)
      << page->body;
  EXPECT_NE(page->body.find("<input type=\"hidden\" name=\"key\" value=\"" + kSearchKey + "\">"),
            std::string::npos);
  const auto next = get("/search?q=" + kSyria + "&offset=10&key=" + kSearchKey);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  const auto page_without = get("/search?q=" + kSyria);
  ASSERT_TRUE(page_without);
  EXPECT_EQ(page_without->status, 401);
  EXPECT_EQ(page_without->get_header_value("Content-Type"), "text/html; charset=utf-8");
  // A reader gets the refusal in Arabic, with `key=` isolated left to right, and no English.
  EXPECT_NE(page_without->body.find("<h1>هذه الصفحة تحتاج إلى مفتاح</h1>"), std::string::npos)
      << page_without->body;
  EXPECT_NE(page_without->body.find("<bdi dir=\"ltr\">key=</bdi>"), std::string::npos);
  EXPECT_EQ(page_without->body.find("needs a key"), std::string::npos);
  const auto page_wrong = get("/search?q=" + kSyria + "&key=not-the-key-0123456789");
  ASSERT_TRUE(page_wrong);
  EXPECT_EQ(page_wrong->status, 403);
  EXPECT_NE(page_wrong->body.find("<h1>المفتاح لا يفتح هذه الصفحة</h1>"), std::string::npos)
      << page_wrong->body;
  EXPECT_EQ(page_wrong->body.find("this key"), std::string::npos);
  const auto health = get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServeHttpTest, MetricsTakeTheMetricsKeyNotTheSearchKey) {
  const auto none = get("/metrics");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  const auto search_key = get("/metrics", bearer(kSearchKey));
  ASSERT_TRUE(search_key);
  EXPECT_EQ(search_key->status, 403);
  const auto res = get("/metrics", bearer(kMetricsKey));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
}

TEST_F(ServeHttpTest, MetricsParseAsPrometheusTextAndCount) {
  for (int i = 0; i < 3; ++i) {
    const auto res = get("/api/search?q=" + kSyria + "&limit=1", bearer(kSearchKey));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
  }
  const auto res = get("/metrics", bearer(kMetricsKey));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const Exposition metrics = parse_prometheus(res->body);
  EXPECT_EQ(metrics.types.at("bahth_http_requests_total"), "counter");
  EXPECT_EQ(metrics.types.at("bahth_http_request_duration_seconds"), "histogram");
  EXPECT_GE(metrics.samples.at("bahth_http_requests_total{route=\"/api/search\",status=\"200\"}"),
            3);
  const double count =
      metrics.samples.at("bahth_http_request_duration_seconds_count{route=\"/api/search\"}");
  EXPECT_EQ(metrics.samples.at(
                "bahth_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"}"),
            count);
  // Buckets are cumulative.
  double last = 0;
  for (const char* le : {"0.001", "0.01", "0.1", "1", "5", "+Inf"}) {
    const double bucket = metrics.samples.at(
        "bahth_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"" + std::string(le) +
        "\"}");
    EXPECT_GE(bucket, last) << le;
    last = bucket;
  }
  EXPECT_EQ(metrics.samples.at("bahth_index_documents{db=\"db\"}"), 300);
  // The index was built by this test's fixture, moments (not an hour) ago.
  const double age = metrics.samples.at("bahth_index_last_commit_age_seconds{db=\"db\"}");
  EXPECT_GE(age, 0);
  EXPECT_LT(age, 3600);
  EXPECT_EQ(metrics.samples.at("bahth_workers"), 2);
  EXPECT_EQ(metrics.samples.at("bahth_queue_limit"), 256);
  EXPECT_EQ(metrics.samples.at("bahth_rejected_requests_total{reason=\"queue_full\"}"), 0);
  EXPECT_GE(metrics.samples.at("bahth_searcher_opens_total"), 1);
  EXPECT_EQ(metrics.samples.count("bahth_queue_depth"), 1U);
  EXPECT_EQ(metrics.samples.count("bahth_searcher_reopens_total"), 1U);
}

TEST_F(ServeHttpTest, CorsPreflightFromAnAllowedOriginAndARefusedOne) {
  httplib::Client client("127.0.0.1", server_->port());
  const auto allowed =
      client.Options("/api/search", {{"Origin", kOrigin},
                                     {"Access-Control-Request-Method", "GET"},
                                     {"Access-Control-Request-Headers", "authorization"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 204);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), kOrigin);
  EXPECT_NE(allowed->get_header_value("Access-Control-Allow-Methods").find("GET"),
            std::string::npos);
  EXPECT_NE(allowed->get_header_value("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
  EXPECT_FALSE(allowed->get_header_value("Access-Control-Max-Age").empty());
  EXPECT_EQ(allowed->get_header_value("Vary"), "Origin");
  const auto refused = client.Options("/api/search", {{"Origin", "https://attacker.example"},
                                                      {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(error_code(*refused), "origin_not_allowed");
  // The actual request: the allowed origin is named back, another is not.
  httplib::Headers headers = bearer(kSearchKey);
  headers.emplace("Origin", kOrigin);
  const auto cross = get("/api/search?q=" + kSyria + "&limit=1", headers);
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 200);
  EXPECT_EQ(cross->get_header_value("Access-Control-Allow-Origin"), kOrigin);
  EXPECT_EQ(cross->get_header_value("Vary"), "Origin");
  headers = bearer(kSearchKey);
  headers.emplace("Origin", "https://attacker.example");
  const auto foreign = get("/api/search?q=" + kSyria + "&limit=1", headers);
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(foreign->has_header("Access-Control-Allow-Origin"));
}

TEST_F(ServeHttpTest, OneAccessLogLinePerRequestWithoutTheKey) {
  const std::size_t before = log_lines().size();
  const std::vector<std::string> targets{
      "/api/search?q=" + kSyria + "&limit=2&key=" + kSearchKey, "/healthz",
      "/search?utm_source=x&key=" + kSearchKey + "&q=" + kSyria, "/no/such/page"};
  for (const std::string& target : targets) {
    const auto res = get(target, bearer(kSearchKey));
    ASSERT_TRUE(res) << target;
  }
  std::vector<std::string> lines;
  // The line is written before the answer, so it is there once the answer is read.
  lines = log_lines();
  ASSERT_EQ(lines.size(), before + targets.size());
  const std::vector<int> statuses{200, 200, 200, 404};
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::string& line = lines[before + i];
    EXPECT_EQ(line.find(kSearchKey), std::string::npos) << line;
    const auto entry = nlohmann::json::parse(line);
    EXPECT_EQ(entry["method"], "GET");
    EXPECT_EQ(entry["status"], statuses[i]) << line;
    EXPECT_EQ(entry["remote"], "127.0.0.1");
    EXPECT_TRUE(entry["bytes"].is_number_unsigned());
    EXPECT_TRUE(entry["ms"].is_number());
    EXPECT_TRUE(std::regex_match(entry["time"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << line;
    const std::string logged = entry["path"];
    EXPECT_EQ(logged.substr(0, targets[i].find('?')), targets[i].substr(0, targets[i].find('?')));
  }
  EXPECT_NE(lines[before].find("key=REDACTED"), std::string::npos);
  // The Bearer header is not logged either.
  std::ifstream in(log_);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all.find(kSearchKey), std::string::npos);
}

TEST(ServeKeysStart, WildcardCorsWithKeysIsRefusedAndAReadableKeyFileWarned) {
  const TempDir dir;
  const std::string keys = dir / "keys";
  std::ofstream(keys) << "search " << kSearchKey << "\n";
  ::chmod(keys.c_str(), 0600);
  const RunResult refused = run_bahth(
      {"serve", "--port", "0", "--db", dir / "missing", "--keys", keys, "--cors-origin", "*"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("--cors-origin '*'"), std::string::npos) << refused.err;
  std::ofstream(dir / "short") << "search tooshort\n";
  const RunResult short_key =
      run_bahth({"serve", "--port", "0", "--db", dir / "missing", "--keys", dir / "short"});
  EXPECT_EQ(short_key.exit_code, 2) << short_key.err;
  EXPECT_NE(short_key.err.find("short:1:"), std::string::npos) << short_key.err;
  ::chmod(keys.c_str(), 0644);
  const RunResult readable =
      run_bahth({"serve", "--port", "0", "--db", dir / "missing", "--keys", keys});
  EXPECT_NE(readable.err.find("can be read by every user"), std::string::npos) << readable.err;
}

}  // namespace
}  // namespace serve_http_test
}  // namespace bahth::testing
