// Word tokenizer (rules in include/bahth/analyzer.h).
//
// Why not ICU's BreakIterator: it works on UTF-16 and costs a conversion plus a rule-based
// state machine per character, several times the cost of the rest of the analysis. Arabic and
// the Latin text mixed into Arabic news separate words with spaces and punctuation, so character
// classes (ICU's u_charType) and two in-word rules (number separators, apostrophes) give the same
// words as UAX #29 on this text. Scripts without spaces (Thai, CJK) would need the BreakIterator.
#include <unicode/uchar.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "bahth/utf8.h"

namespace bahth {
namespace {

enum class CharClass : std::uint8_t {
  separator,
  letter,       // letters, combining marks and in-word format characters
  digit,        // decimal digits of any script
  number_join,  // . , ٫ ٬: inside a word only between two digits
  letter_join,  // ' ’: inside a word only between two letters
};

CharClass classify_ascii(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::letter;
  if (c >= '0' && c <= '9') return CharClass::digit;
  if (c == '.' || c == ',') return CharClass::number_join;
  if (c == '\'') return CharClass::letter_join;
  return CharClass::separator;
}

// The class of a code point by its Unicode general category.
CharClass classify_by_category(UChar32 cp) {
  switch (u_charType(cp)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:  // includes tatweel
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:  // harakat
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_FORMAT_CHAR:  // ZWNJ, bidi marks: invisible, inside words
      return CharClass::letter;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:  // ² ½: NFKC turns them into digits
      return CharClass::digit;
    default:
      return CharClass::separator;
  }
}

// Nearly every character of Arabic news is ASCII or in the Arabic block U+0600–U+06FF: the
// block's classes are looked up in ICU once, instead of once per character.
constexpr UChar32 kArabicBlock = 0x0600;

const std::array<CharClass, 256>& arabic_block_classes() {
  static const std::array<CharClass, 256> table = [] {
    std::array<CharClass, 256> t{};
    for (UChar32 i = 0; i < 256; ++i) {
      t[static_cast<std::size_t>(i)] = classify_by_category(kArabicBlock + i);
    }
    return t;
  }();
  return table;
}

CharClass classify(UChar32 cp) {
  if (cp < 0) return CharClass::separator;  // invalid UTF-8
  if (cp < 0x80) return classify_ascii(static_cast<char>(cp));
  if (cp == 0x066B || cp == 0x066C) return CharClass::number_join;  // ٫ ٬
  if (cp == 0x2019) return CharClass::letter_join;                  // ’
  if (cp >= kArabicBlock && cp < kArabicBlock + 256) {
    return arabic_block_classes()[static_cast<std::size_t>(cp - kArabicBlock)];
  }
  return classify_by_category(cp);
}

struct Decoded {
  CharClass cls;
  std::int32_t next;  // offset just past the code point
};

Decoded decode_at(std::string_view text, std::int32_t i) {
  const auto at = static_cast<std::size_t>(i);
  if (static_cast<unsigned char>(text[at]) < 0x80) return {classify_ascii(text[at]), i + 1};
  const Utf8Char c = next_utf8(text, at);
  const UChar32 cp = c.valid() ? static_cast<UChar32>(c.code_point) : -1;
  return {classify(cp), i + static_cast<std::int32_t>(c.length)};
}

bool is_word_char(CharClass c) { return c == CharClass::letter || c == CharClass::digit; }

}  // namespace

bool WordTokenizer::next() {
  const auto n = static_cast<std::int32_t>(text_.size());
  auto i = static_cast<std::int32_t>(cursor_);
  // Skip to the first word character.
  Decoded d{CharClass::separator, i};
  while (i < n) {
    d = decode_at(text_, i);
    if (is_word_char(d.cls)) break;
    i = d.next;
  }
  if (i >= n) {
    cursor_ = text_.size();
    return false;
  }
  begin_ = static_cast<std::size_t>(i);
  CharClass prev = d.cls;
  i = d.next;
  while (i < n) {
    d = decode_at(text_, i);
    if (is_word_char(d.cls)) {
      prev = d.cls;
      i = d.next;
      continue;
    }
    const bool joins = d.cls == CharClass::number_join || d.cls == CharClass::letter_join;
    if (!joins || d.next >= n) break;
    const Decoded after = decode_at(text_, d.next);
    const CharClass wanted = d.cls == CharClass::number_join ? CharClass::digit : CharClass::letter;
    if (prev != wanted || after.cls != wanted) break;
    prev = after.cls;
    i = after.next;
  }
  end_ = static_cast<std::size_t>(i);
  cursor_ = end_;
  return true;
}

std::string without_format_chars(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    const Utf8Char c = next_utf8(word, i);
    if (!c.valid() || u_charType(static_cast<UChar32>(c.code_point)) != U_FORMAT_CHAR) {
      out.append(word.substr(i, c.length));
    }
    i += c.length;
  }
  return out;
}

}  // namespace bahth
