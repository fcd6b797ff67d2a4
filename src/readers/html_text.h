// html_text.h: the text of an HTML fragment (a feed item's description), by libxml2's HTML
// parser: tags dropped, entities decoded, scripts and styles left out, and block elements
// (paragraphs, line breaks, list items, headings...) turned into line breaks.
#ifndef BAHTH_READERS_HTML_TEXT_H_
#define BAHTH_READERS_HTML_TEXT_H_

#include <string>       // std::string
#include <string_view>  // std::string_view

namespace bahth::readers {

/// Collects text into lines: runs of white space become one space, `end_line()` ends a line (a
/// block element's end), and empty lines are dropped. Shared by `html_to_text` and the saved
/// page reader, which walk different trees into the same kind of text.
class TextLines {
 public:
  void add(std::string_view text);
  void end_line();
  /// The lines joined by '\n'; the collector is left empty.
  std::string finish();

 private:
  std::string out_;
  std::string line_;
  bool pending_space_ = false;
};

/// One paragraph a line, each trimmed, white space inside a line collapsed, no empty lines.
/// Never fails: libxml2's HTML parser recovers from any markup (and never loads anything).
std::string html_to_text(std::string_view html);

/// `text` without WordPress shortcode tags: `[caption id="a" width="300"]`, `[/caption]`,
/// `[gallery ids="1,2"]`, a page builder's `[vc_row]` (a name of ASCII letters, digits, `_` and
/// `-` that starts with a letter, then attributes to the `]`); what they enclose is kept (a
/// caption's words). `[[name]]`, WordPress's way of showing a shortcode, becomes `[name]`;
/// other brackets (`[1]`, `[تحديث]`, an unclosed `[`) stay as they are.
std::string strip_shortcodes(std::string_view text);

}  // namespace bahth::readers

#endif  // BAHTH_READERS_HTML_TEXT_H_
