#include "duplicate_groups.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "bahth/analyzer.h"
#include "minhash.h"
#include "schema/schema.h"
#include "schema/stored_text.h"

namespace bahth::index {
namespace {

// Where the pass reads the documents from: their signatures, scanned in docid order once for
// every few bands (a scan costs no memory, holding them all would cost 256 bytes an article), or
// read one at a time for a comparison; and their texts' shingles for the exact check.
class DocumentSource {
 public:
  using Visit = std::function<void(Xapian::docid, std::string_view)>;
  virtual ~DocumentSource() = default;
  // Every document with a signature, in increasing docid order.
  virtual void scan(const Visit& visit) const = 0;
  virtual std::string signature(Xapian::docid docid) const = 0;
  // False when the estimates alone decide.
  virtual bool has_texts() const = 0;
  virtual Shingles shingles(Xapian::docid docid) const = 0;
};

class DatabaseSource : public DocumentSource {
 public:
  DatabaseSource(const Xapian::Database& db, const DamagedText& damaged_text)
      : db_(db), stored_(db), damaged_text_(damaged_text) {}

  void scan(const Visit& visit) const override {
    for (auto v = db_.valuestream_begin(schema::kSignatureSlot);
         v != db_.valuestream_end(schema::kSignatureSlot); ++v) {
      const std::string value = *v;
      if (is_signature(value)) visit(v.get_docid(), value);
    }
  }

  std::string signature(Xapian::docid docid) const override {
    return db_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(schema::kSignatureSlot);
  }

  bool has_texts() const override { return true; }

  Shingles shingles(Xapian::docid docid) const override {
    const std::string data = db_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_data();
    try {
      return article_shingles(stored_.decode(data));
    } catch (const schema::StoredTextError& e) {
      // One damaged article does not stop the pass (nor the run it ends): no shingles make it
      // the near-duplicate of nothing.
      if (damaged_text_) damaged_text_(docid, e.what());
      return {};
    }
  }

 private:
  const Xapian::Database& db_;
  schema::StoredTextReader stored_;
  const DamagedText& damaged_text_;
};

// The parts of a first build seen as the database their compaction makes: part i's docid d is
// offsets_[i] + d there (Xapian's renumbering, which drops each part's unused docids before its
// first document).
class PartsSource : public DocumentSource {
 public:
  PartsSource(const std::vector<Xapian::Database>& parts, const DamagedText& damaged_text)
      : damaged_text_(damaged_text) {
    Xapian::docid total = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      Xapian::docid first = 0;
      Xapian::docid last = 0;
      for (auto it = parts[i].postlist_begin(""); it != parts[i].postlist_end(""); ++it) {
        if (first == 0) first = *it;
        last = *it;
      }
      if (first != 0) total -= first - 1;  // unsigned: wraps and comes back, as in Xapian
      offsets_.push_back(total);
      ends_.push_back(total + last);
      total += last;
      // Each part's own damaged texts, told by their docid in the merged database.
      part_damaged_.push_back([this, i](Xapian::docid docid, const std::string& reason) {
        if (damaged_text_) damaged_text_(offsets_[i] + docid, reason);
      });
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
      sources_.push_back(std::make_unique<DatabaseSource>(parts[i], part_damaged_[i]));
    }
  }

  void scan(const Visit& visit) const override {
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      const Xapian::docid offset = offsets_[i];
      sources_[i]->scan([&](Xapian::docid docid, std::string_view signature) {
        visit(offset + docid, signature);
      });
    }
  }

  std::string signature(Xapian::docid docid) const override {
    const std::size_t i = part_of(docid);
    return sources_[i]->signature(docid - offsets_[i]);
  }

  bool has_texts() const override { return true; }

  Shingles shingles(Xapian::docid docid) const override {
    const std::size_t i = part_of(docid);
    return sources_[i]->shingles(docid - offsets_[i]);
  }

  // Which part holds merged docid `docid`, and its docid there.
  std::pair<std::size_t, Xapian::docid> locate(Xapian::docid docid) const {
    const std::size_t i = part_of(docid);
    return {i, docid - offsets_[i]};
  }

 private:
  std::size_t part_of(Xapian::docid docid) const {
    // The first part whose range ends at or after it (empty parts end where the previous did).
    return static_cast<std::size_t>(std::lower_bound(ends_.begin(), ends_.end(), docid) -
                                    ends_.begin());
  }

