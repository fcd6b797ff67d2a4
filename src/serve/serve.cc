#include "serve.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <exception>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <utility>

#include "article_writer.h"
#include "bahth/enum_names.h"
#include "bahth/error.h"
#include "bahth/non_copyable.h"
#include "bahth/readers.h"
#include "bahth/stats.h"
#include "bahth/utf8.h"
#include "http_server.h"
#include "index_names.h"
#include "keys.h"
#include "metrics.h"
#include "openapi.h"
#include "render/article_view.h"
#include "render/html.h"
#include "render/report.h"
#include "render/search_json.h"
#include "request.h"
#include "searcher_pool.h"

namespace bahth::serve {
namespace {

using Clock = std::chrono::steady_clock;

// Every response: no script at all, styles only from our stylesheet, no framing, no sniffing.
const std::vector<std::pair<std::string, std::string>> kSecurityHeaders{
    {"Content-Security-Policy",
     "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     "base-uri 'none'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kHtmlType = "text/html; charset=utf-8";

// How long the index summary (`/api/stats`, the page's section list) is reused: computing it
// walks every term of the index.
constexpr auto kStatsLifetime = std::chrono::seconds(5);

void send_json(HttpResponse& res, int status, const nlohmann::json& value) {
  res.status = status;
  res.content_type = kJsonType;
  res.body = render::json_text(value) + "\n";
}

// {"error": {"code": ..., "message": ..., "parameter": ...}}: the code is for programs (the list
// is in docs/serve.md), the message for people; the parameter only when one is at fault.
void send_error(HttpResponse& res, const HttpError& error) {
  nlohmann::json body{{"code", error.code}, {"message", error.message}};
  if (!error.parameter.empty()) body["parameter"] = error.parameter;
  send_json(res, error.status, {{"error", body}});
}

// Paths a browser shows (the pages) get their errors as a page; the API, /healthz and /metrics
// (and requests too broken to have a path) get JSON.
bool is_page_path(std::string_view path) {
  return !path.empty() && path.rfind("/api/", 0) != 0 && path != "/healthz" && path != "/metrics";
}

// What a reader is told of an error (the page says it in Arabic; the API's message is English).
render::PageError page_error_of(const HttpError& error) {
  switch (error.status) {
    case 401:
      return render::PageError::missing_key;
    case 403:
      return error.code == "wrong_key" ? render::PageError::wrong_key
                                       : render::PageError::bad_request;
    case 404:
      return render::PageError::not_found;
    case 405:
      return render::PageError::method_not_allowed;
    case 429:  // this reader's own requests fill its share: the same advice, wait a moment
    case 503:
      return render::PageError::overloaded;
    default:
      return error.status >= 500 ? render::PageError::server_error : render::PageError::bad_request;
  }
}

// The error an exception from the library answers with: the caller's mistake (400), or ours.
HttpError error_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ParameterError& e) {
    return {400, e.code(), e.what(), e.parameter(), ""};
  } catch (const UsageError& e) {
    return {400, "invalid_request", e.what(), "", ""};
  } catch (const IndexError& e) {
    return {500, "index_error", e.what(), "", ""};
  } catch (const Error& e) {
    return {400, "invalid_request", e.what(), "", ""};  // e.g. `like` naming no article
  } catch (const std::exception& e) {
    return {500, "internal_error", std::string("internal error: ") + e.what(), "", ""};
  } catch (...) {
    return {500, "internal_error", "internal error", "", ""};
  }
}

// The access log: one JSON line per answer, written whole with one write() under a mutex (an
// append of a line of at most a few KiB does not interleave with another process's).
class AccessLog : NonCopyable {
 public:
  explicit AccessLog(const std::string& where) {
    if (where == "off") return;
    if (where == "-") {
      fd_ = STDERR_FILENO;
      return;
    }
    fd_ = ::open(where.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0) {
      throw UsageError("--access-log " + where + ": cannot open it (" + std::strerror(errno) + ")");
    }
    owned_ = true;
  }
  ~AccessLog() {
    if (owned_) ::close(fd_);
  }

