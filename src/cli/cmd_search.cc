// `bahth search`: ranked results with snippets, as text or JSON.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "commands.h"
#include "options.h"

namespace bahth::cli {
namespace {

struct SearchCommandOptions {
  std::vector<std::string> db_paths;
  std::string default_db;
  SearchOptions search;
  std::string sort = "relevance";
  std::string color = "auto";
  bool json = false;
  std::vector<std::string> query_words;
};

// Marks the highlighted byte ranges of `text` with `open` and `close`.
std::string mark(const std::string& text, const std::vector<Highlight>& highlights,
                 std::string_view open, std::string_view close) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : highlights) {
    if (begin < at || end > text.size()) continue;
    out.append(text, at, begin - at).append(open).append(text, begin, end - begin).append(close);
    at = end;
  }
  return out.append(text, at);
}

// JSON readers index strings by character, not by UTF-8 byte: convert [begin, end) offsets.
nlohmann::json character_offsets(const std::string& text, const std::vector<Highlight>& ranges) {
  auto chars_before = [&text](std::size_t byte) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    }
    return chars;
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [begin, end] : ranges) out.push_back({chars_before(begin), chars_before(end)});
  return out;
}

nlohmann::json explanation_json(const SearchHit& hit) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [term, weight] : hit.explanation)
    out.push_back({{"term", term}, {"weight", weight}});
  return out;
}

nlohmann::json counts_json(const std::vector<FacetCount>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const FacetCount& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
  return out;
}

// {"section": [{"value", "count"}], "month"|"year": [...], "exact", "counted", "undated",
// "without_section"}, or null when facets were not asked for.
nlohmann::json facets_json(const std::optional<Facets>& facets) {
  if (!facets) return nullptr;
  return {{"section", counts_json(facets->sections)},
          {facets->by_year ? "year" : "month", counts_json(facets->periods)},
          {"exact", facets->exact},
          {"counted", facets->counted},
          {"undated", facets->undated},
          {"without_section", facets->without_section}};
}

void print_json(const SearchResults& results, const std::string& like, bool explain) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& hit : results.hits) {
    hits.push_back({{"rank", hit.rank},
                    {"id", hit.id},
                    {"score", hit.score},
                    {"title", hit.title},
                    {"date", hit.date},
                    {"section", hit.section},
                    {"url", hit.url},
                    {"snippet", hit.snippet},
                    {"highlights", character_offsets(hit.snippet, hit.highlights)}});
    if (explain) hits.back()["explain"] = explanation_json(hit);
  }
  const nlohmann::json out{
      {"query", results.query},
      {"like", like.empty() ? nlohmann::json(nullptr) : nlohmann::json(like)},
      {"total", results.total},
      {"total_is_exact", results.total_is_exact},
      {"offset", results.offset},
      {"results", hits},
      {"suggestion",
       results.suggestion.empty() ? nlohmann::json(nullptr) : nlohmann::json(results.suggestion)},
      {"facets", facets_json(results.facets)}};
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_explanation(const SearchHit& hit) {
  std::string line;
  for (const auto& [term, weight] : hit.explanation) {
    line.append(line.empty() ? "" : ", ").append(fmt::format("{} {:.2f}", term, weight));
  }
  fmt::print("     matched: {}\n", line.empty() ? "(filters only)" : line);
}

// A bar of `count` out of `max`, `width` cells wide (padded with spaces), drawn in eighths of a
// cell; never empty for a count above zero, so a small section is still seen.
std::string bar(std::uint64_t count, std::uint64_t max, std::size_t width) {
  static constexpr std::array<std::string_view, 8> kEighths{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const std::uint64_t eighths =
      count == 0 || max == 0 ? 0 : std::max<std::uint64_t>(1, (count * width * 8 + max / 2) / max);
  std::string out;
  for (std::uint64_t i = 0; i < eighths / 8; ++i) out.append("█");
  out.append(kEighths[eighths % 8]);
  const std::size_t cells = eighths / 8 + (eighths % 8 == 0 ? 0 : 1);
  return out.append(width - std::min(width, cells), ' ');
}

bool has_right_to_left_letters(std::string_view text) {
  // UTF-8 lead bytes of U+0590–U+08FF: Hebrew, Arabic, Syriac, Thaana and Arabic supplements.
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0xD6 && byte <= 0xE0;
  });
}

// One table: count, bar, label. The label comes last so that an Arabic name, however long,
// leaves the columns aligned; it is wrapped in a first-strong isolate (U+2068 … U+2069) so a
// terminal that lays out bidirectional text keeps the line left-to-right and the name whole.
void print_counts(std::string_view heading, const std::vector<FacetCount>& counts) {
  if (counts.empty()) return;
  std::uint64_t max = 0;
  for (const FacetCount& c : counts) max = std::max(max, c.count);
  constexpr std::size_t kBarWidth = 30;
  fmt::print("{}\n", heading);
  for (const FacetCount& c : counts) {
    const std::string label =
        has_right_to_left_letters(c.value) ? "\u2068" + c.value + "\u2069" : c.value;
    fmt::print("  {:>7}  {}  {}\n", c.count, bar(c.count, max, kBarWidth), label);
  }
}

