// `bahth search`: ranked results with snippets, as text or JSON.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "commands.h"
#include "options.h"
#include "render/search_json.h"
#include "render/search_text.h"
#include "terminal.h"

namespace bahth::cli {
namespace {

struct SearchCommandOptions {
  std::vector<std::string> db_paths;
  SearchOptions search;
  SearcherOptions searcher;
  std::string sort = "relevance";
  QueryReading reading;
  std::string recency;
  OutputOptions output;
  std::vector<std::string> query_words;
};

void run_search(SearchCommandOptions& options) {
  default_db_if_none(options.db_paths);
  options.search.sort = options.sort == "date" ? SortOrder::date : SortOrder::relevance;
  options.reading.apply_to(options.search);
  if (!options.recency.empty()) {
    const std::optional<double> half_life = parse_half_life(options.recency);
    if (!half_life) {
      throw UsageError("--recency: '" + options.recency +
                       "' is not a half-life; expected a whole number and a unit, h, d, w or y "
                       "(e.g. 12h, 30d, 2w), from 1h to 100y");
    }
    options.search.recency_half_life_days = *half_life;
  }
  std::string query;
  for (const std::string& word : options.query_words) {
    if (!query.empty()) query.push_back(' ');
    query.append(word);
  }
  if (query.empty() && options.search.like.empty() && !has_filters(options.search)) {
    throw UsageError(
        "search needs a QUERY, a filter (--author, --section, --source, --since, --until) or "
        "--like ID; see 'bahth search --help'");
  }
  const Searcher searcher(options.db_paths, options.searcher);
  const SearchResults results = searcher.search(query, options.search);
  if (options.output.json) {
    std::cout << render::json_text(
                     render::search_json(results, options.search.like, options.search.explain))
              << '\n';
    return;
  }
  const render::TextStyle style = text_style(options.output, render::kResultIndent);
  render::print_search_text(results, render::search_subject(query, options.search), style,
                            options.search.explain, options.search.facets_exact_up_to,
                            options.search.limit > 0);
}

// The options `search` and `related` share: index, paging, output, filters, facets; those that
// `only` wants.
void add_result_options(CLI::App* cmd, const std::shared_ptr<SearchCommandOptions>& options,
                        const OptionFilter& only) {
  add_db_paths_option(*cmd, options->db_paths,
                      "Index to search (default: $BAHTH_DB or ./bahth-index): a database, a "
                      "sharded index's directory, or a Xapian stub file (may list 'remote "
                      "HOST:PORT' shards served by xapian-tcpsrv); repeat to search several as "
                      "one",
                      only);
  add_bounded_option(*cmd, "-n,--limit", options->search.limit,
                     "Results to show; 0 prints only how many match (and --facets)", 0, 10000,
                     only);
  add_bounded_option(*cmd, "--offset", options->search.offset, "Skip this many results (paging)", 0,
                     1'000'000, only);
  add_output_options(
      *cmd, options->output,
      {.json = "Print one JSON object",
       .color = "Highlight with ANSI bold: auto, always, never",
       .bidi = "Arabic on the terminal: isolate (terminals that reorder right-to-left text: "
               "GNOME Terminal, Konsole), visual (bahth reorders, joins and wraps: xterm, tmux), "
               "none (as stored), auto (isolate on a terminal, none in a pipe)"},
      only);
  add_option_if(*cmd, only, "--since", options->search.since,
                "Only articles from this date on (YYYY[-MM[-DD]])");
  add_option_if(*cmd, only, "--until", options->search.until,
                "Only articles up to this date (YYYY[-MM[-DD]])");
  if (CLI::Option* section = add_option_if(*cmd, only, "--section", options->search.sections,
                                           "Only this section (repeatable; as the articles name "
                                           "it, e.g. sport, or in Arabic: رياضة)")) {
    section->allow_extra_args(false);
  }
  if (CLI::Option* source = add_option_if(*cmd, only, "--source", options->search.sources,
                                          "Only this outlet (repeatable; e.g. bbc, CNN; any "
                                          "case)")) {
    source->allow_extra_args(false);
  }
  if (CLI::Option* author = add_option_if(*cmd, only, "--author", options->search.authors,
                                          "Only articles by this author (repeatable; as the "
                                          "byline names them)")) {
    author->allow_extra_args(false);
  }
  add_choice_option(*cmd, "--sort", options->sort, "Order: relevance, or date (newest first)",
                    {"relevance", "date"}, only);
  add_option_if(*cmd, only, "--recency", options->recency,
                "Let newer articles rise among relevant ones: a half-life (e.g. 30d, 12h, 2w, "
                "1y) counted back from the index's newest article; off by default");
  add_flag_if(*cmd, only, "--duplicates", options->search.show_duplicates,
              "Show near-duplicates (the same story republished) as results of their own; by "
              "default they are folded into the best-ranked copy, marked \"+N similar\"");
  add_flag_if(*cmd, only, "--explain", options->search.explain,
              "Show each result's matched terms and what each adds to its score");
  add_flag_if(*cmd, only, "--allow-partial", options->searcher.allow_partial,
              "When remote shards of a stub file cannot be reached, search the others and "
              "mark the results as partial instead of failing");
  add_bounded_option(*cmd, "--remote-timeout", options->searcher.remote_timeout_ms,
                     "Milliseconds to wait for a remote shard (connecting, and each exchange)", 1,
                     600'000, only);
  add_bounded_option(*cmd, "--remote-max-message", options->searcher.remote_max_message,
                     "Largest message in bytes a remote shard may send; one that sends more is "
                     "named like an unreachable shard (skipped with --allow-partial)",
                     64, std::uint64_t{1} << 40, only);
  add_flag_if(*cmd, only, "--facets", options->search.facets,
              "Also count the matching articles per section and per month (per year over "
              "3 years), exactly up to 100,000 matches");
}

}  // namespace

void setup_search(CLI::App& app, const OptionFilter& only) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Search the index; best matches first");
  add_result_options(cmd, options, only);
  add_flag_if(*cmd, only, "--expand", options->search.expand,
              "Also find articles that use other words for the topic: adds the best terms of "
              "the top results to the query (pseudo-relevance feedback; slower)");
  add_query_reading_options(
      *cmd, options->reading,
      {.no_correct = "Search the query as typed, even where a word looks misspelled (by default "
                     "a confident correction is searched instead, and said so)",
       .no_transliterate = "Search Latin-letter words as typed only (by default one the index "
                           "knows rarely, like Trump or 7ezb, is searched with the index's "
                           "Arabic spellings of it too, and said so)"},
      only);
  add_option_if(*cmd, only, "--like", options->search.like,
                "Articles related to the one with this id (itself left out); a QUERY given "
                "too only filters them");
  cmd->add_option("query", options->query_words,
                  "Words, \"phrases\", AND OR NOT, -word +word, title: section: year:, word*, "
                  "date ranges 2018-03..2018-04, 2018.., ..2018-06 (required unless --like or a "
                  "filter: filters alone list the articles they keep, newest first)");
  cmd->callback([options] { run_search(*options); });
}

void setup_related(CLI::App& app, const OptionFilter& only) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "related", "Articles about the same story or topic as one article (search --like ID)");
  add_result_options(cmd, options, only);
  cmd->add_option("id", options->search.like, "The article's id, as search results show it")
      ->required();
  cmd->callback([options] { run_search(*options); });
}

}  // namespace bahth::cli