  const DamagedText& damaged_text_;
  std::vector<Xapian::docid> offsets_;  // added to a part's docids
  std::vector<Xapian::docid> ends_;     // the last merged docid of each part
  std::vector<DamagedText> part_damaged_;
  std::vector<std::unique_ptr<DatabaseSource>> sources_;
};

class MemorySource : public DocumentSource {
 public:
  MemorySource(std::vector<SignedDocument> documents, const ShingleReader& read)
      : documents_(std::move(documents)), read_(read) {
    std::erase_if(documents_, [](const SignedDocument& d) { return !is_signature(d.signature); });
    std::sort(documents_.begin(), documents_.end(),
              [](const auto& a, const auto& b) { return a.docid < b.docid; });
  }

  void scan(const Visit& visit) const override {
    for (const SignedDocument& d : documents_) visit(d.docid, d.signature);
  }

  std::string signature(Xapian::docid docid) const override {
    const auto it = std::lower_bound(documents_.begin(), documents_.end(), docid,
                                     [](const auto& d, Xapian::docid id) { return d.docid < id; });
    return it != documents_.end() && it->docid == docid ? it->signature : std::string();
  }

  bool has_texts() const override { return static_cast<bool>(read_); }

  Shingles shingles(Xapian::docid docid) const override { return read_(docid); }

 private:
  std::vector<SignedDocument> documents_;
  const ShingleReader& read_;
};

