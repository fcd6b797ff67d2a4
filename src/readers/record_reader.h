// record_reader.h: what every format reader shares: the per-input context, the mapping of source
// field names onto Article fields, and the final checks that turn a record into an Article.
#ifndef BAHTH_READERS_RECORD_READER_H_
#define BAHTH_READERS_RECORD_READER_H_

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <map>          // std::map
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "bahth/article.h"
#include "bahth/readers.h"

namespace bahth::readers {

enum class Field { id, url, title, date, section, body, source, author };
inline constexpr std::size_t kFieldCount = 8;

/// The source names that feed each Article field, best first: the user's field_map, then the
/// field's own name, then the built-in aliases.
class FieldNames {
 public:
  /// Throws UsageError for a field_map key that is not an Article field.
  explicit FieldNames(const std::map<std::string, std::string>& field_map);

  struct Match {
    Field field;
    int rank;  // 0 is best
  };

  /// Calls `on_match(Match)` for every field that `key` feeds (a name may feed several, e.g.
  /// `--field id=url`). CSV headers are matched ignoring ASCII case, JSON keys exactly.
  template <typename OnMatch>
  void for_each_match(std::string_view key, bool ignore_case, OnMatch&& on_match) const {
    for (const Entry& entry : entries_) {
      if (same_name(entry.name, key, ignore_case)) on_match(Match{entry.field, entry.rank});
    }
  }

 private:
  struct Entry {
    std::string name;
    Field field;
    int rank;
  };
  static bool same_name(std::string_view a, std::string_view b, bool ignore_case);

  std::vector<Entry> entries_;
};

/// Keeps, per field, the best-ranked non-blank value offered for one record. Values are views
/// that must outlive apply(), except those built in scratch(), which are kept by the collector.
class FieldCollector {
 public:
  void reset();
  /// True if a value of this rank would replace what the field holds: a better rank, or the
  /// same one (the same key given again: its last value is kept, as JavaScript and Python do).
  bool wants(FieldNames::Match match) const;
  /// True if the field holds a value of this rank already (its key was given before).
  bool holds(FieldNames::Match match) const;
  void offer(FieldNames::Match match, std::string_view value);
  /// Storage for a converted value (e.g. a number turned into text) about to be offered.
  std::string& scratch() { return scratch_; }
  /// Copies the chosen values into `out` (other fields are cleared).
  void apply(Article& out) const;

 private:
  std::array<std::string_view, kFieldCount> value_{};
  std::array<int, kFieldCount> rank_{};
  std::array<std::string, kFieldCount> owned_;  // accepted values that were built in scratch_
  std::string scratch_;
};

/// The ids given so far in one run, so that a record whose id replaces another's is reported.
/// Keeps a 64-bit hash of each id and where it was given in an open-addressed table of 16-byte
/// slots, at most 70% full (16 to 32 bytes an article: 500,000 articles cost at most 16 MB).
class IdRegistry {
 public:
  /// Registers an input's path; returns the number `claim` takes.
  std::size_t add_input(std::string path);
  /// Records that input `input` gives `id` at `line`. Returns "path:line" (or "path") of the
  /// record that gave it earlier in the run, or nullopt for a new id.
  std::optional<std::string> claim(std::string_view id, std::size_t input, std::size_t line);

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty (a hash of 0 is stored as 1)
    std::uint32_t input = 0;
    std::uint32_t line = 0;  // saturates at 2^32 - 1 (only the message would be off)
  };
  Slot& slot_for(std::uint64_t hash);
  void grow();

  std::vector<std::string> paths_;
  std::vector<Slot> slots_;  // a power of two in size
  std::size_t used_ = 0;
};

/// The dates of one input: how many, how many unreadable, and the first unreadable one, so that
/// a file whose dates cannot be read is reported once, not once a line.
struct DateTally {
  std::size_t dates = 0;
  std::size_t unreadable = 0;
  std::size_t first_line = 0;
  std::string first_text;
  /// "N of M dates unreadable, e.g. line L: 'x'; ..." or empty when every date was read.
  std::string summary() const;
};

/// The authors of one input dropped (a URL, or longer than kMaxAuthorBytes): how many, and the
/// first, reported once for the input like its dates. The article is kept.
struct AuthorTally {
  std::size_t dropped = 0;
  std::size_t first_line = 0;
  std::string first_text;
  /// "N authors dropped (a URL or longer than 200 bytes), e.g. line L: 'x'; ..." or empty.
  std::string summary() const;
};

/// True for an author that is no name: a URL (a profile page, as `article:author` gives it) or
/// longer than kMaxAuthorBytes.
bool unusable_author(std::string_view author);

/// The names of a byline given as one text (a CSV cell, a JSON string), one a line, as
/// newsrooms' exports join them: at `;`, `|`, a line break and the Arabic comma and semicolon
/// (`،` `؛`); then at a
/// spaced ` and `, ` & ` or ` و `; then at commas only when every piece has two words or more
/// (`Jane Doe, John Smith`), so that `Doe, Jane` and `Jane Doe, CNN` stay one name. Returns
/// `text` itself when there is nothing to split, else a view of `storage`.
std::string_view split_byline(std::string_view text, std::string& storage);

/// The records of one input that share one quiet fault (each kept): how many, and the first
/// one's line and what it was, reported once for the input like its dates.
struct FirstExampleTally {
  std::size_t records = 0;
  std::size_t first_line = 0;
  std::string first_example;
  void note(std::size_t line, std::string example) {
    if (records++ == 0) {
      first_line = line;
      first_example = std::move(example);
    }
  }
  /// "N records <fault>, e.g. line L: <first example>; <outcome>", `one` for a single record
  /// ("record gives a key twice"), `many` otherwise; empty when none.
  std::string summary_of(std::string_view one, std::string_view many,
                         std::string_view outcome) const;
};

