// The floor of an exact incremental update of the spelling variants (issue #26): the work a run
// that adds or deletes one article must do to keep every pair equal to a whole learn, under the
// exact definition livevar2 and livevar3 built (weights from the lexicon's corpus counts, each
// stem's sample the 20 postings of lowest hash of (docid, stem), the pairs' split test kept per
// pair), with what livevar3's profile asked for: contexts not stored but read from the 20
// sampled articles of the stems whose sample the run changed (and of their partners), each
// split-band pair's articles-with-both count updated from the run's articles, and the band
// keyed by the index size at which its split test flips, so a run reads none of it whole.
//
//   variants_floor --db PATH [--articles K] [--lexicon data/lexicon-ar.txt]
//
// Read-only: the index is viewed without a set of excluded articles. A whole learn of the view
// builds the state (skeleton → eligible stems, the candidate pairs, each candidate stem's sample,
// each pair's cosine, each band pair's count of articles holding both, the pairs); then K
// articles spread over the index are deleted one after another (each an update of the state),
// the state is checked against a whole learn of the index without them, and they are added back
// in the reverse order, the state checked against the first learn. Each update's thread CPU is
// printed: the state's own work, in memory, without the index writes an implementation would
// add (a few metadata entries: the changed samples, pairs and band entries).
//
// The sample size, the thresholds (0.18, the split band from 0.12) and the bounded heap are the
// index's own (index/variant_state.h). Its cosine is still livevar3's plain one, not the index's
// centred one (5de933c): the floor's work per update is the same, but its pairs are not the
// index's (bench/variant_state_diff.cc checks the index's state against a whole learn).
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bahth/analyzer.h"
#include "bench_support.h"
#include "index/variant_learner.h"
#include "index/variant_state.h"
#include "schema/schema.h"

namespace {

using bahth::index::StemPair;
using bahth::index::VariantContext;

// The index's sample size and thresholds (variant_state.h), so the floor is the current one's.
using bahth::index::kFlipBucket;
using bahth::index::kPairCosine;
using bahth::index::kSplitCosine;
constexpr std::size_t kSample = bahth::index::kVariantSample;

double thread_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// Instructions this thread retired (user and kernel), or 0 where perf events are not allowed:
// steadier than CPU time on a shared machine.
class Instructions {
 public:
  Instructions() {
    perf_event_attr attr{};
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    fd_ = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
  }
  ~Instructions() {
    if (fd_ >= 0) close(fd_);
  }
  Instructions(const Instructions&) = delete;
  Instructions& operator=(const Instructions&) = delete;
  bool available() const { return fd_ >= 0; }
  double millions() const {
    long long n = 0;
    if (fd_ < 0 || read(fd_, &n, sizeof n) != static_cast<ssize_t>(sizeof n)) return 0;
    return double(n) / 1e6;
  }

 private:
  int fd_ = -1;
};

std::uint64_t fnv(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

bool arabic_stem_term(const std::string& term) {
  if (term.size() < 3 || term[0] != 'Z') return false;
  const auto lead = static_cast<unsigned char>(term[1]);
  return lead == 0xD8 || lead == 0xD9;
}

struct StemHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
// Stem → (its number, its weight).
using Weights =
    std::unordered_map<std::string, std::pair<std::uint32_t, float>, StemHash, std::equal_to<>>;

// The lexicon's corpus counts summed by stem (a build would compile them, as it compiles the
// lexicon's table): a context word's weight no change to the index moves.
Weights lexicon_weights(const std::string& lexicon, const bahth::Analyzer& analyzer) {
  std::unordered_map<std::string, double> counts;
  std::ifstream in(lexicon);
  std::string line;
  double tokens = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const double count = std::stod(line.substr(tab + 1));
    if (count <= 0) continue;
    tokens += count;
    for (const std::string& stem : analyzer.stems(line.substr(0, tab))) counts[stem] += count;
  }
  // The most common stems (a fixed share of the tokens, like the index's 5% of articles) say
  // nothing of a context: left out.
  std::vector<std::pair<double, std::string>> sorted;
  sorted.reserve(counts.size());
  for (auto& [stem, count] : counts) sorted.emplace_back(count, stem);
  std::sort(sorted.begin(), sorted.end());
  Weights out;
  const double common = 2e-4 * tokens;
  for (const auto& [count, stem] : sorted) {
    if (count > common) continue;
    out.emplace(stem, std::make_pair(static_cast<std::uint32_t>(out.size()),
                                     static_cast<float>(std::log(tokens / count))));
  }
  return out;
}

// The index without the excluded articles.
struct View {
  const Xapian::Database& db;
  std::unordered_map<std::string, Xapian::doccount> vocabulary;  // the whole index's
  std::unordered_map<Xapian::docid, std::vector<std::string>> excluded;
  std::unordered_map<std::string, Xapian::doccount> excluded_holding;
  std::size_t termlists = 0, postings = 0;  // read, for the report

