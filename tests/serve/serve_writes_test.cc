// Writes over HTTP: PUT, POST (JSON Lines) and DELETE /api/articles, the task table, the keys,
// the body limit, the one-writer rule against the command line, and the drain on SIGTERM.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
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
namespace serve_writes_test {
namespace {

const std::string kWriteKey = "write-key-0123456789abcdef";
const std::string kSearchKey = "search-key-0123456789abcdef";

// Percent-encodes every byte but unreserved ASCII (for Arabic words in a query).
std::string encode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

std::string article_json(const std::string& id, const std::string& title, const std::string& body) {
  nlohmann::json article{{"title", title}, {"body", body}};
  if (!id.empty()) article["id"] = id;
  return article.dump();
}

// A small index (a few articles) with a server taking writes on it; each test makes its own so
// that they stay independent and the one-writer rule can be seen.
class WritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir.path() / "seed.jsonl")
        << article_json("seed/1", "الاقتصاد المصري", "ارتفعت أسعار الذهب في القاهرة اليوم") << "\n"
        << article_json("seed/2", "كرة القدم", "فاز الفريق الأهلي في المباراة النهائية") << "\n";
    const RunResult indexed =
        run_bahth({"index", "--quiet", "--db", db(), dir.path() / "seed.jsonl"});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    keys = dir.path() / "keys";
    std::ofstream(keys) << "write " << kWriteKey << "\nsearch " << kSearchKey << "\n";
    ::chmod(keys.c_str(), 0600);
  }

  std::string db() const { return dir.path() / "db"; }

  void start(std::vector<std::string> extra = {}, const std::string& commit_interval = "20") {
    std::vector<std::string> args{"--db",
                                  db(),
                                  "--keys",
                                  keys,
                                  "--threads",
                                  "4",
                                  "--access-log",
                                  getenv("WRITES_LOG") ? "-" : "off",
                                  "--commit-interval",
                                  commit_interval};
    args.insert(args.end(), extra.begin(), extra.end());
    server = std::make_unique<ServerProcess>(args);
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  static httplib::Headers as(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
  }

  httplib::Result put(const std::string& id, const std::string& body, const std::string& query = "",
                      const std::string& key = kWriteKey) const {
    return client().Put("/api/articles/" + encode(id) + query, as(key), body, "application/json");
  }
  httplib::Result post(const std::string& body, const std::string& query = "") const {
    return client().Post("/api/articles" + query, as(kWriteKey), body, "application/x-ndjson");
  }
  httplib::Result del(const std::string& id) const {
    return client().Delete("/api/articles/" + encode(id), as(kWriteKey));
  }
  httplib::Result get(const std::string& target, const std::string& key = kSearchKey) const {
    return client().Get(target, as(key));
  }

  // The ids a search for `word` finds.
  std::set<std::string> found(const std::string& word) const {
    const auto res = get("/api/search?duplicates=1&limit=100&q=" + encode(word));
    std::set<std::string> ids;
    if (!res || res->status != 200) {
      ADD_FAILURE() << "search for " << word << ": " << (res ? res->body : "no answer");
      return ids;
    }
    const nlohmann::json answer = nlohmann::json::parse(res->body);
    for (const auto& hit : answer["results"]) ids.insert(hit["id"].get<std::string>());
    return ids;
  }

  nlohmann::json openapi() const {
    const auto res = get("/api/openapi.json");
    return res ? nlohmann::json::parse(res->body) : nlohmann::json();
  }

  // Checks an answer against the OpenAPI document: the error schema for an error status, else
  // the one of `path`'s `method` for the status.
  void expect_documented(const httplib::Result& res, const std::string& path,
                         const std::string& method) const {
    ASSERT_TRUE(res);
    const nlohmann::json doc = openapi();
    const nlohmann::json& responses = doc["paths"][path][method]["responses"];
    const std::string status = std::to_string(res->status);
    ASSERT_TRUE(responses.contains(status)) << method << " " << path << " " << status;
    const nlohmann::json schema =
        res->status >= 400
            ? doc["components"]["responses"]["Error"]["content"]["application/json"]["schema"]
            : responses[status]["content"]["application/json"]["schema"];
    expect_matches_schema(doc, schema, nlohmann::json::parse(res->body), method + " " + path);
  }

  static void expect_error(const httplib::Result& res, int status, const std::string& code) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], code) << res->body;
  }

  TempDir dir;
  std::string keys;
  std::unique_ptr<ServerProcess> server;
};

