#include "query_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "bahth/utf8.h"
#include "dates.h"
#include "did_you_mean.h"
#include "phrase_check.h"
#include "question_frame.h"
#include "schema/schema.h"
#include "snippet.h"
#include "synonyms.h"
#include "variants.h"

namespace bahth::search {
namespace {

// `id:X` finds the article whose id is X through the same term the indexer gave it, which for a
// long id is a hash (schema::id_term), not "Q" + X.
class IdFieldProcessor final : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& id) override {
    return Xapian::Query(schema::id_term(id));
  }
};

// Drops Arabic and English function words from free text, and a question's frame words from a
// question (question_frame.h); the parser keeps them inside phrases, and parse_query() puts them
// back when nothing else is left.
class Stopwords final : public Xapian::Stopper {
 public:
  explicit Stopwords(bool question) : question_(question) {}
  bool operator()(const std::string& word) const override {
    return is_stopword(word) || (question_ && is_question_frame_word(word));
  }

 private:
  bool question_;
};

// section:NAME, with the Arabic names of the corpora's section codes accepted for the codes
// (section:رياضة is section:sport).
class SectionProcessor final : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& name) override {
    return Xapian::Query(schema::section_term(schema::section_alias(name)));
  }
};

// author:NAME, the name normalized as the index's author terms are (`author:"سارة أحمد"` and
// `author:سارة_أحمد` alike).
class AuthorProcessor final : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& name) override {
    return Xapian::Query(schema::author_term(name));
  }
};

Xapian::QueryParser make_parser(const Xapian::Database& db, const Analysis& analysis,
                                bool with_stopwords, bool question,
                                const std::shared_ptr<std::string>& range_error = nullptr) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.set_stemmer(analysis.xapian_stem());
  // Stems carry the positions in the index (schema.h), so phrases and NEAR are stemmed too.
  parser.set_stemming_strategy(analysis.stems() ? Xapian::QueryParser::STEM_ALL_Z
                                                : Xapian::QueryParser::STEM_NONE);
  if (with_stopwords) {
    parser.set_stopper((new Stopwords(question))->release());
  }
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.add_prefix("caption", std::string(schema::kCaptionPrefix));
  parser.add_boolean_prefix("section", (new SectionProcessor())->release());
  parser.add_boolean_prefix("source", std::string(schema::kSourcePrefix));
  parser.add_boolean_prefix("author", (new AuthorProcessor())->release());
  parser.add_boolean_prefix("year", std::string(schema::kYearPrefix));
  parser.add_boolean_prefix("id", (new IdFieldProcessor())->release());
  parser.add_rangeprocessor(make_date_range_processor(db, range_error)->release());
  parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
  return parser;
}

constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT;

// The free-text words of a normalized query, in order: not operators, field names, wildcards,
// words with digits, stopwords, a question's frame words, or words inside quotes.
std::vector<std::string> free_words(std::string_view normalized, bool question) {
  std::string unquoted(normalized);
  bool quoted = false;
  for (char& c : unquoted) {
    if (c == '"') quoted = !quoted;
    if (quoted || c == '"') c = ' ';
  }
  std::vector<std::string> words;
  std::istringstream chunks(unquoted);
  for (std::string chunk; chunks >> chunk;) {
    if (is_operator(chunk)) continue;
    for (WordTokenizer t(chunk); t.next();) {
      const char after = t.end() < chunk.size() ? chunk[t.end()] : ' ';
      const std::string_view word = t.word();
      if (after == ':' || after == '*' || is_stopword(word) ||
          (question && is_question_frame_word(word)) ||
          word.find_first_of("0123456789") != std::string_view::npos) {
        continue;
      }
      words.emplace_back(word);
    }
  }
  return words;
}

