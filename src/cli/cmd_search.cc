// `bahth search`: ranked results with snippets, as text or JSON.
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "bidi.h"
#include "commands.h"
#include "options.h"

namespace bahth::cli {
namespace {

struct SearchCommandOptions {
  std::vector<std::string> db_paths;
  std::string default_db;
  SearchOptions search;
  SearcherOptions searcher;
  std::string sort = "relevance";
  std::string color = "auto";
  std::string bidi = "auto";
  bool json = false;
  std::vector<std::string> query_words;
};

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
                    {"highlights", character_offsets(hit.snippet, hit.highlights)},
                    {"similar", hit.similar}});
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
      {"phrase_fallback", results.phrase_fallback},
      {"facets", facets_json(results.facets)},
      {"partial", results.partial()},
      {"unreachable", results.unreachable}};
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_explanation(const SearchHit& hit) {
  std::string line;
  for (const auto& [term, weight] : hit.explanation) {
    line.append(line.empty() ? "" : ", ").append(fmt::format("{} {:.2f}", term, weight));
  }
  fmt::print("     matched: {}\n", line.empty() ? "(filters only)" : line);
}

// "+N similar" when near-duplicates were folded into the hit.
std::string similar_note(const SearchHit& hit) {
  return hit.similar == 0 ? "" : fmt::format(" · +{} similar", hit.similar);
}

// How text results are drawn: highlight marks, and the bidi treatment of Arabic fields.
struct TextStyle {
  bool color = false;
  BidiMode bidi = BidiMode::none;
  std::size_t width = 80;  // columns for a field, after the indent
  Marks marks() const { return color ? Marks{"\x1b[1m", "\x1b[0m"} : Marks{"[", "]"}; }
};

constexpr std::string_view kIndent = "     ";

// Prints `text` after `lead` on its first line and the indent on the others.
void print_field(std::string_view lead, std::string_view text,
                 const std::vector<Highlight>& highlights, const TextStyle& style, Marks marks) {
  const std::vector<std::string> lines = layout(text, highlights, style.bidi, style.width, marks);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    fmt::print("{}{}\n", i == 0 ? lead : kIndent, lines[i]);
  }
}

// One field inside a line of other text, isolated or reordered like the rest, never wrapped.
std::string inline_field(std::string_view text, const TextStyle& style) {
  constexpr std::size_t kNoWrap = std::numeric_limits<std::size_t>::max() / 2;
  return layout(text, {}, style.bidi, kNoWrap, {}, false).front();
}

