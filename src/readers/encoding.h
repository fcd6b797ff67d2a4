// encoding.h: which character encoding an input is in, and its conversion to UTF-8 with ICU.
//
// Valid UTF-8 is never converted (the readers' fast path). Other encodings (UTF-16 and UTF-32
// with a byte order mark, the legacy Arabic code pages Windows-1256 and ISO-8859-6, whatever
// ICU's charset detector recognizes, or what --encoding names) are converted chunk by chunk, so
// a file of any size costs a fixed amount of memory.
#ifndef BAHTH_READERS_ENCODING_H_
#define BAHTH_READERS_ENCODING_H_

#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "bahth/non_copyable.h"

namespace bahth::readers {

/// Bytes of content the detector looks at: enough for ICU's n-gram statistics to be sure of a
/// short article, small enough to cost nothing next to the reading itself.
inline constexpr std::size_t kEncodingSampleBytes = 64u << 10;

/// What the detector decided for one input.
struct DetectedEncoding {
  std::string name;      // an ICU converter name; "UTF-8" means no conversion
  std::string why;       // "byte order mark", "XML declaration", "detected", ...
  int confidence = 100;  // ICU's 0–100 confidence for a detected legacy encoding
  bool sure = true;      // false: the user should check the text and maybe give --encoding
};

/// Decides the encoding of content that starts with `head` (`whole`: head is all of it).
/// Order: a byte order mark; UTF-16's pattern of zero bytes; valid UTF-8 (an incomplete last
/// character is allowed when the head is cut), or UTF-8 whose valid multi-byte characters far
/// outnumber its invalid bytes; an XML declaration's encoding; an HTML `<meta charset>` (or
/// http-equiv Content-Type) in the first 8 KiB; ICU's charset detector (`sure`
/// when it is at least 50% confident); UTF-8 when it finds nothing.
DetectedEncoding detect_encoding(std::string_view head, bool whole);

/// True for the names of UTF-8 ("UTF-8", "utf8", ...), which need no conversion.
bool is_utf8_name(std::string_view name);

/// Converts a stream from one encoding to UTF-8, in pieces of any size. Bytes that are not valid
/// in the source encoding become U+FFFD and are counted.
class Transcoder : NonCopyable {
 public:
  /// Throws SourceError when ICU has no converter of that name.
  explicit Transcoder(const std::string& encoding);
  ~Transcoder();

  /// Converts from `in` (advanced past what was consumed) into up to `n` bytes at `dst`; returns
  /// the bytes written. `flush`: `in` holds the last bytes of the input. Throws SourceError.
  std::size_t convert(std::string_view& in, char* dst, std::size_t n, bool flush);

  /// Source bytes (or sequences) replaced by U+FFFD so far.
  std::size_t replaced() const { return replaced_; }

 private:
  struct Converters;
  std::unique_ptr<Converters> converters_;
  std::size_t replaced_ = 0;
};

class InputSource;

/// Sets `source` up to deliver UTF-8. `setting` is "auto" (detect from the first
/// kEncodingSampleBytes) or an ICU converter name (--encoding, already checked). Returns what to
/// tell the user about the file ("read as windows-1256 (detected)"; empty for plain UTF-8).
/// An unsure detection is not acted on: the input is read as UTF-8 and the note names the guess.
/// Throws SourceError when the conversion cannot be set up.
std::string prepare_encoding(InputSource& source, const std::string& setting);

}  // namespace bahth::readers

#endif  // BAHTH_READERS_ENCODING_H_
