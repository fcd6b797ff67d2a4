// An index a test suite builds with `bahth index`, built once per test run instead of once per
// test. CTest runs every TEST in a process of its own, so a suite's SetUpTestSuite runs once per
// test: without this, a suite of a dozen tests indexed its articles a dozen times (the most of
// the sanitizer run's time after the fault injection: bench/HISTORY.md, "CI time, the ASan run").
//
// The first process to need an index runs the commands as before, then leaves a copy under
// BAHTH_TEST_CACHE_DIR (in the build folder), named by a digest of the commands, of the content
// of every file or folder they name, and of the `bahth` binary (its size, time and inode); the
// next process with the same digest copies that instead of indexing. Each process still gets an
// index of its own to write to, as before. What differs in the copy: the absolute path of an
// input under the suite's folder, which the index records for `bahth index --watch` only (the
// XF term and the file slot; no suite using this reindexes or watches its copy).
// BAHTH_TEST_NO_CACHE=1 indexes in every process, as before.
#ifndef BAHTH_TESTS_CLI_CACHED_INDEX_H_
#define BAHTH_TESTS_CLI_CACHED_INDEX_H_

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "cached_build.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"

namespace bahth::testing {

namespace cached_index_detail {

/// FNV-1a, 64 bits: a cache key, not a defence against a chosen collision.
inline void mix(std::uint64_t& hash, const std::string& text) {
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  hash ^= 0xff;  // a separator, so ("ab", "c") and ("a", "bc") differ
  hash *= 0x100000001b3ULL;
}

/// Mixes `arg` into `hash`: the database's path as a placeholder, a file by its name and
/// content, a folder by its files' relative paths and contents, anything else as written.
inline void mix_argument(std::uint64_t& hash, const std::string& arg, const std::string& db) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (arg == db) {
    mix(hash, "<db>");
  } else if (fs::is_regular_file(arg, error)) {
    mix(hash, "<file>" + fs::path(arg).filename().string());
    mix(hash, read_file(arg));
  } else if (fs::is_directory(arg, error)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(arg)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    mix(hash, "<folder>" + fs::path(arg).filename().string());
    for (const fs::path& file : files) {
      mix(hash, fs::relative(file, arg).string());
      mix(hash, read_file(file));
    }
  } else {
    mix(hash, arg);
  }
}

inline std::string hex(std::uint64_t hash) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace cached_index_detail

/// Runs each of `commands` (`bahth` arguments, e.g. {"index", "--quiet", "--db", db, input}) in
/// order, expecting exit code 0, to build the index at `db` (which must not exist yet) — or, when
/// an earlier process ran the same commands on the same inputs with the same binary, copies the
/// index it left.
inline void index_cached(const std::string& db,
                         const std::vector<std::vector<std::string>>& commands) {
  namespace fs = std::filesystem;
  using namespace cached_index_detail;
  const char* no_cache = std::getenv("BAHTH_TEST_NO_CACHE");
  const bool use_cache = no_cache == nullptr || std::string(no_cache) != "1";
  fs::path builds;  // BAHTH_TEST_CACHE_DIR/<the binary's digest>
  fs::path entry;   // builds/<the commands' digest>
  if (use_cache) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    struct stat binary {};
    if (::stat(BAHTH_BINARY, &binary) == 0) {
      mix(hash, std::to_string(binary.st_size) + ":" + std::to_string(binary.st_mtim.tv_sec) + "." +
                    std::to_string(binary.st_mtim.tv_nsec) + ":" + std::to_string(binary.st_ino));
    }
    builds = fs::path(BAHTH_TEST_CACHE_DIR) / hex(hash);
    mix(hash, fs::path(db).filename().string());
    for (const auto& command : commands) {
      mix(hash, "<command>");
      for (const std::string& arg : command) mix_argument(hash, arg, db);
    }
    entry = builds / hex(hash);
    if (cached_build_detail::restore_saved(entry, db)) return;
  }
  for (const auto& command : commands) {
    const RunResult run = run_bahth(command);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  if (use_cache) {
    cached_build_detail::save_built(BAHTH_TEST_CACHE_DIR, builds, entry.filename().string(), db);
  }
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_CACHED_INDEX_H_
