#include "query_builder.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/error.h"
#include "schema/schema.h"

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

void check_limits(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    throw UsageError("the query is " + std::to_string(query.size()) +
                     " bytes long; bahth accepts at most " + std::to_string(kMaxQueryBytes));
  }
  if (const std::size_t depth = parenthesis_depth(query); depth > kMaxQueryNesting) {
    throw UsageError("the query nests parentheses " + std::to_string(depth) +
                     " deep; bahth accepts at most " + std::to_string(kMaxQueryNesting));
  }
  std::size_t words = 0;
  for (WordTokenizer t(query); t.next();) ++words;
  if (words > kMaxQueryWords) {
    throw UsageError("the query has " + std::to_string(words) + " words; bahth accepts at most " +
                     std::to_string(kMaxQueryWords));
  }
}

}  // namespace

ParsedQuery parse_query(std::string_view query, const Xapian::Database& db, StemmerKind stemmer) {
  check_limits(query);
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

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  for (WordTokenizer t(text); t.next();) words.push_back(t.word());
  return words;
}

// True when `corrected` only puts the article ال in front of words of `original` (or changes
// nothing): Xapian's nearest spelling is often the same word with ال, which is no correction,
// since the analysis already finds both.
bool only_adds_article(std::string_view original, std::string_view corrected) {
  const std::vector<std::string_view> a = words_of(original);
  const std::vector<std::string_view> b = words_of(corrected);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && !(b[i].size() == a[i].size() + 4 && b[i].substr(0, 4) == "\u0627\u0644" &&
                          b[i].substr(4) == a[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string suggest_correction(std::string_view query, const Xapian::Database& db,
                               StemmerKind stemmer) {
  // Each word costs a scan of the spelling table: 10,000 words took seconds, and nobody needs a
  // "did you mean" for a pasted paragraph.
  if (words_of(query).size() > kMaxWordsToCorrect) return {};
  const std::string normalized = normalize_query(query);
  std::string corrected;
  try {
    Xapian::QueryParser parser = make_parser(db, stemmer, false);
    parser.parse_query(normalized, kParseFlags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    corrected = parser.get_corrected_query_string();
  } catch (const Xapian::QueryParserError&) {
    return {};
  }
  if (corrected.empty() || only_adds_article(normalized, corrected)) return {};
  return corrected;
}

}  // namespace bahth::search
