// readers.cc: ArticleStream — inputs one after another, each through its format's reader.
#include "bahth/readers.h"

#include <algorithm>  // std::max
#include <exception>  // std::exception
#include <utility>    // std::move

#include "bahth/error.h"
#include "encoding.h"
#include "format_readers.h"
#include "input_list.h"

namespace bahth {

InputFormat parse_input_format(std::string_view name) {
  static constexpr std::pair<std::string_view, InputFormat> kNames[] = {
      {"auto", InputFormat::automatic}, {"text", InputFormat::text}, {"jsonl", InputFormat::jsonl},
      {"json", InputFormat::json},      {"csv", InputFormat::csv},   {"tsv", InputFormat::tsv},
      {"feed", InputFormat::feed},      {"html", InputFormat::html}, {"warc", InputFormat::warc}};
  for (const auto& [known, format] : kNames) {
    if (name == known) return format;
  }
  throw UsageError("--format " + std::string(name) +
                   ": expected auto, text, jsonl, json, csv, tsv, feed, html or warc");
}

namespace {

using readers::InputFile;
using readers::InputSource;
using readers::RecordReader;

// Standard input, or a file whose name says nothing: JSON Lines if it starts with an object
// (or is empty, so that empty input is simply no articles), a JSON array of articles if it
// starts with '[', a web page if it starts with an HTML doctype or element, a feed if it starts
// with other markup.
InputFormat sniff_format(InputSource& source) {
  const std::string_view head = readers::trim(readers::strip_bom(source.peek_arrived(4096)));
  std::string start(head.substr(0, 14));
  for (char& c : start) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (start.starts_with("<!doctype html") || start.starts_with("<html")) return InputFormat::html;
  if (head.starts_with('<')) return InputFormat::feed;
  if (head.starts_with('[')) return InputFormat::json;
  return head.empty() || head.front() == '{' ? InputFormat::jsonl : InputFormat::automatic;
}

}  // namespace

struct ArticleStream::Impl {
  Impl(const std::vector<std::string>& inputs, ReaderOptions reader_options,
       ProblemReporter& problems)
      : options(std::move(reader_options)),
        reporter(problems),
        names(options.field_map),
        files(readers::expand_inputs(inputs, options.excluded_files)) {
    for (const InputFile& file : files) bytes_total += file.size;
  }

  bool next(Article& out);
  bool open_next_file();
  bool try_open(const InputFile& file);
  std::unique_ptr<RecordReader> open_reader(const InputFile& file);
  std::unique_ptr<RecordReader> reader_for(InputFormat format, const InputFile& file,
                                           std::unique_ptr<InputSource> source);
  void close_file();
  void report(std::size_t line, std::string reason) {
    reporter.report(ReadProblem{files[current].path, line, std::move(reason), true, false});
  }

