// Helpers for tests that run `bahth` as a background process and stop it, or race it against
// another one: big inputs, spawning with chosen limits, polling what an index has committed.
#ifndef BAHTH_TESTS_CLI_BAHTH_PROCESS_H_
#define BAHTH_TESTS_CLI_BAHTH_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth::testing {

// True in a sanitizer build, where bahth runs several times slower: tests then use less data.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSlowBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSlowBuild = true;
#else
inline constexpr bool kSlowBuild = false;
#endif
#else
inline constexpr bool kSlowBuild = false;
#endif

/// Writes `copies` × 300 articles to DIR/big.jsonl: the bundled sample, each copy with fresh ids
/// ("copyN/..."), so that every article is distinct. Returns the path.
inline std::string write_sample_copies(const TempDir& dir, int copies) {
  const std::string plain = dir / "sample.jsonl";
  const std::string command = "zcat " + shell_quote(kBundledSample) + " > " + shell_quote(plain);
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(plain);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const std::string big = dir / "big.jsonl";
  std::ofstream out(big);
  for (int copy = 0; copy < copies; ++copy) {
    for (std::string line : lines) {
      line.insert(line.find("\"id\": \"") + 7, "copy" + std::to_string(copy) + "/");
      out << line << '\n';
    }
  }
  return big;
}

/// Starts `bahth ARGS` with stdout to `out_path` and stderr to `err_path`. `in_child` runs in
/// the child just before exec (to set resource limits or signal dispositions).
inline pid_t spawn_bahth(const std::vector<std::string>& args, const std::string& out_path,
                         const std::string& err_path,
                         const std::function<void()>& in_child = nullptr) {
  std::vector<std::string> storage{BAHTH_BINARY};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here on: the parent may have threads.
    const int null_in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null_in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(null_in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    if (in_child) in_child();
    ::execv(BAHTH_BINARY, argv.data());
    ::_exit(127);
  }
  EXPECT_GT(pid, 0);
  return pid;
}

/// What a child's end looked like.
struct ChildEnd {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  long max_rss_kb = 0;  // peak resident memory
};

inline ChildEnd wait_child(pid_t pid) {
  int status = 0;
  rusage usage{};
  ChildEnd end;
  if (::wait4(pid, &status, 0, &usage) != pid) return end;
  end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  end.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  end.max_rss_kb = usage.ru_maxrss;
  return end;
}

/// True when the child has ended (and reaps it, storing how into `end`).
inline bool child_ended(pid_t pid, ChildEnd& end) {
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) != pid) return false;
  end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  end.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return true;
}

/// Documents committed in the database at `path`; 0 when it does not exist (yet).
inline Xapian::doccount committed_documents(const std::string& path) {
  try {
    return Xapian::Database(path).get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

/// The article ids in a database (its "Q" terms).
inline std::set<std::string> ids_in(const Xapian::Database& db) {
  std::set<std::string> ids;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    ids.insert((*it).substr(1));
  }
  return ids;
}

inline bool xapian_check_passes(const std::string& path) {
  return std::system(("xapian-check " + shell_quote(path) + " >/dev/null 2>&1").c_str()) == 0;
}

/// Polls `condition` every 10 ms until it holds or `pid` ends (then `ended` is set) or two
/// minutes pass (a hang, under any load). Returns whether the condition held.
inline bool wait_until(const std::function<bool()>& condition, pid_t pid, ChildEnd& end,
                       bool& ended) {
  ended = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    if (child_ended(pid, end)) {
      ended = true;
      return condition();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

/// The descriptor through which process `pid` has `path` open for reading only (bahth's reader,
/// not a test's own read-write descriptor, which a child holds between fork and exec); -1 when
/// none.
inline int fd_open_for_reading(pid_t pid, const std::string& path) {
  std::error_code error;
  const std::string proc = "/proc/" + std::to_string(pid);
  for (const auto& entry : std::filesystem::directory_iterator(proc + "/fd", error)) {
    if (std::filesystem::read_symlink(entry.path(), error) != path) continue;
    std::ifstream info(proc + "/fdinfo/" + entry.path().filename().string());
    for (std::string line; std::getline(info, line);) {
      if (line.starts_with("flags:") && (std::stoi(line.substr(6), nullptr, 8) & O_ACCMODE) == 0) {
        return std::stoi(entry.path().filename().string());
      }
    }
  }
  return -1;
}

/// True when a thread of process `pid` waits for input: in read(2) on descriptor `fd`, or in
/// poll(2) (bahth's readers wait there for their input and for the signal's wake-up byte at
/// once). A signal sent now ends that wait, while one sent a moment earlier (between a command's
/// last look at its stop flag and a read) would leave a read waiting on. Read from
/// /proc/PID/task/*/syscall; where the kernel does not show it, true once the process sleeps.
inline bool waiting_for_input(pid_t pid, int fd) {
  std::error_code error;
  const std::string proc = "/proc/" + std::to_string(pid);
  bool shown = false;
  for (const auto& task : std::filesystem::directory_iterator(proc + "/task", error)) {
    std::ifstream in(task.path() / "syscall");
    long number = -1;
    std::string first_argument;
    if (!(in >> number)) continue;  // not shown (no permission), or "running"
    shown = true;
#ifdef SYS_poll
    if (number == SYS_poll) return true;
#endif
    if (number == SYS_ppoll) return true;
    if (number != SYS_read || !(in >> first_argument)) continue;
    if (std::stol(first_argument, nullptr, 16) == fd) return true;
  }
  if (shown) return false;
  const std::string stat = read_file(proc + "/stat");
  const std::size_t state = stat.rfind(") ");  // the name may hold spaces and parentheses
  return state != std::string::npos && stat.compare(state + 2, 1, "S") == 0;
}

/// Waits, as wait_until, until all that was written through `writer` (a pipe's or FIFO's write
/// end) has been read and process `pid` waits for more on its descriptor `reader_fd()` (asked at
/// each poll: a FIFO's is known once bahth has opened it). A signal sent then finds bahth in that
/// wait, with the writer's end still open.
inline bool wait_until_reading_silent_writer(int writer, pid_t pid,
                                             const std::function<int()>& reader_fd, ChildEnd& end,
                                             bool& ended) {
  return wait_until(
      [&] {
        int unread = -1;
        return ::ioctl(writer, FIONREAD, &unread) == 0 && unread == 0 &&
               waiting_for_input(pid, reader_fd());
      },
      pid, end, ended);
}

/// Sends `signal` and waits for the child's end. A child not gone after two minutes is hung, not
/// slow (under any load: the stop is meant to take a fraction of a second): it is killed, and the
/// test fails.
inline ChildEnd stop_child(pid_t pid, int signal) {
  ::kill(pid, signal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  ChildEnd end;
  while (std::chrono::steady_clock::now() < deadline) {
    if (child_ended(pid, end)) return end;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  wait_child(pid);
  ADD_FAILURE() << "bahth did not stop within two minutes of signal " << signal;
  return end;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_BAHTH_PROCESS_H_
