// store/journal: the record of a multi-step change of an index (as leveldb's version_edit), so
// that the next command to open the index completes the change or undoes it (store.h's recover).
//
// PATH.bahth-journal (store/names.h) is written and synced, with its directory, before the
// change's first rename: which operation, for a compaction which database, and once the new
// database is complete, its identity (dev:inode). It is "key value" lines after a version line:
//   bahth-journal 1
//   op compact
//   target shard-2
//   fresh 2049:1234567
// written to a temporary file, synced and renamed over the old one, its directory synced, so it
// is always a complete record, of the old intent or the new. A directory is removed only when the
// journal says the operation owns it.
#ifndef BAHTH_STORE_JOURNAL_H_
#define BAHTH_STORE_JOURNAL_H_

#include <optional>
#include <string>
#include <string_view>

#include "store/names.h"

namespace bahth::store {

/// The multi-step changes of an index.
enum class JournalOp {
  create,   // a new index built in PATH.bahth-new, then renamed to PATH
  bulk,     // a first multi-thread build: parts in PATH.bahth-parts, merged and swapped in
  compact,  // a compacted copy in TARGET.bahth-compact, swapped with TARGET
};

/// The word for `op` in a journal ("create", "bulk", "compact").
std::string_view op_name(JournalOp op);
/// The operation a journal's word names; nullopt for any other word.
std::optional<JournalOp> parse_op(std::string_view name);

struct Journal {
  JournalOp op = JournalOp::create;
  std::string target;  // compact: "." for the index itself, or a shard's name
  std::string fresh;   // identity_of the complete new database, once it is complete

  /// The database a compaction replaces: the index, or its shard `target`.
  std::string target_path(const Location& where) const;

  bool operator==(const Journal&) const = default;
};

/// The journal's text. `target` and `fresh` are written only when set.
std::string encode(const Journal& journal);
/// The journal `text` records; nullopt when it is not one bahth wrote (no version line, an
/// unknown operation, or a compaction whose target is neither "." nor a shard). Unknown keys
/// are skipped and a repeated key keeps its last value, as every version of bahth read them.
std::optional<Journal> decode(const std::string& text);

/// The journal of the index at `where`; nullopt when there is none. Throws IndexError naming
/// `where.given` when it cannot be read or is not one bahth wrote (nothing is changed then).
std::optional<Journal> read_journal(const Location& where);
/// Replaces the journal of `where` with `journal`, durably (see above).
void write_journal(const Location& where, const Journal& journal);
/// Removes the journal of `where` (done when there is none), durably.
void clear_journal(const Location& where);

}  // namespace bahth::store

#endif  // BAHTH_STORE_JOURNAL_H_
