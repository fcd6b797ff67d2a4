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

// `group` (sorted, holding `stem`) cut to `stem` and the first `others` other stems.
void keep_within(std::vector<std::string>& group, const std::string& stem, std::size_t others) {
  std::vector<std::string> kept;
  for (std::string& spelling : group) {
    if (spelling == stem || others > 0) {
      if (spelling != stem) --others;
      kept.push_back(std::move(spelling));
    }
  }
  group = std::move(kept);
}

// Adds to `group` each stem of `stems` it does not hold yet.
void add_new(std::vector<std::string>& group, std::vector<std::string> stems) {
  for (std::string& stem : stems) {
    if (std::find(group.begin(), group.end(), stem) == group.end()) {
      group.push_back(std::move(stem));
    }
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
  const std::string stem(split.word);
  std::vector<std::string> group = variant_group(db, stem, &over_limit);
  if (over_limit) {
    warn_once(budget, "the spelling variants stored for '" + stem + "' are over the limit of " +
                          std::to_string(schema::kMaxVariantsPerStem) + " a word, of " +
                          std::to_string(schema::kMaxVariantStemBytes) +
                          " bytes each; only those within it are searched (a damaged or "
                          "tampered index? rebuild it)");
  }
  if (group.size() - 1 > budget.terms_left) {
    warn_once(budget, "the query's words have more than " +
                          std::to_string(kMaxVariantTermsPerQuery) +
                          " spelling variants in all; only the first are searched");
    keep_within(group, stem, budget.terms_left);
  }
  if (group.size() < 2) return leaf;
  budget.terms_left -= group.size() - 1;
  // In the group's order, whichever spelling was typed, so that each gives the same query.
  std::vector<Xapian::Query> spellings;
  spellings.reserve(group.size());
  for (const std::string& spelling : group) {
    spellings.push_back(spelling == stem ? leaf
                                         : Xapian::Query(std::string(split.prefix) + spelling));
  }
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

}  // namespace

std::vector<std::string> variant_group(const Xapian::Database& db, const std::string& stem,
                                       bool* over_limit) {
  bool over = false;
  std::vector<std::string> group{stem};
  add_new(group, schema::read_variants(db, stem, &over));
  const std::size_t own = group.size();
  // Breadth first from `stem`; at most kMaxVariantGroupStems reads.
  for (std::size_t next = 1; next < group.size() && group.size() <= kMaxVariantGroupStems; ++next) {
    bool read_over = false;
    add_new(group, schema::read_variants(db, group[next], &read_over));
    over = over || read_over;
  }
  if (group.size() > kMaxVariantGroupStems) group.resize(own);  // a chain: its own pairs only
  std::sort(group.begin(), group.end());
  if (over_limit != nullptr) *over_limit = over;
  return group;
}

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
