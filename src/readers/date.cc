// date.cc: dates as news dumps write them, normalized to UTC.
//
// ISO 8601 / RFC 3339 first (the common case, and exact); then the numeric forms (YYYY/MM/DD,
// day-first DD/MM/YYYY and DD-MM-YYYY, epoch seconds or milliseconds); then dates with a month
// name (RFC 822/1123 as RSS writes them, English and the three families of Arabic month names).
// Arabic-Indic and Persian digits are read as ASCII ones. What cannot be a date (month 13,
// 31 April) is refused, never guessed around: no month/day swap.
#include <algorithm>  // std::find_if
#include <array>      // std::array
#include <chrono>     // std::chrono calendar types
#include <cstdio>     // std::snprintf
#include <string>     // std::string
#include <vector>     // std::vector

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

// --- Beyond ISO 8601 ---

constexpr std::int64_t kSecondsPerDay = 86400;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Arabic-Indic (U+0660..0669) and Persian (U+06F0..06F9) digits as ASCII, the Arabic comma as a
// comma; everything else as it is.
std::string ascii_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (i + 1 < text.size() && (b0 == 0xD9 || b0 == 0xDB || b0 == 0xD8)) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      if (b0 == 0xD9 && b1 >= 0xA0 && b1 <= 0xA9) {
        out += static_cast<char>('0' + (b1 - 0xA0));
        ++i;
        continue;
      }
      if (b0 == 0xDB && b1 >= 0xB0 && b1 <= 0xB9) {
        out += static_cast<char>('0' + (b1 - 0xB0));
        ++i;
        continue;
      }
      if (b0 == 0xD8 && b1 == 0x8C) {  // ، ARABIC COMMA
        out += ',';
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// The forms of alef with hamza or madda as bare alef, so month names match however typed.
std::string fold_alef(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (i + 1 < word.size() && word[i] == '\xD8' &&
        (word[i + 1] == '\xA3' || word[i + 1] == '\xA5' || word[i + 1] == '\xA2')) {
      out += "\xD8\xA7";  // ا
      ++i;
    } else {
      out += word[i] >= 'A' && word[i] <= 'Z' ? static_cast<char>(word[i] + 32) : word[i];
    }
  }
  return out;
}

struct MonthName {
  std::string_view name;  // lower case, alef folded
  unsigned month;
};

// English (full and RFC 822's three letters), the Egyptian and Gulf names (يناير), the Levantine
// and Iraqi ones (كانون الثاني), the Maghreb's (جانفي, and Morocco's يوليوز, غشت ...).
constexpr std::array<MonthName, 73> kMonthNames{{
    {"jan", 1},           {"january", 1},      {"feb", 2},          {"february", 2},
    {"mar", 3},           {"march", 3},        {"apr", 4},          {"april", 4},
    {"may", 5},           {"jun", 6},          {"june", 6},         {"jul", 7},
    {"july", 7},          {"aug", 8},          {"august", 8},       {"sep", 9},
    {"sept", 9},          {"september", 9},    {"oct", 10},         {"october", 10},
    {"nov", 11},          {"november", 11},    {"dec", 12},         {"december", 12},
    {"يناير", 1},         {"فبراير", 2},       {"مارس", 3},         {"ابريل", 4},
    {"مايو", 5},          {"يونيو", 6},        {"يونيه", 6},        {"يوليو", 7},
    {"يوليه", 7},         {"اغسطس", 8},        {"سبتمبر", 9},       {"اكتوبر", 10},
    {"نوفمبر", 11},       {"ديسمبر", 12},      {"كانون الثاني", 1}, {"شباط", 2},
    {"اذار", 3},          {"نيسان", 4},        {"ايار", 5},         {"حزيران", 6},
    {"تموز", 7},          {"اب", 8},           {"ايلول", 9},        {"تشرين الاول", 10},
    {"تشرين الثاني", 11}, {"كانون الاول", 12}, {"جانفي", 1},        {"فيفري", 2},
    {"افريل", 4},         {"ماي", 5},          {"جوان", 6},         {"جويلية", 7},
    {"جويليه", 7},        {"اوت", 8},          {"يوليوز", 7},       {"غشت", 8},
    {"شتنبر", 9},         {"نونبر", 11},       {"دجنبر", 12},       {"ابريل", 4},
    {"فبرير", 2},         {"اغسطس", 8},        {"جانفيي", 1},       {"ديسمبر", 12},
    {"كانون ثاني", 1},    {"تشرين اول", 10},   {"تشرين ثاني", 11},  {"كانون اول", 12},
    {"sept.", 9},
}};

