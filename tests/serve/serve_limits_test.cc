// `bahth serve` against hostile clients (issue 25): oversized and flooded headers, multi-range
// requests, pipelining, slow clients holding connections, SIGTERM while they trickle, foreign Host
// headers, and the server's peak memory through all of it. Raw sockets on loopback; every wait
// is bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/indexed_suite.h"
#include "gtest/gtest.h"
#include "serve/server_process.h"

namespace bahth::testing {
namespace serve_limits_test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One client connection on loopback.
class Connection {
 public:
  // receive_buffer > 0: the socket's receive buffer, set before connecting (a client that reads
  // slowly, or not at all, and lets little pile up on its side).
  // source: the loopback address it connects from (127.0.0.2 is another client to the server).
  explicit Connection(int port, int receive_buffer = 0, const char* source = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ >= 0 && receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    if (fd_ >= 0 && source != nullptr) {
      sockaddr_in from{};
      from.sin_family = AF_INET;
      ::inet_pton(AF_INET, source, &from.sin_addr);
      if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) close();
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close();
    }
  }
  ~Connection() { close(); }
  Connection(Connection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection& operator=(Connection&&) = delete;

  bool open() const { return fd_ >= 0; }

  /// Sends all of `data`; false once the server has closed or reset the connection.
  bool send(const std::string& data) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
  }

  /// What the server sends until it closes the connection, or `timeout` passes.
  std::string read_all(milliseconds timeout) {
    std::string out;
    const auto deadline = Clock::now() + timeout;
    while (fd_ >= 0 && Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      out.append(chunk, static_cast<std::size_t>(n));
    }
    return out;
  }

  /// Reads until `text` has arrived (or the connection ends, or `timeout`).
  std::string read_until(const std::string& text, milliseconds timeout) {
    std::string out;
    const auto deadline = Clock::now() + timeout;
    while (fd_ >= 0 && Clock::now() < deadline && out.find(text) == std::string::npos) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      out.append(chunk, static_cast<std::size_t>(n));
    }
    return out;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::string get(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

// The status line's code of the first response in `answer` (0 when there is none).
int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

// The server's peak resident memory so far, in MiB (VmHWM).
[[maybe_unused]] long peak_rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

// The peak memory bound under floods (issue 25: below 100 MB). Not checked under ASan, whose
// quarantine keeps freed memory resident.
void expect_peak_rss_bounded(pid_t pid) {
#if defined(__SANITIZE_ADDRESS__)
  (void)pid;
#else
  const long peak = peak_rss_mib(pid);
  if (peak >= 0) {
    EXPECT_LT(peak, 100) << "peak RSS in MiB";
  }
#endif
}

// Time for one new client's /healthz, answered or not (then the bound).
milliseconds healthz_time(int port, milliseconds bound, int* status) {
  const auto start = Clock::now();
  Connection client(port);
  client.send(get("/healthz", "Connection: close\r\n"));
  *status = status_of(client.read_until("\r\n\r\nok\n", bound));
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

const std::string kSyria = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";  // سوريا

// A small index of its own (each test is its own process under CTest, so it is built per test).
class ServeLimitsTest : public IndexedSuite {
 protected:
  static void SetUpTestSuite() {
    const std::string articles = path("articles.jsonl");
    std::ofstream out(articles);
    // One article of 8 MB, whose answer no socket buffer holds whole.
    out << R"({"id": "big", "title": "كبير", "body": ")";
    for (int i = 0; i < 160'000; ++i) out << "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw ";
    out << "\"}\n";
    for (int i = 0; i < 40; ++i) {
      out << R"({"id": "t/)" << i << R"(", "title": "سوريا خبر )" << i
          << R"(", "date": "2018-05-01", "section": "news", "body": "خبر عن سوريا والعالم رقم )"
          << i << R"("})"
          << "\n";
    }
    out.close();
    index_once({articles});
  }
};

