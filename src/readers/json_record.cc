// json_record.cc: simdjson DOM → Article fields, by name, alias or --field mapping.
#include "json_record.h"

#include <simdjson.h>

#include <charconv>  // std::to_chars

#include "bahth/utf8.h"
#include "line_reader.h"

namespace bahth::readers {
namespace {

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING,
              "lines must carry the padding simdjson reads past their end");

namespace dom = simdjson::dom;

std::string_view type_name(dom::element_type type) {
  switch (type) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::NULL_VALUE:
      return "null";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::OBJECT:
      return "an object";
    default:
      return "a number";
  }
}

// A number's shortest exact text, so numeric ids (123) become "123".
std::string_view number_text(dom::element value, std::string& storage) {
  char digits[32];
  std::to_chars_result r{};
  if (value.is_int64()) {
    r = std::to_chars(digits, digits + sizeof digits, value.get_int64().value_unsafe());
  } else if (value.is_uint64()) {
    r = std::to_chars(digits, digits + sizeof digits, value.get_uint64().value_unsafe());
  } else {
    r = std::to_chars(digits, digits + sizeof digits, value.get_double().value_unsafe());
  }
  storage.assign(digits, r.ptr);
  return storage;
}

// Strings of an array (paragraph lists), one a line.
std::string_view joined_strings(dom::array items, std::string& storage) {
  storage.clear();
  for (dom::element item : items) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS) continue;
    if (!storage.empty()) storage += '\n';
    storage += text;
  }
  return storage;
}

// The text of a scalar (or array of strings) value; empty for null, booleans and objects,
// which feed no field.
std::string_view text_of(dom::element value, std::string& storage) {
  switch (value.type()) {
    case dom::element_type::STRING:
      return value.get_string().value_unsafe();
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
      return number_text(value, storage);
    case dom::element_type::ARRAY:
      return joined_strings(value.get_array().value_unsafe(), storage);
    default:
      return {};
  }
}

// One author's name: a string, or a schema.org-style object's `name` (`{"name": "..."}`).
std::string_view author_name(dom::element value) {
  std::string_view name;
  if (value.get_string().get(name) == simdjson::SUCCESS) return name;
  dom::element inner;
  if (value.is_object() && value["name"].get(inner) == simdjson::SUCCESS &&
      inner.get_string().get(name) == simdjson::SUCCESS) {
    return name;
  }
  return {};
}

// The authors as dumps give them: a string, an array of strings (news-please, newspaper3k,
// Common Crawl News extractions: `"authors": [...]`) or of objects with a `name`, or one such
// object; one a line.
std::string_view author_text(dom::element value, std::string& storage) {
  dom::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    // One string may name several, as a byline does ("A and B"); an array's items are one each.
    return split_byline(author_name(value), storage);
  }
  storage.clear();
  for (dom::element item : items) {
    const std::string_view name = author_name(item);
    if (name.empty()) continue;
    if (!storage.empty()) storage += '\n';
    storage += name;
  }
  return storage;
}

void read_captions(dom::element value, Article& out) {
  dom::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) return;
  for (dom::element item : items) {
    std::string_view text;
    if (item.get_string().get(text) == simdjson::SUCCESS) out.captions.emplace_back(text);
  }
}

std::string parse_error_reason(simdjson::error_code error, std::string_view text) {
  if (error == simdjson::UTF8_ERROR) {
    const std::size_t at = find_invalid_utf8(text);
    if (at != std::string_view::npos) return invalid_utf8_reason(at);
  }
  if (error == simdjson::DEPTH_ERROR) {
    return "broken JSON: nested deeper than " + std::to_string(JsonRecordParser::kMaxDepth) +
           " levels";
  }
  if (error == simdjson::NUMBER_ERROR) {
    // simdjson says "Problem while parsing a number": Python's json writes such numbers.
    return "broken JSON: a number out of range (an integer beyond 64 bits or a float beyond "
           "1.8e308; write it as a string), or malformed";
  }
  if (error == simdjson::STRING_ERROR) {
    return "broken JSON: a string with a bad escape (a lone surrogate such as \\ud800, or an "
           "unknown escape)";
  }
  return std::string("broken JSON: ") + simdjson::error_message(error);
}

}  // namespace

struct JsonRecordParser::Impl {
  dom::parser parser;
  FieldCollector fields;
  std::string repeated_key;
  std::string ignored_value;
};

JsonRecordParser::JsonRecordParser() : impl_(std::make_unique<Impl>()) {
  // Capacity grows with the largest record seen; the readers bound records by
  // max_article_bytes before they get here.
  if (impl_->parser.allocate(kChunkBytes, kMaxDepth) != simdjson::SUCCESS) throw std::bad_alloc();
}

JsonRecordParser::~JsonRecordParser() = default;

std::string JsonRecordParser::parse(std::string_view text, const FieldNames& names, Article& out) {
  dom::element root;
  const simdjson::error_code error =
      impl_->parser.parse(text.data(), text.size(), /*realloc_if_needed=*/false).get(root);
  if (error != simdjson::SUCCESS) return parse_error_reason(error, text);
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return "JSON value is " + std::string(type_name(root.type())) + ", not an article object";
  }
  FieldCollector& fields = impl_->fields;
  fields.reset();
  impl_->repeated_key.clear();
  impl_->ignored_value.clear();
  out.captions.clear();
  bool captions_seen = false;
  // A key given twice keeps its last value (JavaScript, Python and most JSON readers do; the
  // first was kept before, which a dump whose exporter appends a corrected field gets wrong).
  const auto note_repeat = [&](std::string_view key) {
    if (impl_->repeated_key.empty()) impl_->repeated_key = key;
  };
  for (const dom::key_value_pair& member : object) {
    if (member.key == "captions") {
      if (captions_seen) {
        note_repeat(member.key);
        out.captions.clear();
      }
      captions_seen = true;
      read_captions(member.value, out);
    }
    names.for_each_match(member.key, /*ignore_case=*/false, [&](FieldNames::Match match) {
      if (fields.holds(match)) note_repeat(member.key);
      if (!fields.wants(match)) return;
      // An object or a boolean feeds no field (an author's object is a schema.org Person):
      // noted, so that a title given as {"ar": ...} is not lost in silence.
      const dom::element_type type = member.value.type();
      if (match.field != Field::author && impl_->ignored_value.empty() &&
          (type == dom::element_type::OBJECT || type == dom::element_type::BOOL)) {
        impl_->ignored_value =
            "'" + std::string(member.key) + "' (" + std::string(type_name(type)) + ")";
      }
      fields.offer(match, match.field == Field::author ? author_text(member.value, fields.scratch())
                                                       : text_of(member.value, fields.scratch()));
    });
  }
  fields.apply(out);
  return {};
}

std::string_view JsonRecordParser::repeated_key() const { return impl_->repeated_key; }

std::string_view JsonRecordParser::ignored_value() const { return impl_->ignored_value; }

}  // namespace bahth::readers
