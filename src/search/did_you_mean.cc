#include "did_you_mean.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_set>
#include <utility>

#include "analysis/transliteration.h"
#include "bahth/edit_distance.h"
#include "bahth/utf8.h"
#include "correction_display.h"
#include "query_text.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

// UTF-8 ⇄ code points; the words come from the normalizer, so they are valid UTF-8.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = next_utf8(s, i);
    out.push_back(c.valid() ? c.code_point : U'\uFFFD');
    i += c.length;
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (const char32_t cp : s) append_utf8(out, cp);
  return out;
}

bool is_arabic_letter(char32_t c) { return c >= U'\u0621' && c <= U'\u064A'; }

// The letters of normalized Arabic text (أ إ آ ة ى are folded away by the normalizer).
constexpr std::u32string_view kArabicLetters =
    U"\u0621\u0624\u0626\u0627\u0628\u062A\u062B\u062C\u062D\u062E\u062F\u0630\u0631\u0632"
    U"\u0633\u0634\u0635\u0636\u0637\u0638\u0639\u063A\u0641\u0642\u0643\u0644\u0645\u0646"
    U"\u0647\u0648\u064A";

// Letters people confuse when they type: similar sounds (and dialect pronunciation), ta
// marbuta written as ه or ت, and hamza written on another seat or left out.
constexpr std::array<std::pair<char32_t, char32_t>, 16> kConfusedLetters{{
    {U'ض', U'ظ'},
    {U'ذ', U'ز'},
    {U'د', U'ذ'},
    {U'ت', U'ط'},
    {U'س', U'ص'},
    {U'ث', U'س'},
    {U'ظ', U'ز'},
    {U'ه', U'ت'},
    {U'ح', U'ه'},
    {U'ق', U'ك'},
    {U'ء', U'ا'},
    {U'ئ', U'ي'},
    {U'ؤ', U'و'},
    {U'ئ', U'ء'},
    {U'ؤ', U'ء'},
    {U'ئ', U'ا'},
}};

// Neighbouring keys of the usual Arabic keyboard, row by row: a finger that slips hits one of
// them (اليمم for اليمن: م is next to ن). ة and ى are left out: the normalizer folds them.
constexpr std::array<std::u32string_view, 3> kKeyboardRows{
    U"ضصثقفغعهخحجد",
    U"شسيبلاتنمكط",
    U"ئءؤر",
};

bool neighbouring_keys(char32_t a, char32_t b) {
  for (const std::u32string_view row : kKeyboardRows) {
    const std::size_t at = row.find(a);
    if (at == std::u32string_view::npos) continue;
    if ((at > 0 && row[at - 1] == b) || (at + 1 < row.size() && row[at + 1] == b)) return true;
  }
  return false;
}

// The long vowels, which people drop or add when they write a name or a long word as they hear
// it (خشقجي for خاشقجي, الانتخبات for الانتخابات). Not in front: there a ي or ا added makes
// another form of a verb (تتلمذ, يتتلمذ), not a slip.
bool is_long_vowel(char32_t c) { return c == U'ا' || c == U'و' || c == U'ي'; }

constexpr double kConfusionCost = 0.5;
// Above kConfusionCost, so three-letter words (corrected by confusions only) do not get them.
constexpr double kLongVowelCost = 0.6;
constexpr double kNeighbourKeyCost = 0.75;
constexpr double kEditCost = 1.0;

// How much a candidate's frequency counts against its cost: score = cost - weight * log10(df),
// so a word 100 times more common beats a cheaper edit by up to 2 * weight. Chosen on 300 titles
// with one word misspelled (bench/HISTORY.md).
constexpr double kFrequencyWeight = 0.5;

// Short words have many neighbours: a three-letter word is only corrected by a confusion, a word
// under seven letters by one edit at most. Two edits reach unrelated words too often (on ARCD
// questions: السلجوقية → السوقيه, عاشوراء → الوراء), so only a query that finds nothing gets them.
double max_cost(std::size_t letters, bool allow_two_edits) {
  if (letters <= 3) return kConfusionCost;
  return letters < 7 || !allow_two_edits ? kEditCost : 2 * kEditCost;
}

