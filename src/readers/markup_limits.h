// markup_limits.h: what markup may ask of libxml2 2.9, checked by a scan of its bytes before
// they are parsed.
//
// libxml2 checks each attribute of an element against every earlier one of the same element
// (quadratic: 40,000 attributes on one element cost 21 s in its HTML parser, 2.8 s in its XML
// parser, so a 16 MB page or feed item of them costs hours, inside one call that a Ctrl-C does
// not end), and its HTML tree costs about 160 bytes a node (a 13.5 MB page of 1.5 million
// elements took 730 MB). Real pages have a few thousand elements and elements a few attributes.
#ifndef BAHTH_READERS_MARKUP_LIMITS_H_
#define BAHTH_READERS_MARKUP_LIMITS_H_

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace bahth::readers {

inline constexpr std::size_t kMaxAttributesPerElement = 256;
inline constexpr std::size_t kMaxHtmlElements = 200'000;

/// Why libxml2's HTML parser is not given `html` (an element with more than
/// kMaxAttributesPerElement attributes, or more than kMaxHtmlElements elements), or "". The scan
/// follows the parser's own reading of tags, quoted values, comments, end tags, processing
/// instructions and script and style text, so that no element it parses goes uncounted.
std::string html_markup_problem(std::string_view html);

/// The same check of attributes for XML read a chunk at a time (a feed): in XML a '<' never
/// stands inside a tag, so each starts the next piece of markup.
class XmlAttributeCounter {
 public:
  /// Scans the next bytes of the document; "" or why the parser is not to be given them, and
  /// then `*stopped_at` is the offset in `bytes` of the byte that went over the limit.
  std::string scan(std::string_view bytes, std::size_t* stopped_at = nullptr);

 private:
  enum class State { text, open, name, tag, quoted };
  State state_ = State::text;
  char quote_ = 0;
  std::size_t attributes_ = 0;  // of the element being read
};

}  // namespace bahth::readers

#endif  // BAHTH_READERS_MARKUP_LIMITS_H_
