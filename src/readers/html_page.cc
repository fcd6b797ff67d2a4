// html_page.cc: a saved web page to one Article, with libxml2's HTML parser (and simdjson for
// its JSON-LD). The page is parsed once into a tree; one pass gathers the meta data, one scores
// the paragraphs' containers, one collects the chosen container's text.
#include "html_page.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <simdjson.h>

#include <algorithm>      // std::find, std::max_element
#include <array>          // std::array
#include <climits>        // INT_MAX
#include <memory>         // std::unique_ptr
#include <string>         // std::string
#include <unordered_map>  // std::unordered_map
#include <utility>        // std::pair
#include <vector>         // std::vector

#include "bahth/utf8.h"
#include "format_readers.h"
#include "html_text.h"
#include "markup_limits.h"

namespace bahth::readers {
namespace {

namespace dom = simdjson::dom;

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string_view name_of(const xmlNode* node) {
  return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

bool is_element(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && name_of(node) == name;
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string text(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return text;
}

std::string lowercase(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return text;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim_space(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Elements whose content no reader sees, or that are never an article's text.
constexpr std::array<std::string_view, 18> kNeverText{
    "script", "style", "noscript", "template", "iframe", "object", "svg",    "canvas", "nav",
    "footer", "aside", "form",     "button",   "select", "menu",   "dialog", "header", "head"};
// Elements that begin and end a line of text.
constexpr std::array<std::string_view, 30> kBlockElements{
    "address", "article",    "aside",  "blockquote", "br", "dd", "div", "dl",
    "dt",      "figcaption", "figure", "footer",     "h1", "h2", "h3",  "h4",
    "h5",      "h6",         "header", "hr",         "li", "ol", "p",   "pre",
    "section", "table",      "td",     "th",         "tr", "ul"};
// Words in a class or id that mark a box around the article, not in it.
constexpr std::array<std::string_view, 24> kBoilerplateWords{
    "related",    "share",      "sharing", "social",    "comment",     "sidebar",
    "breadcrumb", "newsletter", "advert",  "promo",     "footer",      "navbar",
    "menu",       "subscribe",  "cookie",  "most-read", "mostpopular", "most-popular",
    "widget",     "tags",       "banner",  "recommend", "tag-list",    "links-block"};
// Whole class or id tokens (a part between '-', '_' or spaces) that do the same.
constexpr std::array<std::string_view, 5> kBoilerplateTokens{"nav", "ad", "ads", "topics", "more"};

bool is_one_of(std::string_view name, const auto& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool has_boilerplate_name(const xmlNode* node) {
  // data-component and data-e2e: how BBC's pages name their boxes ("tag-list", "links-block").
  std::string names =
      lowercase(attribute(node, "class") + " " + attribute(node, "id") + " " +
                attribute(node, "data-component") + " " + attribute(node, "data-e2e"));
  if (trim_space(names).empty()) return false;
  for (const std::string_view word : kBoilerplateWords) {
    if (names.find(word) != std::string::npos) return true;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= names.size(); ++i) {
    if (i == names.size() || names[i] == ' ' || names[i] == '-' || names[i] == '_') {
      if (is_one_of(std::string_view(names).substr(start, i - start), kBoilerplateTokens)) {
        return true;
      }
      start = i + 1;
    }
  }
  const std::string role = lowercase(attribute(node, "role"));
  return role == "navigation" || role == "banner" || role == "contentinfo" ||
         role == "complementary" || lowercase(attribute(node, "aria-hidden")) == "true";
}

// Text and link text of every element, bytes, by one post-order pass (so that deciding whether a
// box is a link list costs nothing per box, however deep the nesting).
struct TextSizes {
  std::size_t text = 0;
  std::size_t links = 0;
};

class PageTree {
 public:
  explicit PageTree(xmlNode* root) : root_(root) { measure(); }

  const TextSizes& sizes(const xmlNode* node) const {
    static const TextSizes kNone;
    const auto it = sizes_.find(node);
    return it == sizes_.end() ? kNone : it->second;
  }

  // A list or box of links (a "related stories" list without a class saying so).
  bool is_link_list(const xmlNode* node) const {
    const std::string_view name = name_of(node);
    if (name != "ul" && name != "ol" && name != "div" && name != "section" && name != "table") {
      return false;
    }
    // Mostly links, or links under a heading and little else ("مواضيع ذات صلة" and its tags).
    constexpr std::size_t kHeadingBytes = 40;
    const TextSizes& s = sizes(node);
    return s.text > 0 && (s.links * 10 > s.text * 6 ||
                          (s.links >= kHeadingBytes / 2 && s.text - s.links < kHeadingBytes));
  }

  // Never text, or a box whose name or links say it is around the article.
  bool is_boilerplate(const xmlNode* node) const {
    return is_one_of(name_of(node), kNeverText) || has_boilerplate_name(node) || is_link_list(node);
  }

 private:
  void measure() {
    std::vector<std::pair<xmlNode*, bool>> stack{{root_, false}};  // (node, children done)
    while (!stack.empty()) {
      auto [node, done] = stack.back();
      stack.pop_back();
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) continue;
      if (node->type != XML_ELEMENT_NODE && node->type != XML_DOCUMENT_NODE &&
          node->type != XML_HTML_DOCUMENT_NODE) {
        continue;
      }
      if (done) {
        TextSizes total;
        const bool link = is_element(node, "a");
        for (xmlNode* child = node->children; child != nullptr; child = child->next) {
          if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            const std::size_t n =
                child->content != nullptr
                    ? trim_space(reinterpret_cast<const char*>(child->content)).size()
                    : 0;
            total.text += n;
            if (link) total.links += n;
          } else if (const auto it = sizes_.find(child); it != sizes_.end()) {
            total.text += it->second.text;
            total.links += link ? it->second.text : it->second.links;
          }
        }
        if (is_one_of(name_of(node), std::array<std::string_view, 6>{"script", "style", "noscript",
                                                                     "template", "svg", "head"})) {
          total = {};
        }
        sizes_[node] = total;
        continue;
      }
      stack.push_back({node, true});
      for (xmlNode* child = node->children; child != nullptr; child = child->next) {
        stack.push_back({child, false});
      }
    }
  }

  xmlNode* root_;
  std::unordered_map<const xmlNode*, TextSizes> sizes_;
};

// The text of `root`'s subtree, one paragraph a line; `skip(node)` leaves an element out.
template <typename Skip>
std::string text_of(xmlNode* root, Skip skip) {
  TextLines lines;
  std::vector<std::pair<xmlNode*, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [node, done] = stack.back();
    stack.pop_back();
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) lines.add(reinterpret_cast<const char*>(node->content));
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;
    const bool block = is_one_of(name_of(node), kBlockElements);
    if (block) lines.end_line();
    if (done || (node != root && skip(node))) continue;
    stack.push_back({node, true});
    std::vector<xmlNode*> children;
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
      children.push_back(child);
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, false});
  }
  return lines.finish();
}

std::string plain_text(xmlNode* node) {
  std::string text = text_of(node, [](const xmlNode* n) {
    return is_one_of(name_of(n), std::array<std::string_view, 3>{"script", "style", "noscript"});
  });
  for (char& c : text) c = c == '\n' ? ' ' : c;
  return text;
}

// What a page says about itself, before its body is chosen.
struct PageMeta {
  std::unordered_map<std::string, std::string> meta;  // lowercased property/name → content
  std::string title;                                  // <title>
  std::string h1;
  std::string canonical;
  std::string time_datetime;        // the first <time datetime>
  std::string item_date;            // itemprop="datePublished"
  xmlNode* article_body = nullptr;  // itemprop="articleBody"
  std::vector<std::string> json_ld;
  bool has_article_element = false;
};

void gather_meta(xmlNode* root, PageMeta& page) {
  std::vector<xmlNode*> stack{root};
  while (!stack.empty()) {
    xmlNode* node = stack.back();
    stack.pop_back();
    if (node->type != XML_ELEMENT_NODE && node->type != XML_DOCUMENT_NODE &&
        node->type != XML_HTML_DOCUMENT_NODE) {
      continue;
    }
    const std::string_view name = name_of(node);
    bool descend = true;
    if (node->type == XML_ELEMENT_NODE) {
      if (name == "meta") {
        std::string key = attribute(node, "property");
        if (key.empty()) key = attribute(node, "name");
        if (key.empty()) key = attribute(node, "itemprop");
        key = lowercase(key);
        if (!key.empty() && !page.meta.contains(key)) page.meta[key] = attribute(node, "content");
      } else if (name == "title" && page.title.empty()) {
        page.title = plain_text(node);
      } else if (name == "h1" && page.h1.empty()) {
        page.h1 = plain_text(node);
      } else if (name == "link" && page.canonical.empty() &&
                 lowercase(attribute(node, "rel")) == "canonical") {
        page.canonical = attribute(node, "href");
      } else if (name == "time" && page.time_datetime.empty()) {
        page.time_datetime = attribute(node, "datetime");
      } else if (name == "script") {
        descend = false;
        if (lowercase(attribute(node, "type")) == "application/ld+json") {
          std::string json;
          for (xmlNode* child = node->children; child != nullptr; child = child->next) {
            if (child->content != nullptr) json += reinterpret_cast<const char*>(child->content);
          }
          page.json_ld.push_back(std::move(json));
        }
      } else if (name == "article") {
        page.has_article_element = true;
      }
      const std::string itemprop = attribute(node, "itemprop");
      if (itemprop == "articleBody" && page.article_body == nullptr) page.article_body = node;
      if (itemprop == "datePublished" && page.item_date.empty()) {
        page.item_date = attribute(node, "content");
        if (page.item_date.empty()) page.item_date = attribute(node, "datetime");
      }
    }
    if (!descend) continue;
    std::vector<xmlNode*> children;
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
      children.push_back(child);
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
  }
}

// The fields of a JSON-LD NewsArticle (or Article, BlogPosting, ReportageNewsArticle ...).
struct JsonLdArticle {
  std::string headline, date, section, body, url, publisher;
  std::string author;  // one a line
  bool found = false;
};

std::string string_or_first(dom::element value, const char* inner = nullptr) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  dom::array items;
  if (value.get_array().get(items) == simdjson::SUCCESS) {
    for (dom::element item : items) return string_or_first(item, inner);
  }
  dom::object object;
  if (inner != nullptr && value.get_object().get(object) == simdjson::SUCCESS) {
    dom::element field;
    if (object[inner].get(field) == simdjson::SUCCESS) return string_or_first(field);
  }
  return {};
}

