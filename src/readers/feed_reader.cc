// feed_reader.cc: RSS 2.0 (and 0.9x/1.0) and Atom feeds, one article per item or entry.
//
// libxml2's push parser reads the feed a chunk at a time with SAX callbacks, so memory holds
// one item's fields (at most max_article_bytes) whatever the feed's size. It never touches the
// network (XML_PARSE_NONET), loads no external DTD or entity (neither XML_PARSE_DTDLOAD nor
// XML_PARSE_NOENT, and an entity loader that refuses everything), and keeps its default limits
// (no XML_PARSE_HUGE): an entity-expansion bomb stops the parse with an error. Internal
// entities are expanded up to kMaxEntityExpansion bytes a feed, which stops the quadratic
// blow-up (one large entity referenced many times) that libxml2's checks let through.
//
// A WordPress export (WXR) is read as the feed it is, keeping only its published posts and pages
// (not_published_reason).
//
// Field mapping: title (HTML when its type says so, or when it has no type and holds a CDATA
// section, as RSS titles carrying markup do); description, content:encoded, Atom content and
// summary (HTML stripped to text by libxml2's HTML parser) as body; link (Atom: the alternate
// link's href) as url; pubDate, published, updated or dc:date as date; the first category (Atom:
// its term) as section; the channel's or feed's title as source; guid or Atom id as id, else the
// link.
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <deque>      // std::deque
#include <exception>  // std::exception_ptr
#include <mutex>      // std::once_flag
#include <string>     // std::string
#include <utility>    // std::exchange

#include "bahth/escape.h"
#include "bahth/non_copyable.h"
#include "format_readers.h"
#include "html_text.h"
#include "markup_limits.h"

namespace bahth::readers {
namespace {

constexpr std::string_view kContentNamespace = "http://purl.org/rss/1.0/modules/content/";
// WordPress's export (WXR) is RSS whose items are every post of a site: attachments, menu items,
// revisions and drafts too. Its namespace ends in the format's version (1.0, 1.1, 1.2).
constexpr std::string_view kWordPressNamespace = "http://wordpress.org/export/";

// An item's fields as read, before they become an Article.
struct ItemFields {
  std::string title;
  std::string link;
  int link_rank = 3;
  std::string body;  // text already
  int body_rank = 3;
  std::string date;
  int date_rank = 3;
  std::string category;
  std::string author;  // one a line
  std::string id;
  std::string wp_post_type;  // WXR: post, page, attachment, nav_menu_item, ...
  std::string wp_status;     // WXR: publish, draft, private, trash, ...
  std::size_t bytes = 0;     // for max_article_bytes
};

xmlParserInputPtr refuse_external_entity(const char* /*url*/, const char* /*id*/,
                                         xmlParserCtxtPtr /*context*/) {
  return nullptr;
}

void install_entity_guard() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_external_entity);
  });
}

