// Fuzz target: encoding detection and conversion on arbitrary bytes. The first byte picks the
// --encoding (auto, or one of the code pages and UTF-16/32 converters) and the format; the rest
// is the file. Whatever the bytes and the converter, articles come out as valid UTF-8.
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
  if (size == 0) return 0;
  static const char* const kEncodings[] = {"auto",   "windows-1256", "ISO-8859-6", "UTF-16",
                                           "UTF-32", "UTF-16LE",     "UTF-8",      "GB18030"};
  static const bahth::InputFormat kFormats[] = {bahth::InputFormat::text, bahth::InputFormat::jsonl,
                                                bahth::InputFormat::csv, bahth::InputFormat::feed};
  static const std::string path = "/tmp/bahth-fuzz-encoding-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  bahth::ReaderOptions options;
  options.encoding = bahth::parse_encoding_name(kEncodings[data[0] % 8]);
  options.format = kFormats[(data[0] / 8) % 4];
  options.max_article_bytes = 1 << 16;
  Ignore reporter;
  bahth::ArticleStream stream({path}, options, reporter);
  bahth::Article article;
  while (stream.next(article)) {
    check(!article.id.empty());
    check(!article.title.empty() || !article.body.empty());
    for (const std::string* field : {&article.id, &article.url, &article.title, &article.date,
                                     &article.section, &article.body}) {
      check(bahth::is_valid_utf8(*field));
    }
  }
  std::remove(path.c_str());
  return 0;
}
