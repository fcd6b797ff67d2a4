#include "store/reader.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include "bahth/error.h"
#include "store/journal.h"
#include "store/names.h"
#include "store/posix_file.h"
#include "store/spelling_overlay.h"
#include "store/store.h"

namespace bahth::store {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxStubDepth = 16;

Xapian::Database open_glass(const std::string& path, const std::string& name) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    throw no_index_here(name);
  }
  // A directory that is no index (an empty one, the folder of the articles): said so, not as
  // Xapian's "DIR/iamglass: Failed to open glass revision file for reading".
  if (fs::is_directory(path, error) && !is_glass(path)) {
    if (fs::is_empty(path, error)) throw no_index_here(name);
    throw IndexError(name,
                     "a directory that holds no bahth index (no iamglass file): --db expects the "
                     "directory 'bahth index' made; to index the files in this one, run 'bahth "
                     "index --db NEW_DIR " +
                         name + "'");
  }
  // Opening reads the newest revision's root blocks; a writer that commits twice while it does
  // (a busy `bahth index` or `serve`) recycles them and Xapian says DatabaseModifiedError. A new
  // open reads the revision committed since, so try again: it failed a search on a loaded
  // machine once in a few thousand opens beside a bulk build.
  constexpr int kOpenAttempts = 8;
  for (int attempt = 1;; ++attempt) {
    try {
      return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kOpenAttempts) {
        throw IndexError(name, "cannot open the index: it changed under every one of " +
                                   std::to_string(kOpenAttempts) +
                                   " attempts to read it: " + e.get_msg());
      }
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw IndexError(name, "cannot open the index: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      throw IndexError(name, "cannot open the index: " + e.get_description());
    }
  }
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

// What a reader does with a journal. A first build's articles are in its parts until it merges
// them (running, or killed and waiting for the next `bahth index`): the reader searches the parts
// with the index, and returns them. Anything else a killed writer left is completed or undone
// now, when no writer holds the lock (a running writer keeps every step atomic for readers).
std::vector<std::string> repair_for_reading(const Location& where) {
  std::error_code error;
  if (!fs::exists(journal_path(where), error)) return {};
  if (const auto journal = read_journal(where);
      journal && journal->op == JournalOp::bulk && journal->fresh.empty()) {
    std::vector<std::string> parts;
    for (const auto& entry : fs::directory_iterator(parts_path(where), error)) {
      const std::string name = entry.path().filename().string();
      if (is_part_name(name) && is_glass(entry.path().string())) {
        parts.push_back(entry.path().string());
      }
    }
    std::sort(parts.begin(), parts.end());
    return parts;
  }
  const std::string lock = lock_path(where);
  // Cannot repair without write access: read what is there.
  if (!can_open_for_writing(lock)) return {};
  const int fd = take_lock(lock, where.given);
  if (fd < 0) return {};
  struct Unlock {
    int fd;
    ~Unlock() { release_lock(fd); }
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

std::variant<Xapian::Database, std::vector<schema::StubEntry>> open_or_list_stub(
    const std::string& db_path) {
  const Location where = resolve(db_path);
  repair_for_reading(where);
  const auto stub = schema::stub_file_of(where.path);
  if (!stub) return open_with_parts(where);
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

std::optional<Xapian::Database> open_spelling_overlay(const std::string& db_path,
                                                      const Xapian::Database& main) {
  try {
    return open_overlay_for_reading(resolve(db_path).path, main);
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace bahth::store
