// Rewriting a query's tree: spelling variants, the user's synonyms and Latin names each replace
// some nodes of the parsed query (a word's term, or a word with its variants) and rebuild the
// nodes above them. One walk, so that the three agree on which operators can be rebuilt.
#ifndef BAHTH_SEARCH_QUERY_REWRITE_H_
#define BAHTH_SEARCH_QUERY_REWRITE_H_

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace bahth::search {

/// Whether Query(op, subqueries) rebuilds a query of operator `op`: true for the operators a
/// query is fully described by with its subqueries. The others carry parameters (a phrase's
/// window, a scale factor, a value range) that Xapian 1.4 does not let a query be read back with.
/// OP_SYNONYM counts only with `into_synonyms`: for a walk that must reach the words inside a
/// word's variants.
inline bool rebuildable(Xapian::Query::op op, bool into_synonyms) {
  switch (op) {
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_XOR:
      return true;
    case Xapian::Query::OP_SYNONYM:
      return into_synonyms;
    default:
      return false;
  }
}

/// `query` with every node for which `replace` returns a query replaced by it (a node replaced
/// is not walked into), and the rebuildable nodes above rebuilt; a node that cannot be rebuilt
/// is kept whole. `replace` takes a `const Xapian::Query&` and returns an
/// `std::optional<Xapian::Query>`.
template <class Replace>
Xapian::Query rewrite_query(const Xapian::Query& query, Replace& replace,
                            bool into_synonyms = false) {
  if (std::optional<Xapian::Query> replaced = replace(query)) return *std::move(replaced);
  const Xapian::Query::op type = query.get_type();
  if (!rebuildable(type, into_synonyms)) return query;
  std::vector<Xapian::Query> parts;
  parts.reserve(query.get_num_subqueries());
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    parts.push_back(rewrite_query(query.get_subquery(i), replace, into_synonyms));
  }
  return Xapian::Query(type, parts.begin(), parts.end());
}

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUERY_REWRITE_H_
