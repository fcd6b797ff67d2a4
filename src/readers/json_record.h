// json_record.h: one JSON object → Article fields, with simdjson (kept out of other headers).
#ifndef BAHTH_READERS_JSON_RECORD_H_
#define BAHTH_READERS_JSON_RECORD_H_

#include <memory>       // std::unique_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "bahth/article.h"
#include "bahth/non_copyable.h"
#include "record_reader.h"

namespace bahth::readers {

/// A reusable simdjson DOM parser that reads article objects. Nesting deeper than kMaxDepth is
/// an error (simdjson checks depth iteratively, so deep input cannot overflow the stack).
class JsonRecordParser : NonCopyable {
 public:
  static constexpr std::size_t kMaxDepth = 256;

  JsonRecordParser();
  ~JsonRecordParser();

  /// Parses `text`, which must be followed by kLinePadding readable bytes, as one article
  /// object: fills out's fields (captions from a `captions` array). Returns an empty string on
  /// success, else the reason the record cannot be read.
  std::string parse(std::string_view text, const FieldNames& names, Article& out);

  /// The first key that the last record parse() read gave twice, of those that feed a field
  /// (the last non-blank value was kept); empty when none. Valid until the next parse().
  std::string_view repeated_key() const;

  /// The first field of the last record parse() read whose value is an object or a boolean,
  /// which feeds no field (an author's object aside), as "'title' (an object)"; empty when none.
  /// Valid until the next parse().
  std::string_view ignored_value() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bahth::readers

#endif  // BAHTH_READERS_JSON_RECORD_H_
