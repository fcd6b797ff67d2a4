// Starts `bahth serve` on a free loopback port for a test, reads the address it prints, and
// stops it (SIGTERM) when the test is done.
#ifndef BAHTH_TESTS_SERVE_SERVER_PROCESS_H_
#define BAHTH_TESTS_SERVE_SERVER_PROCESS_H_

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace bahth::testing {

class ServerProcess {
 public:
  /// Runs `bahth serve --port 0 ARGS...` (under `wrapper`, e.g. strace, when given: then pid()
  /// is the wrapper's); throws when it does not say where it listens within 20 seconds.
  explicit ServerProcess(const std::vector<std::string>& args,
                         const std::vector<std::string>& wrapper = {}) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> argv_strings = wrapper;
    for (const char* arg : {BAHTH_BINARY, "serve", "--port", "0"}) argv_strings.push_back(arg);
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (spawned != 0) {
      ::close(out[0]);
      throw std::runtime_error("cannot start bahth serve");
    }
    out_ = out[0];
    const std::string line = read_line(std::chrono::seconds(20));
    const std::string lead = "listening on http://127.0.0.1:";
    if (line.rfind(lead, 0) != 0) {
      stop();
      throw std::runtime_error("bahth serve said: '" + line + "'");
    }
    port_ = std::stoi(line.substr(lead.size()));
  }

  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// Sends SIGTERM and returns the exit status (0 for a clean stop); -1 once stopped.
  int stop() { return stop_with(SIGTERM); }

  /// Sends `signal` (none: 0, just waits) and returns the exit status as stop() does.
  int stop_with(int signal) {
    if (pid_ <= 0) return -1;
    if (signal != 0) ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_ >= 0) ::close(out_);
    out_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  std::string read_line(std::chrono::seconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{out_, POLLIN, 0};
      if (::poll(&fd, 1, 200) <= 0) continue;
      char c = 0;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return line;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_SERVE_SERVER_PROCESS_H_
