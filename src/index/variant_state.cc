#include "variant_state.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/analyzer.h"
#include "schema/schema.h"

namespace bahth::index {

namespace detail {
extern const std::string_view kVariantWords_light;     // variant-words-light.txt (CMake)
extern const std::string_view kVariantWords_snowball;  // variant-words-snowball.txt (CMake)
}  // namespace detail

namespace {

constexpr std::string_view kStateVersion = "4";  // a vowel moved: the split test
constexpr std::uint32_t kNoWord = UINT32_MAX;
constexpr std::size_t kArticlesPerStopCheck = 64;
// Candidate stems whose contexts a whole learn counts together (each sampled article's term
// list read once for all of them): bounds the memory the words take.
constexpr std::size_t kStemsPerCountBatch = 1024;

// The context words: a table made at build time (variant_words_generator.cc), read where the
// loader mapped it, sorted by stem: a stem's number is its line, found by bisection (an update
// looks up a few thousand stems), and its weight is computed when asked.
class Words {
 public:
  // Each table is read the first time it is asked for (thread-safe).
  static const Words* of(StemmerKind kind) {
    switch (kind) {
      case StemmerKind::light: {
        static const Words light(detail::kVariantWords_light, "light");
        return &light;
      }
      case StemmerKind::snowball: {
        static const Words snowball(detail::kVariantWords_snowball, "snowball");
        return &snowball;
      }
      case StemmerKind::none:
        break;
    }
    return nullptr;
  }

  std::uint32_t id(std::string_view stem) const {
    std::size_t lo = 0, hi = lines_.size();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      const int c = stem_at(mid).compare(stem);
      if (c == 0) return static_cast<std::uint32_t>(mid);
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return kNoWord;
  }
  float weight(std::uint32_t id) const {
    return static_cast<float>(std::log(tokens_ / static_cast<double>(std::max(count(id), 1U))));
  }
  std::string_view stem_at(std::size_t id) const { return text_.substr(lines_[id], stems_[id]); }
  // A word's place when the table is ordered by the lexicon's count, the most common first
  // (ties by number), and the word at a place: the order the state's counts are coded in.
  std::uint32_t rank(std::uint32_t id) const { return ranks_[id]; }
  std::uint32_t at_rank(std::uint32_t rank) const { return by_rank_[rank]; }
  const std::string& fingerprint() const { return fingerprint_; }
  std::size_t size() const { return lines_.size(); }

 private:
  Words(std::string_view text, const char* name) : text_(text) {
    const std::size_t header_end = text.find('\n');
    const std::string header(text.substr(0, header_end));
    char fingerprint[32] = {};
    unsigned long long tokens = 0;
    std::size_t count = 0;
    if (header_end == std::string_view::npos ||
        std::sscanf(header.c_str(), "bahthvw1 %16s %llu %zu", fingerprint, &tokens, &count) != 3) {
      throw std::logic_error(std::string("the variant words of ") + name + " are damaged");
    }
    fingerprint_ = fingerprint;
    tokens_ = static_cast<double>(tokens);
    lines_.resize(count);
    stems_.resize(count);
    ranks_.resize(count);
    by_rank_.assign(count, kNoWord);
    // Each line's third field is its rank, written by the generator: every process that
    // updates the state reads the table, and sorting it here took 6.7M of an added article's
    // 104M instructions (bench/HISTORY.md, add1fast). One pass over the bytes.
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* at = begin + header_end + 1;
    std::size_t id = 0;
    for (; at < end; ++id) {
      if (id == count) damaged(name);
      const char* p = at;
      while (p < end && *p != '\t') ++p;
      if (p == end) damaged(name);
      lines_[id] = static_cast<std::uint32_t>(at - begin);
      stems_[id] = static_cast<std::uint16_t>(p - at);
      ++p;
      while (p < end && *p != '\t') ++p;  // the count: weight() reads it when asked
      if (p == end) damaged(name);
      std::uint32_t rank = 0;
      for (++p; p < end && *p != '\n'; ++p) rank = rank * 10 + static_cast<std::uint32_t>(*p - '0');
      if (rank >= count || by_rank_[rank] != kNoWord) damaged(name);
      by_rank_[rank] = static_cast<std::uint32_t>(id);
      ranks_[id] = rank;
      at = p + 1;
    }
    if (id != count) damaged(name);
  }

  [[noreturn]] static void damaged(const char* name) {
    throw std::logic_error(std::string("the variant words of ") + name + " are damaged");
  }

  // The lexicon's count of word `id` (its line's second field).
  std::uint32_t count(std::size_t id) const {
    const std::string_view line = line_at(id);
    std::uint32_t n = 0;
    for (const char c : line.substr(line.find('\t') + 1)) {
      if (c == '\t') break;  // the rank follows
      n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return n;
  }

  std::string_view line_at(std::size_t id) const {
    const std::size_t begin = lines_[id];
    const std::size_t end = id + 1 < lines_.size() ? lines_[id + 1] : text_.size();
    std::string_view line = text_.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    return line;
  }

  std::string_view text_;
  std::vector<std::uint32_t> lines_;    // where each word's line starts
  std::vector<std::uint16_t> stems_;    // the bytes of its stem
  std::vector<std::uint32_t> ranks_;    // rank(id)
  std::vector<std::uint32_t> by_rank_;  // at_rank(rank)
  double tokens_ = 0;
  std::string fingerprint_;
};

// The words of a table in a hash table, for a whole learn's millions of lookups (open
// addressing: about one cache miss a lookup).
class HashedWords {
 public:
  explicit HashedWords(const Words& words) {
    std::size_t slots = 16;
    while (slots < 2 * words.size()) slots *= 2;
    slots_.resize(slots);
    for (std::size_t id = 0; id < words.size(); ++id) {
      const std::string_view stem = words.stem_at(id);
      std::size_t i = std::hash<std::string_view>()(stem) & (slots - 1);
      while (slots_[i].id != kNoWord) i = (i + 1) & (slots - 1);
      slots_[i] = {stem, static_cast<std::uint32_t>(id)};
    }
  }
  std::uint32_t id(std::string_view stem) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>()(stem) & mask; slots_[i].id != kNoWord;
         i = (i + 1) & mask) {
      if (slots_[i].stem == stem) return slots_[i].id;
    }
    return kNoWord;
  }

