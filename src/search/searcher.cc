#include "bahth/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "bahth/error.h"
#include "bahth/stemmers.h"
#include "champions.h"
#include "coordination.h"
#include "correction_display.h"
#include "dates.h"
#include "did_you_mean.h"
#include "expansion.h"
#include "facets.h"
#include "phrase_check.h"
#include "query_builder.h"
#include "query_text.h"
#include "ranking.h"
#include "readable_spelling.h"
#include "recency.h"
#include "schema/layout.h"
#include "schema/position_table.h"
#include "schema/schema.h"
#include "schema/stored_text.h"
#include "snippet.h"
#include "store/reader.h"
#include "synonyms.h"
#include "variants.h"

namespace bahth {
namespace {

constexpr Xapian::doccount kExactCountUpTo = 1000;

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

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
  if (!options.authors.empty()) {
    std::vector<Xapian::Query> authors;
    for (const std::string& a : options.authors) authors.emplace_back(schema::author_term(a));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, authors.begin(), authors.end()));
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
// kExactMatchBonus times their exact_bonus_share (their place in the query: a query of
// `free_word_count` free words; a learned variant counts as typed only in a short one,
// variants_count_as_typed); for a bag-of-words query the shares add up to the score, but for
// words one edit away from an unknown query word, which count at kNearSpellingWeight. A word
// inside a phrase also counts at full weight there, which this leaves out.
std::vector<std::pair<std::string, double>> explain_hit(
    const Xapian::Enquire& enquire, const Xapian::Database& db, Xapian::docid docid,
    const std::string& id_term, const Analysis& analysis, std::size_t free_word_count,
    const schema::Bm25Parameters& bm25) {
  const double idf_power = search::exact_bonus_idf_power(free_word_count);
  const bool with_variants = search::variants_count_as_typed(free_word_count);
  std::vector<std::pair<std::string, double>> shares;
  for (auto t = enquire.get_matching_terms_begin(docid); t != enquire.get_matching_terms_end(docid);
       ++t) {
    const std::string& term = *t;
    if (schema::is_filter_term(term)) continue;
    Xapian::Enquire alone(db);
    alone.set_weighting_scheme(search::ranking_weight(bm25));
    alone.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), Xapian::Query(id_term)));
    const Xapian::MSet mset = alone.get_mset(0, 1);
    double weight = mset.empty() ? 0.0 : mset.begin().get_weight();
    if (analysis.stems() && term.rfind(schema::kStemPrefix, 0) != 0) {
      const std::vector<std::string> forms =
          with_variants ? search::exact_forms(term, db, analysis) : std::vector<std::string>{term};
      weight *= search::kExactMatchBonus * search::exact_bonus_share(db, forms, idf_power);
    }
    shares.emplace_back(term, weight);
  }
  std::stable_sort(shares.begin(), shares.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return shares;
}

// The query word typed that the index term `term` (a stem term, or an exact word's) stands for,
// as read_query() recorded them ("a/b" when several typed words give it), or the term's bare
// word when the query has none.
std::string typed_word_of_term(const search::ParsedQuery& parsed, const std::string& term) {
  auto [prefix, bare_word] = schema::split_term(term);
  const bool stem = prefix.starts_with(schema::kStemPrefix);
  const auto& words = stem ? parsed.typed_by_stem : parsed.typed_by_normalized;
  const auto found = words.find(std::string(bare_word));
  return found == words.end() ? std::string(bare_word) : found->second;
}

// The words of the query that no article holds in any form (QueryWordSet::absent_terms), as
// typed, but for those searched with their near spellings (`near`, as typed), which the user is
// told of on their own line.
std::vector<std::string> missing_words(const search::QueryWordSet& words,
                                       const search::ParsedQuery& parsed,
                                       const std::vector<NearSpellings>& near) {
  std::vector<std::string> missing;
  for (const std::string& term : words.absent_terms()) {
    std::string typed = typed_word_of_term(parsed, term);
    const bool near_spelled = std::any_of(near.begin(), near.end(),
                                          [&](const NearSpellings& n) { return n.word == typed; });
    if (!near_spelled && std::find(missing.begin(), missing.end(), typed) == missing.end()) {
      missing.push_back(std::move(typed));
    }
  }
  return missing;
}

// Says in the user's words what an index term of `explain_hit` stands for: the query words
// whose stem (or normalized form, for an exact-word term) it is, and the field it matched in.
// Reads the words typed as the query read them (ParsedQuery's typed_by_stem and
// typed_by_normalized); with no query text (--like alone) a term stands for itself.
class TermDescriber {
 public:
  explicit TermDescriber(const search::ParsedQuery* parsed) : parsed_(parsed) {}

  std::string describe(const std::string& term) const {
    auto [prefix, bare_word] = schema::split_term(term);
    const std::string word(bare_word);
    const bool stem = prefix.starts_with(schema::kStemPrefix);
    if (stem) prefix.remove_prefix(schema::kStemPrefix.size());
    const std::string field = prefix == schema::kTitlePrefix     ? ", in the title"
                              : prefix == schema::kCaptionPrefix ? ", in a caption"
                                                                 : "";
    const std::string typed = parsed_ == nullptr ? word : typed_word_of_term(*parsed_, term);
    if (stem)
      return typed + " → stem " + word + (field.empty() ? "" : " (" + field.substr(2) + ")");
    return typed + " (as written" + field + ")";
  }

 private:
  const search::ParsedQuery* parsed_;
};

