// Fuzz target: the web archive reader (warc_reader.cc) on arbitrary bytes, through the
// ArticleStream as `bahth index --format warc` reads them: record headers, Content-Length,
// HTTP headers, chunked and gzip payloads, charsets, and each page through the saved-page
// reader. Every article that comes out must be valid UTF-8 with an id and a title or body, and
// no input may crash, hang or leak.
#include <cstdint>

#include "bahth/readers.h"
#include "read_articles.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bahth::ReaderOptions options;
  options.format = bahth::InputFormat::warc;
  options.max_article_bytes = 1 << 16;
  bahth::fuzz::read_and_check(reinterpret_cast<const char*>(data), size, options, "warc");
  return 0;
}