/// Records that give a key twice (`{"title": "a", "title": "b"}`).
struct RepeatedKeyTally : FirstExampleTally {
  /// "N records give a key twice, e.g. line L: 'title'; ..." or empty when none did.
  std::string summary() const {
    return summary_of("record gives a key twice", "records give a key twice",
                      "the last value kept");
  }
};

/// Records with a field given as an object or a boolean, which is ignored.
struct IgnoredValueTally : FirstExampleTally {
  /// "N records give a field a value that is not text, e.g. line L: ...; ignored" or empty.
  std::string summary() const {
    return summary_of("record gives a field a value that is not text",
                      "records give a field a value that is not text",
                      "ignored, the rest of the record kept");
  }
};

/// The reason given for the record cut off by an interruption.
inline constexpr std::string_view kInterruptedRecord =
    "interrupted before the record ended; not indexed";

/// What a format reader knows about the input it reads.
struct InputContext {
  const ReaderOptions* options;
  ProblemReporter* reporter;
  const FieldNames* names;
  std::string path;     // as the user named it (a directory's files: directory + relative path)
  std::string id_name;  // base of derived ids: derived_id_base() of the path, "-" for stdin
  std::size_t* records_seen;
  IdRegistry* ids = nullptr;  // null: ids are not checked for replacement
  std::size_t input = 0;      // this input's number in `ids`
  DateTally* dates = nullptr;
  RepeatedKeyTally* repeated_keys = nullptr;    // null: each such record is reported itself
  AuthorTally* authors = nullptr;               // null: each dropped author is reported itself
  IgnoredValueTally* ignored_values = nullptr;  // null: each such record is reported itself

  void report(std::size_t line, std::string reason, bool skipped = true) const {
    reporter->report(ReadProblem{path, line, std::move(reason), skipped, false});
  }
  void count_record() const { ++*records_seen; }
  /// Reports the record at `line` cut off by an interruption as skipped (kInterruptedRecord).
  void report_interrupted(std::size_t line) const { report(line, std::string(kInterruptedRecord)); }
};

/// The base of the ids derived for records of the input named `path` (as the user gave it, or a
/// directory given plus the file's relative path): the path made absolute and lexically
/// normalized ("." and ".." resolved, no symlink followed); "-" for standard input.
std::string derived_id_base(const std::string& path);

/// The id of the record without one at `line` (1-based; 0 for a whole-file record, which counts
/// as line 1) of the input whose derived_id_base() is `base`: `base:line`. Standard input has no
/// name that tells one run's records from another's, so its ids are `-:line:hash`, the hash
/// (64-bit FNV-1a, hex) taken over the record's fields. The line never holds a ':', so the last
/// ':' splits an id into a path and a line: distinct (path, line) pairs never share an id.
std::string derived_id(std::string_view base, std::size_t line, const Article& article);

/// Cleans a record's fields and checks it: strips NUL bytes (text that cannot hold them
/// downstream, never reported), trims, makes the title one line, normalizes the date (counting a
/// bad one in the DateTally, kept without date), keeps the authors one a line, each trimmed and
/// once, dropping those unusable_author() (counted in the AuthorTally), and derives a missing id
/// (derived_id) so that it is stable when the same file is indexed again. An id given earlier in
/// the same run is reported (the record is kept and replaces the earlier one). Returns false, after
/// reporting, for an article with neither title nor body.
bool finish_article(Article& article, const InputContext& context, std::size_t line);

/// Notes that the record at `line` gave `key` twice (its last non-blank value was kept): counted
/// in the input's RepeatedKeyTally, or reported on its own when the context has none. Nothing
/// for an empty `key`.
void note_repeated_key(const InputContext& context, std::size_t line, std::string_view key);

/// Notes that the record at `line` gave a field a value that is not text (`what`, as
/// JsonRecordParser::ignored_value() says it): counted in the input's IgnoredValueTally, or
/// reported on its own when the context has none. Nothing for an empty `what`.
void note_ignored_value(const InputContext& context, std::size_t line, std::string_view what);

/// A date in any of the forms docs/usage.md lists (ISO 8601 / RFC 3339, YYYY/MM/DD, day-first
/// DD/MM/YYYY and DD-MM-YYYY, RFC 822/1123, epoch seconds or milliseconds, Arabic-Indic and
/// Persian digits, English and Arabic month names) as `YYYY-MM-DD`, or UTC `YYYY-MM-DDTHH:MM:SSZ`
/// when it has a time; nullopt if it is not a date.
std::optional<std::string> normalize_date(std::string_view text);

/// `text` without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);

/// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

/// "invalid UTF-8 at byte N" style message for an offset into a line or record.
std::string invalid_utf8_reason(std::size_t byte_offset);

/// Reads one input's records. Problems are reported through the InputContext.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  /// The next good article; false at the end. Throws SourceError when the input breaks off.
  virtual bool next(Article& out) = 0;
  /// The line where reading stopped, for reporting a SourceError (0: not line-based).
  virtual std::size_t stop_line() const = 0;
  /// Called once when a read was Interrupted (Ctrl-C on an endless pipe): a record begun but not
  /// finished is counted and reported as skipped, so the summary accounts for it.
  virtual void end_interrupted() {}
};

}  // namespace bahth::readers

#endif  // BAHTH_READERS_RECORD_READER_H_
