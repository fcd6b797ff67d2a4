// bahth/compact.h: Xapian's compaction of an index, in place or into a new directory, for
// `bahth compact`. Merging the shards of a sharded index into one database is the same call.
#ifndef BAHTH_COMPACT_H_
#define BAHTH_COMPACT_H_

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t
#include <string>   // std::string

namespace bahth {

struct CompactOptions {
  std::string db_path = "bahth-index";
  std::string into;  // empty: compact in place; else a new directory (must not exist or be empty)
  // Articles in each champion list (docs/scaling.md): for every word in more articles, those
  // where it weighs most, which a search matches instead of all when that gives the same
  // results. Only a result of one database gets them (not the shards of a sharded index
  // compacted in place: a search over shards uses the statistics of all). Off (0) unless asked
  // for: on the 200,000-article synthetic index, L = 3,000 cut the CPU p50 by 26% but raised
  // the p95 by 22%, because the 3 of 30 queries whose bound fails pay both matches
  // (bench/HISTORY.md, "Champion lists at 200,000"). 3,000 is the length to ask for: 1,000
  // proved coordination's window for too few queries.
  std::size_t champion_length = 0;
  // Whether a result of one database keeps its stems' positions in bahth's position table
  // (schema/position_table.h: about a quarter of Xapian's position table's bytes) instead of
  // Xapian's; phrases and NEAR are then checked on it (docs/internals.md, "Positions").
  bool position_table = true;
};

struct CompactReport {
  std::string result_path;  // where the compacted index is
  std::size_t shards = 1;   // of the source (1: one database)
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
  std::size_t champion_terms = 0;    // champion lists written
  std::uint64_t champion_bytes = 0;  // their size, before Xapian's compression
  double champion_seconds = 0;       // wall-clock time spent on them
  std::size_t position_terms = 0;    // stem terms in the position table (0: none written)
  std::uint64_t position_bytes = 0;  // its chunks' bytes
  double position_seconds = 0;       // wall-clock time spent writing it
};

/// Compacts the index at `options.db_path` with Xapian::Database::compact.
/// - In place: each database (or each shard) is compacted into a temporary directory beside it,
///   which then takes its place; the stub of a sharded index stays as it is.
/// - Into a directory: the result is one database holding every document — for a sharded index,
///   the shards merged — with the recorded analysis kept and the shard records dropped. The
///   source is left as it was.
/// Either way a result of one database then gets its champion lists, committed before it takes
/// the index's place. The index's lock (every shard's) is held throughout. Throws IndexError naming
/// the path when the index is missing, not a bahth index, being written by `bahth index`, or `into`
/// exists and is not empty; UsageError when `into` is the index itself.
CompactReport compact_index(const CompactOptions& options);

}  // namespace bahth

#endif  // BAHTH_COMPACT_H_
