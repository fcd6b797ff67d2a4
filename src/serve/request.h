// A search request's parameters (`/api/search?q=...&limit=...`) → the options `bahth search`
// would build from the same words on its command line.
#ifndef BAHTH_SERVE_REQUEST_H_
#define BAHTH_SERVE_REQUEST_H_

#include <map>
#include <string>
#include <utility>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "http_server.h"

namespace bahth::serve {

/// A request parameter at fault: what is wrong (the error code of the API's answer:
/// invalid_parameter, unknown_parameter, repeated_parameter, missing_parameter) and its name.
class ParameterError : public UsageError {
 public:
  ParameterError(std::string code, std::string parameter, const std::string& message)
      : UsageError(message), code_(std::move(code)), parameter_(std::move(parameter)) {}
  const std::string& code() const { return code_; }
  const std::string& parameter() const { return parameter_; }

 private:
  std::string code_;
  std::string parameter_;
};

/// What an unknown parameter does: the API rejects it (a typo must not silently change a
/// search), a page ignores it (links carry tracking tags such as utm_source).
enum class UnknownParameters { reject, ignore };

struct SearchRequest {
  std::string query;
  SearchOptions options;
  std::string recency;  // `recency=` as given (options.recency_half_life_days is its meaning)
};

/// Reads q, limit (1–10000), offset (0–1000000), since, until, section (repeatable), sort
/// (relevance|date), facets, duplicates, explain, correct (1|0|true|false), like, recency (a
/// half-life: 12h, 30d, 2w, 1y; empty is off). Throws ParameterError
/// naming the parameter for an unknown one (unless `unknown` says to ignore it), a repeated one,
/// or a bad value. With `facets_by_default` (the web page) facets are on unless facets=0.
SearchRequest parse_search_request(const Params& params, bool facets_by_default,
                                   UnknownParameters unknown = UnknownParameters::reject);

/// The page's state as the reader typed it, nothing checked: for the error page of a request
/// that parse_search_request refused, so that it can name the bad value and keep every other
/// filter in its links. The query, like, since, until, sections, sources, sort, correct and
/// recency only.
SearchRequest search_state_as_typed(const Params& params);

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_REQUEST_H_
