// Groups near-duplicate articles by their MinHash signatures (schema/duplicates.h), so the
// searcher can fold each group into one result with Xapian's collapse key.
#ifndef BAHTH_INDEX_DUPLICATE_GROUPS_H_
#define BAHTH_INDEX_DUPLICATE_GROUPS_H_

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace bahth::index {

/// One document's signature, as stored in schema::kSignatureSlot.
struct SignedDocument {
  Xapian::docid docid = 0;
  std::string signature;
};

/// The group key of every document that has a near-duplicate (estimated Jaccard at least
/// schema::kDuplicateThreshold, found through the LSH bands; groups are closed under that
/// relation), as (docid, key) sorted by docid. A group's key comes from its lowest docid's
/// signature, so adding articles keeps the keys of existing groups.
std::vector<std::pair<Xapian::docid, std::string>> find_duplicate_groups(
    const std::vector<SignedDocument>& documents);

/// Recomputes the groups of the whole database and rewrites the group values that changed.
/// Returns how many documents are in a group of two or more.
std::size_t sync_duplicate_groups(Xapian::WritableDatabase& db);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DUPLICATE_GROUPS_H_
