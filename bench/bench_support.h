// What the bench programs share: thread CPU time, percentiles, a query list.
#pragma once

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bahth::bench {

// This thread's CPU time in ms: unlike the wall time, it leaves out the time the process waited
// for a core, which on a shared machine decides the tail (a query preempted once takes a whole
// time slice longer), so that what grows with the index is told apart from the load.
inline double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// splitmix64's finalizer: spreads a 64-bit value's bits over the whole word, for the bench
// programs' hash samples (src/index/minhash.cc keeps its own: the index's hashes must not move
// with a bench's).
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The p-th percentile (p in [0, 1]) by nearest rank; 0 for no samples.
inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[std::min(index, samples.size() - 1)];
}

// The queries of a list file (bench/queries.txt): one a line, '#' lines and blank ones skipped,
// an optional label before a tab dropped.
inline std::vector<std::string> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (const auto tab = line.find('\t'); tab != std::string::npos) line.erase(0, tab + 1);
    if (!line.empty()) queries.push_back(line);
  }
  return queries;
}

}  // namespace bahth::bench