// Union-find over indexes into the documents (in docid order); the root of a set is always its
// lowest index. 32-bit: a shard holds fewer than 2^32 documents (Xapian's docid is 32-bit).
class Groups {
 public:
  explicit Groups(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0U); }

  std::uint32_t root(std::uint32_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }

  void join(std::uint32_t a, std::uint32_t b) {
    a = root(a);
    b = root(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::uint32_t> parent_;
};

// The shingle sets of the documents checked last, up to a number of bytes: a bucket's first
// members are compared with all the others, so they stay; a document evicted is read again.
class ShingleCache {
 public:
  ShingleCache(const DocumentSource& source, std::size_t max_bytes, std::size_t& reads,
               const std::unordered_map<Xapian::docid, SignatureBuilder>* known = nullptr)
      : source_(source), max_bytes_(max_bytes), reads_(reads), known_(known) {}

  // The reference stays valid until the call after next (the two of a pair are never evicted).
  const Shingles& get(Xapian::docid docid) {
    if (auto it = where_.find(docid); it != where_.end()) {
      recent_.splice(recent_.begin(), recent_, it->second);
      return it->second->shingles;
    }
    const auto known = known_ != nullptr ? known_->find(docid) : decltype(known_->end()){};
    const bool from_words = known_ != nullptr && known != known_->end();
    if (!from_words) ++reads_;
    Entry entry{docid, from_words ? known->second.shingles() : source_.shingles(docid), 0};
    entry.bytes =
        (entry.shingles.whole.size() + entry.shingles.lead.size()) * sizeof(std::uint64_t) +
        kEntryBytes;
    bytes_ += entry.bytes;
    recent_.push_front(std::move(entry));
    where_.emplace(docid, recent_.begin());
    while (bytes_ > max_bytes_ && recent_.size() > 2) {
      bytes_ -= recent_.back().bytes;
      where_.erase(recent_.back().docid);
      recent_.pop_back();
    }
    return recent_.front().shingles;
  }

 private:
  struct Entry {
    Xapian::docid docid;
    Shingles shingles;
    std::size_t bytes;
  };
  // A list node and a hash table node besides the shingles themselves.
  static constexpr std::size_t kEntryBytes = sizeof(Entry) + 64;

  const DocumentSource& source_;
  const std::size_t max_bytes_;
  std::size_t& reads_;
  const std::unordered_map<Xapian::docid, SignatureBuilder>* known_;  // words of some documents
  std::list<Entry> recent_;                                           // most recently used first
  std::unordered_map<Xapian::docid, std::list<Entry>::iterator> where_;
  std::size_t bytes_ = 0;
};

// The low four bits of each hash of a signature (64 bytes, against the signature's 256): where
// two codes differ the hashes differ, so the codes that agree bound the estimates from above,
// and most pairs met in a band are ruled out without reading their signatures (minhash.h:
// kMinHashCount hashes of the whole text, then as many of the lead, read by signature_hash). At
// 200,000 synthetic articles, of 987,534 pairs compared: 618,050 signature reads without digests,
// 220,592 with two bits a hash, 55,465 with four.
constexpr std::size_t kCodeBits = 4;
constexpr std::size_t kCodesPerWord = 64 / kCodeBits;
constexpr std::size_t kWordsPerSketch = kMinHashCount / kCodesPerWord;
struct Digest {
  std::array<std::uint64_t, 2 * kWordsPerSketch> codes{};  // the whole text's, then the lead's
};
static_assert(kMinHashCount % kCodesPerWord == 0);
// A pair ruled out as a candidate cannot be a near-duplicate on its estimates either.
static_assert(kWholeThreshold >= kCandidateThreshold && kLeadThreshold >= kCandidateThreshold);

Digest digest_of(std::string_view signature) {
  Digest digest;
  for (std::size_t i = 0; i < 2 * kMinHashCount; ++i) {
    const std::uint64_t low_bits = signature_hash(signature, i) & ((1U << kCodeBits) - 1);
    digest.codes[i / kCodesPerWord] |= low_bits << (kCodeBits * (i % kCodesPerWord));
  }
  return digest;
}

// The highest estimates two signatures with these digests can have.
Similarity most_similar(const Digest& a, const Digest& b) {
  auto agreeing = [&](std::size_t first_word) {
    int differing_codes = 0;
    for (std::size_t w = first_word; w < first_word + kWordsPerSketch; ++w) {
      std::uint64_t differing = a.codes[w] ^ b.codes[w];
      for (std::size_t bit = 1; bit < kCodeBits; ++bit) differing |= differing >> 1;
      constexpr std::uint64_t kLowBitOfEachCode = ~std::uint64_t{0} / ((1U << kCodeBits) - 1);
      differing_codes += std::popcount(differing & kLowBitOfEachCode);
    }
    return static_cast<int>(kMinHashCount) - differing_codes;
  };
  constexpr double kHashes = kMinHashCount;
  return {agreeing(0) / kHashes, agreeing(kWordsPerSketch) / kHashes};
}

// A bucket this large is boilerplate shared by many articles (a standard paragraph); comparing
// all its pairs would be quadratic, so each member is compared with the first few only.
constexpr std::size_t kMaxComparedPerBucket = 64;

// Bands keyed per scan of the signatures: a scan reads every signature, each band held costs 12
// bytes an article. At 200,000 articles the pass took 2.9-3.0 CPU s with two bands a scan,
// 2.5-2.6 with four; one a scan, at 100,000 and before the digests, 4.0 against 2.4 with four.
constexpr std::size_t kBandsPerScan = 2;
static_assert(kBands % kBandsPerScan == 0);

// One document's key in one band, in 12 bytes (the key split in halves keeps 4-byte alignment).
struct BandEntry {
  BandEntry(std::uint64_t key, std::uint32_t index)
      : high(static_cast<std::uint32_t>(key >> 32)),
        low(static_cast<std::uint32_t>(key)),
        index(index) {}
  bool same_key(const BandEntry& other) const { return high == other.high && low == other.low; }
  // By key, then (within a bucket) by docid.
  bool operator<(const BandEntry& other) const {
    return std::tie(high, low, index) < std::tie(other.high, other.low, other.index);
  }

  std::uint32_t high, low;
  std::uint32_t index;  // into the documents in docid order
};
static_assert(sizeof(BandEntry) == 12);

class GroupingPass {
 public:
  GroupingPass(const DocumentSource& source, const GroupingOptions& options, GroupingStats& stats)
      : source_(source),
        stats_(stats),
        shingles_(source, options.shingle_cache_bytes, stats.shingle_reads) {
    source_.scan([this](Xapian::docid docid, std::string_view signature) {
      docids_.push_back(docid);
      digests_.push_back(digest_of(signature));
    });
    stats_.documents = docids_.size();
  }

  void run(const std::function<void(Xapian::docid, const std::string&)>& visit) {
    Groups groups(docids_.size());
    std::vector<std::vector<BandEntry>> bands(kBandsPerScan);
    for (auto& entries : bands) entries.reserve(docids_.size());
    for (std::size_t first_band = 0; first_band < kBands; first_band += kBandsPerScan) {
      for (auto& entries : bands) entries.clear();
      std::uint32_t index = 0;
      source_.scan([&](Xapian::docid, std::string_view signature) {
        for (std::size_t b = 0; b < kBandsPerScan; ++b) {
          bands[b].emplace_back(band_key(signature, first_band + b), index);
        }
        ++index;
      });
      for (auto& entries : bands) join_similar_in_buckets(entries, groups);
    }
    bands = {};
    report(groups, visit);
  }

 private:
  // Within a bucket the members stay in docid order: which pairs are compared (each member with
  // the bucket's first few) must not depend on the order of a hash table.
  void join_similar_in_buckets(std::vector<BandEntry>& entries, Groups& groups) {
    std::sort(entries.begin(), entries.end());
    for (auto first = entries.begin(); first != entries.end();) {
      auto last = std::find_if(first, entries.end(),
                               [&](const BandEntry& e) { return !e.same_key(*first); });
      if (last - first > 1) join_similar_in_bucket({first, last}, groups);
      first = last;
    }
  }

  // Each member with the bucket's first kMaxComparedPerBucket members; a signature is read when
  // the digests do not rule the pair out, once for the bucket.
  void join_similar_in_bucket(std::span<const BandEntry> bucket, Groups& groups) {
    std::vector<std::string> leading(std::min(bucket.size(), kMaxComparedPerBucket));
    auto signature_of = [&](std::size_t member, std::string& slot) -> const std::string& {
      if (slot.empty()) {
        ++stats_.signature_reads;
        slot = source_.signature(docids_[bucket[member].index]);
      }
      return slot;
    };
    std::string later;
    for (std::size_t i = 1; i < bucket.size(); ++i) {
      later.clear();
      std::string& own = i < leading.size() ? leading[i] : later;
      for (std::size_t j = 0; j < std::min(i, kMaxComparedPerBucket); ++j) {
        const std::uint32_t a = bucket[i].index;
        const std::uint32_t b = bucket[j].index;
        if (groups.root(a) == groups.root(b)) continue;
        ++stats_.pairs_compared;
        if (!is_candidate(most_similar(digests_[a], digests_[b]))) continue;
        if (near_duplicates(a, signature_of(i, own), b, signature_of(j, leading[j]))) {
          groups.join(a, b);
        }
      }
    }
  }

  bool near_duplicates(std::uint32_t a, const std::string& signature_a, std::uint32_t b,
                       const std::string& signature_b) {
    const Similarity estimate = estimated_similarity(signature_a, signature_b);
    if (!source_.has_texts()) return is_near_duplicate(estimate);
    if (!is_candidate(estimate)) return false;
    ++stats_.exact_checks;
    const Shingles& shingles_a = shingles_.get(docids_[a]);
    const Shingles& shingles_b = shingles_.get(docids_[b]);
    return is_near_duplicate(exact_similarity(shingles_a, shingles_b));
  }

  // The members of groups of two or more, in docid order, with their group's key; a root (a
  // group's lowest docid) comes before its members, so its key is known when they come.
  void report(Groups& groups, const std::function<void(Xapian::docid, const std::string&)>& visit) {
    std::vector<bool> has_members(docids_.size(), false);
    for (std::uint32_t i = 0; i < docids_.size(); ++i) {
      if (groups.root(i) != i) has_members[groups.root(i)] = true;
    }
    std::unordered_map<std::uint32_t, std::string> key_of_root;
    std::uint32_t i = 0;
    source_.scan([&](Xapian::docid docid, std::string_view signature) {
      const std::uint32_t root = groups.root(i);
      if (root == i && has_members[i]) {
        const std::string key = group_key(signature);
        key_of_root.emplace(i, key);
        ++stats_.groups;
        visit(docid, key);
      } else if (root != i) {
        visit(docid, key_of_root.at(root));
      }
      ++i;
    });
  }

  const DocumentSource& source_;
  GroupingStats& stats_;
  ShingleCache shingles_;
  std::vector<Xapian::docid> docids_;  // of the documents with a signature, increasing
  std::vector<Digest> digests_;        // theirs
};

}  // namespace

