// html_page.h: one saved web page (a wget or HTTrack mirror, "Save page as", a CMS's static
// export) as one article: its title, main text, date, address, section and outlet, read from the
// markup and meta data every news site writes for search engines and social networks.
#ifndef BAHTH_READERS_HTML_PAGE_H_
#define BAHTH_READERS_HTML_PAGE_H_

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "bahth/article.h"

namespace bahth::readers {

/// Text a page's main content must hold to be an article: less is a site's index page, a tag
/// page or an error page (menus and link lists are not counted).
inline constexpr std::size_t kMinPageBodyBytes = 80;

/// Fills `out` (id = the canonical address, or empty: the caller derives one) from UTF-8 `html`:
/// - title: `og:title`, else the first `<h1>`, else JSON-LD `headline`, else `<title>`; a site
///   name before or after a separator (" - BBC News عربي") is dropped;
/// - body: the element `itemprop="articleBody"`, else the one whose paragraphs hold the most
///   text (Readability's way: each paragraph scores its parent, half its grandparent); menus,
///   headers, footers, asides, forms, link lists and boxes whose class or id says related,
///   share, comments, newsletter, ad ... are left out, and `<figcaption>`s become captions;
///   JSON-LD `articleBody` when the markup holds less than kMinPageBodyBytes;
/// - date: `article:published_time`, `itemprop="datePublished"`, JSON-LD `datePublished`, a
///   `date`/`pubdate` meta, else the first `<time datetime>`;
/// - url: `<link rel="canonical">`, else `og:url`, else JSON-LD `url`;
/// - section: `article:section`, else JSON-LD `articleSection`;
/// - source: `og:site_name`, else JSON-LD `publisher.name`, else the site name `<title>` ends with;
/// - author: JSON-LD `author` (each `name`), else `<meta name="author">`, `article:author`,
///   `dc.creator`: the first that is not a URL; one a line;
/// - captions: each line of a `<figure>` (credit and caption), kept apart from the body.
/// A first line of the body that is the title (a page without `<h1>`) is dropped.
/// Returns "" for an article, else why the page is none ("no article text ...").
std::string read_html_page(std::string_view html, Article& out);

/// `title` without a site name before or after a separator (" - ", " | ", " – ", " — ", " :: ",
/// " « ", " » "): the part that is `site_name` (or part of it), or, when no site name is known,
/// a last part of at most four words beside a title of at least twice as many words.
std::string strip_site_name(std::string_view title, std::string_view site_name);
/// The same, with the part dropped (a site's name) in `removed` (unchanged when none was).
std::string strip_site_name(std::string_view title, std::string_view site_name,
                            std::string& removed);

}  // namespace bahth::readers

#endif  // BAHTH_READERS_HTML_PAGE_H_
