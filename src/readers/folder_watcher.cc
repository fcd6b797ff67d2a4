// folder_watcher.cc: inotify over directory trees.
#include "bahth/folder_watcher.h"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>     // std::sort
#include <cerrno>        // errno
#include <cstring>       // std::strerror
#include <filesystem>    // std::filesystem
#include <fstream>       // std::ifstream
#include <system_error>  // std::error_code
#include <utility>       // std::move

#include "bahth/error.h"
#include "input_list.h"

namespace bahth {
namespace {

namespace fs = std::filesystem;

// Directories are watched for what makes a file complete or gone, and for new directories.
// IN_CLOSE_WRITE, not IN_MODIFY: a file being written is read once, when its writer closes it.
constexpr std::uint32_t kDirectoryEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                                           IN_DELETE | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW |
                                           IN_EXCL_UNLINK;

std::string normal_absolute(const std::string& path) {
  std::string out = fs::absolute(path).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// One of the kernel's inotify limits (fs.inotify.NAME), for the messages that ask to raise it.
std::string inotify_limit(const std::string& name) {
  std::ifstream in("/proc/sys/fs/inotify/" + name);
  std::string value;
  in >> value;
  return value.empty() ? "unknown" : value;
}

std::int64_t mtime_ns(const struct stat& info) {
  return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
}

// Lists `dir` recursively into `files` (not following symlinked directories); `on_directory` is
// called for each directory met, the root included, before its entries.
template <typename Excluded, typename OnDirectory>
void walk(const std::string& dir, std::vector<FolderFile>& files,
          std::vector<std::string>& problems, const Excluded& excluded, OnDirectory on_directory) {
  if (!on_directory(dir)) return;
  std::error_code error;
  fs::directory_iterator it(dir, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (is_ignored_name(name)) continue;
    std::string path = dir;
    path.append("/").append(name);
    if (excluded(path)) continue;
    std::error_code status_error;
    if (it->is_directory(status_error) && !it->is_symlink(status_error)) {
      walk(path, files, problems, excluded, on_directory);
      continue;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    files.push_back({path, static_cast<std::uint64_t>(info.st_size), mtime_ns(info)});
  }
  if (error) problems.push_back(dir + ": cannot list directory: " + error.message());
}

}  // namespace

bool is_dump_name(std::string_view name) {
  return readers::format_from_name(name) != InputFormat::automatic;
}

bool is_ignored_name(std::string_view name) {
  if (name.empty() || name.starts_with('.') || name.ends_with('~')) return true;
  if (name.size() > 1 && name.starts_with('#') && name.ends_with('#')) return true;
  for (const std::string_view suffix : {".tmp", ".part", ".partial", ".crdownload", ".swp"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

FolderWatcher::FolderWatcher(const std::vector<std::string>& roots, Excluded excluded)
    : excluded_(std::move(excluded)) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    const int error = errno;
    std::string folders;
    for (const std::string& root : roots) folders.append(folders.empty() ? "" : ", ").append(root);
    if (error == EMFILE) {
      throw Error("cannot watch " + folders + ": the limit on inotify instances per user (" +
                  inotify_limit("max_user_instances") +
                  ") or on open files is reached; raise the first, e.g. sudo sysctl "
                  "fs.inotify.max_user_instances=1024, or the second (ulimit -n)");
    }
    throw Error("cannot watch " + folders + ": " + std::strerror(error));
  }
  try {
    for (const std::string& root : roots) {
      roots_.push_back(normal_absolute(root));
      watch_tree(roots_.back(), nullptr);
    }
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

FolderWatcher::~FolderWatcher() { ::close(fd_); }

void FolderWatcher::watch_tree(const std::string& dir, FolderChanges* list_into) {
  std::vector<FolderFile> files;
  std::vector<std::string> problems;
  const auto is_excluded = [this](const std::string& path) { return excluded(path); };
  walk(dir, files, problems, is_excluded, [&](const std::string& path) {
    const int wd = ::inotify_add_watch(fd_, path.c_str(), kDirectoryEvents);
    if (wd >= 0) {
      paths_[wd] = path;
      return true;
    }
    const int error = errno;
    if (error == ENOSPC) {
      throw Error("cannot watch " + path + ": the limit on inotify watches per user is reached (" +
                  inotify_limit("max_user_watches") +
                  "); raise it, e.g. sudo sysctl fs.inotify.max_user_watches=524288");
    }
    if (error == ENOENT || error == ENOTDIR) return false;  // gone meanwhile
    problems.push_back(path + ": cannot watch: " + std::strerror(error));
    return false;
  });
  if (list_into == nullptr) {
    if (!problems.empty()) throw Error(problems.front());
    return;
  }
  for (FolderFile& file : files) list_into->written.push_back(std::move(file.path));
  for (std::string& problem : problems) list_into->problems.push_back(std::move(problem));
}

// A directory moved out of sight keeps its watches (they follow the directory, not the path):
// drop them, for it and every directory under it.
void FolderWatcher::unwatch_tree(const std::string& dir) {
  const std::string under = dir + "/";
  for (auto it = paths_.begin(); it != paths_.end();) {
    if (it->second == dir || it->second.starts_with(under)) {
      ::inotify_rm_watch(fd_, it->first);
      it = paths_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<FolderFile> FolderWatcher::list_files(std::vector<std::string>& problems) const {
  std::vector<FolderFile> files;
  for (const std::string& root : roots_) {
    walk(
        root, files, problems, [this](const std::string& path) { return excluded(path); },
        [](const std::string&) { return true; });
  }
  std::sort(files.begin(), files.end(),
            [](const FolderFile& a, const FolderFile& b) { return a.path < b.path; });
  return files;
}

FolderChanges FolderWatcher::read_events() {
  FolderChanges changes;
  alignas(struct inotify_event) char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EAGAIN: nothing more waiting
    for (ssize_t at = 0; at < got;) {
      const auto* event = reinterpret_cast<const struct inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(struct inotify_event) + event->len);
      if ((event->mask & IN_Q_OVERFLOW) != 0) {
        changes.overflow = true;
        continue;
      }
      if ((event->mask & IN_IGNORED) != 0) {
        paths_.erase(event->wd);
        continue;
      }
      const auto dir = paths_.find(event->wd);
      if (dir == paths_.end() || event->len == 0) continue;
      const std::string name(event->name);
      if (is_ignored_name(name)) continue;
      const std::string path = dir->second + "/" + name;
      if (excluded(path)) continue;
      if ((event->mask & IN_ISDIR) != 0) {
        if ((event->mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
          watch_tree(path, &changes);
        } else if ((event->mask & (IN_DELETE | IN_MOVED_FROM)) != 0) {
          unwatch_tree(path);
          changes.removed_dirs.push_back(path);
        }
      } else if ((event->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0) {
        changes.written.push_back(path);
      } else if ((event->mask & (IN_DELETE | IN_MOVED_FROM)) != 0) {
        changes.removed.push_back(path);
      }
    }
  }
  return changes;
}

}  // namespace bahth
