// Latin-letter and Arabizi query words matched to the index's Arabic spellings.
#include "transliteration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
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
  for (const std::string& match : matches) spellings.push_back(spelling_query(split.prefix, match));
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

Xapian::Query walk_query(const Xapian::Query& query, Walk& walk) {
  auto words = [&](const Xapian::Query& node) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    return term_with_transliterations(node, walk);
  };
  return rewrite_query(query, words, /*into_synonyms=*/true);
}

bool is_phrase(std::string_view match) {
  return match.find(kPhraseSeparator) != std::string_view::npos;
}

// `match` cut at each kPhraseSeparator.
std::vector<std::string_view> match_stems(std::string_view match) {
  std::vector<std::string_view> stems;
  for (std::size_t end = match.find(kPhraseSeparator); end != std::string_view::npos;
       end = match.find(kPhraseSeparator)) {
    stems.push_back(match.substr(0, end));
    match.remove_prefix(end + 1);
  }
  stems.push_back(match);
  return stems;
}

// A stem of the index sharing a key with a Latin word: lower scores are closer spellings.
struct KeyMatch {
  double score;
  Xapian::doccount docs;
  std::string stem;
};

// The stems of `db` in at least `min_docs` articles that share a key (latin_word_keys, of at
// least `min_consonants` consonants) with `latin`, no further than kMaxLatinSpellingDistance
// from its rendering, best first: every stem under the letters a key may start with (a few
// thousand terms), ranked by how close a spelling it is, then by articles. And the rendering as
// `analyzer` stems it, when that cuts an ending off it, at distance 0: the index holds stems,
// and the stemmer may cut a name's ending as it cuts a suffix (كوربين → كورب, بولتون → بولت),
// so that no key of the whole rendering finds it. Only the stem itself: it is what the rendering
// typed in Arabic would find, where its neighbours (قرب) are other words. A cut at the front
// (بينس → ينس, Pence: ب read as "with") is no name's.
std::vector<KeyMatch> key_matches(std::string_view latin, const Xapian::Database& db,
                                  const Analyzer& analyzer, Xapian::doccount min_docs,
                                  std::size_t min_consonants) {
  std::vector<KeyMatch> found;
  const std::vector<std::string> keys = latin_word_keys(latin, min_consonants);
  if (keys.empty()) return found;
  const std::string rendering = latin_to_arabic(latin);
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
  if (const std::vector<std::string> cut = analyzer.stems(rendering);
      cut.size() == 1 && cut.front().size() < rendering.size() &&
      rendering.starts_with(cut.front())) {
    const Xapian::doccount docs =
        db.get_termfreq(std::string(schema::kStemPrefix).append(cut.front()));
    if (docs >= min_docs && docs > 0) {
      found.push_back({-kLatinFrequencyWeight * std::log10(docs), docs, cut.front()});
    }
  }
  std::sort(found.begin(), found.end(), [](const KeyMatch& a, const KeyMatch& b) {
    return a.score != b.score ? a.score < b.score : a.stem < b.stem;
  });
  // A stem met twice (under both prefixes, or cut and by a key) is listed once, at its best.
  std::vector<KeyMatch> unique;
  for (KeyMatch& m : found) {
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const KeyMatch& u) { return u.stem == m.stem; })) {
      unique.push_back(std::move(m));
    }
  }
  return unique;
}

// For a Latin word that is a compound name (analysis/transliteration.h: Abdelmalek, Nasrallah,
// Salahuddin), the phrases of its shared word and of a stem close to its rest that `db` holds
// in at least `min_docs` articles: the kMaxCompoundCandidates closest stems of the rest are
// tried, in that order. The phrase is what makes the match: a rest of one consonant (Ezzeddine:
// عز) is looked for too.
std::vector<std::string> compound_matches(std::string_view latin, const Xapian::Database& db,
                                          const Analyzer& analyzer, Xapian::doccount min_docs) {
  std::vector<std::string> out;
  const std::optional<CompoundName> compound = compound_name(latin);
  if (!compound) return out;
  const std::vector<std::string> shared = analyzer.stems(compound->shared);
  if (shared.size() != 1) return out;
  const std::vector<KeyMatch> rest =
      key_matches(compound->rest, db, analyzer, kMinTransliterationDocs, 1);
  for (std::size_t i = 0; i < rest.size() && i < kMaxCompoundCandidates; ++i) {
    const std::string& first = compound->shared_first ? shared.front() : rest[i].stem;
    const std::string& second = compound->shared_first ? rest[i].stem : shared.front();
    std::string phrase = first;
    phrase.append(1, kPhraseSeparator).append(second);
    if (std::find(out.begin(), out.end(), phrase) == out.end() &&
        spelling_docs(db, phrase, min_docs) >= min_docs) {
      out.push_back(std::move(phrase));
    }
  }
  return out;
}

}  // namespace

