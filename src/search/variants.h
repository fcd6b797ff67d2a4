// Spelling variants at query time: a query word's stem meets the stems the index learned as its
// other spellings (ترامب/ترمب; index/variant_learner.h learns them at the end of `bahth index`).
#ifndef BAHTH_SEARCH_VARIANTS_H_
#define BAHTH_SEARCH_VARIANTS_H_

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace bahth::search {

/// Most variant terms one query is widened with, all its words together. The index's metadata
/// is untrusted (a tampered index, a remote shard): within kMaxVariantsPerStem a stem, a query of
/// 1,000 words could still get 64,000 terms.
inline constexpr std::size_t kMaxVariantTermsPerQuery = 1000;

/// Most stems a learned variant group may hold (the largest the two corpora learn: 7, the
/// spellings of امريكا/اميركي and their adjectives). A larger connected set of pairs is a chain
/// of look-alikes rather than one word's spellings, and its stems keep only their own pairs.
inline constexpr std::size_t kMaxVariantGroupStems = 16;

/// A stem's learned variant group: `stem` and every stem the index's pairs link it to, directly
/// or through other stems of the group (امريكي-اميركي-امريكا-اميركا...), sorted, so that each
/// stem of a group gets the same group, whichever is typed. The pairs the learner stores are
/// symmetric but not transitive (امريكي is paired with اميركي and اميركا, اميركي with امريكيا
/// too), and a word searched with only its own pairs ranked unlike its other spelling. When the
/// linked stems are more than kMaxVariantGroupStems, `stem` and its own pairs (sorted). Just
/// `stem` when it has no variants. `over_limit` as schema::read_variants says it, for any stem
/// read.
std::vector<std::string> variant_group(const Xapian::Database& db, const std::string& stem,
                                       bool* over_limit = nullptr);

/// What widening one query may spend, and what it left out (messages for the user, each
/// naming what the index holds; the caller names the index).
struct VariantBudget {
  std::optional<std::chrono::steady_clock::time_point> deadline;  // then words stay unwidened
  std::size_t terms_left = kMaxVariantTermsPerQuery;
  std::vector<std::string> warnings;
};

/// `query` with every stem term (unprefixed or of a field) that has variants in `db` replaced by
/// OP_SYNONYM of its variant group (variant_group: the term in its place among them), so the
/// spellings score as one word, as Xapian's FLAG_AUTO_SYNONYMS would. The variants come from the
/// index's metadata rather than its synonym table because Xapian 1.4's remote protocol serves the
/// one and not the other. Phrases, NEAR, wildcards and other operators with parameters are left as
/// they are (FLAG_AUTO_SYNONYMS does not expand inside phrases either); the operators the query
/// parser combines words with (OR, AND, AND_NOT, AND_MAYBE, FILTER, XOR) are rebuilt around
/// expanded words. Variants over the limits of `budget` (or past its deadline) are left out, with a
/// warning in it.
Xapian::Query with_spelling_variants(const Xapian::Query& query, const Xapian::Database& db,
                                     VariantBudget& budget);

/// The same with the default budget (no deadline), its warnings dropped.
Xapian::Query with_spelling_variants(const Xapian::Query& query, const Xapian::Database& db);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_VARIANTS_H_