// Counts the words no article holds among the query's words (SearchResults::query_words), so
// that "no article holds all N words" counts every word typed: `known` are the others. Only
// where coordination counts the words held (ranked by relevance) and some word of the index was
// searched.
void count_missing_words(SearchResults& results, std::size_t known, const SearchOptions& options) {
  if (results.missing_words.empty() || options.sort != SortOrder::relevance || known == 0) return;
  // Without coordination (one known word) every match holds the known word.
  if (results.query_words == 0) results.most_words_held = known;
  results.query_words = known + results.missing_words.size();
  if (results.total == 0) results.most_words_held = 0;
}

// Folds near-duplicates into one result: the index gives every member of a group of copies the
// same key (index/duplicate_groups.h) and no key to other articles, and Xapian never collapses
// documents without one; an index built before the key existed has none, so searches as before.
void collapse_duplicates(Xapian::Enquire& enquire, const SearchOptions& options) {
  if (!options.show_duplicates) enquire.set_collapse_key(schema::kDuplicateGroupSlot);
}

SearchHit make_hit(const Xapian::MSetIterator& it, const schema::StoredTextReader& stored,
                   const Analyzer& analyzer, const search::QueryWords& words,
                   const SearchOptions& options) {
  const Article article = stored.decode(it.get_document().get_data());
  SearchHit hit;
  hit.rank = it.get_rank() + 1;
  hit.score = it.get_weight();
  hit.id = article.id;
  hit.url = article.url;
  hit.title = article.title;
  hit.date = article.date;
  hit.section = article.section;
  hit.source = article.source;
  hit.author = article.author;
  hit.similar = it.get_collapse_count();
  if (options.snippet_chars == 0) return hit;
  search::Snippet snippet =
      search::make_snippet(article.body, analyzer, words, options.snippet_chars);
  hit.snippet = std::move(snippet.text);
  hit.highlights = std::move(snippet.highlights);
  return hit;
}

// " (article 'ID')" of a document whose stored article cannot be read, from its id term (the
// id cut short when it was too long for one); "" when it has none.
std::string damaged_article_named(const Xapian::Document& doc) {
  auto term = doc.termlist_begin();
  term.skip_to(std::string(schema::kIdPrefix));
  if (term == doc.termlist_end()) return {};
  const std::string id = schema::id_of_term(*term);
  return id.empty() ? std::string() : " (article '" + id + "')";
}

// Terms of an article that describe what it is about: its words in the unprefixed field as the
// index's stemmer left them ("Z" stems, or plain words with --stemmer none). Ids, sections and
// dates are filters, and the title and caption fields would only count the same words twice.
class AboutTermDecider final : public Xapian::ExpandDecider {
 public:
  explicit AboutTermDecider(const Analysis& analysis)
      : prefix_(analysis.stems() ? schema::kStemPrefix : "") {}

  bool operator()(const std::string& term) const override {
    const auto [prefix, word] = schema::split_term(term);
    return !word.empty() && prefix == prefix_;
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
Xapian::Query related_query(const Xapian::Database& db, const std::string& id,
                            const Analysis& analysis, const std::string& db_description) {
  const std::string id_term = schema::id_term(id);
  const Xapian::PostingIterator posting = db.postlist_begin(id_term);
  if (posting == db.postlist_end(id_term)) {
    throw Error("no article with id '" + id + "' in " + db_description);
  }
  Xapian::RSet article;
  article.add_document(*posting);
  const AboutTermDecider about(analysis);
  const Xapian::ESet eset = Xapian::Enquire(db).get_eset(kRelatedTerms, article, &about);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) terms.emplace_back(*t);
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       Xapian::Query(id_term));
}

}  // namespace

static_assert(SearcherOptions{}.remote_max_message == store::kDefaultRemoteMaxMessage);

// What a shard that broke the cap on remote messages did, for messages.
std::string over_cap(const store::RemoteBreach& breach) {
  return "sent a message of " + std::to_string(breach.announced) + " bytes, over the " +
         std::to_string(breach.cap) + "-byte cap (--remote-max-message)";
}

struct Searcher::Impl {
  using Clock = std::chrono::steady_clock;
  std::vector<std::string> paths;
  SearcherOptions options;
  std::string description;  // the paths, for messages
  // Before db: the relays of its remote shards must outlive it.
  store::RemoteRelays relays;
  Xapian::Database db;
  // Reads the stored articles of db's databases, with each one's text dictionaries.
  schema::StoredTextReader stored;
  // Built once, from the analysis the databases record (the first one opened: the others must
  // have the same).
  std::optional<Analysis> analysis;
  std::string analyzer_name;
  std::vector<std::string> unreachable;
  // The local databases of db, by path, whose spelling overlays Xapian's spelling suggestion
  // reads with them; db with those overlays, opened at the first query after each (re)open.
  std::vector<std::pair<std::string, Xapian::Database>> local;
  mutable std::optional<Xapian::Database> spelling;
  mutable bool spelling_opened = false;
  // The champion lists' header of db (one local database), for the revision it was read at.
  mutable std::optional<search::ChampionLists> champions;
  mutable Xapian::rev champions_revision = 0;
  bool any_remote = false;  // a database of db is a remote shard

  // Whether a local database keeps its positions in a position table (read at each search: a
  // compaction adds one, and db follows it).
  bool any_position_table() const {
    return std::any_of(local.begin(), local.end(), [](const auto& entry) {
      return schema::position_table_generation(entry.second).has_value();
    });
  }