 private:
  struct Slot {
    std::string_view stem;
    std::uint32_t id = kNoWord;
  };
  std::vector<Slot> slots_;
};

// splitmix64's finalizer.
std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

using SampleEntry = VariantSampleEntry;   // (hash, docid)
using Sample = std::vector<SampleEntry>;  // sorted

SampleEntry sample_entry(Xapian::docid docid, std::uint64_t stem_hash) {
  return {mix64(stem_hash ^ (std::uint64_t{docid} * 0x9e3779b97f4a7c15ULL)), docid};
}

// A context as its words' counts in the sample: (word number, count), sorted.
using Counts = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

std::size_t letters(std::string_view arabic) { return arabic.size() / 2; }

// Whether `stem` could ever be paired: long enough, with a skeleton long enough (its document
// frequency decides the rest).
bool may_pair(std::string_view stem) {
  return letters(stem) >= kMinVariantLetters && letters(variant_skeleton(stem)) >= 2;
}

// Whether `letter` (two bytes of a normalized stem) is a long vowel or a hamza seat, the letters
// variant_skeleton() leaves out: ا و ي ء ئ ؤ.
bool is_vowel_letter(std::string_view letter) {
  return letter == "\u0627" || letter == "\u0648" || letter == "\u064A" || letter == "\u0621" ||
         letter == "\u0626" || letter == "\u0624";
}

// Whether the learning of a pair at `cosine` reads the articles holding both its stems (the state
// keeps their count): in the band [kSplitCosine, kPairCosine), and above it where a vowel moved.
bool judged(const StemPair& pair, double cosine) {
  return cosine >= kSplitCosine && (cosine < kPairCosine || vowel_moved(pair.first, pair.second));
}

constexpr std::uint64_t kNeverFlips = UINT64_MAX;

// The largest index size at which the split test holds for stems in `a` and `b` articles, `both`
// of them holding both (0: none): a·b ≥ 5N and 5·both·N ≤ 3·a·b.
std::uint64_t split_flip(Xapian::doccount a, Xapian::doccount b, Xapian::doccount both) {
  const std::uint64_t ab = std::uint64_t{a} * b;
  std::uint64_t t = ab / 5;
  if (both > 0) t = std::min<std::uint64_t>(t, 3 * ab / (5 * std::uint64_t{both}));
  return t;
}

// The largest index size at which `pair` at `cosine` is learned (0: none; kNeverFlips: any). In
// the band, the split test; above it, a pair whose vowel letter moved only while its stems keep
// apart (the articles holding both at most 3/5 of what chance predicts: 5·both·N ≤ 3·a·b, the
// split test without its floor on a·b, so that a small index of two outlets still learns
// امريكا/اميركا), any other pair at any size. `df` gives a stem's article count; it is asked
// only of a pair the counts decide, because in an update it may read the index (a partner stem
// the run did not touch), and most pairs rejudged are not such a pair.
template <class DocFreq>
std::uint64_t flip_of(const StemPair& pair, double cosine, const DocFreq& df,
                      Xapian::doccount both) {
  if (cosine < kSplitCosine) return 0;
  if (cosine < kPairCosine) return split_flip(df(pair.first), df(pair.second), both);
  if (!vowel_moved(pair.first, pair.second) || both == 0) return kNeverFlips;
  return 3 * (std::uint64_t{df(pair.first)} * df(pair.second)) / (5 * std::uint64_t{both});
}

bool decide(std::uint64_t flip, Xapian::doccount documents) {
  return flip > 0 && documents <= flip;
}

// --- the background ------------------------------------------------------------------------
//
// A context is compared with another as its difference from what any kVariantSample articles of
// the index hold (the centred cosine, variant_cosine()), so that the words one outlet puts in
// most of its articles (its app's notices, the months) make no two contexts alike: on one
// outlet's few thousand articles they made unrelated words pairs (BBC alone: باريس/بوريس,
// السويس/السيسي; bench/HISTORY.md, varsmall and varweight). What an article holds is taken from
// the background: the kBackgroundArticles articles of lowest hash of docid among those up to a
// limit (background_limit: the articles a run adds are above it), whose membership a run
// changes only where it replaces or deletes a member, or moves the limit. A word's expected count
// in one article is its share of the background in steps: 3/4 of 1/2^r for a word in at least 1/2^r
// of its articles (r < kShareSteps the largest such), none for a rarer word. A run moves the
// expectation only where a word's count in the background crosses a step; then every cosine is
// computed again (Update::run), and the state stays that of a whole learn.
constexpr std::size_t kBackgroundArticles = 1024;

// The background is drawn from the docids up to a limit that moves in steps of an eighth of the
// power of two below the index's last docid (kBackgroundArticles at least), all of them below
// kBackgroundArticles: the articles a run adds (new docids, above the limit) leave it alone but
// once a step, when it is drawn again.
Xapian::docid background_limit(Xapian::docid last) {
  if (last < kBackgroundArticles) return last;
  Xapian::docid power = 1;
  while (power <= last / 2) power *= 2;
  const Xapian::docid step = std::max<Xapian::docid>(kBackgroundArticles, power / 8);
  return last / step * step;
}
constexpr unsigned kShareSteps = 6;

std::uint64_t background_hash(Xapian::docid docid) {
  return mix64((std::uint64_t{docid} * 0x9e3779b97f4a7c15ULL) ^ 0x6261636b67726f75ULL);
}

// The step of a word `in_background` of `background` articles hold (kShareSteps: rarer than
// all steps).
unsigned share_step(std::uint32_t in_background, std::uint32_t background) {
  if (in_background == 0) return kShareSteps;
  unsigned r = 0;
  while (r < kShareSteps && (std::uint64_t{in_background} << (r + 1)) <= background) ++r;
  return r;
}

double expected_share(unsigned step) {
  return step < kShareSteps ? std::ldexp(0.75, -static_cast<int>(step)) : 0.0;
}

// --- encodings -----------------------------------------------------------------------------

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Throws std::runtime_error at the end of `in` (a damaged entry).
std::uint64_t get_varint(std::string_view in, std::size_t& i) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (i >= in.size()) break;
    const auto b = static_cast<unsigned char>(in[i++]);
    v |= std::uint64_t{b & 0x7FU} << shift;
    if (b < 0x80) return v;
  }
  throw std::runtime_error("damaged variant state entry");
}

struct StemEntry {
  Sample sample;
  std::vector<std::string> partners;  // sorted
  Counts counts;
  // As read: the counts still encoded (most entries an update reads keep them as they are).
  bool counts_encoded = false;
  // Decoded, and the same as read: encoded_counts still codes them (written back as they are).
  bool counts_as_read = false;
  std::string encoded_counts;
};

// How a state codes its stems' counts: by rank (Words::rank, the most common words first), the
// ranks' gaps in Rice codes of a parameter chosen per block of kRiceBlock, then the counts in
// unary: about half the bytes of version 1's varints by word number (issue #30, slim3). A
// state of version 1 is learned again whole: a bahth that wrote one kept no revision mark, so
// the run after it does the full passes anyway (store/revision_mark.h).
constexpr std::size_t kRiceBlock = 64;
constexpr unsigned kRiceBits = 4;           // a block's parameter
constexpr std::uint32_t kUnaryCounts = 16;  // counts from here: 15 ones and an Elias gamma code

struct CountsCode {
  const Words* words = nullptr;
};

// Bits in bytes, the first bit in a byte's lowest.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void put(std::uint64_t bits, unsigned n) {  // n <= 32
    acc_ |= (bits & ((std::uint64_t{1} << n) - 1)) << fill_;
    fill_ += n;
    while (fill_ >= 8) {
      out_.push_back(static_cast<char>(acc_ & 0xFFU));
      acc_ >>= 8;
      fill_ -= 8;
    }
  }
  // n ones and a zero.
  void unary(std::uint64_t n) {
    for (; n >= 32; n -= 32) put(0xFFFFFFFFU, 32);
    put((std::uint64_t{1} << n) - 1, static_cast<unsigned>(n) + 1);
  }
  void finish() {
    if (fill_ > 0) out_.push_back(static_cast<char>(acc_ & 0xFFU));
    acc_ = 0;
    fill_ = 0;
  }

 private:
  std::string& out_;
  std::uint64_t acc_ = 0;
  unsigned fill_ = 0;
};

// Throws std::runtime_error at the end of `in` (a damaged entry). Up to 64 bits are held at a
// time: a unary code is read by counting its ones, not bit by bit (decoding a stem's counts was
// a fifth of an update's instructions bit by bit, of add 100's at 200,000 too; bench/HISTORY.md,
// add1fast and add100c).
class BitReader {
 public:
  BitReader(std::string_view in, std::size_t at) : in_(in), at_(at) {}
  std::uint64_t bits(unsigned n) {  // n <= 32
    if (n == 0) return 0;
    if (fill_ < n) refill(n);
    const std::uint64_t v = acc_ & ((std::uint64_t{1} << n) - 1);
    drop(n);
    return v;
  }
  // The ones before the next zero (the zero read too).
  std::uint64_t unary() {
    std::uint64_t n = 0;
    for (;;) {
      if (fill_ == 0) refill(1);
      const auto ones = std::min(static_cast<unsigned>(std::countr_one(acc_)), fill_);
      if (ones < fill_) {
        drop(ones + 1);
        return n + ones;
      }
      n += fill_;
      acc_ = 0;
      fill_ = 0;
    }
  }

 private:
  // Reads bytes while they fit; throws when fewer than `n` bits are left.
  void refill(unsigned n) {
    while (fill_ <= 56 && at_ < in_.size()) {
      acc_ |= std::uint64_t{static_cast<unsigned char>(in_[at_++])} << fill_;
      fill_ += 8;
    }
    if (fill_ < n) throw std::runtime_error("damaged variant state entry");
  }
  void drop(unsigned n) {
    acc_ = n < 64 ? acc_ >> n : 0;
    fill_ -= n;
  }

  std::string_view in_;
  std::size_t at_;
  std::uint64_t acc_ = 0;  // the next bits, the first lowest; none above fill_
  unsigned fill_ = 0;
};

// Orders (number, value) pairs of distinct numbers below `size` by number: a bitmap of the
// numbers and a table of the values, read back in order (put_counts and decode_counts order a
// stem's 1,000 or so words by rank and back by number: a sort of them took 7% of an add of 100
// articles at 200,000).
void order_by_number(std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                     std::size_t size) {
  thread_local std::vector<std::uint64_t> present;
  thread_local std::vector<std::uint32_t> value;
  if (present.size() < (size + 63) / 64) present.assign((size + 63) / 64, 0);
  if (value.size() < size) value.resize(size);
  for (const auto& [number, v] : pairs) {
    present[number / 64] |= std::uint64_t{1} << (number % 64);
    value[number] = v;
  }
  std::size_t out = 0;
  for (std::size_t w = 0; w < present.size() && out < pairs.size(); ++w) {
    for (std::uint64_t bits = present[w]; bits != 0 && out < pairs.size(); bits &= bits - 1) {
      const auto number = static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits));
      pairs[out++] = {number, value[number]};
    }
    present[w] = 0;
  }
}

unsigned bit_width_of(std::uint64_t v) {
  unsigned n = 0;
  for (; v != 0; v >>= 1) ++n;
  return n;
}

