// `bahth index`: read article dumps and write them into the index.
//
// Bad records are reported (`path:line: reason`) and skipped; the batch goes on. Progress shows
// on a terminal. Ctrl-C or SIGTERM commits what is done, so rerunning the command resumes: the
// articles already in the index are recognised as unchanged and skipped.
#include <fmt/format.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/readers.h"
#include "bahth/synonyms.h"
#include "commands.h"
#include "damaged_records.h"
#include "error_report.h"
#include "index_watch.h"
#include "options.h"
#include "progress.h"
#include "render/inert.h"
#include "render/search_text.h"
#include "stop_signal.h"

namespace bahth::cli {
namespace {

struct IndexCommandOptions {
  std::string db_path;
  std::string format = "auto";
  std::string encoding = "auto";
  std::vector<std::string> fields;  // NAME=SRC
  std::string stemmer = "light";
  unsigned threads = 0;
  unsigned shards = 0;
  std::size_t commit_every = IndexOptions{}.commit_every;  // --batch
  std::size_t max_article_bytes = 16u << 20;
  std::string errors_path;
  std::string synonyms_path;
  std::string csv_separator;  // empty: sniffed
  bool quiet = false;
  bool rebuild_passes = false;
  bool watch = false;
  std::vector<std::string> inputs;
};

// Prints each problem as `path:line: reason` (to the --errors report, every one; else to stderr,
// an input's first kProblemsShownPerInput) and counts the records skipped.
class CountingReporter final : public ProblemReporter {
 public:
  explicit CountingReporter(ErrorReport* file) : file_(file) {}
  void report(const ReadProblem& p) override {
    if (p.skipped) ++skipped_;
    if (p.replaces) ++replaced_;
    if (file_ == nullptr && !show(p.path)) return;
    // Paths and reasons quote the dump (ids, field values): shown inert, never as control.
    write(read_problem_line(p));
  }
  // A stored article of the index that its passes could not read, in the same report.
  void report(const DamagedRecord& record) { write(damaged_record_line(record)); }
  std::size_t skipped() const { return skipped_; }
  std::size_t replaced() const { return replaced_; }

 private:
  // True while `path` has had fewer than the limit printed; at the limit, says so once.
  bool show(const std::string& path) {
    std::size_t& shown = shown_by_input_[path];
    if (shown < kProblemsShownPerInput) {
      ++shown;
      return true;
    }
    if (shown == kProblemsShownPerInput) {
      ++shown;
      write(problems_not_shown_line(path));
    }
    return false;
  }

  void write(const std::string& text) {
    const std::string line = render::inert_text(text).append("\n");
    if (file_ != nullptr) {
      file_->write(line);
    } else {
      std::cerr << line;
    }
  }

