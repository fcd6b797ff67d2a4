#include "request.h"

#include <charconv>
#include <string_view>

#include "bahth/error.h"

namespace bahth::serve {
namespace {

// The same bounds as `bahth search -n` (0: the count and facets only) and `--offset`.
constexpr std::size_t kMaxLimit = 10'000;
constexpr std::size_t kMaxOffset = 1'000'000;

std::size_t parse_count(const std::string& name, const std::string& value, std::size_t low,
                        std::size_t high) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || n < low ||
      n > high) {
    throw UsageError("parameter '" + name + "' must be a whole number from " + std::to_string(low) +
                     " to " + std::to_string(high) + ", not '" + value + "'");
  }
  return n;
}

bool parse_flag(const std::string& name, const std::string& value) {
  if (value == "1" || value == "true" || value == "on" || value.empty()) return true;
  if (value == "0" || value == "false" || value == "off") return false;
  throw UsageError("parameter '" + name + "' must be 1 or 0, not '" + value + "'");
}

}  // namespace

SearchRequest parse_search_request(const Params& params, bool facets_by_default) {
  SearchRequest request;
  request.options.facets = facets_by_default;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& name = it->first;
    const std::string& value = it->second;
    if (name != "section" && name != "source" && params.count(name) > 1) {
      throw UsageError("parameter '" + name + "' is given more than once");
    }
    if (name == "q") {
      request.query = value;
    } else if (name == "limit") {
      request.options.limit = parse_count(name, value, 0, kMaxLimit);
    } else if (name == "offset") {
      request.options.offset = parse_count(name, value, 0, kMaxOffset);
    } else if (name == "since") {
      request.options.since = value;
    } else if (name == "until") {
      request.options.until = value;
    } else if (name == "section") {
      // An empty section (the page's "all sections") is no filter.
      if (!value.empty()) request.options.sections.push_back(value);
    } else if (name == "source") {
      if (!value.empty()) request.options.sources.push_back(value);
    } else if (name == "sort") {
      if (value != "relevance" && value != "date" && !value.empty()) {
        throw UsageError("parameter 'sort' must be relevance or date, not '" + value + "'");
      }
      request.options.sort = value == "date" ? SortOrder::date : SortOrder::relevance;
    } else if (name == "facets") {
      request.options.facets = parse_flag(name, value);
    } else if (name == "duplicates") {
      request.options.show_duplicates = parse_flag(name, value);
    } else if (name == "explain") {
      request.options.explain = parse_flag(name, value);
    } else if (name == "correct") {
      request.options.correct = parse_flag(name, value);
    } else if (name == "like") {
      request.options.like = value;
    } else {
      throw UsageError("unknown parameter '" + name +
                       "' (known: q, limit, offset, since, until, section, source, sort, facets, "
                       "duplicates, explain, correct, like)");
    }
  }
  return request;
}

}  // namespace bahth::serve
