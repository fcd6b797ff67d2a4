#include "schema/store.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc >= 2.28, _GNU_SOURCE)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "bahth/error.h"
#include "schema/schema.h"

namespace bahth::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLockSuffix = ".bahth-lock";
constexpr const char* kJournalSuffix = ".bahth-journal";
constexpr const char* kNewSuffix = ".bahth-new";
constexpr const char* kPartsSuffix = ".bahth-parts";
constexpr const char* kCompactSuffix = ".bahth-compact";
constexpr int kMaxStubDepth = 16;

std::string system_error_text(int error) { return std::strerror(error); }

[[noreturn]] void fail(const std::string& path, const std::string& what, int error = errno) {
  throw IndexError(path, what + ": " + system_error_text(error));
}

std::string parent_of(const std::string& path) { return fs::path(path).parent_path().string(); }

// Makes a directory's entries (renames, creations, removals in it) durable.
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

// "dev:inode" of a directory, "" when it does not exist: how recovery tells which side of a
// swap a complete new database is on.
std::string identity_of(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return {};
  return std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
}

// Removes a directory the journal says this operation owns, durably.
void remove_owned(const std::string& path) {
  std::error_code error;
  fs::remove_all(path, error);
  if (error) throw IndexError(path, "cannot remove: " + error.message());
  sync_directory(parent_of(path));
}

// Swaps two directories in one step: a reader or a kill sees one or the other, never neither.
void exchange(const std::string& a, const std::string& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
    fail(b, "cannot swap in " + a + " (renameat2 RENAME_EXCHANGE)");
  }
  sync_directory(parent_of(a));
  if (parent_of(a) != parent_of(b)) sync_directory(parent_of(b));
}

// Puts a complete new database at `target`, which is missing or an empty directory.
void move_into_place(const std::string& fresh, const std::string& target) {
  if (::rename(fresh.c_str(), target.c_str()) != 0) {
    fail(target, "cannot move the new index " + fresh + " into place");
  }
  sync_directory(parent_of(target));
}

bool is_glass(const std::string& path) {
  std::error_code error;
  return fs::exists(fs::path(path) / "iamglass", error);
}

bool is_empty_directory(const std::string& path) {
  std::error_code error;
  return fs::is_directory(path, error) && fs::is_empty(path, error);
}

Xapian::Database open_glass(const std::string& path, const std::string& name) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    throw no_index_here(name);
  }
  try {
    return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError(name, "cannot open the index: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw IndexError(name, "cannot open the index: " + e.get_description());
  }
}

// The layout lock: an open file description lock, so two Writers conflict even in one process.
// Returns the descriptor, or -1 when another holds the lock.
int take_lock(const Location& where) {
  const std::string path = where.path + kLockSuffix;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail(where.given, "cannot open the lock file " + path);
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) return fd;
  const int error = errno;
  ::close(fd);
  if (error == EAGAIN || error == EACCES) return -1;
  fail(where.given, "cannot lock " + path, error);
}

// Expands a stub file into the databases it lists, following stubs that list stubs.
void expand_stub(const std::string& stub_file, std::vector<std::string>& chain,
                 std::vector<schema::StubEntry>& out) {
  std::error_code error;
  const std::string key = fs::weakly_canonical(stub_file, error).string();
  if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
    std::string cycle;
    for (auto it = std::find(chain.begin(), chain.end(), key); it != chain.end(); ++it) {
      cycle += *it + " → ";
    }
    throw IndexError(stub_file, "stub files list each other in a cycle: " + cycle + key);
  }
  if (chain.size() >= kMaxStubDepth) {
    throw IndexError(stub_file, "stub files nested more than " + std::to_string(kMaxStubDepth) +
                                    " deep (a chain of stubs listing stubs)");
  }
  chain.push_back(key);
  for (schema::StubEntry& entry : schema::read_stub(stub_file)) {
    if (!entry.remote) {
      if (const auto nested = schema::stub_file_of(entry.location)) {
        expand_stub(*nested, chain, out);
        continue;
      }
    }
    out.push_back(std::move(entry));
  }
  chain.pop_back();
}

}  // namespace

// The journal: "key value" lines, written to a temporary file, synced and renamed over the old
// one, its directory synced — so it is always a complete record, of the old intent or the new.
struct Writer::Journal {
  std::string op;      // create | bulk | compact
  std::string target;  // compact: "." for the index itself, or a shard's name
  std::string fresh;   // identity_of the complete new database, once it is complete