  ErrorReport* file_;
  std::size_t skipped_ = 0;
  std::size_t replaced_ = 0;
  std::unordered_map<std::string, std::size_t> shown_by_input_;
};

// "," ";" "|" as themselves, "tab" or "\t" for a tab: one ASCII character that is not a quote,
// a line end or a letter or digit (which would split words).
char parse_csv_separator(const std::string& text) {
  if (text.empty()) return 0;
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  const bool one_char = text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80;
  if (!one_char || text[0] == '"' || text[0] == '\n' || text[0] == '\r' ||
      std::isalnum(static_cast<unsigned char>(text[0])) != 0) {
    throw UsageError("--csv-separator " + text +
                     ": expected one ASCII character such as , ; | or tab");
  }
  return text[0];
}

ReaderOptions reader_options(const IndexCommandOptions& options) {
  ReaderOptions reader;
  reader.format = parse_input_format(options.format);
  reader.max_article_bytes = options.max_article_bytes;
  reader.encoding = parse_encoding_name(options.encoding);
  reader.csv_separator = parse_csv_separator(options.csv_separator);
  reader.stop_requested = [] { return stop_requested(); };
  for (const std::string& mapping : options.fields) {
    const auto eq = mapping.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == mapping.size()) {
      throw UsageError("--field " + mapping + ": expected NAME=SOURCE, e.g. body=summary");
    }
    reader.field_map[mapping.substr(0, eq)] = mapping.substr(eq + 1);
  }
  check_field_map(reader.field_map);
  return reader;
}

// The byte rate counts the bytes read from the inputs: compressed ones say so ("MB/s xz").
std::string rate_unit(const std::vector<std::string>& inputs) {
  static constexpr std::pair<std::string_view, std::string_view> kCompressed[] = {
      {".gz", "gzip"}, {".gzip", "gzip"}, {".xz", "xz"}, {".zst", "zstd"}, {".bz2", "bzip2"}};
  for (const std::string& path : inputs) {
    for (const auto& [suffix, name] : kCompressed) {
      if (path.ends_with(suffix)) return "MB/s " + std::string(name);
    }
  }
  return "MB/s";
}

// Records whose id replaced another's of the same run, damaged stored articles the passes
// skipped, and articles a failed write kept out of the index are named only when there are some.
std::string summary_line(const IndexCounts& counts, std::size_t skipped, std::size_t replaced,
                         double seconds, std::uint64_t bytes, std::size_t documents,
                         const std::string& unit) {
  const std::size_t processed = counts.added + counts.updated + counts.unchanged;
  return fmt::format(
      "{} in {:.1f} s ({:.0f} articles/s, {:.1f} {}): {} added, {} updated, "
      "{} unchanged, {} skipped{}{}{}; the index holds {}",
      render::count_of(processed, "article", "articles"), seconds,
      seconds > 0 ? processed / seconds : 0.0, seconds > 0 ? bytes / seconds / 1e6 : 0.0, unit,
      counts.added, counts.updated, counts.unchanged, skipped,
      replaced == 0 ? std::string() : fmt::format(", {} replaced in this run", replaced),
      damaged_summary(counts.damaged, counts.repaired), not_indexed_summary(counts.not_indexed),
      render::count_of(documents, "document", "documents"));
}

// What `index` and `index --watch` ask of the indexer alike.
IndexOptions index_options_of(const IndexCommandOptions& options) {
  IndexOptions index_options;
  index_options.db_path = options.db_path;
  index_options.stemmer = parse_stemmer_kind(options.stemmer);
  index_options.threads = options.threads;
  index_options.shards = options.shards;
  index_options.commit_every = options.commit_every;
  index_options.rebuild_passes = options.rebuild_passes;
  return index_options;
}

int run_watch(const IndexCommandOptions& options) {
  if (options.inputs.empty()) throw UsageError("--watch: give the folders to watch");
  if (!options.errors_path.empty()) {
    throw UsageError("--errors: not with --watch (problems go to stderr as they come)");
  }
  if (std::find(options.inputs.begin(), options.inputs.end(), "-") != options.inputs.end()) {
    throw UsageError("--watch: - (standard input) is not a folder");
  }
  if (!options.synonyms_path.empty()) {
    throw UsageError(
        "--synonyms: not with --watch (set them with `bahth synonyms --db PATH FILE`)");
  }
  return run_index_watch(index_options_of(options), reader_options(options), options.inputs,
                         options.quiet);
}

int run_index(const IndexCommandOptions& options) {
#if defined(__GLIBC__)
  // No fastbins: glibc empties them into the free lists (malloc_consolidate) before every
  // large request, and Xapian's commits ask for 8 KB blocks all the time: 2.7% of a first
  // build's CPU. Small frees still go to the per-thread caches (bench/HISTORY.md, idxrate3).
  mallopt(M_MXFAST, 0);
#endif
  if (options.watch) return run_watch(options);
  if (options.inputs.empty() && !options.rebuild_passes) {
    throw UsageError("give the files or directories to index (- reads standard input)");
  }
  IndexOptions index_options = index_options_of(options);
  index_options.existing_only = options.inputs.empty();  // only the passes: not a new index
  ReaderOptions reader = reader_options(options);
  // Read first: a file that cannot be read stops the run before it changes anything.
  std::optional<SynonymList> synonyms;
  if (!options.synonyms_path.empty()) synonyms = read_synonyms_reporting(options.synonyms_path);
  // Checked first, emptied only once the index is open: a run that cannot start leaves the last
  // report as it was.
  std::optional<ErrorReport> errors_file;
  if (!options.errors_path.empty()) errors_file.emplace(options.errors_path, options.inputs);

  Indexer indexer(index_options);
  if (synonyms) indexer.set_synonyms(synonyms->groups);
  if (errors_file) {
    errors_file->open();
    reader.excluded_files.push_back(options.errors_path);  // even inside an input folder
  }
  CountingReporter reporter(errors_file ? &*errors_file : nullptr);
  ArticleStream stream(options.inputs, reader, reporter);
  Progress progress(!options.quiet && ::isatty(STDERR_FILENO) != 0, stream.bytes_total(),
                    rate_unit(options.inputs));
  // Reads waiting on a pipe or FIFO return at the signal (the readers also poll the flag, as
  // the signal may reach another thread).
  StopOnSignal stop_on_signal(/*interrupt_reads=*/true);

  const auto start = std::chrono::steady_clock::now();
  IndexRunHooks hooks;
  hooks.stop_requested = [] { return stop_requested(); };
  hooks.after_batch = [&](const IndexCounts& c) {
    progress.update(stream.bytes_read(), c.added + c.updated + c.unchanged);
  };
  // A write that fails (a full disk) ends the run: the commits before it stay, and the summary
  // counts the articles read since as not indexed.
  std::optional<std::string> write_failure;
  try {
    indexer.run([&stream](Article& article) { return stream.next(article); }, hooks);
  } catch (const IndexError& e) {
    write_failure = e.what();
  }
  progress.finish();
  for (const DamagedRecord& record : indexer.take_damaged_records()) reporter.report(record);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string summary =
      summary_line(indexer.counts(), reporter.skipped(), reporter.replaced(), seconds,
                   stream.bytes_read(), indexer.document_count(), rate_unit(options.inputs));
  const std::string report_failure = errors_file ? errors_file->finish() : std::string();
  if (!report_failure.empty()) std::cerr << "bahth: " << report_failure << '\n';
  if (write_failure) {
    std::cerr << "bahth: " << *write_failure << "\nbahth: stopped; committed " << summary
              << ". Make room (or mend the error above) and run the same command again to "
                 "resume.\n";
    return 1;
  }
  if (const int signal = stop_signal(); signal != 0) {
    std::cerr << "bahth: interrupted; committed " << summary << ". "
              << (indexer.merge_pending()
                      ? "The merge of the build's parts was stopped: they are searched as they "
                        "are, and the same command run again merges them and resumes.\n"
                      : "Run the same command again to resume.\n");
    return 128 + signal;
  }
  if (!options.quiet) std::cout << summary << '\n';
  if (synonyms && !options.quiet) {
    std::cout << synonyms_summary(*synonyms, options.synonyms_path) << '\n';
  }
  if (!report_failure.empty()) return 1;
  const IndexCounts& c = indexer.counts();
  if (c.added + c.updated + c.unchanged == 0 && reporter.skipped() > 0) {
    std::cerr << "bahth: no article could be read from the input\n";
    return 1;
  }
  return 0;
}

}  // namespace

