#include "http_server.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <list>
#include <optional>
#include <string>
#include <utility>

#include "bahth/error.h"
#include "bahth/non_copyable.h"
#include "bounded_queue.h"

namespace bahth::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// The address as 16 bytes, IPv4 as IPv4-mapped IPv6.
net::ip::address_v6::bytes_type mapped_bytes(const net::ip::address& address) {
  if (address.is_v4())
    return net::ip::make_address_v6(net::ip::v4_mapped, address.to_v4()).to_bytes();
  return address.to_v6().to_bytes();
}

bool in_range(const net::ip::address& address, const IpRange& range) {
  const net::ip::address_v6::bytes_type bytes = mapped_bytes(address);
  unsigned bits = range.prefix;
  for (std::size_t i = 0; i < bytes.size() && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8U);
    const auto mask = static_cast<std::uint8_t>(0xFF00U >> take);
    if ((bytes[i] & mask) != (range.bytes[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

bool trusted(const net::ip::address& address, const std::vector<IpRange>& ranges) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const IpRange& range) { return in_range(address, range); });
}

std::optional<net::ip::address> address_of(std::string_view text) {
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address;
}

// IPv4-mapped IPv6 addresses as the IPv4 ones they are.
std::string canonical(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

constexpr std::size_t kReadChunk = 4096;
constexpr auto kDrainPoll = std::chrono::milliseconds(20);
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);
// An answer being written this long may be cut off when the answers' memory is full (see
// evict_stalled_writers): a reading client takes far less for any answer the server makes.
constexpr auto kStalledWrite = std::chrono::milliseconds(1000);
// The part of a request target kept for the access log (the log line stays bounded).
constexpr std::size_t kMaxLoggedTarget = 2048;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

bool is_ip_literal(std::string_view name) {
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  } else if (name.find(':') != std::string_view::npos) {
    return false;  // an IPv6 address in a Host header must be in brackets
  }
  boost::system::error_code ec;
  (void)net::ip::make_address(std::string(name), ec);
  return !ec;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

Params parse_query(std::string_view query) {
  Params params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (name.empty()) continue;
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    params.emplace(percent_decode(name, true), percent_decode(value, true));
  }
  return params;
}

bool host_allowed(std::string_view host, const std::vector<std::string>& allowed, int port) {
  if (allowed.empty() || std::find(allowed.begin(), allowed.end(), "*") != allowed.end()) {
    return true;
  }
  const std::string full = lower(host);
  if (std::find(allowed.begin(), allowed.end(), full) != allowed.end()) return true;
  // name[:port], the name an IPv6 address in brackets.
  std::string name = full;
  std::string port_text;
  const std::size_t colon = full.rfind(':');
  const std::size_t bracket = full.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    name = full.substr(0, colon);
    port_text = full.substr(colon + 1);
    if (port_text != std::to_string(port)) return false;
  }
  if (name.empty()) return false;
  // A Host naming an IP address cannot come from DNS rebinding, which needs a name.
  return std::find(allowed.begin(), allowed.end(), name) != allowed.end() || is_ip_literal(name);
}

