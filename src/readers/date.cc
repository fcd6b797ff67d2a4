// date.cc: ISO 8601 dates and times, normalized to UTC.
#include <chrono>  // std::chrono calendar types
#include <cstdio>  // std::snprintf
#include <string>  // std::string

#include "record_reader.h"

namespace bahth::readers {
namespace {

namespace chrono = std::chrono;

// Reads exactly `width` ASCII digits at `pos`, advancing it; false if they are not there.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t width, int& value) {
  if (text.size() - pos < width) return false;
  value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return true;
}

bool read_char(std::string_view text, std::size_t& pos, char expected) {
  if (pos >= text.size() || text[pos] != expected) return false;
  ++pos;
  return true;
}

bool read_day(std::string_view text, std::size_t& pos, chrono::year_month_day& day) {
  int y = 0, m = 0, d = 0;
  if (!read_digits(text, pos, 4, y) || !read_char(text, pos, '-') ||
      !read_digits(text, pos, 2, m) || !read_char(text, pos, '-') ||
      !read_digits(text, pos, 2, d)) {
    return false;
  }
  day = chrono::year{y} / chrono::month{static_cast<unsigned>(m)} /
        chrono::day{static_cast<unsigned>(d)};
  return y >= 1 && day.ok();
}

// HH:MM[:SS[.fraction]]; the fraction is dropped and a leap second 60 counts as 59.
bool read_time(std::string_view text, std::size_t& pos, chrono::seconds& time) {
  int h = 0, m = 0, s = 0;
  if (!read_digits(text, pos, 2, h) || !read_char(text, pos, ':') ||
      !read_digits(text, pos, 2, m)) {
    return false;
  }
  if (read_char(text, pos, ':')) {
    if (!read_digits(text, pos, 2, s)) return false;
    if (read_char(text, pos, '.') || read_char(text, pos, ',')) {
      const std::size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return false;
    }
  }
  if (h > 23 || m > 59 || s > 60) return false;
  time = chrono::hours{h} + chrono::minutes{m} + chrono::seconds{s == 60 ? 59 : s};
  return true;
}

// Z, ±HH, ±HHMM or ±HH:MM, or nothing (a naive time, as news-please writes: taken as UTC).
bool read_offset(std::string_view text, std::size_t& pos, chrono::seconds& offset) {
  offset = chrono::seconds{0};
  if (pos == text.size()) return true;
  if (read_char(text, pos, 'Z') || read_char(text, pos, 'z')) return pos == text.size();
  const char sign = text[pos];
  if (sign != '+' && sign != '-') return false;
  ++pos;
  int h = 0, m = 0;
  if (!read_digits(text, pos, 2, h)) return false;
  if (pos < text.size()) {
    read_char(text, pos, ':');
    if (!read_digits(text, pos, 2, m)) return false;
  }
  if (pos != text.size() || h > 23 || m > 59) return false;
  offset = chrono::hours{h} + chrono::minutes{m};
  if (sign == '-') offset = -offset;
  return true;
}

std::string format_day(chrono::year_month_day day) {
  char out[32];  // roomy: the compiler cannot see the values are in range
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return out;
}

std::string format_utc(chrono::sys_seconds when) {
  const auto day_start = chrono::floor<chrono::days>(when);
  const chrono::hh_mm_ss<chrono::seconds> time{when - day_start};
  char out[32];  // roomy: the compiler cannot see the values are in range
  std::snprintf(out, sizeof out, "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return format_day(chrono::year_month_day{day_start}) + out;
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
  text = trim(text);
  std::size_t pos = 0;
  chrono::year_month_day day;
  if (!read_day(text, pos, day)) return std::nullopt;
  if (pos == text.size()) return format_day(day);
  if (!read_char(text, pos, 'T') && !read_char(text, pos, 't') && !read_char(text, pos, ' ')) {
    return std::nullopt;
  }
  chrono::seconds time{};
  chrono::seconds offset{};
  if (!read_time(text, pos, time) || !read_offset(text, pos, offset)) return std::nullopt;
  const chrono::sys_seconds utc = chrono::sys_days{day} + time - offset;
  const chrono::year year = chrono::year_month_day{chrono::floor<chrono::days>(utc)}.year();
  if (year < chrono::year{1} || year > chrono::year{9999}) return std::nullopt;
  return format_utc(utc);
}

}  // namespace bahth::readers
