// Learns spelling variants of names and loanwords (ترامب/ترمب, امريك/اميركي,
// غوتيريش/غوتيريس) from the index, and stores them as Xapian synonyms (schema::variant_key)
// that the query parser ORs in with OP_SYNONYM, so the spellings score as one word.
#ifndef BAHTH_INDEX_SPELLING_VARIANTS_H_
#define BAHTH_INDEX_SPELLING_VARIANTS_H_

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth::index {

inline constexpr Xapian::doccount kMinVariantDocs = 10;         // rarer stems are not worth a pass
inline constexpr std::size_t kMinVariantLetters = 4;            // shorter stems collide by chance
inline constexpr std::size_t kMinDictionaryVariantLetters = 6;  // see learn_variant_pairs
inline constexpr double kMinVariantSimilarity = 0.25;           // cosine of the contexts

/// The letters two spellings of one transliterated name share: `stem` (normalized Arabic
/// letters) without its long vowels and hamza seats (ا و ي ء ئ ؤ), with the letters that
/// transliterations swap made one (غ ك → ج, ش → س). Empty when `stem` is not all Arabic letters.
std::string variant_skeleton(std::string_view stem);

/// A stem's context: the stems it co-occurs with, each weighted (by inverse document frequency).
using VariantContext = std::unordered_map<std::string, double>;

/// A pair of stems, smaller first.
using StemPair = std::pair<std::string, std::string>;

/// What the learner reads: the vocabulary (stem → articles holding it), the context of a stem
/// (asked for only the few stems that share a skeleton with another), whether a stem is a word of
/// the dictionary, and the pairs it must not learn.
struct VariantInputs {
  std::unordered_map<std::string, Xapian::doccount> vocabulary;
  std::function<VariantContext(const std::string&)> context_of;
  std::function<bool(const std::string&)> is_dictionary_word;
  std::set<StemPair> exceptions;
};

/// The pairs of stems that share a skeleton, both in at least kMinVariantDocs articles and of at
/// least kMinVariantLetters letters, not both words of the dictionary (variants are names and
/// loanwords; two dictionary words on one skeleton are كتاب/كتب), not an exception, and used in
/// like contexts (cosine at least kMinVariantSimilarity). Sorted.
std::vector<StemPair> learn_variant_pairs(const VariantInputs& inputs);

/// The pairs of data/variant-exceptions.txt as stems of `analyzer`, smaller first.
std::set<StemPair> variant_exceptions(const Analyzer& analyzer);

/// Learns the pairs of the index `db` (its stem terms; contexts from a sample of each stem's
/// articles), replaces its variant synonyms with them and records their number
/// (schema::kMetaVariants). Does nothing with --stemmer none (no stem terms). Returns the number.
std::size_t sync_spelling_variants(Xapian::WritableDatabase& db, StemmerKind stemmer);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_SPELLING_VARIANTS_H_
