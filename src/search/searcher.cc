#include "bahth/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "expansion.h"
#include "query_builder.h"
#include "schema/layout.h"
#include "schema/schema.h"
#include "schema/store.h"
#include "snippet.h"

namespace bahth {
namespace {

constexpr Xapian::doccount kExactCountUpTo = 1000;

Xapian::Query with_filters(Xapian::Query query, const SearchOptions& options,
                           const Xapian::Database& db) {
  if (!options.since.empty() || !options.until.empty()) {
    const std::string low =
        options.since.empty() ? "" : search::date_bound(options.since, false, "--since");
    const std::string high =
        options.until.empty() ? "" : search::date_bound(options.until, true, "--until");
    if (!low.empty() && !high.empty() && low > high) {
      throw UsageError("--since " + options.since + " is after --until " + options.until +
                       ": no day is in that range (swap them?)");
    }
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, search::date_range_query(db, low, high));
  }
  if (!options.sections.empty()) {
    std::vector<Xapian::Query> sections;
    for (const std::string& s : options.sections) {
      sections.emplace_back(schema::section_term(schema::section_alias(s)));
    }
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, sections.begin(), sections.end()));
  }
  if (!options.sources.empty()) {
    std::vector<Xapian::Query> sources;
    for (const std::string& s : options.sources) sources.emplace_back(schema::source_term(s));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, sources.begin(), sources.end()));
  }
  return query;
}

// "no section 'sports' in the index; its sections: culture, sport" for each name of `names`
// whose filter term no article has, so that a filter that finds nothing says why.
void note_unknown_names(const Xapian::Database& db, const std::vector<std::string>& names,
                        std::string_view what, std::string_view prefix,
                        std::string (*term_of)(std::string_view), std::vector<std::string>& notes) {
  for (const std::string& name : names) {
    if (db.term_exists(term_of(name))) continue;
    std::string known;
    std::size_t listed = 0;
    for (auto t = db.allterms_begin(std::string(prefix)); t != db.allterms_end(std::string(prefix));
         ++t) {
      if (listed++ == 40) {
        known += ", ...";
        break;
      }
      known += (known.empty() ? "" : ", ") + (*t).substr(prefix.size());
    }
    notes.push_back(
        "no " + std::string(what) + " '" + name + "' in the index; " +
        (known.empty() ? "its articles have none" : "its " + std::string(what) + "s: " + known));
  }
}

std::string aliased_section_term(std::string_view name) {
  return schema::section_term(schema::section_alias(name));
}

// What each matching term adds to a document's score. BM25 sums one weight per query term, and
// a term's weight depends only on the term, the document and the collection, so the term alone,
// filtered to this document by its id term, gives its share. Exact-word terms count at
// kExactMatchBonus times their idf_share (their place in the query); for a bag-of-words query the
// shares add up to the score, but for words one edit away from an unknown query word, which count
// at kNearSpellingWeight. A word inside a phrase also counts at full weight there, which this
// leaves out.
std::vector<std::pair<std::string, double>> explain_hit(const Xapian::Enquire& enquire,
                                                        const Xapian::Database& db,
                                                        Xapian::docid docid,
                                                        const std::string& id_term,
                                                        double exact_scale) {
  std::vector<std::pair<std::string, double>> shares;
  for (auto t = enquire.get_matching_terms_begin(docid); t != enquire.get_matching_terms_end(docid);
       ++t) {
    const std::string& term = *t;
    if (schema::is_filter_term(term)) continue;
    Xapian::Enquire alone(db);
    alone.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), Xapian::Query(id_term)));
    const Xapian::MSet mset = alone.get_mset(0, 1);
    double weight = mset.empty() ? 0.0 : mset.begin().get_weight();
    if (term.rfind(schema::kStemPrefix, 0) != 0 && exact_scale != 1.0) {
      weight *= exact_scale * search::idf_share(db, term);
    }
    shares.emplace_back(term, weight);
  }
  std::stable_sort(shares.begin(), shares.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return shares;
}

// Says in the user's words what an index term of `explain_hit` stands for: the query words
// whose stem (or normalized form, for an exact-word term) it is, and the field it matched in.
class TermDescriber {
 public:
  TermDescriber(std::string_view query_text, const Analyzer& analyzer) {
    const std::string text(query_text);
    for (TermStream terms(analyzer, text); terms.next();) {
      add(by_stem_, std::string(terms.term().stem), terms.term().surface);
      add(by_normalized_, std::string(terms.term().normalized), terms.term().surface);
    }
  }

