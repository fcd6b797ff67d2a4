// Word tokenizer (rules in include/bahth/analyzer.h).
//
// Why not ICU's BreakIterator: it works on UTF-16 and costs a conversion plus a rule-based
// state machine per character, several times the cost of the rest of the analysis. Arabic and
// the Latin text mixed into Arabic news separate words with spaces and punctuation, so character
// classes (ICU's u_charType) and two in-word rules (number separators, apostrophes) give the same
// words as UAX #29 on this text. Scripts without spaces (Thai, CJK) would need the BreakIterator.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

#include "bahth/analyzer.h"

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

CharClass classify(UChar32 cp) {
  if (cp < 0) return CharClass::separator;  // invalid UTF-8
  if (cp < 0x80) return classify_ascii(static_cast<char>(cp));
  if (cp == 0x066B || cp == 0x066C) return CharClass::number_join;  // ٫ ٬
  if (cp == 0x2019) return CharClass::letter_join;                  // ’
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

struct Decoded {
  CharClass cls;
  std::int32_t next;  // offset just past the code point
};

Decoded decode_at(std::string_view text, std::int32_t i) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  if (s[i] < 0x80) return {classify_ascii(static_cast<char>(s[i])), i + 1};
  UChar32 cp = 0;
  U8_NEXT(s, i, n, cp);
  return {classify(cp), i};
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

}  // namespace bahth
