// `bahth delete`: remove articles from an index by id.
//
// Through the same writer as `bahth index` (the store's lock, Xapian's atomic commits, the end
// passes), so a second writer is refused, a kill leaves the last commit, and Ctrl-C commits what
// is done. Ids come from the command line, then from --ids-from (one a line).
#include <fmt/format.h>

#include <cstddef>
#include <fstream>
#include <iostream>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
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

// Reads one line of at most kMaxIdBytes into `line`; false at the end of the input. `too_long`
// says the line was longer (its rest is read and dropped).
bool read_id_line(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  char c = 0;
  bool any = false;
  while (in.get(c)) {
    any = true;
    if (c == '\n') return true;
    if (line.size() < kMaxIdBytes) {
      line.push_back(c);
    } else {
      too_long = true;
    }
  }
  return any;
}

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

// Feeds the ids of `in` (named `name` in messages) to `deleter`, until the end or a signal.
void read_ids(std::istream& in, const std::string& name, Deleter& deleter) {
  std::string line;
  bool too_long = false;
  for (std::size_t number = 1; !stop_requested() && read_id_line(in, line, too_long); ++number) {
    if (too_long) {
      std::cerr << render::inert_text(
                       fmt::format("{}:{}: longer than {} bytes, not an id (skipped)", name, number,
                                   kMaxIdBytes))
                << '\n';
      ++deleter.counts.skipped;
      continue;
    }
    const std::string_view id = trim(line);
    if (!id.empty()) deleter.add(std::string(id));
  }
  if (in.bad() && !stop_requested()) throw Error(name + ": cannot read the ids");
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
  std::ifstream file;
  if (!options.ids_from.empty() && options.ids_from != "-") {
    file.open(options.ids_from, std::ios::binary);
    if (!file) throw Error(options.ids_from + ": cannot open the list of ids");
  }

  IndexOptions index_options;
  index_options.db_path = options.db_path;
  index_options.threads = 1;  // nothing to analyse
  index_options.existing_only = true;
  Indexer indexer(index_options);
  StopOnSignal stop_on_signal(/*interrupt_reads=*/true);

  Deleter deleter(indexer);
  for (const std::string& id : options.ids) {
    if (stop_requested()) break;
    const std::string_view trimmed = trim(id);
    if (trimmed.empty()) throw UsageError("an empty id is no article's id");
    deleter.add(std::string(trimmed));
  }
  if (!options.ids_from.empty()) {
    if (options.ids_from == "-") {
      read_ids(std::cin, "<stdin>", deleter);
    } else {
      read_ids(file, options.ids_from, deleter);
    }
  }
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
