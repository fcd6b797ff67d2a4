// A fresh directory per test, removed afterwards. Under CTest, ::testing::TempDir() is the build
// tree's tests/tmp (TEST_TMPDIR, tests/CMakeLists.txt); a process killed before its destructors
// ran leaves its folder there, and the first TempDir of a later process removes it.
#ifndef BAHTH_TESTS_TEMP_DIR_H_
#define BAHTH_TESTS_TEMP_DIR_H_

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace bahth::testing {

/// The process id a TempDir's folder name holds ("bahth-NAME-PID-N"), 0 when it holds none.
inline pid_t temp_dir_owner(std::string_view name) {
  if (!name.starts_with("bahth-")) return 0;
  const std::size_t last = name.rfind('-');
  if (last == std::string_view::npos || last < 6) return 0;
  const std::size_t before = name.rfind('-', last - 1);
  if (before == std::string_view::npos || before < 5) return 0;
  const std::string_view n = name.substr(last + 1);
  const std::string_view pid = name.substr(before + 1, last - before - 1);
  int ignored = 0;
  pid_t owner = 0;
  if (n.empty() ||
      std::from_chars(n.data(), n.data() + n.size(), ignored).ptr != n.data() + n.size() ||
      pid.empty() ||
      std::from_chars(pid.data(), pid.data() + pid.size(), owner).ptr != pid.data() + pid.size()) {
    return 0;
  }
  return owner;
}

/// Removes the TempDir folders under `dir` whose process no longer exists (killed mid-test).
/// Only where TEST_TMPDIR points (the build tree's, under CTest), never in a shared /tmp.
inline void sweep_abandoned_temp_dirs(const std::filesystem::path& dir) {
  const char* set = std::getenv("TEST_TMPDIR");
  if (set == nullptr || *set == '\0') return;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const pid_t owner = temp_dir_owner(entry.path().filename().string());
    if (owner <= 0 || owner == ::getpid()) continue;
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to ask
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
  }
}

class TempDir {
 public:
  TempDir() {
    static std::once_flag swept;
    std::call_once(swept, [] { sweep_abandoned_temp_dirs(::testing::TempDir()); });
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info != nullptr ? std::string(info->test_suite_name()) + "." + info->name()
                                       : std::string("bahth");
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("bahth-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_TEMP_DIR_H_
