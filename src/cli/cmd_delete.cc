// `bahth delete`: remove articles from an index by id.
//
// Through the same writer as `bahth index` (the store's lock, Xapian's atomic commits, the end
// passes), so a second writer is refused, a kill leaves the last commit, and Ctrl-C commits what
// is done. Ids come from the command line, then from --ids-from (one a line).
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/non_copyable.h"
#include "commands.h"
#include "damaged_records.h"
#include "options.h"
#include "render/inert.h"
#include "render/search_text.h"
#include "stop_signal.h"

namespace bahth::cli {
namespace {

struct DeleteOptions {
  std::string db_path;
  std::vector<std::string> ids;
  std::string ids_from;  // a file, or - for standard input
  bool quiet = false;
};

// Longer lines are no id (a binary file given by mistake?): reported and skipped, never held.
constexpr std::size_t kMaxIdBytes = std::size_t{64} * 1024;

// Ids removed and committed together: bounds what a run holds (like `index --batch`).
constexpr std::size_t kIdsPerCommit = 2000;

struct DeleteCounts {
  std::size_t deleted = 0;
  std::size_t missing = 0;
  std::size_t skipped = 0;  // lines of --ids-from that hold no id
};

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// The list of ids of --ids-from, read in chunks with read(2). A read that may wait (a pipe, FIFO
// or terminal) waits in poll() on the input and the stop signal's wake pipe at once, so Ctrl-C
// ends it whenever it comes: std::istream restarts a read the signal interrupts (libstdc++'s
// file buffers retry on EINTR), which kept `delete --ids-from FIFO` waiting on a silent writer.
class IdInput : NonCopyable {
 public:
  // Opens `path` (- is standard input) without waiting: a FIFO's writer is waited for by read().
  explicit IdInput(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
    if (path == "-") {
      fd_ = STDIN_FILENO;  // its flags stay as the shell set them: other processes share them
    } else {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd_ < 0) {
        throw Error(path + ": cannot open the list of ids (" + std::strerror(errno) + ")");
      }
      owned_ = true;
    }
    struct stat info {};
    if (::fstat(fd_, &info) == 0 && S_ISDIR(info.st_mode)) {
      close_owned();
      throw Error(path + ": cannot open the list of ids (a directory)");
    }
    // Regular files and block devices never make a read wait on another process; the rest may.
    may_wait_ = !(S_ISREG(info.st_mode) || S_ISBLK(info.st_mode));
  }
  ~IdInput() { close_owned(); }

  const std::string& name() const { return name_; }

  // Reads up to `size` bytes into `buffer`: their count, 0 at the end of the input, or nullopt
  // when a stop was requested first (while waiting, or before the read). A FIFO with no writer
  // yet waits for one, as `cat` would (poll() reports no hang-up before a writer came and left).
  std::optional<std::size_t> read(char* buffer, std::size_t size, int wake_fd) const {
    for (;;) {
      if (stop_requested()) return std::nullopt;
      if (may_wait_) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0 && errno != EINTR) fail();
        if (ready <= 0 || (fds[1].revents & POLLIN) != 0) continue;  // the flag tells
      }
      const ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      // EAGAIN: a FIFO (opened without blocking) whose writer has sent nothing yet, or a
      // standard input another process made non-blocking: poll() waits for it.
      if (errno != EINTR && errno != EAGAIN) fail();
    }
  }

 private:
  [[noreturn]] void fail() const {
    throw Error(name_ + ": cannot read the ids (" + std::strerror(errno) + ")");
  }
  void close_owned() {
    if (owned_) ::close(fd_);
    owned_ = false;
  }

  std::string name_;
  int fd_ = -1;
  bool owned_ = false;
  bool may_wait_ = false;
};

class Deleter {
 public:
  explicit Deleter(Indexer& indexer) : indexer_(indexer) {}

  // Queues an id; a full batch is deleted and committed. An id given twice counts once.
  void add(std::string id) {
    if (!seen_.insert(id).second) return;
    batch_.push_back(std::move(id));
    if (batch_.size() == kIdsPerCommit) flush();
  }

  void flush() {
    if (batch_.empty()) return;
    std::vector<bool> found;
    indexer_.remove(batch_, found);
    indexer_.commit();
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      if (found[i]) {
        ++counts.deleted;
        continue;
      }
      ++counts.missing;
      std::cerr << "bahth: " << render::inert_text("no article with id '" + batch_[i] + "'")
                << '\n';
    }
    batch_.clear();
  }

  DeleteCounts counts;

 private:
  Indexer& indexer_;
  std::vector<std::string> batch_;
  std::unordered_set<std::string> seen_;
};

// One line of --ids-from as it arrives: at most kMaxIdBytes of it kept, the rest only noted.
class IdLine {
 public:
  void append(std::string_view part) {
    const std::size_t room = kMaxIdBytes - std::min(kMaxIdBytes, text_.size());
    if (part.size() > room) too_long_ = true;
    text_.append(part.substr(0, room));
    started_ = true;
  }
  bool started() const { return started_; }

  // Hands the line to `deleter` (or reports why it holds no id), and starts the next one.
  void finish(const std::string& name, std::size_t number, Deleter& deleter) {
    const std::string_view id = trim(text_);
    if (too_long_) {
      skip(name, number, fmt::format("longer than {} bytes, not an id", kMaxIdBytes), deleter);
    } else if (id.find('\0') != std::string_view::npos) {
      skip(name, number, "holds a NUL byte, not an id", deleter);  // a binary file?
    } else if (!id.empty()) {
      deleter.add(std::string(id));
    }
    text_.clear();
    too_long_ = false;
    started_ = false;
  }

