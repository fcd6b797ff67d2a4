#include "query_builder.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/error.h"
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

// Drops Arabic and English function words from free text; the parser keeps them inside
// phrases, and parse_query() puts them back when nothing else is left.
class Stopwords final : public Xapian::Stopper {
 public:
  bool operator()(const std::string& word) const override { return is_stopword(word); }
};

Xapian::QueryParser make_parser(const Xapian::Database& db, StemmerKind stemmer,
                                bool with_stopwords) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.set_stemmer(schema::make_xapian_stem(stemmer));
  parser.set_stemming_strategy(stemmer == StemmerKind::none ? Xapian::QueryParser::STEM_NONE
                                                            : Xapian::QueryParser::STEM_SOME);
  if (with_stopwords) {
    parser.set_stopper((new Stopwords())->release());
  }
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.add_prefix("caption", std::string(schema::kCaptionPrefix));
  parser.add_boolean_prefix("section", std::string(schema::kSectionPrefix));
  parser.add_boolean_prefix("year", std::string(schema::kYearPrefix));
  parser.add_boolean_prefix("id", std::string(schema::kIdPrefix));
  parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
  return parser;
}

constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT;

}  // namespace

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
    } else {
      normalize_append(word, out);
    }
    i = end;
  }
  return out;
}

namespace {

ParsedQuery parse_normalized(const std::string& normalized, const Xapian::Database& db,
                             StemmerKind stemmer, unsigned flags) {
  ParsedQuery parsed;
  bool with_stopwords = true;
  Xapian::QueryParser parser = make_parser(db, stemmer, with_stopwords);
  parsed.query = parser.parse_query(normalized, flags);
  if (parsed.query.empty()) {
    // Only stopwords (في, من, the...): search for them rather than for nothing.
    with_stopwords = false;
    parser = make_parser(db, stemmer, with_stopwords);
    parsed.query = parser.parse_query(normalized, flags);
  }
  if (stemmer != StemmerKind::none) {
    // The same query on the exact normalized words adds weight to documents that use the words
    // as typed; AND_MAYBE keeps the stemmed query's matches exactly, so NOT and AND still hold.
    Xapian::QueryParser exact = make_parser(db, stemmer, with_stopwords);
    exact.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    parsed.query =
        Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                    exact.parse_query(normalized, flags), kExactMatchBonus));
  }
  return parsed;
}

}  // namespace

ParsedQuery parse_query(std::string_view query, const Xapian::Database& db, StemmerKind stemmer) {
  ParsedQuery parsed;
  try {
    parsed = parse_normalized(normalize_query(query), db, stemmer, kParseFlags);
  } catch (const Xapian::QueryParserError& e) {
    // A dangling or misplaced operator ("سوريا AND", "NOT"): read the words without the
    // operators, as a search engine's users expect, rather than fail.
    try {
      parsed = parse_normalized(normalize_query(query, false), db, stemmer,
                                kParseFlags & ~Xapian::QueryParser::FLAG_BOOLEAN);
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
  const std::string normalized = normalize_query(query);
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
