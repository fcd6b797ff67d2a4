// What a search-only executable would cost: `bahth search --db DB QUERY`'s text output with no
// command line parser and no other command linked in (issue #30, bench/HISTORY.md). A probe,
// not a product: it takes exactly DB and QUERY, the defaults of `bahth search` in a pipe.
//
//   search_only_probe DB QUERY
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bahth/searcher.h"
#include "render/search_text.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: search_only_probe DB QUERY\n";
    return 2;
  }
  try {
    const bahth::Searcher searcher(std::vector<std::string>{argv[1]});
    const bahth::SearchOptions options;
    const bahth::SearchResults results = searcher.search(argv[2], options);
    bahth::render::TextStyle style;
    style.width = 80 - bahth::render::kResultIndent;
    bahth::render::print_search_text(results, argv[2], style, false, options.facets_exact_up_to);
  } catch (const std::exception& e) {
    std::cerr << "search_only_probe: " << e.what() << '\n';
    return 1;
  }
  return EXIT_SUCCESS;
}
