// The writer of `bahth serve` (when writes are on): one thread that holds the index open for
// writing — and with it the store's lock — for the server's whole life. Write routes queue their
// changes to it (a bounded queue); it applies them in batches, commits each batch (Xapian's
// commit syncs it to disk), then tells the waiting requests. The end passes (spelling,
// near-duplicate groups, variants) are brought up to date with the changes once writes pause
// (or at least every 10 s), so a stream of writes does not wait for them after each commit.
#ifndef BAHTH_SERVE_ARTICLE_WRITER_H_
#define BAHTH_SERVE_ARTICLE_WRITER_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bahth/article.h"
#include "bahth/indexer.h"
#include "bahth/non_copyable.h"

namespace bahth::serve {

struct WriterOptions {
  std::string db_path;
  // A batch is committed once it holds this many changes (articles and deletions), or
  // `commit_interval` after its first change was queued, whichever comes first.
  std::size_t commit_every = 1000;
  std::chrono::milliseconds commit_interval{100};
  // Changes that may wait for the writer; beyond, a write is refused (503, Retry-After).
  std::size_t queue_limit = 10'000;
  // Tasks remembered for GET /api/tasks/ID; beyond, the oldest is forgotten.
  std::size_t task_limit = 10'000;
  unsigned threads = 1;  // analysis threads of a batch
};

/// One change: an article to add or replace, or an id to delete.
struct WriteChange {
  bool remove = false;
  Article article;  // when adding
  std::string id;   // when deleting
};

enum class ChangeOutcome { added, replaced, unchanged, deleted, not_found };

enum class TaskState { queued, committed, failed };

struct TaskReport {
  std::string id;
  TaskState state = TaskState::queued;
  std::vector<ChangeOutcome> outcomes;  // once committed: one per change, in order
  std::string error;                    // once failed
};

/// What the metrics show of the writer.
struct WriterStats {
  std::size_t queued = 0;  // changes waiting
  std::uint64_t added = 0, replaced = 0, unchanged = 0, deleted = 0, not_found = 0;
  std::uint64_t failed = 0;    // changes of batches that could not be committed
  std::uint64_t rejected = 0;  // changes refused: the queue was full, or the server stopping
  std::uint64_t commits = 0;
  // Stored articles the end passes could not read (damaged on disk), named on stderr and skipped.
  std::uint64_t damaged = 0;
  std::chrono::system_clock::time_point last_commit{};  // none yet: the epoch
};

class ArticleWriter : NonCopyable {
 public:
  using Done = std::function<void(const TaskReport&)>;

  /// Opens the index for writing (holding its lock, noted as bahth serve's) and starts the
  /// thread; `after_commit` is called on it after each commit (to show searches the commit).
  /// Throws IndexError when the index cannot be written (another writer holds it, or it is not
  /// a local index).
  ArticleWriter(WriterOptions options, std::function<void()> after_commit);
  ~ArticleWriter();

  /// Queues `changes` as one task (all or none). Returns its id, or nullopt when the queue has
  /// no room for them or the writer is stopping. `done` is called once, on the writer's
  /// thread, when the task's batch is committed (durable) or has failed.
  std::optional<std::string> submit(std::vector<WriteChange> changes, Done done);

  /// The task with this id; nullopt when unknown (never given, forgotten, or from another run
  /// of the server).
  std::optional<TaskReport> task(const std::string& id) const;

  /// Refuses new tasks, commits every task accepted, and joins the thread. Idempotent.
  void stop();

  WriterStats stats() const;

 private:
  struct Task {
    std::uint64_t number = 0;
    std::vector<WriteChange> changes;
    Done done;
    std::chrono::steady_clock::time_point queued;
  };

  void run();
  bool passes_due(std::unique_lock<std::mutex>& lock);
  void run_passes();
  void report_damaged_records();

  static constexpr std::chrono::milliseconds kPassesIdle{250};
  static constexpr std::chrono::seconds kPassesMaxDelay{10};
  std::vector<Task> take_batch(std::unique_lock<std::mutex>& lock);
  void apply(std::vector<Task>& batch, std::vector<TaskReport>& reports);
  void reopen();
  void remember(const TaskReport& report);
  std::string task_id(std::uint64_t number) const;

  WriterOptions options_;
  IndexOptions index_options_;
  std::function<void()> after_commit_;
  std::unique_ptr<Indexer> indexer_;  // the writer thread's only, once started
  std::string broken_;                // set when the index could not be reopened after a failure
  const std::string run_prefix_;      // tells this run's task ids from another's

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  std::size_t queued_changes_ = 0;
  bool stopping_ = false;
  std::uint64_t next_task_ = 1;
  std::unordered_map<std::uint64_t, TaskReport> tasks_;
  std::deque<std::uint64_t> task_order_;
  WriterStats stats_;
  // Changes committed that the end passes have not seen (writer thread only).
  bool passes_pending_ = false;
  std::chrono::steady_clock::time_point first_unpassed_;
  std::chrono::steady_clock::time_point last_write_;
  std::mutex join_mutex_;
  std::thread thread_;
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_ARTICLE_WRITER_H_