Shingles article_shingles(const Article& article) {
  static const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  SignatureBuilder builder;
  for (TermStream terms(analyzer, article.title, TermStream::Stemming::on_demand); terms.next();) {
    builder.add_title_word(terms.term().normalized);
  }
  for (TermStream terms(analyzer, article.body, TermStream::Stemming::on_demand); terms.next();) {
    builder.add_body_word(terms.term().normalized);
  }
  return builder.shingles();
}

std::vector<std::pair<Xapian::docid, std::string>> find_duplicate_groups(
    std::vector<SignedDocument> documents, const ShingleReader& read_shingles,
    const GroupingOptions& options) {
  const MemorySource source(std::move(documents), read_shingles);
  GroupingStats stats;
  std::vector<std::pair<Xapian::docid, std::string>> keys;
  GroupingPass(source, options, stats).run([&keys](Xapian::docid docid, const std::string& key) {
    keys.emplace_back(docid, key);
  });
  return keys;
}

void for_each_duplicate(const Xapian::Database& db,
                        const std::function<void(Xapian::docid, const std::string&)>& visit,
                        const GroupingOptions& options, GroupingStats* stats,
                        const DamagedText& damaged_text) {
  const DatabaseSource source(db, damaged_text);
  GroupingStats local;
  GroupingPass(source, options, stats != nullptr ? *stats : local).run(visit);
}

