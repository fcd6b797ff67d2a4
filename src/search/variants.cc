// Spelling variants at query time.
#include "variants.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query_rewrite.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

void warn_once(VariantBudget& budget, std::string warning) {
  if (std::find(budget.warnings.begin(), budget.warnings.end(), warning) == budget.warnings.end()) {
    budget.warnings.push_back(std::move(warning));
  }
}

Xapian::Query term_with_variants(const Xapian::Query& leaf, const Xapian::Database& db,
                                 VariantBudget& budget) {
  const std::string term = *leaf.get_terms_begin();
  const schema::SplitTerm split = schema::split_term(term);
  // Stem terms are "Z" + the field's prefix + the stem (schema.h).
  if (split.prefix.substr(0, schema::kStemPrefix.size()) != schema::kStemPrefix) return leaf;
  if (budget.deadline && std::chrono::steady_clock::now() >= *budget.deadline) {
    warn_once(budget,
              "spelling variants left out: reading them took the whole time budget of the search");
    return leaf;
  }
  bool over_limit = false;
  std::vector<std::string> variants = schema::read_variants(db, split.word, &over_limit);
  if (over_limit) {
    warn_once(budget, "the spelling variants stored for '" + std::string(split.word) +
                          "' are over the limit of " + std::to_string(schema::kMaxVariantsPerStem) +
                          " a word, of " + std::to_string(schema::kMaxVariantStemBytes) +
                          " bytes each; only those within it are searched (a damaged or "
                          "tampered index? rebuild it)");
  }
  if (variants.size() > budget.terms_left) {
    warn_once(budget, "the query's words have more than " +
                          std::to_string(kMaxVariantTermsPerQuery) +
                          " spelling variants in all; only the first are searched");
    variants.resize(budget.terms_left);
  }
  if (variants.empty()) return leaf;
  budget.terms_left -= variants.size();
  std::vector<Xapian::Query> spellings{leaf};
  for (const std::string& variant : variants) {
    spellings.emplace_back(std::string(split.prefix).append(variant));
  }
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

}  // namespace

Xapian::Query with_spelling_variants(const Xapian::Query& query, const Xapian::Database& db,
                                     VariantBudget& budget) {
  auto words = [&](const Xapian::Query& node) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    return term_with_variants(node, db, budget);
  };
  return rewrite_query(query, words);
}

Xapian::Query with_spelling_variants(const Xapian::Query& query, const Xapian::Database& db) {
  VariantBudget budget;
  return with_spelling_variants(query, db, budget);
}

}  // namespace bahth::search
