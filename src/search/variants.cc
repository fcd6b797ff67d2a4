// Spelling variants at query time.
#include "variants.h"

#include <string>
#include <vector>

#include "schema/schema.h"

namespace bahth::search {
namespace {

// Operators whose query is fully described by the operator and its subqueries, so that
// Query(op, subqueries) rebuilds it. The others carry parameters (a phrase's window, a scale
// factor, a value range) that Xapian 1.4 does not let a query be read back with.
bool rebuildable(Xapian::Query::op op) {
  switch (op) {
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_XOR:
      return true;
    default:
      return false;
  }
}

Xapian::Query term_with_variants(const Xapian::Query& leaf, const Xapian::Database& db) {
  const std::string term = *leaf.get_terms_begin();
  const schema::SplitTerm split = schema::split_term(term);
  // Stem terms are "Z" + the field's prefix + the stem (schema.h).
  if (split.prefix.substr(0, schema::kStemPrefix.size()) != schema::kStemPrefix) return leaf;
  const std::vector<std::string> variants = schema::read_variants(db, split.word);
  if (variants.empty()) return leaf;
  std::vector<Xapian::Query> spellings{leaf};
  for (const std::string& variant : variants) {
    spellings.emplace_back(std::string(split.prefix).append(variant));
  }
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

}  // namespace

Xapian::Query with_spelling_variants(const Xapian::Query& query, const Xapian::Database& db) {
  const Xapian::Query::op type = query.get_type();
  if (type == Xapian::Query::LEAF_TERM) return term_with_variants(query, db);
  if (!rebuildable(type)) return query;
  std::vector<Xapian::Query> parts;
  parts.reserve(query.get_num_subqueries());
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    parts.push_back(with_spelling_variants(query.get_subquery(i), db));
  }
  return Xapian::Query(type, parts.begin(), parts.end());
}

}  // namespace bahth::search
