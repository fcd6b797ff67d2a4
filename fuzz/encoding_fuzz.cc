// Fuzz target: encoding detection and conversion on arbitrary bytes. The first byte picks the
// --encoding (auto, or one of the code pages and UTF-16/32 converters) and the format; the rest
// is the file. Whatever the bytes and the converter, articles come out as valid UTF-8.
#include <cstdint>

#include "bahth/readers.h"
#include "read_articles.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kEncodings[] = {"auto",   "windows-1256", "ISO-8859-6", "UTF-16",
                                           "UTF-32", "UTF-16LE",     "UTF-8",      "GB18030"};
  static const bahth::InputFormat kFormats[] = {bahth::InputFormat::text, bahth::InputFormat::jsonl,
                                                bahth::InputFormat::csv, bahth::InputFormat::feed};
  bahth::ReaderOptions options;
  options.encoding = bahth::parse_encoding_name(kEncodings[data[0] % 8]);
  options.format = kFormats[(data[0] / 8) % 4];
  options.max_article_bytes = 1 << 16;
  bahth::fuzz::read_and_check(reinterpret_cast<const char*>(data + 1), size - 1, options,
                              "encoding");
  return 0;
}
