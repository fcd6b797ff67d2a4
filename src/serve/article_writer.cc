#include "article_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <utility>

#include "bahth/error.h"
#include "bahth/work_priority.h"
#include "render/inert.h"

namespace bahth::serve {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds since the epoch when the server started: a task id from an earlier run (the
// server restarted) is told apart from one of this run.
std::string run_prefix() {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

ChangeOutcome outcome_of(IndexOutcome outcome) {
  switch (outcome) {
    case IndexOutcome::added:
      return ChangeOutcome::added;
    case IndexOutcome::updated:
      return ChangeOutcome::replaced;
    case IndexOutcome::unchanged:
      break;
  }
  return ChangeOutcome::unchanged;
}

}  // namespace

ArticleWriter::ArticleWriter(WriterOptions options, std::function<void()> after_commit)
    : options_(std::move(options)),
      after_commit_(std::move(after_commit)),
      run_prefix_(run_prefix()) {
  options_.commit_every = std::max<std::size_t>(1, options_.commit_every);
  options_.task_limit = std::max<std::size_t>(1, options_.task_limit);
  index_options_.db_path = options_.db_path;
  index_options_.threads = std::max(1U, options_.threads);
  index_options_.existing_only = true;
  // The name the store recognizes in a refused writer's message (store::kServeWriterName).
  index_options_.writer_name = "bahth serve";
  indexer_ = std::make_unique<Indexer>(index_options_);
  // Passes left undone by a run that was killed (or stopped) are done now, before the first
  // write is taken: a restarted server's index is whole before it changes again.
  indexer_->finish();
  report_damaged_records();
  thread_ = std::thread([this] { run(); });
}

ArticleWriter::~ArticleWriter() {
  stop();
  indexer_.reset();
}

std::string ArticleWriter::task_id(std::uint64_t number) const {
  return run_prefix_ + "-" + std::to_string(number);
}

std::optional<std::string> ArticleWriter::submit(std::vector<WriteChange> changes, Done done) {
  const std::lock_guard lock(mutex_);
  if (stopping_ || queued_changes_ + changes.size() > options_.queue_limit) {
    stats_.rejected += changes.size();
    return std::nullopt;
  }
  Task task;
  task.number = next_task_++;
  task.queued = Clock::now();
  task.done = std::move(done);
  queued_changes_ += changes.size();
  stats_.queued = queued_changes_;
  task.changes = std::move(changes);
  TaskReport report;
  report.id = task_id(task.number);
  remember(report);
  queue_.push_back(std::move(task));
  wake_.notify_one();
  return report.id;
}

// REQUIRES: mutex_ held.
void ArticleWriter::remember(const TaskReport& report) {
  const std::uint64_t number = std::stoull(report.id.substr(run_prefix_.size() + 1));
  const auto [it, added] = tasks_.insert_or_assign(number, report);
  (void)it;
  if (!added) return;
  task_order_.push_back(number);
  while (task_order_.size() > options_.task_limit) {
    tasks_.erase(task_order_.front());
    task_order_.pop_front();
  }
}

std::optional<TaskReport> ArticleWriter::task(const std::string& id) const {
  if (id.size() <= run_prefix_.size() + 1 || id.compare(0, run_prefix_.size(), run_prefix_) != 0 ||
      id[run_prefix_.size()] != '-') {
    return std::nullopt;
  }
  const std::string number = id.substr(run_prefix_.size() + 1);
  if (number.empty() || number.size() > 19 ||
      number.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const std::lock_guard lock(mutex_);
  const auto it = tasks_.find(std::stoull(number));
  if (it == tasks_.end()) return std::nullopt;
  return it->second;
}

void ArticleWriter::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  // Called from the signal's thread and from the one that served: one joins, the other waits.
  const std::lock_guard join_lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

WriterStats ArticleWriter::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

// Waits for a batch: the first task, then more until commit_every changes are queued or
// commit_interval has passed since the first was queued (at once when stopping). Returns an
// empty batch when stopping with nothing left. REQUIRES: `lock` holds mutex_.
std::vector<ArticleWriter::Task> ArticleWriter::take_batch(std::unique_lock<std::mutex>& lock) {
  wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
  std::vector<Task> batch;
  if (queue_.empty()) return batch;
  wake_.wait_until(lock, queue_.front().queued + options_.commit_interval,
                   [this] { return queued_changes_ >= options_.commit_every || stopping_; });
  std::size_t changes = 0;
  while (!queue_.empty() &&
         (batch.empty() || changes + queue_.front().changes.size() <= options_.commit_every)) {
    changes += queue_.front().changes.size();
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  queued_changes_ -= changes;
  stats_.queued = queued_changes_;
  return batch;
}

void ArticleWriter::run() {
  // Searches come first for the CPU; the writer's analysis threads, started from here, inherit
  // this (bahth/work_priority.h).
  lower_this_thread(WorkPriority::write);
  std::unique_lock lock(mutex_);
  for (;;) {
    if (passes_pending_ && passes_due(lock)) {
      lock.unlock();
      run_passes();
      lock.lock();
      continue;
    }
    std::vector<Task> batch = take_batch(lock);
    if (batch.empty() && !stopping_) continue;
    if (batch.empty()) {  // stopping, every write committed
      lock.unlock();
      if (passes_pending_) run_passes();
      return;
    }
    lock.unlock();
    std::vector<TaskReport> reports;
    apply(batch, reports);
    lock.lock();
    for (const TaskReport& report : reports) {
      remember(report);
      if (report.state == TaskState::failed) {
        stats_.failed += report.outcomes.empty() ? 0 : report.outcomes.size();
        continue;
      }
      for (const ChangeOutcome outcome : report.outcomes) {
        ++(outcome == ChangeOutcome::added       ? stats_.added
           : outcome == ChangeOutcome::replaced  ? stats_.replaced
           : outcome == ChangeOutcome::deleted   ? stats_.deleted
           : outcome == ChangeOutcome::unchanged ? stats_.unchanged
                                                 : stats_.not_found);
      }
    }
    const bool committed = !reports.empty() && reports.front().state == TaskState::committed;
    if (committed) {
      ++stats_.commits;
      stats_.last_commit = std::chrono::system_clock::now();
      if (!passes_pending_) first_unpassed_ = Clock::now();
      passes_pending_ = true;
      last_write_ = Clock::now();
    }
    lock.unlock();
    // Searches first, then the writers waiting: an answered write is searchable at once.
    if (committed && after_commit_) after_commit_();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].done) batch[i].done(reports[i]);
    }
    lock.lock();
  }
}

// The end passes (spelling, near-duplicate groups, variants) read much of the index, and the
// writer can take no write while they run: they wait until no write has come for kPassesIdle,
// or run once the oldest change they have not seen is kPassesMaxDelay old, or at the stop.
// Waits for that or for a write; true when the passes are due. REQUIRES: `lock` holds mutex_.
bool ArticleWriter::passes_due(std::unique_lock<std::mutex>& lock) {
  const Clock::time_point due =
      std::min(last_write_ + kPassesIdle, first_unpassed_ + kPassesMaxDelay);
  wake_.wait_until(lock, due, [this] { return !queue_.empty() || stopping_; });
  return queue_.empty() || Clock::now() >= first_unpassed_ + kPassesMaxDelay;
}

// Brings the end passes up to date with the changes committed since the last time (derived
// data: a kill before their commit leaves them marked pending in the index, and the next start
// redoes them from the whole index).
void ArticleWriter::run_passes() {
  passes_pending_ = false;
  try {
    if (!indexer_) return;
    indexer_->finish();
    report_damaged_records();
    if (after_commit_) after_commit_();
  } catch (const std::exception& e) {
    std::cerr << "bahth serve: " << e.what() << " (the end passes are left pending)\n";
    reopen();
  }
}

// Names the damaged stored articles the passes skipped (each once while the index stays open),
// as `bahth index` does, and counts them for the metrics.
void ArticleWriter::report_damaged_records() {
  const std::vector<DamagedRecord> damaged = indexer_->take_damaged_records();
  for (const DamagedRecord& record : damaged) {
    std::cerr << "bahth serve: " << render::inert_text(record.message()) << " (skipped)\n";
  }
  const std::lock_guard lock(mutex_);
  stats_.damaged += damaged.size();
}

// Applies a batch's changes in order (runs of articles analysed together) and commits them.
// On failure nothing of the batch is kept: the index is reopened, which drops what was not
// committed, and every task of the batch fails.
void ArticleWriter::apply(std::vector<Task>& batch, std::vector<TaskReport>& reports) {
  reports.resize(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) reports[i].id = task_id(batch[i].number);
  try {
    if (!indexer_) throw IndexError(options_.db_path, broken_);
    for (std::size_t t = 0; t < batch.size(); ++t) {
      std::vector<WriteChange>& changes = batch[t].changes;
      std::vector<ChangeOutcome>& outcomes = reports[t].outcomes;
      outcomes.clear();
      for (std::size_t i = 0; i < changes.size();) {
        if (changes[i].remove) {
          std::vector<bool> found;
          indexer_->remove({changes[i].id}, found);
          outcomes.push_back(found.front() ? ChangeOutcome::deleted : ChangeOutcome::not_found);
          ++i;
          continue;
        }
        std::vector<Article> articles;
        for (; i < changes.size() && !changes[i].remove; ++i) {
          articles.push_back(std::move(changes[i].article));
        }
        std::vector<IndexOutcome> added;
        indexer_->add(articles, &added);
        for (const IndexOutcome outcome : added) outcomes.push_back(outcome_of(outcome));
      }
    }
    indexer_->commit();
    for (TaskReport& report : reports) report.state = TaskState::committed;
  } catch (const std::exception& e) {
    for (std::size_t t = 0; t < batch.size(); ++t) {
      reports[t].state = TaskState::failed;
      reports[t].error = e.what();
      reports[t].outcomes.assign(batch[t].changes.size(), ChangeOutcome::not_found);
    }
    std::cerr << "bahth serve: a batch of writes failed: " << e.what() << '\n';
    reopen();
  }
}

void ArticleWriter::reopen() {
  indexer_.reset();  // drops what was not committed
  try {
    indexer_ = std::make_unique<Indexer>(index_options_);
    broken_.clear();
  } catch (const std::exception& e) {
    broken_ = fmt::format("the server could not reopen the index for writing: {}", e.what());
    std::cerr << "bahth serve: " << broken_ << '\n';
  }
}

}  // namespace bahth::serve
