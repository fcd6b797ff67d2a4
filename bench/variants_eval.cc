// The spelling-variant pass on an index, timed, and what it learns.
//
//   variants_eval --db PATH [--pairs] [--features] [--why STEM STEM]...
//
// PATH: an index built by `bahth index` (one database, not shards). Reruns the pass that ends
// `bahth index` (index/variant_learner.h; --one-thread: its articles read by one thread, not
// two), rewriting the index's stored variants, and prints
// its wall time and the number of pairs; --pairs prints every pair (one "a b" line each);
// --features prints every candidate pair (all checks but the contexts') with the cosine of their
// contexts, the articles holding both, the number chance predicts and their edit distance;
// --why prints, for two stems, their skeletons and the cosine of their contexts.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "bahth/edit_distance.h"
#include "bahth/utf8.h"
#include "index/variant_learner.h"
#include "schema/schema.h"

namespace {

std::u32string code_points(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t c = 0;
    i += bahth::decode_utf8(s, i, c);
    out.push_back(c);
  }
  return out;
}

std::vector<Xapian::docid> postings(const Xapian::Database& db, const std::string& term) {
  std::vector<Xapian::docid> out;
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) out.push_back(*p);
  return out;
}

// Every candidate pair with what may tell spellings from different words: "a b cosine
// articles-with-both expected-with-both edit-distance".
void print_features(const Xapian::Database& db, const bahth::Analysis& analysis) {
  using namespace bahth::index;
  const auto inputs = variant_inputs(db, analysis);
  const auto candidates = variant_candidates(*inputs);
  const auto stems = stems_of(candidates);
  const auto contexts = read_variant_contexts(db, stems, inputs->vocabulary);
  const double n = db.get_doccount();
  for (const auto& [a, b] : candidates) {
    const auto pa = postings(db, "Z" + a), pb = postings(db, "Z" + b);
    std::vector<Xapian::docid> both;
    std::set_intersection(pa.begin(), pa.end(), pb.begin(), pb.end(), std::back_inserter(both));
    const std::u32string ua = code_points(a), ub = code_points(b);
    std::cout << a << ' ' << b << ' ' << variant_similarity(contexts.at(a), contexts.at(b)) << ' '
              << both.size() << ' ' << double(pa.size()) * pb.size() / n << ' '
              << bahth::edit_distance(std::u32string_view(ua), std::u32string_view(ub)) << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  bool print_pairs = false;
  bool features = false;
  bool one_thread = false;
  std::vector<std::pair<std::string, std::string>> why;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--features") {
      features = true;
    } else if (arg == "--one-thread") {
      one_thread = true;
    } else if (arg == "--pairs") {
      print_pairs = true;
    } else if (arg == "--why" && i + 2 < argc) {
      why.emplace_back(argv[i + 1], argv[i + 2]);
      i += 2;
    } else {
      std::cerr << "usage: variants_eval --db PATH [--one-thread] [--pairs] [--features] "
                   "[--why STEM STEM]...\n";
      return 2;
    }
  }
  if (db_path.empty()) {
    std::cerr << "variants_eval: --db PATH is needed\n";
    return 2;
  }
  try {
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, db_path).stemmer);
    const auto start = std::chrono::steady_clock::now();
    // As `bahth index` learns them: a second thread reads half of the articles (unless
    // --one-thread).
    bahth::index::VariantReading reading;
    if (!one_thread) {
      reading.open_reader = [&] { return Xapian::Database(db_path, Xapian::DB_BACKEND_GLASS); };
    }
    const auto pairs = bahth::index::learn_spelling_variants(db, analysis, reading);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    bahth::index::store_spelling_variants(db, pairs);
    db.commit();
    std::printf("%zu pairs in %.2f s over %u articles\n", pairs.size(), took.count(),
                db.get_doccount());
    if (print_pairs) {
      for (const auto& [a, b] : pairs) std::cout << a << ' ' << b << '\n';
    }
    if (features) print_features(db, analysis);
    if (!why.empty()) {
      const auto frequencies = bahth::index::read_stem_frequencies(db);
      for (const auto& [a, b] : why) {
        const auto contexts = bahth::index::read_variant_contexts(db, {a, b}, frequencies);
        const auto fa = frequencies.find(a), fb = frequencies.find(b);
        std::cout << a << " (" << (fa == frequencies.end() ? 0 : fa->second) << " articles) " << b
                  << " (" << (fb == frequencies.end() ? 0 : fb->second) << " articles): "
                  << "skeletons " << bahth::index::variant_skeleton(a) << ' '
                  << bahth::index::variant_skeleton(b) << ", cosine "
                  << bahth::index::variant_similarity(contexts.at(a), contexts.at(b)) << '\n';
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "variants_eval: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "variants_eval: " << e.get_description() << '\n';
    return 1;
  }
}
