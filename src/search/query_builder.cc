#include "query_builder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/error.h"
#include "expansion.h"
#include "schema/schema.h"
#include "spelling.h"

namespace bahth::search {
namespace {

bool is_operator(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kOperators{"AND", "OR",   "NOT",
                                                              "XOR", "NEAR", "ADJ"};
  for (std::string_view op : kOperators) {
    // NEAR/3 and ADJ/3 carry a window size.
    if (word == op ||
        (word.size() > op.size() && word.substr(0, op.size()) == op && word[op.size()] == '/')) {
      return true;
    }
  }
  return false;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// A term no document has (prefixes are upper case, and this one is followed by none of the
// digits a month term holds): a query that matches nothing yet is not empty.
const std::string kNoSuchTerm = std::string(schema::kMonthPrefix) + "-";

// Reads date ranges written in the query, "2018-03..2018-04", "2018..", "..2018-06-30", on the
// date slot. Each end may be partial and covers its whole year or month, as --since/--until do.
// A range it cannot read is recorded in `error` (the first one) and reported by parse_query():
// the QueryParser itself would only say "Unknown range operation".
class DateRangeProcessor final : public Xapian::RangeProcessor {
 public:
  DateRangeProcessor(Xapian::Database db, std::shared_ptr<std::string> error)
      : Xapian::RangeProcessor(schema::kDateSlot), db_(std::move(db)), error_(std::move(error)) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    const std::string range = begin + ".." + end;
    try {
      Xapian::Query dated = date_range_query(
          db_, begin.empty() ? "" : date_bound(begin, false, "date range " + range),
          end.empty() ? "" : date_bound(end, true, "date range " + range));
      // The parser takes an empty query for "not a range" and fails the whole query; a range
      // that no article falls in must rather filter out everything (no results, exit 0).
      return dated.empty() ? Xapian::Query(kNoSuchTerm) : dated;
    } catch (const UsageError& e) {
      if (error_ && error_->empty()) *error_ = e.what();
      return Xapian::Query(Xapian::Query::OP_INVALID);
    }
  }

 private:
  Xapian::Database db_;
  std::shared_ptr<std::string> error_;
};

// The QueryParser reads any "a..b" as a range, but some dots are an ellipsis: three or more
// ("سوريا..." or "سوريا…", which NFKC turns into three dots), or two in a word without digits
// ("سوريا.."). Blanks those so the word is searched as text; two dots next to a digit stay a
// range, so "2018/03..2019" is reported as a bad date rather than searched as words.
// Works on the normalized word at out[from, end).
void blank_ellipses(std::string& out, std::size_t from) {
  const bool has_digit = out.find_first_of("0123456789", from) != std::string::npos;
  for (std::size_t i = out.find("..", from); i != std::string::npos; i = out.find("..", i)) {
    std::size_t end = i;
    while (end < out.size() && out[end] == '.') ++end;
    if (end - i >= 3 || !has_digit) std::fill(out.begin() + i, out.begin() + end, ' ');
    i = end;
  }
}

// `id:X` finds the article whose id is X through the same term the indexer gave it, which for a
// long id is a hash (schema::id_term), not "Q" + X.
class IdFieldProcessor final : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& id) override {
    return Xapian::Query(schema::id_term(id));
  }
};

// Drops Arabic and English function words from free text; the parser keeps them inside
// phrases, and parse_query() puts them back when nothing else is left.
class Stopwords final : public Xapian::Stopper {
 public:
  bool operator()(const std::string& word) const override { return is_stopword(word); }
};

// section:NAME, with the Arabic names of the corpora's section codes accepted for the codes
// (section:رياضة is section:sport).
class SectionProcessor final : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& name) override {
    return Xapian::Query(schema::section_term(schema::section_alias(name)));
  }
};

Xapian::QueryParser make_parser(const Xapian::Database& db, StemmerKind stemmer,
                                bool with_stopwords,
                                const std::shared_ptr<std::string>& range_error = nullptr,
                                bool wildcards_on_stems = false) {
  Xapian::QueryParser parser;
  if (wildcards_on_stems) {
    // A word that is its own stem is indexed only as its stem term (schema::exact_term), so a
    // wildcard is expanded over the exact words and over the stems. Only for queries with a
    // wildcard: every other word of the query then also looks up a "ZZ" term no index holds.
    parser.add_prefix("", "");
    parser.add_prefix("", std::string(schema::kStemPrefix));
  }
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.set_stemmer(schema::make_xapian_stem(stemmer));
  // Stems carry the positions in the index (schema.h), so phrases and NEAR are stemmed too.
  parser.set_stemming_strategy(stemmer == StemmerKind::none ? Xapian::QueryParser::STEM_NONE
                                                            : Xapian::QueryParser::STEM_ALL_Z);
  if (with_stopwords) {
    parser.set_stopper((new Stopwords())->release());
  }
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.add_prefix("caption", std::string(schema::kCaptionPrefix));
  parser.add_boolean_prefix("section", (new SectionProcessor())->release());
  parser.add_boolean_prefix("source", std::string(schema::kSourcePrefix));
  parser.add_boolean_prefix("year", std::string(schema::kYearPrefix));
  parser.add_boolean_prefix("id", (new IdFieldProcessor())->release());
  parser.add_rangeprocessor((new DateRangeProcessor(db, range_error))->release());
  parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
  return parser;
}

constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT;

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::string date_bound(std::string_view date, bool end, std::string_view what) {
  const std::size_t n = date.size();
  const bool shape_ok =
      (n == 4 && all_digits(date)) ||
      (n == 7 && all_digits(date.substr(0, 4)) && date[4] == '-' &&
       all_digits(date.substr(5, 2))) ||
      (n == 10 && all_digits(date.substr(0, 4)) && date[4] == '-' &&
       all_digits(date.substr(5, 2)) && date[7] == '-' && all_digits(date.substr(8, 2)));
  const std::string month = n >= 7 ? std::string(date.substr(5, 2)) : (end ? "12" : "01");
  const std::string day = n >= 10 ? std::string(date.substr(8, 2)) : (end ? "31" : "01");
  if (!shape_ok || month < "01" || month > "12" || day < "01" || day > "31" ||
      (n == 10 && std::stoi(day) >
                      days_in_month(std::stoi(std::string(date.substr(0, 4))), std::stoi(month)))) {
    throw UsageError(std::string(what) + ": " + std::string(date) +
                     " is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  // "2018-02" ends on "20180231": no such day, but every February date sorts before it.
  return std::string(date.substr(0, 4)) + month + day;
}

namespace {

// The date value between `low` and `high` (either may be open).
Xapian::Query date_value_range(const std::string& low, const std::string& high) {
  if (high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, low);
  if (low.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, high);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, low, high);
}

// True if [low, high] (YYYYMMDD, empty = open) holds all of [first, last].
bool covers(const std::string& low, const std::string& high, const std::string& first,
            const std::string& last) {
  return (low.empty() || low <= first) && (high.empty() || high >= last);
}

}  // namespace

// Why terms rather than one VALUE_RANGE on the date slot: Xapian then reads the date of every
// dated article, and next to a phrase in the query that made a search ten times slower (16 ms
// instead of 1.8 ms on 30,758 articles, "... \"احتجاز الحريري\" 2018-03..2018-06").
Xapian::Query date_range_query(const Xapian::Database& db, const std::string& low,
                               const std::string& high) {
  const std::string prefix(schema::kMonthPrefix);
  std::vector<Xapian::Query> parts;
  std::string whole_year;  // the last year taken by its year term: its months are in it
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    const std::string month = (*term).substr(prefix.size());  // YYYYMM
    if (month.size() != 6 || !all_digits(month)) continue;
    const std::string year = month.substr(0, 4);
    const std::string first = month + "01";
    const std::string last = month + "31";  // sorts after the last day of any month
    if (year == whole_year || !(low.empty() || low <= last) || !(high.empty() || high >= first)) {
      continue;
    }
    if (covers(low, high, year + "0101", year + "1231")) {
      parts.emplace_back(std::string(schema::kYearPrefix) + year);
      whole_year = year;
    } else if (covers(low, high, first, last)) {
      parts.emplace_back(*term);
    } else {
      parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(*term),
                         date_value_range(low, high));
    }
  }
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

double idf_share(const Xapian::Database& db, const std::string& term) {
  const double documents = db.get_doccount();
  const double frequency = db.get_termfreq(term);
  if (documents < 2 || frequency == 0) return 1.0;
  return std::log(documents / frequency) / std::log(documents);
}

std::string normalize_query(std::string_view query, bool keep_operators) {
  std::string out;
  out.reserve(query.size());
  std::size_t i = 0;
  while (i < query.size()) {
    const std::size_t start = query.find_first_not_of(" \t\r\n", i);
    out.append(query.substr(i, (start == std::string_view::npos ? query.size() : start) - i));
    if (start == std::string_view::npos) break;
    std::size_t end = query.find_first_of(" \t\r\n", start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view word = query.substr(start, end - start);
    if (is_operator(word)) {
      if (keep_operators) out.append(word);
    } else if (word.starts_with("id:")) {
      out.append(word);  // an id is matched exactly as the article gave it, case included
    } else {
      const std::size_t word_start = out.size();
      normalize_append(word, out);
      blank_ellipses(out, word_start);
    }
    i = end;
  }
  return out;
}

namespace {

// The free-text words of a normalized query, in order: not operators, field names, wildcards,
// words with digits, stopwords, or words inside quotes.
std::vector<std::string> free_words(std::string_view normalized) {
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
          word.find_first_of("0123456789") != std::string_view::npos) {
        continue;
      }
      words.emplace_back(word);
    }
  }
  return words;
}

