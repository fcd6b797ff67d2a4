// Precision and recall of near-duplicate detection on labelled article pairs.
//
//   dedup_eval --db PATH --labels FILE
//
// FILE: tests/fixtures/dedup/labels.tsv (label, id_a, id_b, ...; '#' comments; labels
// "duplicate", "distinct", and "unsure", which is left out). Reads each article's signature
// and group key from an index built by `bahth index`, and reports:
//   - the index's grouping: a pair counts as found when both articles carry the same group key
//     (what `bahth search` collapses);
//   - the pairwise decision "estimated Jaccard >= t" for a range of t, to choose the threshold;
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
#include "schema/duplicates.h"
#include "schema/schema.h"

namespace {

struct Pair {
  bool duplicate = false;
  std::string a, b;
};

struct Article {
  std::string signature, group;
  bool found = false;
};

std::vector<Pair> read_labels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Pair> pairs;
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
  std::vector<bahth::index::SignedDocument> documents;
  const Xapian::valueno slot = bahth::schema::kSignatureSlot;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    documents.push_back({v.get_docid(), *v});
  }
  const auto start = std::chrono::steady_clock::now();
  const auto keys = bahth::index::find_duplicate_groups(documents);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::map<std::string, int> sizes;
  for (const auto& [docid, key] : keys) ++sizes[key];
  int largest = 0;
  for (const auto& [key, size] : sizes) largest = std::max(largest, size);
  std::printf(
      "index: %u articles, %zu with a signature; %zu in %zu groups (largest %d); %zu results "
      "fewer at most; grouping pass %.2f s\n",
      db.get_doccount(), documents.size(), keys.size(), sizes.size(), largest,
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
    Counts grouped;
    const std::vector<double> thresholds{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8};
    std::vector<Counts> by_threshold(thresholds.size());
    int missing = 0;
    for (const Pair& p : pairs) {
      const Article a = look_up(db, p.a);
      const Article b = look_up(db, p.b);
      if (!a.found || !b.found) {
        ++missing;
        continue;
      }
      grouped.add(p.duplicate, !a.group.empty() && a.group == b.group);
      const double j = bahth::schema::estimated_jaccard(a.signature, b.signature);
      for (std::size_t t = 0; t < thresholds.size(); ++t) {
        by_threshold[t].add(p.duplicate, j >= thresholds[t]);
      }
    }
    std::printf("%zu labelled pairs, %d with an article missing from the index\n", pairs.size(),
                missing);
    report_groups(db);
    grouped.print("index groups (collapse key)");
    for (std::size_t t = 0; t < thresholds.size(); ++t) {
      char name[64];
      std::snprintf(name, sizeof name, "pairwise estimate >= %.2f", thresholds[t]);
      by_threshold[t].print(name);
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