Xapian::Query spelling_query(std::string_view prefix, std::string_view match) {
  if (!is_phrase(match)) return Xapian::Query(std::string(prefix).append(match));
  std::vector<Xapian::Query> terms;
  for (const std::string_view stem : match_stems(match)) {
    terms.emplace_back(std::string(prefix).append(stem));
  }
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

Xapian::doccount spelling_docs(const Xapian::Database& db, std::string_view match,
                               Xapian::doccount at_least) {
  if (!is_phrase(match)) return db.get_termfreq(std::string(schema::kStemPrefix).append(match));
  // Counting every article would check the phrase's positions in each that holds its words
  // (حزب and الله: thousands); `at_least` of them settle whether it is searched at all.
  Xapian::Enquire enquire(db);
  enquire.set_query(spelling_query(schema::kStemPrefix, match));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet counted = enquire.get_mset(0, 0, at_least);
  return counted.get_matches_lower_bound() < at_least ? counted.get_matches_lower_bound()
                                                      : counted.get_matches_estimated();
}

std::vector<std::string> exonym_matches(std::string_view latin, const Xapian::Database& db,
                                        const Analyzer& analyzer, Xapian::doccount min_docs,
                                        std::vector<std::string>& shown) {
  shown.clear();
  struct Match {
    std::string stems;  // a stem, or a phrase's stems (kPhraseSeparator between)
    Xapian::doccount docs;
  };
  std::vector<Match> out;
  auto listed = [&out](const std::string& stems) {
    return std::any_of(out.begin(), out.end(), [&](const Match& m) { return m.stems == stems; });
  };
  for (const std::string_view spelling : exonym_spellings(latin)) {
    std::string stems;
    for (const std::string& stem : analyzer.stems(spelling)) {
      stems.append(stems.empty() ? "" : std::string(1, kPhraseSeparator)).append(stem);
    }
    if (stems.empty()) continue;
    const Xapian::doccount docs = spelling_docs(db, stems, min_docs);
    if (docs < min_docs) continue;
    shown.emplace_back(spelling);
    if (!listed(stems)) out.push_back({std::move(stems), docs});
  }
  // The table's own spellings first, then what the index learned for its one-word ones, within
  // the limit (the learner pairs words, not phrases).
  const std::size_t from_table = out.size();
  for (std::size_t i = 0; i < from_table; ++i) {
    if (is_phrase(out[i].stems)) continue;
    for (std::string& stem : variant_group(db, out[i].stems)) {
      if (out.size() < kMaxTransliterationMatches && !listed(stem)) {
        const Xapian::doccount docs = spelling_docs(db, stem, min_docs);
        out.push_back({std::move(stem), docs});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Match& a, const Match& b) { return a.docs > b.docs; });
  std::vector<std::string> matches;
  matches.reserve(out.size());
  for (Match& m : out) matches.push_back(std::move(m.stems));
  return matches;
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
  std::vector<std::string> out;
  // The best spellings only (ترامب and ترمب for Trump).
  const std::vector<KeyMatch> found = key_matches(latin, db, analyzer, min_docs, 2);
  for (const KeyMatch& m : found) {
    if (out.size() == kMaxTransliterationMatches ||
        m.score > found.front().score + kMaxLatinScoreMargin) {
      break;
    }
    out.push_back(m.stem);
  }
  const std::size_t closest = out.size();
  // A name of two Arabic words (Abdelmalek عبد الملك, Nasrallah نصر الله), then the spellings
  // the index learned for the closest ones.
  for (std::string& phrase : compound_matches(latin, db, analyzer, min_docs)) {
    if (out.size() < kMaxTransliterationMatches) out.push_back(std::move(phrase));
  }
  for (std::size_t i = 0; i < closest; ++i) {
    for (std::string& variant : schema::read_variants(db, out[i])) {
      if (out.size() < kMaxTransliterationMatches &&
          std::find(out.begin(), out.end(), variant) == out.end()) {
        out.push_back(std::move(variant));
      }
    }
  }
  // Shown to the user most articles first: the index's usual spelling leads.
  std::vector<std::pair<Xapian::doccount, std::string>> by_docs;
  by_docs.reserve(out.size());
  for (std::string& match : out) by_docs.emplace_back(spelling_docs(db, match, min_docs), match);
  std::stable_sort(by_docs.begin(), by_docs.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  out.clear();
  for (auto& [docs, match] : by_docs) out.push_back(std::move(match));
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