// JSON-LD's `author`: a Person or Organization object (its `name`), a string, or an array of
// them; one a line.
std::string author_names(dom::element value) {
  dom::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) return string_or_first(value, "name");
  std::string names;
  for (dom::element item : items) {
    const std::string name = string_or_first(item, "name");
    if (name.empty()) continue;
    if (!names.empty()) names += '\n';
    names += name;
  }
  return names;
}

bool is_article_type(dom::element type) {
  const auto matches = [](std::string_view name) {
    return name.ends_with("Article") || name == "BlogPosting";
  };
  std::string_view name;
  if (type.get_string().get(name) == simdjson::SUCCESS) return matches(name);
  dom::array names;
  if (type.get_array().get(names) != simdjson::SUCCESS) return false;
  for (dom::element item : names) {
    if (item.get_string().get(name) == simdjson::SUCCESS && matches(name)) return true;
  }
  return false;
}

void read_json_ld_object(dom::object object, JsonLdArticle& out, int depth) {
  dom::element field;
  if (depth < 4 && object["@graph"].get(field) == simdjson::SUCCESS) {
    dom::array items;
    if (field.get_array().get(items) == simdjson::SUCCESS) {
      for (dom::element item : items) {
        dom::object inner;
        if (!out.found && item.get_object().get(inner) == simdjson::SUCCESS) {
          read_json_ld_object(inner, out, depth + 1);
        }
      }
    }
  }
  if (out.found || object["@type"].get(field) != simdjson::SUCCESS || !is_article_type(field)) {
    return;
  }
  out.found = true;
  if (object["headline"].get(field) == simdjson::SUCCESS) out.headline = string_or_first(field);
  if (object["datePublished"].get(field) == simdjson::SUCCESS) out.date = string_or_first(field);
  if (object["articleSection"].get(field) == simdjson::SUCCESS) {
    out.section = string_or_first(field);
  }
  if (object["articleBody"].get(field) == simdjson::SUCCESS) out.body = string_or_first(field);
  if (object["url"].get(field) == simdjson::SUCCESS) out.url = string_or_first(field);
  if (out.url.empty() && object["mainEntityOfPage"].get(field) == simdjson::SUCCESS) {
    out.url = string_or_first(field, "@id");
  }
  if (object["publisher"].get(field) == simdjson::SUCCESS) {
    out.publisher = string_or_first(field, "name");
  }
  if (object["author"].get(field) == simdjson::SUCCESS) out.author = author_names(field);
}

