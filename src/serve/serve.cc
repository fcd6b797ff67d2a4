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

#include "bahth/error.h"
#include "bahth/stats.h"
#include "http_server.h"
#include "index_names.h"
#include "keys.h"
#include "metrics.h"
#include "openapi.h"
#include "render/article.h"
#include "render/html.h"
#include "render/search_json.h"
#include "render/stats_json.h"
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
class AccessLog {
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
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

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
    HttpServerOptions http_options;
    http_options.cors.origins = std::move(origins);
    http_options.host = options.host;
    http_options.port = options.port;
    http_options.workers = options.threads;
    http_options.queue_limit = options.queue_limit;
    http_options.limits.max_connections = options.max_connections;
    http_options.allowed_hosts = allowed_hosts(options);
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
    } catch (const IndexError&) {
      searcher.discard();
      throw;
    }
  }

  static void require_query(const SearchRequest& request) {
    if (request.query.find_first_not_of(" \t\r\n") == std::string::npos &&
        request.options.like.empty()) {
      throw ParameterError("missing_parameter", "q",
                           "parameter 'q' (the query) is required unless 'like' is given");
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
    if (options.metrics != "off") {
      table.push_back({"/metrics", false, get, RunOn::worker,
                       guarded([this](const HttpRequest&, HttpResponse& res) { metrics(res); }),
                       options.metrics == "key" ? Access::metrics : Access::open});
    }
    return table;
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
    out.family("bahth_queue_depth", "gauge", "Requests waiting for a worker.");
    out.sample("bahth_queue_depth", {}, static_cast<double>(counters.queue_depth));
    out.family("bahth_open_connections", "gauge", "Connections open.");
    out.sample("bahth_open_connections", {}, static_cast<double>(counters.open_connections));
    out.family("bahth_rejected_requests_total", "counter",
               "Requests answered 503 at once, by reason: the workers' queue full (--queue), "
               "too many answer bytes being written, every connection busy (--max-connections).");
    out.sample("bahth_rejected_requests_total", {{"reason", "queue_full"}},
               static_cast<double>(counters.rejected_queue_full));
    out.sample("bahth_rejected_requests_total", {{"reason", "pending_bytes"}},
               static_cast<double>(counters.rejected_memory));
    out.sample("bahth_rejected_requests_total", {{"reason", "connections"}},
               static_cast<double>(counters.rejected_connections));
    out.family("bahth_index_documents", "gauge",
               "Documents in each index served (recounted at most every 5 s).");
    const std::vector<IndexSummary> summaries = stats.get();
    for (const IndexSummary& summary : summaries) {
      out.sample("bahth_index_documents", {{"db", summary.db_path}},
                 static_cast<double>(summary.documents));
    }
    out.family("bahth_index_last_commit_age_seconds", "gauge",
               "Seconds since the newest commit of each index served (its local databases).");
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (const IndexSummary& summary : summaries) {
      if (summary.last_commit_seconds == 0) continue;  // remote only: unknown here
      out.sample("bahth_index_last_commit_age_seconds", {{"db", summary.db_path}},
                 static_cast<double>(std::max<std::int64_t>(0, now - summary.last_commit_seconds)));
    }
    out.family("bahth_searcher_opens_total", "counter",
               "Searchers opened (one per worker, "
               "again after an index error).");
    out.sample("bahth_searcher_opens_total", {}, static_cast<double>(searchers.opens()));
    out.family("bahth_searcher_reopens_total", "counter",
               "Times a searcher was moved to the index's newest commit.");
    out.sample("bahth_searcher_reopens_total", {}, static_cast<double>(searchers.reopens()));
    out.family("bahth_workers", "gauge", "Worker threads (--threads).");
    out.sample("bahth_workers", {}, options.threads);
    out.family("bahth_queue_limit", "gauge", "Requests that may wait for a worker (--queue).");
    out.sample("bahth_queue_limit", {}, static_cast<double>(options.queue_limit));
    out.family("bahth_max_connections", "gauge", "Connections open at most (--max-connections).");
    out.sample("bahth_max_connections", {}, static_cast<double>(options.max_connections));
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = out.text();
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
      const bool asked = request.query.find_first_not_of(" \t\r\n") != std::string::npos ||
                         !request.options.like.empty();
      if (asked) {
        results = search(request);
        page.results = &results;
      }
      if (!request.options.like.empty()) {
        if (const std::optional<Article> liked = article(request.options.like)) {
          page.like_title = liked->title;
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

void Server::run() { impl_->http->run(); }

void Server::stop() { impl_->http->stop(); }

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
