// Shared by the readers' fuzz targets: writes the fuzzer's bytes to a file, reads every article
// of it through an ArticleStream, and aborts when an article breaks the readers' contract (an
// id, a title or a body, and valid UTF-8 in every field), so that libFuzzer reports the input.
#ifndef BAHTH_FUZZ_READ_ARTICLES_H_
#define BAHTH_FUZZ_READ_ARTICLES_H_

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "bahth/readers.h"
#include "bahth/utf8.h"

namespace bahth::fuzz {

class IgnoreProblems final : public ProblemReporter {
 public:
  void report(const ReadProblem& /*problem*/) override {}
};

inline void check(bool condition) {
  if (!condition) std::abort();
}

/// Reads `bytes` as one input file (named after `tag` and the process, so parallel fuzzers do
/// not share it) with `options`, checking every article that comes out.
inline void read_and_check(const char* bytes, std::size_t size, const ReaderOptions& options,
                           const char* tag) {
  const std::string path = std::string("/tmp/bahth-fuzz-") + tag + "-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes, static_cast<std::streamsize>(size));
  }
  IgnoreProblems reporter;
  ArticleStream stream({path}, options, reporter);
  Article article;
  while (stream.next(article)) {
    check(!article.id.empty());
    check(!article.title.empty() || !article.body.empty());
    for (const std::string* field :
         {&article.id, &article.url, &article.title, &article.date, &article.section,
          &article.source, &article.body, &article.author}) {
      check(is_valid_utf8(*field));
    }
    // Authors: one a line, none empty, none a URL or longer than the bound.
    for (std::string_view rest = article.author; !rest.empty();) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      check(end > 0 && end <= kMaxAuthorBytes && rest.substr(0, end).find("://") == rest.npos);
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }
  std::remove(path.c_str());
}

}  // namespace bahth::fuzz

#endif  // BAHTH_FUZZ_READ_ARTICLES_H_