JsonLdArticle read_json_ld(const std::vector<std::string>& scripts) {
  JsonLdArticle out;
  dom::parser parser;
  for (const std::string& script : scripts) {
    dom::element root;
    if (parser.parse(simdjson::padded_string(script)).get(root) != simdjson::SUCCESS) continue;
    dom::object object;
    dom::array items;
    if (root.get_object().get(object) == simdjson::SUCCESS) {
      read_json_ld_object(object, out, 0);
    } else if (root.get_array().get(items) == simdjson::SUCCESS) {
      for (dom::element item : items) {
        if (!out.found && item.get_object().get(object) == simdjson::SUCCESS) {
          read_json_ld_object(object, out, 0);
        }
      }
    }
    if (out.found) break;
  }
  return out;
}

// Readability's way: each paragraph of real text scores its parent with its length, its
// grandparent with half and the next with a quarter (text in wrappers, as BBC's, still meets in
// one container); the container's score is cut by its share of link text. Paragraphs inside a
// box around the article count for nothing.
xmlNode* main_container(xmlNode* root, const PageTree& tree) {
  constexpr std::size_t kMinParagraphBytes = 25;
  std::unordered_map<xmlNode*, double> scores;
  std::unordered_map<xmlNode*, int> paragraphs;
  std::vector<xmlNode*> stack{root};
  while (!stack.empty()) {
    xmlNode* node = stack.back();
    stack.pop_back();
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type != XML_ELEMENT_NODE || tree.is_boilerplate(child)) continue;
      const std::string_view name = name_of(child);
      if (name == "p" || name == "pre" || name == "blockquote") {
        const TextSizes& size = tree.sizes(child);
        if (size.text < kMinParagraphBytes) continue;
        auto score = static_cast<double>(size.text - size.links);
        for (xmlNode* up = node; up != nullptr && up->type == XML_ELEMENT_NODE && score >= 1;
             up = up->parent, score /= 2) {
          scores[up] += score;
          ++paragraphs[up];
        }
      } else {
        stack.push_back(child);
      }
    }
  }
  xmlNode* best = nullptr;
  double best_score = 0;
  for (const auto& [node, score] : scores) {
    const TextSizes& size = tree.sizes(node);
    const double link_share =
        size.text > 0 ? static_cast<double>(size.links) / static_cast<double>(size.text) : 0;
    const double adjusted = score * (1 - link_share);
    if (adjusted > best_score) {
      best = node;
      best_score = adjusted;
    }
  }
  // A paragraph's own wrapper (BBC wraps each) can outscore the article when the paragraphs are
  // few: the container is the nearest one that holds more than one.
  while (best != nullptr && paragraphs[best] == 1 && best->parent != nullptr &&
         paragraphs.contains(best->parent) && paragraphs[best->parent] > 1) {
    best = best->parent;
  }
  return best;
}

