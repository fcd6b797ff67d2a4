// bahth/readers.h: turn dump files into Article values.
//
// Formats: BBC-style text files and directory trees, JSON Lines (.jsonl, .ndjson), news-please
// JSON (.json, one article per file), CSV and TSV with a header row, RSS and Atom feeds (.xml,
// .rss, .atom), saved web pages (.html, .htm: one article a page), web archives (.warc: one article
// an HTML response record); gzip, xz, zstd or bzip2 on any
// of them, detected by content; any encoding ICU converts, detected per file unless
// ReaderOptions::encoding names it. A record that cannot be read is reported to a ProblemReporter
// as `path:line: reason` and skipped; the stream goes on. This module knows nothing of Xapian.
#ifndef BAHTH_READERS_H_
#define BAHTH_READERS_H_

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <functional>   // std::function
#include <map>          // std::map
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "bahth/article.h"
#include "bahth/non_copyable.h"

namespace bahth {

enum class InputFormat { automatic, text, jsonl, json, csv, tsv, feed, html, warc };

/// Parses "auto", "text", "jsonl", "json", "csv", "tsv", "feed", "html" or "warc"; throws
/// UsageError otherwise.
InputFormat parse_input_format(std::string_view name);

/// Checks an --encoding value: "auto", or a name ICU has a converter for (windows-1256,
/// ISO-8859-6, UTF-16, cp1256, ...). Returns "auto" or ICU's name for it; throws UsageError.
std::string parse_encoding_name(std::string_view name);

/// Checks `--field NAME=SOURCE` mappings (ReaderOptions::field_map): every NAME must be an Article
/// field (id, url, title, date, section, source, body). Throws UsageError naming the first that
/// is not. The readers check the same; a command calls this to say so before reading anything.
void check_field_map(const std::map<std::string, std::string>& field_map);

/// One record that could not be read (or was read with a loss, such as an unparseable date).
struct ReadProblem {
  std::string path;  // as the user named it ("-" for standard input)
  std::size_t line;  // 1-based line of the record's start; 0 when not line-based
  std::string reason;
  bool skipped;  // true: the record was dropped; false: it was kept (e.g. without its date)
  // true: the record was kept and its id replaces an earlier record's of the same run.
  bool replaces = false;
};

/// Receives read problems. The default prints `path:line: reason` lines.
class ProblemReporter {
 public:
  virtual ~ProblemReporter() = default;
  virtual void report(const ReadProblem& problem) = 0;
};

struct ReaderOptions {
  InputFormat format = InputFormat::automatic;  // automatic: by content and file name
  // Article field name → source field name, from `--field body=summary`. Applied before the
  // built-in aliases (headline, text, content, published, pubDate, category, العنوان, النص ...).
  std::map<std::string, std::string> field_map;
  // "auto": detect each input's encoding (UTF-8 stays unconverted; UTF-16/32 by byte order mark;
  // Windows-1256, ISO-8859-6 and others by ICU's detector); else a name from
  // parse_encoding_name, which every input is converted from.
  std::string encoding = "auto";
  // CSV and TSV column separator; 0: sniffed from the header and first rows (`,` `;` tab `|`).
  char csv_separator = 0;
  // Polled while an input makes reads wait (a FIFO, a pipe, a terminal): when it returns true,
  // the stream ends (next() returns false) within about a tenth of a second, so Ctrl-C is never
  // stuck behind a silent writer.
  std::function<bool()> stop_requested;
  // A record larger than this (after decompression) is reported and skipped, so a gzip bomb or
  // a runaway line cannot exhaust memory.
  std::size_t max_article_bytes = 16u << 20;
  // Files never read, even when named or inside a directory given (e.g. the file problems are
  // being written to). Matched by device and inode, so links to them are excluded too; a named
  // one is reported, one met in a directory is passed over in silence.
  std::vector<std::string> excluded_files;
};

/// Reads articles from files, directory trees (walked recursively, in sorted order) and "-"
/// (standard input), one after the other.
class ArticleStream : NonCopyable {
 public:
  /// Opens nothing yet; each input is opened when reached. An input that cannot be opened is
  /// reported (line 0) and skipped. REQUIRES: `reporter` outlives the stream.
  ArticleStream(const std::vector<std::string>& inputs, ReaderOptions options,
                ProblemReporter& reporter);
  ~ArticleStream();

  /// Reads the next good article into `out`. Returns false when every input is exhausted.
  /// Throws only for a failure that makes the whole stream meaningless (none today).
  bool next(Article& out);

  /// Total size in bytes of the named regular files (directories summed), as on disk: the
  /// denominator of a progress bar. 0 when unknown (standard input).
  std::uint64_t bytes_total() const;

  /// On-disk bytes consumed so far (compressed bytes for compressed input).
  std::uint64_t bytes_read() const;

  /// Number of records read so far, good or bad (for the summary).
  std::size_t records_seen() const;

  /// True if the stream ended because ReaderOptions::stop_requested said so.
  bool interrupted() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One JSON object given whole (an HTTP request's body, or one line of it), read as a line of a
/// JSON Lines file is: the same field names and aliases, the same checks and cleaning (a date
/// normalized, an unreadable one dropped with a warning), except that no id is derived when the
/// object has none (`id` is left empty: the caller decides).
struct JsonArticle {
  Article article;
  std::string error;                  // why it cannot be used; empty when it can
  std::vector<std::string> warnings;  // kept, with a loss (an unreadable date)
};

/// Reads `text` as one article object (`max_article_bytes` as ReaderOptions says).
JsonArticle parse_json_article(std::string_view text,
                               std::size_t max_article_bytes = ReaderOptions{}.max_article_bytes);

/// Reads `text` as JSON Lines: one entry per non-blank line, with its 1-based line number.
std::vector<std::pair<std::size_t, JsonArticle>> parse_json_lines(
    std::string_view text, std::size_t max_article_bytes = ReaderOptions{}.max_article_bytes);

/// The same, one line at a time: `take` gets each non-blank line's number and entry, and
/// returns false to stop the reading there. (A body of many short lines holds far more entries
/// than bytes' worth: its caller decides how many it keeps.)
void read_json_lines(std::string_view text,
                     const std::function<bool(std::size_t, JsonArticle&&)>& take,
                     std::size_t max_article_bytes = ReaderOptions{}.max_article_bytes);

/// Why `id` cannot be an article id, or nullopt when it can: it holds a C0 or C1 control
/// character (newline, CR, tab, ESC, ..., U+0080-U+009F), DEL, or a bidi control (U+061C,
/// U+200E, U+200F, U+202A-U+202E, U+2066-U+2069). An id is echoed on terminals, in logs, URLs
/// and answers, and read back one a line (`bahth delete --ids-from`): such a character would
/// split it, hide it or reorder what is shown around it. The readers report and skip an article
/// whose id holds one; the server refuses it (400).
std::optional<std::string> id_problem(std::string_view id);

}  // namespace bahth

#endif  // BAHTH_READERS_H_
