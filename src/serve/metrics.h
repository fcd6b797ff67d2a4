// The server's metrics, written in Prometheus' text exposition format (version 0.0.4). Debian 12
// packages no Prometheus client library for C++ (`apt-cache search prometheus` lists the server,
// exporters and Go/Python clients only), so this is a small writer of our own.
#ifndef BAHTH_SERVE_METRICS_H_
#define BAHTH_SERVE_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bahth::serve {

using Labels = std::vector<std::pair<std::string, std::string>>;

/// Writes metric families in Prometheus' text format: each family's HELP and TYPE once, then its
/// samples. Label values and help text are escaped as the format requires.
class PrometheusText {
 public:
  /// Starts a family; `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);
  /// A family of one sample without labels (most of the server's gauges and counters).
  void single(std::string_view name, std::string_view type, std::string_view help, double value);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

/// Label value escaping: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);
/// A sample value: integers without a fraction, +Inf/-Inf/NaN as Prometheus spells them.
std::string format_sample_value(double value);

/// The latency buckets (seconds) of the request histogram.
inline constexpr std::array<double, 12> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1,    2.5,   5};

/// Requests answered, by route and status, and their latency by route. Thread-safe.
class RequestMetrics {
 public:
  void record(const std::string& route, int status, double seconds);
  /// Writes bahth_http_requests_total and bahth_http_request_duration_seconds.
  void write(PrometheusText& out) const;

 private:
  struct Latency {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Latency> latency_;
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_METRICS_H_