std::vector<std::pair<std::u32string, double>> one_edit_away(const std::u32string& w) {
  std::vector<std::pair<std::u32string, double>> out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::u32string deleted = w;
    deleted.erase(i, 1);
    // A dropped hamza is the commonest of all, and costs as little as a confusion.
    out.emplace_back(std::move(deleted), w[i] == U'ء'                   ? kConfusionCost
                                         : i > 0 && is_long_vowel(w[i]) ? kLongVowelCost
                                                                        : kEditCost);
    if (i + 1 < w.size() && w[i] != w[i + 1]) {
      std::u32string swapped = w;
      std::swap(swapped[i], swapped[i + 1]);
      out.emplace_back(std::move(swapped), kEditCost);
    }
    if (!is_arabic_letter(w[i])) continue;
    for (const char32_t c : kArabicLetters) {
      if (c == w[i]) continue;
      bool confused = false;
      for (const auto& [a, b] : kConfusedLetters) {
        confused = confused || (a == w[i] && b == c) || (b == w[i] && a == c);
      }
      std::u32string replaced = w;
      replaced[i] = c;
      out.emplace_back(std::move(replaced), confused                     ? kConfusionCost
                                            : neighbouring_keys(w[i], c) ? kNeighbourKeyCost
                                                                         : kEditCost);
    }
  }
  const bool arabic = std::any_of(w.begin(), w.end(), is_arabic_letter);
  for (std::size_t i = 0; arabic && i <= w.size(); ++i) {
    for (const char32_t c : kArabicLetters) {
      std::u32string inserted = w;
      inserted.insert(i, 1, c);
      // A hamza left out altogether (ريس for رئيس) is as common as one on the wrong seat.
      const bool hamza = c == U'ء' || c == U'ئ' || c == U'ؤ';
      out.emplace_back(std::move(inserted), hamza                       ? kConfusionCost
                                            : i > 0 && is_long_vowel(c) ? kLongVowelCost
                                                                        : kEditCost);
    }
  }
  return out;
}

// No word of the index is longer than TermStream::kMaxWordBytes (the analyzer skips longer runs),
// and two edits change a word by at most two letters of 4 bytes: a longer word has no neighbour
// to find, while its edits grow with the square of its length (a query word of 1,200 letters
// made 130,000 candidates of 1,200 letters each: 2.8 s and 700 MB for one request).
bool beyond_any_indexed_word(std::string_view word) {
  return word.size() > TermStream::kMaxWordBytes + std::size_t{2} * 4;
}

std::string stem_of(std::string_view word, const Analyzer& analyzer) {
  const std::vector<std::string> stems = analyzer.stems(word);
  return stems.size() == 1 ? stems.front() : std::string(word);
}

}  // namespace

namespace {

// `word` and every form of it without a chain of clitic prefixes (see differ_by_prefix_only).
std::vector<std::u32string> prefix_readings(const std::u32string& word) {
  static constexpr std::array<std::u32string_view, 3> kConjunctions{U"", U"\u0648", U"\u0641"};
  static constexpr std::array<std::u32string_view, 4> kPrepositions{U"", U"\u0628", U"\u0643",
                                                                    U"\u0644"};
  std::vector<std::u32string> out;
  for (std::u32string_view conjunction : kConjunctions) {
    for (std::u32string_view preposition : kPrepositions) {
      for (const bool article : {false, true}) {
        std::u32string prefix(conjunction);
        prefix += preposition;
        // ل + ال is written لل.
        if (article) prefix += preposition == U"\u0644" ? U"\u0644" : U"\u0627\u0644";
        if (word.size() >= prefix.size() + 2 && word.compare(0, prefix.size(), prefix) == 0) {
          out.push_back(word.substr(prefix.size()));
        }
      }
    }
  }
  return out;
}

}  // namespace

bool differ_by_prefix_only(std::string_view a, std::string_view b) {
  const std::vector<std::u32string> readings_a = prefix_readings(decode(a));
  const std::vector<std::u32string> readings_b = prefix_readings(decode(b));
  for (const std::u32string& reading : readings_a) {
    if (std::find(readings_b.begin(), readings_b.end(), reading) != readings_b.end()) return true;
  }
  return false;
}

