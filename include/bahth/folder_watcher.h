// bahth/folder_watcher.h: the files of folders, and their changes as inotify reports them
// (`bahth index --watch`).
#ifndef BAHTH_FOLDER_WATCHER_H_
#define BAHTH_FOLDER_WATCHER_H_

#include <cstdint>      // std::uint64_t, std::int64_t
#include <functional>   // std::function
#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "bahth/non_copyable.h"

namespace bahth {

/// A regular file found in a watched folder.
struct FolderFile {
  std::string path;  // absolute, lexically normal
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

/// True for the names a watch passes over: hidden files (".x", editors' ".#x" locks), backups
/// ("x~", "#x#") and files still being written under a temporary name (".tmp", ".part",
/// ".partial", ".crdownload", ".swp"), which are read once renamed to their final name.
bool is_ignored_name(std::string_view name);

/// True when the file name says a format bahth reads (.jsonl, .csv, ... optionally .gz): the
/// files a folder given to `bahth index` is read for.
bool is_dump_name(std::string_view name);

/// What changed in the watched folders since the last read_events().
struct FolderChanges {
  std::vector<std::string> written;       // files closed after writing, or moved in
  std::vector<std::string> removed;       // files deleted or moved out
  std::vector<std::string> removed_dirs;  // directories deleted or moved out (their files too)
  std::vector<std::string> problems;      // "DIR: reason" for directories that cannot be listed
  bool overflow = false;  // the kernel's event queue overflowed: events were lost, rescan
};

/// Watches directory trees with inotify: every directory under the roots (symlinked ones are
/// not followed), and new ones as they appear (their files are listed at once, so files written
/// before the watch took hold are not missed). Throws bahth::Error naming the directory when a
/// watch cannot be set: for the per-user limit on watches (ENOSPC), the message names the
/// sysctl to raise.
class FolderWatcher : NonCopyable {
 public:
  /// Paths (absolute) for which `excluded` answers true are neither listed nor watched nor
  /// reported: the index's own files when it lies inside a watched folder.
  using Excluded = std::function<bool(const std::string& path)>;

  /// REQUIRES: each root is an existing directory.
  FolderWatcher(const std::vector<std::string>& roots, Excluded excluded);
  ~FolderWatcher();

  /// The inotify descriptor, to poll for readability; non-blocking.
  int fd() const { return fd_; }

  /// The roots, absolute and lexically normal.
  const std::vector<std::string>& roots() const { return roots_; }

  /// Every file under the roots (not ignored names), sorted by path. Directories that cannot be
  /// listed are added to `problems`.
  std::vector<FolderFile> list_files(std::vector<std::string>& problems) const;

  /// Reads the events waiting (none: returns at once with nothing). Watches new directories
  /// and reports their files as written.
  FolderChanges read_events();

 private:
  void watch_tree(const std::string& dir, FolderChanges* list_into);
  bool excluded(const std::string& path) const { return excluded_ && excluded_(path); }
  void unwatch_tree(const std::string& dir);

  int fd_ = -1;
  std::vector<std::string> roots_;
  Excluded excluded_;
  std::map<int, std::string> paths_;  // watch descriptor → directory
};

}  // namespace bahth

#endif  // BAHTH_FOLDER_WATCHER_H_