void print_hit(const SearchHit& hit, const TextStyle& style, bool explain) {
  const std::string title = hit.title.empty() ? "(no title)" : hit.title;
  const Marks bold = style.color ? style.marks() : Marks{};
  print_field(fmt::format("{:>3}. ", hit.rank), title, {{0, title.size()}}, style, bold);
  std::string meta = hit.date.empty() ? "undated" : hit.date.substr(0, 10);
  if (!hit.section.empty()) meta += " · " + inline_field(hit.section, style);
  fmt::print("{}{} · score {:.2f}{}\n", kIndent, meta, hit.score, similar_note(hit));
  fmt::print("{}{}\n", kIndent,
             hit.url.empty() ? inline_field(hit.id, style)
                             : inline_field(hit.id, style) + " · " + hit.url);
  if (!hit.snippet.empty()) print_field(kIndent, hit.snippet, hit.highlights, style, style.marks());
  if (explain) print_explanation(hit);
  fmt::print("\n");
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

// One table: count, bar, label. The label comes last so that an Arabic name, however long,
// leaves the columns aligned; on a terminal it is isolated (or reordered, --bidi) like every
// field, so a terminal that lays out bidirectional text keeps the line left-to-right.
void print_counts(std::string_view heading, const std::vector<FacetCount>& counts,
                  const TextStyle& style) {
  if (counts.empty()) return;
  std::uint64_t max = 0;
  for (const FacetCount& c : counts) max = std::max(max, c.count);
  constexpr std::size_t kBarWidth = 30;
  fmt::print("{}\n", heading);
  for (const FacetCount& c : counts) {
    fmt::print("  {:>7}  {}  {}\n", c.count, bar(c.count, max, kBarWidth),
               inline_field(c.value, style));
  }
}

void print_facets(const Facets& facets, std::uint64_t total, std::uint64_t exact_up_to,
                  const TextStyle& style) {
  fmt::print("Facets: {} articles{}\n", facets.counted,
             facets.exact ? ""
                          : fmt::format(" of about {} matching (a sample: beyond {} matches "
                                        "Xapian stops looking, so counts are not exact)",
                                        total, exact_up_to));
  std::vector<FacetCount> sections = facets.sections;
  if (facets.without_section > 0) sections.push_back({"(no section)", facets.without_section});
  print_counts("By section", sections, style);
  std::vector<FacetCount> periods = facets.periods;
  if (facets.undated > 0) periods.push_back({"(undated)", facets.undated});
  print_counts(facets.by_year ? "By year" : "By month", periods, style);
  fmt::print("\n");
}

// `subject` says what was searched for: the query, or the article whose related ones these are.
void print_text(const SearchResults& results, std::string_view subject, const TextStyle& style,
                bool explain, std::uint64_t facets_exact_up_to) {
  const std::size_t shown = results.hits.size();
  if (results.partial()) {
    std::string shards;
    for (const std::string& shard : results.unreachable) {
      shards.append(shards.empty() ? "" : ", ").append(shard);
    }
    fmt::print("Partial results: unreachable shards left out: {}\n\n", shards);
  }
  if (!results.suggestion.empty()) {
    fmt::print("Did you mean: {}\n\n", inline_field(results.suggestion, style));
  }
  if (results.phrase_fallback) {
    fmt::print(
        "No article has the quoted words in that order: showing articles with the words.\n\n");
  }
  if (shown == 0) {
    std::fflush(stdout);
    std::cerr << "No results for " << subject << ".\n";
  } else {
    fmt::print("{}{} {} for {}; showing {}–{}\n\n", results.total_is_exact ? "" : "about ",
               results.total, results.total == 1 ? "result" : "results",
               inline_field(subject, style), results.offset + 1, results.offset + shown);
  }
  for (const SearchHit& hit : results.hits) print_hit(hit, style, explain);
  if (results.facets) print_facets(*results.facets, results.total, facets_exact_up_to, style);
}

// Columns of the terminal on standard output, else $COLUMNS, else 80.
std::size_t output_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const long n = std::strtol(columns, nullptr, 10);
    if (n > 0 && n < 10000) return static_cast<std::size_t>(n);
  }
  return 80;
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
  const Searcher searcher(options.db_paths, options.searcher);
  const SearchResults results = searcher.search(query, options.search);
  if (options.json) {
    print_json(results, options.search.like, options.search.explain);
    return;
  }
  TextStyle style;
  style.color = use_color(options.color);
  style.bidi = parse_bidi_mode(options.bidi, ::isatty(STDOUT_FILENO) != 0, "--bidi");
  style.width = std::max<std::size_t>(20, output_columns() - kIndent.size());
  const std::string subject = options.search.like.empty() ? query
                              : query.empty()
                                  ? "articles like " + options.search.like
                                  : "articles like " + options.search.like + " matching " + query;
  print_text(results, subject, style, options.search.explain, options.search.facets_exact_up_to);
}

// The options `search` and `related` share: index, paging, output, filters, facets.
void add_result_options(CLI::App* cmd, const std::shared_ptr<SearchCommandOptions>& options) {
  options->default_db = default_db_path();
  cmd->add_option("--db", options->db_paths,
                  "Index to search (default: $BAHTH_DB or ./bahth-index): a database, a sharded "
                  "index's directory, or a Xapian stub file (may list 'remote HOST:PORT' "
                  "shards served by xapian-tcpsrv); repeat to search several as one")
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
  cmd->add_option(
         "--bidi", options->bidi,
         "Arabic on the terminal: isolate (terminals that reorder right-to-left text: "
         "GNOME Terminal, Konsole), visual (bahth reorders, joins and wraps: xterm, tmux), "
         "none (as stored), auto (isolate on a terminal, none in a pipe)")
      ->envname("BAHTH_BIDI")
      ->check(CLI::IsMember({"auto", "none", "isolate", "visual"}))
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
  cmd->add_flag("--duplicates", options->search.show_duplicates,
                "Show near-duplicates (the same story republished) as results of their own; by "
                "default they are folded into the best-ranked copy, marked \"+N similar\"");
  cmd->add_flag("--explain", options->search.explain,
                "Show each result's matched terms and what each adds to its score");
  cmd->add_flag("--allow-partial", options->searcher.allow_partial,
                "When remote shards of a stub file cannot be reached, search the others and "
                "mark the results as partial instead of failing");
  cmd->add_option("--remote-timeout", options->searcher.remote_timeout_ms,
                  "Milliseconds to wait for a remote shard (connecting, and each exchange)")
      ->check(CLI::Range(1u, 600'000u))
      ->capture_default_str();
  cmd->add_flag("--facets", options->search.facets,
                "Also count the matching articles per section and per month (per year over "
                "3 years), exactly up to 100,000 matches");
}

}  // namespace

void setup_search(CLI::App& app) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Search the index; best matches first");
  add_result_options(cmd, options);
  cmd->add_flag("--expand", options->search.expand,
                "Also find articles that use other words for the topic: adds the best terms of "
                "the top results to the query (pseudo-relevance feedback; slower)");
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