// The container's text: boxes around the article and the headline left out, captions apart.
std::string body_of(xmlNode* container, const PageTree& tree, std::vector<std::string>& captions) {
  return text_of(container, [&](xmlNode* node) {
    const std::string_view name = name_of(node);
    if (name == "figure" || name == "figcaption") {  // a picture's credit and caption
      const std::string text =
          text_of(node, [&](const xmlNode* n) { return tree.is_boilerplate(n); });
      std::string_view lines = text;
      while (!lines.empty()) {
        const std::size_t end = std::min(lines.find('\n'), lines.size());
        if (!trim_space(lines.substr(0, end)).empty()) {
          captions.emplace_back(trim_space(lines.substr(0, end)));
        }
        lines.remove_prefix(std::min(end + 1, lines.size()));
      }
      return true;
    }
    return name == "h1" || tree.is_boilerplate(node);
  });
}

std::string meta_value(const PageMeta& page, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const auto it = page.meta.find(key);
    if (it != page.meta.end() && !trim_space(it->second).empty()) {
      return std::string(trim_space(it->second));
    }
  }
  return {};
}

std::string first_of(std::initializer_list<std::string_view> values) {
  for (const std::string_view value : values) {
    if (!trim_space(value).empty()) return std::string(trim_space(value));
  }
  return {};
}