  // A line whose end had not come when a signal stopped the reading: part of an id, perhaps
  // another article's whole id ("a-1" of "a-12"), so never deleted; named when it holds text.
  void drop_unfinished(const std::string& name, std::size_t number, Deleter& deleter) {
    if (too_long_ || !trim(text_).empty()) {
      skip(name, number, "interrupted before the line ended; not deleted", deleter);
    }
  }

 private:
  static void skip(const std::string& name, std::size_t number, std::string_view why,
                   Deleter& deleter) {
    std::cerr << render::inert_text(fmt::format("{}:{}: {} (skipped)", name, number, why)) << '\n';
    ++deleter.counts.skipped;
  }

  std::string text_;
  bool too_long_ = false;
  bool started_ = false;  // any byte of it read, even none kept
};

// Feeds the ids of `input` to `deleter`, until the end or a signal. Every line read in full is
// given to it, those of the chunk a signal came after too (the writer of a pipe cannot tell
// which bytes bahth took): the caller commits them, as `index` commits what it has read.
void read_ids(const IdInput& input, int wake_fd, Deleter& deleter) {
  static constexpr std::size_t kChunkBytes = std::size_t{16} * 1024;
  std::string chunk(kChunkBytes, '\0');
  IdLine line;
  std::size_t number = 1;
  for (;;) {
    const std::optional<std::size_t> got = input.read(chunk.data(), chunk.size(), wake_fd);
    if (!got) {
      line.drop_unfinished(input.name(), number, deleter);
      return;
    }
    if (*got == 0) break;
    std::string_view rest(chunk.data(), *got);
    for (std::size_t end = rest.find('\n'); end != std::string_view::npos; end = rest.find('\n')) {
      line.append(rest.substr(0, end));
      line.finish(input.name(), number++, deleter);
      rest.remove_prefix(end + 1);
    }
    if (!rest.empty()) line.append(rest);
  }
  if (line.started()) line.finish(input.name(), number, deleter);  // no newline at the end
}

std::string summary_line(const DeleteCounts& counts, std::size_t damaged, std::size_t documents) {
  std::string line = fmt::format("{} deleted, {} not found", counts.deleted, counts.missing);
  if (counts.skipped > 0) line += fmt::format(", {} lines skipped", counts.skipped);
  line += damaged_summary(damaged);  // stored articles the end passes could not read
  return line + "; the index holds " + render::count_of(documents, "document", "documents");
}

int run_delete(const DeleteOptions& options) {
  if (options.ids.empty() && options.ids_from.empty()) {
    throw UsageError("give the ids to delete, or --ids-from FILE (- for standard input)");
  }
  // Opened before the index, so a wrong file name changes nothing.
  std::optional<IdInput> ids_input;
  if (!options.ids_from.empty()) ids_input.emplace(options.ids_from);

  IndexOptions index_options;
  index_options.db_path = options.db_path;
  index_options.threads = 1;  // nothing to analyse
  index_options.existing_only = true;
  Indexer indexer(index_options);
  WakePipe wake;
  StopOnSignal stop_on_signal(/*interrupt_reads=*/true);

  Deleter deleter(indexer);
  for (const std::string& id : options.ids) {
    if (stop_requested()) break;
    const std::string_view trimmed = trim(id);
    if (trimmed.empty()) throw UsageError("an empty id is no article's id");
    deleter.add(std::string(trimmed));
  }
  if (ids_input && !stop_requested()) read_ids(*ids_input, wake.read_end(), deleter);
  deleter.flush();
  indexer.finish([] { return stop_requested(); });
  for (const DamagedRecord& record : indexer.take_damaged_records()) {
    std::cerr << render::inert_text(damaged_record_line(record)) << '\n';
  }

  const DeleteCounts& counts = deleter.counts;
  const std::string summary =
      summary_line(counts, indexer.counts().damaged, indexer.document_count());
  if (const int signal = stop_signal(); signal != 0) {
    std::cerr << "bahth: interrupted; committed " << summary
              << ". Run the same command again to finish.\n";
    return 128 + signal;
  }
  if (!options.quiet) std::cout << summary << '\n';
  // Failure only when nothing given was there: a list run twice, or one naming articles already
  // taken down, has done its job; a list none of whose ids is there is a wrong --db or a wrong
  // kind of id.
  const bool every_id_missing = counts.deleted == 0 && counts.missing > 0;
  return every_id_missing ? 1 : 0;
}

}  // namespace

void setup_delete(CLI::App& app) {
  auto options = std::make_shared<DeleteOptions>();
  CLI::App* cmd = app.add_subcommand("delete", "Delete articles from the index by id");
  cmd->footer(
      "Each id not in the index is reported (\"no article with id 'X'\") and counted in the "
      "summary. The exit status is 1 only when no id given was found (a wrong --db, or ids of "
      "another kind): a list run twice, or naming some articles already deleted, exits 0.");
  add_db_option(*cmd, options->db_path);
  cmd->add_option("--ids-from", options->ids_from,
                  "Also delete the ids in this file, one a line (- reads standard input)");
  cmd->add_flag("-q,--quiet", options->quiet, "No summary line (ids not found are still reported)");
  cmd->add_option("ids", options->ids, "Ids of the articles to delete, as search names them");
  cmd->callback([options] {
    const int code = run_delete(*options);
    if (code != 0) throw ExitCode{code};
  });
}

}  // namespace bahth::cli