  Impl(const std::vector<std::string>& db_paths, const SearcherOptions& searcher_options)
      : paths(db_paths), options(searcher_options) {
    if (paths.empty()) throw UsageError("no index given (--db)");
    for (const std::string& path : paths) description += (description.empty() ? "" : ", ") + path;
    // Reading the metadata of a database just opened can find its revision recycled by a writer
    // that committed twice meanwhile (store::open_for_reading retries the open itself).
    for (int attempt = 1;; ++attempt) {
      try {
        open();
        return;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == 4) throw IndexError(description, "the index kept changing; retry");
      }
    }
  }

  // (Re)opens every database; called again when a remote shard drops out in mid-search. The
  // shards in `left_out` broke the cap on messages in this search: with allow_partial they are
  // not asked again.
  void open(const std::vector<std::string>& left_out = {}) {
    db = Xapian::Database();
    stored.clear();
    local.clear();
    spelling_opened = false;
    champions.reset();
    relays.clear();
    unreachable.clear();
    analyzer_name.clear();
    any_remote = false;
    bool any = false;
    for (const std::string& path : paths) {
      auto opened = store::open_or_list_stub(path);
      if (const auto* database = std::get_if<Xapian::Database>(&opened)) {
        add(*database, path, any);
        local.emplace_back(path, *database);
        continue;
      }
      for (const schema::StubEntry& entry : std::get<std::vector<schema::StubEntry>>(opened)) {
        if (options.allow_partial &&
            std::find(left_out.begin(), left_out.end(), entry.location) != left_out.end()) {
          unreachable.push_back(entry.location);
          continue;
        }
        open_entry(path, entry, any);
      }
    }
    if (!any) throw IndexError(description, "no shard could be reached");
  }

  // Moves to the newest committed state. A database of the old state can be gone: the parts of
  // a first multi-thread build are merged into the index and removed while searches run, and
  // Xapian's reopen() then fails (DatabaseNotFoundError on PATH.bahth-parts/part0); the store,
  // opened again, shows the new state. A remote shard that dropped out is reopened the same way.
  void reopen() {
    try {
      // An overlay is committed just before its database: a new state of db is the sign.
      if (db.reopen()) spelling_opened = false;
      return;
    } catch (const Xapian::NetworkError&) {
    } catch (const Xapian::DatabaseError&) {
    }
    open();
  }

  void open_entry(const std::string& path, const schema::StubEntry& entry, bool& any) {
    try {
      const store::RemoteOptions remote{options.remote_timeout_ms, options.remote_max_message};
      const Xapian::Database opened = store::open_stub_entry(entry, relays, remote);
      add(opened, entry.location, any);
      if (!entry.remote) local.emplace_back(entry.location, opened);
      any_remote = any_remote || entry.remote;
    } catch (const Xapian::NetworkError& e) {
      if (const auto breach = relays.breach(entry.location)) {
        skip_or_fail(path, entry, over_cap(*breach));
      } else {
        skip_or_fail(path, entry, "is unreachable (" + e.get_msg() + ")");
      }
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
    if (!analysis || analysis->kind() != recorded.stemmer) analysis.emplace(recorded.stemmer);
    // Stems differ between analyses: a query analysed by this bahth would miss the words the
    // index stemmed another way, without a word. (An empty new database records nothing yet.)
    if (recorded.present && recorded.analyzer_name != analysis->name()) {
      throw IndexError(name, "built with analysis '" + recorded.analyzer_name +
                                 "' and this bahth analyzes with '" + analysis->name() +
                                 "', so words would be missed; reindex it into a new --db "
                                 "(bahth index --db NEW_DB INPUT...)");
    }
    analyzer_name = recorded.analyzer_name;
    db.add_database(part);
    stored.add_database(part);
    any = true;
  }

  // db with the spelling overlays of its local databases, or null when they have none.
  const Xapian::Database* spelling_db() const {
    if (!spelling_opened) {
      spelling.reset();
      for (const auto& [path, part] : local) {
        auto overlay = store::open_spelling_overlay(path, part);
        if (!overlay) continue;
        if (!spelling) spelling = db;  // a handle of its own: db keeps its databases
        spelling->add_database(*overlay);
      }
      spelling_opened = true;
    }
    return spelling ? &*spelling : nullptr;
  }

  // The query text read against db, Xapian's spelling suggestion asked of spelling_db() (opened
  // only when a query gets that far).
  search::ParsedQuery read(std::string_view text) const {
    auto lookups = std::make_shared<search::WordLookups>(db, analysis->analyzer(),
                                                         [this] { return spelling_db(); });
    // A correction or a near spelling is shown as the articles write it (readable_word).
    lookups->set_written_forms([this](std::string_view word) {
      return search::readable_word(word, db, stored, analysis->analyzer());
    });
    return search::read_query(text, db, *analysis, std::move(lookups));
  }

  // The query's words searched with the index's words one edit away, as the user reads them:
  // the word as typed, and each index word as a correction of it is shown (shown_replacement):
  // in the typed word's letters where the two agree, between them as the index's articles write
  // it (مدرسث → مدرسة, not the index's مدرسه).
  std::vector<NearSpellings> shown_near_spellings(const search::ParsedQuery& parsed) const {
    std::vector<NearSpellings> shown;
    for (const NearSpellings& near : parsed.near_spellings) {
      const auto found = parsed.typed_by_normalized.find(near.word);
      // One typed form; several ("a/b") that normalize alike are shown as the index holds them.
      const bool one_form =
          found != parsed.typed_by_normalized.end() && found->second.find('/') == std::string::npos;
      NearSpellings& out = shown.emplace_back();
      out.word = one_form ? found->second : near.word;
      for (const std::string& spelling : near.spellings) {
        const std::string written = parsed.lookups ? parsed.lookups->written_form(spelling) : "";
        out.spellings.push_back(
            one_form ? search::shown_replacement(out.word, near.word, spelling, written)
                     : (written.empty() ? spelling : written));
      }
    }
    return shown;
  }

  // The index's spellings of a Latin word (stems) as a reader writes them, each once.
  std::vector<std::string> readable_spellings(const std::vector<std::string>& matches) const {
    std::vector<std::string> shown;
    for (const std::string& match : matches) {
      std::string spelling = search::readable_spelling(match, db, stored, analysis->analyzer());
      if (std::find(shown.begin(), shown.end(), spelling) == shown.end()) {
        shown.push_back(std::move(spelling));
      }
    }
    return shown;
  }

  // The query before filters: the parsed query text, or with `like` the related-articles query,
  // which the query text (if any) only filters. What the index's metadata made the parser leave
  // out is added to `warnings`, naming the index; the Latin words searched with Arabic
  // spellings to `transliterations`, the words it lacks searched with their near spellings to
  // `near_spellings`.
  // `parsed` is the query text read (read_query()), or none with `like`, where the text is read
  // here when it has words; a searched correction comes built (parse_if_it_finds()).
  Xapian::Query base_query(std::string_view query_text, std::optional<search::ParsedQuery>& parsed,
                           const SearchOptions& options, std::optional<Clock::time_point> deadline,
                           std::vector<std::string>& warnings,
                           std::vector<Transliteration>& transliterations,
                           std::vector<NearSpellings>& near_spellings) const {
    auto parse = [&] {
      if (!parsed) parsed = read(query_text);
      if (parsed->query.empty()) {
        search::build_query(
            *parsed, db, *analysis, deadline,
            {.transliterate = options.transliterate, .near_spellings = options.correct});
      }
      near_spellings = shown_near_spellings(*parsed);
      for (const std::string& warning : parsed->warnings) {
        warnings.push_back(description + ": " + warning);
      }
      for (search::Transliteration& t : parsed->transliterations) {
        transliterations.push_back(
            {search::typed_form(query_text, t.word),
             t.shown.empty() ? readable_spellings(t.matches) : std::move(t.shown)});
      }
      return parsed->query;
    };
    if (options.like.empty()) return parse();
    Xapian::Query related = related_query(db, options.like, *analysis, description);
    if (query_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return related;
    return Xapian::Query(Xapian::Query::OP_FILTER, related, parse());
  }

  // Whether a search's matches are among those of its query alone, as finds_anything() runs it:
  // filters, a time budget (fewer spelling variants, a match cut short) and leaving Latin names
  // as typed only narrow them, recency only weighs them; expansion and --like do not.
  static bool matches_within_the_querys(const SearchOptions& options) {
    return options.like.empty() && !options.expand;
  }

  // A search's query as run() read, corrected and built it, once, for ranked().
  struct BuiltQuery {
    std::string_view typed;  // the query as typed
    std::optional<Clock::time_point> deadline;
    std::optional<search::ParsedQuery> parsed;  // none with --like and no words
    search::QueryCorrection correction;
    bool checked_by_search = false;  // a confident correction, checked by its own matches
    bool search_correction = false;  // the correction is what is searched
    bool without_words = false;      // filters alone: no relevance to rank by
    Xapian::Query query;             // before filters (base_query())
    std::vector<std::string> warnings;
    std::vector<Transliteration> transliterations;
    std::vector<NearSpellings> near_spellings;

    // The text searched: as typed, or its correction.
    std::string_view searched() const {
      return search_correction ? std::string_view(correction.text) : typed;
    }
  };

  // `offer_correction` false: the query is searched as typed, nothing suggested one edit away.
  SearchResults run(std::string_view query_text, const SearchOptions& options,
                    bool offer_correction = true) {
    // The time budget covers building the query too: its spelling variants come from the index.
    const Clock::time_point start = Clock::now();
    BuiltQuery built;
    built.typed = query_text;
    if (options.time_limit_seconds > 0) {
      built.deadline = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(options.time_limit_seconds));
    }
    const std::optional<Clock::time_point>& deadline = built.deadline;
    // Corrected once, before the search: a confident correction is what is searched, any other
    // is only suggested. The query is read once (normalized, its words looked up) for all that
    // follows, and so is a correction, with the query's lookups.
    std::optional<search::ParsedQuery>& parsed = built.parsed;
    search::QueryCorrection& correction = built.correction;
    if (options.like.empty()) {
      parsed = read(query_text);
      if (is_blank(query_text) && has_filters(options)) {
        // Filters alone: every article they keep (an empty query without them has no words).
        parsed->query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0);
        parsed->without_words = true;
      } else if (offer_correction) {
        correction = search::correct_query(*parsed, db, *analysis, false);
      }
    }
    // A correction is offered only when it finds something. One searched as it is shows that by
    // its own matches: a page with any finds something; an empty one is asked again by
    // finds_anything() after the search, which runs again as typed when the correction found
    // nothing. A search for it first would cost a sixth of the process. Any other is checked
    // first, built once (parse_if_it_finds()), and searched as built when it is searched.
    built.checked_by_search =
        options.correct && correction.confident && matches_within_the_querys(options);
    std::optional<search::ParsedQuery> corrected;
    if (built.checked_by_search) {
      corrected = search::read_query(correction.text, db, *analysis, parsed->lookups);
    } else if (!correction.text.empty()) {
      corrected =
          search::parse_if_it_finds(correction.text, db, *analysis, deadline, parsed->lookups);
      if (!corrected) correction = {};
    }
    built.search_correction = options.correct && correction.confident;
    if (built.search_correction) {
      parsed = std::move(corrected);
      // The check looked for its transliterations too, as a search does unless told not to; a
      // correction checked by its search is built by it (base_query()).
      if (!built.checked_by_search && !options.transliterate) {
        search::build_query(*parsed, db, *analysis, deadline, {.transliterate = false});
      }
    }
    try {
      built.query = base_query(built.searched(), parsed, options, deadline, built.warnings,
                               built.transliterations, built.near_spellings);
    } catch (const UsageError&) {
      if (built.checked_by_search) {
        return run(query_text, options, false);  // not a query: it finds nothing
      }
      throw;
    }
    // A query without words has no relevance to rank by: its articles are listed newest first,
    // as a news archive lists them (and as Elasticsearch answers a filter alone, by one order).
    // The query is the same either way: it is ranked in the order used, built once.
    built.without_words = options.like.empty() && parsed->without_words;
    if (built.without_words && options.sort != SortOrder::date) {
      SearchOptions by_date = options;
      by_date.sort = SortOrder::date;
      return ranked(built, by_date);
    }
    return ranked(built, options);
  }

  // The page of a built query's matches, in the order `options` gives: the one used (for a
  // query without words, by date whatever was asked).
  SearchResults ranked(BuiltQuery& built, const SearchOptions& options) {
    const std::string_view typed = built.typed;
    const std::string_view query_text = built.searched();
    const std::optional<Clock::time_point>& deadline = built.deadline;
    std::optional<search::ParsedQuery>& parsed = built.parsed;
    const search::QueryCorrection& correction = built.correction;
    const bool checked_by_search = built.checked_by_search;
    const bool search_correction = built.search_correction;
    const bool without_words = built.without_words;
    Xapian::Query query = built.query;
    std::vector<std::string>& warnings = built.warnings;
    // The query's words, read once: coordination counts them (ranked by relevance only), and
    // those the index lacks are named to the user.
    const search::QueryWordSet query_word_set =
        options.like.empty() ? search::QueryWordSet(query, db, parsed && parsed->question)
                             : search::QueryWordSet();
    const search::QueryWordSet no_words;
    const search::QueryWordSet& words_of_query =
        options.sort == SortOrder::relevance ? query_word_set : no_words;
    // BM25 as this query is weighed: a short query's length normalization is not a passage's
    // (ranking.h); a query of an article's words (--like) is weighed as a passage.
    const schema::Bm25Parameters bm25 =
        parsed ? search::ranking_parameters(parsed->free_words.size()) : schema::kPassageBm25;
    if (options.expand && options.like.empty() && !without_words) {
      query = search::expand_query(db, with_filters(query, options, db), query, *analysis,
                                   search::restricts_matches(query_text), {.bm25 = bm25});
    }
    Xapian::Enquire enquire(db);
    Xapian::Query filtered = with_filters(query, options, db);
    if (options.recency_half_life_days > 0 && options.sort == SortOrder::relevance) {
      // The first search that weighs the boost falls under the budget too.
      const double probe_limit =
          deadline ? std::max(std::chrono::duration<double>(*deadline - Clock::now()).count(),
                              options.time_limit_seconds / 10)
                   : 0.0;
      filtered = search::with_recency(filtered, db, search::ranking_weight(bm25),
                                      options.recency_half_life_days, probe_limit);
    }
    search::set_positional_query(enquire, db, filtered);
    enquire.set_weighting_scheme(search::ranking_weight(bm25));
    if (deadline) {
      // What is left of the budget; a little at least, so that some matches are ranked.
      const double left = std::chrono::duration<double>(*deadline - Clock::now()).count();
      enquire.set_time_limit(std::max(left, options.time_limit_seconds / 10));
    }
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
    const Matched matched = match(enquire, filtered, options, bm25, first, size, words_of_query,
                                  check_at_least, warnings);
    const Xapian::MSet& mset = matched.mset;
    if (checked_by_search && mset.empty() && !finds_anything(correction.text)) {
      return run(typed, options, false);
    }
    SearchResults results;
    results.warnings = std::move(warnings);
    results.transliterations = std::move(built.transliterations);
    results.near_spellings = std::move(built.near_spellings);
    results.query = std::string(typed);
    results.sorted_by = options.sort;
    results.without_words = without_words;
    if (search_correction) results.corrected = Correction{std::string(typed), correction.text};
    results.offset = options.offset;
    results.champion_lists = matched.champions;
    const bool saw_every_match = matched.saw_every_match;
    results.total_is_exact = matched.total_is_exact;
    results.total = matched.total;
    const Analyzer& analyzer = analysis->analyzer();
    // The words the query read looks for; what --like and --expand add is only in the query
    // they made.
    const search::QueryWords words = options.like.empty() && (!options.expand || without_words)
                                         ? std::move(parsed->words)
                                         : search::query_words(query);
    const TermDescriber describer(parsed ? &*parsed : nullptr);
    const std::size_t free_word_count = parsed ? parsed->free_words.size() : std::size_t{0};
    const search::CoordinatedPage page = search::coordinate(
        mset, words_of_query, db, first - matched.from, size, saw_every_match,
        [&] {
          Xapian::Enquire all(db);
          search::set_positional_query(all, db,
                                       with_filters(words_of_query.all_words(), options, db));
          return !all.get_mset(0, 1).empty();
        },
        matched.held);
    results.query_words = page.words;
    results.most_words_held = page.none_holds_all ? page.most_held : page.words;
    if (options.like.empty()) {
      results.missing_words = missing_words(query_word_set, *parsed, results.near_spellings);
      count_missing_words(results, query_word_set.size(), options);
    }
    for (const Xapian::MSetIterator& it : page.hits) {
      // One damaged article (a record changed on disk, or written by a tampering hand) is named
      // and left out of the page: the other results stand, as one bad article in a dump does
      // not stop a run.
      try {
        results.hits.push_back(make_hit(it, stored, analyzer, words, options));
      } catch (const schema::StoredTextError& e) {
        results.warnings.push_back(
            description + ": result " + std::to_string(first + results.hits.size() + 1) +
            damaged_article_named(it.get_document()) + " was left out: " + e.what());
        continue;
      }
      results.hits.back().rank = first + results.hits.size();
      if (options.explain) {
        SearchHit& hit = results.hits.back();
        hit.explanation = explain_hit(enquire, db, *it, schema::id_term(hit.id), *analysis,
                                      free_word_count, bm25);
        for (const auto& share : hit.explanation) {
          hit.explanation_words.push_back(describer.describe(share.first));
        }
      }
    }
    if (options.like.empty() && !search_correction) {
      results.suggestion = correction.text;
      // Two edits away only when nothing was found: closer to a guess.
      if (results.suggestion.empty() && results.total == 0) {
        results.suggestion = search::suggest_correction(*parsed, db, *analysis, true);
        if (!finds_anything(results.suggestion)) results.suggestion.clear();
      }
    }
    if (options.facets) results.facets = search::count_facets(db, filtered, count_up_to, options);
    if (results.total == 0) {
      note_unknown_names(db, options.sections, "section", schema::kSectionPrefix,
                         aliased_section_term, results.notes);
      note_unknown_names(db, options.sources, "source", schema::kSourcePrefix, schema::source_term,
                         results.notes);
      note_unknown_names(db, options.authors, "author", schema::kAuthorPrefix, schema::author_term,
                         results.notes);
    }
    results.unreachable = unreachable;
    if (results.total == 0 && options.like.empty() && !without_words) {
      if (std::optional<SearchResults> words = without_phrases(typed, options)) return *words;
    }
    return results;
  }

  // The matches of a search, and how many there are.
  struct Matched {
    Xapian::MSet mset;
    Xapian::doccount from = 0;  // the rank of mset's first match
    bool saw_every_match = false;
    std::uint64_t total = 0;
    bool total_is_exact = true;
    ChampionUse champions = ChampionUse::not_used;
    // How many of the query's words mset's first matches hold, when the lists' proof counted
    // them (coordination then counts only the others).
    std::vector<std::size_t> held;
  };

  // Ranks `filtered` (set on `enquire`) from rank 0 to coordination's window or the page's end
  // (coordination reorders the best matches, so they are all fetched: coordination.h), or the
  // page alone when it is not coordinated, counting the matches up to `check_at_least`:
  // through the champion lists when they prove the same results, else every article.
  Matched match(Xapian::Enquire& enquire, const Xapian::Query& filtered,
                const SearchOptions& options, const schema::Bm25Parameters& bm25,
                Xapian::doccount first, Xapian::doccount size,
                const search::QueryWordSet& words_of_query, Xapian::doccount check_at_least,
                std::vector<std::string>& warnings) const {
    const bool coordinated = search::coordinates(words_of_query.size());
    const Xapian::doccount depth =
        coordinated ? std::max(first + size, search::kCoordinationWindow) : first + size;
    ChampionAttempt attempt = through_champion_lists(filtered, options, bm25, depth,
                                                     coordinated ? &words_of_query : nullptr,
                                                     first + size, check_at_least, warnings);
    if (attempt.matched) return std::move(*attempt.matched);
    Matched matched;
    matched.champions = attempt.tried ? ChampionUse::fell_back : ChampionUse::not_used;
    matched.from = coordinated ? 0 : first;
    if (attempt.least_weight) {
      // The lists' own best `depth` weigh at least this, so the full match's best do too: every
      // article below it is passed over at once, and Xapian prunes the query's frequent words
      // from there. The count then comes from the match without weights, as through the lists.
      enquire.set_cutoff(0, *attempt.least_weight);
      matched.mset = enquire.get_mset(matched.from, depth - matched.from);
      enquire.set_cutoff(0, 0);
      count_without_weights(filtered, options, check_at_least, matched);
      return matched;
    }
    matched.mset = enquire.get_mset(matched.from, depth - matched.from, check_at_least);
    count(matched.mset, check_at_least, matched);
    return matched;
  }

  // Fewer matches than Xapian was asked to check means it saw them all, and the lower bound is
  // the count. Xapian 1.4 does not narrow the collapsed bounds of a filtered query by itself:
  // the README's demo printed its 14 results as "about 20".
  static void count(const Xapian::MSet& mset, Xapian::doccount check_at_least, Matched& matched) {
    matched.saw_every_match = mset.get_uncollapsed_matches_lower_bound() < check_at_least;
    matched.total_is_exact =
        matched.saw_every_match || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    matched.total =
        matched.total_is_exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
  }

  // Counts the matches of `filtered` up to `check_at_least` without weighing them: Xapian ends
  // a match without weights there, where a weighted one goes on for a better page.
  void count_without_weights(const Xapian::Query& filtered, const SearchOptions& options,
                             Xapian::doccount check_at_least, Matched& matched) const {
    Xapian::Enquire counter(db);
    counter.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                    search::with_position_checks(filtered, db), 0.0));
    collapse_duplicates(counter, options);
    count(counter.get_mset(0, 1, check_at_least), check_at_least, matched);
  }

  // What the champion lists gave a search: its matches, or (when they could not prove them)
  // the weight the full match's best `depth` are known to reach.
  struct ChampionAttempt {
    std::optional<Matched> matched;
    bool tried = false;  // the lists were matched
    // The `depth`-th weight of the lists' match, less a rounding margin, when it had that many.
    std::optional<double> least_weight;
  };

  // Whether coordinate()'s page of the full match, up to `page_end`, is that of `restricted`
  // (the lists' match from rank 0) when the lists do not prove its whole window: each match of
  // the page holds every word and weighs more than the bound. Coordination puts the reordered
  // matches holding every word first, in BM25 order; those above the bound are the full match's
  // own at the same ranks, and every other article of the full match weighs less. The first
  // result then holds every word, so whether a match further down does
  // (CoordinatedPage::none_holds_all) changes nothing said about the page.
  // `held` is set to the words the first matches hold, as counted.
  bool proves_coordinated_page(const Xapian::MSet& restricted, const search::ChampionPlan& plan,
                               const search::QueryWordSet& words, Xapian::doccount page_end,
                               std::vector<std::size_t>& held) const {
    const std::size_t proven = std::min<std::size_t>(search::reordered_matches(restricted, words),
                                                     search::proven_ranks(restricted, plan));
    if (proven < std::max<Xapian::doccount>(page_end, 1)) return false;
    std::vector<Xapian::docid> docs;
    docs.reserve(proven);
    for (auto it = restricted.begin(); docs.size() < proven; ++it) docs.push_back(*it);
    held = words.held_by(db, docs);
    const auto holding_all =
        static_cast<std::size_t>(std::count(held.begin(), held.end(), words.size()));
    return holding_all >= page_end;
  }

  // A weight that every match coordination reorders reaches, for a coordinated query it does
  // not order strictly (`coordinated`: more than kStrictUpTo words, or a question), whose band
  // is the matches weighing kNearBestShare of the best or more (coordination.h): that share of a
  // weight the best reaches, the best of the candidates most often listed
  // (search::least_best_weight). Cut off there, the match through the lists holds every match
  // of the band, which is the full match's when the floor is above the plan's bound, and Xapian
  // passes over more of the rest (on 200,000 synthetic articles, الصين الولايات المتحدة التجارة
  // 3.8 -> 2.7 ms; bench/HISTORY.md). 0 when it does not apply.
  double band_floor(const Xapian::Query& filtered, const search::ChampionPlan& plan,
                    const search::QueryWordSet* coordinated,
                    const schema::Bm25Parameters& bm25) const {
    if (coordinated == nullptr || coordinated->strict() || plan.complete) return 0.0;
    const std::optional<double> best = search::least_best_weight(filtered, plan, db, bm25);
    // A margin for the same sum rounded in another order, as coordination compares.
    return best ? search::kNearBestShare * *best * (1.0 - 1e-9) : 0.0;
  }

  // The index's champion lists as they stand, read once for each revision of the database.
  const search::ChampionLists& champion_lists() const {
    const Xapian::rev revision = db.get_revision();
    if (!champions || champions_revision != revision) {
      champions.emplace(db);
      champions_revision = revision;
    }
    return *champions;
  }

  // The first `depth` matches through the champion lists (search/champions.h), or none when the
  // index has no usable lists, the query cannot be bounded, or the bound does not prove them
  // (then `tried`, and the least weight the full match's best reach): the caller matches every
  // article. The count comes from matching the query without weights up to `check_at_least`,
  // which ends there.
  ChampionAttempt through_champion_lists(const Xapian::Query& filtered,
                                         const SearchOptions& options,
                                         const schema::Bm25Parameters& bm25, Xapian::doccount depth,
                                         const search::QueryWordSet* coordinated,
                                         Xapian::doccount page_end, Xapian::doccount check_at_least,
                                         std::vector<std::string>& warnings) const {
    ChampionAttempt attempt;
    // A search over several databases weighs by the statistics of all, which no database's
    // lists were chosen by; a recency boost and a date order are not BM25's.
    if (!options.champion_lists || db.size() != 1 || any_remote ||
        options.sort != SortOrder::relevance || options.recency_half_life_days > 0) {
      return attempt;
    }
    const search::ChampionLists& lists = champion_lists();
    if (lists.state() == search::ChampionLists::State::damaged) {
      warnings.push_back(description + ": " + lists.problem() + "; searched without them (" +
                         "'bahth compact' writes them anew)");
      return attempt;
    }
    if (lists.state() != search::ChampionLists::State::usable || !lists.ranked_by(bm25)) {
      return attempt;
    }
    std::optional<search::ChampionPlan> plan;
    try {
      plan = search::plan_champion_match(filtered, db, lists);
    } catch (const Error& e) {
      warnings.push_back(description + ": " + e.what() + "; searched without the lists (" +
                         "'bahth compact' writes them anew)");
      return attempt;
    }
    if (!plan) return attempt;
    attempt.tried = true;
    Xapian::Enquire restricted(db);
    search::set_positional_query(restricted, db, search::restricted_to_candidates(filtered, *plan));
    restricted.set_weighting_scheme(search::ranking_weight(bm25));
    // Only candidates above the bound can be proved, and every proof reads only those: a
    // candidate that cannot reach it is passed over unweighed, and Xapian prunes the query's
    // frequent words against it from the start.
    const double bound = plan->complete ? 0.0 : plan->bound;
    const double cutoff = std::max(bound, band_floor(filtered, *plan, coordinated, bm25));
    restricted.set_cutoff(0, cutoff);
    collapse_duplicates(restricted, options);
    Matched matched;
    const auto proved = [&] {
      matched.held.clear();
      return search::proves_top(matched.mset, depth, *plan) ||
             (coordinated &&
              proves_coordinated_page(matched.mset, *plan, *coordinated, page_end, matched.held));
    };
    matched.mset = restricted.get_mset(0, depth);
    if (!proved() && cutoff > bound) {
      // The band's floor proved nothing (too few of its matches hold every word): as without it.
      restricted.set_cutoff(0, bound);
      matched.mset = restricted.get_mset(0, depth);
    }
    if (!proved()) {
      attempt.least_weight = search::least_weight_of_top(matched.mset, depth);
      return attempt;
    }
    matched.champions = ChampionUse::used;
    count_without_weights(filtered, options, check_at_least, matched);
    attempt.matched = std::move(matched);
    return attempt;
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
    // A correction of the words is shown without the blanks the quotes left ("Did you mean:
    // ␣حمدون السودان"), and offered for the query as typed.
    words.suggestion = single_spaced(words.suggestion);
    if (words.corrected) {
      words.corrected->from = std::string(query_text);
      words.corrected->to = single_spaced(words.corrected->to);
    }
    return words;
  }

  // `text` without blanks at its ends, and a single space for each run of blanks within.
  static std::string single_spaced(std::string_view text) {
    std::string out;
    std::istringstream words{std::string(text)};
    for (std::string word; words >> word;) out.append(out.empty() ? "" : " ").append(word);
    return out;
  }

  // A correction is offered only when it finds something ("" finds nothing).
  bool finds_anything(const std::string& corrected) const {
    return !corrected.empty() && search::finds_anything(corrected, db, *analysis);
  }

  std::optional<Article> find_article(std::string_view id) const {
    const std::string term = schema::id_term(id);
    std::optional<std::string> damaged;  // why the first record that cannot be read cannot
    for (auto posting = db.postlist_begin(term); posting != db.postlist_end(term); ++posting) {
      try {
        Article article = stored.decode(db.get_document(*posting).get_data());
        if (article.id == id) return article;  // an id cut to fit a term may be shared
      } catch (const schema::StoredTextError& e) {
        if (!damaged) damaged = e.what();
      }
    }
    // Passing over it would say the article is not there, which it is.
    if (damaged) {
      throw DamagedArticleError(description, "article '" + std::string(id) + "': " + *damaged);
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

namespace {

// Runs `read` on the index, opening it again when that helps, up to four attempts: after a
// concurrent `bahth index` committed (Xapian's DatabaseModifiedError; the newest committed state
// is then read) and after a remote shard went away (reopening names the shard that is gone, or,
// with --allow-partial, leaves it out). A shard that broke the cap on messages is named at once,
// since it would most likely break it again; with `skip_over_cap` and --allow-partial it is left
// out instead. Other Xapian errors become IndexError starting with `failed`; query errors
// (WildcardError) pass through to the caller.
template <typename Impl, typename Read>
auto with_reopen(Impl& impl, std::string_view failed, bool skip_over_cap, Read read)
    -> decltype(read()) {
  const std::string prefix(failed);
  std::vector<std::string> left_out;  // remote shards that broke the cap on messages
  for (int attempt = 0;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 3) throw IndexError(impl.description, "the index kept changing; retry");
      try {
        impl.reopen();
      } catch (const Xapian::Error& e) {
        throw IndexError(impl.description, prefix + ": cannot reopen: " + e.get_description());
      }
    } catch (const Xapian::NetworkError& e) {
      if (const auto breach = impl.relays.any_breach()) {
        const std::string what = "shard " + breach->first + " " + over_cap(breach->second);
        if (!skip_over_cap) throw IndexError(impl.description, what);
        if (!impl.options.allow_partial) {
          throw IndexError(impl.description,
                           what + "; --allow-partial searches the shards that answer");
        }
        left_out.push_back(breach->first);
      } else if (const auto stalled = impl.relays.any_stalled()) {
        // Asking again would wait as long again: the shard is named (or left out) at once.
        const std::string what = "shard " + *stalled + " stopped answering (nothing within " +
                                 std::to_string(impl.options.remote_timeout_ms) +
                                 " ms, --remote-timeout)";
        if (!impl.options.allow_partial) {
          throw IndexError(impl.description,
                           what + "; --allow-partial searches the shards that answer");
        }
        left_out.push_back(*stalled);
      } else if (attempt == 3) {
        throw IndexError(impl.description, prefix + ": " + e.get_msg());
      }
      impl.open(left_out);
    } catch (const Xapian::WildcardError&) {
      throw;
    } catch (const Xapian::Error& e) {
      throw IndexError(impl.description, prefix + ": " + e.get_description());
    }
  }
}

}  // namespace

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
  try {
    return with_reopen(*impl_, "search failed", true, [&] {
      const search::PositionChecksOff remote(impl_->any_remote);
      const search::PositionChecksFor tabled(impl_->any_position_table());
      return impl_->run(query, options);
    });
  } catch (const schema::StoredTextError& e) {
    throw IndexError(impl_->description, e.what());
  } catch (const Xapian::WildcardError& e) {
    throw UsageError("a wildcard in the query matches more than " +
                     std::to_string(search::kMaxWildcardExpansion) + " words; make it longer (" +
                     e.get_msg() + ")");
  }
}

