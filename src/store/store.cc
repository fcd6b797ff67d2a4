#include "store/store.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "schema/layout.h"
#include "schema/position_table.h"
#include "store/journal.h"
#include "store/names.h"
#include "store/posix_file.h"
#include "store/revision_mark.h"
#include "store/spelling_overlay.h"

namespace bahth::store {
namespace fs = std::filesystem;

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

// Thrown from Xapian's compaction when a stop was asked for: unwinds it between two tables.
struct MergeStopped {};

// Asks `stop_requested` as Xapian's compaction begins and ends each table (the postings, the
// stored articles, the term lists, the positions, ...): the points where a merge can stop.
class StoppableCompactor : public Xapian::Compactor {
 public:
  explicit StoppableCompactor(const std::function<bool()>& stop_requested)
      : stop_requested_(stop_requested) {}
  void set_status(const std::string& /*table*/, const std::string& /*status*/) override {
    if (stop_requested_ && stop_requested_()) throw MergeStopped{};
  }

 private:
  const std::function<bool()>& stop_requested_;
};

// Glass's file of Xapian's position table: one item per (term, article).
constexpr const char* kXapianPositionFile = "position.glass";

// A compacted copy whose position table (schema/position_table.h) holds every position it has
// keeps no Xapian positions: glass's position table is lazy (a database without the file reads as
// one without positions, and the first position written creates it again), and its file goes
// before the copy takes the index's place. REQUIRES: the copy is closed.
void drop_xapian_positions_if_tabled(const std::string& copy) {
  bool tabled = false;
  {
    Xapian::Database db(copy, Xapian::DB_BACKEND_GLASS);
    tabled = schema::position_table_generation(db).has_value();
  }
  if (!tabled) return;
  std::error_code error;
  fs::remove(fs::path(copy) / kXapianPositionFile, error);
  if (error) {
    throw IndexError(copy, "cannot remove Xapian's positions, which the position table holds: " +
                               error.message());
  }
}

// Resolves a key set both by the index and by a compaction's side metadata: the side's value,
// or none when the side dropped it. Read from the side itself: the order of the tags Xapian
// passes is not the sources' (it follows its merge's queue).
class MetadataOverlayCompactor : public StoppableCompactor {
 public:
  MetadataOverlayCompactor(const Xapian::Database& side,
                           const std::function<bool()>& stop_requested)
      : StoppableCompactor(stop_requested), side_(side) {}
  std::string resolve_duplicate_metadata(const std::string& key, std::size_t num_tags,
                                         const std::string tags[]) override {
    // Glass passes the table's key, the user's key behind its two bytes of metadata mark.
    const std::string_view mark("\0\xc0", 2);
    const std::string user_key = key.starts_with(mark) ? key.substr(mark.size()) : key;
    std::string value = side_.get_metadata(user_key);
    // A key the side does not set, held by several sources (a merge's parts): the first's.
    if (value.empty()) return Xapian::Compactor::resolve_duplicate_metadata(key, num_tags, tags);
    return value == Writer::kDroppedMetadata ? std::string() : value;
  }

