// schema/layout: where an index lives on disk — one database, or shards under a stub file —
// and what a Xapian stub file lists, one line at a time. Opening, locking and changing an index
// on disk is store/store.h's job.
//
// A sharded index at PATH is a directory:
//   PATH/XAPIANDB   a Xapian stub file, one line per shard ("auto shard-0", ...), so that
//                   Xapian (and `bahth search --db PATH`, `quest -d PATH`) opens PATH as one
//                   database; lines may be edited into "remote HOST:PORT" for shards served by
//                   xapian-tcpsrv elsewhere.
//   PATH/shard-I    glass database I of N; article → shard_of(id, N). Every shard records N and
//                   I in its metadata, so later runs route each article to the same shard.
#ifndef BAHTH_SCHEMA_LAYOUT_H_
#define BAHTH_SCHEMA_LAYOUT_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::schema {

inline constexpr std::string_view kMetaShards = "bahth.shards";     // N, in every shard
inline constexpr std::string_view kMetaShardIndex = "bahth.shard";  // I, from 0
inline constexpr std::string_view kStubFileName = "XAPIANDB";       // Xapian's name for it

/// Most shards an index may have (`bahth index --shards` takes at most this many).
inline constexpr std::size_t kMaxShards = 256;

/// Largest file read as a stub file: 256 shards named by long absolute paths fit many times.
inline constexpr std::uintmax_t kMaxStubFileBytes = 256u << 10;

/// PATH/shard-I.
std::string shard_path(const std::string& db_path, std::size_t shard);

/// The number of shards of the sharded index at `db_path` (as recorded in its first shard),
/// or 0 when `db_path` is not a sharded bahth index. Throws IndexError when `db_path` holds a
/// stub file but no local shards (a stub listing databases elsewhere cannot be written to).
std::size_t recorded_shard_count(const std::string& db_path);

/// Writes PATH/XAPIANDB listing PATH/shard-0 … shard-(N-1), replacing any earlier one atomically.
void write_shard_stub(const std::string& db_path, std::size_t shards);

/// One database listed by a stub file.
struct StubEntry {
  std::size_t line = 0;  // 1-based line of the stub file, for messages
  bool remote = false;
  std::string location;  // local: the path, resolved against the stub's directory;
                         // remote: "HOST:PORT" as written
  std::string host;      // remote only
  unsigned port = 0;     // remote only
};

/// The stub file for `path`: `path` itself when it is a file, PATH/XAPIANDB when `path` is a
/// directory holding one; nullopt otherwise (a plain database, or nothing).
std::optional<std::string> stub_file_of(const std::string& path);

/// Reads a stub file (Xapian 1.4 syntax: "auto|glass|chert PATH", "remote HOST:PORT", "#"
/// comments). Throws IndexError naming the file and line for what bahth cannot open itself
/// (remote programs, "remote :PROG", in-memory databases, malformed lines).
std::vector<StubEntry> read_stub(const std::string& stub_file);

/// Bytes taken by the files under `path` (or by the file `path`).
std::uint64_t disk_size(const std::string& path);

/// When the newest commit under `path` was made, in seconds since the epoch: the newest
/// modification time of a glass version file (`iamglass`, which Xapian rewrites at every commit)
/// in `path` and its shards. 0 when there is none (a remote shard, an empty directory).
std::int64_t last_commit_seconds(const std::string& path);

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_LAYOUT_H_
