// record_reader.cc: field names and aliases, and the checks every article passes.
#include "record_reader.h"

#include <algorithm>   // std::replace_if
#include <cstdio>      // std::snprintf
#include <filesystem>  // std::filesystem::absolute
#include <initializer_list>
#include <utility>  // std::pair

#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth::readers {
namespace {

// The length in bytes of the character `text` starts with when an id may not hold it
// (id_problem), else 0.
std::size_t forbidden_id_character_length(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
  };
  const unsigned first = byte(0);
  if (first < 0x20 || first == 0x7F) return 1;                        // C0, DEL
  if (first == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) return 2;  // C1
  if (first == 0xD8 && byte(1) == 0x9C) return 2;                     // U+061C
  if (first == 0xE2 && byte(1) == 0x80 &&
      (byte(2) == 0x8E || byte(2) == 0x8F || (byte(2) >= 0xAA && byte(2) <= 0xAE))) {
    return 3;  // U+200E, U+200F, U+202A-U+202E
  }
  if (first == 0xE2 && byte(1) == 0x81 && byte(2) >= 0xA6 && byte(2) <= 0xA9) return 3;
  return 0;  // (the last: U+2066-U+2069)
}

// Each Article field: the member that holds it, its own name (the one --field takes), then the
// other names inputs give it, in the order they are preferred after the own name.
struct FieldSpelling {
  Field field;
  std::string Article::*member;
  std::string_view name;
  std::array<std::string_view, 8> aliases;  // the empty ones are unused
};

// The Arabic names are the column names Arabic spreadsheets use (title, text, body, date,
// section, source, link). The date keys are those of RSS (pubDate), schema.org (datePublished),
// news-please (date_publish) and common scrapers, in the order they win when several are given.
// In the order messages list the fields.
constexpr std::array<FieldSpelling, kFieldCount> kFields{{
    {Field::id, &Article::id, "id", {}},
    {Field::url, &Article::url, "url", {"link", "الرابط"}},
    {Field::title, &Article::title, "title", {"headline", "head_line", "العنوان"}},
    {Field::date,
     &Article::date,
     "date",
     {"published", "pubDate", "datePublished", "date_publish", "publish_date", "time", "التاريخ"}},
    {Field::section, &Article::section, "section", {"category", "القسم"}},
    {Field::source, &Article::source, "source", {"المصدر"}},
    {Field::body, &Article::body, "body", {"text", "maintext", "content", "النص", "المتن"}},
    // news-please, newspaper3k and Common Crawl News's extractions write `authors` (an array);
    // CSV exports `byline`; JSON Feed and WordPress's REST API `author`.
    {Field::author,
     &Article::author,
     "author",
     {"authors", "byline", "author_name", "creator", "الكاتب", "المؤلف"}},
}};