  Xapian::doccount df(const std::string& stem) const {
    const auto it = vocabulary.find(stem);
    if (it == vocabulary.end()) return 0;
    const auto ex = excluded_holding.find(stem);
    return it->second - (ex == excluded_holding.end() ? 0 : ex->second);
  }
  Xapian::doccount documents() const {
    return db.get_doccount() - static_cast<Xapian::doccount>(excluded.size());
  }
  std::vector<std::string> stems_of(Xapian::docid docid) {
    std::vector<std::string> out;
    ++termlists;
    auto t = db.termlist_begin(docid);
    for (t.skip_to("Z\xD8"); t != db.termlist_end(docid); ++t) {
      std::string term = *t;
      if (!arabic_stem_term(term)) break;
      out.push_back(term.substr(1));
    }
    return out;
  }
  void exclude(Xapian::docid docid) {
    auto stems = stems_of(docid);
    for (const auto& s : stems) ++excluded_holding[s];
    excluded.emplace(docid, std::move(stems));
  }
  void include(Xapian::docid docid) {
    for (const auto& s : excluded.at(docid)) --excluded_holding[s];
    excluded.erase(docid);
  }
};

using Sample = std::vector<bahth::index::VariantSampleEntry>;  // (hash, docid), sorted

std::uint64_t sample_hash(Xapian::docid docid, std::uint64_t stem_hash) {
  return bahth::bench::mix64(stem_hash ^ (std::uint64_t{docid} * 0x9e3779b97f4a7c15ULL));
}

struct PairState {
  double cosine = 0;
  Xapian::doccount both = 0;  // band pairs only
  std::uint64_t flip = 0;     // band pairs: the largest index size at which the split test holds
  bool learned = false;
  bool operator==(const PairState&) const = default;
};

struct State {
  std::map<std::string, std::set<std::string>> skeletons;  // eligible stems by skeleton
  std::map<std::string, Sample> samples;                   // candidate stems
  std::map<StemPair, PairState> pairs;                     // candidate pairs
  std::set<std::pair<std::uint64_t, StemPair>> band;       // band pairs by flip
  // --stored: each candidate stem's context, its words' counts in the sample, encoded.
  std::map<std::string, std::string> contexts;
  Xapian::doccount documents = 0;
  bool operator==(const State& o) const {
    return skeletons == o.skeletons && samples == o.samples && pairs == o.pairs && band == o.band &&
           contexts == o.contexts && documents == o.documents;
  }
};

class Learner {
 public:
  Learner(View& view, const bahth::index::VariantInputs& base, const Weights& weights, bool stored)
      : view_(view),
        weights_(weights),
        by_id_(weights.size()),
        counts_(weights.size(), 0),
        stored_(stored) {
    for (const auto& [stem, entry] : weights) by_id_[entry.first] = entry.second;
    mini_.is_dictionary_word = base.is_dictionary_word;
    mini_.exceptions = base.exceptions;
  }

  bool eligible(const std::string& stem) const {
    return view_.df(stem) >= bahth::index::kMinVariantDocs &&
           stem.size() / 2 >= bahth::index::kMinVariantLetters &&
           bahth::index::variant_skeleton(stem).size() / 2 >= 2;
  }

