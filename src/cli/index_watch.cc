// `bahth index --watch DIR...`: keeps an index in line with folders of dumps, as Omega's omindex
// does on each run, but as the files change.
//
// The index records each file it read from the folders (size and modification time, in its
// metadata) and tags each article with its file (schema.h's file term). At start the folders are
// compared with the records; then inotify reports the paths to look at again. A path is only a
// hint: whatever the events said, the file is looked at when its batch is processed, so a file
// written, deleted and written again between two batches is handled as what it is by then.
#include "index_watch.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bahth/error.h"
#include "bahth/folder_watcher.h"
#include "bahth/non_copyable.h"
#include "commands.h"
#include "damaged_records.h"
#include "render/inert.h"
#include "render/search_text.h"
#include "stop_signal.h"

namespace bahth::cli {
namespace {

using Clock = std::chrono::steady_clock;

// A batch is processed once its folders have been quiet this long (a program writing several
// files in a row gets one commit), or this long after its first event (a folder that never
// goes quiet still gets its changes in), or once this many files wait.
constexpr auto kQuietPeriod = std::chrono::milliseconds(200);
constexpr auto kLongestWait = std::chrono::milliseconds(1000);
constexpr std::size_t kMostFilesPerBatch = 1000;
// Articles handed to the indexer at once (analysed in parallel).
constexpr std::size_t kArticlesPerAdd = 512;

void print_line(const std::string& line) { std::cerr << render::inert_text(line) << '\n'; }

// Prints each problem as `path:line: reason` on stderr (a file's first kProblemsShownPerInput
// each time it is read) and counts the records skipped; notes whether the file as a whole could
// not be read (line 0), so that its articles are kept. index_file() resets both per file.
class WatchReporter final : public ProblemReporter {
 public:
  void report(const ReadProblem& p) override {
    if (shown < kProblemsShownPerInput) {
      print_line(read_problem_line(p));
    } else if (shown == kProblemsShownPerInput) {
      print_line(problems_not_shown_line(p.path));
    }
    ++shown;
    if (p.skipped) ++skipped;
    if (p.skipped && p.line == 0) file_unreadable = true;
  }
  std::size_t skipped = 0;
  std::size_t shown = 0;
  bool file_unreadable = false;
};

struct BatchCounts {
  std::size_t files_read = 0;
  std::size_t files_removed = 0;
  std::size_t files_skipped = 0;
};

class FolderSync {
 public:
  FolderSync(Indexer& indexer, const IndexOptions& index_options, ReaderOptions reader_options,
             FolderWatcher& watcher, bool quiet)
      : indexer_(indexer),
        commit_every_(std::max<std::size_t>(1, index_options.commit_every)),
        reader_options_(std::move(reader_options)),
        watcher_(watcher),
        quiet_(quiet) {
    for (SourceFile& file : indexer_.source_files()) {
      std::string path = file.path;
      recorded_.emplace(std::move(path), std::move(file));
    }
  }

  // Queues every file that differs from its record (or has none) and every recorded file under
  // the folders that is gone: at start, and after the kernel lost events.
  void queue_rescan() {
    std::vector<std::string> problems;
    const std::vector<FolderFile> files = watcher_.list_files(problems);
    for (const std::string& problem : problems) print_line(problem);
    std::set<std::string> present;
    for (const FolderFile& file : files) {
      present.insert(file.path);
      const auto record = recorded_.find(file.path);
      if (record == recorded_.end() || record->second.size != file.size ||
          record->second.mtime_ns != file.mtime_ns) {
        queued_.insert(file.path);
      }
    }
    for (const std::string& root : watcher_.roots()) {
      for (const std::string& path : recorded_under(root)) {
        if (!present.contains(path)) queued_.insert(path);
      }
    }
  }

  void queue(const std::string& path) { queued_.insert(path); }

  // A directory deleted or moved away: its files are looked at (and found gone).
  void queue_removed_dir(const std::string& dir) {
    for (const std::string& path : recorded_under(dir)) queued_.insert(path);
  }

  std::size_t queued() const { return queued_.size(); }

  // Looks at every queued path, commits, runs the end passes and prints one line. A write that
  // fails (a full disk) ends the watch: the error, then the batch's line counting the articles
  // read and not indexed (even with --quiet), then exit 1; the next start reads their files again.
  void process(const std::string& what) {
    const auto start = Clock::now();
    const IndexCounts before = indexer_.counts();
    const std::size_t skipped_before = reporter_.skipped;
    BatchCounts batch;
    since_commit_ = 0;
    try {
      while (!queued_.empty() && !stop_requested()) {
        const std::string path = std::move(queued_.extract(queued_.begin()).value());
        look_at(path, batch);
      }
      indexer_.finish([] { return stop_requested(); });
    } catch (const IndexError& e) {
      std::cerr << "bahth: " << render::inert_text(e.what()) << '\n';
      report_damaged_records();
      print_batch_line(what + " (stopped)", before, skipped_before, batch, start);
      throw ExitCode{1};
    }
    report_damaged_records();
    if (!quiet_) print_batch_line(what, before, skipped_before, batch, start);
  }

