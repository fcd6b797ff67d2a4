#include "recency.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bahth/searcher.h"
#include "phrase_check.h"
#include "schema/schema.h"

namespace bahth {
namespace {

// A half-life above a century is no decay at all; one below an hour is no relevance at all.
constexpr double kMaxHalfLifeDays = 36'500;
constexpr double kMinHalfLifeDays = 1.0 / 24;
// Beyond this many half-lives the boost (under a millionth of the newest's) is left out, so the
// map of days stays small whatever the index's span.
constexpr double kHalfLivesCounted = 20;

std::optional<std::chrono::sys_days> day_of(std::string_view date_value) {
  if (date_value.size() != 8 || !schema::all_digits(date_value)) return std::nullopt;
  const auto number = [&](std::size_t from, std::size_t size) {
    return std::stoi(std::string(date_value.substr(from, size)));
  };
  const std::chrono::year_month_day day{std::chrono::year{number(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(number(4, 2))},
                                        std::chrono::day{static_cast<unsigned>(number(6, 2))}};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_days{day};
}

std::string date_value_of(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace

std::optional<double> parse_half_life(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const std::string_view digits = text.substr(0, text.size() - 1);
  if (!schema::all_digits(digits) || digits.size() > 6) return std::nullopt;
  const double count = std::stod(std::string(digits));
  double days = 0;
  switch (text.back()) {
    case 'h':
      days = count / 24;
      break;
    case 'd':
      days = count;
      break;
    case 'w':
      days = count * 7;
      break;
    case 'y':
      days = count * 365.25;
      break;
    default:
      return std::nullopt;
  }
  if (days < kMinHalfLifeDays || days > kMaxHalfLifeDays) return std::nullopt;
  return days;
}

namespace search {

Xapian::Query with_recency(const Xapian::Query& query, const Xapian::Database& db,
                           const Xapian::Weight& weight, double half_life_days,
                           double time_limit_seconds) {
  const auto newest = day_of(db.get_value_upper_bound(schema::kDateSlot));
  const auto oldest = day_of(db.get_value_lower_bound(schema::kDateSlot));
  if (!newest || !oldest || half_life_days <= 0) return query;  // nothing dated: nothing to boost
  Xapian::Enquire best(db);
  set_positional_query(best, db, query);
  best.set_weighting_scheme(weight);
  if (time_limit_seconds > 0) best.set_time_limit(time_limit_seconds);
  const Xapian::MSet top = best.get_mset(0, 1);
  if (top.empty()) return query;
  const double boost = kRecencyShare * top.begin().get_weight();
  // One entry per calendar day of the window: the slot holds days, so this is exact.
  auto source = std::make_unique<Xapian::ValueMapPostingSource>(schema::kDateSlot);
  source->set_default_weight(0);  // undated articles, and those past the window
  const auto window = static_cast<long>(std::ceil(half_life_days * kHalfLivesCounted));
  for (long age = 0; age <= window && *newest - std::chrono::days{age} >= *oldest; ++age) {
    source->add_mapping(date_value_of(*newest - std::chrono::days{age}),
                        boost * std::exp2(-static_cast<double>(age) / half_life_days));
  }
  return {Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source.release()->release())};
}

}  // namespace search
}  // namespace bahth