namespace {

// The words of the index that one edit of `word` costing at most `limit` reaches (see
// spelling_candidates()), unsorted.
std::vector<WordCandidate> candidates_within(std::string_view word, const Xapian::Database& db,
                                             const Analyzer& analyzer, double limit) {
  if (beyond_any_indexed_word(word)) return {};
  const std::u32string letters = decode(word);
  const std::string stem = stem_of(word, analyzer);
  std::vector<WordCandidate> out;
  std::unordered_set<std::string> seen;
  for (auto& [candidate, cost] : one_edit_away(letters)) {
    if (cost > limit) continue;
    std::string text = encode(candidate);
    if (text.empty() || !seen.insert(text).second) continue;
    const Xapian::doccount frequency = db.get_termfreq(text);
    if (frequency == 0) continue;
    // The same word with a prefix added or dropped finds what the query finds: no correction.
    if (differ_by_prefix_only(text, word) || stem_of(text, analyzer) == stem) continue;
    out.push_back({std::move(text), cost, frequency});
  }
  return out;
}

void sort_by_cost_and_frequency(std::vector<WordCandidate>& candidates) {
  auto score = [](const WordCandidate& c) {
    return c.cost - kFrequencyWeight * std::log10(static_cast<double>(c.frequency));
  };
  std::sort(candidates.begin(), candidates.end(),
            [&score](const WordCandidate& a, const WordCandidate& b) {
              return score(a) != score(b) ? score(a) < score(b) : a.word < b.word;
            });
}

}  // namespace

std::vector<WordCandidate> spelling_candidates(std::string_view word, const Xapian::Database& db,
                                               const Analyzer& analyzer, bool allow_two_edits,
                                               WordLookups* lookups) {
  if (beyond_any_indexed_word(word)) return {};
  const std::u32string letters = decode(word);
  const double limit = max_cost(letters.size(), allow_two_edits);
  std::vector<WordCandidate> out = candidates_within(word, db, analyzer, limit);
  // Xapian's suggestion reaches two edits but reads the spelling table (tens of milliseconds on
  // a large index): asked only when no word is one edit away.
  if (out.empty() && limit >= 2 * kEditCost) {
    const Xapian::Database& spelling = lookups != nullptr ? lookups->spelling_db() : db;
    const std::string xapian = schema::spelling_table_keyed(db)
                                   ? schema::word_of_spelling_key(spelling.get_spelling_suggestion(
                                         schema::spelling_key(word), 2))
                                   : spelling.get_spelling_suggestion(std::string(word), 2);
    if (!xapian.empty() && !differ_by_prefix_only(xapian, word) &&
        stem_of(xapian, analyzer) != stem_of(word, analyzer)) {
      if (const Xapian::doccount frequency = db.get_termfreq(xapian); frequency > 0) {
        out.push_back({xapian,
                       static_cast<double>(edit_distance<char32_t>(letters, decode(xapian))),
                       frequency});
      }
    }
  }
  sort_by_cost_and_frequency(out);
  return out;
}

std::vector<NearSpelling> near_spelling_terms(std::string_view word, WordLookups& lookups,
                                              bool stemmed) {
  if (decode(word).size() < kMinNearSpellingLetters || is_latin_name_part(word) ||
      lookups.known(word)) {
    return {};
  }
  const Xapian::Database& db = lookups.db();
  const Analyzer& analyzer = lookups.analyzer();
  std::vector<NearSpelling> out;
  const std::u32string typed_stem = stemmed ? decode(stem_of(word, analyzer)) : std::u32string();
  std::vector<WordCandidate> candidates = spelling_candidates(word, db, analyzer, false, &lookups);
  if (stemmed && std::none_of(candidates.begin(), candidates.end(),
                              [](const WordCandidate& c) { return c.cost <= kEditCost; })) {
    // A word with a clitic (لموريطانيا) is seldom in the index with the same one: the
    // neighbours of its forms without it (موريطانيا: موريتانيا, which بموريتانيا shares a stem
    // with) are the same slip. ARCD: ما الاسم الرسمي لموريطانيا found nothing of Mauritania.
    const std::u32string letters = decode(word);
    for (const std::u32string& reading : prefix_readings(letters)) {
      if (reading.size() == letters.size() || reading.size() < kMinNearSpellingLetters) continue;
      for (WordCandidate& c : candidates_within(encode(reading), db, analyzer, kEditCost)) {
        candidates.push_back(std::move(c));
      }
    }
    sort_by_cost_and_frequency(candidates);
  }
  for (const WordCandidate& c : candidates) {
    if (c.cost > kEditCost) continue;
    // Through its stem only when the slip is in the stem (الهعروف, المعروف: هعروف, معروف): a
    // candidate whose stem is shorter by an ending read off it (حمدون → حمد for حمدوك) would
    // match every word of that short stem, another word than the one meant.
    std::string term = c.word;
    if (stemmed) {
      const std::string stem = stem_of(c.word, analyzer);
      if (edit_distance<char32_t>(typed_stem, decode(stem)) <= 1) {
        term = std::string(schema::kStemPrefix) + stem;
      }
    }
    if (std::any_of(out.begin(), out.end(), [&](const NearSpelling& n) { return n.term == term; }))
      continue;
    out.push_back({c.word, std::move(term)});
    if (out.size() == kMaxNearSpellings) break;
  }
  return out;
}

