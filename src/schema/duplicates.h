// Near-duplicate detection: a MinHash signature of an article's word shingles, computed at index
// time and compared when the index groups the copies of one story (see DatabaseWriter).
//
// Why MinHash and not SimHash: Xapian's collapse key groups *equal* values only, so the index has
// to turn "similar" into "same key" itself. MinHash gives an unbiased estimate of the Jaccard
// similarity of the shingle sets (the quantity a duplicate label is about) and its bands are the
// standard LSH for finding the candidate pairs; SimHash estimates a cosine, whose bit differences
// (about 13 of 64 bits at cosine 0.8) are too many for a band scheme to find cheaply.
#ifndef BAHTH_SCHEMA_DUPLICATES_H_
#define BAHTH_SCHEMA_DUPLICATES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::schema {

/// Words per shingle: three-word shingles tell a republished story from another one on the same
/// event, which shares many single words and pairs but few longer runs.
inline constexpr std::size_t kShingleWords = 3;

/// Hash functions in a signature; the Jaccard estimate has a standard error of about
/// sqrt(J(1-J)/64) ≤ 0.06.
inline constexpr std::size_t kMinHashCount = 64;

/// LSH bands of kMinHashCount / kBands hashes each: two articles become a candidate pair when
/// both hashes of one band agree. 32 bands of 2 find a pair at J = 0.3 with probability 0.95 and
/// at J = 0.4 with 0.997; unrelated articles (J below 0.02) rarely meet, so the candidates stay
/// few (the estimate then decides).
inline constexpr std::size_t kBands = 32;

/// Estimated Jaccard similarity of the shingle sets from which two articles count as copies of
/// one story (chosen on tests/fixtures/dedup/labels.tsv, see bench/RESULTS.md).
inline constexpr double kDuplicateThreshold = 0.3;

/// The shingles cover the title and the first half of the body (at least kMinLeadWords words):
/// copies of a story share their lead, while articles on one event share background paragraphs
/// further down, and some sites append the same related-story lines at the end of every page.
/// On the labelled pairs this raised precision from 0.79 to 0.86 at equal recall
/// (bench/RESULTS.md).
inline constexpr std::size_t kMinLeadWords = 60;

/// Collects the normalized words of one article, in order, and turns them into a signature.
/// Reuse one per thread (reset() between articles) to avoid allocation.
class SignatureBuilder {
 public:
  void reset();
  void add_title_word(std::string_view normalized_word);
  void add_body_word(std::string_view normalized_word);
  /// The signature (kMinHashCount 32-bit hashes, little-endian: 256 bytes), or "" when the
  /// article has no words.
  std::string finish();

 private:
  std::vector<std::uint64_t> word_hashes_;  // title words, then the body's
  std::size_t body_words_ = 0;
};

/// The signature of an article's title and body words, already normalized, in order; for tests
/// and tools.
std::string signature_of_words(const std::vector<std::string>& title_words,
                               const std::vector<std::string>& body_words);

/// The fraction of equal hashes of two signatures: an estimate of the shingles' Jaccard
/// similarity. 0 when either is not a signature (empty, or from another format).
double estimated_jaccard(std::string_view a, std::string_view b);

/// The key of band `band` of a signature (REQUIRES: band < kBands, a valid signature).
std::uint64_t band_key(std::string_view signature, std::size_t band);

/// True for a value that is a signature of this format.
bool is_signature(std::string_view value);

/// The collapse key a group of near-duplicates shares: derived from one member's signature, so
/// the same group gets the same key in every run and every shard.
std::string group_key(std::string_view representative_signature);

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_DUPLICATES_H_