 private:
  void print_batch_line(const std::string& what, const IndexCounts& before,
                        std::size_t skipped_before, const BatchCounts& batch,
                        Clock::time_point start) const {
    const IndexCounts& after = indexer_.counts();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::cerr << fmt::format(
        "bahth: {}: {} read, {} removed: {} added, {} updated, {} unchanged, {} deleted, "
        "{} skipped{}{}; the index holds {} ({:.2f} s)\n",
        what, render::count_of(batch.files_read, "file", "files"), batch.files_removed,
        after.added - before.added, after.updated - before.updated,
        after.unchanged - before.unchanged, after.deleted - before.deleted,
        reporter_.skipped - skipped_before + batch.files_skipped,
        damaged_summary(after.damaged - before.damaged, after.repaired - before.repaired),
        not_indexed_summary(after.not_indexed - before.not_indexed),
        render::count_of(indexer_.document_count(), "document", "documents"), seconds);
  }

  // Names the damaged stored articles the batch's file look-ups and passes skipped.
  void report_damaged_records() {
    for (const DamagedRecord& record : indexer_.take_damaged_records()) {
      print_line(damaged_record_line(record));
    }
  }

  std::vector<std::string> recorded_under(const std::string& dir) const {
    const std::string under = dir + "/";
    std::vector<std::string> paths;
    for (auto it = recorded_.lower_bound(under);
         it != recorded_.end() && it->first.starts_with(under); ++it) {
      paths.push_back(it->first);
    }
    return paths;
  }

  void look_at(const std::string& path, BatchCounts& batch) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      const int error = errno;
      if (error == ENOENT || error == ENOTDIR) {
        remove_file(path, batch);
      } else {
        print_line(path + ": cannot read: " + std::strerror(error) + " (skipped)");
        ++batch.files_skipped;
      }
      return;
    }
    if (!S_ISREG(info.st_mode)) return;  // a directory: its files come as events of their own
    const SourceFile file{
        path, static_cast<std::uint64_t>(info.st_size),
        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
    const auto record = recorded_.find(path);
    if (record != recorded_.end() && record->second.size == file.size &&
        record->second.mtime_ns == file.mtime_ns) {
      return;  // as indexed (an event for a file opened for writing but not changed)
    }
    if (reader_options_.format == InputFormat::automatic && !is_dump_name(path)) {
      print_line(path +
                 ": not a dump bahth reads (its name ends in none of .jsonl .ndjson .json .txt "
                 ".csv .tsv .xml .rss .atom, optionally .gz; or give --format) (skipped)");
      ++batch.files_skipped;
      return;
    }
    index_file(file, batch);
  }

  void remove_file(const std::string& path, BatchCounts& batch) {
    const std::vector<std::string> ids = indexer_.ids_from_file(path);
    std::vector<bool> found;
    indexer_.remove(ids, found);
    const bool recorded = recorded_.erase(path) > 0;
    if (recorded) indexer_.forget_source_file(path);
    if (recorded || !ids.empty()) ++batch.files_removed;
  }

  // Reads the file's articles in, then deletes those of its earlier version that it no longer
  // holds. A file that cannot be opened keeps its articles (and is read again at its next
  // change); one read to its end is recorded as indexed. The file counts as read before its
  // articles go in, so a write that fails halfway still shows it in the batch's line.
  void index_file(const SourceFile& file, BatchCounts& batch) {
    const std::vector<std::string> before = indexer_.ids_from_file(file.path);
    reporter_.file_unreadable = false;
    reporter_.shown = 0;
    ArticleStream stream({file.path}, reader_options_, reporter_);
    ++batch.files_read;
    std::unordered_set<std::string> seen;
    std::vector<Article> articles;
    Article article;
    while (stream.next(article)) {
      seen.insert(article.id);
      articles.push_back(std::move(article));
      if (articles.size() == kArticlesPerAdd) add(articles);
    }
    add(articles);
    if (stream.interrupted() || reporter_.file_unreadable) return;
    std::vector<std::string> gone;
    for (const std::string& id : before) {
      if (!seen.contains(id)) gone.push_back(id);
    }
    std::vector<bool> found;
    indexer_.remove(gone, found);
    indexer_.record_source_file(file);
    recorded_[file.path] = file;
  }

