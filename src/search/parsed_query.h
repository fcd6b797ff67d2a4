// A query worked out once: its text as the parser reads it, its words, what the index says of
// them, and the Xapian query made of it. The parser fills it (query_builder.h); corrections,
// snippets, explain and highlights read it instead of working the text out again, as Xapian's
// own QueryParser keeps its term list, stop list and unstem map beside the query. Plain data,
// below both the parser and the corrections.
#ifndef BAHTH_SEARCH_PARSED_QUERY_H_
#define BAHTH_SEARCH_PARSED_QUERY_H_

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bahth/searcher.h"
#include "query_text.h"
#include "snippet.h"
#include "transliteration.h"

namespace bahth::search {

class WordLookups;  // did_you_mean.h

/// A parsed query.
struct ParsedQuery {
  std::string typed;       // the query as given
  std::string normalized;  // normalize_query(typed): what the parser reads
  // Where each blank-separated chunk of `typed` went in `normalized`, for a correction shown in
  // the words typed (correction_display.h).
  std::vector<QueryChunk> chunks;
  // Whether the query reads as a question (question_frame.h): its frame words are not searched.
  bool question = false;
  // The free-text words of `normalized`, in order: not operators, field names, wildcards, words
  // with digits, stopwords, a question's frame words, or words inside quotes.
  std::vector<std::string> free_words;
  // The words of the query as the index holds them, each looked up once, shared by whoever asks
  // (near spellings, corrections): null until the query is read against an index.
  std::shared_ptr<WordLookups> lookups;
  // Each stem of the typed words, and each normalized word, to the words typed that give it
  // ("a/b" when several do): what explain shows for an index term.
  std::map<std::string, std::string> typed_by_stem;
  std::map<std::string, std::string> typed_by_normalized;

  Xapian::Query query;
  // True when `query` has no words to weigh, only filters (or nothing: an empty query matches
  // every article): the search then has no relevance to rank by, and orders by date.
  bool without_words = false;
  // The words `query` looks for, as snippets and highlights mark them (snippet.h).
  QueryWords words;
  // What the index's metadata made the parser leave out (spelling variants over their limits
  // or past the deadline), for the user; the caller names the index.
  std::vector<std::string> warnings;
  // Latin words searched with the index's Arabic spellings of them (transliteration.h).
  std::vector<Transliteration> transliterations;
  // Words the index lacks searched with their near spellings (query_builder.h's QueryAdditions).
  std::vector<NearSpellings> near_spellings;
};

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_PARSED_QUERY_H_
