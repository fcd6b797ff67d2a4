// Groups near-duplicate articles by their MinHash signatures (schema/duplicates.h), so the
// searcher can fold each group into one result with Xapian's collapse key.
#ifndef BAHTH_INDEX_DUPLICATE_GROUPS_H_
#define BAHTH_INDEX_DUPLICATE_GROUPS_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "schema/duplicates.h"

namespace bahth::index {

/// One document's signature, as stored in schema::kSignatureSlot.
struct SignedDocument {
  Xapian::docid docid = 0;
  std::string signature;
};

/// The shingles of a document's text, for the exact check of a candidate pair.
using ShingleReader = std::function<schema::Shingles(Xapian::docid)>;

/// The shingles of an article's title and body words, as the indexer signs them.
schema::Shingles article_shingles(const Article& article);

/// The group key of every document that has a near-duplicate, as (docid, key) sorted by docid.
/// Candidate pairs meet in an LSH band of the whole-text sketch and pass schema::is_candidate;
/// with `read_shingles` the exact similarities of their texts decide (schema::is_near_duplicate),
/// without it the estimates do. Groups are closed under that relation. A group's key comes from
/// its lowest docid's signature, so adding articles keeps the keys of existing groups.
std::vector<std::pair<Xapian::docid, std::string>> find_duplicate_groups(
    std::vector<SignedDocument> documents, const ShingleReader& read_shingles = {});

/// Recomputes the groups of the whole database and rewrites the group values that changed.
/// Returns how many documents are in a group of two or more.
std::size_t sync_duplicate_groups(Xapian::WritableDatabase& db);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_DUPLICATE_GROUPS_H_