WordLookups::Entry& WordLookups::entry(std::string_view word) {
  auto at = entries_.find(word);
  if (at == entries_.end()) {
    Entry e;
    e.exact = db_.get_termfreq(std::string(word));
    at = entries_.emplace(std::string(word), std::move(e)).first;
  }
  return at->second;
}

WordLookups::Entry& WordLookups::with_stem(std::string_view word) {
  Entry& e = entry(word);
  if (!e.stem_looked_up) {
    e.stem_term = std::string(schema::kStemPrefix) + stem_of(word, analyzer_);
    e.through_stem = db_.get_termfreq(e.stem_term);
    e.stem_looked_up = true;
  }
  return e;
}

bool WordLookups::known(std::string_view word) {
  // The stem is only asked about when the word as written is absent.
  return entry(word).exact > 0 || with_stem(word).through_stem > 0;
}

Xapian::doccount WordLookups::documents(std::string_view word) { return entry(word).exact; }

Xapian::doccount WordLookups::commonness(std::string_view word) {
  const Xapian::doccount exact = entry(word).exact;
  if (exact == 0) return 1;
  // The stem's articles are never fewer than the word's: a word common as written is common.
  if (exact > rare_word_limit(db_.get_doccount())) return exact;
  return std::max(exact, with_stem(word).through_stem);
}

std::string WordLookups::search_term(std::string_view word) {
  const Entry& e = with_stem(word);
  return e.through_stem > 0 ? e.stem_term : std::string(word);
}

Xapian::doccount rare_word_limit(Xapian::doccount documents) {
  return std::clamp<Xapian::doccount>(documents / kDocumentsPerSlip, 1, kRareWordMaxDocuments);
}

const Xapian::Database& WordLookups::spelling_db() {
  if (spelling_db_ == nullptr) {
    const Xapian::Database* spelling = spelling_ ? spelling_() : nullptr;
    spelling_db_ = spelling != nullptr ? spelling : &db_;
  }
  return *spelling_db_;
}

std::vector<WordCandidate> rare_word_corrections(std::string_view word, WordLookups& lookups) {
  std::vector<WordCandidate> out;
  if (beyond_any_indexed_word(word)) return out;
  const std::u32string letters = decode(word);
  if (letters.size() < 4) return out;
  const Xapian::doccount own = lookups.commonness(word);
  const Xapian::Database& db = lookups.db();
  if (own > rare_word_limit(db.get_doccount())) return out;
  const Analyzer& analyzer = lookups.analyzer();
  // Only a long vowel put back: the slip that leaves a real-looking word (خشقجي). The other
  // cheap edits of a rare word reach common words it is not a slip of: a vowel taken out turns
  // the name أولو into اول, a confusion turns الحلال into الهلال, a neighbouring key خلل into
  // خلال (bench/HISTORY.md). Inside the word only: a vowel added in front or at the end makes
  // another form of the word (تتلمذ, يتتلمذ), not its right spelling.
  std::string stem;  // stemmed only when a candidate is common enough to need the comparison
  std::unordered_set<std::string> seen;
  for (std::size_t i = 1; i < letters.size(); ++i) {
    for (const char32_t vowel : {U'ا', U'و', U'ي'}) {
      // Next to another ا it makes اا, which Arabic does not write: one lookup saved.
      if (vowel == U'ا' && (letters[i - 1] == vowel || letters[i] == vowel)) continue;
      std::u32string inserted = letters;
      inserted.insert(i, 1, vowel);
      std::string text = encode(inserted);
      if (!seen.insert(text).second) continue;
      const Xapian::doccount frequency = db.get_termfreq(text);
      if (frequency < own * kRareWordRatio) continue;
      if (stem.empty()) stem = stem_of(word, analyzer);
      if (differ_by_prefix_only(text, word) || stem_of(text, analyzer) == stem) continue;
      out.push_back({std::move(text), kLongVowelCost, frequency});
    }
  }
  sort_by_cost_and_frequency(out);
  return out;
}

