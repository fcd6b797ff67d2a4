#include "minhash.h"

#include <algorithm>
#include <array>
#include <limits>

namespace bahth::index {
namespace {

constexpr std::size_t kSketches = 2;  // whole text, then lead
constexpr std::size_t kHashes = kSketches * kMinHashCount;
constexpr std::size_t kSignatureBytes = kHashes * 2;
constexpr std::size_t kWideSignatureBytes = kHashes * 4;
constexpr std::size_t kRowsPerBand = kMinHashCount / kBands;
static_assert(kMinHashCount % kBands == 0);

// Stable across platforms and releases (std::hash is not): signatures live in the index.
std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Multiply-shift hash functions h_i(x) = (a_i x + b_i) >> 32 with odd a_i: a 2-universal family,
// and one multiply per hash, which keeps a signature cheap next to the rest of indexing.
struct HashFamily {
  std::array<std::uint64_t, kMinHashCount> a{};
  std::array<std::uint64_t, kMinHashCount> b{};
  HashFamily() {
    for (std::size_t i = 0; i < kMinHashCount; ++i) {
      a[i] = mix(2 * i + 1) | 1U;
      b[i] = mix(2 * i + 2);
    }
  }
};

const HashFamily& family() {
  static const HashFamily f;
  return f;
}

// A 32-bit minimum folded to the 16 bits a signature keeps: its halves xored, so that equal
// minima stay equal and unequal ones collide with a chance of 2^-16.
std::uint16_t fold(std::uint32_t minimum) {
  return static_cast<std::uint16_t>((minimum ^ (minimum >> 16)) & 0xFFFF);
}

std::uint32_t read_le(std::string_view s, std::size_t at, std::size_t bytes) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < bytes; ++k) {
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + k])) << (8 * k);
  }
  return v;
}

}  // namespace

void SignatureBuilder::reset() {
  word_hashes_.clear();
  body_words_ = 0;
}

void SignatureBuilder::add_title_word(std::string_view normalized_word) {
  word_hashes_.push_back(fnv1a(normalized_word));
}

void SignatureBuilder::add_body_word(std::string_view normalized_word) {
  word_hashes_.push_back(fnv1a(normalized_word));
  ++body_words_;
}

std::size_t SignatureBuilder::lead_words() const {
  const std::size_t lead_body =
      std::min(body_words_, std::max(kMinLeadWords, (body_words_ + 1) / 2));
  return word_hashes_.size() - body_words_ + lead_body;
}

template <typename Visit>
void SignatureBuilder::for_each_shingle(Visit visit) const {
  const std::size_t lead = lead_words();
  // A text shorter than a shingle is one shingle of all its words (then the lead is the whole).
  const std::size_t width = std::min(kShingleWords, word_hashes_.size());
  for (std::size_t start = 0; start + width <= word_hashes_.size(); ++start) {
    std::uint64_t shingle = 0;
    for (std::size_t k = 0; k < width; ++k) shingle = mix(shingle ^ word_hashes_[start + k]);
    visit(shingle, start + width <= lead);
  }
}

std::string SignatureBuilder::finish(SignatureForm form) {
  if (word_hashes_.empty()) return {};
  std::array<std::uint32_t, kSketches * kMinHashCount> mins;
  mins.fill(std::numeric_limits<std::uint32_t>::max());
  const HashFamily& f = family();
  for_each_shingle([&](std::uint64_t shingle, bool in_lead) {
    for (std::size_t i = 0; i < kMinHashCount; ++i) {
      const auto h = static_cast<std::uint32_t>((f.a[i] * shingle + f.b[i]) >> 32);
      mins[i] = std::min(mins[i], h);
      if (in_lead) mins[kMinHashCount + i] = std::min(mins[kMinHashCount + i], h);
    }
  });
  const std::size_t width = form == SignatureForm::wide ? 4 : 2;
  std::string signature(kHashes * width, '\0');
  for (std::size_t i = 0; i < mins.size(); ++i) {
    const std::uint32_t value = form == SignatureForm::wide ? mins[i] : fold(mins[i]);
    for (std::size_t k = 0; k < width; ++k) {
      signature[i * width + k] = static_cast<char>((value >> (8 * k)) & 0xFF);
    }
  }
  return signature;
}

Shingles SignatureBuilder::shingles() const {
  Shingles out;
  for_each_shingle([&out](std::uint64_t shingle, bool in_lead) {
    out.whole.push_back(shingle);
    if (in_lead) out.lead.push_back(shingle);
  });
  for (std::vector<std::uint64_t>* set : {&out.whole, &out.lead}) {
    std::sort(set->begin(), set->end());
    set->erase(std::unique(set->begin(), set->end()), set->end());
  }
  return out;
}

std::string signature_of_words(const std::vector<std::string>& title_words,
                               const std::vector<std::string>& body_words, SignatureForm form) {
  SignatureBuilder builder;
  for (const std::string& word : title_words) builder.add_title_word(word);
  for (const std::string& word : body_words) builder.add_body_word(word);
  return builder.finish(form);
}

bool is_signature(std::string_view value) {
  return value.size() == kSignatureBytes || value.size() == kWideSignatureBytes;
}

std::uint16_t signature_hash(std::string_view signature, std::size_t i) {
  if (signature.size() == kWideSignatureBytes) return fold(read_le(signature, i * 4, 4));
  return static_cast<std::uint16_t>(read_le(signature, i * 2, 2));
}

Similarity estimated_similarity(std::string_view a, std::string_view b) {
  if (!is_signature(a) || !is_signature(b)) return {};
  auto estimate = [&](std::size_t sketch) {
    std::size_t equal = 0;
    for (std::size_t i = sketch * kMinHashCount; i < (sketch + 1) * kMinHashCount; ++i) {
      equal += signature_hash(a, i) == signature_hash(b, i);
    }
    return static_cast<double>(equal) / kMinHashCount;
  };
  return {estimate(0), estimate(1)};
}

namespace {

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

Similarity exact_similarity(const Shingles& a, const Shingles& b) {
  return {jaccard(a.whole, b.whole), jaccard(a.lead, b.lead)};
}

bool is_candidate(const Similarity& estimate) {
  return estimate.whole >= kCandidateThreshold && estimate.lead >= kCandidateThreshold;
}

bool is_near_duplicate(const Similarity& similarity) {
  return similarity.whole >= kWholeThreshold && similarity.lead >= kLeadThreshold;
}

std::uint64_t band_key(std::string_view signature, std::size_t band) {
  std::uint64_t key = mix(band + 1);
  for (std::size_t row = 0; row < kRowsPerBand; ++row) {
    key = mix(key ^ signature_hash(signature, band * kRowsPerBand + row));
  }
  return key >> (64 - kBandKeyBits);
}

std::string group_key(std::string_view representative_signature) {
  // Eight bytes are plenty to keep unrelated groups apart; the collapse key is read per match.
  const std::uint64_t h = fnv1a(representative_signature);
  std::string key(8, '\0');
  for (std::size_t k = 0; k < 8; ++k) key[k] = static_cast<char>((h >> (8 * k)) & 0xFF);
  return key;
}

}  // namespace bahth::index
