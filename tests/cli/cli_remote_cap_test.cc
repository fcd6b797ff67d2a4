// The cap on remote messages: a server that announces a 2 GB message costs bahth a few bytes of
// relay buffer, not the gigabytes Xapian's client would hold; the shard is named like an
// unreachable one, and --allow-partial leaves it out. A small cap set with --remote-max-message
// trips on a real xapian-tcpsrv in mid-search, where the reopen path names it or leaves it out.
#include <sys/socket.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/cached_index.h"
#include "cli/rankings.h"
#include "cli/run_bahth.h"
#include "cli/tcp_server.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_remote_cap_test {
namespace {

using testing::contains;
using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

constexpr std::uint64_t kAnnounced = std::uint64_t{2} << 30;  // 2 GiB
// What the hostile server streams of it at most: enough that a client holding it shows
// (Xapian 1.4's alone holds 512 MiB), little enough not to strain a test machine.
constexpr std::uint64_t kStreamed = std::uint64_t{512} << 20;
constexpr long kMaxRssKb = 200 * 1024;

// A frame header of Xapian 1.4's remote protocol: a type byte and the length, 0xff then
// length - 255 in 7-bit groups, least significant first, the last with its high bit set.
std::string frame_header(char type, std::uint64_t length) {
  std::string header(1, type);
  if (length < 255) return header + static_cast<char>(length);
  header += static_cast<char>(0xff);
  std::uint64_t rest = length - 255;
  while (rest >= 0x80) {
    header += static_cast<char>(rest & 0x7f);
    rest >>= 7;
  }
  return header + static_cast<char>(rest | 0x80);
}

// A server that greets every client with a 2 GiB message, and streams it until the client
// hangs up (or kStreamed bytes).
class HostileServer {
 public:
  HostileServer() : server_(greet) {}

  std::string address() const { return server_.address(); }
  bool ok() const { return server_.ok(); }

 private:
  static void greet(int client, const testing::FakeServer& server) {
    const std::string header = frame_header(0, kAnnounced);
    ::send(client, header.data(), header.size(), MSG_NOSIGNAL);
    const std::vector<char> zeros(64 * 1024, 0);
    for (std::uint64_t sent = 0; sent < kStreamed && !server.stopping();) {
      const ssize_t n = ::send(client, zeros.data(), zeros.size(), MSG_NOSIGNAL);
      if (n <= 0) break;  // the client (or bahth's relay) hung up
      sent += static_cast<std::uint64_t>(n);
    }
  }

  testing::FakeServer server_;
};

class CliRemoteCap : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::have_xapian_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv (xapian-tools) missing";
    testing::index_cached(local(),
                          {{"index", "-q", "--db", local(), "--shards", "2", kBundledSample}});
    if (HasFatalFailure()) return;
    server_ = std::make_unique<testing::TcpServer>(local() + "/shard-1");
    ASSERT_TRUE(server_->ok()) << "could not start xapian-tcpsrv";
    ASSERT_TRUE(hostile_.ok());
  }

  std::string local() const { return dir_ / "local"; }

  // A stub listing `lines`.
  std::string stub(const std::vector<std::string>& lines) const {
    const std::string path = dir_ / "mixed.stub";
    std::ofstream out(path);
    for (const std::string& line : lines) out << line << '\n';
    return path;
  }

  // Runs `bahth ARGS` as a child: its output, and its peak memory.
  struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
    long max_rss_kb = 0;
  };
  Run run_measured(const std::vector<std::string>& args) const {
    const std::string out = dir_ / "run.out";
    const std::string err = dir_ / "run.err";
    const testing::ChildEnd end = testing::wait_child(testing::spawn_bahth(args, out, err));
    return {end.exit_code, testing::read_file(out), testing::read_file(err), end.max_rss_kb};
  }

  TempDir dir_;
  std::unique_ptr<testing::TcpServer> server_;
  HostileServer hostile_;
};

TEST_F(CliRemoteCap, AServerAnnouncingTwoGigabytesIsNamedWithoutTheMemory) {
  const std::string db = stub({"remote " + hostile_.address(), "remote " + server_->address()});
  const Run failed = run_measured({"search", "--db", db, "--remote-timeout", "5000", "سوريا"});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_TRUE(contains(failed.err, "bahth: ")) << failed.err;
  EXPECT_TRUE(contains(failed.err, "shard " + hostile_.address() + " sent a message of " +
                                       std::to_string(kAnnounced) + " bytes, over the " +
                                       std::to_string(64 << 20) +
                                       "-byte cap (--remote-max-message)"))
      << failed.err;
  EXPECT_LT(failed.max_rss_kb, kMaxRssKb) << "peak memory (KiB) of bahth search";
  std::cout << "peak memory of bahth search against the hostile server: " << failed.max_rss_kb
            << " KiB\n";

  const Run partial = run_measured({"search", "--db", db, "--remote-timeout", "5000",
                                    "--allow-partial", "--json", "--duplicates", "سوريا"});
  ASSERT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_LT(partial.max_rss_kb, kMaxRssKb) << "peak memory (KiB) of bahth search";
  const auto json = nlohmann::json::parse(partial.out);
  EXPECT_EQ(json["partial"], true);
  EXPECT_EQ(json["unreachable"], nlohmann::json::array({hostile_.address()}));
  // What is left is what the real server's shard holds.
  EXPECT_EQ(json["total"], testing::search_ranking({"--db", local() + "/shard-1"}, "سوريا").total);
}

TEST_F(CliRemoteCap, ASmallCapTripsInMidSearchOnARealServer) {
  // The greeting and the recorded analysis fit in 256 bytes; the results and articles do not.
  const std::string db = stub({"auto " + local() + "/shard-0", "remote " + server_->address()});
  const std::vector<std::string> capped{
      "search", "--db", db, "--remote-max-message", "256", "--remote-timeout", "5000"};
  std::vector<std::string> args = capped;
  args.push_back("سوريا");
  const auto failed = run_bahth(args);
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_TRUE(contains(failed.err, "shard " + server_->address() + " sent a message of "))
      << failed.err;
  EXPECT_TRUE(contains(failed.err, "over the 256-byte cap (--remote-max-message)")) << failed.err;

  args.insert(args.end() - 1, "--allow-partial");
  const auto partial = run_bahth(args);
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_TRUE(contains(partial.out, "Partial results")) << partial.out;
  EXPECT_TRUE(contains(partial.out, server_->address())) << partial.out;
  const std::vector<std::string> lenient{"--allow-partial", "--remote-max-message", "256",
                                         "--remote-timeout", "5000"};
  testing::expect_same_ranking(testing::search_ranking({"--db", local() + "/shard-0"}, "سوريا"),
                               testing::search_ranking({"--db", db}, "سوريا", lenient),
                               "partial under a small cap");

  // Under the default cap the same stub ranks like the whole local index.
  testing::expect_same_ranking(testing::search_ranking({"--db", local()}, "سوريا"),
                               testing::search_ranking({"--db", db}, "سوريا"), "default cap");
}

TEST_F(CliRemoteCap, BadCapsAreUsageErrorsNamingTheOption) {
  for (const std::string bad : {"0", "-5", "lots", "99999999999999999999"}) {
    const auto run = run_bahth({"search", "--db", local(), "--remote-max-message", bad, "x"});
    EXPECT_EQ(run.exit_code, 2) << bad << ": " << run.err;
    EXPECT_TRUE(contains(run.err, "--remote-max-message")) << bad << ": " << run.err;
  }
}

}  // namespace
}  // namespace cli_remote_cap_test
}  // namespace bahth