// Index words one edit away from the query words the index does not hold (did_you_mean.h's
// near_spelling_terms), each word's as one OP_SYNONYM at kNearSpellingWeight, each word so
// searched listed in `noted`; empty when none, or when no word of the query is one the index
// knows (QueryAdditions::near_spellings). A Latin word searched with its Arabic spellings
// (`transliterated`) counts as known. Each word is looked up through `lookups`, which the
// query's corrections share.
Xapian::Query near_spellings(const std::vector<std::string>& words, WordLookups& lookups,
                             const Analysis& analysis,
                             const std::vector<Transliteration>& transliterated,
                             std::vector<NearSpellings>& noted) {
  const bool a_word_known = std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return lookups.known(w) || std::any_of(transliterated.begin(), transliterated.end(),
                                           [&](const Transliteration& t) { return t.word == w; });
  });
  if (!a_word_known) return {};
  std::vector<Xapian::Query> parts;
  for (const std::string& word : words) {
    const std::vector<NearSpelling> near = near_spelling_terms(word, lookups, analysis.stems());
    if (near.empty()) continue;
    std::vector<std::string> terms;
    NearSpellings& note = noted.emplace_back();
    note.word = word;
    for (const NearSpelling& n : near) {
      terms.push_back(n.term);
      note.spellings.push_back(n.word);
    }
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
                       kNearSpellingWeight);
  }
  if (parts.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// `word` with its stem `stem` replaced by `variant` (لترمب → لترامب); empty when the stem is not
// a run of the word's letters (the light stemmer's L5 writes the article's alef).
std::string respelled(std::string_view word, std::string_view stem, std::string_view variant) {
  const std::size_t at = word.find(stem);
  if (stem.empty() || at == std::string_view::npos) return {};
  std::string out(word.substr(0, at));
  out.append(variant).append(word.substr(at + stem.size()));
  return out;
}

}  // namespace

std::vector<std::string> exact_forms(const std::string& term, const Xapian::Database& db,
                                     const Analysis& analysis) {
  std::vector<std::string> forms{term};
  if (!analysis.stems()) return forms;
  const schema::SplitTerm split = schema::split_term(term);
  std::string stem(split.word);
  analysis.analyzer().stemmer().stem(stem);
  for (const std::string& variant : variant_group(db, stem)) {
    if (variant == stem) continue;
    std::string form = respelled(split.word, stem, variant);
    if (form.empty()) continue;
    form.insert(0, split.prefix);
    if (db.get_termfreq(form) > 0 && std::find(forms.begin(), forms.end(), form) == forms.end()) {
      forms.push_back(std::move(form));
    }
  }
  return forms;
}

double exact_bonus_share(const Xapian::Database& db, const std::vector<std::string>& forms,
                         double power) {
  const double documents = db.get_doccount();
  double frequency = 0;
  for (const std::string& form : forms) frequency += db.get_termfreq(form);
  if (documents < 2 || frequency == 0) return 1.0;
  frequency = std::min(frequency, documents);
  return std::pow(std::log(documents / frequency) / std::log(documents), power);
}

