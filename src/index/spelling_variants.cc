#include "spelling_variants.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "schema/schema.h"

namespace bahth::index {

namespace detail {
extern const std::string_view kVariantExceptionsText;  // variant_exceptions_data.cc (CMake)
}  // namespace detail

namespace {

// Articles read for a stem's context: enough to see what a name is about, few enough that the
// pass stays a small fraction of indexing.
constexpr Xapian::doccount kSampleDocuments = 20;
// Stems in more than this share of the articles (and more than kMaxContextDocs) say nothing about
// a context, and are most of every article's terms: left out.
constexpr double kMaxContextShare = 0.05;
constexpr double kMaxContextDocs = 50;

// The code point of the two-byte UTF-8 Arabic letter at `s[i]`, or 0 when it is not one.
char16_t arabic_letter(std::string_view s, std::size_t i) {
  const auto hi = static_cast<unsigned char>(s[i]);
  const auto lo = static_cast<unsigned char>(s[i + 1]);
  if ((hi != 0xD8 && hi != 0xD9) || (lo & 0xC0) != 0x80) return 0;
  const auto c = static_cast<char16_t>(((hi & 0x1F) << 6) | (lo & 0x3F));
  return (c >= u'\u0621' && c <= u'\u063A') || (c >= u'\u0641' && c <= u'\u064A') ? c : 0;
}

void append_letter(char16_t c, std::string& out) {
  out.push_back(static_cast<char>(0xC0 | (c >> 6)));
  out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
}

std::size_t letters(std::string_view arabic) { return arabic.size() / 2; }

double norm(const VariantContext& context) {
  double sum = 0;
  for (const auto& [term, weight] : context) sum += weight * weight;
  return std::sqrt(sum);
}

// Cosine of two contexts, leaving out the two stems themselves.
double similarity(const VariantContext& a, const VariantContext& b, const StemPair& pair) {
  const double norms = norm(a) * norm(b);
  if (norms == 0) return 0;
  const VariantContext& small = a.size() < b.size() ? a : b;
  const VariantContext& large = &small == &a ? b : a;
  double dot = 0;
  for (const auto& [term, weight] : small) {
    if (term == pair.first || term == pair.second) continue;
    if (const auto it = large.find(term); it != large.end()) dot += weight * it->second;
  }
  return dot / norms;
}

// The stems of the unprefixed field in the articles of `term` (a sample), weighted by IDF.
VariantContext context_in(const Xapian::Database& db, const std::string& term) {
  VariantContext context;
  const double documents = std::max<double>(1, db.get_doccount());
  const std::string first_stem = std::string(schema::kStemPrefix) + "\xD8";
  Xapian::doccount read = 0;
  for (auto post = db.postlist_begin(term);
       post != db.postlist_end(term) && read < kSampleDocuments; ++post, ++read) {
    auto t = db.termlist_begin(*post);
    // Arabic stems: "Z" then a lead byte D8 or D9; the field-prefixed stems sort before them.
    for (t.skip_to(first_stem); t != db.termlist_end(*post); ++t) {
      const std::string& other = *t;
      const auto lead = other.size() > 1 ? static_cast<unsigned char>(other[1]) : 0;
      if (other[0] != schema::kStemPrefix[0] || (lead != 0xD8 && lead != 0xD9)) break;
      const double freq = t.get_termfreq();
      if (freq > std::max(kMaxContextShare * documents, kMaxContextDocs)) continue;
      context[other.substr(schema::kStemPrefix.size())] += std::log(documents / freq);
    }
  }
  return context;
}

}  // namespace

namespace {

// variant_skeleton(), with the swapped letters made one only when `merge_swaps`.
std::string skeleton_of(std::string_view stem, bool merge_swaps) {
  if (stem.empty() || stem.size() % 2 != 0) return {};
  std::string out;
  for (std::size_t i = 0; i < stem.size(); i += 2) {
    char16_t c = arabic_letter(stem, i);
    switch (c) {
      case 0:
        return {};
      case u'\u0627':  // ا
      case u'\u0648':  // و
      case u'\u064A':  // ي
      case u'\u0621':  // ء
      case u'\u0626':  // ئ
      case u'\u0624':  // ؤ
        continue;
      case u'\u063A':                    // غ
      case u'\u0643':                    // ك
        if (merge_swaps) c = u'\u062C';  // ج
        break;
      case u'\u0634':                    // ش
        if (merge_swaps) c = u'\u0633';  // س
        break;
      default:
        break;
    }
    append_letter(c, out);
  }
  return out;
}

// Whether two stems of one skeleton may be spellings of one word, before their contexts are
// read. Spellings differ inside a word: same first letter (so يرقي/راقيا, عضوا/اعضاء do not
// meet), at most two letters more or less. Words of the dictionary on one skeleton are mostly
// different words (كتاب/كتب, كبير/جبير): a dictionary word meets another spelling only when both
// are long (كيماوي/كيميائي, انجليز/انكليزي) or only vowels differ.
bool may_be_spellings(const StemPair& pair, const VariantInputs& inputs) {
  const std::string& a = pair.first;
  const std::string& b = pair.second;
  if (skeleton_of(a.substr(0, 2), true) != skeleton_of(b.substr(0, 2), true)) return false;
  if (a.substr(0, 2) != b.substr(0, 2) && skeleton_of(a.substr(0, 2), true).empty()) return false;
  const std::size_t la = letters(a), lb = letters(b);
  if (std::max(la, lb) - std::min(la, lb) > 2) return false;
  const bool dictionary_a = inputs.is_dictionary_word(a);
  const bool dictionary_b = inputs.is_dictionary_word(b);
  if (!dictionary_a && !dictionary_b) return true;
  const bool long_words = std::min(la, lb) >= kMinDictionaryVariantLetters;
  if (dictionary_a && dictionary_b) return long_words;
  return long_words || skeleton_of(a, false) == skeleton_of(b, false);
}

}  // namespace

std::string variant_skeleton(std::string_view stem) { return skeleton_of(stem, true); }

std::vector<StemPair> learn_variant_pairs(const VariantInputs& inputs) {
  // Only stems sharing a skeleton are compared: buckets keep the pass near linear.
  std::unordered_map<std::string, std::vector<std::string>> by_skeleton;
  for (const auto& [stem, documents] : inputs.vocabulary) {
    if (documents < kMinVariantDocs || letters(stem) < kMinVariantLetters) continue;
    std::string skeleton = variant_skeleton(stem);
    // Two consonants are enough with two long vowels around them (كيماوي/كيميائي).
    if (letters(skeleton) < 2) continue;
    by_skeleton[std::move(skeleton)].push_back(stem);
  }
  std::unordered_map<std::string, VariantContext> contexts;
  auto context = [&](const std::string& stem) -> const VariantContext& {
    auto it = contexts.find(stem);
    if (it == contexts.end()) it = contexts.emplace(stem, inputs.context_of(stem)).first;
    return it->second;
  };
  std::vector<StemPair> pairs;
  for (auto& [skeleton, stems] : by_skeleton) {
    if (stems.size() < 2) continue;
    std::sort(stems.begin(), stems.end());
    for (std::size_t i = 0; i < stems.size(); ++i) {
      for (std::size_t j = i + 1; j < stems.size(); ++j) {
        StemPair pair{stems[i], stems[j]};
        if (!may_be_spellings(pair, inputs)) continue;
        if (inputs.exceptions.count(pair) != 0) continue;
        if (similarity(context(pair.first), context(pair.second), pair) < kMinVariantSimilarity) {
          continue;
        }
        pairs.push_back(std::move(pair));
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

std::set<StemPair> variant_exceptions(const Analyzer& analyzer) {
  std::set<StemPair> out;
  std::string_view text = detail::kVariantExceptionsText;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    line = line.substr(0, line.find('#'));
    const std::vector<std::string> stems = analyzer.stems(line);
    if (stems.size() == 2) out.insert(std::minmax(stems[0], stems[1]));
  }
  return out;
}

std::size_t sync_spelling_variants(Xapian::WritableDatabase& db, StemmerKind stemmer) {
  const std::string prefix(schema::kStemPrefix);
  std::vector<std::string> old_keys;
  for (auto key = db.synonym_keys_begin(prefix); key != db.synonym_keys_end(prefix); ++key) {
    old_keys.push_back(*key);
  }
  for (const std::string& key : old_keys) db.clear_synonyms(key);
  if (stemmer == StemmerKind::none) {
    db.set_metadata(std::string(schema::kMetaVariants), "0");
    return 0;
  }
  VariantInputs inputs;
  for (const char* lead : {"\xD8", "\xD9"}) {  // the lead bytes of the Arabic letters
    const std::string start = prefix + lead;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
      if (t.get_termfreq() >= kMinVariantDocs) {
        inputs.vocabulary.emplace((*t).substr(prefix.size()), t.get_termfreq());
      }
    }
  }
  inputs.context_of = [&db, &prefix](const std::string& stem) {
    return context_in(db, prefix + stem);
  };
  inputs.is_dictionary_word = [](const std::string& stem) { return is_dictionary_word(stem); };
  inputs.exceptions = variant_exceptions(schema::make_analyzer(stemmer));
  const std::vector<StemPair> pairs = learn_variant_pairs(inputs);
  for (const auto& [a, b] : pairs) {
    db.add_synonym(schema::variant_key(a), schema::variant_key(b));
    db.add_synonym(schema::variant_key(b), schema::variant_key(a));
  }
  db.set_metadata(std::string(schema::kMetaVariants), std::to_string(pairs.size()));
  return pairs.size();
}

}  // namespace bahth::index