// The field `name` of the mapping `--field name=source`; throws UsageError when there is none.
Field field_named(const std::string& name, const std::string& source) {
  std::string names;
  for (const FieldSpelling& spelling : kFields) {
    if (spelling.name == name) return spelling.field;
    names.append(names.empty() ? "" : ", ").append(spelling.name);
  }
  throw UsageError("--field " + name + "=" + source + ": '" + name + "' is not an article field (" +
                   names + ")");
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

// The named references scraped text keeps most (a dump of HTML titles: `&quot;`, `&amp;`), and
// the marks Arabic pages use (direction, joiners, guillemets, dashes).
constexpr std::pair<std::string_view, std::string_view> kNamedReferences[] = {
    {"amp", "&"},         {"lt", "<"},         {"gt", ">"},         {"quot", "\""},
    {"apos", "'"},        {"nbsp", "\u00A0"},  {"rlm", "\u200F"},   {"lrm", "\u200E"},
    {"zwnj", "\u200C"},   {"zwj", "\u200D"},   {"laquo", "\u00AB"}, {"raquo", "\u00BB"},
    {"hellip", "\u2026"}, {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"lsquo", "\u2018"},
    {"rsquo", "\u2019"},  {"ldquo", "\u201C"}, {"rdquo", "\u201D"}};

// The text of the character reference at the start of `text` ("&amp;", "&#1605;", "&#x645;"),
// and its length; 0 when it is none (a lone '&', an unknown name, NUL, a surrogate).
std::size_t character_reference(std::string_view text, std::string& decoded) {
  const std::size_t semicolon = text.find(';', 1);
  if (semicolon == std::string_view::npos || semicolon > 10) return 0;
  const std::string_view name = text.substr(1, semicolon - 1);
  if (name.starts_with('#')) {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const std::string_view digits = name.substr(hex ? 2 : 1);
    std::uint32_t code = 0;
    if (digits.empty() || digits.size() > 7) return 0;
    for (const char c : digits) {
      const int value = c >= '0' && c <= '9'          ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
      if (value < 0) return 0;
      code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(value);
    }
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    decoded.clear();
    append_utf8(decoded, code);
    return semicolon + 1;
  }
  for (const auto& [known, text_of] : kNamedReferences) {
    if (name == known) {
      decoded.assign(text_of);
      return semicolon + 1;
    }
  }
  return 0;
}

// Replaces HTML character references with their characters, once (`&amp;quot;` becomes
// `&quot;`). Dumps of scraped pages keep titles and text as the HTML had them, and a reference
// left as it is puts words like "quot" and "nbsp" in the index and hides the word it spells
// ("&#1605;&#1589;&#1585;" is مصر). Ids and URLs are left as given.
void decode_character_references(std::string& text) {
  std::size_t at = text.find('&');
  if (at == std::string::npos) return;
  std::string out(text, 0, at);
  std::string decoded;
  while (at < text.size()) {
    const std::size_t next = text.find('&', at + 1);
    const std::size_t length =
        text[at] == '&' ? character_reference(std::string_view(text).substr(at), decoded) : 0;
    if (length > 0) {
      out += decoded;
      at += length;
    }
    const std::size_t until = next == std::string::npos ? text.size() : std::max(next, at);
    out.append(text, at, until - at);
    at = until;
  }
  text = std::move(out);
}

void clean_fields(Article& article) {
  strip_nul(article);
  for (std::string* field :
       {&article.title, &article.body, &article.section, &article.source, &article.author}) {
    decode_character_references(*field);
  }
  for (std::string& caption : article.captions) decode_character_references(caption);
  std::replace_if(article.title.begin(), article.title.end(), is_space, ' ');
  for (const FieldSpelling& spelling : kFields) trim_in_place(article.*spelling.member);
}

// `text` in quotes for a message, cut to about 60 bytes at a UTF-8 character boundary.
std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t kMax = 60;
  const std::size_t end = utf8_char_start(text, std::min(text.size(), kMax));
  std::string quoted(1, '\'');
  quoted.append(text.substr(0, end)).append(end < text.size() ? "...'" : "'");
  return quoted;
}

// A bad date is counted, not reported here: the reader reports each input's tally once.
void check_date(Article& article, const InputContext& context, std::size_t line) {
  if (article.date.empty()) return;
  std::optional<std::string> date = normalize_date(article.date);
  if (context.dates != nullptr) {
    DateTally& tally = *context.dates;
    ++tally.dates;
    if (!date && tally.unreadable++ == 0) {
      tally.first_line = line;
      tally.first_text = quoted_excerpt(article.date);
    }
  } else if (!date) {
    context.report(
        line, "unreadable date " + quoted_excerpt(article.date) + "; article kept without a date",
        /*skipped=*/false);
  }
  if (date) {
    article.date = std::move(*date);
  } else {
    article.date.clear();
  }
}

