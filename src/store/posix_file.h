// store/posix_file: the POSIX steps that make a change of an index durable and atomic — fsync of
// files and directories, rename and renameat2(RENAME_EXCHANGE), removal, the OFD layout lock —
// each failing with an IndexError that names the path and the system's reason. Kept apart from
// the store's protocol (store.cc) so that the protocol reads as its steps, and so that the system
// calls strace's fault injection (tests/cli/cli_fault_injection_test.cc) aims at are in one place.
#ifndef BAHTH_STORE_POSIX_FILE_H_
#define BAHTH_STORE_POSIX_FILE_H_

#include <cerrno>
#include <string>
#include <string_view>

namespace bahth::store {

/// Throws IndexError(name, what + ": " + the text of `error`).
[[noreturn]] void fail(const std::string& name, const std::string& what, int error = errno);

std::string parent_of(const std::string& path);

/// Makes a directory's entries (renames, creations, removals in it) durable.
void sync_directory(const std::string& dir);
void sync_file(const std::string& path);

/// "dev:inode" of a directory, "" when it does not exist: how recovery tells which side of a
/// swap a complete new database is on.
std::string identity_of(const std::string& path);

/// Removes a directory (the journal says the running operation owns it), durably.
void remove_owned(const std::string& path);

/// Swaps two directories in one step: a reader or a kill sees one or the other, never neither.
void exchange(const std::string& a, const std::string& b);

/// Puts a complete new database at `target`, which is missing or an empty directory.
void move_into_place(const std::string& fresh, const std::string& target);

/// Writes `content` to a new (or truncated) file at `path` and fsyncs it; on failure throws
/// fail(name, what).
void write_synced(const std::string& path, std::string_view content, const std::string& name,
                  const std::string& what);
/// Renames `from` over `to` and syncs `to`'s directory; on failure throws fail(name, what).
void rename_synced(const std::string& from, const std::string& to, const std::string& name,
                   const std::string& what);
/// Removes the file at `path` (done when it is not there) and syncs its directory; on failure
/// throws fail(name, what).
void unlink_synced(const std::string& path, const std::string& name, const std::string& what);

/// Takes the layout lock on the file at `path` (created when missing): an open file description
/// lock, so two holders conflict even in one process. Returns the descriptor, or -1 when another
/// holds the lock; errors name `name`.
int take_lock(const std::string& path, const std::string& name);
/// Releases a lock take_lock returned.
void release_lock(int fd);
/// True when the file at `path` exists and this process may open it for writing.
bool can_open_for_writing(const std::string& path);

/// True when `path` is a glass database (it holds Xapian's "iamglass").
bool is_glass(const std::string& path);
bool is_empty_directory(const std::string& path);

}  // namespace bahth::store

#endif  // BAHTH_STORE_POSIX_FILE_H_
