// Runs `xapian-tcpsrv` on 127.0.0.1 for a test, on a free port, and stops it when destroyed.
//
// The server runs in a process group of its own: on SIGTERM xapian-tcpsrv signals its whole
// process group (to stop the children serving connections), which must not include the test.
#ifndef BAHTH_TESTS_CLI_TCP_SERVER_H_
#define BAHTH_TESTS_CLI_TCP_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
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

/// True when xapian-tcpsrv can be run (Debian package xapian-tools).
inline bool have_xapian_tcpsrv() {
  return std::system("xapian-tcpsrv --version >/dev/null 2>&1") == 0;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_TCP_SERVER_H_
