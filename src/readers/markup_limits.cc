// markup_limits.cc: the scans of markup_limits.h.
#include "markup_limits.h"

#include <algorithm>  // std::min

namespace bahth::readers {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ascii_lower(text[i]) != lower[i]) return false;
  }
  return true;
}

std::string too_many_attributes() {
  return "an element with more than " + std::to_string(kMaxAttributesPerElement) +
         " attributes (the parser's time grows with their square): not parsed";
}

// The position after the '>' that ends a tag whose quoted values may hold '>' (a DOCTYPE's
// identifiers), from `at`; the end of `html` when there is none.
std::size_t after_quoted_tag(std::string_view html, std::size_t at) {
  while (at < html.size()) {
    const char c = html[at];
    if (c == '>') return at + 1;
    if (c == '"' || c == '\'') {
      const std::size_t close = html.find(c, at + 1);
      if (close == std::string_view::npos) return html.size();
      at = close;
    }
    ++at;
  }
  return at;
}

std::size_t after(std::string_view html, std::string_view end, std::size_t at) {
  const std::size_t found = html.find(end, at);
  return found == std::string_view::npos ? html.size() : found + end.size();
}

// The position of the "</name" that ends a script or style element (libxml2 in recovery mode
// ends it only there, whatever the case), or the end of `html`.
std::size_t raw_text_end(std::string_view html, std::string_view name, std::size_t at) {
  for (;;) {
    at = html.find("</", at);
    if (at == std::string_view::npos) return html.size();
    if (equal_ignoring_case(html.substr(at + 2, name.size()), name)) return at;
    at += 2;
  }
}

}  // namespace

std::string html_markup_problem(std::string_view html) {
  std::size_t elements = 0;
  std::size_t i = 0;
  const std::size_t n = html.size();
  for (;;) {
    i = html.find('<', i);
    if (i == std::string_view::npos || ++i >= n) return {};
    const char c = html[i];
    if (c == '!') {
      if (html.substr(i, 3) == "!--") {
        i = after(html, "-->", i + 3);
      } else if (equal_ignoring_case(html.substr(i + 1, 7), "doctype")) {
        i = after_quoted_tag(html, i);
      } else {
        i = after(html, ">", i);  // a bogus comment
      }
      continue;
    }
    if (c == '/' || c == '?') {  // an end tag, a processing instruction: to the next '>'
      i = after(html, ">", i);
      continue;
    }
    if (!is_ascii_letter(c)) continue;  // a '<' of the text
    if (++elements > kMaxHtmlElements) {
      return "more than " + std::to_string(kMaxHtmlElements) +
             " elements (an article's page has a few thousand): not parsed";
    }
    const std::size_t name_start = i;
    while (i < n && !is_blank(html[i]) && html[i] != '>' && html[i] != '/') ++i;
    const std::string_view name = html.substr(name_start, i - name_start);
    std::size_t attributes = 0;
    for (;;) {
      while (i < n && (is_blank(html[i]) || html[i] == '/')) ++i;
      if (i >= n) return {};
      if (html[i] == '>') {
        ++i;
        break;
      }
      if (++attributes > kMaxAttributesPerElement) return too_many_attributes();
      while (i < n && !is_blank(html[i]) && html[i] != '=' && html[i] != '>') ++i;
      while (i < n && is_blank(html[i])) ++i;
      if (i >= n || html[i] != '=') continue;
      ++i;
      while (i < n && is_blank(html[i])) ++i;
      if (i < n && (html[i] == '"' || html[i] == '\'')) {
        const std::size_t close = html.find(html[i], i + 1);
        i = close == std::string_view::npos ? n : close + 1;
      } else {
        while (i < n && !is_blank(html[i]) && html[i] != '>') ++i;
      }
    }
    if (equal_ignoring_case(name, "script") || equal_ignoring_case(name, "style")) {
      i = raw_text_end(html, equal_ignoring_case(name, "script") ? "script" : "style", i);
    }
  }
}

std::string XmlAttributeCounter::scan(std::string_view bytes, std::size_t* stopped_at) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '<') {  // in text, in a tag (an error the parser stops at) or in a value alike
      state_ = State::open;
      continue;
    }
    switch (state_) {
      case State::text: {
        const std::size_t next = bytes.find('<', i);
        if (next == std::string_view::npos) return {};
        i = next - 1;
        break;
      }
      case State::open:  // a name starts an element; '/', '?' and '!' end, PI, comment, DTD
        state_ = c == '/' || c == '?' || c == '!' || is_blank(c) ? State::text : State::name;
        attributes_ = 0;
        break;
      case State::name:
        if (is_blank(c)) state_ = State::tag;
        if (c == '>') state_ = State::text;
        break;
      case State::tag:  // each attribute has one quoted value
        if (c == '>') {
          state_ = State::text;
        } else if (c == '"' || c == '\'') {
          if (++attributes_ > kMaxAttributesPerElement) {
            if (stopped_at != nullptr) *stopped_at = i;
            return too_many_attributes();
          }
          quote_ = c;
          state_ = State::quoted;
        }
        break;
      case State::quoted: {
        const std::size_t close = std::min(bytes.find(quote_, i), bytes.find('<', i));
        if (close == std::string_view::npos) return {};
        i = close - 1;  // the quote, or the '<', is read next
        if (bytes[close] == quote_) {
          i = close;
          state_ = State::tag;
        }
        break;
      }
    }
  }
  return {};
}

}  // namespace bahth::readers
