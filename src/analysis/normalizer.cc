// Arabic text normalization (rules listed in include/bahth/analyzer.h).
//
// Why two paths: nearly all news text is ASCII plus the Arabic block U+0600–U+06FF, where
// NFKC with case folding changes nothing but ASCII case. A table handles those characters
// directly; only a chunk that holds anything else (presentation forms, ligatures such as ﻻ and
// ﷲ, accented Latin, combining hamza U+0653–U+0655, which composes with the letter before it)
// goes through ICU's NFKC_Casefold first. Chunks are split at ASCII white space, which never takes
// part in a composition, so both paths give the same result as running ICU on the whole text.
#include <unicode/normalizer2.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/utf8.h"
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

constexpr char32_t kReplacement = 0xFFFD;

// Applies the table rules to `chunk`, handing what they write to `sink`: sink.byte(c) for a byte
// (ASCII, and the two bytes of an Arabic character kept as it is), sink.code_point(cp) for any
// other character written. With `stop_if_unsafe`, stops at the first character for which the
// table is not enough (see is_table_safe) and returns false; the caller then runs ICU first. One
// pass, because nearly every chunk of news text is table-safe. The normalizer writes through it,
// and normalized_byte_signature() reads what it would write, so the two never disagree.
template <typename Sink>
bool walk_table(std::string_view chunk, bool stop_if_unsafe, Sink& sink) {
  std::size_t i = 0;
  while (i < chunk.size()) {
    if (static_cast<unsigned char>(chunk[i]) < 0x80) {
      const char c = chunk[i++];
      sink.byte(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      continue;
    }
    const std::size_t start = i;
    const Utf8Char next = next_utf8(chunk, i);
    const char32_t cp = next.code_point;
    i += next.length;
    if (!next.valid()) {
      // Invalid bytes are replaced here; ICU would do the same.
      sink.code_point(kReplacement);
    } else if (stop_if_unsafe && !is_table_safe(cp)) {
      return false;
    } else if (cp >= 0x0600 && cp <= 0x06FF) {
      const std::uint16_t action = kArabicTable[static_cast<std::size_t>(cp - 0x0600)];
      if (action == kKeep) {  // two bytes, copied as they are
        sink.byte(chunk[start]);
        sink.byte(chunk[start + 1]);
      } else if (action != kDrop) {
        sink.code_point(action);
      }
    } else if (!is_dropped_format(cp)) {
      sink.code_point(cp);
    }
  }
  return true;
}

struct AppendTo {
  std::string& out;
  void byte(char c) { out.push_back(c); }
  void code_point(char32_t cp) { append_utf8(out, cp); }
};

// walk_table(), appending to `out`.
bool apply_table(std::string_view chunk, std::string& out, bool stop_if_unsafe) {
  AppendTo sink{out};
  return walk_table(chunk, stop_if_unsafe, sink);
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
  bool replaced = false;
  for (std::size_t i = 0; i < chunk.size();) {
    const Utf8Char next = next_utf8(chunk, i);
    if (!next.valid() && !replaced) {
      storage.assign(chunk.substr(0, i));
      replaced = true;
    }
    if (!next.valid()) {
      append_utf8(storage, kReplacement);
    } else if (replaced) {
      storage.append(chunk.substr(i, next.length));
    }
    i += next.length;
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
// REQUIRES: `cp` is a code point (callers pass decoded characters and table entries).
std::uint64_t code_point_signature(char32_t cp) {
  std::string bytes;  // at most four, held in place
  append_utf8(bytes, cp);
  std::uint64_t signature = 0;
  for (const char byte : bytes) signature |= signature_bit(static_cast<std::uint8_t>(byte));
  return signature;
}

constexpr std::uint64_t kEveryBit = ~std::uint64_t{0};

// What walk_table() writes for each character of U+0600–U+06FF, as signature bits; every bit for
// one it is not enough for (ICU could then write anything).
const std::array<std::uint64_t, 256>& arabic_signatures() {
  static const std::array<std::uint64_t, 256> bits = [] {
    std::array<std::uint64_t, 256> table{};
    for (char32_t cp = 0x0600; cp <= 0x06FF; ++cp) {
      const std::uint16_t action = kArabicTable[static_cast<std::size_t>(cp - 0x0600)];
      table[static_cast<std::size_t>(cp - 0x0600)] = !is_table_safe(cp) ? kEveryBit
                                                     : action == kKeep  ? code_point_signature(cp)
                                                     : action == kDrop
                                                         ? 0
                                                         : code_point_signature(action);
    }
    return table;
  }();
  return bits;
}

// The signature bits of raw[i, ...) for the characters read from tables (ASCII, and two-byte
// characters of the Arabic block), added to `bits`, up to the end, an ASCII space when
// `stop_at_space`, or any other character. Returns where it stopped, or npos for a character
// that gives every bit (the caller's answer is then every bit).
std::size_t add_table_signature(std::string_view raw, std::size_t i, bool stop_at_space,
                                std::uint64_t& signature) {
  const std::array<std::uint64_t, 256>& arabic = arabic_signatures();
  const std::size_t n = raw.size();
  std::uint64_t bits = signature;  // in a register: `signature` may alias anything
  while (i < n) {
    const auto lead = static_cast<std::uint8_t>(raw[i]);
    if (lead < 0x80) {
      if (lead <= ' ' && stop_at_space && is_ascii_space(static_cast<char>(lead))) break;
      bits |= signature_bit(lead >= 'A' && lead <= 'Z' ? static_cast<std::uint8_t>(lead - 'A' + 'a')
                                                       : lead);
      ++i;
      continue;
    }
    // D8–DB and a continuation byte: always a valid character of U+0600–U+06FF.
    if (lead < 0xD8 || lead > 0xDB || i + 1 == n) break;
    const auto second = static_cast<std::uint8_t>(raw[i + 1]);
    if ((second & 0xC0) != 0x80) break;
    const std::uint64_t character = arabic[((lead & 0x03u) << 6) | (second & 0x3Fu)];
    if (character == kEveryBit) return std::string_view::npos;
    bits |= character;
    i += 2;
  }
  signature = bits;
  return i;
}

// walk_table()'s signature of `raw`, for what add_table_signature() leaves.
std::uint64_t walked_signature(std::string_view raw) {
  struct SignatureOf {
    std::uint64_t bits = 0;
    void byte(char c) { bits |= signature_bit(static_cast<std::uint8_t>(c)); }
    void code_point(char32_t cp) { bits |= code_point_signature(cp); }
  } sink;
  return walk_table(raw, true, sink) ? sink.bits : kEveryBit;
}

}  // namespace

std::uint64_t byte_signature(std::string_view text) {
  std::uint64_t signature = 0;
  for (const char c : text) signature |= signature_bit(static_cast<std::uint8_t>(c));
  return signature;
}

// The bits of what walk_table() would write; a character only ICU can normalize could become
// anything, so it gives every bit. Nearly every character of news text is read from a table
// (add_table_signature): snippets call this on every word of ten bodies.
std::uint64_t normalized_byte_signature(std::string_view raw) {
  std::uint64_t bits = 0;
  const std::size_t stop = add_table_signature(raw, 0, false, bits);
  if (stop == std::string_view::npos) return kEveryBit;
  if (stop == raw.size()) return bits;
  return bits | walked_signature(raw.substr(stop));
}

SignedChunk next_signed_chunk(std::string_view text, std::size_t from) {
  while (from < text.size() && is_ascii_space(text[from])) ++from;
  SignedChunk chunk{from, from, 0};
  const std::size_t stop = add_table_signature(text, from, true, chunk.signature);
  if (stop != std::string_view::npos && (stop == text.size() || is_ascii_space(text[stop]))) {
    chunk.end = stop;
    return chunk;
  }
  // A character the tables do not hold: the rest of the chunk is walked as the normalizer would.
  std::size_t end = stop == std::string_view::npos ? from : stop;
  while (end < text.size() && !is_ascii_space(text[end])) ++end;
  chunk.end = end;
  chunk.signature = stop == std::string_view::npos
                        ? kEveryBit
                        : chunk.signature | walked_signature(text.substr(stop, end - stop));
  return chunk;
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
