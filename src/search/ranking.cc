#include "ranking.h"

namespace bahth::search {

Xapian::BM25Weight ranking_weight() {
  constexpr double kK1 = 1.0;
  constexpr double kK2 = 0.0;
  constexpr double kK3 = 1.0;
  constexpr double kB = 0.5;
  constexpr double kMinNormalizedLength = 0.2;
  return Xapian::BM25Weight(kK1, kK2, kK3, kB, kMinNormalizedLength);
}

double exact_bonus_idf_power(std::size_t words) {
  if (words <= kIdfScaledUpTo) return 1.0;
  if (words >= kUnscaledFrom) return 0.0;
  return static_cast<double>(kUnscaledFrom - words) /
         static_cast<double>(kUnscaledFrom - kIdfScaledUpTo);
}

}  // namespace bahth::search
