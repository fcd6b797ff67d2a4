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

/// One word of a quoted phrase: a stem, or a normalized word when the index is not stemmed.
struct PhraseWord {
  std::string text;
  bool stemmed = false;
};

/// The words a query looks for, as the analysis writes them.
struct QueryWords {
  std::unordered_set<std::string> exact;         // normalized words (unstemmed terms)
  std::unordered_set<std::string> stems;         // stems (bare words)
  std::vector<std::vector<PhraseWord>> phrases;  // quoted phrases: marked only where in order
  std::vector<std::string> wildcards;  // what a wildcard's words start with (اليم of اليم*)
  bool empty() const {
    return exact.empty() && stems.empty() && phrases.empty() && wildcards.empty();
  }
};

/// Collects the free-text words of `query`, dropping field prefixes and boolean filter terms.
/// Words of a phrase go to `phrases` only, and the exact-word bonus that parse_query() joins
/// with AND_MAYBE is skipped: it repeats the query's words unquoted, and would mark every
/// occurrence of a phrase's words.
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