std::string redact_key(std::string_view target) {
  const std::size_t question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  bool first = true;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (!first) out += '&';
    first = false;
    if (percent_decode(pair.substr(0, eq), true) == "key") {
      out += "key=REDACTED";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of the longer is looked at whatever differs, so the time tells only the lengths.
  const std::size_t n = std::max(a.size(), b.size());
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

class Session;

struct HttpServer::Impl {
  HttpServerOptions options;
  std::vector<Route> routes;
  std::atomic<std::size_t> pending_bytes{0};  // answers being written (see HttpLimits)
  std::atomic<std::size_t> live{0};           // sessions alive (any thread ends one)
  std::atomic<std::uint64_t> rejected_queue_full{0};
  std::atomic<std::uint64_t> rejected_client_share{0};
  std::atomic<std::uint64_t> rejected_memory{0};
  std::atomic<std::uint64_t> rejected_connections{0};
  std::atomic<std::uint64_t> evicted_writers{0};  // unread answers cut off for memory
  std::list<std::weak_ptr<Session>> sessions;     // event loop only
  bool draining = false;                          // event loop only
  Clock::time_point drain_deadline;
  int port = 0;
  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  net::steady_timer timer{ioc};  // accept retries, then the drain
  BoundedQueue pool;

  Impl(HttpServerOptions server_options, std::vector<Route> server_routes)
      : options(std::move(server_options)),
        routes(std::move(server_routes)),
        pool(options.workers, options.queue_limit, options.client_queue_limit,
             options.client_workers) {}

  bool origin_allowed(std::string_view origin) const {
    const std::vector<std::string>& origins = options.cors.origins;
    if (origin.empty() || origins.empty()) return false;
    return std::find(origins.begin(), origins.end(), "*") != origins.end() ||
           std::find(origins.begin(), origins.end(), lower(origin)) != origins.end();
  }

  const Route* find_route(const std::string& path, std::string& rest) const {
    for (const Route& route : routes) {
      if (!route.prefix && route.path == path) return &route;
    }
    for (const Route& route : routes) {
      if (route.prefix && path.size() > route.path.size() &&
          path.compare(0, route.path.size(), route.path) == 0) {
        rest = path.substr(route.path.size());
        return &route;
      }
    }
    return nullptr;
  }

  HttpResponse error(const HttpError& error) const {
    HttpResponse res;
    res.status = error.status;
    if (options.error_body) {
      options.error_body(error, res);
    } else {
      res.content_type = "text/plain; charset=utf-8";
      res.body = error.message + "\n";
    }
    return res;
  }

  void accept();
  void make_room();
  // Closes the connections whose answers have been written longest, at least kStalledWrite,
  // until the answers' memory is under its cap; true if it is.
  bool evict_stalled_writers();
  void begin_drain();
  void poll_drain();
};

class Session : public std::enable_shared_from_this<Session>, NonCopyable {
 public:
  enum class State { idle, reading, working, writing, closed };

  Session(tcp::socket socket, HttpServer::Impl& server)
      : server_(server),
        stream_(std::move(socket)),
        deadline_(stream_.get_executor()),
        buffer_(server.options.limits.max_header_bytes + kReadChunk) {
    server_.live.fetch_add(1);
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      remote_ = peer.address().to_string();
      client_ = client_of(peer.address());
      peer_trusted_ = trusted(peer.address(), server.options.trusted_proxies);
    }
  }
  ~Session() {
    if (state_ != State::closed) server_.live.fetch_sub(1);
    server_.pending_bytes.fetch_sub(pending_bytes_);
  }

  State state() const { return state_; }
  Clock::time_point since() const { return since_; }

  void start() { await_request(); }

  void close() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    deadline_.cancel();
    server_.live.fetch_sub(1);  // its slot is free now, though its handlers end later
    // Its answer's memory too: the write ends (with an error) at the next turn of the loop.
    server_.pending_bytes.fetch_sub(pending_bytes_);
    pending_bytes_ = 0;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  void answer(HttpResponse response) {
    if (state_ == State::closed) return;
    state_ = State::writing;
    deadline_.cancel();
    const HttpLimits& limits = server_.options.limits;
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version_);
    res->result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : server_.options.default_headers) res->set(name, value);
    if (!response.content_type.empty()) res->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) res->set(name, value);
    add_cors_headers(*res);
    const bool keep_alive = keep_alive_ && !response.close && !server_.draining &&
                            served_ < limits.max_requests_per_connection;
    res->keep_alive(keep_alive);
    if (head_) {
      res->content_length(response.body.size());
    } else {
      res->body() = std::move(response.body);
      res->prepare_payload();
    }
    report(response.status, head_ ? 0 : res->body().size());
    response_ = res;
    since_ = Clock::now();  // when its writing began (evict_stalled_writers)
    pending_bytes_ = res->body().size();
    server_.pending_bytes.fetch_add(pending_bytes_);
    stream_.expires_after(limits.write_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        self->on_written(ec, keep_alive);
                      });
  }

 private:
  // Waits for a request's first byte (unless a pipelined one is already buffered) for the
  // keep-alive time; a new connection gets the request time.
  void await_request() {
    if (server_.draining) {
      close();
      return;
    }
    if (buffer_.size() > 0) {
      read_request();
      return;
    }
    state_ = State::idle;
    since_ = Clock::now();
    const HttpLimits& limits = server_.options.limits;
    stream_.expires_after(served_ == 0 ? limits.request_timeout : limits.keep_alive_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec || self->state_ == State::closed) {
                                self->close();
                                return;
                              }
                              self->buffer_.commit(n);
                              self->read_request();
                            });
  }

  // Reads one whole request within the request time: one deadline for all its reads, so a
  // client trickling bytes cannot stretch it.
  void read_request() {
    state_ = State::reading;
    since_ = Clock::now();
    started_ = since_;
    request_remote_.clear();
    method_.clear();
    target_.clear();
    route_.clear();
    path_.clear();
    origin_.clear();
    const HttpLimits& limits = server_.options.limits;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    // No limit until the headers say which route: on_header() sets it, and refuses a declared
    // length over it before reading any of the body.
    // (Not boost::none: Beast 1.74 compares the declared length with it as an optional, and
    // every length is over none.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_never();
    arm_request_deadline();
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // The request's deadline runs on a timer of its own, not the stream's: Beast closes the socket
  // when that one fires, and a client whose request is cut at its deadline is owed a 408 while
  // it can still read one (RFC 9110, 15.5.9). The timer cancels the read under way; on_read()
  // answers. The write of the 408 has the write time, as every answer.
  void arm_request_deadline() {
    timed_out_ = false;
    const unsigned serial = ++request_serial_;
    deadline_.expires_after(server_.options.limits.request_timeout);
    deadline_.async_wait([self = shared_from_this(), serial](beast::error_code ec) {
      if (ec || serial != self->request_serial_ || self->state_ != State::reading) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void refuse_late_request() {
    refuse(
        408, "request_timeout",
        fmt::format("the request did not arrive within {:g} s",
                    std::chrono::duration<double>(server_.options.limits.request_timeout).count()));
  }

  // The headers are in: the route they ask for sets the body limit (a larger one only for a
  // request whose key opens the route), a declared length over it is refused before any of the
  // body is read, and a switched-off route is answered at once.
  void on_header(beast::error_code ec) {
    if (state_ == State::closed) return;
    if (ec) {
      on_read(ec);
      return;
    }
    const http::request<http::string_body>& req = parser_->get();
    const std::string_view target = view(req.target());
    const std::size_t question = target.find('?');
    path_ = percent_decode(target.substr(0, question), false);
    // For the access log of an answer given here, before dispatch() sets them again.
    method_ = std::string(req.method_string());
    target_ = std::string(target.substr(0, kMaxLoggedTarget));
    std::string rest;
    const Route* route = server_.find_route(path_, rest);
    std::size_t limit = server_.options.limits.max_body_bytes;
    const bool method_ok =
        route != nullptr && std::find(route->methods.begin(), route->methods.end(),
                                      std::string(req.method_string())) != route->methods.end();
    if (method_ok && !route->disabled.code.empty()) {
      HttpError error = route->disabled;
      error.path = path_;
      route_ = route->prefix ? route->path + "*" : route->path;
      keep_alive_ = false;
      head_ = false;
      answer(server_.error(error));
      return;
    }
    if (method_ok && route->max_body_bytes != 0) {
      if (!authorized_early(*route, req,
                            question == std::string_view::npos ? std::string_view()
                                                               : target.substr(question + 1))) {
        return;
      }
      limit = route->max_body_bytes;
    }
    const boost::optional<std::uint64_t> length = parser_->content_length();
    if (length && *length > limit) {
      refuse(413, "body_too_large",
             fmt::format("request body too large: {} bytes, at most {} here", *length, limit));
      return;
    }
    // A compressed body would be read as text and refused as "invalid UTF-8 at byte 2": say
    // what is wrong instead (the server decompresses no body).
    if (method_ok && route->max_body_bytes != 0 && !parser_->is_done()) {
      const beast::string_view encoding = req[http::field::content_encoding];
      if (!encoding.empty() && !beast::iequals(encoding, "identity")) {
        refuse(415, "unsupported_encoding",
               fmt::format("the body is sent with Content-Encoding: {}; send it uncompressed "
                           "(this server decompresses no request body)",
                           view(encoding.substr(0, 64))));
        return;
      }
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) {  // no body: completed at once (Beast reads no more)
      http::async_read(
          stream_, buffer_, *parser_,
          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
      return;
    }
    if (expects_continue(req)) {
      continue_then_read_body();
      return;
    }
    read_body();
  }

  static bool expects_continue(const http::request<http::string_body>& req) {
    return req.version() >= 11 && beast::iequals(req[http::field::expect], "100-continue");
  }

  // The headers passed every check: "100 Continue" tells the client to send the body. curl
  // asks for it on a body over 1 MiB and, unanswered, waited a second before sending anyway
  // (every large POST of a JSON Lines file took a second longer; a stricter client waited
  // until the request deadline dropped it).
  void continue_then_read_body() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::const_buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (self->state_ == State::closed) return;
                       if (ec) {
                         self->close();
                         return;
                       }
                       self->read_body();
                     });
  }

  // Reads the body a piece at a time, checking the request's deadline between pieces: the
  // stream's timer never fires while every read completes at once, so a client sending as fast
  // as the server reads (a chunked body of 1-byte chunks with 4 KB extensions: 1.5 GB of wire
  // in 12 s, 8 MiB of body) could go on being read for ever within the body limit.
  void read_body() {
    http::async_read_some(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec || self->state_ == State::closed || self->parser_->is_done()) {
                              self->on_read(ec);
                            } else if (Clock::now() - self->started_ >=
                                       self->server_.options.limits.request_timeout) {
                              self->deadline_.cancel();
                              self->refuse_late_request();
                            } else {
                              self->read_body();
                            }
                          });
  }

  // The key check of a route with a body limit of its own, on the headers alone: a client
  // without the key is answered (and the connection closed) before the server reads the body.
  bool authorized_early(const Route& route, const http::request<http::string_body>& req,
                        std::string_view query) {
    if (route.access == Access::open || !server_.options.check_key) return true;
    HttpRequest request;
    request.params = parse_query(query);
    const std::string key = take_key(req, request);
    if (server_.options.check_key(key, route.access) == KeyCheck::allowed) return true;
    keep_alive_ = false;
    head_ = false;
    route_ = route.prefix ? route.path + "*" : route.path;
    return authorized(route, key);
  }

  void on_read(beast::error_code ec) {
    if (state_ == State::closed) return;
    deadline_.cancel();
    if (timed_out_) {
      refuse_late_request();
      return;
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      if (request_line_too_long()) {
        refuse(414, "uri_too_long", "request line too long");
      } else {
        refuse(431, "headers_too_large", "request headers too large");
      }
      return;
    }
    if (ec == http::error::body_limit) {
      refuse(413, "body_too_large", "request body too large");
      return;
    }
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      refuse(400, "malformed_request", "malformed request");
      return;
    }
    if (ec) {  // closed or reset (a deadline passed is answered 408 above)
      close();
      return;
    }
    http::request<http::string_body> request = parser_->release();
    parser_.reset();
    dispatch(std::move(request));
  }

  // Whether the request line itself overflowed. The parser consumes the request line once it
  // is whole, so the buffer still starting with one ("METHOD SP", no colon before the space)
  // without a line end means the line is what was too long.
  bool request_line_too_long() const {
    const std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    const std::size_t space = data.find(' ');
    const std::size_t colon = data.find(':');
    return space != std::string_view::npos && (colon == std::string_view::npos || space < colon) &&
           data.find('\n') == std::string_view::npos;
  }

  void refuse(int status, std::string code, std::string message) {
    keep_alive_ = false;
    head_ = false;
    answer(server_.error({status, std::move(code), std::move(message), "", path_}));
  }

  // CORS: an allowed origin is named back (with credentials never allowed), and every answer
  // says it varies with Origin so that caches keep one per origin.
  void add_cors_headers(http::response<http::string_body>& res) const {
    if (server_.options.cors.origins.empty()) return;
    res.set(http::field::vary, "Origin");
    if (server_.origin_allowed(origin_)) res.set(http::field::access_control_allow_origin, origin_);
  }

  void report(int status, std::size_t bytes) {
    if (!server_.options.on_answered) return;
    server_.options.on_answered(
        {.method = method_,
         .target = target_,
         .route = route_,
         .remote = request_remote_.empty() ? remote_ : request_remote_,
         .status = status,
         .bytes = bytes,
         .seconds = std::chrono::duration<double>(Clock::now() - started_).count()});
  }

  // The methods a route answers, as an Allow header says them.
  std::string allow_of(const Route& route) const {
    std::string allow;
    for (const std::string& method : route.methods) {
      allow += (allow.empty() ? "" : ", ") + method;
      if (method == "GET") allow += ", HEAD";
    }
    return allow + ", OPTIONS";
  }

  // OPTIONS on a known path: the methods it answers, and for a CORS preflight from an allowed
  // origin what the browser may send; a preflight from any other origin is refused 403.
  void answer_options(const Route& route, const http::request<http::string_body>& req) {
    HttpResponse res;
    res.status = 204;
    res.headers.emplace_back("Allow", allow_of(route));
    const bool preflight =
        !origin_.empty() && req.count(http::field::access_control_request_method);
    if (preflight) {
      if (!server_.origin_allowed(origin_)) {
        answer(server_.error({403, "origin_not_allowed",
                              "cross-origin requests from this origin are not allowed "
                              "(--cors-origin names those that are)",
                              "", path_}));
        return;
      }
      res.headers.emplace_back("Access-Control-Allow-Methods", allow_of(route));
      res.headers.emplace_back("Access-Control-Allow-Headers", "Authorization");
      res.headers.emplace_back("Access-Control-Max-Age",
                               std::to_string(server_.options.cors.max_age.count()));
    }
    answer(std::move(res));
  }

  // The key a request gives: a Bearer token, else a `key` parameter (which handlers never see).
  static std::string take_key(const http::request<http::string_body>& req, HttpRequest& request) {
    std::string key;
    const auto auth = req.find(http::field::authorization);
    if (auth != req.end()) {
      const std::string_view value = view(auth->value());
      if (value.size() > 7 && lower(value.substr(0, 7)) == "bearer ") key = value.substr(7);
    }
    const auto [first, last] = request.params.equal_range("key");
    if (key.empty() && first != last) key = request.key_parameter = first->second;
    request.params.erase("key");
    return key;
  }

  bool authorized(const Route& route, std::string_view key) {
    if (route.access == Access::open || !server_.options.check_key) return true;
    const KeyCheck check = server_.options.check_key(key, route.access);
    if (check == KeyCheck::allowed) return true;
    HttpResponse res;
    if (check == KeyCheck::missing) {
      res = server_.error({401, "missing_key",
                           "this server needs a key: send 'Authorization: Bearer KEY' (or key=KEY "
                           "on a page)",
                           "", path_});
      res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"bahth\"");
    } else {
      res = server_.error({403, "wrong_key", "this key does not open this path", "", path_});
    }
    answer(std::move(res));
    return false;
  }

  // Behind a trusted proxy (--trusted-proxy) the request counts to the client its
  // X-Forwarded-For names (forwarded_client), for the fair share and the access log.
  void take_forwarded_client(const http::request<http::string_body>& req) {
    std::vector<std::string_view> values;
    const auto [first, last] = req.equal_range("X-Forwarded-For");
    for (auto it = first; it != last; ++it) values.push_back(view(it->value()));
    std::string client = forwarded_client(remote_, values, server_.options.trusted_proxies);
    if (client == remote_) return;
    const std::optional<net::ip::address> address = address_of(client);
    if (!address) return;
    request_client_ = client_of(*address);
    request_remote_ = std::move(client);
  }

  void dispatch(http::request<http::string_body> req) {
    ++served_;
    started_ = Clock::now();
    request_remote_.clear();
    request_client_ = client_;
    if (peer_trusted_) take_forwarded_client(req);
    method_ = std::string(req.method_string());
    target_ = std::string(view(req.target()).substr(0, kMaxLoggedTarget));
    if (req.target().size() > kMaxLoggedTarget) target_ += "...[truncated]";
    route_.clear();
    path_.clear();
    const auto origin = req.find(http::field::origin);
    origin_ = origin == req.end() ? std::string() : std::string(view(origin->value()));
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    head_ = req.method() == http::verb::head;
    const HttpLimits& limits = server_.options.limits;
    const std::size_t fields = static_cast<std::size_t>(std::distance(req.begin(), req.end()));
    if (fields > limits.max_header_count) {
      refuse(431, "headers_too_large",
             fmt::format("too many header fields (at most {})", limits.max_header_count));
      return;
    }
    if (req.method_string().size() + req.target().size() + 10 > limits.max_request_line) {
      refuse(414, "uri_too_long", "request line too long");
      return;
    }
    const auto hosts = req.equal_range(http::field::host);
    const auto host_count = std::distance(hosts.first, hosts.second);
    if (host_count > 1 || (host_count == 0 && version_ >= 11)) {
      refuse(400, "malformed_request", "a request needs exactly one Host header");
      return;
    }
    if (host_count == 1 &&
        !host_allowed(view(hosts.first->value()), server_.options.allowed_hosts, server_.port)) {
      refuse(421, "host_not_allowed",
             fmt::format("this server does not answer for the host '{}' (its --allowed-host "
                         "names the hosts it answers for)",
                         std::string(hosts.first->value().substr(0, 200))));
      return;
    }
    const std::string_view target = view(req.target());
    if (target.empty() || target.front() != '/') {
      refuse(400, "malformed_request", "the request target must be a path");
      return;
    }
    HttpRequest request;
    request.method = std::string(req.method_string());
    const std::size_t question = target.find('?');
    request.path = percent_decode(target.substr(0, question), false);
    if (question != std::string_view::npos)
      request.params = parse_query(target.substr(question + 1));
    path_ = request.path;
    const std::string key = take_key(req, request);
    const Route* route = server_.find_route(request.path, request.rest);
    if (route == nullptr) {
      answer(server_.error({404, "not_found", "no such page: " + request.path, "", path_}));
      return;
    }
    route_ = route->prefix ? route->path + "*" : route->path;
    const std::string method = head_ ? "GET" : request.method;
    if (method == "OPTIONS") {
      answer_options(*route, req);
      return;
    }
    if (std::find(route->methods.begin(), route->methods.end(), method) == route->methods.end()) {
      HttpResponse res = server_.error(
          {405, "method_not_allowed",
           "this path answers " + allow_of(*route) + ", not " + request.method, "", path_});
      res.headers.emplace_back("Allow", allow_of(*route));
      answer(std::move(res));
      return;
    }
    if (!authorized(*route, key)) return;
    // A request let in by its key shares the workers as that key's, wherever it comes from
    // (several users behind one address); any other as its address's.
    const std::string client =
        !key.empty() && route->access != Access::open && server_.options.check_key
            ? fmt::format("key {:016x}", std::hash<std::string>{}(key))
            : request_client_;
    request.body = std::move(req.body());
    request.reply = [self = shared_from_this()](HttpResponse response) {
      net::post(self->server_.ioc, [self, response = std::move(response)]() mutable {
        self->answer(std::move(response));
      });
    };
    if (route->run_on == RunOn::event_loop) {
      HttpResponse response = run(*route, request);
      if (!response.deferred) answer(std::move(response));
      return;
    }
    state_ = State::working;
    since_ = Clock::now();
    // Full: the answers clients have left unread make way (each had kStalledWrite to be read)
    // rather than every new request getting 503 until their write timeouts.
    const bool memory_ok = server_.pending_bytes.load() < limits.max_pending_response_bytes ||
                           server_.evict_stalled_writers();
    QueuedJob job;
    job.run = [self = shared_from_this(), route, request = std::move(request)]() mutable {
      HttpResponse response = run(*route, request);
      if (response.deferred) return;
      net::post(self->server_.ioc, [self, response = std::move(response)]() mutable {
        self->answer(std::move(response));
      });
    };
    // Pushed out of a full queue by a lighter client's request (on this loop's thread).
    job.refuse = [self = shared_from_this()](int retry_after) {
      self->server_.rejected_client_share.fetch_add(1);
      net::post(self->server_.ioc, [self, retry_after] { self->answer_too_many(retry_after); });
    };
    int retry_after = 1;
    const Admission admission =
        memory_ok ? server_.pool.try_submit(client, std::move(job), retry_after) : Admission::full;
    if (admission == Admission::client_full) {
      server_.rejected_client_share.fetch_add(1);
      answer_too_many(retry_after);
      return;
    }
    if (admission != Admission::queued) {
      (memory_ok ? server_.rejected_queue_full : server_.rejected_memory).fetch_add(1);
      HttpResponse busy =
          server_.error({503, "overloaded", "the server is busy; retry in a moment", "", path_});
      busy.headers.emplace_back("Retry-After", "1");
      busy.close = true;
      answer(std::move(busy));
    }
  }

  // 429: this client has its share of the workers' queue waiting; it may ask again once those
  // are answered. The connection stays open: the client is told, not cut off.
  void answer_too_many(int retry_after) {
    HttpResponse res = server_.error(
        {429, "too_many_requests",
         fmt::format("too many of your requests are waiting; retry in {} s", retry_after), "",
         path_});
    res.headers.emplace_back("Retry-After", std::to_string(retry_after));
    answer(std::move(res));
  }

  // The client a request is counted to for the workers' fair share: its IP address, or for
  // IPv6 its /64 (one host's usual allocation, which holds more addresses than any table).
  static std::string client_of(const net::ip::address& address) {
    if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
      net::ip::address_v6::bytes_type bytes = address.to_v6().to_bytes();
      std::fill(bytes.begin() + 8, bytes.end(), 0);
      return net::ip::address_v6(bytes).to_string() + "/64";
    }
    return canonical(address);
  }

  static HttpResponse run(const Route& route, const HttpRequest& request) {
    HttpResponse response;
    try {
      route.handler(request, response);
    } catch (const std::exception& e) {
      response = HttpResponse{};
      response.status = 500;
      response.content_type = "text/plain; charset=utf-8";
      response.body = std::string("internal error: ") + e.what() + "\n";
    }
    return response;
  }

  void on_written(beast::error_code ec, bool keep_alive) {
    response_.reset();
    server_.pending_bytes.fetch_sub(pending_bytes_);
    pending_bytes_ = 0;
    if (ec || state_ == State::closed) {
      close();
      return;
    }
    if (!keep_alive || server_.draining) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      close();
      return;
    }
    await_request();
  }

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  net::steady_timer deadline_;  // the request's (arm_request_deadline)
  unsigned request_serial_ = 0;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  State state_ = State::idle;
  Clock::time_point since_ = Clock::now();
  std::size_t pending_bytes_ = 0;  // of response_'s body, counted in server_.pending_bytes
  unsigned served_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  // The request being answered, for the access log, the metrics and CORS.
  Clock::time_point started_ = Clock::now();
  std::string method_;
  std::string target_;
  std::string path_;
  std::string route_;
  std::string origin_;
  std::string remote_;
  std::string client_;         // for the workers' fair share (client_of)
  bool peer_trusted_ = false;  // a --trusted-proxy: X-Forwarded-For names the client
  // The request's client behind a trusted proxy: its address (for the log; empty: the peer's)
  // and its fair-share name (client_of).
  std::string request_remote_;
  std::string request_client_;
};

