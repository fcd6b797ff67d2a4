#include "search_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "render/article_view.h"
#include "render/inert.h"
#include "render/transliteration_note.h"

namespace bahth::render {
namespace {

const std::string kIndent(kResultIndent, ' ');

// Prints `text` after `lead` on its first line and the indent on the others.
void print_field(std::string_view lead, std::string_view text,
                 const std::vector<Highlight>& highlights, const TextStyle& style, Marks marks) {
  const InertField field = inert_field(text, highlights);
  const std::vector<std::string> lines =
      layout(field.text, field.highlights, style.bidi, style.width, marks);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    fmt::print("{}{}\n", i == 0 ? lead : kIndent, lines[i]);
  }
}

void print_explanation(const SearchHit& hit, const TextStyle& style) {
  std::string line;
  for (std::size_t i = 0; i < hit.explanation.size(); ++i) {
    const auto& [term, weight] = hit.explanation[i];
    const std::string& words = i < hit.explanation_words.size() ? hit.explanation_words[i] : term;
    line.append(line.empty() ? "" : ", ")
        .append(fmt::format("{} {:.2f}", inline_field(words, style), weight));
  }
  fmt::print("{}matched: {}\n", kIndent, line.empty() ? "(filters only)" : line);
}

// "+N similar" when near-duplicates were folded into the hit.
std::string similar_note(const SearchHit& hit) {
  return hit.similar == 0 ? "" : fmt::format(" · +{} similar", hit.similar);
}

// `ranked` false (filters alone, no words to rank by): every score is 0, so none is shown.
void print_hit(const SearchHit& hit, const TextStyle& style, bool explain, bool ranked) {
  const std::string title = hit.title.empty() ? "(no title)" : hit.title;
  const Marks bold = style.color ? style.marks() : Marks{};
  print_field(fmt::format("{:>3}. ", hit.rank), title, {{0, title.size()}}, style, bold);
  fmt::print("{}{}{}{}\n", kIndent,
             dateline(hit.date.substr(0, 10), hit.source, hit.section, style),
             ranked ? fmt::format(" · score {:.2f}", hit.score) : "", similar_note(hit));
  if (const std::string names = byline(hit.author); !names.empty()) {
    print_field(kIndent, names, {}, style, {});
  }
  fmt::print("{}{}\n", kIndent, where_line(hit.id, hit.url, style));
  if (!hit.snippet.empty()) print_field(kIndent, hit.snippet, hit.highlights, style, style.marks());
  if (explain) print_explanation(hit, style);
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
  fmt::print("Facets: {}{}\n", count_of(facets.counted, "article", "articles"),
             facets.exact ? ""
                          : fmt::format(" of about {} matching (a sample: beyond {} matches "
                                        "Xapian stops looking, so counts are not exact)",
                                        total, exact_up_to));
  std::vector<FacetCount> sections = facets.sections;
  if (facets.without_section > 0) sections.push_back({"(no section)", facets.without_section});
  print_counts("By section", sections, style);
  std::vector<FacetCount> sources = facets.sources;
  if (facets.without_source > 0 && !sources.empty()) {
    sources.push_back({"(no source)", facets.without_source});
  }
  print_counts("By source", sources, style);
  std::vector<FacetCount> periods = facets.periods;
  if (facets.undated > 0) periods.push_back({"(undated)", facets.undated});
  print_counts(facets.by_year ? "By year" : "By month", periods, style);
  fmt::print("\n");
}

void print_partial_note(const SearchResults& results, const TextStyle& style) {
  std::string shards;
  for (const std::string& shard : results.unreachable) {
    shards.append(shards.empty() ? "" : ", ").append(inline_field(shard, style));
  }
  fmt::print("Partial results: unreachable shards left out: {}\n\n", shards);
}

}  // namespace

std::string search_subject(std::string_view query, const SearchOptions& options) {
  if (!options.like.empty()) {
    return "articles like " + options.like +
           (query.empty() ? "" : " matching " + std::string(query));
  }
  if (query.find_first_not_of(" \t\r\n") != std::string_view::npos) return std::string(query);
  std::string filters;
  auto add = [&filters](std::string_view what, const std::vector<std::string>& names) {
    if (names.empty()) return;
    filters.append(filters.empty() ? "" : "; ").append(what);
    for (std::size_t i = 0; i < names.size(); ++i) {
      filters.append(i == 0 ? ": " : " or ").append(names[i]);
    }
  };
  add("author", options.authors);
  add("section", options.sections);
  add("source", options.sources);
  if (!options.since.empty())
    filters.append(filters.empty() ? "" : "; ").append("since " + options.since);
  if (!options.until.empty())
    filters.append(filters.empty() ? "" : "; ").append("until " + options.until);
  return filters;
}