TEST_F(WritesTest, PutIsSearchableWhenAnsweredAndReplaces) {
  start();
  const auto added = put("live/1", article_json("", "زلزال في تركيا", "ضرب زلزال قوي جنوب تركيا"));
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(nlohmann::json::parse(added->body)["result"], "added");
  expect_documented(added, "/api/articles/{id}", "put");
  // Answered only once committed, and the searchers are moved to the commit before the answer.
  EXPECT_EQ(found("زلزال"), std::set<std::string>{"live/1"});
  const auto shown = get("/api/article/live/1");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_EQ(nlohmann::json::parse(shown->body)["title"], "زلزال في تركيا");

  // The same id again, other text: replaced; the old words no longer find it.
  const auto replaced =
      put("live/1", article_json("live/1", "فيضانات في باكستان", "أمطار غزيرة في باكستان"));
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->status, 200) << replaced->body;
  EXPECT_EQ(nlohmann::json::parse(replaced->body)["result"], "replaced");
  EXPECT_TRUE(found("زلزال").empty());
  EXPECT_EQ(found("باكستان"), std::set<std::string>{"live/1"});
  // Once more the same: unchanged.
  const auto same =
      put("live/1", article_json("live/1", "فيضانات في باكستان", "أمطار غزيرة في باكستان"));
  ASSERT_TRUE(same);
  EXPECT_EQ(nlohmann::json::parse(same->body)["result"], "unchanged");
  EXPECT_EQ(server->stop(), 0);
  // What the server committed is what `bahth` reads.
  const RunResult show = run_bahth({"show", "--db", db(), "--json", "live/1"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("باكستان"), std::string::npos);
}

TEST_F(WritesTest, DeleteIsGoneFromSearchShowAndRelated) {
  start();
  const std::string text = "أعلنت وزارة الصحة عن حملة تطعيم واسعة ضد الحصبة في المدارس";
  ASSERT_EQ(put("twin/a", article_json("", "حملة تطعيم", text))->status, 201);
  ASSERT_EQ(put("twin/b", article_json("", "حملة تطعيم", text + " الابتدائية"))->status, 201);
  EXPECT_EQ(found("الحصبة").count("twin/b"), 1U);
  const auto removed = del("twin/b");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200) << removed->body;
  expect_documented(removed, "/api/articles/{id}", "delete");
  EXPECT_EQ(found("الحصبة"), std::set<std::string>{"twin/a"});
  expect_error(get("/api/article/twin/b"), 404, "not_found");
  // Related articles (like=) of its twin do not list it.
  const auto related = get("/api/search?duplicates=1&like=twin/a");
  ASSERT_TRUE(related);
  ASSERT_EQ(related->status, 200) << related->body;
  const nlohmann::json related_answer = nlohmann::json::parse(related->body);
  for (const auto& hit : related_answer["results"]) {
    EXPECT_NE(hit["id"], "twin/b");
  }
  expect_error(get("/api/search?like=twin/b"), 400, "invalid_request");
  // Deleting it again: 404 not_found.
  const auto again = del("twin/b");
  expect_error(again, 404, "not_found");
  expect_documented(again, "/api/articles/{id}", "delete");
}

TEST_F(WritesTest, PostJsonLinesReportsEachBadLineAndWritesTheRest) {
  start();
  const std::string body = article_json("bulk/1", "مطر غزير", "هطلت أمطار غزيرة على عمّان") +
                           "\n{\"id\": \"bulk/2\", \"title\": broken\n" +
                           article_json("", "بلا معرف", "نص بلا معرف") + "\n\n" +
                           article_json("bulk/3", "", "") + "\n" +
                           article_json("seed/1", "الاقتصاد المصري", "ارتفعت أسعار الفضة") + "\n" +
                           article_json("bulk/4", "ثلوج", "ثلوج في عمّان") + "\n";
  const auto res = post(body);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  expect_documented(res, "/api/articles", "post");
  const auto answer = nlohmann::json::parse(res->body);
  EXPECT_EQ(answer["added"], 2);
  EXPECT_EQ(answer["replaced"], 1);
  EXPECT_EQ(answer["skipped"], 3);
  std::vector<int> lines;
  for (const auto& error : answer["errors"]) lines.push_back(error["line"]);
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 5})) << res->body;
  EXPECT_NE(answer["errors"][1]["message"].get<std::string>().find("id"), std::string::npos);
  EXPECT_EQ(found("عمّان"), (std::set<std::string>{"bulk/1", "bulk/4"}));
  EXPECT_EQ(found("الفضة"), std::set<std::string>{"seed/1"});
  // No good line at all: 400, every line still named.
  const auto none = post("{oops\n{\"title\": \"x\"}\n");
  expect_error(none, 400, "invalid_article");
  expect_documented(none, "/api/articles", "post");
  EXPECT_EQ(nlohmann::json::parse(none->body)["errors"].size(), 2U);
  // Articles sent as one JSON array, as an export file holds them: the answer says what to send.
  const auto array = post(" [" + article_json("p/a", "a", "b") + "]\n");
  expect_error(array, 400, "invalid_article");
  EXPECT_NE(nlohmann::json::parse(array->body)["error"]["message"].get<std::string>().find(
                "POST takes JSON Lines"),
            std::string::npos)
      << array->body;
}

