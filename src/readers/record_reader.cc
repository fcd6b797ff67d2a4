// record_reader.cc: field names and aliases, and the checks every article passes.
#include "record_reader.h"

#include <algorithm>  // std::replace_if
#include <utility>    // std::pair

#include "bahth/error.h"

namespace bahth::readers {
namespace {

// Each Article field: the member that holds it, its own name (the one --field takes), then the
// other names inputs give it, in the order they are preferred after the own name.
struct FieldSpelling {
  Field field;
  std::string Article::*member;
  std::string_view name;
  std::array<std::string_view, 3> aliases;  // the empty ones are unused
};

constexpr std::array<FieldSpelling, kFieldCount> kFields{{
    {Field::id, &Article::id, "id", {}},
    {Field::url, &Article::url, "url", {"link"}},
    {Field::title, &Article::title, "title", {"headline", "head_line"}},
    {Field::date, &Article::date, "date", {"date_publish"}},
    {Field::section, &Article::section, "section", {"category"}},
    {Field::body, &Article::body, "body", {"text", "maintext", "content"}},
    {Field::source, &Article::source, "source", {}},
}};

Field field_named(const std::string& name) {
  for (const FieldSpelling& spelling : kFields) {
    if (spelling.name == name) return spelling.field;
  }
  throw UsageError("--field " + name +
                   ": not an article field (id, url, title, date, section, source, body)");
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void trim_in_place(std::string& text) {
  const std::string_view trimmed = trim(text);
  if (trimmed.size() == text.size()) return;
  const auto start = static_cast<std::size_t>(trimmed.data() - text.data());
  text.erase(start + trimmed.size());
  text.erase(0, start);
}

void strip_nul(Article& article) {
  for (const FieldSpelling& spelling : kFields) std::erase(article.*spelling.member, '\0');
  for (std::string& caption : article.captions) std::erase(caption, '\0');
}

void clean_fields(Article& article) {
  strip_nul(article);
  std::replace_if(article.title.begin(), article.title.end(), is_space, ' ');
  for (const FieldSpelling& spelling : kFields) trim_in_place(article.*spelling.member);
}

// `text` in quotes for a message, cut to about 60 bytes at a UTF-8 character boundary.
std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::size_t end = std::min(text.size(), kMax);
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  std::string quoted(1, '\'');
  quoted.append(text.substr(0, end)).append(end < text.size() ? "...'" : "'");
  return quoted;
}

void check_date(Article& article, const InputContext& context, std::size_t line) {
  if (article.date.empty()) return;
  if (std::optional<std::string> date = normalize_date(article.date)) {
    article.date = std::move(*date);
    return;
  }
  context.report(
      line, "unparseable date " + quoted_excerpt(article.date) + "; article kept without a date",
      /*skipped=*/false);
  article.date.clear();
}

}  // namespace

FieldNames::FieldNames(const std::map<std::string, std::string>& field_map) {
  for (const auto& [field_name, source] : field_map) {
    entries_.push_back({source, field_named(field_name), 0});
  }
  for (const FieldSpelling& spelling : kFields) {
    entries_.push_back({std::string(spelling.name), spelling.field, 1});
    int rank = 2;
    for (const std::string_view alias : spelling.aliases) {
      if (!alias.empty()) entries_.push_back({std::string(alias), spelling.field, rank++});
    }
  }
}

bool FieldNames::same_name(std::string_view a, std::string_view b, bool ignore_case) {
  if (a.size() != b.size()) return false;
  if (!ignore_case) return a == b;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

void FieldCollector::reset() { value_.fill({}); }

bool FieldCollector::wants(FieldNames::Match match) const {
  const auto i = static_cast<std::size_t>(match.field);
  return value_[i].empty() || match.rank < rank_[i];
}

void FieldCollector::offer(FieldNames::Match match, std::string_view value) {
  if (!wants(match) || trim(value).empty()) return;
  const auto i = static_cast<std::size_t>(match.field);
  if (value.data() == scratch_.data()) {
    owned_[i].swap(scratch_);
    value = owned_[i];
  }
  value_[i] = value;
  rank_[i] = match.rank;
}

void FieldCollector::apply(Article& out) const {
  for (const FieldSpelling& spelling : kFields) {
    (out.*spelling.member).assign(value_[static_cast<std::size_t>(spelling.field)]);
  }
}

bool finish_article(Article& article, const InputContext& context, std::size_t line) {
  clean_fields(article);
  if (article.title.empty() && article.body.empty()) {
    context.report(line, "article has neither title nor body");
    return false;
  }
  check_date(article, context, line);
  // A missing id is derived from where the record sits, so re-indexing the same file gives the
  // same ids (and replaces rather than duplicates).
  if (article.id.empty()) {
    article.id = line == 0 ? context.id_name : context.id_name + ":" + std::to_string(line);
  }
  return true;
}

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string_view strip_bom(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
}

std::string invalid_utf8_reason(std::size_t byte_offset) {
  return "invalid UTF-8 at byte " + std::to_string(byte_offset + 1);
}

}  // namespace bahth::readers
