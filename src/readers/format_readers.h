// format_readers.h: one RecordReader per input format.
#ifndef BAHTH_READERS_FORMAT_READERS_H_
#define BAHTH_READERS_FORMAT_READERS_H_

#include <memory>  // std::unique_ptr

#include "input_source.h"
#include "json_record.h"
#include "record_reader.h"

namespace bahth::readers {

/// JSON Lines: one object a line; blank lines are ignored.
std::unique_ptr<RecordReader> make_json_lines_reader(std::unique_ptr<InputSource> source,
                                                     InputContext context,
                                                     JsonRecordParser& parser);

/// news-please JSON: the whole input is one article object.
std::unique_ptr<RecordReader> make_json_file_reader(std::unique_ptr<InputSource> source,
                                                    InputContext context, JsonRecordParser& parser);

/// A JSON file holding an array of article objects: one article per element, read an element
/// at a time (json_array_reader.cc).
std::unique_ptr<RecordReader> make_json_array_reader(std::unique_ptr<InputSource> source,
                                                     InputContext context,
                                                     JsonRecordParser& parser);

/// True if the input's first character (after a byte order mark and white space, among the
/// bytes that have arrived) is '['.
bool starts_json_array(InputSource& source);

/// Bytes holds_json_lines() looks at: the first line must end within them.
inline constexpr std::size_t kJsonLinesSniffBytes = 1u << 20;

/// True if a .json input is JSON Lines, as BigQuery, Elasticsearch and many scrapers name it: a
/// first line that is a whole object ('{' to '}'), and another object after it. A pretty-printed
/// object's first line is "{" alone.
bool holds_json_lines(InputSource& source);

/// BBC-style text: the whole input is one article (title line, caption lines, body).
std::unique_ptr<RecordReader> make_text_reader(std::unique_ptr<InputSource> source,
                                               InputContext context);

/// A header row, then one record per row. `quoted`: RFC 4180 quoting (CSV); TSV has none.
/// `delimiter` is the format's own separator: the one used unless ReaderOptions::csv_separator
/// gives another or sniff_separator() finds another in the first rows.
std::unique_ptr<RecordReader> make_delimited_reader(std::unique_ptr<InputSource> source,
                                                    InputContext context, char delimiter,
                                                    bool quoted);

/// RSS 2.0 (0.9x, 1.0) and Atom feeds: one article per item or entry (feed_reader.cc).
std::unique_ptr<RecordReader> make_feed_reader(std::unique_ptr<InputSource> source,
                                               InputContext context);
/// A saved web page (.html, .htm): one article per file, its main text and meta data
/// (html_page.h); a page without article text is reported and skipped.
std::unique_ptr<RecordReader> make_html_page_reader(std::unique_ptr<InputSource> source,
                                                    InputContext context);

/// A web archive (WARC/1.0, 1.1; .warc.gz is one gzip member a record, read as one stream): one
/// article per HTML response record, read as a saved page (warc_reader.cc). The input is read as
/// bytes: each page is converted from the charset its HTTP response names.
std::unique_ptr<RecordReader> make_warc_reader(std::unique_ptr<InputSource> source,
                                               InputContext context);
/// True if `head` (an input's first bytes) starts a WARC record ("WARC/1.").
bool starts_warc(std::string_view head);

/// The column separator of a CSV or TSV whose first bytes are `head`: of `,` `;` tab `|`, the
/// one that the header has and every sampled row has as many times (the most columns wins, then
/// `fallback`); failing that, the one the header has most of; `fallback` when it has none.
char sniff_separator(std::string_view head, char fallback, bool quoted);

/// "larger than max_article_bytes (N bytes)" for records and files over the limit.
std::string too_large_reason(std::string_view what, std::size_t max_bytes);

/// Reads a one-article file (.txt, .json) whole into `content`, counting it as one record.
/// Returns false, having reported it, when the file is larger than max_article_bytes.
bool read_whole_file_record(InputSource& source, const InputContext& context, std::string& content);

}  // namespace bahth::readers

#endif  // BAHTH_READERS_FORMAT_READERS_H_
