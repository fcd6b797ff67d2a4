// bahth_variant_words_generator STEMMER LEXICON.txt OUT: the context words of the learned
// spelling variants (variant_state.h), made at compile time from data/lexicon-ar.txt: the
// lexicon's corpus counts summed by STEMMER's stem, the most common stems (above
// kMaxCommonShare of the tokens) left out. Each stem's line number is its word number, which
// the variant state stores; the header's fingerprint names the table, so an index whose state
// was kept with another table learns its variants again.
//
// OUT: "bahthvw1 FINGERPRINT TOKENS WORDS\n", then "STEM\tCOUNT\tRANK\n" per word, sorted by stem
// (its bytes); RANK is the word's place by COUNT, the most common first, ties by line.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/stemmers.h"

namespace {

constexpr double kMaxCommonShare = 2e-4;

std::uint64_t fnv(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bahth_variant_words_generator STEMMER LEXICON.txt OUT\n";
    return 2;
  }
  try {
    const bahth::Analysis analysis(bahth::parse_stemmer_kind(argv[1]));
    std::ifstream in(argv[2]);
    if (!in) {
      std::cerr << "bahth_variant_words_generator: cannot read " << argv[2] << "\n";
      return 1;
    }
    std::unordered_map<std::string, std::uint64_t> counts;
    std::uint64_t tokens = 0;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::uint64_t count = std::stoull(line.substr(tab + 1));
      if (count == 0) continue;
      tokens += count;
      for (const std::string& stem : analysis.analyzer().stems(line.substr(0, tab))) {
        counts[stem] += count;
      }
    }
    std::vector<std::pair<std::uint64_t, std::string>> sorted;
    sorted.reserve(counts.size());
    const double common = kMaxCommonShare * static_cast<double>(tokens);
    for (auto& [stem, count] : counts) {
      if (static_cast<double>(count) > common) continue;
      sorted.emplace_back(count, stem);
    }
    // By stem, so a reader finds a stem by bisection without building anything.
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    // Each word's rank: its place by count, the most common first, ties by line (the order the
    // variant state codes its counts in), so a reader need not sort the table.
    std::vector<std::size_t> by_count(sorted.size());
    for (std::size_t i = 0; i < by_count.size(); ++i) by_count[i] = i;
    std::stable_sort(by_count.begin(), by_count.end(), [&](std::size_t a, std::size_t b) {
      return static_cast<std::uint32_t>(sorted[a].first) >
             static_cast<std::uint32_t>(sorted[b].first);
    });
    std::vector<std::size_t> rank(sorted.size());
    for (std::size_t r = 0; r < by_count.size(); ++r) rank[by_count[r]] = r;
    // The fingerprint is of the stems and counts alone, as before the ranks were written: the
    // table is the same, and the states kept with it stay valid.
    std::string named;
    std::string body;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const std::string line = sorted[i].second + '\t' + std::to_string(sorted[i].first);
      named += line + '\n';
      body += line + '\t' + std::to_string(rank[i]) + '\n';
    }
    char header[96];
    std::snprintf(header, sizeof header, "bahthvw1 %016llx %llu %zu\n",
                  static_cast<unsigned long long>(fnv(std::string(argv[1]) + named)),
                  static_cast<unsigned long long>(tokens), sorted.size());
    std::ofstream out(argv[3], std::ios::binary);
    out << header << body;
    if (!out.flush()) {
      std::cerr << "bahth_variant_words_generator: cannot write " << argv[3] << "\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "bahth_variant_words_generator: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
