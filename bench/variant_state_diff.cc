// Compares the spelling variants and their state (src/index/variant_state.h) of two indexes:
// an index kept by incremental runs against a copy of it after `bahth index --rebuild-passes`
// (the same docids, so the same samples). Prints the entries of each kind and every difference.
//
//   variant_state_diff A B
//   variant_state_diff --pairs A
//
// --pairs prints A's candidate pairs, one "cosine learned a b" line each (learned 1 or 0).
#include <xapian.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

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

// The cosine and learned flag of a pair's entry (variant_state.cc's encode_pair).
void print_pairs(const Xapian::Database& db) {
  const std::string prefix(bahth::schema::kVariantStatePairPrefix);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    const std::string value = db.get_metadata(*key);
    if (value.size() < 10) continue;
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      bits |= std::uint64_t{static_cast<unsigned char>(value[i])} << (8 * i);
    }
    double cosine = 0;
    std::memcpy(&cosine, &bits, sizeof cosine);
    std::printf("%.4f %c %s\n", cosine, value.back(), (*key).substr(prefix.size()).c_str());
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
