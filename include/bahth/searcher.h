// bahth/searcher.h: ranked search over an index, with the analysis the index was built with.
#ifndef BAHTH_SEARCHER_H_
#define BAHTH_SEARCHER_H_

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "bahth/article.h"
#include "bahth/non_copyable.h"

namespace bahth {

enum class SortOrder { relevance, date };

struct SearchOptions {
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string since;                  // ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive
  std::string until;                  // ISO date, inclusive
  std::vector<std::string> sections;  // any of these (normalized like the index; the Arabic
                                      // names of the usual codes too: رياضة is sport)
  std::vector<std::string> sources;   // any of these outlets (case-insensitive)
  std::vector<std::string> authors;   // any of these authors (normalized like the index)
  SortOrder sort = SortOrder::relevance;
  std::size_t snippet_chars = 200;  // length of the snippet, in characters; 0: no snippets
  bool explain = false;             // fill SearchHit::explanation
  // Pseudo-relevance feedback: add the best terms of the top results to the query. Finds
  // documents that use other words for the same thing, at the cost of a second search.
  bool expand = false;
  bool facets = false;  // fill SearchResults::facets
  // Facets count every match up to this many, then a sample (see Facets::exact); lower it to
  // trade exactness for speed.
  std::uint64_t facets_exact_up_to = 100'000;
  // Related articles: the id of an article whose most informative words make the query; the
  // article itself is left out. A query given as well only filters (results must match it).
  std::string like;
  // Near-duplicates (the same story republished) are folded into their best-ranked copy, which
  // counts them in SearchHit::similar; true shows every copy as a result of its own.
  bool show_duplicates = false;
  // Search the spelling correction instead of the query when it is confident: a word the index
  // does not know, or holds in very few articles, replaced by a frequent one a slip away
  // (SearchResults::corrected says so); and a word the index lacks, beside words it knows, with
  // the index's words one edit away (SearchResults::near_spellings). False searches the query as
  // typed; a correction is then only suggested (SearchResults::suggestion).
  bool correct = true;
  // Search a Latin-letter or Arabizi word the index knows rarely or not at all (Trump, 7ezb) with
  // the index's Arabic spellings of it too (ترامب، ترمب; SearchResults::transliterations says
  // which). False searches Latin words as typed only.
  bool transliterate = true;
  // Stop matching after this many seconds and rank what was seen (0: no limit); a server's
  // per-request time budget. The total is then an estimate.
  double time_limit_seconds = 0;
  // Recency: 0 (the default) ranks by relevance alone; otherwise a half-life in days, and each
  // match gains a fifth of the query's best score times 2^(-age / half-life), its age counted in
  // days before the index's newest article (undated articles gain nothing). With SortOrder::date it
  // has no effect.
  double recency_half_life_days = 0;
  // Match through the index's champion lists (`bahth compact` stores them; docs/scaling.md)
  // when they prove the same results as matching every article: false always matches every
  // article (to compare the two).
  bool champion_lists = true;
};

/// Whether `options` keep only some articles (a date bound, a section, an outlet or an author):
/// such a search needs no words, and lists the articles the filters keep, newest first.
inline bool has_filters(const SearchOptions& options) {
  return !options.since.empty() || !options.until.empty() || !options.sections.empty() ||
         !options.sources.empty() || !options.authors.empty();
}

/// A recency half-life as typed ("30d", "12h", "2w", "1y": a whole number and a unit, from one
/// hour to 100 years) in days, or nullopt for anything else.
std::optional<double> parse_half_life(std::string_view text);

struct FacetCount {
  std::string value;
  std::uint64_t count = 0;
};

/// How the matching articles spread over sections and time (all of them, not one page).
struct Facets {
  // Section as written in the articles; most articles first, ties in byte order.
  std::vector<FacetCount> sections;
  // Outlet as written in the articles, in the same order.
  std::vector<FacetCount> sources;
  // Oldest first, months without articles included: "YYYY-MM", or "YYYY" when by_year (the
  // matches span more than kMonthlyFacetsUpTo months).
  std::vector<FacetCount> periods;
  bool by_year = false;
  std::uint64_t without_section = 0;
  std::uint64_t without_source = 0;
  std::uint64_t undated = 0;
  std::uint64_t counted = 0;  // articles the counts come from: all matches when exact
  // Exact counts are of the results SearchResults::total counts (near-duplicates folded into
  // one, as results show them). False when more articles matched than
  // SearchOptions::facets_exact_up_to: Xapian then stops looking at matches once it has seen
  // that many and can rank the page, so the counts describe the `counted` articles it saw (the
  // best-ranked ones and others, copies included), not all matches.
  bool exact = true;
};

/// Longest span of months that facets show month by month.
inline constexpr int kMonthlyFacetsUpTo = 36;

/// A byte range [begin, end) of a snippet that matched the query.
using Highlight = std::pair<std::size_t, std::size_t>;

struct SearchHit {
  std::size_t rank = 0;  // 1-based, counting from the first result of all pages
  double score = 0;      // BM25; 0 when sorted by date only
  std::string id;
  std::string url;
  std::string title;
  std::string date;
  std::string section;
  std::string source;                 // the outlet; may be empty
  std::string author;                 // the authors, one a line; may be empty
  std::string snippet;                // from the body, as written there
  std::vector<Highlight> highlights;  // words of the snippet that the query matched
  // Near-duplicates of this article that matched the query and were folded into it (at least
  // this many: Xapian counts the ones it met while matching). 0 with show_duplicates.
  std::size_t similar = 0;
  // With SearchOptions::explain: each matching index term (prefix and all, e.g. "Zمدرس" for a
  // stem, "Sسوريا" for a title word) and the BM25 weight it adds to `score`, largest first.
  std::vector<std::pair<std::string, double>> explanation;
  // For each entry of `explanation`, the same match in the user's words: the query word and
  // how it matched, e.g. "النووية → stem نووي", "سوريا (as written, in the title)".
  std::vector<std::string> explanation_words;
};

/// A query searched in a corrected spelling: what the user typed and what was searched.
struct Correction {
  std::string from;
  std::string to;
};

/// A Latin-letter or Arabizi query word and the index's Arabic spellings searched with it as one
/// word ("Trump" → ترامب، ترمب).
struct Transliteration {
  std::string word;  // as typed in the query
  // The index's spellings of it, most articles first, as a reader writes them: the most frequent
  // form of each stem in articles holding it (خليفة, عبد الملك; not the stems خليف, عبد ملك),
  // or for a name of the exonym table its spellings there.
  std::vector<std::string> spellings;
};

/// A query word the index lacks, searched with the index's words one edit away beside the
/// query's other words ("الهعروف" → المعروف): never a query's only words, which are corrected or
/// not (SearchOptions::correct), never in silence.
struct NearSpellings {
  std::string word;  // as typed in the query
  // The index's words, best first, each written in the typed word's letters where they agree
  // (الهعروفة → المعروفة, not the index's normalized المعروفه).
  std::vector<std::string> spellings;
};

/// How a search found its matches (SearchResults::champion_lists).
enum class ChampionUse {
  not_used,   // every article was matched: the index has no usable lists, or the query a word
              // without one, or an operator they cannot bound
  used,       // only the articles in the query's words' champion lists, with the same results
  fell_back,  // the lists were matched but could not prove the results, so every article was
};

struct SearchResults {
  std::string query;
  std::uint64_t total = 0;  // matching documents (an estimate above a few thousand)
  bool total_is_exact = true;
  std::size_t offset = 0;
  std::vector<SearchHit> hits;
  // The order of `hits`: by relevance, or by date (newest first) when SearchOptions::sort asked
  // for it or the query has no words.
  SortOrder sorted_by = SortOrder::relevance;
  // True when the query has no words to rank by (filters alone: --author NAME, `section:sport`,
  // a date range, or an empty query with filters): every article the filters keep, newest first.
  bool without_words = false;
  std::string suggestion;  // a corrected query when this one looks misspelled, else empty
  // Set when the results are those of a spelling correction of the query (SearchOptions::correct):
  // `from` is the query as typed (as `query`), `to` what was searched. `suggestion` is then empty.
  std::optional<Correction> corrected;
  // True when the query's quoted phrases matched nothing, so the results are those of the same
  // query with the quotes left out (its words, in any order and place).
  bool phrase_fallback = false;
  // Latin words searched with their Arabic spellings too (SearchOptions::transliterate).
  std::vector<Transliteration> transliterations;
  // Words the index lacks searched with their near spellings too (only with
  // SearchOptions::correct).
  std::vector<NearSpellings> near_spellings;
  // Query words that no article holds in any form (not as typed, through its stem, a learned
  // variant, a synonym, a near spelling or a Latin word's Arabic spellings), as typed, in the
  // query's order: the results are those of the other words, and the user must be told so
  // ("No article holds حمدوك"). Empty with `like` alone.
  std::vector<std::string> missing_words;
  // Coordination (results holding more of the query's words first, search/coordination.h): the
  // query's distinct words (a word with its spelling variants, synonyms and Latin spellings counts
  // once; stopwords do not count; `missing_words` count too), 0 when coordination did not apply
  // (one word the index holds and none missing, sorted by date, `like`). `most_words_held`
  // equals it, or, when no article holds every word, is the number the first result holds (0
  // when nothing matched).
  std::size_t query_words = 0;
  std::size_t most_words_held = 0;
  std::optional<Facets> facets;  // with SearchOptions::facets
  // Shards left out because they could not be reached ("HOST:PORT" of each), only with
  // SearcherOptions::allow_partial; the results are then those of the other shards.
  std::vector<std::string> unreachable;
  // For the user, when a --section or --source filter names nothing the index holds: which
  // ones it does hold ("no section 'sports' in the index; its sections: culture, sport").
  std::vector<std::string> notes;
  // What the index made the search leave out, naming the index: spelling variants over their
  // limits (a damaged or tampered index) or past the time budget. The results stand.
  std::vector<std::string> warnings;
  // Whether the champion lists found the matches (the page is the same either way).
  ChampionUse champion_lists = ChampionUse::not_used;
  bool partial() const { return !unreachable.empty(); }
};

struct SearcherOptions {
  // Search the shards that answer when remote ones (stub lines `remote HOST:PORT`) cannot be
  // reached, instead of failing; SearchResults::unreachable names the others.
  bool allow_partial = false;
  unsigned remote_timeout_ms = 10000;  // to connect to a remote shard, and for each exchange
  // The largest message a remote shard may send (Xapian's client would hold any size it is
  // told); a shard that breaks it is named, or left out with allow_partial, like an unreachable
  // one. The default, 64 MiB, is far above the largest real message (docs/reliability.md).
  std::uint64_t remote_max_message = std::uint64_t{64} << 20;
};

/// What one word meets through the spelling variants an index learned (`bahth index` pairs
/// names and loanwords spelled two ways, ترامب/ترمب): its stem under the index's analysis, and
/// the stems searched with it as one word.
struct WordVariants {
  std::string stem;
  std::vector<std::string> variants;
  // The user's synonyms the word (or phrase) meets (`bahth synonyms`): the other entries of each
  // group it is an entry of, as stored.
  std::vector<std::string> synonyms;
  // Set when the index stores more (or longer) variants for the stem than bahth reads: what was
  // left out, naming the index (a damaged or tampered one).
  std::string warning;
};

/// Searches one index, or several (shards, or a Xapian stub file listing them) as one. A stub
/// file — or a directory holding one named XAPIANDB, which is how `bahth index --shards N`
/// lays out a sharded index — is read by bahth line by line, so that an unreachable remote
/// shard can be named, and left out with SearcherOptions::allow_partial.
class Searcher : NonCopyable {
 public:
  /// Opens the databases and reads the analysis recorded in them. Throws IndexError naming the
  /// path when one is missing, not a bahth index, or the shards disagree on the analysis, and
  /// naming HOST:PORT when a remote shard cannot be reached (unless options.allow_partial).
  explicit Searcher(const std::vector<std::string>& db_paths, const SearcherOptions& options = {});
  ~Searcher();