void HttpServer::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (draining || !acceptor.is_open()) return;
    if (ec) {
      // Out of descriptors, or a connection reset before it was accepted: try again shortly
      // rather than spin.
      timer.expires_after(kAcceptRetry);
      timer.async_wait([this](beast::error_code wait_error) {
        if (!wait_error && !draining) accept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    make_room();
    if (live.load() >= options.limits.max_connections) {
      // Every connection is answering or being answered: refuse this one at once.
      const std::string busy =
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
          "Connection: close\r\n\r\n";
      rejected_connections.fetch_add(1);
      socket.non_blocking(true, ignored);
      socket.write_some(net::buffer(busy), ignored);
      socket.close(ignored);
    } else {
      auto session = std::make_shared<Session>(std::move(socket), *this);
      sessions.push_back(session);
      session->start();
    }
    accept();
  });
}

// At the connection cap, closes the connection idle the longest, else the one that has been
// sending its request the longest (a slow client's); never one whose answer is under way.
void HttpServer::Impl::make_room() {
  if (live.load() < options.limits.max_connections) return;
  std::shared_ptr<Session> idle;
  std::shared_ptr<Session> reading;
  for (auto it = sessions.begin(); it != sessions.end();) {
    std::shared_ptr<Session> session = it->lock();
    if (!session || session->state() == Session::State::closed) {
      it = sessions.erase(it);
      continue;
    }
    if (session->state() == Session::State::idle && (!idle || session->since() < idle->since())) {
      idle = session;
    } else if (session->state() == Session::State::reading &&
               (!reading || session->since() < reading->since())) {
      reading = session;
    }
    ++it;
  }
  if (idle) {
    idle->close();
  } else if (reading) {
    reading->close();
  }
}