  static std::string path_for(const Location& where) { return where.path + kJournalSuffix; }

  static std::optional<Journal> read(const Location& where) {
    const std::string path = path_for(where);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::error_code error;
      if (!fs::exists(path, error)) return std::nullopt;
      throw IndexError(where.given, "cannot read the journal " + path);
    }
    Journal journal;
    std::string line;
    bool valid = std::getline(in, line) && line == "bahth-journal 1";
    while (valid && std::getline(in, line)) {
      const auto space = line.find(' ');
      const std::string key = line.substr(0, space);
      const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
      if (key == "op") journal.op = value;
      if (key == "target") journal.target = value;
      if (key == "fresh") journal.fresh = value;
    }
    valid = valid && (journal.op == "create" || journal.op == "bulk" || journal.op == "compact");
    if (journal.op == "compact") {
      valid = valid && (journal.target == "." || journal.target.starts_with("shard-"));
    }
    if (!valid) {
      throw IndexError(where.given, "the journal " + path +
                                        " is not one bahth wrote; nothing was changed. Check "
                                        "the index and its neighbours, then remove the journal");
    }
    return journal;
  }

  void write(const Location& where) const {
    const std::string path = path_for(where);
    const std::string temporary = path + ".tmp";
    std::ostringstream text;
    text << "bahth-journal 1\nop " << op << '\n';
    if (!target.empty()) text << "target " << target << '\n';
    if (!fresh.empty()) text << "fresh " << fresh << '\n';
    const std::string content = text.str();
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(where.given, "cannot write the journal " + temporary);
    const bool written =
        ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
        ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!written) fail(where.given, "cannot write the journal " + temporary, error);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
      fail(where.given, "cannot write the journal " + path);
    }
    sync_directory(parent_of(path));
  }

  static void clear(const Location& where) {
    const std::string path = path_for(where);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      fail(where.given, "cannot remove the journal " + path);
    }
    sync_directory(parent_of(path));
  }

  std::string target_path(const Location& where) const {
    return target == "." ? where.path : (fs::path(where.path) / target).string();
  }
};

namespace {

// Refuses to work where a directory of ours is already there without a journal owning it: it is
// someone else's (or a bahth older than the journal), and only its owner may remove it.
void refuse_stray(const std::string& scratch, const std::string& name) {
  std::error_code error;
  if (fs::exists(scratch, error)) {
    throw IndexError(name, scratch +
                               " exists but no journal of bahth's owns it; move it away "
                               "(or remove it if it is a leftover you do not need)");
  }
}

}  // namespace

Location resolve(const std::string& db_path) {
  if (db_path.empty()) throw UsageError("--db: an empty path");
  fs::path given = fs::path(db_path).lexically_normal();
  if (!given.has_filename() && given != given.root_path()) given = given.parent_path();
  Location location;
  location.given = given.empty() ? std::string(".") : given.string();
  fs::path real = fs::absolute(given).lexically_normal();
  if (!real.has_filename() && real.has_relative_path()) real = real.parent_path();
  std::error_code error;
  for (int hops = 0; fs::is_symlink(real, error); ++hops) {
    if (hops == 40) throw IndexError(location.given, "too many levels of symbolic links");
    const fs::path target = fs::read_symlink(real, error);
    if (error) throw IndexError(location.given, "cannot read the link: " + error.message());
    real = (target.is_absolute() ? target : real.parent_path() / target).lexically_normal();
    if (!real.has_filename() && real.has_relative_path()) real = real.parent_path();
  }
  real = fs::weakly_canonical(real, error);
  if (error) throw IndexError(location.given, "cannot resolve the path: " + error.message());
  if (!real.has_relative_path()) {
    throw IndexError(location.given, "the root directory cannot hold an index");
  }
  location.path = real.string();
  return location;
}

std::string bulk_parts_path(const std::string& db_path) {
  return resolve(db_path).path + kPartsSuffix;
}

