// A search request's parameters (`/api/search?q=...&limit=...`) → the options `bahth search`
// would build from the same words on its command line.
#ifndef BAHTH_SERVE_REQUEST_H_
#define BAHTH_SERVE_REQUEST_H_

#include <map>
#include <string>

#include "bahth/searcher.h"
#include "http_server.h"

namespace bahth::serve {

struct SearchRequest {
  std::string query;
  SearchOptions options;
};

/// Reads q, limit (1–10000), offset (0–1000000), since, until, section (repeatable), sort
/// (relevance|date), facets, duplicates, explain (1|0|true|false), like. Throws UsageError
/// naming the parameter for an unknown one, a repeated one, or a bad value. With
/// `facets_by_default` (the web page) facets are on unless facets=0.
SearchRequest parse_search_request(const Params& params, bool facets_by_default);

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_REQUEST_H_
