// store/names: every file name of an index, in one place (as leveldb's filename.h), so that the
// writer, the reader, recovery and the indexer's bulk build can never disagree on one.
//
// Beside an index at PATH (resolved: absolute, a symlink followed, never replaced) the store
// keeps, all in PATH's parent directory so that every rename stays on one file system:
//   PATH.bahth-lock      the layout lock (an OFD lock on this file, never removed): every writer
//                        (`index`, `compact`) holds it from its first step to its last, and a
//                        reader takes it only to repair what a killed writer left;
//   PATH.bahth-journal   the intent of the multi-step change in progress (store/journal.h),
//                        written through PATH.bahth-journal.tmp;
//   PATH.bahth-new       a new index being created (then renamed to PATH);
//   PATH.bahth-parts     the parts of a first multi-thread build (partI), merged at its end into
//                        PATH.bahth-parts/merged, which is then swapped with PATH (with the
//                        position table the parts kept aside merged in through
//                        PATH.bahth-parts/merged-metadata);
//   PATH.bahth-compact   (or SHARD.bahth-compact) a compacted copy, swapped in atomically with
//                        renameat2(RENAME_EXCHANGE).
// Inside the index's directory (and each shard's), so that it moves, copies and is swapped out
// with the database whose words it holds:
//   PATH/bahth-spelling  the spelling overlay (store/spelling_overlay.h), a small database for
//                        the words that entered the "did you mean" table since its last fold;
//   PATH/bahth-revision  the revision a bahth writer last left the database at
//                        (store/revision_mark.h), written through PATH/bahth-revision.tmp.
// The shards of a sharded index and its stub file are named by schema/layout.h.
#ifndef BAHTH_STORE_NAMES_H_
#define BAHTH_STORE_NAMES_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace bahth::store {

/// Where a --db path points.
struct Location {
  std::string given;  // as the user wrote it, without a trailing slash: what messages name
  std::string path;   // absolute, symlinks followed: where the index really is
};

inline std::string lock_path(const Location& where) { return where.path + ".bahth-lock"; }
inline std::string journal_path(const Location& where) { return where.path + ".bahth-journal"; }
inline std::string journal_temporary_path(const Location& where) {
  return journal_path(where) + ".tmp";
}
inline std::string new_index_path(const Location& where) { return where.path + ".bahth-new"; }

/// PATH.bahth-parts, given the resolved PATH.
inline std::string parts_path(const std::string& resolved) { return resolved + ".bahth-parts"; }
inline std::string parts_path(const Location& where) { return parts_path(where.path); }

/// Part `i` of a bulk build, in the parts directory `parts_dir`.
inline std::string part_path(const std::string& parts_dir, std::size_t i) {
  return (std::filesystem::path(parts_dir) / ("part" + std::to_string(i))).string();
}
/// True for the name (not the path) of a part in the parts directory.
inline bool is_part_name(std::string_view name) { return name.starts_with("part"); }
/// Where the parts are merged before the result is swapped with the index.
inline std::string merged_path(const std::string& parts_dir) {
  return (std::filesystem::path(parts_dir) / "merged").string();
}

/// The metadata the merge of the parts merges in (their position table), before it is.
inline std::string merged_metadata_path(const std::string& parts_dir) {
  return (std::filesystem::path(parts_dir) / "merged-metadata").string();
}

/// The compacted copy of `target` (the index, or one of its shards), before the swap.
inline std::string compact_path(const std::string& target) { return target + ".bahth-compact"; }

/// The metadata a compaction of `target` merges in (Writer::compact_in_place), before it is.
inline std::string compact_metadata_path(const std::string& target) {
  return target + ".bahth-compact-metadata";
}

/// The spelling overlay of the database (the index, or a shard) at `database`.
inline std::string spelling_overlay_path(const std::string& database) {
  return (std::filesystem::path(database) / "bahth-spelling").string();
}

/// The revision mark of the database (the index, or a shard) at `database`.
inline std::string revision_mark_path(const std::string& database) {
  return (std::filesystem::path(database) / "bahth-revision").string();
}

}  // namespace bahth::store

#endif  // BAHTH_STORE_NAMES_H_