std::vector<PartGroupKey> duplicate_groups_of_parts(const std::vector<Xapian::Database>& parts,
                                                    const DamagedText& damaged_text) {
  const PartsSource source(parts, damaged_text);
  GroupingStats stats;
  std::vector<PartGroupKey> keys;
  GroupingPass(source, {}, stats).run([&](Xapian::docid docid, const std::string& key) {
    const auto [part, in_part] = source.locate(docid);
    keys.push_back({part, in_part, key});
  });
  return keys;
}

namespace {

// A band bucket: (band, key).
struct Bucket {
  std::size_t band;
  std::uint64_t key;
  bool operator==(const Bucket&) const = default;
};
struct BucketHash {
  std::size_t operator()(const Bucket& b) const {
    return std::hash<std::uint64_t>()(b.key * 0x9E3779B97F4A7C15ULL + b.band);
  }
};

// Of each bucket asked for: its first kMaxComparedPerBucket members (in docid order: those the
// full pass compares the others with), and how many it has (from its posting list, at most
// kMaxComparedPerBucket + 1: enough to tell a bucket too large for the incremental pass).
struct BucketMembers {
  std::vector<Xapian::docid> first;
  std::size_t size = 0;
  std::size_t left = 0;  // changed documents whose old version was in it
  bool found = false;    // first and size are filled
};
using BucketMap = std::unordered_map<Bucket, BucketMembers, BucketHash>;

static_assert(kBandKeyBits == schema::kBandKeyBits, "band_term() reads the keys band_key() gives");

// Fills the buckets of `buckets` not yet found, from their band terms' posting lists, or from
// one scan of the signatures in an index without them. The database does not change between
// two calls, so a bucket found once stays right: each posting list is read once a pass.
void find_buckets(const Xapian::Database& db, BucketMap& buckets) {
  if (std::all_of(buckets.begin(), buckets.end(), [](const auto& b) { return b.second.found; })) {
    return;
  }
  if (schema::has_band_terms(db)) {
    // A band term names the coarse bucket of its key's top bits (schema::band_term), which
    // several buckets share: each member's own key, from its signature, keeps those of the
    // bucket asked for. A coarse term's list grows with the index (about 49 members at 200,000
    // articles), so the signatures are read all in docid order through one value stream (reading
    // each through its document fetched a block a member: bench/HISTORY.md, "The merged tree of
    // the twentieth session"), and each is reduced to the answers asked of it as it is read:
    // whether its key in a band is the bucket's. Holding the signatures read instead (about half
    // the index's at 200,000, 27 MB) cost a third of this look-up in copying, page faults and cache
    // misses (bench/HISTORY.md, add100c).
    struct Listed {
      Bucket bucket;
      BucketMembers* members;
      std::vector<Xapian::docid> postings;
      std::size_t first_answer;  // in is_member: its postings' answers, in their order
    };
    std::vector<Listed> lists;
    std::size_t answers = 0;
    for (auto& [bucket, members] : buckets) {
      if (members.found) continue;
      members.found = true;
      const std::string term = schema::band_term(bucket.band, bucket.key);
      std::vector<Xapian::docid> postings;
      for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        postings.push_back(*p);
      }
      lists.push_back({bucket, &members, std::move(postings), answers});
      answers += lists.back().postings.size();
    }
    // Each question: a posting's docid, and its list (so its band and key).
    struct Question {
      Xapian::docid docid;
      std::uint32_t list;
      std::uint32_t answer;
      bool operator<(const Question& other) const { return docid < other.docid; }
    };
    std::vector<Question> questions;
    questions.reserve(answers);
    for (std::uint32_t l = 0; l < lists.size(); ++l) {
      for (std::size_t i = 0; i < lists[l].postings.size(); ++i) {
        questions.push_back(
            {lists[l].postings[i], l, static_cast<std::uint32_t>(lists[l].first_answer + i)});
      }
    }
    std::sort(questions.begin(), questions.end());
    std::vector<bool> is_member(answers, false);
    const auto end = db.valuestream_end(schema::kSignatureSlot);
    auto value = db.valuestream_begin(schema::kSignatureSlot);
    std::string signature;
    for (std::size_t q = 0; q < questions.size() && value != end;) {
      const Xapian::docid docid = questions[q].docid;
      value.skip_to(docid);
      if (value == end) break;
      const bool has = value.get_docid() == docid;
      if (has) signature = *value;
      for (; q < questions.size() && questions[q].docid == docid; ++q) {
        const Bucket& bucket = lists[questions[q].list].bucket;
        is_member[questions[q].answer] =
            has && is_signature(signature) && band_key(signature, bucket.band) == bucket.key;
      }
    }
    // The same members, in the same (docid) order, as the scan's.
    for (const Listed& listed : lists) {
      BucketMembers& members = *listed.members;
      for (std::size_t i = 0; i < listed.postings.size(); ++i) {
        if (members.size > kMaxComparedPerBucket) break;
        if (!is_member[listed.first_answer + i]) continue;
        if (members.first.size() < kMaxComparedPerBucket) {
          members.first.push_back(listed.postings[i]);
        }
        ++members.size;
      }
    }
    return;
  }
  // An index built before the band terms: one scan of every signature.
  for (auto v = db.valuestream_begin(schema::kSignatureSlot);
       v != db.valuestream_end(schema::kSignatureSlot); ++v) {
    const std::string value = *v;
    if (!is_signature(value)) continue;
    for (std::size_t band = 0; band < kBands; ++band) {
      const auto it = buckets.find({band, band_key(value, band)});
      if (it == buckets.end() || it->second.found) continue;
      if (it->second.first.size() < kMaxComparedPerBucket) {
        it->second.first.push_back(v.get_docid());
      }
      ++it->second.size;
    }
  }
  for (auto& [bucket, members] : buckets) members.found = true;
}

