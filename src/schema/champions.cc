#include "schema/champions.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "bahth/error.h"
#include "schema/schema.h"
#include "schema/varint.h"

namespace bahth::schema {
namespace {

constexpr char kListForm = '\x01';

// The header as "name=value" words, so a reader can say which one is wrong.
std::string format_double(double value) {
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return std::string(buffer, static_cast<std::size_t>(n));
}

[[noreturn]] void bad_header(const std::string& what) {
  throw Error("the champion lists' header (" + std::string(kMetaChampions) + ") " + what);
}

template <typename Number>
Number header_number(const std::map<std::string, std::string, std::less<>>& fields,
                     std::string_view name) {
  const auto found = fields.find(name);
  if (found == fields.end()) bad_header("has no " + std::string(name));
  const std::string& text = found->second;
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    bad_header("has " + std::string(name) + "=" + text + ", not a number");
  }
  return value;
}

double header_double(const std::map<std::string, std::string, std::less<>>& fields,
                     std::string_view name) {
  const auto found = fields.find(name);
  if (found == fields.end()) bad_header("has no " + std::string(name));
  const std::string& text = found->second;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) {
    bad_header("has " + std::string(name) + "=" + text + ", not a number");
  }
  return value;
}

class ListReader {
 public:
  explicit ListReader(std::string_view data) : data_(data) {}

  std::uint64_t varint() {
    const std::optional<std::uint64_t> n = get_varint(data_, pos_);
    if (!n) fail(pos_ >= data_.size() ? "ends inside a number" : "has a number over 64 bits");
    return *n;
  }

  std::uint64_t fixed64() {
    if (data_.size() - pos_ < 8) fail("ends inside its bound");
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) {
      n |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_++])) << (8 * i);
    }
    return n;
  }

  char byte() {
    if (pos_ >= data_.size()) fail("is empty");
    return data_[pos_++];
  }

  bool at_end() const { return pos_ >= data_.size(); }

  [[noreturn]] static void fail(const std::string& what) { throw Error("a champion list " + what); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

double bm25_share(Xapian::termcount wdf, Xapian::termcount length, double average_length,
                  const Bm25Parameters& bm25) {
  if (wdf == 0) return 0.0;
  // As Xapian's BM25Weight::get_sumpart computes it: the length times the inverse average.
  const double inverse_average = average_length > 0 ? 1.0 / average_length : 0.0;
  const double normalized =
      std::max(static_cast<double>(length) * inverse_average, bm25.min_normalized_length);
  const double wdf_double = wdf;
  return wdf_double / (bm25.k1 * (normalized * bm25.b + (1 - bm25.b)) + wdf_double);
}

bool is_weighted_term(std::string_view term) {
  // A band term's key digits can be capitals, which split_term would read as its prefix.
  return !term.empty() && !is_filter_term(term) && !term.starts_with(kBandPrefix);
}

std::string champion_key(std::string_view term) {
  return std::string(kChampionKeyPrefix).append(term);
}

std::string encode_champions_header(const ChampionsHeader& header) {
  return "form=" + std::string(kChampionsForm) + " limit=" + std::to_string(header.limit) +
         " k1=" + format_double(header.bm25.k1) + " k2=" + format_double(header.bm25.k2) +
         " k3=" + format_double(header.bm25.k3) + " b=" + format_double(header.bm25.b) +
         " min=" + format_double(header.bm25.min_normalized_length) +
         " revision=" + std::to_string(header.revision) +
         " documents=" + std::to_string(header.documents) +
         " length=" + std::to_string(header.total_length) +
         " last=" + std::to_string(header.last_docid) + " terms=" + std::to_string(header.terms);
}

ChampionsHeader decode_champions_header(std::string_view value) {
  std::map<std::string, std::string, std::less<>> fields;
  for (std::size_t start = 0; start < value.size();) {
    std::size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view field = value.substr(start, end - start);
    const std::size_t equals = field.find('=');
    if (equals == std::string_view::npos) bad_header("has '" + std::string(field) + "'");
    fields.emplace(field.substr(0, equals), field.substr(equals + 1));
    start = end + 1;
  }
  const auto form = fields.find("form");
  if (form == fields.end() || form->second != kChampionsForm) {
    bad_header(form == fields.end() ? "has no form"
                                    : "is of form " + form->second +
                                          ", which this bahth cannot "
                                          "read");
  }
  ChampionsHeader header;
  header.limit = header_number<std::size_t>(fields, "limit");
  header.bm25.k1 = header_double(fields, "k1");
  header.bm25.k2 = header_double(fields, "k2");
  header.bm25.k3 = header_double(fields, "k3");
  header.bm25.b = header_double(fields, "b");
  header.bm25.min_normalized_length = header_double(fields, "min");
  header.revision = header_number<Xapian::rev>(fields, "revision");
  header.documents = header_number<Xapian::doccount>(fields, "documents");
  header.total_length = header_number<Xapian::totallength>(fields, "length");
  header.last_docid = header_number<Xapian::docid>(fields, "last");
  header.terms = header_number<std::size_t>(fields, "terms");
  if (header.limit == 0) bad_header("has limit=0");
  return header;
}

std::string encode_champion_list(const ChampionList& list) {
  std::string out(1, kListForm);
  const auto bits = std::bit_cast<std::uint64_t>(list.bound);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
  put_varint(list.docids.size(), out);
  Xapian::docid previous = 0;
  for (Xapian::docid docid : list.docids) {
    put_varint(docid - previous, out);
    previous = docid;
  }
  return out;
}

ChampionList decode_champion_list(std::string_view value, std::size_t limit,
                                  Xapian::docid last_docid) {
  ListReader reader(value);
  if (reader.byte() != kListForm) ListReader::fail("is of a form this bahth cannot read");
  ChampionList list;
  list.bound = std::bit_cast<double>(reader.fixed64());
  // A share is below 1; a bound outside [0, 1) would prove what is not so.
  if (!(list.bound >= 0.0 && list.bound < 1.0)) {
    ListReader::fail("has the bound " + format_double(list.bound) + ", outside [0, 1)");
  }
  const std::uint64_t count = reader.varint();
  if (count > limit) {
    ListReader::fail("holds " + std::to_string(count) + " articles, over the header's limit " +
                     std::to_string(limit));
  }
  list.docids.reserve(count);
  std::uint64_t docid = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t gap = reader.varint();
    if (gap == 0 || gap > last_docid - docid) {
      ListReader::fail("names an article out of order or past the last one");
    }
    docid += gap;
    list.docids.push_back(static_cast<Xapian::docid>(docid));
  }
  if (!reader.at_end()) ListReader::fail("has bytes after its last article");
  return list;
}

}  // namespace bahth::schema