  ReaderOptions options;
  ProblemReporter& reporter;
  readers::FieldNames names;
  std::vector<InputFile> files;
  std::size_t current = 0;  // index of the file being read (or next to open)
  std::unique_ptr<RecordReader> reader;
  const InputSource* source_in_use = nullptr;  // owned by `reader`
  readers::JsonRecordParser json_parser;       // reused: its buffers grow once
  std::uint64_t bytes_total = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_before_file = 0;  // bytes_read when the current file was opened
  std::size_t records_seen = 0;
  readers::IdRegistry ids;
  readers::DateTally dates;                   // of the file being read
  readers::RepeatedKeyTally repeated_keys;    // of the file being read
  readers::AuthorTally authors;               // of the file being read
  readers::IgnoredValueTally ignored_values;  // of the file being read
  bool interrupted = false;
};

bool ArticleStream::Impl::next(Article& out) {
  if (interrupted) return false;
  try {
    for (;;) {
      if (!reader && !open_next_file()) return false;
      try {
        if (reader->next(out)) return true;
      } catch (const readers::Interrupted&) {
        throw;
      } catch (const std::exception& e) {  // readers::SourceError, or bad_alloc on a huge record
        report(reader->stop_line(), e.what());
      }
      close_file();
    }
  } catch (const readers::Interrupted&) {
    // Stopped while a read waited: what was read so far stands; the record being read is
    // counted and reported as skipped.
    interrupted = true;
    if (reader) reader->end_interrupted();
    if (current < files.size()) close_file();  // its unreadable dates so far are still reported
    return false;
  }
}

// Opens files until one has a reader, reporting those that cannot be read.
bool ArticleStream::Impl::open_next_file() {
  while (current < files.size()) {
    bytes_before_file = bytes_read;
    if (try_open(files[current])) return true;
    close_file();
  }
  return false;
}

bool ArticleStream::Impl::try_open(const InputFile& file) {
  if (!file.problem.empty()) {
    report(0, file.problem);
    return false;
  }
  try {
    reader = open_reader(file);
  } catch (const readers::Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    report(0, e.what());
  }
  return reader != nullptr;
}

std::unique_ptr<RecordReader> ArticleStream::Impl::open_reader(const InputFile& file) {
  auto source = std::make_unique<InputSource>(file.path, bytes_read, options.stop_requested);
  InputFormat format = options.format;
  if (format == InputFormat::automatic) format = readers::format_from_name(file.path);
  // A web archive is read as bytes: each of its pages has a charset of its own (warc_reader.cc).
  if (format == InputFormat::automatic && readers::starts_warc(source->peek_arrived(8))) {
    format = InputFormat::warc;
  }
  source_in_use = source.get();
  if (format == InputFormat::warc) return reader_for(format, file, std::move(source));
  const std::string encoding_note = readers::prepare_encoding(*source, options.encoding);
  if (!encoding_note.empty()) reporter.report(ReadProblem{file.path, 0, encoding_note, false});
  if (format == InputFormat::automatic) format = sniff_format(*source);
  if (format == InputFormat::automatic) {
    source->throw_peek_error();
    report(0, "cannot tell the format from the name or content; use --format");
    return nullptr;
  }
  return reader_for(format, file, std::move(source));
}

std::unique_ptr<RecordReader> ArticleStream::Impl::reader_for(InputFormat format,
                                                              const InputFile& file,
                                                              std::unique_ptr<InputSource> source) {
  dates = {};
  repeated_keys = {};
  authors = {};
  ignored_values = {};
  readers::InputContext context{&options,
                                &reporter,
                                &names,
                                file.path,
                                readers::derived_id_base(file.path),
                                &records_seen,
                                &ids,
                                ids.add_input(file.path),
                                &dates,
                                &repeated_keys,
                                &authors,
                                &ignored_values};
  switch (format) {
    case InputFormat::text:
      return readers::make_text_reader(std::move(source), std::move(context));
    case InputFormat::json:
      if (readers::starts_json_array(*source)) {
        return readers::make_json_array_reader(std::move(source), std::move(context), json_parser);
      }
      if (readers::holds_json_lines(*source)) {
        reporter.report(
            ReadProblem{file.path, 0, "read as JSON Lines (one article object a line)", false});
        return readers::make_json_lines_reader(std::move(source), std::move(context), json_parser);
      }
      return readers::make_json_file_reader(std::move(source), std::move(context), json_parser);
    case InputFormat::csv:
      return readers::make_delimited_reader(std::move(source), std::move(context), ',', true);
    case InputFormat::tsv:
      return readers::make_delimited_reader(std::move(source), std::move(context), '\t', false);
    case InputFormat::feed:
      return readers::make_feed_reader(std::move(source), std::move(context));
    case InputFormat::html:
      return readers::make_html_page_reader(std::move(source), std::move(context));
    case InputFormat::warc:
      return readers::make_warc_reader(std::move(source), std::move(context));
    default:
      return readers::make_json_lines_reader(std::move(source), std::move(context), json_parser);
  }
}

// Counts a file as fully read for the progress bar even when it was abandoned part way, and
// reports its unreadable dates once.
void ArticleStream::Impl::close_file() {
  if (reader && source_in_use->replaced_bytes() > 0) {
    reporter.report(ReadProblem{files[current].path, 0,
                                std::to_string(source_in_use->replaced_bytes()) +
                                    " bytes not valid in the file's encoding, replaced with U+FFFD",
                                false});
  }
  reader.reset();
  source_in_use = nullptr;
  if (std::string dates_lost = dates.summary(); !dates_lost.empty()) {
    reporter.report(ReadProblem{files[current].path, 0, std::move(dates_lost), false, false});
  }
  dates = {};
  if (std::string repeats = repeated_keys.summary(); !repeats.empty()) {
    reporter.report(ReadProblem{files[current].path, 0, std::move(repeats), false, false});
  }
  repeated_keys = {};
  if (std::string ignored = ignored_values.summary(); !ignored.empty()) {
    reporter.report(ReadProblem{files[current].path, 0, std::move(ignored), false, false});
  }
  ignored_values = {};
  if (std::string dropped = authors.summary(); !dropped.empty()) {
    reporter.report(ReadProblem{files[current].path, 0, std::move(dropped), false, false});
  }
  authors = {};
  if (current < files.size()) {
    bytes_read = std::max(bytes_read, bytes_before_file + files[current].size);
  }
  ++current;
}

ArticleStream::ArticleStream(const std::vector<std::string>& inputs, ReaderOptions options,
                             ProblemReporter& reporter)
    : impl_(std::make_unique<Impl>(inputs, std::move(options), reporter)) {}

ArticleStream::~ArticleStream() = default;

bool ArticleStream::next(Article& out) { return impl_->next(out); }

std::uint64_t ArticleStream::bytes_total() const { return impl_->bytes_total; }

std::uint64_t ArticleStream::bytes_read() const { return impl_->bytes_read; }

std::size_t ArticleStream::records_seen() const { return impl_->records_seen; }

bool ArticleStream::interrupted() const { return impl_->interrupted; }

}  // namespace bahth
