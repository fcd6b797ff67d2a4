#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

#include "bahth/compact.h"
#include "bahth/error.h"
#include "champion_lists.h"
#include "position_table_writer.h"
#include "schema/layout.h"
#include "schema/position_table.h"
#include "schema/schema.h"
#include "store/posix_file.h"
#include "store/revision_mark.h"
#include "store/spelling_overlay.h"
#include "store/store.h"

namespace bahth {
namespace {

namespace fs = std::filesystem;

// Opens one database of the index for writing: Xapian's lock, on top of the store's, keeps out
// writers that know only Xapian's.
Xapian::WritableDatabase lock_database(const std::string& path, const std::string& name) {
  std::error_code ec;
  // Without iamglass Xapian's open fails too, but leaves its flintlock behind: a later 'bahth
  // index --db' of that empty directory was refused as "not empty".
  if (!fs::is_directory(path, ec) || !store::is_glass(path)) {
    throw store::no_index_here(name);
  }
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(db, name);
    if (!recorded.present) throw IndexError(name, "an empty index; nothing to compact");
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(name,
                     "the index is being written by another process (a 'bahth index'?); "
                     "compact it when that has finished");
  } catch (const Xapian::Error& e) {
    throw IndexError(name, "cannot open the index: " + e.get_description());
  }
}

void check_target(const std::string& into, const store::Location& source) {
  const store::Location target = store::resolve(into);
  if (target.path == source.path) {
    throw UsageError("--into " + into +
                     ": that is the index itself; leave --into out to compact "
                     "in place");
  }
  const fs::path inside = fs::path(target.path).lexically_relative(source.path);
  if (!inside.empty() && *inside.begin() != "..") {
    throw UsageError("--into " + into + ": inside the index " + source.given +
                     "; give a directory outside it");
  }
  std::error_code ec;
  if (fs::exists(target.path, ec) &&
      !(fs::is_directory(target.path, ec) && fs::is_empty(target.path, ec))) {
    throw IndexError(into, "already exists; --into needs a new (or empty) directory");
  }
}

// Stores the champion lists of a compacted database and notes them in `report`.
void add_champion_lists(Xapian::WritableDatabase& db, std::size_t length, CompactReport& report) {
  const auto start = std::chrono::steady_clock::now();
  const index::ChampionListsReport lists = index::write_champion_lists(db, length);
  report.champion_terms = lists.terms;
  report.champion_bytes = lists.bytes;
  report.champion_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Whether a compaction of `db` writes a position table: when its stems carry the positions (with
// `--stemmer none` the words do, and they stay in Xapian's table).
bool stems_carry_positions(const Xapian::Database& db, const std::string& name) {
  return schema::read_recorded_analysis(db, name).stemmer != StemmerKind::none;
}

// How far a compaction of `db` alone moves its docids down: Xapian's compaction closes the gap
// before its first article (docid - (first - 1)), and the old position table's docids are the
// source's.
Xapian::docid renumbering_of(const Xapian::Database& db) {
  const Xapian::PostingIterator first = db.postlist_begin("");
  return first == db.postlist_end("") ? 0 : *first - 1;
}

// Writes the position table of `source` into a compaction's side metadata, and notes it in
// `report`.
void add_position_table(const Xapian::Database& source, Xapian::docid renumbered_by,
                        Xapian::WritableDatabase& side, CompactReport& report) {
  const index::PositionTableReport table = index::write_position_table(source, renumbered_by, side);
  report.position_terms = table.terms;
  report.position_bytes = table.bytes;
  report.position_seconds = table.seconds;
}

}  // namespace

CompactReport compact_index(const CompactOptions& options) {
  // The store's lock is held from here to the end: no `bahth index` can slip in between the
  // compaction and the swap.
  store::Writer store(options.db_path);
  const std::string& path = store.location().path;
  const std::string& name = store.location().given;
  CompactReport report;
  const std::size_t shards = store.shard_count();
  report.shards = shards == 0 ? 1 : shards;
  std::vector<std::string> parts;
  if (shards == 0) {
    parts.push_back(path);
  } else {
    for (std::size_t i = 0; i < shards; ++i) parts.push_back(schema::shard_path(path, i));
  }
  if (!options.into.empty()) check_target(options.into, store.location());
  std::vector<Xapian::WritableDatabase> locked;
  locked.reserve(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    locked.push_back(lock_database(parts[i], shards == 0 ? name : schema::shard_path(name, i)));
  }
  if (!options.position_table) {
    for (const Xapian::WritableDatabase& db : locked) {
      if (schema::position_table_generation(db)) {
        throw UsageError("--xapian-positions: " + name +
                         " keeps its positions in bahth's position table, and a compaction "
                         "cannot give them back to Xapian; index it again with --threads 1 to have "
                         "them there");
      }
    }
  }
  report.bytes_before = schema::disk_size(path);
  try {
    if (options.into.empty()) {
      // The shards of a sharded index get no lists: a search over them weighs each word by the
      // statistics of all, which a shard's lists were not chosen by. Their old ones (none, unless
      // a bahth wrote some) are dropped with the compaction's commit.
      const std::size_t length = shards == 0 ? options.champion_length : 0;
      // Nor a position table: a shard is what a xapian-tcpsrv serves, and Xapian's server cannot
      // check a phrase on bahth's table (search/phrase_check.h).
      const bool table =
          shards == 0 && options.position_table && stems_carry_positions(locked[0], name);
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const Xapian::docid renumbered_by = renumbering_of(locked[i]);
        const Xapian::Database source = locked[i];
        std::function<void(Xapian::WritableDatabase&)> metadata;
        if (table) {
          metadata = [&](Xapian::WritableDatabase& side) {
            add_position_table(source, renumbered_by, side, report);
          };
        }
        store.compact_in_place(
            parts[i], locked[i],
            [&](Xapian::WritableDatabase& compacted) {
              add_champion_lists(compacted, length, report);
            },
            metadata);
      }
      report.result_path = name;
    } else {
      // One database holding every document, with the recorded analysis kept (the same in every
      // source; compaction keeps the first source's metadata) and the shard records dropped.
      // The band terms are in the merged index only if every shard has them.
      Xapian::Database all;
      bool band_terms = true;
      for (const Xapian::WritableDatabase& db : locked) {
        all.add_database(db);
        band_terms = band_terms && schema::has_band_terms(db);
      }
      // One database compacted into another gets a new table (its old one's docids are the
      // source's). Shards merged keep Xapian's positions (they have no table: see above);
      // compacting the result in place gives it one.
      const bool table =
          shards == 0 && options.position_table && stems_carry_positions(locked[0], name);
      std::function<void(Xapian::WritableDatabase&)> metadata;
      if (table) {
        metadata = [&](Xapian::WritableDatabase& side) {
          add_position_table(locked[0], renumbering_of(locked[0]), side, report);
        };
      }
      // The copy of one database keeps its docids when its first document is docid 1 (the
      // variants' state samples by docid), and with them its passes, when they were in step
      // (at the database's revision mark): it gets its mark, so that its first run stays
      // incremental. Shards merged into one are renumbered, and keep the first one's state only.
      const bool passes_in_step = shards == 0 && store::at_recorded_revision(parts[0], locked[0]) &&
                                  renumbering_of(locked[0]) == 0;
      store::Writer::compact_into(
          all, options.into,
          [&](Xapian::WritableDatabase& merged) {
            merged.set_metadata(std::string(schema::kMetaShards), "");
            merged.set_metadata(std::string(schema::kMetaShardIndex), "");
            if (!band_terms) merged.set_metadata(std::string(schema::kMetaBandTerms), "");
            // The sources' spelling overlays are not copied: their words go into the table.
            for (std::size_t i = 0; i < parts.size(); ++i) {
              store::fold_overlay_into(parts[i], locked[i], merged);
            }
            add_champion_lists(merged, options.champion_length, report);
          },
          metadata, passes_in_step);
      report.result_path = options.into;
    }
  } catch (const Xapian::Error& e) {
    throw IndexError(name, "cannot compact: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    throw IndexError(name, std::string("cannot compact: ") + e.what());
  }
  report.bytes_after =
      schema::disk_size(options.into.empty() ? path : store::resolve(options.into).path);
  return report;
}

}  // namespace bahth
