#include "progress.h"

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <utility>

namespace bahth::cli {

Progress::Progress(bool enabled, std::uint64_t total_bytes, std::string rate_unit)
    : enabled_(enabled),
      total_bytes_(total_bytes),
      rate_unit_(std::move(rate_unit)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::update(std::uint64_t bytes_done, std::size_t articles) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? articles / elapsed : 0.0;
  std::string line;
  if (total_bytes_ > 0) {
    const double done = std::min(1.0, static_cast<double>(bytes_done) / total_bytes_);
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(done * kWidth);
    const double left = done > 0 ? elapsed * (1 - done) / done : 0.0;
    const double megabytes_per_second = elapsed > 0 ? bytes_done / elapsed / 1e6 : 0.0;
    line = fmt::format("[{}{}] {:3.0f}%  {} {}  {:.0f}/s  {:.1f} {}  ETA {}:{:02}",
                       std::string(static_cast<std::size_t>(filled), '#'),
                       std::string(static_cast<std::size_t>(kWidth - filled), '.'), done * 100,
                       articles, articles == 1 ? "article" : "articles", rate, megabytes_per_second,
                       rate_unit_, static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  } else {
    line = fmt::format("{} {}  {:.0f}/s", articles, articles == 1 ? "article" : "articles", rate);
  }
  std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (enabled_ && drawn_) std::fputs("\r\x1b[K", stderr);
}

}  // namespace bahth::cli
