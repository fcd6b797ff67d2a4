// The HTTP/1.1 layer of `bahth serve` (Boost.Beast over Asio): one event-loop thread reads and
// writes every connection, routes run inline (cheap ones) or on a bounded worker pool (searches),
// and every resource a client can make the server spend is capped: bytes and count of headers
// while they are read, body bytes, time per request, connections, and the time to drain on stop.
#ifndef BAHTH_SERVE_HTTP_SERVER_H_
#define BAHTH_SERVE_HTTP_SERVER_H_

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/non_copyable.h"

namespace bahth::serve {

using Params = std::multimap<std::string, std::string>;

struct HttpLimits {
  std::size_t max_request_line = std::size_t{8} * 1024;   // method, target and version; beyond: 414
  std::size_t max_header_bytes = std::size_t{32} * 1024;  // line and headers; beyond: 431
  std::size_t max_header_count = 100;                     // header fields; beyond: 431
  std::size_t max_body_bytes = std::size_t{8} * 1024;     // GET needs none; beyond: 413
  std::size_t max_connections = 512;  // open at once; idle ones are closed first
  unsigned max_requests_per_connection = 100;
  // Bytes of answers being written, all connections together, beyond which the connections
  // whose answers have been written for a second or more are closed, oldest first, and if that
  // frees too little, requests for the workers get 503: clients that do not read their answers
  // can neither pile them up in memory nor keep other clients out.
  std::size_t max_pending_response_bytes = std::size_t{32} << 20;
  std::chrono::milliseconds request_timeout{5000};     // first byte to last byte of a request
  std::chrono::milliseconds keep_alive_timeout{2000};  // idle between two requests
  std::chrono::milliseconds write_timeout{10'000};     // a whole response
  std::chrono::milliseconds drain_timeout{5000};       // after stop(), for answers under way
};

struct HttpResponse;

struct HttpRequest {
  std::string method;  // as sent: GET, HEAD, ...
  std::string path;    // percent-decoded, without the query
  Params params;       // the query, percent-decoded, '+' as space; without `key`
  std::string rest;    // for a prefix route: the path after the prefix
  // The `key` query parameter as given, when the request was let in by it (a page's links carry
  // it on); empty when there was none, or when the key came in an Authorization header.
  std::string key_parameter;
  std::string body;  // as sent (bounded by the route's body limit)
  // Answers the request later, from any thread, once: for a handler that set
  // HttpResponse::deferred (a write answered when its commit is durable).
  std::function<void(HttpResponse)> reply;
};

/// An error answered by the HTTP layer or a handler: the status, a stable machine-readable code
/// (docs/serve.md lists them), a message for people, the parameter at fault if any, and the
/// path asked for (a browser path may get a page rather than JSON).
struct HttpError {
  int status = 500;
  std::string code;
  std::string message;
  std::string parameter;
  std::string path;
};

/// Who may call a route: anyone, holders of a search key (when the key file has one), holders
/// of a write key, or holders of a metrics (or write) key.
enum class Access { open, search, write, metrics };

/// What a key check decided: allowed, no key given (401), or a key that does not open the route
/// (403).
enum class KeyCheck { allowed, missing, wrong };

/// One answered request, for the access log and the metrics (given on the event loop).
struct Exchange {
  std::string method;  // empty when the request could not be parsed
  std::string target;  // as sent, path and query (key included: the log strips it)
  std::string route;   // the route's path, or "" when none matched
  std::string remote;  // the client's address
  int status = 0;
  std::size_t bytes = 0;  // of the body sent
  double seconds = 0;     // from the request read to the answer queued for writing
};

/// Cross-origin requests from browsers: the origins allowed (exact, lower case; "*": any).
struct CorsPolicy {
  std::vector<std::string> origins;
  std::chrono::seconds max_age{600};
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the server's defaults
  bool close = false;                                        // close the connection after it
  // The handler answers later through HttpRequest::reply; this response is not sent.
  bool deferred = false;
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
  Access access = Access::open;
  // The body a request may send here; 0: HttpLimits::max_body_bytes. With a limit of its own,
  // the key is checked on the headers, so only a request it opens has its body read.
  std::size_t max_body_bytes = 0;
  // A known route that is switched off: answered with this error (status and code) as soon as
  // the headers are read, whatever the body; an empty code: the route is on.
  HttpError disabled = {};
};

/// An address range whose peers are trusted reverse proxies (`--trusted-proxy`): IPv4 ranges
/// are kept as IPv4-mapped IPv6 ones (::ffff:a.b.c.d, prefix + 96), as a dual-stack socket sees
/// IPv4 peers.
struct IpRange {
  std::array<std::uint8_t, 16> bytes{};
  unsigned prefix = 128;
};

/// "10.0.0.0/8", "192.168.1.5", "2001:db8::/32", "::1": nullopt when it is none (a host bits
/// set beyond the prefix is allowed: they are ignored, as nginx's set_real_ip_from does).
std::optional<IpRange> parse_ip_range(std::string_view text);

/// The address a request comes from, as the client's fair share and the access log see it:
/// `peer` itself, unless it lies in a `trusted` range; then the right-most address of the
/// X-Forwarded-For values (`forwarded_for`, the header's lines in order) that is not itself
/// trusted (nginx's real_ip_recursive; all of them trusted: the left-most). A value that is
/// not an address met before an untrusted one (a malformed header), or no header at all,
/// leaves `peer`. Addresses come back in their canonical text (IPv4-mapped ones as IPv4).
std::string forwarded_client(std::string_view peer,
                             const std::vector<std::string_view>& forwarded_for,
                             const std::vector<IpRange>& trusted);

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  HttpLimits limits;
  std::size_t workers = 2;
  std::size_t queue_limit = 256;  // requests waiting for a worker beyond which: 503
  // Requests of one client (an address, an IPv6 /64, or a key) waiting for a worker beyond which
  // its requests get 429 with Retry-After. Workers take the next request of the client that has
  // lately used them least, and a full queue makes room for a lighter client by refusing (429)
  // the newest request of the client with the most waiting (bounded_queue.h).
  std::size_t client_queue_limit = 32;
  // Workers one client's requests may hold at once (at least 1); fewer than `workers` keeps one
  // free for other clients whatever a flood asks for.
  std::size_t client_workers = 1;
  // Host header values answered (lower case, IPv6 in brackets), with or without ":PORT" of the
  // listening port; "*" or none: any. A Host that is an IP address is always answered: DNS
  // rebinding needs a name.
  std::vector<std::string> allowed_hosts;
  // Reverse proxies whose X-Forwarded-For names the client (forwarded_client); none: the
  // header is ignored and every request counts to its peer's address.
  std::vector<IpRange> trusted_proxies;
  std::vector<std::pair<std::string, std::string>> default_headers;  // on every response
  // Turns an error found by the HTTP layer (bad request, too large, busy...) into a body.
  std::function<void(const HttpError&, HttpResponse&)> error_body;
  // Checks the key a request gives (Bearer token or `key` parameter; empty: none) against a
  // route's access; none: every route is open.
  std::function<KeyCheck(std::string_view key, Access)> check_key;
  CorsPolicy cors;
  // Called on the event loop for every answer (the access log, the metrics).
  std::function<void(const Exchange&)> on_answered;
};

/// What the HTTP layer counts, for the metrics (read from any thread).
struct HttpCounters {
  std::size_t queue_depth = 0;  // requests waiting for a worker
  std::size_t open_connections = 0;
  std::uint64_t rejected_queue_full = 0;    // 503: the workers' queue was full
  std::uint64_t rejected_client_share = 0;  // 429: the client had its share waiting
  std::uint64_t rejected_memory = 0;        // 503: too many answer bytes being written
  std::uint64_t rejected_connections = 0;   // 503: every connection was being answered
  std::uint64_t evicted_writers = 0;        // unread answers cut off to make room for others
};

class HttpServer : NonCopyable {
 public:
  HttpServer(HttpServerOptions options, std::vector<Route> routes);
  ~HttpServer();

  /// Binds and listens; returns the port. Throws Error when the address cannot be bound.
  int bind();
  /// Serves on the calling thread until stop() has drained. REQUIRES: bind() succeeded.
  void run();
  /// Thread-safe: stops accepting, closes idle and half-read connections, lets answers under way
  /// finish for at most limits.drain_timeout, then makes run() return.
  void stop();
  /// Thread-safe.
  HttpCounters counters() const;

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
/// `target` (path and query as sent) with every `key` parameter's value replaced by "REDACTED",
/// for logs.
std::string redact_key(std::string_view target);
/// Whether two strings are equal, in a time that depends on their lengths only (for keys).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_HTTP_SERVER_H_