  std::string describe(const std::string& term) const {
    std::size_t prefix_end = 0;
    while (prefix_end < term.size() && term[prefix_end] >= 'A' && term[prefix_end] <= 'Z') {
      ++prefix_end;
    }
    std::string_view prefix = std::string_view(term).substr(0, prefix_end);
    const std::string word = term.substr(prefix_end);
    const bool stem = prefix.starts_with(schema::kStemPrefix);
    if (stem) prefix.remove_prefix(schema::kStemPrefix.size());
    const std::string field = prefix == schema::kTitlePrefix     ? ", in the title"
                              : prefix == schema::kCaptionPrefix ? ", in a caption"
                                                                 : "";
    const auto& words = stem ? by_stem_ : by_normalized_;
    const auto found = words.find(word);
    const std::string typed = found == words.end() ? word : found->second;
    if (stem)
      return typed + " → stem " + word + (field.empty() ? "" : " (" + field.substr(2) + ")");
    return typed + " (as written" + field + ")";
  }

 private:
  static void add(std::map<std::string, std::string>& words, const std::string& key,
                  std::string_view surface) {
    std::string& listed = words[key];
    if (listed.find(surface) == std::string::npos) {
      listed += (listed.empty() ? "" : "/") + std::string(surface);
    }
  }

  std::map<std::string, std::string> by_stem_;
  std::map<std::string, std::string> by_normalized_;
};

// Folds near-duplicates into one result: the index gives every member of a group of copies the
// same key (index/duplicate_groups.h) and no key to other articles, and Xapian never collapses
// documents without one; an index built before the key existed has none, so searches as before.
void collapse_duplicates(Xapian::Enquire& enquire, const SearchOptions& options) {
  if (!options.show_duplicates) enquire.set_collapse_key(schema::kDuplicateGroupSlot);
}

SearchHit make_hit(const Xapian::MSetIterator& it, const Analyzer& analyzer,
                   const search::QueryWords& words, const SearchOptions& options) {
  const Article article = schema::decode_stored_article(it.get_document().get_data());
  SearchHit hit;
  hit.rank = it.get_rank() + 1;
  hit.score = it.get_weight();
  hit.id = article.id;
  hit.url = article.url;
  hit.title = article.title;
  hit.date = article.date;
  hit.section = article.section;
  hit.source = article.source;
  hit.similar = it.get_collapse_count();
  if (options.snippet_chars == 0) return hit;
  search::Snippet snippet =
      search::make_snippet(article.body, analyzer, words, options.snippet_chars);
  hit.snippet = std::move(snippet.text);
  hit.highlights = std::move(snippet.highlights);
  return hit;
}

// Terms of an article that describe what it is about: its words in the unprefixed field as the
// index's stemmer left them ("Z" stems, or plain words with --stemmer none). Ids, sections and
// dates are filters, and the title and caption fields would only count the same words twice.
class AboutTermDecider final : public Xapian::ExpandDecider {
 public:
  explicit AboutTermDecider(StemmerKind stemmer)
      : prefix_(stemmer == StemmerKind::none ? "" : schema::kStemPrefix) {}

  bool operator()(const std::string& term) const override {
    std::size_t prefix_end = 0;
    while (prefix_end < term.size() && term[prefix_end] >= 'A' && term[prefix_end] <= 'Z') {
      ++prefix_end;
    }
    return prefix_end < term.size() && std::string_view(term).substr(0, prefix_end) == prefix_;
  }

 private:
  std::string_view prefix_;
};

// How many of an article's terms make its "more like this" query: enough to find other versions
// of a story told in other words, few enough that one rare name does not decide alone.
constexpr Xapian::termcount kRelatedTerms = 30;

// Articles like the one with `id`: its most informative terms (Xapian's ESet over a relevance
// set of just that article, weighted by how much rarer they are there than in the index) ORed
// and ranked by BM25, without the article itself. Throws Error when no article has `id`.
Xapian::Query related_query(const Xapian::Database& db, const std::string& id, StemmerKind stemmer,
                            const std::string& db_description) {
  const std::string id_term = schema::id_term(id);
  const Xapian::PostingIterator posting = db.postlist_begin(id_term);
  if (posting == db.postlist_end(id_term)) {
    throw Error("no article with id '" + id + "' in " + db_description);
  }
  Xapian::RSet article;
  article.add_document(*posting);
  const AboutTermDecider about(stemmer);
  const Xapian::ESet eset = Xapian::Enquire(db).get_eset(kRelatedTerms, article, &about);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) terms.emplace_back(*t);
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       Xapian::Query(id_term));
}