  void write(const Exchange& exchange) {
    if (fd_ < 0) return;
    const std::string line = access_log_line(exchange);
    const std::lock_guard lock(mutex_);
    std::string_view left = line;
    while (!left.empty()) {
      const ssize_t n = ::write(fd_, left.data(), left.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // a full disk must not stop the server
      left.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  static std::string access_log_line(const Exchange& exchange) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    nlohmann::ordered_json line{
        {"time", fmt::format("{}.{:03}Z", stamp, millis)},
        {"method", exchange.method.empty() ? "-" : exchange.method},
        {"path", exchange.target.empty() ? "-" : redact_key(exchange.target)},
        {"status", exchange.status},
        {"bytes", exchange.bytes},
        {"ms", std::round(exchange.seconds * 100'000) / 100},
        {"remote", exchange.remote}};
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }

 private:
  int fd_ = -1;
  bool owned_ = false;
  std::mutex mutex_;
};

// Index summaries, computed by one request at a time and reused for kStatsLifetime.
class StatsCache {
 public:
  explicit StatsCache(std::vector<std::string> db_paths) : db_paths_(std::move(db_paths)) {}

  std::vector<IndexSummary> get() {
    const std::lock_guard lock(mutex_);
    if (!summaries_.empty() && Clock::now() - computed_ < kStatsLifetime) return summaries_;
    std::vector<IndexSummary> fresh;
    fresh.reserve(db_paths_.size());
    for (const std::string& path : db_paths_) {
      fresh.push_back(describe_index(path));
      fresh.back().db_path = index_name(path);
    }
    summaries_ = std::move(fresh);
    computed_ = Clock::now();
    return summaries_;
  }

 private:
  std::vector<std::string> db_paths_;
  std::mutex mutex_;
  std::vector<IndexSummary> summaries_;
  Clock::time_point computed_;
};

// The Host values answered by default: the address listened on and `localhost`, plus those of
// --trusted-proxy: each an address or CIDR range, IPv4 or IPv6.
std::vector<IpRange> trusted_proxies(const ServeOptions& options) {
  std::vector<IpRange> ranges;
  for (const std::string& text : options.trusted_proxies) {
    const std::optional<IpRange> range = parse_ip_range(text);
    if (!range) {
      throw UsageError("--trusted-proxy " + text +
                       ": expected an address or CIDR range, e.g. 10.0.0.0/8, 192.168.1.5 "
                       "or 2001:db8::/32");
    }
    ranges.push_back(*range);
  }
  return ranges;
}

// --allowed-host (IP addresses are always answered; see host_allowed).
std::vector<std::string> allowed_hosts(const ServeOptions& options) {
  std::vector<std::string> hosts;
  for (std::string host : options.allowed_hosts) {
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    hosts.push_back(host);
  }
  hosts.push_back("localhost");
  std::string bound = options.host;
  std::transform(bound.begin(), bound.end(), bound.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  hosts.push_back(bound.find(':') == std::string::npos ? bound : "[" + bound + "]");
  return hosts;
}

// The CORS origins as compared (lower case, no trailing slash); "*" only without keys.
std::vector<std::string> cors_origins(const ServeOptions& options) {
  std::vector<std::string> origins;
  for (std::string origin : options.cors_origins) {
    std::transform(origin.begin(), origin.end(), origin.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    while (origin.size() > 1 && origin.back() == '/') origin.pop_back();
    if (origin == "*") {
      if (!options.keys_file.empty()) {
        throw UsageError(
            "--cors-origin '*' cannot go with --keys: any site's pages could then use a key "
            "a reader's browser holds; name the origins instead");
      }
    } else if (origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
      throw UsageError("--cors-origin " + origin +
                       ": an origin is a scheme and a host, e.g. https://news.example.org");
    }
    origins.push_back(origin);
  }
  return origins;
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  SearcherPool searchers;
  StatsCache stats;
  PathHider hide_paths;
  KeyRing keys;
  AccessLog access_log;
  RequestMetrics request_metrics;
  std::unique_ptr<HttpServer> http;
  // Declared after `http`, so destroyed before it: its thread answers through the HTTP layer.
  std::unique_ptr<ArticleWriter> writer;  // none: writes are off
  int port = 0;

  explicit Impl(const ServeOptions& serve_options)
      : options(serve_options),
        searchers(options.db_paths, std::chrono::milliseconds(
                                        static_cast<long>(options.reopen_interval_seconds * 1000))),
        stats(options.db_paths),
        hide_paths(options.db_paths),
        access_log(options.access_log) {
    if (options.db_paths.empty()) throw UsageError("no index given (--db)");
    if (!options.keys_file.empty()) {
      std::string warnings;
      keys = load_key_file(options.keys_file, warnings);
      std::cerr << warnings;
    }
    if (options.metrics != "on" && options.metrics != "off" && options.metrics != "key") {
      throw UsageError("--metrics must be on, off or key, not '" + options.metrics + "'");
    }
    if (options.metrics == "key" && !keys.has_metrics_key() && !keys.has_write_key()) {
      throw UsageError("--metrics key needs a key file (--keys) with a metrics or write key");
    }
    if (options.threads == 0) options.threads = std::max(2U, std::thread::hardware_concurrency());
    if (options.max_connections == 0) throw UsageError("--max-connections must be at least 1");
    std::vector<std::string> origins = cors_origins(options);
    searchers.borrow();  // opens the index now: a bad --db is reported before listening
    if (keys.has_write_key()) start_writer();
    HttpServerOptions http_options;
    http_options.cors.origins = std::move(origins);
    http_options.host = options.host;
    http_options.port = options.port;
    http_options.workers = options.threads;
    http_options.queue_limit = options.queue_limit;
    http_options.client_queue_limit = options.client_queue;
    http_options.client_workers = options.client_workers != 0
                                      ? std::min(options.client_workers, options.threads)
                                      : std::max(1U, options.threads / 2);
    http_options.limits.max_connections = options.max_connections;
    http_options.limits.max_pending_response_bytes = options.answer_memory;
    http_options.allowed_hosts = allowed_hosts(options);
    http_options.trusted_proxies = trusted_proxies(options);
    http_options.default_headers = kSecurityHeaders;
    http_options.error_body = [](const HttpError& error, HttpResponse& res) {
      answer_error(error, res);
    };
    if (!keys.empty()) {
      http_options.check_key = [this](std::string_view key, Access access) {
        return keys.check(key, access);
      };
    }
    http_options.on_answered = [this](const Exchange& exchange) {
      access_log.write(exchange);
      request_metrics.record(exchange.route.empty() ? "other" : exchange.route, exchange.status,
                             exchange.seconds);
    };
    http = std::make_unique<HttpServer>(std::move(http_options), routes());
  }

  // Runs `handler`, turning what it throws into a JSON error (or, for pages, an error page),
  // with the indexes' paths replaced by their names.
  Handler guarded(const Handler& handler, bool page = false) {
    return [this, handler, page](const HttpRequest& req, HttpResponse& res) {
      try {
        handler(req, res);
      } catch (...) {
        HttpError error = error_of(std::current_exception());
        error.message = hide_paths(std::move(error.message));
        res = HttpResponse{};
        if (page) {
          res.status = error.status;
          res.content_type = kHtmlType;
          res.body = render::error_page_html(page_error_of(error));
        } else {
          send_error(res, error);
        }
      }
    };
  }

  // An error of the HTTP layer (404, 405, 401, 503...): a page for a browser path, else JSON.
  static void answer_error(const HttpError& error, HttpResponse& res) {
    if (!is_page_path(error.path)) {
      send_error(res, error);
      return;
    }
    res.status = error.status;
    res.content_type = kHtmlType;
    res.body = render::error_page_html(page_error_of(error), error.path);
  }

  // One search, on a borrowed Searcher; an index error discards it so the next one reopens.
  SearchResults search(SearchRequest& request) {
    request.options.time_limit_seconds = options.time_budget_seconds;
    SearcherPool::Lease searcher = searchers.borrow();
    try {
      return searcher->search(request.query, request.options);
    } catch (const IndexError&) {
      searcher.discard();
      throw;
    }
  }

  std::optional<Article> article(const std::string& id) {
    SearcherPool::Lease searcher = searchers.borrow();
    try {
      return searcher->article(id);
    } catch (const DamagedArticleError&) {
      throw;  // one article's record: the searcher is sound
    } catch (const IndexError&) {
      searcher.discard();
      throw;
    }
  }

  static void require_query(const SearchRequest& request) {
    if (request.query.find_first_not_of(" \t\r\n") == std::string::npos &&
        request.options.like.empty() && !has_filters(request.options)) {
      throw ParameterError("missing_parameter", "q",
                           "parameter 'q' (the query) is required unless 'like' or a filter "
                           "('author', 'section', 'source', 'since', 'until') is given");
    }
  }

  // The route table: a path (or a prefix), the methods it answers, and where it runs. Searches
  // and index reads run on the workers; the rest is quick enough for the event loop.
  std::vector<Route> routes() {
    const std::vector<std::string> get{"GET"};
    std::vector<Route> table;
    table.push_back(
        {"/healthz", false, get, RunOn::event_loop, [](const HttpRequest&, HttpResponse& res) {
           res.content_type = "text/plain; charset=utf-8";
           res.body = "ok\n";
         }});
    table.push_back({std::string(render::kStylesheetPath), false, get, RunOn::event_loop,
                     [](const HttpRequest&, HttpResponse& res) {
                       res.headers.emplace_back("Cache-Control", "public, max-age=3600");
                       res.content_type = "text/css; charset=utf-8";
                       res.body = std::string(render::stylesheet());
                     }});
    table.push_back(
        {"/api/search", false, get, RunOn::worker,
         guarded([this](const HttpRequest& req, HttpResponse& res) {
           const Clock::time_point start = Clock::now();
           SearchRequest request = parse_search_request(req.params, false);
           require_query(request);
           const SearchResults results = search(request);
           nlohmann::json answer =
               render::search_json(results, request.options.like, request.options.explain);
           // Only the API says how long a search took: `bahth search --json` prints the same
           // bytes for the same index and query, so scripts can compare its answers.
           answer["took_ms"] =
               std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
           send_json(res, 200, answer);
         }),
         Access::search});
    table.push_back(
        {"/api/article/", true, get, RunOn::worker,
         guarded([this](const HttpRequest& req, HttpResponse& res) {
           if (const std::optional<Article> found = article(req.rest)) {
             send_json(res, 200, render::article_json(*found));
           } else {
             send_error(res, {404, "not_found", "no article with id '" + req.rest + "'", "", ""});
           }
         }),
         Access::search});
    table.push_back({"/api/stats", false, get, RunOn::worker,
                     guarded([this](const HttpRequest&, HttpResponse& res) {
                       const std::vector<IndexSummary> summaries = stats.get();
                       res.content_type = kJsonType;
                       if (summaries.size() == 1) {
                         res.body =
                             render::json_text(render::stats_json(summaries.front()), 2) + "\n";
                         return;
                       }
                       nlohmann::json all = nlohmann::json::array();
                       for (const IndexSummary& s : summaries) all.push_back(render::stats_json(s));
                       res.body = render::json_text(all, 2) + "\n";
                     }),
                     Access::search});
    const Handler page =
        guarded([this](const HttpRequest& req, HttpResponse& res) { search_page(req, res); }, true);
    table.push_back({"/", false, get, RunOn::worker, page, Access::search});
    table.push_back({"/search", false, get, RunOn::worker, page, Access::search});
    table.push_back({"/article/", true, get, RunOn::worker,
                     guarded(
                         [this](const HttpRequest& req, HttpResponse& res) {
                           res.content_type = kHtmlType;
                           if (const std::optional<Article> found = article(req.rest)) {
                             res.body = render::article_page_html(*found, came_from(req));
                           } else {
                             res.status = 404;
                             res.body = render::missing_article_page_html(req.rest);
                           }
                         },
                         true),
                     Access::search});
    table.push_back({"/api/openapi.json", false, get, RunOn::event_loop,
                     [](const HttpRequest&, HttpResponse& res) {
                       res.headers.emplace_back("Cache-Control", "public, max-age=3600");
                       res.content_type = kJsonType;
                       res.body = std::string(openapi_document());
                     }});
    add_write_routes(table);
    if (options.metrics != "off") {
      table.push_back({"/metrics", false, get, RunOn::worker,
                       guarded([this](const HttpRequest&, HttpResponse& res) { metrics(res); }),
                       options.metrics == "key" ? Access::metrics : Access::open});
    }
    return table;
  }

  // Writes: the index's one writer, for the server's life (see article_writer.h).
  void start_writer() {
    if (options.db_paths.size() != 1) {
      throw UsageError(
          "writes (a write key in --keys) need exactly one --db, the index written; serve the "
          "others from a server without a write key");
    }
    WriterOptions writer_options;
    writer_options.db_path = options.db_paths.front();
    writer_options.commit_every = options.commit_every;
    writer_options.commit_interval = std::chrono::milliseconds(options.commit_interval_ms);
    writer_options.queue_limit = options.write_queue;
    writer_options.task_limit = options.task_limit;
    writer_options.threads = std::min(2U, options.threads);
    try {
      writer = std::make_unique<ArticleWriter>(writer_options, [this] { searchers.invalidate(); });
    } catch (const IndexError& e) {
      throw IndexError(options.db_paths.front(),
                       std::string("cannot take writes (a write key is in --keys): ") + e.what());
    }
  }

  // The routes that change the index. Without a write key they are there but switched off, so
  // a client learns why (writes_disabled) rather than meeting a 404 or 405.
  void add_write_routes(std::vector<Route>& table) {
    HttpError off;
    if (!writer) {
      off = {403, "writes_disabled",
             "this server takes no writes: start it with a key file (--keys) holding a "
             "'write KEY' line",
             "", ""};
    }
    const auto route = [&](std::string path, bool prefix, std::vector<std::string> methods,
                           const Handler& handler, std::size_t max_body) {
      Route r{std::move(path),  prefix,        std::move(methods), RunOn::worker,
              guarded(handler), Access::write, max_body,           off};
      table.push_back(std::move(r));
    };
    route(
        "/api/articles/", true, {"PUT", "DELETE"},
        [this](const HttpRequest& req, HttpResponse& res) {
          if (req.method == "PUT") {
            put_article(req, res);
          } else {
            delete_article(req, res);
          }
        },
        options.max_write_body);
    route(
        "/api/articles", false, {"POST"},
        [this](const HttpRequest& req, HttpResponse& res) { post_articles(req, res); },
        options.max_write_body);
    route(
        "/api/tasks/", true, {"GET"},
        [this](const HttpRequest& req, HttpResponse& res) { task_status(req, res); }, 0);
  }

  // `wait` (true: answer once committed, the default; false: 202 at once), the only parameter
  // of the write routes.
  static bool parse_wait(const Params& params) {
    bool wait = true;
    for (auto it = params.begin(); it != params.end(); ++it) {
      if (it->first != "wait") {
        throw ParameterError("unknown_parameter", it->first,
                             "unknown parameter '" + it->first + "' (a write takes only 'wait')");
      }
      if (params.count("wait") > 1) {
        throw ParameterError("repeated_parameter", "wait", "parameter 'wait' given twice");
      }
      if (it->second == "true" || it->second == "1") {
        wait = true;
      } else if (it->second == "false" || it->second == "0") {
        wait = false;
      } else {
        throw ParameterError("invalid_parameter", "wait",
                             "parameter 'wait' must be true or false, not '" + it->second + "'");
      }
    }
    return wait;
  }

  // The longest id a path may name: ids longer than a Xapian term are hashed (schema), but an id
  // is also echoed in answers and logs, so a path id stays short.
  static constexpr std::size_t kMaxPathIdBytes = 4096;

  // The id a path names (/api/articles/ID): percent-decoded, as `bahth show` takes it.
  static std::string path_id(const HttpRequest& req) {
    const std::string& id = req.rest;
    if (id.size() > kMaxPathIdBytes) {
      throw ParameterError("invalid_id", "",
                           "the article id in the path is " + std::to_string(id.size()) +
                               " bytes long, at most " + std::to_string(kMaxPathIdBytes) + " here");
    }
    if (!is_valid_utf8(id) || id.find_first_not_of(" \t\r\n") == std::string::npos ||
        id.find('\0') != std::string::npos) {
      throw ParameterError("invalid_id", "", "the article id in the path is empty or not text");
    }
    if (const std::optional<std::string> problem = id_problem(id)) {
      throw ParameterError("invalid_id", "", "the path's " + *problem);
    }
    return id;
  }

  static std::string outcome_name(ChangeOutcome outcome) {
    // ChangeOutcome's values, in the order they are declared.
    static constexpr EnumNames<5> kNames = {"added", "replaced", "unchanged", "deleted",
                                            "not_found"};
    return std::string(enum_name(outcome, kNames));
  }

  static std::string state_name(TaskState state) {
    // TaskState's values, in the order they are declared.
    static constexpr EnumNames<3> kNames = {"queued", "committed", "failed"};
    return std::string(enum_name(state, kNames));
  }

  // The counts of a committed task's changes, by outcome.
  static nlohmann::json outcome_counts(const TaskReport& report) {
    nlohmann::json counts{{"added", 0}, {"replaced", 0}, {"unchanged", 0}};
    bool deletes = false;
    for (const ChangeOutcome outcome : report.outcomes) {
      deletes = deletes || outcome == ChangeOutcome::deleted || outcome == ChangeOutcome::not_found;
      counts[outcome_name(outcome)] = counts.value(outcome_name(outcome), 0) + 1;
    }
    if (!deletes) return counts;
    if (!counts.contains("deleted")) counts["deleted"] = 0;
    if (!counts.contains("not_found")) counts["not_found"] = 0;
    return counts;
  }

  // Queues `changes`; with `wait`, answers through `reply` once they are committed, else 202 at
  // once with the task id. `answer` builds the answer of a committed task.
  void submit(const HttpRequest& req, HttpResponse& res, std::vector<WriteChange> changes,
              bool wait, std::function<void(const TaskReport&, HttpResponse&)> answer,
              const nlohmann::json& accepted_extra = nlohmann::json::object()) {
    ArticleWriter::Done done;
    if (wait) {
      done = [this, reply = req.reply, answer = std::move(answer)](const TaskReport& report) {
        HttpResponse out;
        if (report.state == TaskState::failed) {
          send_error(out, {500, "index_error", hide_paths(report.error), "", ""});
        } else {
          answer(report, out);
        }
        reply(std::move(out));
      };
    }
    const std::optional<std::string> task = writer->submit(std::move(changes), std::move(done));
    if (!task) {
      send_error(res, {503, "write_queue_full",
                       "the writer's queue is full (or the server is stopping); retry in a moment",
                       "", ""});
      res.headers.emplace_back("Retry-After", "1");
      return;
    }
    if (wait) {
      res.deferred = true;
      return;
    }
    nlohmann::json body{{"task", *task}, {"state", "queued"}};
    body.update(accepted_extra);
    send_json(res, 202, body);
  }

  void put_article(const HttpRequest& req, HttpResponse& res) {
    const std::string id = path_id(req);
    const bool wait = parse_wait(req.params);
    if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw ParameterError("empty_body", "", "PUT needs the article as a JSON object in the body");
    }
    JsonArticle parsed = parse_json_article(req.body);
    if (!parsed.error.empty()) throw ParameterError("invalid_article", "", parsed.error);
    if (parsed.article.id.empty()) {
      parsed.article.id = id;
    } else if (parsed.article.id != id) {
      throw ParameterError("id_mismatch", "id",
                           "the body's id '" + parsed.article.id + "' is not the path's '" + id +
                               "' (leave it out, or make them agree)");
    }
    std::vector<WriteChange> changes(1);
    changes.front().article = std::move(parsed.article);
    nlohmann::json warnings = parsed.warnings;
    submit(
        req, res, std::move(changes), wait,
        [id, warnings](const TaskReport& report, HttpResponse& out) {
          const ChangeOutcome outcome = report.outcomes.front();
          nlohmann::json body{{"id", id}, {"result", outcome_name(outcome)}, {"task", report.id}};
          if (!warnings.empty()) body["warnings"] = warnings;
          send_json(out, outcome == ChangeOutcome::added ? 201 : 200, body);
        });
  }

  // A POST's bad lines listed in its answer; the rest are counted (`skipped`) and not listed
  // (`errors_not_listed`): 8 MiB of one-byte lines would otherwise list 4 million errors, a
  // 580 MB answer built in 4.7 GB.
  static constexpr std::size_t kMaxListedErrors = 100;

  void post_articles(const HttpRequest& req, HttpResponse& res) {
    const bool wait = parse_wait(req.params);
    if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw ParameterError("empty_body", "",
                           "POST needs articles in the body, as JSON Lines (one object a line)");
    }
    std::vector<WriteChange> changes;
    std::size_t skipped = 0;
    nlohmann::json errors = nlohmann::json::array();
    nlohmann::json warnings = nlohmann::json::array();
    // More articles than the writer's queue holds can never be taken (a request is taken whole):
    // the reading stops there rather than parse the rest.
    bool too_many = false;
    read_json_lines(req.body, [&](std::size_t line, JsonArticle&& parsed) {
      if (parsed.error.empty() && parsed.article.id.empty()) {
        parsed.error = "missing id: an article sent over HTTP needs an 'id' field";
      }
      if (!parsed.error.empty()) {
        if (++skipped <= kMaxListedErrors) {
          errors.push_back({{"line", line}, {"message", parsed.error}});
        }
        return true;
      }
      if (changes.size() == options.write_queue) {
        too_many = true;
        return false;
      }
      for (std::string& warning : parsed.warnings) {
        warnings.push_back({{"line", line}, {"message", std::move(warning)}});
      }
      changes.emplace_back();
      changes.back().article = std::move(parsed.article);
      return true;
    });
    if (too_many) {
      send_error(res, {413, "too_many_articles",
                       fmt::format("a POST may hold at most {} articles (the write queue's "
                                   "size, --write-queue): send them in smaller requests",
                                   options.write_queue),
                       "", ""});
      return;
    }
    nlohmann::json unlisted;
    if (skipped > kMaxListedErrors) unlisted = skipped - kMaxListedErrors;
    if (changes.empty()) {
      std::string message =
          fmt::format("no line holds an article that can be written ({} bad)", skipped);
      // The commonest mistake: the articles sent as one JSON array (as a file export holds them).
      if (req.body[req.body.find_first_not_of(" \t\r\n")] == '[') {
        message +=
            ": the body is a JSON array; POST takes JSON Lines, one article object a line "
            "(jq -c '.[]' turns the one into the other)";
      }
      nlohmann::json body{{"error", {{"code", "invalid_article"}, {"message", message}}},
                          {"errors", errors}};
      if (!unlisted.is_null()) body["errors_not_listed"] = unlisted;
      send_json(res, 400, body);
      return;
    }
    nlohmann::json extra{{"accepted", changes.size()}, {"skipped", skipped}, {"errors", errors}};
    if (!unlisted.is_null()) extra["errors_not_listed"] = unlisted;
    submit(
        req, res, std::move(changes), wait,
        [skipped, errors, unlisted, warnings](const TaskReport& report, HttpResponse& out) {
          nlohmann::json body = outcome_counts(report);
          body["skipped"] = skipped;
          body["errors"] = errors;
          if (!unlisted.is_null()) body["errors_not_listed"] = unlisted;
          if (!warnings.empty()) body["warnings"] = warnings;
          body["task"] = report.id;
          send_json(out, 200, body);
        },
        extra);
  }

  void delete_article(const HttpRequest& req, HttpResponse& res) {
    const std::string id = path_id(req);
    const bool wait = parse_wait(req.params);
    std::vector<WriteChange> changes(1);
    changes.front().remove = true;
    changes.front().id = id;
    submit(req, res, std::move(changes), wait, [id](const TaskReport& report, HttpResponse& out) {
      if (report.outcomes.front() == ChangeOutcome::not_found) {
        send_error(out, {404, "not_found", "no article with id '" + id + "'", "", ""});
        return;
      }
      send_json(out, 200, {{"id", id}, {"result", "deleted"}, {"task", report.id}});
    });
  }

  void task_status(const HttpRequest& req, HttpResponse& res) {
    if (!req.params.empty()) {
      const std::string& name = req.params.begin()->first;
      throw ParameterError("unknown_parameter", name, "unknown parameter '" + name + "'");
    }
    const std::optional<TaskReport> report = writer->task(req.rest);
    if (!report) {
      send_error(
          res, {404, "task_not_found",
                "no task '" + req.rest + "': never given, forgotten (the server keeps the newest " +
                    std::to_string(options.task_limit) + "), or from before a restart",
                "", ""});
      return;
    }
    nlohmann::json body{{"task", report->id}, {"state", state_name(report->state)}};
    if (report->state == TaskState::committed) body["results"] = outcome_counts(*report);
    if (report->state == TaskState::failed) body["error"] = hide_paths(report->error);
    send_json(res, 200, body);
  }

  // The search an article page was reached from (its link carries the results' query and
  // filters), for the page's search box and way back; nothing when they do not parse.
  static render::SearchPage came_from(const HttpRequest& req) {
    render::SearchPage from;
    from.key = req.key_parameter;
    try {
      const SearchRequest request =
          parse_search_request(req.params, true, UnknownParameters::ignore);
      from.query = request.query;
      from.options = request.options;
      from.recency = request.recency;
    } catch (const UsageError&) {
      return {};
    }
    return from;
  }

  // GET /metrics: Prometheus' text format.
  void metrics(HttpResponse& res) {
    PrometheusText out;
    request_metrics.write(out);
    const HttpCounters counters = http->counters();
    out.single("bahth_queue_depth", "gauge", "Requests waiting for a worker.",
               static_cast<double>(counters.queue_depth));
    out.single("bahth_open_connections", "gauge", "Connections open.",
               static_cast<double>(counters.open_connections));
    out.family("bahth_rejected_requests_total", "counter",
               "Requests answered 503 at once, by reason: the workers' queue full (--queue), "
               "too many answer bytes being written, every connection busy (--max-connections); "
               "and 429: the client's share of the queue waiting (--client-queue).");
    out.sample("bahth_rejected_requests_total", {{"reason", "client_share"}},
               static_cast<double>(counters.rejected_client_share));
    out.sample("bahth_rejected_requests_total", {{"reason", "queue_full"}},
               static_cast<double>(counters.rejected_queue_full));
    out.sample("bahth_rejected_requests_total", {{"reason", "pending_bytes"}},
               static_cast<double>(counters.rejected_memory));
    out.sample("bahth_rejected_requests_total", {{"reason", "connections"}},
               static_cast<double>(counters.rejected_connections));
    out.single("bahth_unread_answers_closed_total", "counter",
               "Connections closed because their answer lay unread for a second or more while "
               "the answers being written held --answer-memory bytes.",
               static_cast<double>(counters.evicted_writers));
    out.family("bahth_index_documents", "gauge",
               "Documents in each index served (recounted at most every 5 s).");
    const std::vector<IndexSummary> summaries = stats.get();
    for (const IndexSummary& summary : summaries) {
      out.sample("bahth_index_documents", {{"db", summary.db_path}},
                 static_cast<double>(summary.documents));
    }
    out.family("bahth_index_last_commit_age_seconds", "gauge",
               "Seconds since the newest commit of each index served (its local databases; "
               "the server's own commits counted as they happen).");
    const auto now_point = std::chrono::system_clock::now();
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(now_point.time_since_epoch()).count();
    const std::optional<WriterStats> writes =
        writer ? std::optional<WriterStats>(writer->stats()) : std::nullopt;
    for (const IndexSummary& summary : summaries) {
      if (summary.last_commit_seconds == 0) continue;  // remote only: unknown here
      double age =
          static_cast<double>(std::max<std::int64_t>(0, now - summary.last_commit_seconds));
      // The summary is recounted every 5 s at most; the writer knows its own commits at once.
      if (writes && writes->commits > 0) {
        age = std::min(age, std::chrono::duration<double>(now_point - writes->last_commit).count());
      }
      out.sample("bahth_index_last_commit_age_seconds", {{"db", summary.db_path}},
                 std::max(0.0, age));
    }
    if (writes) write_metrics(out, *writes);
    out.single("bahth_searcher_opens_total", "counter",
               "Searchers opened (one per worker, again after an index error).",
               static_cast<double>(searchers.opens()));
    out.single("bahth_searcher_reopens_total", "counter",
               "Times a searcher was moved to the index's newest commit.",
               static_cast<double>(searchers.reopens()));
    out.single("bahth_workers", "gauge", "Worker threads (--threads).", options.threads);
    out.single("bahth_queue_limit", "gauge", "Requests that may wait for a worker (--queue).",
               static_cast<double>(options.queue_limit));
    out.single("bahth_max_connections", "gauge", "Connections open at most (--max-connections).",
               static_cast<double>(options.max_connections));
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = out.text();
  }

  void write_metrics(PrometheusText& out, const WriterStats& writes) const {
    out.family("bahth_writes_total", "counter",
               "Changes sent to the write routes, by outcome: added, replaced, unchanged (same "
               "content), deleted, not_found (a delete of an absent id), failed (its commit "
               "failed), rejected (the write queue full, or the server stopping).");
    for (const auto& [outcome, count] : {std::pair{"added", writes.added},
                                         {"replaced", writes.replaced},
                                         {"unchanged", writes.unchanged},
                                         {"deleted", writes.deleted},
                                         {"not_found", writes.not_found},
                                         {"failed", writes.failed},
                                         {"rejected", writes.rejected}}) {
      out.sample("bahth_writes_total", {{"outcome", outcome}}, static_cast<double>(count));
    }
    out.single("bahth_write_queue_depth", "gauge", "Changes waiting for the writer.",
               static_cast<double>(writes.queued));
    out.single("bahth_write_queue_limit", "gauge",
               "Changes that may wait for the writer (--write-queue).",
               static_cast<double>(options.write_queue));
    out.single("bahth_write_commits_total", "counter", "Batches of writes committed.",
               static_cast<double>(writes.commits));
    out.single("bahth_damaged_records_total", "counter",
               "Stored articles the writer's end passes could not read (damaged on disk; each "
               "named on stderr), skipped.",
               static_cast<double>(writes.damaged));
  }

  void search_page(const HttpRequest& req, HttpResponse& res) {
    render::SearchPage page;
    page.key = req.key_parameter;
    // The filters' choices: every section and outlet of the indexes, most articles first.
    std::map<std::string, std::uint64_t> sections;
    std::map<std::string, std::uint64_t> sources;
    for (const IndexSummary& summary : stats.get()) {
      for (const auto& [name, count] : summary.sections) sections[name] += count;
      for (const auto& [name, count] : summary.sources) sources[name] += count;
    }
    for (auto [counts, names] : {std::pair{&sections, &page.sections}, {&sources, &page.sources}}) {
      std::vector<std::pair<std::string, std::uint64_t>> sorted(counts->begin(), counts->end());
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      for (auto& entry : sorted) names->push_back(std::move(entry.first));
    }
    SearchResults results;
    try {
      SearchRequest request = parse_search_request(req.params, true, UnknownParameters::ignore);
      page.query = request.query;
      page.options = request.options;
      page.recency = request.recency;
      // Filters alone are a search too: the articles they keep, newest first.
      const bool asked = request.query.find_first_not_of(" \t\r\n") != std::string::npos ||
                         !request.options.like.empty() || has_filters(request.options);
      if (asked) {
        results = search(request);
        page.results = &results;
      }
      if (!request.options.like.empty()) {
        try {
          if (const std::optional<Article> liked = article(request.options.like)) {
            page.like_title = liked->title;
          }
        } catch (const DamagedArticleError&) {
          // Its terms found the related articles; the page names it by its id instead.
        }
      }
    } catch (const ParameterError& e) {
      // Refused before any search: the page names the bad value and keeps the other filters.
      const SearchRequest typed = search_state_as_typed(req.params);
      page.query = typed.query;
      page.options = typed.options;
      page.recency = typed.recency;
      page.error = hide_paths(e.what());
      res.status = 400;
    } catch (const UsageError& e) {
      page.error = hide_paths(e.what());
      res.status = 400;
    } catch (const IndexError&) {
      throw;
    } catch (const Error& e) {
      page.error = hide_paths(e.what());
      res.status = 400;
    }
    res.content_type = kHtmlType;
    res.body = render::search_page_html(page);
  }
};

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {}

Server::~Server() = default;

int Server::bind() {
  impl_->port = impl_->http->bind();
  return impl_->port;
}

void Server::run() {
  impl_->http->run();
  // Whatever the drain answered in time, every write accepted is committed before returning.
  if (impl_->writer) impl_->writer->stop();
}

void Server::stop() {
  impl_->http->stop();
  // Commits what was accepted; the answers go out while the HTTP layer drains.
  if (impl_->writer) impl_->writer->stop();
}

void serve_until_signal(const ServeOptions& options) {
  // Block SIGINT and SIGTERM in every thread (the workers inherit the mask); one thread waits
  // for them and stops the server, which then finishes the requests under way.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Server server(options);
  const int port = server.bind();
  const std::string host =
      options.host.find(':') == std::string::npos ? options.host : "[" + options.host + "]";
  std::cout << "listening on http://" << host << ":" << port << "/" << std::endl;
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    const timespec tick{0, 200'000'000};
    while (!done.load()) {
      if (sigtimedwait(&signals, nullptr, &tick) > 0) {
        server.stop();
        return;
      }
    }
  });
  server.run();
  done = true;
  waiter.join();
}

}  // namespace bahth::serve