// A name without the word a byline opens with ("By Jane Doe", «بقلم: سارة أحمد», «كتب: …»), as
// newsrooms' exports and pages' meta data often keep it; the name itself when it has no such
// word, or nothing after it (a name is never made empty).
std::string_view without_byline_word(std::string_view name) {
  // Latin words in lower case (matched in any case); each must be followed by a colon, a dash
  // or a space, so that "Byron" stays whole.
  static constexpr std::string_view kWords[] = {"written by",
                                                "reported by",
                                                "by",
                                                "\u0628\u0642\u0644\u0645" /* بقلم */,
                                                "\u0643\u062a\u0628\u062a" /* كتبت */,
                                                "\u0643\u062a\u0628\u0647" /* كتبه */,
                                                "\u0643\u062a\u0628" /* كتب */,
                                                "\u0625\u0639\u062f\u0627\u062f" /* إعداد */};
  for (const std::string_view word : kWords) {
    if (name.size() <= word.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < word.size() && same; ++i) same = ascii_lower(name[i]) == word[i];
    const char next = name[word.size()];
    if (!same || !(next == ':' || next == '-' || is_space(next))) continue;
    std::string_view rest = name.substr(word.size());
    for (bool more = true; more;) {  // the colon, dashes and spaces after it
      more = false;
      for (const std::string_view mark : {":", "-", " ", "\t", "\u2013", "\u2014"}) {
        if (rest.starts_with(mark)) {
          rest.remove_prefix(mark.size());
          more = true;
        }
      }
    }
    return rest.empty() ? name : rest;
  }
  return name;
}

// The authors one a line, each trimmed and given once; an unusable one (a URL, a paragraph) is
// dropped and counted, not reported here: the reader reports each input's tally once.
void check_authors(Article& article, const InputContext& context, std::size_t line) {
  if (article.author.empty()) return;
  std::string kept;
  std::string_view rest = article.author;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view name = without_byline_word(trim(rest.substr(0, end)));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (name.empty()) continue;
    if (unusable_author(name)) {
      if (context.authors == nullptr) {
        context.report(line,
                       "author " + quoted_excerpt(name) + " dropped (a URL or longer than " +
                           std::to_string(kMaxAuthorBytes) + " bytes); article kept",
                       /*skipped=*/false);
      } else if (context.authors->dropped++ == 0) {
        context.authors->first_line = line;
        context.authors->first_text = quoted_excerpt(name);
      }
      continue;
    }
    std::string one;  // a name's runs of white space made one space, as a byline reads
    for (const char c : name) {
      if (is_space(c)) {
        if (one.back() != ' ') one += ' ';
      } else {
        one += c;
      }
    }
    bool given = false;  // `"authors": ["A", "A"]`, or a byline repeated by a CMS
    for (std::string_view seen = kept; !seen.empty();) {
      const std::size_t seen_end = std::min(seen.find('\n'), seen.size());
      given = given || seen.substr(0, seen_end) == one;
      seen.remove_prefix(std::min(seen_end + 1, seen.size()));
    }
    if (given) continue;
    if (!kept.empty()) kept += '\n';
    kept += one;
  }
  article.author = std::move(kept);
}

// 1234567 as "1,234,567", as the summary line writes counts.
std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

// 64-bit FNV-1a: small, stable across builds and platforms (std::hash is neither promised).
class Fnv1a {
 public:
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
    hash_ ^= 0xFF;  // a byte UTF-8 text never holds: ("ab","c") and ("a","bc") differ
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::uint64_t hash_of(std::string_view text) {
  Fnv1a hash;
  hash.add(text);
  return hash.value();
}

void claim_id(const Article& article, const InputContext& context, std::size_t line) {
  if (context.ids == nullptr) return;
  const std::optional<std::string> earlier = context.ids->claim(article.id, context.input, line);
  if (!earlier) return;
  context.reporter->report(ReadProblem{
      context.path, line,
      "id " + quoted_excerpt(article.id) + " already given by " + *earlier + "; replaces it",
      /*skipped=*/false, /*replaces=*/true});
}

}  // namespace

FieldNames::FieldNames(const std::map<std::string, std::string>& field_map) {
  for (const auto& [field_name, source] : field_map) {
    entries_.push_back({source, field_named(field_name, source), 0});
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
  return value_[i].empty() || match.rank <= rank_[i];
}

bool FieldCollector::holds(FieldNames::Match match) const {
  const auto i = static_cast<std::size_t>(match.field);
  return !value_[i].empty() && match.rank == rank_[i];
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
  if (const std::optional<std::string> problem = id_problem(article.id)) {
    context.report(line, *problem);
    return false;
  }
  check_date(article, context, line);
  check_authors(article, context, line);
  // A missing id is derived from where the record sits, so re-indexing the same file gives the
  // same ids (and replaces rather than duplicates).
  if (article.id.empty()) article.id = derived_id(context.id_name, line, article);
  if (context.id_name != "-") article.origin_file = context.id_name;
  claim_id(article, context, line);
  return true;
}

std::string derived_id_base(const std::string& path) {
  if (path == "-") return path;
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error) absolute = path;  // no current directory: the path as given is the best left
  return absolute.lexically_normal().string();
}