// "YYYYMM" as a count of months, so that spans and gaps are simple subtraction.
int month_index(std::string_view yyyymm) {
  return std::stoi(std::string(yyyymm.substr(0, 4))) * 12 +
         std::stoi(std::string(yyyymm.substr(4, 2))) - 1;
}

std::string month_label(int index) {
  const int year = index / 12;
  const int month = index % 12 + 1;
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

// Per-day counts of the date slot → per month (or per year when they span more than
// kMonthlyFacetsUpTo months), oldest first, empty periods included so the series is a timeline.
// (`folded`: per-day counts to take out, see FoldedCopies.)
std::vector<FacetCount> date_periods(const Xapian::ValueCountMatchSpy& dates,
                                     const std::map<std::string, std::uint64_t>& folded,
                                     bool& by_year, std::uint64_t& dated) {
  std::map<int, std::uint64_t> per_month;
  dated = 0;
  for (auto v = dates.values_begin(); v != dates.values_end(); ++v) {
    const std::string& day = *v;
    if (day.size() != 8) continue;  // not written by schema::date_value
    const auto found = folded.find(day);
    const std::uint64_t n = v.get_termfreq() - (found == folded.end() ? 0 : found->second);
    if (n == 0) continue;
    per_month[month_index(day)] += n;
    dated += n;
  }
  std::vector<FacetCount> periods;
  if (per_month.empty()) return periods;
  const int first = per_month.begin()->first;
  const int last = per_month.rbegin()->first;
  by_year = last - first + 1 > kMonthlyFacetsUpTo;
  const int step = by_year ? 12 : 1;
  for (int period = by_year ? first - first % 12 : first; period <= last; period += step) {
    FacetCount bucket;
    bucket.value = by_year ? std::to_string(period / 12) : month_label(period);
    for (int m = period; m < period + step; ++m) {
      if (const auto found = per_month.find(m); found != per_month.end())
        bucket.count += found->second;
    }
    periods.push_back(std::move(bucket));
  }
  return periods;
}

// Per-value counts of one slot, most first, ties in byte order; `sum` gets their total.
std::vector<FacetCount> value_counts(const Xapian::ValueCountMatchSpy& spy,
                                     const std::map<std::string, std::uint64_t>& folded,
                                     std::uint64_t& sum) {
  std::vector<FacetCount> counts;
  sum = 0;
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
    const auto found = folded.find(*v);
    const std::uint64_t n = v.get_termfreq() - (found == folded.end() ? 0 : found->second);
    if (n == 0) continue;
    counts.push_back({*v, n});
    sum += n;
  }
  std::stable_sort(counts.begin(), counts.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  return counts;
}

// The matches that collapsing folds into a better-ranked copy, per slot value: the spies count
// them (Xapian calls them before it collapses), the result count does not.
struct FoldedCopies {
  std::uint64_t count = 0;
  std::map<std::string, std::uint64_t> sections, sources, days;
};

// Finds the folded copies among the matches of `filtered_query` (the query the search ran):
// the matches that have a duplicate-group key, in the search's own order, are every copy; the
// first of each key is the one results show. Weights do not depend on which documents match,
// so the order is the search's.
FoldedCopies folded_copies(const Xapian::Database& db, const Xapian::Query& filtered_query,
                           const SearchOptions& options) {
  FoldedCopies folded;
  Xapian::Enquire copies(db);
  copies.set_query(Xapian::Query(
      Xapian::Query::OP_FILTER, filtered_query,
      // Every non-empty key is at least "\0"; with "" the range would take every document.
      Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDuplicateGroupSlot,
                    std::string(1, '\0'))));
  if (options.sort == SortOrder::date) {
    copies.set_sort_by_value_then_relevance(schema::kTimestampSlot, true);
  }
  const Xapian::MSet mset = copies.get_mset(0, db.get_doccount());
  std::set<std::string> groups;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const std::string key = doc.get_value(schema::kDuplicateGroupSlot);
    if (key.empty() || groups.insert(key).second) continue;
    ++folded.count;
    if (std::string v = doc.get_value(schema::kSectionSlot); !v.empty()) ++folded.sections[v];
    if (std::string v = doc.get_value(schema::kSourceSlot); !v.empty()) ++folded.sources[v];
    if (std::string v = doc.get_value(schema::kDateSlot); !v.empty()) ++folded.days[v];
  }
  return folded;
}

