// The HTTP/1.1 layer of `bahth serve` (Boost.Beast over Asio): one event-loop thread reads and
// writes every connection, routes run inline (cheap ones) or on a bounded worker pool (searches),
// and every resource a client can make the server spend is capped: bytes and count of headers
// while they are read, body bytes, time per request, connections, and the time to drain on stop.
#ifndef BAHTH_SERVE_HTTP_SERVER_H_
#define BAHTH_SERVE_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bahth::serve {

using Params = std::multimap<std::string, std::string>;

struct HttpLimits {
  std::size_t max_request_line = std::size_t{8} * 1024;   // method, target and version; beyond: 414
  std::size_t max_header_bytes = std::size_t{32} * 1024;  // line and headers; beyond: 431
  std::size_t max_header_count = 100;                     // header fields; beyond: 431
  std::size_t max_body_bytes = std::size_t{8} * 1024;     // GET needs none; beyond: 413
  std::size_t max_connections = 512;  // open at once; idle ones are closed first
  unsigned max_requests_per_connection = 100;
  // Bytes of answers being written, all connections together, beyond which requests for the
  // workers get 503: clients that do not read their answers cannot pile them up in memory.
  std::size_t max_pending_response_bytes = std::size_t{32} << 20;
  std::chrono::milliseconds request_timeout{5000};     // first byte to last byte of a request
  std::chrono::milliseconds keep_alive_timeout{2000};  // idle between two requests
  std::chrono::milliseconds write_timeout{10'000};     // a whole response
  std::chrono::milliseconds drain_timeout{5000};       // after stop(), for answers under way
};

struct HttpRequest {
  std::string method;  // as sent: GET, HEAD, ...
  std::string path;    // percent-decoded, without the query
  Params params;       // the query, percent-decoded, '+' as space
  std::string rest;    // for a prefix route: the path after the prefix
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the server's defaults
  bool close = false;                                        // close the connection after it
};

using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

/// Where a route's handler runs: on the event loop (it must be quick and never block), or on a
/// worker of the bounded pool (a full queue answers 503 with Retry-After).
enum class RunOn { event_loop, worker };

/// A route: an exact path, or a prefix (the rest of the path in HttpRequest::rest), with the
/// methods it answers. HEAD is answered wherever GET is, without the body.
struct Route {
  std::string path;
  bool prefix = false;
  std::vector<std::string> methods;
  RunOn run_on = RunOn::worker;
  Handler handler;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  HttpLimits limits;
  std::size_t workers = 2;
  std::size_t queue_limit = 256;  // requests waiting for a worker beyond which: 503
  // Host header values answered (lower case, IPv6 in brackets), with or without ":PORT" of the
  // listening port; "*" or none: any. A Host that is an IP address is always answered: DNS
  // rebinding needs a name.
  std::vector<std::string> allowed_hosts;
  std::vector<std::pair<std::string, std::string>> default_headers;  // on every response
  // Turns an error found by the HTTP layer (bad request, too large, busy...) into a body.
  std::function<void(int status, std::string_view message, HttpResponse&)> error_body;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, std::vector<Route> routes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens; returns the port. Throws Error when the address cannot be bound.
  int bind();
  /// Serves on the calling thread until stop() has drained. REQUIRES: bind() succeeded.
  void run();
  /// Thread-safe: stops accepting, closes idle and half-read connections, lets answers under way
  /// finish for at most limits.drain_timeout, then makes run() return.
  void stop();

  struct Impl;  // the event loop, connections and workers (http_server.cc)

 private:
  std::unique_ptr<Impl> impl_;
};

/// Percent-decodes `text`; with `plus_is_space` ('+' → ' ', for query strings).
std::string percent_decode(std::string_view text, bool plus_is_space);
/// Splits a query string into decoded names and values ("a=1&b" → {a: 1, b: ""}).
Params parse_query(std::string_view query);
/// Whether `host` (a Host header value) is allowed by `allowed` (see HttpServerOptions) for a
/// server listening on `port`.
bool host_allowed(std::string_view host, const std::vector<std::string>& allowed, int port);

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_HTTP_SERVER_H_