  Sample sample(const std::string& stem) {
    Sample out;
    const std::uint64_t h = fnv(stem);
    const std::string term = "Z" + stem;
    for (auto p = view_.db.postlist_begin(term); p != view_.db.postlist_end(term); ++p) {
      ++view_.postings;
      if (view_.excluded.count(*p)) continue;
      bahth::index::keep_lowest(out, {sample_hash(*p, h), *p}, kSample);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // A context as its words' counts in the sample (word number, count), sorted.
  using Counts = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

  // Adds `sign` to the count of each weighed word of article `d` but `self_id`, noting the
  // words met first in `words`.
  void count_article(Xapian::docid d, std::uint32_t self_id, int sign,
                     std::vector<std::uint32_t>& words) {
    ++view_.termlists;
    auto t = view_.db.termlist_begin(d);
    for (t.skip_to("Z\xD8"); t != view_.db.termlist_end(d); ++t) {
      const std::string term = *t;
      if (!arabic_stem_term(term)) break;
      const auto w = weights_.find(std::string_view(term).substr(1));
      if (w == weights_.end() || w->second.first == self_id) continue;
      const std::uint32_t id = w->second.first;
      if (counts_[id] == 0) words.push_back(id);
      counts_[id] += sign;
    }
  }

  std::uint32_t self_id(const std::string& stem) const {
    const auto self = weights_.find(stem);
    return self == weights_.end() ? UINT32_MAX : self->second.first;
  }

  // Collects the counts of `words` (and zeroes them).
  Counts collect(std::vector<std::uint32_t>& words) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    Counts out;
    out.reserve(words.size());
    for (const std::uint32_t id : words) {
      if (counts_[id] != 0) out.emplace_back(id, static_cast<std::uint32_t>(counts_[id]));
      counts_[id] = 0;
    }
    return out;
  }

  Counts counts(const std::string& stem, const Sample& sample) {
    std::vector<Xapian::docid> docids;
    for (const auto& [h, d] : sample) docids.push_back(d);
    std::sort(docids.begin(), docids.end());
    std::vector<std::uint32_t> words;
    const std::uint32_t self = self_id(stem);
    for (Xapian::docid d : docids) count_article(d, self, 1, words);
    return collect(words);
  }

  // The counts of a context whose sample went from `before` to `after`: only the articles that
  // left or entered it are read.
  Counts recount(const std::string& stem, const Counts& old, const Sample& before,
                 const Sample& after) {
    std::vector<std::uint32_t> words;
    for (const auto& [id, c] : old) {
      counts_[id] = static_cast<int>(c);
      words.push_back(id);
    }
    const std::uint32_t self = self_id(stem);
    for (const auto& e : before) {
      if (!std::binary_search(after.begin(), after.end(), e))
        count_article(e.second, self, -1, words);
    }
    for (const auto& e : after) {
      if (!std::binary_search(before.begin(), before.end(), e))
        count_article(e.second, self, 1, words);
    }
    return collect(words);
  }

  VariantContext weigh(const Counts& counts) const {
    VariantContext out;
    out.reserve(counts.size());
    for (const auto& [id, c] : counts) out.emplace_back(id, static_cast<float>(c) * by_id_[id]);
    return out;
  }

  VariantContext context(const std::string& stem, const Sample& sample) {
    return weigh(counts(stem, sample));
  }

  static std::string encode(const Counts& counts) {
    std::string out;
    const auto put = [&](std::uint64_t v) {
      while (v >= 0x80) {
        out.push_back(static_cast<char>(v | 0x80));
        v >>= 7;
      }
      out.push_back(static_cast<char>(v));
    };
    std::uint32_t last = 0;
    for (const auto& [id, c] : counts) {
      put((std::uint64_t{id - last} << 1) | (c > 1 ? 1 : 0));
      if (c > 1) put(c);
      last = id;
    }
    return out;
  }

  static Counts decode(const std::string& in) {
    Counts out;
    std::size_t i = 0;
    const auto get = [&] {
      std::uint64_t v = 0;
      for (int shift = 0;; shift += 7) {
        const auto b = static_cast<unsigned char>(in[i++]);
        v |= std::uint64_t{b & 0x7FU} << shift;
        if (b < 0x80) return v;
      }
    };
    std::uint32_t last = 0;
    while (i < in.size()) {
      const std::uint64_t g = get();
      last += static_cast<std::uint32_t>(g >> 1);
      out.emplace_back(last, (g & 1) ? static_cast<std::uint32_t>(get()) : 1U);
    }
    return out;
  }

  Xapian::doccount both(const StemPair& pair) {
    const std::string a = "Z" + pair.first, b = "Z" + pair.second;
    Xapian::doccount n = 0;
    auto pa = view_.db.postlist_begin(a);
    auto pb = view_.db.postlist_begin(b);
    while (pa != view_.db.postlist_end(a) && pb != view_.db.postlist_end(b)) {
      ++view_.postings;
      if (*pa < *pb) {
        pa.skip_to(*pb);
      } else if (*pb < *pa) {
        pb.skip_to(*pa);
      } else {
        n += view_.excluded.count(*pa) == 0;
        ++pa;
        ++pb;
      }
    }
    return n;
  }

  // The largest index size at which the split test holds (0: none): expected = a·b/N ≥ 5 and
  // both ≤ 0.6·expected, in integers.
  std::uint64_t flip(const StemPair& pair, Xapian::doccount both) const {
    const std::uint64_t ab = std::uint64_t{view_.df(pair.first)} * view_.df(pair.second);
    std::uint64_t t = ab / 5;
    if (both > 0) t = std::min<std::uint64_t>(t, 3 * ab / (5 * std::uint64_t{both}));
    return t;
  }

  bool decide(const PairState& p, Xapian::doccount documents) const {
    return p.cosine >= kPairCosine || (p.cosine >= kSplitCosine && documents <= p.flip);
  }

  // The candidate pairs among `stems` (one skeleton's eligible stems).
  std::vector<StemPair> candidates(const std::set<std::string>& stems) {
    mini_.vocabulary.clear();
    // Set membership is eligibility already (the stems before a change may be rarer now).
    for (const auto& s : stems) mini_.vocabulary.emplace(s, bahth::index::kMinVariantDocs);
    return bahth::index::variant_candidates(mini_);
  }

  // Sets the pair's state from its cosine, adding it to the band if it is in it.
  void judge(State& st, const StemPair& pair, double cosine) {
    PairState p;
    p.cosine = cosine;
    if (cosine >= kSplitCosine && cosine < kPairCosine) {
      p.both = both(pair);
      p.flip = flip(pair, p.both);
      st.band.emplace(p.flip, pair);
    }
    p.learned = decide(p, st.documents);
    st.pairs[pair] = p;
  }

  void unband(State& st, const StemPair& pair) {
    const auto it = st.pairs.find(pair);
    if (it == st.pairs.end()) return;
    st.band.erase({it->second.flip, pair});
  }

  State learn() {
    State st;
    st.documents = view_.documents();
    for (const auto& [stem, f] : view_.vocabulary) {
      if (eligible(stem)) st.skeletons[bahth::index::variant_skeleton(stem)].insert(stem);
    }
    for (const auto& [skeleton, stems] : st.skeletons) {
      if (stems.size() < 2) continue;
      const auto pairs = candidates(stems);
      std::map<std::string, VariantContext> contexts;
      for (const auto& pair : pairs) {
        for (const std::string* s : {&pair.first, &pair.second}) {
          if (st.samples.count(*s)) continue;
          st.samples[*s] = sample(*s);
          const Counts c = counts(*s, st.samples[*s]);
          if (stored_) st.contexts[*s] = encode(c);
          contexts[*s] = weigh(c);
        }
      }
      for (const auto& pair : pairs) {
        judge(st, pair,
              bahth::index::variant_similarity(contexts[pair.first], contexts[pair.second]));
      }
    }
    return st;
  }

  // Brings `st` up to date after `docid` was added to the view (added) or removed from it, its
  // stems `stems`.
  using Run = std::vector<std::pair<Xapian::docid, std::vector<std::string>>>;

  // Brings `st` up to date after the articles of `run` (docid, its stems sorted) were all added
  // to the view (added) or all removed from it.
  void update(State& st, const Run& run, bool added) {
    const Xapian::doccount before = st.documents;
    st.documents = view_.documents();
    // Each stem of the run, with the run's articles that hold it (indexes into run).
    std::map<std::string, std::vector<std::size_t>> held_by;
    for (std::size_t i = 0; i < run.size(); ++i) {
      for (const std::string& s : run[i].second) held_by[s].push_back(i);
    }
    std::map<std::string, std::set<std::string>> changed_skeletons;  // with their stems before
    std::set<std::string> resampled;  // candidate stems whose sample changed
    for (const auto& [s, holders] : held_by) {
      const Xapian::doccount f = view_.df(s);
      const Xapian::doccount f_before = added ? f - holders.size() : f + holders.size();
      // Eligibility changes only where df crosses kMinVariantDocs.
      if ((f >= bahth::index::kMinVariantDocs) == (f_before >= bahth::index::kMinVariantDocs)) {
        continue;
      }
      if (s.size() / 2 < bahth::index::kMinVariantLetters) continue;
      const std::string k = bahth::index::variant_skeleton(s);
      if (k.size() / 2 < 2) continue;
      auto& set = st.skeletons[k];
      if (eligible(s) == (set.count(s) != 0)) {
        if (set.empty()) st.skeletons.erase(k);
        continue;
      }
      changed_skeletons.emplace(k, set);  // the first change of k keeps its stems before
      if (eligible(s)) {
        set.insert(s);
      } else {
        set.erase(s);
      }
      if (set.empty()) st.skeletons.erase(k);
    }
    // The candidate pairs of a skeleton whose stems changed: dropped and found again.
    std::set<StemPair> new_pairs;
    for (const auto& [k, stems_before] : changed_skeletons) {
      const auto it = st.skeletons.find(k);
      std::vector<StemPair> now;
      if (it != st.skeletons.end() && it->second.size() >= 2) now = candidates(it->second);
      const std::set<StemPair> now_set(now.begin(), now.end());
      std::vector<StemPair> old;
      if (stems_before.size() >= 2) old = candidates(stems_before);
      for (const auto& pair : old) {
        if (now_set.count(pair)) continue;
        unband(st, pair);
        st.pairs.erase(pair);
      }
      for (const auto& pair : now) {
        if (!st.pairs.count(pair)) new_pairs.insert(pair);
      }
    }
    // Samples: a candidate stem keeps one; a stem no pair holds any more drops it.
    std::set<std::string> wanted;
    for (const auto& pair : new_pairs) {
      wanted.insert(pair.first);
      wanted.insert(pair.second);
    }
    for (const std::string& s : wanted) {
      if (!st.samples.count(s)) {
        st.samples[s] = sample(s);
        resampled.insert(s);
      }
    }
    // What an implementation keeping the state in the index's metadata reads besides: one entry
    // for each stem of the run that may be a candidate (its sample's), looked up here in the
    // index (a miss or a hit costs about the same).
    for (const auto& [s, holders] : held_by) {
      if (view_.df(s) < bahth::index::kMinVariantDocs ||
          s.size() / 2 < bahth::index::kMinVariantLetters) {
        continue;
      }
      ++metadata_reads;
      looked_up += view_.db.get_metadata("bahth.variant_sample:" + s).size();
    }
    std::map<std::string, Sample> samples_before;
    for (const auto& [s, holders] : held_by) {
      auto it = st.samples.find(s);
      if (it == st.samples.end() || resampled.count(s)) continue;
      Sample& sm = it->second;
      if (stored_) samples_before.emplace(s, sm);
      const std::uint64_t h = fnv(s);
      const bool was_full =
          (added ? view_.df(s) - holders.size() : view_.df(s) + holders.size()) > kSample - 1;
      bool lost = false;
      for (const std::size_t i : holders) {
        const Xapian::docid docid = run[i].first;
        const std::pair<std::uint64_t, Xapian::docid> e{sample_hash(docid, h), docid};
        if (added) {
          if (sm.size() < kSample || e < sm.back()) {
            sm.insert(std::upper_bound(sm.begin(), sm.end(), e), e);
            if (sm.size() > kSample) sm.pop_back();
            resampled.insert(s);
          }
        } else {
          const auto at = std::find(sm.begin(), sm.end(), e);
          if (at == sm.end()) continue;
          resampled.insert(s);
          sm.erase(at);
          lost = true;
        }
      }
      // A full sample that lost an article: the next lowest take its place (read the posting
      // list again).
      if (lost && was_full && view_.df(s) >= sm.size() + 1) sm = sample(s);
    }
    // --stored: the contexts of the stems resampled, from the articles that left or entered.
    if (stored_) {
      for (const std::string& s : resampled) {
        const auto before = samples_before.find(s);
        const Counts c = before == samples_before.end() ? counts(s, st.samples.at(s))
                                                        : recount(s, decode(st.contexts.at(s)),
                                                                  before->second, st.samples.at(s));
        st.contexts[s] = encode(c);
      }
    }
    // Pairs to judge again: a stem's sample changed (the cosine), or its df (the band's test).
    std::set<StemPair> rejudge(new_pairs.begin(), new_pairs.end());
    // How many of the run's articles hold both stems of a pair.
    const auto run_both = [&](const StemPair& pair) -> Xapian::doccount {
      const auto a = held_by.find(pair.first), b = held_by.find(pair.second);
      if (a == held_by.end() || b == held_by.end()) return 0;
      std::vector<std::size_t> common;
      std::set_intersection(a->second.begin(), a->second.end(), b->second.begin(), b->second.end(),
                            std::back_inserter(common));
      return static_cast<Xapian::doccount>(common.size());
    };
    for (const auto& [s, holders] : held_by) {
      if (!st.samples.count(s)) continue;
      // The pairs of s: its skeleton's.
      const auto k = st.skeletons.find(bahth::index::variant_skeleton(s));
      if (k == st.skeletons.end()) continue;
      for (const std::string& t : k->second) {
        const StemPair pair = std::minmax(s, t);
        if (st.pairs.count(pair)) rejudge.insert(pair);
      }
    }
    std::map<StemPair, PairState> before_rejudge;
    for (const StemPair& pair : rejudge) {
      const auto it = st.pairs.find(pair);
      if (it != st.pairs.end()) before_rejudge.emplace(pair, it->second);
    }
    std::map<std::string, VariantContext> contexts;
    auto context_of = [&](const std::string& s) -> const VariantContext& {
      auto it = contexts.find(s);
      if (it == contexts.end()) {
        it = contexts
                 .emplace(s,
                          stored_ ? weigh(decode(st.contexts.at(s))) : context(s, st.samples.at(s)))
                 .first;
      }
      return it->second;
    };
    for (const StemPair& pair : rejudge) {
      const bool cosine_moves =
          new_pairs.count(pair) || resampled.count(pair.first) || resampled.count(pair.second);
      auto it = st.pairs.find(pair);
      if (!cosine_moves) {
        // df moved: only a band pair's test changes; its both count from the run's article.
        PairState& p = it->second;
        const bool in_band = p.cosine >= kSplitCosine && p.cosine < kPairCosine;
        if (in_band) {
          unband(st, pair);
          const Xapian::doccount both = run_both(pair);
          p.both = added ? p.both + both : p.both - both;
          p.flip = flip(pair, p.both);
          st.band.emplace(p.flip, pair);
        }
        p.learned = decide(p, st.documents);
        continue;
      }
      const double cosine =
          bahth::index::variant_similarity(context_of(pair.first), context_of(pair.second));
      if (it != st.pairs.end()) {
        const PairState old = it->second;
        const bool was_band = old.cosine >= kSplitCosine && old.cosine < kPairCosine;
        const bool in_band = cosine >= kSplitCosine && cosine < kPairCosine;
        if (was_band && in_band) {
          // Still in the band: its both count from the run's article, not the posting lists.
          unband(st, pair);
          PairState p = old;
          p.cosine = cosine;
          const Xapian::doccount both = run_both(pair);
          p.both = added ? p.both + both : p.both - both;
          p.flip = flip(pair, p.both);
          st.band.emplace(p.flip, pair);
          p.learned = decide(p, st.documents);
          it->second = p;
          continue;
        }
        if (was_band) unband(st, pair);
      }
      judge(st, pair, cosine);
    }
    // The band pairs whose test flips between the old and the new index size.
    const std::uint64_t lo = std::min(before, st.documents), hi = std::max(before, st.documents);
    for (auto b = st.band.lower_bound({lo, StemPair{}}); b != st.band.end() && b->first < hi; ++b) {
      PairState& p = st.pairs.at(b->second);
      const bool was = p.learned;
      p.learned = decide(p, st.documents);
      if (p.learned != was) entries_written += 3;  // the pair's entry, its stems' variants
    }
    // What an implementation would write: each changed sample, each changed pair (its band
    // entry moved, its stems' variant entries when its decision changed).
    // Bucketed: the pair's entry without its flip (a function of the dfs and both), and the
    // band keyed by flip / kFlipBucket, so a band entry moves only when the bucket changes; a
    // run then re-decides the band pairs of the buckets between the old and the new N.
    entries_written += resampled.size();
    bucketed_written += resampled.size();
    for (const StemPair& pair : rejudge) {
      const auto now = st.pairs.find(pair);
      const auto old = before_rejudge.find(pair);
      if (now == st.pairs.end() || old == before_rejudge.end()) {
        entries_written += 3;
        bucketed_written += 3;
        continue;
      }
      const PairState& a = old->second;
      const PairState& b = now->second;
      if (a == b) continue;
      const bool learned_moved = a.learned != b.learned;
      entries_written += 1 + (a.flip != b.flip ? 2 : 0) + (learned_moved ? 2 : 0);
      const bool in_band_a = a.cosine >= kSplitCosine && a.cosine < kPairCosine;
      const bool in_band_b = b.cosine >= kSplitCosine && b.cosine < kPairCosine;
      bucketed_written +=
          (a.cosine != b.cosine || a.both != b.both || learned_moved ? 1 : 0) +
          (in_band_a != in_band_b || a.flip / kFlipBucket != b.flip / kFlipBucket ? 2 : 0) +
          (learned_moved ? 2 : 0);
    }
    for (std::uint64_t k = std::min(before, st.documents) / kFlipBucket;
         k <= std::max(before, st.documents) / kFlipBucket; ++k) {
      for (auto b = st.band.lower_bound({k * kFlipBucket, StemPair{}});
           b != st.band.end() && b->first < (k + 1) * kFlipBucket; ++b) {
        ++bucket_reads;
      }
    }
    // Samples of stems no candidate pair holds any more.
    for (const auto& [k, stems_before] : changed_skeletons) {
      const auto now = st.skeletons.find(k);
      for (const std::string& s : stems_before) {
        bool held = false;
        if (now != st.skeletons.end()) {
          for (const std::string& t : now->second) {
            held = held || (t != s && st.pairs.count(std::minmax(s, t)) != 0);
          }
        }
        if (!held) {
          st.samples.erase(s);
          st.contexts.erase(s);
        }
      }
    }
    contexts_read += contexts.size();
  }

  std::size_t contexts_read = 0;
  std::size_t bucketed_written = 0;
  std::size_t bucket_reads = 0;
  std::size_t metadata_reads = 0;
  std::size_t looked_up = 0;
  std::size_t entries_written = 0;

 private:
  View& view_;
  const Weights& weights_;
  std::vector<float> by_id_;  // each word's weight by its number
  std::vector<int> counts_;   // by word number: a context's counts while they are counted
  bool stored_;
  bahth::index::VariantInputs mini_;
};

void report(const char* what, std::vector<double> ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  std::printf("%s: %zu runs, mean %.2f median %.2f p90 %.2f max %.2f\n", what, ms.size(),
              sum / double(ms.size()), ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms.back());
}

std::size_t differences(const State& a, const State& b) {
  std::size_t d = 0;
  for (const auto& [pair, p] : a.pairs) {
    const auto it = b.pairs.find(pair);
    if (it == b.pairs.end() || !(it->second == p)) {
      ++d;
      if (d <= 5) {
        std::printf("  differs: %s %s cosine %.4f both %u flip %llu learned %d", pair.first.c_str(),
                    pair.second.c_str(), p.cosine, p.both, (unsigned long long)p.flip, p.learned);
        if (it != b.pairs.end()) {
          std::printf(" / cosine %.4f both %u flip %llu learned %d", it->second.cosine,
                      it->second.both, (unsigned long long)it->second.flip, it->second.learned);
        }
        std::printf("\n");
      }
    }
  }
  for (const auto& [pair, p] : b.pairs) d += a.pairs.count(pair) == 0;
  if (a.samples != b.samples) std::printf("  samples differ\n"), ++d;
  if (a.skeletons != b.skeletons) std::printf("  skeletons differ\n"), ++d;
  if (a.band != b.band) std::printf("  band differs\n"), ++d;
  if (a.contexts != b.contexts) std::printf("  contexts differ\n"), ++d;
  return d;
}

std::size_t learned(const State& st) {
  std::size_t n = 0;
  for (const auto& [pair, p] : st.pairs) n += p.learned;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::size_t articles = 50;
  bool stored = false;
  std::string write_to;
  std::size_t write_cost = 0;
  std::string lexicon = "data/lexicon-ar.txt";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      path = argv[++i];
    } else if (arg == "--lexicon" && i + 1 < argc) {
      lexicon = argv[++i];
    } else if (arg == "--write" && i + 1 < argc) {
      write_to = argv[++i];
    } else if (arg == "--write-cost" && i + 1 < argc) {
      write_cost = std::stoul(argv[++i]);
    } else if (arg == "--stored") {
      stored = true;
    } else if (arg == "--articles" && i + 1 < argc) {
      articles = std::stoul(argv[++i]);
    } else {
      std::cerr << "usage: variants_floor --db PATH [--articles K] [--lexicon FILE]\n";
      return 2;
    }
  }
  try {
    const Xapian::Database db(path, Xapian::DB_BACKEND_GLASS);
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, path).stemmer);
    const auto inputs = bahth::index::variant_inputs(db, analysis);
    const auto weights = lexicon_weights(lexicon, analysis.analyzer());
    View view{db, inputs->vocabulary, {}, {}, 0, 0};
    Learner learner(view, *inputs, weights, stored);
    const Instructions instructions;
    double t0 = thread_ms();
    double i0 = instructions.millions();
    State whole = learner.learn();
    std::printf(
        "%u articles: whole learn %.0f ms CPU (%.0f M instructions), %zu skeletons, %zu candidate "
        "pairs over %zu "
        "stems, %zu band pairs, %zu pairs learned; %zu term lists, %zu postings read\n",
        db.get_doccount(), thread_ms() - t0, instructions.millions() - i0, whole.skeletons.size(),
        whole.pairs.size(), whole.samples.size(), whole.band.size(), learned(whole), view.termlists,
        view.postings);
    {
      // The state's size as metadata entries would hold it (keys with a 16-byte prefix;
      // docids and counts as varints; a pair's cosine in 8 bytes, both and flip in 4 each).
      const auto varint = [](std::uint64_t v) {
        std::size_t n = 1;
        while (v >= 0x80) v >>= 7, ++n;
        return n;
      };
      std::size_t skeleton_bytes = 0, sample_bytes = 0, pair_bytes = 0, context_bytes = 0;
      for (const auto& [k, stems] : whole.skeletons) {
        skeleton_bytes += 16 + k.size();
        for (const auto& stem : stems) skeleton_bytes += stem.size() + 1;
      }
      for (const auto& [stem, sm] : whole.samples) {
        sample_bytes += 16 + stem.size();
        Xapian::docid lastd = 0;
        std::vector<Xapian::docid> ds;
        for (const auto& e : sm) ds.push_back(e.second);
        std::sort(ds.begin(), ds.end());
        for (Xapian::docid d : ds) sample_bytes += varint(d - lastd), lastd = d;
      }
      for (const auto& [pair, p] : whole.pairs) {
        pair_bytes += 16 + pair.first.size() + pair.second.size() + 1 + 16;
      }
      pair_bytes += whole.band.size() * (16 + 8 + 30);
      for (const auto& [stem, c] : whole.contexts) context_bytes += 16 + stem.size() + c.size();
      std::printf(
          "state: skeletons %.2f MB, samples %.2f MB, pairs and band %.2f MB, contexts %.2f MB "
          "(%zu stems)\n",
          double(skeleton_bytes) / 1e6, double(sample_bytes) / 1e6, double(pair_bytes) / 1e6,
          double(context_bytes) / 1e6, whole.contexts.size());
    }
    {
      // The pairs the index holds (main's learn), against this definition's.
      std::set<StemPair> stored_pairs, mine;
      const std::string prefix(bahth::schema::kVariantKeyPrefix);
      for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
        const std::string stem = (*key).substr(prefix.size());
        for (const std::string& other : bahth::schema::read_variants(db, stem)) {
          stored_pairs.insert(std::minmax(stem, other));
        }
      }
      for (const auto& [pair, p] : whole.pairs) {
        if (p.learned) mine.insert(pair);
      }
      std::vector<StemPair> gained, lost;
      std::set_difference(mine.begin(), mine.end(), stored_pairs.begin(), stored_pairs.end(),
                          std::back_inserter(gained));
      std::set_difference(stored_pairs.begin(), stored_pairs.end(), mine.begin(), mine.end(),
                          std::back_inserter(lost));
      std::printf("pairs: %zu here, %zu in the index (%zu gained, %zu lost); %zu weighed words\n",
                  mine.size(), stored_pairs.size(), gained.size(), lost.size(), weights.size());
      // The pairs every earlier definition kept, and the one the sample decides.
      for (const char* words :
           {"ترامب ترمب", "غوتيريش غوتيريس", "امريكي اميركي", "امريكا اميركا"}) {
        const auto stems = analysis.analyzer().stems(words);
        if (stems.size() != 2) continue;
        const StemPair pair = std::minmax(stems[0], stems[1]);
        std::printf("  %s: here %s, in the index %s\n", words, mine.count(pair) ? "yes" : "no",
                    stored_pairs.count(pair) ? "yes" : "no");
      }
    }
    if (!write_to.empty()) {
      // The state written into the metadata of a copy of the index (given): its size on disk.
      Xapian::WritableDatabase out(write_to, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
      const auto docids_of = [](const Sample& sm) {
        std::string v;
        std::vector<Xapian::docid> ds;
        for (const auto& e : sm) ds.push_back(e.second);
        std::sort(ds.begin(), ds.end());
        Xapian::docid lastd = 0;
        for (Xapian::docid d : ds) {
          std::uint64_t g = d - lastd;
          lastd = d;
          while (g >= 0x80) v.push_back(static_cast<char>(g | 0x80)), g >>= 7;
          v.push_back(static_cast<char>(g));
        }
        return v;
      };
      for (const auto& [k, stems] : whole.skeletons) {
        std::string v;
        for (const auto& stem : stems) v += stem + " ";
        out.set_metadata("bahth.variant_skeleton:" + k, v);
      }
      for (const auto& [stem, sm] : whole.samples) {
        out.set_metadata("bahth.variant_sample:" + stem, docids_of(sm));
      }
      for (const auto& [stem, c] : whole.contexts) {
        out.set_metadata("bahth.variant_context:" + stem, c);
      }
      for (const auto& [pair, p] : whole.pairs) {
        char v[64];
        const int n = std::snprintf(v, sizeof v, "%a %u %llu %d", p.cosine, p.both,
                                    static_cast<unsigned long long>(p.flip), p.learned ? 1 : 0);
        out.set_metadata("bahth.variant_pair:" + pair.first + " " + pair.second,
                         std::string(v, static_cast<std::size_t>(n)));
      }
      for (const auto& [flip, pair] : whole.band) {
        char v[16];
        std::snprintf(v, sizeof v, "%010llu", static_cast<unsigned long long>(flip));
        out.set_metadata(std::string("bahth.variant_band:") + v + pair.first + " " + pair.second,
                         "1");
      }
      out.commit();
      std::printf("state written into %s\n", write_to.c_str());
      // What an update's writes cost there: `write_cost` band entries moved (one removed, one
      // added) and as many pair entries rewritten, then a commit; against a commit of one entry.
      if (write_cost > 0) {
        std::vector<StemPair> band_pairs;
        for (const auto& [flip, pair] : whole.band) band_pairs.push_back(pair);
        std::vector<double> with, without;
        for (int round = 0; round < 20; ++round) {
          double t = thread_ms();
          out.set_metadata("bahth.variant_documents", std::to_string(round));
          out.commit();
          without.push_back(thread_ms() - t);
          t = thread_ms();
          for (std::size_t k = 0; k < write_cost && !band_pairs.empty(); ++k) {
            const StemPair& pair =
                band_pairs[(k * 7919 + std::size_t(round) * 104729) % band_pairs.size()];
            const std::string name = pair.first + " " + pair.second;
            char v[16];
            std::snprintf(v, sizeof v, "%010d", round);
            out.set_metadata(std::string("bahth.variant_band:") + v + name, "1");
            std::snprintf(v, sizeof v, "%010d", round + 1000000);
            out.set_metadata(std::string("bahth.variant_band:") + v + name, "");
            out.set_metadata("bahth.variant_pair:" + name, v);
          }
          out.commit();
          with.push_back(thread_ms() - t);
        }
        report("a commit of one entry, CPU ms", without);
        char what[80];
        std::snprintf(what, sizeof what, "a commit of %zu band moves and pair entries, CPU ms",
                      write_cost);
        report(what, with);
      }
    }
    std::vector<Xapian::docid> docids;
    const Xapian::docid last = db.get_lastdocid();
    for (std::size_t k = 0; k < articles; ++k) {
      const auto d = static_cast<Xapian::docid>(1 + (k * 7919ULL + 13) % last);
      try {
        db.termlist_begin(d);
        docids.push_back(d);
      } catch (const Xapian::DocNotFoundError&) {
      }
    }
    State st = whole;
    std::vector<double> deletes, adds, deletes_i, adds_i;
    std::vector<std::size_t> contexts_delete, contexts_add;
    std::size_t update_termlists = 0;
    for (Xapian::docid d : docids) {
      view.exclude(d);
      const auto stems = view.excluded.at(d);
      const std::size_t c0 = learner.contexts_read;
      const std::size_t tl = view.termlists;
      t0 = thread_ms();
      i0 = instructions.millions();
      learner.update(st, {{d, stems}}, false);
      deletes.push_back(thread_ms() - t0);
      deletes_i.push_back(instructions.millions() - i0);
      update_termlists += view.termlists - tl;
      contexts_delete.push_back(learner.contexts_read - c0);
    }
    {
      const std::size_t tl = view.termlists;
      State check = learner.learn();
      view.termlists = tl;
      std::printf("after %zu deletes: %zu pairs learned; %zu differences from a whole learn\n",
                  docids.size(), learned(st), differences(st, check));
    }
    for (auto it = docids.rbegin(); it != docids.rend(); ++it) {
      const auto stems = view.excluded.at(*it);
      view.include(*it);
      const std::size_t c0 = learner.contexts_read;
      const std::size_t tl = view.termlists;
      t0 = thread_ms();
      i0 = instructions.millions();
      learner.update(st, {{*it, stems}}, true);
      adds.push_back(thread_ms() - t0);
      adds_i.push_back(instructions.millions() - i0);
      update_termlists += view.termlists - tl;
      contexts_add.push_back(learner.contexts_read - c0);
    }
    std::printf("after adding them back: %zu differences from the first learn\n",
                differences(st, whole));
    // What the one-article updates wrote and read (the one run below adds its own).
    const std::size_t single_written = learner.entries_written;
    const std::size_t single_bucketed = learner.bucketed_written;
    const std::size_t single_bucket_reads = learner.bucket_reads;
    const std::size_t single_lookups = learner.metadata_reads;
    // The same articles as one run: all deleted in one update, then all added in one.
    {
      Learner::Run run;
      for (Xapian::docid d : docids) {
        view.exclude(d);
        run.emplace_back(d, view.excluded.at(d));
      }
      const std::size_t c0 = learner.contexts_read, tl = view.termlists;
      t0 = thread_ms();
      i0 = instructions.millions();
      learner.update(st, run, false);
      const double del = thread_ms() - t0, del_i = instructions.millions() - i0;
      const std::size_t c1 = learner.contexts_read, tl1 = view.termlists;
      for (Xapian::docid d : docids) view.include(d);
      t0 = thread_ms();
      i0 = instructions.millions();
      learner.update(st, run, true);
      const double add = thread_ms() - t0, add_i = instructions.millions() - i0;
      std::printf(
          "one run of %zu: delete %.1f ms CPU, %.0f M instructions (%zu contexts, %zu term "
          "lists), add %.1f ms, %.0f M (%zu contexts, %zu term lists); %zu differences from the "
          "first learn\n",
          docids.size(), del, del_i, c1 - c0, tl1 - tl, add, add_i, learner.contexts_read - c1,
          view.termlists - tl1, differences(st, whole));
    }
    std::printf("the two runs of %zu wrote %zu entries (%zu with the band in buckets)\n",
                docids.size(), learner.entries_written - single_written,
                learner.bucketed_written - single_bucketed);
    report("delete 1 (the state's update), CPU ms", deletes);
    report("add 1 (the state's update), CPU ms", adds);
    if (instructions.available()) {
      report("delete 1, M instructions", deletes_i);
      report("add 1, M instructions", adds_i);
    }
    const auto mean = [](const std::vector<std::size_t>& v) {
      double s = 0;
      for (auto x : v) s += double(x);
      return v.empty() ? 0.0 : s / double(v.size());
    };
    std::printf(
        "contexts read an update: delete %.1f, add %.1f; state entries an implementation "
        "would write, all updates: %zu (%.1f an update); term lists read by updates: %zu\n",
        mean(contexts_delete), mean(contexts_add), single_written,
        double(single_written) / double(2 * docids.size()), update_termlists);
    std::printf(
        "with the band in buckets of %llu articles: %.1f entries written an update, %.1f band "
        "pairs of N's buckets read an update\n",
        static_cast<unsigned long long>(kFlipBucket),
        double(single_bucketed) / double(2 * docids.size()),
        double(single_bucket_reads) / double(2 * docids.size()));
    std::printf("metadata entries looked up, one-article updates: %zu (%.1f an update)\n",
                single_lookups, double(single_lookups) / double(2 * docids.size()));
  } catch (const Xapian::Error& e) {
    std::cerr << "variants_floor: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
