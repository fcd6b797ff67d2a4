#include "schema/schema.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/corpus_sections.h"
#include "bahth/error.h"
#include "bahth/utf8.h"
#include "schema/varint.h"

namespace bahth::schema {
namespace {

constexpr std::size_t kMaxTermBytes = 245;

// FNV-1a, 64 bits: not cryptographic, only to notice changes and to spread ids over shards.
constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = kFnvOffset) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// Stored-article encoding: a version byte, then each field as a varint length and its bytes.
// Binary rather than JSON because every result decodes it and every article encodes it.
constexpr char kStoredVersion = '\x01';

void put_field(std::string_view field, std::string& out) {
  put_varint(field.size(), out);
  out.append(field);
}

class StoredReader {
 public:
  explicit StoredReader(std::string_view data) : data_(data) {}

  std::uint64_t varint() {
    const std::optional<std::uint64_t> n = get_varint(data_, pos_);
    if (!n) fail();
    return *n;
  }

  std::string field() {
    const std::uint64_t size = varint();
    if (size > data_.size() - pos_) fail();
    std::string value(data_.substr(pos_, size));
    pos_ += size;
    return value;
  }

  bool at_end() const { return pos_ >= data_.size(); }

  char byte() {
    if (pos_ >= data_.size()) fail();
    return data_[pos_++];
  }

