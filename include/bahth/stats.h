// bahth/stats.h: what an index holds, for `bahth stats`.
#ifndef BAHTH_STATS_H_
#define BAHTH_STATS_H_

#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

namespace bahth {

struct IndexSummary {
  std::string db_path;
  std::uint64_t documents = 0;
  std::uint64_t distinct_terms = 0;  // including prefixed and stem terms
  double average_words = 0;          // words indexed per document (title, body, captions)
  std::string stemmer;               // light | snowball | none
  std::string analyzer;              // e.g. norm1+light1
  std::string first_date;            // YYYY-MM-DD, or empty when no article has a date
  std::string last_date;
  std::uint64_t undated = 0;             // documents without a date
  std::uint64_t disk_bytes = 0;          // size of the database files
  std::uint64_t shards = 1;              // databases listed by the stub file of a sharded index
  std::int64_t last_commit_seconds = 0;  // since the epoch, of the newest local commit; 0: unknown
  std::vector<std::pair<std::string, std::uint64_t>> sections;  // most articles first
  std::vector<std::pair<std::string, std::uint64_t>> sources;   // outlets, the same way
};

/// Reads the summary of the index at `db_path`. Throws IndexError naming the path when it is
/// missing or not a bahth index.
IndexSummary describe_index(const std::string& db_path);

}  // namespace bahth

#endif  // BAHTH_STATS_H_