// Counts, per value of a slot, of the matches a search looks at; attached to an Enquire.
struct FacetSpies {
  Xapian::ValueCountMatchSpy sections{schema::kSectionSlot};
  Xapian::ValueCountMatchSpy sources{schema::kSourceSlot};
  Xapian::ValueCountMatchSpy dates{schema::kDateSlot};

  // Counts the matches of `filtered_query` (the query the search runs) up to `count_up_to`,
  // in a match of its own without collapsing: next to a collapse key, Xapian 1.4 shows match
  // spies only some of the matches (5 of 451 for a page of one result), so they cannot count
  // the results. The spies saw every match when they saw fewer than `count_up_to` (Xapian ran
  // out of matches before it could stop); then the copies that collapsing folds away are taken
  // out, so the counts are of the results the total counts.
  Facets count(const Xapian::Database& db, const Xapian::Query& filtered_query,
               Xapian::doccount count_up_to, const SearchOptions& options) {
    Xapian::Enquire enquire(db);
    enquire.set_query(filtered_query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // counting only: no ranking needed
    enquire.add_matchspy(&sections);
    enquire.add_matchspy(&sources);
    enquire.add_matchspy(&dates);
    enquire.get_mset(0, 1, count_up_to);
    Facets facets;
    const std::uint64_t seen = sections.get_total();
    facets.exact = seen < count_up_to;
    FoldedCopies folded;
    if (facets.exact && !options.show_duplicates) {
      folded = folded_copies(db, filtered_query, options);
    }
    facets.counted = seen - folded.count;
    std::uint64_t with_section = 0;
    facets.sections = value_counts(sections, folded.sections, with_section);
    facets.without_section = facets.counted - with_section;
    std::uint64_t with_source = 0;
    facets.sources = value_counts(sources, folded.sources, with_source);
    facets.without_source = facets.counted - with_source;
    std::uint64_t dated = 0;
    facets.periods = date_periods(dates, folded.days, facets.by_year, dated);
    facets.undated = facets.counted - dated;
    return facets;
  }
};

}  // namespace

struct Searcher::Impl {
  std::vector<std::string> paths;
  SearcherOptions options;
  std::string description;  // the paths, for messages
  Xapian::Database db;
  StemmerKind stemmer = StemmerKind::light;
  std::string analyzer_name;
  std::vector<std::string> unreachable;

  Impl(const std::vector<std::string>& db_paths, const SearcherOptions& searcher_options)
      : paths(db_paths), options(searcher_options) {
    if (paths.empty()) throw UsageError("no index given (--db)");
    for (const std::string& path : paths) description += (description.empty() ? "" : ", ") + path;
    open();
  }

  // (Re)opens every database; called again when a remote shard drops out in mid-search.
  void open() {
    db = Xapian::Database();
    unreachable.clear();
    analyzer_name.clear();
    bool any = false;
    for (const std::string& path : paths) {
      const auto stub = store::stub_databases(path);
      if (!stub) {
        add(store::open_for_reading(path), path, any);
        continue;
      }
      for (const schema::StubEntry& entry : *stub) open_entry(path, entry, any);
    }
    if (!any) throw IndexError(description, "no shard could be reached");
  }

  void open_entry(const std::string& path, const schema::StubEntry& entry, bool& any) {
    try {
      add(store::open_stub_entry(entry, options.remote_timeout_ms), entry.location, any);
    } catch (const Xapian::NetworkError& e) {
      skip_or_fail(path, entry, "is unreachable (" + e.get_msg() + ")");
    } catch (const std::bad_alloc&) {
      // Xapian 1.4's remote protocol takes the size of a message from the server and allocates
      // it: a broken or hostile server makes that fail. Named, like an unreachable shard.
      skip_or_fail(path, entry, "sent a message too large to accept");
    } catch (const std::length_error&) {
      skip_or_fail(path, entry, "sent a message too large to accept");
    } catch (const Xapian::Error& e) {
      throw IndexError(entry.location, "cannot open this shard: " + e.get_description());
    }
  }

