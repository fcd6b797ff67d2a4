// A remote shard that stalls in mid-search: it answers the opening of the database, then never
// answers the search. The search fails after about --remote-timeout, naming the shard, and
// --allow-partial leaves it out (it failed, unnamed, after four timeouts, even with
// --allow-partial).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "cli/tcp_server.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_remote_stall_test {
namespace {

using testing::contains;
using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

// Xapian 1.4's remote protocol: the client's MSG_QUERY (message_type in remoteprotocol.h), sent
// when a search starts, after the opening and the metadata reads.
constexpr unsigned char kMsgQuery = 8;

// Forwards connections to `target_port` on 127.0.0.1 byte for byte, following the frames the
// client sends (a type byte, a length as Xapian encodes it, the payload); from the first
// MSG_QUERY on it forwards nothing more either way and keeps the connection open: a server that
// stopped answering in mid-search. Connections are served one at a time (testing::FakeServer),
// each until it closes.
class StallingProxy {
 public:
  explicit StallingProxy(unsigned target_port)
      : target_port_(target_port),
        server_([this](int client, const testing::FakeServer& server) { proxy(client, server); }) {}

  bool ok() const { return server_.ok(); }
  std::string address() const { return server_.address(); }

 private:
  void proxy(int client, const testing::FakeServer& listener) {
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    target.sin_port = htons(static_cast<std::uint16_t>(target_port_));
    if (server >= 0 &&
        ::connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0) {
      relay(client, server, listener);
    }
    if (server >= 0) ::close(server);
  }

  static void relay(int client, int server, const testing::FakeServer& listener) {
    ClientFrames frames;
    bool stalled = false;
    char buffer[65536];
    while (!listener.stopping()) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, static_cast<short>(stalled ? 0 : POLLIN), 0}};
      if (!listener.wait(fds, 2)) return;
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) return;  // the client hung up
        if (stalled) continue;
        std::size_t pass = static_cast<std::size_t>(n);
        if (frames.query_at(buffer, pass)) stalled = true;
        if (pass > 0 && ::write(server, buffer, pass) != static_cast<ssize_t>(pass)) return;
      }
      if (!stalled && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t n = ::read(server, buffer, sizeof buffer);
        if (n <= 0 || ::write(client, buffer, static_cast<std::size_t>(n)) != n) return;
      }
    }
  }

  // Follows the client's frames; query_at cuts `size` to the bytes before a MSG_QUERY frame.
  struct ClientFrames {
    enum class State { type, length, length_more, payload } state = State::type;
    std::uint64_t length = 0;
    unsigned shift = 0;
    std::uint64_t remaining = 0;

    bool query_at(const char* data, std::size_t& size) {
      for (std::size_t at = 0; at < size; ++at) {
        const auto byte = static_cast<unsigned char>(data[at]);
        switch (state) {
          case State::type:
            if (byte == kMsgQuery) {
              size = at;
              return true;
            }
            state = State::length;
            break;
          case State::length:
            if (byte != 0xff) {
              start_payload(byte);
            } else {
              length = 0;
              shift = 0;
              state = State::length_more;
            }
            break;
          case State::length_more:
            length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            shift += 7;
            if ((byte & 0x80) != 0) start_payload(length + 255);
            break;
          case State::payload:
            if (--remaining == 0) state = State::type;
            break;
        }
      }
      return false;
    }

    void start_payload(std::uint64_t bytes) {
      remaining = bytes;
      state = bytes == 0 ? State::type : State::payload;
    }
  };

  unsigned target_port_;
  testing::FakeServer server_;  // last: its thread uses the members above
};

class CliRemoteStall : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::have_xapian_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv (xapian-tools) missing";
    testing::index_cached(local(),
                          {{"index", "-q", "--db", local(), "--shards", "2", kBundledSample}});
    if (HasFatalFailure()) return;
    server_ = std::make_unique<testing::TcpServer>(local() + "/shard-1");
    ASSERT_TRUE(server_->ok()) << "could not start xapian-tcpsrv";
    proxy_ = std::make_unique<StallingProxy>(server_->port());
    ASSERT_TRUE(proxy_->ok());
    std::ofstream(stub()) << "auto " << local() << "/shard-0\nremote " << proxy_->address() << '\n';
  }

  std::string local() const { return dir_ / "local"; }
  std::string stub() const { return dir_ / "stalling.stub"; }

  TempDir dir_;
  std::unique_ptr<testing::TcpServer> server_;
  std::unique_ptr<StallingProxy> proxy_;
};

TEST_F(CliRemoteStall, AShardThatStallsInMidSearchIsNamedAfterOneTimeout) {
  const auto started = std::chrono::steady_clock::now();
  const auto failed =
      run_bahth({"search", "--db", stub(), "--remote-timeout", "1000", "--duplicates", "سوريا"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_TRUE(contains(failed.err, "shard " + proxy_->address() + " stopped answering"))
      << failed.err;
  std::cout << "a search against the stalling shard failed after " << seconds << " s\n";

  const auto partial = run_bahth({"search", "--db", stub(), "--remote-timeout", "1000",
                                  "--allow-partial", "--json", "--duplicates", "سوريا"});
  ASSERT_EQ(partial.exit_code, 0) << partial.err;
  const auto json = nlohmann::json::parse(partial.out);
  EXPECT_EQ(json["partial"], true);
  EXPECT_EQ(json["unreachable"], nlohmann::json::array({proxy_->address()}));
}

}  // namespace
}  // namespace cli_remote_stall_test
}  // namespace bahth
