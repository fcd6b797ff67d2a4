#include "spelling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_set>
#include <utility>

#include "bahth/edit_distance.h"
#include "bahth/utf8.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

// UTF-8 ⇄ code points; the words come from the normalizer, so they are valid UTF-8.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += n;
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

constexpr double kConfusionCost = 0.5;
constexpr double kEditCost = 1.0;

// How much a candidate's frequency counts against its cost: score = cost - weight * log10(df),
// so a word 100 times more common beats a cheaper edit by up to 2 * weight. Chosen on 300 titles
// with one word misspelled (bench/RESULTS.md).
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
    out.emplace_back(std::move(deleted), w[i] == U'ء' ? kConfusionCost : kEditCost);
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
      out.emplace_back(std::move(replaced), confused ? kConfusionCost : kEditCost);
    }
  }
  const bool arabic = std::any_of(w.begin(), w.end(), is_arabic_letter);
  for (std::size_t i = 0; arabic && i <= w.size(); ++i) {
    for (const char32_t c : kArabicLetters) {
      std::u32string inserted = w;
      inserted.insert(i, 1, c);
      // A hamza left out altogether (ريس for رئيس) is as common as one on the wrong seat.
      const bool hamza = c == U'ء' || c == U'ئ' || c == U'ؤ';
      out.emplace_back(std::move(inserted), hamza ? kConfusionCost : kEditCost);
    }
  }
  return out;
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

bool index_knows(std::string_view word, const Xapian::Database& db, const Analyzer& analyzer) {
  const std::string exact(word);
  if (db.term_exists(exact)) return true;
  const std::string stem = std::string(schema::kStemPrefix) + stem_of(word, analyzer);
  return db.term_exists(stem);
}

std::vector<WordCandidate> spelling_candidates(std::string_view word, const Xapian::Database& db,
                                               const Analyzer& analyzer, bool allow_two_edits) {
  const std::u32string letters = decode(word);
  const std::string stem = stem_of(word, analyzer);
  std::vector<WordCandidate> out;
  std::unordered_set<std::string> seen;
  auto consider = [&](std::string candidate, double cost) {
    if (candidate.empty() || !seen.insert(candidate).second) return;
    Xapian::doccount frequency = db.get_termfreq(candidate);
    std::string candidate_stem;
    if (frequency == 0) {
      // A word that is its own stem is indexed as its stem term only (schema::exact_term); the
      // stem term is looked up first, as most candidates are no word at all.
      frequency = db.get_termfreq(schema::exact_term(candidate, candidate));
      if (frequency == 0) return;
      candidate_stem = stem_of(candidate, analyzer);
      if (candidate_stem != candidate) return;
    } else {
      candidate_stem = stem_of(candidate, analyzer);
    }
    // The same word with a prefix added or dropped finds what the query finds: no correction.
    if (differ_by_prefix_only(candidate, word) || candidate_stem == stem) return;
    out.push_back({std::move(candidate), cost, frequency});
  };
  const double limit = max_cost(letters.size(), allow_two_edits);
  for (auto& [candidate, cost] : one_edit_away(letters)) {
    if (cost <= limit) consider(encode(candidate), cost);
  }
  // Xapian's suggestion reaches two edits but reads the spelling table (tens of milliseconds on
  // a large index): asked only when no word is one edit away.
  if (out.empty() && limit >= 2 * kEditCost) {
    const std::string xapian = db.get_spelling_suggestion(std::string(word), 2);
    if (!xapian.empty()) {
      consider(xapian, static_cast<double>(edit_distance<char32_t>(letters, decode(xapian))));
    }
  }
  auto score = [](const WordCandidate& c) {
    return c.cost - kFrequencyWeight * std::log10(static_cast<double>(c.frequency));
  };
  std::sort(out.begin(), out.end(), [&score](const WordCandidate& a, const WordCandidate& b) {
    return score(a) != score(b) ? score(a) < score(b) : a.word < b.word;
  });
  return out;
}

std::vector<std::string> near_spelling_terms(std::string_view word, const Xapian::Database& db,
                                             const Analyzer& analyzer, bool stemmed) {
  if (decode(word).size() < kMinNearSpellingLetters || index_knows(word, db, analyzer)) return {};
  std::vector<std::string> terms;
  for (const WordCandidate& c : spelling_candidates(word, db, analyzer, false)) {
    if (c.cost > kEditCost) continue;
    std::string term =
        stemmed ? std::string(schema::kStemPrefix) + stem_of(c.word, analyzer) : c.word;
    if (std::find(terms.begin(), terms.end(), term) != terms.end()) continue;
    terms.push_back(std::move(term));
    if (terms.size() == kMaxNearSpellings) break;
  }
  return terms;
}

}  // namespace bahth::search
