// html_text.cc: HTML to paragraphs of plain text with libxml2's HTML parser.
#include "html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>  // std::find
#include <array>      // std::array
#include <climits>    // INT_MAX
#include <memory>     // std::unique_ptr

namespace bahth::readers {
namespace {

// Elements that begin and end a line of text.
constexpr std::array<std::string_view, 30> kBlockElements{
    "address", "article",    "aside",  "blockquote", "br", "dd", "div", "dl",
    "dt",      "figcaption", "figure", "footer",     "h1", "h2", "h3",  "h4",
    "h5",      "h6",         "header", "hr",         "li", "ol", "p",   "pre",
    "section", "table",      "td",     "th",         "tr", "ul"};
// Elements whose content is not text a reader sees.
constexpr std::array<std::string_view, 6> kHiddenElements{"script",   "style",  "noscript",
                                                          "template", "iframe", "object"};

bool is_one_of(std::string_view name, const auto& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

// Iterative, so that deeply nested markup cannot exhaust the stack.
void collect(xmlNode* root, TextLines& text) {
  xmlNode* node = root;
  while (node != nullptr) {
    bool descend = false;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) text.add(reinterpret_cast<const char*>(node->content));
    } else if (node->type == XML_ELEMENT_NODE) {
      const std::string_view name = reinterpret_cast<const char*>(node->name);
      if (is_one_of(name, kBlockElements)) text.end_line();
      descend = !is_one_of(name, kHiddenElements) && node->children != nullptr;
    }
    if (descend) {
      node = node->children;
      continue;
    }
    // Up until there is a next sibling, ending the lines of the block elements left.
    while (node != nullptr && node != root && node->next == nullptr) {
      node = node->parent;
      if (node != nullptr && node->type == XML_ELEMENT_NODE &&
          is_one_of(reinterpret_cast<const char*>(node->name), kBlockElements)) {
        text.end_line();
      }
    }
    if (node == nullptr || node == root) break;
    node = node->next;
  }
}

}  // namespace

std::string strip_shortcodes(std::string_view text) {
  const auto is_name_start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  const auto is_name_char = [&](char c) {
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  bool stripped = false;
  while (i < text.size()) {
    const std::size_t open = text.find('[', i);
    if (open == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    i = open;
    if (text.substr(open).starts_with("[[")) {  // [[name ...]]: shown as [name ...]
      const std::size_t end = text.find("]]", open + 2);
      if (end == std::string_view::npos) break;
      out.append(text.substr(open + 1, end - open));
      i = end + 2;
      continue;
    }
    std::size_t name = open + 1;
    if (name < text.size() && text[name] == '/') ++name;
    std::size_t after = name;
    while (after < text.size() && is_name_char(text[after])) ++after;
    const std::size_t close = text.find(']', after);
    const bool tag =
        after > name && is_name_start(text[name]) && close != std::string_view::npos &&
        (text[after] == ']' || text[after] == ' ' || text[after] == '\t' || text[after] == '\n') &&
        text.substr(after, close - after).find('[') == std::string_view::npos;
    if (!tag) {
      out += '[';
      i = open + 1;
      continue;
    }
    // Where a tag stood between two words, they stay two words.
    const bool space_before = out.empty() || out.back() == ' ' || out.back() == '\n';
    const bool space_after =
        close + 1 == text.size() || text[close + 1] == ' ' || text[close + 1] == '\n';
    if (!space_before && !space_after) out += ' ';
    i = close + 1;
    stripped = true;
    // A tag that began a line leaves none of its spaces at the line's start.
    if (out.empty() || out.back() == '\n') {
      while (i < text.size() && text[i] == ' ') ++i;
    }
  }
  out.append(text.substr(std::min(i, text.size())));
  if (!stripped) return out;
  // Tags side by side leave runs of spaces: one is kept.
  std::string collapsed;
  collapsed.reserve(out.size());
  for (const char c : out) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  return collapsed;
}

void TextLines::add(std::string_view text) {
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space_ = !line_.empty();
    } else {
      if (pending_space_) line_ += ' ';
      pending_space_ = false;
      line_ += c;
    }
  }
}

void TextLines::end_line() {
  if (!line_.empty()) {
    if (!out_.empty()) out_ += '\n';
    out_ += line_;
  }
  line_.clear();
  pending_space_ = false;
}

std::string TextLines::finish() {
  end_line();
  std::string text = std::move(out_);
  out_.clear();
  return text;
}

std::string html_to_text(std::string_view html) {
  if (html.empty() || html.size() > INT_MAX) return {};
  // Not HTML_PARSE_NOIMPLIED: without the implied body, libxml2 drops the white space between
  // two inline elements at the top level ("<b>word</b> <i>other</i>" became "wordother").
  constexpr int kOptions =
      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  const std::unique_ptr<xmlDoc, DocFree> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kOptions));
  TextLines text;
  if (doc != nullptr) {
    for (xmlNode* node = doc->children; node != nullptr; node = node->next) {
      collect(node, text);
      text.end_line();
    }
  }
  return text.finish();
}

}  // namespace bahth::readers
