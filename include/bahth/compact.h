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
};

struct CompactReport {
  std::string result_path;  // where the compacted index is
  std::size_t shards = 1;   // of the source (1: one database)
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
};

/// Compacts the index at `options.db_path` with Xapian::Database::compact.
/// - In place: each database (or each shard) is compacted into a temporary directory beside it,
///   which then takes its place; the stub of a sharded index stays as it is.
/// - Into a directory: the result is one database holding every document — for a sharded index,
///   the shards merged — with the recorded analysis kept and the shard records dropped. The
///   source is left as it was.
/// The index's lock (every shard's) is held throughout. Throws IndexError naming the path when
/// the index is missing, not a bahth index, being written by `bahth index`, or `into` exists
/// and is not empty; UsageError when `into` is the index itself.
CompactReport compact_index(const CompactOptions& options);

}  // namespace bahth

#endif  // BAHTH_COMPACT_H_