void put_counts(std::string& out, const Counts& counts, const CountsCode& code) {
  put_varint(out, counts.size());
  if (counts.empty()) return;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranked;  // (rank, count)
  ranked.reserve(counts.size());
  for (const auto& [word, count] : counts) ranked.emplace_back(code.words->rank(word), count);
  order_by_number(ranked, code.words->size());
  BitWriter bits(out);
  std::uint32_t next = 0;  // the lowest rank the next word can have
  for (std::size_t first = 0; first < ranked.size(); first += kRiceBlock) {
    const std::size_t last = std::min(ranked.size(), first + kRiceBlock);
    // The gaps less one, and the parameter that codes them in the fewest bits.
    std::uint32_t gaps[kRiceBlock];
    for (std::size_t i = first; i < last; ++i) {
      gaps[i - first] = ranked[i].first - next;
      next = ranked[i].first + 1;
    }
    unsigned best = 0;
    std::uint64_t best_bits = UINT64_MAX;
    for (unsigned k = 0; k < (1U << kRiceBits); ++k) {
      std::uint64_t total = std::uint64_t{k + 1} * (last - first);
      for (std::size_t i = 0; i < last - first; ++i) total += gaps[i] >> k;
      if (total < best_bits) best_bits = total, best = k;
    }
    bits.put(best, kRiceBits);
    for (std::size_t i = 0; i < last - first; ++i) {
      bits.unary(gaps[i] >> best);
      bits.put(gaps[i], best);
    }
  }
  for (const auto& [rank, count] : ranked) {
    const std::uint32_t ones = std::min(count, kUnaryCounts) - 1;
    bits.unary(ones);  // a count below kUnaryCounts ends with the zero
    if (count >= kUnaryCounts) {
      const std::uint32_t rest = count - kUnaryCounts + 1;
      const unsigned width = bit_width_of(rest);
      bits.unary(width - 1);
      bits.put(rest, width - 1);  // below its leading one
    }
  }
  bits.finish();
}

Counts decode_counts(std::string_view in, const CountsCode& code) {
  Counts out;
  std::size_t i = 0;
  if (in.empty()) return out;
  const std::uint64_t n = get_varint(in, i);
  const std::size_t words = code.words->size();
  if (n > words) throw std::runtime_error("damaged variant state entry");
  BitReader bits(in, i);
  out.resize(n);
  std::uint64_t next = 0;
  for (std::size_t first = 0; first < n; first += kRiceBlock) {
    const std::size_t last = std::min<std::size_t>(n, first + kRiceBlock);
    const auto k = static_cast<unsigned>(bits.bits(kRiceBits));
    for (std::size_t j = first; j < last; ++j) {
      const std::uint64_t q = bits.unary();
      const std::uint64_t rank = next + ((q << k) | bits.bits(k));
      if (q >= words || rank >= words) throw std::runtime_error("damaged variant state entry");
      out[j].first = static_cast<std::uint32_t>(rank);
      next = rank + 1;
    }
  }
  for (auto& [rank, count] : out) {
    std::uint64_t c = bits.unary() + 1;
    if (c > kUnaryCounts) throw std::runtime_error("damaged variant state entry");
    if (c == kUnaryCounts) {
      const std::uint64_t width = bits.unary();
      if (width > 31) throw std::runtime_error("damaged variant state entry");
      const auto w = static_cast<unsigned>(width);
      const std::uint64_t rest = (std::uint64_t{1} << w) | bits.bits(w);
      c = rest + kUnaryCounts - 1;
    }
    count = static_cast<std::uint32_t>(c);
    rank = code.words->at_rank(rank);
  }
  order_by_number(out, words);
  return out;
}

// The counts of `e`, decoded the first time they are asked for.
Counts& counts_of(StemEntry& e, const CountsCode& code) {
  if (e.counts_encoded) {
    e.counts = decode_counts(e.encoded_counts, code);
    e.counts_encoded = false;
    e.counts_as_read = true;
  }
  return e.counts;
}

std::string encode_stem(const StemEntry& e, const CountsCode& code) {
  std::string out;
  std::vector<Xapian::docid> docids;
  docids.reserve(e.sample.size());
  for (const auto& s : e.sample) docids.push_back(s.second);
  std::sort(docids.begin(), docids.end());
  put_varint(out, docids.size());
  Xapian::docid last = 0;
  for (const Xapian::docid d : docids) {
    put_varint(out, d - last);
    last = d;
  }
  put_varint(out, e.partners.size());
  for (const std::string& p : e.partners) {
    put_varint(out, p.size());
    out += p;
  }
  if (e.counts_encoded || e.counts_as_read) {
    out += e.encoded_counts;
  } else {
    put_counts(out, e.counts, code);
  }
  return out;
}

StemEntry decode_stem(std::string_view in, std::string_view stem) {
  StemEntry e;
  std::size_t i = 0;
  const std::uint64_t h = fnv(stem);
  const std::uint64_t n = get_varint(in, i);
  Xapian::docid last = 0;
  for (std::uint64_t k = 0; k < n; ++k) {
    last += static_cast<Xapian::docid>(get_varint(in, i));
    e.sample.push_back(sample_entry(last, h));
  }
  std::sort(e.sample.begin(), e.sample.end());
  const std::uint64_t partners = get_varint(in, i);
  for (std::uint64_t k = 0; k < partners; ++k) {
    const std::uint64_t size = get_varint(in, i);
    if (size > in.size() - i) throw std::runtime_error("damaged variant state entry");
    e.partners.emplace_back(in.substr(i, size));
    i += size;
  }
  e.counts_encoded = true;
  e.encoded_counts = in.substr(i);
  return e;
}

struct PairEntry {
  double cosine = 0;
  Xapian::doccount both = 0;  // band pairs only
  bool learned = false;
  bool operator==(const PairEntry&) const = default;
};

std::string encode_pair(const PairEntry& p) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &p.cosine, sizeof bits);
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
  put_varint(out, p.both);
  out.push_back(p.learned ? '1' : '0');
  return out;
}

PairEntry decode_pair(std::string_view in) {
  if (in.size() < 10) throw std::runtime_error("damaged variant state entry");
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= std::uint64_t{static_cast<unsigned char>(in[i])} << (8 * i);
  PairEntry p;
  std::memcpy(&p.cosine, &bits, sizeof bits);
  std::size_t i = 8;
  p.both = static_cast<Xapian::doccount>(get_varint(in, i));
  if (i + 1 != in.size()) throw std::runtime_error("damaged variant state entry");
  p.learned = in[i] == '1';
  return p;
}

std::string stem_key(std::string_view stem) {
  return std::string(schema::kVariantStateStemPrefix).append(stem);
}
std::string skeleton_key(std::string_view skeleton) {
  return std::string(schema::kVariantStateSkeletonPrefix).append(skeleton);
}
std::string pair_key(const StemPair& pair) {
  return std::string(schema::kVariantStatePairPrefix) + pair.first + ' ' + pair.second;
}
std::string bucket_prefix(std::uint64_t bucket) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%012llu", static_cast<unsigned long long>(bucket));
  return std::string(schema::kVariantStateBandPrefix) + digits;
}
std::string band_key(std::uint64_t flip, const StemPair& pair) {
  return bucket_prefix(flip / kFlipBucket) + pair.first + ' ' + pair.second;
}

// The key of a judged pair whose test an index size decides (none for a pair learned at any).
void put_band_key(Xapian::WritableDatabase& state, std::uint64_t flip, const StemPair& pair,
                  const char* value) {
  if (flip != kNeverFlips) state.set_metadata(band_key(flip, pair), value);
}