std::string grouped_digits(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string count_of(std::uint64_t n, std::string_view one, std::string_view many) {
  return grouped_digits(n) + " " + std::string(n == 1 ? one : many);
}

std::string inline_field(std::string_view text, const TextStyle& style) {
  constexpr std::size_t kNoWrap = std::numeric_limits<std::size_t>::max() / 2;
  return layout(inert_text(text), {}, style.bidi, kNoWrap, {}, false).front();
}

std::string dateline(std::string_view date, std::string_view source, std::string_view section,
                     const TextStyle& style) {
  std::string line = date.empty() ? "undated" : inert_text(date);
  if (!source.empty()) line += " · " + inline_field(source, style);
  if (!section.empty()) line += " · " + inline_field(section, style);
  return line;
}

std::string where_line(std::string_view id, std::string_view url, const TextStyle& style) {
  std::string line = inline_field(id, style);
  if (url.empty()) return line;
  // Isolated as left-to-right on a terminal that lays out bidi text, so Arabic in its path
  // neither reverses it nor pulls the line around.
  return line + " · " +
         (style.bidi == BidiMode::isolate ? "\u2066" + inert_text(url) + "\u2069"
                                          : inline_field(url, style));
}

namespace {

// "Trump → ترامب، ترمب": Latin words searched with the index's Arabic spellings too.
void print_transliterations(const SearchResults& results, const TextStyle& style) {
  if (results.transliterations.empty()) return;
  const std::string list = transliteration_list(
      results.transliterations, "; ", [&style](std::string_view word, std::string_view spellings) {
        return inline_field(word, style) + " → " + inline_field(spellings, style);
      });
  fmt::print("Also searched: {} (--no-transliterate)\n\n", list);
}

// "الهعروف → المعروف": words the index lacks searched with its words one edit away too.
void print_near_spellings(const SearchResults& results, const TextStyle& style) {
  if (results.near_spellings.empty()) return;
  const std::string list = transliteration_list(
      results.near_spellings, "; ", [&style](std::string_view word, std::string_view spellings) {
        return inline_field(word, style) + " → " + inline_field(spellings, style);
      });
  fmt::print("Not in the index, also searched as: {} (--no-correct)\n\n", list);
}

// When no result holds every word typed: "No article holds all 3 words (none holds حمدوك);
// showing those with 2.", or with no count (sorted by date) "No article holds حمدوك; showing
// results for the other words."
void print_words_held(const SearchResults& results, const TextStyle& style) {
  if (results.total == 0) return;
  std::string missing;
  for (const std::string& word : results.missing_words) {
    missing.append(missing.empty() ? "" : ", ").append(inline_field(word, style));
  }
  if (results.most_words_held < results.query_words) {
    fmt::print("No article holds all {} words{}; showing those with {}.\n\n", results.query_words,
               missing.empty() ? "" : " (none holds " + missing + ")", results.most_words_held);
  } else if (!missing.empty()) {
    fmt::print("No article holds {}; showing results for the other words.\n\n", missing);
  }
}

}  // namespace

void print_search_text(const SearchResults& results, std::string_view typed_subject,
                       const TextStyle& style, bool explain, std::uint64_t facets_exact_up_to,
                       bool show_hits) {
  // The counts are of what was searched: the correction, when one was.
  const std::string_view subject =
      results.corrected ? std::string_view(results.corrected->to) : typed_subject;
  const std::size_t shown = results.hits.size();
  for (const std::string& warning : results.warnings) {
    std::cerr << "bahth: warning: " << inert_text(warning) << '\n';
  }
  if (results.partial()) print_partial_note(results, style);
  if (results.corrected) {
    fmt::print("Showing results for {}; search instead for {} (--no-correct)\n\n",
               inline_field(results.corrected->to, style),
               inline_field(results.corrected->from, style));
  }
  print_transliterations(results, style);
  print_near_spellings(results, style);
  if (!results.suggestion.empty()) {
    fmt::print("Did you mean: {}\n\n", inline_field(results.suggestion, style));
  }
  if (results.phrase_fallback) {
    fmt::print(
        "No article has the quoted words in that order: showing articles with the words.\n\n");
  }
  print_words_held(results, style);
  const std::string about = results.total_is_exact ? "" : "about ";
  // Filters alone rank nothing: the articles they keep are counted as articles and listed newest
  // first, which the count line says.
  const std::string counted = results.without_words ? count_of(results.total, "article", "articles")
                                                    : count_of(results.total, "result", "results");
  const std::string order =
      results.without_words ? ", newest first (no words to rank by: sorted by date)" : "";
  if (results.total == 0) {
    std::fflush(stdout);
    std::cerr << "No results for " << inert_text(subject) << ".\n";
    for (const std::string& note : results.notes) std::cerr << inert_text(note) << '\n';
  } else if (!show_hits) {
    fmt::print("{}{} for {}{}\n\n", about, counted, inline_field(subject, style), order);
  } else if (shown == 0) {
    std::fflush(stdout);
    std::cerr << "No results on this page (from result " << grouped_digits(results.offset + 1)
              << "); there " << (results.total == 1 ? "is " : "are ") << about
              << grouped_digits(results.total) << " for " << inert_text(subject) << ".\n";
  } else {
    fmt::print("{}{} for {}{}; showing {}–{}\n\n", about, counted, inline_field(subject, style),
               order, results.offset + 1, results.offset + shown);
  }
  for (const SearchHit& hit : results.hits) print_hit(hit, style, explain, !results.without_words);
  if (results.facets) print_facets(*results.facets, results.total, facets_exact_up_to, style);
}

}  // namespace bahth::render
