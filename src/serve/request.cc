#include "request.h"

#include <charconv>
#include <optional>
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
    throw ParameterError("invalid_parameter", name,
                         "parameter '" + name + "' must be a whole number from " +
                             std::to_string(low) + " to " + std::to_string(high) + ", not '" +
                             value + "'");
  }
  return n;
}

bool parse_flag(const std::string& name, const std::string& value) {
  if (value == "1" || value == "true" || value == "on" || value.empty()) return true;
  if (value == "0" || value == "false" || value == "off") return false;
  throw ParameterError("invalid_parameter", name,
                       "parameter '" + name + "' must be 1 or 0, not '" + value + "'");
}

bool digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// A date bound's shape (YYYY, YYYY-MM, YYYY-MM-DD, month 01–12, day 01–31), checked here so
// that the error names the parameter; the search checks the day against the month.
std::string parse_date(const std::string& name, const std::string& value) {
  const std::string_view v = value;
  const bool shape = (v.size() == 4 && digits(v)) ||
                     (v.size() >= 7 && digits(v.substr(0, 4)) && v[4] == '-' &&
                      digits(v.substr(5, 2)) && v.substr(5, 2) >= "01" && v.substr(5, 2) <= "12" &&
                      (v.size() == 7 || (v.size() == 10 && v[7] == '-' && digits(v.substr(8, 2)) &&
                                         v.substr(8, 2) >= "01" && v.substr(8, 2) <= "31")));
  if (!value.empty() && !shape) {
    throw ParameterError("invalid_parameter", name,
                         "parameter '" + name + "': '" + value +
                             "' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  return value;
}

// A half-life (30d, 12h, 2w, 1y); empty is off, as on the command line.
double parse_recency(const std::string& name, const std::string& value) {
  if (value.empty()) return 0;
  const std::optional<double> half_life = parse_half_life(value);
  if (!half_life) {
    throw ParameterError("invalid_parameter", name,
                         "parameter '" + name + "': '" + value +
                             "' is not a half-life; expected a whole number and a unit, h, d, w "
                             "or y (e.g. 12h, 30d, 2w), from 1h to 100y");
  }
  return *half_life;
}

}  // namespace

SearchRequest parse_search_request(const Params& params, bool facets_by_default,
                                   UnknownParameters unknown) {
  SearchRequest request;
  request.options.facets = facets_by_default;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& name = it->first;
    const std::string& value = it->second;
    if (name != "section" && name != "source" && name != "author" && params.count(name) > 1) {
      throw ParameterError("repeated_parameter", name,
                           "parameter '" + name + "' is given more than once");
    }
    if (name == "q") {
      request.query = value;
    } else if (name == "limit") {
      request.options.limit = parse_count(name, value, 0, kMaxLimit);
    } else if (name == "offset") {
      request.options.offset = parse_count(name, value, 0, kMaxOffset);
    } else if (name == "since") {
      request.options.since = parse_date(name, value);
    } else if (name == "until") {
      request.options.until = parse_date(name, value);
    } else if (name == "section") {
      // An empty section (the page's "all sections") is no filter.
      if (!value.empty()) request.options.sections.push_back(value);
    } else if (name == "source") {
      if (!value.empty()) request.options.sources.push_back(value);
    } else if (name == "author") {
      if (!value.empty()) request.options.authors.push_back(value);
    } else if (name == "sort") {
      if (value != "relevance" && value != "date" && !value.empty()) {
        throw ParameterError("invalid_parameter", name,
                             "parameter 'sort' must be relevance or date, not '" + value + "'");
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
    } else if (name == "translit") {
      request.options.transliterate = parse_flag(name, value);
    } else if (name == "like") {
      request.options.like = value;
    } else if (name == "recency") {
      request.options.recency_half_life_days = parse_recency(name, value);
      request.recency = value;
    } else if (unknown == UnknownParameters::reject) {
      throw ParameterError(
          "unknown_parameter", name,
          "unknown parameter '" + name +
              "' (known: q, limit, offset, since, until, section, source, sort, facets, "
              "duplicates, explain, correct, translit, like, recency)");
    }
  }
  return request;
}

SearchRequest search_state_as_typed(const Params& params) {
  SearchRequest request;
  for (const auto& [name, value] : params) {
    if (name == "q") {
      request.query = value;
    } else if (name == "like") {
      request.options.like = value;
    } else if (name == "since") {
      request.options.since = value;
    } else if (name == "until") {
      request.options.until = value;
    } else if (name == "section" && !value.empty()) {
      request.options.sections.push_back(value);
    } else if (name == "source" && !value.empty()) {
      request.options.sources.push_back(value);
    } else if (name == "author" && !value.empty()) {
      request.options.authors.push_back(value);
    } else if (name == "sort") {
      request.options.sort = value == "date" ? SortOrder::date : SortOrder::relevance;
    } else if (name == "correct") {
      request.options.correct = !(value == "0" || value == "false");
    } else if (name == "recency") {
      request.recency = value;
    } else if (name == "translit") {
      request.options.transliterate = !(value == "0" || value == "false");
    }
  }
  return request;
}

}  // namespace bahth::serve