// Asks for the buckets of `signature` (none when it is no signature); returns them.
std::vector<Bucket> ask_for_buckets(std::string_view signature, BucketMap& buckets) {
  std::vector<Bucket> asked;
  if (!is_signature(signature)) return asked;
  asked.reserve(kBands);
  for (std::size_t band = 0; band < kBands; ++band) {
    asked.push_back({band, band_key(signature, band)});
    buckets.try_emplace(asked.back());
  }
  return asked;
}

// The signature of a document, "" when it has none or is gone.
std::string signature_in(const Xapian::Database& db, Xapian::docid docid) {
  try {
    return db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(schema::kSignatureSlot);
  } catch (const Xapian::DocNotFoundError&) {
    return {};  // added, then deleted in the same run
  }
}

}  // namespace

bool update_duplicate_groups(Xapian::WritableDatabase& db, const GroupChanges& changes,
                             const DamagedText& damaged_text, GroupingStats* stats) {
  GroupingStats local;
  GroupingStats& counted = stats != nullptr ? *stats : local;
  // The groups before the changes, by key (the values of the documents left: few, only those in
  // a group have one).
  std::unordered_map<std::string, std::vector<Xapian::docid>> old_groups;
  std::unordered_map<Xapian::docid, std::string> old_key_of;
  for (auto v = db.valuestream_begin(schema::kDuplicateGroupSlot);
       v != db.valuestream_end(schema::kDuplicateGroupSlot); ++v) {
    old_groups[*v].push_back(v.get_docid());
    old_key_of.emplace(v.get_docid(), *v);
  }

  // First look-up: the buckets of the changed documents, old versions and new.
  BucketMap buckets;
  for (const std::string& signature : changes.old_signatures) {
    for (const Bucket& bucket : ask_for_buckets(signature, buckets)) ++buckets[bucket].left;
  }
  std::map<Xapian::docid, std::string> signature_of;  // of the documents to regroup
  for (const Xapian::docid docid : changes.current) {
    std::string signature = signature_in(db, docid);
    if (!is_signature(signature)) continue;
    ask_for_buckets(signature, buckets);
    signature_of.emplace(docid, std::move(signature));
  }
  find_buckets(db, buckets);
  // Every pair of a bucket of at most kMaxComparedPerBucket is compared, before and after; in a
  // larger one each member is compared with the first kMaxComparedPerBucket, which shift with a
  // document leaving or coming among them. One that only gains members after its first (an add
  // of new articles, whose docids are the highest) keeps its pairs, plus the newcomers' with the
  // first: the full pass would only redo these (at 200,000 synthetic articles it ran in 5 of 25
  // adds of 100, 2.4 CPU s against 0.8: bench/HISTORY.md, spikes).
  std::unordered_set<Bucket, BucketHash> entered_first;  // large buckets a changed one leads
  for (const auto& [docid, signature] : signature_of) {
    for (std::size_t band = 0; band < kBands; ++band) {
      const Bucket bucket{band, band_key(signature, band)};
      const BucketMembers& members = buckets.at(bucket);
      if (std::binary_search(members.first.begin(), members.first.end(), docid)) {
        entered_first.insert(bucket);
      }
    }
  }
  for (const auto& [bucket, members] : buckets) {
    if (members.size + members.left <= kMaxComparedPerBucket) continue;
    if (members.left > 0 || entered_first.contains(bucket)) return false;
  }

  // The documents to regroup: the changed ones, those sharing a bucket with them, and every
  // member of the groups any of these (or the versions replaced and deleted) was in. Every
  // comparison that changed involves a changed document (no bucket of theirs is large enough
  // for ranks to matter), so no edge leaves this set but those of groups wholly inside it.
  std::set<Xapian::docid> affected;
  for (const auto& [docid, signature] : signature_of) affected.insert(docid);
  for (const auto& [bucket, members] : buckets) {
    affected.insert(members.first.begin(), members.first.end());
  }
  std::set<std::string> keys(changes.old_keys.begin(), changes.old_keys.end());
  for (const Xapian::docid docid : affected) {
    if (auto it = old_key_of.find(docid); it != old_key_of.end()) keys.insert(it->second);
  }
  keys.erase("");
  for (const std::string& key : keys) {
    if (auto it = old_groups.find(key); it != old_groups.end()) {
      affected.insert(it->second.begin(), it->second.end());
    }
  }

  // Second look-up, when the set reaches beyond the changed documents: the buckets of every member
  // (they may be large: their first kMaxComparedPerBucket decide which pairs the pass compares).
  bool reaches_beyond = false;
  for (const Xapian::docid docid : affected) {
    if (signature_of.contains(docid)) continue;
    std::string signature = signature_in(db, docid);
    if (!is_signature(signature)) continue;
    reaches_beyond = true;
    signature_of.emplace(docid, std::move(signature));
  }
  std::vector<Xapian::docid> members;  // increasing
  members.reserve(signature_of.size());
  for (const auto& [docid, signature] : signature_of) members.push_back(docid);
  std::unordered_map<Bucket, std::vector<std::uint32_t>, BucketHash> members_in;
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    const std::string& signature = signature_of.at(members[i]);
    for (std::size_t band = 0; band < kBands; ++band) {
      members_in[{band, band_key(signature, band)}].push_back(i);
    }
  }
  // Only a bucket holding two of the set can pair two of them (the lower of a pair is one of the
  // set, so in_set holds it too): the others are not looked up. A copy's buckets are its
  // original's, most read already. Looking up every bucket of the set asked, at 200,000 synthetic
  // articles, 184 to 247 more buckets for one article replaced or deleted (8,751 to 11,656
  // signatures read, their coarse band terms some 49 members each) and 13,729 for 100 added
  // (193,243): most of the growth from 30,758 (bench/HISTORY.md, live200k).
  if (reaches_beyond) {
    for (const auto& [bucket, in_set] : members_in) {
      if (in_set.size() >= 2) buckets.try_emplace(bucket);
    }
    find_buckets(db, buckets);
  }

  // Regroup: a pair of the set sharing a bucket is compared when the lower of the two is among
  // the bucket's first members, as in the full pass.
  const auto index_of = [&](Xapian::docid docid) {
    const auto it = std::lower_bound(members.begin(), members.end(), docid);
    return it != members.end() && *it == docid ? static_cast<std::int64_t>(it - members.begin())
                                               : std::int64_t{-1};
  };
  Groups groups(members.size());
  std::set<std::pair<std::uint32_t, std::uint32_t>> apart;  // checked, not near-duplicates
  const DatabaseSource source(db, damaged_text);  // one reader: its dictionary is read once
  // Each text analysed once: unioning from scratch checks a group of n members in n - 1 pairs
  // or more, and a document meets the set's others in several buckets.
  ShingleCache shingles(source, GroupingOptions{}.shingle_cache_bytes, counted.shingle_reads,
                        &changes.known_words);
  for (const auto& [bucket, in_set] : members_in) {
    const auto found = buckets.find(bucket);
    if (found == buckets.end()) continue;
    for (const Xapian::docid lower : found->second.first) {
      const std::int64_t a = index_of(lower);
      if (a < 0) continue;  // outside the set
      for (const std::uint32_t b : in_set) {
        if (members[b] <= lower) continue;
        const auto ua = static_cast<std::uint32_t>(a);
        if (groups.root(ua) == groups.root(b) || apart.contains({ua, b})) continue;
        const std::string& sa = signature_of.at(lower);
        const std::string& sb = signature_of.at(members[b]);
        ++counted.pairs_compared;
        bool near = false;
        if (is_candidate(estimated_similarity(sa, sb))) {
          ++counted.exact_checks;
          const Shingles& lower_shingles = shingles.get(lower);
          near = is_near_duplicate(exact_similarity(lower_shingles, shingles.get(members[b])));
        }
        if (near) {
          groups.join(ua, b);
        } else {
          apart.insert({ua, b});
        }
      }
    }
  }
  std::vector<bool> has_members(members.size(), false);
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    if (groups.root(i) != i) has_members[groups.root(i)] = true;
  }
  std::vector<std::pair<Xapian::docid, std::string>> writes;
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    const std::uint32_t root = groups.root(i);
    const std::string key =
        root != i || has_members[i] ? group_key(signature_of.at(members[root])) : "";
    const auto old = old_key_of.find(members[i]);
    const std::string had = old != old_key_of.end() ? old->second : std::string();
    if (key != had) writes.emplace_back(members[i], key);
  }
  for (const auto& [docid, key] : writes) {
    Xapian::Document doc = db.get_document(docid);
    doc.add_value(schema::kDuplicateGroupSlot, key);  // "" removes the value
    db.replace_document(docid, doc);
  }
  return true;
}