void print_facets(const Facets& facets, std::uint64_t total, std::uint64_t exact_up_to) {
  fmt::print("Facets: {} articles{}\n", facets.counted,
             facets.exact ? ""
                          : fmt::format(" of about {} matching (a sample: beyond {} matches "
                                        "Xapian stops looking, so counts are not exact)",
                                        total, exact_up_to));
  std::vector<FacetCount> sections = facets.sections;
  if (facets.without_section > 0) sections.push_back({"(no section)", facets.without_section});
  print_counts("By section", sections);
  std::vector<FacetCount> periods = facets.periods;
  if (facets.undated > 0) periods.push_back({"(undated)", facets.undated});
  print_counts(facets.by_year ? "By year" : "By month", periods);
  fmt::print("\n");
}

// `subject` says what was searched for: the query, or the article whose related ones these are.
void print_text(const SearchResults& results, std::string_view subject, bool color, bool explain,
                std::uint64_t facets_exact_up_to) {
  const std::string_view open = color ? "\x1b[1m" : "[";
  const std::string_view close = color ? "\x1b[0m" : "]";
  const std::size_t shown = results.hits.size();
  if (!results.suggestion.empty()) fmt::print("Did you mean: {}\n\n", results.suggestion);
  if (shown == 0) {
    std::fflush(stdout);
    std::cerr << "No results for " << subject << ".\n";
  } else {
    fmt::print("{}{} results for {}; showing {}–{}\n\n", results.total_is_exact ? "" : "about ",
               results.total, subject, results.offset + 1, results.offset + shown);
  }
  for (const SearchHit& hit : results.hits) {
    fmt::print("{:>3}. {}{}{}\n", hit.rank, color ? "\x1b[1m" : "",
               hit.title.empty() ? "(no title)" : hit.title, color ? "\x1b[0m" : "");
    std::string meta = hit.date.empty() ? "undated" : hit.date.substr(0, 10);
    if (!hit.section.empty()) meta += " · " + hit.section;
    fmt::print("     {} · score {:.2f}\n", meta, hit.score);
    fmt::print("     {}\n", hit.url.empty() ? hit.id : hit.id + " · " + hit.url);
    if (!hit.snippet.empty()) {
      fmt::print("     {}\n", mark(hit.snippet, hit.highlights, open, close));
    }
    if (explain) print_explanation(hit);
    fmt::print("\n");
  }
  if (results.facets) print_facets(*results.facets, results.total, facets_exact_up_to);
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

void run_search(SearchCommandOptions& options) {
  if (options.db_paths.empty()) options.db_paths.push_back(options.default_db);
  options.search.sort = options.sort == "date" ? SortOrder::date : SortOrder::relevance;
  std::string query;
  for (const std::string& word : options.query_words) {
    if (!query.empty()) query.push_back(' ');
    query.append(word);
  }
  if (query.empty() && options.search.like.empty()) {
    throw UsageError("search needs a QUERY (or --like ID); see 'bahth search --help'");
  }
  const Searcher searcher(options.db_paths);
  const SearchResults results = searcher.search(query, options.search);
  if (options.json) {
    print_json(results, options.search.like, options.search.explain);
  } else {
    const std::string subject = options.search.like.empty() ? query
                                : query.empty()
                                    ? "articles like " + options.search.like
                                    : "articles like " + options.search.like + " matching " + query;
    print_text(results, subject, use_color(options.color), options.search.explain,
               options.search.facets_exact_up_to);
  }
}

// The options `search` and `related` share: index, paging, output, filters, facets.
void add_result_options(CLI::App* cmd, const std::shared_ptr<SearchCommandOptions>& options) {
  options->default_db = default_db_path();
  cmd->add_option("--db", options->db_paths,
                  "Index to search (default: $BAHTH_DB or ./bahth-index); repeat to search "
                  "several as one, or give a Xapian stub file")
      ->allow_extra_args(false);  // one value per --db, so the query is not taken for a path
  cmd->add_option("-n,--limit", options->search.limit, "Results to show")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
      ->capture_default_str();
  cmd->add_option("--offset", options->search.offset, "Skip this many results (paging)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}))
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->add_option("--color", options->color, "Highlight with ANSI bold: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--since", options->search.since,
                  "Only articles from this date on (YYYY[-MM[-DD]])");
  cmd->add_option("--until", options->search.until,
                  "Only articles up to this date (YYYY[-MM[-DD]])");
  cmd->add_option("--section", options->search.sections, "Only this section (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--sort", options->sort, "Order: relevance, or date (newest first)")
      ->check(CLI::IsMember({"relevance", "date"}))
      ->capture_default_str();
  cmd->add_flag("--explain", options->search.explain,
                "Show each result's matched terms and what each adds to its score");
  cmd->add_flag("--facets", options->search.facets,
                "Also count the matching articles per section and per month (per year over "
                "3 years), exactly up to 100,000 matches");
}

}  // namespace

void setup_search(CLI::App& app) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Search the index; best matches first");
  add_result_options(cmd, options);
  cmd->add_option("--like", options->search.like,
                  "Articles related to the one with this id (itself left out); a QUERY given "
                  "too only filters them");
  cmd->add_option("query", options->query_words,
                  "Words, \"phrases\", AND OR NOT, -word +word, title: section: year:, word*, "
                  "date ranges 2018-03..2018-04, 2018.., ..2018-06 (required unless --like)");
  cmd->callback([options] { run_search(*options); });
}

void setup_related(CLI::App& app) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "related", "Articles about the same story or topic as one article (search --like ID)");
  add_result_options(cmd, options);
  cmd->add_option("id", options->search.like, "The article's id, as search results show it")
      ->required();
  cmd->callback([options] { run_search(*options); });
}

}  // namespace bahth::cli
