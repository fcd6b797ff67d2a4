// Compares the spelling variants and their state (src/index/variant_state.h) of two indexes:
// an index kept by incremental runs against a copy of it after `bahth index --rebuild-passes`
// (the same docids, so the same samples). Prints the entries of each kind and every difference.
//
//   variant_state_diff A B
//   variant_state_diff --pairs A
//
// --pairs prints A's candidate pairs, one "cosine learned a b" line each (learned 1 or 0); for
// a pair of cosine 0.12 or more it adds the stems' document frequencies, the articles holding
// both, the index's size, the lift (both·N / (df_a·df_b)) and how alike the two stems' spread
// over the outlets is (the overlap of their shares by outlet, 1: the same; -: one outlet).
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "index/variant_learner.h"
#include "index/variant_state.h"
#include "schema/schema.h"

namespace {

std::map<std::string, std::string> entries(const Xapian::Database& db) {
  auto out = bahth::index::variant_state_entries(db);
  for (auto key = db.metadata_keys_begin("bahth.variant");
       key != db.metadata_keys_end("bahth.variant"); ++key) {
    out.emplace(*key, db.get_metadata(*key));
  }
  return out;
}

// The outlet of every article (an index into the outlets' filter terms), by docid.
std::vector<std::uint32_t> outlets_of(const Xapian::Database& db, std::size_t& outlets) {
  std::vector<std::uint32_t> out(db.get_lastdocid() + 1, UINT32_MAX);
  const std::string prefix(bahth::schema::kSourcePrefix);
  outlets = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t, ++outlets) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      out[*p] = static_cast<std::uint32_t>(outlets);
    }
  }
  return out;
}

// How alike two stems' spread over the outlets is: the sum over outlets of the smaller share.
double outlet_overlap(const Xapian::Database& db, const std::string& a, const std::string& b,
                      const std::vector<std::uint32_t>& outlet, std::size_t outlets) {
  std::vector<double> sa(outlets + 1), sb(outlets + 1);
  const auto spread = [&](const std::string& term, std::vector<double>& s) {
    double n = 0;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p, ++n) {
      const std::uint32_t o = outlet[*p];
      ++s[o == UINT32_MAX ? outlets : o];
    }
    for (double& x : s) x /= std::max(1.0, n);
  };
  spread(a, sa);
  spread(b, sb);
  double overlap = 0;
  for (std::size_t o = 0; o <= outlets; ++o) overlap += std::min(sa[o], sb[o]);
  return overlap;
}

// The cosine and learned flag of a pair's entry (variant_state.cc's encode_pair).
void print_pairs(const Xapian::Database& db) {
  const std::string prefix(bahth::schema::kVariantStatePairPrefix);
  const std::string stem_prefix(bahth::schema::kStemPrefix);
  std::size_t outlets = 0;
  const std::vector<std::uint32_t> outlet = outlets_of(db, outlets);
  const double n = db.get_doccount();
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    const std::string value = db.get_metadata(*key);
    if (value.size() < 10) continue;
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      bits |= std::uint64_t{static_cast<unsigned char>(value[i])} << (8 * i);
    }
    double cosine = 0;
    std::memcpy(&cosine, &bits, sizeof cosine);
    const std::string pair = (*key).substr(prefix.size());
    std::printf("%.4f %c %s", cosine, value.back(), pair.c_str());
    const std::size_t space = pair.find(' ');
    if (cosine >= 0.12 && space != std::string::npos) {
      const std::string a = stem_prefix + pair.substr(0, space);
      const std::string b = stem_prefix + pair.substr(space + 1);
      const double da = db.get_termfreq(a), dbf = db.get_termfreq(b);
      const double both = bahth::index::articles_with_both(db, a, b);
      std::printf(" %.0f %.0f %.0f %.0f %.3f", da, dbf, both, n, both * n / (da * dbf));
      if (outlets > 1) {
        std::printf(" %.3f", outlet_overlap(db, a, b, outlet, outlets));
      } else {
        std::printf(" -");
      }
    }
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--pairs") {
    try {
      print_pairs(Xapian::Database(argv[2]));
      return 0;
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "variant_state_diff: %s\n", e.get_description().c_str());
      return 1;
    }
  }
  if (argc != 3) {
    std::fprintf(stderr, "usage: variant_state_diff A B | --pairs A\n");
    return 2;
  }
  try {
    const auto a = entries(Xapian::Database(argv[1]));
    const auto b = entries(Xapian::Database(argv[2]));
    std::map<std::string, std::pair<std::size_t, std::size_t>> kinds;  // entries, bytes
    for (const auto& [key, value] : a) {
      auto& [n, bytes] = kinds[key.substr(0, key.find(':') + 1)];
      ++n;
      bytes += key.size() + value.size();
    }
    for (const auto& [kind, n] : kinds) {
      std::printf("%s %zu entries, %zu bytes\n", kind.c_str(), n.first, n.second);
    }
    std::size_t differences = 0;
    for (const auto& [key, value] : a) {
      const auto it = b.find(key);
      if (it == b.end() || it->second != value) {
        if (++differences <= 10) std::printf("differs: %s\n", key.c_str());
      }
    }
    for (const auto& [key, value] : b) {
      if (a.count(key) == 0 && ++differences <= 10) std::printf("only in B: %s\n", key.c_str());
    }
    std::printf("%zu differences; %s pairs in A\n", differences,
                a.count("bahth.variants") ? a.at("bahth.variants").c_str() : "no");
    return differences == 0 ? 0 : 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "variant_state_diff: %s\n", e.get_description().c_str());
    return 1;
  }
}
