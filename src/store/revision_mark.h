// store/revision_mark: the revision a bahth writer last left a database (the index, or one of its
// shards) at, recorded in a small file inside the database's directory (names.h).
//
// Why (issue #26). The end passes of a run keep the spelling table and its overlay, the
// near-duplicate groups and the spelling variants' state (index/variant_state.h) in step with the
// index from the articles bahth's own writers change. A commit by anything else (an older bahth,
// which knows nothing of a newer structure; a program writing through Xapian) changes articles
// they never see, and when it leaves the index's size as it was (one article replaced, or one
// added and one deleted) nothing else tells. Every commit moves Xapian's revision, so: a writer
// that finds the database at the revision the file records knows that every commit since its
// passes were last in step was a bahth's, which kept them in step or left them pending
// (schema::kMetaPassesPending); one that finds another revision, or no file, does the passes
// over the whole index.
//
// The file is written after the commit it records (a commit cannot record its own revision
// without changing the database, and a commit that changes nothing must stay free), through a
// temporary name, without fsync: a kill or a power loss between the two leaves the file behind
// the database, which costs the next run its full passes, never a stale structure.
#ifndef BAHTH_STORE_REVISION_MARK_H_
#define BAHTH_STORE_REVISION_MARK_H_

#include <xapian.h>

#include <optional>
#include <string>

namespace bahth::store {

/// The revision recorded for the database at `database_path` (its directory): nullopt when
/// there is no record or it cannot be read.
std::optional<Xapian::rev> recorded_revision(const std::string& database_path);

/// True when `db` (opened from `database_path`) is at the revision recorded for it.
bool at_recorded_revision(const std::string& database_path, const Xapian::Database& db);

/// Records `revision` for the database at `database_path`. Never throws: a record that cannot be
/// written is removed if it can be (the next writer then does the full passes).
void record_revision(const std::string& database_path, Xapian::rev revision);

/// Removes the record (the database's passes are not known to be in step).
void forget_revision(const std::string& database_path);

}  // namespace bahth::store

#endif  // BAHTH_STORE_REVISION_MARK_H_
