// An index a test builds in process, built once per test run instead of once per test: the
// in-process counterpart of cli/cached_index.h. CTest runs every TEST in a process of its own,
// so a fixture several tests build (ChampionLists' 600 articles, in ten of its tests) was built
// again by each (bench/HISTORY.md, "CI time, the ASan run", citime4).
//
// The first process to ask for `name` builds the index at `db` as before, then leaves a copy
// under BAHTH_TEST_CACHE_DIR-in-process/<executable>/<its digest>/<name>; the next process of the
// same executable (its size, time and inode) copies that instead of building. Each test still
// gets an index of its own to read and write, as before. `name` must say everything the build
// depends on besides the executable (the articles, the options): two builds of one name are
// taken for the same index. BAHTH_TEST_NO_CACHE=1 builds in every process, as before.
#ifndef BAHTH_TESTS_CACHED_BUILD_H_
#define BAHTH_TESTS_CACHED_BUILD_H_

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace bahth::testing {

namespace cached_build_detail {

/// The entries of the folder holding `db` that belong to it: the database and its siblings
/// named after it (`db.bahth-lock`).
inline std::vector<std::filesystem::path> index_entries(const std::filesystem::path& db) {
  std::vector<std::filesystem::path> found;
  const std::string name = db.filename().string();
  for (const auto& entry : std::filesystem::directory_iterator(db.parent_path())) {
    const std::string entry_name = entry.path().filename().string();
    if (entry_name == name || entry_name.starts_with(name + ".bahth-")) {
      found.push_back(entry.path());
    }
  }
  return found;
}

/// Copies the index saved at `entry` beside `db` (which must not exist yet): false, with
/// nothing left beside `db`, when there is none or it went while being copied (a newer
/// executable's run removed it), so that the caller builds as before.
inline bool restore_saved(const std::filesystem::path& entry, const std::filesystem::path& db) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(entry, error)) return false;
  try {
    for (const auto& saved : fs::directory_iterator(entry)) {
      fs::copy(saved.path(), db.parent_path() / saved.path().filename(),
               fs::copy_options::recursive);
    }
    return true;
  } catch (const fs::filesystem_error&) {
    for (const auto& part : index_entries(db)) fs::remove_all(part, error);
    return false;
  }
}

/// Saves the index at `db` as `builds`/`entry_name`, whole or not at all (copied aside, then
/// renamed into place: a process that lost the race drops its copy), after removing every
/// other folder of `cache` than `builds` (an earlier binary's, never asked for again).
inline void save_built(const std::filesystem::path& cache, const std::filesystem::path& builds,
                       const std::string& entry_name, const std::filesystem::path& db) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const auto& old : fs::directory_iterator(cache, error)) {
    if (old.path() != builds) fs::remove_all(old.path(), error);
  }
  fs::create_directories(builds, error);
  const fs::path aside =
      builds / ("new-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
  try {
    fs::create_directories(aside);
    for (const auto& part : index_entries(db)) {
      fs::copy(part, aside / part.filename(), fs::copy_options::recursive);
    }
    fs::rename(aside, builds / entry_name);
  } catch (const fs::filesystem_error&) {
    // already there (another process's), or the disk refused: the next process builds again
  }
  fs::remove_all(aside, error);
}

}  // namespace cached_build_detail

/// Builds the index at `db` (which must not exist yet) with `build(db)`, or copies the one an
/// earlier process of this executable built for `name`.
inline void build_cached(const std::string& db, const std::string& name,
                         const std::function<void(const std::string&)>& build) {
  namespace fs = std::filesystem;
  const char* no_cache = std::getenv("BAHTH_TEST_NO_CACHE");
  struct stat self {};
  if ((no_cache != nullptr && std::string(no_cache) == "1") ||
      ::stat("/proc/self/exe", &self) != 0) {
    build(db);
    return;
  }
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error).filename();
  const fs::path mine = fs::path(BAHTH_TEST_CACHE_DIR "-in-process") / executable;
  const fs::path builds =
      mine / (std::to_string(self.st_size) + "-" + std::to_string(self.st_mtim.tv_sec) + "." +
              std::to_string(self.st_mtim.tv_nsec) + "-" + std::to_string(self.st_ino));
  if (cached_build_detail::restore_saved(builds / name, db)) return;
  build(db);
  cached_build_detail::save_built(mine, builds, name, db);
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CACHED_BUILD_H_
