// Compares the spelling variants and their state (src/index/variant_state.h) of two indexes:
// an index kept by incremental runs against a copy of it after `bahth index --rebuild-passes`
// (the same docids, so the same samples). Prints the entries of each kind and every difference.
//
//   variant_state_diff A B
#include <xapian.h>

#include <cstdio>
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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: variant_state_diff A B\n");
    return 2;
  }
  try {
    const auto a = entries(Xapian::Database(argv[1]));
    const auto b = entries(Xapian::Database(argv[2]));
    std::map<std::string, std::size_t> kinds;
    for (const auto& [key, value] : a) kinds[key.substr(0, key.find(':') + 1)]++;
    for (const auto& [kind, n] : kinds) std::printf("%s %zu entries\n", kind.c_str(), n);
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
