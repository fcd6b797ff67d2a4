// `bahth serve`: one process holding the index open, answering a JSON API and a search page over
// HTTP (http_server.h, on Boost.Beast). Bounded everywhere: request size and time, connections,
// a time budget per search, a fixed pool of workers with a bounded queue, the drain on stop; it
// sees what `bahth index` commits. With a write key it takes writes too (article_writer.h), and
// is then the index's only writer for as long as it runs.
#ifndef BAHTH_SERVE_SERVE_H_
#define BAHTH_SERVE_SERVE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bahth/non_copyable.h"

namespace bahth::serve {

struct ServeOptions {
  std::vector<std::string> db_paths;
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (the one chosen is printed)
  unsigned threads = 0;            // workers; 0: the machine's hardware threads (at least 2)
  // Requests waiting for a worker beyond which requests are answered 503 at once.
  std::size_t queue_limit = 256;
  // Requests of one client (address, IPv6 /64, or key) waiting for a worker beyond which its
  // requests get 429 with Retry-After; the workers serve the client that used them least first.
  std::size_t client_queue = 32;
  // Workers one client's requests may hold at once; 0: half the workers (at least 1), so a
  // flood from one client always leaves workers for the others.
  unsigned client_workers = 0;
  // Connections open at once; at the cap the one idle longest is closed (else the slowest to send
  // its request), and when every one is being answered a new one gets 503.
  std::size_t max_connections = 512;
  std::size_t answer_memory = std::size_t{32} << 20;  // bytes of answers being written at once
  // Host header values answered besides the listening address and localhost ("*": any); an IP
  // address is always answered (DNS rebinding needs a name).
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> trusted_proxies;  // --trusted-proxy CIDR...
  double time_budget_seconds = 2.0;          // per search; matching stops and ranks what it saw
  double reopen_interval_seconds = 1.0;      // how often a worker looks for newer commits
  // A key file (`search KEY`, `write KEY`, `metrics KEY` lines); empty: no keys, all open.
  std::string keys_file;
  // Origins whose pages may call the server from a browser (CORS); "*": any (only without keys).
  std::vector<std::string> cors_origins;
  // Where the access log goes: "-" standard error, "off" nowhere, else a file appended to.
  std::string access_log = "-";
  // GET /metrics: "on" (open), "off" (404), "key" (a metrics or write key needed).
  std::string metrics = "on";
  // Writes (PUT, POST and DELETE /api/articles), on when the key file has a write key:
  // the largest body a write may send (others: 8 KiB);
  std::size_t max_write_body = std::size_t{8} << 20;
  // a batch is committed once it holds this many changes, or this long after its first one;
  std::size_t commit_every = 1000;
  unsigned commit_interval_ms = 100;
  // changes that may wait for the writer before writes get 503;
  std::size_t write_queue = 10'000;
  // tasks remembered for GET /api/tasks/ID (the oldest forgotten first).
  std::size_t task_limit = 10'000;
};

/// An HTTP server over the indexes of `options.db_paths`.
class Server : NonCopyable {
 public:
  /// Opens the indexes once (so a bad --db fails here, not on the first request). Throws
  /// IndexError naming the path, UsageError for bad options.
  explicit Server(const ServeOptions& options);
  ~Server();

  /// Binds the listening socket; returns the port (the chosen one when options.port is 0).
  /// Throws Error when the address cannot be bound.
  int bind();
  /// Serves until stop(). REQUIRES: bind() succeeded.
  void run();
  /// Stops accepting and closes idle connections; run() returns once the requests under way are
  /// answered, or after a drain time of 5 s, whichever comes first, and once every write
  /// accepted is committed.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Binds, prints "listening on http://HOST:PORT/" on standard output, and serves until SIGINT
/// or SIGTERM.
void serve_until_signal(const ServeOptions& options);

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_SERVE_H_
