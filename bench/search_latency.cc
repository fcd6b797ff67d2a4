// Search latency over a fixed list of queries: p50, p95 and mean, through bahth::Searcher
// (the code path of `bahth search`, without process start-up).
//
//   search_latency --db PATH --queries FILE [--repeat N] [--limit N] [--no-snippets] [--facets]
//                  [--like] [--duplicates] [--recency HALF_LIFE] [--per-query]
//                  [--no-champion-lists] [--tail N]
//
// FILE has one query a line, or `qid<TAB>query` lines (TREC topics); with --like, one article id
// a line, and each search is "related articles" (SearchOptions::like). Prints one line; with
// --per-query, first each query's median CPU time and result count ("~" for an estimate), to
// see which queries make the tail, and how it matched ("lists" through the champion lists, "fell
// back" when they were tried but could not prove the page). Wall-clock percentiles, then the same
// of the thread's CPU time, then how many queries matched through the lists (in the last round).
// --no-champion-lists matches every article (SearchOptions::champion_lists), to compare.
// --tail N first prints the N samples of most CPU, each with its round and query: the p95 of
// 150 samples is the eighth from the top, so --tail 10 shows what makes it.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "bench_support.h"

namespace {

using bahth::bench::percentile;
using bahth::bench::read_queries;
using bahth::bench::thread_cpu_ms;

struct Options {
  std::string db;
  std::string queries;
  int repeat = 3;
  bool like = false;  // the lines are article ids for SearchOptions::like
  bool per_query = false;
  std::size_t tail = 0;  // the slowest samples to print
  bahth::SearchOptions search;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw bahth::UsageError(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--db") {
      o.db = value();
    } else if (arg == "--queries") {
      o.queries = value();
    } else if (arg == "--repeat") {
      o.repeat = std::stoi(value());
    } else if (arg == "--limit") {
      o.search.limit = std::stoul(value());
    } else if (arg == "--duplicates") {
      o.search.show_duplicates = true;
    } else if (arg == "--no-snippets") {
      o.search.snippet_chars = 0;
    } else if (arg == "--facets") {
      o.search.facets = true;
    } else if (arg == "--like") {
      o.like = true;
    } else if (arg == "--recency") {
      const std::string text = value();
      const auto half_life = bahth::parse_half_life(text);
      if (!half_life) throw bahth::UsageError("--recency: '" + text + "' is not a half-life");
      o.search.recency_half_life_days = *half_life;
    } else if (arg == "--per-query") {
      o.per_query = true;
    } else if (arg == "--tail") {
      o.tail = std::stoul(value());
    } else if (arg == "--no-champion-lists") {
      o.search.champion_lists = false;
    } else {
      throw bahth::UsageError("unknown argument " + arg);
    }
  }
  if (o.db.empty() || o.queries.empty()) throw bahth::UsageError("--db and --queries are required");
  return o;
}

const char* match_name(bahth::ChampionUse use) {
  switch (use) {
    case bahth::ChampionUse::used:
      return "lists";
    case bahth::ChampionUse::fell_back:
      return "fell back";
    case bahth::ChampionUse::not_used:
      break;
  }
  return "all";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    const std::vector<std::string> queries = read_queries(options.queries);
    const bahth::Searcher searcher({options.db});
    std::vector<double> ms;
    std::vector<double> cpu_ms;
    std::vector<std::vector<double>> ms_of_query(queries.size());
    struct Sample {
      double cpu_ms;
      int round;
      std::size_t query;
    };
    std::vector<Sample> samples;
    std::vector<bahth::SearchResults> last(queries.size());
    std::size_t failed = 0;
    for (int r = 0; r < options.repeat; ++r) {
      for (std::size_t i = 0; i < queries.size(); ++i) {
        const std::string& q = queries[i];
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = thread_cpu_ms();
        try {
          if (options.like) {
            bahth::SearchOptions like = options.search;
            like.like = q;
            last[i] = searcher.search("", like);
          } else {
            last[i] = searcher.search(q, options.search);
          }
        } catch (const bahth::UsageError&) {
          ++failed;
          continue;
        }
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        cpu_ms.push_back(thread_cpu_ms() - cpu_start);
        ms_of_query[i].push_back(cpu_ms.back());
        samples.push_back({cpu_ms.back(), r + 1, i});
      }
    }
    if (options.tail > 0) {
      const std::size_t n = std::min(options.tail, samples.size());
      std::partial_sort(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n),
                        samples.end(),
                        [](const Sample& a, const Sample& b) { return a.cpu_ms > b.cpu_ms; });
      std::printf("cpu ms  round  query (the %zu slowest samples)\n", n);
      for (std::size_t k = 0; k < n; ++k) {
        std::printf("%6.2f  %5d  %s\n", samples[k].cpu_ms, samples[k].round,
                    queries[samples[k].query].c_str());
      }
    }
    if (options.per_query) {
      std::printf("cpu ms (median)  results  match  query\n");
      for (std::size_t i = 0; i < queries.size(); ++i) {
        if (ms_of_query[i].empty()) continue;
        std::printf("%8.2f ms  %s%llu  %s  %s\n", percentile(ms_of_query[i], 0.5),
                    last[i].total_is_exact ? "" : "~",
                    static_cast<unsigned long long>(last[i].total),
                    match_name(last[i].champion_lists), queries[i].c_str());
      }
    }
    std::size_t through_lists = 0;
    std::size_t fell_back = 0;
    for (const bahth::SearchResults& results : last) {
      through_lists += results.champion_lists == bahth::ChampionUse::used ? 1 : 0;
      fell_back += results.champion_lists == bahth::ChampionUse::fell_back ? 1 : 0;
    }
    if (ms.empty()) throw bahth::Error("no query ran");
    double sum = 0;
    for (double x : ms) sum += x;
    std::printf(
        "queries=%zu runs=%zu failed=%zu p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f mean_ms=%.2f "
        "cpu_p50_ms=%.2f cpu_p95_ms=%.2f cpu_p99_ms=%.2f champion_lists=%zu fell_back=%zu\n",
        queries.size(), ms.size(), failed, percentile(ms, 0.5), percentile(ms, 0.95),
        percentile(ms, 0.99), sum / static_cast<double>(ms.size()), percentile(cpu_ms, 0.5),
        percentile(cpu_ms, 0.95), percentile(cpu_ms, 0.99), through_lists, fell_back);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "search_latency: " << e.what() << '\n';
    return 1;
  }
}
