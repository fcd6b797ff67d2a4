// The user's synonyms at query time (`bahth index --synonyms FILE`, `bahth synonyms`): a query
// word or phrase that is an entry of a group is searched with the group's other entries as one
// word, as the learned spelling variants are (variants.h).
#ifndef BAHTH_SEARCH_SYNONYMS_H_
#define BAHTH_SEARCH_SYNONYMS_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "bahth/stemmers.h"
#include "schema/schema.h"

namespace bahth::search {

/// The entries of `groups` that a word or phrase with these stems meets: the other entries of
/// every group one of whose entries has exactly these stems, each once, in the file's order.
std::vector<std::string> synonyms_of(const std::vector<std::string>& stems,
                                     const schema::SynonymGroups& groups, const Analyzer& analyzer);

/// `query` (parsed from `normalized`) with the synonyms stored in `db` applied. A one-word entry
/// that is a stem term of the query (unprefixed or of a field; alone or with its spelling
/// variants in an OP_SYNONYM) becomes OP_SYNONYM of itself and the group's other entries in the
/// same field, a one-word entry as its stem term and a longer one as a phrase of its stems. With
/// `add_phrases`, an entry of several words that the query's words hold in a row is ORed in the
/// same way (not when the query restricts its matches with AND, NOT, +word or -word: it would
/// widen them). Operators are walked as with_spelling_variants walks them. The query is returned
/// as it is when the index holds no synonyms or the analysis has no stems. The stored groups are
/// read from `db` (the revision it has open: a reopened searcher meets a change) but parsed and
/// analysed once per stored value and analysis, not per query.
Xapian::Query with_user_synonyms(const Xapian::Query& query, std::string_view normalized,
                                 const Xapian::Database& db, const Analysis& analysis,
                                 bool add_phrases);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_SYNONYMS_H_
