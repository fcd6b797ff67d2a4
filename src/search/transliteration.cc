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
#include "phrase_check.h"
#include "query_rewrite.h"
#include "schema/schema.h"
#include "variants.h"

namespace bahth::search {
namespace {

// A stem of the index sharing a key with a Latin word: lower scores are closer spellings.
struct KeyMatch {
  double score;     // distance less kLatinFrequencyWeight × log10(docs)
  double distance;  // latin_spelling_distance, and common_word_cost
  Xapian::doccount docs;
  std::string stem;
  bool short_key = false;  // found by a key of one consonant only (latin_word_keys)
};

struct Walk {
  const Xapian::Database& db;
  const Analyzer& analyzer;
  std::vector<Transliteration>& found;
  std::vector<Transliteration> looked_up;  // every word looked up, matched or not
  // The stems a word of a pair was scanned for (scan_key_matches, one consonant), kept for the
  // word's own look-up when the pair names nothing: the index's words are read once.
  std::vector<std::pair<std::string, std::vector<KeyMatch>>> scanned;
};

// transliteration_matches with `min_docs`, given the stems a scan found for `latin` when one
// did (defined below).
std::vector<std::string> spelling_matches(std::string_view latin, Xapian::doccount min_docs,
                                          const Xapian::Database& db, const Analyzer& analyzer,
                                          std::vector<std::string>& shown, bool after_article,
                                          const std::vector<KeyMatch>* scanned);
Xapian::doccount min_docs_beside(Xapian::doccount latin_docs);

// The matches of a Latin word looked up alone: with the stems its pair's scan found, if any.
std::vector<std::string> word_matches(std::string_view word, Walk& walk,
                                      std::vector<std::string>& shown) {
  for (const auto& [scanned_word, scanned] : walk.scanned) {
    if (scanned_word != word) continue;
    const Xapian::doccount latin_docs =
        walk.db.get_termfreq(std::string(schema::kStemPrefix).append(word));
    return spelling_matches(word, min_docs_beside(latin_docs), walk.db, walk.analyzer, shown, false,
                            &scanned);
  }
  return transliteration_matches(word, walk.db, walk.analyzer, shown);
}

const std::vector<std::string>& matches_of(std::string_view word, Walk& walk) {
  for (const Transliteration& t : walk.looked_up) {
    if (t.word == word) return t.matches;
  }
  static const std::vector<std::string> kNone;
  if (walk.looked_up.size() >= kMaxTransliteratedWords) return kNone;
  Transliteration& t = walk.looked_up.emplace_back();
  t.word = word;
  t.matches = word_matches(word, walk, t.shown);
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

Xapian::Query walk_query(const Xapian::Query& query, Walk& walk);

// Two Latin words typed in a row that no name of several words covers (Theresa May, Mohamed
// Salah), looked up together (defined below).
void look_up_pair(const std::string& first, const std::string& second, Walk& walk);

// The stem term of a node standing for one Latin word of the query (is_latin_name_part): the
// term alone, or first of the OP_SYNONYM with its learned spellings; none for any other node.
std::optional<Xapian::Query> latin_word_leaf(const Xapian::Query& node) {
  const Xapian::Query leaf =
      node.get_type() == Xapian::Query::OP_SYNONYM && node.get_num_subqueries() > 0
          ? node.get_subquery(0)
          : node;
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
  const std::string term = *leaf.get_terms_begin();
  const schema::SplitTerm split = schema::split_term(term);
  if (split.prefix.substr(0, schema::kStemPrefix.size()) != schema::kStemPrefix)
    return std::nullopt;
  if (!is_latin_name_part(split.word)) return std::nullopt;
  return leaf;
}

// The word and the prefix of a term.
std::string term_word(const Xapian::Query& leaf) {
  return std::string(schema::split_term(*leaf.get_terms_begin()).word);
}
std::string term_prefix(const Xapian::Query& leaf) {
  return std::string(schema::split_term(*leaf.get_terms_begin()).prefix);
}

// The matches of a name of several Latin words (`span` of `words`), looked up once a query (a
// copy: later look-ups grow walk.looked_up).
std::vector<std::string> span_matches_of(const std::vector<std::string>& words,
                                         const LatinNameSpan& span, Walk& walk) {
  std::string key;
  std::vector<std::string> stems;
  for (std::size_t i = span.first; i < span.first + span.count; ++i) {
    key.append(key.empty() ? "" : " ").append(words[i]);
    stems.push_back(words[i]);
  }
  for (const Transliteration& t : walk.looked_up) {
    if (t.word == key) return t.matches;
  }
  if (walk.looked_up.size() >= kMaxTransliteratedWords) return {};
  Transliteration& t = walk.looked_up.emplace_back();
  t.word = key;
  t.matches = latin_name_matches(span, stems, walk.db, walk.analyzer, t.shown);
  if (!t.matches.empty()) walk.found.push_back(t);
  return t.matches;
}

// The query for a name of several Latin words: the words as typed (`typed`, a phrase of their
// terms) and the Arabic spellings of the name in the field of `stem_prefix`, as one word.
Xapian::Query name_query(const Xapian::Query& typed, std::string_view stem_prefix,
                         const std::vector<std::string>& matches) {
  std::vector<Xapian::Query> spellings{typed};
  for (const std::string& match : matches) spellings.push_back(spelling_query(stem_prefix, match));
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

// The stem terms of a phrase of Latin words (is_latin_name_part) of one field, hyphenated
// (al-Din, Jong-un) or quoted: its terms, or the field's stem terms of them when the parser kept
// the phrase's words unstemmed. None for any other node.
std::optional<std::vector<Xapian::Query>> latin_phrase_leaves(const Xapian::Query& node) {
  if (node.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
  std::vector<Xapian::Query> leaves;
  for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
    const Xapian::Query leaf = node.get_subquery(i);
    if (leaf.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    const std::string term = *leaf.get_terms_begin();
    const schema::SplitTerm split = schema::split_term(term);
    if (!is_latin_name_part(split.word)) return std::nullopt;
    const std::string prefix = split.prefix.starts_with(schema::kStemPrefix)
                                   ? std::string(split.prefix)
                                   : std::string(schema::kStemPrefix).append(split.prefix);
    if (!leaves.empty() && term_prefix(leaves.front()) != prefix) return std::nullopt;
    leaves.emplace_back(prefix + std::string(split.word), 1,
                        static_cast<Xapian::termpos>(leaves.size() + 1));
  }
  return leaves;
}

// The OR of a query's words (the parser's default operator) with each run of Latin words that
// names one thing (latin_name_spans: Abu Dhabi, bin Salman, al Assad) searched as that name,
// one word; the other words walked as before. A hyphenated or quoted phrase of Latin words is
// part of the run (Salah al-Din, Kim Jong-un) when a name covers it whole.
Xapian::Query or_with_names(const Xapian::Query& node, Walk& walk) {
  // A child of the OR in the run: a word, or a phrase of several.
  struct Piece {
    std::size_t first_word;  // its first word's index in the run's words
    std::size_t words;
  };
  std::vector<Xapian::Query> parts;
  const std::size_t n = node.get_num_subqueries();
  std::size_t i = 0;
  while (i < n) {
    // The run of Latin words of one field from here.
    std::vector<Xapian::Query> leaves;
    std::vector<std::string> words;
    std::vector<Piece> pieces;
    std::string prefix;
    for (std::size_t j = i; j < n; ++j) {
      std::vector<Xapian::Query> of_child;
      if (const std::optional<Xapian::Query> leaf = latin_word_leaf(node.get_subquery(j))) {
        of_child.push_back(*leaf);
      } else if (auto phrase = latin_phrase_leaves(node.get_subquery(j))) {
        of_child = std::move(*phrase);
      } else {
        break;
      }
      if (!leaves.empty() && term_prefix(of_child.front()) != prefix) break;
      prefix = term_prefix(of_child.front());
      pieces.push_back({words.size(), of_child.size()});
      for (const Xapian::Query& leaf : of_child) {
        leaves.push_back(leaf);
        words.push_back(term_word(leaf));
      }
    }
    if (pieces.size() < 2) {
      parts.push_back(walk_query(node.get_subquery(i++), walk));
      continue;
    }
    // The piece a word starts, if any.
    auto piece_at = [&](std::size_t word) -> std::optional<std::size_t> {
      for (std::size_t p = 0; p < pieces.size(); ++p) {
        if (pieces[p].first_word == word) return p;
      }
      return std::nullopt;
    };
    const std::vector<LatinNameSpan> spans = latin_name_spans(words);
    // Two words of their own in a row, each a piece: looked up as a pair first.
    auto in_span = [&](std::size_t word) {
      return std::any_of(spans.begin(), spans.end(), [&](const LatinNameSpan& s) {
        return word >= s.first && word < s.first + s.count;
      });
    };
    for (std::size_t p = 0; p + 1 < pieces.size(); ++p) {
      const std::size_t w = pieces[p].first_word;
      if (pieces[p].words == 1 && pieces[p + 1].words == 1 && !in_span(w) && !in_span(w + 1)) {
        look_up_pair(words[w], words[w + 1], walk);
        ++p;
      }
    }
    std::size_t next = 0;  // the run's next piece not yet added
    for (const LatinNameSpan& span : spans) {
      // A name that starts or ends inside a phrase cuts it: not read as a name.
      const std::optional<std::size_t> from = piece_at(span.first);
      const std::optional<std::size_t> to = piece_at(span.first + span.count);
      if (!from || (!to && span.first + span.count != words.size()) || *from < next) continue;
      const std::size_t end = to ? *to : pieces.size();
      // The words before it first, so that the note lists the words in the order typed.
      for (; next < *from; ++next) parts.push_back(walk_query(node.get_subquery(i + next), walk));
      const std::vector<std::string> matches = span_matches_of(words, span, walk);
      if (matches.empty()) {
        // Its words as typed: a part of a name is no name of its own (Dhabi of Abu Dhabi read
        // alone is دبي, Dubai; Salman of bin Salman his father).
        for (; next < end; ++next) parts.push_back(node.get_subquery(i + next));
        continue;
      }
      const auto first = leaves.begin() + static_cast<std::ptrdiff_t>(span.first);
      const Xapian::Query typed(Xapian::Query::OP_PHRASE, first,
                                first + static_cast<std::ptrdiff_t>(span.count),
                                static_cast<Xapian::termcount>(span.count));
      parts.push_back(name_query(typed, prefix, matches));
      next = end;
    }
    for (; next < pieces.size(); ++next)
      parts.push_back(walk_query(node.get_subquery(i + next), walk));
    i += pieces.size();
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// A phrase of Latin words that names one thing as a whole (quoted, "Abu Dhabi", or hyphenated,
// al-Assad, which the parser reads as a phrase of unstemmed terms): the phrase or the name's
// Arabic spellings, as one word. Any other phrase is left as it is.
std::optional<Xapian::Query> phrase_with_name(const Xapian::Query& phrase, Walk& walk) {
  std::vector<std::string> words;
  std::string prefix;
  for (std::size_t i = 0; i < phrase.get_num_subqueries(); ++i) {
    const Xapian::Query leaf = phrase.get_subquery(i);
    if (leaf.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    const std::string term = *leaf.get_terms_begin();
    const schema::SplitTerm split = schema::split_term(term);
    if (!is_latin_name_part(split.word) || (i > 0 && split.prefix != prefix)) return std::nullopt;
    prefix = split.prefix;
    words.emplace_back(split.word);
  }
  const std::vector<LatinNameSpan> spans = latin_name_spans(words);
  if (spans.size() != 1 || spans.front().count != words.size()) return std::nullopt;
  const std::vector<std::string> matches = span_matches_of(words, spans.front(), walk);
  if (matches.empty()) return std::nullopt;
  // The phrase's terms are the words as typed; the spellings go in the field's stem terms.
  const bool stems = prefix.starts_with(schema::kStemPrefix);
  return name_query(phrase, stems ? prefix : std::string(schema::kStemPrefix).append(prefix),
                    matches);
}

Xapian::Query walk_query(const Xapian::Query& query, Walk& walk) {
  auto words = [&](const Xapian::Query& node) -> std::optional<Xapian::Query> {
    switch (node.get_type()) {
      case Xapian::Query::LEAF_TERM:
        return term_with_transliterations(node, walk);
      case Xapian::Query::OP_OR:
        return or_with_names(node, walk);
      case Xapian::Query::OP_PHRASE:
        return phrase_with_name(node, walk);
      default:
        return std::nullopt;
    }
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

// What a stem that is a common word of the language (is_common_word: ترس, سلاح, صالح) costs as
// a Latin name's spelling: up to kCommonWordWeight as fewer of its articles hold it bare, with no
// affix, than kNameBareShare of them (a name takes few: تيريزا is bare in 360 of its 362
// articles, صلاح in 960 of 1,256, بكر in 121 of 164; ترس, the stem of ترسانة, in 2 of 133,
// سلاح in 417 of 1,527, صالح, of لصالح, in 477 of 1,635). With `after_article` (al-Baghdadi,
// ez-Zor: the Latin typed it) the word after ال counts as bare too (البغدادي, الزور); so do
// `also_bare`, the articles holding the name's own form that the stemmer cut: its feminine form
// (feminine_form_docs), or the rendering itself (ماني, stem مان).
double common_word_cost(const Xapian::Database& db, std::string_view stem, Xapian::doccount docs,
                        bool after_article, Xapian::doccount also_bare = 0) {
  if (docs == 0 || !is_common_word(stem)) return 0;
  Xapian::doccount bare = db.get_termfreq(std::string(stem)) + also_bare;
  if (after_article) bare += db.get_termfreq(std::string("\xD8\xA7\xD9\x84").append(stem));
  const double share = static_cast<double>(bare) / static_cast<double>(docs);
  return kCommonWordWeight * std::max(0.0, 1.0 - share / kNameBareShare);
}

// Whether a Latin word ends as a feminine name does, in a or ah (Aqaba, Nusra, Hasakah): its
// Arabic may end in ة, which the stemmer cuts from a word of the language (العقبة → عقب).
bool ends_feminine(std::string_view latin) {
  if (latin.ends_with("h")) latin.remove_suffix(1);
  return latin.size() > 2 && latin.ends_with("a");
}

// The articles of `db` holding `stem` with ال and the feminine ending (النصرة for نصر, written
// ه in the index's exact words): a name's ة the stemmer cut, as ال and ه the pronoun never meet.
// Zero for a stem ending in ه.
Xapian::doccount feminine_form_docs(const Xapian::Database& db, std::string_view stem) {
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال
  constexpr std::string_view kHeh = "\xD9\x87";              // ه
  if (stem.ends_with(kHeh)) return 0;
  std::string form = stem.starts_with(kArticle) ? std::string() : std::string(kArticle);
  form.append(stem).append(kHeh);
  return db.get_termfreq(form);
}

// The stems of `db` in at least `min_docs` articles that share a key (latin_word_keys, of at
// least `min_consonants` consonants) with `latin`, no further than kMaxLatinSpellingDistance
// from its rendering, best first: every stem under the letters a key may start with (a few
// thousand terms), ranked by how close a spelling it is, then by articles. And the rendering as
// `analyzer` stems it, when that cuts an ending off it, at distance 0: the index holds stems,
// and the stemmer may cut a name's ending as it cuts a suffix (كوربين → كورب, بولتون → بولت),
// so that no key of the whole rendering finds it. Only the stem itself: it is what the rendering
// typed in Arabic would find, where its neighbours (قرب) are other words, and only when the
// index holds the rendering itself (كوربين): else the cut took the name's own letters (Hassan
// هاسان → هاس, the stem of هاسون), which counts as the stem bare. A cut at the front (بينس →
// ينس, Pence: ب read as "with") is no name's. A name ending as a feminine one (ends_feminine) is
// measured against a stem's feminine form too when the index holds it (feminine_form_docs:
// Hasakah الحسكة, stem حسك), which then counts as bare.
//
// Every stem met, sorted best first, each marked with whether its key has one consonant only
// (best_key_matches takes those out or not, and each stem once).
std::vector<KeyMatch> scan_key_matches(std::string_view latin, const Xapian::Database& db,
                                       const Analyzer& analyzer, Xapian::doccount min_docs,
                                       std::size_t min_consonants, bool after_article = false) {
  std::vector<KeyMatch> found;
  const std::vector<std::string> keys = latin_word_keys(latin, min_consonants);
  if (keys.empty()) return found;
  const std::vector<std::string> long_keys = min_consonants >= 2 ? keys : latin_word_keys(latin, 2);
  const std::vector<std::string> renderings = latin_renderings(latin);
  const std::string& rendering = renderings.front();
  const bool stressed = latin_stress_written_long(latin);
  // Some names keep their ال in the stem (اليمن, الموصل): those are read after it too.
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال
  constexpr std::string_view kTehMarbuta = "\xD8\xA9";       // ة
  const bool latin_feminine = ends_feminine(latin);
  for (const std::string& letter : key_first_letters(keys)) {
    for (const std::string_view before : {std::string_view(), kArticle}) {
      const std::string prefix = std::string(schema::kStemPrefix).append(before).append(letter);
      for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const Xapian::doccount docs = t.get_termfreq();
        if (docs < min_docs) continue;
        const std::string term = *t;
        const std::string_view stem = std::string_view(term).substr(schema::kStemPrefix.size());
        const std::string_view name = stem.substr(before.size());
        const std::string key = latin_match_key(name);
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
        double spelling = latin_spelling_distance(renderings, name, stressed);
        const Xapian::doccount feminine = latin_feminine ? feminine_form_docs(db, stem) : 0;
        if (feminine >= min_docs) {
          spelling = std::min(
              spelling,
              latin_spelling_distance(renderings, std::string(name).append(kTehMarbuta), stressed));
        }
        if (spelling > kMaxLatinSpellingDistance) continue;
        const double distance = spelling + common_word_cost(db, stem, docs, after_article,
                                                            feminine >= min_docs ? feminine : 0);
        found.push_back({distance - kLatinFrequencyWeight * std::log10(docs), distance, docs,
                         std::string(stem),
                         std::find(long_keys.begin(), long_keys.end(), key) == long_keys.end()});
      }
    }
  }
  if (const std::vector<std::string> cut = analyzer.stems(rendering);
      cut.size() == 1 && cut.front().size() < rendering.size() &&
      rendering.starts_with(cut.front())) {
    const Xapian::doccount docs =
        db.get_termfreq(std::string(schema::kStemPrefix).append(cut.front()));
    const Xapian::doccount as_rendered = db.get_termfreq(rendering);
    if (docs >= min_docs && docs > 0 && as_rendered >= min_docs) {
      // The rendering itself is the name written bare (ماني, stem مان).
      const double distance = common_word_cost(db, cut.front(), docs, after_article, as_rendered);
      found.push_back(
          {distance - kLatinFrequencyWeight * std::log10(docs), distance, docs, cut.front()});
    }
  }
  std::sort(found.begin(), found.end(), [](const KeyMatch& a, const KeyMatch& b) {
    return a.score != b.score ? a.score < b.score : a.stem < b.stem;
  });
  return found;
}

// The stems of `scanned` (scan_key_matches'), best first, each once at its best (met under both
// prefixes, or cut and by a key); without those of the keys of one consonant unless
// `short_keys`: what key_matches with two consonants at least would have found.
std::vector<KeyMatch> best_key_matches(const std::vector<KeyMatch>& scanned, bool short_keys) {
  std::vector<KeyMatch> unique;
  for (const KeyMatch& m : scanned) {
    if (m.short_key && !short_keys) continue;
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const KeyMatch& u) { return u.stem == m.stem; })) {
      unique.push_back(m);
    }
  }
  return unique;
}

std::vector<KeyMatch> key_matches(std::string_view latin, const Xapian::Database& db,
                                  const Analyzer& analyzer, Xapian::doccount min_docs,
                                  std::size_t min_consonants, bool after_article = false) {
  return best_key_matches(
      scan_key_matches(latin, db, analyzer, min_docs, min_consonants, after_article), true);
}

// For a Latin word that is a compound name (analysis/transliteration.h: Abdelmalek, Nasrallah,
// Salahuddin), the phrases of its shared word and of a stem close to its rest that `db` holds
// in at least `min_docs` articles: the rest's spellings in the exonym table, or when no phrase
// of those is held, the kMaxCompoundCandidates closest stems of the rest, in that order. The
// phrase is what makes the match: a rest of one consonant (Ezzeddine: عز) is looked for too.
std::vector<std::string> compound_matches(const std::optional<CompoundName>& compound,
                                          const Xapian::Database& db, const Analyzer& analyzer,
                                          Xapian::doccount min_docs) {
  std::vector<std::string> out;
  if (!compound) return out;
  const std::vector<std::string> shared = analyzer.stems(compound->shared);
  if (shared.size() != 1) return out;
  // The rest's spellings in the exonym table first (Salman سلمان, which the stemmer cuts to a
  // stem no key of "salman" finds), then its closest stems, each with its distance.
  std::vector<std::pair<std::string, double>> rest;
  for (const std::string_view spelling : exonym_spellings(compound->rest)) {
    if (std::vector<std::string> stems = analyzer.stems(spelling); stems.size() == 1) {
      rest.emplace_back(std::move(stems.front()), 0.0);
    }
  }
  // The phrases held, scored as stems are (key_matches) with the phrase's articles: of a close
  // stem that names things with the shared word (صلاح الدين in hundreds of articles) and one that
  // meets it by chance (سلاح ديني, أبو الباقر), the first only.
  struct Phrase {
    double score;
    std::string stems;
  };
  std::vector<Phrase> held;
  auto try_phrases = [&] {
    for (const auto& [stem, distance] : rest) {
      const std::string& first = compound->shared_first ? shared.front() : stem;
      const std::string& second = compound->shared_first ? stem : shared.front();
      std::string phrase = first;
      phrase.append(1, kPhraseSeparator).append(second);
      if (std::any_of(held.begin(), held.end(), [&](const Phrase& p) { return p.stems == phrase; }))
        continue;
      const Xapian::doccount docs =
          spelling_docs(db, phrase, std::max(min_docs, kPhraseCountedDocs));
      if (docs >= min_docs) {
        held.push_back({distance - kLatinFrequencyWeight * std::log10(docs), std::move(phrase)});
      }
    }
  };
  try_phrases();
  // The table's spelling found, its neighbours are other names (بن سالم beside بن سلمان).
  if (!held.empty()) {
    for (Phrase& p : held) out.push_back(std::move(p.stems));
    return out;
  }
  rest.clear();
  for (KeyMatch& m : key_matches(compound->rest, db, analyzer, kMinTransliterationDocs, 1)) {
    if (rest.size() == kMaxCompoundCandidates) break;
    rest.emplace_back(std::move(m.stem), m.distance);
  }
  try_phrases();
  if (held.empty()) return out;
  const double best =
      std::min_element(held.begin(), held.end(), [](const Phrase& a, const Phrase& b) {
        return a.score < b.score;
      })->score;
  for (Phrase& p : held) {
    if (p.score <= best + kMaxLatinScoreMargin) out.push_back(std::move(p.stems));
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
  set_positional_query(enquire, db, spelling_query(schema::kStemPrefix, match));
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

namespace {

// Whether a Latin word or phrase in `latin_docs` articles is a word of the index
// (kFrequentLatinShare), searched as it is.
bool frequent_in(const Xapian::Database& db, Xapian::doccount latin_docs) {
  return latin_docs >= kFrequentLatinDocs &&
         latin_docs >= kFrequentLatinShare * static_cast<double>(db.get_doccount());
}

Xapian::doccount min_docs_beside(Xapian::doccount latin_docs) {
  return std::max(kMinTransliterationDocs, kLatinFrequencyFactor * latin_docs + 1);
}

// Sorted most articles first: the index's usual spelling leads.
void by_articles(std::vector<std::string>& matches, const Xapian::Database& db,
                 Xapian::doccount min_docs) {
  std::vector<std::pair<Xapian::doccount, std::string>> by_docs;
  by_docs.reserve(matches.size());
  for (std::string& match : matches) {
    by_docs.emplace_back(spelling_docs(db, match, min_docs), std::move(match));
  }
  std::stable_sort(by_docs.begin(), by_docs.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  matches.clear();
  for (auto& [docs, match] : by_docs) matches.push_back(std::move(match));
}

}  // namespace

std::vector<std::string> latin_name_matches(const LatinNameSpan& span,
                                            const std::vector<std::string>& typed,
                                            const Xapian::Database& db, const Analyzer& analyzer,
                                            std::vector<std::string>& shown) {
  shown.clear();
  std::string typed_phrase;
  for (const std::string& word : typed) {
    typed_phrase.append(typed_phrase.empty() ? "" : std::string(1, kPhraseSeparator)).append(word);
  }
  const auto enough = static_cast<Xapian::doccount>(
      std::max<double>(kFrequentLatinDocs, kFrequentLatinShare * db.get_doccount()));
  const Xapian::doccount latin_docs = spelling_docs(db, typed_phrase, enough);
  if (frequent_in(db, latin_docs)) return {};
  const Xapian::doccount min_docs = min_docs_beside(latin_docs);
  if (!span.particle) {
    // al-Baghdadi, ez-Zor: the name after its article, which the index holds with it.
    const bool after_article = span.count == 2 && span.lookup == typed.back();
    return transliteration_matches(span.lookup, min_docs, db, analyzer, shown, after_article);
  }
  std::vector<std::string> out = compound_matches(span.particle, db, analyzer, min_docs);
  if (out.size() > kMaxTransliterationMatches) out.resize(kMaxTransliterationMatches);
  // Found by the table's spellings of the name (bin Salman: سلمان), shown as the table writes
  // them, not as stems (بن سلم).
  const std::vector<std::string> particle = analyzer.stems(span.particle->shared);
  for (const std::string_view spelling : exonym_spellings(span.particle->rest)) {
    const std::vector<std::string> stems = analyzer.stems(spelling);
    if (particle.size() != 1 || stems.size() != 1) continue;
    const std::string phrase = particle.front() + kPhraseSeparator + stems.front();
    if (std::find(out.begin(), out.end(), phrase) != out.end()) {
      shown.push_back(std::string(span.particle->shared).append(" ").append(spelling));
    }
  }
  if (shown.size() != out.size()) shown.clear();
  by_articles(out, db, min_docs);
  return out;
}

std::vector<std::string> transliteration_matches(std::string_view latin, const Xapian::Database& db,
                                                 const Analyzer& analyzer,
                                                 std::vector<std::string>& shown) {
  shown.clear();
  const std::string latin_term = std::string(schema::kStemPrefix).append(latin);
  const Xapian::doccount latin_docs = db.get_termfreq(latin_term);
  if (frequent_in(db, latin_docs)) return {};
  return transliteration_matches(latin, min_docs_beside(latin_docs), db, analyzer, shown);
}

std::vector<std::string> transliteration_matches(std::string_view latin, Xapian::doccount min_docs,
                                                 const Xapian::Database& db,
                                                 const Analyzer& analyzer,
                                                 std::vector<std::string>& shown,
                                                 bool after_article) {
  return spelling_matches(latin, min_docs, db, analyzer, shown, after_article, nullptr);
}

namespace {

std::vector<std::string> spelling_matches(std::string_view latin, Xapian::doccount min_docs,
                                          const Xapian::Database& db, const Analyzer& analyzer,
                                          std::vector<std::string>& shown, bool after_article,
                                          const std::vector<KeyMatch>* scanned) {
  shown.clear();
  // A name English writes its own way (Aleppo حلب): no rule finds it, the table does.
  if (std::vector<std::string> named = exonym_matches(latin, db, analyzer, min_docs, shown);
      !named.empty() || !is_latin_word(latin)) {
    return named;
  }
  std::vector<std::string> out;
  // The best spellings only (ترامب and ترمب for Trump).
  const std::vector<KeyMatch> found =
      scanned != nullptr ? best_key_matches(*scanned, false)
                         : key_matches(latin, db, analyzer, min_docs, 2, after_article);
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
  for (std::string& phrase : compound_matches(compound_name(latin), db, analyzer, min_docs)) {
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
  by_articles(out, db, min_docs);
  return out;
}

}  // namespace

Xapian::Query with_transliterations(const Xapian::Query& query, const Xapian::Database& db,
                                    const Analyzer& analyzer, std::vector<Transliteration>& found) {
  Walk walk{db, analyzer, found, {}, {}};
  return walk_query(query, walk);
}

namespace {

void look_up_pair(const std::string& first, const std::string& second, Walk& walk) {
  const std::string* words[] = {&first, &second};
  std::vector<KeyMatch> candidates[2];
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string& word = *words[k];
    if (!is_latin_word(word) || !exonym_spellings(word).empty()) return;
    if (std::any_of(walk.looked_up.begin(), walk.looked_up.end(),
                    [&](const Transliteration& t) { return t.word == word; })) {
      return;
    }
    const Xapian::doccount latin_docs =
        walk.db.get_termfreq(std::string(schema::kStemPrefix).append(word));
    if (frequent_in(walk.db, latin_docs)) return;
    // One consonant is enough here (May ماي): the phrase is what makes the match.
    std::vector<KeyMatch> scanned =
        scan_key_matches(word, walk.db, walk.analyzer, min_docs_beside(latin_docs), 1);
    candidates[k] = best_key_matches(scanned, true);
    walk.scanned.emplace_back(word, std::move(scanned));
    // A function word (من for Mane, هل for Haley) is in nearly every article: any phrase of it
    // is held, and names nothing. (Alone, علي of Ali is على, a function word too.)
    std::erase_if(candidates[k], [](const KeyMatch& m) { return is_stopword(m.stem); });
    if (candidates[k].size() > kMaxNamePairCandidates) {
      candidates[k].resize(kMaxNamePairCandidates);
    }
  }
  if (walk.looked_up.size() + 2 > kMaxTransliteratedWords) return;
  // The phrases held, each scored by both words' distances and its own articles, as a compound
  // name's are: of تيريزا ماي and ترسانة ماي, the first; of الشيخ زويد and الشيخ زايد (Sheikh
  // Zayed, in more articles), the closer.
  struct Phrase {
    double score;
    std::size_t i, j;
  };
  std::vector<Phrase> held;
  for (std::size_t i = 0; i < candidates[0].size(); ++i) {
    for (std::size_t j = 0; j < candidates[1].size(); ++j) {
      std::string phrase = candidates[0][i].stem;
      phrase.append(1, kPhraseSeparator).append(candidates[1][j].stem);
      const Xapian::doccount docs = spelling_docs(walk.db, phrase, kPhraseCountedDocs);
      if (docs < kMinNamePairDocs) continue;
      held.push_back({candidates[0][i].distance + candidates[1][j].distance -
                          kLatinFrequencyWeight * std::log10(docs),
                      i, j});
    }
  }
  if (held.empty()) return;
  const double best =
      std::min_element(held.begin(), held.end(), [](const Phrase& a, const Phrase& b) {
        return a.score < b.score;
      })->score;
  std::vector<std::string> kept[2];
  for (const Phrase& p : held) {
    if (p.score > best + kMaxLatinScoreMargin) continue;
    for (std::size_t k = 0; k < 2; ++k) {
      const std::string& stem = candidates[k][k == 0 ? p.i : p.j].stem;
      if (std::find(kept[k].begin(), kept[k].end(), stem) == kept[k].end()) {
        kept[k].push_back(stem);
      }
    }
  }
  for (std::size_t k = 0; k < 2; ++k) {
    if (kept[k].size() > kMaxTransliterationMatches) kept[k].resize(kMaxTransliterationMatches);
    by_articles(kept[k], walk.db, kMinTransliterationDocs);
    Transliteration& t = walk.looked_up.emplace_back();
    t.word = *words[k];
    t.matches = std::move(kept[k]);
    walk.found.push_back(t);
  }
}

}  // namespace

std::string typed_form(std::string_view query, std::string_view word) {
  // A name of several words may be typed with any ASCII marks between them (al-Assad, Abu  Dhabi).
  auto is_mark = [](char c) {
    return static_cast<unsigned char>(c) < 0x80 && std::isalnum(static_cast<unsigned char>(c)) == 0;
  };
  for (std::size_t i = 0; i < query.size(); ++i) {
    std::size_t at = i;
    bool same = true;
    for (std::size_t j = 0; j < word.size() && same; ++j) {
      if (word[j] == ' ') {
        const std::size_t from = at;
        while (at < query.size() && is_mark(query[at])) ++at;
        same = at > from;
      } else {
        same = at < query.size() && std::tolower(static_cast<unsigned char>(query[at])) ==
                                        static_cast<unsigned char>(word[j]);
        ++at;
      }
    }
    if (same && !word.empty()) return std::string(query.substr(i, at - i));
  }
  return std::string(word);
}

}  // namespace bahth::search