// Index words one edit away from the query words the index does not hold (spelling.h's
// near_spelling_terms), each word's as one OP_SYNONYM at a reduced weight; empty when none.
Xapian::Query near_spellings(const std::vector<std::string>& words, const Xapian::Database& db,
                             StemmerKind stemmer) {
  const Analyzer analyzer = schema::make_analyzer(stemmer);
  std::vector<Xapian::Query> parts;
  for (const std::string& word : words) {
    const std::vector<std::string> terms =
        near_spelling_terms(word, db, analyzer, stemmer != StemmerKind::none);
    if (terms.empty()) continue;
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
                       kNearSpellingWeight);
  }
  if (parts.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// The exact-word bonus of each term, scaled by its IDF relative to the largest possible
// (log N): an exact match of a common word says little, and an unscaled bonus let a distractor
// that repeats a common word as typed outrank an answer that holds a rare word only in another
// form (bench/RESULTS.md). Needs the query's terms: a query with a wildcard keeps the plain bonus.
// A word that is its own stem is looked up as its stem term (schema::exact_term), which is all
// the index holds of it.
Xapian::Query idf_scaled(const Xapian::Query& exact, const Xapian::Database& db,
                         StemmerKind stemmer) {
  if (db.get_doccount() < 2) return exact;
  const Analyzer analyzer = schema::make_analyzer(stemmer);
  std::vector<Xapian::Query> parts;
  for (auto t = exact.get_unique_terms_begin(); t != exact.get_unique_terms_end(); ++t) {
    if (schema::is_filter_term(*t)) continue;
    std::string term = *t;
    const auto first = static_cast<unsigned char>(term.front());
    if (!(first >= 'A' && first <= 'Z')) {
      const std::vector<std::string> stems = analyzer.stems(term);
      if (stems.size() == 1) term = schema::exact_term(term, stems.front());
    }
    if (db.get_termfreq(term) == 0) continue;
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), idf_share(db, term));
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

ParsedQuery parse_normalized(const std::string& normalized, const Xapian::Database& db,
                             StemmerKind stemmer, unsigned flags,
                             const std::shared_ptr<std::string>& range_error) {
  ParsedQuery parsed;
  bool with_stopwords = true;
  const bool wildcards_on_stems =
      stemmer != StemmerKind::none && normalized.find('*') != std::string::npos;
  Xapian::QueryParser parser =
      make_parser(db, stemmer, with_stopwords, range_error, wildcards_on_stems);
  parsed.query = parser.parse_query(normalized, flags);
  if (parsed.query.empty()) {
    // Only stopwords (في, من, the...): search for them rather than for nothing.
    with_stopwords = false;
    parser = make_parser(db, stemmer, with_stopwords, range_error, wildcards_on_stems);
    parsed.query = parser.parse_query(normalized, flags);
  }
  // Only where OR adds matches anyway: with AND, NOT, +word or -word they must hold as written.
  if (!restricts_matches(normalized)) {
    if (Xapian::Query near = near_spellings(free_words(normalized), db, stemmer); !near.empty()) {
      parsed.query = Xapian::Query(Xapian::Query::OP_OR, parsed.query, near);
    }
  }
  if (stemmer != StemmerKind::none) {
    // The same query on the exact normalized words adds weight to documents that use the words
    // as typed; AND_MAYBE keeps the stemmed query's matches exactly, so NOT and AND still hold.
    // Quotes are read as plain words there: a phrase is already in the stemmed query (QueryParser
    // keeps phrase words unstemmed), and checking its positions again for every candidate of
    // AND_MAYBE made queries with a quoted phrase ten times slower (30 ms instead of 3).
    Xapian::QueryParser exact = make_parser(db, stemmer, with_stopwords, range_error);
    exact.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    const unsigned exact_flags = flags & ~unsigned{Xapian::QueryParser::FLAG_PHRASE};
    Xapian::Query bonus = exact.parse_query(normalized, exact_flags);
    if (normalized.find('*') == std::string::npos) bonus = idf_scaled(bonus, db, stemmer);
    parsed.query =
        Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, bonus, kExactMatchBonus));
  }
  return parsed;
}

}  // namespace

namespace {

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  for (WordTokenizer t(text); t.next();) ++words;
  return words;
}

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
    const std::string field = wildcard_field_prefix(normalized, t.begin());
    // An unprefixed wildcard is also expanded over the stems (make_parser's wildcards_on_stems),
    // each expansion capped on its own by Xapian; an index without stems has no "Z" terms.
    std::vector<std::string> prefixes{field + std::string(t.word())};
    if (field.empty()) prefixes.push_back(std::string(schema::kStemPrefix) + std::string(t.word()));
    for (const std::string& prefix : prefixes) {
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
}

}  // namespace

