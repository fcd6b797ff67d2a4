// Timing helpers shared by the bench programs: thread CPU time and percentiles.
#pragma once

#include <algorithm>
#include <ctime>
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

// The p-th percentile (p in [0, 1]) by nearest rank; 0 for no samples.
inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[std::min(index, samples.size() - 1)];
}

}  // namespace bahth::bench
