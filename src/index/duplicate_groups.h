// Groups near-duplicate articles by their MinHash signatures (minhash.h), so the
// searcher can fold each group into one result with Xapian's collapse key.
#ifndef BAHTH_INDEX_DUPLICATE_GROUPS_H_
#define BAHTH_INDEX_DUPLICATE_GROUPS_H_

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "minhash.h"

namespace bahth::index {

/// One document's signature, as stored in schema::kSignatureSlot.
struct SignedDocument {
  Xapian::docid docid = 0;
  std::string signature;
};

/// The shingles of a document's text, for the exact check of a candidate pair.
using ShingleReader = std::function<Shingles(Xapian::docid)>;

/// The shingles of an article's title and body words, as the indexer signs them.
Shingles article_shingles(const Article& article);

/// Told of a document whose stored article cannot be read (schema::StoredTextError: damaged on
/// disk, or tampered with), with the decoder's reason. The pass does not stop: the document's
/// text counts as empty, so it is a near-duplicate of nothing and left out of every group (its
/// intact copies then stand for the story in searches, which leave it out themselves).
using DamagedText = std::function<void(Xapian::docid, const std::string& reason)>;

/// How much the grouping pass may keep besides its few bytes an article (docid, union-find
/// parent, a digest of the signature, a few bands' keys): the shingle sets of recently checked
/// documents. The bound changes the time the pass takes (a document evicted is read and
/// analysed again), never its groups.
struct GroupingOptions {
  std::size_t shingle_cache_bytes = std::size_t{32} << 20;
};

/// What the pass did, for tools that measure it.
struct GroupingStats {
  std::size_t documents = 0;        // with a signature
  std::size_t pairs_compared = 0;   // pairs met in a band, in different groups so far
  std::size_t exact_checks = 0;     // pairs whose estimates made them candidates
  std::size_t signature_reads = 0;  // signatures read for a comparison
  std::size_t shingle_reads = 0;    // texts read and analysed (shingle cache misses)
  std::size_t groups = 0;           // of two or more documents
};

/// The group key of every document that has a near-duplicate, as (docid, key) sorted by docid.
/// Candidate pairs meet in an LSH band of the whole-text sketch and pass is_candidate;
/// with `read_shingles` the exact similarities of their texts decide (is_near_duplicate),
/// without it the estimates do. Groups are closed under that relation. A group's key comes from
/// its lowest docid's signature, so adding articles keeps the keys of existing groups.
/// (In memory, for tests; it runs the same pass as the database's.)
std::vector<std::pair<Xapian::docid, std::string>> find_duplicate_groups(
    std::vector<SignedDocument> documents, const ShingleReader& read_shingles = {},
    const GroupingOptions& options = {});

/// The same over a database's signatures (schema::kSignatureSlot), with the exact check on its
/// stored texts. Reads the signatures band by band and on demand, so its memory is a few bytes
/// an article plus the shingle cache. Calls `visit(docid, key)` in increasing docid order.
/// `damaged_text` is told of each document whose stored article cannot be read (none: such a
/// document is passed over silently).
void for_each_duplicate(const Xapian::Database& db,
                        const std::function<void(Xapian::docid, const std::string&)>& visit,
                        const GroupingOptions& options = {}, GroupingStats* stats = nullptr,
                        const DamagedText& damaged_text = {});

/// Recomputes the groups of the whole database and rewrites the group values that changed.
/// Returns how many documents are in a group of two or more.
std::size_t sync_duplicate_groups(Xapian::WritableDatabase& db,
                                  const DamagedText& damaged_text = {});

/// A grouped document of a first build's part: the part, its docid there, its group key.
struct PartGroupKey {
  std::size_t part = 0;
  Xapian::docid docid = 0;
  std::string key;
};

/// The groups sync_duplicate_groups() would find in the database that compacting `parts` in
/// this order makes (Xapian::Database::compact gives each part's documents the docids after the
/// previous parts'), found in the parts themselves: a first build writes the keys into its
/// parts before it merges them, so the merge lays their values out as a compaction does. Ordered
/// by the docid each document gets in the merged database; `damaged_text` is told of documents
/// by that docid too.
std::vector<PartGroupKey> duplicate_groups_of_parts(const std::vector<Xapian::Database>& parts,
                                                    const DamagedText& damaged_text = {});

/// What a run changed in one database, for update_duplicate_groups().
struct GroupChanges {
  std::vector<Xapian::docid> current;  // the documents added or replaced (some maybe deleted since)
  std::vector<std::string> old_signatures;  // of the versions replaced or deleted
  std::vector<std::string> old_keys;        // their group keys ("": in no group)
  // The words (hashed) of some of `current` as their writer analysed them, by docid: their
  // shingles are made from these instead of from their stored texts read back and analysed
  // again (the same words: bench/HISTORY.md, add100d). At most kMaxKnownWords of them.
  std::unordered_map<Xapian::docid, SignatureBuilder> known_words;
  static constexpr std::size_t kMaxKnownWords = 1'000;
};

/// Brings the groups up to date after `changes` (committed) as sync_duplicate_groups() would,
/// from the groups before them: only the documents that share a band bucket with a changed one
/// (the first kMaxComparedPerBucket of a bucket are compared, as the full pass does) and the
/// groups those were in are regrouped. Finds a bucket's members from its band term's posting
/// list (schema::band_term; in an index without them, schema::has_band_terms, from a scan of
/// every signature: twice at most), and reads the texts of the pairs it checks. Returns false,
/// having changed nothing, when a changed document is among the first kMaxComparedPerBucket of a
/// bucket larger than that, or its old version was in one: which pairs the full pass compares
/// there shifts with the change, so only sync_duplicate_groups() is exact. (A newcomer after a
/// large bucket's first members, as an added article is, leaves them as they were.) Each document's
/// text is read and analysed once (within the shingle cache's bound); `stats`, when given, counts
/// the pairs, checks and texts read.
bool update_duplicate_groups(Xapian::WritableDatabase& db, const GroupChanges& changes,
                             const DamagedText& damaged_text = {}, GroupingStats* stats = nullptr);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DUPLICATE_GROUPS_H_