ParsedQuery parse_query(std::string_view query, const Xapian::Database& db, StemmerKind stemmer) {
  check_length(query, "");  // before normalizing, which costs time in proportion
  const std::string normalized = normalize_query(query);
  check_limits(normalized);
  check_wildcard_expansion(normalized, db);
  ParsedQuery parsed;
  const auto range_error = std::make_shared<std::string>();
  try {
    parsed = parse_normalized(normalized, db, stemmer, kParseFlags, range_error);
  } catch (const Xapian::QueryParserError& e) {
    if (!range_error->empty()) throw UsageError(*range_error);
    // A dangling or misplaced operator ("سوريا AND", "NOT"): read the words without the
    // operators, as a search engine's users expect, rather than fail.
    try {
      parsed = parse_normalized(normalize_query(query, false), db, stemmer,
                                kParseFlags & ~Xapian::QueryParser::FLAG_BOOLEAN, range_error);
    } catch (const Xapian::QueryParserError&) {
      throw UsageError("cannot read the query '" + std::string(query) + "': " + e.get_msg());
    }
  }
  if (parsed.query.empty()) {
    throw UsageError("the query has no words to search for");
  }
  return parsed;
}

namespace {

// Words of `chunk` (a run of the query without spaces) that spelling may correct: not a field
// name (title:), not a wildcard (word*), nothing with a digit (2018, 1994م).
std::vector<std::pair<std::size_t, std::size_t>> correctable_words(std::string_view chunk) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (WordTokenizer t(chunk); t.next();) {
    const char after = t.end() < chunk.size() ? chunk[t.end()] : ' ';
    if (after == ':' || after == '*') continue;
    if (t.word().find_first_of("0123456789") != std::string_view::npos) continue;
    spans.emplace_back(t.begin(), t.end());
  }
  return spans;
}

// A query with more unknown words than this is rather in another language or field than
// misspelled; looking for corrections of each would only cost time.
constexpr std::size_t kMaxCorrectedWords = 4;

bool finds_something(const std::string& query, const Xapian::Database& db, StemmerKind stemmer) {
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(parse_query(query, db, stemmer).query);
    return !enquire.get_mset(0, 1).empty();
  } catch (const UsageError&) {
    return false;
  }
}

}  // namespace

// Only words the index has never seen, as written or through their stem, are corrected: a word
// the index holds, however rare, was written that way by someone, and "correcting" it would
// hide the articles that use it. This is cheap to ask (two term lookups a word), so the searcher
// asks on every query, not only on those that find nothing: with OR, one misspelled word among
// good ones still finds results, from the other words alone.
std::string suggest_correction(std::string_view query, const Xapian::Database& db,
                               StemmerKind stemmer, bool query_found_nothing) {
  // Each word costs lookups in the index: nobody needs a "did you mean" for a pasted paragraph.
  // Counted after normalization, as parse_query() counts them.
  if (query.size() > kMaxQueryBytes) return {};
  const std::string normalized = normalize_query(query);
  if (count_words(normalized) > kMaxWordsToCorrect) return {};
  const Analyzer analyzer = schema::make_analyzer(stemmer);
  std::string corrected;
  bool changed = false;
  std::size_t unknown = 0;
  std::size_t i = 0;
  while (i < normalized.size()) {
    const std::size_t start = normalized.find_first_not_of(" \t\r\n", i);
    if (start == std::string::npos) break;
    std::size_t end = normalized.find_first_of(" \t\r\n", start);
    if (end == std::string::npos) end = normalized.size();
    corrected.append(normalized, i, start - i);
    const std::string_view chunk = std::string_view(normalized).substr(start, end - start);
    std::size_t at = 0;
    if (!is_operator(chunk)) {
      for (const auto& [begin, stop] : correctable_words(chunk)) {
        const std::string_view word = chunk.substr(begin, stop - begin);
        corrected.append(chunk.substr(at, begin - at));
        at = stop;
        std::vector<WordCandidate> candidates;
        if (!index_knows(word, db, analyzer) && unknown++ < kMaxCorrectedWords) {
          candidates = spelling_candidates(word, db, analyzer, query_found_nothing);
        }
        corrected.append(candidates.empty() ? std::string(word) : candidates.front().word);
        changed = changed || !candidates.empty();
      }
    }
    corrected.append(chunk.substr(at));
    i = end;
  }
  if (!changed || !finds_something(corrected, db, stemmer)) return {};
  return corrected;
}

}  // namespace bahth::search