constexpr std::array<std::string_view, 22> kWeekdays{
    "mon",      "tue",       "wed",      "thu",    "fri",      "sat",    "sun",   "monday",
    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "الاحد", "الاثنين",
    "الثلاثاء", "الاربعاء",  "الخميس",   "الجمعة", "السبت",    "يوم"};

// RFC 822's zone names; other names are not offsets anyone can be sure of.
struct ZoneName {
  std::string_view name;
  int hours;
};
constexpr std::array<ZoneName, 11> kZones{{{"gmt", 0},
                                           {"ut", 0},
                                           {"utc", 0},
                                           {"z", 0},
                                           {"est", -5},
                                           {"edt", -4},
                                           {"cst", -6},
                                           {"cdt", -5},
                                           {"mst", -7},
                                           {"mdt", -6},
                                           {"pst", -8}}};

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

bool to_int(std::string_view text, int& value) {
  if (!all_digits(text) || text.size() > 6) return false;
  value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return true;
}

std::optional<chrono::year_month_day> make_day(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const chrono::year_month_day day = chrono::year{y} / chrono::month{static_cast<unsigned>(m)} /
                                     chrono::day{static_cast<unsigned>(d)};
  if (!day.ok()) return std::nullopt;
  return day;
}

// The date and optional time and zone, as the result normalize_date() gives.
std::optional<std::string> finish(chrono::year_month_day day, bool has_time, chrono::seconds time,
                                  chrono::seconds offset) {
  if (!has_time) return format_day(day);
  const chrono::sys_seconds utc = chrono::sys_days{day} + time - offset;
  const chrono::year year = chrono::year_month_day{chrono::floor<chrono::days>(utc)}.year();
  if (year < chrono::year{1} || year > chrono::year{9999}) return std::nullopt;
  return format_utc(utc);
}

// HH:MM[:SS], one or two digit hours (10:00, 9:05).
bool read_clock(std::string_view text, chrono::seconds& time) {
  std::string padded(text);
  if (padded.size() > 1 && padded[1] == ':') padded.insert(0, "0");
  std::size_t pos = 0;
  return read_time(padded, pos, time) && pos == padded.size();
}

// What follows a date: [time [AM/PM]] [zone], in words. False if anything else is there.
bool read_time_words(const std::vector<std::string>& words, std::size_t i, bool& has_time,
                     chrono::seconds& time, chrono::seconds& offset) {
  has_time = false;
  time = offset = chrono::seconds{0};
  // Words sites put between a date and its time: "- 10:00", "at 10:00", "الساعة 10:00".
  while (i < words.size() &&
         (words[i] == "-" || words[i] == "|" || words[i] == "at" || words[i] == "الساعة")) {
    ++i;
  }
  if (i < words.size() && words[i].find(':') != std::string::npos) {
    std::string clock = words[i];
    std::string zone;
    // 10:00:00+03:00 or 10:00Z glued to its zone
    const std::size_t sign = clock.find_first_of("+-Zz", 4);
    if (sign != std::string::npos) {
      zone = clock.substr(sign);
      clock.resize(sign);
    }
    if (!read_clock(clock, time)) return false;
    has_time = true;
    ++i;
    if (!zone.empty()) {
      std::size_t pos = 0;
      if (!read_offset(zone, pos, offset)) return false;
    }
    if (i < words.size()) {
      const std::string marker = fold_alef(words[i]);
      const bool pm = marker == "pm" || marker == "م" || marker == "مساء";
      const bool am = marker == "am" || marker == "ص" || marker == "صباحا";
      if (pm || am) {
        const auto hours = chrono::duration_cast<chrono::hours>(time).count();
        if (hours < 1 || hours > 12) return false;
        if (pm && hours != 12) time += chrono::hours{12};
        if (am && hours == 12) time -= chrono::hours{12};
        ++i;
      }
    }
  }
  if (i < words.size()) {
    const std::string zone = fold_alef(words[i]);
    bool known = false;
    for (const ZoneName& name : kZones) {
      if (zone == name.name) {
        offset = chrono::hours{name.hours};
        known = true;
      }
    }
    if (!known) {
      std::size_t pos = 0;
      if (zone.empty() || (zone[0] != '+' && zone[0] != '-') || !read_offset(zone, pos, offset)) {
        return false;
      }
    }
    ++i;
  }
  return i == words.size();
}

