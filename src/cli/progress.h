// A one-line progress bar on stderr: bar, share done, articles, rate and time left.
#ifndef BAHTH_CLI_PROGRESS_H_
#define BAHTH_CLI_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace bahth::cli {

class Progress {
 public:
  /// Draws nothing when `enabled` is false (not a terminal, or --quiet). `total_bytes` 0 means
  /// unknown: then only the count and the rate show.
  /// `rate_unit` names what the byte rate counts ("MB/s", or "MB/s gzip" when the bytes read
  /// are compressed).
  Progress(bool enabled, std::uint64_t total_bytes, std::string rate_unit = "MB/s");

  /// Redraws at most ten times a second.
  void update(std::uint64_t bytes_done, std::size_t articles);

  /// Erases the bar so the summary line starts clean.
  void finish();

 private:
  bool enabled_;
  std::uint64_t total_bytes_;
  std::string rate_unit_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace bahth::cli

#endif  // BAHTH_CLI_PROGRESS_H_
