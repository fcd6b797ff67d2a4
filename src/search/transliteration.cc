// Latin-letter and Arabizi query words matched to the index's Arabic spellings.
#include "transliteration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/exonyms.h"
#include "analysis/transliteration.h"
#include "query_rewrite.h"
#include "schema/schema.h"
#include "variants.h"

namespace bahth::search {
namespace {

struct Walk {
  const Xapian::Database& db;
  const Analyzer& analyzer;
  std::vector<Transliteration>& found;
  std::vector<Transliteration> looked_up;  // every word looked up, matched or not
};

const std::vector<std::string>& matches_of(std::string_view word, Walk& walk) {
  for (const Transliteration& t : walk.looked_up) {
    if (t.word == word) return t.matches;
  }
  static const std::vector<std::string> kNone;
  if (walk.looked_up.size() >= kMaxTransliteratedWords) return kNone;
  Transliteration& t = walk.looked_up.emplace_back();
  t.word = word;
  t.matches = transliteration_matches(word, walk.db, walk.analyzer, t.shown);
  if (!t.matches.empty()) walk.found.push_back(t);
  return t.matches;
}

Xapian::Query term_with_transliterations(const Xapian::Query& leaf, Walk& walk) {
  const std::string term = *leaf.get_terms_begin();
  const schema::SplitTerm split = schema::split_term(term);
  if (split.prefix.substr(0, schema::kStemPrefix.size()) != schema::kStemPrefix) return leaf;
  if (!is_latin_word(split.word)) return leaf;
  const std::vector<std::string>& matches = matches_of(split.word, walk);
  if (matches.empty()) return leaf;
  std::vector<Xapian::Query> spellings{leaf};
  for (const std::string& stem : matches) {
    spellings.emplace_back(std::string(split.prefix).append(stem));
  }
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

Xapian::Query walk_query(const Xapian::Query& query, Walk& walk) {
  auto words = [&](const Xapian::Query& node) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    return term_with_transliterations(node, walk);
  };
  return rewrite_query(query, words, /*into_synonyms=*/true);
}

}  // namespace

std::vector<std::string> exonym_matches(std::string_view latin, const Xapian::Database& db,
                                        const Analyzer& analyzer, Xapian::doccount min_docs,
                                        std::vector<std::string>& shown) {
  shown.clear();
  std::vector<std::string> out;
  const std::string prefix(schema::kStemPrefix);
  for (const std::string_view spelling : exonym_spellings(latin)) {
    const std::vector<std::string> stems = analyzer.stems(spelling);
    if (stems.size() != 1 || db.get_termfreq(prefix + stems.front()) < min_docs) continue;
    shown.emplace_back(spelling);
    if (std::find(out.begin(), out.end(), stems.front()) == out.end()) out.push_back(stems.front());
  }
  // The table's own spellings first, then what the index learned for them, within the limit.
  const std::size_t listed = out.size();
  for (std::size_t i = 0; i < listed; ++i) {
    for (std::string& stem : variant_group(db, out[i])) {
      if (out.size() < kMaxTransliterationMatches &&
          std::find(out.begin(), out.end(), stem) == out.end()) {
        out.push_back(std::move(stem));
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
    return db.get_termfreq(prefix + a) > db.get_termfreq(prefix + b);
  });
  return out;
}

std::vector<std::string> transliteration_matches(std::string_view latin, const Xapian::Database& db,
                                                 const Analyzer& analyzer,
                                                 std::vector<std::string>& shown) {
  shown.clear();
  const std::string latin_term = std::string(schema::kStemPrefix).append(latin);
  const Xapian::doccount latin_docs = db.get_termfreq(latin_term);
  if (latin_docs >= kFrequentLatinDocs &&
      latin_docs >= kFrequentLatinShare * static_cast<double>(db.get_doccount())) {
    return {};
  }
  const Xapian::doccount min_docs =
      std::max(kMinTransliterationDocs, kLatinFrequencyFactor * latin_docs + 1);
  // A name English writes its own way (Aleppo حلب): no rule finds it, the table does.
  if (std::vector<std::string> named = exonym_matches(latin, db, analyzer, min_docs, shown);
      !named.empty()) {
    return named;
  }
  const std::vector<std::string> keys = latin_word_keys(latin);
  if (keys.empty()) return {};
  const std::string rendering = latin_to_arabic(latin);
  // Every stem of the index under the letters a key may start with (a few thousand terms), those
  // sharing a key ranked by how close a spelling they are, then by articles.
  struct Match {
    double score;  // lower is better
    Xapian::doccount docs;
    std::string stem;
  };
  std::vector<Match> found;
  // Some names keep their ال in the stem (اليمن, الموصل): those are read after it too.
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال
  for (const std::string& letter : key_first_letters(keys)) {
    for (const std::string_view before : {std::string_view(), kArticle}) {
      const std::string prefix = std::string(schema::kStemPrefix).append(before).append(letter);
      for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const Xapian::doccount docs = t.get_termfreq();
        if (docs < min_docs) continue;
        const std::string term = *t;
        const std::string_view stem = std::string_view(term).substr(schema::kStemPrefix.size());
        const std::string_view name = stem.substr(before.size());
        if (std::find(keys.begin(), keys.end(), latin_match_key(name)) == keys.end()) continue;
        const double distance = latin_spelling_distance(rendering, name);
        if (distance > kMaxLatinSpellingDistance) continue;
        found.push_back(
            {distance - kLatinFrequencyWeight * std::log10(docs), docs, std::string(stem)});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
    return a.score != b.score ? a.score < b.score : a.stem < b.stem;
  });
  // The best spellings only (ترامب and ترمب for Trump), then those the index learned for them.
  std::vector<std::string> out;
  for (const Match& m : found) {
    if (out.size() == kMaxTransliterationMatches ||
        m.score > found.front().score + kMaxLatinScoreMargin) {
      break;
    }
    out.push_back(m.stem);
  }
  const std::size_t closest = out.size();
  for (std::size_t i = 0; i < closest; ++i) {
    for (std::string& variant : schema::read_variants(db, out[i])) {
      if (out.size() < kMaxTransliterationMatches &&
          std::find(out.begin(), out.end(), variant) == out.end()) {
        out.push_back(std::move(variant));
      }
    }
  }
  // Shown to the user most articles first: the index's usual spelling leads.
  std::stable_sort(out.begin(), out.end(), [&db](const std::string& a, const std::string& b) {
    const std::string prefix(schema::kStemPrefix);
    return db.get_termfreq(prefix + a) > db.get_termfreq(prefix + b);
  });
  return out;
}

Xapian::Query with_transliterations(const Xapian::Query& query, const Xapian::Database& db,
                                    const Analyzer& analyzer, std::vector<Transliteration>& found) {
  Walk walk{db, analyzer, found, {}};
  return walk_query(query, walk);
}

std::string typed_form(std::string_view query, std::string_view word) {
  if (word.empty() || query.size() < word.size()) return std::string(word);
  for (std::size_t i = 0; i + word.size() <= query.size(); ++i) {
    bool same = true;
    for (std::size_t j = 0; j < word.size() && same; ++j) {
      same = std::tolower(static_cast<unsigned char>(query[i + j])) ==
             static_cast<unsigned char>(word[j]);
    }
    if (same) return std::string(query.substr(i, word.size()));
  }
  return std::string(word);
}

}  // namespace bahth::search