namespace {

// The exact-word bonus of each term (exact_bonus_share). With `with_variants` (ranking.h's
// variants_count_as_typed: a short query), a learned spelling variant typed in the article counts
// as the form typed (ترمب finds ترامب's articles with the same bonus, and the other way round),
// so either spelling of a name ranks the same articles alike: one OP_SYNONYM of the forms of its
// whole variant group; without (a passage as the query), only the form typed gets the bonus.
// Needs the query's terms: a query with a wildcard keeps the plain bonus.
Xapian::Query exact_bonus(const Xapian::Query& exact, const Xapian::Database& db,
                          const Analysis& analysis, double power, bool with_variants) {
  if (db.get_doccount() < 2) return exact;
  std::vector<Xapian::Query> parts;
  for (auto t = exact.get_unique_terms_begin(); t != exact.get_unique_terms_end(); ++t) {
    if (schema::is_filter_term(*t)) continue;
    std::vector<std::string> forms =
        with_variants ? exact_forms(*t, db, analysis) : std::vector<std::string>{*t};
    // In one order whichever of them was typed, so that each gives the same query.
    std::sort(forms.begin(), forms.end());
    const double share = exact_bonus_share(db, forms, power);
    if (forms.size() == 1) {
      if (db.get_termfreq(*t) == 0) continue;
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*t), share);
    } else {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end()),
                         share);
    }
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// Parses `normalized`: the read query's normalized text, or the same without its operators.
// Either has the free words of `read`.
ParsedQuery parse_normalized(const ParsedQuery& read, const std::string& normalized,
                             const Xapian::Database& db, const Analysis& analysis, unsigned flags,
                             const std::shared_ptr<std::string>& range_error,
                             std::optional<std::chrono::steady_clock::time_point> deadline,
                             QueryAdditions additions) {
  ParsedQuery parsed;
  bool with_stopwords = true;
  Xapian::QueryParser parser =
      make_parser(db, analysis, with_stopwords, read.question, range_error);
  parsed.query = parser.parse_query(normalized, flags);
  if (parsed.query.empty()) {
    // Only stopwords (في, من, the...): search for them rather than for nothing.
    with_stopwords = false;
    parser = make_parser(db, analysis, with_stopwords, read.question, range_error);
    parsed.query = parser.parse_query(normalized, flags);
  }
  // Spelling variants the index learned (ترامب/ترمب) join a word's stem with OP_SYNONYM; the
  // exact-word query below keeps the spelling typed.
  if (analysis.stems()) {
    VariantBudget budget;
    budget.deadline = deadline;
    parsed.query = with_spelling_variants(parsed.query, db, budget);
    parsed.warnings = std::move(budget.warnings);
  }
  if (additions.transliterate) {
    parsed.query =
        with_transliterations(parsed.query, db, analysis.analyzer(), parsed.transliterations);
  }
  parsed.query =
      with_user_synonyms(parsed.query, normalized, db, analysis, !restricts_matches(normalized));
  // Only where OR adds matches anyway: with AND, NOT, +word or -word they must hold as written.
  if (additions.near_spellings && !restricts_matches(normalized)) {
    if (Xapian::Query near = near_spellings(read.free_words, *read.lookups, analysis,
                                            parsed.transliterations, parsed.near_spellings);
        !near.empty()) {
      parsed.query = Xapian::Query(Xapian::Query::OP_OR, parsed.query, near);
    }
  }
  if (analysis.stems()) {
    // The same query on the exact normalized words adds weight to documents that use the words
    // as typed; AND_MAYBE keeps the stemmed query's matches exactly, so NOT and AND still hold.
    // Quotes are read as plain words there: a phrase is already in the stemmed query (QueryParser
    // keeps phrase words unstemmed), and checking its positions again for every candidate of
    // AND_MAYBE made queries with a quoted phrase ten times slower (30 ms instead of 3).
    Xapian::QueryParser exact =
        make_parser(db, analysis, with_stopwords, read.question, range_error);
    exact.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    const unsigned exact_flags = flags & ~unsigned{Xapian::QueryParser::FLAG_PHRASE};
    Xapian::Query bonus = exact.parse_query(normalized, exact_flags);
    if (normalized.find('*') == std::string::npos) {
      const std::size_t words = read.free_words.size();
      bonus = exact_bonus(bonus, db, analysis, exact_bonus_idf_power(words),
                          variants_count_as_typed(words));
    }
    parsed.query =
        Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, bonus, kExactMatchBonus));
  }
  return parsed;
}

}  // namespace

namespace {

std::size_t parenthesis_depth(std::string_view query) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  for (char c : query) {
    if (c == '(') deepest = std::max(deepest, ++depth);
    if (c == ')' && depth > 0) --depth;
  }
  return deepest;
}

void check_length(std::string_view query, std::string_view how) {
  if (query.size() > kMaxQueryBytes) {
    throw UsageError("the query is " + std::to_string(query.size()) + " bytes long" +
                     std::string(how) + "; bahth accepts at most " +
                     std::to_string(kMaxQueryBytes));
  }
}

