// Fuzz target: the RSS/Atom reader and its HTML stripping on arbitrary bytes, through the
// ArticleStream as `bahth index --format feed` reads them (encoding detection included). Every
// article that comes out must be valid UTF-8 with an id and a title or body, and no input may
// crash, hang or leak.
#include <cstdint>

#include "bahth/readers.h"
#include "read_articles.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bahth::ReaderOptions options;
  options.format = bahth::InputFormat::feed;
  options.max_article_bytes = 1 << 16;
  bahth::fuzz::read_and_check(reinterpret_cast<const char*>(data), size, options, "feed");
  return 0;
}
