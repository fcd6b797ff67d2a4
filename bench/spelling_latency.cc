// "Did you mean" on a list of queries: how long suggest_correction takes (it runs on every
// search), how many queries get a suggestion, and the first few suggestions to read.
//
//   spelling_latency --db PATH --queries FILE [--show N] [--slowest N] [--repeat N]
//
// On a shared, busy machine the wall time of one call mostly says whether the process lost its
// core meanwhile; --repeat N asks each query N times and keeps its fastest wall time, and the
// thread's CPU time (fastest of N too) is reported beside it.
//
// FILE: one query a line, or `expected<TAB>query` lines; with an expected form, prints how many
// suggestions equal it (bench/spelling_eval.sh makes such a file from real titles).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "schema/schema.h"
#include "search/did_you_mean.h"
#include "search/query_builder.h"
#include "store/reader.h"

namespace {

// What the searcher passes: whether the query matched nothing.
bool found_nothing(const std::string& query, const Xapian::Database& db,
                   const bahth::Analysis& analysis) {
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(bahth::search::parse_query(query, db, analysis).query);
    return enquire.get_mset(0, 1).empty();
  } catch (const bahth::UsageError&) {
    return true;
  }
}

// The CPU time this thread has used: unlike wall time, not counting the time other processes
// had the core.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, queries_path;
  std::size_t show = 10;
  std::size_t slowest = 0;  // how many of the slowest queries to print, with their times
  std::size_t repeat = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--db") db_path = argv[i + 1];
    if (arg == "--queries") queries_path = argv[i + 1];
    if (arg == "--show") show = std::stoul(argv[i + 1]);
    if (arg == "--slowest") slowest = std::stoul(argv[i + 1]);
    if (arg == "--repeat") repeat = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
  }
  if (db_path.empty() || queries_path.empty()) {
    std::cerr << "usage: spelling_latency --db PATH --queries FILE [--show N] [--slowest N] "
                 "[--repeat N]\n";
    return 2;
  }
  try {
    const Xapian::Database db = bahth::store::open_for_reading(db_path);
    // As the searcher reads it: Xapian's spelling suggestion with the index's spelling overlay.
    std::optional<Xapian::Database> spelling;
    if (auto overlay = bahth::store::open_spelling_overlay(db_path, db)) {
      spelling = db;
      spelling->add_database(*overlay);
    }
    const bahth::Analysis analysis(bahth::schema::read_recorded_analysis(db, db_path).stemmer);
    std::ifstream in(queries_path);
    std::vector<double> ms, cpu_ms;
    std::vector<std::pair<double, std::string>> timed;
    std::size_t suggested = 0, expected_total = 0, expected_right = 0;
    for (std::string line; std::getline(in, line);) {
      std::string expected;
      if (const auto tab = line.find('\t'); tab != std::string::npos) {
        expected = bahth::search::normalize_query(line.substr(0, tab));
        line = line.substr(tab + 1);
      }
      const bool nothing = found_nothing(line, db, analysis);  // the searcher knows this already
      std::string suggestion;
      double fastest = 0, least_cpu = 0;
      for (std::size_t r = 0; r < repeat; ++r) {
        const double cpu_start = thread_cpu_ms();
        const auto start = std::chrono::steady_clock::now();
        // As the searcher asks: the query read once, and the suggestion checked to find
        // something.
        const bahth::search::ParsedQuery read = bahth::search::read_query(
            line, db, analysis,
            std::make_shared<bahth::search::WordLookups>(db, analysis.analyzer(),
                                                         [&spelling]() -> const Xapian::Database* {
                                                           return spelling ? &*spelling : nullptr;
                                                         }));
        suggestion = bahth::search::suggest_correction(read, db, analysis, nothing);
        if (!suggestion.empty() && !bahth::search::finds_anything(suggestion, db, analysis)) {
          suggestion.clear();
        }
        const double wall =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        const double cpu = thread_cpu_ms() - cpu_start;
        fastest = r == 0 ? wall : std::min(fastest, wall);
        least_cpu = r == 0 ? cpu : std::min(least_cpu, cpu);
      }
      ms.push_back(fastest);
      cpu_ms.push_back(least_cpu);
      timed.emplace_back(ms.back(), line);
      if (!suggestion.empty() && suggested++ < show) {
        std::printf("  %s  →  %s\n", line.c_str(), suggestion.c_str());
      }
      if (!expected.empty()) {
        ++expected_total;
        expected_right += suggestion == expected;
      }
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu_ms.begin(), cpu_ms.end());
    std::sort(timed.rbegin(), timed.rend());
    for (std::size_t k = 0; k < std::min(slowest, timed.size()); ++k) {
      std::printf("  %.2f ms  %s\n", timed[k].first, timed[k].second.c_str());
    }
    auto at = [&ms](double q) {
      return ms.empty() ? 0.0 : ms[static_cast<std::size_t>(q * (ms.size() - 1))];
    };
    double sum = 0;
    for (double m : ms) sum += m;
    std::printf(
        "%zu queries: suggestion for %zu; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, mean "
        "%.2f ms\n",
        ms.size(), suggested, at(0.5), at(0.95), at(0.99), ms.empty() ? 0.0 : ms.back(),
        ms.empty() ? 0.0 : sum / ms.size());
    auto cpu_at = [&cpu_ms](double q) {
      return cpu_ms.empty() ? 0.0 : cpu_ms[static_cast<std::size_t>(q * (cpu_ms.size() - 1))];
    };
    std::printf("  CPU time: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n", cpu_at(0.5), cpu_at(0.95),
                cpu_at(0.99));
    if (expected_total > 0) {
      std::printf("expected suggestion given for %zu of %zu\n", expected_right, expected_total);
    }
  } catch (const std::exception& e) {
    std::cerr << "spelling_latency: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "spelling_latency: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
