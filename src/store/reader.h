// store/reader: the reader's side of the store, opening an index for searching. A --db is one
// database, a sharded index, or a stub file (nested stubs expanded, cycles reported); remote
// shards are reached through relays (remote_relay.h) that cap what a server may send. Before
// opening, a reader completes or undoes what a killed writer left (store.h's recover) when no
// writer holds the lock, and searches the parts of a first build not merged yet.
// Apart from the writer (store.h) because searching needs none of the writer's protocol, and
// the relay is used by this side only.
#ifndef BAHTH_STORE_READER_H_
#define BAHTH_STORE_READER_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "schema/layout.h"
#include "store/remote_relay.h"

namespace bahth::store {

/// How remote shards (stub lines `remote HOST:PORT`) are reached.
struct RemoteOptions {
  unsigned timeout_ms = 10000;                           // to connect, and for each exchange
  std::uint64_t max_message = kDefaultRemoteMaxMessage;  // the largest message a server may send
};

/// The relays (remote_relay.h) through which the remote databases of a reader were opened. They
/// must outlive those databases: declare it before them (or clear it after dropping them).
class RemoteRelays {
 public:
  /// Starts a relay to `entry` (RelayConnectError when the server cannot be reached).
  RemoteRelay& start(const schema::StubEntry& entry, const RemoteOptions& options);
  /// Set when the relay to `location` ("HOST:PORT") closed a message over the cap.
  std::optional<RemoteBreach> breach(const std::string& location) const;
  /// The first relay that closed a message over the cap, with its location.
  std::optional<std::pair<std::string, RemoteBreach>> any_breach() const;
  /// The first relay whose server stalled (RemoteRelay::stalled), with its location.
  std::optional<std::string> any_stalled() const;
  /// Stops every relay. REQUIRES: the databases opened through them are closed or dropped.
  void clear() { relays_.clear(); }

 private:
  std::vector<std::pair<std::string, std::unique_ptr<RemoteRelay>>> relays_;
};

/// Opens a local index for searching: one database, a sharded index, or a stub file (nested
/// stubs expanded by bahth, cycles reported). Repairs first what a killed writer left, when no
/// writer is running; the parts of a first build not merged yet (running, or killed) are
/// searched with the index. Throws IndexError naming the path when it (or a shard it lists) is
/// missing or not a Xapian database. Remote shards are opened through `relays`.
Xapian::Database open_for_reading(const std::string& db_path, RemoteRelays& relays,
                                  const RemoteOptions& remote = {});

/// The same for an index without remote shards (IndexError when a stub lists one).
Xapian::Database open_for_reading(const std::string& db_path);

/// The databases `db_path` stands for when it is a stub file (or a directory holding one): the
/// stub's lines, with nested stub files expanded. Nullopt for a plain database. Throws
/// IndexError for a cycle of stubs, naming them. Repairs the index first, as open_for_reading.
std::optional<std::vector<schema::StubEntry>> stub_databases(const std::string& db_path);

/// What a searcher reads at `db_path`: the entries of a stub file (as stub_databases), or the
/// database itself opened (as open_for_reading). The path is resolved and repaired once, where
/// asking stub_databases and then open_for_reading does it three times: a search process is
/// short, and this is part of its start.
std::variant<Xapian::Database, std::vector<schema::StubEntry>> open_or_list_stub(
    const std::string& db_path);

/// Opens one database listed by a stub: a local glass database (never a stub: those are
/// expanded already), or a remote one through a relay added to `relays`, which caps its
/// messages at `remote.max_message`. Throws Xapian::NetworkError for an unreachable remote (and
/// one that sent a message over the cap: relays.breach() tells them apart), IndexError for a
/// local one.
Xapian::Database open_stub_entry(const schema::StubEntry& entry, RemoteRelays& relays,
                                 const RemoteOptions& remote = {});

/// The spelling overlay (spelling_overlay.h) of the local database at `db_path` (a plain index,
/// or a database a stub lists), opened as `main`: for Xapian's spelling suggestion only, added to
/// `main` with Database::add_database. Nullopt when it has none worth reading (none, empty,
/// folded into `main` already, or unreadable: a search never fails for it).
std::optional<Xapian::Database> open_spelling_overlay(const std::string& db_path,
                                                      const Xapian::Database& main);

}  // namespace bahth::store

#endif  // BAHTH_STORE_READER_H_