  void add(std::vector<Article>& articles) {
    if (articles.empty()) return;
    indexer_.add(articles);
    since_commit_ += articles.size();
    articles.clear();
    if (since_commit_ >= commit_every_) {  // a large file or first sync: memory stays bounded
      indexer_.commit();
      since_commit_ = 0;
    }
  }

  Indexer& indexer_;
  const std::size_t commit_every_;
  const ReaderOptions reader_options_;
  FolderWatcher& watcher_;
  const bool quiet_;
  WatchReporter reporter_;
  std::map<std::string, SourceFile> recorded_;  // by path: sorted, so a folder's are a range
  std::set<std::string> queued_;                // paths to look at in the next batch
  std::size_t since_commit_ = 0;
};

void apply(const FolderChanges& changes, FolderSync& sync) {
  for (const std::string& problem : changes.problems) print_line(problem);
  if (changes.overflow) {
    std::cerr << "bahth: watch: the kernel's event queue overflowed (events were lost); "
                 "rescanning the folders\n";
    sync.queue_rescan();
  }
  for (const std::string& path : changes.written) sync.queue(path);
  for (const std::string& path : changes.removed) sync.queue(path);
  for (const std::string& dir : changes.removed_dirs) sync.queue_removed_dir(dir);
}

// The index's own files, when it lies in a watched folder: its directory and the files the store
// keeps beside it (PATH.bahth-lock, -journal, -parts, ...: store/names.h). Watched, each
// commit would be an event, and reported as a file of unknown type.
FolderWatcher::Excluded index_files(const std::string& db_path) {
  std::string db = std::filesystem::absolute(db_path).lexically_normal().string();
  while (db.size() > 1 && db.back() == '/') db.pop_back();
  return [db](const std::string& path) {
    return path == db || path.starts_with(db + "/") || path.starts_with(db + ".bahth-");
  };
}

}  // namespace

int run_index_watch(const IndexOptions& index_options, const ReaderOptions& reader_options,
                    const std::vector<std::string>& dirs, bool quiet) {
  for (const std::string& dir : dirs) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
      throw UsageError("--watch " + dir + ": not a directory (--watch takes folders to watch)");
    }
  }
  // The index first: a second writer is refused before anything is watched or read.
  Indexer indexer(index_options);
  WakePipe wake;
  StopOnSignal stop_on_signal(/*interrupt_reads=*/true);
  // Watches set before the folders are listed: a file written in between is seen twice at
  // worst, never missed.
  FolderWatcher watcher(dirs, index_files(index_options.db_path));
  FolderSync sync(indexer, index_options, reader_options, watcher, quiet);
  sync.queue_rescan();
  sync.process("in line with the folders");
  if (!quiet && !stop_requested()) {
    std::cerr << "bahth: watching " << render::count_of(dirs.size(), "folder", "folders")
              << "; Ctrl-C stops\n";
  }

  Clock::time_point first_event{};
  Clock::time_point last_event{};
  while (!stop_requested()) {
    int timeout_ms = -1;  // nothing queued: sleep until an event or a signal
    if (sync.queued() > 0) {
      const auto due = std::min(last_event + kQuietPeriod, first_event + kLongestWait);
      timeout_ms = static_cast<int>(std::max<long long>(
          0, std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now()).count()));
    }
    pollfd fds[2] = {{watcher.fd(), POLLIN, 0}, {wake.read_end(), POLLIN, 0}};
    if (::poll(fds, 2, timeout_ms) < 0 && errno != EINTR) {
      throw Error(std::string("watch: poll: ") + std::strerror(errno));
    }
    if (stop_requested()) break;
    if ((fds[0].revents & POLLIN) != 0) {
      const bool was_idle = sync.queued() == 0;
      apply(watcher.read_events(), sync);
      last_event = Clock::now();
      if (was_idle) first_event = last_event;
    }
    const auto now = Clock::now();
    if (sync.queued() > 0 &&
        (now >= last_event + kQuietPeriod || now >= first_event + kLongestWait ||
         sync.queued() >= kMostFilesPerBatch)) {
      sync.process("watch");
    }
  }
  // A batch cut short by the signal was committed by its finish(); what was still queued is
  // found by the next start's comparison with the folders.
  std::cerr << "bahth: stopped watching; the index holds "
            << render::count_of(indexer.document_count(), "document", "documents")
            << ", all committed\n";
  return 128 + stop_signal();
}

}  // namespace bahth::cli
