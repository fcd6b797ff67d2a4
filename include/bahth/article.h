// bahth/article.h: the one value that readers produce and the indexer consumes.
#ifndef BAHTH_ARTICLE_H_
#define BAHTH_ARTICLE_H_

#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <vector>   // std::vector

namespace bahth {

/// One news article, as read from a dump. All text is valid UTF-8.
struct Article {
  std::string id;                     // unique and stable across re-indexing; never empty
  std::string url;                    // may be empty
  std::string title;                  // one line; may be empty when body is not
  std::string date;                   // ISO 8601 (2018-02-18 or 2018-02-18T20:50:44Z) or empty
  std::string section;                // as the source names it; may be empty
  std::string body;                   // paragraphs separated by '\n'
  std::vector<std::string> captions;  // image credits and captions, kept apart from the body
  // Last, so that brace-initializers written before it existed stay as they were.
  // (The initializer keeps -Wmissing-field-initializers quiet about those.)
  std::string source = {};  // the outlet (bbc, CNN, skynews); may be empty
  // The file the article was read from, absolute and lexically normal; empty for standard input
  // or an article not read from a file. Not part of the article's content: the index records it
  // so that the articles of a file removed or rewritten can be found (`bahth index --watch`).
  std::string origin_file = {};
  // The byline: the article's authors as the source names them, one a line ('\n' between).
  // May be empty. The readers drop an author that is a URL or longer than kMaxAuthorBytes.
  std::string author = {};
};

/// The longest author name kept: a longer one is a paragraph, not a byline.
inline constexpr std::size_t kMaxAuthorBytes = 200;

}  // namespace bahth

#endif  // BAHTH_ARTICLE_H_
