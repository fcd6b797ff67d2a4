// schema/store: the one owner of an index on disk (DESIGN.md's "layout" row). Nothing else
// opens an index, takes its lock, renames or removes its directories.
//
// Beside an index at PATH (resolved: absolute, a symlink followed, never replaced) the store
// keeps, all in PATH's parent directory so that every rename stays on one file system:
//   PATH.bahth-lock      the layout lock (an OFD lock on this file, never removed): every writer
//                        (`index`, `compact`) holds it from its first step to its last, and a
//                        reader takes it only to repair what a killed writer left;
//   PATH.bahth-journal   the intent of the multi-step change in progress, written and synced
//                        (with its directory) before the change's first rename: which operation,
//                        and once the new database is complete, its inode. The next command
//                        that opens the index completes the change or undoes it, then removes
//                        the journal. A directory is removed only when the journal says the
//                        operation owns it;
//   PATH.bahth-new       a new index being created (then renamed to PATH);
//   PATH.bahth-parts     the parts of a first multi-thread build, merged at its end;
//   PATH.bahth-compact   (or SHARD.bahth-compact) a compacted copy, swapped in atomically with
//                        renameat2(RENAME_EXCHANGE).
#ifndef BAHTH_SCHEMA_STORE_H_
#define BAHTH_SCHEMA_STORE_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "schema/layout.h"
#include "schema/remote_relay.h"

namespace bahth::store {

/// Where a --db path points.
struct Location {
  std::string given;  // as the user wrote it, without a trailing slash: what messages name
  std::string path;   // absolute, symlinks followed: where the index really is
};

/// Resolves `db_path`: "DB/" is "DB"; a symlink (even one whose target does not exist yet) is
/// followed, so the index is written where it points and the link stays a link.
Location resolve(const std::string& db_path);

/// The error for a --db `name` where no index exists, telling how to make one.
IndexError no_index_here(const std::string& name);

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

/// Opens one database listed by a stub: a local glass database (never a stub: those are
/// expanded already), or a remote one through a relay added to `relays`, which caps its
/// messages at `remote.max_message`. Throws Xapian::NetworkError for an unreachable remote (and
/// one that sent a message over the cap: relays.breach() tells them apart), IndexError for a
/// local one.
Xapian::Database open_stub_entry(const schema::StubEntry& entry, RemoteRelays& relays,
                                 const RemoteOptions& remote = {});

/// The holder name `bahth serve` gives its writer: another writer refused the lock is told to
/// send its changes to the server instead.
inline constexpr const char* kServeWriterName = "bahth serve";

/// A writer's hold on an index for a whole command: resolves the path, takes the layout lock
/// (IndexError "being written by another process" when someone has it, naming its pid, and
/// saying so when it is a server), notes itself as the holder (`holder`, e.g. "bahth index"),
/// and completes or undoes what a killed command left, including the merge of an interrupted
/// first build.
class Writer {
 public:
  explicit Writer(const std::string& db_path, const std::string& holder = "");
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  const Location& location() const { return location_; }

  /// Shards recorded by the sharded index at this path; 0 when it is not one. Throws IndexError
  /// naming a shard that is missing, or when the path is a stub listing databases elsewhere.
  std::size_t shard_count() const;

  /// True when a database (plain or sharded) is here.
  bool exists() const;

  /// Opens the plain database, or creates it — in PATH.bahth-new, with `initialise` run and
  /// committed there, then renamed into place — so that an index never exists half created.
  Xapian::WritableDatabase open_database(
      const std::function<void(Xapian::WritableDatabase&)>& initialise);

  /// Opens the N shards of a sharded index (all must exist), or creates them and their stub the
  /// same way as open_database (`initialise(db, i)` for shard i).
  std::vector<Xapian::WritableDatabase> open_shards(
      std::size_t shards,
      const std::function<void(Xapian::WritableDatabase&, std::size_t)>& initialise);

  /// Starts a first multi-thread build: records it, and returns the directory for its parts.
  std::string begin_bulk_build();

  /// Merges `parts` (their writers closed by the caller after this returns) into the index:
  /// compacts them beside it, copies the index's metadata (its recorded analysis) into the
  /// result and commits it, then swaps it with the index in one atomic exchange and removes the
  /// parts. `index` is closed and reopened on the new database.
  void merge_parts(Xapian::WritableDatabase& index, const Xapian::Database& parts);

  /// Compacts the database at `target` (the index, or one of its shards), held open in `db`,
  /// and swaps the result in atomically. `db` is closed.
  void compact_in_place(const std::string& target, Xapian::WritableDatabase& db);

  /// Compacts `sources` (the index's databases) into a new index at `into`, created through the
  /// same journal as open_database (so never half there), and runs `finish` on it before it
  /// takes its place.
  static void compact_into(Xapian::Database sources, const std::string& into,
                           const std::function<void(Xapian::WritableDatabase&)>& finish);

  /// The journal of a multi-step change (store.cc).
  struct Journal;

  /// Completes or undoes the change the journal of `where` records, merging the parts of an
  /// interrupted first build. REQUIRES: the layout lock is held.
  static void recover(const Location& where);

 private:
  void create_index(const std::function<void(const std::string&)>& build);
  static void merge(const Location& where, Xapian::WritableDatabase& index, Xapian::Database parts);

  Location location_;
  int lock_fd_ = -1;
};

/// PATH.bahth-parts, for messages and tests.
std::string bulk_parts_path(const std::string& db_path);

}  // namespace bahth::store

#endif  // BAHTH_SCHEMA_STORE_H_