  void skip_or_fail(const std::string& path, const schema::StubEntry& entry,
                    const std::string& what) {
    if (!entry.remote || !options.allow_partial) {
      throw IndexError(
          path, "shard " + entry.location + " " + what +
                    (entry.remote ? "; --allow-partial searches the shards that answer" : ""));
    }
    unreachable.push_back(entry.location);
  }

  // Adds one database, after checking it was built with the same analysis as the others.
  void add(const Xapian::Database& part, const std::string& name, bool& any) {
    const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(part, name);
    if (any && recorded.analyzer_name != analyzer_name) {
      throw IndexError(name, "built with analysis '" + recorded.analyzer_name + "', but " +
                                 description + " with '" + analyzer_name +
                                 "'; they cannot be searched together");
    }
    stemmer = recorded.stemmer;
    analyzer_name = recorded.analyzer_name;
    db.add_database(part);
    any = true;
  }

  // The query before filters: the parsed query text, or with `like` the related-articles query,
  // which the query text (if any) only filters.
  Xapian::Query base_query(std::string_view query_text, const SearchOptions& options) const {
    if (options.like.empty()) return search::parse_query(query_text, db, stemmer).query;
    Xapian::Query related = related_query(db, options.like, stemmer, description);
    if (query_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return related;
    return Xapian::Query(Xapian::Query::OP_FILTER, related,
                         search::parse_query(query_text, db, stemmer).query);
  }

  SearchResults run(std::string_view query_text, const SearchOptions& options) {
    Xapian::Query query = base_query(query_text, options);
    if (options.expand && options.like.empty()) {
      query = search::expand_query(db, with_filters(query, options, db), query, stemmer,
                                   search::restricts_matches(query_text));
    }
    Xapian::Enquire enquire(db);
    const Xapian::Query filtered = with_filters(query, options, db);
    enquire.set_query(filtered);
    // Xapian's BM25 defaults (k1 1, k2 0, b 0.5, min_normlen 0.5) but k3 = 0: a term's weight
    // does not grow with how often the query holds it. A word that is its own stem is in the
    // query twice, in the stemmed query and as its exact-word bonus (schema::exact_term), and
    // k3 = 1 would weigh its stem term 4/3 times as much as another word's.
    enquire.set_weighting_scheme(Xapian::BM25Weight(1, 0, 0, 0.5, 0.5));
    if (options.time_limit_seconds > 0) enquire.set_time_limit(options.time_limit_seconds);
    collapse_duplicates(enquire, options);
    if (options.sort == SortOrder::date) {
      enquire.set_sort_by_value_then_relevance(schema::kTimestampSlot, true);
    }
    // Counting every match up to kExactCountUpTo makes "N results" exact for most queries, at a
    // small cost; beyond it Xapian's estimate is shown as "about N". Facets need every match
    // seen, so they count further.
    const auto first = static_cast<Xapian::doccount>(options.offset);
    const auto size = static_cast<Xapian::doccount>(options.limit);
    const Xapian::doccount count_up_to =
        options.facets ? static_cast<Xapian::doccount>(std::min<std::uint64_t>(
                             options.facets_exact_up_to, Xapian::doccount(-1)))
                       : kExactCountUpTo;
    const Xapian::doccount check_at_least = std::max(first + size, count_up_to);
    const Xapian::MSet mset = enquire.get_mset(first, size, check_at_least);
    SearchResults results;
    results.query = std::string(query_text);
    results.offset = options.offset;
    // Fewer matches than Xapian was asked to check means it saw them all, and the lower bound is
    // the count. Xapian 1.4 does not narrow the collapsed bounds of a filtered query by itself:
    // the README's demo printed its 14 results as "about 20".
    const bool saw_every_match = mset.get_uncollapsed_matches_lower_bound() < check_at_least;
    results.total_is_exact =
        saw_every_match || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    results.total =
        results.total_is_exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
    const Analyzer analyzer = schema::make_analyzer(stemmer);
    const search::QueryWords words = search::query_words(query);
    const std::optional<TermDescriber> describer =
        options.explain ? std::optional<TermDescriber>(std::in_place, query_text, analyzer)
                        : std::nullopt;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      results.hits.push_back(make_hit(it, analyzer, words, options));
      if (options.explain) {
        SearchHit& hit = results.hits.back();
        hit.explanation =
            explain_hit(enquire, db, *it, schema::id_term(hit.id),
                        stemmer == StemmerKind::none ? 1.0 : search::kExactMatchBonus);
        for (const auto& share : hit.explanation) {
          hit.explanation_words.push_back(describer->describe(share.first));
        }
      }
    }
    if (options.like.empty()) {
      results.suggestion = search::suggest_correction(query_text, db, stemmer, results.total == 0);
    }
    if (options.facets) results.facets = FacetSpies().count(db, filtered, count_up_to, options);
    if (results.total == 0) {
      note_unknown_names(db, options.sections, "section", schema::kSectionPrefix,
                         aliased_section_term, results.notes);
      note_unknown_names(db, options.sources, "source", schema::kSourcePrefix, schema::source_term,
                         results.notes);
    }
    results.unreachable = unreachable;
    if (results.total == 0 && options.like.empty()) {
      if (std::optional<SearchResults> words = without_phrases(query_text, options)) return *words;
    }
    return results;
  }

