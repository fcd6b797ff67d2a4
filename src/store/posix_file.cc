#include "store/posix_file.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc >= 2.28, _GNU_SOURCE)
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <system_error>

#include "bahth/error.h"

namespace bahth::store {

namespace fs = std::filesystem;

void fail(const std::string& name, const std::string& what, int error) {
  throw IndexError(name, what + ": " + std::strerror(error));
}

std::string parent_of(const std::string& path) { return fs::path(path).parent_path().string(); }

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(dir, "cannot open the directory to sync it");
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0) fail(dir, "cannot sync the directory", error);
}

void sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open the file to sync it");
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0) fail(path, "cannot sync the file", error);
}

std::string identity_of(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return {};
  return std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
}

void remove_owned(const std::string& path) {
  std::error_code error;
  fs::remove_all(path, error);
  if (error) throw IndexError(path, "cannot remove: " + error.message());
  sync_directory(parent_of(path));
}

void exchange(const std::string& a, const std::string& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
    fail(b, "cannot swap in " + a + " (renameat2 RENAME_EXCHANGE)");
  }
  sync_directory(parent_of(a));
  if (parent_of(a) != parent_of(b)) sync_directory(parent_of(b));
}

void move_into_place(const std::string& fresh, const std::string& target) {
  rename_synced(fresh, target, target, "cannot move the new index " + fresh + " into place");
}

void write_synced(const std::string& path, std::string_view content, const std::string& name,
                  const std::string& what) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(name, what);
  const bool written =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!written) fail(name, what, error);
}

void rename_synced(const std::string& from, const std::string& to, const std::string& name,
                   const std::string& what) {
  if (::rename(from.c_str(), to.c_str()) != 0) fail(name, what);
  sync_directory(parent_of(to));
}

void unlink_synced(const std::string& path, const std::string& name, const std::string& what) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail(name, what);
  sync_directory(parent_of(path));
}

int take_lock(const std::string& path, const std::string& name) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail(name, "cannot open the lock file " + path);
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) return fd;
  const int error = errno;
  ::close(fd);
  if (error == EAGAIN || error == EACCES) return -1;
  fail(name, "cannot lock " + path, error);
}

void release_lock(int fd) { ::close(fd); }

bool can_open_for_writing(const std::string& path) {
  const int probe = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (probe < 0) return false;
  ::close(probe);
  return true;
}

bool is_glass(const std::string& path) {
  std::error_code error;
  return fs::exists(fs::path(path) / "iamglass", error);
}

bool is_empty_directory(const std::string& path) {
  std::error_code error;
  return fs::is_directory(path, error) && fs::is_empty(path, error);
}

}  // namespace bahth::store