std::optional<Article> Searcher::article(std::string_view id) const {
  try {
    return with_reopen(*impl_, "reading an article failed", false,
                       [&] { return impl_->find_article(id); });
  } catch (const schema::StoredTextError& e) {
    throw IndexError(impl_->description, e.what());
  }
}

WordVariants Searcher::variants(std::string_view word) const {
  return with_reopen(*impl_, "reading the spelling variants failed", false, [&] {
    WordVariants out;
    const std::vector<std::string> stems = impl_->analysis->analyzer().stems(word);
    if (stems.empty()) return out;
    out.stem = stems.front();
    out.synonyms =
        search::synonyms_of(stems, schema::read_synonyms(impl_->db), impl_->analysis->analyzer());
    bool over_limit = false;
    out.variants = search::variant_group(impl_->db, out.stem, &over_limit);
    std::erase(out.variants, out.stem);  // what a search for the word also finds
    if (over_limit) {
      out.warning = impl_->description + ": the spelling variants stored for '" + out.stem +
                    "' are over the limit of " + std::to_string(schema::kMaxVariantsPerStem) +
                    " a word, of " + std::to_string(schema::kMaxVariantStemBytes) +
                    " bytes each; only those within it are read (a damaged or tampered index? "
                    "rebuild it)";
    }
    return out;
  });
}

std::vector<std::vector<std::string>> Searcher::synonyms() const {
  return with_reopen(*impl_, "reading the synonyms failed", false,
                     [&] { return schema::read_synonyms(impl_->db); });
}

void Searcher::refresh() const {
  try {
    impl_->reopen();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->description, "cannot reopen: " + e.get_description());
  }
}

}  // namespace bahth