namespace {

// What a reader does with a journal. A first build's articles are in its parts until it merges
// them (running, or killed and waiting for the next `bahth index`): the reader searches the parts
// with the index, and returns them. Anything else a killed writer left is completed or undone
// now, when no writer holds the lock (a running writer keeps every step atomic for readers).
std::vector<std::string> repair_for_reading(const Location& where) {
  std::error_code error;
  if (!fs::exists(where.path + kJournalSuffix, error)) return {};
  if (const auto journal = Writer::Journal::read(where);
      journal && journal->op == "bulk" && journal->fresh.empty()) {
    std::vector<std::string> parts;
    for (const auto& entry : fs::directory_iterator(where.path + kPartsSuffix, error)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("part") && is_glass(entry.path().string())) {
        parts.push_back(entry.path().string());
      }
    }
    std::sort(parts.begin(), parts.end());
    return parts;
  }
  const std::string lock_path = where.path + kLockSuffix;
  const int probe = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
  if (probe < 0) return {};  // cannot repair without write access: read what is there
  ::close(probe);
  const int fd = take_lock(where);
  if (fd < 0) return {};
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{fd};
  Writer::recover(where);
  return {};
}

// The index at `where` with the parts of an unmerged first build, if any.
Xapian::Database open_with_parts(const Location& where) {
  for (int attempt = 0;; ++attempt) {
    const std::vector<std::string> parts = repair_for_reading(where);
    Xapian::Database db = open_glass(where.path, where.given);
    try {
      for (const std::string& part : parts) {
        db.add_database(Xapian::Database(part, Xapian::DB_BACKEND_GLASS));
      }
      return db;
    } catch (const Xapian::Error& e) {
      // The build merged its parts and removed them meanwhile: look again.
      if (attempt == 3)
        throw IndexError(where.given, "cannot open the index: " + e.get_description());
    }
  }
}

}  // namespace

IndexError no_index_here(const std::string& name) {
  return IndexError(
      name, "no bahth index here (create one with 'bahth index --db " + name + " FILE...')");
}

RemoteRelay& RemoteRelays::start(const schema::StubEntry& entry, const RemoteOptions& options) {
  relays_.emplace_back(entry.location,
                       std::make_unique<RemoteRelay>(entry.host, entry.port, options.timeout_ms,
                                                     options.max_message));
  return *relays_.back().second;
}

