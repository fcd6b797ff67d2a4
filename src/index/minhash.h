// Near-duplicate detection: a MinHash signature of an article's word shingles, computed at index
// time and compared when the index groups the copies of one story (duplicate_groups.h).
//
// Why MinHash and not SimHash: Xapian's collapse key groups *equal* values only, so the index has
// to turn "similar" into "same key" itself. MinHash gives an unbiased estimate of the Jaccard
// similarity of the shingle sets (the quantity a duplicate label is about) and its bands are the
// standard LSH for finding the candidate pairs; SimHash estimates a cosine, whose bit differences
// (about 13 of 64 bits at cosine 0.8) are too many for a band scheme to find cheaply.
#ifndef BAHTH_INDEX_MINHASH_H_
#define BAHTH_INDEX_MINHASH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::index {

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

/// A signature holds two MinHash sketches of kMinHashCount hashes each:
///  - the whole text (title and every body word): the LSH bands run over it, and two articles
///    count as copies only if most of their *whole* texts agree, so two passages that share an
///    opening but go on differently stay apart (ARCD holds many such pairs);
///  - the lead (title and the first half of the body, at least kMinLeadWords words): copies of a
///    story share it, while follow-up stories on one event often repeat the same background
///    paragraphs, and some sites append the same related-story lines to every page, which
///    raise the whole-text overlap of different stories.
/// A pair is a near-duplicate when both similarities reach their threshold (is_near_duplicate).
/// The sketches only find the candidate pairs (kCandidateThreshold); the index then decides on
/// the exact similarities of the two texts' shingles, since an estimate from 64 hashes is off by
/// 0.06 (one standard error) near the thresholds, enough to fold different stories.
/// Thresholds chosen on the tuning half of tests/fixtures/dedup/labels.tsv and checked on the
/// held-out half (bench/dedup_eval.sh, bench/HISTORY.md): the highest recall with no tuning
/// false positive and a margin of about two standard errors of the estimate (0.06) above the
/// nearest tuning negative.
inline constexpr double kWholeThreshold = 0.55;
inline constexpr double kLeadThreshold = 0.55;
inline constexpr std::size_t kMinLeadWords = 60;

/// Both estimates at least this much make a pair a candidate for the exact check: 0.2 below the
/// thresholds, over three standard errors, so a pair that reaches them is almost never missed.
inline constexpr double kCandidateThreshold = 0.35;

/// An article's shingles as hashes, sorted and unique: of the whole text and of the lead.
struct Shingles {
  std::vector<std::uint64_t> whole;
  std::vector<std::uint64_t> lead;
};

/// How a signature stores each MinHash minimum. `compact` (what the index writes): the 32-bit
/// minimum folded to 16 bits (its halves xored), 256 bytes an article; two different minima agree
/// by chance once in 65,536, which moves an estimate by far less than its error (0.06). `wide`:
/// the 32 bits, 512 bytes, as indexes before this form stored them; every reader folds them, so
/// both forms compare, band and digest alike (signature_hash), in one index or across shards.
enum class SignatureForm { compact, wide };

/// Collects the normalized words of one article, in order, and turns them into a signature.
/// Reuse one per thread (reset() between articles) to avoid allocation.
class SignatureBuilder {
 public:
  void reset();
  void add_title_word(std::string_view normalized_word);
  void add_body_word(std::string_view normalized_word);
  /// The signature (2 × kMinHashCount hashes, little-endian, whole text then lead: 256 bytes
  /// compact, 512 wide), or "" when the article has no words.
  std::string finish(SignatureForm form = SignatureForm::compact);
  /// The shingles the signature is made of (for the exact check of a candidate pair).
  Shingles shingles() const;

 private:
  std::size_t lead_words() const;
  template <typename Visit>  // Visit(std::uint64_t shingle, bool in_lead)
  void for_each_shingle(Visit visit) const;

  std::vector<std::uint64_t> word_hashes_;  // title words, then the body's
  std::size_t body_words_ = 0;
};

/// The signature of an article's title and body words, already normalized, in order; for tests
/// and tools.
std::string signature_of_words(const std::vector<std::string>& title_words,
                               const std::vector<std::string>& body_words,
                               SignatureForm form = SignatureForm::compact);

/// Estimated Jaccard similarities of two articles' shingle sets: the fraction of equal hashes
/// of each sketch. Both 0 when either is not a signature (empty, or from another format).
struct Similarity {
  double whole = 0.0;
  double lead = 0.0;
};
Similarity estimated_similarity(std::string_view a, std::string_view b);

/// The exact Jaccard similarities of two articles' shingles.
Similarity exact_similarity(const Shingles& a, const Shingles& b);

/// The decision the index groups by: both similarities at or above their thresholds.
bool is_near_duplicate(const Similarity& similarity);

/// True when estimates this high make the pair worth the exact check.
bool is_candidate(const Similarity& estimate);

/// Bits of a band bucket's key. A bucket is a candidate set, every pair in it is compared, so a
/// key only has to keep unrelated buckets mostly apart: 30 bits leave one chance in a thousand
/// of an extra candidate an article a band at a million articles, and make the band term
/// (schema::band_term) 8 bytes instead of 14 (−13 MB of 320 at 30,758 articles).
inline constexpr unsigned kBandKeyBits = 30;  // schema::kBandKeyBits (band_term)

/// The key of band `band` of a signature's whole-text sketch, below 2^kBandKeyBits (REQUIRES:
/// band < kBands, a valid signature).
std::uint64_t band_key(std::string_view signature, std::size_t band);

/// True for a value that is a signature of either form.
bool is_signature(std::string_view value);

/// Hash `i` (< 2 × kMinHashCount: the whole text's, then the lead's) of a signature of either
/// form, as 16 bits (a wide one folded). REQUIRES: is_signature(signature).
std::uint16_t signature_hash(std::string_view signature, std::size_t i);

/// The collapse key a group of near-duplicates shares: derived from one member's signature, so
/// the same group gets the same key in every run and every shard.
std::string group_key(std::string_view representative_signature);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_MINHASH_H_
