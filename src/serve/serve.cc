#include "serve.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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

void send_error(HttpResponse& res, int status, std::string_view message) {
  send_json(res, status, {{"error", std::string(message)}});
}

// The status an exception from the library answers with: the caller's mistake (400), or ours.
int status_of(const std::exception_ptr& error, std::string& message) {
  try {
    std::rethrow_exception(error);
  } catch (const UsageError& e) {
    message = e.what();
    return 400;
  } catch (const IndexError& e) {
    message = e.what();
    return 500;
  } catch (const Error& e) {
    message = e.what();  // e.g. `like` naming no article
    return 400;
  } catch (const std::exception& e) {
    message = std::string("internal error: ") + e.what();
    return 500;
  } catch (...) {
    message = "internal error";
    return 500;
  }
}

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

}  // namespace

struct Server::Impl {
  ServeOptions options;
  SearcherPool searchers;
  StatsCache stats;
  PathHider hide_paths;
  std::unique_ptr<HttpServer> http;
  int port = 0;

  explicit Impl(const ServeOptions& serve_options)
      : options(serve_options),
        searchers(options.db_paths, std::chrono::milliseconds(
                                        static_cast<long>(options.reopen_interval_seconds * 1000))),
        stats(options.db_paths),
        hide_paths(options.db_paths) {
    if (options.db_paths.empty()) throw UsageError("no index given (--db)");
    if (options.threads == 0) options.threads = std::max(2U, std::thread::hardware_concurrency());
    if (options.max_connections == 0) throw UsageError("--max-connections must be at least 1");
    searchers.borrow();  // opens the index now: a bad --db is reported before listening
    HttpServerOptions http_options;
    http_options.host = options.host;
    http_options.port = options.port;
    http_options.workers = options.threads;
    http_options.queue_limit = options.queue_limit;
    http_options.limits.max_connections = options.max_connections;
    http_options.allowed_hosts = allowed_hosts(options);
    http_options.default_headers = kSecurityHeaders;
    http_options.error_body = [](int status, std::string_view message, HttpResponse& res) {
      send_error(res, status, message);
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
        std::string message;
        const int status = status_of(std::current_exception(), message);
        message = hide_paths(std::move(message));
        res = HttpResponse{};
        if (page) {
          res.status = status;
          res.content_type = kHtmlType;
          res.body = render::message_page_html("خطأ", message);
        } else {
          send_error(res, status, message);
        }
      }
    };
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
      throw UsageError("parameter 'q' (the query) is required unless 'like' is given");
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
           SearchRequest request = parse_search_request(req.params, false);
           require_query(request);
           const SearchResults results = search(request);
           send_json(res, 200,
                     render::search_json(results, request.options.like, request.options.explain));
         })});
    table.push_back({"/api/article/", true, get, RunOn::worker,
                     guarded([this](const HttpRequest& req, HttpResponse& res) {
                       if (const std::optional<Article> found = article(req.rest)) {
                         send_json(res, 200, render::article_json(*found));
                       } else {
                         send_error(res, 404, "no article with id '" + req.rest + "'");
                       }
                     })});
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
                     })});
    const Handler page =
        guarded([this](const HttpRequest& req, HttpResponse& res) { search_page(req, res); }, true);
    table.push_back({"/", false, get, RunOn::worker, page});
    table.push_back({"/search", false, get, RunOn::worker, page});
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
                         true)});
    return table;
  }

  // The search an article page was reached from (its link carries the results' query and
  // filters), for the page's search box and way back; nothing when they do not parse.
  static render::SearchPage came_from(const HttpRequest& req) {
    render::SearchPage from;
    try {
      const SearchRequest request = parse_search_request(req.params, true);
      from.query = request.query;
      from.options = request.options;
    } catch (const UsageError&) {
      return {};
    }
    return from;
  }

  void search_page(const HttpRequest& req, HttpResponse& res) {
    render::SearchPage page;
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
      SearchRequest request = parse_search_request(req.params, true);
      page.query = request.query;
      page.options = request.options;
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
