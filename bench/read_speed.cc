// read_speed.cc: how fast the readers turn inputs into articles, alone (no analysis, no index):
// `read_speed INPUT...` prints articles, skipped records, input bytes and the CPU seconds of the
// reading, as MB/s of input and articles/s. Used to compare formats on the same text
// (bench/pages_vs_jsonl.sh).
#include <cstdio>  // std::printf
#include <ctime>   // std::clock
#include <string>  // std::string
#include <vector>  // std::vector

#include "bahth/readers.h"

namespace {

class CountingReporter final : public bahth::ProblemReporter {
 public:
  void report(const bahth::ReadProblem& problem) override { skipped += problem.skipped ? 1 : 0; }
  std::size_t skipped = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> inputs(argv + 1, argv + argc);
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: read_speed INPUT...\n");
    return 2;
  }
  CountingReporter reporter;
  const std::clock_t start = std::clock();
  bahth::ArticleStream stream(inputs, {}, reporter);
  bahth::Article article;
  std::size_t articles = 0;
  std::size_t text_bytes = 0;
  while (stream.next(article)) {
    ++articles;
    text_bytes += article.title.size() + article.body.size();
  }
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  const double megabytes = static_cast<double>(stream.bytes_read()) / 1e6;
  std::printf(
      "%zu articles, %zu skipped, %.1f MB read, %.1f MB of title and body, %.3f s CPU: "
      "%.1f MB/s, %.0f articles/s\n",
      articles, reporter.skipped, megabytes, static_cast<double>(text_bytes) / 1e6, seconds,
      megabytes / seconds, static_cast<double>(articles) / seconds);
  return 0;
}
