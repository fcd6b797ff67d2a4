#include <xapian.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "bahth/compact.h"
#include "bahth/error.h"
#include "schema/layout.h"
#include "schema/schema.h"

namespace bahth {
namespace {

namespace fs = std::filesystem;

// Opens one database of the index for writing, only to hold its lock while it is compacted:
// compacting under a running `bahth index` would lose what it commits meanwhile.
Xapian::WritableDatabase lock_database(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    throw IndexError(
        path, "no bahth index here (create one with 'bahth index --db " + path + " FILE...')");
  }
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(db, path);
    if (!recorded.present) throw IndexError(path, "an empty index; nothing to compact");
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(path,
                     "the index is being written by another process (a 'bahth index'?); "
                     "compact it when that has finished");
  } catch (const Xapian::Error& e) {
    throw IndexError(path, "cannot open the index: " + e.get_description());
  }
}

// Compacts `db` (held open, locked) into a fresh directory beside it, then swaps the two:
// the old one is renamed aside first, so at every moment one complete database is on disk.
void compact_in_place(Xapian::WritableDatabase& db, const std::string& path) {
  const std::string fresh = path + ".bahth-compact";
  const std::string old = path + ".bahth-old";
  fs::remove_all(fresh);
  fs::remove_all(old);
  db.compact(fresh, Xapian::DB_BACKEND_GLASS);
  db.close();
  fs::rename(path, old);
  fs::rename(fresh, path);
  fs::remove_all(old);
}

void check_target(const std::string& into, const std::string& db_path) {
  std::error_code ec;
  if (fs::exists(into, ec) && fs::equivalent(into, db_path, ec)) {
    throw UsageError("--into " + into +
                     ": that is the index itself; leave --into out to compact "
                     "in place");
  }
  if (fs::exists(into, ec) && !(fs::is_directory(into, ec) && fs::is_empty(into, ec))) {
    throw IndexError(into, "already exists; --into needs a new (or empty) directory");
  }
}

// Merges `sources` into one new database at `into`, keeping the recorded analysis (the same in
// every source; compaction keeps the first source's metadata) and dropping the shard records.
void merge_into(const std::vector<Xapian::WritableDatabase>& sources, const std::string& into) {
  Xapian::Database all;
  for (const Xapian::WritableDatabase& db : sources) all.add_database(db);
  fs::remove_all(into);  // an empty directory: Xapian wants to create it
  all.compact(into, Xapian::DB_BACKEND_GLASS);
  Xapian::WritableDatabase merged(into, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  merged.set_metadata(std::string(schema::kMetaShards), "");
  merged.set_metadata(std::string(schema::kMetaShardIndex), "");
  merged.commit();
}

}  // namespace

CompactReport compact_index(const CompactOptions& options) {
  const std::string& path = options.db_path;
  CompactReport report;
  const std::size_t shards = schema::recorded_shard_count(path);
  report.shards = shards == 0 ? 1 : shards;
  std::vector<std::string> parts;
  if (shards == 0) {
    parts.push_back(path);
  } else {
    for (std::size_t i = 0; i < shards; ++i) parts.push_back(schema::shard_path(path, i));
  }
  if (!options.into.empty()) check_target(options.into, path);
  std::vector<Xapian::WritableDatabase> locked;
  locked.reserve(parts.size());
  for (const std::string& part : parts) locked.push_back(lock_database(part));
  report.bytes_before = schema::disk_size(path);
  try {
    if (options.into.empty()) {
      for (std::size_t i = 0; i < parts.size(); ++i) compact_in_place(locked[i], parts[i]);
      report.result_path = path;
    } else {
      merge_into(locked, options.into);
      report.result_path = options.into;
    }
  } catch (const Xapian::Error& e) {
    throw IndexError(path, "cannot compact: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    throw IndexError(path, std::string("cannot compact: ") + e.what());
  }
  report.bytes_after = schema::disk_size(report.result_path);
  return report;
}

}  // namespace bahth