// The byline: JSON-LD's author names (it lists each), else `<meta name="author">`,
// `article:author`, Dublin Core's creator. `article:author` is mostly a profile's URL, which no
// reader keeps: the first candidate that is a name wins, and a URL only when there is nothing
// else (finish_article() drops and counts it).
std::string page_author(const PageMeta& page, const JsonLdArticle& json_ld) {
  const std::string candidates[] = {json_ld.author, meta_value(page, {"author"}),
                                    meta_value(page, {"article:author"}),
                                    meta_value(page, {"dc.creator", "dcterms.creator"})};
  for (const std::string& candidate : candidates) {
    const std::string_view first = std::string_view(candidate).substr(0, candidate.find('\n'));
    if (!trim_space(first).empty() && !unusable_author(trim_space(first))) return candidate;
  }
  return first_of({candidates[0], candidates[1], candidates[2], candidates[3]});
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    if (is_space(c)) {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

}  // namespace

std::string strip_site_name(std::string_view title, std::string_view site_name) {
  std::string removed;
  return strip_site_name(title, site_name, removed);
}

std::string strip_site_name(std::string_view title, std::string_view site_name,
                            std::string& removed) {
  static constexpr std::array<std::string_view, 7> kSeparators{
      " - ", " | ", " \u2013 ", " \u2014 ", " :: ", " \u00ab ", " \u00bb "};
  title = trim_space(title);
  site_name = trim_space(site_name);
  const auto names_site = [&](std::string_view part) {
    part = trim_space(part);
    return !site_name.empty() && !part.empty() &&
           (part.find(site_name) != std::string_view::npos ||
            site_name.find(part) != std::string_view::npos);
  };
  for (const std::string_view separator : kSeparators) {
    const std::size_t last = title.rfind(separator);
    if (last != std::string_view::npos && last > 0) {
      const std::string_view head = title.substr(0, last);
      const std::string_view tail = title.substr(last + separator.size());
      if (names_site(tail) || (site_name.empty() && count_words(tail) <= 4 &&
                               count_words(head) >= 2 * count_words(tail))) {
        removed = trim_space(tail);
        return std::string(trim_space(head));
      }
    }
    const std::size_t first = title.find(separator);
    if (first != std::string_view::npos && names_site(title.substr(0, first))) {
      removed = trim_space(title.substr(0, first));
      return std::string(trim_space(title.substr(first + separator.size())));
    }
  }
  return std::string(title);
}

std::string read_html_page(std::string_view html, Article& out) {
  out = Article{};
  if (html.size() > INT_MAX) return "page too large to parse";
  if (std::string why = html_markup_problem(html); !why.empty()) return why;
  // The text is UTF-8 already (the input was converted): a <meta charset> must not make libxml2
  // decode it again.
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                           HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC;
  const std::unique_ptr<xmlDoc, DocFree> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kOptions));
  if (doc == nullptr) return "not an HTML page (nothing could be parsed)";
  xmlNode* root = reinterpret_cast<xmlNode*>(doc.get());
  PageMeta page;
  gather_meta(root, page);
  const JsonLdArticle json_ld = read_json_ld(page.json_ld);
  const std::string og_type = lowercase(meta_value(page, {"og:type"}));
  const std::string published =
      first_of({meta_value(page, {"article:published_time", "og:article:published_time"}),
                page.item_date, json_ld.date,
                meta_value(page, {"date", "pubdate", "publishdate", "publish-date",
                                  "publication_date", "dc.date", "dcterms.created",
                                  "dc.date.issued", "sailthru.date", "parsely-pub-date"}),
                page.time_datetime});
  // A site's home, section or tag page says it is a website and nothing of an article.
  if (og_type == "website" && !json_ld.found && page.article_body == nullptr &&
      !page.has_article_element && published.empty()) {
    return "not an article page (og:type website, no article markup or date)";
  }
  const PageTree tree(root);
  xmlNode* container =
      page.article_body != nullptr ? page.article_body : main_container(root, tree);
  if (container != nullptr) out.body = body_of(container, tree, out.captions);
  if (out.body.size() < kMinPageBodyBytes && json_ld.body.size() > out.body.size()) {
    out.body = json_ld.body;
    out.captions.clear();
  }
  if (out.body.size() < kMinPageBodyBytes) {
    return "no article text (" + std::to_string(out.body.size()) +
           " bytes outside menus and link lists): an index or error page?";
  }
  out.source =
      first_of({meta_value(page, {"og:site_name", "application-name"}), json_ld.publisher});
  const std::string og_title = meta_value(page, {"og:title", "twitter:title"});
  if (!og_title.empty()) {
    out.title = strip_site_name(og_title, out.source);
  } else if (!trim_space(page.h1).empty()) {
    out.title = std::string(trim_space(page.h1));
  } else if (!json_ld.headline.empty()) {
    out.title = strip_site_name(json_ld.headline, out.source);
  } else {
    out.title = strip_site_name(page.title, out.source);
  }
  // Without og:site_name, the name a <title> ends with ("... – صحيفة المدينة") is the outlet.
  if (out.source.empty() && !page.title.empty()) strip_site_name(page.title, "", out.source);
  // A page laid out without <h1> shows its headline as the first line of the text.
  if (const std::size_t first_end = std::min(out.body.find('\n'), out.body.size());
      !out.title.empty() &&
      trim_space(std::string_view(out.body).substr(0, first_end)) == out.title) {
    out.body.erase(0, std::min(first_end + 1, out.body.size()));
  }
  out.url = first_of({page.canonical, meta_value(page, {"og:url"}), json_ld.url});
  out.id = out.url;
  out.date = published;
  out.section = first_of({meta_value(page, {"article:section"}), json_ld.section});
  out.author = page_author(page, json_ld);
  return {};
}

}  // namespace bahth::readers