TEST_F(WritesTest, APostOfManyBadLinesListsTheFirstAndCountsTheRest) {
  start({"--write-queue", "50"});
  // 200,000 one-byte lines (400 KB): listed one by one, 8 MiB of them made a 580 MB answer.
  std::string bad;
  for (int i = 0; i < 200'000; ++i) bad += "x\n";
  const auto none = post(bad);
  expect_error(none, 400, "invalid_article");
  expect_documented(none, "/api/articles", "post");
  auto answer = nlohmann::json::parse(none->body);
  EXPECT_EQ(answer["errors"].size(), 100U);
  EXPECT_EQ(answer["errors"].back()["line"], 100);
  EXPECT_EQ(answer["errors_not_listed"], 199'900);
  // With a good line the answer counts them all the same.
  const auto some = post(bad + article_json("many/1", "مطر", "مطر في عمّان") + "\n");
  ASSERT_TRUE(some);
  ASSERT_EQ(some->status, 200) << some->body.substr(0, 500);
  expect_documented(some, "/api/articles", "post");
  answer = nlohmann::json::parse(some->body);
  EXPECT_EQ(answer["added"], 1);
  EXPECT_EQ(answer["skipped"], 200'000);
  EXPECT_EQ(answer["errors"].size(), 100U);
  EXPECT_EQ(answer["errors_not_listed"], 199'900);
}

TEST_F(WritesTest, APostOfMoreArticlesThanTheQueueHoldsIs413) {
  // It could never be taken (a request is taken whole): the reading stops at the 51st article.
  start({"--write-queue", "50"});
  std::string many;
  for (int i = 0; i < 51; ++i) {
    many += article_json("n/" + std::to_string(i), "طابور", "نص " + std::to_string(i)) + "\n";
  }
  const auto refused = post(many);
  expect_error(refused, 413, "too_many_articles");
  expect_documented(refused, "/api/articles", "post");
  EXPECT_NE(refused->body.find("at most 50 articles"), std::string::npos) << refused->body;
  EXPECT_NE(run_bahth({"show", "--db", db(), "n/0"}).exit_code, 0) << "none of it is written";
  // As many as the queue holds are taken.
  const auto taken = post(many.substr(many.find('\n') + 1));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status, 200) << taken->body;
}

TEST_F(WritesTest, BadWritesAre400WithTheirCode) {
  start();
  expect_error(put("x/1", "{\"title\": \"x\""), 400, "invalid_article");
  expect_error(put("x/1", "[1, 2]"), 400, "invalid_article");
  expect_error(put("x/1", "{\"title\": \"\", \"body\": \" \"}"), 400, "invalid_article");
  expect_error(put("x/1", "   "), 400, "empty_body");
  expect_error(post(""), 400, "empty_body");
  expect_error(put("x/1", article_json("x/2", "a", "b")), 400, "id_mismatch");
  const httplib::Result long_id = put(std::string(5000, 'x'), article_json("", "a", "b"));
  expect_error(long_id, 400, "invalid_id");
  EXPECT_NE(long_id->body.find("5000 bytes long, at most 4096"), std::string::npos)
      << long_id->body;
  expect_error(put("x/1", article_json("", "a", "b"), "?wait=maybe"), 400, "invalid_parameter");
  expect_error(put("x/1", article_json("", "a", "b"), "?sync=1"), 400, "unknown_parameter");
  expect_documented(put("x/1", "{"), "/api/articles/{id}", "put");
  // Nothing of it was written.
  expect_error(get("/api/article/x/1"), 404, "not_found");
}

// An id holding a control or bidi control character is refused wherever a write names one:
// PUT's path and body, DELETE's path (400 invalid_id naming the character), a POST's line
// (listed, skipped, the rest written). Nothing of it reaches the index.
TEST_F(WritesTest, IdsHoldingControlCharactersAreRefused) {
  start();
  for (const std::string id : {"c/1\n", "c/\r1", "c/\x1b[31m", "c/\xc2\x85", "c/\xe2\x80\xae"}) {
    const httplib::Result put_bad = put(id, article_json("", "a", "b"));
    expect_error(put_bad, 400, "invalid_id");
    EXPECT_NE(put_bad->body.find("control character"), std::string::npos) << put_bad->body;
    expect_error(del(id), 400, "invalid_id");
  }
  const httplib::Result in_body = put("c/2", article_json("c/2\u2067", "a", "b"));
  expect_error(in_body, 400, "invalid_article");
  EXPECT_NE(in_body->body.find("U+2067"), std::string::npos) << in_body->body;
  const std::string body = article_json("c/3", "مطر", "مطر في حمص") + "\n" +
                           article_json("c/4\u200f", "مطر", "مطر في حمص") + "\n" +
                           article_json("c/5\u0007", "مطر", "مطر في حمص") + "\n";
  const auto res = post(body);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto answer = nlohmann::json::parse(res->body);
  EXPECT_EQ(answer["added"], 1);
  EXPECT_EQ(answer["skipped"], 2);
  ASSERT_EQ(answer["errors"].size(), 2U) << res->body;
  EXPECT_EQ(answer["errors"][0]["line"], 2);
  EXPECT_NE(answer["errors"][0]["message"].get<std::string>().find("U+200F"), std::string::npos);
  EXPECT_EQ(answer["errors"][1]["line"], 3);
  EXPECT_EQ(found("حمص"), std::set<std::string>{"c/3"});
}

// Sends `head` on a raw connection (no body follows) and returns the status line's code.
int raw_status(int port, const std::string& head) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  (void)!::write(fd, head.data(), head.size());
  char answer[64] = {};
  const ssize_t n = ::read(fd, answer, sizeof answer - 1);
  ::close(fd);
  if (n < 12) return -1;
  return std::atoi(answer + 9);
}

TEST_F(WritesTest, KeysAndTheBodyLimitAreCheckedOnTheHeaders) {
  start({"--max-write-body", "4096"});
  const std::string article = article_json("", "a", "b");
  expect_error(put("k/1", article, "", ""), 401, "missing_key");
  expect_error(put("k/1", article, "", kSearchKey), 403, "wrong_key");
  expect_error(put("k/1", article, "", "not-a-key-at-all-0123"), 403, "wrong_key");
  expect_error(client().Get("/api/tasks/1-1", as(kSearchKey)), 403, "wrong_key");
  expect_error(put("k/1", article_json("", "a", std::string(5000, 'b'))), 413, "body_too_large");
  // A gigabyte announced and never sent: refused at once, before any body is read, by key
  // first (no key: 401) and then by size (413).
  const std::string gigabyte = "Content-Length: 1000000000\r\n\r\n";
  EXPECT_EQ(raw_status(server->port(),
                       "PUT /api/articles/k/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + gigabyte),
            401);
  EXPECT_EQ(raw_status(server->port(),
                       "PUT /api/articles/k/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Authorization: Bearer " +
                           kWriteKey + "\r\n" + gigabyte),
            413);
  // Other routes keep their 8 KiB.
  EXPECT_EQ(raw_status(server->port(),
                       "GET /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Length: 9000\r\n\r\n"),
            413);
  // Within the limit it is written.
  const auto res = put("k/2", article_json("", "a", std::string(3000, 'b')));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
}

// A compressed body is refused on its headers with what is wrong (it was read as text: "invalid
// UTF-8 at byte 2"); "identity" is no compression.
TEST_F(WritesTest, ACompressedBodyIsRefusedOnItsHeaders) {
  start({});
  const std::string head =
      "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kWriteKey +
      "\r\nContent-Length: 5\r\n";
  EXPECT_EQ(raw_status(server->port(), head + "Content-Encoding: gzip\r\n\r\n"), 415);
  httplib::Headers headers = as(kWriteKey);
  headers.emplace("Content-Encoding", "br");
  const auto res =
      client().Put("/api/articles/k/1", headers, article_json("", "a", "b"), "application/json");
  expect_error(res, 415, "unsupported_encoding");
  const std::string article = article_json("k/2", "a", "b") + "\n";
  EXPECT_EQ(raw_status(server->port(),
                       "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                           kWriteKey + "\r\nContent-Encoding: identity\r\nContent-Length: " +
                           std::to_string(article.size()) + "\r\n\r\n" + article),
            200);
}

// A client that sends "Expect: 100-continue" (curl, for a body over 1 MiB) is told to go on
// once the headers pass the key and size checks, then answered; refused ones are answered at
// once with the refusal, and no 100 comes first.
TEST_F(WritesTest, AnExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  start();
  const std::string body = article_json("", "استمرار", "نص");
  const std::string head =
      "PUT /api/articles/c/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n";
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(server->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  timeval timeout{3, 0};  // a bound, not a figure: the 100 is written as the headers are read
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  const std::string request = head + "Authorization: Bearer " + kWriteKey + "\r\n\r\n";
  ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  char answer[256] = {};
  ssize_t n = ::read(fd, answer, sizeof answer - 1);
  EXPECT_EQ(std::string(answer, n > 0 ? static_cast<std::size_t>(n) : 0),
            "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_EQ(::write(fd, body.data(), body.size()), static_cast<ssize_t>(body.size()));
  n = ::read(fd, answer, sizeof answer - 1);
  ::close(fd);
  ASSERT_GE(n, 12);
  EXPECT_EQ(std::string(answer, 12), "HTTP/1.1 201");
  EXPECT_EQ(found("استمرار"), std::set<std::string>{"c/1"});
  // Without the key: 401 at once, no 100 before it.
  EXPECT_EQ(raw_status(server->port(), head + "\r\n"), 401);
}

TEST_F(WritesTest, WithoutAWriteKeyWritesAreDisabledAndTheIndexIsFree) {
  std::ofstream(keys) << "search " << kSearchKey << "\n";
  start();
  const auto res = put("off/1", article_json("", "a", "b"), "", kSearchKey);
  expect_error(res, 403, "writes_disabled");
  expect_documented(res, "/api/articles/{id}", "put");
  expect_error(client().Post("/api/articles", as(kSearchKey), "{}", "application/x-ndjson"), 403,
               "writes_disabled");
  expect_error(client().Delete("/api/articles/seed/1", as(kSearchKey)), 403, "writes_disabled");
  // The server holds no writer lock: the command line writes as before.
  const RunResult removed = run_bahth({"delete", "--quiet", "--db", db(), "seed/2"});
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
}

// `bahth synonyms` beside a server without a write key: its searchers meet the new groups at
// their next refresh (a second), with no restart.
TEST_F(WritesTest, ARunningServerAppliesSynonymsStoredBesideIt) {
  std::ofstream(keys) << "search " << kSearchKey << "\n";
  start();
  EXPECT_EQ(found("الذهب"), std::set<std::string>{"seed/1"});
  std::ofstream(dir.path() / "synonyms.txt") << "الذهب، المباراة\n";
  const RunResult stored = run_bahth({"synonyms", "--db", db(), dir.path() / "synonyms.txt"});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  const std::set<std::string> both{"seed/1", "seed/2"};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (found("الذهب") != both && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(found("الذهب"), both);
  ASSERT_EQ(run_bahth({"synonyms", "--db", db(), "--clear"}).exit_code, 0);
  const auto cleared_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (found("الذهب").size() != 1 && std::chrono::steady_clock::now() < cleared_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(found("الذهب"), std::set<std::string>{"seed/1"});
}

TEST_F(WritesTest, TheCommandLineIsRefusedWhileTheServerWrites) {
  start();
  const RunResult index =
      run_bahth({"index", "--quiet", "--db", db(), (dir.path() / "seed.jsonl").string()});
  EXPECT_NE(index.exit_code, 0);
  EXPECT_NE(index.err.find("bahth serve (pid " + std::to_string(server->pid()) + ")"),
            std::string::npos)
      << index.err;
  EXPECT_NE(index.err.find("over HTTP"), std::string::npos) << index.err;
  const RunResult removed = run_bahth({"delete", "--db", db(), "seed/1"});
  EXPECT_NE(removed.exit_code, 0);
  EXPECT_NE(removed.err.find("bahth serve (pid"), std::string::npos) << removed.err;
  // Once the server stops, the index is free again.
  EXPECT_EQ(server->stop(), 0);
  const RunResult after = run_bahth({"delete", "--quiet", "--db", db(), "seed/1"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

TEST_F(WritesTest, ConcurrentWritersAllLand) {
  start();
  constexpr int kThreads = 4;
  constexpr int kEach = 12;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> acknowledged(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "c/" + std::to_string(t) + "/" + std::to_string(i);
        const std::string text = "خبر متزامن رقم " + std::to_string(t * 100 + i);
        const bool bulk = i % 4 == 3;  // some through POST, two articles at once
        const httplib::Result res = bulk ? post(article_json(id, "خبر", text) + "\n" +
                                                article_json(id + "/b", "خبر", text + " ب") + "\n")
                                         : put(id, article_json("", "خبر", text));
        if (bulk && res && res->status == 200) acknowledged[t].push_back(id + "/b");
        if (res && (res->status == 200 || res->status == 201)) acknowledged[t].push_back(id);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::size_t total = 0;
  for (const auto& ids : acknowledged) {
    total += ids.size();
    for (const std::string& id : ids) {
      const auto res = get("/api/article/" + id);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 200) << id;
    }
  }
  EXPECT_EQ(total, std::size_t{kThreads * (kEach + kEach / 4)});  // every write acknowledged
  EXPECT_EQ(server->stop(), 0);
  const RunResult stats = run_bahth({"stats", "--db", db(), "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["documents"], total + 2);
}

TEST_F(WritesTest, WaitFalseAnswers202AndTheTaskTellsWhatBecameOfIt) {
  start();
  const auto queued = put("t/1", article_json("", "عاجل", "خبر عاجل"), "?wait=false");
  ASSERT_TRUE(queued);
  ASSERT_EQ(queued->status, 202) << queued->body;
  expect_documented(queued, "/api/articles/{id}", "put");
  const std::string task = nlohmann::json::parse(queued->body)["task"];
  nlohmann::json status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto res = get("/api/tasks/" + task, kWriteKey);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    expect_documented(res, "/api/tasks/{id}", "get");
    status = nlohmann::json::parse(res->body);
    if (status["state"] != "queued") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(status["state"], "committed") << status;
  EXPECT_EQ(status["results"]["added"], 1) << status;
  EXPECT_EQ(found("عاجل"), std::set<std::string>{"t/1"});
  const auto bulk = post(article_json("t/2", "a", "b") + "\n{\n", "?wait=false");
  ASSERT_TRUE(bulk);
  EXPECT_EQ(bulk->status, 202) << bulk->body;
  expect_documented(bulk, "/api/articles", "post");
  expect_error(get("/api/tasks/" + task + "0", kWriteKey), 404, "task_not_found");
  expect_error(get("/api/tasks/1-1", kWriteKey), 404, "task_not_found");
  expect_documented(get("/api/tasks/nope", kWriteKey), "/api/tasks/{id}", "get");
}

TEST_F(WritesTest, AFullQueueIs503AndSigtermCommitsWhatWasAccepted) {
  // A batch waits a minute (the longest --commit-interval) for company: the queue (3 changes)
  // fills, and only SIGTERM commits it, long before the minute is up (at any load).
  start({"--write-queue", "3"}, "60000");
  std::string three;
  for (int i = 0; i < 3; ++i) {
    three += article_json("q/" + std::to_string(i), "طابور", "نص " + std::to_string(i)) + "\n";
  }
  const auto accepted = post(three, "?wait=false");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 202) << accepted->body;
  const auto full = put("q/9", article_json("", "a", "b"), "?wait=false");
  expect_error(full, 503, "write_queue_full");
  EXPECT_EQ(full->get_header_value("Retry-After"), "1");
  expect_documented(full, "/api/articles/{id}", "put");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server->stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(50));
  for (int i = 0; i < 3; ++i) {
    const RunResult show = run_bahth({"show", "--db", db(), "q/" + std::to_string(i)});
    EXPECT_EQ(show.exit_code, 0) << show.err;
  }
  EXPECT_NE(run_bahth({"show", "--db", db(), "q/9"}).exit_code, 0);
}

TEST_F(WritesTest, WritesNeedOneLocalIndex) {
  ASSERT_EQ(
      run_bahth({"index", "--quiet", "--db", db() + "2", dir.path() / "seed.jsonl"}).exit_code, 0);
  const RunResult two =
      run_bahth({"serve", "--port", "0", "--db", db(), "--db", db() + "2", "--keys", keys});
  EXPECT_NE(two.exit_code, 0);
  EXPECT_NE(two.err.find("exactly one --db"), std::string::npos) << two.err;
}

}  // namespace
}  // namespace serve_writes_test
}  // namespace bahth::testing
