// Ctrl-C and SIGTERM for the commands that write an index (`index`, `delete`): the handler only
// records the signal, and the command asks stop_requested() between its steps, commits what is
// done and exits 128 + the signal. A second signal ends the process at once, as a kill would:
// the store keeps every step safe against a kill (its journal and swaps), and the next command
// on the index finishes or undoes the step it was in.
#ifndef BAHTH_CLI_STOP_SIGNAL_H_
#define BAHTH_CLI_STOP_SIGNAL_H_

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include "bahth/error.h"
#include "bahth/non_copyable.h"

namespace bahth::cli {

inline std::atomic<int> g_stop_signal{0};
// A pipe's write end, or -1: the handler writes a byte there, so a command waiting in poll()
// (`bahth index --watch`, `bahth delete --ids-from`) wakes at the signal whenever it comes (no
// race with the flag's check).
inline std::atomic<int> g_stop_wake_fd{-1};

extern "C" inline void request_stop(int signal) {
  if (g_stop_signal.exchange(signal) != 0) {
    // The second: the user will not wait for the step under way (a long merge, say).
    static constexpr char kMessage[] =
        "\nbahth: interrupted again; stopping now (the next command on the index finishes or "
        "undoes the step this one was in)\n";
    [[maybe_unused]] const ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(128 + signal);
  }
  if (const int fd = g_stop_wake_fd.load(); fd >= 0) {
    const int saved_errno = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(fd, &byte, 1);
    errno = saved_errno;
  }
}

/// The signal received (SIGINT, SIGTERM), 0 when none.
inline int stop_signal() { return g_stop_signal.load(); }
inline bool stop_requested() { return stop_signal() != 0; }

/// Catches SIGINT and SIGTERM while it lives; the previous handlers come back after. With
/// `interrupt_reads`, a signal also ends a read waiting for input (EINTR, no restart), so a
/// command reading ids from a terminal or an idle pipe stops at Ctrl-C instead of waiting on.
class StopOnSignal : NonCopyable {
 public:
  explicit StopOnSignal(bool interrupt_reads = false) {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = interrupt_reads ? 0 : SA_RESTART;
    ::sigaction(SIGINT, &action, &previous_int_);
    ::sigaction(SIGTERM, &action, &previous_term_);
  }
  ~StopOnSignal() {
    ::sigaction(SIGINT, &previous_int_, nullptr);
    ::sigaction(SIGTERM, &previous_term_, nullptr);
  }

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

/// The self-pipe the handler writes to while it lives (g_stop_wake_fd): a command polls its
/// read end beside its input, so poll() returns at Ctrl-C even when the signal came just before
/// the call. Made before StopOnSignal, so that a caught signal always finds it.
class WakePipe : NonCopyable {
 public:
  WakePipe() {
    if (::pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) {
      throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    g_stop_wake_fd.store(fds_[1]);
  }
  ~WakePipe() {
    g_stop_wake_fd.store(-1);
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int read_end() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
};

}  // namespace bahth::cli

#endif  // BAHTH_CLI_STOP_SIGNAL_H_