std::string derived_id(std::string_view base, std::size_t line, const Article& article) {
  // A file name may hold what an id may not (id_problem): such bytes are written %XX, so that
  // the file's articles get ids, the same ones on every run.
  std::string id;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const std::size_t length = forbidden_id_character_length(base.substr(i));
    if (length == 0) {
      id += base[i];
      continue;
    }
    for (std::size_t k = 0; k < length; ++k) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X",
                    static_cast<unsigned>(static_cast<unsigned char>(base[i + k])));
      id += hex;
    }
    i += length - 1;
  }
  id.append(":").append(std::to_string(line == 0 ? 1 : line));
  if (base != "-") return id;
  Fnv1a hash;
  for (const std::string* field : {&article.title, &article.body, &article.url, &article.date,
                                   &article.section, &article.source}) {
    hash.add(*field);
  }
  for (const std::string& caption : article.captions) hash.add(caption);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.value()));
  return id.append(":").append(hex);
}

std::size_t IdRegistry::add_input(std::string path) {
  paths_.push_back(std::move(path));
  return paths_.size() - 1;
}

// Linear probing from the hash's low bits; the table is never full (grow() keeps it under 70%).
IdRegistry::Slot& IdRegistry::slot_for(std::uint64_t hash) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots_[i].hash == hash || slots_[i].hash == 0) return slots_[i];
  }
}

void IdRegistry::grow() {
  std::vector<Slot> old(std::max<std::size_t>(1024, slots_.size() * 2));
  old.swap(slots_);
  for (const Slot& slot : old) {
    if (slot.hash != 0) slot_for(slot.hash) = slot;
  }
}

std::optional<std::string> IdRegistry::claim(std::string_view id, std::size_t input,
                                             std::size_t line) {
  if ((used_ + 1) * 10 > slots_.size() * 7) grow();
  std::uint64_t hash = hash_of(id);
  if (hash == 0) hash = 1;
  Slot& slot = slot_for(hash);
  const Slot earlier = slot;
  constexpr std::size_t kMaxLine = 0xFFFFFFFFu;
  slot = Slot{hash, static_cast<std::uint32_t>(input),
              static_cast<std::uint32_t>(std::min(line, kMaxLine))};
  if (earlier.hash == 0) {
    ++used_;
    return std::nullopt;
  }
  std::string where = paths_.at(earlier.input);
  if (earlier.line != 0) where += ":" + std::to_string(earlier.line);
  return where;
}

std::string DateTally::summary() const {
  if (unreadable == 0) return {};
  std::string text = with_commas(unreadable) + " of " + with_commas(dates) +
                     (dates == 1 ? " date unreadable, e.g. " : " dates unreadable, e.g. ");
  if (first_line != 0) text += "line " + std::to_string(first_line) + ": ";
  return text + first_text + "; " + (unreadable == 1 ? "its article kept" : "their articles kept") +
         " without a date";
}

bool unusable_author(std::string_view author) {
  if (author.size() > kMaxAuthorBytes) return true;
  std::string start(author.substr(0, 8));
  for (char& c : start) c = ascii_lower(c);
  return start.starts_with("http://") || start.starts_with("https://") ||
         start.starts_with("www.") || author.find("://") != std::string_view::npos;
}

namespace {

// Calls `each` with every piece of `text` between the separators `at` (the whole when none).
template <typename Each>
void split_at(std::string_view text, std::initializer_list<std::string_view> at, Each each) {
  for (;;) {
    std::size_t cut = std::string_view::npos;
    std::size_t length = 0;
    for (const std::string_view separator : at) {
      if (const std::size_t found = text.find(separator); found < cut) {
        cut = found;
        length = separator.size();
      }
    }
    each(text.substr(0, cut));
    if (cut == std::string_view::npos) return;
    text.remove_prefix(cut + length);
  }
}

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool blank = is_space(c);
    if (!blank && !in_word) ++words;
    in_word = !blank;
  }
  return words;
}

}  // namespace

