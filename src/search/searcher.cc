#include "bahth/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "query_builder.h"
#include "schema/layout.h"
#include "schema/schema.h"
#include "snippet.h"

namespace bahth {
namespace {

constexpr Xapian::doccount kExactCountUpTo = 1000;

// "2018", "2018-03" or "2018-03-05" → the first (or, with `end`, the last) day as YYYYMMDD.
std::string date_bound(const std::string& date, bool end, const char* option) {
  auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  const std::size_t n = date.size();
  const bool ok =
      (n == 4 && digits(date)) ||
      (n == 7 && digits(date.substr(0, 4)) && date[4] == '-' && digits(date.substr(5, 2))) ||
      (n >= 10 && digits(date.substr(0, 4)) && date[4] == '-' && digits(date.substr(5, 2)) &&
       date[7] == '-' && digits(date.substr(8, 2)));
  if (!ok) {
    throw UsageError(std::string(option) + " " + date +
                     ": expected a date as YYYY, YYYY-MM or YYYY-MM-DD");
  }
  std::string value = date.substr(0, 4);
  value += n >= 7 ? date.substr(5, 2) : (end ? "12" : "01");
  value += n >= 10 ? date.substr(8, 2) : (end ? "31" : "01");
  return value;
}

Xapian::Query with_filters(Xapian::Query query, const SearchOptions& options) {
  if (!options.since.empty() || !options.until.empty()) {
    const std::string low =
        options.since.empty() ? "" : date_bound(options.since, false, "--since");
    const std::string high =
        options.until.empty() ? "" : date_bound(options.until, true, "--until");
    Xapian::Query range =
        high.empty()  ? Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, low)
        : low.empty() ? Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, high)
                      : Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, low, high);
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, range);
  }
  if (!options.sections.empty()) {
    std::vector<Xapian::Query> sections;
    for (const std::string& s : options.sections) sections.emplace_back(schema::section_term(s));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, sections.begin(), sections.end()));
  }
  return query;
}

// What each matching term adds to a document's score. BM25 sums one weight per query term, and
// a term's weight depends only on the term, the document and the collection, so the term alone,
// filtered to this document by its id term, gives its share. Exact-word terms count at
// kExactMatchBonus (their place in the query); for a bag-of-words query the shares add up to the
// score. A word inside a phrase also counts at full weight there, which this leaves out.
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
    if (term.rfind(schema::kStemPrefix, 0) != 0) weight *= exact_scale;
    shares.emplace_back(term, weight);
  }
  std::stable_sort(shares.begin(), shares.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return shares;
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
  if (options.snippet_chars == 0) return hit;
  search::Snippet snippet =
      search::make_snippet(article.body, analyzer, words, options.snippet_chars);
  hit.snippet = std::move(snippet.text);
  hit.highlights = std::move(snippet.highlights);
  return hit;
}

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
      const std::optional<std::string> stub = schema::stub_file_of(path);
      if (!stub) {
        add(schema::open_for_reading(path), path, any);
        continue;
      }
      for (const schema::StubEntry& entry : schema::read_stub(*stub)) open_entry(path, entry, any);
    }
    if (!any) throw IndexError(description, "no shard could be reached");
  }

  void open_entry(const std::string& path, const schema::StubEntry& entry, bool& any) {
    try {
      add(schema::open_stub_entry(entry, options.remote_timeout_ms), entry.location, any);
    } catch (const Xapian::NetworkError& e) {
      if (!options.allow_partial) {
        throw IndexError(path, "shard " + entry.location + " is unreachable (" + e.get_msg() +
                                   "); --allow-partial searches the shards that answer");
      }
      unreachable.push_back(entry.location);
    } catch (const Xapian::Error& e) {
      throw IndexError(entry.location, "cannot open this shard: " + e.get_description());
    }
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

  SearchResults run(std::string_view query_text, const SearchOptions& options) {
    const search::ParsedQuery parsed = search::parse_query(query_text, db, stemmer);
    Xapian::Enquire enquire(db);
    enquire.set_query(with_filters(parsed.query, options));
    if (options.sort == SortOrder::date) {
      enquire.set_sort_by_value_then_relevance(schema::kTimestampSlot, true);
    }
    // Counting every match up to kExactCountUpTo makes "N results" exact for most queries, at a
    // small cost; beyond it Xapian's estimate is shown as "about N".
    const auto first = static_cast<Xapian::doccount>(options.offset);
    const auto size = static_cast<Xapian::doccount>(options.limit);
    const Xapian::MSet mset =
        enquire.get_mset(first, size, std::max(first + size, kExactCountUpTo));
    SearchResults results;
    results.query = std::string(query_text);
    results.offset = options.offset;
    results.total = mset.get_matches_estimated();
    results.total_is_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    const Analyzer analyzer = schema::make_analyzer(stemmer);
    const search::QueryWords words = search::query_words(parsed.query);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      results.hits.push_back(make_hit(it, analyzer, words, options));
      if (options.explain) {
        results.hits.back().explanation =
            explain_hit(enquire, db, *it, schema::id_term(results.hits.back().id),
                        stemmer == StemmerKind::none ? 1.0 : search::kExactMatchBonus);
      }
    }
    if (results.total == 0) {
      results.suggestion = search::suggest_correction(query_text, db, stemmer);
    }
    results.unreachable = unreachable;
    return results;
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
    } catch (const Xapian::WildcardError& e) {
      throw UsageError("a wildcard in the query matches more than " +
                       std::to_string(search::kMaxWildcardExpansion) + " words; make it longer (" +
                       e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
      throw IndexError(impl_->description, "search failed: " + e.get_description());
    }
  }
}

}  // namespace bahth
