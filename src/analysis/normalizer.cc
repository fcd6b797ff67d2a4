// Arabic text normalization (rules listed in include/bahth/analyzer.h).
//
// Why two paths: nearly all news text is ASCII plus the Arabic block U+0600–U+06FF, where
// NFKC with case folding changes nothing but ASCII case. A table handles those characters
// directly; only a chunk that holds anything else (presentation forms, ligatures such as ﻻ and
// ﷲ, accented Latin, combining hamza U+0653–U+0655, which composes with the letter before it)
// goes through ICU's NFKC_Casefold first. Chunks are split at ASCII white space, which never takes
// part in a composition, so both paths give the same result as running ICU on the whole text.
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "word_prefilter.h"

namespace bahth {
namespace {

// What the table does with one code point of the Arabic block.
constexpr std::uint16_t kKeep = 0;
constexpr std::uint16_t kDrop = 1;  // otherwise: the code point to write instead

constexpr std::array<std::uint16_t, 256> make_arabic_table() {
  std::array<std::uint16_t, 256> t{};
  auto set = [&t](char32_t cp, std::uint16_t action) { t[cp - 0x0600] = action; };
  auto drop_range = [&t](char32_t first, char32_t last) {
    for (char32_t cp = first; cp <= last; ++cp) t[cp - 0x0600] = kDrop;
  };
  drop_range(0x0600, 0x0605);  // Arabic number signs (format characters)
  drop_range(0x0610, 0x061A);  // small high marks used in Quranic text
  set(0x061C, kDrop);          // ARABIC LETTER MARK (bidi)
  set(0x0640, kDrop);          // tatweel: ـ stretches a word, carries no meaning
  drop_range(0x064B, 0x065F);  // harakat: fathatan … wavy hamza below
  set(0x0670, kDrop);          // superscript (dagger) alef
  drop_range(0x06D6, 0x06ED);  // Quranic annotation marks
  // Alef with hamza or madda, and wasla, are written without them as often as with them.
  for (char32_t cp : {0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673}) set(cp, 0x0627);
  set(0x0649, 0x064A);  // alef maqsura ى is written for final ي (and vice versa) in Egypt
  set(0x0629, 0x0647);  // teh marbuta ة is typed as ه; the stemmer treats both as one suffix
  // Persian and Urdu code points that keyboards put into Arabic text.
  set(0x06CC, 0x064A);  // ی farsi yeh
  set(0x06A9, 0x0643);  // ک keheh
  set(0x06AA, 0x0643);  // ڪ swash kaf
  set(0x06C1, 0x0647);  // ہ heh goal
  set(0x06BE, 0x0647);  // ھ heh doachashmee
  set(0x06C0, 0x0647);  // ۀ heh with yeh above
  set(0x06C3, 0x0647);  // ۃ teh marbuta goal
  for (char32_t d = 0; d < 10; ++d) {
    set(0x0660 + d, static_cast<std::uint16_t>('0' + d));  // Arabic-Indic ٠–٩
    set(0x06F0 + d, static_cast<std::uint16_t>('0' + d));  // Eastern Arabic-Indic ۰–۹
  }
  // Punctuation to ASCII, so that a normalized query reads the same to Xapian's parser.
  set(0x060C, ',');  // ، comma
  set(0x061B, ';');  // ؛ semicolon
  set(0x061F, '?');  // ؟ question mark
  set(0x066A, '%');  // ٪ percent
  set(0x066B, '.');  // ٫ decimal separator: ٣٫٥ is 3.5
  set(0x066C, ',');  // ٬ thousands separator
  set(0x066D, '*');  // ٭ star
  set(0x06D4, '.');  // ۔ full stop
  return t;
}

constexpr std::array<std::uint16_t, 256> kArabicTable = make_arabic_table();

// Bidi controls and zero-width characters outside the Arabic block: they change how text looks,
// never what it says.
constexpr bool is_dropped_format(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD;
}

// Characters for which NFKC_Casefold is the identity (ASCII aside) and that never combine with
// their neighbours; checked against ICU in normalizer_test.cc.
constexpr bool is_table_safe(char32_t cp) {
  if (cp < 0x80) return true;
  if (cp >= 0x0600 && cp <= 0x06FF) {
    return !(cp >= 0x0653 && cp <= 0x0655) && !(cp >= 0x0675 && cp <= 0x0678);
  }
  return is_dropped_format(cp);
}

void append_utf8(char32_t cp, std::string& out) {
  char buf[4];
  std::int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, 4, cp, error);
  if (!error) out.append(buf, static_cast<std::size_t>(len));
}

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[i] (i < n) and moves i past it, like ICU's U8_NEXT (negative for an
// invalid sequence). Nearly every non-ASCII character of Arabic news is a two-byte character of
// U+0600–U+06FF (lead bytes D8–DB): those skip ICU's general case.
UChar32 next_code_point(const std::uint8_t* s, std::int32_t& i, std::int32_t n) {
  const std::uint8_t lead = s[i];
  if (lead >= 0xD8 && lead <= 0xDB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
    const auto cp = static_cast<UChar32>(((lead & 0x1F) << 6) | (s[i + 1] & 0x3F));
    i += 2;
    return cp;
  }
  UChar32 cp = 0;
  U8_NEXT(s, i, n, cp);
  return cp;
}

// Applies the table rules to `chunk`, appending to `out`. With `stop_if_unsafe`, stops at the first
// character for which the table is not enough (see is_table_safe) and returns false; the caller
// then runs ICU first. One pass, because nearly every chunk of news text is table-safe.
bool apply_table(std::string_view chunk, std::string& out, bool stop_if_unsafe) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(chunk.data());
  const auto n = static_cast<std::int32_t>(chunk.size());
  std::int32_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      const char c = static_cast<char>(s[i++]);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      continue;
    }
    const std::int32_t start = i;
    const UChar32 cp = next_code_point(s, i, n);
    if (cp < 0) {
      // Invalid bytes are replaced here; ICU would do the same.
      append_utf8(kReplacement, out);
    } else if (stop_if_unsafe && !is_table_safe(static_cast<char32_t>(cp))) {
      return false;
    } else if (cp >= 0x0600 && cp <= 0x06FF) {
      const std::uint16_t action = kArabicTable[static_cast<std::size_t>(cp - 0x0600)];
      if (action == kKeep) {  // two bytes, copied as they are
        out.push_back(static_cast<char>(s[start]));
        out.push_back(static_cast<char>(s[start + 1]));
      } else if (action != kDrop) {
        append_utf8(action, out);
      }
    } else if (!is_dropped_format(static_cast<char32_t>(cp))) {
      append_utf8(static_cast<char32_t>(cp), out);
    }
  }
  return true;
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
      throw Error(std::string("cannot load ICU's NFKC_Casefold data: ") + u_errorName(status));
    }
    return n;
  }();
  return *instance;
}

