#include "dates.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// A term no document has (prefixes are upper case, and this one is followed by none of the
// digits a month term holds): a query that matches nothing yet is not empty.
const std::string kNoSuchTerm = std::string(schema::kMonthPrefix) + "-";

// Reads date ranges written in the query, "2018-03..2018-04", "2018..", "..2018-06-30", on the
// date slot. Each end may be partial and covers its whole year or month, as --since/--until do.
// A range it cannot read is recorded in `error` (the first one) and reported by parse_query():
// the QueryParser itself would only say "Unknown range operation".
class DateRangeProcessor final : public Xapian::RangeProcessor {
 public:
  DateRangeProcessor(Xapian::Database db, std::shared_ptr<std::string> error)
      : Xapian::RangeProcessor(schema::kDateSlot), db_(std::move(db)), error_(std::move(error)) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    const std::string range = begin + ".." + end;
    try {
      Xapian::Query dated = date_range_query(
          db_, begin.empty() ? "" : date_bound(begin, false, "date range " + range),
          end.empty() ? "" : date_bound(end, true, "date range " + range));
      // The parser takes an empty query for "not a range" and fails the whole query; a range
      // that no article falls in must rather filter out everything (no results, exit 0).
      return dated.empty() ? Xapian::Query(kNoSuchTerm) : dated;
    } catch (const UsageError& e) {
      if (error_ && error_->empty()) *error_ = e.what();
      return Xapian::Query(Xapian::Query::OP_INVALID);
    }
  }

 private:
  Xapian::Database db_;
  std::shared_ptr<std::string> error_;
};

}  // namespace

std::string date_bound(std::string_view date, bool end, std::string_view what) {
  const std::size_t n = date.size();
  const bool shape_ok = (n == 4 && schema::all_digits(date)) ||
                        (n == 7 && schema::all_digits(date.substr(0, 4)) && date[4] == '-' &&
                         schema::all_digits(date.substr(5, 2))) ||
                        (n == 10 && schema::all_digits(date.substr(0, 4)) && date[4] == '-' &&
                         schema::all_digits(date.substr(5, 2)) && date[7] == '-' &&
                         schema::all_digits(date.substr(8, 2)));
  const std::string month = n >= 7 ? std::string(date.substr(5, 2)) : (end ? "12" : "01");
  const std::string day = n >= 10 ? std::string(date.substr(8, 2)) : (end ? "31" : "01");
  if (!shape_ok || month < "01" || month > "12" || day < "01" || day > "31" ||
      (n == 10 && std::stoi(day) >
                      days_in_month(std::stoi(std::string(date.substr(0, 4))), std::stoi(month)))) {
    throw UsageError(std::string(what) + ": " + std::string(date) +
                     " is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  // "2018-02" ends on "20180231": no such day, but every February date sorts before it.
  return std::string(date.substr(0, 4)) + month + day;
}

namespace {

// The date value between `low` and `high` (either may be open).
Xapian::Query date_value_range(const std::string& low, const std::string& high) {
  if (high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, low);
  if (low.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, high);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, low, high);
}

// True if [low, high] (YYYYMMDD, empty = open) holds all of [first, last].
bool covers(const std::string& low, const std::string& high, const std::string& first,
            const std::string& last) {
  return (low.empty() || low <= first) && (high.empty() || high >= last);
}

}  // namespace

// Why terms rather than one VALUE_RANGE on the date slot: Xapian then reads the date of every
// dated article, and next to a phrase in the query that made a search ten times slower (16 ms
// instead of 1.8 ms on 30,758 articles, "... \"احتجاز الحريري\" 2018-03..2018-06").
Xapian::Query date_range_query(const Xapian::Database& db, const std::string& low,
                               const std::string& high) {
  const std::string prefix(schema::kMonthPrefix);
  std::vector<Xapian::Query> parts;
  std::string whole_year;  // the last year taken by its year term: its months are in it
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    const std::string month = (*term).substr(prefix.size());  // YYYYMM
    if (month.size() != 6 || !schema::all_digits(month)) continue;
    const std::string year = month.substr(0, 4);
    const std::string first = month + "01";
    const std::string last = month + "31";  // sorts after the last day of any month
    if (year == whole_year || !(low.empty() || low <= last) || !(high.empty() || high >= first)) {
      continue;
    }
    if (covers(low, high, year + "0101", year + "1231")) {
      parts.emplace_back(std::string(schema::kYearPrefix) + year);
      whole_year = year;
    } else if (covers(low, high, first, last)) {
      parts.emplace_back(*term);
    } else {
      parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(*term),
                         date_value_range(low, high));
    }
  }
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::RangeProcessor* make_date_range_processor(const Xapian::Database& db,
                                                  std::shared_ptr<std::string> error) {
  return new DateRangeProcessor(db, std::move(error));
}

int month_index(std::string_view yyyymm) {
  return std::stoi(std::string(yyyymm.substr(0, 4))) * 12 +
         std::stoi(std::string(yyyymm.substr(4, 2))) - 1;
}

std::string month_label(int index) {
  const int year = index / 12;
  const int month = index % 12 + 1;
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

}  // namespace bahth::search