// On the normalized query, which is what the parser reads: NFKC turns full-width parentheses
// into ASCII ones and circled letters into words, so the raw text would undercount both.
void check_limits(std::string_view normalized) {
  check_length(normalized, " once normalized");
  if (const std::size_t depth = parenthesis_depth(normalized); depth > kMaxQueryNesting) {
    throw UsageError("the query nests parentheses " + std::to_string(depth) +
                     " deep; bahth accepts at most " + std::to_string(kMaxQueryNesting));
  }
  if (const std::size_t words = count_words(normalized); words > kMaxQueryWords) {
    throw UsageError("the query has " + std::to_string(words) + " words; bahth accepts at most " +
                     std::to_string(kMaxQueryWords));
  }
}

// The term prefix of the field named just before `word_begin` ("title:ab*"), "" for none.
std::string wildcard_field_prefix(std::string_view text, std::size_t word_begin) {
  if (word_begin == 0 || text[word_begin - 1] != ':') return {};
  const std::size_t name_end = word_begin - 1;
  std::size_t name_begin = name_end;
  while (name_begin > 0 && text[name_begin - 1] >= 'a' && text[name_begin - 1] <= 'z') --name_begin;
  const std::string_view field = text.substr(name_begin, name_end - name_begin);
  if (field == "title") return std::string(schema::kTitlePrefix);
  if (field == "caption") return std::string(schema::kCaptionPrefix);
  return {};
}

// Xapian caps each wildcard (kMaxWildcardExpansion) but not their sum: hundreds of short
// wildcards would OR together tens of thousands of terms. Counts the index's words each wildcard
// of the normalized query matches, stopping as soon as the total is over the cap.
void check_wildcard_expansion(std::string_view normalized, const Xapian::Database& db) {
  Xapian::termcount total = 0;
  for (WordTokenizer t(normalized); t.next();) {
    if (t.end() >= normalized.size() || normalized[t.end()] != '*') continue;
    const std::string prefix = wildcard_field_prefix(normalized, t.begin()) + std::string(t.word());
    Xapian::termcount matched = 0;
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
      if (++matched > kMaxWildcardExpansion) {
        throw UsageError("a wildcard in the query matches more than " +
                         std::to_string(kMaxWildcardExpansion) + " words; make it longer (" +
                         std::string(t.word()) + "*)");
      }
      if (++total > kMaxWildcardExpansionTotal) {
        throw UsageError("the wildcards in the query match more than " +
                         std::to_string(kMaxWildcardExpansionTotal) +
                         " words in all; bahth accepts at most " +
                         std::to_string(kMaxWildcardExpansionTotal));
      }
    }
  }
}

}  // namespace

namespace {

// Lists `surface` under `key` ("a/b" when several words give the key).
void add_typed(std::map<std::string, std::string>& words, const std::string& key,
               std::string_view surface) {
  std::string& listed = words[key];
  if (listed.find(surface) == std::string::npos) {
    listed += (listed.empty() ? "" : "/") + std::string(surface);
  }
}

// Drops the operators of a normalized query: normalize_query() keeps them as typed, and no
// normalized word reads as one (normalization lower-cases Latin).
std::string without_operators(std::string_view normalized) {
  std::string out;
  out.reserve(normalized.size());
  std::size_t i = 0;
  while (i < normalized.size()) {
    const std::size_t start = normalized.find_first_not_of(" \t\r\n", i);
    out.append(normalized.substr(i, std::min(start, normalized.size()) - i));
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(normalized.find_first_of(" \t\r\n", start), normalized.size());
    if (!is_operator(normalized.substr(start, end - start))) {
      out.append(normalized.substr(start, end - start));
    }
    i = end;
  }
  return out;
}

// Whether `node` weighs any word: a term that is no filter's (section, source, author, year,
// month, id), or a wildcard. The right side of AND_NOT and FILTER only keeps articles; value
// ranges (dates) only filter; an empty term is the query matching every article.
bool has_words(const Xapian::Query& node) {
  switch (node.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *node.get_terms_begin();
      return !term.empty() && !schema::is_filter_term(term);
    }
    case Xapian::Query::OP_WILDCARD:
      return true;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
      return node.get_num_subqueries() > 0 && has_words(node.get_subquery(0));
    default:
      for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
        if (has_words(node.get_subquery(i))) return true;
      }
      return false;
  }
}

}  // namespace