// YYYY/MM/DD, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY (one or two digit days and months), then an
// optional time. Day first whenever the year comes last, as the Arab world (and Europe) writes.
std::optional<std::string> numeric_date(std::string_view text) {
  const std::vector<std::string> words = words_of(text);
  if (words.empty()) return std::nullopt;
  std::string date = words[0];
  std::string rest_first;
  if (const std::size_t t = date.find('T'); t != std::string::npos) {  // 2018/05/01T10:00
    rest_first = date.substr(t + 1);
    date.resize(t);
  }
  const std::size_t a = date.find_first_of("/-.");
  if (a == std::string::npos) return std::nullopt;
  const char separator = date[a];
  const std::size_t b = date.find(separator, a + 1);
  if (b == std::string::npos || date.find(separator, b + 1) != std::string::npos) {
    return std::nullopt;
  }
  const std::string_view first = std::string_view(date).substr(0, a);
  const std::string_view second = std::string_view(date).substr(a + 1, b - a - 1);
  const std::string_view third = std::string_view(date).substr(b + 1);
  int x = 0, y = 0, z = 0;
  if (!to_int(first, x) || !to_int(second, y) || !to_int(third, z) || second.size() > 2) {
    return std::nullopt;
  }
  std::optional<chrono::year_month_day> day;
  if (first.size() == 4 && third.size() <= 2) {
    day = make_day(x, y, z);
  } else if (third.size() == 4 && first.size() <= 2) {
    day = make_day(z, y, x);
  }
  if (!day) return std::nullopt;
  std::vector<std::string> rest;
  if (!rest_first.empty()) rest.push_back(rest_first);
  rest.insert(rest.end(), words.begin() + 1, words.end());
  bool has_time = false;
  chrono::seconds time{}, offset{};
  if (!read_time_words(rest, 0, has_time, time, offset)) return std::nullopt;
  return finish(*day, has_time, time, offset);
}

// Seconds since 1970 (9 to 11 digits: 1973 to 5138) or milliseconds (12 to 14 digits), as a
// JSON number or its text; a fraction is dropped.
std::optional<std::string> epoch_date(std::string_view text) {
  if (const std::size_t dot = text.find('.'); dot != std::string_view::npos) {
    if (!all_digits(text.substr(dot + 1))) return std::nullopt;
    text = text.substr(0, dot);
  }
  if (!all_digits(text) || text.size() < 9 || text.size() > 14) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  if (text.size() >= 12) value /= 1000;
  const chrono::sys_seconds when{chrono::seconds{value}};
  const auto day = chrono::floor<chrono::days>(when);
  if (value % kSecondsPerDay == 0) return format_day(chrono::year_month_day{day});
  return format_utc(when);
}

// ISO 8601's basic form of a day, YYYYMMDD (8 digits: too short for an epoch).
std::optional<std::string> basic_iso_day(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 8 || !to_int(text.substr(0, 4), y) || !to_int(text.substr(4, 2), m) ||
      !to_int(text.substr(6, 2), d)) {
    return std::nullopt;
  }
  const std::optional<chrono::year_month_day> day = make_day(y, m, d);
  if (!day) return std::nullopt;
  return format_day(*day);
}