std::string_view as_view(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

// A feed's text with its runs of white space (newlines included) made single spaces.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : trim(text)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The value of attribute `name` (no namespace) among SAX2's (localname, prefix, URI, value,
// end) quintuples.
std::string_view attribute(const xmlChar** attributes, int count, std::string_view name) {
  for (int i = 0; i < count; ++i) {
    const xmlChar** a = attributes + static_cast<std::ptrdiff_t>(5) * i;
    if (as_view(a[0]) == name && a[2] == nullptr) {
      return {reinterpret_cast<const char*>(a[3]), static_cast<std::size_t>(a[4] - a[3])};
    }
  }
  return {};
}

// libxml2's push parser with SAX2 callbacks: the feed goes in a chunk at a time and each item
// becomes an Article when its end tag is parsed, so nothing before a fatal error (a truncated
// feed) is lost, and no document tree is ever built.
class FeedReader final : public RecordReader, NonCopyable {
 public:
  FeedReader(std::unique_ptr<InputSource> source, InputContext context);
  ~FeedReader() override;

  bool next(Article& out) override;
  std::size_t stop_line() const override { return error_line_; }
  // The open item was counted when it started.
  void end_interrupted() override {
    if (item_depth_ >= 0) context_.report_interrupted(item_line_);
  }

 private:
  // Bytes handed to the parser at a time: the articles one chunk completes wait in `ready_`.
  static constexpr std::size_t kPushBytes = 16u << 10;
  // Text a feed's internal entities may expand to, all references together. In SAX mode
  // libxml2 parses an entity's text again at each reference, and its loop and amplification
  // checks do not catch one large entity referenced many times (100 KB x 50,000 took 13 s).
  static constexpr std::size_t kMaxEntityExpansion = 4u << 20;

  static FeedReader& self(void* parser_context) {
    return *static_cast<FeedReader*>(static_cast<xmlParserCtxtPtr>(parser_context)->_private);
  }
  static void on_start(void* ctx, const xmlChar* name, const xmlChar* /*prefix*/,
                       const xmlChar* uri, int /*namespace_count*/, const xmlChar** /*namespaces*/,
                       int attribute_count, int /*defaulted*/, const xmlChar** attributes);
  static void on_end(void* ctx, const xmlChar* name, const xmlChar* prefix, const xmlChar* uri);
  static void on_text(void* ctx, const xmlChar* text, int length);
  static void on_cdata(void* ctx, const xmlChar* text, int length);
  static void on_reference(void* ctx, const xmlChar* name);
  static void on_error(void* ctx, xmlErrorPtr error);

  void push_more();
  void start_element(std::string_view name, std::string_view uri, const xmlChar** attributes,
                     int attribute_count);
  void start_item_field(std::string_view name, std::string_view uri, const xmlChar** attributes,
                        int attribute_count);
  void end_element(std::string_view name);
  void end_field();
  void end_item();
  void add_author(std::string_view text);
  std::string not_published_reason() const;
  void add_text(std::string_view text);
  [[noreturn]] void fail();

  // What the text being collected becomes.
  enum class Target {
    none,
    feed_title,
    title,
    link,
    body,
    date,
    category,
    author,
    id,
    wp_post_type,
    wp_status
  };

  std::unique_ptr<InputSource> source_;
  InputContext context_;
  xmlParserCtxtPtr parser_ = nullptr;
  std::deque<Article> ready_;
  std::exception_ptr callback_error_;  // thrown inside a callback, rethrown by next()
  bool input_done_ = false;
  bool failed_ = false;
  bool any_input_ = false;    // a byte was read
  bool any_element_ = false;  // an element was opened
  std::string xml_error_;     // the first fatal error
  std::size_t entity_expansion_ = 0;
  std::size_t error_line_ = 0;
  XmlAttributeCounter attributes_;  // the feed's markup, before the parser sees it

  int depth_ = 0;           // of the element being parsed; the root element is 1
  int channel_depth_ = -1;  // of <channel> or <feed>
  int item_depth_ = -1;     // of the open <item> or <entry>; -1 outside one
  std::size_t item_line_ = 0;
  std::size_t items_ = 0;
  bool item_too_large_ = false;
  std::string item_problem_;  // why the item is skipped (its HTML not parsed), or ""
  ItemFields item_;
  std::string feed_title_;

  Target target_ = Target::none;
  int target_depth_ = -1;
  int target_rank_ = 0;
  bool target_html_ = false;   // the text is HTML
  bool target_xhtml_ = false;  // the element holds XHTML markup, rebuilt into text_
  bool target_typed_ = false;  // the element says what its text is (a type attribute)
  bool target_cdata_ = false;  // some of the text came in a CDATA section
  std::string text_;
  // Atom's <author> holds <name>, <email> and <uri>: only the name is the author.
  std::size_t author_name_start_ = std::string::npos;  // in text_, while inside its <name>
  std::string author_name_;
};

FeedReader::FeedReader(std::unique_ptr<InputSource> source, InputContext context)
    : source_(std::move(source)), context_(std::move(context)) {
  install_entity_guard();
  xmlSAXHandler sax{};
  xmlSAXVersion(&sax, 2);  // libxml2's own handlers for the DTD (entities, their limits)
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  sax.cdataBlock = on_cdata;
  sax.reference = on_reference;
  sax.serror = on_error;
  sax.error = nullptr;
  sax.warning = nullptr;
  parser_ = xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr);
  if (parser_ == nullptr) throw SourceError("cannot start the XML parser (out of memory?)");
  parser_->_private = this;
  // The content is UTF-8 already (prepare_encoding converted it), whatever it declares.
  xmlCtxtUseOptions(
      parser_, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSwitchEncoding(parser_, XML_CHAR_ENCODING_UTF8);
}

FeedReader::~FeedReader() {
  if (parser_->myDoc != nullptr) xmlFreeDoc(parser_->myDoc);  // the DTD's holder
  xmlFreeParserCtxt(parser_);
}

bool FeedReader::next(Article& out) {
  for (;;) {
    if (!ready_.empty()) {
      out = std::move(ready_.front());
      ready_.pop_front();
      return true;
    }
    if (failed_) fail();
    if (input_done_) return false;
    push_more();
  }
}

void FeedReader::push_more() {
  char chunk[kPushBytes];
  std::size_t got = 0;
  try {
    got = source_->read(chunk, sizeof chunk);
  } catch (...) {
    input_done_ = true;  // the items parsed so far are kept; then the error
    throw;
  }
  input_done_ = got == 0;
  any_input_ = any_input_ || got > 0;
  const bool had_error = !xml_error_.empty();
  std::size_t stopped_at = got;
  if (std::string why = attributes_.scan({chunk, got}, &stopped_at); !why.empty()) {
    // The items before the element are parsed; the element is never given to the parser.
    xmlParseChunk(parser_, chunk, static_cast<int>(stopped_at), 0);
    if (xml_error_.empty()) {
      xml_error_ = std::move(why);
      error_line_ = static_cast<std::size_t>(xmlSAX2GetLineNumber(parser_));
    }
    input_done_ = true;
    failed_ = true;
    return;
  }
  const int status = xmlParseChunk(parser_, chunk, static_cast<int>(got), input_done_ ? 1 : 0);
  if (callback_error_) {
    input_done_ = true;
    std::rethrow_exception(callback_error_);
  }
  if (input_done_ && !had_error && !xml_error_.empty()) {
    // At the end of the input libxml2 says "Extra content at the end of the document" or
    // "Premature end of data", whatever is wrong: an empty file, one of spaces, a cut feed.
    if (!any_element_) {
      throw SourceError(any_input_ ? "no XML element in the file: no RSS or Atom feed in it"
                                   : "the file is empty: no RSS or Atom feed in it");
    }
    if (depth_ > 0) xml_error_ = "the feed ends inside an open element (cut off?)";
  }
  if (status != 0 || !xml_error_.empty()) {
    input_done_ = true;
    failed_ = true;
  } else if (input_done_ && items_ == 0) {
    context_.report(0, "no RSS item or Atom entry in this XML file");
  }
}

// Ends the feed at a fatal error, once the items before it are delivered.
void FeedReader::fail() {
  failed_ = false;
  std::string reason = "XML error: " + (xml_error_.empty() ? "malformed feed" : xml_error_);
  if (item_depth_ >= 0) {
    reason += " (the item that starts at line " + std::to_string(item_line_) +
              " and the rest of the feed are not read)";
  } else {
    reason += " (the rest of the feed is not read)";
  }
  throw SourceError(reason);
}

void FeedReader::on_error(void* ctx, xmlErrorPtr error) {
  FeedReader& feed = self(ctx);
  // Only a fatal error stops the parse; the first one says why (later ones follow from it).
  if (error == nullptr || error->level != XML_ERR_FATAL || !feed.xml_error_.empty()) return;
  std::string message = error->message != nullptr ? error->message : "malformed XML";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  feed.xml_error_ = message;
  feed.error_line_ = error->line > 0 ? static_cast<std::size_t>(error->line) : 0;
}

// Called after the entity's text went through the callbacks: counts it, and stops a feed whose
// entities expand beyond the bound.
void FeedReader::on_reference(void* ctx, const xmlChar* name) {
  FeedReader& feed = self(ctx);
  const xmlEntityPtr entity = xmlSAX2GetEntity(ctx, name);
  if (entity == nullptr || entity->length <= 0) return;
  feed.entity_expansion_ += static_cast<std::size_t>(entity->length);
  if (feed.entity_expansion_ <= kMaxEntityExpansion || !feed.xml_error_.empty()) return;
  feed.xml_error_ = "entities expand to more than " + std::to_string(kMaxEntityExpansion >> 20) +
                    " MiB of text (an entity-expansion bomb?)";
  feed.error_line_ = static_cast<std::size_t>(xmlSAX2GetLineNumber(ctx));
  xmlStopParser(feed.parser_);
}

void FeedReader::on_start(void* ctx, const xmlChar* name, const xmlChar* /*prefix*/,
                          const xmlChar* uri, int /*namespace_count*/,
                          const xmlChar** /*namespaces*/, int attribute_count, int /*defaulted*/,
                          const xmlChar** attributes) {
  FeedReader& feed = self(ctx);
  try {  // no exception may cross libxml2's C frames
    feed.start_element(as_view(name), as_view(uri), attributes, attribute_count);
  } catch (...) {
    feed.callback_error_ = std::current_exception();
    xmlStopParser(feed.parser_);
  }
}

void FeedReader::on_end(void* ctx, const xmlChar* name, const xmlChar* /*prefix*/,
                        const xmlChar* /*uri*/) {
  FeedReader& feed = self(ctx);
  try {
    feed.end_element(as_view(name));
  } catch (...) {
    feed.callback_error_ = std::current_exception();
    xmlStopParser(feed.parser_);
  }
}

void FeedReader::on_text(void* ctx, const xmlChar* text, int length) {
  FeedReader& feed = self(ctx);
  try {
    feed.add_text({reinterpret_cast<const char*>(text), static_cast<std::size_t>(length)});
  } catch (...) {
    feed.callback_error_ = std::current_exception();
    xmlStopParser(feed.parser_);
  }
}

// A CDATA section is how feeds carry HTML in an element that has no type attribute (an RSS
// title, "<![CDATA[<b>...</b>]]>"), so a title that holds one is read as HTML.
void FeedReader::on_cdata(void* ctx, const xmlChar* text, int length) {
  FeedReader& feed = self(ctx);
  if (feed.target_ != Target::none) feed.target_cdata_ = true;
  on_text(ctx, text, length);
}

void FeedReader::start_element(std::string_view name, std::string_view uri,
                               const xmlChar** attributes, int attribute_count) {
  ++depth_;
  any_element_ = true;
  if (target_ != Target::none) {  // markup inside a field: XHTML content keeps it
    if (target_xhtml_) text_.append("<").append(name).append(">");
    if (target_ == Target::author && name == "name" && depth_ == target_depth_ + 1) {
      author_name_start_ = text_.size();
    }
    return;
  }
  if (item_depth_ >= 0) {
    if (depth_ == item_depth_ + 1) start_item_field(name, uri, attributes, attribute_count);
    return;
  }
  if (name == "item" || name == "entry") {
    item_depth_ = depth_;
    item_line_ = static_cast<std::size_t>(xmlSAX2GetLineNumber(parser_));
    item_ = ItemFields{};
    item_too_large_ = false;
    item_problem_.clear();
    ++items_;
    context_.count_record();
  } else if (name == "channel" || name == "feed") {
    if (channel_depth_ < 0) channel_depth_ = depth_;
  } else if (name == "title" && depth_ == channel_depth_ + 1 && feed_title_.empty()) {
    target_ = Target::feed_title;
    target_depth_ = depth_;
    const std::string_view type = attribute(attributes, attribute_count, "type");
    target_html_ = type == "html";
    target_xhtml_ = false;
    target_typed_ = !type.empty();
    target_cdata_ = false;
    text_.clear();
  }
}

void FeedReader::start_item_field(std::string_view name, std::string_view uri,
                                  const xmlChar** attributes, int attribute_count) {
  const std::string_view type = attribute(attributes, attribute_count, "type");
  const bool html = type == "html" || type == "text/html";
  const bool xhtml = type == "xhtml" || type == "application/xhtml+xml";
  Target target = Target::none;
  int rank = 0;
  bool as_html = false;
  if (name == "encoded" && uri == kContentNamespace) {
    target = Target::body, rank = 0, as_html = true;  // content:encoded: the whole article
  } else if (name == "content") {
    target = Target::body, rank = 0, as_html = html || xhtml;
  } else if (name == "description") {
    target = Target::body, rank = 1, as_html = true;  // RSS: HTML, a summary or the article
  } else if (name == "summary") {
    target = Target::body, rank = 2, as_html = html || xhtml;
  } else if (name == "title") {
    target = Target::title, as_html = html || xhtml;
  } else if (name == "link") {
    const std::string_view href = attribute(attributes, attribute_count, "href");
    const std::string_view rel = attribute(attributes, attribute_count, "rel");
    rank = rel.empty() || rel == "alternate" ? 0 : 2;
    if (!href.empty()) {  // Atom: the link is the attribute
      if (rank < item_.link_rank) item_.link = href, item_.link_rank = rank;
      return;
    }
    target = Target::link;
  } else if (name == "pubDate" || name == "published" || name == "date" || name == "updated") {
    target = Target::date;
    rank = name == "pubDate" || name == "published" ? 0 : name == "date" ? 1 : 2;
  } else if (name == "category") {
    const std::string_view term = attribute(attributes, attribute_count, "term");
    if (!term.empty()) {  // Atom: the category is the attribute
      if (item_.category.empty()) item_.category = term;
      return;
    }
    target = Target::category;
  } else if (name == "author" || name == "creator") {  // RSS, Atom, Dublin Core's dc:creator
    target = Target::author;
    author_name_start_ = std::string::npos;
    author_name_.clear();
  } else if (name == "guid" || name == "id") {
    target = Target::id;
  } else if (uri.starts_with(kWordPressNamespace) && name == "post_type") {
    target = Target::wp_post_type;
  } else if (uri.starts_with(kWordPressNamespace) && name == "status") {
    target = Target::wp_status;
  }
  if (target == Target::none) return;  // an element bahth has no field for
  target_ = target;
  target_depth_ = depth_;
  target_rank_ = rank;
  target_html_ = as_html;
  target_xhtml_ = xhtml;
  target_typed_ = !type.empty();
  target_cdata_ = false;
  text_.clear();
}

void FeedReader::add_text(std::string_view text) {
  if (target_ == Target::none || item_too_large_) return;
  const std::size_t limit = context_.options->max_article_bytes;
  if (item_.bytes + text_.size() + text.size() > limit) {
    if (target_ == Target::feed_title) return;  // an absurd feed title: cut, not fatal
    item_too_large_ = true;
    text_.clear();
    return;
  }
  if (target_xhtml_) {
    // Characters of XHTML content, escaped again so that html_to_text reads them as text.
    append_escaped(text_, text, {{'&', "&amp;"}, {'<', "&lt;"}});
  } else {
    text_.append(text);
  }
}

void FeedReader::end_element(std::string_view name) {
  if (target_ != Target::none) {
    if (depth_ == target_depth_) {
      end_field();
    } else if (target_ == Target::author && name == "name" &&
               author_name_start_ != std::string::npos) {
      author_name_ = text_.substr(author_name_start_);
      author_name_start_ = std::string::npos;
    } else if (target_xhtml_) {
      text_.append("</").append(name).append(">");
    }
  } else if (depth_ == item_depth_) {
    end_item();
  }
  --depth_;
}

void FeedReader::end_field() {
  const Target target = std::exchange(target_, Target::none);
  if (item_too_large_) return;
  const bool title = target == Target::title || target == Target::feed_title;
  const bool html = target_html_ || (title && target_cdata_ && !target_typed_);
  if (html) {
    if (std::string why = html_markup_problem(text_); !why.empty()) {
      text_.clear();
      if (target != Target::feed_title && item_problem_.empty()) {
        item_problem_ = "the item's HTML: " + why;
      }
      return;
    }
  }
  std::string text = html ? html_to_text(text_) : std::move(text_);
  text_.clear();
  item_.bytes += text.size();
  switch (target) {
    case Target::feed_title:
      feed_title_ = one_line(text);
      break;
    case Target::title:
      item_.title = one_line(text);
      break;
    case Target::link:
      if (target_rank_ < item_.link_rank && !trim(text).empty()) {
        item_.link = trim(text), item_.link_rank = target_rank_;
      }
      break;
    case Target::body:
      if (target_rank_ < item_.body_rank && !trim(text).empty()) {
        item_.body = std::move(text), item_.body_rank = target_rank_;
      }
      break;
    case Target::date:
      if (target_rank_ < item_.date_rank) item_.date = trim(text), item_.date_rank = target_rank_;
      break;
    case Target::category:
      if (item_.category.empty()) item_.category = one_line(text);
      break;
    case Target::author:
      add_author(author_name_.empty() ? std::string_view(text) : author_name_);
      author_name_.clear();
      break;
    case Target::id:
      item_.id = trim(text);
      break;
    case Target::wp_post_type:
      item_.wp_post_type = trim(text);
      break;
    case Target::wp_status:
      item_.wp_status = trim(text);
      break;
    case Target::none:
      break;
  }
}

void FeedReader::end_item() {
  item_depth_ = -1;
  if (item_too_large_) {
    context_.report(item_line_, too_large_reason("item", context_.options->max_article_bytes));
    return;
  }
  if (!item_problem_.empty()) {
    context_.report(item_line_, item_problem_);
    return;
  }
  if (const std::string reason = not_published_reason(); !reason.empty()) {
    context_.report(item_line_, reason);
    return;
  }
  Article article;
  article.title = std::move(item_.title);
  // A WordPress export's posts hold the site's shortcodes as text: `[caption id="attachment_7"
  // align="alignnone" width="300"]` made words of its attributes.
  const bool wordpress = !item_.wp_post_type.empty() || !item_.wp_status.empty();
  article.body = wordpress ? strip_shortcodes(item_.body) : std::move(item_.body);
  article.url = std::move(item_.link);
  article.section = std::move(item_.category);
  article.source = feed_title_;
  article.author = std::move(item_.author);
  article.id = item_.id.empty() ? article.url : std::move(item_.id);  // a link outlives a line
  article.date = std::move(item_.date);  // RFC 822 and RFC 3339 alike: the readers' date rules
  if (finish_article(article, context_, item_line_)) ready_.push_back(std::move(article));
}

// RSS's <author> is an e-mail address, with the name in parentheses as most feeds write it
// (`news@example.com (سارة أحمد)`): the name is the author; an address alone is no name. RSS's
// <dc:creator> and Atom's <author><name> give a name, or several in one byline.
void FeedReader::add_author(std::string_view text) {
  std::string_view name = trim(text);
  if (const std::size_t open = name.find(" ("); open != std::string_view::npos &&
                                                name.ends_with(')') &&
                                                name.substr(0, open).find('@') != name.npos) {
    name = trim(name.substr(open + 2, name.size() - open - 3));
  } else if (name.find('@') != name.npos && name.find(' ') == name.npos) {
    return;
  }
  if (name.empty()) return;
  // One value may name several, as a CSV byline does (`<dc:creator>A and B</dc:creator>`): split
  // as the record readers split theirs, once its line breaks are made spaces.
  std::string storage;
  const std::string shown = one_line(name);
  const std::string_view names = split_byline(shown, storage);
  if (names.empty()) return;
  if (!item_.author.empty()) item_.author += '\n';
  item_.author += names;
}

// Why a WordPress export's item is not an article a reader of the site sees: a type other than
// post or page (an attachment's title is its file name, a menu item's a link's label), or a post
// not published (a draft or a private post must not become searchable). Empty for an article,
// and for every item of a feed that is not a WordPress export.
std::string FeedReader::not_published_reason() const {
  const std::string_view type = item_.wp_post_type;
  if (!type.empty() && type != "post" && type != "page") {
    return "WordPress " + std::string(type.substr(0, 64)) + ", not a post or page";
  }
  const std::string_view status = item_.wp_status;
  if (!status.empty() && status != "publish") {
    return "WordPress " + std::string(type.empty() ? "post" : type) + " not published (status '" +
           std::string(status.substr(0, 64)) + "')";
  }
  return {};
}

}  // namespace

std::unique_ptr<RecordReader> make_feed_reader(std::unique_ptr<InputSource> source,
                                               InputContext context) {
  return std::make_unique<FeedReader>(std::move(source), std::move(context));
}

}  // namespace bahth::readers