  // A quoted phrase that matches nothing often names the right words in another order or
  // form: the same query with its quotes left out, flagged as such, or nothing when the query
  // has no quotes or finds nothing that way either.
  std::optional<SearchResults> without_phrases(std::string_view query_text,
                                               const SearchOptions& options) {
    if (query_text.find('"') == std::string_view::npos) return std::nullopt;
    std::string unquoted(query_text);
    std::replace(unquoted.begin(), unquoted.end(), '"', ' ');
    SearchResults words;
    try {
      words = run(unquoted, options);
    } catch (const UsageError&) {
      return std::nullopt;  // nothing but quotes and spaces
    }
    if (words.total == 0) return std::nullopt;
    words.query = std::string(query_text);
    words.phrase_fallback = true;
    return words;
  }

  std::optional<Article> find_article(std::string_view id) const {
    const std::string term = schema::id_term(id);
    for (auto posting = db.postlist_begin(term); posting != db.postlist_end(term); ++posting) {
      Article article = schema::decode_stored_article(db.get_document(*posting).get_data());
      if (article.id == id) return article;  // an id cut to fit a term may be shared
    }
    return std::nullopt;
  }
};

Searcher::Searcher(const std::vector<std::string>& db_paths, const SearcherOptions& options) {
  try {
    impl_ = std::make_unique<Impl>(db_paths, options);
  } catch (const Xapian::Error& e) {
    throw IndexError(db_paths.empty() ? "" : db_paths.front(), e.get_description());
  }
}

Searcher::~Searcher() = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
  // A concurrent `bahth index` may commit while we read; Xapian then asks for a reopen, after
  // which the newest committed state is searched.
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->run(query, options);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 3) throw IndexError(impl_->description, "the index kept changing; retry");
      impl_->db.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away since it was opened: open everything again, which names the
      // shard that is gone (or, with allow_partial, leaves it out), and search once more.
      if (attempt == 3) throw IndexError(impl_->description, "search failed: " + e.get_msg());
      impl_->open();
    } catch (const std::bad_alloc&) {
      // A remote shard announced a message too large to hold: reconnecting names it (or, with
      // allow_partial, leaves it out) when it misbehaves from the start.
      if (attempt == 3) {
        throw IndexError(impl_->description, "a remote shard sent a message too large to accept");
      }
      impl_->open();
    } catch (const Xapian::WildcardError& e) {
      throw UsageError("a wildcard in the query matches more than " +
                       std::to_string(search::kMaxWildcardExpansion) + " words; make it longer (" +
                       e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
      throw IndexError(impl_->description, "search failed: " + e.get_description());
    }
  }
}

std::optional<Article> Searcher::article(std::string_view id) const {
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->find_article(id);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 3) throw IndexError(impl_->description, "the index kept changing; retry");
      impl_->db.reopen();
    } catch (const Xapian::NetworkError& e) {
      if (attempt == 3) throw IndexError(impl_->description, "reading failed: " + e.get_msg());
      impl_->open();
    } catch (const Xapian::Error& e) {
      throw IndexError(impl_->description, "reading an article failed: " + e.get_description());
    }
  }
}

void Searcher::refresh() const {
  try {
    impl_->db.reopen();
  } catch (const Xapian::NetworkError&) {
    impl_->open();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->description, "cannot reopen: " + e.get_description());
  }
}

}  // namespace bahth