void setup_index(CLI::App& app) {
  auto options = std::make_shared<IndexCommandOptions>();
  CLI::App* cmd = app.add_subcommand("index", "Index article dumps (files, directories, -)");
  add_db_option(*cmd, options->db_path);
  add_choice_option(*cmd, "--format", options->format,
                    "Input format; auto detects it from the content and the file name",
                    {"auto", "text", "jsonl", "json", "csv", "tsv", "feed", "html", "warc"});
  cmd->add_option("--encoding", options->encoding,
                  "Character encoding of the inputs (windows-1256, ISO-8859-6, UTF-16, ...); "
                  "auto detects it per file")
      ->capture_default_str();
  cmd->add_option("--field", options->fields,
                  "Take an article field from another source field, e.g. body=summary "
                  "(repeatable)")
      ->allow_extra_args(false);  // one value per --field, so inputs are not taken for mappings
  add_stemmer_option(*cmd, options->stemmer,
                     "Analysis: light (bahth's own), snowball (Xapian's) or none")
      ->capture_default_str();
  add_bounded_option(*cmd, "--threads", options->threads, "Analysis threads (0: one per core)", 0,
                     256);
  add_bounded_option(*cmd, "--shards", options->shards,
                     "Write N shard databases in parallel under --db, with a Xapian stub file "
                     "(--db/XAPIANDB) that opens them as one; an existing index keeps its count "
                     "(0: as recorded, else one database)",
                     0u, 256u);
  add_bounded_option(*cmd, "--batch", options->commit_every,
                     "Commit after this many articles (and the spelling table's update at the end "
                     "after 10 times as many words)",
                     1, 10'000'000);
  add_bounded_option(*cmd, "--max-article-bytes", options->max_article_bytes,
                     "Skip (and report) any record larger than this", 1024, std::size_t{1} << 32);
  cmd->add_option("--csv-separator", options->csv_separator,
                  "Column separator of CSV and TSV inputs (, ; | or tab); by default sniffed "
                  "from the header and first rows");
  cmd->add_option("--errors", options->errors_path,
                  "Write the report of unreadable records to this file, every one, instead of "
                  "stderr (which shows an input's first 100)");
  cmd->add_option("--synonyms", options->synonyms_path,
                  "Store the synonyms of this file in the index (one group a line, entries "
                  "separated by commas, # comments; they replace those stored before), searched "
                  "with each other; `bahth synonyms` changes them without reindexing");
  cmd->add_flag("-q,--quiet", options->quiet, "No progress bar and no summary line");
  cmd->add_flag("--rebuild-passes", options->rebuild_passes,
                "Recompute the passes at the end of the run (spelling table, near-duplicate "
                "groups, spelling variants) from the whole index, as a first build does, "
                "instead of from the articles changed; no input needed (the results are the "
                "same). An index from a bahth before the near-duplicate band terms gets them "
                "(every article rewritten, once)");
  cmd->add_flag("--watch", options->watch,
                "Index the folders given, then keep watching them (inotify): files written or "
                "moved in are indexed, the articles of files removed are deleted; Ctrl-C stops "
                "(exit 130). Hidden and temporary files (.x, x~, #x#, .tmp, .part, .swp) are "
                "passed over");
  cmd->add_option("inputs", options->inputs,
                  "Files or directories to index; - reads standard input (give --format)");
  cmd->callback([options] {
    const int code = run_index(*options);
    if (code != 0) throw ExitCode{code};
  });
}

}  // namespace bahth::cli
