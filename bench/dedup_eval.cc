// Precision and recall of near-duplicate detection on labelled article pairs.
//
//   dedup_eval --db PATH --labels FILE
//
// FILE: tests/fixtures/dedup/labels.tsv (label, id_a, id_b, ...; '#' comments; labels
// "duplicate", "distinct", and "unsure", which is left out). Reads each article's signature
// and group key from an index built by `bahth index`, and reports:
//   - the index's grouping: a pair counts as found when both articles carry the same group key
//     (what `bahth search` collapses);
//   - the pairwise decision "exact whole-text Jaccard >= w and lead Jaccard >= l" (of 3-word
//     shingles, as the index checks a candidate pair) for a grid of (w, l), to choose the
//     thresholds;
// each on the tuning half and the held-out half of the pairs. The split is fixed: within each
// label, in file order, pairs alternate tuning, held-out, tuning, ... (so both halves span the
// same overlap bins). Choose thresholds on the tuning half only; the held-out half checks them.
//   - the groups of the whole index, and the time the grouping pass takes on it.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "index/duplicate_groups.h"
#include "index/minhash.h"
#include "schema/schema.h"
#include "schema/stored_text.h"

namespace {

struct Pair {
  bool duplicate = false;
  bool held_out = false;
  std::string a, b;
};

struct Article {
  std::string signature, group;
  bahth::index::Shingles shingles;
  bool found = false;
};

std::vector<Pair> read_labels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Pair> pairs;
  std::map<std::string, int> seen_of_label;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string label;
    Pair p;
    std::getline(fields, label, '\t');
    std::getline(fields, p.a, '\t');
    std::getline(fields, p.b, '\t');
    if (label == "unsure") continue;
    if (label != "duplicate" && label != "distinct") throw std::runtime_error("bad label " + label);
    p.duplicate = label == "duplicate";
    p.held_out = seen_of_label[label]++ % 2 == 1;
    pairs.push_back(p);
  }
  return pairs;
}

Article look_up(const Xapian::Database& db, const std::string& id) {
  Article article;
  const std::string term = bahth::schema::id_term(id);
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return article;
  const Xapian::Document doc = db.get_document(*it);
  article.found = true;
  article.signature = doc.get_value(bahth::schema::kSignatureSlot);
  article.group = doc.get_value(bahth::schema::kDuplicateGroupSlot);
  article.shingles =
      bahth::index::article_shingles(bahth::schema::StoredTextReader(db).decode(doc.get_data()));
  return article;
}

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  void add(bool truth, bool predicted) {
    (truth ? (predicted ? tp : fn) : (predicted ? fp : tn))++;
  }
  void print(const std::string& what) const {
    const double precision = tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp);
    const double recall = tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn);
    std::printf("%-28s precision %.3f  recall %.3f  (tp %d fp %d fn %d tn %d)\n", what.c_str(),
                precision, recall, tp, fp, fn, tn);
  }
};

// How the whole index groups, and what the indexer's grouping pass costs on it.
void report_groups(const Xapian::Database& db) {
  std::vector<std::pair<Xapian::docid, std::string>> keys;
  bahth::index::GroupingStats stats;
  const auto start = std::chrono::steady_clock::now();
  bahth::index::for_each_duplicate(
      db, [&keys](Xapian::docid docid, const std::string& key) { keys.emplace_back(docid, key); },
      {}, &stats);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::map<std::string, int> sizes;
  for (const auto& [docid, key] : keys) ++sizes[key];
  int largest = 0;
  for (const auto& [key, size] : sizes) largest = std::max(largest, size);
  std::printf(
      "index: %u articles, %zu with a signature; %zu in %zu groups (largest %d); %zu results "
      "fewer at most; grouping pass %.2f s\n",
      db.get_doccount(), stats.documents, keys.size(), sizes.size(), largest,
      keys.size() - sizes.size(), took.count());
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, labels;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--db") db_path = argv[i + 1];
    if (arg == "--labels") labels = argv[i + 1];
  }
  if (db_path.empty() || labels.empty()) {
    std::cerr << "usage: dedup_eval --db PATH --labels FILE\n";
    return 2;
  }
  try {
    const Xapian::Database db(db_path);
    const std::vector<Pair> pairs = read_labels(labels);
    Counts grouped[2];
    const std::vector<double> whole{0.4, 0.5, 0.55, 0.6, 0.7};
    const std::vector<double> lead{0.0, 0.3, 0.45, 0.55, 0.65};
    std::vector<Counts> by_threshold[2];
    by_threshold[0].resize(whole.size() * lead.size());
    by_threshold[1].resize(whole.size() * lead.size());
    int missing = 0;
    for (const Pair& p : pairs) {
      const Article a = look_up(db, p.a);
      const Article b = look_up(db, p.b);
      if (!a.found || !b.found) {
        ++missing;
        continue;
      }
      const int half = p.held_out ? 1 : 0;
      grouped[half].add(p.duplicate, !a.group.empty() && a.group == b.group);
      const auto s = bahth::index::exact_similarity(a.shingles, b.shingles);
      for (std::size_t w = 0; w < whole.size(); ++w) {
        for (std::size_t l = 0; l < lead.size(); ++l) {
          by_threshold[half][w * lead.size() + l].add(p.duplicate,
                                                      s.whole >= whole[w] && s.lead >= lead[l]);
        }
      }
    }
    std::printf("%zu labelled pairs, %d with an article missing from the index\n", pairs.size(),
                missing);
    report_groups(db);
    const char* halves[2] = {"tuning", "held-out"};
    for (int half = 0; half < 2; ++half) {
      std::printf("-- %s half\n", halves[half]);
      grouped[half].print("index groups (collapse key)");
      for (std::size_t w = 0; w < whole.size(); ++w) {
        for (std::size_t l = 0; l < lead.size(); ++l) {
          char name[64];
          std::snprintf(name, sizeof name, "whole >= %.2f, lead >= %.2f", whole[w], lead[l]);
          by_threshold[half][w * lead.size() + l].print(name);
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "dedup_eval: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "dedup_eval: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