// `chunk` with every invalid UTF-8 sequence replaced by U+FFFD, as apply_table() does; `chunk`
// itself when it is valid. ICU passes invalid bytes through untouched, so without this a
// character it drops (U+2063 in "\xD1\u2063\xAC") could join two stray bytes into a valid,
// not yet case-folded letter (U+046C), and normalizing again would change it.
std::string_view with_invalid_replaced(std::string_view chunk, std::string& storage) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(chunk.data());
  const auto n = static_cast<std::int32_t>(chunk.size());
  bool replaced = false;
  std::int32_t i = 0;
  while (i < n) {
    const std::int32_t start = i;
    UChar32 cp = 0;
    U8_NEXT(s, i, n, cp);
    if (cp < 0 && !replaced) {
      storage.assign(chunk.substr(0, static_cast<std::size_t>(start)));
      replaced = true;
    }
    if (cp < 0) {
      append_utf8(kReplacement, storage);
    } else if (replaced) {
      storage.append(
          chunk.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
  }
  return replaced ? std::string_view(storage) : chunk;
}

void normalize_chunk(std::string_view chunk, std::string& out) {
  const std::size_t out_size = out.size();
  if (apply_table(chunk, out, true)) return;
  out.resize(out_size);
  std::string valid;
  chunk = with_invalid_replaced(chunk, valid);
  std::string folded;
  icu::StringByteSink<std::string> sink(&folded, static_cast<int32_t>(chunk.size()));
  UErrorCode status = U_ZERO_ERROR;
  nfkc_casefold().normalizeUTF8(
      0, icu::StringPiece(chunk.data(), static_cast<int32_t>(chunk.size())), sink, nullptr, status);
  // ICU fails only on allocation or on invalid input; then the table alone is the best we have.
  apply_table(U_SUCCESS(status) ? std::string_view(folded) : chunk, out, false);
}

constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The bit byte_signature() gives `byte` (none for the lead bytes of U+0600–U+067F).
constexpr std::uint64_t signature_bit(std::uint8_t byte) {
  return byte == 0xD8 || byte == 0xD9 ? 0 : std::uint64_t{1} << (byte & 63);
}

// The signature bits of the UTF-8 encoding of `cp`.
std::uint64_t code_point_signature(char32_t cp) {
  char buf[4];
  std::int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, 4, cp, error);
  if (error) return ~std::uint64_t{0};  // not a code point: claim every byte, to stay a superset
  std::uint64_t signature = 0;
  for (std::int32_t k = 0; k < len; ++k)
    signature |= signature_bit(static_cast<std::uint8_t>(buf[k]));
  return signature;
}

}  // namespace

std::uint64_t byte_signature(std::string_view text) {
  std::uint64_t signature = 0;
  for (const char c : text) signature |= signature_bit(static_cast<std::uint8_t>(c));
  return signature;
}

// Follows apply_table() character by character, adding the bits of what it would write; a
// character only ICU can normalize could become anything, so it gives every bit.
std::uint64_t normalized_byte_signature(std::string_view raw) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(raw.data());
  const auto n = static_cast<std::int32_t>(raw.size());
  std::uint64_t signature = 0;
  std::int32_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      const auto c = static_cast<char>(s[i++]);
      signature |= signature_bit(
          static_cast<std::uint8_t>(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c));
      continue;
    }
    const std::int32_t start = i;
    const UChar32 cp = next_code_point(s, i, n);
    if (cp < 0) {
      signature |= code_point_signature(kReplacement);
    } else if (!is_table_safe(static_cast<char32_t>(cp))) {
      return ~std::uint64_t{0};
    } else if (cp >= 0x0600 && cp <= 0x06FF) {
      const std::uint16_t action = kArabicTable[static_cast<std::size_t>(cp - 0x0600)];
      if (action == kKeep) {
        signature |= signature_bit(s[start]) | signature_bit(s[start + 1]);
      } else if (action != kDrop) {
        signature |= code_point_signature(action);
      }
    } else if (!is_dropped_format(static_cast<char32_t>(cp))) {
      signature |= code_point_signature(static_cast<char32_t>(cp));
    }
  }
  return signature;
}

void normalize_append(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_ascii_space(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_ascii_space(text[end])) ++end;
    normalize_chunk(text.substr(i, end - i), out);
    i = end;
  }
}

std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  normalize_append(text, out);
  return out;
}

}  // namespace bahth