bool HttpServer::Impl::evict_stalled_writers() {
  const Clock::time_point began_before = Clock::now() - kStalledWrite;
  while (pending_bytes.load() >= options.limits.max_pending_response_bytes) {
    std::shared_ptr<Session> oldest;
    for (const std::weak_ptr<Session>& weak : sessions) {
      std::shared_ptr<Session> session = weak.lock();
      if (session && session->state() == Session::State::writing &&
          session->since() <= began_before && (!oldest || session->since() < oldest->since())) {
        oldest = session;
      }
    }
    if (!oldest) return false;
    oldest->close();
    evicted_writers.fetch_add(1);
  }
  return true;
}

void HttpServer::Impl::begin_drain() {
  if (draining) return;
  draining = true;
  drain_deadline = Clock::now() + options.limits.drain_timeout;
  beast::error_code ignored;
  acceptor.close(ignored);
  timer.cancel();
  for (const std::weak_ptr<Session>& weak : sessions) {
    if (std::shared_ptr<Session> session = weak.lock()) {
      if (session->state() == Session::State::idle || session->state() == Session::State::reading) {
        session->close();
      }
    }
  }
  poll_drain();
}

void HttpServer::Impl::poll_drain() {
  if (live.load() == 0 || Clock::now() >= drain_deadline) {
    ioc.stop();
    return;
  }
  timer.expires_after(kDrainPoll);
  timer.async_wait([this](beast::error_code) { poll_drain(); });
}

