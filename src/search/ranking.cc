#include "ranking.h"

#include "schema/champions.h"

namespace bahth::search {

Xapian::BM25Weight ranking_weight(const schema::Bm25Parameters& bm25) {
  return Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normalized_length);
}

schema::Bm25Parameters ranking_parameters(std::size_t free_words) {
  return free_words <= kShortQueryUpTo ? schema::kShortQueryBm25 : schema::kPassageBm25;
}

double exact_bonus_idf_power(std::size_t words) {
  if (words <= kIdfScaledUpTo) return 1.0;
  if (words >= kUnscaledFrom) return 0.0;
  return static_cast<double>(kUnscaledFrom - words) /
         static_cast<double>(kUnscaledFrom - kIdfScaledUpTo);
}

bool variants_count_as_typed(std::size_t words) { return words < kUnscaledFrom; }

}  // namespace bahth::search
