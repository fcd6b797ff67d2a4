// The learned spelling variants (variant_learner.h) kept exact as articles are added, replaced
// and deleted (issue #26; the design and its floor: bench/HISTORY.md, livevar4): a state in the
// index's metadata from which a run's articles update the pairs in work proportional to what
// they touch, equal to a learn over the whole index.
//
// The definition. Context words are the stems of a table fixed when bahth is built
// (variant_words_generator.cc: data/lexicon-ar.txt's counts summed by stem, the most common
// left out), each weighed by the log of the lexicon's tokens over its count. A candidate stem's
// sample is the kVariantSample postings of lowest hash of (docid, stem); its context, the counts
// of the table's words in the sampled articles (the stem itself left out). Two contexts are
// compared by the cosine of their differences from what as many articles of the index are
// expected to hold (the centred cosine): each word's expected count in an article is its share
// of the background (the 1,024 articles of lowest hash of docid) in steps of powers of two, so
// that the words of one outlet's every article (its app's notices, the months) make no contexts
// alike (variant_state.cc, "the background"). A candidate pair (variant_candidates) is learned
// at a cosine of at least kPairCosine, or of at least kSplitCosine when the articles holding both
// are few against chance (the split test of variant_learner.h, in integers: a·b ≥ 5N and
// 5·both·N ≤ 3·a·b, with a and b the stems' document frequencies and N the index's articles);
// a pair whose vowel letter moved across a consonant (vowel_moved) at kPairCosine only while the
// articles holding both are at most 3/5 of what chance predicts (5·both·N ≤ 3·a·b).
//
// The state (schema::kVariantStateKey): the eligible stems by skeleton; each candidate stem's
// sample, partners and context counts; each candidate pair's cosine, its learned flag, and for
// the pairs the split test decides (the band, cosine in [kSplitCosine, kPairCosine), and above it
// those whose vowel moved) its count of articles holding both; and those
// pairs keyed by the largest N at which their split test holds over kFlipBucket, so a run
// re-decides only the band pairs of the buckets N moved through; the background's articles and
// their words' counts. A run that moves a word's step in the background computes every pair's
// cosine again.
#ifndef BAHTH_INDEX_VARIANT_STATE_H_
#define BAHTH_INDEX_VARIANT_STATE_H_

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/stemmers.h"
#include "variant_learner.h"

namespace bahth::index {

inline constexpr double kPairCosine = 0.18;
inline constexpr double kSplitCosine = 0.12;
inline constexpr std::size_t kVariantSample = 20;
inline constexpr std::uint64_t kFlipBucket = 1024;

/// Whether stems `a` and `b` (of one skeleton) place their vowel letters (ا و ي ء ئ ؤ)
/// differently among their consonants: one has such a letter in a gap (before, between or after
/// the consonants) where the other has not, and the other one in another gap (a final ا aside):
/// حمدي/حميد, سبور/سوبر, امريكا/اميركا, not ترامب/ترمب or ماسك/موسك. Such a pair is learned
/// at kPairCosine or above only while the articles holding both its stems are at most 3/5 of
/// what chance predicts (in the band, on the split test as any pair): a vowel letter moved
/// across a consonant makes another word (two names of one story, which meet in its articles;
/// a broken plural) more often than another spelling (which outlets split between them).
bool vowel_moved(std::string_view a, std::string_view b);

/// (hash, docid): a posting of a stem's sample, or an article of the background.
using VariantSampleEntry = std::pair<std::uint64_t, Xapian::docid>;

/// Offers `e` to `heap`, a max-heap holding the `k` lowest entries offered so far (sorted once
/// all are offered). Here for bench/variants_floor.cc too, which samples as the index does.
inline void keep_lowest(std::vector<VariantSampleEntry>& heap, const VariantSampleEntry& e,
                        std::size_t k) {
  if (heap.size() < k) {
    heap.push_back(e);
    std::push_heap(heap.begin(), heap.end());
  } else if (e < heap.front()) {
    std::pop_heap(heap.begin(), heap.end());
    heap.back() = e;
    std::push_heap(heap.begin(), heap.end());
  }
}

/// An article a run added, replaced or deleted, by its docid in the index (the shards combined):
/// whether a version of it was there before the run, and that version's Arabic stem terms
/// (without their prefix), sorted. Its version after the run is what the index holds.
struct VariantChange {
  Xapian::docid docid = 0;
  bool existed = false;
  std::vector<std::string> stems_before;
};

/// The Arabic stems (schema::kStemPrefix terms, without it) of `doc`, sorted.
std::vector<std::string> arabic_stems(const Xapian::Document& doc);

/// The pairs a run learned and those it no longer learns.
struct VariantPairChanges {
  std::vector<StemPair> learned;
  std::vector<StemPair> unlearned;
  bool empty() const { return learned.empty() && unlearned.empty(); }
};

/// Learns the pairs of the whole `index` (which `state` belongs to: its first database) and
/// replaces the state in `state`'s metadata. None, and no state, with --stemmer none. Commits
/// nothing. Throws VariantLearnStopped when `stop_requested` answered true (checked every few
/// articles read); nothing is written then.
std::vector<StemPair> learn_variant_state(Xapian::WritableDatabase& state,
                                          const Xapian::Database& index, const Analysis& analysis,
                                          const std::function<bool()>& stop_requested = {});

/// Updates the state in `state` after a run made `changes` to `index` (each docid once), and
/// returns how the pairs changed; nullopt, having written nothing, when `state` holds no state
/// this bahth can update (none, another version or word table, or one kept for another index
/// size than the changes lead back to): learn_variant_state() is then due. Commits nothing.
std::optional<VariantPairChanges> update_variant_state(Xapian::WritableDatabase& state,
                                                       const Xapian::Database& index,
                                                       const Analysis& analysis,
                                                       const std::vector<VariantChange>& changes);

/// Applies `changes` to the variants stored in `db` (store_spelling_variants' entries, each
/// stem's list kept sorted as it writes them, and schema::kMetaVariants). Commits nothing.
void apply_variant_pair_changes(Xapian::WritableDatabase& db, const VariantPairChanges& changes);

/// Every entry of the state in `db`, key → value (for tests and benchmarks).
std::map<std::string, std::string> variant_state_entries(const Xapian::Database& db);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_VARIANT_STATE_H_