HttpServer::HttpServer(HttpServerOptions options, std::vector<Route> routes)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(routes))) {}

HttpServer::~HttpServer() { impl_->pool.shutdown(); }

int HttpServer::bind() {
  Impl& impl = *impl_;
  const std::string& host = impl.options.host;
  try {
    tcp::resolver resolver(impl.ioc);
    const auto results = resolver.resolve(host, std::to_string(impl.options.port),
                                          tcp::resolver::passive | tcp::resolver::numeric_service);
    if (results.empty()) throw boost::system::system_error(net::error::host_not_found);
    const tcp::endpoint endpoint = results.begin()->endpoint();
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen(net::socket_base::max_listen_connections);
    impl.port = impl.acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw Error(fmt::format("cannot listen on {} port {} ({})", host, impl.options.port,
                            e.code().message()));
  }
  return impl.port;
}

void HttpServer::run() {
  impl_->accept();
  impl_->ioc.run();
  impl_->pool.shutdown();  // drops the requests not started; waits for the running searches
}

HttpCounters HttpServer::counters() const {
  HttpCounters counters;
  counters.queue_depth = impl_->pool.waiting();
  counters.open_connections = impl_->live.load();
  counters.rejected_queue_full = impl_->rejected_queue_full.load();
  counters.rejected_client_share = impl_->rejected_client_share.load();
  counters.rejected_memory = impl_->rejected_memory.load();
  counters.rejected_connections = impl_->rejected_connections.load();
  counters.evicted_writers = impl_->evicted_writers.load();
  return counters;
}

