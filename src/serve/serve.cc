#include "serve.h"

#include <fmt/format.h>
#include <httplib.h>
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
#include "bounded_queue.h"
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
const httplib::Headers kSecurityHeaders{
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

void send_json(httplib::Response& res, int status, const nlohmann::json& value) {
  res.status = status;
  res.set_content(render::json_text(value) + "\n", kJsonType);
}

void send_error(httplib::Response& res, int status, std::string_view message) {
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
    for (const std::string& path : db_paths_) fresh.push_back(describe_index(path));
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

}  // namespace

struct Server::Impl {
  ServeOptions options;
  SearcherPool searchers;
  StatsCache stats;
  httplib::Server http;
  BoundedQueue* queue = nullptr;  // owned by `http`
  int port = 0;

  explicit Impl(const ServeOptions& serve_options)
      : options(serve_options),
        searchers(options.db_paths, std::chrono::milliseconds(
                                        static_cast<long>(options.reopen_interval_seconds * 1000))),
        stats(options.db_paths) {
    if (options.db_paths.empty()) throw UsageError("no index given (--db)");
    if (options.threads == 0) options.threads = std::max(2U, std::thread::hardware_concurrency());
    searchers.borrow();  // opens the index now: a bad --db is reported before listening
    configure();
    routes();
  }

  void configure() {
    const std::size_t threads = options.threads;
    const std::size_t hard_limit = std::max<std::size_t>(options.queue_limit * 4, 16);
    http.new_task_queue = [this, threads, hard_limit] {
      queue = new BoundedQueue(threads, hard_limit);
      return queue;
    };
    http.set_default_headers(kSecurityHeaders);
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_keep_alive_timeout(2);
    http.set_keep_alive_max_count(100);
    // GET needs no body; a body is read and dropped.
    http.set_payload_max_length(std::size_t{64} * 1024);
    http.set_tcp_nodelay(true);
    http.set_pre_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      if (queue != nullptr && queue->waiting() > options.queue_limit) {
        res.set_header("Retry-After", "1");
        res.set_header("Connection", "close");
        send_error(res, 503, "the server is busy; retry in a moment");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // A worker serves one connection at a time, for as long as the client keeps it alive: while
    // other connections wait for a worker, ask this client to close after its answer, so the
    // workers take turns (without this, p99 under wrk was the keep-alive limit, over a second).
    http.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      if (queue != nullptr && queue->waiting() > 0) res.set_header("Connection", "close");
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 404) {
        send_error(res, 404, "no such page: " + req.path);
      } else {
        send_error(res, res.status, fmt::format("bad request (HTTP {})", res.status));
      }
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& error) {
          std::string message;
          const int status = status_of(error, message);
          send_error(res, status, message);
        });
  }

  // Runs `handler`, turning what it throws into a JSON error (or, for pages, an error page).
  template <typename Handler>
  auto guarded(Handler handler, bool page = false) {
    return [this, handler, page](const httplib::Request& req, httplib::Response& res) {
      try {
        handler(req, res);
      } catch (...) {
        std::string message;
        const int status = status_of(std::current_exception(), message);
        if (page) {
          res.status = status;
          res.set_content(render::message_page_html("خطأ", message), kHtmlType);
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

  void routes() {
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok\n", "text/plain; charset=utf-8");
    });
    http.Get("/api/search", guarded([this](const httplib::Request& req, httplib::Response& res) {
               SearchRequest request = parse_search_request(req.params, false);
               require_query(request);
               const SearchResults results = search(request);
               send_json(
                   res, 200,
                   render::search_json(results, request.options.like, request.options.explain));
             }));
    http.Get("/api/article/(.+)",
             guarded([this](const httplib::Request& req, httplib::Response& res) {
               const std::string id = req.matches[1];
               if (const std::optional<Article> found = article(id)) {
                 send_json(res, 200, render::article_json(*found));
               } else {
                 send_error(res, 404, "no article with id '" + id + "'");
               }
             }));
    http.Get("/api/stats", guarded([this](const httplib::Request&, httplib::Response& res) {
               const std::vector<IndexSummary> summaries = stats.get();
               if (summaries.size() == 1) {
                 res.set_content(render::json_text(render::stats_json(summaries.front()), 2) + "\n",
                                 kJsonType);
                 return;
               }
               nlohmann::json all = nlohmann::json::array();
               for (const IndexSummary& s : summaries) all.push_back(render::stats_json(s));
               res.set_content(render::json_text(all, 2) + "\n", kJsonType);
             }));
    const auto page = guarded(
        [this](const httplib::Request& req, httplib::Response& res) { search_page(req, res); },
        true);
    http.Get("/", page);
    http.Get("/search", page);
    http.Get("/article/(.+)",
             guarded(
                 [this](const httplib::Request& req, httplib::Response& res) {
                   const std::string id = req.matches[1];
                   if (const std::optional<Article> found = article(id)) {
                     res.set_content(render::article_page_html(*found), kHtmlType);
                   } else {
                     res.status = 404;
                     res.set_content(
                         render::message_page_html("لا توجد", "no article with id '" + id + "'"),
                         kHtmlType);
                   }
                 },
                 true));
    http.Get(std::string(render::kStylesheetPath),
             [](const httplib::Request&, httplib::Response& res) {
               res.set_header("Cache-Control", "public, max-age=3600");
               res.set_content(std::string(render::stylesheet()), "text/css; charset=utf-8");
             });
  }

  void search_page(const httplib::Request& req, httplib::Response& res) {
    render::SearchPage page;
    for (const IndexSummary& summary : stats.get()) {
      for (const auto& [name, count] : summary.sections) {
        if (std::find(page.sections.begin(), page.sections.end(), name) == page.sections.end()) {
          page.sections.push_back(name);
        }
      }
    }
    std::sort(page.sections.begin(), page.sections.end());
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
    } catch (const UsageError& e) {
      page.error = e.what();
      res.status = 400;
    } catch (const IndexError&) {
      throw;
    } catch (const Error& e) {
      page.error = e.what();
      res.status = 400;
    }
    res.set_content(render::search_page_html(page), kHtmlType);
  }
};

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {}

Server::~Server() = default;

int Server::bind() {
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(impl_->options.host);
  } else if (impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) {
    impl_->port = impl_->options.port;
  } else {
    impl_->port = -1;
  }
  if (impl_->port <= 0) {
    throw Error(
        fmt::format("cannot listen on {} port {} (in use, or not an address of this "
                    "machine)",
                    impl_->options.host, impl_->options.port));
  }
  return impl_->port;
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

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
