// encoding.cc: detecting an input's encoding (byte order marks, UTF-8 validity, XML
// declarations, ICU's charset detector) and converting it to UTF-8 with ICU, chunk by chunk.
#include "encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include <algorithm>  // std::min
#include <array>      // std::array
#include <climits>    // INT32_MAX
#include <cstdint>    // std::uint32_t
#include <optional>   // std::optional
#include <string>     // std::string

#include "bahth/error.h"
#include "bahth/readers.h"
#include "bahth/utf8.h"
#include "input_source.h"

namespace bahth::readers {
namespace {

// A UTF-8 file with a few corrupt bytes stays UTF-8 (its bad records are reported as such)
// when its valid multi-byte characters outnumber its invalid sequences this many times over.
// Text in a legacy code page is the other way round: nearly every Arabic letter is invalid.
constexpr std::size_t kUtf8MajorityFactor = 8;

// ICU's charset detector reports a confidence from 0 to 100; below this, the match is a guess
// (a short text of a few Arabic words scores 50 in the right code page).
constexpr int kSureConfidence = 50;
// ICU's UTF-16 recognizers answer 10 for any even-sized text without a byte order mark: no
// evidence at all.
constexpr int kNoConfidence = 10;

bool starts_with_bytes(std::string_view text, std::string_view bytes) {
  return text.substr(0, bytes.size()) == bytes;
}

std::optional<DetectedEncoding> from_byte_order_mark(std::string_view head) {
  using namespace std::string_view_literals;
  // UTF-32 first: its little-endian mark starts with UTF-16's.
  if (starts_with_bytes(head, "\xFF\xFE\0\0"sv)) return DetectedEncoding{"UTF-32", "UTF-32LE"};
  if (starts_with_bytes(head, "\0\0\xFE\xFF"sv)) return DetectedEncoding{"UTF-32", "UTF-32BE"};
  if (starts_with_bytes(head, "\xFF\xFE"sv)) return DetectedEncoding{"UTF-16", "UTF-16LE"};
  if (starts_with_bytes(head, "\xFE\xFF"sv)) return DetectedEncoding{"UTF-16", "UTF-16BE"};
  if (starts_with_bytes(head, "\xEF\xBB\xBF"sv)) return DetectedEncoding{"UTF-8", "UTF-8"};
  return std::nullopt;
}

// How a sample fares as UTF-8: its valid multi-byte characters and its invalid sequences (an
// incomplete character at the very end of a cut sample is neither).
struct Utf8Tally {
  std::size_t multibyte = 0;
  std::size_t invalid = 0;
};

Utf8Tally tally_utf8(std::string_view head, bool whole) {
  Utf8Tally tally;
  std::uint32_t code_point = 0;
  for (std::size_t i = 0; i < head.size();) {
    if (static_cast<unsigned char>(head[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = decode_utf8(head, i, code_point);
    if (length > 0) {
      ++tally.multibyte;
      i += length;
    } else if (!whole && head.size() - i < 4 && is_cut_utf8(head.substr(i))) {
      break;
    } else {
      ++tally.invalid;
      ++i;
    }
  }
  return tally;
}

// UTF-16 without a byte order mark: ASCII characters give a NUL byte and Arabic letters (U+06xx)
// a 06 byte, at every other position and never at the others. No text in a single-byte or
// UTF-8 encoding looks like this, and such content is otherwise valid UTF-8 (bytes below 0x80).
std::optional<DetectedEncoding> from_utf16_pattern(std::string_view head) {
  if (head.size() < 16) return std::nullopt;
  std::array<std::size_t, 2> high{};  // NUL or 06 bytes at even and odd positions
  const std::size_t size = head.size() & ~std::size_t{1};
  for (std::size_t i = 0; i < size; ++i) {
    if (head[i] == '\0' || head[i] == '\x06') ++high[i & 1];
  }
  const std::size_t half = size / 2;
  const auto looks_like = [half](std::size_t there, std::size_t elsewhere) {
    return there * 4 >= half && elsewhere * 100 < half;
  };
  if (looks_like(high[1], high[0])) {
    return DetectedEncoding{"UTF-16LE", "UTF-16LE without a byte order mark"};
  }
  if (looks_like(high[0], high[1])) {
    return DetectedEncoding{"UTF-16BE", "UTF-16BE without a byte order mark"};
  }
  return std::nullopt;
}

// `<?xml version="1.0" encoding="windows-1256"?>`: an XML file says what it is in.
std::optional<std::string> xml_declared_encoding(std::string_view head) {
  if (!head.starts_with("<?xml")) return std::nullopt;
  const std::string_view declaration = head.substr(0, head.find("?>"));
  const std::size_t key = declaration.find("encoding");
  if (key == std::string_view::npos || declaration.size() > 512) return std::nullopt;
  std::size_t at = declaration.find_first_of("\"'", key);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t end = declaration.find(declaration[at], at + 1);
  if (end == std::string_view::npos) return std::nullopt;
  std::string name(declaration.substr(at + 1, end - at - 1));
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(name.c_str(), &status);
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_close(converter);
  return name;
}

// `<meta charset="windows-1256">` or `<meta http-equiv="Content-Type" content="text/html;
// charset=windows-1256">` in the first kilobytes: a saved web page says what it is in.
std::optional<std::string> html_declared_encoding(std::string_view head) {
  constexpr std::size_t kLookBytes = 8192;
  std::string lower(head.substr(0, kLookBytes));
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  for (std::size_t meta = lower.find("<meta"); meta != std::string::npos;
       meta = lower.find("<meta", meta + 5)) {
    const std::size_t end = lower.find('>', meta);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(lower).substr(meta, end - meta);
    const std::size_t key = tag.find("charset");
    if (key == std::string_view::npos) continue;
    std::size_t at = key + 7;
    while (at < tag.size() &&
           (tag[at] == ' ' || tag[at] == '=' || tag[at] == '"' || tag[at] == '\'')) {
      ++at;
    }
    std::size_t stop = at;
    while (stop < tag.size() &&
           (std::isalnum(static_cast<unsigned char>(tag[stop])) != 0 || tag[stop] == '-' ||
            tag[stop] == '_' || tag[stop] == '.' || tag[stop] == ':')) {
      ++stop;
    }
    if (stop == at) continue;
    const std::string name(tag.substr(at, stop - at));
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(name.c_str(), &status);
    if (U_FAILURE(status)) return std::nullopt;
    ucnv_close(converter);
    return name;
  }
  return std::nullopt;
}

std::optional<DetectedEncoding> from_charset_detector(std::string_view head) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return std::nullopt;
  ucsdet_enableInputFilter(detector, true);  // markup (feeds, HTML) is not language
  ucsdet_setText(detector, head.data(),
                 static_cast<int32_t>(std::min<std::size_t>(head.size(), INT32_MAX)), &status);
  const UCharsetMatch* match = ucsdet_detect(detector, &status);
  std::optional<DetectedEncoding> found;
  if (U_SUCCESS(status) && match != nullptr) {
    const char* name = ucsdet_getName(match, &status);
    const int confidence = ucsdet_getConfidence(match, &status);
    if (U_SUCCESS(status) && name != nullptr) {
      found = DetectedEncoding{name, "detected", confidence, confidence >= kSureConfidence};
    }
  }
  ucsdet_close(detector);
  return found;
}

bool is_arabic_code_page(std::string_view name) {
  return name == "windows-1256" || name == "ISO-8859-6";
}

// Writes U+FFFD for each byte sequence the source encoding does not map, and counts it. (ICU's
// own substitution writes U+001A, a control character, for single-byte code pages.)
void substitute_and_count(const void* context, UConverterToUnicodeArgs* args,
                          const char* /*code_units*/, int32_t /*length*/,
                          UConverterCallbackReason reason, UErrorCode* status) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to replace
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  static const UChar kReplacement = 0xFFFD;
  *status = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, status);
}

UConverter* open_converter(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(name.c_str(), &status);
  if (U_FAILURE(status)) throw SourceError("no converter for the encoding " + name);
  return converter;
}

}  // namespace

bool is_utf8_name(std::string_view name) {
  const std::string copy(name);
  return ucnv_compareNames(copy.c_str(), "UTF-8") == 0;  // ignores case, '-' and '_'
}

DetectedEncoding detect_encoding(std::string_view head, bool whole) {
  if (auto bom = from_byte_order_mark(head)) {
    // The converter's name comes first; the name shown says the byte order.
    return DetectedEncoding{bom->name, bom->why + " byte order mark"};
  }
  if (auto utf16 = from_utf16_pattern(head)) return *utf16;
  const Utf8Tally utf8 = tally_utf8(head, whole);
  if (utf8.invalid == 0) return DetectedEncoding{"UTF-8", "valid UTF-8"};
  if (utf8.multibyte > 0 && utf8.multibyte >= kUtf8MajorityFactor * utf8.invalid) {
    return DetectedEncoding{"UTF-8", "mostly valid UTF-8"};
  }
  if (auto declared = xml_declared_encoding(head)) {
    return DetectedEncoding{*declared, "XML declaration"};
  }
  if (auto declared = html_declared_encoding(head)) {
    return DetectedEncoding{*declared, "HTML meta charset"};
  }
  if (auto detected = from_charset_detector(head)) return *detected;
  return DetectedEncoding{"UTF-8", "nothing detected", 0, false};
}

struct Transcoder::Converters {
  static constexpr std::size_t kPivotUnits = 1024;
  UConverter* source = nullptr;
  UConverter* utf8 = nullptr;
  std::array<UChar, kPivotUnits> pivot{};
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();

