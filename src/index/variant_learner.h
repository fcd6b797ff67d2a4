// Learns spelling variants of names and loanwords (ترامب/ترمب, امريك/اميركي,
// غوتيريش/غوتيريس) from the index, and stores them in its metadata (schema::variant_key); the
// query builder ORs a word's variants in with OP_SYNONYM, so the spellings score as one word.
#ifndef BAHTH_INDEX_VARIANT_LEARNER_H_
#define BAHTH_INDEX_VARIANT_LEARNER_H_

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/stemmers.h"

namespace bahth::index {

inline constexpr Xapian::doccount kMinVariantDocs = 10;         // rarer stems are not worth a pass
inline constexpr std::size_t kMinVariantLetters = 4;            // shorter stems collide by chance
inline constexpr std::size_t kMinDictionaryVariantLetters = 6;  // see learn_variant_pairs
inline constexpr double kMinVariantSimilarity = 0.25;           // cosine of the contexts
// Two spellings that outlets split between them (امريكية/اميركية) are seldom in one article, and
// their contexts, spread over all of the news, look less alike: a cosine of
// kMinSplitVariantSimilarity is enough when the articles holding both are at most
// kMaxSplitTogetherShare of what chance predicts, and chance predicts at least
// kMinExpectedTogether (so that "fewer" means something). Chosen on both corpora: it lets in the
// four امريك/اميركي/امريكا/اميركا pairs and keeps out روسيا/رئيسيا, باريس/بوريس, امام/اموم.
inline constexpr double kMinSplitVariantSimilarity = 0.17;
inline constexpr double kMaxSplitTogetherShare = 0.6;
inline constexpr double kMinExpectedTogether = 5;

/// The letters two spellings of one transliterated name share: `stem` (normalized Arabic
/// letters) without its long vowels and hamza seats (ا و ي ء ئ ؤ), with the letters that
/// transliterations swap made one (غ ك → ج, ش → س). Empty when `stem` is not all Arabic letters.
std::string variant_skeleton(std::string_view stem);

/// A stem's context: the stems it co-occurs with (each by a number standing for it, sorted, no
/// number twice, the stem itself left out), each weighted by inverse document frequency.
using VariantContext = std::vector<std::pair<std::uint32_t, float>>;

/// A pair of stems, smaller first.
using StemPair = std::pair<std::string, std::string>;

/// The contexts of the stems asked for, read together.
using VariantContexts = std::unordered_map<std::string, VariantContext>;

/// What the learner reads: the vocabulary (stem → articles holding it) of `documents` articles,
/// the contexts of stems (asked for once, for the few stems that share a skeleton with another),
/// how many articles hold both stems of a pair (asked for the few pairs whose contexts are only
/// somewhat alike), whether a stem is a word of the dictionary, and the pairs it must not learn.
struct VariantInputs {
  std::unordered_map<std::string, Xapian::doccount> vocabulary;
  Xapian::doccount documents = 0;
  std::function<VariantContexts(const std::vector<std::string>&)> contexts_of;
  std::function<Xapian::doccount(const StemPair&)> articles_with_both;
  std::function<bool(const std::string&)> is_dictionary_word;
  std::set<StemPair> exceptions;
};

/// The pairs of stems that share a skeleton, both in at least kMinVariantDocs articles and of at
/// least kMinVariantLetters letters, with the same first letter, not two endings of one word
/// (مختف/مختفي, سياس/سياسيا), not a verb and its verbal noun (استهدف/استهداف), one edit apart (two
/// from 5 letters on; swapping neighbours is one edit), not both words of the dictionary (variants
/// are names and loanwords; two dictionary words on one skeleton are كتاب/كتب), not an exception,
/// and used in like contexts (cosine at least kMinVariantSimilarity, or kMinSplitVariantSimilarity
/// for spellings outlets split between them). Sorted. The contexts are asked for a batch of about
/// `pairs_per_batch` candidate pairs at a time (all the pairs of a skeleton in one batch), which
/// bounds the memory they take; the pairs learned do not depend on it.
/// REQUIRES: pairs_per_batch >= 1.
inline constexpr std::size_t kPairsPerContextBatch = 1024;
std::vector<StemPair> learn_variant_pairs(const VariantInputs& inputs,
                                          std::size_t pairs_per_batch = kPairsPerContextBatch);

/// The stems of `pairs`, sorted, each once.
std::vector<std::string> stems_of(const std::vector<StemPair>& pairs);

/// Thrown by a learn whose VariantReading::stop_requested answered true.
struct VariantLearnStopped {};

/// How a learn reads the index; each may be left empty.
struct VariantReading {
  // Asked every few articles read: true stops the learn (it throws VariantLearnStopped).
  std::function<bool()> stop_requested;
  // Opens another reader of the same index (the same databases in the same order, so the same
  // docids): a second thread then reads half of the sampled articles (a Xapian::Database is
  // not thread-safe). Without it, one thread reads them all. The pairs learned are the same.
  std::function<Xapian::Database()> open_reader;
  // Fewer sampled articles than this (in one read of contexts) are read by one thread: a second
  // one would cost more to start (a database to open) than it saves.
  std::size_t min_articles_for_two_threads = 2000;
};

/// What the learner reads, from the index `db` with the exceptions of `analysis`. `db` may be a
/// reader that a writer commits to meanwhile: a read that finds its revision discarded reopens
/// `db` and reads again.
std::unique_ptr<VariantInputs> variant_inputs(const Xapian::Database& db, const Analysis& analysis,
                                              const VariantReading& reading = {});

/// The pairs learn_variant_pairs compares the contexts of: all its checks but the contexts'.
std::vector<StemPair> variant_candidates(const VariantInputs& inputs);

/// The cosine of two contexts.
double variant_similarity(const VariantContext& a, const VariantContext& b);

/// Reads the contexts of stems in the index `db`: a sample of each stem's articles, spread over
/// its posting list, then each sampled article's stem terms, weighted by IDF from `frequencies`
/// (stem → articles holding it; stems missing from it are left out). `frequencies` must outlive
/// the reader, which weighs the vocabulary once for every read(). A read that finds its revision
/// of `db` discarded by a writer's commits reopens `db` (the reader shares it) and reads again;
/// an article deleted meanwhile adds nothing. `reading`: see there.
class VariantContextReader {
 public:
  VariantContextReader(const Xapian::Database& db,
                       const std::unordered_map<std::string, Xapian::doccount>& frequencies,
                       VariantReading reading = {});