std::size_t sync_duplicate_groups(Xapian::WritableDatabase& db, const DamagedText& damaged_text) {
  // The keys to write are gathered first and written after: the pass and the walk over the
  // current keys read the database, which must not change under them. Only the documents whose
  // key changes are rewritten; replacing a document whose terms are untouched makes Xapian
  // rewrite just its values.
  std::vector<std::pair<Xapian::docid, std::string>> changes;
  std::size_t grouped = 0;
  auto have = db.valuestream_begin(schema::kDuplicateGroupSlot);
  const auto have_end = db.valuestream_end(schema::kDuplicateGroupSlot);
  auto ungroup_before = [&](Xapian::docid docid) {  // no longer in any group
    for (; have != have_end && have.get_docid() < docid; ++have) {
      changes.emplace_back(have.get_docid(), "");
    }
  };
  for_each_duplicate(
      db,
      [&](Xapian::docid docid, const std::string& key) {
        ++grouped;
        ungroup_before(docid);
        if (have != have_end && have.get_docid() == docid) {
          if (*have != key) changes.emplace_back(docid, key);
          ++have;
        } else {
          changes.emplace_back(docid, key);
        }
      },
      {}, nullptr, damaged_text);
  for (; have != have_end; ++have) changes.emplace_back(have.get_docid(), "");
  for (const auto& [docid, key] : changes) {
    Xapian::Document doc = db.get_document(docid);
    doc.add_value(schema::kDuplicateGroupSlot, key);  // "" removes the value
    db.replace_document(docid, doc);
  }
  return grouped;
}

}  // namespace bahth::index
