#include "ranking.h"

#include "schema/champions.h"

namespace bahth::search {

Xapian::BM25Weight ranking_weight() {
  // In schema, since the champion lists the indexer stores are ordered by them.
  constexpr schema::Bm25Parameters kBm25 = schema::kRankingBm25;
  return Xapian::BM25Weight(kBm25.k1, kBm25.k2, kBm25.k3, kBm25.b, kBm25.min_normalized_length);
}

double exact_bonus_idf_power(std::size_t words) {
  if (words <= kIdfScaledUpTo) return 1.0;
  if (words >= kUnscaledFrom) return 0.0;
  return static_cast<double>(kUnscaledFrom - words) /
         static_cast<double>(kUnscaledFrom - kIdfScaledUpTo);
}

bool variants_count_as_typed(std::size_t words) { return words < kUnscaledFrom; }

}  // namespace bahth::search
