// html_text.h: the text of an HTML fragment (a feed item's description), by libxml2's HTML
// parser: tags dropped, entities decoded, scripts and styles left out, and block elements
// (paragraphs, line breaks, list items, headings...) turned into line breaks.
#ifndef BAHTH_READERS_HTML_TEXT_H_
#define BAHTH_READERS_HTML_TEXT_H_

#include <string>       // std::string
#include <string_view>  // std::string_view

namespace bahth::readers {

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