// A header line longer than the cap is refused 431 once the cap is read, before the rest is
// buffered; a request line over 8 KiB gets 414; many 8 KB header lines get 431.
TEST_F(ServeLimitsTest, OversizedHeadersAreRefusedWhileRead) {
  ServerProcess server({"--db", db(), "--threads", "2"});
  {
    Connection client(server.port());
    client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ");
    // A 64 MiB line without a newline: the server answers after its cap and closes, so the
    // sending fails long before the end.
    const std::string block(1 << 20, 'a');
    for (int i = 0; i < 64 && client.send(block); ++i) {
    }
    EXPECT_EQ(status_of(client.read_all(milliseconds(3000))), 431);
  }
  {
    Connection client(server.port());
    const std::string line(8 * 1024, 'a');
    client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i < 4096 && client.send("X-Flood: " + line + "\r\n"); ++i) {
    }
    EXPECT_EQ(status_of(client.read_all(milliseconds(3000))), 431);
  }
  {
    Connection client(server.port());
    std::string many;
    for (int i = 0; i < 150; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
    client.send(get("/healthz", many));
    EXPECT_EQ(status_of(client.read_all(milliseconds(3000))), 431);
  }
  {
    Connection client(server.port());
    client.send(get("/healthz?" + std::string(10 * 1024, 'a')));
    EXPECT_EQ(status_of(client.read_all(milliseconds(3000))), 414);
  }
  expect_peak_rss_bounded(server.pid());
}

