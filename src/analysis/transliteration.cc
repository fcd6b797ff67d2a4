#include "transliteration.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/utf8.h"
#include "exonyms.h"
#include "lexicon.h"

namespace bahth {
namespace {

// The code point of the two-byte UTF-8 Arabic-block letter at `s[i]`, or 0 when it is not one.
char16_t arabic_letter(std::string_view s, std::size_t i) { return arabic_block_char_at(s, i); }

bool is_core_letter(char16_t c) {
  return (c >= u'\u0621' && c <= u'\u063A') || (c >= u'\u0641' && c <= u'\u064A');
}

void append_letter(char16_t c, std::string& out) { append_utf8(out, c); }

// The consonant classes of latin_match_key: the letters a Latin spelling writes alike (ت ط ث
// are all t), each class marked by the letter at its place in kClassMarks. The Persian letters
// (پ گ ک ڤ ی) go with the Arabic ones.
constexpr std::string_view kClassMarks = "BTKHXDRZSFLMN";
constexpr std::u16string_view kClassLetters[] = {
    u"بپ", u"تطث", u"جغكقگک", u"حهة", u"خ", u"دضذ", u"ر", u"زظ", u"سصش", u"فڤ", u"ل", u"م", u"ن"};
// The letters a Latin spelling leaves unwritten: long vowels, ع, hamza.
constexpr std::u16string_view kUnwrittenLetters = u"اأإآءئؤىعويی";

// The class of every letter of the Arabic block, '?' for the letters of no class.
constexpr std::array<char, 0x100> kClassOfArabicBlock = [] {
  std::array<char, 0x100> classes{};
  classes.fill('?');
  static_assert(std::size(kClassLetters) == kClassMarks.size());
  for (std::size_t i = 0; i < kClassMarks.size(); ++i) {
    for (const char16_t letter : kClassLetters[i]) classes[letter - 0x600] = kClassMarks[i];
  }
  for (const char16_t letter : kUnwrittenLetters) classes[letter - 0x600] = '\0';
  return classes;
}();

// The class of a consonant in latin_match_key, '\0' for a letter a Latin spelling leaves unwritten,
// '?' for anything that is no Arabic letter.
char consonant_class(char16_t c) {
  return c >= 0x600 && c < 0x700 ? kClassOfArabicBlock[c - 0x600] : '?';
}

// The mark of a key's first letter when it is not a consonant: a vowel, ع or hamza; و; ي.
char leading_mark(char16_t c) {
  if (c == u'\u0648') return 'W';
  if (c == u'\u064A' || c == u'\u06CC') return 'Y';
  return 'V';
}

bool is_latin_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// One step of latin_to_arabic: Latin letters (or an Arabizi digit) and the Arabic they stand for;
// with `before`, only when one of those letters follows (c before e, i, y is س).
struct LatinRule {
  std::string_view latin;
  std::string_view arabic;
  std::string_view before = {};
};

// English spellings of Arabic names and the Arabizi digits, tried in this order at each place,
// the first that matches taken: the digits, the letter pairs that stand for one consonant, each
// vowel as the long vowel it may stand for (a ا, e i y ي, o u و; a run of one letter is written
// once afterwards), then each other consonant as its letter. (A leading vowel is made ا before.)
// The same results as ICU's rules ("sh > ش; ...", then ::Latin-Arabic for the consonants left)
// for every word of up to four letters and a million longer ones, without building an ICU
// transliterator: that took ~10 ms
// of CPU in each search process with a Latin word (bench/HISTORY.md, latin4).
constexpr LatinRule kLatinRules[] = {
    {"3", "\u0639"},        {"7", "\u062D"},        {"5", "\u062E"},        {"2", "\u0621"},
    {"6", "\u0637"},        {"9", "\u0642"},        {"sh", "\u0634"},       {"kh", "\u062E"},
    {"gh", "\u063A"},       {"th", "\u062B"},       {"dh", "\u0630"},       {"ch", "\u0634"},
    {"ph", "\u0641"},       {"ck", "\u0643"},       {"aa", "\u0627\u0639"}, {"ou", "\u0648"},
    {"oo", "\u0648"},       {"ee", "\u064A"},       {"ie", "\u064A"},       {"ei", "\u064A"},
    {"ai", "\u0627\u064A"}, {"ay", "\u0627\u064A"}, {"aw", "\u0627\u0648"}, {"c", "\u0633", "eiy"},
    {"c", "\u0643"},        {"q", "\u0642"},        {"x", "\u0643\u0633"},  {"v", "\u0641"},
    {"p", "\u0628"},        {"g", "\u063A"},        {"j", "\u062C"},        {"a", "\u0627"},
    {"e", "\u064A"},        {"i", "\u064A"},        {"y", "\u064A"},        {"o", "\u0648"},
    {"u", "\u0648"},        {"b", "\u0628"},        {"d", "\u062F"},        {"f", "\u0641"},
    {"h", "\u0647"},        {"k", "\u0643"},        {"l", "\u0644"},        {"m", "\u0645"},
    {"n", "\u0646"},        {"r", "\u0631"},        {"s", "\u0633"},        {"t", "\u062A"},
    {"w", "\u0648"},        {"z", "\u0632"},
};

// The first of kLatinRules that matches `latin` at its start, or none.
const LatinRule* latin_rule_at(std::string_view latin) {
  for (const LatinRule& rule : kLatinRules) {
    if (!latin.starts_with(rule.latin)) continue;
    if (!rule.before.empty() &&
        (latin.size() == rule.latin.size() ||
         rule.before.find(latin[rule.latin.size()]) == std::string_view::npos)) {
      continue;
    }
    return &rule;
  }
  return nullptr;
}

// The length of the UTF-8 sequence a byte starts (1 for a stray continuation byte).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

std::string consonant_skeleton(std::string_view stem, bool merge_swaps) {
  if (stem.empty() || stem.size() % 2 != 0) return {};
  std::string out;
  for (std::size_t i = 0; i < stem.size(); i += 2) {
    char16_t c = arabic_letter(stem, i);
    if (!is_core_letter(c)) return {};
    switch (c) {
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

bool is_latin_word(std::string_view word) {
  if (word.size() < 3) return false;
  bool letters = false;
  for (const char c : word) {
    if (c >= 'a' && c <= 'z') {
      letters = true;
    } else if (c != '2' && c != '3' && c != '5' && c != '6' && c != '7' && c != '9') {
      return false;
    }
  }
  return letters;
}

std::string latin_to_arabic(std::string_view word) {
  std::string latin;
  latin.reserve(word.size());
  for (const char c : word) {
    latin.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (!latin.empty() && is_latin_vowel(latin.front())) {
    // Erdogan اردوغان, Idlib ادلب, Obama اوباما: a leading vowel is written ا.
    std::size_t vowels = 1;
    while (vowels < latin.size() && is_latin_vowel(latin[vowels]) &&
           latin[vowels] == latin.front()) {
      ++vowels;
    }
    latin.replace(0, vowels, "\xD8\xA7");
  }
  std::string out;
  std::string_view last;  // the last letter written: a doubled letter (Assad, Raqqa) once
  auto write = [&](std::string_view letters) {
    for (std::size_t i = 0; i < letters.size();) {
      const std::string_view letter =
          letters.substr(i, utf8_length(static_cast<unsigned char>(letters[i])));
      if (letter != last) out.append(letter);
      last = letter;
      i += letter.size();
    }
  };
  std::string_view rest = latin;
  while (!rest.empty()) {
    if (const LatinRule* rule = latin_rule_at(rest)) {
      write(rule->arabic);
      rest.remove_prefix(rule->latin.size());
    } else {
      // Not a Latin letter (the ا above): as it is.
      const std::size_t n = std::min(rest.size(), utf8_length(static_cast<unsigned char>(rest[0])));
      write(rest.substr(0, n));
      rest.remove_prefix(n);
    }
  }
  return out;
}

std::vector<std::string> latin_renderings(std::string_view word) {
  std::vector<std::string> out{latin_to_arabic(word)};
  std::string voiced(word);
  bool changed = false;
  for (std::size_t i = 1; i + 1 < voiced.size(); ++i) {
    const char before = voiced[i - 1];
    if (voiced[i] == 's' && (is_latin_vowel(before) || before == 'y') &&
        is_latin_vowel(voiced[i + 1])) {
      voiced[i] = 'z';
      changed = true;
    }
  }
  if (changed) out.push_back(latin_to_arabic(voiced));
  return out;
}

std::string latin_match_key(std::string_view stem) {
  if (stem.empty() || stem.size() % 2 != 0) return {};
  std::string key;
  const std::size_t letters = stem.size() / 2;
  for (std::size_t n = 0; n < letters; ++n) {
    const char16_t c = arabic_letter(stem, 2 * n);
    const char cls = consonant_class(c);
    if (cls == '?') return {};
    if (n == 0 && cls == '\0') {
      key.push_back(leading_mark(c));
      continue;
    }
    // A final ه or ة is the feminine ending a Latin spelling writes as a vowel.
    if (n + 1 == letters && n > 0 && (c == u'\u0647' || c == u'\u0629')) break;
    if (cls == '\0' || (!key.empty() && key.back() == cls)) continue;
    key.push_back(cls);
  }
  return key;
}

std::vector<std::string> latin_word_keys(std::string_view word, std::size_t min_consonants) {
  std::vector<std::string> keys;
  // An acronym (BBC, CNN) is spelled out in Arabic (بي بي سي), not transliterated.
  if (word.find_first_of("aeiouy2357") == std::string_view::npos) return keys;
  auto add = [&keys](std::string key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  for (const std::string& arabic : latin_renderings(word)) {
    std::string key = latin_match_key(arabic);
    if (key.empty()) continue;
    const char first = word.front();
    if (is_latin_vowel(first) || first == '2' || first == '3') {
      // A leading vowel, 2 or 3 is the stem's ا, hamza or ع: marked as one.
      if (key.front() == 'V' || key.front() == 'W' || key.front() == 'Y') key.erase(0, 1);
      key.insert(0, 1, 'V');
    }
    const std::size_t consonants =
        key.size() - ((key.front() == 'V' || key.front() == 'W' || key.front() == 'Y') ? 1 : 0);
    if (consonants < min_consonants) continue;
    // "Fatah" is فتح as often as an ending ه: the key with the H too.
    const std::size_t n = word.size();
    const bool ending_h =
        n >= 2 && word[n - 1] == 'h' && is_latin_vowel(word[n - 2]) && key.back() != 'H';
    add(key);
    if (ending_h) add(key + 'H');
  }
  return keys;
}

namespace {

bool has_vowel(std::string_view latin) {
  return latin.find_first_of("aeiouy") != std::string_view::npos;
}

std::optional<CompoundName> compound_if_fit(std::string_view shared, std::string_view rest,
                                            bool shared_first) {
  if (rest.size() < 3 || !has_vowel(rest) || !is_latin_word(rest)) return std::nullopt;
  return CompoundName{shared, std::string(rest), shared_first};
}

}  // namespace

std::optional<CompoundName> compound_name(std::string_view word) {
  constexpr std::string_view kAllah = "\xD8\xA7\xD9\x84\xD9\x84\xD9\x87";          // الله
  constexpr std::string_view kAddin = "\xD8\xA7\xD9\x84\xD8\xAF\xD9\x8A\xD9\x86";  // الدين
  constexpr std::string_view kAbd = "\xD8\xB9\xD8\xA8\xD8\xAF";                    // عبد
  const std::size_t n = word.size();
  // X-allah: Nasrallah, Hezbollah, Fethullah, Abdullah (before Abd al-X: its rest is "abdu").
  if (n > 4 && word.ends_with("llah") && is_latin_vowel(word[n - 5])) {
    return compound_if_fit(kAllah, word.substr(0, n - 4), false);
  }
  // X-eddin: Salahuddin, Nureddin, Ezzeddine, Zinedine, Alaeddin.
  std::string_view before = word;
  if (before.ends_with("dine")) before.remove_suffix(1);
  if (before.ends_with("din") && before.size() > 4) {
    before.remove_suffix(3);
    if (before.back() == 'd' || before.back() == 'l') before.remove_suffix(1);
    if (!before.empty() && is_latin_vowel(before.back())) {
      before.remove_suffix(1);
      return compound_if_fit(kAddin, before, false);
    }
  }
  // Abd al-X: Abdelmalek, Abdulaziz, Abderrahman (the article's l become the next letter),
  // Abdrabbuh (no article).
  if (word.starts_with("abd") && n > 3) {
    std::string_view rest = word.substr(3);
    if (is_latin_vowel(rest.front())) {
      rest.remove_prefix(1);
      // The article's l, or the letter it became written twice: one letter goes either way.
      const bool article = rest.starts_with("l") || (rest.size() > 1 && rest[0] == rest[1]);
      if (article) rest.remove_prefix(1);
    }
    return compound_if_fit(kAbd, rest, true);
  }
  return std::nullopt;
}

bool is_latin_name_part(std::string_view word) {
  if (word.size() == 2) return word[0] >= 'a' && word[0] <= 'z' && word[1] >= 'a' && word[1] <= 'z';
  return is_latin_word(word);
}

namespace {

// The article before a name: al, el, and its forms before a sun letter written as that letter
// (ash-Sharaa, ez-Zor, ad-Din, ar-Rahman), which stand for the article before it only.
bool is_article(std::string_view word, std::string_view next) {
  if (word == "al" || word == "el") return true;
  if (word.size() < 2 || (word[0] != 'a' && word[0] != 'e')) return false;
  const std::string_view letters = word.substr(1);
  static constexpr std::string_view kSunLetters[] = {"t", "th", "d",  "dh", "r",
                                                     "z", "s",  "sh", "n",  "l"};
  return std::find(std::begin(kSunLetters), std::end(kSunLetters), letters) !=
             std::end(kSunLetters) &&
         next.starts_with(letters);
}

// The particles of a name written as a word of their own before it (bin Salman بن سلمان, abu
// Bakr أبو بكر), and their Arabic words.
std::optional<std::string_view> particle_word(std::string_view word) {
  constexpr std::string_view kBin = "\xD8\xA8\xD9\x86";           // بن
  constexpr std::string_view kIbn = "\xD8\xA7\xD8\xA8\xD9\x86";   // ابن
  constexpr std::string_view kBint = "\xD8\xA8\xD9\x86\xD8\xAA";  // بنت
  constexpr std::string_view kAbu = "\xD8\xA3\xD8\xA8\xD9\x88";   // أبو
  constexpr std::string_view kUmm = "\xD8\xA3\xD9\x85";           // أم
  if (word == "bin" || word == "ben") return kBin;
  if (word == "ibn") return kIbn;
  if (word == "bint") return kBint;
  if (word == "abu" || word == "abou" || word == "abo") return kAbu;
  if (word == "umm" || word == "um") return kUmm;
  return std::nullopt;
}

bool is_abd(std::string_view word) {
  return word == "abd" || word == "abdel" || word == "abdul" || word == "abdal" ||
         word == "abdol" || word == "abdoul" || word == "abdu";
}

bool is_allah(std::string_view word) {
  return word == "allah" || word == "ullah" || word == "ollah" || word == "alla" || word == "ellah";
}

bool is_din(std::string_view word) {
  return word == "din" || word == "dine" || word == "deen" || word == "eddin" || word == "eddine" ||
         word == "uddin" || word == "addin" || word == "eldin";
}

// A span of `count` words at `first` whose joined form is a compound name (compound_name).
std::optional<LatinNameSpan> joined_compound(const std::vector<std::string>& words,
                                             std::size_t first, std::size_t count) {
  std::string joined;
  for (std::size_t i = first; i < first + count; ++i) joined += words[i];
  if (!compound_name(joined)) return std::nullopt;
  return LatinNameSpan{first, count, std::move(joined), std::nullopt};
}

// The span the transliteration rules read at `first` (latin_name_spans), if any.
std::optional<LatinNameSpan> rule_span(const std::vector<std::string>& words, std::size_t first) {
  const std::size_t left = words.size() - first;
  if (left < 2) return std::nullopt;
  const std::string& word = words[first];
  const std::string& next = words[first + 1];
  // Abd al-X: abdel fattah, abd al aziz.
  if (is_abd(word)) {
    if (left >= 3 && is_article(next, words[first + 2])) {
      if (auto span = joined_compound(words, first, 3)) return span;
    }
    return joined_compound(words, first, 2);
  }
  // X-allah, X-ad-din: nasr allah, salah al din, nour eddine.
  if (is_allah(next) || is_din(next)) return joined_compound(words, first, 2);
  if (left >= 3 && is_article(next, words[first + 2]) && is_din(words[first + 2])) {
    return joined_compound(words, first, 3);
  }
  if (!is_latin_word(next)) return std::nullopt;
  if (is_article(word, next)) return LatinNameSpan{first, 2, next, std::nullopt};
  if (const std::optional<std::string_view> particle = particle_word(word)) {
    return LatinNameSpan{first, 2, next, CompoundName{*particle, next, true}};
  }
  return std::nullopt;
}

}  // namespace

std::vector<LatinNameSpan> latin_name_spans(const std::vector<std::string>& words) {
  std::vector<LatinNameSpan> spans;
  std::size_t i = 0;
  while (i < words.size()) {
    std::optional<LatinNameSpan> found;
    // The table first, its longest form: "mohammed bin salman" before the rule's "bin salman".
    for (std::size_t count = std::min(kMaxLatinNameWords, words.size() - i); count >= 2 && !found;
         --count) {
      std::string form = words[i];
      for (std::size_t j = i + 1; j < i + count; ++j) form.append(1, ' ').append(words[j]);
      if (!exonym_spellings(form).empty()) found = LatinNameSpan{i, count, form, std::nullopt};
    }
    if (!found) found = rule_span(words, i);
    if (found) {
      i += found->count;
      spans.push_back(*std::move(found));
    } else {
      ++i;
    }
  }
  return spans;
}

namespace {

std::u16string letters_of(std::string_view arabic) {
  std::u16string out;
  for (std::size_t i = 0; i + 1 < arabic.size(); i += 2) out.push_back(arabic_letter(arabic, i));
  return out;
}

bool is_long_vowel(char16_t c) {
  return c == u'\u0627' || c == u'\u0648' || c == u'\u064A' || c == u'\u0649';
}

// The letters one Latin letter stands for: h ح ه, t ت ط, s س ص, d د ض, z ز ظ, k c q ك ق, g j ج غ.
char latin_letter_class(char16_t c) {
  switch (c) {
    case u'\u062D':
    case u'\u0647':
    case u'\u0629':
      return 'h';
    case u'\u062A':
    case u'\u0637':
    case u'\u062B':  // ث: th is ت in the names of the West (Theresa تيريزا), ث in Arabic ones
      return 't';
    case u'\u0633':
    case u'\u0635':
      return 's';
    case u'\u062F':
    case u'\u0636':
    case u'\u0630':
      return 'd';
    case u'\u0632':
    case u'\u0638':
      return 'z';
    case u'\u0643':
    case u'\u0642':
      return 'k';
    case u'\u062C':
    case u'\u063A':
      return 'g';
    default:
      return '\0';
  }
}

// What a letter of the stem costs when the Latin spelling has nothing for it: a long vowel
// half a letter (Trump ترامب), ع three quarters (Latin spellings often leave it out), others one.
double stem_letter_cost(char16_t c) {
  if (is_long_vowel(c)) return 0.5;
  if (c == u'\u0639') return 0.75;
  // A hamza on a seat is a consonant no Latin spelling writes (Mosul is not مسؤول).
  if (c == u'\u0626' || c == u'\u0624' || c == u'\u0621') return 1.25;
  return 1.0;
}

// What a letter of the Latin spelling costs when the stem has nothing for it: a vowel a quarter
// (English writes the short vowels Arabic leaves out: Netanyahu نتنياهو, Yemen يمن), but the
// stressed one more (`stressed`), which Arabic writes long.
double latin_letter_cost(char16_t c, bool stressed) {
  if (is_long_vowel(c)) return stressed ? kStressedVowelCost : 0.25;
  return c == u'\u0639' ? 0.5 : 1.0;  // the ع of "aa" (Daraa درعا) is a guess
}

// The place in a rendering's letters of its stressed vowel, the last vowel a consonant follows
// (Bo-RIS, The-RE-sa, Sa-LAH), or npos for none: also when two consonants follow it (Bakr بكر,
// Trump), where Arabic keeps a vowel short.
std::size_t stressed_vowel(const std::u16string& letters) {
  std::size_t consonants_after = 0;
  for (std::size_t i = letters.size(); i-- > 0;) {
    if (!is_long_vowel(letters[i])) {
      ++consonants_after;
    } else if (consonants_after > 0) {
      return consonants_after == 1 ? i : std::u16string::npos;
    } else {
      consonants_after = 0;
    }
  }
  return std::u16string::npos;
}

double substitute_cost(char16_t a, char16_t b) {
  if (a == b) return 0;
  if (b == u'\u0626' || b == u'\u0624' || b == u'\u0621') return 1.25;
  // Another vowel is a Latin vowel left out and the stem's added (Mosul is not مسال).
  if (is_long_vowel(a) && is_long_vowel(b)) return 0.75;
  // A Latin vowel often stands for ع (Abbas عباس, Saad سعد): as if left out.
  if (is_long_vowel(a) && b == u'\u0639') return 0.75;
  const char ca = latin_letter_class(a);
  if (ca != '\0' && ca == latin_letter_class(b)) return 0.25;
  return 1.0;
}

}  // namespace

double latin_spelling_distance(std::string_view rendering, std::string_view stem, bool stressed) {
  std::u16string a = letters_of(rendering);
  std::u16string b = letters_of(stem);
  // The feminine ending a Latin spelling writes as a vowel or not at all (Raqqa, Gaza, الرقة).
  if (b.size() > 1 &&
      (b.back() == u'\u0629' || (b.back() == u'\u0647' && !a.empty() && a.back() != u'\u0647'))) {
    const bool feminine = b.back() == u'\u0629';
    b.pop_back();
    if (feminine && a.size() > 2 && a.back() == u'\u0647' && a[a.size() - 2] == u'\u0627') {
      // Hasakah الحسكة: a final "ah" is the ة too.
      a.resize(a.size() - 2);
    } else if (a.size() > 1 && is_long_vowel(a.back())) {
      a.pop_back();
    }
  }
  const std::size_t stressed_at = stressed ? stressed_vowel(a) : std::u16string::npos;
  std::vector<double> row(b.size() + 1);
  for (std::size_t j = 1; j <= b.size(); ++j) row[j] = row[j - 1] + stem_letter_cost(b[j - 1]);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const double latin_cost = latin_letter_cost(a[i - 1], i - 1 == stressed_at);
    double diagonal = row[0];
    row[0] += latin_cost;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const double above = row[j];
      row[j] = std::min({above + latin_cost, row[j - 1] + stem_letter_cost(b[j - 1]),
                         diagonal + substitute_cost(a[i - 1], b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

double latin_spelling_distance(const std::vector<std::string>& renderings, std::string_view stem,
                               bool stressed) {
  double best = 0;
  for (std::size_t i = 0; i < renderings.size(); ++i) {
    const double d =
        latin_spelling_distance(renderings[i], stem, stressed) + (i > 0 ? kVoicedSCost : 0.0);
    if (i == 0 || d < best) best = d;
  }
  return best;
}

bool latin_stress_written_long(std::string_view word) {
  std::size_t end = word.size();
  while (end > 0 && (is_latin_vowel(word[end - 1]) || word[end - 1] == 'y')) --end;
  // One consonant, or two letters written as one (sh, kh, gh, th, dh, ch, ph, ck).
  std::size_t consonants = 0;
  std::size_t i = end;
  while (i > 0 && !is_latin_vowel(word[i - 1])) {
    const bool digraph = i >= 2 && !is_latin_vowel(word[i - 2]) &&
                         ((word[i - 1] == 'h' && std::string_view("skgtdcp").find(word[i - 2]) !=
                                                     std::string_view::npos) ||
                          (word[i - 2] == 'c' && word[i - 1] == 'k'));
    i -= digraph ? 2 : 1;
    ++consonants;
  }
  if (i == 0 || consonants != 1) return false;
  // The vowel before it, alone or in a run (ee, ie, ou are long).
  const bool lone_e = word[i - 1] == 'e' && (i < 2 || !is_latin_vowel(word[i - 2]));
  return !lone_e;
}

bool is_common_word(std::string_view stem) {
  auto common = [](std::string_view word) {
    const detail::LexiconEntry entry = detail::Lexicon::instance().find(word);
    return entry.base_word && !entry.name && !entry.place_name;
  };
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال
  return common(stem) || (stem.starts_with(kArticle) && stem.size() > kArticle.size() + 2 &&
                          common(stem.substr(kArticle.size())));
}

std::vector<std::string> key_first_letters(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  auto add = [&out](std::u16string_view letters) {
    for (const char16_t c : letters) {
      std::string utf8;
      append_letter(c, utf8);
      if (std::find(out.begin(), out.end(), utf8) == out.end()) out.push_back(std::move(utf8));
    }
  };
  for (const std::string& key : keys) {
    if (key.empty()) continue;
    switch (key.front()) {
      case 'V':
        add(u"\u0627\u0639\u0621\u0623\u0625\u0622\u0626\u0624");
        break;
      case 'W':
        add(u"\u0648");
        break;
      case 'Y':
        add(u"\u064A");
        break;
      case 'B':
        add(u"\u0628");
        break;
      case 'T':
        add(u"\u062A\u0637\u062B");
        break;
      case 'K':
        add(u"\u062C\u063A\u0643\u0642");
        break;
      case 'H':
        add(u"\u062D\u0647");
        break;
      case 'X':
        add(u"\u062E");
        break;
      case 'D':
        add(u"\u062F\u0636\u0630");
        break;
      case 'R':
        add(u"\u0631");
        break;
      case 'Z':
        add(u"\u0632\u0638");
        break;
      case 'S':
        add(u"\u0633\u0635\u0634");
        break;
      case 'F':
        add(u"\u0641");
        break;
      case 'L':
        add(u"\u0644");
        break;
      case 'M':
        add(u"\u0645");
        break;
      case 'N':
        add(u"\u0646");
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace bahth
