// What an exact incremental update of the learned spelling variants (issue #26) would have to
// redo, measured on a built index, and how the pairs change when the pass is made local.
//
//   variants_locality --db PATH [--steps S] [--salt K] [--articles N] [--lexicon
//   data/lexicon-ar.txt]
//
// Read-only. The learn's contexts (index/variant_learner.h) are rebuilt here, by the same
// definition (checked: the same pairs as bahth learns), and in local ways: each stem's sample
// chosen by a hash of (docid, stem) against a rate set by the stem's df bucket, and IDF whose df
// and N are taken to the middle of their buckets (S a doubling, 1 unless told), or weights from
// the lexicon's corpus counts, which no change to the index moves. Each one's pairs are compared
// with bahth's, and the cosine thresholds under which the lexicon's weights come closest are
// searched. Then, for N articles spread over the index (200 unless told), it asks what adding a
// copy of each would change under the bucketed IDF: the context words whose df bucket (or the
// cut-off for context words) that add crosses, and how many candidate stems hold one of them in
// their context: the contexts an exact update must read again (or hold, re-weigh and re-score,
// which it times).
#include <xapian.h>

#include <algorithm>
#include <chrono>
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
#include "schema/schema.h"

namespace {

using bahth::index::StemPair;
using bahth::index::VariantContext;
using bahth::index::VariantContexts;
using bahth::index::VariantInputs;

constexpr double kSample = 20;  // kSampleDocuments in variant_learner.cc
constexpr double kMaxContextShare = 0.05;
constexpr double kMaxContextDocs = 50;

// Buckets of df (and N): steps_per_doubling a doubling; a bucket's value is its geometric
// middle.
double steps_per_doubling = 1;
std::uint64_t sample_salt = 0;  // --salt: another hash sample, to see what the sample decides
double bucket_floor(double x) {
  return std::exp2(std::floor(std::log2(std::max(1.0, x)) * steps_per_doubling) /
                   steps_per_doubling);
}
double bucket_middle(double x) { return bucket_floor(x) * std::exp2(0.5 / steps_per_doubling); }

struct Mode {
  bool hash_sample = false;
  bool buckets = false;
  const char* name = "";
  // Not null: each context word weighed by its count in the corpora bahth's lexicon was built
  // from (data/lexicon-ar.txt, its words' counts added up by stem), not by the index: a weight
  // no change to the index moves.
  const std::unordered_map<std::string, double>* background = nullptr;
};

// The lexicon's corpus counts by stem.
std::unordered_map<std::string, double> background_counts(const std::string& lexicon,
                                                          const bahth::Analyzer& analyzer) {
  std::unordered_map<std::string, double> out;
  std::ifstream in(lexicon);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const double count = std::stod(line.substr(tab + 1));
    if (count <= 0) continue;
    for (const std::string& stem : analyzer.stems(line.substr(0, tab))) out[stem] += count;
  }
  return out;
}

class Contexts {
 public:
  Contexts(const Xapian::Database& db, const std::unordered_map<std::string, Xapian::doccount>& df,
           Mode mode)
      : db_(db), df_(df), mode_(mode) {
    const double n = db.get_doccount();
    const double nq = mode.buckets ? bucket_middle(n) : n;
    const double cutoff = std::max(kMaxContextShare * nq, kMaxContextDocs);
    std::vector<std::string> sorted;
    sorted.reserve(df.size());
    for (const auto& [stem, f] : df) sorted.push_back(stem);
    std::sort(sorted.begin(), sorted.end());
    if (mode.background != nullptr) {
      // Counts of tokens made article counts: scaled by the index's articles a token. As many
      // of the most frequent stems are left out as the index's own cut-off leaves out.
      double tokens = 0, postings = 0;
      std::size_t too_common = 0;
      for (const auto& [stem, count] : *mode.background) tokens += count;
      for (const auto& [stem, f] : df) {
        postings += f;
        if (f > cutoff) ++too_common;
      }
      std::vector<double> counts;
      for (const auto& [stem, count] : *mode.background) counts.push_back(count);
      std::sort(counts.rbegin(), counts.rend());
      const double common = too_common < counts.size() ? counts[too_common] : 0;
      const double scale = postings / tokens;
      for (const std::string& stem : sorted) {
        const auto it = mode.background->find(stem);
        const double count = it == mode.background->end() ? 1 : std::max(1.0, it->second);
        if (count > common) continue;
        weights_.emplace(
            stem, std::make_pair(static_cast<std::uint32_t>(weights_.size()),
                                 static_cast<float>(std::log(n / std::max(1.0, count * scale)))));
      }
      return;
    }
    for (const std::string& stem : sorted) {
      const double f = df.at(stem);
      const double fq = mode.buckets ? bucket_middle(f) : f;
      if (f == 0 || (mode.buckets ? bucket_middle(f) : f) > cutoff) continue;
      weights_.emplace(stem, std::make_pair(static_cast<std::uint32_t>(weights_.size()),
                                            static_cast<float>(std::log(nq / fq))));
    }
  }

