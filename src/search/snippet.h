// Snippets: a window of the body around the best match, with the matched words marked in the
// text as written — including words that matched only after normalization or stemming.
#ifndef BAHTH_SEARCH_SNIPPET_H_
#define BAHTH_SEARCH_SNIPPET_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/searcher.h"

namespace bahth::search {

/// The words a query looks for, as the analysis writes them.
struct QueryWords {
  std::unordered_set<std::string> exact;  // normalized words (phrases, unstemmed terms)
  std::unordered_set<std::string> stems;  // stems (bare words)
  bool empty() const { return exact.empty() && stems.empty(); }
};

/// Collects the free-text words of `query`, dropping field prefixes and boolean filter terms.
QueryWords query_words(const Xapian::Query& query);

struct Snippet {
  std::string text;
  std::vector<Highlight> highlights;  // byte ranges of `text`
};

/// Cuts about `chars` characters of `body` around the densest cluster of query words (the start
/// of the body when none occurs), at word boundaries, with "…" where text was cut.
Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const QueryWords& words,
                     std::size_t chars);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_SNIPPET_H_
