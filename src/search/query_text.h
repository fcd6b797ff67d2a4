// The query as text, before any index is asked: its operators, its words, its normalized form.
// At the bottom of search/: the parser, the corrections and the searcher all read it.
#ifndef BAHTH_SEARCH_QUERY_TEXT_H_
#define BAHTH_SEARCH_QUERY_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::search {

/// Longest query accepted, in bytes: what Linux allows one command-line argument (about 10,000
/// Arabic words), far more than anyone types, yet bounding the parser's time and memory (a query
/// file given to `bahth eval`, or a program using Searcher, could hold anything).
inline constexpr std::size_t kMaxQueryBytes = 128u << 10;

/// True for Xapian's query operators as the parser reads them (AND, OR, NOT, XOR, NEAR, ADJ, and
/// NEAR/n, ADJ/n).
bool is_operator(std::string_view word);

/// Words of `text` as the tokenizer finds them, as the query limits count them.
std::size_t count_words(std::string_view text);

/// Where one blank-separated chunk of a query stands in the query as typed, [typed_begin,
/// typed_end), and where normalize_query() wrote its normalized form, [normalized_begin,
/// normalized_end): each chunk is normalized on its own, and the blanks between are kept.
struct QueryChunk {
  std::size_t typed_begin = 0;
  std::size_t typed_end = 0;
  std::size_t normalized_begin = 0;
  std::size_t normalized_end = 0;
};

/// Applies bahth's normalization to every word of `query` while keeping Xapian's upper-case
/// operators (AND, OR, NOT, XOR, NEAR, ADJ) as they are, since normalization lower-cases Latin.
/// With `chunks`, appends where each chunk of `query` went, in order.
std::string normalize_query(std::string_view query, std::vector<QueryChunk>* chunks = nullptr);

/// True when `query_text` uses operators that decide which documents match (AND, NOT, XOR,
/// +word, -word): expansion must then only reorder those matches, not add to them.
bool restricts_matches(std::string_view query_text);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUERY_TEXT_H_