  std::vector<Xapian::docid> sample(const std::string& stem) const {
    std::vector<Xapian::docid> out;
    const std::string term = "Z" + stem;
    const double f = df_.at(stem);
    if (mode_.hash_sample) {
      const double rate = std::min(1.0, kSample / bucket_middle(f));
      const std::uint64_t salt =
          std::hash<std::string>()(stem) + sample_salt * 0x9e3779b97f4a7c15ULL;
      for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
        const double u = static_cast<double>(bahth::bench::mix64(salt ^ *p) >> 11) * 0x1p-53;
        if (u < rate) out.push_back(*p);
      }
      return out;
    }
    const auto step = std::max<Xapian::doccount>(1, static_cast<Xapian::doccount>(f / kSample));
    Xapian::doccount seen = 0;
    for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term) && out.size() < kSample;
         ++p, ++seen) {
      if (seen % step == 0) out.push_back(*p);
    }
    return out;
  }

  VariantContexts read(const std::vector<std::string>& stems) const {
    std::map<Xapian::docid, std::vector<std::size_t>> wanted;
    for (std::size_t i = 0; i < stems.size(); ++i) {
      for (Xapian::docid d : sample(stems[i])) wanted[d].push_back(i);
    }
    std::vector<VariantContext> contexts(stems.size());
    for (const auto& [docid, for_stems] : wanted) {
      VariantContext article;
      for (auto t = db_.termlist_begin(docid); t != db_.termlist_end(docid); ++t) {
        const std::string term = *t;
        if (term.size() < 2 || term[0] != 'Z') continue;
        const auto it = weights_.find(term.substr(1));
        if (it != weights_.end()) article.push_back(it->second);
      }
      for (std::size_t i : for_stems) {
        const auto self = weights_.find(stems[i]);
        for (const auto& e : article) {
          if (self == weights_.end() || e.first != self->second.first) contexts[i].push_back(e);
        }
      }
    }
    VariantContexts out;
    for (std::size_t i = 0; i < stems.size(); ++i) {
      VariantContext& c = contexts[i];
      std::sort(c.begin(), c.end());
      VariantContext merged;
      for (const auto& e : c) {
        if (!merged.empty() && merged.back().first == e.first) {
          merged.back().second += e.second;
        } else {
          merged.push_back(e);
        }
      }
      out.emplace(stems[i], std::move(merged));
    }
    return out;
  }

  const std::unordered_map<std::string, std::pair<std::uint32_t, float>>& weights() const {
    return weights_;
  }

 private:
  const Xapian::Database& db_;
  const std::unordered_map<std::string, Xapian::doccount>& df_;
  Mode mode_;
  std::unordered_map<std::string, std::pair<std::uint32_t, float>> weights_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::size_t articles = 200;
  std::string lexicon = "data/lexicon-ar.txt";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      path = argv[++i];
    } else if (arg == "--lexicon" && i + 1 < argc) {
      lexicon = argv[++i];
    } else if (arg == "--salt" && i + 1 < argc) {
      sample_salt = std::stoull(argv[++i]);
    } else if (arg == "--steps" && i + 1 < argc) {
      steps_per_doubling = std::stod(argv[++i]);
    } else if (arg == "--articles" && i + 1 < argc) {
      articles = std::stoul(argv[++i]);
    } else {
      std::cerr << "usage: variants_locality --db PATH [--steps S] [--salt K] [--articles N]\n";
      return 2;
    }
  }
  try {
    const Xapian::Database db(path, Xapian::DB_BACKEND_GLASS);
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, path).stemmer);
    auto inputs = bahth::index::variant_inputs(db, analysis);
    const auto candidates = bahth::index::variant_candidates(*inputs);
    const auto stems = bahth::index::stems_of(candidates);
    std::printf("%u articles, %zu stems, %zu candidate pairs over %zu stems\n", db.get_doccount(),
                inputs->vocabulary.size(), candidates.size(), stems.size());
    const std::vector<StemPair> bahth_pairs = bahth::index::learn_variant_pairs(*inputs);
    const auto background = background_counts(lexicon, analysis.analyzer());
    std::set<StemPair> reference;
    for (const Mode mode : {Mode{false, false, "step sample, exact IDF"},
                            Mode{false, true, "step sample, bucketed IDF"},
                            Mode{true, false, "hash sample, exact IDF"},
                            Mode{true, true, "hash sample, bucketed IDF"},
                            Mode{false, false, "step sample, lexicon IDF", &background},
                            Mode{true, false, "hash sample, lexicon IDF", &background}}) {
      const Contexts contexts(db, inputs->vocabulary, mode);
      VariantInputs local = *inputs;
      local.contexts_of = [&](const std::vector<std::string>& s) { return contexts.read(s); };
      const auto pairs = bahth::index::learn_variant_pairs(local);
      const std::set<StemPair> set(pairs.begin(), pairs.end());
      if (reference.empty()) {
        reference = set;
        const std::set<StemPair> learned(bahth_pairs.begin(), bahth_pairs.end());
        std::printf("%s: %zu pairs (bahth learns %zu; %s)\n", mode.name, set.size(), learned.size(),
                    learned == set ? "the same" : "NOT the same");
        continue;
      }
      std::vector<StemPair> added, removed;
      std::set_difference(set.begin(), set.end(), reference.begin(), reference.end(),
                          std::back_inserter(added));
      std::set_difference(reference.begin(), reference.end(), set.begin(), set.end(),
                          std::back_inserter(removed));
      std::printf("%s: %zu pairs, %zu added, %zu removed\n", mode.name, set.size(), added.size(),
                  removed.size());
      for (const auto& [a, b] : added) std::printf("  + %s %s\n", a.c_str(), b.c_str());
      for (const auto& [a, b] : removed) std::printf("  - %s %s\n", a.c_str(), b.c_str());
    }

    // The thresholds on the cosine (kMinVariantSimilarity, kMinSplitVariantSimilarity) under
    // which the lexicon's weights learn the pairs closest to bahth's.
    {
      const Contexts lexicon_contexts(db, inputs->vocabulary, Mode{false, false, "", &background});
      const VariantContexts all = lexicon_contexts.read(stems);
      const double n = db.get_doccount();
      struct Scored {
        double cosine;
        bool split;
        bool learned;
      };
      std::vector<Scored> scored;
      for (const StemPair& pair : candidates) {
        const double cosine =
            bahth::index::variant_similarity(all.at(pair.first), all.at(pair.second));
        const double expected =
            double(inputs->vocabulary.at(pair.first)) * inputs->vocabulary.at(pair.second) / n;
        const bool split =
            cosine >= 0.1 && expected >= bahth::index::kMinExpectedTogether &&
            inputs->articles_with_both(pair) <= bahth::index::kMaxSplitTogetherShare * expected;
        scored.push_back({cosine, split, reference.count(pair) != 0});
      }
      std::vector<std::tuple<std::size_t, double, double, std::size_t, std::size_t>> best;
      for (int t = 20; t <= 60; ++t) {
        for (int ts = 10; ts <= t; ++ts) {
          std::size_t added = 0, removed = 0;
          for (const Scored& p : scored) {
            const bool in = p.cosine >= t / 100.0 || (p.split && p.cosine >= ts / 100.0);
            added += in && !p.learned;
            removed += !in && p.learned;
          }
          best.emplace_back(added + removed, t / 100.0, ts / 100.0, added, removed);
        }
      }
      std::sort(best.begin(), best.end());
      for (std::size_t i = 0; i < 3 && i < best.size(); ++i) {
        const auto& [diff, t, ts, added, removed] = best[i];
        std::printf(
            "lexicon weights, step sample, cosine >= %.2f (split %.2f): %zu added, %zu "
            "removed\n",
            t, ts, added, removed);
      }
    }

    // Fan-out under the bucketed, hash-sampled definition: which candidate stems hold each
    // context word.
    const Contexts local(db, inputs->vocabulary, Mode{true, true, ""});
    const VariantContexts all = local.read(stems);
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> holders;
    std::size_t entries = 0;
    for (std::size_t i = 0; i < stems.size(); ++i) {
      for (const auto& [word, weight] : all.at(stems[i])) {
        holders[word].push_back(static_cast<std::uint32_t>(i));
        ++entries;
      }
    }
    std::printf("contexts: %zu entries over %zu stems (%.0f a stem)\n", entries, stems.size(),
                double(entries) / double(stems.size()));
    const double n = db.get_doccount();
    const double cutoff = std::max(kMaxContextShare * bucket_middle(n), kMaxContextDocs);
    // What a writer holding every candidate stem's context in memory (as counts of context
    // words) would redo at each commit to stay exact with IDF over the whole index: re-weigh
    // every context and score every candidate pair again.
    {
      std::vector<float> weight(local.weights().size());
      for (const auto& [stem, entry] : local.weights()) weight[entry.first] = entry.second * 1.01F;
      const auto start = std::chrono::steady_clock::now();
      std::unordered_map<std::string, VariantContext> reweighed;
      for (const auto& [stem, context] : all) {
        VariantContext c = context;
        for (auto& [word, w] : c) w = weight[word];
        reweighed.emplace(stem, std::move(c));
      }
      double sum = 0;
      for (const auto& [a, b] : candidates) {
        sum += bahth::index::variant_similarity(reweighed.at(a), reweighed.at(b));
      }
      const std::chrono::duration<double, std::milli> took =
          std::chrono::steady_clock::now() - start;
      std::printf("re-weighing all %zu contexts and scoring the %zu pairs: %.1f ms (%.3f)\n",
                  all.size(), candidates.size(), took.count(), sum);
    }
    const std::unordered_set<std::string> candidate_stems(stems.begin(), stems.end());
    std::vector<std::size_t> candidates_held;
    std::vector<std::size_t> touched_counts;
    std::size_t crossings = 0;
    const Xapian::docid last = db.get_lastdocid();
    for (std::size_t k = 0; k < articles; ++k) {
      const Xapian::docid docid = 1 + static_cast<Xapian::docid>((k * 7919ULL) % last);
      std::vector<std::string> terms;
      try {
        for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
          const std::string term = *t;
          if (term.size() > 1 && term[0] == 'Z') terms.push_back(term.substr(1));
        }
      } catch (const Xapian::DocNotFoundError&) {
        continue;
      }
      candidates_held.push_back(static_cast<std::size_t>(
          std::count_if(terms.begin(), terms.end(),
                        [&](const std::string& t) { return candidate_stems.count(t); })));
      std::unordered_set<std::uint32_t> touched;
      for (const std::string& stem : terms) {
        const auto f = inputs->vocabulary.find(stem);
        if (f == inputs->vocabulary.end()) continue;
        const double before = bucket_middle(f->second), after = bucket_middle(f->second + 1.0);
        if (before == after && !(before <= cutoff && after > cutoff)) continue;
        ++crossings;
        const auto w = local.weights().find(stem);
        if (w == local.weights().end()) continue;
        const auto h = holders.find(w->second.first);
        if (h == holders.end()) continue;
        touched.insert(h->second.begin(), h->second.end());
      }
      touched_counts.push_back(touched.size());
    }
    std::sort(touched_counts.begin(), touched_counts.end());
    if (!touched_counts.empty()) {
      const auto at = [&](double q) {
        return touched_counts[std::min(touched_counts.size() - 1,
                                       static_cast<std::size_t>(q * touched_counts.size()))];
      };
      double sum = 0;
      for (std::size_t t : touched_counts) sum += double(t);
      std::printf(
          "adding a copy of one of %zu articles: %.2f df-bucket crossings an article; candidate "
          "stems whose context holds a crossing word: mean %.0f, median %zu, p90 %zu, max %zu "
          "(of %zu)\n",
          touched_counts.size(), double(crossings) / double(touched_counts.size()),
          sum / double(touched_counts.size()), at(0.5), at(0.9), touched_counts.back(),
          stems.size());
      std::sort(candidates_held.begin(), candidates_held.end());
      double held = 0;
      for (std::size_t c : candidates_held) held += double(c);
      std::printf(
          "candidate stems an article holds (their samples change when it is added): "
          "mean %.1f, median %zu, p90 %zu, max %zu\n",
          held / double(candidates_held.size()), candidates_held[candidates_held.size() / 2],
          candidates_held[candidates_held.size() * 9 / 10], candidates_held.back());
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "variants_locality: " << e.get_description() << '\n';
    return 1;
  }
}
