#include "metrics.h"

#include <fmt/format.h>

#include <cmath>

#include "bahth/escape.h"

namespace bahth::serve {

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  append_escaped(out, value, {{'\\', "\\\\"}, {'"', "\\\""}, {'\n', "\\n"}});
  return out;
}

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);  // the shortest text that reads back as the same double
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  std::string escaped;
  append_escaped(escaped, help, {{'\\', "\\\\"}, {'\n', "\\n"}});
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escaped, name, type);
}

void PrometheusText::single(std::string_view name, std::string_view type, std::string_view help,
                            double value) {
  family(name, type, help);
  sample(name, {}, value);
}

void PrometheusText::sample(std::string_view name, const Labels& labels, double value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_ += ',';
      text_ += fmt::format("{}=\"{}\"", labels[i].first, escape_label_value(labels[i].second));
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += format_sample_value(value);
  text_ += '\n';
}

void RequestMetrics::record(const std::string& route, int status, double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Latency& latency = latency_[route];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++latency.buckets[i];
      break;
    }
  }
  ++latency.count;
  latency.sum += seconds;
}

void RequestMetrics::write(PrometheusText& out) const {
  const std::lock_guard lock(mutex_);
  out.family("bahth_http_requests_total", "counter",
             "Requests answered, by route (\"other\": no route) and status.");
  for (const auto& [key, count] : requests_) {
    out.sample("bahth_http_requests_total",
               {{"route", key.first}, {"status", std::to_string(key.second)}},
               static_cast<double>(count));
  }
  out.family("bahth_http_request_duration_seconds", "histogram",
             "Time from a request read to its answer ready to write, by route.");
  for (const auto& [route, latency] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      out.sample("bahth_http_request_duration_seconds_bucket",
                 {{"route", route}, {"le", format_sample_value(kLatencyBuckets[i])}},
                 static_cast<double>(cumulative));
    }
    out.sample("bahth_http_request_duration_seconds_bucket", {{"route", route}, {"le", "+Inf"}},
               static_cast<double>(latency.count));
    out.sample("bahth_http_request_duration_seconds_sum", {{"route", route}}, latency.sum);
    out.sample("bahth_http_request_duration_seconds_count", {{"route", route}},
               static_cast<double>(latency.count));
  }
}

}  // namespace bahth::serve
