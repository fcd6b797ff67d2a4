// Servers on 127.0.0.1 for tests: `xapian-tcpsrv` on a free port (TcpServer), and the fake
// servers a test writes itself (FakeServer: the listening socket and its thread, with the
// connection's handling left to the test).
//
// xapian-tcpsrv runs in a process group of its own: on SIGTERM it signals its whole process
// group (to stop the children serving connections), which must not include the test.
#ifndef BAHTH_TESTS_CLI_TCP_SERVER_H_
#define BAHTH_TESTS_CLI_TCP_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

extern char** environ;

namespace bahth::testing {

class TcpServer {
 public:
  /// Serves the database at `db_path`. Check ok() (false when no server could be started).
  explicit TcpServer(const std::string& db_path) {
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(db_path, free_port());
  }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  bool ok() const { return pid_ > 0; }
  unsigned port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  /// Stops the server (and any child serving a connection); the port then refuses connections.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // its own process group: the server and its children
    int status = 0;
    ::waitpid(pid_, &status, 0);
    // A child forked for a connection as the SIGTERM arrived can miss it, or deadlock in its
    // handler (seen once under ASan: SIGTERM blocked, waiting on a lock), and it holds the
    // test's stderr, so ctest waited 11 minutes for it. The group outlives its reaped leader
    // while any child lives, so this reaches exactly those left.
    ::kill(-pid_, SIGKILL);
    pid_ = -1;
  }

 private:
  // A port nobody listens on right now (the kernel's choice for an ephemeral bind).
  static unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    unsigned port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
  }

  static bool accepts_connections(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected =
        ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
  }

  void start(const std::string& db_path, unsigned port) {
    if (port == 0) return;
    std::vector<std::string> args{"xapian-tcpsrv", "--quiet", "--interface",
                                  "127.0.0.1",     "--port",  std::to_string(port),
                                  "--timeout",     "5000",    db_path};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int spawned =
        posix_spawnp(&pid, "xapian-tcpsrv", &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) return;
    for (int i = 0; i < 250; ++i) {  // up to 5 s
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return;  // exited: the port was taken
      if (accepts_connections(port)) {
        pid_ = pid;
        port_ = port;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }

  pid_t pid_ = -1;
  unsigned port_ = 0;
};

/// A fake server: listens on 127.0.0.1 (an ephemeral port) and hands each connection, one at a
/// time, to `serve` on a thread of its own, then closes it. Destroying it stops the thread: a
/// `serve` that loops must wait through wait() or check stopping(), so that it ends promptly.
class FakeServer {
 public:
  using Serve = std::function<void(int client, const FakeServer& server)>;

  explicit FakeServer(Serve serve) : serve_(std::move(serve)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(listen_fd_, 8) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { accept_connections(); });
  }
  ~FakeServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  bool ok() const { return port_ != 0; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  /// True once the server is being destroyed.
  bool stopping() const { return stop_; }

  /// Polls `fds` for up to 100 ms at a time until one is ready (true); false when the server
  /// stops or poll fails, so that the destructor is never kept waiting.
  bool wait(pollfd* fds, nfds_t count) const {
    while (!stop_) {
      const int ready = ::poll(fds, count, 100);
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return false;
    }
    return false;
  }

 private:
  void accept_connections() {
    while (!stop_) {
      pollfd listening{listen_fd_, POLLIN, 0};
      if (!wait(&listening, 1)) return;
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      serve_(client, *this);
      ::close(client);
    }
  }

  Serve serve_;
  int listen_fd_ = -1;
  unsigned port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: started once the rest is set
};

/// True when xapian-tcpsrv can be run (Debian package xapian-tools).
inline bool have_xapian_tcpsrv() {
  return std::system("xapian-tcpsrv --version >/dev/null 2>&1") == 0;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_TCP_SERVER_H_