std::string join(const std::vector<std::string>& stems) {
  std::string out;
  for (const std::string& s : stems) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::vector<std::string> split(std::string_view in) {
  std::vector<std::string> out;
  while (!in.empty()) {
    const std::size_t end = std::min(in.find(' '), in.size());
    if (end > 0) out.emplace_back(in.substr(0, end));
    in.remove_prefix(std::min(end + 1, in.size()));
  }
  return out;
}

std::string header(const Words& words, Xapian::doccount documents) {
  return std::string(kStateVersion) + " " + words.fingerprint() + " " + std::to_string(documents);
}

// --- reading the index ---------------------------------------------------------------------

std::string stem_term(std::string_view stem) {
  return std::string(schema::kStemPrefix).append(stem);
}

bool is_arabic_stem_term(const std::string& term) {
  const std::string_view prefix = schema::kStemPrefix;
  if (term.size() < prefix.size() + 2 || term.compare(0, prefix.size(), prefix) != 0) return false;
  const auto lead = static_cast<unsigned char>(term[prefix.size()]);
  return lead == 0xD8 || lead == 0xD9;
}

template <typename TermIterator>
void arabic_stems_of(TermIterator term, TermIterator end, std::vector<std::string>& out) {
  term.skip_to(std::string(schema::kStemPrefix) + "\xD8");
  for (; term != end; ++term) {
    std::string t = *term;
    if (!is_arabic_stem_term(t)) break;
    out.push_back(t.substr(schema::kStemPrefix.size()));
  }
}

// The word numbers of the table's words among article `docid`'s stems, sorted (none for an
// article not in `index`).
template <typename Lookup>
std::vector<std::uint32_t> article_words(const Xapian::Database& index, Xapian::docid docid,
                                         const Lookup& words) {
  std::vector<std::uint32_t> out;
  try {
    auto term = index.termlist_begin(docid);
    const std::string first = std::string(schema::kStemPrefix) + "\xD8";
    for (term.skip_to(first); term != index.termlist_end(docid); ++term) {
      const std::string t = *term;
      if (!is_arabic_stem_term(t)) break;
      const std::uint32_t id = words.id(std::string_view(t).substr(schema::kStemPrefix.size()));
      if (id != kNoWord) out.push_back(id);
    }
  } catch (const Xapian::DocNotFoundError&) {
    out.clear();
  }
  std::sort(out.begin(), out.end());
  return out;
}

template <typename Lookup>
std::vector<std::uint32_t> words_of(const std::vector<std::string>& stems, const Lookup& words) {
  std::vector<std::uint32_t> out;
  for (const std::string& s : stems) {
    const std::uint32_t id = words.id(s);
    if (id != kNoWord) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The sample of `stem`: its kVariantSample postings of lowest hash.
Sample sample_of(const Xapian::Database& index, std::string_view stem) {
  Sample out;
  const std::uint64_t h = fnv(stem);
  const std::string term = stem_term(stem);
  for (auto p = index.postlist_begin(term); p != index.postlist_end(term); ++p) {
    keep_lowest(out, sample_entry(*p, h), kVariantSample);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Xapian::doccount articles_with_both(const Xapian::Database& db, const StemPair& pair) {
  return index::articles_with_both(db, stem_term(pair.first), stem_term(pair.second));
}

// Counts words by number in a flat array, remembering which it touched.
class Counter {
 public:
  explicit Counter(std::size_t words) : counts_(words, 0) {}

  void load(const Counts& counts) {
    for (const auto& [id, c] : counts) add(id, static_cast<int>(c));
  }
  void add(std::uint32_t id, int n) {
    if (counts_[id] == 0) touched_.push_back(id);
    counts_[id] += n;
  }
  void add_article(const std::vector<std::uint32_t>& words, std::uint32_t self, int sign) {
    for (const std::uint32_t id : words) {
      if (id != self) add(id, sign);
    }
  }
  // The counts (and zeroes them).
  Counts take() {
    std::sort(touched_.begin(), touched_.end());
    touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
    Counts out;
    out.reserve(touched_.size());
    for (const std::uint32_t id : touched_) {
      if (counts_[id] > 0) out.emplace_back(id, static_cast<std::uint32_t>(counts_[id]));
      counts_[id] = 0;
    }
    touched_.clear();
    return out;
  }

 private:
  std::vector<int> counts_;
  std::vector<std::uint32_t> touched_;
};

// The background's articles (sorted by docid), the limit they were drawn under, and each word's
// count of them.
struct Background {
  Xapian::docid limit = 0;
  std::vector<Xapian::docid> articles;
  Counts counts;
};

// The kBackgroundArticles articles of `index` up to docid `limit` of lowest background_hash, by
// hash.
Sample background_sample(const Xapian::Database& index, Xapian::docid limit) {
  Sample out;
  for (auto p = index.postlist_begin(""); p != index.postlist_end("") && *p <= limit; ++p) {
    keep_lowest(out, SampleEntry{background_hash(*p), *p}, kBackgroundArticles);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The background's words with an expected share (the words a run needs).
Counts common_words(const Counts& counts, std::size_t background) {
  Counts out;
  for (const auto& [id, c] : counts) {
    if (share_step(c, static_cast<std::uint32_t>(background)) < kShareSteps) {
      out.emplace_back(id, c);
    }
  }
  return out;
}

// kVariantStateBackgroundKey's value: the articles, then the common words' counts.
std::string encode_background(const Background& b, const CountsCode& code) {
  std::string out;
  put_varint(out, b.limit);
  put_varint(out, b.articles.size());
  Xapian::docid last = 0;
  for (const Xapian::docid d : b.articles) {
    put_varint(out, d - last);
    last = d;
  }
  put_counts(out, common_words(b.counts, b.articles.size()), code);
  return out;
}

// Decodes kVariantStateBackgroundKey's value into `b` (its counts: the common words').
void decode_background(std::string_view in, const CountsCode& code, Background& b) {
  std::size_t i = 0;
  b.limit = static_cast<Xapian::docid>(get_varint(in, i));
  const std::uint64_t n = get_varint(in, i);
  if (n > kBackgroundArticles) throw std::runtime_error("damaged variant state entry");
  Xapian::docid last = 0;
  for (std::uint64_t k = 0; k < n; ++k) {
    last += static_cast<Xapian::docid>(get_varint(in, i));
    b.articles.push_back(last);
  }
  b.counts = decode_counts(in.substr(i), code);
}

std::string encode_counts(const Counts& counts, const CountsCode& code) {
  std::string out;
  put_counts(out, counts, code);
  return out;
}

// The weights an update asks for, each computed once.
class WeightCache {
 public:
  explicit WeightCache(const Words& words) : words_(words), weights_(words.size(), -1.0F) {}
  float operator[](std::uint32_t id) {
    if (weights_[id] < 0) weights_[id] = words_.weight(id);
    return weights_[id];
  }
  std::size_t size() const { return weights_.size(); }

 private:
  const Words& words_;
  std::vector<float> weights_;
};

// What kVariantSample articles are expected to hold, by the background: each word's expected
// count in one article (its weight times its expected share; 0 for most), and the square of the
// weighted expectation's norm, summed in word order.
struct Expectation {
  std::vector<double> share;
  double norm2 = 0;
};

template <typename Weights>
Expectation expectation_of(const Counts& counts, std::size_t background, Weights& weights) {
  Expectation out;
  out.share.assign(weights.size(), 0.0);
  for (const auto& [id, c] : counts) {
    const double share = expected_share(share_step(c, static_cast<std::uint32_t>(background)));
    if (share == 0) continue;
    const double w = weights[id];
    out.share[id] = w * share;
    out.norm2 += w * share * w * share;
  }
  return out;
}

// A context ready for variant_cosine(): its weighted counts, its sample's size, the square of
// its norm and its product with the weighted expectation.
struct Context {
  std::vector<std::pair<std::uint32_t, double>> weighted;
  double articles = 0;
  double norm2 = 0;
  double dot_expected = 0;
};

template <typename Weights>
Context context_of(const Counts& counts, std::size_t articles, Weights& weights,
                   const Expectation& e) {
  Context out;
  out.weighted.reserve(counts.size());
  out.articles = static_cast<double>(articles);
  for (const auto& [id, c] : counts) {
    const double x = static_cast<double>(c) * weights[id];
    out.weighted.emplace_back(id, x);
    out.norm2 += x * x;
    out.dot_expected += x * e.share[id];
  }
  return out;
}

// The cosine of two contexts less what their samples' sizes of articles are expected to hold:
// x − n·e for the weighted counts x of n articles and the weighted expectation e of one.
double variant_cosine(const Context& a, const Context& b, const Expectation& e) {
  double dot = 0;
  auto i = a.weighted.begin();
  auto j = b.weighted.begin();
  while (i != a.weighted.end() && j != b.weighted.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      dot += i->second * j->second;
      ++i;
      ++j;
    }
  }
  const double centred = dot - b.articles * a.dot_expected - a.articles * b.dot_expected +
                         a.articles * b.articles * e.norm2;
  const double norm_a =
      a.norm2 - 2 * a.articles * a.dot_expected + a.articles * a.articles * e.norm2;
  const double norm_b =
      b.norm2 - 2 * b.articles * b.dot_expected + b.articles * b.articles * e.norm2;
  if (!(norm_a > 0) || !(norm_b > 0)) return 0;
  return centred / std::sqrt(norm_a * norm_b);
}

void erase_state(Xapian::WritableDatabase& db) {
  const std::string prefix(schema::kVariantStateKey);
  std::vector<std::string> keys;
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    keys.push_back(*key);
  }
  for (const std::string& key : keys) db.set_metadata(key, "");
}

void check_stop(const std::function<bool()>& stop_requested, std::size_t& articles) {
  if (stop_requested && ++articles % kArticlesPerStopCheck == 0 && stop_requested()) {
    throw VariantLearnStopped();
  }
}

VariantInputs candidate_inputs(const Analysis& analysis) {
  VariantInputs inputs;
  inputs.is_dictionary_word = [](const std::string& stem) { return is_dictionary_word(stem); };
  inputs.exceptions = variant_exceptions(analysis.analyzer());
  return inputs;
}

}  // namespace

// variant_state.h. Whether two stems of one skeleton place their vowel letters differently among
// the consonants: one holds a vowel letter in a gap (before, between or after the consonants) where
// the other has not, and the other one in another gap where the first has not (a final ا, the case
// ending, aside). Two spellings of one name add vowel letters (ترمب/ترامب, هوليود/هوليوود) or write
// one for another in the same place (رافائيل/رافاييل, ماسك/موسك); a vowel letter that moves
// across a consonant makes another word more often than not: two names of one story
// (حمدي/حميد, السويس/السيسي, سبور/سوبر, ماريو/ماورو), a broken plural (مناصب/منصبي,
// قراصن/قرصان). Such a pair is learned above kPairCosine only while its stems keep apart
// (flip_of; bench/HISTORY.md, varpairs).
bool vowel_moved(std::string_view a, std::string_view b) {
  using Gaps = std::vector<std::vector<std::string_view>>;
  const auto gaps_of = [](std::string_view s) {
    Gaps out(1);
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
      const std::string_view letter = s.substr(i, 2);
      if (is_vowel_letter(letter)) {
        out.back().push_back(letter);
      } else {
        out.emplace_back();
      }
    }
    for (auto& gap : out) std::sort(gap.begin(), gap.end());
    return out;
  };
  const Gaps ga = gaps_of(a), gb = gaps_of(b);
  if (ga.size() != gb.size()) return false;
  // Whether the gap `i` of `x` holds a letter the same gap of `y` has not (a multiset difference).
  const auto extra = [&](const Gaps& x, const Gaps& y, std::size_t i) {
    std::vector<std::string_view> rest;
    std::set_difference(x[i].begin(), x[i].end(), y[i].begin(), y[i].end(),
                        std::back_inserter(rest));
    if (i + 1 == x.size()) std::erase(rest, std::string_view("\u0627"));
    return !rest.empty();
  };
  std::size_t first_a = ga.size(), first_b = ga.size(), gaps_a = 0, gaps_b = 0;
  for (std::size_t i = 0; i < ga.size(); ++i) {
    if (extra(ga, gb, i)) first_a = std::min(first_a, i), ++gaps_a;
    if (extra(gb, ga, i)) first_b = std::min(first_b, i), ++gaps_b;
  }
  // Two gaps, one with a letter of each, unless both are the one gap.
  return gaps_a > 0 && gaps_b > 0 && !(gaps_a == 1 && gaps_b == 1 && first_a == first_b);
}

std::vector<std::string> arabic_stems(const Xapian::Document& doc) {
  std::vector<std::string> out;
  arabic_stems_of(doc.termlist_begin(), doc.termlist_end(), out);
  return out;
}

std::vector<StemPair> learn_variant_state(Xapian::WritableDatabase& state,
                                          const Xapian::Database& index, const Analysis& analysis,
                                          const std::function<bool()>& stop_requested) {
  const Words* words = analysis.stems() ? Words::of(analysis.kind()) : nullptr;
  if (words == nullptr) {
    erase_state(state);
    return {};
  }
  const Xapian::doccount documents = index.get_doccount();
  VariantInputs inputs = candidate_inputs(analysis);
  inputs.vocabulary = read_stem_frequencies(index);
  std::map<std::string, std::vector<std::string>> skeletons;
  for (const auto& [stem, df] : inputs.vocabulary) {
    if (df >= kMinVariantDocs && may_pair(stem)) skeletons[variant_skeleton(stem)].push_back(stem);
  }
  for (auto& [skeleton, stems] : skeletons) std::sort(stems.begin(), stems.end());
  std::vector<StemPair> candidates = variant_candidates(inputs);
  std::sort(candidates.begin(), candidates.end());
  const std::vector<std::string> stems = stems_of(candidates);
  std::vector<StemEntry> entries(stems.size());
  const auto number = [&](const std::string& stem) {
    return static_cast<std::size_t>(std::lower_bound(stems.begin(), stems.end(), stem) -
                                    stems.begin());
  };
  for (const auto& [a, b] : candidates) {
    entries[number(a)].partners.push_back(b);
    entries[number(b)].partners.push_back(a);
  }
  std::size_t articles = 0;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    check_stop(stop_requested, articles);
    entries[i].sample = sample_of(index, stems[i]);
    std::sort(entries[i].partners.begin(), entries[i].partners.end());
  }
  // The contexts, a batch of stems at a time: each sampled article's term list read once for
  // all the stems of the batch that sampled it, in docid order.
  Counter counter(words->size());
  const HashedWords hashed(*words);
  std::vector<std::vector<std::uint32_t>> held(kStemsPerCountBatch);
  for (std::size_t first = 0; first < stems.size(); first += kStemsPerCountBatch) {
    const std::size_t last = std::min(stems.size(), first + kStemsPerCountBatch);
    std::vector<std::pair<Xapian::docid, std::uint32_t>> wanted;
    for (std::size_t i = first; i < last; ++i) {
      for (const auto& [h, d] : entries[i].sample) {
        wanted.emplace_back(d, static_cast<std::uint32_t>(i - first));
      }
    }
    std::sort(wanted.begin(), wanted.end());
    for (std::size_t w = 0; w < wanted.size();) {
      check_stop(stop_requested, articles);
      const Xapian::docid docid = wanted[w].first;
      const std::vector<std::uint32_t> article = article_words(index, docid, hashed);
      for (; w < wanted.size() && wanted[w].first == docid; ++w) {
        std::vector<std::uint32_t>& into = held[wanted[w].second];
        into.insert(into.end(), article.begin(), article.end());
      }
    }
    for (std::size_t i = first; i < last; ++i) {
      const std::uint32_t self = words->id(stems[i]);
      counter.add_article(held[i - first], self, 1);
      held[i - first].clear();
      entries[i].counts = counter.take();
    }
  }
  // The background: its articles' words counted as the samples' are.
  Background background;
  background.limit = background_limit(index.get_lastdocid());
  for (const auto& [h, d] : background_sample(index, background.limit)) {
    background.articles.push_back(d);
  }
  std::sort(background.articles.begin(), background.articles.end());
  for (const Xapian::docid d : background.articles) {
    check_stop(stop_requested, articles);
    counter.add_article(article_words(index, d, hashed), kNoWord, 1);
  }
  background.counts = counter.take();
  const auto background_size = static_cast<std::uint32_t>(background.articles.size());
  std::vector<float> weights(words->size());
  for (std::uint32_t id = 0; id < weights.size(); ++id) weights[id] = words->weight(id);
  const Expectation expected = expectation_of(background.counts, background_size, weights);
  std::vector<Context> contexts(stems.size());
  for (std::size_t i = 0; i < stems.size(); ++i) {
    contexts[i] = context_of(entries[i].counts, entries[i].sample.size(), weights, expected);
  }
  const auto vocabulary_df = [&inputs](const std::string& s) { return inputs.vocabulary.at(s); };
  std::vector<std::pair<StemPair, PairEntry>> pairs;
  pairs.reserve(candidates.size());
  std::vector<StemPair> learned;
  for (const StemPair& pair : candidates) {
    PairEntry p;
    p.cosine =
        variant_cosine(contexts[number(pair.first)], contexts[number(pair.second)], expected);
    if (judged(pair, p.cosine)) p.both = articles_with_both(index, pair);
    const std::uint64_t flip = flip_of(pair, p.cosine, vocabulary_df, p.both);
    p.learned = decide(flip, documents);
    if (p.learned) learned.push_back(pair);
    pairs.emplace_back(pair, p);
  }
  if (stop_requested && stop_requested()) throw VariantLearnStopped();
  erase_state(state);
  state.set_metadata(std::string(schema::kVariantStateKey), header(*words, documents));
  state.set_metadata(std::string(schema::kVariantStateBackgroundKey),
                     encode_background(background, CountsCode{words}));
  state.set_metadata(std::string(schema::kVariantStateBackgroundCountsKey),
                     encode_counts(background.counts, CountsCode{words}));
  for (const auto& [skeleton, members] : skeletons) {
    state.set_metadata(skeleton_key(skeleton), join(members));
  }
  for (std::size_t i = 0; i < stems.size(); ++i) {
    state.set_metadata(stem_key(stems[i]), encode_stem(entries[i], CountsCode{words}));
  }
  for (const auto& [pair, p] : pairs) {
    state.set_metadata(pair_key(pair), encode_pair(p));
    if (judged(pair, p.cosine)) {
      put_band_key(state, flip_of(pair, p.cosine, vocabulary_df, p.both), pair, "1");
    }
  }
  return learned;
}

namespace {

// One update of the state: its entries read once and written at the end, where they changed.
class Update {
 public:
  Update(Xapian::WritableDatabase& state, const Xapian::Database& index, const Analysis& analysis,
         const Words& words)
      : state_(state),
        index_(index),
        analysis_(analysis),
        words_(words),
        counter_(words.size()),
        weights_(words),
        code_{&words} {}

  std::optional<VariantPairChanges> run(const std::vector<VariantChange>& changes);

  // Looks words up by bisection while an update reads few articles, and through a hash table
  // (built once, about 1 ms) once it reads more.
  std::uint32_t id(std::string_view stem) const {
    return hashed_ ? hashed_->id(stem) : words_.id(stem);
  }
  std::vector<std::uint32_t> words_of_article(Xapian::docid docid) {
    if (!hashed_ && ++articles_read_ > kArticlesBeforeHashing) {
      hashed_ = std::make_unique<HashedWords>(words_);
    }
    return hashed_ ? article_words(index_, docid, *hashed_) : article_words(index_, docid, words_);
  }

 private:
  // A run's article: its versions before and after (their stems and context words).
  struct Article {
    Xapian::docid docid = 0;
    bool before = false, after = false;
    std::vector<std::string> stems_before, stems_after;
    std::vector<std::uint32_t> words_before, words_after;
  };
  // A stem of the run's articles.
  struct Touched {
    std::string stem;
    Xapian::doccount df_before = 0, df_after = 0;
    std::vector<std::uint32_t> before, after;  // the articles (indexes) holding it
  };

  // The state's entries as this update sees them (nullopt: absent).
  std::optional<StemEntry>& stem(const std::string& s) {
    auto it = stems_.find(s);
    if (it == stems_.end()) {
      const std::string value = state_.get_metadata(stem_key(s));
      std::optional<StemEntry> e;
      if (!value.empty()) e = decode_stem(value, s);
      it = stems_.emplace(s, LoadedStem{value, std::move(e)}).first;
    }
    return it->second.now;
  }
  std::optional<PairEntry>& pair(const StemPair& p) {
    auto it = pairs_.find(p);
    if (it == pairs_.end()) {
      const std::string value = state_.get_metadata(pair_key(p));
      std::optional<PairEntry> e;
      if (!value.empty()) e = decode_pair(value);
      it = pairs_.emplace(p, Loaded<PairEntry>{e, e}).first;
    }
    return it->second.now;
  }
  std::vector<std::string>& skeleton(const std::string& k) {
    auto it = skeletons_.find(k);
    if (it == skeletons_.end()) {
      const auto stems = split(state_.get_metadata(skeleton_key(k)));
      it = skeletons_.emplace(k, Loaded<std::vector<std::string>>{stems, stems}).first;
    }
    return *it->second.now;
  }

  Xapian::doccount df_before(const std::string& s) const {
    const auto it = touched_by_stem_.find(s);
    return it == touched_by_stem_.end() ? index_.get_termfreq(stem_term(s))
                                        : touched_[it->second].df_before;
  }
  Xapian::doccount df_after(const std::string& s) const {
    const auto it = touched_by_stem_.find(s);
    return it == touched_by_stem_.end() ? index_.get_termfreq(stem_term(s))
                                        : touched_[it->second].df_after;
  }
  auto df_before_of() const {
    return [this](const std::string& s) { return df_before(s); };
  }
  auto df_after_of() const {
    return [this](const std::string& s) { return df_after(s); };
  }
  const Article* article(Xapian::docid docid) const {
    const auto it = std::lower_bound(articles_.begin(), articles_.end(), docid,
                                     [](const Article& a, Xapian::docid d) { return a.docid < d; });
    return it != articles_.end() && it->docid == docid ? &*it : nullptr;
  }
  // How many more of the run's articles hold both stems of `pair` after than before.
  long long run_both(const StemPair& pair) const;
  const Context& context(const std::string& s) {
    auto it = contexts_.find(s);
    if (it == contexts_.end()) {
      StemEntry& e = *stem(s);
      it = contexts_
               .emplace(s, context_of(counts_of(e, code_), e.sample.size(), weights_, expected_))
               .first;
    }
    return it->second;
  }
  void fresh_stem(const std::string& s, std::vector<std::string> partners);
  bool update_background();
  void resample(const Touched& t, StemEntry& e);
  void rejudge(const StemPair& p, bool is_new);
  void set_learned(const StemPair& p, bool was, bool now) {
    if (was == now) return;
    (now ? out_.learned : out_.unlearned).push_back(p);
  }
  void write();

  template <typename T>
  struct Loaded {
    std::optional<T> before, now;
  };

  Xapian::WritableDatabase& state_;
  const Xapian::Database& index_;
  const Analysis& analysis_;
  const Words& words_;
  Counter counter_;
  WeightCache weights_;
  CountsCode code_;
  static constexpr std::size_t kArticlesBeforeHashing = 16;
  std::size_t articles_read_ = 0;
  std::unique_ptr<HashedWords> hashed_;
  Xapian::doccount documents_before_ = 0, documents_after_ = 0;
  std::vector<Article> articles_;  // by docid
  std::vector<Touched> touched_;
  std::unordered_map<std::string, std::size_t> touched_by_stem_;
  struct LoadedStem {
    std::string value;  // as read ("": absent)
    std::optional<StemEntry> now;
  };
  std::map<std::string, LoadedStem> stems_;
  std::map<StemPair, Loaded<PairEntry>> pairs_;
  std::map<std::string, Loaded<std::vector<std::string>>> skeletons_;
  std::set<std::string> moved_;  // stems whose counts changed
  std::set<StemPair> new_pairs_;
  std::map<std::string, Context> contexts_;
  Expectation expected_;  // after the run
  std::set<StemPair> rejudged_;
  // The background after the run, when the run changed it (its counts: all words').
  std::optional<Background> background_;
  bool reweighed_ = false;  // an expected share moved: every pair's cosine is computed again
  VariantPairChanges out_;
};

// Reads the background and brings it up to date: its articles, their words' counts (read and
// counted only where the run changed a member), and the expectation. False when the state has
// none.
bool Update::update_background() {
  const std::string value = state_.get_metadata(std::string(schema::kVariantStateBackgroundKey));
  if (value.empty()) return false;
  Background old;
  decode_background(value, code_, old);
  expected_ = expectation_of(old.counts, old.articles.size(), weights_);
  Background now;
  now.limit = background_limit(index_.get_lastdocid());
  // The members kept and the run's articles that may enter, by hash.
  Sample next;
  bool changed = now.limit != old.limit;
  for (const Xapian::docid d : old.articles) {
    const Article* a = article(d);
    if (a != nullptr) changed = true;
    if (a == nullptr || a->after) next.emplace_back(background_hash(d), d);
  }
  for (const Article& a : articles_) {
    if (a.after && a.docid <= now.limit &&
        !std::binary_search(old.articles.begin(), old.articles.end(), a.docid)) {
      next.emplace_back(background_hash(a.docid), a.docid);
    }
  }
  std::sort(next.begin(), next.end());
  if (now.limit != old.limit) {
    next = background_sample(index_, now.limit);  // drawn again
  } else if (old.articles.size() == kBackgroundArticles) {
    // The articles outside a full background all hash above its last member's.
    std::uint64_t last = 0;
    for (const Xapian::docid d : old.articles) last = std::max(last, background_hash(d));
    const auto below =
        std::upper_bound(next.begin(), next.end(), SampleEntry{last, UINT32_MAX}) - next.begin();
    if (static_cast<std::size_t>(below) < kBackgroundArticles) {
      next = background_sample(index_, now.limit);
    }
  }
  if (next.size() > kBackgroundArticles) next.resize(kBackgroundArticles);
  for (const auto& [h, d] : next) now.articles.push_back(d);
  std::sort(now.articles.begin(), now.articles.end());
  if (!changed && now.articles == old.articles) return true;
  // Counted again: the members that left, came or changed.
  Counts all = decode_counts(
      state_.get_metadata(std::string(schema::kVariantStateBackgroundCountsKey)), code_);
  counter_.load(all);
  for (const Xapian::docid d : old.articles) {
    const Article* a = article(d);
    if (a != nullptr) {
      counter_.add_article(a->words_before, kNoWord, -1);
    } else if (!std::binary_search(now.articles.begin(), now.articles.end(), d)) {
      counter_.add_article(words_of_article(d), kNoWord, -1);
    }
  }
  for (const Xapian::docid d : now.articles) {
    const Article* a = article(d);
    if (a != nullptr) {
      counter_.add_article(a->words_after, kNoWord, 1);
    } else if (!std::binary_search(old.articles.begin(), old.articles.end(), d)) {
      counter_.add_article(words_of_article(d), kNoWord, 1);
    }
  }
  now.counts = counter_.take();
  // Whether an expected share moved: a word's step, over the words counted before or after.
  const auto old_size = static_cast<std::uint32_t>(old.articles.size());
  const auto now_size = static_cast<std::uint32_t>(now.articles.size());
  std::size_t i = 0, j = 0;
  while (!reweighed_ && (i < all.size() || j < now.counts.size())) {
    std::uint32_t before = 0, after = 0;
    if (j == now.counts.size() || (i < all.size() && all[i].first < now.counts[j].first)) {
      before = all[i++].second;
    } else if (i == all.size() || now.counts[j].first < all[i].first) {
      after = now.counts[j++].second;
    } else {
      before = all[i++].second;
      after = now.counts[j++].second;
    }
    reweighed_ = share_step(before, old_size) != share_step(after, now_size);
  }
  expected_ = expectation_of(now.counts, now.articles.size(), weights_);
  background_ = std::move(now);
  return true;
}

long long Update::run_both(const StemPair& pair) const {
  const auto a = touched_by_stem_.find(pair.first), b = touched_by_stem_.find(pair.second);
  if (a == touched_by_stem_.end() || b == touched_by_stem_.end()) return 0;
  const Touched& ta = touched_[a->second];
  const Touched& tb = touched_[b->second];
  std::vector<std::uint32_t> common;
  std::set_intersection(ta.after.begin(), ta.after.end(), tb.after.begin(), tb.after.end(),
                        std::back_inserter(common));
  const auto after = static_cast<long long>(common.size());
  common.clear();
  std::set_intersection(ta.before.begin(), ta.before.end(), tb.before.begin(), tb.before.end(),
                        std::back_inserter(common));
  return after - static_cast<long long>(common.size());
}

void Update::fresh_stem(const std::string& s, std::vector<std::string> partners) {
  StemEntry e;
  e.sample = sample_of(index_, s);
  e.partners = std::move(partners);
  std::vector<Xapian::docid> docids;
  for (const auto& [h, d] : e.sample) docids.push_back(d);
  std::sort(docids.begin(), docids.end());
  const std::uint32_t self = words_.id(s);
  for (const Xapian::docid d : docids) {
    counter_.add_article(words_of_article(d), self, 1);
  }
  e.counts = counter_.take();
  stem(s) = std::move(e);
  moved_.insert(s);
}

// The sample of a candidate stem the run's articles hold, and its counts: only the articles
// that left or entered the sample, or changed in it, are counted again.
void Update::resample(const Touched& t, StemEntry& e) {
  const std::uint64_t h = fnv(t.stem);
  Sample next;
  // A sampled article of the run held the stem before: it stays only if it holds it after.
  for (const SampleEntry& s : e.sample) {
    if (article(s.second) == nullptr) next.push_back(s);
  }
  for (const std::uint32_t i : t.after) next.push_back(sample_entry(articles_[i].docid, h));
  std::sort(next.begin(), next.end());
  bool read_again = false;
  if (e.sample.size() == kVariantSample) {
    // The postings outside a full sample all hash above its last: the lowest of those kept and
    // added are the sample, unless fewer than kVariantSample of them lie below it.
    const SampleEntry last = e.sample.back();
    const auto below = std::upper_bound(next.begin(), next.end(), last) - next.begin();
    read_again = static_cast<std::size_t>(below) < kVariantSample;
  }
  if (read_again) {
    next = sample_of(index_, t.stem);
  } else if (next.size() > kVariantSample) {
    next.resize(kVariantSample);
  }
  const std::uint32_t self = words_.id(t.stem);
  bool counted = false;
  const auto in = [](const Sample& sample, Xapian::docid d) {
    return std::any_of(sample.begin(), sample.end(),
                       [d](const SampleEntry& s) { return s.second == d; });
  };
  for (const SampleEntry& s : e.sample) {
    const Article* a = article(s.second);
    if (a != nullptr) {
      if (!counted) counter_.load(counts_of(e, code_)), counted = true;
      counter_.add_article(a->words_before, self, -1);
    } else if (!in(next, s.second)) {
      if (!counted) counter_.load(counts_of(e, code_)), counted = true;
      counter_.add_article(words_of_article(s.second), self, -1);
    }
  }
  for (const SampleEntry& s : next) {
    const Article* a = article(s.second);
    if (a != nullptr) {
      if (!counted) counter_.load(counts_of(e, code_)), counted = true;
      counter_.add_article(a->words_after, self, 1);
    } else if (!in(e.sample, s.second)) {
      if (!counted) counter_.load(counts_of(e, code_)), counted = true;
      counter_.add_article(words_of_article(s.second), self, 1);
    }
  }
  const bool resized = next.size() != e.sample.size();  // the centred cosine counts articles
  e.sample = std::move(next);
  if (!counted) return;
  Counts counts = counter_.take();
  if (counts != counts_of(e, code_) || resized) {
    e.counts = std::move(counts);
    e.counts_as_read = false;
    moved_.insert(t.stem);
  }
}

void Update::rejudge(const StemPair& p, bool is_new) {
  if (!rejudged_.insert(p).second) return;
  std::optional<PairEntry>& entry = pair(p);
  const std::optional<PairEntry> old = entry;
  const bool cosine_moves =
      is_new || !old || reweighed_ || moved_.count(p.first) != 0 || moved_.count(p.second) != 0;
  PairEntry now = old.value_or(PairEntry{});
  if (cosine_moves) now.cosine = variant_cosine(context(p.first), context(p.second), expected_);
  const bool was_judged = old && judged(p, old->cosine);
  if (judged(p, now.cosine)) {
    if (was_judged) {
      now.both = static_cast<Xapian::doccount>(static_cast<long long>(old->both) + run_both(p));
    } else {
      now.both = articles_with_both(index_, p);
    }
  } else {
    now.both = 0;
  }
  const std::uint64_t flip = flip_of(p, now.cosine, df_after_of(), now.both);
  now.learned = decide(flip, documents_after_);
  // The band key: moved where the bucket of the size deciding the pair moved.
  const std::uint64_t old_flip =
      was_judged ? flip_of(p, old->cosine, df_before_of(), old->both) : 0;
  const bool keyed = judged(p, now.cosine);
  if (!was_judged || !keyed || old_flip / kFlipBucket != flip / kFlipBucket ||
      (old_flip == kNeverFlips) != (flip == kNeverFlips)) {
    if (was_judged) put_band_key(state_, old_flip, p, "");
    if (keyed) put_band_key(state_, flip, p, "1");
  }
  set_learned(p, old && old->learned, now.learned);
  entry = now;
}

std::optional<VariantPairChanges> Update::run(const std::vector<VariantChange>& changes) {
  // The header: this version and word table, kept for the index size the changes lead back to.
  const std::vector<std::string> head =
      split(state_.get_metadata(std::string(schema::kVariantStateKey)));
  if (head.size() != 3 || head[0] != kStateVersion || head[1] != words_.fingerprint()) {
    return std::nullopt;
  }
  documents_after_ = index_.get_doccount();
  // The run's articles, their versions before and after.
  if (changes.size() > kArticlesBeforeHashing) hashed_ = std::make_unique<HashedWords>(words_);
  articles_.reserve(changes.size());
  long long documents_before = documents_after_;
  for (const VariantChange& c : changes) {
    Article a;
    a.docid = c.docid;
    a.before = c.existed;
    a.stems_before = c.stems_before;
    try {
      arabic_stems_of(index_.termlist_begin(c.docid), index_.termlist_end(c.docid), a.stems_after);
      a.after = true;
    } catch (const Xapian::DocNotFoundError&) {
      a.after = false;
    }
    documents_before += (a.before ? 1 : 0) - (a.after ? 1 : 0);
    a.words_before =
        hashed_ ? words_of(a.stems_before, *hashed_) : words_of(a.stems_before, words_);
    a.words_after = hashed_ ? words_of(a.stems_after, *hashed_) : words_of(a.stems_after, words_);
    articles_.push_back(std::move(a));
  }
  std::sort(articles_.begin(), articles_.end(),
            [](const Article& x, const Article& y) { return x.docid < y.docid; });
  if (std::to_string(documents_before) != head[2]) return std::nullopt;
  documents_before_ = static_cast<Xapian::doccount>(documents_before);
  if (!update_background()) return std::nullopt;
  // Each stem of the run's articles, with the articles holding it before and after.
  std::vector<std::pair<std::string_view, std::uint32_t>> held;  // (stem, article · 2 + after)
  for (std::uint32_t i = 0; i < articles_.size(); ++i) {
    for (const std::string& s : articles_[i].stems_before) held.emplace_back(s, 2 * i);
    for (const std::string& s : articles_[i].stems_after) held.emplace_back(s, 2 * i + 1);
  }
  std::sort(held.begin(), held.end());
  for (std::size_t i = 0; i < held.size();) {
    std::size_t j = i;
    Touched t;
    t.stem = std::string(held[i].first);
    for (; j < held.size() && held[j].first == held[i].first; ++j) {
      (held[j].second % 2 ? t.after : t.before).push_back(held[j].second / 2);
    }
    i = j;
    if (!may_pair(t.stem)) continue;
    t.df_after = index_.get_termfreq(stem_term(t.stem));
    t.df_before = static_cast<Xapian::doccount>(static_cast<long long>(t.df_after) +
                                                static_cast<long long>(t.before.size()) -
                                                static_cast<long long>(t.after.size()));
    touched_by_stem_.emplace(t.stem, touched_.size());
    touched_.push_back(std::move(t));
  }
  // Eligibility moves where a stem's document frequency crosses kMinVariantDocs: its skeleton's
  // candidate pairs are found again.
  std::map<std::string, std::vector<std::string>> changed;  // skeleton → its stems before
  for (const Touched& t : touched_) {
    const bool was = t.df_before >= kMinVariantDocs, is = t.df_after >= kMinVariantDocs;
    if (was == is) continue;
    const std::string k = variant_skeleton(t.stem);
    std::vector<std::string>& members = skeleton(k);
    changed.emplace(k, members);
    const auto at = std::lower_bound(members.begin(), members.end(), t.stem);
    if (is) {
      members.insert(at, t.stem);
    } else if (at != members.end() && *at == t.stem) {
      members.erase(at);
    }
  }
  // The candidate stems' samples and counts (before the pairs: a new pair's stem keeps its
  // entry's sample, brought up to date here).
  for (const Touched& t : touched_) {
    if (t.df_before < kMinVariantDocs) continue;  // no candidate stem before the run
    std::optional<StemEntry>& e = stem(t.stem);
    if (e) resample(t, *e);
  }
  if (!changed.empty()) {
    VariantInputs inputs = candidate_inputs(analysis_);
    const auto candidates_of = [&](const std::vector<std::string>& members) {
      inputs.vocabulary.clear();
      for (const std::string& s : members) inputs.vocabulary.emplace(s, kMinVariantDocs);
      std::vector<StemPair> out;
      if (members.size() >= 2) out = variant_candidates(inputs);
      std::sort(out.begin(), out.end());
      return out;
    };
    for (const auto& [k, members_before] : changed) {
      const std::vector<StemPair> old = candidates_of(members_before);
      const std::vector<StemPair> now = candidates_of(skeleton(k));
      for (const StemPair& p : old) {
        if (std::binary_search(now.begin(), now.end(), p)) continue;
        std::optional<PairEntry>& entry = pair(p);
        if (!entry) continue;
        if (judged(p, entry->cosine)) {
          put_band_key(state_, flip_of(p, entry->cosine, df_before_of(), entry->both), p, "");
        }
        set_learned(p, entry->learned, false);
        entry.reset();
        rejudged_.insert(p);
      }
      std::map<std::string, std::vector<std::string>> partners;
      for (const std::string& s : stems_of(old)) partners[s];
      for (const auto& [a, b] : now) {
        partners[a].push_back(b);
        partners[b].push_back(a);
      }
      for (auto& [s, with] : partners) {
        std::sort(with.begin(), with.end());
        std::optional<StemEntry>& e = stem(s);
        if (with.empty()) {
          e.reset();
        } else if (!e) {
          fresh_stem(s, std::move(with));
        } else {
          e->partners = std::move(with);
        }
      }
      for (const StemPair& p : now) {
        if (!pair(p)) new_pairs_.insert(p);
      }
    }
  }
  for (const StemPair& p : new_pairs_) rejudge(p, true);
  if (reweighed_) {
    // An expected share moved: every pair's cosine.
    const std::string prefix(schema::kVariantStatePairPrefix);
    std::vector<StemPair> all;
    for (auto key = state_.metadata_keys_begin(prefix); key != state_.metadata_keys_end(prefix);
         ++key) {
      const std::vector<std::string> stems = split(std::string_view(*key).substr(prefix.size()));
      if (stems.size() == 2) all.emplace_back(stems[0], stems[1]);
    }
    for (const StemPair& p : all) rejudge(p, false);
  }
  // The pairs of the candidate stems the run's articles hold: their cosine (a count moved) or
  // their split test (a document frequency or a count of articles holding both moved).
  for (const Touched& t : touched_) {
    if (t.df_after < kMinVariantDocs) continue;
    const std::optional<StemEntry>& e = stem(t.stem);
    if (!e) continue;
    for (const std::string& other : e->partners) rejudge(std::minmax(t.stem, other), false);
  }
  // The band pairs of the buckets the index size moved through.
  const Xapian::doccount lo = std::min(documents_before_, documents_after_);
  const Xapian::doccount hi = std::max(documents_before_, documents_after_);
  if (lo != hi) {
    for (std::uint64_t b = lo / kFlipBucket; b <= hi / kFlipBucket; ++b) {
      const std::string prefix = bucket_prefix(b);
      std::vector<StemPair> band;
      for (auto key = state_.metadata_keys_begin(prefix); key != state_.metadata_keys_end(prefix);
           ++key) {
        const std::vector<std::string> stems = split(std::string_view(*key).substr(prefix.size()));
        if (stems.size() == 2) band.emplace_back(stems[0], stems[1]);
      }
      for (const StemPair& p : band) {
        if (rejudged_.count(p) != 0) continue;
        std::optional<PairEntry>& entry = pair(p);
        if (!entry) continue;
        const bool now =
            decide(flip_of(p, entry->cosine, df_after_of(), entry->both), documents_after_);
        set_learned(p, entry->learned, now);
        entry->learned = now;
      }
    }
  }
  write();
  std::sort(out_.learned.begin(), out_.learned.end());
  std::sort(out_.unlearned.begin(), out_.unlearned.end());
  return std::move(out_);
}

void Update::write() {
  for (const auto& [s, e] : stems_) {
    const std::string value = e.now ? encode_stem(*e.now, code_) : std::string();
    if (value != e.value) state_.set_metadata(stem_key(s), value);
  }
  for (const auto& [p, e] : pairs_) {
    if (e.before == e.now) continue;
    state_.set_metadata(pair_key(p), e.now ? encode_pair(*e.now) : std::string());
  }
  for (const auto& [k, e] : skeletons_) {
    if (e.before == e.now) continue;
    state_.set_metadata(skeleton_key(k), join(*e.now));
  }
  if (background_) {
    state_.set_metadata(std::string(schema::kVariantStateBackgroundKey),
                        encode_background(*background_, code_));
    state_.set_metadata(std::string(schema::kVariantStateBackgroundCountsKey),
                        encode_counts(background_->counts, code_));
  }
  const std::string head = header(words_, documents_after_);
  if (documents_after_ != documents_before_) {
    state_.set_metadata(std::string(schema::kVariantStateKey), head);
  }
}

}  // namespace

std::optional<VariantPairChanges> update_variant_state(Xapian::WritableDatabase& state,
                                                       const Xapian::Database& index,
                                                       const Analysis& analysis,
                                                       const std::vector<VariantChange>& changes) {
  const Words* words = analysis.stems() ? Words::of(analysis.kind()) : nullptr;
  if (words == nullptr) return VariantPairChanges{};
  try {
    return Update(state, index, analysis, *words).run(changes);
  } catch (const std::runtime_error&) {
    return std::nullopt;  // a damaged entry: learned again whole
  }
}

void apply_variant_pair_changes(Xapian::WritableDatabase& db, const VariantPairChanges& changes) {
  if (changes.empty()) return;
  std::map<std::string, std::vector<std::string>> entries;
  const auto entry = [&](const std::string& stem) -> std::vector<std::string>& {
    auto it = entries.find(stem);
    if (it == entries.end()) {
      it = entries.emplace(stem, split(db.get_metadata(schema::variant_key(stem)))).first;
    }
    return it->second;
  };
  const auto fits = [](const StemPair& p) {
    return p.first.size() <= schema::kMaxVariantStemBytes &&
           p.second.size() <= schema::kMaxVariantStemBytes;
  };
  for (const StemPair& p : changes.unlearned) {
    if (!fits(p)) continue;
    for (const auto& [a, b] : {p, StemPair{p.second, p.first}}) {
      std::vector<std::string>& list = entry(a);
      list.erase(std::remove(list.begin(), list.end(), b), list.end());
    }
  }
  for (const StemPair& p : changes.learned) {
    if (!fits(p)) continue;
    for (const auto& [a, b] : {p, StemPair{p.second, p.first}}) {
      std::vector<std::string>& list = entry(a);
      const auto at = std::lower_bound(list.begin(), list.end(), b);
      if (at == list.end() || *at != b) list.insert(at, b);
    }
  }
  for (const auto& [stem, list] : entries) {
    db.set_metadata(schema::variant_key(stem), list.empty() ? "" : schema::encode_variants(list));
  }
  const std::string count_key(schema::kMetaVariants);
  long long count = 0;
  try {
    count = std::stoll(db.get_metadata(count_key));
  } catch (const std::logic_error&) {  // absent or damaged: counted from here
  }
  count += static_cast<long long>(changes.learned.size()) -
           static_cast<long long>(changes.unlearned.size());
  db.set_metadata(count_key, std::to_string(std::max<long long>(0, count)));
}

std::map<std::string, std::string> variant_state_entries(const Xapian::Database& db) {
  std::map<std::string, std::string> out;
  const std::string prefix(schema::kVariantStateKey);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    out.emplace(*key, db.get_metadata(*key));
  }
  return out;
}

}  // namespace bahth::index