namespace bahth::readers {
namespace {

// A whole file is one page, one article.
class HtmlPageReader final : public RecordReader {
 public:
  HtmlPageReader(std::unique_ptr<InputSource> source, InputContext context)
      : source_(std::move(source)), context_(std::move(context)) {}

  bool next(Article& out) override {
    if (done_) return false;
    done_ = true;
    std::string content;
    if (!read_whole_file_record(*source_, context_, content)) return false;
    std::size_t replaced = 0;
    if (!is_valid_utf8(content)) content = replace_invalid_utf8(content, replaced);
    if (replaced > 0) {
      context_.report(0, std::to_string(replaced) + " invalid UTF-8 bytes replaced with U+FFFD",
                      /*skipped=*/false);
    }
    if (std::string why_not = read_html_page(strip_bom(content), out); !why_not.empty()) {
      context_.report(0, std::move(why_not));
      return false;
    }
    return finish_article(out, context_, 0);
  }

  std::size_t stop_line() const override { return 0; }

  void end_interrupted() override {
    if (done_) context_.report_interrupted(0);
  }

 private:
  std::unique_ptr<InputSource> source_;
  InputContext context_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<RecordReader> make_html_page_reader(std::unique_ptr<InputSource> source,
                                                    InputContext context) {
  return std::make_unique<HtmlPageReader>(std::move(source), std::move(context));
}

}  // namespace bahth::readers