void HttpServer::stop() {
  net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_drain(); });
}

std::optional<IpRange> parse_ip_range(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::optional<net::ip::address> address = address_of(text.substr(0, slash));
  if (!address) return std::nullopt;
  const unsigned width = address->is_v4() ? 32 : 128;
  unsigned prefix = width;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    prefix = static_cast<unsigned>(std::stoul(std::string(digits)));
    if (prefix > width) return std::nullopt;
  }
  IpRange range;
  const net::ip::address_v6::bytes_type bytes = mapped_bytes(*address);
  std::copy(bytes.begin(), bytes.end(), range.bytes.begin());
  range.prefix = address->is_v4() ? prefix + 96 : prefix;
  return range;
}

std::string forwarded_client(std::string_view peer,
                             const std::vector<std::string_view>& forwarded_for,
                             const std::vector<IpRange>& trusted_ranges) {
  const std::optional<net::ip::address> peer_address = address_of(peer);
  if (!peer_address || !trusted(*peer_address, trusted_ranges)) return std::string(peer);
  std::optional<net::ip::address> leftmost;
  // Right to left: the header's lines in reverse order, each line's entries from its end.
  for (auto line = forwarded_for.rbegin(); line != forwarded_for.rend(); ++line) {
    std::string_view rest = *line;
    while (true) {
      const std::size_t comma = rest.rfind(',');
      const std::string_view entry =
          trim_blanks(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      const std::optional<net::ip::address> address = address_of(entry);
      if (!address) return std::string(peer);  // malformed before an untrusted address
      if (!trusted(*address, trusted_ranges)) return canonical(*address);
      leftmost = address;
      if (comma == std::string_view::npos) break;
      rest = rest.substr(0, comma);
    }
  }
  return leftmost ? canonical(*leftmost) : std::string(peer);
}

}  // namespace bahth::serve