namespace {

// Documents with all of `context` among which candidates are counted: enough to tell a word that
// belongs with the others from one that does not, few enough to collect in well under a
// millisecond when the other words are common.
constexpr Xapian::doccount kContextDocuments = 500;

// Counted up to a few dozen: beyond that, more says little more about which word is meant.
constexpr Xapian::doccount kContextCountCap = 30;

// The documents holding all of `context`, the first kContextDocuments by docid, ascending: one
// intersection of the other words, done once for all the candidates.
std::vector<Xapian::docid> documents_with_all(const std::vector<std::string>& context,
                                              const Xapian::Database& db) {
  std::vector<Xapian::Query> parts;
  parts.reserve(context.size());
  for (const std::string& term : context) parts.emplace_back(term);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
  const Xapian::MSet matches = enquire.get_mset(0, kContextDocuments);
  std::vector<Xapian::docid> docs;
  for (auto it = matches.begin(); it != matches.end(); ++it) docs.push_back(*it);
  std::sort(docs.begin(), docs.end());
  return docs;
}

// How many of `docs` (ascending) hold `term`, up to kContextCountCap: its postlist skipped
// along them.
Xapian::doccount count_in(const std::string& term, const std::vector<Xapian::docid>& docs,
                          const Xapian::Database& db) {
  Xapian::doccount n = 0;
  const Xapian::PostingIterator end = db.postlist_end(term);
  Xapian::PostingIterator posting = db.postlist_begin(term);
  for (const Xapian::docid doc : docs) {
    if (posting == end) break;
    posting.skip_to(doc);
    if (posting != end && *posting == doc && ++n == kContextCountCap) break;
  }
  return n;
}

}  // namespace

void prefer_in_context(std::vector<WordCandidate>& candidates,
                       const std::vector<std::string>& context, const Xapian::Database& db) {
  // The best few by spelling are enough to choose from.
  constexpr std::size_t kCandidatesInContext = 8;
  if (context.empty() || candidates.size() < 2) return;
  const std::size_t n = std::min(candidates.size(), kCandidatesInContext);
  const std::vector<Xapian::docid> docs = documents_with_all(context, db);
  if (docs.empty()) return;
  std::vector<Xapian::doccount> together(n);
  for (std::size_t i = 0; i < n; ++i) together[i] = count_in(candidates[i].word, docs, db);
  if (std::all_of(together.begin(), together.end(), [](Xapian::doccount c) { return c == 0; })) {
    return;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  // score = cost - weight * log10(documents together + 0.1): one article with the other words
  // outweighs an edit half a letter cheaper (none: +0.5, one: 0), ten articles one more letter.
  auto score = [&](std::size_t i) {
    return candidates[i].cost -
           kFrequencyWeight * std::log10(static_cast<double>(together[i]) + 0.1);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&score](std::size_t a, std::size_t b) { return score(a) < score(b); });
  std::vector<WordCandidate> ranked;
  ranked.reserve(candidates.size());
  for (const std::size_t i : order) ranked.push_back(std::move(candidates[i]));
  for (std::size_t i = n; i < candidates.size(); ++i) ranked.push_back(std::move(candidates[i]));
  candidates = std::move(ranked);
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

// The correctable words of `normalized` that the index holds, stopwords left out: what a
// correction of another word should be found with. Known through `lookups`, which the
// correction asks about the same words next.
std::vector<std::string_view> known_words(std::string_view normalized, WordLookups& lookups) {
  std::vector<std::string_view> words;
  for (WordTokenizer chunks(normalized); chunks.next();) {
    const std::string_view word = chunks.word();
    const std::size_t end = chunks.end();
    if (is_operator(word) ||
        (end < normalized.size() && (normalized[end] == ':' || normalized[end] == '*'))) {
      continue;
    }
    if (word.find_first_of("0123456789") != std::string_view::npos) continue;
    if (!is_stopword(word) && lookups.known(word)) words.push_back(word);
  }
  return words;
}

// The index terms of `known` but those of `word`: the context a correction of `word` is ranked
// in. Built only for a word with candidates to rank, as it stems each word.
std::vector<std::string> other_terms(const std::vector<std::string_view>& known,
                                     std::string_view word, WordLookups& lookups) {
  std::vector<std::string> others;
  const std::string own = lookups.known(word) ? lookups.search_term(word) : std::string(word);
  for (const std::string_view other : known) {
    std::string term = lookups.search_term(other);
    if (term != own) others.push_back(std::move(term));
  }
  return others;
}

}  // namespace

