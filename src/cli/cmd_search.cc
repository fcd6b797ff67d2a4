// `bahth search`: ranked results with snippets, as text or JSON.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
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
  SearcherOptions searcher;
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

void print_json(const SearchResults& results, bool explain) {
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
      {"total", results.total},
      {"total_is_exact", results.total_is_exact},
      {"offset", results.offset},
      {"results", hits},
      {"suggestion",
       results.suggestion.empty() ? nlohmann::json(nullptr) : nlohmann::json(results.suggestion)},
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

void print_text(const SearchResults& results, bool color, bool explain) {
  const std::string_view open = color ? "\x1b[1m" : "[";
  const std::string_view close = color ? "\x1b[0m" : "]";
  const std::size_t shown = results.hits.size();
  if (results.partial()) {
    std::string shards;
    for (const std::string& shard : results.unreachable) {
      shards.append(shards.empty() ? "" : ", ").append(shard);
    }
    fmt::print("Partial results: unreachable shards left out: {}\n\n", shards);
  }
  if (!results.suggestion.empty()) fmt::print("Did you mean: {}\n\n", results.suggestion);
  if (shown == 0) {
    std::fflush(stdout);
    std::cerr << "No results for " << results.query << ".\n";
  } else {
    fmt::print("{}{} results for {}; showing {}–{}\n\n", results.total_is_exact ? "" : "about ",
               results.total, results.query, results.offset + 1, results.offset + shown);
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
  const Searcher searcher(options.db_paths, options.searcher);
  const SearchResults results = searcher.search(query, options.search);
  if (options.json) {
    print_json(results, options.search.explain);
  } else {
    print_text(results, use_color(options.color), options.search.explain);
  }
}

}  // namespace

void setup_search(CLI::App& app) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Search the index; best matches first");
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
  cmd->add_flag("--allow-partial", options->searcher.allow_partial,
                "When remote shards of a stub file cannot be reached, search the others and "
                "mark the results as partial instead of failing");
  cmd->add_option("--remote-timeout", options->searcher.remote_timeout_ms,
                  "Milliseconds to wait for a remote shard (connecting, and each exchange)")
      ->check(CLI::Range(1u, 600'000u))
      ->capture_default_str();
  cmd->add_option("query", options->query_words,
                  "Words, \"phrases\", AND OR NOT, -word +word, title: section: year:, word*")
      ->required();
  cmd->callback([options] { run_search(*options); });
}

}  // namespace bahth::cli
