// Fuzz target: the readers on arbitrary bytes. The first byte picks the format (JSON Lines,
// news-please JSON, CSV, TSV, text); the rest is the file. Every article that comes out must be
// valid UTF-8 with an id and a title or body.
#include <cstdint>

#include "bahth/readers.h"
#include "read_articles.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const bahth::InputFormat kFormats[] = {bahth::InputFormat::jsonl, bahth::InputFormat::json,
                                                bahth::InputFormat::csv, bahth::InputFormat::tsv,
                                                bahth::InputFormat::text};
  bahth::ReaderOptions options;
  options.format = kFormats[data[0] % 5];
  options.max_article_bytes = 1 << 16;
  bahth::fuzz::read_and_check(reinterpret_cast<const char*>(data + 1), size - 1, options, "input");
  return 0;
}