  /// The contexts of `stems` in one pass: each sampled article's term list read once, in docid
  /// order.
  VariantContexts read(const std::vector<std::string>& stems) const;

 private:
  // Each context stem by a number, with its weight: looked up for every stem of every sampled
  // article, most of the pass's CPU. Open addressing keeps a lookup to about one cache miss
  // (std::unordered_map's three dependent ones took a third of a one-article run's CPU).
  class StemWeights {
   public:
    using Entry = std::pair<std::uint32_t, float>;
    explicit StemWeights(std::size_t capacity);
    void insert(std::string_view stem, Entry entry);  // a stem not inserted before
    const Entry* find(std::string_view stem) const;   // nullptr when absent
    // Starts loading the slot where `stem` is looked for; returns its hash for find().
    std::size_t prefetch(std::string_view stem) const;
    const Entry* find(std::string_view stem, std::size_t hash) const;
    std::size_t size() const { return size_; }

   private:
    // A stem's first bytes are kept in its slot: most stems fit, and are compared without
    // reaching into the vocabulary's memory.
    static constexpr std::size_t kHeadBytes = 20;
    struct Slot {
      const char* data = nullptr;  // nullptr: empty
      std::size_t hash = 0;
      Entry entry;
      std::uint32_t size = 0;
      std::array<char, kHeadBytes> head{};
    };
    std::vector<Slot> slots_;  // a power of two, at most half full
    std::size_t size_ = 0;
  };

  static constexpr std::size_t kArticlesPerStopCheck = 64;

  using Wanted = std::vector<std::pair<Xapian::docid, std::uint32_t>>;  // docid, stem
  // Adds the entries of the articles of wanted[begin, end) (whole articles) to the contexts of
  // the stems that sampled them; `self` is each stem's own number, left out.
  void read_articles(Xapian::Database& db, const Wanted& wanted, std::size_t begin, std::size_t end,
                     const std::vector<std::uint32_t>& self,
                     std::vector<VariantContext>& contexts) const;
  void read_in_two_threads(const Wanted& wanted, const std::vector<std::uint32_t>& self,
                           std::vector<VariantContext>& contexts) const;

  mutable Xapian::Database db_;  // reopened by read() when a writer discarded its revision
  const std::unordered_map<std::string, Xapian::doccount>& frequencies_;
  StemWeights weights_;
  VariantReading reading_;
};

/// VariantContextReader(db, frequencies).read(stems).
VariantContexts read_variant_contexts(
    const Xapian::Database& db, const std::vector<std::string>& stems,
    const std::unordered_map<std::string, Xapian::doccount>& frequencies);

/// The Arabic stems of the unprefixed field of `db` and the number of articles holding each.
std::unordered_map<std::string, Xapian::doccount> read_stem_frequencies(const Xapian::Database& db);

/// The pairs of data/variant-exceptions.txt as stems of `analyzer`, smaller first.
std::set<StemPair> variant_exceptions(const Analyzer& analyzer);

/// Learns the pairs of the index `db` (its stem terms; contexts from a sample of each stem's
/// articles); `db` may combine the shards of one index, which then learn one set of pairs. None
/// with --stemmer none (no stem terms). `db` and `reading`: as for variant_inputs().
std::vector<StemPair> learn_spelling_variants(const Xapian::Database& db, const Analysis& analysis,
                                              const VariantReading& reading = {});

/// Replaces the variants stored in `db`'s metadata with `pairs` (each stem's entry lists the
/// stems it is paired with) and records their number (schema::kMetaVariants). Commits nothing.
void store_spelling_variants(Xapian::WritableDatabase& db, const std::vector<StemPair>& pairs);

/// How many articles hold both terms `a` and `b`: their posting lists, merged.
Xapian::doccount articles_with_both(const Xapian::Database& db, const std::string& a,
                                    const std::string& b);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_VARIANT_LEARNER_H_