// A request for 150 ranges of a large answer gets the whole answer once, never a multipart one.
TEST_F(ServeLimitsTest, MultiRangeRequestsGetTheWholeBodyOnce) {
  ServerProcess server({"--db", db(), "--threads", "2"});
  std::string ranges = "Range: bytes=0-";
  for (int i = 0; i < 149; ++i) ranges += ",0-";
  Connection client(server.port());
  client.send(get("/api/search?q=" + kSyria + "&limit=100", ranges + "\r\nConnection: close\r\n"));
  const std::string answer = client.read_all(milliseconds(10'000));
  EXPECT_EQ(status_of(answer), 200);
  EXPECT_EQ(answer.find("multipart/byteranges"), std::string::npos);
  const std::size_t body = answer.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(answer.substr(body + 4)));
  // The same on 20 connections at once.
  std::vector<Connection> flood;
  for (int i = 0; i < 20; ++i) {
    flood.emplace_back(server.port());
    flood.back().send(
        get("/api/search?q=" + kSyria + "&limit=100", ranges + "\r\nConnection: close\r\n"));
  }
  for (Connection& c : flood) EXPECT_EQ(status_of(c.read_all(milliseconds(10'000))), 200);
  expect_peak_rss_bounded(server.pid());
}

// Three requests in one write get three answers, in order.
TEST_F(ServeLimitsTest, PipelinedRequestsAreAnsweredInOrder) {
  ServerProcess server({"--db", db(), "--threads", "2"});
  Connection client(server.port());
  client.send(get("/api/stats") + get("/healthz") +
              get("/static/bahth.css", "Connection: close\r\n"));
  const std::string answer = client.read_all(milliseconds(10'000));
  const std::size_t json = answer.find("Content-Type: application/json");
  const std::size_t text = answer.find("Content-Type: text/plain");
  const std::size_t css = answer.find("Content-Type: text/css");
  ASSERT_NE(json, std::string::npos) << answer.substr(0, 500);
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(css, std::string::npos);
  EXPECT_LT(json, text);
  EXPECT_LT(text, css);
}

// 100 connections trickling a request a byte at a time hold no worker: a new client's /healthz is
// answered within 1 s throughout. Then, with more connections than the cap, the oldest slow ones
// are closed to make room.
TEST_F(ServeLimitsTest, SlowClientsDoNotStarveOthers) {
  ServerProcess server({"--db", db(), "--threads", "2", "--max-connections", "150"});
  std::vector<Connection> slow;
  for (int i = 0; i < 100; ++i) {
    slow.emplace_back(server.port());
    slow.back().send("GET /healthz HTTP/1.1\r\n");
  }
  const std::string trickle = "X-Slow: aaaaaaaa";
  for (std::size_t round = 0; round < trickle.size() / 4; ++round) {  // about 2 s in all
    for (Connection& c : slow) c.send(trickle.substr(round, 1));
    int status = 0;
    const milliseconds took = healthz_time(server.port(), milliseconds(1000), &status);
    EXPECT_EQ(status, 200) << "round " << round;
    EXPECT_LT(took.count(), 1000) << "round " << round;
    std::this_thread::sleep_for(milliseconds(400));
  }
  // 100 more slow connections: beyond the cap of 150, the oldest slow ones make room.
  for (int i = 0; i < 100; ++i) {
    slow.emplace_back(server.port());
    slow.back().send("GET /healthz HTTP/1.1\r\n");
  }
  int status = 0;
  EXPECT_LT(healthz_time(server.port(), milliseconds(1000), &status).count(), 1000);
  EXPECT_EQ(status, 200);
  expect_peak_rss_bounded(server.pid());
}

// A client that asks for a large answer and never reads it held the answers' memory until its
// write timed out (10 s), and every other request got 503 meanwhile. Now, with the memory full,
// an answer left unread for a second is cut off and the others are answered.
TEST_F(ServeLimitsTest, AnUnreadAnswerMakesWayForOtherClients) {
  ServerProcess server({"--db", db(), "--threads", "2", "--answer-memory", "1000000"});
  Connection stalled(server.port(), 4096);
  stalled.send(get("/api/article/big"));
  // The bounds on the waits below only end a hang: at load 30 under ASan the 8 MB answer's head
  // took more than the 10 s this allowed (bench/HISTORY.md, citime3). Nothing here is timed.
  const std::string head = stalled.read_until("\r\n\r\n", milliseconds(120'000));
  ASSERT_EQ(status_of(head), 200) << head.substr(0, 200);
  // Past the second an unread answer is given (the answer is 8 MB: it is still being written).
  // Not a race under load: the server's clock for it started before it sent the head.
  std::this_thread::sleep_for(milliseconds(1500));
  Connection other(server.port());
  other.send(get("/api/stats", "Connection: close\r\n"));
  const std::string answer = other.read_until("\r\n\r\n", milliseconds(60'000));
  EXPECT_EQ(status_of(answer), 200) << answer.substr(0, 300);
  // The unread answer's connection was closed: what is left of it ends before the answer does.
  const std::size_t length_at = head.find("Content-Length: ");
  ASSERT_NE(length_at, std::string::npos) << head.substr(0, 300);
  const std::size_t length = std::stoul(head.substr(length_at + 16));
  const std::string rest = stalled.read_all(milliseconds(60'000));
  EXPECT_LT(head.size() - (head.find("\r\n\r\n") + 4) + rest.size(), length);
}

// One client (one address) sending many costly requests at once gets 429 with Retry-After for
// those beyond its share of the queue (--client-queue), and never fills the queue against
// another client: a second address's request, sent while the flood waits, is answered 200.
// (Before, the flood filled --queue and the second client got 503.) Each round sends the flood
// while the one worker writes an 8 MB article; a round counts once the flood was refused, which
// shows its requests waited together.
TEST_F(ServeLimitsTest, AFloodingClientIsRefusedItsExcessAndOthersAreServed) {
  ServerProcess server({"--db", db(), "--threads", "1", "--queue", "8", "--client-queue", "3"});
  const std::string costly =
      get("/api/search?q=" + kSyria + "&limit=1000&explain=1&facets=1", "Connection: close\r\n");
  bool flood_refused = false;
  for (int round = 0; round < 20 && !flood_refused; ++round) {
    std::vector<Connection> flood;
    flood.emplace_back(server.port());
    flood.back().send(get("/api/article/big", "Connection: close\r\n"));
    for (int i = 0; i < 30; ++i) {
      flood.emplace_back(server.port());
      flood.back().send(costly);
    }
    Connection polite(server.port(), 0, "127.0.0.2");
    ASSERT_TRUE(polite.open());
    polite.send(get("/api/search?q=" + kSyria, "Connection: close\r\n"));
    int too_many = 0;
    int unavailable = 0;
    for (Connection& client : flood) {
      const std::string answer = client.read_all(milliseconds(20'000));
      const int status = status_of(answer);
      if (status == 429) {
        ++too_many;
        EXPECT_NE(answer.find("\r\nRetry-After: "), std::string::npos) << answer.substr(0, 300);
        EXPECT_NE(answer.find("too_many_requests"), std::string::npos) << answer.substr(0, 300);
      }
      unavailable += status == 503 ? 1 : 0;
    }
    const std::string answer = polite.read_all(milliseconds(20'000));
    if (too_many == 0) continue;  // the worker kept up: nothing waited, nothing shown
    flood_refused = true;
    EXPECT_EQ(status_of(answer), 200) << answer.substr(0, 300);
    EXPECT_EQ(unavailable, 0) << "the flood filled the queue";
  }
  EXPECT_TRUE(flood_refused) << "the flood's requests never waited together";
  Connection metrics(server.port());
  metrics.send(get("/metrics", "Connection: close\r\n"));
  const std::string text = metrics.read_all(milliseconds(5000));
  EXPECT_NE(text.find("bahth_rejected_requests_total{reason=\"client_share\"} "),
            std::string::npos);
  expect_peak_rss_bounded(server.pid());
}

// One round of a flood (as above): while the one worker writes an 8 MB article, 30 costly
// requests from `flood_source`, the i-th with the header lines `flood_header(i)`, and one from
// `polite_source` with `polite_header`.
struct FloodRound {
  int too_many = 0;     // the flood's 429s
  int unavailable = 0;  // the flood's 503s
  int polite_status = 0;
};

FloodRound flood_round(int port, const char* flood_source,
                       const std::function<std::string(int)>& flood_header,
                       const char* polite_source, const std::string& polite_header) {
  FloodRound round;
  std::vector<Connection> flood;
  flood.emplace_back(port, 0, flood_source);
  flood.back().send(get("/api/article/big", "Connection: close\r\n"));
  for (int i = 0; i < 30; ++i) {
    flood.emplace_back(port, 0, flood_source);
    flood.back().send(get("/api/search?q=" + kSyria + "&limit=1000&explain=1&facets=1",
                          flood_header(i) + "Connection: close\r\n"));
  }
  Connection polite(port, 0, polite_source);
  polite.send(get("/api/search?q=" + kSyria, polite_header + "Connection: close\r\n"));
  for (Connection& client : flood) {
    const int status = status_of(client.read_all(milliseconds(20'000)));
    round.too_many += status == 429 ? 1 : 0;
    round.unavailable += status == 503 ? 1 : 0;
  }
  round.polite_status = status_of(polite.read_all(milliseconds(20'000)));
  return round;
}

// Behind a trusted proxy (--trusted-proxy) two users are two clients: one's flood, sent through
// the proxy, is refused its excess while the other's request, through the same proxy (the same
// peer address), is answered 200. The client is the right-most X-Forwarded-For address that is
// not itself a trusted proxy. A peer not trusted names no client: its requests, each naming
// another client, count to its own address, and its flood is refused its excess all the same.
TEST_F(ServeLimitsTest, ClientsBehindATrustedProxyAreCountedApart) {
  ServerProcess server({"--db", db(), "--threads", "1", "--queue", "8", "--client-queue", "3",
                        "--trusted-proxy", "127.0.0.0/30", "--trusted-proxy", "::1"});
  bool shown = false;
  for (int round = 0; round < 20 && !shown; ++round) {
    const FloodRound r = flood_round(
        server.port(), "127.0.0.1",
        [](int) { return std::string("X-Forwarded-For: 198.51.100.7, 127.0.0.2\r\n"); },
        "127.0.0.1", "X-Forwarded-For: 198.51.100.8\r\n");
    if (r.too_many == 0) continue;  // the worker kept up: nothing waited, nothing shown
    shown = true;
    EXPECT_EQ(r.polite_status, 200);
    EXPECT_EQ(r.unavailable, 0) << "the flood filled the queue";
  }
  EXPECT_TRUE(shown) << "the flood's requests never waited together";
  bool refused = false;
  for (int round = 0; round < 20 && !refused; ++round) {
    const FloodRound r = flood_round(
        server.port(), "127.0.0.5",
        [](int i) { return "X-Forwarded-For: 203.0.113." + std::to_string(i + 1) + "\r\n"; },
        "127.0.0.6", "");
    refused = r.too_many > 0;
  }
  EXPECT_TRUE(refused) << "an untrusted peer's X-Forwarded-For split its flood into clients";
}

// SIGTERM closes at once the connections whose requests are still arriving: clients trickling
// bytes of requests that never end do not hold the stop, and the server exits 0. The server's
// only time bound at a stop is the drain time (5 s), for answers under way; half-read requests
// are not waited for. Timing the stop cannot tell: the request deadline is 5 s too (a server
// that kept them would answer them 408 and close them within the drain time), and the exit
// after the drain (Xapian closing its tables; with ASan, the leak check) is slowed by seconds
// under load, which made a bound on the whole stop (6 s) fail while a server holding them would
// pass it. So each client must see its connection closed with no answer (not a 408 at its
// deadline), and within the drain time, counted from the signal to the close each client sees.
// About 0.5 s.
TEST_F(ServeLimitsTest, SigtermClosesTricklingClientsWithoutWaiting) {
  ServerProcess server({"--db", db(), "--threads", "2"});
  std::vector<Connection> slow;
  for (int i = 0; i < 10; ++i) {
    slow.emplace_back(server.port());
    ASSERT_TRUE(slow.back().send("GET /healthz HTTP/1.1\r\nX-Slow: "));
  }
  std::atomic<bool> stopped{false};
  std::thread trickler([&] {
    while (!stopped.load()) {
      for (Connection& c : slow) c.send("a");
      std::this_thread::sleep_for(milliseconds(300));
    }
  });
  std::this_thread::sleep_for(milliseconds(300));
  const auto start = Clock::now();
  ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
  // Each connection read until the server closes (or resets) it, for as long as a hang allows
  // under any load.
  const auto hang = start + std::chrono::seconds(120);
  std::vector<std::string> answers;
  for (Connection& c : slow) {
    answers.push_back(c.read_all(std::chrono::duration_cast<milliseconds>(hang - Clock::now())));
  }
  const auto closed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  stopped = true;
  trickler.join();
  EXPECT_EQ(server.stop_with(0), 0);  // it ends, however long its exit takes
  // A 408 at the request's deadline, from a server that kept the request.
  std::string first_answer;
  for (const std::string& answer : answers) {
    if (first_answer.empty()) first_answer = answer;
  }
  EXPECT_EQ(first_answer, "") << "a half-read request was kept until its deadline";
  EXPECT_LT(closed.count(), 5000) << "the trickling clients were held to the drain time";
}

// A Host naming another site (DNS rebinding) is refused 421; localhost, the address and names
// given with --allowed-host are answered.
TEST_F(ServeLimitsTest, ForeignHostHeadersAreRefused) {
  ServerProcess server({"--db", db(), "--threads", "2", "--allowed-host", "News.Example.org"});
  const std::string port = std::to_string(server.port());
  const auto status_for = [&](const std::string& host) {
    Connection client(server.port());
    client.send("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    return status_of(client.read_all(milliseconds(3000)));
  };
  EXPECT_EQ(status_for("attacker.example"), 421);
  EXPECT_EQ(status_for("attacker.example:" + port), 421);
  EXPECT_EQ(status_for("localhost.attacker.example"), 421);
  EXPECT_EQ(status_for("localhost:1"), 421);
  EXPECT_EQ(status_for("localhost"), 200);
  EXPECT_EQ(status_for("localhost:" + port), 200);
  EXPECT_EQ(status_for("127.0.0.1:" + port), 200);
  EXPECT_EQ(status_for("news.example.org"), 200);
  Connection no_host(server.port());
  no_host.send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(no_host.read_all(milliseconds(3000))), 400);
}

// A body sent as fast as the server reads it is held to the request deadline (5 s) too: 1-byte
// chunks with 4 KB extensions stay under the body limit for ever (8 MiB of body is 2,000 chunks
// of wire for each byte), and Beast's stream timer never fired while every read completed at
// once (1.5 GB read in 12 s, on and on).
TEST_F(ServeLimitsTest, AChunkedBodySentAsFastAsReadEndsAtTheDeadline) {
  const std::string keys = path("write-keys");
  std::ofstream(keys) << "write write-key-0123456789abcdef\n";
  ::chmod(keys.c_str(), 0600);
  ServerProcess server({"--db", db(), "--threads", "2", "--keys", keys});
  Connection flood(server.port());
  ASSERT_TRUE(flood.send(
      "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer write-key-0123456789abcdef\r\nTransfer-Encoding: chunked\r\n\r\n"));
  std::string chunks;
  for (int i = 0; i < 100; ++i) chunks += "1;" + std::string(4000, 'e') + "\r\nx\r\n";
  const auto start = Clock::now();
  bool cut_off = false;
  while (!cut_off && Clock::now() - start < std::chrono::seconds(30)) cut_off = !flood.send(chunks);
  EXPECT_TRUE(cut_off) << "still read after 30 s";
  int status = 0;
  healthz_time(server.port(), milliseconds(3000), &status);
  EXPECT_EQ(status, 200);
}

// A request whose headers, or whose body, have not all arrived by the request deadline (5 s)
// is answered 408 with Connection: close, then the connection is closed; a connection that sent
// nothing is closed without an answer.
TEST_F(ServeLimitsTest, ARequestCutAtItsDeadlineIsAnswered408) {
  const std::string keys = path("write-keys-408");
  std::ofstream(keys) << "write write-key-0123456789abcdef\n";
  ::chmod(keys.c_str(), 0600);
  ServerProcess server({"--db", db(), "--threads", "2", "--keys", keys});
  Connection half_header(server.port());
  Connection half_body(server.port());
  Connection silent(server.port());
  ASSERT_TRUE(half_header.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: "));
  ASSERT_TRUE(half_body.send(
      "POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer write-key-0123456789abcdef\r\nContent-Type: application/x-ndjson\r\n"
      "Content-Length: 100\r\n\r\n{\"id\": \"half\""));
  for (Connection* client : {&half_header, &half_body}) {
    const std::string answer = client->read_all(milliseconds(15000));  // until the server closes
    EXPECT_EQ(status_of(answer), 408) << answer;
    EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos) << answer;
    EXPECT_NE(answer.find("request_timeout"), std::string::npos) << answer;
  }
  EXPECT_EQ(silent.read_all(milliseconds(15000)), "");
  int status = 0;
  healthz_time(server.port(), milliseconds(3000), &status);
  EXPECT_EQ(status, 200);
}

// Clients see the index's name, never where it lies on disk.
TEST_F(ServeLimitsTest, StatsShowNoAbsolutePath) {
  ServerProcess server({"--db", db(), "--threads", "2"});
  Connection client(server.port());
  client.send(get("/api/stats", "Connection: close\r\n"));
  const std::string answer = client.read_all(milliseconds(10'000));
  EXPECT_EQ(status_of(answer), 200);
  EXPECT_EQ(answer.find(db()), std::string::npos);
  const std::size_t body = answer.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(answer.substr(body + 4))["db"], "db");
}

}  // namespace
}  // namespace serve_limits_test
}  // namespace bahth::testing
