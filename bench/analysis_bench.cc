// Analysis throughput, MB/s of article text, next to Xapian's own TermGenerator with its
// Snowball Arabic stemmer on the same text in the same run.
//
//   build/release/bench/analysis_bench [--corpus FILE.jsonl.gz]   (default: data/ sample)
//
// Google Benchmark reports bytes_per_second: the input text's size over the time taken.
#include <benchmark/benchmark.h>
#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/readers.h"

namespace {

std::string g_corpus = BAHTH_SOURCE_DIR "/data/bbc-arabic-sample.jsonl.gz";

class QuietReporter final : public bahth::ProblemReporter {
 public:
  void report(const bahth::ReadProblem& p) override {
    std::cerr << p.path << ':' << p.line << ": " << p.reason << '\n';
  }
};

// Title and body of every article, read once.
const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = [] {
    QuietReporter reporter;
    bahth::ArticleStream stream({g_corpus}, {}, reporter);
    std::vector<std::string> out;
    bahth::Article article;
    while (stream.next(article)) out.push_back(article.title + "\n" + article.body);
    if (out.empty()) {
      std::cerr << "no articles in " << g_corpus << '\n';
      std::exit(1);
    }
    return out;
  }();
  return all;
}

std::int64_t total_bytes() {
  std::int64_t n = 0;
  for (const auto& t : texts()) n += static_cast<std::int64_t>(t.size());
  return n;
}

void BM_Normalize(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    for (const auto& text : texts()) {
      out.clear();
      bahth::normalize_append(text, out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

void BM_Tokenize(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t words = 0;
    for (const auto& text : texts()) {
      for (bahth::WordTokenizer t(text); t.next();) ++words;
    }
    benchmark::DoNotOptimize(words);
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void run_analyzer(benchmark::State& state, bahth::StemmerKind kind) {
  const bahth::Analyzer analyzer = bahth::Analyzer::make(kind);
  bahth::TermStream terms(analyzer);
  for (auto _ : state) {
    std::size_t bytes = 0;
    for (const auto& text : texts()) {
      for (terms.reset(text); terms.next();) bytes += terms.term().stem.size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

void BM_FullAnalysisLight(benchmark::State& state) {
  run_analyzer(state, bahth::StemmerKind::light);
}
BENCHMARK(BM_FullAnalysisLight)->Unit(benchmark::kMillisecond);

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The light stemmer's first pass over the text, as an indexing thread sees a corpus: each
// iteration runs in a new thread, so the stemmer's per-thread memo starts empty and every
// distinct word is stemmed once through the lexicon. Timed in that thread's CPU time.
void BM_FullAnalysisLightFirstPass(benchmark::State& state) {
  const bahth::Analyzer analyzer = bahth::Analyzer::make(bahth::StemmerKind::light);
  for (auto _ : state) {
    double seconds = 0;
    std::thread pass([&] {
      const double start = thread_cpu_seconds();
      bahth::TermStream terms(analyzer);
      std::size_t bytes = 0;
      for (const auto& text : texts()) {
        for (terms.reset(text); terms.next();) bytes += terms.term().stem.size();
      }
      benchmark::DoNotOptimize(bytes);
      seconds = thread_cpu_seconds() - start;
    });
    pass.join();
    state.SetIterationTime(seconds);
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_FullAnalysisLightFirstPass)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_FullAnalysisNoStemmer(benchmark::State& state) {
  run_analyzer(state, bahth::StemmerKind::none);
}
BENCHMARK(BM_FullAnalysisNoStemmer)->Unit(benchmark::kMillisecond);

// The baseline: what Xapian users do today. TermGenerator tokenizes, lower-cases and stems with
// Snowball Arabic into a Document; to compare like with like, the document is reset per text.
void BM_XapianTermGeneratorSnowball(benchmark::State& state) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("arabic"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (auto _ : state) {
    for (const auto& text : texts()) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(text);
      benchmark::DoNotOptimize(doc.termlist_count());
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_XapianTermGeneratorSnowball)->Unit(benchmark::kMillisecond);

// bahth's analysis into a Xapian document the way the indexer writes it (exact words with
// positions plus stems), so the comparison with TermGenerator includes the Xapian calls.
void BM_BahthIntoXapianDocument(benchmark::State& state) {
  const bahth::Analyzer analyzer = bahth::Analyzer::make(bahth::StemmerKind::light);
  bahth::TermStream terms(analyzer);
  std::string word;
  std::string stem;
  for (auto _ : state) {
    for (const auto& text : texts()) {
      Xapian::Document doc;
      Xapian::termpos pos = 1;
      for (terms.reset(text); terms.next(); ++pos) {
        word.assign(terms.term().normalized);
        doc.add_posting(word, pos);
        stem.assign("Z").append(terms.term().stem);
        doc.add_term(stem);
      }
      benchmark::DoNotOptimize(doc.termlist_count());
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_BahthIntoXapianDocument)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
      g_corpus = argv[++i];
    } else {
      args.push_back(argv[i]);
    }
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  std::cerr << "corpus: " << g_corpus << " (" << texts().size() << " articles, "
            << total_bytes() / 1e6 << " MB of text)\n";
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