std::string_view split_byline(std::string_view text, std::string& storage) {
  constexpr std::string_view kArabicComma = "\u060c";
  constexpr std::string_view kArabicSemicolon = "\u061b";
  if (text.find_first_of(";|\n,&") == std::string_view::npos &&
      text.find(kArabicComma) == std::string_view::npos &&
      text.find(kArabicSemicolon) == std::string_view::npos &&
      text.find(" and ") == std::string_view::npos && text.find(" و ") == std::string_view::npos) {
    return text;
  }
  storage.clear();
  auto add = [&storage](std::string_view name) {
    name = trim(name);
    if (name.empty()) return;
    if (!storage.empty()) storage += '\n';
    storage += name;
  };
  split_at(text, {";", "|", "\n", kArabicComma, kArabicSemicolon}, [&](std::string_view list) {
    split_at(list, {" and ", " & ", " و "}, [&](std::string_view part) {
      std::size_t pieces = 0;
      bool names = true;  // every piece two words or more: a list of names, not "Doe, Jane"
      split_at(part, {","}, [&](std::string_view piece) {
        if (trim(piece).empty()) return;
        ++pieces;
        names = names && word_count(piece) >= 2;
      });
      if (pieces >= 2 && names) {
        split_at(part, {","}, add);
      } else {
        add(part);
      }
    });
  });
  return storage;
}

std::string AuthorTally::summary() const {
  if (dropped == 0) return {};
  std::string text = with_commas(dropped) +
                     (dropped == 1 ? " author dropped" : " authors dropped") +
                     " (a URL or longer than " + std::to_string(kMaxAuthorBytes) + " bytes), e.g. ";
  if (first_line != 0) text += "line " + std::to_string(first_line) + ": ";
  return text + first_text + "; " + (dropped == 1 ? "its article kept" : "their articles kept");
}

std::string FirstExampleTally::summary_of(std::string_view one, std::string_view many,
                                          std::string_view outcome) const {
  if (records == 0) return {};
  std::string text =
      with_commas(records) + " " + std::string(records == 1 ? one : many) + ", e.g. ";
  if (first_line != 0) text += "line " + std::to_string(first_line) + ": ";
  return text + first_example + "; " + std::string(outcome);
}

void note_ignored_value(const InputContext& context, std::size_t line, std::string_view what) {
  if (what.empty()) return;
  if (context.ignored_values == nullptr) {
    context.report(line, std::string(what) + " is not text; ignored", /*skipped=*/false);
    return;
  }
  context.ignored_values->note(line, std::string(what));
}

void note_repeated_key(const InputContext& context, std::size_t line, std::string_view key) {
  if (key.empty()) return;
  if (context.repeated_keys == nullptr) {
    context.report(line, "key " + quoted_excerpt(key) + " given twice; the last value kept",
                   /*skipped=*/false);
    return;
  }
  context.repeated_keys->note(line, quoted_excerpt(key));
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

namespace bahth {

void check_field_map(const std::map<std::string, std::string>& field_map) {
  for (const auto& [field_name, source] : field_map) readers::field_named(field_name, source);
}

std::optional<std::string> id_problem(std::string_view id) {
  for (std::size_t i = 0; i < id.size(); ++i) {
    const std::size_t length = readers::forbidden_id_character_length(id.substr(i));
    if (length == 0) continue;
    const auto at = [&](std::size_t k) {
      return static_cast<char32_t>(static_cast<unsigned char>(id[i + k]));
    };
    char32_t code = at(0);
    if (length == 2) code = ((code & 0x1F) << 6) | (at(1) & 0x3F);
    if (length == 3) code = ((code & 0x0F) << 12) | ((at(1) & 0x3F) << 6) | (at(2) & 0x3F);
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(code));
    return std::string("article id holds ") +
           (code >= 0x600 ? "a bidi control character " : "a control character ") + name +
           " at byte " + std::to_string(i + 1) + " (an id may hold no control characters)";
  }
  return std::nullopt;
}

}  // namespace bahth