 private:
  [[noreturn]] static void fail() {
    throw Error("a document in the index has data bahth did not write (rebuild the index)");
  }

  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

namespace {

// Two 64-bit hashes of `text`, as 32 hex digits: distinct long ids (and paths) sharing their
// first bytes stay apart.
std::string hash_hex(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const std::uint64_t basis : {kFnvOffset, kFnvOffset ^ std::uint64_t{0x9E3779B97F4A7C15}}) {
    std::uint64_t h = fnv1a(text, basis);
    std::string hex(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) hex[static_cast<std::size_t>(i)] = kHex[h & 0xF];
    out += hex;
  }
  return out;
}

}  // namespace

std::string id_term(std::string_view article_id) {
  std::string term(kIdPrefix);
  const bool fits = kIdPrefix.size() + article_id.size() <= kMaxTermBytes;
  if (fits && !article_id.starts_with(kHashedIdMarker)) return term.append(article_id);
  // Too long for a term (or starting with the marker): the marker, a prefix of the id for
  // readability, and two hashes of the whole id so that long ids sharing their prefix stay apart.
  // Every other id is its term as it is, and no such term starts with the marker.
  term.append(kHashedIdMarker).append(article_id.substr(0, kHashedIdPrefixBytes)).push_back('#');
  return term.append(hash_hex(article_id));
}

std::string id_of_term(std::string_view term, bool* whole) {
  if (whole != nullptr) *whole = false;
  if (!term.starts_with(kIdPrefix)) return {};
  term.remove_prefix(kIdPrefix.size());
  if (!term.starts_with(kHashedIdMarker)) {
    if (whole != nullptr) *whole = true;
    return std::string(term);
  }
  term.remove_prefix(kHashedIdMarker.size());
  return std::string(term.substr(0, std::min(term.rfind('#'), kHashedIdPrefixBytes))) + "...";
}

std::string file_key(std::string_view path) {
  if (path.size() <= kMaxFileKeyBytes && !path.starts_with(kHashedIdMarker)) {
    return std::string(path);
  }
  // The first bytes may cut a UTF-8 character: the key is a term and a metadata key, never shown.
  std::string key(kHashedIdMarker);
  key.append(path.substr(0, kHashedFilePrefixBytes)).push_back('#');
  return key.append(hash_hex(path));
}

std::string file_digest(std::string_view path) {
  std::uint64_t h = fnv1a(file_key(path), kFnvOffset);
  std::string digest(8, '\0');
  for (char& byte : digest) {
    byte = static_cast<char>(h & 0xFF);
    h >>= 8;
  }
  return digest;
}

bool file_slot_matches(std::string_view value, std::string_view path) {
  return value == file_digest(path) || value == file_key(path);
}

namespace {

// Base 64, RFC 4648's URL alphabet: printable, no NUL or other control byte in any term.
constexpr std::string_view kBase64Digits =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string file_term(std::string_view path) {
  std::uint64_t h = fnv1a(file_key(path), kFnvOffset);  // file_digest's 64 bits
  std::string term(kFilePrefix);
  term.push_back(kFileDigestMark);
  for (int digit = 0; digit < 11; ++digit, h >>= 6) term.push_back(kBase64Digits[h & 63]);
  return term;
}

std::string older_file_term(std::string_view path) {
  return std::string(kFilePrefix).append(file_key(path));
}

std::string band_term(std::size_t band, std::uint64_t key) {
  constexpr std::string_view kDigits = kBase64Digits;
  std::string term(kBandPrefix);
  term.push_back(kDigits[band % kDigits.size()]);
  const std::uint64_t coarse = key >> (kBandKeyBits - kBandTermBits);
  for (int shift = kBandTermBits - 6; shift >= 0; shift -= 6) {
    term.push_back(kDigits[(coarse >> shift) & 63]);
  }
  return term;
}

bool has_band_terms(const Xapian::Database& db) {
  return db.get_metadata(std::string(kMetaBandTerms)) == kBandTermsForm;
}

std::string file_record_key(std::string_view path) {
  return std::string(kMetaFilePrefix).append(file_key(path));
}

std::string encode_file_record(const FileRecord& record) {
  return std::to_string(record.size) + ' ' + std::to_string(record.mtime_ns) + ' ' + record.path;
}

bool decode_file_record(std::string_view value, FileRecord& out) {
  const std::size_t first = value.find(' ');
  const std::size_t second = first == std::string_view::npos ? first : value.find(' ', first + 1);
  if (second == std::string_view::npos || second + 1 >= value.size()) return false;
  const char* const end = value.data() + second;
  const auto size = std::from_chars(value.data(), value.data() + first, out.size);
  const auto mtime = std::from_chars(value.data() + first + 1, end, out.mtime_ns);
  if (size.ec != std::errc() || size.ptr != value.data() + first || mtime.ec != std::errc() ||
      mtime.ptr != end) {
    return false;
  }
  out.path = std::string(value.substr(second + 1));
  return true;
}

SplitTerm split_term(std::string_view term) {
  std::size_t prefix_end = 0;
  while (prefix_end < term.size() && term[prefix_end] >= 'A' && term[prefix_end] <= 'Z') {
    ++prefix_end;
  }
  return {term.substr(0, prefix_end), term.substr(prefix_end)};
}

namespace {

constexpr char16_t kFirstKeyedLetter = u'\u0621';  // ء
constexpr char16_t kLastKeyedLetter = u'\u064A';   // ي
constexpr unsigned char kFirstKeyByte = 0x81;      // ء's byte; ي's is 0xAA

// The Arabic letter at s[i..i+1] (two bytes of UTF-8), or 0.
char16_t keyed_letter(std::string_view s, std::size_t i) {
  const char16_t c = arabic_block_char_at(s, i);
  return c >= kFirstKeyedLetter && c <= kLastKeyedLetter ? c : 0;
}

bool is_key_byte(unsigned char b) {
  return b >= kFirstKeyByte && b <= kFirstKeyByte + (kLastKeyedLetter - kFirstKeyedLetter);
}

}  // namespace

std::string spelling_key(std::string_view word) {
  if (word.empty() || word.size() % 2 != 0) return std::string(word);
  std::string key;
  key.reserve(word.size() / 2);
  for (std::size_t i = 0; i < word.size(); i += 2) {
    const char16_t c = keyed_letter(word, i);
    if (c == 0) return std::string(word);
    key.push_back(static_cast<char>(kFirstKeyByte + (c - kFirstKeyedLetter)));
  }
  return key;
}

std::string word_of_spelling_key(std::string_view key) {
  if (key.empty() || !is_key_byte(static_cast<unsigned char>(key.front()))) {
    return std::string(key);
  }
  std::string word;
  word.reserve(key.size() * 2);
  for (const char byte : key) {
    const auto b = static_cast<unsigned char>(byte);
    if (!is_key_byte(b)) return std::string(key);  // not a key: damaged, kept as it is
    append_utf8(word, static_cast<char16_t>(kFirstKeyedLetter + (b - kFirstKeyByte)));
  }
  return word;
}

bool spelling_table_keyed(const Xapian::Database& db) {
  return db.get_metadata(std::string(kMetaSpellingForm)) == kSpellingForm;
}

std::string variant_key(std::string_view stem) {
  return std::string(kVariantKeyPrefix).append(stem);
}

std::vector<std::string> read_variants(const Xapian::Database& db, std::string_view stem,
                                       bool* over_limit) {
  std::vector<std::string> variants;
  if (over_limit != nullptr) *over_limit = false;
  if (stem.empty() || stem.size() > kMaxVariantStemBytes) return variants;
  const std::string value = db.get_metadata(variant_key(stem));
  for (std::size_t start = 0; start < value.size();) {
    std::size_t end = value.find(' ', start);
    if (end == std::string::npos) end = value.size();
    const std::size_t size = end - start;
    if (size > kMaxVariantStemBytes || (size > 0 && variants.size() == kMaxVariantsPerStem)) {
      if (over_limit != nullptr) *over_limit = true;
      if (variants.size() == kMaxVariantsPerStem) break;
    } else if (size > 0) {
      variants.emplace_back(value, start, size);
    }
    start = end + 1;
  }
  return variants;
}

std::string encode_synonyms(const SynonymGroups& groups) {
  std::string out;
  for (const std::vector<std::string>& group : groups) {
    for (std::size_t i = 0; i < group.size(); ++i) out.append(i > 0 ? "\t" : "").append(group[i]);
    out.push_back('\n');
  }
  return out;
}

SynonymGroups read_synonyms(const Xapian::Database& db, bool* over_limit) {
  return decode_synonyms(db.get_metadata(std::string(kMetaSynonyms)), over_limit);
}

SynonymGroups decode_synonyms(std::string value, bool* over_limit) {
  if (value.size() > kMaxSynonymBytes) {
    if (over_limit != nullptr) *over_limit = true;
    value.resize(value.rfind('\n', kMaxSynonymBytes) + 1);  // whole groups only (npos + 1 = 0)
  }
  SynonymGroups groups;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find('\n', start);
    if (end == std::string::npos) end = value.size();
    std::vector<std::string> group;
    for (std::size_t from = start; from < end;) {
      std::size_t tab = value.find('\t', from);
      if (tab == std::string::npos || tab > end) tab = end;
      if (tab > from) group.emplace_back(value, from, tab - from);
      from = tab + 1;
    }
    if (group.size() >= 2) groups.push_back(std::move(group));
    start = end + 1;
  }
  return groups;
}

std::string encode_variants(const std::vector<std::string>& variants) {
  std::string value;
  for (const std::string& v : variants) {
    if (!value.empty()) value += ' ';
    value += v;
  }
  return value;
}

bool is_filter_term(std::string_view term) {
  const std::string_view prefix = split_term(term).prefix;
  return prefix == kIdPrefix || prefix == kSectionPrefix || prefix == kSourcePrefix ||
         prefix == kAuthorPrefix || prefix == kYearPrefix || prefix == kMonthPrefix ||
         prefix == kFilePrefix;
}

std::size_t shard_of(std::string_view article_id, std::size_t shards) {
  return static_cast<std::size_t>(fnv1a(article_id) % shards);
}

namespace {

std::string name_term(std::string_view prefix, std::string_view name) {
  std::string term(prefix);
  for (char c : normalize(name)) term.push_back(c == ' ' || c == '\t' ? '_' : c);
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  return term;
}

}  // namespace

std::string section_term(std::string_view section) { return name_term(kSectionPrefix, section); }

std::string source_term(std::string_view source) { return name_term(kSourcePrefix, source); }

std::string author_term(std::string_view author) { return name_term(kAuthorPrefix, author); }

std::string section_alias(std::string_view name) {
  std::string normalized = normalize(name);
  while (!normalized.empty() && normalized.back() == ' ') normalized.pop_back();
  for (const CorpusSection& known : kCorpusSections) {
    for (const std::string_view alias : known.aliases) {
      if (!alias.empty() && normalized == alias) return std::string(known.code);
    }
  }
  return std::string(name);
}

std::string date_value(std::string_view iso_date) {
  if (iso_date.size() < 10 || iso_date[4] != '-' || iso_date[7] != '-') return {};
  std::string value;
  value.append(iso_date.substr(0, 4)).append(iso_date.substr(5, 2)).append(iso_date.substr(8, 2));
  return all_digits(value) ? value : std::string();
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

std::string iso_day(std::string_view date_value) {
  if (date_value.size() != 8 || !all_digits(date_value)) return {};
  std::string day(date_value.substr(0, 4));
  return day.append("-")
      .append(date_value.substr(4, 2))
      .append("-")
      .append(date_value.substr(6, 2));
}

std::string timestamp_value(std::string_view iso_date) {
  std::string value = date_value(iso_date);
  if (value.empty()) return value;
  std::string time = "000000";
  if (iso_date.size() >= 19 && iso_date[10] == 'T') {
    std::string hms;
    hms.append(iso_date.substr(11, 2))
        .append(iso_date.substr(14, 2))
        .append(iso_date.substr(17, 2));
    if (all_digits(hms)) time = hms;
  }
  return value + time;
}

std::string content_hash(const Article& article) {
  std::uint64_t h = kFnvOffset;
  auto mix = [&h](std::string_view s) {
    h = fnv1a(s, h);
    h ^= 0xFF;  // field separator, so ("ab","c") and ("a","bc") differ
    h *= kFnvPrime;
  };
  mix(article.id), mix(article.url), mix(article.title), mix(article.date);
  mix(article.section), mix(article.body);
  for (const std::string& caption : article.captions) mix(caption);
  // Only when present, so an article without an outlet keeps the hash it had before the
  // outlet was stored.
  if (!article.source.empty()) mix(article.source);
  // The same for the authors, tagged so that an author is never mistaken for an outlet.
  if (!article.author.empty()) mix("\x01author"), mix(article.author);
  std::string bytes(8, '\0');  // most significant first: the hex form's digits, two a byte
  for (int i = 7; i >= 0; --i, h >>= 8) {
    bytes[static_cast<std::size_t>(i)] = static_cast<char>(h & 0xFF);
  }
  return bytes;
}

bool content_hash_matches(std::string_view value, std::string_view hash) {
  if (value.size() != 2 * hash.size()) return value == hash;
  static constexpr std::string_view kHex = "0123456789abcdef";
  for (std::size_t i = 0; i < hash.size(); ++i) {
    const auto byte = static_cast<unsigned char>(hash[i]);
    if (value[2 * i] != kHex[byte >> 4] || value[2 * i + 1] != kHex[byte & 0xF]) return false;
  }
  return true;
}

std::string encode_stored_article(const Article& article) {
  std::string out;
  out.reserve(article.body.size() + article.title.size() + 256);
  out.push_back(kStoredVersion);
  for (const std::string* field : {&article.id, &article.url, &article.title, &article.date,
                                   &article.section, &article.body}) {
    put_field(*field, out);
  }
  put_varint(article.captions.size(), out);
  for (const std::string& caption : article.captions) put_field(caption, out);
  // After the captions, so documents stored before the outlet was kept still decode.
  // The authors last, after the outlet (written empty when there is none): documents stored
  // before authors were kept end before them and decode without one.
  if (!article.source.empty() || !article.author.empty()) put_field(article.source, out);
  if (!article.author.empty()) put_field(article.author, out);
  return out;
}

Article decode_stored_article(std::string_view data) {
  StoredReader in(data);
  if (in.byte() != kStoredVersion) {
    throw Error("a document in the index was stored by another bahth version (rebuild the index)");
  }
  Article article;
  for (std::string* field : {&article.id, &article.url, &article.title, &article.date,
                             &article.section, &article.body}) {
    *field = in.field();
  }
  const std::uint64_t captions = in.varint();
  for (std::uint64_t i = 0; i < captions && i < data.size(); ++i) {
    article.captions.push_back(in.field());
  }
  if (!in.at_end()) article.source = in.field();
  if (!in.at_end()) article.author = in.field();
  return article;
}

RecordedAnalysis read_recorded_analysis(const Xapian::Database& db, const std::string& db_path) {
  RecordedAnalysis recorded;
  const std::string version = db.get_metadata(std::string(kMetaSchema));
  if (version.empty()) {
    if (db.get_doccount() != 0) {
      throw IndexError(db_path, "this Xapian database was not built by bahth");
    }
    return recorded;
  }
  if (version != kSchemaVersion) {
    throw IndexError(db_path, "built by another bahth version (schema " + version +
                                  ", this bahth uses " + std::string(kSchemaVersion) +
                                  "); rebuild the index");
  }
  recorded.present = true;
  recorded.stemmer = parse_stemmer_kind(db.get_metadata(std::string(kMetaStemmer)));
  recorded.analyzer_name = db.get_metadata(std::string(kMetaAnalyzer));
  return recorded;
}

}  // namespace bahth::schema