 private:
  Xapian::Database side_;
};

// Compacts `sources` into `scratch`, with the metadata `metadata` writes (if given) merged in
// through a side database at `side`, removed after. Items are split across blocks where that
// fills them (Xapian::Compactor::FULL, xapian-compact's default; −0.6 MB at 30,758 articles,
// the term lists most: bench/HISTORY.md, slim3); FULLER's oversize items would slow updates.
// `stop_requested` as for StoppableCompactor.
void compact_with_metadata(Xapian::Database sources, const std::string& scratch,
                           const std::string& side,
                           const std::function<void(Xapian::WritableDatabase&)>& metadata,
                           const std::function<bool()>& stop_requested = {}) {
  if (!metadata) {
    StoppableCompactor compactor(stop_requested);
    sources.compact(scratch, Xapian::DB_BACKEND_GLASS | Xapian::Compactor::FULL, 0, compactor);
    return;
  }
  try {
    {
      // No sync: it is read once, by the compaction below, and a crash leaves it for the
      // journal's recovery to remove.
      Xapian::WritableDatabase written(
          side, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
      metadata(written);
      written.commit();
    }
    sources.add_database(Xapian::Database(side, Xapian::DB_BACKEND_GLASS));
    // Opened apart from the compaction's source: its reads share nothing with the merge's.
    MetadataOverlayCompactor compactor(Xapian::Database(side, Xapian::DB_BACKEND_GLASS),
                                       stop_requested);
    sources.compact(scratch, Xapian::DB_BACKEND_GLASS | Xapian::Compactor::FULL, 0, compactor);
  } catch (...) {
    // A failed compaction leaves no side database to refuse the next one with.
    std::error_code ignored;
    fs::remove_all(side, ignored);
    throw;
  }
  remove_owned(side);
}

// The merge of a first build, from its parts: compacted into PARTS/merged, the index's metadata
// (its recorded analysis) committed there, then swapped with the (empty) index in one step.
// False when `stop_requested` said stop during the compaction: its unfinished copy is removed and
// the index, parts and journal are as a kill during it leaves them (the next run merges again).
bool merge(const Location& where, Xapian::WritableDatabase& index,
           const std::vector<Xapian::Database>& parts,
           const std::function<bool()>& stop_requested = {}) {
  const std::string parts_dir = parts_path(where);
  const std::string merged = merged_path(parts_dir);
  const std::string side = merged_metadata_path(parts_dir);
  std::error_code error;
  if (fs::exists(merged, error)) remove_owned(merged);
  if (fs::exists(side, error)) remove_owned(side);
  Xapian::Database all;
  for (const Xapian::Database& part : parts) all.add_database(part);
  // The positions the parts kept aside become the merged index's position table, in the
  // docids the compaction of the parts in this order gives.
  std::function<void(Xapian::WritableDatabase&)> metadata;
  if (std::any_of(parts.begin(), parts.end(), schema::has_position_batches)) {
    metadata = [&](Xapian::WritableDatabase& written) {
      schema::write_position_table_of_parts(parts, written, Writer::kDroppedMetadata);
    };
  }
  try {
    if (stop_requested && stop_requested()) throw MergeStopped{};
    compact_with_metadata(all, merged, side, metadata, stop_requested);
  } catch (const MergeStopped&) {
    remove_owned(merged);
    return false;
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
  drop_xapian_positions_if_tabled(merged);
  sync_directory(merged);
  write_journal(where, Journal{JournalOp::bulk, "", identity_of(merged)});
  index.close();
  exchange(merged, where.path);
  index = Xapian::WritableDatabase(where.path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  remove_owned(parts_dir);
  clear_journal(where);
  return true;
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
  return parts_path(resolve(db_path).path);
}

IndexError no_index_here(const std::string& name) {
  return IndexError(
      name, "no bahth index here (create one with 'bahth index --db " + name + " FILE...')");
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
  std::ifstream in(lock_path(where));
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
  lock_fd_ = take_lock(lock_path(location_), location_.given);
  if (lock_fd_ < 0) throw IndexError(location_.given, lock_holder_message(location_));
  write_holder_note(lock_fd_, holder);
  try {
    recover(location_);
  } catch (...) {
    release_lock(lock_fd_);
    throw;
  }
}

Writer::~Writer() {
  if (lock_fd_ >= 0) release_lock(lock_fd_);
}

namespace {

// A creation: finished when the new index was complete, else its scratch is removed.
void recover_creation(const Location& where, const Journal& journal) {
  const std::string scratch = new_index_path(where);
  if (!journal.fresh.empty() && identity_of(scratch) == journal.fresh) {
    move_into_place(scratch, where.path);  // it was complete: finish the creation
  } else if (journal.fresh.empty() || identity_of(where.path) != journal.fresh) {
    if (!journal.fresh.empty()) {
      throw IndexError(where.given,
                       "the journal's new index is nowhere to be found; nothing "
                       "was changed");
    }
    remove_owned(scratch);  // half created, and nothing was indexed into it yet
  }
  clear_journal(where);
}

// A compaction: the swap finished when the copy was complete, then the loser removed.
void recover_compaction(const Location& where, const Journal& journal) {
  const std::string target = journal.target_path(where);
  const std::string scratch = compact_path(target);
  if (!journal.fresh.empty() && identity_of(target) != journal.fresh) {
    if (identity_of(scratch) != journal.fresh) {
      throw IndexError(where.given, "the journal's compacted copy of " + target +
                                        " is nowhere to be found; nothing was changed");
    }
    exchange(scratch, target);  // the copy was complete: finish the swap
  }
  remove_owned(scratch);  // the old database, or a compaction cut short
  remove_owned(compact_metadata_path(target));
  clear_journal(where);
}

// A first multi-thread build: the swap finished when the merge was complete, else the parts
// merged again (the merge clears the journal).
void recover_bulk_build(const Location& where, const Journal& journal) {
  const std::string parts = parts_path(where);
  const std::string merged = merged_path(parts);
  if (!journal.fresh.empty()) {
    if (identity_of(where.path) != journal.fresh) {
      if (identity_of(merged) != journal.fresh) {
        throw IndexError(where.given,
                         "the journal's merged index is nowhere to be found; nothing was "
                         "changed");
      }
      exchange(merged, where.path);
    }
    remove_owned(parts);
    clear_journal(where);
    return;
  }
  // Killed before the merge was complete: merge the parts again.
  std::error_code error;
  if (fs::exists(merged, error)) remove_owned(merged);
  // In the order of their numbers, as the build merges them (a part's docids follow the last
  // of the part before).
  std::vector<std::pair<std::size_t, std::string>> found;
  for (const auto& entry : fs::directory_iterator(parts, error)) {
    const std::string name = entry.path().filename().string();
    if (!is_part_name(name) || !is_glass(entry.path().string())) continue;
    std::size_t number = 0;
    std::from_chars(name.data() + 4, name.data() + name.size(), number);
    found.emplace_back(number, entry.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<Xapian::Database> all;
  Xapian::doccount documents = 0;
  for (const auto& [number, path] : found) {
    try {
      all.emplace_back(path, Xapian::DB_BACKEND_GLASS);
      documents += all.back().get_doccount();
    } catch (const Xapian::Error& e) {
      throw IndexError(path, "cannot resume the interrupted build from this part (" +
                                 e.get_description() + "); delete " + parts +
                                 " to build from scratch");
    }
  }
  if (documents > 0) {
    Xapian::WritableDatabase index(where.path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    merge(where, index, all);
    return;
  }
  remove_owned(parts);
  clear_journal(where);
}

}  // namespace

void Writer::recover(const Location& where) {
  const std::optional<Journal> journal = read_journal(where);
  if (!journal) return;
  switch (journal->op) {
    case JournalOp::create:
      recover_creation(where, *journal);
      return;
    case JournalOp::compact:
      recover_compaction(where, *journal);
      return;
    case JournalOp::bulk:
      recover_bulk_build(where, *journal);
      return;
  }
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
  const std::string scratch = new_index_path(where);
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
        write_journal(where, Journal{JournalOp::create, "", ""});
      },
      [](const Location& where, const std::string& fresh) {
        write_journal(where, Journal{JournalOp::create, "", fresh});
      });
  clear_journal(location_);
}

std::string Writer::begin_bulk_build() {
  std::string parts = parts_path(location_);
  refuse_stray(parts, location_.given);
  write_journal(location_, Journal{JournalOp::bulk, "", ""});
  fs::create_directories(parts);
  sync_directory(parent_of(parts));
  return parts;
}

bool Writer::merge_parts(Xapian::WritableDatabase& index,
                         const std::vector<Xapian::Database>& parts,
                         const std::function<bool()>& stop_requested) {
  if (std::all_of(parts.begin(), parts.end(),
                  [](const Xapian::Database& part) { return part.get_doccount() == 0; })) {
    remove_owned(parts_path(location_));
    clear_journal(location_);
    return true;
  }
  return merge(location_, index, parts, stop_requested);
}

void Writer::compact_in_place(const std::string& target, Xapian::WritableDatabase& db,
                              const std::function<void(Xapian::WritableDatabase&)>& finish,
                              const std::function<void(Xapian::WritableDatabase&)>& metadata) {
  const std::string scratch = compact_path(target);
  const std::string side = compact_metadata_path(target);
  refuse_stray(scratch, location_.given);
  refuse_stray(side, location_.given);
  const std::string name = target == location_.path ? "." : fs::path(target).filename().string();
  write_journal(location_, Journal{JournalOp::compact, name, ""});
  // The copy's passes are in step when the database's were, unless the compaction renumbers
  // its documents (the first was deleted): the variants' state samples them by docid.
  const Xapian::PostingIterator first = db.postlist_begin("");
  const bool in_step =
      at_recorded_revision(target, db) && (first == db.postlist_end("") || *first == 1);
  compact_with_metadata(db, scratch, side, metadata);
  {
    // The overlay stays behind in the old directory: its words go into the copy's table.
    Xapian::WritableDatabase copy(scratch, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    fold_overlay_into(target, db, copy);
    copy.commit();
    copy.close();
  }
  db.close();
  if (finish) {
    Xapian::WritableDatabase compacted(scratch, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    finish(compacted);
    compacted.close();
  }
  drop_xapian_positions_if_tabled(scratch);
  if (in_step) record_revision(scratch, Xapian::Database(scratch).get_revision());
  sync_directory(scratch);
  write_journal(location_, Journal{JournalOp::compact, name, identity_of(scratch)});
  exchange(scratch, target);
  remove_owned(scratch);
  clear_journal(location_);
}

void Writer::compact_into(Xapian::Database sources, const std::string& into,
                          const std::function<void(Xapian::WritableDatabase&)>& finish,
                          const std::function<void(Xapian::WritableDatabase&)>& metadata,
                          bool passes_in_step) {
  Writer target(into);
  if (target.exists() ||
      (fs::exists(target.location_.path) && !is_empty_directory(target.location_.path))) {
    throw IndexError(into, "already exists; --into needs a new (or empty) directory");
  }
  const std::string side = compact_metadata_path(target.location_.path);
  refuse_stray(side, into);
  target.create_index([&](const std::string& scratch) {
    compact_with_metadata(sources, scratch, side, metadata);
    Xapian::WritableDatabase db(scratch, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    finish(db);
    db.commit();
    db.close();
    drop_xapian_positions_if_tabled(scratch);
    if (passes_in_step) record_revision(scratch, Xapian::Database(scratch).get_revision());
  });
}

}  // namespace bahth::store
