// Ctrl-C and SIGTERM for the commands that write an index (`index`, `delete`): the handler only
// records the signal, and the command asks stop_requested() between its steps, commits what is
// done and exits 128 + the signal. The store keeps every step safe against a harder kill.
#ifndef BAHTH_CLI_STOP_SIGNAL_H_
#define BAHTH_CLI_STOP_SIGNAL_H_

#include <atomic>
#include <csignal>

namespace bahth::cli {

inline std::atomic<int> g_stop_signal{0};

extern "C" inline void request_stop(int signal) { g_stop_signal.store(signal); }

/// The signal received (SIGINT, SIGTERM), 0 when none.
inline int stop_signal() { return g_stop_signal.load(); }
inline bool stop_requested() { return stop_signal() != 0; }

/// Catches SIGINT and SIGTERM while it lives; the previous handlers come back after.
class StopOnSignal {
 public:
  StopOnSignal() {
    previous_int_ = std::signal(SIGINT, request_stop);
    previous_term_ = std::signal(SIGTERM, request_stop);
  }
  ~StopOnSignal() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

}  // namespace bahth::cli

#endif  // BAHTH_CLI_STOP_SIGNAL_H_