  ~Converters() {
    if (source != nullptr) ucnv_close(source);
    if (utf8 != nullptr) ucnv_close(utf8);
  }
};

Transcoder::Transcoder(const std::string& encoding) : converters_(std::make_unique<Converters>()) {
  converters_->source = open_converter(encoding);
  converters_->utf8 = open_converter("UTF-8");
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(converters_->source, substitute_and_count, &replaced_, nullptr, nullptr,
                      &status);
  if (U_FAILURE(status)) throw SourceError("cannot set up the conversion from " + encoding);
}

Transcoder::~Transcoder() = default;

std::size_t Transcoder::convert(std::string_view& in, char* dst, std::size_t n, bool flush) {
  Converters& c = *converters_;
  char* target = dst;
  const char* source = in.data();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_convertEx(c.utf8, c.source, &target, dst + std::min<std::size_t>(n, INT32_MAX), &source,
                 in.data() + in.size(), c.pivot.data(), &c.pivot_source, &c.pivot_target,
                 c.pivot.data() + c.pivot.size(), false, flush, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) status = U_ZERO_ERROR;  // dst is full: call again
  if (U_FAILURE(status)) {
    throw SourceError(std::string("cannot convert to UTF-8: ") + u_errorName(status));
  }
  in.remove_prefix(static_cast<std::size_t>(source - in.data()));
  return static_cast<std::size_t>(target - dst);
}

std::string prepare_encoding(InputSource& source, const std::string& setting) {
  if (setting != "auto") {
    if (!is_utf8_name(setting)) source.convert_from(setting);
    return {};  // the user said so: nothing to tell
  }
  const std::string_view head = source.peek_arrived(kEncodingSampleBytes);
  const DetectedEncoding found = detect_encoding(head, source.peek_whole());
  if (!found.sure && is_arabic_code_page(found.name)) {
    // bahth reads Arabic news: a guess of an Arabic code page is acted on, and said.
    source.convert_from(found.name);
    return "encoding unsure: read as " + found.name + " (ICU's charset detector is " +
           std::to_string(found.confidence) +
           "% sure); give --encoding NAME if the text comes "
           "out wrong";
  }
  if (!found.sure) {
    // Any other guess is not acted on: converting from the wrong code page would garble every
    // record, whereas reading as UTF-8 reports the bad records. The user is told what to try.
    if (is_utf8_name(found.name) || found.confidence <= kNoConfidence) {
      return "not valid UTF-8, and ICU's charset detector recognizes nothing: read as UTF-8; "
             "give --encoding NAME if you know the encoding";
    }
    return "encoding unsure: not valid UTF-8, and ICU's charset detector is only " +
           std::to_string(found.confidence) + "% sure of " + found.name +
           ": read as UTF-8; give --encoding " + found.name + " if that is right";
  }
  if (is_utf8_name(found.name)) return {};
  source.convert_from(found.name);
  return "read as " + found.name + " (" + found.why + ")";
}

}  // namespace bahth::readers

namespace bahth {

std::string parse_encoding_name(std::string_view name) {
  if (name == "auto") return "auto";
  std::string copy(name);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(copy.c_str(), &status);
  if (converter != nullptr) ucnv_close(converter);
  if (U_FAILURE(status) || copy.empty()) {
    throw UsageError("--encoding " + copy +
                     ": not an encoding ICU knows; expected auto or a name such as UTF-8, "
                     "UTF-16, windows-1256 or ISO-8859-6");
  }
  return copy;  // as the user wrote it: ICU's internal names (ibm-5352_P100-1998) say less
}

}  // namespace bahth
