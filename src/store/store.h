// store/store: the one owner of an index on disk (DESIGN.md's "layout" row), its writer side.
// Nothing else opens an index, takes its lock, renames or removes its directories.
//
// A Writer holds the layout lock for a whole command and makes every multi-step change (create,
// a first build's merge, compact) atomic: each writes its intent to the journal (journal.h)
// before its first rename, and the next command that opens the index completes or undoes it
// (recover). The files it keeps beside the index are named in names.h, the POSIX steps are in
// posix_file.h, and opening an index for reading (stubs, remote shards) is in reader.h.
#ifndef BAHTH_STORE_STORE_H_
#define BAHTH_STORE_STORE_H_

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/non_copyable.h"
#include "store/names.h"

namespace bahth::store {

/// Resolves `db_path`: "DB/" is "DB"; a symlink (even one whose target does not exist yet) is
/// followed, so the index is written where it points and the link stays a link.
Location resolve(const std::string& db_path);

/// The error for a --db `name` where no index exists, telling how to make one.
IndexError no_index_here(const std::string& name);

/// The holder name `bahth serve` gives its writer: another writer refused the lock is told to
/// send its changes to the server instead.
inline constexpr const char* kServeWriterName = "bahth serve";

/// A writer's hold on an index for a whole command: resolves the path, takes the layout lock
/// (IndexError "being written by another process" when someone has it, naming its pid, and
/// saying so when it is a server), notes itself as the holder (`holder`, e.g. "bahth index"),
/// and completes or undoes what a killed command left, including the merge of an interrupted
/// first build.
class Writer : NonCopyable {
 public:
  explicit Writer(const std::string& db_path, const std::string& holder = "");
  ~Writer();

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
  /// parts. `index` is closed and reopened on the new database. `stop_requested` is asked as the
  /// compaction begins and ends each table: true stops it there, removes its unfinished copy and
  /// returns false, leaving the index, the parts and the journal as they were (readers search
  /// the parts; the next Writer on the index merges them).
  /// Parts that kept their positions aside (schema::PositionBatch) are merged into an index
  /// whose position table holds them (schema::write_position_table_of_parts).
  bool merge_parts(Xapian::WritableDatabase& index, const std::vector<Xapian::Database>& parts,
                   const std::function<bool()>& stop_requested = {});

  /// Compacts the database at `target` (the index, or one of its shards), held open in `db`,
  /// with the words of its spelling overlay folded into the copy's table, runs `finish` on the
  /// result (which commits what it writes), and swaps it in atomically (the overlay leaves with
  /// the old directory). `db` is closed. `metadata`, when given, writes metadata into a side
  /// database that the compaction merges with `db`: its keys take the place of `db`'s, and a key
  /// it sets to kDroppedMetadata is left out of the copy. Written before the compaction, such
  /// metadata is laid out as compactly as the rest; written after it (`finish`), a large
  /// replacement would leave the old one's blocks free in the copy's file. A copy that then holds
  /// a position table (schema/position_table.h) keeps no Xapian positions (the table holds them).
  /// The copy keeps the database's revision mark (store/revision_mark.h) for its own revision
  /// when the database was at it and keeps its docids; else its next writer does the full passes.
  void compact_in_place(const std::string& target, Xapian::WritableDatabase& db,
                        const std::function<void(Xapian::WritableDatabase&)>& finish = {},
                        const std::function<void(Xapian::WritableDatabase&)>& metadata = {});

  /// What compact_in_place's `metadata` sets a key to, to leave it out of the copy.
  static constexpr std::string_view kDroppedMetadata = std::string_view("\0bahth:dropped", 14);

  /// Compacts `sources` (the index's databases) into a new index at `into`, created through the
  /// same journal as open_database (so never half there), and runs `finish` on it before it
  /// takes its place (committing after it). `metadata` as for compact_in_place. With
  /// `passes_in_step` (the caller's word: one database, at its revision mark, whose docids the
  /// compaction keeps) the new index gets its revision mark (store/revision_mark.h) as an
  /// in-place compaction's copy does; else none, and its first writer does the full passes.
  static void compact_into(Xapian::Database sources, const std::string& into,
                           const std::function<void(Xapian::WritableDatabase&)>& finish,
                           const std::function<void(Xapian::WritableDatabase&)>& metadata = {},
                           bool passes_in_step = false);

  /// Completes or undoes the change the journal of `where` records, merging the parts of an
  /// interrupted first build. REQUIRES: the layout lock is held.
  static void recover(const Location& where);

 private:
  void create_index(const std::function<void(const std::string&)>& build);

  Location location_;
  int lock_fd_ = -1;
};

/// PATH.bahth-parts, for messages and tests.
std::string bulk_parts_path(const std::string& db_path);

}  // namespace bahth::store

#endif  // BAHTH_STORE_STORE_H_
