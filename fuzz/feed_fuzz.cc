// Fuzz target: the RSS/Atom reader and its HTML stripping on arbitrary bytes, through the
// ArticleStream as `bahth index --format feed` reads them (encoding detection included). Every
// article that comes out must be valid UTF-8 with an id and a title or body, and no input may
// crash, hang or leak.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "bahth/readers.h"
#include "bahth/utf8.h"

namespace {

class Ignore final : public bahth::ProblemReporter {
 public:
  void report(const bahth::ReadProblem& /*problem*/) override {}
};

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/bahth-fuzz-feed-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  bahth::ReaderOptions options;
  options.format = bahth::InputFormat::feed;
  options.max_article_bytes = 1 << 16;
  Ignore reporter;
  bahth::ArticleStream stream({path}, options, reporter);
  bahth::Article article;
  while (stream.next(article)) {
    check(!article.id.empty());
    check(!article.title.empty() || !article.body.empty());
    for (const std::string* field : {&article.id, &article.url, &article.title, &article.date,
                                     &article.section, &article.source, &article.body}) {
      check(bahth::is_valid_utf8(*field));
    }
  }
  std::remove(path.c_str());
  return 0;
}