  /// Runs `query` (Xapian's query syntax: AND OR NOT "phrase" title: section: year: word*, and
  /// date ranges 2018-03..2018-04). A query without words (empty with filters, or filters
  /// alone: `author:"NAME"`, `section:sport`) lists the articles they keep, newest first
  /// (SearchResults::without_words). Throws UsageError for an empty query without filters
  /// (allowed only with SearchOptions::like), a bad date or a wildcard that expands too far; Error
  /// when `like` names no article of the index; IndexError when the index cannot be read.
  SearchResults search(std::string_view query, const SearchOptions& options) const;

  /// The whole stored article with this id (as search results name it), or nothing when the
  /// index has none. Throws DamagedArticleError (naming the index and the id) when its stored
  /// record cannot be read, IndexError when the index cannot be read.
  std::optional<Article> article(std::string_view id) const;

  /// The spelling variants `word` meets in the index (what `bahth analyze --variants` shows).
  /// Throws IndexError when the index cannot be read.
  WordVariants variants(std::string_view word) const;

  /// The user's synonyms stored in the index (`bahth index --synonyms`, `bahth synonyms`): each
  /// group's entries, normalized. Throws IndexError when the index cannot be read.
  std::vector<std::vector<std::string>> synonyms() const;

  /// Moves to the newest committed state of the databases, so a long-running reader (the
  /// server) sees what `bahth index` committed since it opened them. Cheap when nothing changed.
  void refresh() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bahth

#endif  // BAHTH_SEARCHER_H_
