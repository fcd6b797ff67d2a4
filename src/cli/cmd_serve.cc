// `bahth serve`: the HTTP API and search page (src/serve).
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "options.h"
#include "serve/serve.h"

namespace bahth::cli {

void setup_serve(CLI::App& app) {
  auto options = std::make_shared<serve::ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Answer searches over HTTP: a JSON API and a search page (loopback by default)");
  add_db_paths_option(*cmd, options->db_paths,
                      "Index to serve (default: $BAHTH_DB or ./bahth-index); repeat to serve "
                      "several as one");
  cmd->add_option("--host", options->host,
                  "Address to listen on (0.0.0.0 exposes the server to the network)")
      ->capture_default_str();
  cmd->add_option("--allowed-host", options->allowed_hosts,
                  "A Host header value to answer besides the --host address and localhost, "
                  "e.g. news.example.org (repeatable; '*' answers any). Other names get 421, "
                  "against DNS rebinding; IP addresses are always answered. With --host 0.0.0.0, "
                  "name here every name clients use")
      ->allow_extra_args(false);
  cmd->add_option("--trusted-proxy", options->trusted_proxies,
                  "A reverse proxy's address or CIDR range (repeatable; IPv4 or IPv6): a "
                  "request from it counts, for the clients' fair share and the access log, to "
                  "the right-most X-Forwarded-For address that is not itself a trusted proxy "
                  "(a malformed header: to the proxy). Without it the header is ignored")
      ->allow_extra_args(false);
  add_bounded_option(*cmd, "--port", options->port, "Port to listen on; 0 picks a free one", 0,
                     65535);
  cmd->add_option("--threads", options->threads,
                  "Requests answered at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1u, 256u));
  add_bounded_option(*cmd, "--max-connections", options->max_connections,
                     "Connections open at once; at the cap idle ones are closed first",
                     std::size_t{1}, std::size_t{100'000});
  add_bounded_option(*cmd, "--answer-memory", options->answer_memory,
                     "Bytes of answers being written at once; beyond, the connections that left "
                     "theirs unread for a second are closed, oldest first, else requests get 503",
                     std::size_t{1} << 16, std::size_t{1} << 34);
  add_bounded_option(*cmd, "--queue", options->queue_limit,
                     "Requests that may wait for a worker before requests get 503", 1, 100'000);
  add_bounded_option(*cmd, "--client-queue", options->client_queue,
                     "Requests of one client (IP address, IPv6 /64, or key) that may wait for a "
                     "worker before its requests get 429 with Retry-After; the workers take the "
                     "client that used them least lately first",
                     1, 100'000);
  cmd->add_option("--client-workers", options->client_workers,
                  "Workers one client's requests may hold at once (default: half of --threads, "
                  "at least 1), so one client's flood leaves workers for the others; give "
                  "--threads for a server with one user")
      ->check(CLI::Range(1u, 256u));
  add_bounded_option(*cmd, "--time-budget", options->time_budget_seconds,
                     "Seconds a search may take to build its query and match before it ranks "
                     "what it has seen",
                     0.01, 600.0);
  cmd->add_option("--keys", options->keys_file,
                  "Key file: lines 'search KEY', 'write KEY', 'metrics KEY' (keys of 16+ "
                  "characters). With a search key every search and page needs one "
                  "(Authorization: Bearer KEY, or ?key=KEY on a page): 401 without, 403 wrong")
      ->allow_extra_args(false);
  cmd->add_option("--cors-origin", options->cors_origins,
                  "An origin whose pages may call the API from a browser, e.g. "
                  "https://news.example.org (repeatable; '*' any, refused with --keys)")
      ->allow_extra_args(false);
  cmd->add_option("--access-log", options->access_log,
                  "Where the access log goes, one JSON line per request: '-' standard error, "
                  "'off' nowhere, or a file appended to")
      ->capture_default_str();
  add_choice_option(*cmd, "--metrics", options->metrics,
                    "GET /metrics in Prometheus' text format: on, off, or key (needs a metrics or "
                    "write key)",
                    {"on", "off", "key"});
  add_bounded_option(*cmd, "--max-write-body", options->max_write_body,
                     "Bytes a write (PUT or POST /api/articles) may send; larger: 413, refused "
                     "on its Content-Length before the body is read",
                     1024, std::size_t{1} << 30);
  add_bounded_option(*cmd, "--commit-every", options->commit_every,
                     "Writes commit in batches: once a batch holds this many changes...", 1,
                     1'000'000);
  add_bounded_option(*cmd, "--commit-interval", options->commit_interval_ms,
                     "...or this many milliseconds after its first change, whichever comes first",
                     0, 60'000);
  add_bounded_option(*cmd, "--write-queue", options->write_queue,
                     "Changes that may wait for the writer before writes get 503 (Retry-After)", 1,
                     10'000'000);
  cmd->footer(
      "Writes are on when the --keys file has a 'write KEY' line: the server then holds the "
      "index for writing as long as it runs (its one writer), and 'bahth index', 'delete' and "
      "'compact' on that index are refused with a message naming it. Without a write key the "
      "write routes answer 403 writes_disabled. See docs/serve.md.");
  cmd->callback([options] {
    default_db_if_none(options->db_paths);
    serve::serve_until_signal(*options);
  });
}

}  // namespace bahth::cli