ParsedQuery read_query(std::string_view query, const Xapian::Database& db, const Analysis& analysis,
                       std::shared_ptr<WordLookups> lookups) {
  check_length(query, "");  // before normalizing, which costs time in proportion
  ParsedQuery parsed;
  parsed.typed = std::string(query);
  parsed.normalized = normalize_query(query, &parsed.chunks);
  parsed.question = is_question(parsed.typed, parsed.normalized);
  parsed.free_words = free_words(parsed.normalized, parsed.question);
  parsed.lookups = lookups != nullptr ? std::move(lookups)
                                      : std::make_shared<WordLookups>(db, analysis.analyzer());
  for (TermStream terms(analysis.analyzer(), parsed.typed); terms.next();) {
    add_typed(parsed.typed_by_stem, std::string(terms.term().stem), terms.term().surface);
    add_typed(parsed.typed_by_normalized, std::string(terms.term().normalized),
              terms.term().surface);
  }
  return parsed;
}

void build_query(ParsedQuery& parsed, const Xapian::Database& db, const Analysis& analysis,
                 std::optional<std::chrono::steady_clock::time_point> deadline,
                 QueryAdditions additions) {
  const std::string& normalized = parsed.normalized;
  check_limits(normalized);
  check_wildcard_expansion(normalized, db);
  ParsedQuery built;
  const auto range_error = std::make_shared<std::string>();
  try {
    built = parse_normalized(parsed, normalized, db, analysis, kParseFlags, range_error, deadline,
                             additions);
  } catch (const Xapian::QueryParserError& e) {
    if (!range_error->empty()) throw UsageError(*range_error);
    // A dangling or misplaced operator ("سوريا AND", "NOT"): read the words without the
    // operators, as a search engine's users expect, rather than fail.
    try {
      built = parse_normalized(parsed, without_operators(normalized), db, analysis,
                               kParseFlags & ~Xapian::QueryParser::FLAG_BOOLEAN, range_error,
                               deadline, additions);
    } catch (const Xapian::QueryParserError&) {
      throw UsageError("cannot read the query '" + parsed.typed + "': " + e.get_msg());
    }
  }
  if (built.query.empty()) {
    // Text in another encoding decodes to no letters at all: say so, or the user fixes the words.
    if (!is_valid_utf8(parsed.typed)) {
      throw UsageError(
          "the query is not UTF-8 text (its bytes are in another encoding?), so it has no words "
          "to search for");
    }
    throw UsageError("the query has no words to search for");
  }
  parsed.query = std::move(built.query);
  parsed.without_words = !has_words(parsed.query);
  parsed.words = query_words(parsed.query);
  parsed.warnings = std::move(built.warnings);
  parsed.transliterations = std::move(built.transliterations);
  parsed.near_spellings = std::move(built.near_spellings);
}

ParsedQuery parse_query(std::string_view query, const Xapian::Database& db,
                        const Analysis& analysis,
                        std::optional<std::chrono::steady_clock::time_point> deadline,
                        QueryAdditions additions) {
  ParsedQuery parsed = read_query(query, db, analysis);
  build_query(parsed, db, analysis, deadline, additions);
  return parsed;
}

std::optional<ParsedQuery> parse_if_it_finds(
    std::string_view query, const Xapian::Database& db, const Analysis& analysis,
    std::optional<std::chrono::steady_clock::time_point> deadline,
    std::shared_ptr<WordLookups> lookups) {
  try {
    ParsedQuery parsed = read_query(query, db, analysis, std::move(lookups));
    build_query(parsed, db, analysis, deadline);
    Xapian::Enquire enquire(db);
    set_positional_query(enquire, db, parsed.query);
    if (enquire.get_mset(0, 1).empty()) return std::nullopt;
    return parsed;
  } catch (const UsageError&) {
    return std::nullopt;
  }
}

bool finds_anything(std::string_view query, const Xapian::Database& db, const Analysis& analysis) {
  return parse_if_it_finds(query, db, analysis).has_value();
}

}  // namespace bahth::search