// Words the index has never seen, as written or through their stem, are corrected; a word the
// index holds was written that way by someone, and "correcting" it would hide the articles that
// use it, unless it is rare and the same word with a long vowel put back is far more common
// (rare_word_corrections). This is cheap to ask (one or two term lookups a word, each made once
// through WordLookups), so the searcher asks on every query, not only on those that find
// nothing: with OR, one misspelled word among good ones still finds results, from the other
// words alone.
std::string suggest_correction(const ParsedQuery& query, const Xapian::Database& db,
                               const Analysis& analysis, bool query_found_nothing) {
  return correct_query(query, db, analysis, query_found_nothing).text;
}

QueryCorrection correct_query(const ParsedQuery& query, const Xapian::Database& db,
                              const Analysis& analysis, bool query_found_nothing) {
  // Each word costs lookups in the index: nobody needs a "did you mean" for a pasted paragraph.
  // Counted after normalization, as parse_query() counts them.
  const std::string& normalized = query.normalized;
  if (count_words(normalized) > kMaxWordsToCorrect) return {};
  const Analyzer& analyzer = analysis.analyzer();
  const Xapian::doccount rare_limit = rare_word_limit(db.get_doccount());
  WordLookups& lookups = *query.lookups;  // the query's own: near spellings asked it too
  const std::vector<std::string_view> known = known_words(normalized, lookups);
  std::string corrected;
  bool changed = false;
  bool confident = true;
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
        Xapian::doccount typed = 0;  // documents of the word as typed, for the confidence
        // A Latin-letter word is a name, matched by transliteration's own keys
        // (transliteration.h): the Arabic corrector would turn Port of Port Said into ort.
        if (is_latin_name_part(word)) {
          corrected.append(word);
          continue;
        }
        const bool unknown_word = !lookups.known(word);
        if (unknown_word) {
          if (unknown++ < kMaxCorrectedWords) {
            candidates = spelling_candidates(word, db, analyzer, query_found_nothing, &lookups);
          }
        } else if (!is_stopword(word)) {
          // A word the index holds, but far less often than a word one slip away: خشقجي.
          candidates = rare_word_corrections(word, lookups);
          typed = lookups.commonness(word);
        }
        if (candidates.size() > 1) {
          prefer_in_context(candidates, other_terms(known, word, lookups), db);
        }
        if (candidates.empty()) {
          corrected.append(word);
          continue;
        }
        const WordCandidate& best = candidates.front();
        corrected.append(best.word);
        changed = true;
        // An unknown word beside known ones already matches its close words, noted
        // (near_spelling_terms); alone, it matches nothing. Searching one of them instead is
        // only sure when there is no other, the word is long enough and
        // the edit is a slip typed Arabic is known for (a confusion, a long vowel, a
        // neighbouring key), not any letter dropped or changed, which on ARCD's 415 passages
        // turned forms the index happens to lack into other words (ماهو → مايو, تبنت → بنت,
        // يتزوج → تزوج), each ranking the answer lower (bench/HISTORY.md).
        const bool unambiguous = !unknown_word || (candidates.size() == 1 && best.cost < 1 &&
                                                   decode(word).size() >= kMinNearSpellingLetters);
        confident = confident && unambiguous && typed <= rare_limit && best.cost <= 1 &&
                    best.frequency > rare_limit && best.frequency > typed;
      }
    }
    corrected.append(chunk.substr(at));
    i = end;
  }
  if (!changed) return {};
  return {shown_correction(query, corrected), confident};
}

}  // namespace bahth::search