// The month a name (one word, or two for كانون الثاني and its kind) gives; 0 if none.
unsigned month_named(const std::vector<std::string>& words, std::size_t i, std::size_t& used) {
  for (const std::size_t n : {std::size_t{2}, std::size_t{1}}) {
    if (i + n > words.size()) continue;
    std::string name = fold_alef(words[i]);
    if (n == 2) name += " " + fold_alef(words[i + 1]);
    for (const MonthName& month : kMonthNames) {
      if (month.name == name) {
        used = n;
        return month.month;
      }
    }
  }
  return 0;
}

bool is_weekday(std::string_view word) {
  const std::string folded = fold_alef(word);
  std::string_view name = folded;
  if (name.ends_with(".")) name.remove_suffix(1);
  return std::find(kWeekdays.begin(), kWeekdays.end(), name) != kWeekdays.end();
}

int full_year(std::string_view text, int value) {
  if (text.size() == 2) return value < 50 ? 2000 + value : 1900 + value;
  return text.size() == 4 ? value : -1;
}

// "Tue, 01 May 2018 10:00:00 +0300", "1 May 2018", "May 1, 2018", "الثلاثاء 1 مايو 2018",
// "١ كانون الثاني ٢٠١٨ 10:00", "01-May-2018".
std::optional<std::string> named_month_date(std::string_view text) {
  std::string spaced(text);
  // 01-May-2018: the dashes of a date with a month name separate words.
  for (std::size_t i = 1; i + 1 < spaced.size(); ++i) {
    if (spaced[i] == '-' && spaced.find(':') > i &&
        (is_digit(spaced[i - 1]) != is_digit(spaced[i + 1]))) {
      spaced[i] = ' ';
    }
  }
  std::vector<std::string> words = words_of(spaced);
  std::size_t i = 0;
  while (i < words.size() && is_weekday(words[i])) ++i;
  int day = 0, year = 0;
  unsigned month = 0;
  std::size_t used = 0;
  if (i + 2 < words.size() + 0 && to_int(words[i], day) && words[i].size() <= 2 &&
      (month = month_named(words, i + 1, used)) != 0 && i + 1 + used < words.size() &&
      to_int(words[i + 1 + used], year)) {  // day month year
    year = full_year(words[i + 1 + used], year);
    i += 2 + used;
  } else if ((month = month_named(words, i, used)) != 0 && i + used + 1 < words.size() &&
             to_int(words[i + used], day) && words[i + used].size() <= 2 &&
             to_int(words[i + used + 1], year)) {  // month day year
    year = full_year(words[i + used + 1], year);
    i += used + 2;
  } else {
    return std::nullopt;
  }
  if (i < words.size() && (fold_alef(words[i]) == "م" && words.size() > i + 1 &&
                           words[i + 1].find(':') != std::string::npos)) {
    ++i;  // "2018 م 10:00": م after a year is "of the common era"
  }
  const std::optional<chrono::year_month_day> date = make_day(year, static_cast<int>(month), day);
  if (!date) return std::nullopt;
  bool has_time = false;
  chrono::seconds time{}, offset{};
  if (!read_time_words(words, i, has_time, time, offset)) return std::nullopt;
  return finish(*date, has_time, time, offset);
}

std::optional<std::string> iso_date(std::string_view text) {
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
  return finish(day, true, time, offset);
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 200) return std::nullopt;
  if (std::optional<std::string> date = iso_date(text)) return date;  // the common case
  const std::string ascii = ascii_digits(text);
  if (std::optional<std::string> date = iso_date(ascii)) return date;
  if (std::optional<std::string> date = epoch_date(ascii)) return date;
  if (std::optional<std::string> date = basic_iso_day(ascii)) return date;
  if (std::optional<std::string> date = numeric_date(ascii)) return date;
  return named_month_date(ascii);
}

}  // namespace bahth::readers