std::optional<RemoteBreach> RemoteRelays::breach(const std::string& location) const {
  for (const auto& [where, relay] : relays_) {
    if (where != location) continue;
    if (auto breach = relay->breach()) return breach;
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, RemoteBreach>> RemoteRelays::any_breach() const {
  for (const auto& [where, relay] : relays_) {
    if (auto breach = relay->breach()) return std::pair(where, *breach);
  }
  return std::nullopt;
}

std::optional<std::string> RemoteRelays::any_stalled() const {
  for (const auto& [where, relay] : relays_) {
    if (relay->stalled()) return where;
  }
  return std::nullopt;
}

Xapian::Database open_for_reading(const std::string& db_path, RemoteRelays& relays,
                                  const RemoteOptions& remote) {
  const Location where = resolve(db_path);
  // Repaired before telling a stub from a database: a killed first `--shards N` build leaves its
  // complete index beside PATH, and the repair's rename is what makes PATH a stub.
  repair_for_reading(where);
  if (const auto stub = schema::stub_file_of(where.path)) {
    std::vector<std::string> chain;
    std::vector<schema::StubEntry> entries;
    expand_stub(*stub, chain, entries);
    Xapian::Database all;
    for (const schema::StubEntry& entry : entries) {
      all.add_database(open_stub_entry(entry, relays, remote));
    }
    return all;
  }
  return open_with_parts(where);
}

Xapian::Database open_for_reading(const std::string& db_path) {
  if (const auto entries = stub_databases(db_path)) {
    for (const schema::StubEntry& entry : *entries) {
      if (entry.remote) {
        throw IndexError(db_path, "lists a remote shard (" + entry.location +
                                      "), which this command cannot open");
      }
    }
  }
  RemoteRelays none;
  return open_for_reading(db_path, none);
}

std::optional<std::vector<schema::StubEntry>> stub_databases(const std::string& db_path) {
  const Location where = resolve(db_path);
  repair_for_reading(where);
  const auto stub = schema::stub_file_of(where.path);
  if (!stub) return std::nullopt;
  std::vector<std::string> chain;
  std::vector<schema::StubEntry> entries;
  expand_stub(*stub, chain, entries);
  return entries;
}

Xapian::Database open_stub_entry(const schema::StubEntry& entry, RemoteRelays& relays,
                                 const RemoteOptions& remote) {
  if (entry.remote) {
    // Xapian's client talks to the relay, never to the server itself: the relay caps what the
    // server may make the client hold (remote_relay.h).
    unsigned port = 0;
    try {
      port = relays.start(entry, remote).port();
    } catch (const RelayConnectError& e) {
      throw Xapian::NetworkError(e.what());
    }
    return Xapian::Remote::open("127.0.0.1", port, remote.timeout_ms, remote.timeout_ms);
  }
  const Location where = resolve(entry.location);
  std::error_code error;
  if (!fs::exists(where.path, error)) {
    throw IndexError(entry.location,
                     "a database this index lists is missing (a shard deleted or moved?); "
                     "restore it: searching without it would answer from part of the index");
  }
  return open_with_parts(where);
}

namespace {

// The holder note: who holds the layout lock, written into the lock file by each Writer that
// takes it ("NAME\nPID\n"), so that the one refused can say who to wait for (or, for a
// server, where to send its writes). Never synced: it only matters while its process lives.
void write_holder_note(int fd, const std::string& holder) {
  const std::string note = holder + "\n" + std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0) return;  // the note is a courtesy: the lock is what counts
  (void)!::pwrite(fd, note.data(), note.size(), 0);
}

std::string lock_holder_message(const Location& where) {
  std::ifstream in(where.path + kLockSuffix);
  std::string holder;
  std::string pid;
  std::getline(in, holder);
  std::getline(in, pid);
  const bool pid_ok = !pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos;
  if (holder == kServeWriterName && pid_ok) {
    return "the index is being written by bahth serve (pid " + pid +
           "), which holds it for as long as it runs with writes enabled: send the change to "
           "it over HTTP (PUT, POST or DELETE /api/articles), or stop the server first";
  }
  return "the index is being written by another process (" +
         (pid_ok ? "pid " + pid + ": " : std::string()) +
         "another 'bahth index', 'bahth delete' or 'bahth compact'?); wait for it to finish";
}

}  // namespace

Writer::Writer(const std::string& db_path, const std::string& holder)
    : location_(resolve(db_path)) {
  std::error_code error;
  fs::create_directories(parent_of(location_.path), error);
  if (error) {
    throw IndexError(location_.given, "cannot create the directory: " + error.message());
  }
  lock_fd_ = take_lock(location_);
  if (lock_fd_ < 0) throw IndexError(location_.given, lock_holder_message(location_));
  write_holder_note(lock_fd_, holder);
  try {
    recover(location_);
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

Writer::~Writer() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void Writer::recover(const Location& where) {
  const std::optional<Journal> journal = Journal::read(where);
  if (!journal) return;
  if (journal->op == "create") {
    const std::string scratch = where.path + kNewSuffix;
    if (!journal->fresh.empty() && identity_of(scratch) == journal->fresh) {
      move_into_place(scratch, where.path);  // it was complete: finish the creation
    } else if (journal->fresh.empty() || identity_of(where.path) != journal->fresh) {
      if (!journal->fresh.empty()) {
        throw IndexError(where.given,
                         "the journal's new index is nowhere to be found; nothing "
                         "was changed");
      }
      remove_owned(scratch);  // half created, and nothing was indexed into it yet
    }
  } else if (journal->op == "compact") {
    const std::string target = journal->target_path(where);
    const std::string scratch = target + kCompactSuffix;
    if (!journal->fresh.empty() && identity_of(target) != journal->fresh) {
      if (identity_of(scratch) != journal->fresh) {
        throw IndexError(where.given, "the journal's compacted copy of " + target +
                                          " is nowhere to be found; nothing was changed");
      }
      exchange(scratch, target);  // the copy was complete: finish the swap
    }
    remove_owned(scratch);  // the old database, or a compaction cut short
  } else {                  // bulk
    const std::string parts = where.path + kPartsSuffix;
    const std::string merged = (fs::path(parts) / "merged").string();
    if (!journal->fresh.empty()) {
      if (identity_of(where.path) != journal->fresh) {
        if (identity_of(merged) != journal->fresh) {
          throw IndexError(where.given,
                           "the journal's merged index is nowhere to be found; nothing was "
                           "changed");
        }
        exchange(merged, where.path);
      }
      remove_owned(parts);
    } else {
      // Killed before the merge was complete: merge the parts again.
      std::error_code error;
      if (fs::exists(merged, error)) remove_owned(merged);
      Xapian::Database all;
      for (const auto& entry : fs::directory_iterator(parts, error)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("part") || !is_glass(entry.path().string())) continue;
        try {
          all.add_database(Xapian::Database(entry.path().string(), Xapian::DB_BACKEND_GLASS));
        } catch (const Xapian::Error& e) {
          throw IndexError(entry.path().string(),
                           "cannot resume the interrupted build from this part (" +
                               e.get_description() + "); delete " + parts +
                               " to build from scratch");
        }
      }
      if (all.get_doccount() > 0) {
        Xapian::WritableDatabase index(where.path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        merge(where, index, all);
        return;
      }
      remove_owned(parts);
    }
  }
  Journal::clear(where);
}

std::size_t Writer::shard_count() const {
  const fs::path stub = fs::path(location_.path) / schema::kStubFileName;
  std::error_code error;
  if (!fs::is_regular_file(stub, error)) return 0;
  const std::vector<schema::StubEntry> entries = schema::read_stub(stub.string());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string expected = schema::shard_path(location_.path, i);
    if (entries[i].remote || fs::path(entries[i].location) != fs::path(expected)) {
      throw IndexError(location_.given,
                       "this is a stub file listing databases elsewhere, not a sharded bahth "
                       "index; index into the shards' own --db");
    }
    if (!is_glass(expected)) {
      throw IndexError(schema::shard_path(location_.given, i),
                       "a shard of this index is missing; restore it (bahth will not recreate "
                       "it empty, which would lose its articles for good)");
    }
  }
  return schema::recorded_shard_count(location_.path);
}

bool Writer::exists() const {
  std::error_code error;
  return is_glass(location_.path) ||
         fs::is_regular_file(fs::path(location_.path) / schema::kStubFileName, error);
}

namespace {

// Runs `build(scratch)` to make a complete new index in PATH.bahth-new, then renames it to PATH
// (missing, or an empty directory). Killed before the rename, the next command removes the
// scratch; after it, the index is there, whole.
template <typename Build>
void create_through_scratch(
    const Location& where, Build build, const std::function<void(const Location&)>& write_intent,
    const std::function<void(const Location&, const std::string&)>& write_fresh) {
  const std::string scratch = where.path + kNewSuffix;
  refuse_stray(scratch, where.given);
  write_intent(where);
  build(scratch);
  sync_directory(scratch);
  write_fresh(where, identity_of(scratch));
  move_into_place(scratch, where.path);
}

}  // namespace

Xapian::WritableDatabase Writer::open_database(
    const std::function<void(Xapian::WritableDatabase&)>& initialise) {
  if (!is_glass(location_.path)) {
    std::error_code error;
    if (fs::exists(location_.path, error) && !is_empty_directory(location_.path)) {
      throw IndexError(location_.given,
                       "this directory is not a Xapian database and is not empty; give --db a "
                       "new or empty directory");
    }
    create_index([&](const std::string& scratch) {
      Xapian::WritableDatabase db(scratch, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
      initialise(db);
      db.commit();
      db.close();
    });
  }
  try {
    Xapian::WritableDatabase db(location_.path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    initialise(db);
    db.commit();
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(location_.given,
                     "the index is being written by another process (another 'bahth "
                     "index'?); wait for it to finish");
  } catch (const Xapian::DatabaseError& e) {
    throw IndexError(location_.given, "cannot open for writing: " + e.get_msg());
  }
}

std::vector<Xapian::WritableDatabase> Writer::open_shards(
    std::size_t shards,
    const std::function<void(Xapian::WritableDatabase&, std::size_t)>& initialise) {
  if (!exists()) {
    if (!is_empty_directory(location_.path)) {
      std::error_code error;
      if (fs::exists(location_.path, error)) {
        throw IndexError(location_.given,
                         "exists and is not a bahth index; give --db a new "
                         "directory for " +
                             std::to_string(shards) + " shards");
      }
    }
    create_index([&](const std::string& scratch) {
      fs::create_directories(scratch);
      for (std::size_t i = 0; i < shards; ++i) {
        const std::string shard = schema::shard_path(scratch, i);
        Xapian::WritableDatabase db(shard, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        initialise(db, i);
        db.commit();
        db.close();
        sync_directory(shard);
      }
      schema::write_shard_stub(scratch, shards);
      sync_file((fs::path(scratch) / schema::kStubFileName).string());
    });
  }
  shard_count();  // every shard is there
  std::vector<Xapian::WritableDatabase> dbs;
  for (std::size_t i = 0; i < shards; ++i) {
    const std::string shard = schema::shard_path(location_.path, i);
    try {
      dbs.emplace_back(shard, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError&) {
      throw IndexError(shard,
                       "the index is being written by another process (another 'bahth "
                       "index'?); wait for it to finish");
    }
    initialise(dbs.back(), i);
    dbs.back().commit();
  }
  return dbs;
}

void Writer::create_index(const std::function<void(const std::string&)>& build) {
  create_through_scratch(
      location_, build,
      [](const Location& where) {
        Journal{"create", "", ""}.write(where);
      },
      [](const Location& where, const std::string& fresh) {
        Journal{"create", "", fresh}.write(where);
      });
  Journal::clear(location_);
}

std::string Writer::begin_bulk_build() {
  std::string parts = location_.path + kPartsSuffix;
  refuse_stray(parts, location_.given);
  Journal{"bulk", "", ""}.write(location_);
  fs::create_directories(parts);
  sync_directory(parent_of(parts));
  return parts;
}

void Writer::merge_parts(Xapian::WritableDatabase& index, const Xapian::Database& parts) {
  if (parts.get_doccount() == 0) {
    remove_owned(location_.path + kPartsSuffix);
    Journal::clear(location_);
    return;
  }
  merge(location_, index, parts);
}

// The merge of a first build, from its parts: compacted into PARTS/merged, the index's metadata
// (its recorded analysis) committed there, then swapped with the (empty) index in one step.
void Writer::merge(const Location& where, Xapian::WritableDatabase& index, Xapian::Database parts) {
  const std::string parts_dir = where.path + kPartsSuffix;
  const std::string merged = (fs::path(parts_dir) / "merged").string();
  std::error_code error;
  if (fs::exists(merged, error)) remove_owned(merged);
  try {
    parts.compact(merged, Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseCorruptError& e) {
    // The parts are written without fsync (only this merge's result is synced), so a power loss
    // during the build can leave one torn; a process kill cannot. Nothing of the index is lost.
    throw IndexError(parts_dir, "cannot merge the interrupted build's parts, one is damaged (" +
                                    e.get_description() +
                                    "; a power loss during the build can do this); delete " +
                                    parts_dir + " and index again");
  }
  {
    Xapian::WritableDatabase result(merged, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    for (auto key = index.metadata_keys_begin(); key != index.metadata_keys_end(); ++key) {
      result.set_metadata(*key, index.get_metadata(*key));
    }
    result.commit();
    result.close();
  }
  sync_directory(merged);
  Journal{"bulk", "", identity_of(merged)}.write(where);
  index.close();
  exchange(merged, where.path);
  index = Xapian::WritableDatabase(where.path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  remove_owned(parts_dir);
  Journal::clear(where);
}

void Writer::compact_in_place(const std::string& target, Xapian::WritableDatabase& db) {
  const std::string scratch = target + kCompactSuffix;
  refuse_stray(scratch, location_.given);
  const std::string name = target == location_.path ? "." : fs::path(target).filename().string();
  Journal{"compact", name, ""}.write(location_);
  db.compact(scratch, Xapian::DB_BACKEND_GLASS);
  db.close();
  sync_directory(scratch);
  Journal{"compact", name, identity_of(scratch)}.write(location_);
  exchange(scratch, target);
  remove_owned(scratch);
  Journal::clear(location_);
}

void Writer::compact_into(Xapian::Database sources, const std::string& into,
                          const std::function<void(Xapian::WritableDatabase&)>& finish) {
  Writer target(into);
  if (target.exists() ||
      (fs::exists(target.location_.path) && !is_empty_directory(target.location_.path))) {
    throw IndexError(into, "already exists; --into needs a new (or empty) directory");
  }
  target.create_index([&](const std::string& scratch) {
    sources.compact(scratch, Xapian::DB_BACKEND_GLASS);
    Xapian::WritableDatabase db(scratch, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    finish(db);
    db.commit();
    db.close();
  });
}

}  // namespace bahth::store
